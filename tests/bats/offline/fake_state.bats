#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The fake's state file as the offline tests use it (syntax:
# tests/unit/README.md): an empty file is the default system and is saved
# in full; a file with a mistake stops xenmin-fake with file:line and exit
# 99 before any hypercall, so a typo in a test fails that test instead of
# testing the default system. The parser's every message: test_fake.c.
bats_require_minimum_version 1.7.0
load common

setup() {
	fake_state
}

@test "fake state: an empty file is the default system, saved in full and loaded back the same" {
	run -0 "$XENMIN_FAKE" domain list
	[ "${#lines[@]}" -eq 4 ]
	[ "$(head -n 1 "$XM_FAKE_STATE")" = empty ]
	[ "$(fake_field domain 1 uuid)" = 00000000-0000-4000-8000-0000000000d1 ]
	[ "$(fake_field pool 0 sched)" = arinc653 ]
	cp "$XM_FAKE_STATE" "$BATS_TEST_TMPDIR/first"
	run -0 "$XENMIN_FAKE" domain list
	cmp "$XM_FAKE_STATE" "$BATS_TEST_TMPDIR/first"
}

@test "fake state: a line changes only the fields it names; later lines win" {
	fake_set domain 2 pool 0 flags running
	fake_set domain 2 pause_count 1
	fake_set domain 9 uuid 6e617600-0000-4000-8000-000000000009 pool 1 vcpus 2
	run -0 "$XENMIN_FAKE" domain list 2 9
	read -r -a r <<< "${lines[1]}"
	[ "${r[*]}" = "2 00000000-0000-4000-8000-0000000000d2 r-p--- 128 129 1 0 0.0 -" ]
	read -r -a r <<< "${lines[2]}"
	[ "${r[*]}" = "9 6e617600-0000-4000-8000-000000000009 ------ 0 0 2 1 0.0 -" ]
}

@test "fake state: an unknown keyword stops the fake, naming file and line, before any hypercall" {
	fake_set domain 1 pool 0
	fake_set domian 2 pool 0
	run -99 --separate-stderr "$XENMIN_FAKE" --trace domain list
	[ -z "$output" ]
	[ "$stderr" = "xenmin-fake: $XM_FAKE_STATE:2: unknown keyword 'domian' (known: empty, xen, pool, a653, domain, console, vcpu, fail, conline, conlater, hypfs, hypfs_config, gone, step)" ]
}

@test "fake state: an unknown flag or field stops the fake" {
	fake_set domain 1 flags running,paused
	run -99 --separate-stderr "$XENMIN_FAKE" domain pause 1
	[ "$stderr" = "xenmin-fake: $XM_FAKE_STATE:1: domain 1: flags: unknown flag 'paused' (known: dying, hvm, blocked, running, debugged, xs_domain, hap)" ]
	fake_state
	fake_set xen sysctl_abset yes
	run -99 --separate-stderr "$XENMIN_FAKE" info
	[[ "$stderr" == "xenmin-fake: $XM_FAKE_STATE:1: xen: unknown field 'sysctl_abset' (known: version, "* ]]
}

@test "fake state: an unknown errno or command name in a fail line stops the fake" {
	fake_set fail domctl setdomainhandle errno ESRHC nth 2
	run -99 --separate-stderr "$XENMIN_FAKE" domain list
	[[ "$stderr" == "xenmin-fake: $XM_FAKE_STATE:1: fail domctl setdomainhandle: errno: unknown errno name 'ESRHC' (known: none, EPERM, "* ]]
	fake_state
	fake_set fail domctl 17 errno ESRCH
	run -99 --separate-stderr "$XENMIN_FAKE" domain list
	[[ "$stderr" == "xenmin-fake: $XM_FAKE_STATE:1: fail: unknown domctl command '17' (known: "* ]]
}

@test "fake state: a fail line fails the Nth such call of each run" {
	fake_set fail domctl pausedomain errno EBUSY nth 2
	for i in 1 2; do
		run -2 --separate-stderr "$XENMIN_FAKE" domain pause 1 2
		[ "$output" = "domain 1: paused" ]
		[[ "$stderr" == "xenmin: domain pause: 2: "* ]]
	done
	[ "$(fake_field domain 1 pause_count)" = 2 ]
	[ "$(fake_field domain 2 pause_count)" = 0 ]
	[ "$(fake_line fail domctl)" = "fail domctl pausedomain errno EBUSY nth 2" ]
}

@test "fake state: a missing state file stops the fake" {
	export XM_FAKE_STATE="$BATS_TEST_TMPDIR/none/fake.state"
	run -99 --separate-stderr "$XENMIN_FAKE" info
	[ "$stderr" = "xenmin-fake: $XM_FAKE_STATE: No such file or directory" ]
}
