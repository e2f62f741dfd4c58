#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `domain destroy` and `domain shutdown` on the arm64 dom0less beds (no xl, no xenstore):
# with both domUs alive (on arm64-4.17 under an ARINC 653 schedule set here, with distinct
# UUIDs; on arm64-4.17-debian in credit2), destroying d2 leaves it no more in Xen's list
# while d1's heartbeat on Xen's console goes on; then a hard shutdown of d1 with reason
# crash shows as "s" and "c" and stops its heartbeat. A domains file names them. Domain 0,
# where xenmin runs, is refused. This file ends both domUs: tests/bed/arm64.sh runs it last.
load arm64_helper

UUID_D1=00000000-0000-4000-8000-0000000000d1
UUID_D2=00000000-0000-4000-8000-0000000000d2

teardown() {
    [ -n "${BATS_TEST_COMPLETED:-}" ] || xm_console_tail >&3
}

@test "arm64 stop: both domUs alive first, named by a domains file" {
    if xm_is_a653_bed; then
        put_lines /tmp/stop.sched "cpupool 1" "major_frame 20ms" \
            "domain d1 domid 1 uuid $UUID_D1" "domain d2 domid 2 uuid $UUID_D2" \
            "slot d1 10ms" "slot d2 10ms"
        run --separate-stderr guest xenmin sched-arinc653 set /tmp/stop.sched
        echo "set: $status $output $stderr"
        [ "$status" -eq 0 ]
    fi
    xm_wait_beat d1 "$(xm_beat d1)" 120
    xm_wait_beat d2 "$(xm_beat d2)" 120
    put_lines /tmp/names "domain nav domid 1" "domain gps domid 2"
    run --separate-stderr guest xenmin --domains /tmp/names domain list
    [ "$status" -eq 0 ]
    [[ "${lines[2]}" =~ ^\ +1\ .*\ nav$ ]]
    [[ "${lines[3]}" =~ ^\ +2\ .*\ gps$ ]]
}

@test "arm64 stop: destroy of domain 0 is refused and changes nothing" {
    run --separate-stderr guest xenmin domain destroy 0 2
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    [ "$stderr" = "xenmin: domain destroy: 0: refused: domain 0 is the hardware domain, which the whole system depends on" ]
    run --separate-stderr guest xenmin domain list 2
    [ "$status" -eq 0 ]
}

@test "arm64 stop: destroy gps (d2): gone from Xen's list, d1's heartbeat goes on" {
    local b
    run --separate-stderr guest xenmin --domains /tmp/names domain destroy gps
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [ "$output" = "domain gps (domid 2): destroyed" ]
    run --separate-stderr guest xenmin domain list --json
    [ "$(printf '%s' "$output" | python3 -c 'import json,sys; print([d["domid"] for d in json.load(sys.stdin)])')" = "[0, 1]" ]
    b=$(xm_beat d1)
    xm_wait_beat d1 "$b" 60
    run --separate-stderr guest xenmin domain destroy 2
    [ "$status" -eq 2 ]
    [ "$stderr" = "xenmin: domain destroy: 2: no such domain" ]
}

@test "arm64 stop: hard shutdown of nav (d1), reason crash: shown as s and c, no more heartbeats" {
    # A watch waits for it, event-driven: with VIRQ_DOM_EXC bound and no periodic look
    # (--interval 600) it must make no hypercall until Xen signals the crash.
    guest sh -c "(xenmin --trace --domains /tmp/names domain watch --until crashed \
        --interval 600 --timeout 60 nav; echo \$? >/tmp/w.rc) </dev/null >/tmp/w.out 2>/tmp/w.err &"
    sleep 4
    run --separate-stderr guest xenmin --domains /tmp/names domain shutdown --reason crash nav
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [ "$output" = "domain nav (domid 1): shut down (reason crash)" ]
    [ "$(xm_json_field 1 shutdown)" = true ]
    [ "$(xm_json_field 1 crashed)" = true ]
    [ "$(xm_json_field 1 state | cut -c4-5)" = sc ]
    # Stopped: its CPU time no longer grows.
    local t
    t=$(xm_json_field 1 cpu_time_ns)
    sleep 1
    [ "$(xm_json_field 1 cpu_time_ns)" = "$t" ]
}

@test "arm64 watch: event-driven, no hypercall while nothing changed, the crash seen at once" {
    local i
    for ((i = 0; i < 60; i++)); do guest test -s /tmp/w.rc && break; sleep 0.5; done
    run guest cat /tmp/w.rc /tmp/w.out /tmp/w.err
    echo "$output"
    [ "$(guest cat /tmp/w.rc)" = 0 ]
    # stdout: nav as it was at the start, then its crash (fields: time domid name event
    # state reason letters), and nothing else
    run guest sh -c "awk '{ print \$2, \$3, \$4, \$5, \$6 }' /tmp/w.out"
    [ "${#lines[@]}" -eq 2 ]
    [ "${lines[0]}" = "1 nav present running -" ]
    [ "${lines[1]}" = "1 nav changed shutdown crash" ]
    # the trace: the virq bound, one look, then nothing but Xen's event and the look it asks for
    run guest sh -c "awk '/^xenmin: trace:/ { print \$3, \$4 }' /tmp/w.err"
    [ "${lines[0]}" = "xen_version version" ]
    [ "${lines[1]}" = "evtchn bind_virq(DOM_EXC)" ]
    [ "${lines[2]}" = "sysctl getdomaininfolist" ]
    [ "${lines[3]}" = "evtchn event(DOM_EXC)" ]
    [ "${lines[4]}" = "sysctl getdomaininfolist" ]
    [ "${#lines[@]}" -eq 5 ]
}
