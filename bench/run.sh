#!/bin/bash
# SPDX-License-Identifier: MIT
# Footprint and speed of xenmin, side by side with xl in the same dom0 on
# the same Xen: binary sizes and lines of C, then per bed one guest boot in
# which every command runs ROUNDS times (median and spread of wall time,
# peak RSS, hypercalls counted with --trace), the same for xl, and the
# xl/xenmin ratios pair by pair. Writes bench/RESULTS.md and exits non-zero
# when a budget is broken, saying which:
#   stripped x86_64 binary <= 96 KiB; domain list = 1 getdomaininfolist +
#   the version probe; schedule set with read-back <= 6 hypercalls + 1 per
#   UUID changed; peak RSS <= 1 MiB.
#
#   bench/run.sh                 beds x86-4.17 x86-4.20 arm64-4.17
#   BENCH_BEDS=x86-4.17 ROUNDS=30 bench/run.sh
set -eu
cd "$(dirname "$0")/.."
root=$PWD
rounds=${ROUNDS:-30}
beds=${BENCH_BEDS:-x86-4.17 x86-4.20 arm64-4.17}
out=bench/RESULTS.md
work=$(mktemp -d)
bed=
# A failure must not leave a bed running (the next run could not boot it).
trap 'rm -rf "$work"; [ -z "$bed" ] || tests/bed/bed.sh down "$bed" >/dev/null 2>&1 || true' EXIT
broken=()

tests/deps.sh
# Build both static binaries and the in-guest stopwatch for each arch.
cmake -S . -B build/musl-x86_64 >/dev/null && cmake --build build/musl-x86_64 -j2 >/dev/null
toolchain/fetch-aarch64-musl.sh
cmake -S . -B build/musl-aarch64 -DCMAKE_TOOLCHAIN_FILE=toolchain/aarch64-musl.cmake \
	-DBUILD_TESTING=OFF >/dev/null && cmake --build build/musl-aarch64 -j2 >/dev/null
musl-gcc -static -Os -s -o "$work/xm-bench-x86_64" bench/xm-bench.c
aarch64-linux-gnu-gcc -specs="${XENMIN_CACHE:-$HOME/.cache/xenmin}/musl-aarch64/musl-gcc.specs" \
	-static -Os -s -o "$work/xm-bench-aarch64" bench/xm-bench.c
strip -o "$work/xenmin-x86_64" build/musl-x86_64/xenmin
aarch64-linux-gnu-strip -o "$work/xenmin-aarch64" build/musl-aarch64/xenmin
size_x86=$(stat -c %s "$work/xenmin-x86_64")
size_a64=$(stat -c %s "$work/xenmin-aarch64")
# Lines of C: non-blank lines of src/ and include/, and the same without comments.
loc_all=$(cat src/*.c include/*.h | grep -cv '^[[:space:]]*$')
loc_code=$(cat src/*.c include/*.h | sed -e 's://.*$::' | awk '
	/\/\*/ { c = 1 } { if (!c && $0 !~ /^[[:space:]]*$/) n++ } /\*\// { c = 0 } END { print n }')
[ "$size_x86" -le $((96 * 1024)) ] || broken+=("stripped x86_64 binary is $size_x86 bytes > 96 KiB")

# One command in the bed's dom0.
g() { tests/bed/bed.sh exec "$bed" -- "$@"; }
# bench NAME ARGS...: one xm-bench line parsed into shell variables.
bench() {
	local line
	line=$(g /tmp/xm-bench "$rounds" "$@")
	eval "$(echo "$line" | tr ' ' '\n' | grep -E '^[a-z_]+=[0-9]+$')"
}
# Hypercalls of one xenmin run, from --trace.
calls() { g sh -c "xenmin --trace $* 2>&1 >/dev/null | grep -c '^xenmin: trace:'" || true; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }

{
	echo "# xenmin benchmark results"
	echo
	echo "Produced by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), host: $(nproc) cores,"
	echo "$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), no KVM (QEMU TCG: absolute"
	echo "times under emulation mean little; the ratios measured in one run do). $rounds rounds per figure."
	echo
	echo "## Footprint"
	echo
	echo "| what | figure |"
	echo "|---|---|"
	echo "| xenmin stripped, x86_64 static musl | $size_x86 bytes ($((size_x86 / 1024)) KiB) |"
	echo "| xenmin stripped, aarch64 static musl | $size_a64 bytes ($((size_a64 / 1024)) KiB) |"
	echo "| lines of C in src/ and include/ (non-blank / code only) | $loc_all / $loc_code |"
} > "$work/head.md"
: > "$work/body.md"

# Two schedules that differ in their slot lengths, so alternating them
# makes every set install and verify (a set of the installed file is a
# no-op). x86: dom0 and both domUs in Pool-0; arm64: the two dom0less domUs
# in Pool-1 (dom0 stays in its credit2 pool).
sched_cfg() {
	# sched_cfg BED MS
	case $1 in
	arm64-*) printf '%s\n' 'cpupool 1' \
		'domain a domid 1 uuid 00000000-0000-4000-8000-0000000000a1' \
		'domain b domid 2 uuid 00000000-0000-4000-8000-0000000000a2' \
		"slot a $2ms" "slot b $2ms" ;;
	*) printf '%s\n' 'cpupool 0' \
		'domain dom0 domid 0 uuid 00000000-0000-0000-0000-000000000000' \
		'domain d1 domid 1 uuid 00000000-0000-4000-8000-0000000000d1' \
		'domain d2 domid 2 uuid 00000000-0000-4000-8000-0000000000d2' \
		"slot dom0 $2ms" "slot d1 $2ms" "slot d2 $2ms" ;;
	esac
}

for bed in $beds; do
	case $bed in arm64-*) arch=aarch64 ;; *) arch=x86_64 ;; esac
	export XENMIN_BIN=$root/build/musl-$arch/xenmin
	tests/bed/bed.sh up "$bed"
	g --put "$work/xm-bench-$arch" /tmp/xm-bench
	xen=$(g xenmin info | sed -n 's/^xen_version: //p')
	sched=$(g xenmin info | sed -n 's/^cpupool 0: scheduler \([a-z0-9]*\).*/\1/p')
	{
		echo
		echo "## $bed: Xen $xen, cpupool 0 runs $sched"
		echo
		echo "| command | hypercalls | peak RSS KiB | median ms | min-max ms | xl equivalent | xl median ms | xl peak RSS KiB | xl/xenmin time | xl/xenmin RSS |"
		echo "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|"
	} >> "$work/body.md"
	has_xl=0
	g sh -c 'command -v xl' >/dev/null 2>&1 && has_xl=1
	if [ "$bed" = x86-4.17 ] || [ "$bed" = arm64-4.17 ]; then
		for v in a:10 b:11; do
			sched_cfg "$bed" "${v#*:}" | g --put - "/tmp/bench-${v%%:*}.cfg"
		done
	fi
	row() {
		# row LABEL CALLS "XENMIN ARGS [--and xenmin ARGS]" "XL CMD [--and ...]"
		local label=$1 c=$2 xa=$3 xl=$4
		# shellcheck disable=SC2086
		bench xenmin $xa
		local xm_med=$median_us xm_min=$min_us xm_max=$max_us xm_rss=$maxrss_kib xm_fail=$fails
		[ "$xm_fail" = 0 ] || broken+=("$bed: xenmin $xa failed $xm_fail times")
		[ "$xm_rss" -le 1024 ] || broken+=("$bed: xenmin $xa peak RSS ${xm_rss} KiB > 1 MiB")
		local xl_cells="| - | - | - | - | - |"
		if [ -n "$xl" ] && [ $has_xl = 1 ]; then
			# shellcheck disable=SC2086
			bench $xl
			xl_cells="| \`$xl\` | $(ms "$median_us") | $maxrss_kib | $(ratio "$median_us" "$xm_med") | $(ratio "$maxrss_kib" "$xm_rss") |"
			xl_cells=${xl_cells//--and/;}
		fi
		echo "| \`xenmin $label\` | $c | $xm_rss | $(ms "$xm_med") | $(ms "$xm_min")-$(ms "$xm_max") $xl_cells" >> "$work/body.md"
		last_calls=$c
	}
	row "domain list" "$(calls domain list)" "domain list" "xl list"
	[ "$last_calls" = 3 ] || broken+=("$bed: domain list made $last_calls hypercalls, budget 3 (version probe 2 + getdomaininfolist 1)")
	row "domain pause 1 + unpause 1" "$(($(calls domain pause 1) + $(calls domain unpause 1)))" \
		"domain pause 1 --and xenmin domain unpause 1" "xl pause 1 --and xl unpause 1"
	row "info" "$(calls info)" "info" "xl info"
	case $bed in
	x86-4.17 | arm64-4.17)
		pool=0
		[ "$bed" = arm64-4.17 ] && pool=1
		row "sched-arinc653 get" "$(calls sched-arinc653 get --pool $pool)" \
			"sched-arinc653 get --pool $pool" ""
		# First set: gives the UUIDs (counted apart), then A and B alternate.
		first=$(calls sched-arinc653 set /tmp/bench-a.cfg)
		nuuid=$(g xenmin sched-arinc653 set /tmp/bench-b.cfg | grep -c ': uuid ' || true)
		row "sched-arinc653 set (installs, verifies)" "$(calls sched-arinc653 set /tmp/bench-a.cfg)" \
			"sched-arinc653 set /tmp/bench-b.cfg --and xenmin sched-arinc653 set /tmp/bench-a.cfg" ""
		# Budget: 6 plus one per UUID changed, the version probe (2) apart.
		[ $((last_calls - 2)) -le 6 ] || broken+=("$bed: sched set made $last_calls hypercalls (version probe 2 + $((last_calls - 2))), budget 6 + probe")
		row "sched-arinc653 set (already installed: no-op)" "$(calls sched-arinc653 set /tmp/bench-a.cfg)" \
			"sched-arinc653 set /tmp/bench-a.cfg" ""
		row_note="First set on this boot, which also gives the domains their UUIDs (set, then read back): $first hypercalls."
		[ "$nuuid" = 0 ] || broken+=("$bed: a second set changed UUIDs again")
		;;
	esac
	if [ -n "${row_note:-}" ]; then
		printf '\n%s\n' "$row_note" >> "$work/body.md"
		row_note=
	fi
	if [ $has_xl = 1 ]; then
		# What xl needs: its binary and every shared object the loader maps for it.
		xlbin=$(g sh -c 'readlink -f "$(command -v xl)"')
		xl_size=$(g sh -c "for f in $xlbin \$(/lib64/ld-linux-x86-64.so.2 --list $xlbin | awk '/=>/ {print \$3} !/=>/ && /^\\t\\// {print \$1}'); do stat -L -c %s \$f; done | awk '{s+=\$1} END {print s}'")
		nlibs=$(g sh -c "/lib64/ld-linux-x86-64.so.2 --list $xlbin | grep -c '/'")
		{
			echo
			echo "Installed size of what \`xl\` needs here: $xl_size bytes ($((xl_size / 1024)) KiB: the binary"
			echo "and the $nlibs shared objects the loader maps for it), against xenmin's one file of"
			echo "$(stat -c %s "$work/xenmin-$arch") bytes: $(ratio "$xl_size" "$(stat -c %s "$work/xenmin-$arch")")x. Not counted: xenstored and xenconsoled, which xl needs running."
		} >> "$work/body.md"
	fi
	tests/bed/bed.sh down "$bed"
	bed=
done

{
	cat "$work/head.md" "$work/body.md"
	echo
	echo "## Budgets"
	echo
	if [ ${#broken[@]} = 0 ]; then
		echo "All budgets held: stripped x86_64 <= 96 KiB; domain list = 3 hypercalls (the"
		echo "2-call version probe + 1 getdomaininfolist); a schedule set that installs and"
		echo "verifies <= 6 hypercalls besides the version probe, plus one per UUID changed"
		echo "(and one domain list to read the UUIDs back); peak RSS <= 1 MiB."
	else
		for b in "${broken[@]}"; do echo "- BROKEN: $b"; done
	fi
} > "$out"
cat "$out"
if [ ${#broken[@]} != 0 ]; then
	printf 'bench: budget broken: %s\n' "${broken[@]}" >&2
	exit 1
fi
