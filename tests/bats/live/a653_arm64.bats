#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Issue 14 on the arm64 dom0less beds. On arm64-4.17 the domUs d1 and d2 run in arinc653
# Pool-1 (cpu1) and dom0 in credit2 Pool-0, so monitor samples from outside the pool. One
# file with two named schedules, d1 70% / d2 10% and d1 10% / d2 70% of a 500 ms frame:
# switch between them; status follows; with busy domUs (the bed booted with
# XM_A64_BUSY="d1 d2": they spin and print DOMU-BUSY) monitor measures each share within
# 5 percentage points of the plan after each switch; with idle ones it must find no
# domain above its share (and monitor's own verdict must pass). A switch makes exactly the five
# hypercalls docs/schedule-format.md counts. On the credit2-only beds switch, status and
# monitor refuse with exit 2, naming the scheduler.
load arm64_helper

MODES=/tmp/a653-modes.cfg
U1=6e617600-0000-4000-8000-0000000a6401
U2=6e617600-0000-4000-8000-0000000a6402

setup_file() {
	xm_is_a653_bed || return 0
	guest sh -c "xenmin sched-arinc653 get --pool 1 > /tmp/a653-before.sched"
	put_lines "$MODES" "cpupool 1" "domain d1 domid 1 uuid $U1" "domain d2 domid 2 uuid $U2" \
		"schedule d1-heavy" "major_frame 500ms" "slot d1 350ms" "slot d2 50ms" \
		"schedule d2-heavy" "major_frame 500ms" "slot d1 50ms" "slot d2 350ms"
}

teardown_file() {
	xm_is_a653_bed || return 0
	guest xenmin sched-arinc653 set /tmp/a653-before.sched || true
}

# Both domUs burn their CPU (tests/bed/domu-init, xm_busy=1 at boot: bed.sh reads
# XM_A64_BUSY, and bats inherits it).
busy_domus() { [[ " ${XM_A64_BUSY:-} " == *" d1 "* && " ${XM_A64_BUSY:-} " == *" d2 "* ]]; }

# wait_busy: until both have said DOMU-BUSY on Xen's console (they run only once a
# schedule names them: Pool-1 starts with an empty one).
wait_busy() {
	local i
	for ((i = 0; i < 480; i++)); do
		xm_console | grep -q "DOM[0-9]*: DOMU-BUSY d1" &&
			xm_console | grep -q "DOM[0-9]*: DOMU-BUSY d2" && return 0
		sleep 0.25
	done
	echo "d1 and d2 never said DOMU-BUSY" >&2
	return 1
}

# check_shares PPM1 PPM2: monitor's JSON ($output) for d1 and d2 against the plan: none
# above it by more than 5 points; with busy domUs, both busy and within 5 points.
check_shares() {
	local d m want=("" "$1" "$2")
	for d in 1 2; do
		m=$(python3 -c '
import json, sys
for x in json.load(sys.stdin)["domains"]:
	if x["domid"] == int(sys.argv[1]):
		print(x["planned_ppm"], x["measured_ppm"], str(x["busy"]).lower())
' "$d" <<< "$output")
		bed_note "d$d: planned measured busy: $m"
		set -- $m
		[ "$1" = "${want[d]}" ]
		[ $(($2 - $1)) -le 50000 ]
		# idle domUs (booting ones may be busy) are judged by monitor itself
		! busy_domus || { [ "$3" = true ] && [ $(($1 - $2)) -le 50000 ]; }
	done
}

@test "a653 arm64: credit2-only beds refuse switch, status and monitor with exit 2" {
	if xm_is_a653_bed; then
		busy_domus || bed_note "d1, d2 are idle (boot with XM_A64_BUSY=\"d1 d2\" to measure the shares)"
		return 0
	fi
	put_lines /tmp/m.cfg "cpupool 0" "domain d1 domid 1" "schedule a" "slot d1 10ms"
	run --separate-stderr guest xenmin sched-arinc653 switch /tmp/m.cfg a
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 switch: /tmp/m.cfg:1: pool 0 runs credit2, not arinc653" ]
	run --separate-stderr guest xenmin sched-arinc653 status /tmp/m.cfg
	[ "$status" -eq 2 ]
	run --separate-stderr guest xenmin sched-arinc653 monitor --pool 0 --seconds 1
	[ "$status" -eq 2 ]
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 monitor: pool 0 runs credit2, not arinc653" ]
}

@test "a653 arm64: switch to d1-heavy; status follows; monitor measures 70% / 10%" {
	xm_is_a653_bed || return 0
	run --separate-stderr guest xenmin sched-arinc653 switch "$MODES" d1-heavy
	echo "$output"; echo "$stderr"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "cpupool 1: installed schedule d1-heavy: 2 slots, major_frame 500ms, verified by read-back" ]
	[ "$(xm_json_field 1 uuid)" = "$U1" ]
	[ "$(xm_json_field 2 uuid)" = "$U2" ]
	run --separate-stderr guest xenmin sched-arinc653 status "$MODES"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "cpupool 1: schedule d1-heavy of $MODES is live (slots, times and UUIDs match)" ]
	! busy_domus || wait_busy
	run --separate-stderr guest xenmin sched-arinc653 monitor --pool 1 --seconds 10 --json
	echo "$output"
	[ "$status" -eq 0 ]
	check_shares 700000 100000
}

@test "a653 arm64: switch to d2-heavy: list, get, put, get, list; status and monitor follow" {
	xm_is_a653_bed || return 0
	run --separate-stderr guest xenmin --trace sched-arinc653 switch "$MODES" d2-heavy
	echo "$stderr"
	[ "$status" -eq 0 ]
	[ "$(sed -n 's/^xenmin: trace: \([a-z_]* [a-z_(0-9 ]*\)[) ].*/\1/p' <<< "$stderr" | tr '\n' ';')" = \
		"xen_version version;sysctl getdomaininfolist;sysctl scheduler_op(arinc653 get;sysctl scheduler_op(arinc653 put;sysctl scheduler_op(arinc653 get;sysctl getdomaininfolist;" ]
	run --separate-stderr guest xenmin sched-arinc653 status "$MODES"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "cpupool 1: schedule d2-heavy of $MODES is live (slots, times and UUIDs match)" ]
	run --separate-stderr guest xenmin sched-arinc653 monitor --pool 1 --seconds 10 --json
	echo "$output"
	[ "$status" -eq 0 ]
	check_shares 100000 700000
	# the old schedule is not live any more
	run --separate-stderr guest xenmin sched-arinc653 diff --schedule d1-heavy "$MODES"
	[ "$status" -eq 1 ]
}
