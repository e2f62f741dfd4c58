# SPDX-License-Identifier: MIT
# Helpers for the arm64 dom0less live tests (tests/bats/live/arm64_*.bats), loaded by those
# files. There is no xl on the arm64 beds, so the witnesses are Xen's own console (the domUs'
# vpl011 lines come out as "(XEN) [ts] DOMn: DOMU-ALIVE dn <count>") and getdomaininfo as
# xenmin reports it. The console log path comes from bed.sh as XM_CONSOLE_LOG; commands run
# in dom0 through tests/bed/guest ("run --separate-stderr guest xenmin domain list").

bats_require_minimum_version 1.5.0   # run --separate-stderr

. "$BATS_TEST_DIRNAME/bed_helper.bash"
: "${XM_BED:?the arm64 live tests run under tests/bed/bed.sh test arm64-...}"
: "${XM_CONSOLE_LOG:=${XM_RUNDIR:-${XENMIN_CACHE:-$HOME/.cache/xenmin}/run/$XM_BED${XM_BED_TAG:+.$XM_BED_TAG}}/console.log}"
export XM_CONSOLE_LOG

# Beds with Xen built here (ARINC 653, boot-time cpupools: d1 and d2 in arinc653 Pool-1)
# versus Debian's binaries (no ARINC 653, no boot-time cpupools: everything in credit2
# Pool-0; arm64-4.20 asks for arm64-4.17's pools in its DT, which that Xen ignores).
xm_is_a653_bed() { [ "$XM_BED" = arm64-4.17 ]; }
case $XM_BED in
arm64-4.17|arm64-4.17-debian) XM_XEN_MAJMIN=4.17 ;;
arm64-4.20) XM_XEN_MAJMIN=4.20 ;;
*) echo "arm64_helper: unknown arm64 bed $XM_BED" >&2; return 1 ;;
esac
xm_domu_pool() { if xm_is_a653_bed; then echo 1; else echo 0; fi; }

# Xen's serial log has CRLF line ends.
xm_console() { tr -d '\r' < "$XM_CONSOLE_LOG"; }

# xm_beat TAG: the last heartbeat count domU TAG printed (0 if none yet).
xm_beat() {
	local n
	n=$(xm_console | sed -n "s/.*DOM[0-9]*: DOMU-ALIVE $1 \([0-9][0-9]*\).*/\1/p" | tail -n1)
	echo "${n:-0}"
}

xm_banner_seen() { xm_console | grep -q "DOM[0-9]*: DOMU-BANNER $1\$"; }

# xm_wait_beat TAG N [SECONDS]: wait until TAG's heartbeat count exceeds N.
xm_wait_beat() {
	local tag=$1 n=$2 s=${3:-60} i
	for ((i = 0; i < s * 4; i++)); do
		[ "$(xm_beat "$tag")" -gt "$n" ] && return 0
		sleep 0.25
	done
	echo "heartbeat of $tag did not pass $n within ${s}s (now $(xm_beat "$tag"))" >&2
	return 1
}

# xm_json_field DOMID KEY: one field of `xenmin domain list --json` for DOMID, read on the
# host with python3 (dom0 has only busybox).
xm_json_field() {
	guest xenmin domain list --json | python3 -c '
import json, sys
for d in json.load(sys.stdin):
	if d["domid"] == int(sys.argv[1]):
		print(json.dumps(d[sys.argv[2]]).strip("\""))
' "$1" "$2"
}


# Shown by bats on failure: what Xen's console said last.
xm_console_tail() { echo "--- console tail ($XM_CONSOLE_LOG)"; xm_console | tail -n "${1:-25}"; }
