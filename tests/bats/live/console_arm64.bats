#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `console attach` on the arm64 dom0less beds (issue 6). Dom0less domUs have no PV console
# ring: Xen emulates their vpl011 UART and prints their lines into its own console ring as
# "(XEN) [ts] DOMn: text". attach must pick follow mode by itself, say so and say that input
# is impossible, and show domU 1's heartbeats and none of domU 2's, without ever clearing
# Xen's ring for other readers. On arm64-4.17 the domUs sit in an arinc653 pool and only run
# once a schedule names them: the first test installs one if no earlier file did.
load arm64_helper

UUID_D1=00000000-0000-4000-8000-0000000000d1
UUID_D2=00000000-0000-4000-8000-0000000000d2

teardown() {
    [ -n "${BATS_TEST_COMPLETED:-}" ] || xm_console_tail >&3
}

@test "arm64 console: both domUs are alive (on arm64-4.17 after a schedule)" {
    if xm_is_a653_bed && [ "$(xm_json_field 1 cpu_time_ns)" = 0 ]; then
        put_lines /tmp/con.sched "cpupool 1" "major_frame 20ms" \
            "domain a domid 1 uuid $UUID_D1" "domain b domid 2 uuid $UUID_D2" \
            "slot a 10ms" "slot b 10ms"
        run --separate-stderr guest xenmin sched-arinc653 set /tmp/con.sched
        echo "set: $status $output $stderr"
        [ "$status" -eq 0 ]
    fi
    xm_wait_beat d1 0 120
    xm_wait_beat d2 0 120
}

@test "arm64 console: attach 1 picks follow mode, shows d1's heartbeats and none of d2's" {
    run --separate-stderr guest xenmin console attach --new --timeout 7 1
    echo "status $status"; echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    # 7 s of a beat every 2 s: at least two of d1's, each as the domU wrote it, no tag.
    [ "$(grep -c '^DOMU-ALIVE d1 [0-9][0-9]*$' <<< "$output")" -ge 2 ]
    [[ "$output" != *d2* ]]
    [[ "$output" != *"(XEN)"* ]]
    [[ "${stderr_lines[0]}" == "xenmin: console attach: domain 1: follow mode: no PV console ring"*"read-only" ]]
    [[ "${stderr_lines[1]}" == "xenmin: console attach: domain 1: input is not possible:"*"CTRL-a three times"* ]]
}

@test "arm64 console: attach 2 shows d2's heartbeats only" {
    run --separate-stderr guest xenmin console attach --new --timeout 5 2
    [ "$status" -eq 0 ]
    [ "$(grep -c '^DOMU-ALIVE d2 [0-9][0-9]*$' <<< "$output")" -ge 1 ]
    [[ "$output" != *d1* ]]
}

@test "arm64 console: --history starts with what Xen's ring holds; reading never clears it" {
    run --separate-stderr guest xenmin console attach --all --timeout 1
    [ "$status" -eq 0 ]
    local first=${lines[0]}
    [ -n "$first" ]
    [[ "$output" == *"DOM1: DOMU-ALIVE d1 "* ]]
    [[ "$output" == *"DOM2: DOMU-ALIVE d2 "* ]]
    # A second reader still gets the same oldest line: nothing was consumed for others
    # (unless Xen itself dropped it in between, when its ring filled up).
    run --separate-stderr guest xenmin console attach --all --timeout 1
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "$first" ] || [[ "$stderr" == *wrapped* ]] || [ "$(grep -c . <<< "$output")" -gt 100 ]
    # The history of domain 1 alone: its heartbeats, nothing else.
    run --separate-stderr guest xenmin console attach --timeout 1 1
    [ "$status" -eq 0 ]
    [ "$(grep -vc '^DOMU-\(ALIVE\|BANNER\) d1' <<< "$output")" -eq 0 ]
}

@test "arm64 console: a missing domain is exit 2; a non-root user gets 77" {
    run --separate-stderr guest xenmin console attach --timeout 1 77
    [ "$status" -eq 2 ]
    [ "$stderr" = "xenmin: console attach: 77: no such domain" ]
    run --separate-stderr guest su xmuser -c 'xenmin console attach --all --timeout 1'
    [ "$status" -eq 77 ]
}
