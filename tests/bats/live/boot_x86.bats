#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Boot test on x86-4.17 (issue 15: xenmin in a boot-time init script, on real Xen). The bed
# boots with XM_BOOT_SCRIPT made by tests/bed/mkboot.sh: after xl has created d1 and d2,
# dom0's init installs xenmin's own boot script (boot/xenmin-boot.in) as /etc/init.d/xenmin
# and runs `/etc/init.d/xenmin start`, which must program the ARINC 653 schedule (dom0, d1,
# d2, 10 ms each). Xen's default schedule runs dom0 alone, so the domUs' heartbeats in
# xenconsoled's logs and their CPU time in `xl list` are the witnesses that the schedule
# went in; `xl list` also shows d2 shut down by the halt action. Run by tests/run-all.sh
# as the live stream "boot@x86-4.17".

load live_helper

@test "boot x86: /etc/init.d/xenmin start ran at boot, exit 0, and said so in the kernel log" {
	[ "$XM_BED" = x86-4.17 ]
	run boot_status
	echo "status: $output; log: $(guest cat /tmp/xm-boot.log)"
	[ "$output" = 0 ]
	run --separate-stderr guest dmesg
	[[ "$output" == *"xenmin: boot: schedule /etc/xenmin/schedule.cfg applied"* ]]
	! [[ "$output" == *"xenmin: boot: FAILED"* ]] || false
}

@test "boot x86: the domUs run (heartbeats, CPU time in xl list); status says the schedule is in place" {
	local d n
	wait_beats d1 0
	wait_beats d2 0
	for d in d1 d2; do
		run xl_list_field "$(domid_of "$d")" time
		echo "xl list: $d time $output"
		awk -v t="$output" 'BEGIN { exit !(t > 0) }'
	done
	run --separate-stderr guest /etc/init.d/xenmin status
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "cpupool 0: the live schedule matches /etc/xenmin/schedule.cfg" ]
	[ "${lines[1]}" = "xenmin: schedule /etc/xenmin/schedule.cfg is in place" ]
	# and the heartbeats go on
	n=$(beats d2)
	wait_beats d2 "$n"
}

@test "boot x86: stop at halt shuts d2 down by its name (xl: shut down or gone); d1 keeps running" {
	local d2 n
	d2=$(domid_of d2)
	run --separate-stderr guest /etc/init.d/xenmin stop
	echo "$output $stderr"
	[ "$status" -eq 0 ]
	# xl shows it shut down, or already gone: the xl process that created it acts on the
	# reason as its config says (on_poweroff: destroy)
	run --separate-stderr guest xl list -v
	echo "xl list -v: $output"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | grep -q '^d1 '
	run xl_list_field "$d2" state
	[[ -z "$output" || "$output" == *s* ]]
	n=$(beats d1)
	wait_beats d1 "$n"
	run --separate-stderr guest dmesg
	[[ "$output" == *"xenmin: boot: domain shutdown d2 done"* ]]
}
