#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `xenmin info`'s "built with" lines over the fake hypervisor's hypfs: the
# .config samples of tests/data/xen-config/, gzip'd here by the system's
# gzip (as Xen's build does) and served as /buildinfo/config, must come
# out as each sample was written to say; and where hypfs is absent,
# denied, has no .config or a corrupt one, info says why, marks each
# answer it could not get "unknown", and still exits 0.
bats_require_minimum_version 1.7.0
load common

CFG=tests/data/xen-config

setup() {
	fake_state
}

# serve SAMPLE: gzip it and make the fake serve it.
serve() {
	gzip -9nc < "$CFG/$1.config" > "$BATS_TEST_TMPDIR/$1.gz"
	fake_set hypfs_config "$BATS_TEST_TMPDIR/$1.gz"
}

# field KEY: the value of the "KEY: value" line of $output.
field() { printf '%s\n' "$output" | sed -n "s/^$1: //p"; }

@test "info: the x86 4.17 ARINC 653 build" {
	serve x86-4.17-arinc653
	run -0 --separate-stderr "$XENMIN_FAKE" info
	[ -z "$stderr" ]
	[ "$(field build_config)" = "hypfs /buildinfo/config" ]
	[ "$(field built_schedulers)" = "credit credit2 arinc653 null" ]
	[ "$(field default_scheduler)" = credit2 ]
	[ "$(field boot_time_cpupools)" = no ]
	[ "$(field sysctl)" = yes ]
	[ "$(field xsm)" = none ]
	[ "$(field xsm_default)" = dummy ]
	[ "$(field hypfs)" = yes ]
	[ -z "$(field unknown_because)" ]
	# Then the XSM policy in force, before the pools, so the pools stay the last lines.
	[[ "$output" == *$'\nhypfs: yes\nxsm_policy: dummy\nxsm_policy_from: Xen is built without XSM (the dummy policy\'s rules)\ncpupool 0: '* ]]
}

@test "info: Debian's 4.20 binary has no ARINC 653" {
	serve x86-4.20-debian
	run -0 "$XENMIN_FAKE" info
	[ "$(field built_schedulers)" = "credit credit2" ]
	[ "$(field xsm)" = none ]
}

@test "info: arm64 dom0less: boot-time cpupools, FLASK and SILO, SILO default" {
	serve arm64-4.17-dom0less
	run -0 "$XENMIN_FAKE" info
	[ "$(field boot_time_cpupools)" = yes ]
	[ "$(field xsm)" = "flask silo" ]
	[ "$(field xsm_default)" = silo ]
	serve arm64-4.17-debian
	run -0 "$XENMIN_FAKE" info
	[ "$(field boot_time_cpupools)" = no ]
	[ "$(field built_schedulers)" = "credit credit2" ]
}

@test "info: a 4.21 build without sysctl says so" {
	serve arm64-4.21-nosysctl
	run -0 "$XENMIN_FAKE" info
	[ "$(field sysctl)" = no ]
	[ "$(field built_schedulers)" = "arinc653 null" ]
	[ "$(field default_scheduler)" = arinc653 ]
	[ "$(field xsm)" = flask ]
	[ "$(field xsm_default)" = flask ]
}

@test "info --json: the build object, lists as arrays, yes/no as booleans" {
	serve arm64-4.17-dom0less
	run -0 "$XENMIN_FAKE" info --json
	echo "$output" | python3 -c '
import json, sys
b = json.load(sys.stdin)["build"]
assert b == {"build_config": "hypfs /buildinfo/config", "unknown_because": None,
             "built_schedulers": ["credit", "credit2", "arinc653", "null"],
             "default_scheduler": "credit2", "boot_time_cpupools": True,
             "sysctl": True, "xsm": ["flask", "silo"], "xsm_default": "silo",
             "hypfs": True}, b'
	serve x86-4.20-debian
	run -0 "$XENMIN_FAKE" info --json
	echo "$output" | python3 -c '
import json, sys
b = json.load(sys.stdin)["build"]
assert b["xsm"] == [] and b["xsm_default"] == "dummy", b
assert b["boot_time_cpupools"] is False, b'
}

# unknown_lines: every answer hypfs would have given is "unknown".
unknown_lines() {
	local k
	[ "$(field build_config)" = unknown ]
	for k in built_schedulers default_scheduler boot_time_cpupools xsm xsm_default; do
		[ "$(field $k)" = unknown ] || { echo "$k: $(field $k)"; return 1; }
	done
}

@test "info: hypfs absent: says so, unknown answers, sysctl known from the pools" {
	serve x86-4.17-arinc653
	fake_set hypfs absent
	run -0 --separate-stderr "$XENMIN_FAKE" info
	[ -z "$stderr" ]
	unknown_lines
	[ "$(field unknown_because)" = "hypfs is not built into this Xen (CONFIG_HYPFS is not set)" ]
	[ "$(field sysctl)" = yes ]
	[ "$(field hypfs)" = no ]
	run -0 "$XENMIN_FAKE" info --json
	echo "$output" | python3 -c '
import json, sys
b = json.load(sys.stdin)["build"]
assert b["build_config"] is None and b["built_schedulers"] is None, b
assert b["hypfs"] is False and b["sysctl"] is True, b
assert b["unknown_because"].startswith("hypfs is not built"), b'
}

@test "info: hypfs denied, no .config node, a corrupt one" {
	serve x86-4.17-arinc653
	fake_set hypfs denied
	run -0 "$XENMIN_FAKE" info
	unknown_lines
	[ "$(field unknown_because)" = "Xen denied the hypfs read (this domain is not the control domain, or XSM policy forbids it)" ]
	[ "$(field hypfs)" = yes ]
	fake_set hypfs present
	sed -i '/^hypfs_config /d' "$XM_FAKE_STATE"
	run -0 "$XENMIN_FAKE" info
	unknown_lines
	[ "$(field unknown_because)" = "this Xen does not publish its .config in hypfs (CONFIG_HYPFS_CONFIG is not set)" ]
	head -c 100 "$CFG/x86-4.17-arinc653.config" | gzip -9nc | head -c 60 > "$BATS_TEST_TMPDIR/cut.gz"
	fake_set hypfs_config "$BATS_TEST_TMPDIR/cut.gz"
	run -0 "$XENMIN_FAKE" info
	unknown_lines
	[ "$(field unknown_because)" = "hypfs /buildinfo/config does not decode" ]
}

@test "info: without sysctl and hypfs, sysctl: no (and the pools' failure, exit 76)" {
	fake_set xen sysctl_absent yes
	fake_set hypfs absent
	run -76 --separate-stderr "$XENMIN_FAKE" info
	[ "$(field sysctl)" = no ]
	[ "$(field hypfs)" = no ]
	[[ "$stderr" == *"Xen was built without sysctl"* ]]
}

@test "info --trace: the hypfs calls are traced" {
	serve x86-4.17-arinc653
	run -0 --separate-stderr "$XENMIN_FAKE" --trace info
	[[ "$stderr" == *$'xenmin: trace: hypfs_op get_version -> 1 ('* ]]
	[[ "$stderr" == *$'xenmin: trace: hypfs_op read -> 0 ('* ]]
}

# No pool runs arinc653: pool 0 credit2 too.
no_a653_pool() {
	fake_set pool 0 sched credit2
}

A653_ABSENT="this Xen is built without the ARINC 653 scheduler (CONFIG_SCHED_ARINC653 is not set)"

@test "sched-arinc653 get/set/diff on a Xen built without ARINC 653 say so in those words" {
	no_a653_pool
	serve x86-4.20-debian
	run -2 --separate-stderr "$XENMIN_FAKE" sched-arinc653 get
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 get: no cpupool runs arinc653 (pool 0 runs credit2, pool 1 runs credit2)" ]
	[ "${stderr_lines[1]}" = "xenmin: sched-arinc653 get: $A653_ABSENT" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	run -2 --separate-stderr "$XENMIN_FAKE" sched-arinc653 get --pool 1
	[ "${stderr_lines[1]}" = "xenmin: sched-arinc653 get: $A653_ABSENT" ]
	cfg=tests/sched/good/issue-example.cfg
	run -2 --separate-stderr "$XENMIN_FAKE" sched-arinc653 set "$cfg"
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 set: $cfg:2: pool 1 runs credit2, not arinc653" ]
	[ "${stderr_lines[1]}" = "xenmin: sched-arinc653 set: $A653_ABSENT" ]
	run -2 --separate-stderr "$XENMIN_FAKE" sched-arinc653 diff "$cfg"
	[ "${stderr_lines[1]}" = "xenmin: sched-arinc653 diff: $A653_ABSENT" ]
}

@test "sched-arinc653 get: built with ARINC 653, or hypfs cannot tell: no such sentence" {
	no_a653_pool
	serve x86-4.17-arinc653
	run -2 --separate-stderr "$XENMIN_FAKE" sched-arinc653 get
	[ "$stderr" = "xenmin: sched-arinc653 get: no cpupool runs arinc653 (pool 0 runs credit2, pool 1 runs credit2)" ]
	fake_set hypfs absent
	serve x86-4.20-debian
	run -2 --separate-stderr "$XENMIN_FAKE" sched-arinc653 get
	[ "$stderr" = "xenmin: sched-arinc653 get: no cpupool runs arinc653 (pool 0 runs credit2, pool 1 runs credit2)" ]
}
