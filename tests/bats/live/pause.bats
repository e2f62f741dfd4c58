# SPDX-License-Identifier: MIT
# Live: `xenmin domain pause/unpause` really pause and unpause domains on a real Xen, as xl
# (the witness, same dom0) sees it. xl's own exit codes prove nothing (xl pause exits 0 even
# when it fails), so every assertion reads state. Xen counts pauses: two pauses need two
# unpauses. Every test leaves d1 and d2 fully unpaused.
load live_helper

setup_file() {
    export D1 D2
    D1=$(domid_of d1)
    D2=$(domid_of d2)
    unpause_fully "$D1"
    unpause_fully "$D2"
}

teardown() {
    unpause_fully "$D1"
    unpause_fully "$D2"
}

@test "pause: exit 0, 'domain N: paused', and xl shows the domain paused" {
    xl_unpaused "$D1"
    run --separate-stderr guest xenmin domain pause "$D1"
    [ "$status" -eq 0 ]
    [ "$output" = "domain $D1: paused" ]
    [ -z "$stderr" ]
    xl_paused "$D1"
    xl_unpaused "$D2"
    run --separate-stderr guest xenmin domain list --json "$D1"
    [ "$(json '.[0].paused')" = true ]
    [ "$(json '.[0].state[2:3]')" = p ]
}

@test "unpause: exit 0, 'domain N: unpaused', and xl no longer shows it paused" {
    guest xl pause "$D1"
    xl_paused "$D1"
    run --separate-stderr guest xenmin domain unpause "$D1"
    [ "$status" -eq 0 ]
    [ "$output" = "domain $D1: unpaused" ]
    [ -z "$stderr" ]
    xl_unpaused "$D1"
    run --separate-stderr guest xenmin domain list --json "$D1"
    [ "$(json '.[0].paused')" = false ]
}

@test "pause twice, unpause once: still paused (Xen counts pauses); a second unpause releases it" {
    run guest xenmin domain pause "$D1"
    [ "$status" -eq 0 ]
    run guest xenmin domain pause "$D1"
    [ "$status" -eq 0 ]
    run guest xenmin domain unpause "$D1"
    [ "$status" -eq 0 ]
    xl_paused "$D1"
    run guest xenmin domain unpause "$D1"
    [ "$status" -eq 0 ]
    xl_unpaused "$D1"
}

@test "unpause of a domain that is not paused fails with 2, says so, and changes nothing" {
    xl_unpaused "$D2"
    run --separate-stderr guest xenmin domain unpause "$D2"
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    [[ $stderr == "xenmin: domain unpause: $D2: not paused"* ]]
    xl_unpaused "$D2"
}

@test "pause and unpause several domains in one call" {
    run --separate-stderr guest xenmin domain pause "$D1" "$D2"
    [ "$status" -eq 0 ]
    [ "$output" = "domain $D1: paused
domain $D2: paused" ]
    xl_paused "$D1"
    xl_paused "$D2"
    run --separate-stderr guest xenmin domain unpause "$D1" "$D2"
    [ "$status" -eq 0 ]
    xl_unpaused "$D1"
    xl_unpaused "$D2"
}

@test "pausing dom0 from dom0 is refused by Xen: exit 2, dom0 keeps running" {
    run --separate-stderr guest xenmin domain pause 0
    [ "$status" -eq 2 ]
    [[ $stderr == "xenmin: domain pause: 0: "* ]]
    xl_unpaused 0
}

@test "a paused domU makes no progress; under credit2 its heartbeat stops and resumes" {
    if [ "$XM_SCHED" = arinc653 ]; then
        # Whether or not an earlier file put d1 in the schedule, a paused d1 gets no CPU
        # time: its counter stands still, and it is neither running nor blocked.
        local t1 t2
        run guest xenmin domain pause "$D1"
        [ "$status" -eq 0 ]
        run --separate-stderr guest xenmin domain list --json "$D1"
        t1=$(json '.[0].cpu_time_ns')
        [ "$(json '.[0].state[0:3]')" = --p ]
        sleep 2
        run --separate-stderr guest xenmin domain list --json "$D1"
        t2=$(json '.[0].cpu_time_ns')
        [ "$t1" -eq "$t2" ]
    else
        local log=/var/log/xen/console/guest-d1.log n1 n2 n3
        run guest sh -c "i=0; while [ \$i -lt 120 ]; do grep -q DOMU-ALIVE $log 2>/dev/null && exit 0; i=\$((i+1)); sleep 0.5; done; exit 1"
        [ "$status" -eq 0 ]
        run guest xenmin domain pause "$D1"
        [ "$status" -eq 0 ]
        sleep 1   # a heartbeat already on its way through xenconsoled may still land
        n1=$(guest grep -c DOMU-ALIVE "$log")
        sleep 4.5 # more than two heartbeat periods
        n2=$(guest grep -c DOMU-ALIVE "$log")
        [ "$n1" -eq "$n2" ]
        run guest xenmin domain unpause "$D1"
        [ "$status" -eq 0 ]
        run guest sh -c "i=0; while [ \$i -lt 40 ]; do [ \$(grep -c DOMU-ALIVE $log) -gt $n2 ] && exit 0; i=\$((i+1)); sleep 0.5; done; exit 1"
        [ "$status" -eq 0 ]
    fi
}
