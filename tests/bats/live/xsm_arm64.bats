#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Live, arm64 dom0less beds: `xenmin info` names the XSM policy in force. The arm64 builds
# have FLASK and SILO, SILO the default (arm64-4.20 is Debian trixie's). Witnesses: the
# .config beside the booted hypervisor, and Xen's own boot log on the serial console
# ("Initialising XSM SILO mode"). FLASK is asked first and, not being in force, does not
# answer its xsm_op (-ENOSYS: Xen's own result, in the trace).
load arm64_helper

field() { printf '%s\n' "$1" | sed -n "s/^$2: //p" | head -n1; }

teardown() {
	[ -n "${BATS_TEST_COMPLETED:-}" ] || xm_console_tail >&3
}

@test "xsm (arm64): info names SILO, the policy Xen started, and how it knows" {
	xen_built_with XSM_SILO_DEFAULT || skip "$XM_BED's Xen does not default to SILO"
	xm_console | grep -q "Initialising XSM SILO mode"
	run --separate-stderr guest xenmin --trace info
	[ "$status" -eq 0 ]
	[ "$(field "$output" xsm_policy)" = silo ]
	# From the boot messages while the ring holds them, else the build's default, said so.
	[[ "$(field "$output" xsm_policy_from)" == "Xen's boot messages (\"Initialising XSM SILO mode\")" ||
	   "$(field "$output" xsm_policy_from)" == "the build's default: "* ]]
	printf '%s\n' "$stderr" | grep -q "xsm_op flask_getenforce -> -ENOSYS"
	run --separate-stderr guest xenmin info --json
	[ "$(printf '%s' "$output" | jq -r .xsm_policy)" = silo ]
}
