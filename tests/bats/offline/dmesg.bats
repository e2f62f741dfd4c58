#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `dmesg` over the fake hypervisor: Xen's console ring printed as Xen wrote
# it (the lines this file put there), --json with each line's domain (and
# valid JSON whatever the bytes),
# --clear (what was printed, not what came after), --follow woken by
# VIRQ_CON_RING with no read in between (the trace), by the clock where
# another program holds it (said once), and the failure classes. console
# attach --all runs the same follower: its event-driven run is here too.
bats_require_minimum_version 1.7.0
load common

setup() {
	fake_state
	cat >> "$XM_FAKE_STATE" <<-'EOS'
	conline (XEN) Xen version 4.17.5
	conline (XEN) [    0.200000] DOM1: DOMU-BANNER d1
	conline (d2) from the console hypercall
	EOS
	RING=$'(XEN) Xen version 4.17.5\n(XEN) [    0.200000] DOM1: DOMU-BANNER d1\n(d2) from the console hypercall'
}

# reads: the readconsole calls in a --trace output ($stderr).
reads() {
	grep -c 'trace: sysctl readconsole ' <<< "$stderr" || true
}

@test "dmesg: the ring as Xen wrote it, nothing on stderr, nothing cleared" {
	run -0 --separate-stderr "$XENMIN_FAKE" dmesg
	[ "$output" = "$RING" ]
	[ -z "$stderr" ]
	run -0 --separate-stderr "$XENMIN_FAKE" --trace dmesg
	[ "$(grep -v trace: <<< "$stderr")" = "" ]
	[[ "$stderr" != *bind_virq* && "$stderr" != *clear* ]]
	run -0 "$XENMIN_FAKE" dmesg
	[ "$output" = "$RING" ]
}

@test "dmesg: usage errors are 64" {
	run -64 --separate-stderr "$XENMIN_FAKE" dmesg --timeout 1
	[ "${stderr_lines[0]}" = "xenmin: dmesg: --timeout needs --follow" ]
	run -64 --separate-stderr "$XENMIN_FAKE" dmesg now
	[ "${stderr_lines[0]}" = "xenmin: dmesg: unexpected operand now" ]
	run -64 "$XENMIN_FAKE" dmesg --follow --timeout 0
}

@test "dmesg --json: an object per line with the domain that wrote it" {
	run -0 --separate-stderr "$XENMIN_FAKE" dmesg --json
	[ "$output" = '{"line":"(XEN) Xen version 4.17.5","domid":null}
{"line":"(XEN) [    0.200000] DOM1: DOMU-BANNER d1","domid":1}
{"line":"(d2) from the console hypercall","domid":2}' ]
}

@test "dmesg --json: any bytes give valid JSON: controls escaped, bad UTF-8 as U+FFFD" {
	printf 'conline (XEN) caf\xc3\xa9 \xff\xc3 \xed\xa0\x80 \x1b[31mred\x1b[0m \x01\x7f\x9b ok \xe2\x82\n' >> "$XM_FAKE_STATE"
	run -0 --separate-stderr "$XENMIN_FAKE" dmesg --json
	# Every line parses strictly (valid UTF-8, no raw control byte); the last one's text
	# is what Python's decode(errors="replace") makes of the same bytes.
	python3 -c '
import json, sys
ls = sys.stdin.buffer.read().rstrip(b"\n").split(b"\n")
for l in ls:
    json.loads(l.decode("utf-8"))
want = b"(XEN) caf\xc3\xa9 \xff\xc3 \xed\xa0\x80 \x1b[31mred\x1b[0m \x01\x7f\x9b ok \xe2\x82"
assert json.loads(ls[-1])["line"] == want.decode("utf-8", "replace"), ls[-1]
' <<< "$output"
	[[ "$output" == *'\u001b[31mred\u001b[0m \u0001\u007f\ufffd ok \ufffd"'* ]]
}

@test "dmesg --clear: prints, then clears what it printed" {
	run -0 --separate-stderr "$XENMIN_FAKE" --trace dmesg --clear
	[ "$output" = "$RING" ]
	[ "$(grep -c 'trace: sysctl readconsole(clear)' <<< "$stderr")" -eq 1 ]
	run -0 --separate-stderr "$XENMIN_FAKE" dmesg
	[ -z "$output" ]
	# What Xen writes afterwards is there for the next reader.
	echo "conline (XEN) after the clear" >> "$XM_FAKE_STATE"
	run -0 "$XENMIN_FAKE" dmesg
	[ "$output" = "(XEN) after the clear" ]
}

@test "dmesg --clear: what Xen wrote while it printed is not cleared" {
	# The fake writes a conlater line before each readconsole: the one
	# before the clear call comes after everything printed.
	echo "conlater (XEN) written during the read" >> "$XM_FAKE_STATE"
	echo "conlater (XEN) written before the clear" >> "$XM_FAKE_STATE"
	local l1="(XEN) written during the read"
	run -0 --separate-stderr "$XENMIN_FAKE" dmesg --clear
	[ "$output" = "$RING"$'\n'"$l1" ]
	# Cleared: up to the end of what was printed, not the line after it.
	[ "$(awk '/^xen / { for (i = 1; i < NF; i++) if ($i == "con_cleared") print $(i + 1) }' "$XM_FAKE_STATE")" = \
	  $((${#RING} + 1 + ${#l1} + 1)) ]
}

@test "dmesg --follow: woken by VIRQ_CON_RING, no read without an event" {
	echo "conlater (XEN) DOM1: DOMU-ALIVE d1 1" >> "$XM_FAKE_STATE"
	echo "conlater (XEN) DOM1: DOMU-ALIVE d1 2" >> "$XM_FAKE_STATE"
	run -0 --separate-stderr "$XENMIN_FAKE" --trace dmesg --follow --timeout 2
	[ "$output" = "$RING"$'\n(XEN) DOM1: DOMU-ALIVE d1 1\n(XEN) DOM1: DOMU-ALIVE d1 2' ]
	[ "$(grep -v trace: <<< "$stderr")" = "" ]
	# One read at the start, one per event; 2 s of quiet read nothing.
	[ "$(grep -o 'bind_virq(CON_RING)\|readconsole\|event(CON_RING)' <<< "$stderr" | tr '\n' ' ')" = \
	  "bind_virq(CON_RING) readconsole event(CON_RING) readconsole " ]
}

@test "dmesg --follow: by the clock when another program holds VIRQ_CON_RING" {
	fake_set xen con_ring_held yes
	echo "conlater (XEN) later" >> "$XM_FAKE_STATE"
	run -0 --separate-stderr "$XENMIN_FAKE" --trace dmesg --follow --timeout 1
	[ "$output" = "$RING"$'\n(XEN) later' ]
	[ "$(grep -v trace: <<< "$stderr")" = "xenmin: dmesg: reading Xen's console ring every 200 ms: cannot bind VIRQ_CON_RING: another program of this domain has it bound (xenstored binds VIRQ_DOM_EXC; xenconsoled --log=hv, VIRQ_CON_RING)" ]
	[ "$(reads)" -ge 3 ]
	run -0 --separate-stderr "$XENMIN_FAKE" dmesg --follow --poll --timeout 1
	[ -z "$stderr" ]
}

@test "dmesg: Xen's refusals in words, with their exit codes" {
	fake_set xen sysctl_absent yes
	run -76 --separate-stderr "$XENMIN_FAKE" dmesg
	[ "$stderr" = "xenmin: dmesg: reading Xen's console ring: Xen was built without sysctl (CONFIG_SYSCTL=n): this operation is not available" ]
	fake_set xen sysctl_absent no
	fake_set fail sysctl readconsole errno EPERM nth 2
	run -77 --separate-stderr "$XENMIN_FAKE" dmesg --clear
	[ "$output" = "$RING" ]
	# No .config in the fake's hypfs; its ring starts with the boot banner and shows no XSM
	# framework: the dummy policy, which lets only the control domain clear the ring.
	[ "$stderr" = "xenmin: dmesg: clearing Xen's console ring: denied by Xen's XSM policy, the dummy one: only the control domain may do this, and this domain is not it" ]
}

@test "console attach --all: the same follower, event-driven" {
	echo "conlater (XEN) DOM2: DOMU-ALIVE d2 1" >> "$XM_FAKE_STATE"
	run -0 --separate-stderr "$XENMIN_FAKE" --trace console attach --all --timeout 2
	[ "$output" = "$RING"$'\n(XEN) DOM2: DOMU-ALIVE d2 1' ]
	[ "$(reads)" -eq 2 ]
	# Following one domain also takes VIRQ_DOM_EXC: its end is an event.
	fake_set step event gone 1
	# Its end ends the session with 7, as in ring mode (console_hostile.bats).
	run -7 --separate-stderr "$XENMIN_FAKE" --trace console attach --follow --timeout 5 1
	[ "$output" = "DOMU-BANNER d1" ]
	[[ "$stderr" == *"xenmin: console attach: domain 1: the domain is gone"* ]]
	[[ "$stderr" == *"trace: evtchn event(DOM_EXC)"* ]]
}
