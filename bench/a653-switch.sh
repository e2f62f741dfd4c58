#!/bin/bash
# SPDX-License-Identifier: MIT
# How fast `sched-arinc653 switch` takes effect on real Xen, and whether it waits for the
# major frame to end (issue 14). On the x86-4.17 bed (Pool-0 arinc653, one CPU) two busy
# domUs x1, x2 (xm_busy=1: they always want the CPU) and two schedules with a 1 s major
# frame: A gives x1 947 ms and x2 1 ms, B the other way round; dom0 has the first 50 ms of
# both (it runs this script), d1 and d2 1 ms each. Each round installs A, lets it run, then
# switches to B from dom0's window at the start of A's frame, and reads x1's and x2's CPU
# time just before the switch and when dom0 runs again. If Xen waited for A's frame to end,
# x1 would get its 947 ms first; if the switch takes effect at once, B's frame starts at
# the switch, so x2 gets about 947 ms and x1 1 ms before dom0 runs again. Also: the put
# hypercall's own time and the whole switch command's, from --trace and the clock.
#
#   bench/a653-switch.sh              ROUNDS=10 (default)
# Prints one line per round and a summary (median); writes nothing in the repository.
set -eu
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-10}
bed=x86-4.17
work=$(mktemp -d)
trap 'rm -rf "$work"; tests/bed/bed.sh down "$bed" >/dev/null 2>&1 || true' EXIT
cmake -S . -B build/musl-x86_64 >/dev/null && cmake --build build/musl-x86_64 -j2 >/dev/null
export XENMIN_BIN=$PWD/build/musl-x86_64/xenmin
tests/bed/bed.sh up "$bed"
g() { tests/bed/bed.sh exec "$bed" -- "$@"; }

# The in-guest part: one shell script, so no channel round trip sits inside a measurement.
cat > "$work/run.sh" <<'EOF'
set -eu
rounds=$1
xenconsoled --log=guest --log-dir=/var/log/xen/console 2>/dev/null || true
for i in 1 2; do
	sed -e "s/d1/x$i/g" -e '/^uuid/d' -e 's/^memory = .*/memory = 88/' \
		-e '/^extra/s/"$/ xm_busy=1"/' /etc/xen/d1.cfg > /tmp/x$i.cfg
	echo "uuid = \"00000000-0000-4000-8000-0000000e000$i\"" >> /tmp/x$i.cfg
	xl create -q /tmp/x$i.cfg
done
id() { xl domid "$1"; }
cat > /tmp/sw.cfg <<EOT
cpupool 0
domain dom0 domid 0
domain d1 domid $(id d1)
domain d2 domid $(id d2)
domain x1 domid $(id x1) uuid 00000000-0000-4000-8000-0000000e0001
domain x2 domid $(id x2) uuid 00000000-0000-4000-8000-0000000e0002
schedule boot
major_frame 100ms
slot dom0 8ms
slot d1 1ms
slot d2 1ms
slot x1 45ms
slot x2 45ms
schedule A
major_frame 1s
slot dom0 50ms
slot d1 1ms
slot d2 1ms
slot x2 1ms
slot x1 947ms
schedule B
major_frame 1s
slot dom0 50ms
slot d1 1ms
slot d2 1ms
slot x1 1ms
slot x2 947ms
EOT
xenmin sched-arinc653 switch /tmp/sw.cfg boot >/dev/null
n=0
until grep -q DOMU-BUSY /var/log/xen/console/guest-x1.log 2>/dev/null &&
	grep -q DOMU-BUSY /var/log/xen/console/guest-x2.log 2>/dev/null; do
	n=$((n + 1)); [ $n -lt 600 ] || { echo "x1/x2 never got busy" >&2; exit 1; }; sleep 1
done
cpu() { xenmin domain list --json "$(id x1)" "$(id x2)" | tr ',' '\n' | sed -n 's/.*"cpu_time_ns":\([0-9]*\).*/\1/p' | tr '\n' ' '; }
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	xenmin sched-arinc653 switch /tmp/sw.cfg A >/dev/null
	sleep 2.2    # A runs; dom0 wakes in its window at the start of one of A's frames
	ta=$(date +%s%N)
	set -- $(cpu)
	a1=$1 a2=$2
	t0=$(date +%s%N)
	put=$(xenmin --trace sched-arinc653 switch /tmp/sw.cfg B 2>&1 >/dev/null |
		sed -n 's/.*arinc653 put.*(\([0-9.]*\) us)/\1/p')
	t1=$(date +%s%N)
	sleep 0.1    # returns when dom0 runs again, in B's next frame
	set -- $(cpu)
	t2=$(date +%s%N)
	# read_ms: from reading the CPU times to the switch; more than dom0's 50 ms window
	# and the round is not valid (A's frame went on in between)
	echo "round $r read_ms $(((t0 - ta) / 1000000)) put_us $put switch_ms $(((t1 - t0) / 1000000)) until_dom0_ms $(((t2 - t1) / 1000000)) x1_ms $((($1 - a1) / 1000000)) x2_ms $((($2 - a2) / 1000000))"
done
EOF
g --put "$work/run.sh" /tmp/a653-switch.sh
g --timeout 1200 sh /tmp/a653-switch.sh "$rounds" | tee "$work/out"
python3 - "$work/out" <<'EOF'
import statistics, sys
v = {}
for line in open(sys.argv[1]):
    w = line.split()
    if w[:1] == ["round"]:
        for k, x in zip(w[2::2], w[3::2]):
            v.setdefault(k, []).append(float(x))
for k, xs in v.items():
    print(f"{k}: median {statistics.median(xs):g}, min {min(xs):g}, max {max(xs):g}")
EOF
