#!/usr/bin/env bats
# `console attach` on the x86 beds (issue 6), with xl and xenconsoled in the same dom0 as
# witnesses. The domUs are xl-created PV guests: they publish their console ring only in
# start_info and xenstore, so xenmin finds the frame in grant entry 0 (seeded by the
# toolstack) and the port as the one still waiting for dom0. While xenconsoled serves a
# console, attach must refuse (exit 2) and leave it serving. With xenconsoled stopped,
# attach runs a command line in the domU's shell (tests/bed/domu-init) and sees the answer,
# twice, and afterwards xenconsoled can take the console back. teardown_file restarts
# xenconsoled whatever happened, so the files after this one find the bed as it booted.
load live_helper

XENCONSOLED='xenconsoled --log=guest --log-dir=/var/log/xen/console'

# beats NAME: heartbeat lines of the domU in xenconsoled's log so far.
beats() {
    guest sh -c "grep -c 'DOMU-ALIVE $1' /var/log/xen/console/guest-$1.log 2>/dev/null || true"
}

# wait_beats NAME N: wait until the log holds more than N heartbeats of NAME.
wait_beats() {
    guest --timeout 90 sh -c "i=0; while [ \$i -lt 160 ]; do
        n=\$(grep -c 'DOMU-ALIVE $1' /var/log/xen/console/guest-$1.log 2>/dev/null); n=\${n:-0}
        [ \"\$n\" -gt $2 ] && exit 0; i=\$((i+1)); sleep 0.5; done; exit 1"
}

setup_file() {
    # On x86-4.17 (ARINC 653) the domUs run only once a schedule names them.
    if [ "$XM_SCHED" = arinc653 ] &&
        [ "$(guest xenmin domain list --json "$(domid_of d1)" | jq '.[0].cpu_time_ns')" = 0 ]; then
        printf '%s\n' "cpupool 0" "major_frame 30ms" "domain dom0 domid 0" \
            "domain d1 domid $(domid_of d1) uuid $XM_UUID_d1" \
            "domain d2 domid $(domid_of d2) uuid $XM_UUID_d2" \
            "slot dom0 10ms" "slot d1 10ms" "slot d2 10ms" | base64 -w0 > "$BATS_FILE_TMPDIR/s"
        guest sh -c "echo $(cat "$BATS_FILE_TMPDIR/s") | base64 -d > /tmp/console.sched"
        guest xenmin sched-arinc653 set /tmp/console.sched >&3
    fi
}

teardown_file() {
    guest sh -c "pidof xenconsoled >/dev/null || $XENCONSOLED" || true
}

@test "console: while xenconsoled serves d1, attach refuses (exit 2) and leaves it serving" {
    local id n
    id=$(domid_of d1)
    wait_beats d1 0
    run --separate-stderr guest xenmin console attach --timeout 2 "$id"
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    [ "$stderr" = "xenmin: console attach: domain $id: its console is served already (its event channel is bound by domain 0: xenconsoled, where \`xl console $id\` reaches it); xenmin leaves it alone" ]
    n=$(beats d1)
    wait_beats d1 "$n"
}

@test "console: without xenconsoled, attach runs a command in d1's shell and shows the answer" {
    local id
    id=$(domid_of d1)
    guest sh -c 'kill $(pidof xenconsoled); i=0; while pidof xenconsoled >/dev/null && [ $i -lt 20 ]; do sleep 0.25; i=$((i+1)); done'
    run --separate-stderr guest sh -c "echo 'echo XM-\$((6*7))' | xenmin console attach --timeout 6 $id"
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [[ "$output" == *"XM-42"* ]]
    [[ "$stderr" == "xenmin: console attach: domain $id: ring mode: PV console ring at frame 0x"*", event channel "*" (from grant entry 0 and the free port); copying stdin to the guest" ]]
}

@test "console: a second attach works again, and xenconsoled can take the console back" {
    local id n
    id=$(domid_of d1)
    run --separate-stderr guest sh -c "echo 'echo XM-\$((6*7+1))' | xenmin console attach --timeout 6 $id"
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [[ "$output" == *"XM-43"* ]]
    # Without --timeout, the end of input ends the session at once.
    run --separate-stderr guest sh -c "xenmin console attach $id < /dev/null"
    [ "$status" -eq 0 ]
    n=$(beats d1)
    guest sh -c "$XENCONSOLED"
    wait_beats d1 "$n"
    run --separate-stderr guest xenmin console attach --timeout 1 "$id"
    [ "$status" -eq 2 ]
}

@test "console: --all follows Xen's own console ring on x86 too" {
    run --separate-stderr guest xenmin console attach --all --timeout 1
    [ "$status" -eq 0 ]
    [[ "$output" == *"(XEN) "* ]]
    [ "$stderr" = "xenmin: console attach: follow mode: every line of Xen's console ring, read-only" ]
}

@test "console: the session ends when its domain goes away" {
    local id t0
    guest sh -c "sed -e 's/\"d1\"/\"d3\"/' -e '/^uuid/d' /etc/xen/d1.cfg > /tmp/d3.cfg && xl create -p -q /tmp/d3.cfg"
    id=$(domid_of d3)
    t0=$(date +%s)
    run --separate-stderr guest sh -c "(sleep 3; xl destroy $id) & xenmin console attach --follow --timeout 40 $id"
    echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [ $(( $(date +%s) - t0 )) -lt 30 ]
    [ "${stderr_lines[2]}" = "xenmin: console attach: domain $id: the domain is gone" ]
}
