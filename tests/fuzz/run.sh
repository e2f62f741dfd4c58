#!/bin/bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer harnesses (tests/fuzz/fuzz_*.c; clang, ASan+UBSan,
# in build/fuzz) and runs each for a while on its seeds plus what earlier
# runs found (build/fuzz/corpus/NAME). Fails if any harness fails: a
# crash, a sanitizer report or a FUZZ_CHECK, with the input saved under
# build/fuzz/crash/. Prints one line per harness: executions, exec/s,
# edges and features covered, corpus size. README.md has the long run.
#
#   tests/fuzz/run.sh               smoke: all, XM_FUZZ_SECONDS (60) shared
#   tests/fuzz/run.sh -t 3600 fmt   one harness (fmt or fuzz_fmt) an hour
#   tests/fuzz/run.sh --cover       line coverage of src/ by each corpus
#                                   (source-based, build/fuzz-cover)
set -u
cd "$(dirname "$0")/../.."
each= cover=0 names=()
while [ $# -gt 0 ]; do
	case $1 in
	-t) each=$2; shift 2 ;;
	--cover) cover=1; shift ;;
	-*) sed -n '10,13s/^#//p' "$0" >&2; exit 2 ;;
	*) names+=("fuzz_${1#fuzz_}"); shift ;;
	esac
done
if [ ${#names[@]} = 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do names+=("$(basename "$f" .c)"); done
fi
[ -n "$each" ] || each=$(( ${XM_FUZZ_SECONDS:-60} / ${#names[@]} ))
[ "$each" -ge 5 ] || each=5

# build DIR FLAGS: the harnesses, instrumented with FLAGS.
build() {
	cmake -S . -B "$1" -DCMAKE_C_COMPILER=clang -DXENMIN_MUSL=OFF \
		-DXENMIN_FUZZ=ON -DXENMIN_FUZZ_FLAGS="$2" -DXENMIN_TESTS=OFF \
		-DXENMIN_FMTCHECK=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$1.configure.log" 2>&1 ||
		{ cat "$1.configure.log"; return 1; }
	cmake --build "$1" -j"$(nproc)" -- "${names[@]}" >"$1.build.log" 2>&1 ||
		{ cat "$1.build.log"; return 1; }
}

if [ $cover = 1 ]; then
	d=build/fuzz-cover
	build $d "-fprofile-instr-generate -fcoverage-mapping" || exit 1
	rm -f $d/*.profraw
	for n in "${names[@]}"; do
		mkdir -p build/fuzz/corpus/$n
		LLVM_PROFILE_FILE=$d/$n.profraw $d/tests/fuzz/$n -runs=0 \
			build/fuzz/corpus/$n tests/fuzz/corpus/$n >/dev/null 2>&1
		llvm-profdata merge -o $d/$n.profdata $d/$n.profraw || exit 1
		echo "== $n: functions of src/ it runs (lines, branches covered)"
		llvm-cov report $d/tests/fuzz/$n -instr-profile=$d/$n.profdata \
			-show-functions "$PWD"/src/*.c 2>/dev/null |
			awk '$5 ~ /^[0-9]+$/ && $7 != "0.00%" && $1 != "TOTAL" {
				l += $5; lm += $6; b += $8; bm += $9
				printf "  %-24s %7s %7s\n", $1, $7, $8 ? $10 : "-" }
			END { if (l) printf "  reached: %d of %d lines, %d of %d branches\n",
				l - lm, l, b - bm, b }'
	done
	exit 0
fi

build build/fuzz "-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" ||
	exit 1
mkdir -p build/fuzz/crash
fails=0
for n in "${names[@]}"; do
	work=build/fuzz/corpus/$n log=build/fuzz/$n.log
	dict=()
	[ -f tests/fuzz/$n.dict ] && dict=(-dict=tests/fuzz/$n.dict)
	mkdir -p "$work"
	# New inputs go to the first directory only: the seeds stay as they are.
	build/fuzz/tests/fuzz/$n -max_total_time="$each" -timeout=10 \
		-print_final_stats=1 -artifact_prefix=build/fuzz/crash/$n- \
		"${dict[@]}" "$work" tests/fuzz/corpus/$n >"$log" 2>&1
	rc=$?
	done_line=$(grep -a 'DONE' "$log" | tail -1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(echo "$done_line" | sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1, ft \2, corpus \3/p')
	if [ $rc = 0 ]; then
		printf '%-12s %3s s: %s execs (%s/s), %s\n' "$n" "$each" "$execs" "$rate" "$cov"
	else
		fails=$((fails + 1))
		printf '%-12s FAILED (rc %s), log %s:\n' "$n" "$rc" "$log"
		grep -a -E 'FUZZ_CHECK|ERROR|SUMMARY|Test unit written|runtime error' "$log" |
			head -8 | sed 's/^/  /'
	fi
done
[ $fails = 0 ]
