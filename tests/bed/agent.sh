#!/bin/sh
# SPDX-License-Identifier: MIT
# xm-agent: the in-guest end of the bed's command channel (busybox sh, runs in dom0 as root,
# started by dom0's init with the channel device as $1: /dev/hvc1, a virtio console, on the
# x86 and arm64 beds; /dev/ttyS1 with XM_X86_CHANNEL=com2). The host
# end is tests/bed/guest. Shared by every bed, so it assumes nothing but busybox.
#
# Protocol (one command at a time, line based, ASCII only on the wire):
#   host -> guest   XMREQ <id> <timeout-s> <base64 of a shell command>\n
#                   <id> is [A-Za-z0-9]+, chosen by the host; the command runs as
#                   "sh CMDFILE" in /, stdin /dev/null, killed after <timeout-s> seconds.
#   guest -> host   XMBEGIN <id>\n
#                   base64 of stdout, in lines (possibly none)
#                   XMSEP <id>\n
#                   base64 of stderr, in lines (possibly none)
#                   XMEND <id> <exit-status>\n
# Markers contain a space and base64 never does, so markers cannot be forged by output;
# base64 makes the payloads binary-safe over a tty. Lines that are not XMREQ (line noise,
# a half line sent before the agent opened the port) are ignored, and the host ignores
# frames whose <id> is not its own, so a late answer to a timed-out command is harmless.
# A killed command reports 137 (SIGKILL from timeout). The host learns the agent is up
# by sending a command and getting an answer (guest --ping).
# One request at a time: the agent reads a request line with head, whose buffered reads
# may swallow whatever follows the line, so the host sends the next request only after
# the answer (or after giving up: a swallowed request is then one nobody waits for).
# ash's "read" makes one system call per byte, 3 s for one 43 KB line of guest --put in a
# TCG dom0; head takes 0.02 s, and the fields are split by parameter expansion (0.06 s;
# every extra process would cost ~35 ms per request).
set -u
dev=${1:?usage: xm-agent DEVICE}
w=/tmp/xm-agent
mkdir -p "$w"
# Raw mode: no echo, no CR/LF translation, no flow-control characters eaten.
stty -F "$dev" raw -echo -echoe -echok -ixon -ixoff -icrnl -opost 2>/dev/null ||
	echo "xm-agent: stty on $dev failed" >&2
exec 3<"$dev" 4>"$dev"
cd /
cr=$(printf '\r')
while :; do
	# The trailing x tells an empty line ("\nx") from the end of the channel ("x").
	line=$(head -n 1 <&3; echo x)
	[ "$line" = x ] && break
	line=${line%?x}
	line=${line%"$cr"}
	tag=${line%% *}; rest=${line#"$tag" }
	id=${rest%% *}; rest=${rest#"$id" }
	tmo=${rest%% *}; b64=${rest#"$tmo" }
	[ "$tag" = XMREQ ] || continue
	b64=${b64%% *}
	case $id in *[!A-Za-z0-9]*|'') continue ;; esac
	case $tmo in *[!0-9]*|'') tmo=60 ;; esac
	# A here-document, not a pipe from printf: one process fewer per request.
	if base64 -d > "$w/cmd" 2>/dev/null <<XMB64
$b64
XMB64
	then
		# The command must not see the channel's descriptors. The agent runs in /.
		timeout -s KILL "$tmo" sh "$w/cmd" </dev/null >"$w/out" 2>"$w/err" 3<&- 4>&-
		rc=$?
	else
		: > "$w/out"; echo "xm-agent: bad base64 in request" > "$w/err"; rc=125
	fi
	{
		# Most commands print nothing on one of the two: no base64 process for it.
		echo "XMBEGIN $id"
		[ -s "$w/out" ] && base64 < "$w/out"
		echo "XMSEP $id"
		[ -s "$w/err" ] && base64 < "$w/err"
		echo "XMEND $id $rc"
	} >&4
done
echo "xm-agent: $dev closed" >&2
