#!/bin/bash
# SPDX-License-Identifier: MIT
# bed.sh - the live test bed: boots a real Xen hypervisor under QEMU (TCG, no KVM needed)
# with a Linux dom0 that carries the xenmin binary under test, and runs bats on the host
# against it through the in-guest agent (tests/bed/agent.sh, client tests/bed/guest).
#
#   bed.sh prepare BED                 download/build/cache everything for BED
#   bed.sh test BED [BATS_FILES...]    prepare, boot, run bats (default: the bed's BED_BATS)
#                                      with XM_BED=BED, power off; exit status = bats status
#   bed.sh up BED | down BED           boot in the background / power off (interactive, demo)
#   bed.sh exec BED -- CMD...          run one command in dom0 (stdout, stderr, exit status)
#   bed.sh console BED                 print the console log of a running (or last) boot
#   bed.sh files BED                   the names (F for F.bats) of the bed's live files
#
# Beds are named ARCH-VERSION; tests/bed/ARCH.sh implements the ARCH family and must define
# bed_prepare (sets BED_XEN, BED_KERNEL, BED_INITRD) and bed_qemu_args SOCK OVERLAY RUNDIR
# (fills the array BED_QEMU; the second QEMU serial/console port must be a unix socket server
# at SOCK served in dom0 by tests/bed/agent.sh), and may set the array BED_BATS (the live
# files that apply to it). Adding a bed family is adding one such file.
# Env: XENMIN_BIN (binary under test), XENMIN_CACHE (default ~/.cache/xenmin),
# XM_BED_SKIP (live files left out of the default list, by name), XM_BOOT_TIMEOUT (s,
# default 240), XM_BED_LIFETIME (s, default 1800: QEMU is killed after),
# XM_BED_TAG (names one instance of a bed: its run directory is run/BED.TAG; test picks
# t<pid> by itself, so parallel runs of one bed never collide).
set -eu

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 64; }

bed_load() {
	BED=${1:-}
	[ -n "$BED" ] || usage
	local family=${BED%%-*}
	[ -f "$BED_ROOT/$family.sh" ] || bed_die "unknown bed $BED (no tests/bed/$family.sh)"
	. "$BED_ROOT/$family.sh"
	export XM_BED=$BED
}

# Two runs preparing into one cache at once would rebuild the same directories under each
# other: prepare holds a cache-wide lock (quick when everything is cached).
# The tests learn the hypervisor's build config as XM_XEN_CONFIG (tests/bats/live helpers).
prepare_locked() {
	mkdir -p "$XENMIN_CACHE"
	exec 8>"$XENMIN_CACHE/.prepare.lock"
	flock 8
	BED_XEN_CONFIG=
	bed_prepare
	exec 8>&-
	export XM_XEN_CONFIG=$BED_XEN_CONFIG
	printf 'bed: %s: xen build: %s\n' "$BED" "$(bed_features "$XM_XEN_CONFIG")" >&2
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
prepare)
	bed_load "$@"
	prepare_locked
	;;
up)
	bed_load "$@"
	prepare_locked
	bed_up
	bed_log "$BED is up; try: tests/bed/bed.sh exec $BED -- xenmin domain list"
	;;
down)
	bed_load "$@"
	bed_down
	;;
exec)
	bed_load "$1"; shift
	[ "${1:-}" = -- ] && shift
	[ $# -gt 0 ] || usage
	bed_is_up || bed_die "$BED is not up (run: bed.sh up $BED)"
	XM_SOCK="$(bed_rundir)/agent.sock" exec "$BED_ROOT/guest" "$@"
	;;
files)
	bed_load "$@"
	for _f in "${BED_BATS[@]}"; do basename "$_f" .bats; done
	;;
console)
	bed_load "$@"
	cat "$(bed_rundir)/console.log"
	;;
test)
	# Each test run boots its own instance (see bed_rundir in lib.sh), so it may run while
	# another run of the same bed (CI, bench, a developer's "up") is going on.
	[ -n "${XM_BED_TAG+x}" ] || XM_BED_TAG=t$$
	export XM_BED_TAG
	bed_load "$1"; shift
	files=("$@")
	# No files named: the bed family's own list (BED_BATS, set by ARCH.sh), else them all.
	if [ ${#files[@]} -eq 0 ] && [ -n "${BED_BATS+x}" ]; then files=("${BED_BATS[@]}"); fi
	[ ${#files[@]} -gt 0 ] || files=("$REPO_ROOT"/tests/bats/live/*.bats)
	# XM_BED_SKIP: names (F for F.bats) left out of that list, because another boot of
	# this bed runs them (tests/run-all.sh splits the longest bed in parts).
	if [ $# -eq 0 ] && [ -n "${XM_BED_SKIP:-}" ]; then
		_keep=()
		for _f in "${files[@]}"; do
			case " $XM_BED_SKIP " in *" $(basename "$_f" .bats) "*) ;; *) _keep+=("$_f") ;; esac
		done
		files=("${_keep[@]}")
		printf 'bed: %s: files: %s (left out: %s)\n' "$BED" "$(for _f in "${files[@]}"; do basename "$_f" .bats; done | tr '\n' ' ')" "$XM_BED_SKIP" >&2
	fi
	command -v bats >/dev/null || bed_die "bats is not installed"
	prepare_locked
	bed_prune_runs
	trap 'bed_kill' EXIT
	bed_up || exit 1
	t0=$(bed_now)
	rc=0
	# XM_BED_XEN: the hypervisor booted, for tests that compare with its build (.config beside it).
	XM_SOCK="$(bed_rundir)/agent.sock" XM_RUNDIR=$(bed_rundir) XM_BED_XEN=$BED_XEN bats --timing "${files[@]}" || rc=$?
	printf 'bed: %s: suite: %s s (bats exit %s; QEMU CPU user+sys since start %s)\n' "$BED" \
		"$(bed_diff "$t0" "$(bed_now)")" "$rc" "$(bed_qemu_cpu)" >&2
	if [ "$rc" != 0 ]; then
		bed_log "$BED: suite failed; guest console tail (whole log: $(bed_rundir)/console.log):"
		tail -n 60 "$(bed_rundir)/console.log" | tr -d '\r' >&2
	fi
	bed_down
	trap - EXIT
	# A passing run leaves nothing behind; a failed one keeps its logs until the next
	# test of this bed prunes them (bed_prune_runs).
	[ "$rc" != 0 ] || case $XM_BED_TAG in t$$) rm -rf "$(bed_rundir)" ;; esac
	exit "$rc"
	;;
*) usage ;;
esac
