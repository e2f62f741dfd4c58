#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Boot test on arm64-4.17 (issue 15: xenmin in a boot-time init script, on real Xen). The
# bed boots with XM_BOOT_SCRIPT made by tests/bed/mkboot.sh: while dom0 boots, its init
# installs xenmin's own boot script (boot/xenmin-boot.in) as /etc/init.d/xenmin and runs
# `/etc/init.d/xenmin start`, which must program the ARINC 653 schedule of Pool-1, where
# the dom0less domUs d1 and d2 get no CPU time until a schedule names them (zero UUIDs, so
# with --assign-uuids). Witnesses other than xenmin: the domUs' heartbeats on Xen's
# console (they start only once the schedule is in), dom0's kernel log (the script logs
# there without syslog) and `domain list`'s state after the halt action. Run by
# tests/run-all.sh as the live stream "boot@arm64-4.17".

load arm64_helper

teardown() {
	[ -n "${BATS_TEST_COMPLETED:-}" ] || xm_console_tail >&3
}

@test "boot: /etc/init.d/xenmin start ran at boot, exit 0, and said so in the kernel log" {
	[ "$XM_BED" = arm64-4.17 ]
	run boot_status
	echo "status: $output; log: $(guest cat /tmp/xm-boot.log)"
	[ "$output" = 0 ]
	run --separate-stderr guest dmesg
	[[ "$output" == *"xenmin: boot: schedule /etc/xenmin/schedule.cfg applied"* ]]
	# and nothing was logged as an error
	! [[ "$output" == *"xenmin: boot: FAILED"* ]] || false
}

@test "boot: the domUs run now (Xen's console), so the schedule is in Xen; status says it is in place" {
	xm_wait_beat d1 0 120
	xm_wait_beat d2 0 120
	run --separate-stderr guest /etc/init.d/xenmin status
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "cpupool 1: the live schedule matches /etc/xenmin/schedule.cfg" ]
	[ "${lines[1]}" = "xenmin: schedule /etc/xenmin/schedule.cfg is in place" ]
	# the frame and slots as the file says, read back from Xen
	run --separate-stderr guest xenmin sched-arinc653 get --pool 1 --json
	[ "$status" -eq 0 ]
	run python3 -c '
import json, sys
s = json.loads(sys.argv[1])
print(s["major_frame_ns"], [(e["runtime_ns"], e["domids"]) for e in s["slots"]])
' "$output"
	[ "$output" = "20000000 [(12000000, [1]), (8000000, [2])]" ]
}

@test "boot: stop at halt shuts d2 down by its name; d1 keeps running" {
	local b
	run --separate-stderr guest /etc/init.d/xenmin stop
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[ "$(xm_json_field 2 shutdown)" = true ]
	[ "$(xm_json_field 1 shutdown)" = false ]
	b=$(xm_beat d1)
	xm_wait_beat d1 "$b" 60
	run --separate-stderr guest dmesg
	[[ "$output" == *"xenmin: boot: domain shutdown d2 done"* ]]
}
