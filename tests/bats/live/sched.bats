#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# sched-arinc653 on a real Xen (x86 beds). On x86-4.17 Pool-0 runs arinc653 on one CPU with
# dom0 (all-zero UUID) and the PV domUs d1/d2 (fixed UUIDs), which never run until a
# schedule names them: set one, watch them run, read it back, and check every refusal
# leaves the installed schedule as it was. On x86-4.20 (credit2) set and get must fail
# with exit 2 and name the scheduler.
# SAFETY: dom0 has one vCPU in the arinc653 pool; every schedule installed here keeps
# dom0 vCPU 0, or dom0 (and this test channel) would never run again. --force is never used.
load live_helper

# The schedule the acceptance asks for: dom0 and both domUs, 10 ms each.
bed_file() {
    printf '%s\n' "# dom0 keeps vCPU 0 in the schedule: it runs this test's channel" \
        "cpupool 0" "major_frame 30ms" \
        "domain dom0 domid 0" \
        "domain d1 domid $(domid_of d1) uuid $XM_UUID_d1" \
        "domain d2 domid $(domid_of d2) uuid $XM_UUID_d2" \
        "slot dom0 10ms" "slot d1 10ms" "slot d2 10ms"
}

cpu_ns() {
    guest xenmin domain list --json "$1" | jq '.[0].cpu_time_ns'
}

setup_file() {
    if [ "$XM_SCHED" = arinc653 ]; then
        bed_file | guest --put - /tmp/bed.cfg
    fi
}

@test "sched: check runs in dom0 without touching Xen" {
    bed_file | guest --put - /tmp/check.cfg
    run --separate-stderr guest xenmin sched-arinc653 check --strict /tmp/check.cfg
    [ "$status" -eq 0 ]
    [ "$output" = "/tmp/check.cfg: ok: cpupool 0, 3 slots, 3 domains, major_frame 30ms (none idle)" ]
}

@test "sched: x86-4.20 (credit2): set and get fail with exit 2 and name the scheduler" {
    if [ "$XM_SCHED" = arinc653 ]; then
        run --separate-stderr guest xenmin sched-arinc653 get --pool 1
        [ "$status" -eq 2 ]
        [ "$stderr" = "xenmin: sched-arinc653 get: cpupool 1 does not exist" ]
        return 0
    fi
    # Debian's binaries have no ARINC 653 at all, which hypfs' .config tells (a second
    # line); the source-built Xen of the credit2 bed has it, only not as the scheduler.
    local absent="this Xen is built without the ARINC 653 scheduler (CONFIG_SCHED_ARINC653 is not set)"
    local built=0
    grep -q '^CONFIG_SCHED_ARINC653=y' "$XM_XEN_CONFIG" 2>/dev/null && built=1
    tail_of() { [ $built = 1 ] || printf '\nxenmin: sched-arinc653 %s: %s' "$1" "$absent"; }
    bed_file | guest --put - /tmp/bed.cfg
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/bed.cfg
    [ "$status" -eq 2 ]
    [ "$stderr" = "xenmin: sched-arinc653 set: /tmp/bed.cfg:2: pool 0 runs credit2, not arinc653$(tail_of set)" ]
    run --separate-stderr guest xenmin sched-arinc653 get
    [ "$status" -eq 2 ]
    [ "$stderr" = "xenmin: sched-arinc653 get: no cpupool runs arinc653 (pool 0 runs credit2)$(tail_of get)" ]
    run --separate-stderr guest xenmin sched-arinc653 get --pool 0
    [ "$status" -eq 2 ]
    [ "$stderr" = "xenmin: sched-arinc653 get: pool 0 runs credit2, not arinc653$(tail_of get)" ]
}

@test "sched: before any set, Xen's default schedule names only dom0 and the domUs have no CPU time" {
    [ "$XM_SCHED" = arinc653 ] || return 0
    run --separate-stderr guest xenmin sched-arinc653 get
    [ "$status" -eq 0 ]
    echo "$output"
    if [ "$(grep -c '^slot ' <<< "$output")" -eq 1 ] &&
       [[ "$output" == *"slot dom0 "* ]]; then
        [ "$(cpu_ns "$(domid_of d1)")" -eq 0 ]
        [ "$(cpu_ns "$(domid_of d2)")" -eq 0 ]
    fi
}

@test "sched: a file naming an unknown domain changes nothing (get before = after)" {
    [ "$XM_SCHED" = arinc653 ] || return 0
    before=$(guest xenmin sched-arinc653 get --json)
    printf '%s\n' "cpupool 0" "domain dom0 domid 0" "domain nav domid 99" \
        "slot dom0 10ms" "slot nav 10ms" | guest --put - /tmp/unknown.cfg
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/unknown.cfg
    [ "$status" -eq 2 ]
    [ "$stderr" = "xenmin: sched-arinc653 set: /tmp/unknown.cfg:3: domain nav (domid 99) does not exist" ]
    [ -z "$output" ]
    [ "$(guest xenmin sched-arinc653 get --json)" = "$before" ]
}

@test "sched: leaving out the caller's own vCPU is refused without --force, nothing changes" {
    [ "$XM_SCHED" = arinc653 ] || return 0
    before=$(guest xenmin sched-arinc653 get --json)
    printf '%s\n' "cpupool 0" "domain d1 domid $(domid_of d1)" \
        "domain d2 domid $(domid_of d2)" "slot d1 10ms" "slot d2 10ms" |
        guest --put - /tmp/nodom0.cfg
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/nodom0.cfg
    [ "$status" -eq 2 ]
    [[ "$stderr" == "xenmin: sched-arinc653 set: domid 0 runs xenmin and is in cpupool 0, but the schedule gives it no slot: it would never run again."* ]]
    [ "$(guest xenmin sched-arinc653 get --json)" = "$before" ]
}

@test "sched: --dry-run prints the payload and writes nothing" {
    [ "$XM_SCHED" = arinc653 ] || return 0
    before=$(guest xenmin sched-arinc653 get --json)
    run --separate-stderr guest xenmin sched-arinc653 set --dry-run /tmp/bed.cfg
    [ "$status" -eq 0 ]
    [ "${lines[2]}" = "major_frame_ns 30000000" ]
    [[ "${lines[4]}" == "entry 2 uuid $XM_UUID_d1 vcpu 0 runtime_ns 10000000  # d1 "* ]]
    [ "$(guest xenmin sched-arinc653 get --json)" = "$before" ]
}

@test "sched: set with dom0 and both domUs: verified, and the domUs run (CPU time, heartbeats)" {
    [ "$XM_SCHED" = arinc653 ] || return 0
    local b1 b2
    b1=$(beats d1)
    b2=$(beats d2)
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/bed.cfg
    echo "stdout: $output"
    echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [[ "$output" == "cpupool 0: installed 3 slots, major_frame 30ms, verified by read-back" ||
       "$output" == *"already installed"* ]]
    wait_beats d1 "$b1"
    wait_beats d2 "$b2"
    [ "$(cpu_ns "$(domid_of d1)")" -gt 0 ]
    [ "$(cpu_ns "$(domid_of d2)")" -gt 0 ]
    run --separate-stderr guest xenmin sched-arinc653 diff /tmp/bed.cfg
    [ "$status" -eq 0 ]
}

@test "sched: get round-trips (get > f; diff f; set f is a no-op)" {
    [ "$XM_SCHED" = arinc653 ] || return 0
    run --separate-stderr guest sh -c 'xenmin sched-arinc653 get > /tmp/got.cfg && cat /tmp/got.cfg'
    [ "$status" -eq 0 ]
    [[ "$output" == *"slot dom0 10ms"* ]]
    [[ "$output" == *"uuid $XM_UUID_d1"* ]]
    run --separate-stderr guest xenmin sched-arinc653 check --strict /tmp/got.cfg
    [ "$status" -eq 0 ]
    run --separate-stderr guest xenmin sched-arinc653 diff /tmp/got.cfg
    [ "$status" -eq 0 ]
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/got.cfg
    [ "$status" -eq 0 ]
    [[ "$output" == *"already installed"*"nothing changed" ]]
    run --separate-stderr guest xenmin sched-arinc653 get --json
    [ "$status" -eq 0 ]
    [ "$(json '.major_frame_ns')" = 30000000 ]
    [ "$(json '.slots | length')" = 3 ]
    [ "$(json '.slots[0].domids[0]')" = 0 ]
}

@test "sched: a 64-slot schedule is set and read back (dom0 keeps slots), then the 3-slot one again" {
    [ "$XM_SCHED" = arinc653 ] || return 0
    {
        echo "cpupool 0"
        echo "domain dom0 domid 0"
        echo "domain d1 domid $(domid_of d1) uuid $XM_UUID_d1"
        echo "domain d2 domid $(domid_of d2) uuid $XM_UUID_d2"
        for i in $(seq 21); do echo "slot dom0 1ms"; echo "slot d1 1ms"; echo "slot d2 1ms"; done
        echo "slot dom0 1ms"
    } | guest --put - /tmp/64.cfg
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/64.cfg
    echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [ "$output" = "cpupool 0: installed 64 slots, major_frame 64ms, verified by read-back" ]
    run --separate-stderr guest xenmin sched-arinc653 get --json
    [ "$(json '.slots | length')" = 64 ]
    run --separate-stderr guest xenmin sched-arinc653 diff /tmp/64.cfg
    [ "$status" -eq 0 ]
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/bed.cfg
    [ "$status" -eq 0 ]
}
