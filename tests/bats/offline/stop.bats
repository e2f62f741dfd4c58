#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# `domain destroy` and `domain shutdown` over the fake hypervisor: what Xen
# is asked (--trace) and what the fake's state shows after, the refusals
# checked before the first write (domain 0, the caller, a domain that may
# be the caller, missing domains: then nothing is done), the retries of a
# preempted destroy, the wait for a dying domain (exit 6 when it outlives
# --timeout), each shutdown reason as state letters, and Xen keeping a
# domain's first reason. The same commands run on real Xen in
# tests/bats/live/stop.bats. Default system: dom0, domains 1 and 2.
bats_require_minimum_version 1.7.0
load common

setup() {
	fake_state
	unset XENMIN_DOMAINS
}

# calls NAME: how many hypercalls of that sub-op --trace showed in $stderr.
calls() {
	printf '%s\n' "${stderr_lines[@]}" | grep -c "^xenmin: trace: .* $1 " || true
}

@test "destroy: Xen destroys it, xenmin waits until it is gone" {
	run -0 --separate-stderr "$XENMIN_FAKE" --trace domain destroy 2
	[ "$output" = "domain 2: destroyed" ]
	[ "$(calls destroydomain)" -eq 1 ]
	[ -z "$(fake_line domain 2)" ]
	[ -n "$(fake_line domain 1)" ]
	run -2 --separate-stderr "$XENMIN_FAKE" domain destroy 2
	[ "$stderr" = "xenmin: domain destroy: 2: no such domain" ]
}

@test "destroy: domain 0 and the caller are refused, and then nothing is destroyed" {
	run -2 --separate-stderr "$XENMIN_FAKE" --trace domain destroy 2 0
	[ "${stderr_lines[-1]}" = "xenmin: domain destroy: 0: refused: domain 0 is the hardware domain, which the whole system depends on" ]
	[ -z "$output" ]
	[ "$(calls destroydomain)" -eq 0 ]
	[ -n "$(fake_line domain 2)" ]
	# the caller: the one domain with its UUID
	fake_set xen self 1
	run -2 --separate-stderr "$XENMIN_FAKE" domain destroy 1
	[ "$stderr" = "xenmin: domain destroy: 1: refused: it is the domain xenmin runs in" ]
	[ -n "$(fake_line domain 1)" ]
	run -2 --separate-stderr "$XENMIN_FAKE" domain destroy 2 9
	[ "$stderr" = "xenmin: domain destroy: 9: no such domain" ]
	[ -n "$(fake_line domain 2)" ]
}

@test "destroy: a domain that shares the caller's UUID may be the caller: refused" {
	# 1 and 2 share a UUID and 1 runs xenmin: 2 might be it
	fake_set domain 2 uuid 00000000-0000-4000-8000-0000000000d1
	fake_set xen self 1
	run -2 --separate-stderr "$XENMIN_FAKE" domain destroy 2
	[ "$stderr" = "xenmin: domain destroy: 2: refused: it has the UUID of the domain xenmin runs in, so it may be that domain (give the domains UUIDs of their own)" ]
	[ -n "$(fake_line domain 2)" ]
	# dom0 among them: xenmin takes itself for dom0, and Xen refuses a
	# domain's destroy of itself anyway
	fake_set domain 1 uuid 00000000-0000-0000-0000-000000000000
	fake_set domain 2 uuid 00000000-0000-0000-0000-000000000000
	run -2 --separate-stderr "$XENMIN_FAKE" domain destroy 1
	[ "$stderr" = "xenmin: domain destroy: 1: Xen refused: a domain cannot destroy itself" ]
	[ -n "$(fake_line domain 1)" ]
	run -0 "$XENMIN_FAKE" domain destroy 2
	[ -z "$(fake_line domain 2)" ]
}

@test "destroy: called again while Xen is preempted (ERESTART) or busy (EAGAIN)" {
	# each fail line counts the calls that reach it: 1st, 2nd, 3rd call
	fake_set fail domctl destroydomain errno ERESTART nth 1
	fake_set fail domctl destroydomain errno EAGAIN nth 1
	fake_set fail domctl destroydomain errno ERESTART nth 1
	run -0 --separate-stderr "$XENMIN_FAKE" --trace domain destroy 2
	[ "$output" = "domain 2: destroyed" ]
	[ "$(calls destroydomain)" -eq 4 ]
	[ "$(printf '%s\n' "${stderr_lines[@]}" | grep -c 'destroydomain .*-> -ERESTART')" -eq 2 ]
	[ "$(printf '%s\n' "${stderr_lines[@]}" | grep -c 'destroydomain .*-> -EAGAIN')" -eq 1 ]
	[ -z "$(fake_line domain 2)" ]
}

@test "destroy: waits while the domain is dying, until it is gone" {
	fake_set domain 2 linger 3
	run -0 --separate-stderr "$XENMIN_FAKE" --trace domain destroy 2
	[ "$output" = "domain 2: destroyed" ]
	[ -z "$(fake_line domain 2)" ]
	# seen dying in three list calls, then gone in the fourth (plus the first)
	[ "$(calls getdomaininfolist)" -eq 5 ]
}

@test "destroy: still dying after --timeout is exit 6, and the domain shows dying" {
	fake_set domain 2 linger 1000000
	run -6 --separate-stderr "$XENMIN_FAKE" domain destroy --timeout 0 1 2
	[ "$output" = "domain 1: destroyed" ]
	[ "$stderr" = "xenmin: domain destroy: 2: still dying after 0 s: Xen frees a domain once every page it held is released, and something (a backend, a mapping in another domain) still holds one" ]
	run -0 "$XENMIN_FAKE" domain list 2
	[[ "${lines[1]}" == "    2 "*" -----d "* ]]
	# destroying a dying domain again is no error: it waits again
	run -6 "$XENMIN_FAKE" domain destroy -T 0 2
	# its last page released: gone at the next look
	fake_set domain 2 linger 0
	run -2 "$XENMIN_FAKE" domain list 2
	[ -z "$(fake_line domain 2)" ]
}

@test "destroy and shutdown: usage errors are 64, before Xen" {
	fake_set xen open_error ENOENT
	run -64 --separate-stderr "$XENMIN_FAKE" domain destroy
	[ "${stderr_lines[0]}" = "xenmin: domain destroy: no domain given" ]
	[ "${stderr_lines[1]}" = "usage: xenmin domain destroy [--timeout S] DOMAIN..." ]
	run -64 --separate-stderr "$XENMIN_FAKE" domain destroy --timeout x 1
	[ "${stderr_lines[0]}" = "xenmin: domain destroy: --timeout x: not a number of seconds (0 to 3600)" ]
	run -64 "$XENMIN_FAKE" domain destroy --reason crash 1
	run -64 --separate-stderr "$XENMIN_FAKE" domain shutdown --reason halt 1
	[ "${stderr_lines[0]}" = "xenmin: domain shutdown: --reason halt: not poweroff, reboot, crash or suspend" ]
	run -64 "$XENMIN_FAKE" domain shutdown --reason watchdog 1
	run -64 "$XENMIN_FAKE" domain shutdown 1x
}

@test "shutdown: each reason as xl's state letters; poweroff by default" {
	fake_set domain 3 uuid 00000000-0000-4000-8000-0000000000d3 pool 1 vcpus 1 flags running
	fake_set domain 4 uuid 00000000-0000-4000-8000-0000000000d4 pool 1 vcpus 1 flags blocked
	run -0 --separate-stderr "$XENMIN_FAKE" --trace domain shutdown 1
	[ "$output" = "domain 1: shut down (reason poweroff)" ]
	[ "$(calls remote_shutdown)" -eq 1 ]
	run -0 "$XENMIN_FAKE" domain shutdown --reason reboot 2
	[ "$output" = "domain 2: shut down (reason reboot)" ]
	run -0 "$XENMIN_FAKE" domain shutdown -r crash 3
	run -0 "$XENMIN_FAKE" domain shutdown --reason suspend 4
	run -0 "$XENMIN_FAKE" domain list
	[ "$(echo "$output" | awk 'NR > 1 { printf "%s=%s ", $1, $3 }')" = "0=r----- 1=---s-- 2=---sr- 3=---sc- 4=---ss- " ]
	[ "$(fake_field domain 3 shutdown)" = crash ]
	run -0 "$XENMIN_FAKE" domain list --json 3
	[ "$(echo "$output" | jq -c '.[0] | [.shutdown, .crashed]')" = "[true,true]" ]
}

@test "shutdown: refusals checked first; Xen keeps a domain's first reason" {
	run -2 --separate-stderr "$XENMIN_FAKE" --trace domain shutdown 1 0
	[ "${stderr_lines[-1]}" = "xenmin: domain shutdown: 0: refused: domain 0 is the hardware domain, which the whole system depends on" ]
	[ "$(calls remote_shutdown)" -eq 0 ]
	[ "$(fake_field domain 1 shutdown)" = no ]
	fake_set domain 2 shutdown crash
	run -0 --separate-stderr "$XENMIN_FAKE" --trace domain shutdown -r crash 2
	[ "$output" = "domain 2: shut down already (reason crash)" ]
	[ "$(calls remote_shutdown)" -eq 0 ]
	run -2 --separate-stderr "$XENMIN_FAKE" domain shutdown 1 2
	[ "$stderr" = "xenmin: domain shutdown: 2: refused: it is shut down already, with reason crash (Xen keeps a domain's first reason)" ]
	[ "$(fake_field domain 1 shutdown)" = no ]
	fake_set xen self 1
	run -2 --separate-stderr "$XENMIN_FAKE" domain shutdown 1
	[ "$stderr" = "xenmin: domain shutdown: 1: refused: it is the domain xenmin runs in" ]
	fake_set domain 2 shutdown no flags dying
	run -2 --separate-stderr "$XENMIN_FAKE" domain shutdown 2
	[ "$stderr" = "xenmin: domain shutdown: 2: refused: it is dying (being destroyed)" ]
}

@test "shutdown: a reason the guest latched wins (exit 4); a deferred one times out (75)" {
	fake_set domain 1 latched crash
	run -4 --separate-stderr "$XENMIN_FAKE" domain shutdown 1
	[ "$stderr" = "xenmin: domain shutdown: 1: left shut down with reason crash, not poweroff: the guest had latched that reason, which Xen keeps (a shutdown cannot be undone)" ]
	[ "$(fake_field domain 1 shutdown)" = crash ]
	fake_set domain 2 defer_shutdown yes
	run -75 --separate-stderr "$XENMIN_FAKE" domain shutdown --timeout 0 2
	[ "$stderr" = "xenmin: domain shutdown: 2: shut down requested, not complete after 0 s (a vCPU defers it, e.g. for device-model I/O)" ]
}
