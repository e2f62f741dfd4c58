#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The set transaction (src/sched_apply.c) when something else happens
# between its hypercalls, over the fake: another writer changing a UUID
# (fail ... then_uuid), an undo that fails (exit 4, listed), a previous
# schedule that Xen will not take back (empty), and xenmin killed after
# each hypercall in turn (fail ... kill yes) with the re-run converging.
bats_require_minimum_version 1.7.0
load common

SCHED_DIR="$BATS_TEST_DIRNAME/../../sched"
NAV=6e617600-0000-4000-8000-000000000001
THEIRS=7e617600-0000-4000-8000-0000000000ff

setup() {
	fake_state
	X="$XENMIN_FAKE"
	case "$X" in /*) ;; *) X="$PWD/$X" ;; esac
	T="$BATS_TEST_TMPDIR"
	fake_set domain 1 pool 0
	fake_set domain 2 pool 0
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain nav domid 1 uuid %s\nslot dom0 10ms\nslot nav 10ms\n' "$NAV" > "$T/s.cfg"
}

# a653_shape POOL: "MAJOR_FRAME_NS ENTRIES" of the pool's saved schedule.
a653_shape() {
	fake_line a653 "$1" | awk '{ n = 0; for (i = 1; i < NF; i++) { if ($i == "major_frame_ns") m = $(i + 1); if ($i == "entry") n++ } print m, n }'
}

@test "txn: a UUID changed by another writer after the install -> exit 5, theirs kept, our schedule undone" {
	# the 2nd scheduler_op is the put; right after it domid 1 gets THEIRS
	fake_set fail sysctl scheduler_op nth 2 then_domid 1 then_uuid $THEIRS
	run -5 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	echo "$stderr"
	[[ "$stderr" == *"after the schedule was installed, nav no longer holds its UUID: another writer changed it"* ]]
	[[ "$stderr" == *"another writer gave domid 1 the UUID $THEIRS after this run changed it: left as it is"* ]]
	[ "$(fake_field domain 1 uuid)" = $THEIRS ]
	[ "$(a653_shape 0)" = "10000000 1" ]
	[ -z "$output" ]
}

@test "txn: a UUID changed by another writer before the install -> exit 5, nothing installed, theirs kept" {
	fake_set fail domctl setdomainhandle nth 1 then_domid 1 then_uuid $THEIRS
	run -5 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	echo "$stderr"
	[[ "$stderr" == *"another writer gave domid 1 the UUID $THEIRS after this run changed it: left as it is"* ]]
	[ "$(fake_field domain 1 uuid)" = $THEIRS ]
	[ "$(a653_shape 0)" = "10000000 1" ]
	# exactly one setdomainhandle: ours; theirs was not overwritten
}

@test "txn: an undo that fails -> exit 4 listing what is left changed" {
	# the put fails; undoing the UUID of nav fails too (2nd setdomainhandle)
	fake_set fail sysctl scheduler_op errno EINVAL nth 2
	fake_set fail domctl setdomainhandle errno ESRCH nth 2
	run -4 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	echo "$stderr"
	[[ "$stderr" == *"installing the schedule on cpupool 0: Xen refused the ARINC 653 request"* ]]
	[[ "$stderr" == *"xenmin: sched-arinc653 set: left changed: domid 1 keeps UUID $NAV (was 00000000-0000-4000-8000-0000000000d1): restoring it failed: no such domain" ]]
	[ "$(fake_field domain 1 uuid)" = $NAV ]
}

@test "txn: an empty previous schedule cannot be put back -> exit 4, said so" {
	fake_set pool 2 sched arinc653 cpus none
	fake_set domain 1 pool 2
	fake_set xen a653_corrupt yes
	printf 'cpupool 2\ndomain nav domid 1\nslot nav 10ms\n' > "$T/e.cfg"
	run -4 --separate-stderr "$X" sched-arinc653 set "$T/e.cfg"
	echo "$stderr"
	[[ "$stderr" == *"left changed: cpupool 2 does not have its previous schedule back: the previous schedule was empty, and Xen takes no empty schedule"* ]]
	! [[ "$stderr" == *"were restored"* ]] || false
}

@test "txn: SIGTERM between the UUID change and the install waits for the end of the transaction" {
	# right after the first setdomainhandle the process gets SIGTERM
	fake_set fail domctl setdomainhandle nth 1 raise 15
	run -143 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	echo "$stderr"
	[[ "$output" == *"verified by read-back"* ]]
	[[ "$stderr" == *"signal 15 came during the transaction: it was finished first, as reported"* ]]
	# the UUID and the schedule went in together
	[ "$(fake_field domain 1 uuid)" = $NAV ]
	sed -i '/^fail /d' "$XM_FAKE_STATE"
	run -0 "$X" sched-arinc653 diff "$T/s.cfg"
}

@test "txn: SIGINT and SIGHUP wait too" {
	for sig in 2 1; do
		fake_state
		fake_set domain 1 pool 0
		fake_set fail domctl setdomainhandle nth 1 raise $sig
		run -$((128 + sig)) --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
		[ "$(fake_field domain 1 uuid)" = $NAV ]
		[[ "$output" == *"verified by read-back"* ]]
	done
}

@test "txn: killed after each hypercall of a set in turn, the same set run again converges" {
	fake_set domain 2 uuid 6e617600-0000-4000-8000-000000000002
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain nav domid 1 uuid %s\ndomain b domid 2 uuid %s\nslot dom0 10ms\nslot nav 10ms\nslot b vcpu 0 5ms\n' "$NAV" 6e617600-0000-4000-8000-0000000000b2 > "$T/s.cfg"
	cp "$XM_FAKE_STATE" "$T/state0"
	run -0 --separate-stderr "$X" -t sched-arinc653 set "$T/s.cfg"
	calls=$(grep -c "^xenmin: trace: " <<< "$stderr")
	echo "hypercalls of one set: $calls"
	[ "$calls" -ge 8 ]
	for n in $(seq 1 "$calls"); do
		cp "$T/state0" "$XM_FAKE_STATE"
		fake_set xen kill_at "$n"
		run -137 "$X" sched-arinc653 set "$T/s.cfg"
		fake_set xen kill_at 0
		run "$X" sched-arinc653 set "$T/s.cfg"
		[ "$status" = 0 ] || { echo "killed after call $n, the re-run: $status $output"; return 1; }
		run "$X" sched-arinc653 diff "$T/s.cfg"
		[ "$status" = 0 ] || { echo "killed after call $n: diff $status $output"; return 1; }
		[ "$(fake_field domain 1 uuid)" = $NAV ]
		[ "$(fake_field domain 2 uuid)" = 6e617600-0000-4000-8000-0000000000b2 ]
	done
}
