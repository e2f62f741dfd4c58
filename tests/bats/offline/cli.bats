#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The command-line contract without Xen: help generated from the command
# table, usage errors (exit 64, usage line on stderr, nothing on stdout),
# multi-call names, and the "not on Xen" message and code on a machine
# without /dev/xen/privcmd (this test host).
bats_require_minimum_version 1.7.0
load common

@test "help lists every command of the table, and each has --help" {
	run -0 --separate-stderr "$XENMIN" help
	[ -z "$stderr" ]
	local overview=$output
	for c in "domain destroy" "domain list" "domain pause" \
		"domain shutdown" "domain unpause" help info \
		"sched-arinc653 check" "sched-arinc653 set" \
		"sched-arinc653 get" "sched-arinc653 diff"; do
		[[ "$overview" == *"  $c "* ]]
		run -0 --separate-stderr "$XENMIN" $c --help
		[[ "${lines[0]}" == "usage: xenmin $c"* ]]
		[ -z "$stderr" ]
	done
}

@test "help shows the exit code table" {
	run -0 "$XENMIN" --help
	for code in 0 1 2 3 7 64 65 66 69 70 74 75 76 77; do
		[[ "$output" == *$'\n'"$(printf '%4s' "$code")  "* ]]
	done
}

@test "help COMMAND and help OBJECT" {
	run -0 "$XENMIN" help domain pause
	[ "${lines[0]}" = "usage: xenmin domain pause DOMAIN..." ]
	[[ "$output" == *"pause twice, unpause twice"* ]]
	run -0 "$XENMIN" help domain
	[ "${#lines[@]}" -eq 7 ]
	run -64 "$XENMIN" help nosuch
}

@test "no command is a usage error" {
	run -64 --separate-stderr "$XENMIN"
	[ -z "$output" ]
	[[ "$stderr" == usage:* ]]
}

@test "unknown command, no prefix guessing" {
	run -64 --separate-stderr "$XENMIN" dom list
	[ "$stderr" = 'xenmin: dom: no such command (see `xenmin help`)' ]
	run -64 --separate-stderr "$XENMIN" domain lis
	[[ "$stderr" == "xenmin: domain lis: no such command"* ]]
	run -64 --separate-stderr "$XENMIN" domain
	[[ "$stderr" == "xenmin: domain: which one?"* ]]
}

@test "bad options and operands exit 64 before touching Xen" {
	run -64 --separate-stderr "$XENMIN" domain list --bogus
	[ "${stderr_lines[0]}" = "xenmin: domain list: unknown option --bogus" ]
	[ "${stderr_lines[1]}" = "usage: xenmin domain list [--json] [DOMAIN...]" ]
	[ -z "$output" ]
	run -64 --separate-stderr "$XENMIN" domain pause
	[ "${stderr_lines[0]}" = "xenmin: domain pause: no domain given" ]
	run -64 --separate-stderr "$XENMIN" domain pause 1x
	[ "${stderr_lines[0]}" = "xenmin: domain pause: 1x: not a domain id (0 to 32751)" ]
	run -64 "$XENMIN" domain unpause -- -1
	run -64 "$XENMIN" domain pause 32752
	run -64 "$XENMIN" info extra
	run -64 "$XENMIN" --bogus info
}

@test "operand counts come from the command table, after the options" {
	run -64 --separate-stderr "$XENMIN" info extra
	[ "${stderr_lines[0]}" = "xenmin: info: unexpected argument extra" ]
	[ "${stderr_lines[1]}" = "usage: xenmin info [--json]" ]
	[ -z "$output" ]
	run -64 --separate-stderr "$XENMIN" sched-arinc653 get x
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 get: unexpected operand x" ]
	run -64 --separate-stderr "$XENMIN" console attach 1 2
	[ "${stderr_lines[0]}" = "xenmin: console attach: one domain at a time" ]
	run -64 --separate-stderr "$XENMIN" sched-arinc653 set a b
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 set: expected one FILE" ]
	# A bad option is reported first, as the options are parsed first.
	run -64 --separate-stderr "$XENMIN" info extra --bogus
	[ "${stderr_lines[0]}" = "xenmin: info: unknown option --bogus" ]
	# An option's value is not an operand.
	run -69 "$XENMIN" console attach -e x 1
}

@test "not on Xen: exit 69 with the documented message" {
	# Precondition, asserted rather than skipped: this host is not a dom0.
	[ ! -e /dev/xen/privcmd ]
	for c in "domain list" "domain pause 1" "domain unpause 1" info; do
		run -69 --separate-stderr "$XENMIN" $c
		[ "$stderr" = "xenmin: ${c% 1}: not running on Xen, or the xen-privcmd module is not loaded" ]
		[ -z "$output" ]
	done
}

@test "multi-call: xenmin-domain and xenmin-info" {
	ln -s "$(readlink -f "$XENMIN")" "$BATS_TEST_TMPDIR/xenmin-domain"
	ln -s "$(readlink -f "$XENMIN")" "$BATS_TEST_TMPDIR/xenmin-info"
	run -0 "$BATS_TEST_TMPDIR/xenmin-domain" list --help
	[ "${lines[0]}" = "usage: xenmin domain list [--json] [DOMAIN...]" ]
	run -69 --separate-stderr "$BATS_TEST_TMPDIR/xenmin-info"
	[[ "$stderr" == "xenmin: info: not running on Xen"* ]]
}

@test "--version" {
	run -0 "$XENMIN" --version
	[[ "$output" =~ ^xenmin\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "the musl binary is static; no build links a Xen library" {
	run -0 file -L "$XENMIN"
	if [ "${XENMIN_STATIC:-1}" = 1 ]; then
		[[ "$output" == *"statically linked"* ]]
	else
		# The glibc test builds (ASan) are dynamic by design.
		[[ "$output" == *"dynamically linked"* ]]
		run -1 bash -c "ldd '$XENMIN' | grep libxen"
	fi
	run -1 grep -a -c 'libxen' "$XENMIN"
}

@test "options: exact long names, values where taken and only there" {
	run -64 --separate-stderr "$XENMIN" domain list --js
	[ "${stderr_lines[0]}" = "xenmin: domain list: unknown option --js" ]
	run -64 --separate-stderr "$XENMIN" domain list --json=yes
	[ "${stderr_lines[0]}" = "xenmin: domain list: option --json takes no value" ]
	run -64 --separate-stderr "$XENMIN" sched-arinc653 set --wait
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 set: option --wait needs a value" ]
	run -64 --separate-stderr "$XENMIN" sched-arinc653 set -nq f
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 set: unknown option -q" ]
	# A value is the next word even when it looks like an option.
	run -64 --separate-stderr "$XENMIN" sched-arinc653 set --wait --force f
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 set: --wait --force: not a number of seconds (0 to 86400)" ]
}

@test "a full output device is exit 74 with the reason, help included" {
	[ -w /dev/full ]
	run -74 --separate-stderr bash -c '"$0" help > /dev/full' "$XENMIN"
	[ "$stderr" = "xenmin: help: cannot write output: No space left on device" ]
	run -74 --separate-stderr bash -c '"$0" --version > /dev/full' "$XENMIN"
}
