# SPDX-License-Identifier: MIT
# Live, x86 beds: `xenmin cpupool list` agrees with `xl cpupool-list` and `-c` (the witness,
# same dom0) as the bed booted and after each change xenmin makes; create, cpu-remove,
# cpu-add, migrate and destroy do what they say by xl; every refusal (a scheduler not built
# in, the last CPU of Pool-0 and CPU 0, a CPU in another pool, a pool with domains, the last
# CPU of a pool with domains, a pool without CPUs, the calling domain) exits 2 or 76 and
# leaves xl cpupool-list as it was. A 1-CPU bed has no CPU to move: there the moves are
# refusals too. Pools created here are named in xenstore so that xl lists them
# (pool_helper.bash); teardown puts the bed's pools back.
load live_helper
load pool_helper

teardown() {
	pools_restore
}

# same_pools: xenmin and xl see the same pools (ids, CPUs, scheduler, domain counts).
same_pools() {
	local xl xm
	xl=$(xl_pools) xm=$(xm_pools)
	[ "$xl" = "$xm" ] || { echo "xl:"; echo "$xl"; echo "xenmin:"; echo "$xm"; return 1; }
}

# refused CODE WORDS CMD...: CMD exits CODE, prints nothing, says WORDS on stderr, and xl's
# view of the pools is what it was.
refused() {
	local code=$1 words=$2 before
	shift 2
	before=$(xl_pools)
	run --separate-stderr guest "$@"
	echo "status $status, stdout [$output], stderr [$stderr]"
	[ "$status" -eq "$code" ]
	[ -z "$output" ]
	[ "$stderr" = "$words" ]
	[ "$(xl_pools)" = "$before" ]
}

@test "cpupool list: the bed's pools as xl sees them, as booted" {
	same_pools
	run --separate-stderr guest xenmin cpupool list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "  ID SCHED     NCPUS CPUS            NDOMS DOMAINS" ]
	read -r -a r <<< "${lines[1]}"
	[ "${r[0]}" = 0 ]
	[ "${r[1]}" = "$XM_SCHED" ]
	[ "${r[2]}" = "$(bed_ncpus)" ]
	[ "${lines[-1]}" = "free CPUs: none" ]
	# every domain is in Pool-0, each named once in DOMAINS
	[ "${r[5]}" = "$(guest xl list | awk 'NR > 1 { print $2 }' | sort -n | paste -sd,)" ]
}

@test "cpupool create and destroy: an empty pool, seen and gone by xl" {
	run --separate-stderr guest xenmin cpupool create 7 --sched credit
	[ "$status" -eq 0 ]
	[ "$output" = "cpupool 7: created (scheduler credit, no CPUs yet)" ]
	# xl lists it only once xenstore names it (README)
	[ "$(xl_pools | wc -l)" -eq 1 ]
	xl_name 7
	[[ "$(xl_pools)" == *$'\n'"7 0 credit 0 -" ]]
	same_pools
	run --separate-stderr guest xenmin cpupool destroy 7
	[ "$status" -eq 0 ]
	[ "$output" = "cpupool 7: destroyed" ]
	[ "$(xl_pools | wc -l)" -eq 1 ]
}

@test "cpupool create: a scheduler this Xen is built without is refused in words (exit 76)" {
	! built rtds || false
	refused 76 "xenmin: cpupool create: this Xen is built without the rtds scheduler (CONFIG_SCHED_RTDS is not set)" \
		xenmin cpupool create --sched rtds
	if ! built arinc653; then
		refused 76 "xenmin: cpupool create: this Xen is built without the ARINC 653 scheduler (CONFIG_SCHED_ARINC653 is not set)" \
			xenmin cpupool create 1 --sched arinc653
	fi
}

@test "cpupool cpu-remove: CPU 0, the last CPU of Pool-0, never leaves; no such pool or CPU" {
	refused 2 "xenmin: cpupool cpu-remove: CPU 0 never leaves Pool-0 (Xen keeps it there, with dom0)" \
		xenmin cpupool cpu-remove 0 0
	refused 2 "xenmin: cpupool cpu-remove: cpupool 5: no such cpupool" xenmin cpupool cpu-remove 5 0
	refused 2 "xenmin: cpupool cpu-remove: CPU list '9': column 1: no such CPU on this host (CPUs 0 to $(($(bed_ncpus) - 1)))" \
		xenmin cpupool cpu-remove 0 9
}

@test "cpupool destroy: Pool-0 and a pool with domains are refused" {
	refused 2 "xenmin: cpupool destroy: cpupool 0: Pool-0 is never destroyed (it holds CPU 0 and dom0)" \
		xenmin cpupool destroy 0
	refused 2 "xenmin: cpupool destroy: cpupool 3: no such cpupool" xenmin cpupool destroy 3
}

@test "cpupool migrate: a pool without CPUs is refused, and so is a CPU of another pool" {
	guest xenmin cpupool create 4 --sched credit
	xl_name 4
	refused 2 "xenmin: cpupool migrate: cpupool 4 has no CPU, so no domain can run there: give it one first (cpupool cpu-add 4 CPU)" \
		xenmin cpupool migrate "$(domid_of d1)" 4
	refused 2 "xenmin: cpupool cpu-add: CPU 0 is in cpupool 0: take it out there first (cpupool cpu-remove 0 0)" \
		xenmin cpupool cpu-add 4 0
	# dom0 is in Pool-0 already: nothing to do, not a refusal
	run --separate-stderr guest xenmin cpupool migrate 0 0
	[ "$status" -eq 0 ]
	[ "$output" = "domain 0: in cpupool 0 already" ]
}

@test "cpupool: a CPU and a domain moved to a new pool and back, xl agreeing at each step (or no CPU to move)" {
	local d2 n s=credit
	d2=$(domid_of d2)
	n=$(bed_ncpus)
	# Two Xen bugs seen on loaded hosts pick pool 6's scheduler. On x86 Xen 4.20, credit1
	# hung for good taking a CPU out of a credit pool (under xl cpupool-cpu-remove as much
	# as under xenmin, in the first two rounds each of three times): credit2 there. On
	# Xen 4.17.5 with Pool-0 on credit2, moving a domain from a credit2 pool 6 back to it
	# crashed Xen (update_runq_load from csched2_context_saved): credit elsewhere.
	case $XM_BED in x86-4.20*) s=credit2 ;; esac
	guest xenmin cpupool create 6 --sched $s
	xl_name 6
	if [ "$n" -lt 2 ]; then
		# One CPU: Pool-0 keeps it; nothing can run in pool 6.
		refused 2 "xenmin: cpupool cpu-add: CPU 0 is in cpupool 0: take it out there first (cpupool cpu-remove 0 0)" \
			xenmin cpupool cpu-add 6 0
		return 0
	fi
	run --separate-stderr guest xenmin cpupool cpu-remove 0 1
	[ "$status" -eq 0 ]
	[ "$output" = "cpupool 0: CPU 1 removed (now free)" ]
	[ "$(guest xenmin cpupool list | tail -n 1)" = "free CPUs: 1" ]
	[ "$(guest xl info | awk '$1 == "free_cpus" { print $3 }')" = 1 ]
	run --separate-stderr guest xenmin cpupool cpu-add 6 1
	[ "$status" -eq 0 ]
	[ "$output" = "cpupool 6: CPU 1 added" ]
	run --separate-stderr guest xenmin cpupool migrate "$d2" 6
	[ "$status" -eq 0 ]
	[ "$output" = "domain $d2: moved from cpupool 0 to cpupool 6" ]
	same_pools
	[[ "$(xl_pools)" == *$'\n'"6 1 $s 1 1" ]]
	[ "$(xl_domain_pools | awk -v d="$d2" '$1 == d { print $2 }')" = Pool-6 ]
	# now the pool's last CPU and the pool itself hold a domain
	refused 2 "xenmin: cpupool cpu-remove: that is every CPU of cpupool 6, which has domains ($d2): Xen keeps a pool's last CPU while it has any; move them out first (cpupool migrate DOMAIN 0)" \
		xenmin cpupool cpu-remove 6 1
	refused 2 "xenmin: cpupool destroy: cpupool 6: it has domains ($d2): move them out first (cpupool migrate DOMAIN 0)" \
		xenmin cpupool destroy 6
	refused 2 "xenmin: cpupool cpu-add: CPU 1 is in cpupool 6: take it out there first (cpupool cpu-remove 6 1)" \
		xenmin cpupool cpu-add 0 1
	# Xen's own refusal, in words: the domain xenmin runs in does not move
	refused 2 "xenmin: cpupool migrate: domain 0: Xen refused: it is the domain xenmin runs in" \
		xenmin cpupool migrate 0 6
	# and back
	guest xenmin cpupool migrate "$d2" 0
	run --separate-stderr guest xenmin cpupool destroy 6
	[ "$status" -eq 0 ]
	[ "$output" = $'cpupool 6: CPU 1 removed (now free)\ncpupool 6: destroyed' ]
	guest xenmin cpupool cpu-add 0 1
	same_pools
	[ "$(xl_pools)" = "0 $n $XM_SCHED $(guest xl list | awk 'NR > 1' | wc -l) $(seq -s, 0 $((n - 1)))" ]
}

@test "cpupool list --json and the text say the same" {
	run_pair 'xenmin cpupool list --json' 'xenmin cpupool list'
	local js=$FIRST txt=$SECOND
	[ "$(printf '%s' "$js" | jq -r '.cpupools[0] | "\(.id) \(.scheduler) \(.cpus | length) \(.n_domains)"')" = \
		"$(printf '%s\n' "$txt" | awk 'NR == 2 { print $1, $2, $3, $5 }')" ]
	[ "$(printf '%s' "$js" | jq -r '.free_cpus | length')" -eq 0 ]
}
