#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `console attach` on the x86 beds (issue 6), with xl and xenconsoled in the same dom0 as
# witnesses. The file works on a domain of its own, d3 (a copy of d1's xl config), so the
# bed's d1 and d2 keep the state other files expect (on x86-4.17: never run until
# sched.bats names them). d3 is an xl-created PV guest: it publishes its console ring only
# in start_info and xenstore, so xenmin finds the frame in grant entry 0 (seeded by the
# toolstack) and the port as the one still waiting for dom0. While xenconsoled serves the
# console, attach must refuse (exit 2) and leave it serving. With xenconsoled stopped,
# attach runs a command line in d3's shell (tests/bed/domu-init) and sees the answer, twice,
# and afterwards xenconsoled takes the console back. The session ends (exit 7) when its
# domain is destroyed, in follow mode and in ring mode (on dcon, a paused copy of d1), and a
# SIGTERM'd attach is not exit 0. teardown_file restarts xenconsoled,
# destroys d3 and, on x86-4.17, puts back the ARINC 653 schedule it found.
load live_helper

UUID_D3=00000000-0000-4000-8000-0000000000d3

setup_file() {
    domu_up d3 "$UUID_D3" >&3
}

teardown_file() {
    domu_down d3 >&3
    guest sh -c 'id=$(xl domid dcon 2>/dev/null) && xl destroy $id' || true
}

@test "console: while xenconsoled serves d3, attach refuses (exit 2) and leaves it serving" {
    refused_while_served d3
}

@test "console: without xenconsoled, attach runs a command in d3's shell and shows the answer" {
    local id
    id=$(domid_of d3)
    stop_xenconsoled
    run --separate-stderr guest sh -c "echo 'echo XM-\$((6*7))' | xenmin console attach --timeout 6 $id"
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [[ "$output" == *"XM-42"* ]]
    [[ "$stderr" == "xenmin: console attach: domain $id: ring mode: PV console ring at frame 0x"*", event channel "*" (from grant entry 0 and the free port); copying stdin to the guest" ]]
}

@test "console: in a terminal (telnetd's pty in dom0): raw while attached, ^B detaches (-e), terminal restored" {
    local id
    id=$(domid_of d3)
    # busybox telnet is the pty's user side; its own escape is ^], hence -e ^B here. The
    # first line runs in telnetd's shell: it samples the terminal before, during and after.
    run --separate-stderr guest sh -c "
        ip link set lo up; telnetd -p 2323 -l /bin/sh -b 127.0.0.1 || exit 3
        ( sleep 2
          printf '%s\r' 't=\$(tty); stty -g > /tmp/tty.before; (sleep 3; stty -a -F \$t > /tmp/tty.during) & xenmin console attach -e ^B $id; echo rc=\$?; stty -g > /tmp/tty.after'
          sleep 5; printf 'echo XM-\$((6*9))\r'; sleep 4; printf '\002'; sleep 2; printf 'exit\r'; sleep 1
        ) | telnet 127.0.0.1 2323 > /tmp/tty.out 2>&1
        kill \$(pidof telnetd)
        cat /tmp/tty.out; echo ==; cat /tmp/tty.during; echo ==
        cmp /tmp/tty.before /tmp/tty.after && echo SAME"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"detach with the escape character"* ]]
    [[ "$output" == *XM-54* ]]
    [[ "$output" == *rc=0* ]]
    [[ "$output" == *" -icanon "* && "$output" == *" -echo "* ]]
    [ "${lines[-1]}" = SAME ]
}

@test "console: a second attach works again, and xenconsoled can take the console back" {
    local id n
    id=$(domid_of d3)
    run --separate-stderr guest sh -c "echo 'echo XM-\$((6*7+1))' | xenmin console attach --timeout 6 $id"
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [[ "$output" == *"XM-43"* ]]
    # Without --timeout, the end of input ends the session at once.
    run --separate-stderr guest sh -c "xenmin console attach $id < /dev/null"
    [ "$status" -eq 0 ]
    n=$(beats d3)
    guest sh -c "$XENCONSOLED"
    wait_beats d3 "$n"
    run --separate-stderr guest xenmin console attach --timeout 1 "$id"
    [ "$status" -eq 2 ]
}

@test "console: --all follows Xen's own console ring on x86 too" {
    run --separate-stderr guest xenmin console attach --all --timeout 1
    [ "$status" -eq 0 ]
    [[ "$output" == *"(XEN) "* ]]
    [ "$stderr" = "xenmin: console attach: follow mode: every line of Xen's console ring, read-only" ]
}

@test "console: follow mode reports what Xen overwrote before it could read it" {
    # Stop the follower, make Xen print far more than its 16 KiB ring ('q' dumps the
    # domains, ~3 KiB), let it go on: its next read starts at Xen's oldest byte.
    run --separate-stderr guest sh -c 'xenmin console attach --all --new --timeout 15 > /tmp/f.out 2> /tmp/f.err & p=$!
        sleep 2; kill -STOP $p; i=0; while [ $i -lt 10 ]; do xl debug-keys q; i=$((i+1)); done
        kill -CONT $p; wait $p; echo rc=$?; cat /tmp/f.err >&2; wc -c < /tmp/f.out'
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "${lines[0]}" = rc=0 ]
    [[ "${stderr_lines[1]}" =~ ^"xenmin: console attach: Xen's console ring wrapped: "[0-9]+" bytes were overwritten before xenmin read them"$ ]]
    # What was still there was shown: a whole ring's worth.
    [ "${lines[1]}" -ge 8192 ]
}

@test "console: the session ends when its domain goes away" {
    local id t0
    id=$(domid_of d3)
    t0=$(date +%s)
    run --separate-stderr guest sh -c "(sleep 3; xl destroy $id) & xenmin console attach --follow --timeout 40 $id"
    echo "stderr: $stderr"
    # exit 7, as in ring mode: the session did not end as asked
    [ "$status" -eq 7 ]
    [ $(( $(date +%s) - t0 )) -lt 30 ]
    # seen dying or already gone, whichever look comes first
    [[ "${stderr_lines[2]}" == "xenmin: console attach: domain $id: the domain is gone" ||
       "${stderr_lines[2]}" == "xenmin: console attach: domain $id: the domain is dying (destroyed)"* ]]
}

@test "console: ring mode: SIGTERM is not exit 0; xl destroy ends it (exit 7) and the domain is freed" {
    local id
    # dcon: a paused copy of d1 (its console ring and port exist from xl create on; xl
    # waits for xenconsoled to take it), then xenconsoled is stopped, which lets its port
    # go, so ring mode gets it. d3 is gone by now, or made so (memory for dcon).
    guest sh -c 'id=$(xl domid d3 2>/dev/null) && xl destroy $id' || true
    guest sh -c "pidof xenconsoled >/dev/null || $XENCONSOLED"
    guest sh -c "sed -e 's/d1/dcon/g' -e '/^uuid/d' /etc/xen/d1.cfg > /tmp/dcon.cfg &&
        echo 'uuid = \"00000000-0000-4000-8000-0000000000c5\"' >> /tmp/dcon.cfg && xl create -q -p /tmp/dcon.cfg"
    id=$(domid_of dcon)
    stop_xenconsoled
    run --separate-stderr guest sh -c "xenmin console attach --timeout 30 $id < /dev/null & p=\$!
        sleep 3; kill -TERM \$p; wait \$p; echo rc=\$?"
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "${lines[-1]}" = rc=143 ]
    # Destroyed while attached: noticed (xenmin's mapping of the ring kept the domain
    # dying, so xenmin takes dying as the end), the page released, and Xen frees it.
    run --separate-stderr guest sh -c "xenmin console attach --timeout 40 $id < /dev/null & p=\$!
        sleep 3; xl destroy $id; t0=\$(date +%s); wait \$p; echo rc=\$? after=\$(( \$(date +%s) - t0 ))s
        i=0; while xl list $id > /dev/null 2>&1 && [ \$i -lt 40 ]; do sleep 0.25; i=\$((i+1)); done
        xl list $id > /dev/null 2>&1 || echo FREED"
    echo "stdout: $output"; echo "stderr: $stderr"
    guest sh -c "pidof xenconsoled >/dev/null || $XENCONSOLED"
    [[ "${lines[0]}" == "rc=7 after="* ]]
    [[ "${stderr_lines[-1]}" == "xenmin: console attach: domain $id: the domain is "@(dying (destroyed): console released, so Xen can free it|gone) ]]
    [ "${lines[1]}" = FREED ]
}
