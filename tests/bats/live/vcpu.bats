# SPDX-License-Identifier: MIT
# Live, x86 beds: `xenmin vcpu list` agrees with `xl vcpu-list` (the witness, same dom0) on
# every vCPU's pCPU, state and hard and soft affinity, as booted and after `xenmin vcpu
# pin`; pin of one vCPU and of all, hard and soft, shows in xl as set; refusals (a CPU the
# host lacks, no CPU of the domain's pool, no such vCPU) change nothing xl shows. On a
# 1-CPU bed "all" is CPU 0, so pinning there is "unchanged". Teardown puts every vCPU's
# affinities back as the test found them.
load live_helper
load pool_helper

setup() {
	affinities_save
}

teardown() {
	affinities_restore
}

# same_vcpus: xenmin and xl agree on every vCPU. A domU's vCPU may change CPU or flip
# between running and blocked between the two reads: up to 5 tries.
same_vcpus() {
	local try xl xm
	for try in 1 2 3 4 5; do
		xl=$(xl_vcpus) xm=$(xm_vcpus)
		[ "$xl" = "$xm" ] && return 0
		sleep 1
	done
	echo "xl:"; echo "$xl"; echo "xenmin:"; echo "$xm"
	return 1
}

# affinity DOMID: "HARD SOFT" of vCPU 0 as xl shows it.
affinity() { guest xl vcpu-list "$1" | awk 'NR == 2 { print $7, $9 }'; }

# cpus_of LIST NCPUS: the CPUs of xl's CPU list LIST ("all", "0", "0-1,3"), one line of
# numbers, ascending.
cpus_of() {
	awk -v l="$1" -v n="$2" 'BEGIN {
		if (l == "all") l = "0-" (n - 1)
		k = split(l, part, ",")
		for (i = 1; i <= k; i++) {
			if (split(part[i], r, "-") == 1) r[2] = r[1]
			for (c = r[1]; c <= r[2]; c++) out = out (out == "" ? "" : " ") c
		}
		print out
	}'
}

@test "vcpu list: every vCPU's pCPU, state and affinities agree with xl vcpu-list, as booted" {
	same_vcpus
	run --separate-stderr guest xenmin vcpu list
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "   ID  VCPU   CPU STATE      TIME HARD      SOFT      NAME" ]
	[ "$(guest xl vcpu-list | awk 'NR > 1' | wc -l)" -eq $((${#lines[@]} - 1)) ]
}

@test "vcpu list --json: the same vCPUs, CPU sets as arrays of the host's CPUs" {
	local n
	n=$(bed_ncpus)
	run --separate-stderr guest xenmin vcpu list --json 0
	[ "$status" -eq 0 ]
	[ "$(json 'length')" -eq 1 ]
	[ "$(json '.[0].online')" = true ]
	# The hard affinity is the set xl shows: all of the host's CPUs as booted, but only
	# CPU 0 where dom0 is pinned (dom0_vcpus_pin, x86-4.17-credit2).
	[ "$(json '.[0].hard_affinity | map(tostring) | join(" ")')" = "$(cpus_of "$(affinity 0 | cut -d' ' -f1)" "$n")" ]
	# dom0's vCPU 0 may move to another pCPU between the two reads: up to 5 tries
	local try xl
	for try in 1 2 3 4 5; do
		xl=$(guest xl vcpu-list 0 | awk 'NR == 2 { print $4 }')
		[ "$(json '.[0].cpu')" = "$xl" ] && return 0
		run --separate-stderr guest xenmin vcpu list --json 0
		[ "$status" -eq 0 ]
	done
	echo "xenmin: $(json '.[0].cpu'), xl: $xl"
	return 1
}

@test "vcpu pin: hard and soft affinities set as xl then shows them, and back to all" {
	local d1 n
	d1=$(domid_of d1)
	n=$(bed_ncpus)
	if [ "$n" -lt 2 ]; then
		run --separate-stderr guest xenmin vcpu pin "$d1" 0 0
		[ "$status" -eq 0 ]
		[ "$output" = "domain $d1 vcpu 0: hard affinity all (unchanged)" ]
		[ "$(affinity "$d1")" = "all all" ]
		return 0
	fi
	run --separate-stderr guest xenmin vcpu pin "$d1" 0 1
	[ "$status" -eq 0 ]
	[ "$output" = "domain $d1 vcpu 0: hard affinity 1 (was all)" ]
	[ "$(affinity "$d1")" = "1 all" ]
	run --separate-stderr guest xenmin vcpu pin --soft "$d1" 0 0
	[ "$status" -eq 0 ]
	[ "$output" = "domain $d1 vcpu 0: soft affinity 0 (was all; in effect none, in cpupool 0)" ]
	[ "$(affinity "$d1")" = "1 0" ]
	# the vCPU runs where its hard affinity says
	same_vcpus
	[ "$(guest xl vcpu-list "$d1" | awk 'NR == 2 { print $4 }')" = 1 ]
	run --separate-stderr guest xenmin vcpu pin "$d1" all 0-1,^1,1
	[ "$status" -eq 0 ]
	[ "$output" = "domain $d1 vcpu 0: hard affinity all (was 1)" ]
	[ "$(affinity "$d1")" = "all 0" ]
	same_vcpus
}

@test "vcpu pin: refusals change nothing xl shows" {
	local d2 before n
	d2=$(domid_of d2)
	n=$(bed_ncpus)
	before=$(xl_vcpus)
	run --separate-stderr guest xenmin vcpu pin "$d2" 0 "$n"
	[ "$status" -eq 2 ]
	[ "$stderr" = "xenmin: vcpu pin: CPU list '$n': column 1: no such CPU on this host (CPUs 0 to $((n - 1)))" ]
	run --separate-stderr guest xenmin vcpu pin "$d2" 1 0
	[ "$status" -eq 2 ]
	[ "$stderr" = "xenmin: vcpu pin: domain $d2: no vCPU 1 (it has 1)" ]
	run --separate-stderr guest xenmin vcpu pin "$d2" 0 0-3,^x
	[ "$status" -eq 64 ]
	[ "$(xl_vcpus | awk '{ print $1, $2, $5, $6 }')" = "$(printf '%s\n' "$before" | awk '{ print $1, $2, $5, $6 }')" ]
}

@test "vcpu pin: a hard affinity outside the domain's cpupool is refused before Xen sees it" {
	local d2
	d2=$(domid_of d2)
	if [ "$(bed_ncpus)" -lt 2 ]; then
		# one CPU, in Pool-0 with every domain: no CPU outside the pool to name
		[ "$(guest xenmin cpupool list --json | jq -r '.cpupools[0].cpus | length')" -eq 1 ]
		return 0
	fi
	guest xenmin cpupool cpu-remove 0 1
	run --separate-stderr guest xenmin --trace vcpu pin "$d2" 0 1
	guest xenmin cpupool cpu-add 0 1
	[ "$status" -eq 2 ]
	[ "${stderr_lines[-1]}" = "xenmin: vcpu pin: domain $d2: CPUs 1: none is in its cpupool 0 (CPUs 0), and Xen takes a hard affinity only with one of those" ]
	[[ "$stderr" != *setvcpuaffinity* ]]
	[ "$(affinity "$d2")" = "all all" ]
}
