# SPDX-License-Identifier: MIT
# Live: how many hypercalls the main commands make on a real Xen, and which, in order, read
# from --trace (every hypercall passes through one function that traces it). A count is a
# fact, not a timing: each test names the calls the command needs (bench/RESULTS.md explains
# why each one is there) and fails on one more or one fewer. Times are bench/'s business.
load live_helper

# trace_ops XENMIN-ARGS...: run xenmin --trace in dom0; set OPS to its hypercalls, one a
# line, as "op subop [dom=N]" (the interface version and result dropped: they vary by
# release). Fails if the command fails or stderr holds anything but trace lines.
trace_ops() {
	run --separate-stderr guest xenmin --trace "$@"
	[ "$status" -eq 0 ] || { echo "xenmin $* exited $status: $stderr"; return 1; }
	if printf '%s\n' "$stderr" | grep -v '^xenmin: trace: ' | grep -q .; then
		echo "xenmin $*: stderr holds more than trace lines: $stderr"
		return 1
	fi
	OPS=$(printf '%s\n' "$stderr" | sed -e 's/^xenmin: trace: //' -e 's/ -> .*//' -e 's/ if=0x[0-9a-f]*//')
}

# expect_ops LINE...: OPS is exactly these lines.
expect_ops() {
	local want
	want=$(printf '%s\n' "$@")
	[ "$OPS" = "$want" ] || { printf 'hypercalls:\n%s\nexpected:\n%s\n' "$OPS" "$want"; return 1; }
}

@test "hypercalls: domain list makes 2, the version then one getdomaininfolist (no extraversion)" {
	trace_ops domain list
	expect_ops "xen_version version" "sysctl getdomaininfolist"
	trace_ops domain list --json
	expect_ops "xen_version version" "sysctl getdomaininfolist"
	trace_ops domain list 0 1
	expect_ops "xen_version version" "sysctl getdomaininfolist"
}

@test "hypercalls: domain pause makes 2; unpause 3, the last to say whether it is still paused" {
	unpause_fully 1
	trace_ops domain pause 1
	expect_ops "xen_version version" "domctl pausedomain dom=1"
	xl_paused 1
	trace_ops domain unpause 1
	expect_ops "xen_version version" "domctl unpausedomain dom=1" "sysctl getdomaininfolist"
	xl_unpaused 1
}

@test "hypercalls: info makes 2 + one per cpupool + the one that ends the walk + its hypfs reads" {
	local pools want=("xen_version version" "xen_version extraversion") hyp
	# The witness for the number of pools: xl, not xenmin's own output.
	pools=$(guest xl cpupool-list | awk 'NR > 1' | wc -l)
	[ "$pools" -ge 1 ]
	for ((i = 0; i < pools; i++)); do want+=("sysctl cpupool_op(info)"); done
	want+=("sysctl cpupool_op(info)")
	# What Xen was built with, from hypfs: its version, then one read of
	# /buildinfo/config, or two when the first buffer (a page) was too small.
	want+=("hypfs_op get_version" "hypfs_op read")
	trace_ops info
	hyp=$(printf '%s\n' "$stderr" | grep -c 'hypfs_op read -> -ENOBUFS' || true)
	[ "$hyp" -le 1 ]
	[ "$hyp" = 0 ] || want+=("hypfs_op read")
	expect_ops "${want[@]}"
	# The pool walk ends on Xen's "no such pool", and only its last call does.
	[ "$(printf '%s\n' "$stderr" | grep 'cpupool_op' | grep -c -- '-> -ENOENT')" -eq 1 ]
	printf '%s\n' "$stderr" | grep 'cpupool_op' | tail -n 1 | grep -q -- '-> -ENOENT'
}

@test "hypercalls: sched-arinc653 get --pool 0 makes 6, the extraversion last and only for the text" {
	guest xl cpupool-list | awk 'NR == 2 && $3 != "arinc653" { exit 1 }' ||
		skip "cpupool 0 does not run arinc653 on this bed"
	trace_ops sched-arinc653 get --pool 0
	expect_ops "xen_version version" "sysctl getdomaininfolist" "sysctl cpupool_op(info)" \
		"xen_version guest_handle" "sysctl scheduler_op(arinc653 get)" "xen_version extraversion"
	trace_ops sched-arinc653 get --pool 0 --json
	expect_ops "xen_version version" "sysctl getdomaininfolist" "sysctl cpupool_op(info)" \
		"xen_version guest_handle" "sysctl scheduler_op(arinc653 get)"
}
