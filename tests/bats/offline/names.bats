#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Names without xenstore, over the fake hypervisor: a domains file
# (--domains FILE, XENMIN_DOMAINS, default /etc/xenmin/domains) in the
# schedule files' `domain NAME [domid N] [uuid U]` syntax names domains for
# every command that takes a DOMAIN; a broken file is exit 65 with
# FILE:LINE:COL errors and nothing done (no hypercall at all, as --trace
# shows); bindings by UUID follow the domain to another domid. The fake's
# default system: dom0 (zero UUID), domains 1 and 2 (UUIDs ...d1, ...d2).
bats_require_minimum_version 1.7.0
load common

D1=00000000-0000-4000-8000-0000000000d1
D2=00000000-0000-4000-8000-0000000000d2

setup() {
	fake_state
	unset XENMIN_DOMAINS
	DOMS=$BATS_TEST_TMPDIR/domains
	printf '%s\n' "# the system's names" "domain nav domid 1" \
		"domain gps uuid $D2" > "$DOMS"
}

# names_of: "domid=name" for each row of `domain list` (text).
names_of() {
	"$XENMIN_FAKE" "$@" domain list | awk 'NR > 1 { print $1 "=" $NF }' | tr '\n' ' '
}

@test "domain list: the NAME column and JSON name come from the file, - and null elsewhere" {
	[ "$(names_of --domains "$DOMS")" = "0=- 1=nav 2=gps " ]
	run -0 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" domain list --json
	[ -z "$stderr" ]
	[ "$(echo "$output" | jq -c '[.[] | .name]')" = '[null,"nav","gps"]' ]
	# without a file: no names, as before
	[ "$(names_of --domains /dev/null)" = "0=- 1=- 2=- " ]
}

@test "XENMIN_DOMAINS names the file; --domains wins over it" {
	printf 'domain other domid 2\n' > "$BATS_TEST_TMPDIR/other"
	[ "$(XENMIN_DOMAINS=$DOMS names_of)" = "0=- 1=nav 2=gps " ]
	[ "$(XENMIN_DOMAINS=$DOMS names_of --domains "$BATS_TEST_TMPDIR/other")" = "0=- 1=- 2=other " ]
}

@test "a missing file named by --domains or XENMIN_DOMAINS is exit 66, the default may be missing" {
	run -66 --separate-stderr "$XENMIN_FAKE" --domains /nonexistent/d domain list
	[ "$stderr" = "xenmin: domain list: /nonexistent/d: cannot open: No such file or directory" ]
	[ -z "$output" ]
	XENMIN_DOMAINS=/nonexistent/d run -66 "$XENMIN_FAKE" domain pause 1
	[ "$(fake_field domain 1 pause_count)" != 1 ]
	[ -e /etc/xenmin/domains ] && skip "this host has /etc/xenmin/domains"
	run -0 --separate-stderr "$XENMIN_FAKE" domain list
	[ -z "$stderr" ]
	run -64 --separate-stderr "$XENMIN_FAKE" domain pause nav
	[ "${stderr_lines[0]}" = "xenmin: domain pause: nav: not a domain id (0 to 32751) nor a name in /etc/xenmin/domains (no such file)" ]
}

@test "a broken domains file: FILE:LINE:COL errors, exit 65 for every command, no hypercall made" {
	printf '%s\n' "domain nav domid 1" "domain gps domid x" "domain nav domid 2" > "$DOMS"
	fake_set domain 1 pause_count 1
	cp "$XM_FAKE_STATE" "$BATS_TEST_TMPDIR/before"
	printf '%s\n' "cpupool 1" "domain d domid 1" "slot d 10ms" > "$BATS_TEST_TMPDIR/s"
	for cmd in "domain list|" "domain list|1" "domain pause|1" "domain unpause|nav" \
		"domain destroy|2" "domain shutdown|2" "info|" "console attach|-T 1 1" \
		"console attach|-T 1 --all" "sched-arinc653 get|" \
		"sched-arinc653 set|$BATS_TEST_TMPDIR/s"; do
		run -65 --separate-stderr "$XENMIN_FAKE" --trace --domains "$DOMS" \
			${cmd%|*} ${cmd#*|}
		[ -z "$output" ]
		[ "${stderr_lines[0]}" = "$DOMS:2:18: error: 'x' is not a domid (a number from 0 to 32751)" ]
		[ "${stderr_lines[1]}" = "$DOMS:3:8: error: domain nav declared twice (first at line 1)" ]
		[ "${stderr_lines[2]}" = "xenmin: ${cmd%|*}: $DOMS: not a usable domains file (2 errors): nothing done" ]
		[ "${#stderr_lines[@]}" -eq 3 ]
		# no hypercall: the fake never even loaded its state
		cmp "$XM_FAKE_STATE" "$BATS_TEST_TMPDIR/before"
	done
}

@test "in the file, a name that is a number is refused; so are duplicate names and bindings" {
	printf '%s\n' "domain 7 domid 1" > "$DOMS"
	run -65 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" domain list
	[ "${stderr_lines[0]}" = "$DOMS:1:8: error: domain name '7' is a number: on a command line it would mean domid 7 (start a name with a letter or '_')" ]
	printf '%s\n' "domain a domid 1" "domain b uuid $D1" "domain c domid 1" "domain d uuid $D1" > "$DOMS"
	run -65 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" domain list
	[ "${stderr_lines[0]}" = "$DOMS:3:16: error: domid 1 is already domain a (line 1)" ]
	[ "${stderr_lines[1]}" = "$DOMS:4:15: error: uuid $D1 is already domain b (line 2): Xen could not tell them apart" ]
}

@test "a schedule file is a domains file" {
	printf '%s\n' "cpupool 1" "major_frame 20ms" "domain nav domid 1" \
		"domain gps domid 2 uuid $D2" "slot nav 10ms" "slot gps vcpu 0 10ms" > "$DOMS"
	run -0 "$XENMIN_FAKE" sched-arinc653 check "$DOMS"
	[ "$(names_of --domains "$DOMS")" = "0=- 1=nav 2=gps " ]
}

@test "NAME in every command that takes a DOMAIN" {
	run -0 "$XENMIN_FAKE" --domains "$DOMS" domain list nav
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == "    1 $D1 "*" nav" ]]
	run -0 "$XENMIN_FAKE" --domains "$DOMS" domain pause nav gps
	[ "$output" = "domain nav (domid 1): paused
domain gps (domid 2): paused" ]
	[ "$(fake_field domain 1 pause_count)" = 1 ]
	[ "$(fake_field domain 2 pause_count)" = 1 ]
	run -0 "$XENMIN_FAKE" --domains "$DOMS" domain unpause gps
	[ "$output" = "domain gps (domid 2): unpaused" ]
	[ "$(fake_field domain 2 pause_count)" = 0 ]
	run -0 "$XENMIN_FAKE" --domains "$DOMS" domain shutdown --reason reboot nav
	[ "$output" = "domain nav (domid 1): shut down (reason reboot)" ]
	[ "$(fake_field domain 1 shutdown)" = reboot ]
	run -0 "$XENMIN_FAKE" --domains "$DOMS" domain destroy nav
	[ "$output" = "domain nav (domid 1): destroyed" ]
	[ -z "$(fake_line domain 1)" ]
	echo "conline (XEN) [    0.200000] DOM2: GPS-LINE" >> "$XM_FAKE_STATE"
	run -0 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" console attach -T 1 gps
	[ "$output" = "GPS-LINE" ]
}

@test "sched-arinc653 get names the domains as the file does, domN the others; the output round-trips" {
	fake_set pool 1 sched arinc653
	fake_set a653 1 major_frame_ns 30000000 entry $D1 vcpu 0 runtime_ns 10000000 entry $D2 vcpu 0 runtime_ns 20000000
	printf '%s\n' "domain gps uuid $D2" > "$DOMS"
	run -0 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" sched-arinc653 get --pool 1
	[ "${lines[3]}" = "domain dom1 domid 1 uuid $D1" ]
	[ "${lines[4]}" = "domain gps domid 2 uuid $D2" ]
	[ "${lines[5]}" = "slot dom1 10ms" ]
	[ "${lines[6]}" = "slot gps 20ms" ]
	printf '%s\n' "$output" > "$BATS_TEST_TMPDIR/got"
	run -0 "$XENMIN_FAKE" --domains "$DOMS" sched-arinc653 diff "$BATS_TEST_TMPDIR/got"
	# without the file, as before: domN
	run -0 "$XENMIN_FAKE" --domains /dev/null sched-arinc653 get --pool 1
	[ "${lines[4]}" = "domain dom2 domid 2 uuid $D2" ]
}

@test "an unknown name is exit 64 before Xen; a name that means no domain now is exit 2, with why" {
	run -64 --separate-stderr "$XENMIN_FAKE" --trace --domains "$DOMS" domain pause navv
	[ "${stderr_lines[0]}" = "xenmin: domain pause: navv: not a domain id (0 to 32751) nor a name in $DOMS" ]
	[[ "$stderr" != *trace* ]]
	printf '%s\n' "domain a domid 7" "domain b uuid 00000000-0000-4000-8000-0000000000e0" \
		"domain c domid 2 uuid 00000000-0000-4000-8000-0000000000e2" > "$DOMS"
	run -2 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" domain pause a b c 1
	[ "${stderr_lines[0]}" = "xenmin: domain pause: a: no such domain: domid 7 does not exist" ]
	[ "${stderr_lines[1]}" = "xenmin: domain pause: b: no such domain: no domain has uuid 00000000-0000-4000-8000-0000000000e0" ]
	[ "${stderr_lines[2]}" = "xenmin: domain pause: c: no such domain: no domain has uuid 00000000-0000-4000-8000-0000000000e2, and domid 2 has uuid $D2" ]
	# the domains that exist are still paused, as for domids
	[ "$output" = "domain 1: paused" ]
	[ "$(fake_field domain 2 pause_count)" = 0 ]
}

@test "a name bound by UUID follows its domain to another domid; the all-zero UUID falls back to the domid" {
	printf '%s\n' "domain nav domid 1 uuid 00000000-0000-4000-8000-0000000000e7" > "$DOMS"
	# not set yet: domid 1 has another UUID, so it is someone else
	run -2 --separate-stderr "$XENMIN_FAKE" --domains "$DOMS" domain pause nav
	[[ "$stderr" == *"nav: no such domain: no domain has uuid 00000000-0000-4000-8000-0000000000e7, and domid 1 has uuid $D1" ]]
	# the all-zero UUID of a dom0less domain: the domid binds
	fake_set domain 1 uuid 00000000-0000-0000-0000-000000000000
	[ "$(names_of --domains "$DOMS")" = "0=- 1=nav 2=- " ]
	# once the UUID is set, it binds wherever the domain is
	fake_set domain 1 uuid $D1
	fake_set domain 7 uuid 00000000-0000-4000-8000-0000000000e7 pool 1 vcpus 1
	[ "$(names_of --domains "$DOMS")" = "0=- 1=- 2=- 7=nav " ]
	run -0 "$XENMIN_FAKE" --domains "$DOMS" domain pause nav
	[ "$output" = "domain nav (domid 7): paused" ]
	[ "$(fake_field domain 7 pause_count)" = 1 ]
}
