#!/bin/bash
# SPDX-License-Identifier: MIT
# What each part of xenmin costs in the stripped static x86_64 binary, read
# from the linker's map: the binary is linked once more with -Wl,-Map (in
# build/size-x86_64, the options of build/musl-x86_64 but for LTO, see
# below), every input section that lands
# in a loaded part of the file is summed per source file, and the files
# (or single functions of a shared file) are grouped into command families
# by the table FAMILIES below, so a feature's price shows when it lands.
# The map's build has no link-time optimisation (XENMIN_LTO=OFF): LTO
# merges the files' sections, so only the build without it can be priced
# per file. The first line gives both sizes and LTO's saving.
# Prints markdown tables on stdout (bench/run.sh puts them in RESULTS.md,
# tests/run-all.sh prints them); exits non-zero only when it cannot build.
#
#   bench/size.sh              families and files
#   bench/size.sh --families   the family table only
set -eu
cd "$(dirname "$0")/.."
only_families=0
[ "${1:-}" = --families ] && only_families=1
dir=build/size-x86_64
map=$PWD/$dir/xenmin.map

# family<TAB>patterns: a pattern is FILE or FILE:FUNCTION (shell globs), the
# first match wins. A function is named by its section (-ffunction-sections),
# so a shared file's functions can be priced with the command that uses
# them; what is used by several families is counted with the first that
# names it. A file no pattern names is shown on its own, as "unassigned".
FAMILIES=$(cat <<'EOF'
sched-arinc653 report (offline analysis, SVG)	cmd_report.c sched_report.c
sched-arinc653 monitor	cmd_monitor.c
sched-arinc653	xenops.c:xm_a653_* xenops.c:a653_op* xenops.c:xm_domain_sethandle* xenops.c:xm_self_handle* cmd_sched.c sched_*.c
console	xenops.c:xm_readconsole* xenops.c:xm_hvm_get_param* xenops.c:xm_evtchn_status* cmd_console.c console.c
dmesg, domain wait and watch (VIRQs)	xenops.c:xm_clearconsole* cmd_watch.c virq.c domstate.c
evtchn	xenops.c:xm_evtchn_* cmd_evtchn.c evtchn.c
cpupool	xenops.c:xm_cpupool_free* xenops.c:xm_cpupool_create* xenops.c:xm_cpupool_destroy* xenops.c:xm_cpupool_cpu* xenops.c:xm_cpupool_move* xenops.c:pool_op* xenops.c:xm_physinfo* xenops.c:map_* cmd_pool.c cpulist.c
vcpu	xenops.c:xm_vcpu_* cmd_vcpu.c
domain	cmd_dom.c cmd_stop.c xenops.c:xm_domain_* xenops.c:xm_dom_state* xenops.c:decode*
names (domains file, DOMAIN operands)	names.c domarg.c
info	cmd_info.c xenops.c:xm_cpupool_* xenops.c:pool_info* hypfs.c xencfg.c inflate.c
XSM policy (info, refusals)	xsm.c
writer lock (every writer)	lock.c
Xen access (every command)	xenops.c abi.c hypbuf.c privcmd.c
help texts (compressed) and their reader	help.c help_gz.c
CLI, options, output, errors (every command)	main.c cli.c opt.c diag.c errwords.c parse.c input.c xio.c json.c tinyalloc.c xm_time.c
C library (musl, and our own tinysys.c in its place) and start-up code	libc.a tinysys.c libgcc.a libgcc_eh.a crt* Scrt1
EOF
)

cmake -S . -B "$dir" -DBUILD_TESTING=OFF -DXENMIN_LTO=OFF "-DCMAKE_EXE_LINKER_FLAGS=-Wl,-Map=$map" >/dev/null
cmake --build "$dir" --target xenmin >/dev/null
strip -o "$dir/xenmin.stripped" "$dir/xenmin"
total=$(stat -c %s "$dir/xenmin.stripped")
shipped="(build/musl-x86_64 not built: the shipped size is not shown)"
if [ -f build/musl-x86_64/xenmin ]; then
	strip -o "$dir/shipped.stripped" build/musl-x86_64/xenmin
	real=$(stat -c %s "$dir/shipped.stripped")
	shipped="as built (build/musl-x86_64, link-time optimised): $real bytes; LTO takes off $((total - real))"
fi

# One line per input section in a loaded output section:
#   OBJECT<TAB>FUNCTION-OR-SECTION<TAB>KIND<TAB>BYTES
# KIND is text, rodata, data (in the file) or bss (memory only); padding
# between sections is OBJECT "fill". A section's bytes are the distance to
# the next one (or to the end of its output section): the sizes the map
# prints for merged string sections overlap and do not add up.
sections() {
	awk '
	# mawk has no strtonum.
	function hex(s,   i, v) {
		v = 0
		s = tolower(substr(s, 3))
		for (i = 1; i <= length(s); i++)
			v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return v
	}
	# Close the open entry at address a.
	function close_at(a) {
		if (cur_obj != "")
			printf "%s\t%s\t%s\t%d\n", cur_obj, cur_fn, kind[osec], a - cur_addr
		cur_obj = ""
	}
	function entry(name, addr, obj,   n, parts, fn) {
		if (!(osec in kind))
			return
		close_at(hex(addr))
		fn = name
		sub(/^\.(text|rodata|data\.rel\.ro|data|bss|tbss|tdata)\./, "", fn)
		n = split(obj, parts, "/")
		cur_obj = parts[n]
		cur_fn = fn
		cur_addr = hex(addr)
	}
	function out_sec(name, addr, size) {
		if (osec in kind)
			close_at(os_end)
		osec = name
		os_end = hex(addr) + hex(size)
	}
	BEGIN {
		split(".init .text .fini", t, " "); for (i in t) kind[t[i]] = "text"
		split(".rodata .eh_frame .eh_frame_hdr", r, " "); for (i in r) kind[r[i]] = "rodata"
		split(".tdata .init_array .fini_array .data.rel.ro .got .got.plt .data", d, " ")
		for (i in d) kind[d[i]] = "data"
		split(".tbss .bss", b, " "); for (i in b) kind[b[i]] = "bss"
	}
	/^Linker script and memory map/ { on = 1; next }
	!on { next }
	/^\.[^ ]+ +0x/ { out_sec($1, $2, $3); pend = ""; next }
	/^\.[^ ]+$/ { out_sec($1, "0x0", "0x0"); osec_pend = $1; next }
	osec_pend != "" && /^ +0x/ && NF == 2 { out_sec(osec_pend, $1, $2); osec_pend = ""; next }
	{ osec_pend = "" }
	/^ \*fill\*/ { entry("fill", $2, "fill"); next }
	/^ [.A-Z][^ ]*$/ { pend = $1; next }
	/^ [.A-Z]/ && NF >= 4 && $2 ~ /^0x/ { entry($1, $2, $4); pend = ""; next }
	/^ +0x/ && pend != "" && NF >= 3 && $2 ~ /^0x/ { entry(pend, $1, $3); pend = ""; next }
	{ pend = "" }
	END { if (osec in kind) close_at(os_end) }
	' "$map"
}

# The family of OBJECT FUNCTION by the table (first match wins).
classify() {
	local fam pats p f fn obj=$1 func=$2 base
	# libxenmin_core.a(util.c.o) -> util.c ; main.c.o -> main.c ; libc.a(printf.o) -> libc.a
	case $obj in
	*.a\(*) base=${obj%%(*} ; case $base in libxenmin_core.a | libxenmin_core8.a) ;; *) false ;; esac && { base=${obj#*(}; base=${base%.o)}; } ;;
	*) base=${obj%.o} ;;
	esac
	while IFS=$'\t' read -r fam pats; do
		for p in $pats; do
			f=${p%%:*}
			fn=
			[ "$f" = "$p" ] || fn=${p#*:}
			# shellcheck disable=SC2053
			if [[ $base == $f ]] && { [ -z "$fn" ] || [[ $func == $fn ]]; }; then
				printf '%s\t%s\n' "$fam" "$base"
				return
			fi
		done
	done <<<"$FAMILIES"
	printf 'unassigned: %s\t%s\n' "$base" "$base"
}

rows=$(sections | while IFS=$'\t' read -r obj fn k sz; do
	[ "$sz" -gt 0 ] || continue
	if [ "$obj" = fill ]; then
		printf 'padding between sections\tpadding\t%s\t%s\n' "$k" "$sz"
	else
		printf '%s\t%s\t%s\n' "$(classify "$obj" "$fn")" "$k" "$sz"
	fi
done)

# table KEY-COLUMN TITLE: sums of text/rodata/data/bss per key.
table() {
	local col=$1 title=$2
	echo "| $title | text | rodata | data | in the file | % of $total | bss (memory only) |"
	echo "|---|---:|---:|---:|---:|---:|---:|"
	awk -F'\t' -v col="$col" -v total="$total" '
	{ k = $col; v[k, $3] += $4; keys[k] = 1 }
	END {
		for (k in keys) {
			f = v[k, "text"] + v[k, "rodata"] + v[k, "data"]
			printf "%d\t| %s | %d | %d | %d | %d | %.1f | %d |\n", f, k,
				v[k, "text"], v[k, "rodata"], v[k, "data"], f, 100 * f / total, v[k, "bss"]
			all += f
		}
		printf "-1\t| all sections | | | | %d | %.1f | |\n", all, 100 * all / total
	}' <<<"$rows" | sort -t$'\t' -k1,1nr | cut -f2-
}

echo "Stripped x86_64 binary $shipped; budget 98304 (96 KiB)."
echo "The tables price the same sources linked without LTO: $total bytes."
echo "Bytes of each loaded section the linker kept, from its map; the rest of the"
echo "file is ELF and section headers. bss takes memory when touched, not file bytes."
echo
table 1 "command family"
if [ $only_families = 0 ]; then
	echo
	table 2 "source file"
fi
