#!/bin/bash
# SPDX-License-Identifier: MIT
# A newcomer's first look: installs what it needs (apt), builds xenmin,
# boots a real Xen 4.17 hypervisor with the ARINC 653 scheduler in QEMU
# (dom0 plus two guest domains created by xl, which cannot run until a
# schedule names them), and shows xenmin at work in dom0: info, the domain
# list, programming and reading back the ARINC 653 schedule, pause and
# unpause, with xl's view alongside as a witness. Takes a few minutes the
# first time (Xen is built from Debian's source), well under one after.
set -eu
cd "$(dirname "$0")"
bed=x86-4.17
tests/deps.sh
cmake -S . -B build/musl-x86_64 >/dev/null
cmake --build build/musl-x86_64 -j"$(nproc)" >/dev/null
export XENMIN_BIN=$PWD/build/musl-x86_64/xenmin
trap 'tests/bed/bed.sh down $bed >/dev/null 2>&1 || true' EXIT
tests/bed/bed.sh up $bed

g() {
	printf '\n\033[1mdom0# %s\033[0m\n' "$*"
	tests/bed/bed.sh exec $bed -- sh -c "$*" || printf '(exit %s)\n' "$?"
}

g xenmin info
g xenmin domain list
g 'xl list -v   # the toolstack view, for comparison'
g 'xenmin sched-arinc653 get   # Xen default: only dom0 runs'
g "cat > /tmp/demo.cfg <<'CFG'
# One 30 ms major frame on cpupool 0: dom0 and both guests, 10 ms each.
cpupool 0
major_frame 30ms
domain dom0 domid 0 uuid 00000000-0000-0000-0000-000000000000
domain d1   domid 1 uuid 00000000-0000-4000-8000-0000000000d1
domain d2   domid 2 uuid 00000000-0000-4000-8000-0000000000d2
slot dom0 10ms
slot d1   10ms
slot d2   10ms
CFG
cat /tmp/demo.cfg"
g xenmin sched-arinc653 check /tmp/demo.cfg
g xenmin sched-arinc653 set --dry-run /tmp/demo.cfg
g xenmin sched-arinc653 set /tmp/demo.cfg
g xenmin sched-arinc653 get
g 'sleep 5; xenmin domain list   # the guests now get CPU time'
# A Linux guest with a third of one emulated CPU needs some seconds to boot.
g 'for i in $(seq 60); do grep -q DOMU-ALIVE /var/log/xen/console/guest-d1.log && break; sleep 1; done
tail -n 2 /var/log/xen/console/guest-d1.log   # d1 booted: its heartbeat'
g xenmin domain pause 1
g 'xenmin domain list 1; xl list d1'
g xenmin domain unpause 1
g xenmin domain unpause 1
g 'xenmin --trace domain list 2'
