# SPDX-License-Identifier: MIT
# Live, x86 beds: the ARINC 653 workflow of a user without xl, on a Xen whose Pool-0 runs
# credit2 on two CPUs (the credit2 x86 bed): cpupool create 1 --sched arinc653, cpu1 moved
# out of Pool-0 into it, d1 and d2 migrated there, sched-arinc653 set for pool 1; then the
# domUs run (their heartbeats go on) while dom0 stays in Pool-0, as `xl cpupool-list`,
# `xl list -c` and `xl vcpu-list` witness; then all of it undone, and xl shows the bed as
# it booted. Where a bed cannot hold the workflow, its first step is refused in words and
# changes nothing: Debian's 4.20 is built without ARINC 653 (exit 76), and the 4.17 bed's
# Pool-0 runs arinc653 already, which up to Xen 4.20 allows no second arinc653 pool.
load live_helper
load pool_helper

teardown() {
	pools_restore
}

# booted: what must come back: pools, each domain's pool, each vCPU's affinities.
booted() {
	xl_pools
	xl_domain_pools
	xl_vcpus | awk '{ print $1, $2, $5, $6 }'
}

# in_pool NAME ID: xl shows domain NAME in pool ID.
in_pool() {
	[ "$(xl_domain_pools | awk -v d="$(domid_of "$1")" '$1 == d { print $2 }')" = "Pool-$2" ]
}

@test "ARINC 653 without xl: pool 1 on cpu1 runs d1 and d2, dom0 stays in Pool-0; undone, the bed is as booted" {
	local before d1 d2 n1 n2
	before=$(booted)
	run --separate-stderr guest xenmin cpupool create 1 --sched arinc653
	if ! built arinc653; then
		[ "$status" -eq 76 ]
		[ "$stderr" = "xenmin: cpupool create: this Xen is built without the ARINC 653 scheduler (CONFIG_SCHED_ARINC653 is not set)" ]
		[ "$(booted)" = "$before" ]
		return 0
	fi
	if [ "$(pool_field 0 scheduler)" = arinc653 ]; then
		[ "$status" -eq 2 ]
		[ "$stderr" = "xenmin: cpupool create: cpupool 0 runs arinc653 already, and Xen $XM_XEN_MAJMIN keeps one place in the schedule for all arinc653 pools (fixed in 4.21): a second one would disturb it" ]
		[ "$(booted)" = "$before" ]
		return 0
	fi
	# The credit2 bed: two CPUs, Pool-0 credit2.
	[ "$status" -eq 0 ]
	[ "$output" = "cpupool 1: created (scheduler arinc653, no CPUs yet)" ]
	[ "$(bed_ncpus)" -ge 2 ]
	xl_name 1
	guest xenmin cpupool cpu-remove 0 1
	guest xenmin cpupool cpu-add 1 1
	d1=$(domid_of d1) d2=$(domid_of d2)
	guest xenmin cpupool migrate "$d1" 1
	guest xenmin cpupool migrate "$d2" 1
	put_lines /tmp/wf.sched "cpupool 1" "major_frame 20ms" \
		"domain d1 domid $d1 uuid $XM_UUID_d1" "domain d2 domid $d2 uuid $XM_UUID_d2" \
		"slot d1 10ms" "slot d2 10ms"
	run --separate-stderr guest xenmin sched-arinc653 set /tmp/wf.sched
	echo "set: $output / $stderr"
	[ "$status" -eq 0 ]
	# The witnesses: Pool-0 keeps CPU 0 and dom0 alone; pool 1 has CPU 1, d1 and d2.
	[ "$(xl_pools)" = $'0 1 credit2 1 0\n1 1 arinc653 2 1' ]
	[ "$(xm_pools)" = "$(xl_pools)" ]
	[ "$(xl_domain_pools | awk '$1 == 0 { print $2 }')" = Pool-0 ]
	in_pool d1 1
	in_pool d2 1
	[ "$(guest xl vcpu-list "$d1" | awk 'NR == 2 { print $4 }')" = 1 ]
	[ "$(guest xl vcpu-list "$d2" | awk 'NR == 2 { print $4 }')" = 1 ]
	[ "$(guest xl vcpu-list 0 | awk 'NR == 2 { print $4 }')" = 0 ]
	[ "$(guest xenmin domain list --json | jq -r '.[] | select(.domid == 0) | .cpupool')" = 0 ]
	# They run: heartbeats go on in pool 1.
	n1=$(beats d1) n2=$(beats d2)
	wait_beats d1 "$n1"
	wait_beats d2 "$n2"
	# Undone, step by step.
	guest xenmin cpupool migrate "$d1" 0
	guest xenmin cpupool migrate "$d2" 0
	guest xenmin cpupool destroy 1
	guest xenmin cpupool cpu-add 0 1
	[ "$(booted)" = "$before" ]
	# and back under credit2, they still run
	n1=$(beats d1)
	wait_beats d1 "$n1"
}
