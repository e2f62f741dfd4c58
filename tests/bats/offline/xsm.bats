#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The XSM policy in force (`xenmin info`: xsm_policy and how it is known) and
# refusals worded as what they are, over the fake hypervisor. The fake has no
# FLASK: its xsm_op is ENOSYS, as under the dummy policy and SILO. The .config
# samples of tests/data/xen-config/ are served through hypfs; Xen's boot
# messages are conline lines of its console ring. FLASK itself is not on any
# bed, nor in the fake.
bats_require_minimum_version 1.7.0
load common

CFG=tests/data/xen-config

setup() {
	fake_state
}

serve() {
	gzip -9nc < "$CFG/$1.config" > "$BATS_TEST_TMPDIR/$1.gz"
	fake_set hypfs_config "$BATS_TEST_TMPDIR/$1.gz"
}

field() { printf '%s\n' "$output" | sed -n "s/^$1: //p"; }

boot_lines() {
	fake_set conline "(XEN) Xen version 4.17.5 (Debian)"
	fake_set conline "(XEN) XSM Framework v1.0.1 initialized"
	[ "${1:-}" != silo ] || fake_set conline "(XEN) Initialising XSM SILO mode"
}

@test "xsm: built without XSM: the dummy policy, from the build, no xsm_op asked" {
	serve x86-4.17-arinc653
	run -0 --separate-stderr "$XENMIN_FAKE" --trace info
	[ "$(field xsm_policy)" = dummy ]
	[ "$(field xsm_policy_from)" = "Xen is built without XSM (the dummy policy's rules)" ]
	[[ "$stderr" != *xsm_op* ]]
}

@test "xsm: SILO built as the default, and the boot messages say SILO started" {
	serve arm64-4.17-dom0less
	boot_lines silo
	run -0 --separate-stderr "$XENMIN_FAKE" --trace info
	[ "$(field xsm_policy)" = silo ]
	[ "$(field xsm_policy_from)" = "Xen's boot messages (\"Initialising XSM SILO mode\")" ]
	# FLASK was asked first: only it answers its xsm_op.
	[[ "$stderr" == *"xsm_op flask_getenforce -> -ENOSYS"* ]]
	run -0 "$XENMIN_FAKE" info --json
	[ "$(echo "$output" | jq -r .xsm_policy)" = silo ]
}

@test "xsm: SILO the default, yet XSM started without it (xsm=dummy): the dummy" {
	serve arm64-4.17-dom0less
	boot_lines
	run -0 "$XENMIN_FAKE" info
	[ "$(field xsm_policy)" = dummy ]
	[ "$(field xsm_policy_from)" = "Xen's boot messages (XSM up, in neither SILO nor FLASK mode)" ]
}

@test "xsm: the boot messages are gone from the ring: the build's default, said as such" {
	serve arm64-4.17-dom0less
	fake_set conline "(XEN) [ 9999.0] much later"
	run -0 "$XENMIN_FAKE" info
	[ "$(field xsm_policy)" = silo ]
	[[ "$(field xsm_policy_from)" == "the build's default: "*"xsm= on Xen's command line could have chosen another" ]]
}

@test "xsm: FLASK the default and built without SILO, yet FLASK silent: the dummy" {
	serve arm64-4.21-nosysctl
	run -0 "$XENMIN_FAKE" info
	[ "$(field xsm_policy)" = dummy ]
	[ "$(field xsm_policy_from)" = "FLASK does not answer, and SILO is not built in" ]
}

@test "xsm: no hypfs and no boot messages: unknown, and why (null in JSON)" {
	fake_set hypfs absent
	run -0 "$XENMIN_FAKE" info
	[ "$(field xsm_policy)" = unknown ]
	[[ "$(field xsm_policy_from)" == "FLASK does not answer; no .config in hypfs"* ]]
	run -0 "$XENMIN_FAKE" info --json
	[ "$(echo "$output" | jq .xsm_policy)" = null ]
	# The banner without an XSM framework: built without XSM.
	fake_set conline "(XEN) Xen version 4.17.5 (Debian)"
	run -0 "$XENMIN_FAKE" info
	[ "$(field xsm_policy)" = dummy ]
}

@test "xsm: a refusal under SILO is worded as SILO's, with exit 77" {
	serve arm64-4.17-dom0less
	boot_lines silo
	fake_set fail domctl pausedomain errno EPERM
	run -77 --separate-stderr "$XENMIN_FAKE" domain pause 1
	[ "$stderr" = "xenmin: domain pause: 1: denied by Xen's XSM policy, SILO: only the control domain may do this (and domUs talk only to it), and this domain is not it" ]
	# EACCES is no denial where FLASK does not answer: Xen refused the interface version.
	fake_state
	fake_set fail domctl pausedomain errno EACCES
	run -76 --separate-stderr "$XENMIN_FAKE" domain pause 1
	[ "$stderr" = "xenmin: domain pause: 1: Xen refused the interface version xenmin used (unsupported Xen build)" ]
}

@test "xsm: a context that knows its EPERM keeps its own words" {
	fake_set fail sysctl cpupool_movedomain errno EPERM
	run -2 --separate-stderr "$XENMIN_FAKE" cpupool migrate 1 0
	[[ "$stderr" == *"Xen refused: it is the domain xenmin runs in"* ]]
}
