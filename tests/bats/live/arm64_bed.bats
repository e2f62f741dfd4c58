#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The arm64 dom0less beds as their device tree declares them, against what the hypervisor
# build (its .config, XM_XEN_CONFIG) says it can do. Where a build lacks a feature, the
# test says so in the suite output and checks what Xen and xenmin do instead: boot-time
# cpupools that Xen ignores, sched-arinc653 refused on every pool without ARINC 653.
# Static event channels (arm64-4.20) are witnessed by Xen itself: its 'e' debug key dumps
# every domain's ports, read through the bed's serial console (guest --xen-keys).
load arm64_helper

teardown() {
	[ -n "${BATS_TEST_COMPLETED:-}" ] || xm_console_tail >&3
}

# pools_in_dt: how many xen,cpupool nodes the bed's device tree declares.
pools_in_dt() { grep -c 'compatible = "xen,cpupool"' "$XM_DTS" || true; }

@test "arm64 bed: the DT's boot-time cpupools exist only where Xen was built with them" {
	local declared pools
	declared=$(pools_in_dt)
	run --separate-stderr guest xenmin info
	[ "$status" -eq 0 ]
	pools=$(grep -c '^cpupool ' <<< "$output")
	if xen_built_with BOOT_TIME_CPUPOOLS; then
		[ "$declared" -gt 0 ]
		[ "$pools" -eq "$declared" ]
	else
		[ "$declared" -eq 0 ] ||
			bed_note "Xen built without CONFIG_BOOT_TIME_CPUPOOLS: it ignores the DT's $declared xen,cpupool nodes and domain-cpupool; every domain is in Pool-0"
		[ "$pools" -eq 1 ]
		[ "$(xm_json_field 1 cpupool)" = 0 ]
		[ "$(xm_json_field 2 cpupool)" = 0 ]
		# The pool the DT asked for is not there: xenmin says so and exits 2.
		run --separate-stderr guest xenmin sched-arinc653 get --pool 1
		echo "get --pool 1: $status: $stderr"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 get: cpupool 1 does not exist" ]
		# A build without ARINC 653 (hypfs' .config says) adds that, in those words.
		if ! grep -q '^CONFIG_SCHED_ARINC653=y' "$XM_XEN_CONFIG" 2>/dev/null; then
			[ "${stderr_lines[1]}" = "xenmin: sched-arinc653 get: this Xen is built without the ARINC 653 scheduler (CONFIG_SCHED_ARINC653 is not set)" ]
		else
			[ "${#stderr_lines[@]}" -eq 1 ]
		fi
	fi
}

@test "arm64 bed: without ARINC 653 in the build, sched-arinc653 is refused naming the pool's scheduler" {
	if xen_built_with SCHED_ARINC653; then
		# The build has it: the DT's arinc653 pool is the domUs' pool.
		run --separate-stderr guest xenmin sched-arinc653 get --pool "$(xm_domu_pool)"
		[ "$status" -eq 0 ]
		return 0
	fi
	bed_note "Xen built without CONFIG_SCHED_ARINC653: checking the refusal"
	run --separate-stderr guest xenmin sched-arinc653 get
	echo "get: $status: $stderr"
	[ "$status" -eq 2 ]
	[ -z "$output" ]
	[[ "$stderr" == *credit2* ]]
	run --separate-stderr guest xenmin sched-arinc653 get --pool 0
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"credit2"* ]]
}

# ports_of DUMP DOMID: the port lines of domain DOMID in an 'e' dump.
ports_of() {
	awk -v d="$2" '/Event channel information for domain / { on = ($NF == d ":") ; next }
		on && /^\(XEN\) +[0-9]+ \[/' <<< "$1"
}

@test "arm64 bed: the DT's static event channels are bound in Xen before the domUs run (debug key e)" {
	local dump a b
	dump=$(xen_keys e | sed 's/^(XEN) \[ *[0-9.]*\] /(XEN) /')
	# Both domUs' sections must be in the dump, whatever the bed declares.
	[ -n "$(ports_of "$dump" 0)" ]
	grep -q 'Event channel information for domain 2:' <<< "$dump"
	if [ -z "${XM_STATIC_EVTCHN:-}" ]; then
		# No static channel declared: no port of d1 is bound to d2.
		if ports_of "$dump" 1 | grep ' s=3 .* d=2 '; then false; fi
		return 0
	fi
	# XM_STATIC_EVTCHN is A_DOM:A_PORT-B_DOM:B_PORT; s=3 is ECS_INTERDOMAIN.
	a=${XM_STATIC_EVTCHN%-*}; b=${XM_STATIC_EVTCHN#*-}
	grep -q "xen,evtchn = <${a#*:} &" "$XM_DTS"
	ports_of "$dump" "${a%:*}" | grep -E "^\(XEN\) +${a#*:} \[.*\]: s=3 .* d=${b%:*} p=${b#*:}( |\$)"
	ports_of "$dump" "${b%:*}" | grep -E "^\(XEN\) +${b#*:} \[.*\]: s=3 .* d=${a%:*} p=${a#*:}( |\$)"
	if ! xen_built_with XSM_SILO_DEFAULT; then return 0; fi
	bed_note "XSM SILO is on: a domU may talk only to dom0 at run time, yet Xen bound the static domU-domU channel at boot (the idle domain is still privileged then)"
}
