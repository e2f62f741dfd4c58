#!/usr/bin/env bats
# `console attach` over the fake hypervisor: argument rules, the mode it
# picks and says, follow mode's filtering of Xen's console ring by domain,
# --all, --new, --timeout, and its failure classes with their exit codes.
# Ring mode needs real frames and event channels: tests/bats/live/.
bats_require_minimum_version 1.7.0
load common

setup() {
	fake_state
	cat >> "$XM_FAKE_STATE" <<-'EOS'
	conline (XEN) [    0.100000] Xen boot line
	conline (XEN) [    0.200000] DOM1: DOMU-BANNER d1
	conline (XEN) [    0.300000] DOM2: DOMU-BANNER d2
	conline (d1) from the console hypercall
	conlater (XEN) [    2.000000] DOM2: DOMU-ALIVE d2 1
	conlater (XEN) [    2.000000] DOM1: DOMU-ALIVE d1 1
	EOS
}

@test "console attach: usage errors are 64, before Xen is opened" {
	run -64 --separate-stderr "$XENMIN_FAKE" console attach
	[ "${stderr_lines[0]}" = "xenmin: console attach: no domain given (or --all)" ]
	run -64 "$XENMIN_FAKE" console attach 1 2
	run -64 "$XENMIN_FAKE" console attach x
	run -64 --separate-stderr "$XENMIN_FAKE" console attach -e ab 1
	[ "${stderr_lines[0]}" = "xenmin: console attach: -e ab: not a character (c or ^C)" ]
	run -64 "$XENMIN_FAKE" console attach --timeout 0 1
	run -64 "$XENMIN_FAKE" console attach --timeout -1 1
	fake_set open_error 2
	run -64 "$XENMIN_FAKE" console attach
}

@test "console attach: a missing domain is exit 2" {
	run -2 --separate-stderr "$XENMIN_FAKE" console attach -T 1 9
	[ "$stderr" = "xenmin: console attach: 9: no such domain" ]
}

@test "console attach: no ring means follow mode, said on stderr with how to type" {
	run -0 --separate-stderr "$XENMIN_FAKE" console attach --timeout 1 1
	[ "$output" = "DOMU-BANNER d1
from the console hypercall
DOMU-ALIVE d1 1" ]
	[[ "${stderr_lines[0]}" == "xenmin: console attach: domain 1: follow mode: no PV console ring"*"read-only" ]]
	[[ "${stderr_lines[1]}" == "xenmin: console attach: domain 1: input is not possible:"*"CTRL-a three times"* ]]
	[ "${#stderr_lines[@]}" -eq 2 ]
}

@test "console attach: domain 2's lines only, none of domain 1's" {
	run -0 "$XENMIN_FAKE" console attach -T 1 2
	[[ "$output" == *"DOMU-BANNER d2"* && "$output" == *"DOMU-ALIVE d2 1"* ]]
	[[ "$output" != *d1* ]]
}

@test "console attach --new: only what Xen writes after the start" {
	run -0 --separate-stderr "$XENMIN_FAKE" console attach --new -T 1 1
	[ "$output" = "DOMU-ALIVE d1 1" ]
}

@test "console attach --all: every line as Xen wrote it, DOMID optional" {
	run -0 --separate-stderr "$XENMIN_FAKE" console attach --all -T 1
	[ "${#lines[@]}" -eq 6 ]
	[ "${lines[0]}" = "(XEN) [    0.100000] Xen boot line" ]
	[ "${lines[5]}" = "(XEN) [    2.000000] DOM1: DOMU-ALIVE d1 1" ]
	[ "$stderr" = "xenmin: console attach: follow mode: every line of Xen's console ring, read-only" ]
}

@test "console attach: a wrapped ring is reported on stderr" {
	sed -i '/^conline /d' "$XM_FAKE_STATE"
	sed -i '/^conlater /d' "$XM_FAKE_STATE"
	# Each read makes Xen write one more line; the long one overruns
	# the 128-byte ring between two reads.
	{
		echo "conring_size 128"
		echo "conlater (XEN) DOM1: zero"
		echo "conlater (XEN) DOM2: $(printf 'y%.0s' $(seq 150))"
		echo "conlater (XEN) DOM1: two"
	} >> "$XM_FAKE_STATE"
	run -0 --separate-stderr "$XENMIN_FAKE" console attach --new -T 1 1
	[ "$output" = two ]
	[[ "$stderr" == *"xenmin: console attach: Xen's console ring wrapped: "*" bytes were overwritten before xenmin read them"* ]]
}

@test "console attach: Xen without sysctl is 76, not a bare errno" {
	fake_set sysctl_absent 1
	run -76 --separate-stderr "$XENMIN_FAKE" console attach --all -T 1
	[[ "$stderr" == *"reading Xen's console ring: Xen was built without sysctl"* ]]
}

@test "console attach: not the control domain is 77" {
	fake_set self 7
	run -77 --separate-stderr "$XENMIN_FAKE" console attach --all -T 1
}
