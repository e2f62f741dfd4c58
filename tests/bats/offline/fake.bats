#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The domain and info commands over the fake hypervisor: output formats,
# JSON keys and types (checked by a real JSON parser), pause counting, and
# one test per failure class with its exit code and words. The same
# commands run against real Xen in tests/bats/live/.
bats_require_minimum_version 1.7.0
load common

setup() {
	fake_state
}

@test "domain list: header and one row per domain, as xl shows them" {
	run -0 --separate-stderr "$XENMIN_FAKE" domain list
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 4 ]
	read -r -a h <<< "${lines[0]}"
	[ "${h[*]}" = "ID UUID STATE MEM MAXMEM VCPUS POOL TIME NAME" ]
	read -r -a r <<< "${lines[2]}"
	[ "${r[*]}" = "1 00000000-0000-4000-8000-0000000000d1 -b---- 128 129 1 1 3.8 -" ]
	read -r -a r <<< "${lines[1]}"
	[ "${r[2]}" = "r-----" ]
	[ "${r[3]}" = 512 ]
}

@test "domain list DOMID: only that one; a missing one is exit 2" {
	run -0 "$XENMIN_FAKE" domain list 2
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == "    2 "* ]]
	run -2 --separate-stderr "$XENMIN_FAKE" domain list 2 9
	[ "${#lines[@]}" -eq 2 ]
	[ "$stderr" = "xenmin: domain list: 9: no such domain" ]
}

@test "domain list --json: one array, documented keys, numbers as numbers" {
	run -0 --separate-stderr "$XENMIN_FAKE" domain list --json
	echo "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert isinstance(d, list) and len(d) == 3
keys = ["domid","uuid","state","running","blocked","paused","shutdown",
        "crashed","dying","mem_kib","maxmem_kib","vcpus_online",
        "max_vcpu_id","cpupool","cpu_time_ns","name"]
for x in d:
    assert list(x.keys()) == keys, x.keys()
    for k in ["domid","mem_kib","maxmem_kib","vcpus_online","cpupool","cpu_time_ns"]:
        assert type(x[k]) is int, k
    for k in ["running","blocked","paused","shutdown","crashed","dying"]:
        assert type(x[k]) is bool, k
    assert x["name"] is None
assert d[1]["uuid"] == "00000000-0000-4000-8000-0000000000d1"
assert d[1]["mem_kib"] == 131072 and d[1]["blocked"] is True
assert d[0]["cpu_time_ns"] == 7200000000
'
}

@test "pause counts: pause twice, unpause once leaves it paused" {
	run -0 "$XENMIN_FAKE" domain pause 1
	[ "$output" = "domain 1: paused" ]
	run -0 "$XENMIN_FAKE" domain pause 1
	run -0 "$XENMIN_FAKE" domain list 1
	[[ "${lines[1]}" == *" -bp--- "* ]]
	run -0 "$XENMIN_FAKE" domain unpause 1
	[ "$output" = "domain 1: unpaused once, still paused (it was paused more than once)" ]
	run -0 "$XENMIN_FAKE" domain unpause 1
	[ "$output" = "domain 1: unpaused" ]
	run -0 "$XENMIN_FAKE" domain list 1
	[[ "${lines[1]}" == *" -b---- "* ]]
}

@test "unpause of a domain that is not paused: exit 2, said as such" {
	run -2 --separate-stderr "$XENMIN_FAKE" domain unpause 2
	[ -z "$output" ]
	[ "$stderr" = "xenmin: domain unpause: 2: not paused by the toolstack (Xen counts pauses; there is no pause left to undo)" ]
}

@test "pause of a missing domain: exit 2, the others still done" {
	run -2 --separate-stderr "$XENMIN_FAKE" domain pause 7 2
	[ "$stderr" = "xenmin: domain pause: 7: no such domain" ]
	[ "$output" = "domain 2: paused" ]
}

@test "info: versions, interfaces, pools" {
	run -0 "$XENMIN_FAKE" info
	[[ "$output" == *$'\nxen_version: 4.17.5\n'* ]]
	[[ "$output" == *$'\ndomctl_interface: 0x15\nsysctl_interface: 0x15\ninterface_source: table\n'* ]]
	[[ "$output" == *$'\ncpupool 0: scheduler arinc653, 1 domains, cpus 0\ncpupool 1: scheduler credit2, 2 domains, cpus 1' ]]
	run -0 "$XENMIN_FAKE" info --json
	echo "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["xen_major"] == 4 and d["xen_minor"] == 17 and d["xen_extra"] == ".5"
assert d["domctl_interface"] == 0x15 and d["interface_source"] == "table"
assert [p["scheduler"] for p in d["cpupools"]] == ["arinc653", "credit2"]
'
}

@test "a release not in the table is probed" {
	fake_set xen version 4.23-unstable domctl_interface 0x19 sysctl_interface 0x17
	run -0 "$XENMIN_FAKE" info
	[[ "$output" == *$'\nxen_version: 4.23-unstable\n'* ]]
	[[ "$output" == *$'\ndomctl_interface: 0x19\nsysctl_interface: 0x17\ninterface_source: probed\n'* ]]
}

@test "no interface version fits: exit 76 naming the Xen and the range tried" {
	fake_set xen version 4.40.0 domctl_interface 0x99 sysctl_interface 0x99
	run -76 --separate-stderr "$XENMIN_FAKE" domain list
	[ "$stderr" = "xenmin: domain list: Xen 4.40.0 is not supported: it refused every domctl interface version from 0x10 to 0x30" ]
}

@test "Xen refuses the interface version: exit 76" {
	fake_set xen sysctl_interface 0x14
	run -76 --separate-stderr "$XENMIN_FAKE" domain list
	[ "$stderr" = "xenmin: domain list: listing domains: Xen refused the interface version xenmin used (unsupported Xen build)" ]
}

@test "Xen built without sysctl: exit 76, said in words" {
	fake_set xen sysctl_absent yes
	run -76 --separate-stderr "$XENMIN_FAKE" domain list
	[ "$stderr" = "xenmin: domain list: listing domains: Xen was built without sysctl (CONFIG_SYSCTL=n): this operation is not available" ]
	run -0 "$XENMIN_FAKE" domain pause 1
}

@test "not the control domain: exit 77" {
	fake_set xen self 9
	run -77 --separate-stderr "$XENMIN_FAKE" domain pause 1
	[ "$stderr" = "xenmin: domain pause: 1: denied by Xen's XSM policy (which one, xenmin cannot tell): this domain is not the control domain, or the policy forbids it" ]
}

@test "privcmd not openable: 69 when absent, 77 when forbidden" {
	fake_set xen open_error ENOENT
	run -69 --separate-stderr "$XENMIN_FAKE" info
	[ "$stderr" = "xenmin: info: not running on Xen, or the xen-privcmd module is not loaded" ]
	fake_set xen open_error EACCES
	run -77 --separate-stderr "$XENMIN_FAKE" info
	[ "$stderr" = "xenmin: info: permission denied opening /dev/xen/privcmd (xenmin must run as root in the control domain)" ]
}

@test "--trace: one line per hypercall on stderr, stdout unchanged" {
	run -0 --separate-stderr "$XENMIN_FAKE" --trace domain list
	# The version, then the list: no extraversion, which list does not print.
	[ "${#stderr_lines[@]}" -eq 2 ]
	[[ "${stderr_lines[0]}" == "xenmin: trace: xen_version version -> "* ]]
	[[ "${stderr_lines[1]}" == "xenmin: trace: sysctl getdomaininfolist if=0x15 -> 0 ("* ]]
	[ "${#lines[@]}" -eq 4 ]
	run -0 --separate-stderr "$XENMIN_FAKE" --trace info
	[[ "${stderr_lines[1]}" == "xenmin: trace: xen_version extraversion -> 0 ("* ]]
}

@test "options may follow operands; -- ends them" {
	run -0 --separate-stderr "$XENMIN_FAKE" domain list 1 --json
	echo "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert [x["domid"] for x in d] == [1], d'
	run -0 "$XENMIN_FAKE" domain list 1 2
	[ "${#lines[@]}" -eq 3 ]
	run -64 --separate-stderr "$XENMIN_FAKE" domain list -- --json
	[ "${stderr_lines[0]}" = "xenmin: domain list: --json: not a domain id (0 to 32751)" ]
}
