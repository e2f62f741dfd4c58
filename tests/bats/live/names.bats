# SPDX-License-Identifier: MIT
# Live: names without xenstore (issue 12) on the x86 beds. A domains file at the default
# path in dom0 (/etc/xenmin/domains) names d1 by its UUID, d2 by its domid and d7, a domain
# of this file's own (a copy of d1's xl config), as "nav" by its UUID: `domain list` shows
# the names, and they agree with the names xl (the witness) gives the same domids; `pause
# nav` pauses d7 as xl sees it; `console attach nav` talks to d7's shell with xenconsoled
# stopped; `sched-arinc653 get` names d7 nav. A broken domains file is exit 65 for every
# command, with FILE:LINE:COL errors, and nothing happens (xl shows d7 unchanged).
# teardown_file removes the file, restarts xenconsoled and destroys d7 (on x86-4.17
# putting the schedule back).
load live_helper

UUID_NAV=00000000-0000-4000-8000-0000000000e7
DOMS=/etc/xenmin/domains

setup_file() {
    domu_up d7 "$UUID_NAV" >&3
    guest mkdir -p /etc/xenmin
    put_lines "$DOMS" "# written by names.bats" "domain d1 uuid $XM_UUID_d1" \
        "domain d2 domid $(domid_of d2)" "domain nav uuid $UUID_NAV"
}

teardown_file() {
    guest rm -f "$DOMS" || true
    unpause_fully "$(domid_of d7)" || true
    domu_down d7 >&3
}

@test "names: domain list shows the file's names, and they agree with xl's for the same domids" {
    local name id _rest got
    run_pair 'xl list -v' 'xenmin domain list --json'
    # Every domain xl lists: d1 and d2 by their own names, d7 as nav, dom0 unnamed.
    while read -r name id _rest; do
        got=$(printf '%s' "$SECOND" | jq -r --argjson id "$id" '.[] | select(.domid == $id) | .name')
        case $name in
        d1 | d2) [ "$got" = "$name" ] || { echo "domid $id: xl $name, xenmin $got"; false; } ;;
        d7) [ "$got" = nav ] || { echo "domid $id: xl d7, xenmin $got"; false; } ;;
        Domain-0) [ "$got" = null ] ;;
        *) [ "$got" = null ] || { echo "domid $id ($name): xenmin names it $got"; false; } ;;
        esac
    done < <(printf '%s\n' "$FIRST" | awk 'NR > 1')
    # The text form: NAME is the last column.
    run --separate-stderr guest xenmin domain list
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    [ "$(printf '%s\n' "$output" | awk -v id="$(domid_of d7)" '$1 == id { print $NF }')" = nav ]
    [ "$(printf '%s\n' "$output" | awk '$1 == 0 { print $NF }')" = - ]
}

@test "names: pause nav and unpause nav act on d7, as xl sees it" {
    local id
    id=$(domid_of d7)
    xl_unpaused "$id"
    run --separate-stderr guest xenmin domain pause nav
    [ "$status" -eq 0 ]
    [ "$output" = "domain nav (domid $id): paused" ]
    xl_paused "$id"
    xl_unpaused "$(domid_of d1)"
    run --separate-stderr guest xenmin domain unpause nav
    [ "$status" -eq 0 ]
    [ "$output" = "domain nav (domid $id): unpaused" ]
    xl_unpaused "$id"
}

@test "names: console attach nav talks to d7's shell (xenconsoled stopped)" {
    wait_beats d7 0
    stop_xenconsoled
    run --separate-stderr guest sh -c "echo 'echo XM-\$((6*8))' | xenmin console attach --timeout 6 nav"
    guest sh -c "$XENCONSOLED"
    echo "stdout: $output"; echo "stderr: $stderr"
    [ "$status" -eq 0 ]
    [[ "$output" == *"XM-48"* ]]
    [[ "$stderr" == "xenmin: console attach: domain $(domid_of d7): ring mode:"* ]]
}

@test "names: sched-arinc653 get names d7 nav and dom0 dom0 (x86-4.20, credit2: exit 2)" {
    run --separate-stderr guest xenmin sched-arinc653 get
    if [ "$XM_SCHED" != arinc653 ]; then
        [ "$status" -eq 2 ]
        return 0
    fi
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *$'\n'"domain nav domid $(domid_of d7) uuid $UUID_NAV"$'\n'* ]]
    [[ "$output" == *$'\n'"domain dom0 domid 0 uuid 00000000-0000-0000-0000-000000000000"$'\n'* ]]
    [[ "$output" == *$'\n'"slot nav 10ms"* ]]
}

@test "names: a broken domains file is exit 65 for every command, and nothing happens" {
    local id
    id=$(domid_of d7)
    put_lines "$DOMS" "domain nav uuid $UUID_NAV" "domain 7 domid $id" "domain nav domid 1"
    for cmd in "domain list" "domain pause nav" "domain pause $id" "domain unpause $id" \
        "domain shutdown $id" "domain destroy $id" "info" "sched-arinc653 get" \
        "console attach --timeout 1 $id"; do
        run --separate-stderr guest xenmin $cmd
        echo "$cmd: $status: $stderr"
        [ "$status" -eq 65 ]
        [ -z "$output" ]
        [ "${stderr_lines[0]}" = "$DOMS:2:8: error: domain name '7' is a number: on a command line it would mean domid 7 (start a name with a letter or '_')" ]
        [ "${stderr_lines[1]}" = "$DOMS:3:8: error: domain nav declared twice (first at line 1)" ]
        [[ "${stderr_lines[2]}" == "xenmin: "*": $DOMS: not a usable domains file (2 errors): nothing done" ]]
    done
    # Nothing happened to d7: xl lists it, running as before, not paused, not shut down.
    xl_unpaused "$id"
    [ "$(xl_list_field "$id" state | cut -c4)" = - ]
    # Named explicitly, a missing file is exit 66; the default may be missing.
    guest rm -f "$DOMS"
    run --separate-stderr guest xenmin --domains /tmp/none domain list
    [ "$status" -eq 66 ]
    run --separate-stderr guest xenmin domain list
    [ "$status" -eq 0 ]
}
