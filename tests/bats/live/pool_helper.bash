# SPDX-License-Identifier: MIT
# Shared by the live cpupool, vcpu and ARINC 653 workflow tests (after live_helper): xl as
# the witness of cpupools and vCPUs, what each bed can do, and putting the bed's pools and
# affinities back as it booted.
#
# xl lists a cpupool only when xenstore names it (/local/pool/ID/name: xen-init-dom0 names
# the pools of boot Pool-ID, `xl cpupool-create` names its own), and libxl stops listing at
# the first pool without a name, hiding the ones after it too. xenmin uses no xenstore, so
# these tests name each pool xenmin creates Pool-ID, as xen-init-dom0 would (xl_name),
# before asking xl about it. The names stay when the pool goes (the beds' dom0 has no
# xenstore-rm): libxl reads the name of a pool only while the pool exists.

# xl_name ID: give pool ID the name xl needs to list it.
xl_name() { guest xenstore-write "/local/pool/$1/name" "Pool-$1"; }

# xl_pools: "ID NCPUS SCHED NDOMS CPULIST" per pool as xl sees it (`xl cpupool-list` and
# `-c`, taken in one guest call); CPULIST is "-" for none.
xl_pools() {
	guest sh -c 'xl cpupool-list; echo ===; xl cpupool-list -c' | awk '
		/^===/ { c = 1; next }
		/^Name/ { next }
		{ id = $1; sub(/^Pool-/, "", id) }
		!c { line[id] = id " " $2 " " $3 " " $5 }
		c { cpus[id] = $2 == "" ? "-" : $2 }
		END { for (i in line) print line[i], cpus[i] }' | sort -n
}

# xm_pools: the same from `xenmin cpupool list --json`.
xm_pools() {
	guest xenmin cpupool list --json | jq -r '.cpupools[] |
		"\(.id) \(.cpus | length) \(.scheduler) \(.n_domains) " +
		(if (.cpus | length) == 0 then "-" else (.cpus | map(tostring) | join(",")) end)'
}

# xl_vcpus: "ID VCPU CPU STATE HARD SOFT" per vCPU from `xl vcpu-list`.
xl_vcpus() {
	guest xl vcpu-list | awk 'NR > 1 { print $2, $3, $4, $5, $7, $9 }'
}

# xm_vcpus: the same from `xenmin vcpu list`.
xm_vcpus() {
	guest xenmin vcpu list | awk 'NR > 1 { print $1, $2, $3, $4, $6, $7 }'
}

# xl_domain_pools: "DOMID POOLNAME" per domain (`xl list -c`).
xl_domain_pools() {
	guest xl list -c | awk 'NR > 1 { print $2, $NF }'
}

# pool_field ID FIELD: one field of pool ID in `xenmin cpupool list --json`.
pool_field() {
	guest xenmin cpupool list --json | jq -r ".cpupools[] | select(.id == $1) | .$2"
}

# bed_ncpus: the host's CPUs (xl info nr_cpus).
bed_ncpus() { guest xl info | awk '$1 == "nr_cpus" { print $3 }'; }

# built SCHED: succeed when xenmin info says this Xen is built with SCHED.
built() {
	guest xenmin info | sed -n 's/^built_schedulers: //p' | tr ' ' '\n' | grep -qx "$1"
}

# pools_restore: every pool but Pool-0 gone (its domains moved back first), and every free
# CPU back in Pool-0: the bed's cpupools as it booted. For teardown.
pools_restore() {
	local js id d c
	js=$(guest xenmin cpupool list --json) || return 0
	for id in $(jq -r '.cpupools[] | select(.id != 0) | .id' <<< "$js"); do
		for d in $(jq -r ".cpupools[] | select(.id == $id) | .domains[].domid" <<< "$js"); do
			guest xenmin cpupool migrate "$d" 0 || true
		done
		guest xenmin cpupool destroy "$id" || true
	done
	for c in $(guest xenmin cpupool list --json | jq -r '.free_cpus[]'); do
		guest xenmin cpupool cpu-add 0 "$c" || true
	done
}

# affinities_restore: every vCPU's hard and soft affinity all again, as the bed booted.
affinities_restore() {
	guest sh -c 'for d in $(xl list | awk "NR > 1 { print \$2 }"); do
		xenmin vcpu pin $d all all >/dev/null; xenmin vcpu pin --soft $d all all >/dev/null
	done' || true
}
