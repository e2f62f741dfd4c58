#!/bin/bash
# SPDX-License-Identifier: MIT
# Static analysis: cppcheck over the whole tree (src/, include/ and the C of
# tests/), clang's analyzer (scan-build) and gcc's -fanalyzer over the
# shipped code (src/, include/: BUILD_TESTING=OFF; the tests themselves run
# under ASan and UBSan, which is their guard), each as one
# phase of tests/run-all.sh. Any report fails the phase unless it is
# suppressed in place, at the line, with a reason; the "reasons" check
# fails on a suppression that gives none. The in-place forms:
#   // cppcheck-suppress ID ; REASON          (the line before the report)
#   #pragma GCC diagnostic ignored "-Wanalyzer-..." /* REASON */
#   #ifdef __clang_analyzer__ /* REASON */    (code only the analyzer sees)
#
#   tests/analyze.sh cppcheck|scan-build|gcc-analyzer|reasons
# Builds in build/analyze-*; scan-build's HTML reports go to
# build/analyze-scan/report.
set -u
cd "$(dirname "$0")/.."

# Configure the static musl build (tinyalloc.c included) in $1, with $2...
configure() {
	local dir=$1
	shift
	cmake -S . -B "$dir" -DXENMIN_FMTCHECK=OFF -DXENMIN_WERROR=ON "$@" >"$dir.configure.log" 2>&1 ||
		{ cat "$dir.configure.log"; return 1; }
}

case ${1:-} in
cppcheck)
	# variableScope is left out: declarations at the head of a block
	# are the house style (Linux kernel style), not a defect.
	# missingIncludeSystem: cppcheck reads no system headers by design.
	opts=(-D__x86_64__ -D__GNUC__ --library=posix --std=c11
	      --enable=warning,style,performance,portability --inline-suppr
	      --error-exitcode=1 -q -j"$(nproc)"
	      --suppress=missingIncludeSystem --suppress=variableScope
	      --template='{file}:{line}:{column}: {severity}: {message} [{id}]')
	configure build/analyze-db -DCMAKE_EXPORT_COMPILE_COMMANDS=ON || exit 1
	# The help texts' C file is made by the build (cmake/xenmin-help.cmake).
	cmake --build build/analyze-db --target xenmin_help >/dev/null || exit 1
	cppcheck "${opts[@]}" --project=build/analyze-db/compile_commands.json &&
		# The fuzz harnesses build only with clang's libFuzzer.
		cppcheck "${opts[@]}" -D_GNU_SOURCE -DXENMIN_VERSION=\"0\" -Iinclude -Itests/fuzz \
			tests/fuzz/*.c &&
		echo "cppcheck: no reports"
	;;
scan-build)
	# The glibc clang build of the shipped code; --status-bugs: exit 1 on any.
	d=build/analyze-scan
	rm -rf "$d/report"
	# Not through ccache (run-all.sh): a cache hit would skip the analysis.
	unset CMAKE_C_COMPILER_LAUNCHER
	scan-build cmake -S . -B "$d" -DXENMIN_MUSL=OFF -DXENMIN_FMTCHECK=OFF -DBUILD_TESTING=OFF \
		>"$d.configure.log" 2>&1 || { cat "$d.configure.log"; exit 1; }
	scan-build --status-bugs -o "$d/report" cmake --build "$d" --clean-first \
		-j"$(nproc)" >"$d.log" 2>&1
	rc=$?
	grep -E 'warning:|scan-build: [0-9]+ bugs?|No bugs' "$d.log"
	exit $rc
	;;
gcc-analyzer)
	# -Werror (the build's) turns every analyzer report into an error.
	d=build/analyze-gcc
	configure "$d" -DCMAKE_C_FLAGS=-fanalyzer -DBUILD_TESTING=OFF || exit 1
	cmake --build "$d" --clean-first -j"$(nproc)" >"$d.log" 2>&1
	rc=$?
	grep -E 'error:|warning:' "$d.log"
	[ $rc = 0 ] && echo "gcc -fanalyzer: no reports"
	exit $rc
	;;
reasons)
	# Every suppression marker must carry its reason on its own line.
	marks() { grep -rnE -e "$1" src include tests --include='*.c' --include='*.h'; }
	bad=$( (marks 'cppcheck-suppress' | grep -vE 'cppcheck-suppress[-a-z]* [a-zA-Z]+ ; [^ ]'
		marks '-Wanalyzer-|__clang_analyzer__' | grep -vE '(/\*|//) *[^ ]') )
	[ -z "$bad" ] || { echo "suppressions without a reason:"; echo "$bad"; exit 1; }
	echo "suppressions: $(marks 'cppcheck-suppress|-Wanalyzer-|__clang_analyzer__' | wc -l)," \
		"each with a reason"
	;;
*)
	sed -n '12p' "$0" >&2
	exit 2
	;;
esac
