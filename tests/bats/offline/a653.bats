#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Issue 14 without Xen: named schedules (set --schedule, switch, status)
# against the fake hypervisor, with the hypercalls a switch makes counted
# from --trace; `report` against golden outputs computed by hand
# (tests/sched/report/, the computation in '#' lines next to each figure);
# the SVG checked as XML, to scale, and rendered by a headless browser;
# `check --json` against the hand-checked messages of the corpus.
bats_require_minimum_version 1.7.0
load common

SCHED_DIR="$BATS_TEST_DIRNAME/../../sched"
MODES="$SCHED_DIR/good/named-modes.cfg"

setup() {
	fake_state
	X="$XENMIN_FAKE"
	case "$X" in /*) ;; *) X="$PWD/$X" ;; esac
	case "$XENMIN" in /*) XM="$XENMIN" ;; *) XM="$PWD/$XENMIN" ;; esac
	T="$BATS_TEST_TMPDIR"
	# the x86 bed's layout: dom0, d1 and d2 in pool 0 (arinc653)
	fake_set domain 1 pool 0
	fake_set domain 2 pool 0
}

# The hypercalls of a run, one "op sub-op" a line, from --trace on stderr.
calls() {
	sed -n 's/^xenmin: trace: sysctl scheduler_op(arinc653 \([a-z]*\)).*/a653 \1/p
		s/^xenmin: trace: \([a-z_]* [a-z_]*\).*/\1/p' <<< "$1" | tr '\n' ';'
}

# ---- named schedules ----

@test "check: each named schedule checked and summed up on its own" {
	run -0 --separate-stderr "$XM" sched-arinc653 check --strict "$MODES"
	[ "${lines[0]}" = "$MODES: ok: cpupool 0, schedule d1-heavy, 3 slots, 3 domains, major_frame 100ms (10ms idle)" ]
	[ "${lines[1]}" = "$MODES: ok: cpupool 0, schedule d2-heavy, 3 slots, 3 domains, major_frame 100ms (10ms idle)" ]
	[ -z "$stderr" ]
}

@test "check: a domain named 'schedule' stays valid (files from before named schedules)" {
	printf 'cpupool 0\ndomain schedule domid 0\nslot schedule 10ms\n' > "$T/s.cfg"
	run -0 "$XM" sched-arinc653 check --strict "$T/s.cfg"
}

@test "set: a file with several schedules needs --schedule; unknown names are usage errors" {
	normalize() { "$X" domain list > /dev/null; }
	normalize
	before=$(grep -v '^#' "$XM_FAKE_STATE")
	run -64 --separate-stderr "$X" sched-arinc653 set "$MODES"
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 set: $MODES holds 2 schedules (d1-heavy, d2-heavy): choose one with --schedule NAME" ]
	run -64 --separate-stderr "$X" sched-arinc653 set --schedule nope "$MODES"
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 set: $MODES has no schedule nope (it has: d1-heavy, d2-heavy)" ]
	run -64 --separate-stderr "$X" sched-arinc653 switch "$SCHED_DIR/good/x86-bed.cfg" a
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 switch: $SCHED_DIR/good/x86-bed.cfg has no named schedules (no 'schedule' lines)" ]
	run -64 --separate-stderr "$X" sched-arinc653 switch "$MODES"
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 switch: expected FILE and a schedule NAME" ]
	run -64 --separate-stderr "$X" sched-arinc653 switch --schedule d1-heavy "$MODES" d1-heavy
	[ "$before" = "$(grep -v '^#' "$XM_FAKE_STATE")" ]
}

@test "set --schedule and switch install that schedule; status and diff follow" {
	run -1 --separate-stderr "$X" sched-arinc653 status "$MODES"
	[ "${lines[0]}" = "cpupool 0: no schedule of $MODES is live" ]
	# the UUIDs are compared first
	[ "${lines[1]}" = "d1-heavy: d1 (domid 1) does not carry the UUID this schedule needs" ]
	[ "${lines[2]}" = "d2-heavy: d1 (domid 1) does not carry the UUID this schedule needs" ]
	run -0 --separate-stderr "$X" sched-arinc653 set --schedule d1-heavy "$MODES"
	[ "${lines[0]}" = "cpupool 0: installed schedule d1-heavy: 3 slots, major_frame 100ms, verified by read-back" ]
	[ "${lines[1]}" = "d1 (domid 1): uuid 00000000-0000-4000-8000-0000000000d1 -> 6e617600-0000-4000-8000-0000000000d1" ]
	# the fake holds what the file says: 10, 70, 10 ms
	[ "$(fake_line a653 0 | grep -o 'runtime_ns [0-9]*' | tr '\n' ' ')" = "runtime_ns 10000000 runtime_ns 70000000 runtime_ns 10000000 " ]
	run -0 "$X" sched-arinc653 status "$MODES"
	[ "${lines[0]}" = "cpupool 0: schedule d1-heavy of $MODES is live (slots, times and UUIDs match)" ]
	[ "${lines[1]}" = "installed: unknown (Xen keeps no record of when a schedule was installed, and xenmin keeps no state)" ]
	run -0 "$X" sched-arinc653 diff --schedule d1-heavy "$MODES"
	run -1 "$X" sched-arinc653 diff --schedule d2-heavy "$MODES"
	[ "${lines[0]}" = "slot 2: expected uuid 6e617600-0000-4000-8000-0000000000d1 vcpu 0 10ms, Xen has uuid 6e617600-0000-4000-8000-0000000000d1 vcpu 0 70ms" ]
	run -0 --separate-stderr "$X" sched-arinc653 switch "$MODES" d2-heavy
	[ "$output" = "cpupool 0: installed schedule d2-heavy: 3 slots, major_frame 100ms, verified by read-back" ]
	[ "$(fake_line a653 0 | grep -o 'runtime_ns [0-9]*' | tr '\n' ' ')" = "runtime_ns 10000000 runtime_ns 10000000 runtime_ns 70000000 " ]
	run -0 "$X" sched-arinc653 status "$MODES"
	[ "${lines[0]}" = "cpupool 0: schedule d2-heavy of $MODES is live (slots, times and UUIDs match)" ]
}

@test "switch with the UUIDs right: list, get, put, get, list (set's re-verify); nothing else beyond the version probe" {
	run -0 "$X" sched-arinc653 switch "$MODES" d1-heavy
	run -0 --separate-stderr "$X" --trace sched-arinc653 switch "$MODES" d2-heavy
	[ "$(calls "$stderr")" = "xen_version version;sysctl getdomaininfolist;a653 get;a653 put;a653 get;sysctl getdomaininfolist;" ]
	# the same schedule again: the read of the old one shows it, no write
	run -0 --separate-stderr "$X" --trace sched-arinc653 switch "$MODES" d2-heavy
	[ "$output" = "cpupool 0: schedule d2-heavy already installed (3 slots, major_frame 100ms); nothing changed" ]
	[ "$(calls "$stderr")" = "xen_version version;sysctl getdomaininfolist;a653 get;" ]
}

@test "switch with UUIDs to change: one setdomainhandle each, then the list that verifies them, and the re-verify after the read-back" {
	run -0 --separate-stderr "$X" --trace sched-arinc653 switch "$MODES" d1-heavy
	[ "$(calls "$stderr")" = "xen_version version;sysctl getdomaininfolist;a653 get;domctl setdomainhandle;domctl setdomainhandle;sysctl getdomaininfolist;a653 put;a653 get;sysctl getdomaininfolist;" ]
}

@test "switch asks for the caller's handle only when a domain of the pool gets no slot" {
	printf 'cpupool 0\ndomain dom0 domid 0\ndomain d1 domid 1\nschedule a\nslot dom0 10ms\nslot d1 10ms\n' > "$T/s.cfg"
	run -0 --separate-stderr "$X" --trace sched-arinc653 switch "$T/s.cfg" a
	[[ "$(calls "$stderr")" == *"xen_version guest_handle"* ]]
	[[ "$stderr" == *"warning: domid 2 is in cpupool 0 but gets no slot"* ]]
}

@test "switch: a failed read-back -> exit 3 and the previous schedule is back (set's transaction)" {
	run -0 "$X" sched-arinc653 switch "$MODES" d1-heavy
	before=$(fake_line a653 0)
	# scheduler_op calls: 1 reads the old schedule, 2 puts, 3 reads back
	fake_set fail sysctl scheduler_op errno EIO nth 3
	run -3 --separate-stderr "$X" sched-arinc653 switch "$MODES" d2-heavy
	[[ "$stderr" == *"the schedule was installed but could not be read back"* ]]
	[[ "$stderr" == *"the previous schedule and UUIDs were restored"* ]]
	[ "$(fake_line a653 0)" = "$before" ]
}

@test "switch: a pool that does not run arinc653 is refused in the pool's words (exit 2)" {
	fake_set pool 0 sched credit2
	run -2 --separate-stderr "$X" sched-arinc653 switch "$MODES" d1-heavy
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 switch: $MODES:2: pool 0 runs credit2, not arinc653" ]
	run -2 --separate-stderr "$X" sched-arinc653 status "$MODES"
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 status: pool 0 runs credit2, not arinc653" ]
	# a file that would also starve the caller: the pool is still what is said
	printf 'cpupool 0\ndomain d1 domid 1\nschedule a\nslot d1 10ms\n' > "$T/s.cfg"
	run -2 --separate-stderr "$X" sched-arinc653 switch "$T/s.cfg" a
	[ "${stderr_lines[0]}" = "xenmin: sched-arinc653 switch: $T/s.cfg:1: pool 0 runs credit2, not arinc653" ]
}

@test "status: a UUID that no longer matches makes no schedule live" {
	run -0 "$X" sched-arinc653 switch "$MODES" d1-heavy
	fake_set domain 2 uuid 00000000-0000-4000-8000-0000000000d2
	run -1 "$X" sched-arinc653 status "$MODES"
	[ "${lines[1]}" = "d1-heavy: d2 (domid 2) does not carry the UUID this schedule needs" ]
}

# ---- switch runs set's hardened transaction (as sched_txn.bats shows for set) ----

THEIRS=7e617600-0000-4000-8000-0000000000ff

@test "switch txn: the writer lock held by another writer -> exit 75, nothing written; --dry-run does not wait" {
	"$X" domain list > /dev/null
	before=$(grep -v '^#' "$XM_FAKE_STATE")
	mkfifo "$T/go"
	flock "$XENMIN_LOCK" sh -c 'echo 4242 > "$0"; cat "$1" > /dev/null' "$XENMIN_LOCK" "$T/go" 3>&- &
	holder=$!
	while [ "$(cat "$XENMIN_LOCK" 2>/dev/null)" != 4242 ]; do sleep 0.05; done
	XENMIN_LOCK_WAIT=0 run -75 --separate-stderr "$X" sched-arinc653 switch "$MODES" d1-heavy
	XENMIN_LOCK_WAIT=0 run -0 "$X" sched-arinc653 switch --dry-run "$MODES" d1-heavy
	echo > "$T/go"
	wait "$holder"
	[[ "$stderr" == *"another xenmin writer (pid 4242) holds the writer lock"* ]]
	[ "$before" = "$(grep -v '^#' "$XM_FAKE_STATE")" ]
}

@test "switch txn: a UUID changed by another writer after the install -> exit 5, theirs kept, the schedule undone" {
	run -0 "$X" sched-arinc653 switch "$MODES" d1-heavy
	before=$(fake_line a653 0)
	# the 2nd scheduler_op is the put; right after it domid 2 gets THEIRS
	fake_set fail sysctl scheduler_op nth 2 then_domid 2 then_uuid $THEIRS
	run -5 --separate-stderr "$X" sched-arinc653 switch "$MODES" d2-heavy
	echo "$stderr"
	[[ "$stderr" == *"after the schedule was installed, a domain of the schedule no longer holds its UUID: another writer changed it"* ]]
	[ "$(fake_field domain 2 uuid)" = $THEIRS ]
	[ "$(fake_line a653 0)" = "$before" ]
	[ -z "$output" ]
}

@test "switch txn: an undo that fails -> exit 4 listing what is left changed" {
	# the put fails; undoing the UUID of d2 (the 2nd change) fails too
	fake_set fail sysctl scheduler_op errno EINVAL nth 2
	fake_set fail domctl setdomainhandle errno ESRCH nth 3
	run -4 --separate-stderr "$X" sched-arinc653 switch "$MODES" d1-heavy
	echo "$stderr"
	[[ "$stderr" == *"xenmin: sched-arinc653 switch: left changed: domid 2 keeps UUID 6e617600-0000-4000-8000-0000000000d2 (was 00000000-0000-4000-8000-0000000000d2): restoring it failed: no such domain"* ]]
	[ "$(fake_field domain 1 uuid)" = 00000000-0000-4000-8000-0000000000d1 ]
}

@test "switch txn: SIGTERM after the first UUID change waits for the end of the transaction" {
	fake_set fail domctl setdomainhandle nth 1 raise 15
	run -143 --separate-stderr "$X" sched-arinc653 switch "$MODES" d2-heavy
	[[ "$output" == *"verified by read-back"* ]]
	[[ "$stderr" == *"signal 15 came during the transaction: it was finished first, as reported"* ]]
	sed -i '/^fail /d' "$XM_FAKE_STATE"
	run -0 "$X" sched-arinc653 status "$MODES"
	[ "${lines[0]}" = "cpupool 0: schedule d2-heavy of $MODES is live (slots, times and UUIDs match)" ]
}

@test "switch txn: killed after each hypercall of a switch in turn, the same switch run again converges" {
	run -0 "$X" sched-arinc653 switch "$MODES" d1-heavy
	fake_set domain 2 uuid 00000000-0000-4000-8000-0000000000d2
	cp "$XM_FAKE_STATE" "$T/state0"
	run -0 --separate-stderr "$X" -t sched-arinc653 switch "$MODES" d2-heavy
	calls=$(grep -c "^xenmin: trace: " <<< "$stderr")
	[ "$calls" -ge 8 ]
	for n in $(seq 1 "$calls"); do
		cp "$T/state0" "$XM_FAKE_STATE"
		fake_set xen kill_at "$n"
		run -137 "$X" sched-arinc653 switch "$MODES" d2-heavy
		fake_set xen kill_at 0
		run "$X" sched-arinc653 switch "$MODES" d2-heavy
		[ "$status" = 0 ] || { echo "killed after call $n, the re-run: $status $output"; return 1; }
		run -0 "$X" sched-arinc653 status "$MODES"
		[ "${lines[0]}" = "cpupool 0: schedule d2-heavy of $MODES is live (slots, times and UUIDs match)" ]
	done
}

# ---- report ----

@test "report: the text goldens, computed by hand" {
	cd "$SCHED_DIR/report"
	for f in *.cfg; do
		run -0 --separate-stderr "$XM" sched-arinc653 report "$f"
		diff -u <(grep -v '^#' "${f%.cfg}.txt") <(echo "$output") || { echo "in $f"; return 1; }
		[ -z "$stderr" ]
	done
	[ "$(ls *.cfg | wc -l)" -ge 4 ]
}

@test "report --json: the JSON goldens, computed by hand" {
	cd "$SCHED_DIR/report"
	for f in *.cfg; do
		run -0 --separate-stderr "$XM" sched-arinc653 report --json "$f"
		diff -u <(grep -v '^#' "${f%.cfg}.json" | jq -S .) <(jq -S . <<< "$output") || { echo "in $f"; return 1; }
	done
}

@test "report --schedule: one of the file's schedules; a bad file is exit 65" {
	cd "$SCHED_DIR/report"
	run -0 "$XM" sched-arinc653 report --json --schedule d2-heavy modes.cfg
	[ "$(jq -c '[.schedules[].name]' <<< "$output")" = '["d2-heavy"]' ]
	run -64 "$XM" sched-arinc653 report --schedule nope modes.cfg
	run -65 "$XM" sched-arinc653 report ../bad/zero-slot.cfg
}

@test "report --svg: well-formed XML, one lane per domain, windows to scale" {
	cd "$SCHED_DIR/report"
	run -0 "$XM" sched-arinc653 report --svg "$T/m.svg" modes.cfg
	xmllint --noout "$T/m.svg"
	# Each window is a rect with a title "NAME: START to END (LEN)"; its
	# width must be LEN/100ms of the 640 px frame: 10 ms 64 px, 70 ms 448.
	python3 - "$T/m.svg" <<-'EOF'
		import sys, xml.etree.ElementTree as E
		ns = {"s": "http://www.w3.org/2000/svg"}
		r = E.parse(sys.argv[1]).getroot()
		wins = [(x.find("s:title", ns).text, int(x.get("width")))
			for x in r.iter("{http://www.w3.org/2000/svg}rect")
			if x.find("s:title", ns) is not None]
		want = [("dom0: 0ns to 10ms (10ms)", 64), ("d1: 10ms to 80ms (70ms)", 448),
			("d2: 80ms to 90ms (10ms)", 64), ("dom0: 0ns to 10ms (10ms)", 64),
			("d1: 10ms to 20ms (10ms)", 64), ("d2: 20ms to 90ms (70ms)", 448)]
		assert wins == want, wins
		lanes = [t.text for t in r.iter("{http://www.w3.org/2000/svg}text")]
		assert lanes.count("d1") == 2 and lanes.count("dom0") == 2, lanes
	EOF
	run -74 --separate-stderr "$XM" sched-arinc653 report --svg /nonexistent/x.svg modes.cfg
	[ "$stderr" = "xenmin: sched-arinc653 report: /nonexistent/x.svg: cannot write: No such file or directory" ]
}

@test "report --svg: a headless browser renders it, and the picture is not one colour" {
	command -v chromium || { echo "chromium is missing: tests/deps.sh installs it"; return 1; }
	cd "$SCHED_DIR/report"
	"$XM" sched-arinc653 report --svg "$T/f.svg" frame-gap.cfg > /dev/null
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$T/chromium" --window-size=820,160 \
		--screenshot="$T/f.png" "file://$T/f.svg" 2> /dev/null
	python3 "$BATS_TEST_DIRNAME/png_colours.py" "$T/f.png" > "$T/colours"
	cat "$T/colours"
	# white, the lanes' grey, the two domains' colours, black text at least
	[ "$(head -n 1 "$T/colours")" -ge 5 ]
}

# ---- check --json ----

@test "check --json: the corpus's messages, as JSON on stdout, nothing on stderr" {
	cd "$SCHED_DIR"
	for f in bad/many-errors.cfg bad/named-sum.cfg bad/dup-uuid.cfg; do
		run -65 --separate-stderr "$XM" sched-arinc653 check --json "$f"
		[ -z "$stderr" ]
		diff <(tail -n +2 "${f%.cfg}.err") <(jq -r '.messages[] | "'"$f"':\(.line):\(.col): \(.severity): \(.message)"' <<< "$output")
		[ "$(jq -c '[.ok, .errors, .schedules]' <<< "$output")" = "[false,$(tail -n +2 "${f%.cfg}.err" | grep -c ': error: '),[]]" ]
	done
	run -0 --separate-stderr "$XM" sched-arinc653 check --json good/named-modes.cfg
	[ "$(jq -c '[.ok, .warnings, [.schedules[] | .name, .slots, .idle_ns]]' <<< "$output")" = '[true,0,["d1-heavy",3,10000000,"d2-heavy",3,10000000]]' ]
	run -65 --separate-stderr "$XM" sched-arinc653 check --json --strict warn/vcpu1.cfg
	[ "$(jq -r '.messages[0].severity' <<< "$output")" = warning ]
	run -66 --separate-stderr "$XM" sched-arinc653 check --json /nonexistent.cfg
	[ -z "$output" ]
}

# ---- monitor (the fake's CPU times stand still: measured 0%) ----

@test "monitor: an idle domain below its share is ok, a busy one is LOW (exit 1)" {
	run -0 "$X" sched-arinc653 switch "$MODES" d1-heavy
	fake_set domain 0 flags blocked
	fake_set domain 1 flags blocked
	fake_set domain 2 flags blocked
	run -0 --separate-stderr "$X" sched-arinc653 monitor --seconds 1
	[[ "${lines[0]}" == "cpupool 0: 1."*" s measured, "*" samples, tolerance 5 percentage points" ]]
	[ "${lines[1]}" = "DOMID UUID                                 PLANNED MEASURED BUSY  RESULT" ]
	[ "${lines[3]}" = "    1 6e617600-0000-4000-8000-0000000000d1   70.0%     0.0%   no  ok (idle)" ]
	fake_set domain 1 flags running
	run -1 --separate-stderr "$X" sched-arinc653 monitor --seconds 1 --json
	[ "$(jq -c '[.ok, [.domains[] | .domid, .planned_ppm, .busy, .result]]' <<< "$output")" = '[false,[0,100000,false,"ok (idle)",1,700000,true,"LOW",2,100000,false,"ok (idle)"]]' ]
	# 70 points of tolerance forgive it
	run -0 "$X" sched-arinc653 monitor --seconds 1 --tolerance 70
}

@test "monitor: a slot whose UUID no domain has fails (its window stays idle)" {
	fake_set domain 0 flags blocked
	fake_set a653 0 major_frame_ns 100000000 entry 00000000-0000-0000-0000-000000000000 vcpu 0 runtime_ns 10000000 entry 6e617600-0000-4000-8000-0000000000ff vcpu 0 runtime_ns 70000000
	run -1 --separate-stderr "$X" sched-arinc653 monitor --seconds 1
	[ "${lines[-1]}" = "    - 6e617600-0000-4000-8000-0000000000ff   70.0%        -    -  NO DOMAIN (the window stays idle)" ]
	run -1 "$X" sched-arinc653 monitor --seconds 1 --json
	[ "$(jq -c '.unmatched' <<< "$output")" = '[{"uuid":"6e617600-0000-4000-8000-0000000000ff","planned_ppm":700000}]' ]
}

@test "monitor: usage errors, and a pool that does not run arinc653" {
	run -64 "$X" sched-arinc653 monitor --seconds 0
	run -64 "$X" sched-arinc653 monitor --tolerance 101
	run -64 "$X" sched-arinc653 monitor extra
	run -2 --separate-stderr "$X" sched-arinc653 monitor --pool 1
	[ "$stderr" = "xenmin: sched-arinc653 monitor: pool 1 runs credit2, not arinc653" ]
}
