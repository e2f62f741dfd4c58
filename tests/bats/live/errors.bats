# SPDX-License-Identifier: MIT
# Live: xenmin's error paths against a real Xen, each with its documented exit code and
# message: a domain id that does not exist (2), a non-root user in dom0 (77), and no
# /dev/xen/privcmd (69). State is checked with xl afterwards: a failed call changes nothing.
load live_helper

@test "pause and unpause of a domid that does not exist: exit 2, 'no such domain'" {
    run --separate-stderr guest xenmin domain pause 7
    [ "$status" -eq 2 ]
    [ -z "$output" ]
    [ "$stderr" = "xenmin: domain pause: 7: no such domain" ]
    run --separate-stderr guest xenmin domain unpause 7
    [ "$status" -eq 2 ]
    [ "$stderr" = "xenmin: domain unpause: 7: no such domain" ]
    # The highest possible ordinary domid is not there either.
    run --separate-stderr guest xenmin domain pause 32751
    [ "$status" -eq 2 ]
    [ "$stderr" = "xenmin: domain pause: 32751: no such domain" ]
}

@test "pause of an existing and a missing domain: exit 2, the existing one is still paused" {
    local d1
    d1=$(domid_of d1)
    run --separate-stderr guest xenmin domain pause "$d1" 7
    [ "$status" -eq 2 ]
    [[ $stderr == *"xenmin: domain pause: 7: no such domain"* ]]
    # Report what happened: d1 was paused (Xen did it), so xl must show it.
    xl_paused "$d1"
    unpause_fully "$d1"
}

# as_user CMD: run CMD in dom0 as the bed's unprivileged user (uid 1000, in the image).
as_user() { guest su -s /bin/sh xmuser -c "$*"; }

@test "non-root user in dom0: list, info and pause are denied with 77" {
    run --separate-stderr as_user id -u
    [ "$output" = 1000 ]
    local c
    for c in "domain list" "info" "domain pause 1"; do
        run --separate-stderr as_user xenmin $c
        [ "$status" -eq 77 ] || { echo "xenmin $c: status $status"; false; }
        [ -z "$output" ]
        [[ $stderr == "xenmin: "* ]]
        [[ $stderr == *[Pp]ermission* ]]
    done
    xl_unpaused "$(domid_of d1)"
}

# no_privcmd CMD: run CMD in dom0 with /dev/xen/privcmd absent. The module cannot be
# unloaded while xenstored, xenconsoled and xl hold it (refcount), so the command runs in
# a private mount namespace with an empty tmpfs over /dev/xen: the device node is not
# there, which is what userspace sees when the module is not loaded.
no_privcmd() { guest unshare -m sh -c "mount -t tmpfs none /dev/xen && [ ! -e /dev/xen/privcmd ] && exec $*"; }

@test "no /dev/xen/privcmd: exit 69, 'not running on Xen, or the xen-privcmd module is not loaded'" {
    local c
    for c in "info" "domain list --json" "domain pause 1"; do
        run --separate-stderr no_privcmd xenmin $c
        [ "$status" -eq 69 ] || { echo "xenmin $c: status $status: $stderr"; false; }
        [ -z "$output" ]
        [[ $stderr == "xenmin: "*"not running on Xen, or the xen-privcmd module is not loaded"* ]]
    done
    # And the real dom0 is unaffected.
    run guest test -c /dev/xen/privcmd
    [ "$status" -eq 0 ]
}

@test "usage errors exit 64 without touching Xen" {
    run --separate-stderr guest xenmin domain pause
    [ "$status" -eq 64 ]
    run --separate-stderr guest xenmin domain pause notanumber
    [ "$status" -eq 64 ] || [ "$status" -eq 65 ]
    [[ $stderr == "xenmin: "* ]]
}
