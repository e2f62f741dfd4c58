#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The cpupool commands over the fake hypervisor (which answers by the rules
# of Xen's cpupool.c, see tests/unit/fake_xen.c): list as text and JSON;
# create, destroy, cpu-add, cpu-remove and migrate doing what they say;
# every refusal named in the help (a scheduler not built in, an id taken,
# a second arinc653 pool up to 4.20, Pool-0, a pool with domains, CPU 0 of
# Pool-0, the last CPU of a pool with domains, a CPU in another pool, a
# pool without CPUs) leaving the system exactly as it was; and a failure
# half way undone, or said to be left changed (exit 4) when it cannot be.
bats_require_minimum_version 1.7.0
load common

setup() {
	fake_state
}

# saved: a copy of the state as the fake last saved it (run something first).
saved() { cp "$XM_FAKE_STATE" "$BATS_TEST_TMPDIR/before"; }
# unchanged: the system is as saved() found it.
unchanged() { diff "$BATS_TEST_TMPDIR/before" "$XM_FAKE_STATE"; }
# xen_field FIELD: a field of the saved xen line (it has no keys).
xen_field() { fake_line xen | awk -v f="$1" '{ for (i = 1; i < NF; i++) if ($i == f) print $(i + 1) }'; }

@test "cpupool list: each pool's scheduler, CPUs and domains, then the free CPUs" {
	fake_set xen cpus 6
	fake_set pool 1 cpus 1,3
	fake_set domain 7 pool 0
	run -0 --separate-stderr "$XENMIN_FAKE" cpupool list
	[ -z "$stderr" ]
	[ "${lines[0]}" = "  ID SCHED     NCPUS CPUS            NDOMS DOMAINS" ]
	[ "${lines[1]}" = "   0 arinc653      1 0                   2 0,7" ]
	[ "${lines[2]}" = "   1 credit2       2 1,3                 2 1,2" ]
	[ "${lines[3]}" = "free CPUs: 2,4-5" ]
	[ "${#lines[@]}" -eq 4 ]
}

@test "cpupool list --json: numbers as numbers, CPUs as arrays" {
	fake_set xen cpus 3
	run -0 --separate-stderr "$XENMIN_FAKE" cpupool list --json
	[ "$output" = '{"cpupools":[{"id":0,"scheduler":"arinc653","sched_id":7,"cpus":[0],"n_domains":1,"domains":[{"domid":0,"name":null}]},{"id":1,"scheduler":"credit2","sched_id":6,"cpus":[1],"n_domains":2,"domains":[{"domid":1,"name":null},{"domid":2,"name":null}]}],"free_cpus":[2]}' ]
}

@test "cpupool list: a host beyond 64 CPUs is refused, not shown in part" {
	fake_set xen cpus 65
	run -76 --separate-stderr "$XENMIN_FAKE" cpupool list
	[ -z "$output" ]
	[ "$stderr" = "xenmin: cpupool list: this host has CPUs 0 to 64; xenmin handles CPUs 0 to 63 only" ]
}

@test "cpupool create: the next id, or the one asked for, with the scheduler asked for" {
	run -0 --separate-stderr "$XENMIN_FAKE" cpupool create --sched credit
	[ "$output" = "cpupool 2: created (scheduler credit, no CPUs yet)" ]
	run -0 "$XENMIN_FAKE" cpupool create 9 -s null
	[ "$output" = "cpupool 9: created (scheduler null, no CPUs yet)" ]
	[ "$(fake_field pool 2 sched)" = credit ]
	[ "$(fake_field pool 9 sched)" = null ]
	[ "$(fake_field pool 9 cpus)" = none ]
}

@test "cpupool create: refused when the id is taken, nothing changed" {
	run -0 "$XENMIN_FAKE" cpupool list
	saved
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool create 1 --sched null
	[ -z "$output" ]
	[ "$stderr" = "xenmin: cpupool create: cpupool 1: exists already (scheduler credit2)" ]
	unchanged
}

@test "cpupool create: a scheduler the .config leaves out is refused before any write (exit 76)" {
	gzip -9nc < tests/data/xen-config/x86-4.20-debian.config > "$BATS_TEST_TMPDIR/c.gz"
	fake_set hypfs_config "$BATS_TEST_TMPDIR/c.gz"
	fake_set xen schedulers credit,credit2
	fake_set pool 0 sched credit2
	run -0 "$XENMIN_FAKE" cpupool list
	saved
	run -76 --separate-stderr "$XENMIN_FAKE" --trace cpupool create --sched arinc653
	[ -z "$output" ]
	[ "${stderr_lines[-1]}" = "xenmin: cpupool create: this Xen is built without the ARINC 653 scheduler (CONFIG_SCHED_ARINC653 is not set)" ]
	[[ "$stderr" != *"cpupool_op(create)"* ]]
	unchanged
}

@test "cpupool create: where hypfs cannot tell, Xen's refusal of the scheduler is said in words (exit 76)" {
	fake_set xen schedulers credit,credit2
	run -0 "$XENMIN_FAKE" cpupool list
	saved
	run -76 --separate-stderr "$XENMIN_FAKE" cpupool create --sched rtds
	[ "$stderr" = "xenmin: cpupool create: this Xen is built without that scheduler" ]
	unchanged
}

@test "cpupool create: up to Xen 4.20 a second arinc653 pool is refused; 4.21 takes it" {
	run -0 "$XENMIN_FAKE" cpupool list
	saved
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool create --sched arinc653
	[ "$stderr" = "xenmin: cpupool create: cpupool 0 runs arinc653 already, and Xen 4.17 keeps one place in the schedule for all arinc653 pools (fixed in 4.21): a second one would disturb it" ]
	unchanged
	fake_set xen version 4.21.0 domctl_interface 0x17 sysctl_interface 0x16
	run -0 "$XENMIN_FAKE" cpupool create --sched arinc653
	[ "$(fake_field pool 2 sched)" = arinc653 ]
}

@test "cpupool create: usage errors before Xen" {
	run -64 --separate-stderr "$XENMIN_FAKE" cpupool create
	[ "${stderr_lines[0]}" = "xenmin: cpupool create: which scheduler? (--sched NAME)" ]
	run -64 --separate-stderr "$XENMIN_FAKE" cpupool create --sched credit3
	[ "${stderr_lines[0]}" = "xenmin: cpupool create: --sched credit3: no such scheduler (credit, credit2, arinc653, rtds, null)" ]
	run -64 --separate-stderr "$XENMIN_FAKE" cpupool create --sched null 4294967295
	[ "${stderr_lines[0]}" = "xenmin: cpupool create: 4294967295: not a cpupool id (0 to 4294967294)" ]
	run -64 "$XENMIN_FAKE" cpupool create --sched null 1 2
	[ ! -s "$XM_FAKE_STATE" ]
}

@test "cpupool cpu-add: free CPUs in, as xl CPU lists; one in the pool already is said and left" {
	fake_set xen cpus 5
	run -0 "$XENMIN_FAKE" cpupool create 3 --sched credit
	run -0 --separate-stderr "$XENMIN_FAKE" cpupool cpu-add 3 all,^0-1,^4 4
	[ "$output" = $'cpupool 3: CPU 2 added\ncpupool 3: CPU 3 added\ncpupool 3: CPU 4 added' ]
	[ "$(fake_field pool 3 cpus)" = 2-4 ]
	run -0 "$XENMIN_FAKE" cpupool cpu-add 3 3
	[ "$output" = "cpupool 3: CPU 3 is in it already" ]
}

@test "cpupool cpu-add: a CPU of another pool, a CPU the host lacks, no such pool: refused, nothing changed" {
	fake_set xen cpus 4
	run -0 "$XENMIN_FAKE" cpupool create 3 --sched credit
	saved
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool cpu-add 3 2 1
	[ -z "$output" ]
	[ "$stderr" = "xenmin: cpupool cpu-add: CPU 1 is in cpupool 1: take it out there first (cpupool cpu-remove 1 1)" ]
	unchanged
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool cpu-add 3 2-4
	[ "$stderr" = "xenmin: cpupool cpu-add: CPU list '2-4': column 1: no such CPU on this host (CPUs 0 to 3)" ]
	unchanged
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool cpu-add 8 2
	[ "$stderr" = "xenmin: cpupool cpu-add: cpupool 8: no such cpupool" ]
	unchanged
}

@test "cpupool cpu-add: bad CPU lists are usage errors with the column, before Xen" {
	run -64 --separate-stderr "$XENMIN_FAKE" cpupool cpu-add 1 0-3,^x
	[ "${stderr_lines[0]}" = "xenmin: cpupool cpu-add: CPU list '0-3,^x': column 6: expected a CPU number, a range N-M or all" ]
	[ "${stderr_lines[1]}" = "usage: xenmin cpupool cpu-add ID CPUS..." ]
	run -64 --separate-stderr "$XENMIN_FAKE" cpupool cpu-add 1 3-1
	[ "${stderr_lines[0]}" = "xenmin: cpupool cpu-add: CPU list '3-1': column 1: the range ends before it starts" ]
	run -64 --separate-stderr "$XENMIN_FAKE" cpupool cpu-add 1 64
	[ "${stderr_lines[0]}" = "xenmin: cpupool cpu-add: CPU list '64': column 1: no such CPU on this host (xenmin handles CPUs 0 to 63)" ]
	run -64 --separate-stderr "$XENMIN_FAKE" cpupool cpu-add 1 ^1
	[ "${stderr_lines[0]}" = "xenmin: cpupool cpu-add: the CPU lists name no CPU" ]
	run -64 "$XENMIN_FAKE" cpupool cpu-add 1
	[ ! -s "$XM_FAKE_STATE" ]
}

@test "cpupool cpu-add: a failure half way takes out the CPUs added before it" {
	fake_set xen cpus 4
	run -0 "$XENMIN_FAKE" cpupool create 3 --sched credit
	saved
	fake_set fail sysctl cpupool_addcpu errno EINVAL nth 2
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool cpu-add 3 2-3
	[ "$output" = $'cpupool 3: CPU 2 added\ncpupool 3: CPU 2 out again (undone)' ]
	[ "$stderr" = "xenmin: cpupool cpu-add: CPU 3: Xen refused: no such CPU, or CPU 0 of Pool-0" ]
	[ "$(fake_field pool 3 cpus)" = none ]
}

@test "cpupool cpu-add: an undo that fails too is exit 4, naming what is left changed" {
	fake_set xen cpus 4
	run -0 "$XENMIN_FAKE" cpupool create 3 --sched credit
	fake_set fail sysctl cpupool_addcpu errno ENODEV nth 2
	fake_set fail sysctl cpupool_rmcpu errno EBUSY
	run -4 --separate-stderr "$XENMIN_FAKE" cpupool cpu-add 3 2-3
	[ "${stderr_lines[0]}" = "xenmin: cpupool cpu-add: CPU 3: Xen refused: the CPU is not free, or offline" ]
	[ "${stderr_lines[1]}" = "xenmin: cpupool cpu-add: left changed: CPU 2 is in cpupool 3 (undoing: Xen refused: the cpupool has domains)" ]
	[ "$(fake_field pool 3 cpus)" = 2 ]
}

@test "cpupool cpu-remove: CPUs out, free afterwards" {
	fake_set xen cpus 4
	fake_set pool 1 cpus 1-3
	run -0 --separate-stderr "$XENMIN_FAKE" cpupool cpu-remove 1 2-3
	[ "$output" = $'cpupool 1: CPU 2 removed (now free)\ncpupool 1: CPU 3 removed (now free)' ]
	run -0 "$XENMIN_FAKE" cpupool list
	[ "${lines[-1]}" = "free CPUs: 2-3" ]
}

@test "cpupool cpu-remove: CPU 0 of Pool-0, the last CPU of a pool with domains, a CPU not in it: refused" {
	fake_set xen cpus 4
	fake_set pool 0 cpus 0,3
	run -0 "$XENMIN_FAKE" cpupool list
	saved
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool cpu-remove 0 0
	[ -z "$output" ]
	[ "$stderr" = "xenmin: cpupool cpu-remove: CPU 0 never leaves Pool-0 (Xen keeps it there, with dom0)" ]
	unchanged
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool cpu-remove 1 1
	[ "$stderr" = "xenmin: cpupool cpu-remove: that is every CPU of cpupool 1, which has domains (1,2): Xen keeps a pool's last CPU while it has any; move them out first (cpupool migrate DOMAIN 0)" ]
	unchanged
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool cpu-remove 0 3 2
	[ "$stderr" = "xenmin: cpupool cpu-remove: CPU 2 is not in cpupool 0 (its CPUs: 0,3)" ]
	unchanged
}

@test "cpupool cpu-remove: Xen asking to be called again is, 16 times; then the CPU it left free goes back" {
	fake_set xen cpus 4
	fake_set pool 1 cpus 1-3
	fake_set xen rmcpu_again 3
	run -0 --separate-stderr "$XENMIN_FAKE" --trace cpupool cpu-remove 1 3
	[ "$output" = "cpupool 1: CPU 3 removed (now free)" ]
	[ "$(grep -c 'cpupool_op(rmcpu) if=0x15 -> -EAGAIN' <<< "$stderr")" -eq 3 ]
	[ "$(fake_field pool 1 cpus)" = 1-2 ]
	fake_set xen rmcpu_again 16
	run -2 --separate-stderr "$XENMIN_FAKE" --trace cpupool cpu-remove 1 2
	[ "$output" = "cpupool 1: CPU 2 in again (undone)" ]
	[ "$(grep -c 'cpupool_op(rmcpu) if=0x15 -> -EAGAIN' <<< "$stderr")" -eq 16 ]
	[[ "$stderr" == *$'\nxenmin: cpupool cpu-remove: CPU 2: a vCPU would not leave the CPU (16 tries in 2 s)\n'* ]]
	[ "$(fake_field pool 1 cpus)" = 1-2 ]
	[ "$(xen_field moving_cpu)" = 0 ]
	[ "$(xen_field rmcpu_again)" = 0 ]
}

@test "cpupool destroy: its CPUs freed, then the pool gone" {
	fake_set xen cpus 4
	fake_set pool 5 sched null cpus 2-3
	run -0 --separate-stderr "$XENMIN_FAKE" cpupool destroy 5
	[ "$output" = $'cpupool 5: CPU 2 removed (now free)\ncpupool 5: CPU 3 removed (now free)\ncpupool 5: destroyed' ]
	[ -z "$(fake_line pool 5)" ]
}

@test "cpupool destroy: Pool-0, a pool with domains, no such pool: refused, nothing changed" {
	run -0 "$XENMIN_FAKE" cpupool list
	saved
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool destroy 0
	[ "$stderr" = "xenmin: cpupool destroy: cpupool 0: Pool-0 is never destroyed (it holds CPU 0 and dom0)" ]
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool destroy 1
	[ "$stderr" = "xenmin: cpupool destroy: cpupool 1: it has domains (1,2): move them out first (cpupool migrate DOMAIN 0)" ]
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool destroy 4
	[ "$stderr" = "xenmin: cpupool destroy: cpupool 4: no such cpupool" ]
	unchanged
}

@test "cpupool destroy: refused by Xen at the end, the CPUs go back" {
	fake_set xen cpus 4
	fake_set pool 5 sched null cpus 2-3
	fake_set fail sysctl cpupool_destroy errno EBUSY
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool destroy 5
	[ "$stderr" = "xenmin: cpupool destroy: cpupool 5: Xen refused: the cpupool has domains" ]
	[ "${lines[-1]}" = "cpupool 5: CPU 2 in again (undone)" ]
	[ "$(fake_field pool 5 cpus)" = 2-3 ]
}

@test "cpupool migrate: the domain moves; where it is already, nothing is done" {
	run -0 --separate-stderr "$XENMIN_FAKE" cpupool migrate 2 0
	[ "$output" = "domain 2: moved from cpupool 1 to cpupool 0" ]
	[ "$(fake_field domain 2 pool)" = 0 ]
	run -0 --separate-stderr "$XENMIN_FAKE" --trace cpupool migrate 2 0
	[ "$output" = "domain 2: in cpupool 0 already" ]
	[[ "$stderr" != *movedomain* ]]
}

@test "cpupool migrate: a pool without CPUs, no such pool or domain, the calling domain: refused" {
	fake_set pool 4 sched credit cpus none
	run -0 "$XENMIN_FAKE" cpupool list
	saved
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool migrate 1 4
	[ "$stderr" = "xenmin: cpupool migrate: cpupool 4 has no CPU, so no domain can run there: give it one first (cpupool cpu-add 4 CPU)" ]
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool migrate 1 6
	[ "$stderr" = "xenmin: cpupool migrate: cpupool 6: no such cpupool" ]
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool migrate 9 1
	[ "$stderr" = "xenmin: cpupool migrate: domain 9: no such domain" ]
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool migrate 0 1
	[ "$stderr" = "xenmin: cpupool migrate: domain 0: Xen refused: it is the domain xenmin runs in" ]
	unchanged
}

@test "help: the cpupool and vcpu commands are listed, exit code 4 is in the table" {
	run -0 "$XENMIN" help
	for c in "cpupool cpu-add" "cpupool cpu-remove" "cpupool create" \
		"cpupool destroy" "cpupool list" "cpupool migrate" "vcpu list" "vcpu pin"; do
		[[ "$output" == *"  $c "* ]]
	done
	[[ "$output" == *$'\n''   4  left changed: a write could not be undone'* ]]
	run -0 "$XENMIN" help cpupool
	[ "${#lines[@]}" -eq 6 ]
}

@test "cpupool: domains by name from the domains file (list, JSON, migrate, refusals)" {
	printf '%s\n' "domain nav domid 1" "domain gps uuid 00000000-0000-4000-8000-0000000000d2" \
		"domain gone domid 9" > "$BATS_TEST_TMPDIR/domains"
	local D=(--domains "$BATS_TEST_TMPDIR/domains")
	run -0 --separate-stderr "$XENMIN_FAKE" "${D[@]}" cpupool list
	[ "${lines[2]}" = "   1 credit2       1 1                   2 nav,gps" ]
	run -0 "$XENMIN_FAKE" "${D[@]}" cpupool list --json
	[ "$(jq -c '[.cpupools[1].domains[] | [.domid, .name]]' <<< "$output")" = '[[1,"nav"],[2,"gps"]]' ]
	[ "$(jq -c '.cpupools[0].domains' <<< "$output")" = '[{"domid":0,"name":null}]' ]
	run -2 --separate-stderr "$XENMIN_FAKE" "${D[@]}" cpupool destroy 1
	[ "$stderr" = "xenmin: cpupool destroy: cpupool 1: it has domains (nav,gps): move them out first (cpupool migrate DOMAIN 0)" ]
	run -0 --separate-stderr "$XENMIN_FAKE" "${D[@]}" cpupool migrate gps 0
	[ "$output" = "domain gps (domid 2): moved from cpupool 1 to cpupool 0" ]
	[ "$(fake_field domain 2 pool)" = 0 ]
	run -2 --separate-stderr "$XENMIN_FAKE" "${D[@]}" cpupool migrate gone 0
	[[ "$stderr" == "xenmin: cpupool migrate: gone: no such domain"* ]]
	run -64 --separate-stderr "$XENMIN_FAKE" "${D[@]}" cpupool migrate nosuch 0
	[[ "${stderr_lines[0]}" == "xenmin: cpupool migrate: nosuch: not a domain id (0 to 32751) nor a name in "* ]]
}
