#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# xenmin's writer lock (src/lock.c) over the fake: a writer finds the lock
# held by another process (flock(1) stands in for a second xenmin) and
# gives up with exit 75 naming the holder, writing nothing; it waits while
# XENMIN_LOCK_WAIT allows; readers and --dry-run never take it; a lock
# file that cannot be opened is said in words.
bats_require_minimum_version 1.7.0
load common

SCHED_DIR="$BATS_TEST_DIRNAME/../../sched"

setup() {
	fake_state
	X="$XENMIN_FAKE"
	case "$X" in /*) ;; *) X="$PWD/$X" ;; esac
	fake_set domain 1 pool 0
	fake_set domain 2 pool 0
	"$X" domain list > /dev/null
	cp "$XM_FAKE_STATE" "$BATS_TEST_TMPDIR/before"
}

# hold_lock: a process that holds the lock until the fifo is written.
hold_lock() {
	mkfifo "$BATS_TEST_TMPDIR/go"
	flock "$XENMIN_LOCK" sh -c 'echo 4242 > "$0"; cat "$1" > /dev/null' "$XENMIN_LOCK" "$BATS_TEST_TMPDIR/go" 3>&- &
	HOLDER=$!
	# the holder has the lock once it wrote into the file
	while [ "$(cat "$XENMIN_LOCK" 2>/dev/null)" != 4242 ]; do sleep 0.05; done
}

release_lock() {
	echo > "$BATS_TEST_TMPDIR/go"
	wait "$HOLDER"
}

@test "lock: set finds the lock held: exit 75 naming the holder, nothing written" {
	hold_lock
	XENMIN_LOCK_WAIT=0 run -75 --separate-stderr "$X" -t sched-arinc653 set "$SCHED_DIR/good/x86-bed.cfg"
	release_lock
	[[ "$stderr" == *"xenmin: sched-arinc653 set: $XENMIN_LOCK: another xenmin writer (pid 4242) holds the writer lock; gave up after 0s (XENMIN_LOCK_WAIT)"* ]]
	# not one hypercall: the live state was not even read
	! grep -q 'sysctl\|domctl' <<< "$stderr" || false
	diff <(grep -v '^#' "$BATS_TEST_TMPDIR/before") <(grep -v '^#' "$XM_FAKE_STATE")
}

@test "lock: pause and unpause take it too" {
	hold_lock
	XENMIN_LOCK_WAIT=0 run -75 --separate-stderr "$X" domain pause 1
	[[ "$stderr" == *"holds the writer lock"* ]]
	XENMIN_LOCK_WAIT=0 run -75 --separate-stderr "$X" domain unpause 1
	release_lock
	diff <(grep -v '^#' "$BATS_TEST_TMPDIR/before") <(grep -v '^#' "$XM_FAKE_STATE")
}

@test "lock: a writer waits while XENMIN_LOCK_WAIT allows, then writes" {
	hold_lock
	(sleep 0.3; echo > "$BATS_TEST_TMPDIR/go") &
	XENMIN_LOCK_WAIT=60 run -0 "$X" sched-arinc653 set "$SCHED_DIR/good/x86-bed.cfg"
	wait "$HOLDER"
	[[ "$output" == *"verified by read-back"* ]]
	# the pid written is the last writer's, and nobody holds it any more
	flock -n "$XENMIN_LOCK" true
}

@test "lock: readers and --dry-run do not take it" {
	hold_lock
	XENMIN_LOCK_WAIT=0 run -0 "$X" sched-arinc653 get
	XENMIN_LOCK_WAIT=0 run -0 "$X" sched-arinc653 set --dry-run "$SCHED_DIR/good/x86-bed.cfg"
	XENMIN_LOCK_WAIT=0 run -1 "$X" sched-arinc653 diff "$SCHED_DIR/good/x86-bed.cfg"
	XENMIN_LOCK_WAIT=0 run -0 "$X" domain list
	release_lock
}

@test "lock: a lock file that cannot be opened is said in words" {
	XENMIN_LOCK=/nonexistent/dir/xenmin.lock run -70 --separate-stderr "$X" domain pause 1
	[ "$stderr" = "xenmin: domain pause: /nonexistent/dir/xenmin.lock: cannot open xenmin's writer lock: No such file or directory (set XENMIN_LOCK to a file on a writable file system)" ]
}
