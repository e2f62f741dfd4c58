#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `domain wait` and `domain watch` over the fake hypervisor: argument rules,
# each condition met, timed out (75) and out of reach (7) with its words, a
# domain waited for before it exists, watch's lines (every change once, in
# order, r/b flicker ignored), --until, --json, and the two ways of waiting:
# event-driven where VIRQ_DOM_EXC binds (the trace shows one list per event
# and none in between) and by the clock where another program holds it
# (said once on stderr). Changes come from the fake's "step" lines: "step
# list N" before the Nth list call, "step event" as the event is taken.
bats_require_minimum_version 1.7.0
load common

setup() {
	fake_state
}

# lists: the getdomaininfolist calls in a --trace output ($stderr).
lists() {
	grep -c 'trace: sysctl getdomaininfolist' <<< "$stderr" || true
}

@test "domain wait: usage errors are 64, before Xen is opened" {
	fake_set xen open_error ENOENT
	run -64 --separate-stderr "$XENMIN_FAKE" domain wait 1
	[ "${stderr_lines[0]}" = "xenmin: domain wait: --for is required (exists|running|paused|shutdown|crashed|gone)" ]
	run -64 --separate-stderr "$XENMIN_FAKE" domain wait --for running
	[ "${stderr_lines[0]}" = "xenmin: domain wait: no domain given" ]
	run -64 --separate-stderr "$XENMIN_FAKE" domain wait 1 --for dying
	[ "${stderr_lines[0]}" = "xenmin: domain wait: --for dying: not one of exists|running|paused|shutdown|crashed|gone" ]
	run -64 --separate-stderr "$XENMIN_FAKE" domain wait 1 --for gone --timeout 1.0001
	[ "${stderr_lines[0]}" = "xenmin: domain wait: --timeout 1.0001: not a number of seconds from 0 to 31536000 (at most three decimals)" ]
	run -64 --separate-stderr "$XENMIN_FAKE" domain wait 1 --for gone --interval 0
	[ "${stderr_lines[0]}" = "xenmin: domain wait: --interval 0: not a number of seconds from 0.01 to 86400 (at most three decimals)" ]
	run -64 "$XENMIN_FAKE" domain wait x --for gone
	run -64 "$XENMIN_FAKE" domain wait 1 --until gone
	run -64 "$XENMIN_FAKE" domain watch --until nothing
	run -64 "$XENMIN_FAKE" domain watch --for running
	run -64 "$XENMIN_FAKE" domain watch 99999
}

@test "domain wait: met at the first look is exit 0, silent" {
	run -0 --separate-stderr "$XENMIN_FAKE" domain wait 1 2 0 --for running
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 --separate-stderr "$XENMIN_FAKE" domain wait 1 --for exists
	run -0 --separate-stderr "$XENMIN_FAKE" domain wait 9 --for gone
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "domain wait: --timeout runs out: exit 75, each domain's state said" {
	fake_set domain 2 pause_count 1
	run -75 --separate-stderr "$XENMIN_FAKE" domain wait 1 2 9 --for paused --timeout 0
	[ -z "$output" ]
	[ "${stderr_lines[0]}" = "xenmin: domain wait: 1: --for paused not met within 0 s: it is running" ]
	[ "${stderr_lines[1]}" = "xenmin: domain wait: 9: --for paused not met within 0 s: it is not listed (not created yet?)" ]
	[ "${#stderr_lines[@]}" -eq 2 ]
	run -75 --separate-stderr "$XENMIN_FAKE" domain wait 1 --for gone --timeout 0.2 --interval 0.05
	[ "$stderr" = "xenmin: domain wait: 1: --for gone not met within 0.2 s: it is running" ]
}

@test "domain wait: a change seen by the clock (VIRQ_DOM_EXC held by another program)" {
	fake_set xen dom_exc_held yes
	fake_set step list 3 domain 2 pause_count 1
	run -0 --separate-stderr "$XENMIN_FAKE" --trace domain wait 2 --for paused --interval 0.01
	[ "$(lists)" -eq 3 ]
	[[ "$stderr" == *"trace: evtchn bind_virq(DOM_EXC) -> -EEXIST"* ]]
	# wait says nothing about polling; domain 2 stays paused.
	[[ "$stderr" != *polling* ]]
	[ "$(fake_field domain 2 pause_count)" = 1 ]
}

@test "domain wait: a domain not created yet is waited for" {
	fake_set xen dom_exc_held yes
	fake_set step list 4 domain 9 flags blocked
	run -0 "$XENMIN_FAKE" domain wait 9 --for running --interval 0.01
	fake_set step list 2 gone 9
	run -0 "$XENMIN_FAKE" domain wait 9 --for gone --interval 0.01
}

@test "domain wait: crashed while waited for running is exit 7, at once" {
	fake_set domain 2 pause_count 1
	fake_set step event domain 2 shutdown crash
	run -7 --separate-stderr "$XENMIN_FAKE" --trace domain wait 1 2 --for running --interval 3600
	[ -z "$output" ]
	[ "$(grep -v 'trace:' <<< "$stderr")" = "xenmin: domain wait: 2: can never meet --for running now: it shut down (reason crash)" ]
	# Woken by the event, not by the clock: one list before it, one after.
	[ "$(lists)" -eq 2 ]
	[ "$(grep -c 'trace: evtchn event(DOM_EXC) -> 0' <<< "$stderr")" -eq 1 ]
}

@test "domain wait: unreachable for each rule, in its own words" {
	fake_set domain 1 shutdown poweroff
	fake_set domain 2 flags dying
	run -7 --separate-stderr "$XENMIN_FAKE" domain wait 1 --for crashed
	[ "$stderr" = "xenmin: domain wait: 1: can never meet --for crashed now: it shut down (reason poweroff)" ]
	run -7 --separate-stderr "$XENMIN_FAKE" domain wait 2 --for shutdown
	[ "$stderr" = "xenmin: domain wait: 2: can never meet --for shutdown now: it is dying" ]
	run -0 "$XENMIN_FAKE" domain wait 1 --for shutdown
	# A suspended domain can be resumed: running stays reachable.
	fake_set domain 1 shutdown suspend
	run -75 "$XENMIN_FAKE" domain wait 1 --for running --timeout 0
	# Seen, then gone: over, for everything but exists and gone.
	fake_set domain 1 shutdown no
	fake_set step event gone 1
	run -7 --separate-stderr "$XENMIN_FAKE" domain wait 1 --for paused
	[ "$stderr" = "xenmin: domain wait: 1: can never meet --for paused now: it is gone" ]
}

@test "domain wait --json: the last look of every domain" {
	fake_set domain 2 shutdown crash
	run -0 --separate-stderr "$XENMIN_FAKE" domain wait 2 --for crashed --json
	[ "$output" = '[{"domid":2,"name":null,"state":"shutdown","reason":"crash","met":true}]' ]
	run -75 --separate-stderr "$XENMIN_FAKE" domain wait 1 9 --for paused --timeout 0 --json
	[ "$output" = '[{"domid":1,"name":null,"state":"running","reason":null,"met":false},{"domid":9,"name":null,"state":"gone","reason":null,"met":false}]' ]
}

@test "domain wait: a failed list is Xen's refusal, in words" {
	fake_set fail sysctl getdomaininfolist errno EPERM
	run -77 --separate-stderr "$XENMIN_FAKE" domain wait 1 --for running
	[ "$stderr" = "xenmin: domain wait: listing domains: denied by Xen's XSM policy (which one, xenmin cannot tell): this domain is not the control domain, or the policy forbids it" ]
}

# The fields of watch's text lines but the time, which it takes from the clock.
fields() { sed 's/^[0-9T:.Z-]* //' <<< "$output"; }

@test "domain watch: every change once, in order, by the clock" {
	fake_set xen dom_exc_held yes
	fake_set step list 2 domain 2 pause_count 1
	fake_set step list 3 domain 1 flags running
	fake_set step list 4 domain 2 pause_count 0 shutdown crash
	fake_set step list 5 domain 2 flags dying
	fake_set step list 7 gone 2
	run -0 --separate-stderr "$XENMIN_FAKE" domain watch --interval 0.01 --until gone 2
	[ "$stderr" = "xenmin: domain watch: polling every 0.01 s: cannot bind VIRQ_DOM_EXC: another program of this domain has it bound (xenstored binds VIRQ_DOM_EXC; xenconsoled --log=hv, VIRQ_CON_RING)" ]
	[ "$(fields)" = "    2 - present  running  -          ------
    2 - changed  paused   -          --p---
    2 - changed  shutdown crash      ---sc-
    2 - changed  dying    -          ---scd
    2 - gone     gone     -          -" ]
	# Each line's time is UTC, to the millisecond.
	[[ "${lines[0]}" =~ ^20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{3}Z\  ]]
}

@test "domain watch: all domains, and r/b flicker is no change" {
	fake_set step list 2 domain 1 flags running
	fake_set step list 3 domain 1 flags blocked
	fake_set step list 4 domain 9 flags blocked
	fake_set step list 5 domain 9 shutdown crash
	run -0 --separate-stderr "$XENMIN_FAKE" domain watch --poll --interval 0.01 --until crashed
	[ -z "$stderr" ]
	[ "$(fields)" = "    0 - present  running  -          r-----
    1 - present  running  -          -b----
    2 - present  running  -          ------
    9 - appeared running  -          -b----
    9 - changed  shutdown crash      -b-sc-" ]
}

@test "domain watch: event-driven, one list per event and none in between" {
	fake_set step event domain 2 shutdown poweroff
	fake_set step event domain 2 flags dying
	fake_set step event gone 2
	run -0 --separate-stderr "$XENMIN_FAKE" --trace domain watch --until gone --interval 3600
	[ "$(grep -v trace: <<< "$stderr")" = "" ]
	[ "$(lists)" -eq 4 ]
	[ "$(grep -c 'trace: evtchn event(DOM_EXC)' <<< "$stderr")" -eq 3 ]
	# The order in the trace: bind, list, then event and list, three times.
	[ "$(grep -o 'bind_virq(DOM_EXC)\|getdomaininfolist\|event(DOM_EXC)' <<< "$stderr" | tr '\n' ' ')" = \
	  "bind_virq(DOM_EXC) getdomaininfolist event(DOM_EXC) getdomaininfolist event(DOM_EXC) getdomaininfolist event(DOM_EXC) getdomaininfolist " ]
	[ "$(fields | tail -n 3)" = "    2 - changed  shutdown poweroff   ---s--
    2 - changed  dying    -          ---s-d
    2 - gone     gone     -          -" ]
}

@test "domain watch: --poll binds nothing" {
	run -0 --separate-stderr "$XENMIN_FAKE" --trace domain watch --poll --timeout 0
	[[ "$stderr" != *bind_virq* ]]
	[ "${#lines[@]}" -eq 3 ]
}

@test "domain watch --until: a domain meeting it at the start ends it there" {
	fake_set domain 1 shutdown crash
	fake_set domain 2 shutdown crash
	run -0 --separate-stderr "$XENMIN_FAKE" domain watch --until crashed
	[ "$(fields)" = "    0 - present  running  -          r-----
    1 - present  shutdown crash      -b-sc-" ]
}

@test "domain watch: --timeout ends it with 0, or 75 with --until unmet" {
	run -0 --separate-stderr "$XENMIN_FAKE" domain watch --timeout 0.1 --interval 0.05 1
	[ "${#lines[@]}" -eq 1 ]
	[ -z "$stderr" ]
	run -75 --separate-stderr "$XENMIN_FAKE" domain watch --timeout 0.1 --until crashed 1
	[ "$stderr" = "xenmin: domain watch: no domain met --until crashed within 0.1 s" ]
}

@test "domain watch --json: an object per line, keys as documented" {
	fake_set step event domain 2 shutdown crash
	run -0 --separate-stderr "$XENMIN_FAKE" domain watch --json --until crashed 2
	[ "${#lines[@]}" -eq 2 ]
	[ "$(jq -c 'del(.time)' <<< "${lines[0]}")" = '{"event":"present","domid":2,"name":null,"state":"running","reason":null,"letters":"------","was":null}' ]
	[ "$(jq -c 'del(.time)' <<< "${lines[1]}")" = '{"event":"changed","domid":2,"name":null,"state":"shutdown","reason":"crash","letters":"---sc-","was":"running"}' ]
	[[ "$(jq -r .time <<< "${lines[1]}")" =~ ^20[0-9-]{8}T[0-9:]{8}\.[0-9]{3}Z$ ]]
}

@test "domain watch: a closed stdout ends it with exit 74" {
	run --separate-stderr bash -c "'$XENMIN_FAKE' domain watch --interval 0.01 --timeout 2 >&-"
	[ "$status" -eq 74 ]
}

# A domains file: nav by domid 1, gps by UUID, radar by a UUID no domain has yet.
domains() {
	DOMS=$BATS_TEST_TMPDIR/domains
	printf '%s\n' "domain nav domid 1" \
		"domain gps uuid 00000000-0000-4000-8000-0000000000d2" \
		"domain radar uuid 00000000-0000-4000-8000-0000000000d9" > "$DOMS"
}

@test "domain wait NAME: a name binds at every look, so one not created yet is waited for" {
	domains
	fake_set xen dom_exc_held yes
	fake_set step list 3 domain 9 uuid 00000000-0000-4000-8000-0000000000d9 flags blocked
	run -0 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" domain wait radar nav --for running --interval 0.01 --json
	[ "$output" = '[{"domid":9,"name":"radar","state":"running","reason":null,"met":true},{"domid":1,"name":"nav","state":"running","reason":null,"met":true}]' ]
	fake_set domain 2 pause_count 1
	run -75 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" domain wait gps --for running --timeout 0
	[ "$stderr" = "xenmin: domain wait: gps (domid 2): --for running not met within 0 s: it is paused" ]
	run -64 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" domain wait sonar --for running
	[[ "${stderr_lines[0]}" == "xenmin: domain wait: sonar: not a domain id (0 to 32751) nor a name in $DOMS" ]]
}

@test "domain wait NAME --json: a name that never came has no domid" {
	domains
	run -75 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" domain wait radar 2 --for exists --timeout 0 --json
	[ "$output" = '[{"domid":null,"name":"radar","state":"gone","reason":null,"met":false},{"domid":2,"name":"gps","state":"running","reason":null,"met":true}]' ]
	[ "$stderr" = "xenmin: domain wait: radar: --for exists not met within 0 s: it is not listed (not created yet?)" ]
}

@test "domain watch: NAME from the domains file, kept for the gone line; names as operands" {
	domains
	fake_set step event gone 2
	run -0 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" domain watch --until gone gps
	[ "$(fields)" = "    2 gps present  running  -          ------
    2 gps gone     gone     -          -" ]
	run -0 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" domain watch --json --timeout 0
	[ "$(jq -r '"\(.domid)=\(.name)"' <<< "$output" | tr '\n' ' ')" = "0=null 1=nav " ]
}
