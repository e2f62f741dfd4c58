#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Live, x86: `xenmin evtchn list` against two witnesses. xl's toolstack recorded each PV
# domU's console and xenstore ports in xenstore (/local/domain/N/console/port, store/port);
# xenconsoled and xenstored bound them, so xenmin must show both as interdomain channels to
# domain 0, and dom0's ports at the other end must name them back. Xen's own dump of every
# port (debug key 'e' on the serial console) must show exactly what xenmin lists.
load live_helper
load evtchn_helper

@test "evtchn list: a domU's console and xenstore ports, as xenstore records them, bound to dom0" {
	local d con store
	for d in $XM_DOMUS; do
		d=$(domid_of "$d")
		con=$(guest xenstore-read "/local/domain/$d/console/port")
		store=$(guest xenstore-read "/local/domain/$d/store/port")
		[ -n "$con" ] && [ -n "$store" ]
		run --separate-stderr guest xenmin evtchn list "$d"
		[ "$status" -eq 0 ]
		[ -z "$stderr" ]
		printf '%s\n' "$output" | grep -Ex " +$con +[0-9]+ interdomain domain 0 port [0-9]+"
		printf '%s\n' "$output" | grep -Ex " +$store +[0-9]+ interdomain domain 0 port [0-9]+"
		both_ends "$d"
	done
}

@test "evtchn list: the domUs' ports are those of Xen's own dump" {
	local dump d
	dump=$(xen_evtchn_dump)
	for d in $XM_DOMUS; do
		same_ports "$(domid_of "$d")" "$dump"
	done
}

@test "evtchn list --json: numbers are numbers, null where a state has none" {
	run --separate-stderr guest xenmin evtchn list --json 0
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | jq '[.[] | select(.state == "virq" and (.virq | type) != "number")] | length')" -eq 0 ]
	[ "$(printf '%s' "$output" | jq '[.[] | select(.state == "interdomain" and ((.remote_port | type) != "number"))] | length')" -eq 0 ]
	[ "$(printf '%s' "$output" | jq '[.[] | select(.state != "interdomain" and .remote_port != null)] | length')" -eq 0 ]
	# dom0 takes VIRQs: at least one, named where Xen names it.
	[ "$(printf '%s' "$output" | jq '[.[] | select(.state == "virq")] | length')" -gt 0 ]
}

@test "evtchn list: a domain that does not exist is exit 2, and nothing on stdout" {
	run --separate-stderr guest xenmin evtchn list 77
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[ "$stderr" = "xenmin: evtchn list: 77: no such domain" ]
}
