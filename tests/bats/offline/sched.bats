#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# sched-arinc653 without Xen: `check` over the whole corpus of schedule files
# in tests/sched (bad/ files with their exact stderr and exit code in
# NAME.err, good/ files that must pass, warn/ files that pass unless
# --strict), then set/get/diff against the fake hypervisor: round trips,
# every refusal before the first write, the shared-UUID rule, undo on
# failure, read-back verification, and --dry-run/--wait.
bats_require_minimum_version 1.7.0
load common

SCHED_DIR="$BATS_TEST_DIRNAME/../../sched"

setup() {
	fake_state
	X="$XENMIN_FAKE"
	case "$X" in /*) ;; *) X="$PWD/$X" ;; esac
	case "$XENMIN" in /*) XM="$XENMIN" ;; *) XM="$PWD/$XENMIN" ;; esac
	T="$BATS_TEST_TMPDIR"
}

# The fake with domUs 1 and 2 moved into pool 0 (arinc653), as on the x86 bed.
x86_bed() {
	fake_set domain 1 pool 0
	fake_set domain 2 pool 0
}

state_without_log() {
	grep -v '^#' "$XM_FAKE_STATE" | sort
}

# Let the fake rewrite its state in its own format, so before/after compare.
normalize() {
	"$X" domain list > /dev/null
}

# a653_shape POOL: "MAJOR_FRAME_NS ENTRIES" of the pool's saved schedule.
a653_shape() {
	fake_line a653 "$1" | awk '{ n = 0; for (i = 1; i < NF; i++) { if ($i == "major_frame_ns") m = $(i + 1); if ($i == "entry") n++ } print m, n }'
}

# ---- check: the corpus ----

@test "check: the corpus holds at least 30 malformed files, each with its .err" {
	n=0
	for f in "$SCHED_DIR"/bad/*.cfg; do
		[ -f "${f%.cfg}.err" ] || { echo "no .err for $f"; return 1; }
		n=$((n + 1))
	done
	echo "bad files: $n"
	[ "$n" -ge 30 ]
}

@test "check: every bad file gives exactly its expected stderr and exit code, nothing on stdout" {
	cd "$SCHED_DIR"
	fails=0
	for f in bad/*.cfg; do
		e="${f%.cfg}.err"
		want_rc=$(head -n 1 "$e" | sed 's/^exit //')
		want_err=$(tail -n +2 "$e")
		run --separate-stderr "$XM" sched-arinc653 check "$f"
		if [ "$status" != "$want_rc" ] || [ "$stderr" != "$want_err" ] ||
		   [ -n "$output" ]; then
			echo "MISMATCH $f: exit $status (want $want_rc)"
			diff <(echo "$want_err") <(echo "$stderr") || true
			fails=$((fails + 1))
		fi
	done
	[ "$fails" -eq 0 ]
}

@test "check: every good file passes, even with --strict, silently on stderr" {
	cd "$SCHED_DIR"
	for f in good/*.cfg; do
		run -0 --separate-stderr "$XM" sched-arinc653 check --strict "$f"
		[ -z "$stderr" ]
		[[ "$output" == "$f: ok: "* ]]
	done
}

@test "check: warnings pass, but fail with --strict (exit 65)" {
	cd "$SCHED_DIR"
	for f in warn/*.cfg; do
		want=$(tail -n +2 "${f%.cfg}.err")
		run -0 --separate-stderr "$XM" sched-arinc653 check "$f"
		[ "$stderr" = "$want" ]
		run -65 --separate-stderr "$XM" sched-arinc653 check --strict "$f"
		[ "$stderr" = "$want" ]
		[ -z "$output" ]
	done
}

@test "check: 64 slots pass, 65 are rejected at the 65th" {
	cd "$SCHED_DIR"
	run -0 "$XM" sched-arinc653 check good/64-slots.cfg
	[ "$output" = "good/64-slots.cfg: ok: cpupool 0, 64 slots, 2 domains, major_frame 64ms (none idle)" ]
	run -65 --separate-stderr "$XM" sched-arinc653 check bad/65-slots.cfg
	[ "$stderr" = "bad/65-slots.cfg:67:1: error: too many slots: Xen takes at most 64 per schedule (this is slot 65)" ]
}

@test "check: works without Xen, reads stdin as -, usage and missing file" {
	run -0 "$XM" sched-arinc653 check - < "$SCHED_DIR/good/x86-bed.cfg"
	[ "$output" = "-: ok: cpupool 0, 3 slots, 3 domains, major_frame 30ms (none idle)" ]
	run -64 --separate-stderr "$XM" sched-arinc653 check
	[[ "$stderr" == *"expected one FILE"* ]]
	run -66 --separate-stderr "$XM" sched-arinc653 check /nonexistent.cfg
	[ "$stderr" = "xenmin: sched-arinc653 check: /nonexistent.cfg: cannot open: No such file or directory" ]
}

@test "check: a bad file is refused by set, get never opens it, diff too (65 before Xen)" {
	run -65 --separate-stderr "$XM" sched-arinc653 set "$SCHED_DIR/bad/zero-slot.cfg"
	[[ "$stderr" == *"error: a slot must be longer than 0" ]]
	run -65 "$XM" sched-arinc653 diff "$SCHED_DIR/bad/zero-slot.cfg"
}

# ---- get ----

@test "get: Xen's default schedule in the file syntax, which check accepts" {
	run -0 --separate-stderr "$X" sched-arinc653 get
	[ -z "$stderr" ]
	[ "${lines[1]}" = "cpupool 0" ]
	[ "${lines[2]}" = "major_frame 10ms" ]
	[ "${lines[3]}" = "domain dom0 domid 0 uuid 00000000-0000-0000-0000-000000000000" ]
	[ "${lines[4]}" = "slot dom0 10ms" ]
	echo "$output" > "$T/g.cfg"
	run -0 "$XM" sched-arinc653 check --strict "$T/g.cfg"
}

@test "get --json: stable keys, integers in ns, domids per slot" {
	run -0 "$X" sched-arinc653 get --json
	echo "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert list(d) == ["cpupool", "scheduler", "major_frame_ns", "slots"], d
assert d["cpupool"] == 0 and d["scheduler"] == "arinc653"
assert d["major_frame_ns"] == 10000000
s = d["slots"][0]
assert list(s) == ["uuid", "vcpu", "runtime_ns", "domids"], s
assert s["runtime_ns"] == 10000000 and s["domids"] == [0]
'
}

@test "get: the pool must run arinc653 (exit 2, naming the scheduler)" {
	run -2 --separate-stderr "$X" sched-arinc653 get --pool 1
	[ "$stderr" = "xenmin: sched-arinc653 get: pool 1 runs credit2, not arinc653" ]
	run -2 --separate-stderr "$X" sched-arinc653 get --pool 7
	[ "$stderr" = "xenmin: sched-arinc653 get: cpupool 7 does not exist" ]
	fake_set pool 0 sched credit2
	run -2 --separate-stderr "$X" sched-arinc653 get
	[ "$stderr" = "xenmin: sched-arinc653 get: no cpupool runs arinc653 (pool 0 runs credit2, pool 1 runs credit2)" ]
}

@test "get/set: Xen built without sysctl is said in words (exit 76)" {
	fake_set xen sysctl_absent yes
	run -76 --separate-stderr "$X" sched-arinc653 get
	[[ "$stderr" == *"Xen was built without sysctl"* ]]
	run -76 --separate-stderr "$X" sched-arinc653 set "$SCHED_DIR/good/x86-bed.cfg"
	[[ "$stderr" == *"Xen was built without sysctl"* ]]
}

@test "get: entries matching no domain or several are printed with a comment" {
	fake_set a653 0 major_frame_ns 30000000 \
		entry 6e617600-0000-4000-8000-000000000001 vcpu 0 runtime_ns 10000000 \
		entry 00000000-0000-0000-0000-000000000000 vcpu 0 runtime_ns 10000000
	fake_set domain 1 uuid 00000000-0000-0000-0000-000000000000 pool 0
	run -0 "$X" sched-arinc653 get
	[ "${lines[3]}" = "domain unknown1 uuid 6e617600-0000-4000-8000-000000000001  # matches no domain in cpupool 0: its slots stay idle" ]
	[ "${lines[4]}" = "domain shared1 uuid 00000000-0000-0000-0000-000000000000  # shared by domids 0, 1: Xen runs only one of them" ]
}

# ---- set / diff ----

@test "set: the x86 bed schedule, verified; get round-trips; diff says same" {
	x86_bed
	run -0 --separate-stderr "$X" sched-arinc653 set "$SCHED_DIR/good/x86-bed.cfg"
	[ "$output" = "cpupool 0: installed 3 slots, major_frame 30ms, verified by read-back" ]
	[ -z "$stderr" ]
	run -0 "$X" sched-arinc653 diff "$SCHED_DIR/good/x86-bed.cfg"
	"$X" sched-arinc653 get > "$T/g.cfg"
	cat "$T/g.cfg"
	run -0 "$X" sched-arinc653 diff "$T/g.cfg"
	run -0 "$X" sched-arinc653 set "$T/g.cfg"
	[[ "$output" == *"already installed"* ]]
	diff <(tail -n +2 "$T/g.cfg") <("$X" sched-arinc653 get | tail -n +2)
}

@test "set: the same file twice writes nothing the second time" {
	x86_bed
	run -0 "$X" sched-arinc653 set "$SCHED_DIR/good/x86-bed.cfg"
	run -0 --separate-stderr "$X" -t sched-arinc653 set "$SCHED_DIR/good/x86-bed.cfg"
	[ "$output" = "cpupool 0: schedule already installed (3 slots, major_frame 30ms); nothing changed" ]
	! grep -q 'setdomainhandle\|arinc653 put' <<< "$stderr" || false
}

@test "diff: differences listed, exit 1" {
	x86_bed
	run -1 --separate-stderr "$X" sched-arinc653 diff "$SCHED_DIR/good/x86-bed.cfg"
	[ "${lines[0]}" = "major_frame: expected 30ms, Xen has 10ms" ]
	[ "${lines[1]}" = "expected 3 slots, Xen has 1" ]
	[ "${lines[2]}" = "slot 2: expected uuid 00000000-0000-4000-8000-0000000000d1 vcpu 0 10ms, Xen has none" ]
}

@test "set: a domain that does not exist changes nothing (exit 2)" {
	x86_bed
	normalize
	before=$(state_without_log)
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain nav domid 7\nslot dom0 10ms\nslot nav 10ms\n' > "$T/s.cfg"
	run -2 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	[ "$stderr" = "xenmin: sched-arinc653 set: $T/s.cfg:3: domain nav (domid 7) does not exist" ]
	[ -z "$output" ]
	[ "$before" = "$(state_without_log)" ]
}

@test "set: a pool that does not run arinc653 is refused (exit 2)" {
	run -2 --separate-stderr "$X" sched-arinc653 set "$SCHED_DIR/good/issue-example.cfg"
	[ "$stderr" = "xenmin: sched-arinc653 set: $SCHED_DIR/good/issue-example.cfg:2: pool 1 runs credit2, not arinc653" ]
}

@test "set: leaving out the caller's own vCPU is refused unless --force" {
	x86_bed
	printf 'cpupool 0\ndomain d1 domid 1\nslot d1 10ms\n' > "$T/s.cfg"
	normalize
	before=$(state_without_log)
	run -2 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	[[ "$stderr" == "xenmin: sched-arinc653 set: domid 0 runs xenmin and is in cpupool 0, but the schedule gives it no slot: it would never run again."* ]]
	[ "$before" = "$(state_without_log)" ]
	run -0 --separate-stderr "$X" sched-arinc653 set --force "$T/s.cfg"
	[[ "$stderr" == *"warning: --force: domid 0 runs xenmin"* ]]
}

@test "set: domains sharing a UUID are refused with the fix; --assign-uuids derives stable ones" {
	x86_bed
	fake_set domain 1 uuid 00000000-0000-0000-0000-000000000000
	fake_set domain 2 uuid 00000000-0000-0000-0000-000000000000
	cp "$XM_FAKE_STATE" "$T/state0"
	run -2 --separate-stderr "$X" sched-arinc653 set "$SCHED_DIR/good/x86-bed.cfg"
	[[ "${stderr_lines[1]}" == *"x86-bed.cfg:6: domain d1 (domid 1) shares UUID 00000000-0000-0000-0000-000000000000 with domids 0, 2 in cpupool 0, so Xen cannot tell them apart: add 'uuid ...' to its domain line, or run with --assign-uuids" ]]
	run -0 "$X" sched-arinc653 set --assign-uuids "$SCHED_DIR/good/x86-bed.cfg"
	first="$output"
	[[ "$output" == *"d1 (domid 1): uuid 00000000-0000-0000-0000-000000000000 -> "* ]]
	run -0 "$X" sched-arinc653 diff "$SCHED_DIR/good/x86-bed.cfg"
	# a fresh boot (same zero UUIDs) gets the same UUIDs
	cp "$T/state0" "$XM_FAKE_STATE"
	run -0 "$X" sched-arinc653 set --assign-uuids "$SCHED_DIR/good/x86-bed.cfg"
	[ "$output" = "$first" ]
}

@test "set: the file's UUID is given to the domain (setdomainhandle), once" {
	x86_bed
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain nav domid 1 uuid 6e617600-0000-4000-8000-000000000001\nslot dom0 10ms\nslot nav 10ms\n' > "$T/s.cfg"
	run -0 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	[ "$stderr" = "xenmin: sched-arinc653 set: warning: domid 2 is in cpupool 0 but gets no slot: it will not run" ]
	[ "${lines[1]}" = "nav (domid 1): uuid 00000000-0000-4000-8000-0000000000d1 -> 6e617600-0000-4000-8000-000000000001" ]
	[ "$(fake_field domain 1 uuid)" = 6e617600-0000-4000-8000-000000000001 ]
	run -0 "$X" sched-arinc653 set "$T/s.cfg"
	[[ "$output" == *"already installed"* ]]
}

@test "set --dry-run: the exact payload and UUID changes, nothing written" {
	x86_bed
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain nav domid 1 uuid 6e617600-0000-4000-8000-000000000001\nslot dom0 10ms\nslot nav vcpu 0 2.5ms\n' > "$T/s.cfg"
	normalize
	before=$(state_without_log)
	run -0 --separate-stderr "$X" sched-arinc653 set --dry-run "$T/s.cfg"
	[ "$output" = "# dry run: nothing was written
cpupool 0
major_frame_ns 12500000
set_uuid domid 1 00000000-0000-4000-8000-0000000000d1 -> 6e617600-0000-4000-8000-000000000001  # nav
entry 1 uuid 00000000-0000-0000-0000-000000000000 vcpu 0 runtime_ns 10000000  # dom0 (domid 0), 10ms
entry 2 uuid 6e617600-0000-4000-8000-000000000001 vcpu 0 runtime_ns 2500000  # nav (domid 1), 2500us" ]
	[ "$before" = "$(state_without_log)" ]
}

@test "set: read-back differs, and so does the restored schedule -> exit 4, listed" {
	x86_bed
	fake_set xen a653_corrupt yes
	run -4 --separate-stderr "$X" sched-arinc653 set "$SCHED_DIR/good/x86-bed.cfg"
	[[ "$stderr" == *"Xen accepted the schedule but reading it back shows otherwise:"* ]]
	[[ "$stderr" == *"slot 1: expected uuid 00000000-0000-0000-0000-000000000000 vcpu 0 10ms, Xen has uuid 00000000-0000-0000-0000-000000000000 vcpu 0 10000001ns"* ]]
	[ "$(a653_shape 0)" = "10000000 1" ]
	# the fake corrupts every put, the restoring one too: xenmin must say so
	[[ "$stderr" == *"xenmin: sched-arinc653 set: left changed: cpupool 0 does not have its previous schedule back: the restored schedule reads back different" ]]
}

@test "set: read-back differs -> the UUIDs changed for it are set back" {
	x86_bed
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain nav domid 1 uuid 6e617600-0000-4000-8000-000000000001\nslot dom0 10ms\nslot nav 10ms\n' > "$T/s.cfg"
	fake_set xen a653_corrupt yes
	run -4 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	[ "$(fake_field domain 1 uuid)" = 00000000-0000-4000-8000-0000000000d1 ]
}

@test "set: a UUID that Xen accepts but does not keep -> exit 3, nothing installed" {
	x86_bed
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain nav domid 1 uuid 6e617600-0000-4000-8000-000000000001\nslot dom0 10ms\nslot nav 10ms\n' > "$T/s.cfg"
	fake_set xen handle_stuck yes
	normalize
	[ "$(a653_shape 0)" = "10000000 1" ]
	run -3 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	[[ "$stderr" == *"Xen accepted the UUID of nav (domid 1) but reading it back shows otherwise; nothing installed"* ]]
	[ -z "$output" ]
	[ "$(a653_shape 0)" = "10000000 1" ]
}

@test "set: a failed setdomainhandle undoes the ones already done" {
	x86_bed
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain a domid 1 uuid 6e617600-0000-4000-8000-000000000001\ndomain b domid 2 uuid 6e617600-0000-4000-8000-000000000002\nslot dom0 10ms\nslot a 10ms\nslot b 10ms\n' > "$T/s.cfg"
	before=$(state_without_log)
	# the 2nd setdomainhandle of the run fails
	fake_set fail domctl setdomainhandle errno ESRCH nth 2
	normalize
	before=$(state_without_log)
	run -2 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	[ "$stderr" = "xenmin: sched-arinc653 set: setting the UUID of b (domid 2): no such domain" ]
	[ "$before" = "$(state_without_log)" ]
}

@test "set: Xen refusing the schedule undoes the UUID changes" {
	x86_bed
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain a domid 1 uuid 6e617600-0000-4000-8000-000000000001\nslot dom0 10ms\nslot a 10ms\n' > "$T/s.cfg"
	# the 2nd scheduler_op (the put) fails
	fake_set fail sysctl scheduler_op errno EINVAL nth 2
	normalize
	before=$(state_without_log)
	run -2 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	[[ "$stderr" == *"xenmin: sched-arinc653 set: installing the schedule on cpupool 0: Xen refused the ARINC 653 request"* ]]
	[ "$before" = "$(state_without_log)" ]
}

@test "set --wait: times out with exit 75 naming the missing domain" {
	x86_bed
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain nav domid 7\nslot dom0 10ms\nslot nav 10ms\n' > "$T/s.cfg"
	run -75 --separate-stderr "$X" sched-arinc653 set --wait 1 "$T/s.cfg"
	[ "$stderr" = "xenmin: sched-arinc653 set: timed out after 1s waiting for domain nav (domid 7)" ]
	run -0 "$X" sched-arinc653 set --wait 1 "$SCHED_DIR/good/x86-bed.cfg"
	run -64 "$X" sched-arinc653 set --wait soon "$SCHED_DIR/good/x86-bed.cfg"
}

@test "set: 64 slots are installed and read back" {
	x86_bed
	run -0 --separate-stderr "$X" sched-arinc653 set "$SCHED_DIR/good/64-slots.cfg"
	[ "$output" = "cpupool 0: installed 64 slots, major_frame 64ms, verified by read-back" ]
	run -0 "$X" sched-arinc653 diff "$SCHED_DIR/good/64-slots.cfg"
	[ "$("$X" sched-arinc653 get | grep -c '^slot ')" -eq 64 ]
}

@test "set on the arm64 dom0less layout: zero UUIDs in pool 1, dom0 in credit2 pool 0" {
	fake_set pool 0 sched credit2
	fake_set pool 1 sched arinc653
	fake_set domain 1 uuid 00000000-0000-0000-0000-000000000000
	fake_set domain 2 uuid 00000000-0000-0000-0000-000000000000
	printf 'cpupool 1\ndomain d1 domid 1\ndomain d2 domid 2\nslot d1 10ms\nslot d2 10ms\n' > "$T/s.cfg"
	run -2 "$X" sched-arinc653 set "$T/s.cfg"
	run -0 "$X" sched-arinc653 set --assign-uuids "$T/s.cfg"
	run -0 "$X" sched-arinc653 get
	[ "${lines[1]}" = "cpupool 1" ]
	[ "$(fake_field domain 0 uuid)" = 00000000-0000-0000-0000-000000000000 ]
}

@test "set: read-back fails -> exit 3, previous schedule and UUIDs restored and verified" {
	x86_bed
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain nav domid 1 uuid 6e617600-0000-4000-8000-000000000001\nslot dom0 10ms\nslot nav 10ms\n' > "$T/s.cfg"
	# scheduler_op: get old, put, then the 3rd call (read-back) fails
	fake_set fail sysctl scheduler_op errno EIO nth 3
	normalize
	before=$(state_without_log)
	run -3 --separate-stderr "$X" sched-arinc653 set "$T/s.cfg"
	# (domid 2's "gets no slot" warning comes only after an install)
	[[ "${stderr_lines[0]}" == "xenmin: sched-arinc653 set: the schedule was installed but could not be read back: "* ]]
	[ "${stderr_lines[1]}" = "xenmin: sched-arinc653 set: the previous schedule and UUIDs were restored" ]
	[ "$before" = "$(state_without_log)" ]
}

# ---- get > f; set f: the round trip's limits (issue 16, defect 3) ----

@test "get > f; set f: a slot whose UUID names no domain, or several, is marked, and set and diff refuse it" {
	x86_bed
	fake_set domain 2 uuid 00000000-0000-4000-8000-0000000000d1
	fake_set a653 0 major_frame_ns 30000000 \
		entry 00000000-0000-0000-0000-000000000000 vcpu 0 runtime_ns 10000000 \
		entry 00000000-0000-4000-8000-0000000000d1 vcpu 0 runtime_ns 10000000 \
		entry 00000000-0000-4000-8000-0000000000aa vcpu 0 runtime_ns 10000000
	normalize
	run -0 --separate-stderr "$X" sched-arinc653 get
	echo "$output" > "$T/f"
	[[ "$output" == *"domain shared1 uuid 00000000-0000-4000-8000-0000000000d1  # shared by domids 1, 2: Xen runs only one of them"* ]]
	[[ "$output" == *"domain unknown1 uuid 00000000-0000-4000-8000-0000000000aa  # matches no domain in cpupool 0: its slots stay idle"* ]]
	state_without_log > "$T/before"
	run -2 --separate-stderr "$X" sched-arinc653 set "$T/f"
	[[ "$stderr" == *"$T/f:5: domain shared1: uuid 00000000-0000-4000-8000-0000000000d1 is shared by domids 1, 2; add 'domid N' to say which one"* ]]
	[[ "$stderr" == *"$T/f:6: domain unknown1 (uuid 00000000-0000-4000-8000-0000000000aa) does not exist"* ]]
	run -2 --separate-stderr "$X" sched-arinc653 diff "$T/f"
	state_without_log > "$T/after"
	cmp "$T/before" "$T/after"
	# said in the help, where the round trip is promised
	run -0 "$X" sched-arinc653 get --help
	[[ "$output" == *"round-trips while each slot's UUID names one domain"* ]]
}
