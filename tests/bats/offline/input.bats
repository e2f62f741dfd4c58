#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# How check/set/diff read their FILE (issue 16, item 7): errors are shown
# before warnings, only regular files (or - for stdin) are read, time
# errors name their cause, the 1 MiB limit is exact, the advice of a long
# message is never cut, file bytes that are not printable ASCII are
# escaped. (The linear option reordering: test_xio.c, t_options_many.)
bats_require_minimum_version 1.7.0
load common

setup() {
	fake_state
	X="$XENMIN_FAKE"
	case "$X" in /*) ;; *) X="$PWD/$X" ;; esac
	XM="$XENMIN"
	case "$XM" in /*) ;; *) XM="$PWD/$XM" ;; esac
	T="$BATS_TEST_TMPDIR"
}

@test "input: 60 warnings before one error: the error is shown" {
	{
		echo "cpupool 0"
		for i in $(seq 1 60); do echo "domain w$i domid $i"; done
		echo "domain a domid 0"
		echo "slot a 10ms"
		echo "slot nobody 10ms"
	} > "$T/w.cfg"
	run -65 --separate-stderr "$XM" sched-arinc653 check "$T/w.cfg"
	[[ "${stderr_lines[0]}" == "$T/w.cfg:64:6: error: domain 'nobody' is not declared"* ]]
	[ "${stderr_lines[50]}" = "$T/w.cfg: 11 more messages not shown" ]
}

@test "input: a FIFO or directory is refused at once, not read forever (exit 66); - reads stdin" {
	mkfifo "$T/fifo"
	run -66 --separate-stderr "$XM" sched-arinc653 check "$T/fifo"
	[ "$stderr" = "xenmin: sched-arinc653 check: $T/fifo: not a regular file (use - to read standard input)" ]
	run -66 "$X" sched-arinc653 set "$T/fifo"
	run -66 "$X" sched-arinc653 diff "$T/fifo"
	run -66 "$XM" sched-arinc653 check "$T"
	# a character device is read, bounded: /dev/null is empty, /dev/zero too large
	run -65 "$XM" sched-arinc653 check /dev/zero
	printf 'cpupool 0\ndomain a domid 0\nslot a 10ms\n' | "$XM" sched-arinc653 check -
}

@test "input: time errors name their cause" {
	printf 'cpupool 0\ndomain a domid 0\nslot a 0.0000000001s\nslot a 1..5ms\nslot a 1.5.5ms\nslot a 0.5000000000s\n' > "$T/t.cfg"
	run -65 --separate-stderr "$XM" sched-arinc653 check "$T/t.cfg"
	[ "${stderr_lines[0]}" = "$T/t.cfg:3:8: error: time 0.0000000001s is not a whole number of nanoseconds" ]
	[ "${stderr_lines[1]}" = "$T/t.cfg:4:8: error: '1..5ms' is not a time (write a number and a unit: ns, us, ms or s, e.g. 10ms)" ]
	[ "${stderr_lines[2]}" = "$T/t.cfg:5:8: error: '1.5.5ms' is not a time (write a number and a unit: ns, us, ms or s, e.g. 10ms)" ]
	[ "${#stderr_lines[@]}" = 3 ]
}

@test "input: exactly 1 MiB is read, one byte more is refused (exit 65)" {
	python3 - "$T" <<'PY'
import sys
s = b'cpupool 0\ndomain a domid 0\nslot a 10ms\n'
pad = (1 << 20) - len(s) - 1
open(sys.argv[1] + '/ok.cfg', 'wb').write(s + b'#' * pad + b'\n')
open(sys.argv[1] + '/big.cfg', 'wb').write(s + b'#' * (pad + 1) + b'\n')
PY
	[ "$(stat -c %s "$T/ok.cfg")" = 1048576 ]
	run -0 "$XM" sched-arinc653 check "$T/ok.cfg"
	run -65 --separate-stderr "$XM" sched-arinc653 check "$T/big.cfg"
	[ "$stderr" = "xenmin: sched-arinc653 check: $T/big.cfg: file is larger than 1 MiB (1048576 bytes): not a configuration file" ]
	run -0 "$XM" sched-arinc653 check - < "$T/ok.cfg"
	run -65 "$XM" sched-arinc653 check - < "$T/big.cfg"
}

@test "input: the longest shared-UUID message keeps its --assign-uuids advice" {
	n=abcdefghijklmnopqrstuvwxyz01234
	fake_set pool 4000000000 sched arinc653 cpus none
	for d in 11111 11112 11113 11114 11115 11116 11117 11118 11119 11120; do
		fake_set domain $d pool 4000000000 uuid 00000000-0000-0000-0000-000000000000
	done
	printf 'cpupool 4000000000\ndomain %s domid 11111\nslot %s 10ms\n' $n $n > "$T/u.cfg"
	run -2 --separate-stderr "$X" sched-arinc653 set "$T/u.cfg"
	echo "$stderr"
	[[ "$stderr" == *"domain $n (domid 11111) shares UUID 00000000-0000-0000-0000-000000000000 with domids 11112, 11113, 11114, 11115, 11116, 11117, 11118, 11119 in cpupool 4000000000, so Xen cannot tell them apart: add 'uuid ...' to its domain line, or run with --assign-uuids" ]]
}

@test "input: bytes that are not printable ASCII are escaped in messages" {
	printf '\xef\xbb\xbfcpupool 0\ndomain a domid 0\nslot a 10\x9b31m\nslot a 1\x1b]0;pwned\x07s\n' > "$T/e.cfg"
	run -65 --separate-stderr "$XM" sched-arinc653 check "$T/e.cfg"
	echo "$stderr"
	[[ "$stderr" == *"unknown keyword '\\xef\\xbb\\xbfcpupool'"* ]]
	[[ "$stderr" == *"unknown time unit '\\x9b31m'"* ]]
	# nothing of the file's control bytes reaches the terminal
	! LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f-\xff]' <<< "$stderr"
}
