#!/bin/bash
# SPDX-License-Identifier: MIT
# How fast `sched-arinc653 switch` takes effect on real Xen, and whether it waits for the
# major frame to end (issue 14). On the x86-4.17 bed (Pool-0 arinc653, one CPU) two busy
# domUs x1, x2 (xm_busy=1: they always want the CPU) and two schedules with a 1 s major
# frame: A gives x1 797 ms and x2 1 ms, B the other way round; dom0 has the first 200 ms
# of both (it runs this script), d1 and d2 1 ms each. Each round installs A, lets it run,
# then, in dom0's window at the start of one of A's frames, reads x1's and x2's CPU time
# and switches to B, and reads them again when dom0 runs next. If Xen waited for A's
# frame to end, x1 would first get the rest of it (797 ms); if the switch takes effect at
# once, B's frame starts at the switch, so x2 gets about 797 ms and x1 1 ms before dom0
# runs again. Also: the put hypercall's own time (--trace) and the switch command's.
#
#   bench/a653-switch.sh              ROUNDS=10 (default)
# Prints one line per round and medians; writes nothing in the repository.
set -eu
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-10}
bed=x86-4.17
# Its own instance of the bed (run/x86-4.17.a653-switch): other runs may use the bed too.
export XM_BED_TAG=${XM_BED_TAG:-a653-switch}
work=$(mktemp -d)
trap 'rm -rf "$work"; tests/bed/bed.sh down "$bed" >/dev/null 2>&1 || true' EXIT
cmake -S . -B build/musl-x86_64 >/dev/null && cmake --build build/musl-x86_64 -j2 >/dev/null
export XENMIN_BIN=$PWD/build/musl-x86_64/xenmin
tests/bed/bed.sh up "$bed"
g() { tests/bed/bed.sh exec "$bed" -- "$@"; }

# The in-guest part. In the measured stretch only xenmin runs (the clock is read with the
# shell's own read from /proc/uptime, 10 ms steps); the host parses the JSON afterwards.
cat > "$work/run.sh" <<'EOF'
set -eu
rounds=$1
pidof xenconsoled >/dev/null || xenconsoled --log=guest --log-dir=/var/log/xen/console
for i in 1 2; do
	sed -e "s/d1/x$i/g" -e '/^uuid/d' -e 's/^memory = .*/memory = 88/' \
		-e '/^extra/s/"$/ xm_busy=1"/' /etc/xen/d1.cfg > /tmp/x$i.cfg
	echo "uuid = \"00000000-0000-4000-8000-0000000e000$i\"" >> /tmp/x$i.cfg
	xl create -q /tmp/x$i.cfg
done
x1=$(xl domid x1) x2=$(xl domid x2)
cat > /tmp/sw.cfg <<EOT
cpupool 0
domain dom0 domid 0
domain d1 domid $(xl domid d1)
domain d2 domid $(xl domid d2)
domain x1 domid $x1 uuid 00000000-0000-4000-8000-0000000e0001
domain x2 domid $x2 uuid 00000000-0000-4000-8000-0000000e0002
schedule boot
major_frame 100ms
slot dom0 30ms
slot d1 1ms
slot d2 1ms
slot x1 34ms
slot x2 34ms
schedule A
major_frame 1s
slot dom0 200ms
slot d1 1ms
slot d2 1ms
slot x2 1ms
slot x1 797ms
schedule B
major_frame 1s
slot dom0 200ms
slot d1 1ms
slot d2 1ms
slot x1 1ms
slot x2 797ms
EOT
xenmin sched-arinc653 switch /tmp/sw.cfg boot >/dev/null
n=0
until grep -q DOMU-BUSY /var/log/xen/console/guest-x1.log 2>/dev/null &&
	grep -q DOMU-BUSY /var/log/xen/console/guest-x2.log 2>/dev/null; do
	n=$((n + 1)); [ $n -lt 600 ] || { echo "x1/x2 never got busy" >&2; exit 1; }; sleep 1
done
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	xenmin sched-arinc653 switch /tmp/sw.cfg A >/dev/null
	sleep 2.5    # A runs; dom0 wakes in its window at the start of one of A's frames
	read -r ta _ < /proc/uptime
	j1=$(xenmin domain list --json "$x1" "$x2")
	read -r t0 _ < /proc/uptime
	tr=$(xenmin --trace sched-arinc653 switch /tmp/sw.cfg B 2>&1 >/dev/null)
	read -r t1 _ < /proc/uptime
	sleep 0.4    # B's frame started with dom0's 200 ms: this returns in the next one
	read -r t2 _ < /proc/uptime
	j2=$(xenmin domain list --json "$x1" "$x2")
	echo "ROUND $r $ta $t0 $t1 $t2"
	echo "J1 $j1"
	echo "J2 $j2"
	echo "$tr" | sed -n 's/.*arinc653 put.*(\([0-9.]*\) us).*/PUT \1/p'
done
EOF
g --put "$work/run.sh" /tmp/a653-switch.sh
g --timeout 3000 sh /tmp/a653-switch.sh "$rounds" > "$work/out"
python3 - "$work/out" <<'EOF'
import json, statistics, sys
rows, cur = [], None
for line in open(sys.argv[1]):
    k, _, v = line.rstrip("\n").partition(" ")
    if k == "ROUND":
        w = [float(x) for x in v.split()[1:]]
        cur = {"read_ms": (w[1] - w[0]) * 1e3, "switch_ms": (w[2] - w[1]) * 1e3,
               "until_dom0_ms": (w[3] - w[2]) * 1e3}
        rows.append(cur)
    elif k in ("J1", "J2"):
        cur[k] = [d["cpu_time_ns"] for d in json.loads(v)]
    elif k == "PUT":
        cur["put_us"] = float(v)
for i, c in enumerate(rows, 1):
    c["x1_ms"] = (c["J2"][0] - c["J1"][0]) / 1e6
    c["x2_ms"] = (c["J2"][1] - c["J1"][1]) / 1e6
    # Valid only if the read and the switch both fit in dom0's 200 ms window: else A's
    # frame went on (x1 ran) before the switch was made.
    c["valid"] = c["read_ms"] + c["switch_ms"] < 200
    print(f"round {i}: read {c['read_ms']:.0f} ms, put {c['put_us']:.1f} us, switch "
          f"{c['switch_ms']:.0f} ms, dom0 back after {c['until_dom0_ms']:.0f} ms; "
          f"then x1 got {c['x1_ms']:.1f} ms, x2 {c['x2_ms']:.1f} ms"
          + ("" if c["valid"] else " (not valid: dom0's window ended meanwhile)"))
ok = [c for c in rows if c["valid"]]
print(f"{len(ok)} valid rounds of {len(rows)}")
for k in ("put_us", "switch_ms", "until_dom0_ms", "x1_ms", "x2_ms"):
    xs = [c[k] for c in ok] or [0]
    print(f"{k}: median {statistics.median(xs):.1f}, min {min(xs):.1f}, max {max(xs):.1f}")
EOF
