#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `dmesg` on the x86 beds (issue 12), with xl dmesg in the same dom0 as the witness: the same
# bytes as xl dmesg, --json line for line (jq parses all of it, whatever bytes Xen's ring
# holds), --clear leaves xl dmesg without what was printed, and --follow sleeps on
# VIRQ_CON_RING (xenconsoled runs with --log=guest here, so nothing else holds it): its
# trace has one read at the start and one per event, while `xl debug-keys q` makes Xen
# write. --clear empties Xen's ring for every later reader: this file comes after
# console*.bats, the only other readers of that ring.
load live_helper

@test "dmesg: the bytes xl dmesg prints (Xen may have written more since)" {
    run --separate-stderr guest sh -c 'xl dmesg > /tmp/xl.dmesg; xenmin dmesg > /tmp/xm.dmesg; echo rc=$?
        wc -c < /tmp/xl.dmesg; wc -c < /tmp/xm.dmesg
        head -c $(wc -c < /tmp/xl.dmesg) /tmp/xm.dmesg > /tmp/xm.head; cmp /tmp/xm.head /tmp/xl.dmesg && echo SAME'
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "${lines[0]}" = rc=0 ]
    [ -z "$stderr" ]
    [ "${lines[1]}" -gt 1000 ]
    [ "${lines[2]}" -ge "${lines[1]}" ]
    [ "${lines[3]}" = SAME ]
    run guest sh -c 'grep -c "^(XEN) " /tmp/xm.dmesg'
    [ "$output" -gt 10 ]
}

@test "dmesg --json: jq parses all of it, line for line what xl dmesg prints" {
    run --separate-stderr guest sh -c 'xl dmesg > /tmp/xl.txt; xenmin dmesg --json > /tmp/xm.json; echo rc=$?'
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$output" = rc=0 ]
    [ -z "$stderr" ]
    guest cat /tmp/xm.json > "$BATS_TEST_TMPDIR/xm.json"
    guest cat /tmp/xl.txt > "$BATS_TEST_TMPDIR/xl.txt"
    # The whole output is one stream of JSON objects for jq.
    run jq -s length "$BATS_TEST_TMPDIR/xm.json"
    [ "$status" = 0 ]
    [ "$output" -gt 10 ]
    # Independently of xenmin: xl's complete lines, without CR and NUL (dropped from
    # lines), through Python's UTF-8 decoder (each maximal bad subpart one U+FFFD) are the
    # first lines' "line" in order; every line parses strictly; domid is the (dN) tag.
    # Lines whose bytes were not clean UTF-8 text are shown, for the record.
    run python3 - "$BATS_TEST_TMPDIR/xl.txt" "$BATS_TEST_TMPDIR/xm.json" <<'PY'
import json, re, sys
xl = open(sys.argv[1], "rb").read().split(b"\n")[:-1]
js = open(sys.argv[2], "rb").read().rstrip(b"\n").split(b"\n")
objs = [json.loads(l.decode("utf-8")) for l in js]
assert len(objs) >= len(xl) > 10, (len(objs), len(xl))
for i, raw in enumerate(xl):
    want = raw.replace(b"\r", b"").replace(b"\0", b"").decode("utf-8", "replace")
    assert objs[i]["line"] == want, (i + 1, raw, js[i])
    m = re.match(r"\(d(\d+)\) ", want)
    if m:
        assert objs[i]["domid"] == int(m.group(1)), (i + 1, js[i])
    if re.search(rb"[\x00-\x08\x0b-\x1f\x7f-\xff]", raw):
        print("line %d: %r -> %s" % (i + 1, raw, js[i].decode()))
print("checked", len(xl), "lines")
PY
    echo "$output"
    [ "$status" = 0 ]
    [[ "${lines[-1]}" = "checked "* ]]
}

@test "dmesg --clear: prints the ring, then xl dmesg shows none of it" {
    # The marker: a line Xen writes now ('h' lists the debug keys), so it is in the ring
    # even where earlier files (console.bats' ten 'q' dumps) wrapped the boot lines away.
    run --separate-stderr guest sh -c 'xl debug-keys h; xl dmesg > /tmp/a; xenmin dmesg --clear > /tmp/b; echo rc=$?
        xl dmesg > /tmp/c
        head -c $(wc -c < /tmp/a) /tmp/b > /tmp/ab; cmp /tmp/ab /tmp/a && echo PRINTED
        grep -c "pressed -> showing installed handlers" /tmp/a
        grep -c "pressed -> showing installed handlers" /tmp/c || true'
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "${lines[0]}" = rc=0 ]
    [ -z "$stderr" ]
    [ "${lines[1]}" = PRINTED ]
    [ "${lines[2]}" -ge 1 ]
    [ "${lines[3]}" = 0 ]
    run guest sh -c 'xenmin dmesg | grep -c "pressed -> showing installed handlers" || true'
    [ "$output" = 0 ]
}

@test "dmesg --follow: woken by VIRQ_CON_RING, one read per event, none in between" {
    # Each step waits for what it needs (the binding, then each dump), not for a fixed
    # time: under a loaded TCG host one 'q' dump can take seconds to reach the ring.
    # The follower ends by SIGTERM, so it must die of it (143), as a follower should.
    run --separate-stderr guest --timeout 120 sh -c 'upto() { n=0
            while [ "$(grep -c "$2" "$3")" -lt "$1" ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done; }
        xenmin --trace dmesg --follow --timeout 100 > /tmp/f.out 2> /tmp/f.err & p=$!
        upto 1 "trace: sysctl readconsole " /tmp/f.err
        xl debug-keys q; upto 1 "pressed -> dumping domain info" /tmp/f.out
        xl debug-keys q; upto 2 "pressed -> dumping domain info" /tmp/f.out
        sleep 2; kill -TERM $p; wait $p; echo rc=$?
        grep -c "pressed -> dumping domain info" /tmp/f.out
        grep -c "trace: sysctl readconsole " /tmp/f.err; grep -c "trace: evtchn event(CON_RING)" /tmp/f.err
        grep -v "trace:" /tmp/f.err | wc -l; grep "bind_virq" /tmp/f.err'
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "${lines[0]}" = rc=143 ]
    [ "${lines[1]}" -ge 2 ]
    [ "${lines[2]}" -eq $((lines[3] + 1)) ]
    [ "${lines[4]}" = 0 ]
    [[ "${lines[5]}" =~ ^"xenmin: trace: evtchn bind_virq(CON_RING) -> "[0-9]+" (" ]]
}
