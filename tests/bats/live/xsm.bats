#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Live, x86: `xenmin info` names the XSM policy in force. Witnesses: the .config beside
# the booted hypervisor (XM_XEN_CONFIG, read with grep). No x86 bed builds XSM, so the
# policy is the dummy one, known from the build, and no xsm_op is asked (only FLASK would
# answer it).
load live_helper

field() { printf '%s\n' "$1" | sed -n "s/^$2: //p" | head -n1; }

@test "xsm: info names the dummy policy of a Xen built without XSM, and asks no xsm_op" {
	xen_built_with XSM && skip "$XM_BED's Xen is built with XSM"
	run --separate-stderr guest xenmin --trace info
	[ "$status" -eq 0 ]
	[ "$(field "$output" xsm)" = none ]
	[ "$(field "$output" xsm_policy)" = dummy ]
	[ "$(field "$output" xsm_policy_from)" = "Xen is built without XSM (the dummy policy's rules)" ]
	[[ "$stderr" != *xsm_op* ]]
	run --separate-stderr guest xenmin info --json
	[ "$(printf '%s' "$output" | jq -r .xsm_policy)" = dummy ]
}
