#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `dmesg` on the x86 beds (issue 12), with xl dmesg in the same dom0 as the witness: the same
# bytes as xl dmesg, --json line for line, --clear leaves xl dmesg without what was printed,
# and --follow sleeps on VIRQ_CON_RING (xenconsoled runs with --log=guest here, so nothing
# else holds it): its trace has one read at the start and one per event, while `xl
# debug-keys q` makes Xen write. --clear empties Xen's ring for every later reader: this
# file comes after console*.bats, the only other readers of that ring.
load live_helper

@test "dmesg: the bytes xl dmesg prints (Xen may have written more since)" {
    run --separate-stderr guest sh -c 'xl dmesg > /tmp/xl.dmesg; xenmin dmesg > /tmp/xm.dmesg; echo rc=$?
        wc -c < /tmp/xl.dmesg; wc -c < /tmp/xm.dmesg
        head -c $(wc -c < /tmp/xl.dmesg) /tmp/xm.dmesg > /tmp/xm.head; cmp /tmp/xm.head /tmp/xl.dmesg && echo SAME'
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "${lines[0]}" = rc=0 ] && [ -z "$stderr" ]
    [ "${lines[1]}" -gt 1000 ] && [ "${lines[2]}" -ge "${lines[1]}" ]
    [ "${lines[3]}" = SAME ]
    run guest sh -c 'grep -c "^(XEN) " /tmp/xm.dmesg'
    [ "$output" -gt 10 ]
}

@test "dmesg --clear: prints the ring, then xl dmesg shows none of it" {
    run --separate-stderr guest sh -c 'xl dmesg > /tmp/a; xenmin dmesg --clear > /tmp/b; echo rc=$?
        xl dmesg > /tmp/c
        head -c $(wc -c < /tmp/a) /tmp/b > /tmp/ab; cmp /tmp/ab /tmp/a && echo PRINTED
        grep -c "Xen version" /tmp/a; grep -c "Xen version" /tmp/c || true'
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "${lines[0]}" = rc=0 ] && [ -z "$stderr" ]
    [ "${lines[1]}" = PRINTED ]
    [ "${lines[2]}" -ge 1 ] && [ "${lines[3]}" = 0 ]
    run guest sh -c 'xenmin dmesg | grep -c "Xen version" || true'
    [ "$output" = 0 ]
}

@test "dmesg --follow: woken by VIRQ_CON_RING, one read per event, none in between" {
    run --separate-stderr guest --timeout 60 sh -c 'xenmin --trace dmesg --follow --timeout 8 > /tmp/f.out 2> /tmp/f.err &
        sleep 3; xl debug-keys q; sleep 2; xl debug-keys q; wait; echo rc=$?
        grep -c "pressed -> dumping domain info" /tmp/f.out
        grep -c "trace: sysctl readconsole " /tmp/f.err; grep -c "trace: evtchn event(CON_RING)" /tmp/f.err
        grep -v "trace:" /tmp/f.err | wc -l; grep "bind_virq" /tmp/f.err'
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "${lines[0]}" = rc=0 ]
    [ "${lines[1]}" -ge 2 ]
    [ "${lines[2]}" -eq $((lines[3] + 1)) ]
    [ "${lines[4]}" = 0 ]
    [[ "${lines[5]}" =~ ^"xenmin: trace: evtchn bind_virq(CON_RING) -> "[0-9]+" (" ]]
}
