#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Live tests on the arm64 dom0less beds (tests/bed/arm64.sh): dom0 plus two domUs d1, d2 that
# Xen built itself from the device tree, all with the all-zero UUID, no xl, no xenstore.
# On arm64-4.17 (Xen built with ARINC 653 and boot-time cpupools) the domUs sit in arinc653
# Pool-1 and cannot run until a schedule names them: these tests install one with
# `xenmin sched-arinc653 set`, which must first give the domUs distinct UUIDs, and then
# witness on Xen's console that both run and that pause/unpause stop and resume exactly
# one of them. On arm64-4.17-debian (Debian's binary, everything in credit2 Pool-0) the same
# tests assert the error path where ARINC 653 does not apply. Tests run in file order and
# share the booted bed.

load arm64_helper

UUID_D1=00000000-0000-4000-8000-0000000000d1
UUID_D2=00000000-0000-4000-8000-0000000000d2
ZERO=00000000-0000-0000-0000-000000000000

teardown() {
    [ -n "${BATS_TEST_COMPLETED:-}" ] || xm_console_tail >&3
}

@test "arm64: info reports aarch64 and the bed's cpupools" {
    run --separate-stderr guest xenmin info
    [ "$status" -eq 0 ]
    [[ "$output" == *"arch: aarch64"* ]]
    [[ "$output" == *"xen_version: $XM_XEN_MAJMIN."* ]]
    if xm_is_a653_bed; then
        [[ "$output" == *"cpupool 0: scheduler credit2, 1 domains, cpus 0"* ]]
        [[ "$output" == *"cpupool 1: scheduler arinc653, 2 domains, cpus 1"* ]]
    else
        [[ "$output" == *"cpupool 0: scheduler credit2, 3 domains, cpus 0-1"* ]] ||
            [[ "$output" == *"cpupool 0: scheduler credit2, 3 domains, cpus 0,1"* ]]
    fi
}

@test "arm64: domain list shows dom0 and both dom0less domUs with their pools and zero UUIDs" {
    local p
    p=$(xm_domu_pool)
    run --separate-stderr guest xenmin domain list
    [ "$status" -eq 0 ]
    [ "$stderr" = "" ]
    [ "${#lines[@]}" -eq 4 ]
    [[ "${lines[0]}" == *"ID UUID"*"POOL"* ]]
    # Every dom0less domain starts with the all-zero handle; nothing has set one yet.
    [[ "${lines[1]}" =~ ^\ +0\ $ZERO\ r.{5}\ +512\ +512\ +1\ +0\  ]]
    [[ "${lines[2]}" =~ ^\ +1\ $ZERO\ .{6}\ +128\ +128\ +1\ +$p\  ]]
    [[ "${lines[3]}" =~ ^\ +2\ $ZERO\ .{6}\ +128\ +128\ +1\ +$p\  ]]
    [ "$(xm_json_field 1 cpupool)" = "$p" ]
    [ "$(xm_json_field 2 cpupool)" = "$p" ]
    [ "$(xm_json_field 0 cpupool)" = 0 ]
}

@test "arm64: before a schedule, domUs in the arinc653 pool never run (debian: they run)" {
    if xm_is_a653_bed; then
        # Xen's default arinc653 schedule names only dom0's vCPUs, and dom0 is elsewhere.
        sleep 2
        [ "$(xm_json_field 1 cpu_time_ns)" = 0 ]
        [ "$(xm_json_field 2 cpu_time_ns)" = 0 ]
        ! xm_banner_seen d1 || false
        ! xm_banner_seen d2 || false
    else
        xm_wait_beat d1 0 120
        xm_wait_beat d2 0 120
        xm_banner_seen d1
        xm_banner_seen d2
    fi
}

@test "arm64: sched-arinc653 set refuses a schedule whose domUs share the zero UUID, changing nothing" {
    local p
    p=$(xm_domu_pool)
    # No uuid on the domain lines: d1 and d2 (and dom0) all carry the all-zero handle, so
    # Xen could not tell the two entries apart.
    put_lines /tmp/zero.sched "cpupool $p" "major_frame 20ms" \
        "domain a domid 1" "domain b domid 2" "slot a 10ms" "slot b 10ms"
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/zero.sched
    [ "$status" -eq 2 ]
    if xm_is_a653_bed; then
        [[ "$stderr" == *"shares UUID $ZERO"* ]]
        [[ "$stderr" == *"--assign-uuids"* ]]
        # Nothing was written: the domUs keep the zero UUID and still do not run.
        [ "$(xm_json_field 1 cpu_time_ns)" = 0 ]
        [ "$(xm_json_field 2 cpu_time_ns)" = 0 ]
    else
        [[ "$stderr" == *"arinc653"* ]]
    fi
    [ "$(xm_json_field 1 uuid)" = "$ZERO" ]
    [ "$(xm_json_field 2 uuid)" = "$ZERO" ]
}

@test "arm64: sched-arinc653 set on the domUs' pool fixes the zero UUIDs and makes both domUs run" {
    local p
    p=$(xm_domu_pool)
    put_lines /tmp/a653.sched "cpupool $p" "major_frame 20ms" \
        "domain a domid 1 uuid $UUID_D1" "domain b domid 2 uuid $UUID_D2" \
        "slot a 10ms" "slot b 10ms"
    run --separate-stderr guest xenmin sched-arinc653 check /tmp/a653.sched
    [ "$status" -eq 0 ]
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/a653.sched
    if ! xm_is_a653_bed; then
        # Debian's Xen has no arinc653 scheduler: a documented refusal, nothing changed.
        [ "$status" -eq 2 ]
        [[ "$stderr" == *"arinc653"* ]]
        run --separate-stderr guest xenmin domain list
        [[ "${lines[1]}" == *" $ZERO "* ]]
        [[ "${lines[2]}" == *" $ZERO "* ]]
        return 0
    fi
    echo "set: status $status, stdout: $output, stderr: $stderr"
    [ "$status" -eq 0 ]
    run --separate-stderr guest xenmin domain list
    [ "$status" -eq 0 ]
    [[ "${lines[1]}" == *" $ZERO "* ]]
    [[ "${lines[2]}" == *" $UUID_D1 "* ]]
    [[ "${lines[3]}" == *" $UUID_D2 "* ]]
    # Both domUs now get their slot: each boots (banner) and ticks (heartbeat).
    xm_wait_beat d1 0 120
    xm_wait_beat d2 0 120
    xm_banner_seen d1
    xm_banner_seen d2
}

@test "arm64: sched-arinc653 get round-trips the schedule that was set" {
    if ! xm_is_a653_bed; then
        run --separate-stderr guest xenmin sched-arinc653 get --pool 0
        [ "$status" -eq 2 ]
        [[ "$stderr" == *"arinc653"* ]]
        return 0
    fi
    run --separate-stderr guest xenmin sched-arinc653 get --pool 1
    [ "$status" -eq 0 ]
    [[ "$output" == *"cpupool 1"* ]]
    [[ "$output" == *"major_frame 20ms"* ]]
    [[ "$output" == *"uuid $UUID_D1"* ]]
    [[ "$output" == *"uuid $UUID_D2"* ]]
    run --separate-stderr guest xenmin sched-arinc653 diff /tmp/a653.sched
    [ "$status" -eq 0 ]
    # The printed schedule is itself a valid file that describes the same schedule.
    guest sh -c 'xenmin sched-arinc653 get --pool 1 > /tmp/got.sched'
    run --separate-stderr guest xenmin sched-arinc653 diff /tmp/got.sched
    [ "$status" -eq 0 ]
}

@test "arm64: pause stops d1's heartbeat while d2 keeps going; unpause resumes it" {
    local b1 b2
    # Both must be alive first (on arm64-4.17 thanks to the schedule set above).
    xm_wait_beat d1 "$(xm_beat d1)" 30
    xm_wait_beat d2 "$(xm_beat d2)" 30
    run --separate-stderr guest xenmin domain pause 1
    [ "$status" -eq 0 ]
    [ "$(xm_json_field 1 paused)" = true ]
    [ "$(xm_json_field 2 paused)" = false ]
    # A line already on its way through the UART may still land: read after a moment.
    sleep 1
    b1=$(xm_beat d1)
    b2=$(xm_beat d2)
    # d2 ticks on: three more beats is at least 4 s in which d1 would have ticked twice.
    xm_wait_beat d2 $((b2 + 2)) 60
    [ "$(xm_beat d1)" -eq "$b1" ]
    run --separate-stderr guest xenmin domain list 1
    [ "$status" -eq 0 ]
    [[ "${lines[1]}" =~ ^\ +1\ [-0-9a-f]{36}\ ..p ]]
    run --separate-stderr guest xenmin domain unpause 1
    [ "$status" -eq 0 ]
    [ "$(xm_json_field 1 paused)" = false ]
    xm_wait_beat d1 "$b1" 30
}

@test "arm64: unpausing a domain nobody paused fails with exit 2 and changes nothing" {
    run --separate-stderr guest xenmin domain unpause 2
    [ "$status" -eq 2 ]
    [ -n "$stderr" ]
    [ "$(xm_json_field 2 paused)" = false ]
}

@test "arm64: a domid that does not exist is refused (exit 2) by list, pause and unpause" {
    run --separate-stderr guest xenmin domain pause 77
    [ "$status" -eq 2 ]
    [[ "$stderr" == *77* ]]
    run --separate-stderr guest xenmin domain unpause 77
    [ "$status" -eq 2 ]
    run --separate-stderr guest xenmin domain list 77
    [ "$status" -eq 2 ]
}

@test "arm64: ARINC 653 on a credit2 pool fails with exit 2 and names the scheduler" {
    run --separate-stderr guest xenmin sched-arinc653 get --pool 0
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"arinc653"* ]]
}

@test "arm64: a non-root user in dom0 gets exit 77" {
    run --separate-stderr guest su xmuser -c 'xenmin domain list'
    [ "$status" -eq 77 ]
    [ -n "$stderr" ]
}
