#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The x86 beds' hypervisor builds as their .config says (XM_XEN_CONFIG, from bed.sh), with
# xl as the witness of what Xen accepts. Debian builds Xen without ARINC 653: there the
# test says so in the suite output and checks the refusals (xl cannot make an arinc653
# cpupool, xenmin's sched-arinc653 names the real scheduler); where ARINC 653 is built in,
# xl makes an empty arinc653 pool and xenmin info lists it as xl does.
load live_helper

POOL=xm-build-a653

teardown() {
	guest sh -c "xl cpupool-list $POOL >/dev/null 2>&1 && xl cpupool-destroy $POOL" || true
}

@test "xen build: an arinc653 cpupool can be made only where ARINC 653 is built in" {
	run --separate-stderr guest xl cpupool-create "name=\"$POOL\"" 'sched="arinc653"'
	echo "xl cpupool-create: $status: $stderr"
	if ! xen_built_with SCHED_ARINC653; then
		bed_note "Xen built without CONFIG_SCHED_ARINC653: checking the refusals"
		[ "$status" -ne 0 ]
		[[ "$stderr" == *"Could not create cpupool"* ]]
		run --separate-stderr guest xenmin info
		[ "$(grep -c '^cpupool ' <<< "$output")" -eq 1 ]
		run --separate-stderr guest xenmin sched-arinc653 get
		[ "$status" -eq 2 ]
		[[ "$stderr" == *"$XM_SCHED"* ]]
		return 0
	fi
	[ "$status" -eq 0 ]
	run_pair "xl cpupool-list $POOL" 'xenmin info --json'
	local id
	id=$(printf '%s' "$SECOND" | jq -r '.cpupools[] | select(.scheduler == "arinc653" and .domains == 0) | .id' | tail -n1)
	[ -n "$id" ]
	[ "$id" -gt 0 ]
	grep -Eq "^$POOL +0 +arinc653 " <<< "$FIRST"
	[ "$(printf '%s' "$SECOND" | jq -r ".cpupools[] | select(.id == $id) | .cpus")" = none ]
}
