#!/bin/bash
# SPDX-License-Identifier: MIT
# The followers, event-driven against polling (issue 17 item 4): for
# dmesg --follow, console attach's follow mode (--all, and one domain) and
# domain watch, in their default mode (VIRQ_CON_RING / VIRQ_DOM_EXC where
# dom0 can bind them) and with --poll: the hypercalls per idle second, and
# the latency from Xen writing something to xenmin showing it. Prints a
# markdown section on stdout (bench/run.sh puts it into bench/RESULTS.md).
#
# Idle: each follower runs with --trace for IDLE_SHORT and IDLE_LONG
# seconds with nothing happening; the difference of the two counts over the
# difference of the times is its rate, with start-up taken out. Counted
# twice: xenmin's --trace lines (without the evtchn lines, which are the
# kernel's event channel driver, not privcmd) and, independently, dom0's
# kernel (the ioctls IOCTL_PRIVCMD_HYPERCALL of the process, from the
# syscall tracepoint), where dom0's kernel has tracefs.
# Latency: bench/xm-follow.c in dom0 makes Xen print (a debug key) or
# suspends a domain (raising VIRQ_DOM_EXC), and times to the follower's
# first byte about it; median and max of TRIALS.
#
#   bench/follow.sh BED          boot BED, measure, power it off
#   FOLLOW_UP=1 bench/follow.sh BED   BED is up already (bench/run.sh), with
#                                xenmin and /tmp/xm-follow in its dom0
set -eu
cd "$(dirname "$0")/.."
bed=${1:?usage: bench/follow.sh BED}
trials=${TRIALS:-10}
short=${IDLE_SHORT:-2}
long=${IDLE_LONG:-12}
case $bed in arm64-*) arch=aarch64 ;; *) arch=x86_64 ;; esac
g() { tests/bed/bed.sh exec "$bed" -- "$@"; }
ms() { awk -v u="$1" 'BEGIN { printf "%.1f", u / 1000 }'; }

if [ "${FOLLOW_UP:-0}" != 1 ]; then
	work=$(mktemp -d)
	trap 'rm -rf "$work"; tests/bed/bed.sh down "$bed" >/dev/null 2>&1 || true' EXIT
	case $arch in
	x86_64) musl-gcc -static -Os -s -Iinclude -o "$work/xm-follow" bench/xm-follow.c ;;
	*) aarch64-linux-gnu-gcc -specs="${XENMIN_CACHE:-$HOME/.cache/xenmin}/musl-aarch64/musl-gcc.specs" \
		-static -Os -s -Iinclude -o "$work/xm-follow" bench/xm-follow.c ;;
	esac
	export XM_TIMEOUT=${XM_TIMEOUT:-600}
	icount=${BENCH_ICOUNT:-shift=3,sleep=on}
	[ "$icount" = off ] || export XM_QEMU_EXTRA="-icount $icount"
	XENMIN_BIN=${XENMIN_BIN:-$PWD/build/musl-$arch/xenmin} tests/bed/bed.sh up "$bed" >&2
	g --put "$work/xm-follow" /tmp/xm-follow
fi
# The bed was booted with XM_QEMU_EXTRA (here or by bench/run.sh).
if [ -n "${XM_QEMU_EXTRA:-}" ]; then
	clock="virtual under QEMU's \`${XM_QEMU_EXTRA}\` (time is instructions run, 2^shift ns each; idle time is skipped)"
else
	clock="wall time under QEMU TCG (it moves with the host's load)"
fi

# In dom0: "idle SECS XENMIN-ARGS..." runs xenmin --trace ARGS --timeout SECS
# and prints: hypercalls by --trace, events by --trace, privcmd hypercall
# ioctls by the kernel ("-" without tracefs).
g --put - /tmp/follow-idle.sh <<'EOF'
secs=$1; shift
t=/sys/kernel/tracing
[ -d $t/events ] || mount -t tracefs nodev $t 2>/dev/null
e=$t/events/syscalls/sys_enter_ioctl
if [ -d $e ]; then
	echo 0 > $t/tracing_on; echo > $t/trace
	echo 'comm == "xenmin" && cmd == 0x305000' > $e/filter
	echo 1 > $e/enable; echo 1 > $t/tracing_on
fi
xenmin --trace "$@" --timeout "$secs" >/dev/null 2>/tmp/idle.err </dev/null
hc=$(grep '^xenmin: trace:' /tmp/idle.err | grep -vc '^xenmin: trace: evtchn ')
ev=$(grep -c '^xenmin: trace: evtchn event(' /tmp/idle.err)
if [ -d $e ]; then
	echo 0 > $t/tracing_on; echo 0 > $e/enable
	k=$(grep -c 'sys_ioctl(' $t/trace)
else
	k=-
fi
echo "$hc $ev $k"
EOF

ifs=$(g sh -c 'xenmin --trace dmesg 2>&1 >/dev/null' | sed -n 's/.*sysctl readconsole.* if=\(0x[0-9a-f]*\).*/\1/p' | head -1)
ifd=$(g sh -c 'xenmin --trace domain pause 1 2>&1 >/dev/null; xenmin domain unpause 1 >/dev/null 2>&1' |
	sed -n 's/.*domctl .* if=\(0x[0-9a-f]*\).*/\1/p' | head -1)
virq_con=$(g sh -c 'xenmin --trace dmesg --follow --timeout 1 2>&1 >/dev/null' | grep 'bind_virq(CON_RING)' | sed 's/^xenmin: trace: evtchn //; s/ (.*//')
virq_dom=$(g sh -c 'xenmin --trace domain watch --timeout 1 2>&1 >/dev/null' | grep 'bind_virq(DOM_EXC)' | sed 's/^xenmin: trace: evtchn //; s/ (.*//')
xen=$(g xenmin info | sed -n 's/^xen_version: //p')

# rate A B SECS: (B - A) / SECS, or "-".
rate() { awk -v a="$1" -v b="$2" -v s="$3" 'BEGIN { if (a == "-" || b == "-") print "-"; else printf "%.2f", (b - a) / s }'; }
rows=
# idle LABEL XENMIN-ARGS: one line of the idle table.
idle() {
	local label=$1 a b
	shift
	read -r -a a <<<"$(g sh /tmp/follow-idle.sh "$short" "$@")"
	read -r -a b <<<"$(g sh /tmp/follow-idle.sh "$long" "$@")"
	rows+="| \`xenmin $label\` | $(rate "${a[0]}" "${b[0]}" $((long - short))) | $(rate "${a[2]}" "${b[2]}" $((long - short))) | $(rate "${a[1]}" "${b[1]}" $((long - short))) | ${a[0]} / ${b[0]} |"$'\n'
}
idle "dmesg --follow" dmesg --follow
idle "dmesg --follow --poll" dmesg --follow --poll
idle "console attach --all" console attach --all
idle "console attach --all --poll" console attach --all --poll
idle "console attach --follow 1" console attach --follow 1
idle "console attach --follow 1 --poll" console attach --follow --poll 1
idle "domain watch" domain watch
idle "domain watch --interval 600" domain watch --interval 600
idle "domain watch --poll" domain watch --poll

lrows=
# lat LABEL SPREAD MODE ARG IFVER MATCH XENMIN-ARGS: one line of the
# latency table; SPREAD: trials 0 to SPREAD ms apart.
# (The L_ figures are set by eval.)
# shellcheck disable=SC2154
lat() {
	local label=$1 spread=$2 mode=$3 arg=$4 ifv=$5 match=$6 out
	shift 6
	out=$(g env XM_FOLLOW_SPREAD_MS="$spread" /tmp/xm-follow "$trials" "$mode" "$arg" "$ifv" "$match" \
		xenmin "$@" 2>/dev/null || true)
	eval "$(printf '%s\n' "$out" | tr ' ' '\n' | grep -E '^(median_us|min_us|max_us|misses)=[0-9]+$' | sed 's/^/L_/')"
	if [ -n "${L_median_us:-}" ]; then
		lrows+="| \`xenmin $label\` | $(ms "$L_median_us") | $(ms "$L_min_us") | $(ms "$L_max_us") | $((trials - L_misses)) of $trials |"$'\n'
	else
		lrows+="| \`xenmin $label\` | - | - | - | 0 of $trials (${out:-no output}) |"$'\n'
	fi
	unset L_median_us L_min_us L_max_us L_misses
}
# Xen's answer to debug key m (memory info): a few lines on every build.
# The console followers read by the clock every 200 ms, watch every 1 s.
m="Physical memory information"
lat "dmesg --follow" 300 key m "$ifs" "$m" dmesg --follow
lat "dmesg --follow --poll" 300 key m "$ifs" "$m" dmesg --follow --poll
lat "console attach --all" 300 key m "$ifs" "$m" console attach --all
lat "console attach --all --poll" 300 key m "$ifs" "$m" console attach --all --poll
lat "domain watch 1" 1000 suspend 1 "$ifd" shutdown domain watch 1
lat "domain watch --poll 1" 1000 suspend 1 "$ifd" shutdown domain watch --poll 1

cat <<EOF

### Followers on $bed (Xen $xen): idle hypercalls and latency

Binding in this dom0: VIRQ_CON_RING: \`${virq_con:-not tried}\`; VIRQ_DOM_EXC: \`${virq_dom:-not tried}\`
(a port number: bound; a -errno: xenmin falls back to the clock, as the rows show).

Idle: nothing happens in Xen's console or to any domain. Per second over
$((long - short)) s (a run of $long s less one of $short s: start-up taken out).

| follower | hypercalls/s (--trace) | hypercalls/s (dom0's kernel) | events/s | hypercalls in $short s / $long s |
|---|---:|---:|---:|---:|
$rows
Latency: from just before the hypercall that makes Xen write (sysctl debug_keys
\`m\`, whose answer goes into Xen's console ring) or suspends domain 1
(SCHEDOP_remote_shutdown, reason suspend: Xen raises VIRQ_DOM_EXC; resumed by
domctl resumedomain after each trial) to the follower's first byte about it
on its stdout that shows it (Xen's first line of the answer; watch's "changed
shutdown suspend" line), read by bench/xm-follow.c in dom0; $trials trials,
0-300 ms apart at random (watch: 0-1000 ms) so that reading by the clock is
caught at every phase of its period. Clock: dom0's CLOCK_MONOTONIC, $clock.

| follower | median ms | min ms | max ms | seen |
|---|---:|---:|---:|---:|
$lrows
Reading the rows: with VIRQ_CON_RING bound, dmesg --follow and console attach
--all sleep in poll(2) until Xen's event and make no hypercall while idle (they
wake once a second only to see a signal); with --poll they read the ring every
200 ms (5 hypercalls/s), and a line then waits for the next read. console attach
--follow DOMAIN also watches for its domain's end: by VIRQ_DOM_EXC, or without it
one getdomaininfo every 2 s (0.5/s). domain watch looks at the domain list once
per --interval (default 1 s) even with VIRQ_DOM_EXC bound: Xen raises no event
for creation, pause or unpause, and watch prints those too; the event only
brings a shutdown or death forward. --interval 600 leaves it event-driven alone
where the VIRQ is bound.
EOF
if [ "${virq_dom#*-E}" != "$virq_dom" ]; then
	echo
	cat <<EOF
Here VIRQ_DOM_EXC could not be bound (\`$virq_dom\`: xenstored in this dom0 holds
it), so domain watch sees a shutdown only at its next look, with and without
--poll, and with --interval 600 it would see it up to 10 minutes late.
EOF
fi
