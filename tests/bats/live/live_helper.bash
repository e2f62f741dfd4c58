# SPDX-License-Identifier: MIT
# Shared helper of the live bats suite: every test runs on the host and executes commands in
# a booted bed's dom0 through tests/bed/guest (see tests/bed/agent.sh for the channel), so
# tests read like ordinary bats: `run --separate-stderr guest xenmin domain list --json`.
# xl, run in the same dom0, is the witness xenmin is compared with. The bed is named by
# $XM_BED (set by `bed.sh test`, or by hand after `bed.sh up BED`).
bats_require_minimum_version 1.7.0

. "$BATS_TEST_DIRNAME/bed_helper.bash"
: "${XM_BED:?XM_BED is not set: run these through tests/bed/bed.sh test BED, or export XM_BED after bed.sh up BED}"
export XM_BED
# The fixed domU names and UUIDs the bed created (XM_DOMUS, XM_UUID_d1, ...).
. "$XM_REPO/tests/bed/domus.env"

# json EXPR: evaluate a jq expression on $output (the JSON xenmin printed).
json() { printf '%s' "$output" | jq -r "$1"; }

# xl_list_field DOMID FIELD: one column of `xl list -v` for a domain, by name:
# name id mem vcpus state time uuid. Read state, not xl's exit codes (xl pause/unpause
# exit 0 even when they fail).
xl_list_field() {
	guest xl list -v | awk -v id="$1" -v f="$2" '
		NR > 1 && $2 == id {
			split("name id mem vcpus state time uuid", k, " ")
			for (i = 1; i <= 7; i++) if (k[i] == f) { print $i; exit }
		}'
}

# xl_paused DOMID: succeed when xl shows the paused letter (third of the six).
xl_paused() {
	local s
	s=$(xl_list_field "$1" state)
	[ -n "$s" ] || { echo "xl list -v shows no domain $1" >&2; return 2; }
	[ "${s:2:1}" = p ]
}

# xl_unpaused DOMID: succeed when xl lists the domain without the paused letter. (A bare
# "! xl_paused" would not fail a bats test: errexit ignores negated commands.)
xl_unpaused() {
	local s
	s=$(xl_list_field "$1" state)
	[ -n "$s" ] || { echo "xl list -v shows no domain $1" >&2; return 2; }
	[ "${s:2:1}" != p ]
}

# unpause_fully DOMID: undo every outstanding pause (Xen counts them) so tests start clean.
# One guest round trip: the loop runs in dom0 and reads xl's state letters, not exit codes.
unpause_fully() {
	guest sh -c "i=0; while [ \$i -lt 8 ] && xl list $1 | awk 'NR == 2 { exit substr(\$5, 3, 1) != \"p\" }'; do
				   xl unpause $1; i=\$((i + 1)); done 2>/dev/null; [ \$i -lt 8 ]"
}

# run_pair CMD1 CMD2: run both in one guest call, so they see the system a fraction of a
# second apart; both must succeed. Their outputs land in FIRST and SECOND.
run_pair() {
	run --separate-stderr guest sh -c "$1 && echo '=== xm-pair' && $2"
	[ "$status" -eq 0 ] || { echo "run_pair failed ($status): $stderr"; return 1; }
	FIRST=$(printf '%s\n' "$output" | sed '/^=== xm-pair$/,$d')
	SECOND=$(printf '%s\n' "$output" | sed '1,/^=== xm-pair$/d')
}

# domid_of NAME: the domain id xl gives a name.
domid_of() { guest xl domid "$1"; }

# The console tests' helpers: xenconsoled as the bed starts it, a domU's heartbeats in
# xenconsoled's log, and writing a file in dom0.
XENCONSOLED='xenconsoled --log=guest --log-dir=/var/log/xen/console'

# beats NAME: heartbeat lines of the domU in xenconsoled's log so far.
beats() {
	guest sh -c "grep -c 'DOMU-ALIVE $1' /var/log/xen/console/guest-$1.log 2>/dev/null || true"
}

# wait_beats NAME N [SECONDS]: wait (up to SECONDS of dom0's clock, default 120: domUs
# boot slowly under TCG) until the log holds more than N heartbeats of NAME.
wait_beats() {
	local s=${3:-120}
	guest --timeout $((s + 30)) sh -c "i=0; while [ \$i -lt $((s * 2)) ]; do
		n=\$(grep -c 'DOMU-ALIVE $1' /var/log/xen/console/guest-$1.log 2>/dev/null); n=\${n:-0}
		[ \"\$n\" -gt $2 ] && exit 0; i=\$((i+1)); sleep 0.5; done; exit 1"
}

# domu_up [--busy] NAME UUID [TYPE [LINE...]]: create NAME, a copy of d1's xl config
# (TYPE pv or pvh, default pv) with UUID and the extra config LINEs, and on arinc653 give
# it the CPU beside dom0, keeping the schedule found in /tmp/NAME-before.sched for
# domu_down. --busy boots it with xm_busy=1 (tests/bed/domu-init): it burns its CPU and
# still prints "DOMU-BUSY NAME" and its heartbeats. xl create waits for xenconsoled to
# take the new console, so it is started first.
domu_up() {
	local busy=
	[ "$1" = --busy ] && { busy=' xm_busy=1'; shift; }
	local name=$1 uuid=$2 type=${3:-pv}
	shift 3 2>/dev/null || shift $#
	guest sh -c "pidof xenconsoled >/dev/null || $XENCONSOLED"
	put_lines "/tmp/$name.extra" "uuid = \"$uuid\"" "$@"
	guest sh -c "sed -e 's/d1/$name/g' -e '/^uuid/d' -e 's/^type = .*/type = \"$type\"/' \
		-e '/^extra/s/\"\$/$busy\"/' \
		/etc/xen/d1.cfg > /tmp/$name.cfg && cat /tmp/$name.extra >> /tmp/$name.cfg &&
		xl create -q /tmp/$name.cfg"
	if [ "$XM_SCHED" = arinc653 ]; then
		guest sh -c "xenmin sched-arinc653 get > /tmp/$name-before.sched"
		put_lines "/tmp/$name.sched" "cpupool 0" "major_frame 20ms" "domain dom0 domid 0" \
			"domain $name domid $(domid_of "$name") uuid $uuid" "slot dom0 10ms" "slot $name 10ms"
		guest xenmin sched-arinc653 set "/tmp/$name.sched"
	fi
}

# domu_down NAME: undo domu_up (xenconsoled running, the schedule as found, NAME gone).
domu_down() {
	guest sh -c "pidof xenconsoled >/dev/null || $XENCONSOLED" || true
	if [ "$XM_SCHED" = arinc653 ]; then
		guest xenmin sched-arinc653 set "/tmp/$1-before.sched" || true
	fi
	guest sh -c "id=\$(xl domid $1 2>/dev/null) && xl destroy \$id" || true
}

# Extra small domUs, for tests and benches that need many domains (issue 17: 2, 8, 16 of
# them beside d1 and d2). Xen's free memory is about XM_BED_MEM - 800 MiB once d1 and d2
# run, so 2 fit the default 1024; boot with XM_BED_MEM=1536 for 8 and 2304 for 16.
# XM_SMALL_MEM is the least memory (MiB) with which the bed's domU kernel and initrd reach
# their heartbeat: up to 72 libxenguest refuses ("segment kernel too large": the
# pre-decompressed vmlinux is 58 MiB of pages, placed 16 MiB up), 80 boots and panics
# ("System is deadlocked on memory"), 88 boots to its heartbeat, busy (xm_busy=1) too.
: "${XM_SMALL_MEM:=88}"

# small_uuid N: the fixed UUID of extra domU xN (ends in e and N, so it reads well in logs).
small_uuid() { printf '00000000-0000-4000-8000-0000000e%04x\n' "$1"; }

# small_domus_up N [--paused|--busy]: create x1..xN, PV copies of d1 with XM_SMALL_MEM MiB
# and fixed UUIDs, one guest call per domU. --paused creates them paused (xl create -p):
# they exist, with memory and a vCPU, but never run, which is all a "many domains" test of
# list or info needs, and it is cheap. Running ones boot Linux, and under TCG N booting
# domUs starve each other and dom0 (each costs ~15 s of CPU): a test that needs them
# running waits for their heartbeats (wait_beats xN 0). --busy makes them burn CPU
# (xm_busy=1). The schedule is left alone: under arinc653 they do not run until one names
# them.
small_domus_up() {
	local n=$1 mode=${2:-} busy= pause= i
	case $mode in --busy) busy=' xm_busy=1' ;; --paused) pause=-p ;; '') ;;
	*) echo "small_domus_up: unknown mode $mode" >&2; return 2 ;; esac
	guest sh -c "pidof xenconsoled >/dev/null || $XENCONSOLED"
	for ((i = 1; i <= n; i++)); do
		guest --timeout 180 sh -c "sed -e 's/d1/x$i/g' -e '/^uuid/d' \
			-e 's/^memory = .*/memory = $XM_SMALL_MEM/' -e '/^extra/s/\"\$/$busy\"/' \
			/etc/xen/d1.cfg > /tmp/x$i.cfg && echo 'uuid = \"$(small_uuid "$i")\"' >> /tmp/x$i.cfg &&
			xl create -q $pause /tmp/x$i.cfg" || { echo "small_domus_up: xl create x$i failed" >&2; return 1; }
	done
}

# small_domus_down: destroy every extra domU x1, x2, ... there is.
small_domus_down() {
	guest sh -c 'for n in $(xl list | awk '"'"'$1 ~ /^x[0-9]+$/ {print $1}'"'"'); do xl destroy "$n"; done'
}

# refused_while_served NAME: once NAME is up, xenconsoled serves its console, so attach must
# fail with exit 2, print nothing, say why, and leave NAME's heartbeats flowing to the log.
refused_while_served() {
	local id n
	id=$(domid_of "$1")
	wait_beats "$1" 0
	run --separate-stderr guest xenmin console attach --timeout 2 "$id"
	echo "stdout: $output"; echo "stderr: $stderr"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "xenmin: console attach: domain $id: its console is served already (its event channel is bound by domain 0: xenconsoled, where \`xl console $id\` reaches it); xenmin leaves it alone" ]
	n=$(beats "$1")
	wait_beats "$1" "$n"
}

# stop_xenconsoled: stop it and wait until it is gone.
stop_xenconsoled() {
	guest sh -c 'kill $(pidof xenconsoled); i=0; while pidof xenconsoled >/dev/null && [ $i -lt 20 ]; do sleep 0.25; i=$((i+1)); done'
}

# Where each bed's hypervisor differs; tests branch on these, never skip. The 4.20 point
# release is whatever trixie serves, so only major.minor is pinned.
case $XM_BED in
x86-4.17) XM_XEN_MAJMIN=4.17 XM_SCHED=arinc653 XM_DOMCTL=0x15 XM_SYSCTL=0x15 ;;
x86-4.17-credit2|x86-4.17-debian) XM_XEN_MAJMIN=4.17 XM_SCHED=credit2 XM_DOMCTL=0x15 XM_SYSCTL=0x15 ;;
x86-4.20) XM_XEN_MAJMIN=4.20 XM_SCHED=credit2 XM_DOMCTL=0x17 XM_SYSCTL=0x15 ;;
*) echo "live_helper: these xl-witness tests know x86 beds only, not $XM_BED" >&2; return 1 ;;
esac
