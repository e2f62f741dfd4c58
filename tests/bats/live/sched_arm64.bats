#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# sched-arinc653 and the shared all-zero UUID on the arm64 dom0less beds. On arm64-4.17 dom0
# (credit2 Pool-0) and the dom0less domUs d1, d2 (arinc653 Pool-1) all start with the zero
# UUID: a schedule for Pool-1 that names d1 and d2 by domid only must be refused with the
# fix in words, and `--assign-uuids` must give them stable derived UUIDs (dom0, in another
# pool, keeps its own) and make both run. If an earlier file in the same boot already gave
# the domUs distinct UUIDs (arm64_dom0less.bats does), the same file installs without the
# flag. On arm64-4.17-debian (credit2 only) set and get fail with exit 2, naming the scheduler.
load arm64_helper

ZERO=00000000-0000-0000-0000-000000000000

teardown() {
    [ -n "${BATS_TEST_COMPLETED:-}" ] || xm_console_tail >&3
}

put_sched() {
    put_lines /tmp/noid.cfg "cpupool $(xm_domu_pool)" "major_frame 20ms" \
        "domain d1 domid 1" "domain d2 domid 2" "slot d1 10ms" "slot d2 10ms"
}

domus_share_zero() {
    [ "$(xm_json_field 1 uuid)" = "$ZERO" ] && [ "$(xm_json_field 2 uuid)" = "$ZERO" ]
}

@test "arm64 sched: credit2-only bed refuses with exit 2 naming the scheduler" {
    xm_is_a653_bed && return 0
    # Debian's binary has no ARINC 653 at all, which hypfs' .config tells.
    local absent="this Xen is built without the ARINC 653 scheduler (CONFIG_SCHED_ARINC653 is not set)"
    put_sched
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/noid.cfg
    [ "$status" -eq 2 ]
    [ "$stderr" = "xenmin: sched-arinc653 set: /tmp/noid.cfg:1: pool 0 runs credit2, not arinc653"$'\n'"xenmin: sched-arinc653 set: $absent" ]
    run --separate-stderr guest xenmin sched-arinc653 get
    [ "$status" -eq 2 ]
    [ "$stderr" = "xenmin: sched-arinc653 get: no cpupool runs arinc653 (pool 0 runs credit2)"$'\n'"xenmin: sched-arinc653 get: $absent" ]
}

@test "arm64 sched: domUs sharing the zero UUID are refused without UUIDs in the file; nothing changes" {
    xm_is_a653_bed || return 0
    domus_share_zero || return 0   # an earlier file gave them UUIDs: see the last test
    put_sched
    before=$(guest xenmin sched-arinc653 get --json)
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/noid.cfg
    [ "$status" -eq 2 ]
    [ "${stderr_lines[0]}" = "xenmin: sched-arinc653 set: /tmp/noid.cfg:3: domain d1 (domid 1) shares UUID $ZERO with domid 2 in cpupool 1, so Xen cannot tell them apart: add 'uuid ...' to its domain line, or run with --assign-uuids" ]
    [ "$(guest xenmin sched-arinc653 get --json)" = "$before" ]
    [ "$(xm_json_field 1 uuid)" = "$ZERO" ]
}

@test "arm64 sched: --assign-uuids gives the domUs stable UUIDs, dom0 keeps zero, both run" {
    xm_is_a653_bed || return 0
    domus_share_zero || return 0
    local b1 b2 u1 u2
    put_sched
    run --separate-stderr guest xenmin sched-arinc653 set --dry-run --assign-uuids /tmp/noid.cfg
    [ "$status" -eq 0 ]
    u1=$(sed -n 's/^set_uuid domid 1 [^ ]* -> \([^ ]*\) .*/\1/p' <<< "$output")
    u2=$(sed -n 's/^set_uuid domid 2 [^ ]* -> \([^ ]*\) .*/\1/p' <<< "$output")
    [ -n "$u1" ]
    [ -n "$u2" ]
    [ "$u1" != "$u2" ]
    [ "$(xm_json_field 1 uuid)" = "$ZERO" ]    # dry run wrote nothing
    b1=$(xm_beat d1)
    b2=$(xm_beat d2)
    run --separate-stderr guest xenmin sched-arinc653 set --assign-uuids /tmp/noid.cfg
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "cpupool 1: installed 2 slots, major_frame 20ms, verified by read-back" ]
    [ "$(xm_json_field 1 uuid)" = "$u1" ]
    [ "$(xm_json_field 2 uuid)" = "$u2" ]
    [ "$(xm_json_field 0 uuid)" = "$ZERO" ]
    xm_wait_beat d1 "$b1" 120
    xm_wait_beat d2 "$b2" 120
    run --separate-stderr guest xenmin sched-arinc653 set --assign-uuids /tmp/noid.cfg
    [ "$status" -eq 0 ]
    [[ "$output" == *"already installed"* ]]
}

@test "arm64 sched: once the domUs have distinct UUIDs, the domid-only file installs and diffs clean" {
    xm_is_a653_bed || return 0
    put_sched
    run --separate-stderr guest xenmin sched-arinc653 set /tmp/noid.cfg
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    run --separate-stderr guest xenmin sched-arinc653 diff /tmp/noid.cfg
    [ "$status" -eq 0 ]
    guest sh -c 'xenmin sched-arinc653 get > /tmp/got.cfg'
    run --separate-stderr guest xenmin sched-arinc653 diff /tmp/got.cfg
    [ "$status" -eq 0 ]
}
