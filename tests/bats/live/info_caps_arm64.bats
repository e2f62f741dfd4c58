#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Live, arm64 dom0less beds: `xenmin info`'s build section from hypfs. arm64-4.17 is Xen
# built here with ARINC 653, null and boot-time cpupools (tests/bed/arm64.sh);
# arm64-4.17-debian is Debian's binary (credit, credit2, no boot-time cpupools). Both have
# XSM with FLASK and SILO, SILO the default. Witnesses: the .config beside the booted
# hypervisor in the cache (read with grep), and Xen's own boot log: it names the CPUs of
# each boot-time pool ("Logical CPU 1 in Pool-1") only when built with them, and
# "Initialising XSM SILO mode" when SILO is what it started.
load arm64_helper

field() { printf '%s\n' "$1" | sed -n "s/^$2: //p" | head -n1; }

teardown() {
    [ -n "${BATS_TEST_COMPLETED:-}" ] || xm_console_tail >&3
}

@test "arm64: info names the built schedulers and the boot-time cpupools option of this bed" {
    run --separate-stderr guest xenmin info
    [ "$status" -eq 0 ]
    [ "$(field "$output" build_config)" = "hypfs /buildinfo/config" ]
    if xm_is_a653_bed; then
        [ "$(field "$output" built_schedulers)" = "credit credit2 arinc653 null" ]
        [ "$(field "$output" boot_time_cpupools)" = yes ]
        # Xen made Pool-1 from the device tree: only a build with the option does.
        xm_console | grep -q "Logical CPU 1 in Pool-1"
        [[ "$output" == *"cpupool 1: scheduler arinc653"* ]]
    else
        [ "$(field "$output" built_schedulers)" = "credit credit2" ]
        [ "$(field "$output" boot_time_cpupools)" = no ]
        ! xm_console | grep -q "Logical CPU [0-9]* in Pool-" || false
    fi
    [ "$(field "$output" default_scheduler)" = credit2 ]
    [ "$(field "$output" sysctl)" = yes ]
    [ "$(field "$output" xsm)" = "flask silo" ]
    [ "$(field "$output" xsm_default)" = silo ]
    xm_console | grep -q "Initialising XSM SILO mode"
    [ "$(field "$output" hypfs)" = yes ]
}

@test "arm64: info agrees with the .config beside the booted hypervisor" {
    : "${XM_BED_XEN:?run through tests/bed/bed.sh test, which names the hypervisor booted}"
    local cfg s want=
    cfg=$(dirname "$XM_BED_XEN")/config
    [ -f "$cfg" ] || cfg=$(dirname "$XM_BED_XEN")/.config
    [ -f "$cfg" ]
    for s in CREDIT:credit CREDIT2:credit2 ARINC653:arinc653 RTDS:rtds NULL:null; do
        grep -qx "CONFIG_SCHED_${s%%:*}=y" "$cfg" && want="$want ${s#*:}"
    done
    run --separate-stderr guest xenmin info
    [ "$status" -eq 0 ]
    [ "$(field "$output" built_schedulers)" = "${want# }" ]
    if grep -qx CONFIG_BOOT_TIME_CPUPOOLS=y "$cfg"; then s=yes; else s=no; fi
    [ "$(field "$output" boot_time_cpupools)" = "$s" ]
    if grep -qx CONFIG_XSM_SILO_DEFAULT=y "$cfg"; then s=silo; else s=other; fi
    [ "$(field "$output" xsm_default)" = "$s" ]
}

@test "arm64: info --json: the build object, boot_time_cpupools a boolean" {
    run --separate-stderr guest xenmin info --json
    [ "$status" -eq 0 ]
    printf '%s' "$output" | python3 -c '
import json, sys
b = json.load(sys.stdin)["build"]
assert b["boot_time_cpupools"] is (sys.argv[1] == "a653"), b
assert b["xsm"] == ["flask", "silo"] and b["hypfs"] is True, b
assert "arinc653" in b["built_schedulers"] or sys.argv[1] != "a653", b
' "$(xm_is_a653_bed && echo a653 || echo debian)"
}
