#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `evtchn list` over the fake hypervisor, whose domains have port 1 bound to
# dom0 (xenstore's, dom0's port 41) and, with a console line, the console's
# port, unbound for dom0 until a backend binds it; every other port of the
# 64 is closed. The walk stops at Xen's EINVAL past the last port; names,
# usage errors and refusals keep their exit codes. Real channels of every
# kind: tests/bats/live/evtchn*.bats.
bats_require_minimum_version 1.7.0
load common

setup() {
	fake_state
}

@test "evtchn list: the open ports of a domain, closed ones left out" {
	fake_set console 1 kind hvm frame 0x40000 port 5 bound no
	run -0 --separate-stderr "$XENMIN_FAKE" evtchn list 1
	[ -z "$stderr" ]
	[ "${lines[0]}" = " PORT VCPU STATE       REMOTE" ]
	[ "${lines[1]}" = "    1    0 interdomain domain 0 port 41" ]
	[ "${lines[2]}" = "    5    0 unbound     for domain 0" ]
	[ "${#lines[@]}" -eq 3 ]
	# A backend bound it: now interdomain.
	fake_set console 1 bound yes
	run -0 "$XENMIN_FAKE" evtchn list 1
	[ "${lines[2]}" = "    5    0 interdomain domain 0 port 45" ]
}

@test "evtchn list --json: every key on every port, null where a state has none" {
	fake_set console 2 kind hvm frame 0x40000 port 3 bound no
	run -0 --separate-stderr "$XENMIN_FAKE" evtchn list --json 2
	[ "$(echo "$output" | jq -c '.[0]')" = '{"port":1,"vcpu":0,"state":"interdomain","remote_domid":0,"remote_port":41,"pirq":null,"virq":null,"virq_name":null}' ]
	[ "$(echo "$output" | jq -c '.[1]')" = '{"port":3,"vcpu":0,"state":"unbound","remote_domid":0,"remote_port":null,"pirq":null,"virq":null,"virq_name":null}' ]
	[ "$(echo "$output" | jq length)" -eq 2 ]
}

@test "evtchn list: one status call per port, from 0 until Xen's EINVAL" {
	run -0 --separate-stderr "$XENMIN_FAKE" --trace evtchn list 1
	# The version, then ports 0 to 63 and the 64th, which is past the end.
	[ "$(printf '%s\n' "${stderr_lines[@]}" | grep -c 'event_channel_op status dom=1 -> 0 ')" -eq 64 ]
	[[ "${stderr_lines[-1]}" == "xenmin: trace: event_channel_op status dom=1 -> -EINVAL ("* ]]
	[ "${#stderr_lines[@]}" -eq 66 ]
}

@test "evtchn list: a DOMAIN is a domid or a name from the domains file" {
	printf 'domain nav domid 2\n' > "$BATS_TEST_TMPDIR/doms"
	run -0 "$XENMIN_FAKE" --domains "$BATS_TEST_TMPDIR/doms" evtchn list nav
	[ "${lines[1]}" = "    1    0 interdomain domain 0 port 41" ]
	run -64 --separate-stderr "$XENMIN_FAKE" --domains "$BATS_TEST_TMPDIR/doms" evtchn list gps
	run -2 --separate-stderr "$XENMIN_FAKE" evtchn list 9
	[ "$stderr" = "xenmin: evtchn list: 9: no such domain" ]
	[ -z "$output" ]
}

@test "evtchn list: usage errors are 64, before Xen is opened" {
	fake_set xen open_error ENOENT
	run -64 --separate-stderr "$XENMIN_FAKE" evtchn list
	[ "${stderr_lines[0]}" = "xenmin: evtchn list: expected one DOMAIN" ]
	run -64 "$XENMIN_FAKE" evtchn list 1 2
	run -64 "$XENMIN_FAKE" evtchn list --all 1
	run -69 "$XENMIN_FAKE" evtchn list 1
}

@test "evtchn list: a refusal half way prints no half list" {
	fake_set fail event_channel_op status errno EPERM nth 3
	run -77 --separate-stderr "$XENMIN_FAKE" evtchn list 1
	[ -z "$output" ]
	[[ "$stderr" == "xenmin: evtchn list: 1: denied by Xen's XSM policy"* ]]
	# EINVAL at port 0 is no end of the list: port 0 always exists.
	fake_state
	fake_set fail event_channel_op status errno EINVAL nth 1
	run -2 --separate-stderr "$XENMIN_FAKE" evtchn list 1
	[ -z "$output" ]
	[ "$stderr" = "xenmin: evtchn list: 1: Xen refused the request as invalid" ]
}
