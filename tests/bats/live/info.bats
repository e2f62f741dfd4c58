# SPDX-License-Identifier: MIT
# Live: `xenmin info` on a real Xen agrees with `xl info` (version, extraversion) and with
# `xl cpupool-list` (pools, schedulers, domain counts), reports the interface versions this
# hypervisor release accepts, and says the same in --json. Also the ARINC 653 reading: on
# the arinc653 bed the schedule is readable, elsewhere the request fails with exit 2 and a
# message naming the pool's real scheduler.
load live_helper

# field TEXT KEY: the value of "KEY: value" / "KEY   : value" lines.
field() { printf '%s\n' "$1" | sed -n "s/^$2 *: *//p" | head -n1; }

@test "info: xen_version and xen_extra agree with xl info" {
    run_pair 'xl info' 'xenmin info'
    local xl=$FIRST xm=$SECOND
    [ -n "$(field "$xl" xen_major)" ]
    [ "$(field "$xm" xen_version)" = "$(field "$xl" xen_major).$(field "$xl" xen_minor)$(field "$xl" xen_extra)" ]
    [ "$(field "$xm" xen_extra)" = "$(field "$xl" xen_extra)" ]
    [[ $(field "$xm" xen_version) == "$XM_XEN_MAJMIN".* ]]
}

@test "info: interface versions and arch are the ones this Xen release accepts" {
    run --separate-stderr guest xenmin info
    [ "$status" -eq 0 ]
    [ "$(field "$output" domctl_interface)" = "$XM_DOMCTL" ]
    [ "$(field "$output" sysctl_interface)" = "$XM_SYSCTL" ]
    [ "$(field "$output" arch)" = x86_64 ]
}

@test "info: one cpupool line per pool, agreeing with xl cpupool-list on scheduler and domains" {
    run_pair 'xl cpupool-list' 'xenmin info'
    local xl xm pools
    xl=$(printf '%s\n' "$FIRST" | tail -n +2)
    xm=$(printf '%s\n' "$SECOND" | grep '^cpupool ')
    [ "$(printf '%s\n' "$xl" | wc -l)" -eq "$(printf '%s\n' "$xm" | wc -l)" ]
    # xl names pools (Pool-0 is id 0); ids follow list order here, one pool per bed.
    local i=0 name cpus sched active ndom
    while read -r name cpus sched active ndom; do
        printf '%s\n' "$xm" | grep -Eq "^cpupool $i: scheduler $sched, $ndom domains\b" ||
            { echo "xl: $name $sched $ndom; xenmin: $xm"; false; }
        i=$((i + 1))
    done <<< "$xl"
    [[ $xm == "cpupool 0: scheduler $XM_SCHED, 3 domains"* ]]
}

@test "info --json says the same as the text form" {
    run_pair 'xenmin info --json' 'xenmin info'
    local js=$FIRST txt=$SECOND
    [ "$(printf '%s' "$js" | jq -r .xen_version)" = "$(field "$txt" xen_version)" ]
    [ "$(printf '%s' "$js" | jq -r .xen_extra)" = "$(field "$txt" xen_extra)" ]
    [ "$(printf '%s' "$js" | jq -r .arch)" = x86_64 ]
    [ "$(printf '%s' "$js" | jq -r '.cpupools[0].scheduler')" = "$XM_SCHED" ]
    [ "$(printf '%s' "$js" | jq -r '.cpupools | length')" -eq "$(printf '%s\n' "$txt" | grep -c '^cpupool ')" ]
    [ "$(printf '%s' "$js" | jq -r '.domctl_interface')" -eq $((XM_DOMCTL)) ]
    [ "$(printf '%s' "$js" | jq -r '.sysctl_interface')" -eq $((XM_SYSCTL)) ]
}

@test "sched-arinc653 get: reads the schedule on arinc653, fails with 2 naming the scheduler elsewhere" {
    run --separate-stderr guest xenmin sched-arinc653 get
    if [ "$XM_SCHED" = arinc653 ]; then
        [ "$status" -eq 0 ]
        # Xen's boot-time default: dom0's vCPU alone, 10 ms, unless a test has set another.
        [[ $output == *"cpupool 0"* ]]
        [[ $output == *"major_frame "* ]]
    else
        [ "$status" -eq 2 ]
        [[ $stderr == *"arinc653"* ]]
        [[ $stderr == *"$XM_SCHED"* ]]
    fi
}
