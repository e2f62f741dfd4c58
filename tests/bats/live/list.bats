# SPDX-License-Identifier: MIT
# Live: `xenmin domain list` on a real Xen agrees with xl (the witness, same dom0) on domain
# IDs, UUIDs, state letters, vCPUs and memory, in both the table and the JSON form, and
# shows the fixed-UUID domUs the bed created.
load live_helper

# snapshot: one guest command that prints `xl list -v`, a separator, then xenmin's JSON, so
# both views are taken a fraction of a second apart. Sets XL and XM.
snapshot() {
    run_pair 'xl list -v' 'xenmin domain list --json'
    XL=$FIRST XM=$SECOND
}

# compare: every domain xl lists is in xenmin's list with the same values, and vice versa.
# States are compared letter for letter; a domU under credit2 may flip between running and
# blocked between the two reads, so the caller retries a few times before failing.
compare() {
    local id name mem vcpus state uuid xm_ids xl_ids
    xl_ids=$(printf '%s\n' "$XL" | awk 'NR > 1 {print $2}' | sort -n | tr '\n' ' ')
    xm_ids=$(printf '%s' "$XM" | jq -r '.[].domid' | sort -n | tr '\n' ' ')
    [ "$xl_ids" = "$xm_ids" ] || { echo "ids: xl [$xl_ids] xenmin [$xm_ids]"; return 1; }
    while read -r name id mem vcpus state _time uuid _rest; do
        local got
        got=$(printf '%s' "$XM" | jq -r --argjson id "$id" \
            '.[] | select(.domid == $id) | "\(.uuid) \(.state) \(.vcpus_online) \(.mem_kib / 1024 | floor)"')
        [ "$got" = "$uuid $state $vcpus $mem" ] ||
            { echo "domain $id ($name): xl [$uuid $state $vcpus $mem] xenmin [$got]"; return 1; }
    done < <(printf '%s\n' "$XL" | awk 'NR > 1')
}

@test "domain list --json agrees with xl list -v on ids, uuids, states, vcpus and memory" {
    local try
    for try in 1 2 3 4 5; do
        snapshot
        if compare; then return 0; fi
        sleep 1
    done
    echo "xl:"; echo "$XL"; echo "xenmin:"; echo "$XM"
    false
}

@test "domain list shows dom0 and the bed's domUs with their fixed UUIDs" {
    run --separate-stderr guest xenmin domain list --json
    [ "$status" -eq 0 ]
    [ "$(json 'length')" -eq 3 ]
    [ "$(json '.[] | select(.domid == 0) | .uuid')" = 00000000-0000-0000-0000-000000000000 ]
    local n id
    for n in $XM_DOMUS; do
        id=$(domid_of "$n")
        eval "uuid=\$XM_UUID_$n"
        [ "$(json ".[] | select(.domid == $id) | .uuid")" = "$uuid" ]
        [ "$(json ".[] | select(.domid == $id) | .mem_kib")" -eq $((XM_DOMU_MEM * 1024)) ]
        [ "$(json ".[] | select(.domid == $id) | .vcpus_online")" -eq 1 ]
        [ "$(json ".[] | select(.domid == $id) | .max_vcpu_id")" -eq 0 ]
        [ "$(json ".[] | select(.domid == $id) | .name")" = null ]
    done
}

@test "domain list --json has every key with the right type, and flags match the state string" {
    run --separate-stderr guest xenmin domain list --json
    [ "$status" -eq 0 ]
    [ -z "$stderr" ]
    json '.[] | (.domid|numbers), (.uuid|strings), (.state|strings), (.mem_kib|numbers),
          (.maxmem_kib|numbers), (.vcpus_online|numbers), (.max_vcpu_id|numbers),
          (.cpupool|numbers), (.cpu_time_ns|numbers)' >/dev/null
    # The scalar checks above would pass on a missing key (null): name every key instead.
    [ "$(json '["domid","uuid","state","running","blocked","paused","shutdown","crashed","dying",
              "mem_kib","maxmem_kib","vcpus_online","max_vcpu_id","cpupool","cpu_time_ns","name"] as $k
              | all(.[]; . as $d | all($k[]; . as $x | $d | has($x)))')" = true ]
    [ "$(json '[.[] | select((.running|type) != "boolean" or (.blocked|type) != "boolean" or
              (.paused|type) != "boolean" or (.shutdown|type) != "boolean" or
              (.crashed|type) != "boolean" or (.dying|type) != "boolean")] | length')" -eq 0 ]
    # Each letter of the 6-char state is its flag: r b p s c d.
    [ "$(json '[.[] | select(.state != ((if .running then "r" else "-" end) + (if .blocked then "b" else "-" end)
              + (if .paused then "p" else "-" end) + (if .shutdown then "s" else "-" end)
              + (if .crashed then "c" else "-" end) + (if .dying then "d" else "-" end)))] | length')" -eq 0 ]
}

@test "domain list (table) has the documented header and agrees with --json" {
    run_pair 'xenmin domain list' 'xenmin domain list --json'
    local table=$FIRST js=$SECOND
    [ "$(printf '%s\n' "$table" | head -n1 | tr -s ' ' | sed 's/^ //')" = "ID UUID STATE MEM MAXMEM VCPUS POOL TIME NAME" ]
    local id uuid state mem maxmem vcpus pool time name
    while read -r id uuid state mem maxmem vcpus pool time name; do
        [[ $time =~ ^[0-9]+\.[0-9]$ ]] || { echo "TIME $time"; false; }
        [ "$name" = - ]
        [ "$(printf '%s' "$js" | jq -r --argjson id "$id" '.[] | select(.domid == $id) |
            "\(.uuid) \(.mem_kib / 1024 | floor) \(.maxmem_kib / 1024 | floor) \(.vcpus_online) \(.cpupool)"')" = \
          "$uuid $mem $maxmem $vcpus $pool" ]
        # The state may change between the two reads only for a domU running under credit2.
        [ "$id" != 0 ] || [ "$state" = r----- ]
    done < <(printf '%s\n' "$table" | tail -n +2)
    [ "$(printf '%s\n' "$table" | tail -n +2 | wc -l)" -eq "$(printf '%s' "$js" | jq length)" ]
}

@test "domain list with DOMIDs lists exactly those domains" {
    run --separate-stderr guest xenmin domain list --json 2 0
    [ "$status" -eq 0 ]
    [ "$(json '[.[].domid] | sort | map(tostring) | join(",")')" = 0,2 ]
}

@test "domain list of a domid that does not exist fails with 2 and says so" {
    run --separate-stderr guest xenmin domain list 7
    [ "$status" -eq 2 ]
    [ "$stderr" = "xenmin: domain list: 7: no such domain" ]
}

@test "cpu time: dom0 has run, and xenmin's figure is close to xl's" {
    run --separate-stderr guest sh -c 'xl list -v 0 | awk "NR==2 {print \$6}"; xenmin domain list --json 0'
    [ "$status" -eq 0 ]
    local xl_s xm_ns
    xl_s=$(printf '%s\n' "$output" | head -n1)
    xm_ns=$(printf '%s\n' "$output" | tail -n1 | jq '.[0].cpu_time_ns')
    [ "$xm_ns" -gt 0 ]
    # Read a moment apart; xenmin reads second, so it may be ahead by the time between them.
    awk -v a="$xl_s" -v b="$xm_ns" 'BEGIN { d = b / 1e9 - a; exit !(d > -0.2 && d < 3) }'
}

@test "domUs: under arinc653 they never run until a schedule names them; under credit2 they boot" {
    local n id
    if [ "$XM_SCHED" = arinc653 ]; then
        run --separate-stderr guest xenmin domain list --json
        for n in $XM_DOMUS; do
            id=$(domid_of "$n")
            [ "$(json ".[] | select(.domid == $id) | .cpu_time_ns")" -eq 0 ]
            [ "$(json ".[] | select(.domid == $id) | .running or .blocked")" = false ]
        done
    else
        # Each domU prints a banner and a heartbeat; xenconsoled logs them in dom0.
        for n in $XM_DOMUS; do
            run guest sh -c "i=0; while [ \$i -lt 120 ]; do grep -q 'DOMU-ALIVE $n' /var/log/xen/console/guest-$n.log 2>/dev/null && exit 0; i=\$((i+1)); sleep 0.5; done; exit 1"
            [ "$status" -eq 0 ]
            run guest grep -c "DOMU-BANNER $n" "/var/log/xen/console/guest-$n.log"
            [ "$output" -ge 1 ]
        done
        run --separate-stderr guest xenmin domain list --json
        for n in $XM_DOMUS; do
            id=$(domid_of "$n")
            [ "$(json ".[] | select(.domid == $id) | .cpu_time_ns")" -gt 0 ]
        done
    fi
}
