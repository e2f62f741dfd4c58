# SPDX-License-Identifier: MIT
# Live: `domain destroy` and `domain shutdown` (issue 12) on the x86 beds, with xl as the
# witness. Each test works on a domain of its own, d5 (a copy of d1's xl config whose
# on_poweroff/on_reboot/on_crash say "preserve", so xl's per-domain process leaves a shut
# down domain as Xen left it): shutdown with each reason shows in `xl list` as the state
# letters and the reason letter xenmin reports, then xenmin destroys it and xl lists it no
# more. Destroying domain 0 (here also the domain xenmin runs in) is refused and changes
# nothing. d1 and d2 are left alone.
load live_helper

UUID_D5=00000000-0000-4000-8000-0000000000e5

# d5_up: create d5, with "preserve" for every shutdown reason.
d5_up() {
    domu_up d5 "$UUID_D5" pv 'on_poweroff = "preserve"' 'on_reboot = "preserve"' \
        'on_crash = "preserve"'
}

teardown() {
    domu_down d5 >&3
}

# gone ID: xl lists no domain ID.
gone() { [ -z "$(xl_list_field "$1" state)" ]; }

@test "destroy: the domain is gone from xl list, exit 0" {
    local id
    d5_up
    id=$(domid_of d5)
    [ -n "$(xl_list_field "$id" state)" ]
    run --separate-stderr guest xenmin domain destroy "$id"
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [ "$output" = "domain $id: destroyed" ]
    [ -z "$stderr" ]
    gone "$id"
    run --separate-stderr guest xenmin domain list "$id"
    [ "$status" -eq 2 ]
}

@test "destroy and shutdown of domain 0 (the domain xenmin runs in) are refused; nothing changes" {
    local s
    s=$(xl_list_field 0 state)
    run --separate-stderr guest xenmin domain destroy 0
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    [ "$stderr" = "xenmin: domain destroy: 0: refused: domain 0 is the hardware domain, which the whole system depends on" ]
    run --separate-stderr guest xenmin domain shutdown --reason reboot 0
    [ "$status" -eq 2 ]
    [ "$(xl_list_field 0 state | cut -c4)" = - ]
    # With another domain named too, neither is touched.
    run --separate-stderr guest xenmin domain destroy "$(domid_of d1)" 0
    [ "$status" -eq 2 ]
    [ -n "$(xl_list_field "$(domid_of d1)" state)" ]
}

@test "shutdown with each reason: xl shows the same state and reason letters" {
    local reason letter id st xl
    for reason in poweroff reboot crash suspend; do
        case $reason in poweroff) letter=- ;; reboot) letter=r ;; crash) letter=c ;; suspend) letter=s ;; esac
        d5_up
        id=$(domid_of d5)
        run --separate-stderr guest xenmin domain shutdown --reason "$reason" "$id"
        echo "$reason: stdout: $output; stderr: $stderr"
        [ "$status" -eq 0 ]
        [ "$output" = "domain $id: shut down (reason $reason)" ]
        run_pair "xl list -v $id" "xenmin domain list --json $id"
        xl=$(printf '%s\n' "$FIRST" | awk 'NR == 2 { print $5 }')
        st=$(printf '%s' "$SECOND" | jq -r '.[0].state')
        echo "$reason: xl $xl, xenmin $st"
        [ "$st" = "$xl" ]
        [ "${xl:3:1}" = s ] && [ "${xl:4:1}" = "$letter" ]
        [ "$(printf '%s' "$SECOND" | jq -r '.[0].crashed')" = "$([ $reason = crash ] && echo true || echo false)" ]
        # Xen keeps the first reason: another one is refused, the same one is done already.
        run --separate-stderr guest xenmin domain shutdown --reason "$([ $reason = crash ] && echo reboot || echo crash)" "$id"
        [ "$status" -eq 2 ]
        [[ "$stderr" == *"refused: it is shut down already, with reason $reason"* ]]
        run --separate-stderr guest xenmin domain shutdown --reason "$reason" "$id"
        [ "$status" -eq 0 ]
        [ "$output" = "domain $id: shut down already (reason $reason)" ]
        # A shut down domain keeps its memory until it is destroyed: xenmin does that too.
        run --separate-stderr guest xenmin domain destroy "$id"
        [ "$status" -eq 0 ]
        gone "$id"
        domu_down d5
    done
}
