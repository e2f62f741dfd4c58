#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `domain wait` and `domain watch` on the x86 beds (issue 12), with xl in the same dom0 as
# the actor and the witness. xenstored holds VIRQ_DOM_EXC there, so both look by the clock,
# and watch says so. The file works on d6, a copy of d1's xl config with on_crash =
# "preserve" (xl's default would destroy a crashed domain at once): the first test waits
# for it to exist while xl creates it a few seconds later, under a domid predicted from a
# throwaway domain (Xen gives the next one); the others pause and unpause it with xl, crash
# it for real (the domU's shell writes c to /proc/sysrq-trigger: the kernel panics and
# tells Xen SHUTDOWN_crash), and destroy it, while watch and wait run in the background.
# teardown_file destroys d6 and, on x86-4.17, puts back the ARINC 653 schedule it found.
load live_helper

UUID_D5=00000000-0000-4000-8000-0000000000d5
UUID_D6=00000000-0000-4000-8000-0000000000d6

# cfg NAME UUID: /tmp/NAME.cfg, d1's config with NAME, UUID and crashes preserved.
cfg() {
    guest sh -c "sed -e 's/d1/$1/g' -e '/^uuid/d' /etc/xen/d1.cfg > /tmp/$1.cfg &&
        printf '%s\n' 'uuid = \"$2\"' 'on_crash = \"preserve\"' >> /tmp/$1.cfg"
}

setup_file() {
    cfg d5 "$UUID_D5"
    cfg d6 "$UUID_D6"
}

teardown_file() {
    domu_down d6 >&3
}

# state ID: xl's six state letters of domain ID (empty when xl does not list it).
state() { xl_list_field "$1" state; }

@test "wait --for exists: returns when xl creates the domain, seconds later" {
    local n id
    # Xen gives each new domain the id after the last one it made.
    n=$(guest sh -c 'xl create -q -p /tmp/d5.cfg && xl domid d5')
    guest xl destroy "$n"
    run --separate-stderr guest --timeout 200 sh -c "(sleep 4; xl create -q /tmp/d6.cfg) >/dev/null 2>&1 &
        xenmin domain wait $((n + 1)) --for exists --timeout 180; echo rc=\$?; xl domid d6"
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "${lines[0]}" = rc=0 ]
    [ -z "$stderr" ]
    # xl's witness: the domain that came is d6, under the id waited for.
    id=${lines[1]}
    [ "$id" = $((n + 1)) ]
    if [ "$XM_SCHED" = arinc653 ]; then
        guest sh -c "xenmin sched-arinc653 get > /tmp/d6-before.sched"
        put_lines /tmp/d6.sched "cpupool 0" "major_frame 20ms" "domain dom0 domid 0" \
            "domain d6 domid $id uuid $UUID_D6" "slot dom0 10ms" "slot d6 10ms"
        guest xenmin sched-arinc653 set /tmp/d6.sched
    fi
    wait_beats d6 0
}

@test "wait: running met now (exit 0, silent); paused never comes (75, said); xl agrees" {
    local id
    id=$(domid_of d6)
    run --separate-stderr guest xenmin domain wait "$id" 0 --for running
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ -z "$stderr" ]
    run --separate-stderr guest xenmin domain wait "$id" --for paused --timeout 1.5 --json
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 75 ]
    [ "$stderr" = "xenmin: domain wait: $id: --for paused not met within 1.5 s: it is running" ]
    [ "$(json '.[0].state')" = running ]
    [ "$(json '.[0].met')" = false ]
    [[ "$(state "$id")" != *p* ]]
}

@test "watch and wait, by the clock: xl pauses and unpauses d6, then d6 crashes" {
    local id tty
    id=$(domid_of d6)
    tty=$(guest xenstore-read "/local/domain/$id/console/tty")
    [ -n "$tty" ]
    # In the background until d6 is gone, past this test (or their --timeout, should a
    # test fail first): watch's lines, wait's verdict.
    guest sh -c "(xenmin domain watch --interval 0.2 --until gone --timeout 400 $id > /tmp/watch.out 2> /tmp/watch.err;
                  echo \$? > /tmp/watch.rc) >/dev/null 2>&1 &
                 (xenmin domain wait $id --for crashed --interval 0.2 --timeout 170 > /tmp/wait.out 2> /tmp/wait.err;
                  echo \$? > /tmp/wait.rc) >/dev/null 2>&1 &
                 sleep 2"
    guest xl pause "$id"
    [[ "$(state "$id")" == *p* ]]
    guest sleep 2
    guest xl unpause "$id"
    [[ "$(state "$id")" != *p* ]]
    guest sleep 2
    # The domU's shell runs each line that reaches its console: xenconsoled's pty.
    guest sh -c "echo 'echo c > /proc/sysrq-trigger' > $tty"
    run guest --timeout 150 sh -c "i=0; while [ ! -s /tmp/wait.rc ] && [ \$i -lt 280 ]; do sleep 0.5; i=\$((i+1)); done
        cat /tmp/wait.rc /tmp/wait.err"
    echo "wait: $output"
    [ "$output" = 0 ]
    # xl's witness: shut down, reason crash (xl's letters, the same as xenmin's).
    [ "$(state "$id" | cut -c4-5)" = sc ]
}

@test "wait on the crashed d6: running is out of reach (7, said), shutdown and exists met" {
    local id
    id=$(domid_of d6)
    run --separate-stderr guest xenmin domain wait "$id" --for running --timeout 30
    [ "$status" -eq 7 ]
    [ "$stderr" = "xenmin: domain wait: $id: can never meet --for running now: it shut down (reason crash)" ]
    run --separate-stderr guest xenmin domain wait "$id" --for shutdown
    [ "$status" -eq 0 ]
    run --separate-stderr guest xenmin domain wait "$id" --for exists --json
    [ "$status" -eq 0 ]
    [ "$(json '.[0].reason')" = crash ]
}

@test "watch saw each change once, in order; wait --for gone once xl destroys d6" {
    local id
    id=$(domid_of d6)
    run --separate-stderr guest sh -c "(sleep 2; xl destroy $id) >/dev/null 2>&1 &
        xenmin domain wait $id --for gone --timeout 120; echo rc=\$?; xl list | grep -c ' $id ' || true"
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "${lines[0]}" = rc=0 ]
    [ "${lines[1]}" = 0 ]
    run guest --timeout 60 sh -c "i=0; while [ ! -s /tmp/watch.rc ] && [ \$i -lt 100 ]; do sleep 0.5; i=\$((i+1)); done
        cat /tmp/watch.rc; cat /tmp/watch.out"
    echo "$output"
    [ "${lines[0]}" = 0 ]
    # EVENT STATE REASON of each line; dying may be too short to see: it lasts under 0.2 s.
    [ "$(printf '%s\n' "${lines[@]:1}" | awk '{ print $4, $5, $6 }' | grep -v '^changed dying -$')" = "present running -
changed paused -
changed running -
changed shutdown crash
gone gone -" ]
    [ "$(printf '%s\n' "${lines[@]:1}" | awk -v id="$id" '$2 != id' | wc -l)" -eq 0 ]
    run guest cat /tmp/watch.err
    [ "$output" = "xenmin: domain watch: polling every 0.2 s: cannot bind VIRQ_DOM_EXC: another program of this domain has it bound (xenstored binds VIRQ_DOM_EXC; xenconsoled --log=hv, VIRQ_CON_RING)" ]
}
