#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Live, dom0less (arm64): `xenmin evtchn list` against Xen itself. The witness is Xen's
# own dump of every domain's ports (debug key 'e' on the bed's serial console): xenmin must
# list exactly the ports Xen shows, with the same state, vCPU and remote end. On
# arm64-4.20 the device tree declares a static channel between the domUs
# (XM_STATIC_EVTCHN, A_DOM:A_PORT-B_DOM:B_PORT): it is shown from both ends, each naming
# the other.
load arm64_helper
load evtchn_helper

teardown() {
	[ -n "${BATS_TEST_COMPLETED:-}" ] || xm_console_tail >&3
}

@test "evtchn list (arm64): every domain's ports are those of Xen's own dump" {
	local dump d
	dump=$(xen_evtchn_dump)
	for d in 0 1 2; do
		same_ports "$d" "$dump"
	done
}

@test "evtchn list (arm64): the DT's static channel between the domUs, from both ends" {
	local a b
	[ -n "${XM_STATIC_EVTCHN:-}" ] || skip "no static event channel on $XM_BED"
	a=${XM_STATIC_EVTCHN%-*} b=${XM_STATIC_EVTCHN#*-}
	run --separate-stderr guest xenmin evtchn list "${a%:*}"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	printf '%s\n' "$output" | grep -Ex " +${a#*:} +[0-9]+ interdomain domain ${b%:*} port ${b#*:}"
	run --separate-stderr guest xenmin evtchn list "${b%:*}"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -Ex " +${b#*:} +[0-9]+ interdomain domain ${a%:*} port ${a#*:}"
	both_ends "${a%:*}"
	both_ends "${b%:*}"
}

@test "evtchn list (arm64): a domain that does not exist is exit 2; the walk ends at Xen's EINVAL" {
	run --separate-stderr guest xenmin evtchn list 77
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "xenmin: evtchn list: 77: no such domain" ]
	run --separate-stderr guest xenmin --trace evtchn list 1
	[ "$status" -eq 0 ]
	# One status call per port from 0, the last past the end.
	[[ "${stderr_lines[-1]}" == "xenmin: trace: event_channel_op status dom=1 -> -EINVAL ("* ]]
	[ "$(printf '%s\n' "$stderr" | grep -c 'event_channel_op status dom=1 -> 0 ')" -ge 2 ]
}
