#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Boot test on arm64-4.17 with a broken schedule file (issue 15): the bed boots with
# XM_BOOT_SCRIPT from `tests/bed/mkboot.sh arm64-4.17 OUT broken`, whose schedule's slots
# add up to more than its major frame. `/etc/init.d/xenmin start` must fail loudly (xenmin's
# exit 65, the file:line:col error and a FAILED line in dom0's kernel log) and change
# nothing: the dom0less domUs, which get no CPU time without a schedule, stay without it
# (their CPU time is 0 and Xen's console never shows their banner). Run by
# tests/run-all.sh as the live stream "bootbad@arm64-4.17".

load arm64_helper

teardown() {
	[ -n "${BATS_TEST_COMPLETED:-}" ] || xm_console_tail >&3
}

@test "boot, broken schedule: start exits 65 and the kernel log says why, at file:line:col" {
	[ "$XM_BED" = arm64-4.17 ]
	run boot_status
	echo "status: $output; log: $(guest cat /tmp/xm-boot.log)"
	[ "$output" = 65 ]
	run --separate-stderr guest dmesg
	[[ "$output" == *"/etc/xenmin/schedule.cfg:3:13: error: the slots add up to 45ms, more than the major_frame of 20ms"* ]]
	[[ "$output" == *"xenmin: boot: FAILED to apply /etc/xenmin/schedule.cfg: xenmin exit 65"* ]]
	! [[ "$output" == *"xenmin: boot: schedule /etc/xenmin/schedule.cfg applied"* ]] || false
}

@test "boot, broken schedule: nothing changed, the domUs never ran" {
	sleep 5
	[ "$(xm_json_field 1 cpu_time_ns)" = 0 ]
	[ "$(xm_json_field 2 cpu_time_ns)" = 0 ]
	[ "$(xm_json_field 1 uuid)" = 00000000-0000-0000-0000-000000000000 ]
	run xm_banner_seen d1
	[ "$status" -ne 0 ]
	run --separate-stderr guest /etc/init.d/xenmin status
	[ "$status" -ne 0 ]
}
