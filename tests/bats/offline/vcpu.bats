#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The vcpu commands over the fake hypervisor (Xen's rules of sched/core.c:
# affinities kept as given, applied within the domain's cpupool, a hard
# affinity without a CPU of it refused): vcpu list as xl shows it and as
# JSON; vcpu pin of one vCPU or all, hard or soft, in xl's CPU-list
# syntax; its refusals (before Xen: bad lists, with the column; after:
# CPUs the host lacks, no such vCPU, no CPU of the pool) changing nothing;
# and a failure half way putting back the affinities changed before it.
bats_require_minimum_version 1.7.0
load common

setup() {
	fake_state
	fake_set xen cpus 4
	fake_set pool 1 cpus 1-2
}

row() { read -r -a r <<< "$1"; echo "${r[*]}"; }

@test "vcpu list: every vCPU with its pCPU, state, time and affinities as xl writes them" {
	fake_set domain 1 vcpus 3
	fake_set vcpu 1 0 running yes time_ns 1250000000 cpu 2
	fake_set vcpu 1 1 blocked yes hard 1 soft 0-1,3
	fake_set vcpu 1 2 offline yes
	run -0 --separate-stderr "$XENMIN_FAKE" vcpu list
	[ -z "$stderr" ]
	[ "${lines[0]}" = "   ID  VCPU   CPU STATE      TIME HARD      SOFT      NAME" ]
	[ "$(row "${lines[1]}")" = "0 0 0 --- 0.0 all all -" ]
	[ "${lines[2]}" = "    1     0     2 r--         1.3 all       all       -" ]
	[ "$(row "${lines[3]}")" = "1 1 1 -b- 0.0 1 0-1,3 -" ]
	[ "$(row "${lines[4]}")" = "1 2 - --p 0.0 all all -" ]
	[ "$(row "${lines[5]}")" = "2 0 1 --- 0.0 all all -" ]
	[ "${#lines[@]}" -eq 6 ]
}

@test "vcpu list DOMID...: only those; a missing one is said, exit 2" {
	run -2 --separate-stderr "$XENMIN_FAKE" vcpu list 2 9
	[ "${#lines[@]}" -eq 2 ]
	[ "$(row "${lines[1]}")" = "2 0 1 --- 0.0 all all -" ]
	[ "$stderr" = "xenmin: vcpu list: domain 9: no such domain" ]
}

@test "vcpu list --json: the host's CPUs only, cpu null when offline" {
	fake_set domain 2 vcpus 2
	fake_set vcpu 2 1 offline yes hard 2-3 soft none
	run -0 --separate-stderr "$XENMIN_FAKE" vcpu list --json 2
	[ "$output" = '[{"domid":2,"name":null,"vcpu":0,"online":true,"running":false,"blocked":false,"cpu":1,"cpu_time_ns":0,"hard_affinity":[0,1,2,3],"soft_affinity":[0,1,2,3]},{"domid":2,"name":null,"vcpu":1,"online":false,"running":false,"blocked":false,"cpu":null,"cpu_time_ns":0,"hard_affinity":[2,3],"soft_affinity":[]}]' ]
}

@test "vcpu pin: a hard affinity set, read back by vcpu list; what Xen applies within the pool is said" {
	run -0 --separate-stderr "$XENMIN_FAKE" vcpu pin 1 0 2-3
	[ "$output" = "domain 1 vcpu 0: hard affinity 2-3 (was all; in effect 2, in cpupool 1)" ]
	[ "$(fake_field vcpu "1 0" hard)" = 2-3 ]
	run -0 "$XENMIN_FAKE" vcpu list 1
	[ "$(row "${lines[1]}")" = "1 0 2 --- 0.0 2-3 all -" ]
	run -0 "$XENMIN_FAKE" vcpu pin 1 0 2-3
	[ "$output" = "domain 1 vcpu 0: hard affinity 2-3 (unchanged)" ]
	run -0 "$XENMIN_FAKE" vcpu pin 1 0 all
	[ "$output" = "domain 1 vcpu 0: hard affinity all (was 2-3; in effect 1-2, in cpupool 1)" ]
	[ "$(fake_field vcpu "1 0" hard)" = 0-3 ]
}

@test "vcpu pin --soft, and VCPU all" {
	fake_set domain 2 vcpus 3
	run -0 --separate-stderr "$XENMIN_FAKE" vcpu pin --soft 2 all 0-3,^0
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[2]}" = "domain 2 vcpu 2: soft affinity 1-3 (was all; in effect 1-2, in cpupool 1)" ]
	for v in 0 1 2; do
		[ "$(fake_field vcpu "2 $v" soft)" = 1-3 ]
		[ "$(fake_field vcpu "2 $v" hard)" = 0-63 ]
	done
}

@test "vcpu pin: refusals change nothing" {
	run -0 "$XENMIN_FAKE" vcpu list
	cp "$XM_FAKE_STATE" "$BATS_TEST_TMPDIR/before"
	run -2 --separate-stderr "$XENMIN_FAKE" --trace vcpu pin 1 0 0,3
	[ "${stderr_lines[-1]}" = "xenmin: vcpu pin: domain 1: CPUs 0,3: none is in its cpupool 1 (CPUs 1-2), and Xen takes a hard affinity only with one of those" ]
	[[ "$stderr" != *setvcpuaffinity* ]]
	run -2 --separate-stderr "$XENMIN_FAKE" vcpu pin 1 0 4
	[ "$stderr" = "xenmin: vcpu pin: CPU list '4': column 1: no such CPU on this host (CPUs 0 to 3)" ]
	run -2 --separate-stderr "$XENMIN_FAKE" vcpu pin 1 1 1
	[ "$stderr" = "xenmin: vcpu pin: domain 1: no vCPU 1 (it has 1)" ]
	run -2 --separate-stderr "$XENMIN_FAKE" vcpu pin 9 0 1
	[ "$stderr" = "xenmin: vcpu pin: domain 9: no such domain" ]
	diff "$BATS_TEST_TMPDIR/before" "$XM_FAKE_STATE"
}

@test "vcpu pin: usage errors before Xen" {
	run -64 --separate-stderr "$XENMIN_FAKE" vcpu pin 1 0 1,,2
	[ "${stderr_lines[0]}" = "xenmin: vcpu pin: CPU list '1,,2': column 3: expected a CPU number, a range N-M or all" ]
	[ "${stderr_lines[1]}" = "usage: xenmin vcpu pin [--soft] DOMID VCPU CPUS" ]
	run -64 --separate-stderr "$XENMIN_FAKE" vcpu pin 1 0 ^all
	[ "${stderr_lines[0]}" = "xenmin: vcpu pin: CPU list '^all': column 1: ^all would take every CPU away" ]
	run -64 --separate-stderr "$XENMIN_FAKE" vcpu pin 1 0 2,^2
	[ "${stderr_lines[0]}" = "xenmin: vcpu pin: CPU list '2,^2' names no CPU" ]
	run -64 --separate-stderr "$XENMIN_FAKE" vcpu pin 1 x 2
	[ "${stderr_lines[0]}" = "xenmin: vcpu pin: x: not a vCPU number (or all)" ]
	run -64 "$XENMIN_FAKE" vcpu pin 1 0
	[ "$(cat "$XM_FAKE_STATE")" = $'xen cpus 4\npool 1 cpus 1-2' ]
}

@test "vcpu pin all: a failure half way puts back the vCPUs pinned before it" {
	fake_set domain 1 vcpus 3
	fake_set vcpu 1 1 hard 1
	fake_set fail domctl setvcpuaffinity errno EBUSY nth 2
	run -2 --separate-stderr "$XENMIN_FAKE" vcpu pin 1 all 2
	[ "${lines[0]}" = "domain 1 vcpu 0: hard affinity 2 (was all)" ]
	[ "$stderr" = "xenmin: vcpu pin: domain 1 vcpu 1: the vCPU is pinned for now" ]
	[ "$(fake_field vcpu "1 0" hard)" = 0-63 ]
	[ "$(fake_field vcpu "1 1" hard)" = 1 ]
	[ "$(fake_field vcpu "1 2" hard)" = 0-63 ]
}

@test "vcpu pin all: when putting back fails too, exit 4 names the vCPU left changed" {
	fake_set domain 1 vcpus 2
	# Each call counts in both lines until one fails it: the undo is call 3.
	fake_set fail domctl setvcpuaffinity errno EINVAL nth 3
	fake_set fail domctl setvcpuaffinity errno EBUSY nth 2
	run -4 --separate-stderr "$XENMIN_FAKE" vcpu pin 1 all 2
	[ "${stderr_lines[1]}" = "xenmin: vcpu pin: left changed: domain 1 vcpu 0 keeps its new affinity (putting it back: Xen refused: no such vCPU, or no CPU of its cpupool)" ]
	[ "$(fake_field vcpu "1 0" hard)" = 2 ]
}
