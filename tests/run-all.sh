#!/bin/bash
# SPDX-License-Identifier: MIT
# The one test command (README; .ci/run calls it): installs what it needs
# with apt, builds xenmin seven ways (static musl x86_64 with and without
# Xen's headers, static musl aarch64, glibc with ASan+UBSan, clang, gcc -O2,
# and musl Release, all -Werror; all but one cross-check our Xen ABI against
# Xen's headers, src/abi_check.c), checks the integrators' builds (glibc
# toolchain file, install, Yocto and Buildroot recipes, the Debian
# package), runs the C unit tests and the offline bats suite under CTest,
# a smoke run of fuzzing and the static analysers; beside all that, once the
# static builds are there, it boots real Xen hypervisors in QEMU and runs
# the live bats suite on each bed (reported last). Prints the time and CPU
# of every phase and ends with one "suites: N passed, N failed" line.
# First of all it checks the mechanical part of the style (tests/style.sh).
#
#   tests/run-all.sh            everything (what CI runs)
#   tests/run-all.sh --offline  all but the live beds (quick,
#                               for development; not a substitute for CI)
#   XM_BEDS="x86-4.17"          restrict the live units (development only)
#   XM_LIVE_JOBS=1              run the live units one at a time (default: three
#                               streams, beside the smoke phases)
set -u
cd "$(dirname "$0")/.."
root=$PWD
offline=0
[ "${1:-}" = --offline ] && offline=1
: "${XENMIN_CACHE:=$HOME/.cache/xenmin}"
export XENMIN_CACHE
# Compiler results are cached too (ccache, from tests/apt-packages.txt), keyed by the
# preprocessed source, the flags and the compiler, so a warm run compiles only what
# changed. The base directory makes a clone elsewhere hit the same entries (its paths
# are hashed relative to it); scan-build is run without it (its reports are a side
# effect of compiling, which a cache hit would skip).
ccache_on() {
	command -v ccache >/dev/null || return 0
	export CMAKE_C_COMPILER_LAUNCHER=ccache CCACHE_DIR=$XENMIN_CACHE/ccache \
		CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE=2G
}
pass=0
fail=0
failed=()
t_start=$(date +%s)

now() { date +%s.%N; }
# phase NAME CMD...: run, time, count. The CPU is what the phase's own processes used
# (bash's times in the subshell that runs it: its children, reaped), so each phase shows
# whether it was short of CPU (wall well above CPU / cores) or waiting; the live streams,
# children of this shell, are not in it.
phase() {
	local name=$1 t0 rc c
	shift
	printf '\n=== %s\n' "$name"
	t0=$(now)
	(
		"$@"
		rc=$?
		times >build/phase.times
		exit $rc
	)
	rc=$?
	# times' second line: the children's user and system time, as 1m2.345s 0m0.123s.
	c=$(awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, p, /[ms]/); t += p[1] * 60 + p[2] } print t }' build/phase.times 2>/dev/null)
	printf '=== %s: %s (%.1f s, CPU %.1f s)\n' "$name" "$([ $rc = 0 ] && echo ok || echo "FAILED rc=$rc")" \
		"$(awk -v a="$t0" -v b="$(now)" 'BEGIN{print b-a}')" "${c:-0}"
	if [ $rc = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); failed+=("$name"); fi
	return $rc
}

build() {
	# build DIR CMAKE_ARGS...
	local dir=$1
	shift
	cmake -S . -B "$dir" -DXENMIN_WERROR=ON "$@" >"$dir.configure.log" 2>&1 ||
		{ cat "$dir.configure.log"; return 1; }
	cmake --build "$dir" -j"$(nproc)"
}

# -j: the bats files and unit tests are independent (each test has its own temporary
# directory, fake state and writer lock), and most of them wait on short processes.
ctest_in() { (cd "$1" && ctest --output-on-failure -j"$(nproc)"); }

size_report() {
	# Issue 17's budget: 96 KiB for the stripped static x86_64 binary with
	# every command (the default build). It fails the phase when passed,
	# and prints what each family costs; the Release build (-O3) keeps a
	# guard of 128 KiB.
	local b=build/musl-x86_64/xenmin s=build/musl-x86_64/xenmin.stripped size
	strip -o "$s" "$b" && file "$b" || return 1
	size=$(stat -c %s "$s")
	echo "stripped x86_64: $size bytes (issue 17's budget 98304: $((98304 - size)) to spare)"
	echo "text + rodata: $(size -A "$s" | awk '$1==".text"||$1==".rodata"{t+=$2} END{print t}') bytes"
	if [ -f build/musl-aarch64/xenmin ]; then
		aarch64-linux-gnu-strip -o build/musl-aarch64/xenmin.stripped build/musl-aarch64/xenmin
		file build/musl-aarch64/xenmin
		echo "stripped aarch64: $(stat -c %s build/musl-aarch64/xenmin.stripped) bytes"
	fi
	# The 8-byte stack (CMakeLists.txt) holds while no SSE instruction is in the
	# binary outside musl's start-up code (an aligned store to a frame would fault).
	local sse
	sse=$(objdump -d --no-show-raw-insn "$b" | awk '/^[0-9a-f]+ <.*>:$/ { fn = $2 }
		/%xmm/ && fn != "<__init_libc>:" { print fn, $0 }')
	[ -z "$sse" ] || { printf 'SSE beside the 8-byte-aligned stack:\n%s\n' "$sse"; return 1; }
	# What each command family costs, from the link map.
	bench/size.sh --families || return 1
	[ "$size" -le 98304 ] || { echo "over issue 17's 96 KiB budget by $((size - 98304)) bytes"; return 1; }
	# Release (CMake's -O3, what Buildroot asks for) has a budget of its own.
	strip -o build/musl-release/xenmin.stripped build/musl-release/xenmin || return 1
	size=$(stat -c %s build/musl-release/xenmin.stripped)
	echo "stripped x86_64 Release: $size bytes (guard 131072)"
	[ "$size" -le 131072 ] || { echo "Release over the 128 KiB guard"; return 1; }
}

# The live units (XM_BEDS), dealt out from one queue to XM_LIVE_JOBS streams, so a
# stream that finishes early takes the next unit; listed longest first. A unit is
#   BED             the bed's own list of live files (BED_BATS in tests/bed/ARCH.sh)
#   BED:F1,F2       a part of that list: tests/bats/live/F1.bats, F2.bats, in this order,
#                   on a boot of their own (each file sets up and undoes what it needs)
#   BED:rest        the rest of the list: every file of it no other BED:... unit names, in
#                   the list's order, so each file that applies to BED runs on it once
#   boot@BED, bootbad@BED   BED booted with xenmin's boot script run by dom0's init, with a
#                   good or a broken schedule (tests/bed/mkboot.sh), and only its file
# The two long beds are split (their files in one boot took 695 s and 384 s): under
# ARINC 653 dom0 gets a part of x86-4.17's one CPU and its QEMU waits on the guests half
# of the time, so parts side by side cost little: after its first boot a bed starts from
# its snapshot (tests/bed/README.md, "Snapshots"; ~7 s of CPU, a boot ~35 s).
# a653 stays after sched, as in x86.sh's list: on a bed as booted sched.bats sees Xen's
# default schedule, and it leaves d1 and d2 booted and idle, as a653.bats expects them.
# The order is by the units' times in a warm run (833 s down to 23 s; longest first
# packs the three streams best). Cold, the 4.20 units start on downloads while the third
# stream builds Xen 4.17 for x86-4.17-credit2.
beds=${XM_BEDS:-x86-4.20:console,console_pvh,names,stop,vcpu,watch x86-4.20:rest x86-4.17-credit2 x86-4.17:console,console_pvh,names x86-4.17:sched,a653 x86-4.17:rest x86-4.17:stop,vcpu,watch x86-4.17-debian arm64-4.17 boot@x86-4.17 arm64-4.17-debian arm64-4.20 bootbad@arm64-4.17 boot@arm64-4.17}

# live_bed UNIT: one unit's live run, output to build/live-UNIT.log, its exit status
# and time to build/live-UNIT.rc.
live_bed() {
	local unit=$1 bed=${1%%:*} bin t0 rc f files=() skip=
	case $bed in
	arm64-* | *@arm64-*) bin=$root/build/musl-aarch64/xenmin ;;
	*) bin=$root/build/musl-x86_64/xenmin ;;
	esac
	case $unit in
	*:rest)
		# Every file the other parts of this bed name (bed.sh leaves them out).
		for f in $beds; do
			case $f in "$bed":rest) ;; "$bed":*) skip+=" ${f#*:}" ;; esac
		done ;;
	*:*)
		# Only files of the bed's own list: a part must not add one that does not apply.
		local own
		own=" $(tests/bed/bed.sh files "$bed" | tr '\n' ' ')"
		f=${unit#*:}
		for f in ${f//,/ }; do
			case $own in *" $f "*) files+=("tests/bats/live/$f.bats") ;;
			*) echo "$unit: $f is not one of $bed's live files:$own" >"build/live-$unit.log"
			   echo "1 0" >"build/live-$unit.rc"; return 1 ;;
			esac
		done ;;
	esac
	t0=$(now)
	case $bed in
	boot@* | bootbad@*)
		# A boot test: the bed boots with XM_BOOT_SCRIPT (tests/bed/mkboot.sh; bootbad:
		# a broken schedule file) and runs only its file, boot[bad]_ARCH.bats.
		local b=${bed#*@} kind=${bed%@*}
		tests/bed/mkboot.sh "$b" "build/xm-$kind-$b" ${kind#boot} &&
			XM_BOOT_SCRIPT=$root/build/xm-$kind-$b XENMIN_BIN=$bin \
			tests/bed/bed.sh test "$b" "tests/bats/live/${kind}_${b%%-*}.bats" \
			>"build/live-$unit.log" 2>&1 </dev/null
		;;
	*) XM_BED_SKIP=${skip//,/ } XENMIN_BIN=$bin tests/bed/bed.sh test "$bed" "${files[@]}" \
		>"build/live-$unit.log" 2>&1 </dev/null ;;
	esac
	rc=$?
	echo "$rc $(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')" >"build/live-$unit.rc"
}

# live_next: the index of the next unit of the queue no stream has taken yet.
live_next() {
	local n
	{
		flock 9
		n=$(cat build/live.next)
		echo $((n + 1)) > build/live.next
	} 9>build/live.lock
	echo "$n"
}

# live_start: the live units in the background, beside the rest of the smoke phase.
# The beds need only the two static builds; QEMU waits on its guests much of the time
# (tests/bed/bed.sh logs each QEMU's CPU seconds), which the smoke phase fills.
live_start() {
	[ $offline = 0 ] || return 0
	local j units
	read -ra units <<< "$beds"
	live_jobs=${XM_LIVE_JOBS:-3}
	printf '\n=== live units (%s streams, started now, reported at the end):%s\n' "$live_jobs" \
		"$(printf ' %s' "${units[@]}")"
	t_live=$(now)
	echo 0 > build/live.next
	for u in "${units[@]}"; do rm -f "build/live-$u.rc"; done
	live_pids=()
	for ((j = 0; j < live_jobs; j++)); do
		(
			while i=$(live_next) && [ "$i" -lt ${#units[@]} ]; do live_bed "${units[i]}"; done
		) &
		live_pids+=($!)
	done
	# The smoke phases from here on run at nice 10: the guests' clocks run on while their
	# QEMU waits for a core (a domU's boot, an xl call timed in a653.bats), so the beds
	# come first and the builds and tests take what CPU the beds leave.
	renice -n 10 -p $$ >/dev/null
}

# live_wait: wait for the streams, then print each unit's log and result.
live_wait() {
	[ $offline = 0 ] || return 0
	local u rc secs
	printf '\n=== waiting for the live units\n'
	wait "${live_pids[@]}"
	for u in $beds; do
		printf '\n=== live %s\n' "$u"
		cat "build/live-$u.log"
		read -r rc secs < "build/live-$u.rc" 2>/dev/null || { rc=1; secs=?; }
		printf '=== live %s: %s (%s s)\n' "$u" "$([ "$rc" = 0 ] && echo ok || echo "FAILED rc=$rc")" "$secs"
		if [ "$rc" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); failed+=("live $u"); fi
	done
	printf '=== live units: %.1f s in all, from their start\n' "$(awk -v a="$t_live" -v b="$(now)" 'BEGIN{print b-a}')"
}

mkdir -p build
phase "style (tests/style.sh)" tests/style.sh
phase "deps (apt)" tests/deps.sh || exit 1
ccache_on
phase "build musl x86_64" build build/musl-x86_64 || exit 1
phase "build musl aarch64" bash -c 'toolchain/fetch-aarch64-musl.sh && cmake -S . -B build/musl-aarch64 -DCMAKE_TOOLCHAIN_FILE=toolchain/aarch64-musl.cmake -DXENMIN_WERROR=ON -DBUILD_TESTING=OFF >/dev/null && cmake --build build/musl-aarch64 -j"$(nproc)"' || exit 1
live_start
# Xen's headers are optional: this build sees none (musl-gcc has no
# /usr/include) and must give the very binary the cross-checked one gave.
phase "build musl x86_64 without Xen headers" build build/musl-x86_64-noxen -DXENMIN_XEN_HEADERS=OFF
phase "same binary with and without Xen headers" cmp build/musl-x86_64/xenmin build/musl-x86_64-noxen/xenmin
phase "build glibc asan+ubsan" build build/asan -DXENMIN_MUSL=OFF -DXENMIN_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
phase "build clang -Werror" env CC=clang bash -c 'cmake -S . -B build/clang -DXENMIN_MUSL=OFF -DXENMIN_WERROR=ON >/dev/null && cmake --build build/clang -j"$(nproc)"'
# -O2 warns about things -Os and -O0 do not see (truncation, maybe-uninitialized).
phase "build gcc Release -Werror" bash -c 'cmake -S . -B build/gcc-release -DXENMIN_MUSL=OFF -DXENMIN_WERROR=ON -DCMAKE_BUILD_TYPE=Release "-DCMAKE_C_FLAGS_RELEASE=-O2 -DNDEBUG" >/dev/null && cmake --build build/gcc-release -j"$(nproc)"'
phase "build musl Release" build build/musl-release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
phase "glibc toolchain file: dynamic, unit tests, install" tests/pkg/glibc-toolchain.sh
phase "cmake --install: files, options, prefix" tests/pkg/install.sh
phase "Yocto and Buildroot: recipes, their cmake classes' builds" tests/pkg/integrators.sh
phase "Debian package: build, lintian, install" tests/pkg/deb.sh
phase "binary size" size_report
phase "unit + offline tests (asan)" ctest_in build/asan
phase "unit + offline tests (static musl)" ctest_in build/musl-x86_64
# libFuzzer harnesses (tests/fuzz/README.md), XM_FUZZ_SECONDS in all: 40 here, the
# 5 s floor of each of the 8 harnesses (a smoke: every seed, then 10^5 to 10^6 runs
# each; tests/fuzz/README.md has the long runs). Every second of it is a core's.
phase "fuzz smoke" env XM_FUZZ_SECONDS="${XM_FUZZ_SECONDS:-40}" tests/fuzz/run.sh
# Static analysis (tests/analyze.sh): any report not suppressed in place fails.
phase "static: suppressions have reasons" tests/analyze.sh reasons
phase "static: cppcheck" tests/analyze.sh cppcheck
phase "static: gcc -fanalyzer" tests/analyze.sh gcc-analyzer
phase "static: clang scan-build" tests/analyze.sh scan-build

live_wait

printf '\ntotal: %s s\n' "$(($(date +%s) - t_start))"
[ $fail = 0 ] || printf 'failed: %s\n' "${failed[*]}"
printf 'suites: %d passed, %d failed\n' "$pass" "$fail"
[ $fail = 0 ]
