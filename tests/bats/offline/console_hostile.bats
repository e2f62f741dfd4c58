#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# console attach's ring mode against hostile guests and a dying domain (issue 16, defects
# 4 and 5), over the fake in a pty (python3's pty module): a guest that never reads its
# input, one whose rings claim to be full forever, one whose indices are out of range, one
# whose output is terminal escape sequences; the escape (^]) always detaches and the
# terminal comes back. A destroyed domain is noticed although xenmin's own mapping keeps it
# dying (exit 7, ring unmapped); a SIGTERM'd attach does not exit 0.
bats_require_minimum_version 1.7.0
load common

setup() {
	fake_state
	fake_set console 1 kind hvm frame 0x39000 port 3 bound no
}

# pty_session GUEST ACTION: attach to domain 1 (its fake guest GUEST) in a fresh pty, type
# ACTION's bytes, then check exit status, stderr and the terminal (restored). ACTION:
# flood (6000 bytes the guest never takes, more than xenmin's 4 KiB and the ring's 1 KiB,
# then ^]), detach (^] at once), term (SIGTERM).
pty_session() {
	fake_set console 1 guest "$1"
	python3 - "$XENMIN_FAKE" "$2" <<'PY'
import os, signal, subprocess, sys, termios, time

def drain(fd, until, secs=10):
    """Read the pty until @until(bytes so far) or the time is up (fails)."""
    buf, end = b"", time.time() + secs
    while not until(buf):
        assert time.time() < end, "waited, got %r" % buf[-300:]
        try:
            buf += os.read(fd, 65536)
        except BlockingIOError:
            time.sleep(0.02)
        except OSError:
            break
    return buf

m, s = os.openpty()
os.set_blocking(m, False)
before = termios.tcgetattr(s)
p = subprocess.Popen([sys.argv[1], "console", "attach", "1"], stdin=s, stdout=s,
                     stderr=subprocess.PIPE)
out = drain(m, lambda b: b"FAKE-CONSOLE-BANNER" in b or b"\033[6n" in b or p.poll() is not None)
action = sys.argv[2]
if action == "flood":
    for i in range(60):
        os.write(m, b"x" * 99 + b"\r")
        out += drain(m, lambda b: True)
    os.write(m, b"\x1d")
elif action == "detach":
    os.write(m, b"\x1d")
elif action == "term":
    p.send_signal(signal.SIGTERM)
out += drain(m, lambda b: p.poll() is not None)
err = p.stderr.read().decode()
rc = p.wait(10)
print("rc=%d" % rc)
print("terminal restored" if termios.tcgetattr(s) == before else "terminal NOT restored")
print("output has escapes" if b"\033]0;pwned\007" in out else "output without escapes")
sys.stdout.write(err)
PY
}

@test "console hostile: a guest that never reads its input: ^] still detaches, the drop is said" {
	run -0 pty_session deaf flood
	echo "$output"
	[ "${lines[0]}" = rc=0 ]
	[ "${lines[1]}" = "terminal restored" ]
	[[ "$output" == *"domain 1: the guest did not take "*" typed bytes: dropped"* ]]
}

@test "console hostile: rings that claim to be full forever: ^] still detaches" {
	run -0 pty_session full flood
	echo "$output"
	[ "${lines[0]}" = rc=0 ]
	[ "${lines[1]}" = "terminal restored" ]
}

@test "console hostile: output full of terminal escapes (and 0x1d) is passed on, ^] detaches" {
	run -0 pty_session escapes detach
	echo "$output"
	[ "${lines[0]}" = rc=0 ]
	[ "${lines[1]}" = "terminal restored" ]
	[ "${lines[2]}" = "output has escapes" ]
}

@test "console hostile: ring indices out of range: refused in words (exit 2), terminal restored" {
	run -0 pty_session badidx detach
	echo "$output"
	[ "${lines[0]}" = rc=2 ]
	[ "${lines[1]}" = "terminal restored" ]
	[[ "$output" == *"xenmin: console attach: domain 1: the guest's console ring is corrupt"* ]]
}

@test "console attach: SIGTERM in a terminal or not: the terminal comes back, the exit is not 0" {
	run -0 pty_session echo term
	echo "$output"
	[ "${lines[0]}" = rc=-15 ]
	[ "${lines[1]}" = "terminal restored" ]
	# Without a terminal: the shell sees death by SIGTERM (143).
	run bash -c '{ sleep 5 2> /dev/null; } | "$0" console attach 1 > /dev/null 2>&1 & p=$!
		sleep 1; kill -TERM $p; wait $p' "$XENMIN_FAKE"
	[ "$status" = 143 ]
}

@test "console attach: a destroyed domain is noticed though xenmin's mapping keeps it dying" {
	# destroyed at the 4th domain list of the run: the attach's own looks
	fake_set step list 4 domain 1 flags dying destroyed yes
	run -7 --separate-stderr "$XENMIN_FAKE" console attach --timeout 6 1 < <(sleep 8 2> /dev/null)
	echo "$stderr"
	[ "${stderr_lines[-1]}" = "xenmin: console attach: domain 1: the domain is dying (destroyed): console released, so Xen can free it" ]
	# Unmapped, it is freed: gone at the next look.
	run -2 "$XENMIN_FAKE" domain list 1
}
