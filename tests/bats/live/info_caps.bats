#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Live, x86 beds: `xenmin info` reads what this Xen was built with from hypfs
# (/buildinfo/config, gzip'd in the hypervisor) and must name the bed's
# known build: x86-4.17 is built here with ARINC 653 and null added
# (tests/bed/x86.sh), x86-4.20 is Debian's binary (credit and credit2 only).
# Two independent witnesses: the .config beside the booted hypervisor in the
# cache (read here with grep), and Xen itself, which creates a cpupool only
# for a scheduler it was built with (xl cpupool-create of an empty pool).
load live_helper

field() { printf '%s\n' "$1" | sed -n "s/^$2: //p" | head -n1; }

case $XM_BED in
x86-4.17) BUILT="credit credit2 arinc653 null" ;;
x86-4.20) BUILT="credit credit2" ;;
esac

# The pools this file makes are named xmcap-*; none may outlive it.
teardown() {
    guest sh -c 'for p in $(xl cpupool-list | awk "/^xmcap-/ {print \$1}"); do xl cpupool-destroy $p; done' || true
}

# cfg_scheds FILE: the schedulers FILE builds, in XEN_SCHEDULER_* id order.
cfg_scheds() {
    local s out=
    for s in CREDIT:credit CREDIT2:credit2 ARINC653:arinc653 RTDS:rtds NULL:null; do
        grep -qx "CONFIG_SCHED_${s%%:*}=y" "$1" && out="$out ${s#*:}"
    done
    echo "${out# }"
}

@test "info: names the schedulers of this bed's known build, and the rest of it" {
    run --separate-stderr guest xenmin info
    [ "$status" -eq 0 ]
    [ "$(field "$output" build_config)" = "hypfs /buildinfo/config" ]
    [ "$(field "$output" built_schedulers)" = "$BUILT" ]
    [ "$(field "$output" default_scheduler)" = credit2 ]
    # x86 has no device tree, so no boot-time cpupools option at all.
    [ "$(field "$output" boot_time_cpupools)" = no ]
    [ "$(field "$output" sysctl)" = yes ]
    [ "$(field "$output" xsm)" = none ]
    [ "$(field "$output" xsm_default)" = dummy ]
    [ "$(field "$output" hypfs)" = yes ]
    [ -z "$stderr" ]
}

@test "info: agrees with the .config beside the booted hypervisor" {
    : "${XM_BED_XEN:?run through tests/bed/bed.sh test, which names the hypervisor booted}"
    local cfg
    cfg=$(dirname "$XM_BED_XEN")/config
    [ -f "$cfg" ] || cfg=$(dirname "$XM_BED_XEN")/.config
    [ -f "$cfg" ]
    run --separate-stderr guest xenmin info
    [ "$status" -eq 0 ]
    [ "$(field "$output" built_schedulers)" = "$(cfg_scheds "$cfg")" ]
    [ "$(field "$output" default_scheduler)" = "$(sed -n 's/^CONFIG_SCHED_DEFAULT="\(.*\)"$/\1/p' "$cfg")" ]
    if grep -qx CONFIG_XSM=y "$cfg"; then want=yes; else want=no; fi
    [ "$([ "$(field "$output" xsm)" = none ] && echo no || echo yes)" = "$want" ]
}

@test "info: Xen agrees: a pool can be made for each scheduler built in, and for no other" {
    run --separate-stderr guest xenmin info
    [ "$status" -eq 0 ]
    local built running s have
    built=" $(field "$output" built_schedulers) "
    running=" $(guest xl cpupool-list | awk 'NR > 1 { printf "%s ", $3 }') "
    for s in credit credit2 arinc653 rtds null; do
        # A scheduler a pool runs is built in; no second pool of it is made
        # (4.17's arinc653 keeps state shared across its pools).
        if [[ $running == *" $s "* ]]; then
            have=1
        else
            run --separate-stderr guest xl cpupool-create "name=\"xmcap-$s\"" "sched=\"$s\""
            if [ "$status" -eq 0 ]; then
                have=1
                guest xl cpupool-destroy "xmcap-$s"
            else
                # Refused by Xen, not by xl's own parsing.
                [[ $stderr == *"error on creating cpupool"* ]] || { echo "xl: $stderr"; false; }
                have=0
            fi
        fi
        if [[ $built == *" $s "* ]]; then
            [ "$have" = 1 ] || { echo "xenmin says $s is built in, Xen made no pool of it"; false; }
        else
            [ "$have" = 0 ] || { echo "xenmin says $s is not built in, Xen made a pool of it"; false; }
        fi
    done
}

@test "info: the default scheduler is what Pool-0 runs unless the command line picks one" {
    local picked want
    picked=$(guest xl info | sed -n 's/^xen_commandline *: *//p' | tr ' ' '\n' | sed -n 's/^sched=//p')
    run --separate-stderr guest xenmin info
    [ "$status" -eq 0 ]
    want=${picked:-$(field "$output" default_scheduler)}
    [ -n "$want" ]
    [[ "$output" == *"cpupool 0: scheduler $want,"* ]]
}

@test "info --json: the build object says the same" {
    run_pair 'xenmin info --json' 'xenmin info'
    local js=$FIRST txt=$SECOND
    [ "$(printf '%s' "$js" | jq -r '.build.built_schedulers | join(" ")')" = "$(field "$txt" built_schedulers)" ]
    [ "$(printf '%s' "$js" | jq -r '.build.hypfs')" = true ]
    [ "$(printf '%s' "$js" | jq -r '.build.sysctl')" = true ]
    [ "$(printf '%s' "$js" | jq -r '.build.unknown_because')" = null ]
    [ "$(printf '%s' "$js" | jq -r '.build.xsm | length')" -eq 0 ]
}

@test "info --trace: the .config came through hypfs_op" {
    run --separate-stderr guest xenmin --trace info
    [ "$status" -eq 0 ]
    [[ "$stderr" == *"xenmin: trace: hypfs_op get_version -> 1 "* ]]
    [[ "$stderr" == *"xenmin: trace: hypfs_op read -> 0 "* ]]
}

@test "sched-arinc653 get: a Xen built without ARINC 653 is said to be, in those words" {
    run --separate-stderr guest xenmin sched-arinc653 get
    if [[ " $BUILT " == *" arinc653 "* ]]; then
        [ "$status" -eq 0 ]
        [[ $stderr != *"built without"* ]]
    else
        [ "$status" -eq 2 ]
        [[ $stderr == *"xenmin: sched-arinc653 get: this Xen is built without the ARINC 653 scheduler (CONFIG_SCHED_ARINC653 is not set)"* ]]
    fi
}
