#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
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
	fake_set xen open_error ENOENT
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
	fake_state # without the lines of setup()
	# Each read makes Xen write one more line; the long one overruns
	# the 128-byte ring between two reads.
	{
		echo "xen conring_size 128"
		echo "conlater (XEN) DOM1: zero"
		echo "conlater (XEN) DOM2: $(printf 'y%.0s' $(seq 150))"
		echo "conlater (XEN) DOM1: two"
	} >> "$XM_FAKE_STATE"
	run -0 --separate-stderr "$XENMIN_FAKE" console attach --new -T 1 1
	[ "$output" = two ]
	[[ "$stderr" == *"xenmin: console attach: Xen's console ring wrapped: "*" bytes were overwritten before xenmin read them"* ]]
}

@test "console attach: Xen without sysctl is 76, not a bare errno" {
	fake_set xen sysctl_absent yes
	run -76 --separate-stderr "$XENMIN_FAKE" console attach --all -T 1
	[[ "$stderr" == *"reading Xen's console ring: Xen was built without sysctl"* ]]
}

@test "console attach: not the control domain is 77" {
	fake_set xen self 7
	run -77 --separate-stderr "$XENMIN_FAKE" console attach --all -T 1
}

# A PV console ring in the fake: domain 1 publishes it in HVM params (as Arm,
# HVM and PVH guests do), domain 2 is x86 PV (grant entry 0). The fake guest
# answers every input line with "GOT:<line>".
ring_state() {
	fake_set console 1 kind hvm frame 0x39000 port 3 bound "${1:-no}"
	fake_set console 2 kind pv frame 0x1234 port 5 bound "${2:-no}"
}

@test "console attach: a ring in HVM params means ring mode; stdin goes to the guest" {
	ring_state
	run -0 --separate-stderr "$XENMIN_FAKE" console attach 1 <<< "hello"
	[ "$output" = $'FAKE-CONSOLE-BANNER\r\nGOT:hello\r' ]
	[ "$stderr" = "xenmin: console attach: domain 1: ring mode: PV console ring at frame 0x39000, event channel 3 (from HVM params); copying stdin to the guest" ]
}

@test "console attach: x86 PV ring found through grant entry 0 and the free port" {
	ring_state
	run -0 --separate-stderr "$XENMIN_FAKE" console attach --timeout 1 2 <<< "pv"
	[[ "$output" == *"GOT:pv"* ]]
	[[ "$stderr" == *"frame 0x1234, event channel 5 (from grant entry 0 and the free port)"* ]]
}

@test "console attach: a console xenconsoled serves is refused (exit 2), left bound" {
	ring_state yes yes
	run -2 --separate-stderr "$XENMIN_FAKE" console attach 1 < /dev/null
	[ -z "$output" ]
	[ "$stderr" = "xenmin: console attach: domain 1: its console is served already (its event channel is bound by domain 0: xenconsoled, where \`xl console 1\` reaches it); xenmin leaves it alone" ]
	run -2 "$XENMIN_FAKE" console attach 2 < /dev/null
	[ "$(fake_line console 1)" = "console 1 kind hvm frame 0x39000 port 3 bound yes guest echo" ]
	# --follow still works: it reads Xen's ring, not the domain's.
	run -0 --separate-stderr "$XENMIN_FAKE" console attach --follow -T 1 1 < /dev/null
	[[ "${stderr_lines[0]}" == *"follow mode: asked for with --follow"* ]]
}

@test "console attach: in a terminal, raw mode, ^] detaches, the terminal comes back" {
	ring_state
	python3 - "$XENMIN_FAKE" <<'PY'
import os, pty, signal, subprocess, sys, termios, time

def expect(fd, want, secs=5):
    buf, end = b"", time.time() + secs
    while want not in buf:
        assert time.time() < end, "waited for %r, got %r" % (want, buf)
        try:
            buf += os.read(fd, 4096)
        except BlockingIOError:
            time.sleep(0.05)
    return buf

def session(args, finish, want=0):
    m, s = os.openpty()
    os.set_blocking(m, False)
    before = termios.tcgetattr(s)
    assert before[3] & termios.ICANON and before[3] & termios.ECHO
    p = subprocess.Popen([sys.argv[1], "console", "attach"] + args, stdin=s,
                         stdout=s, stderr=subprocess.PIPE)
    expect(m, b"FAKE-CONSOLE-BANNER")
    raw = termios.tcgetattr(s)
    assert not raw[3] & (termios.ICANON | termios.ECHO | termios.ISIG), raw
    os.write(m, b"typed\r")
    expect(m, b"GOT:typed")
    finish(m, p)
    err = p.stderr.read().decode()
    assert p.wait(5) == want, (p.returncode, err)
    assert termios.tcgetattr(s) == before, "terminal not restored"
    assert "detach with the escape character" in err, err
    os.close(m); os.close(s)

session(["1"], lambda m, p: os.write(m, b"more\x1d"))
session(["-e", "^A", "1"], lambda m, p: os.write(m, b"\x1d\x01"))
# SIGTERM: the terminal comes back, then xenmin dies of the signal (not 0).
session(["1"], lambda m, p: p.send_signal(signal.SIGTERM), -signal.SIGTERM)
PY
}
