# SPDX-License-Identifier: MIT
# Shared helpers for the live test beds, sourced by tests/bed/bed.sh (bash, host side).
# They cover what every bed needs whatever its architecture: the cache layout, per-phase
# timings, a private apt setup derived from the machine's own Debian sources (so the
# system's apt configuration is never touched and no registry host is named in the repo),
# one-package-at-a-time downloads, the tiny "xenmin overlay" initramfs, and the QEMU
# lifecycle (start in the background, wait for the in-guest agent, stop, kill on hang).
# A bed file (tests/bed/x86.sh, tests/bed/arm64.sh, ...) only has to provide bed_prepare
# and bed_qemu_args; see bed.sh for the contract.

: "${XENMIN_CACHE:=${HOME:-/root}/.cache/xenmin}"
BED_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BED_ROOT/../.." && pwd)

bed_log() { printf 'bed: %s\n' "$*" >&2; }
bed_die() { printf 'bed: error: %s\n' "$*" >&2; exit 1; }

# Monotonic-enough wall clock in seconds with sub-second precision; date +%s.%N is fine on
# the host (GNU date) and avoids a python start per phase.
bed_now() { date +%s.%N; }
bed_diff() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# bed_time LABEL CMD... runs CMD and prints "bed: BED: LABEL: 12.3 s", so every phase of a
# run shows up in CI logs with the same grep-able shape.
# Never call it in a "||" or "if" context: that would switch errexit off inside CMD.
bed_time() {
	local label=$1 t0
	shift
	t0=$(bed_now)
	"$@"
	printf 'bed: %s: %s: %s s\n' "$BED" "$label" "$(bed_diff "$t0" "$(bed_now)")" >&2
}

# Content hash of files and strings, used to key cache directories: a change to a script
# that builds an artefact must produce a new artefact, never a stale one.
bed_key() {
	{ for a in "$@"; do if [ -f "$a" ]; then cat "$a"; else printf '%s\n' "$a"; fi; done; } |
		sha256sum | cut -c1-12
}

# --- private apt --------------------------------------------------------------------------
# bed_apt_setup NAME KIND: prepare $XENMIN_CACHE/apt/NAME with its own sources and lists and
# set APT_OPTS for apt-get/apt-cache. KIND is
#   bookworm  - every stanza of the machine's debian.sources (binary), plus a deb-src stanza
#               for the first (main archive) stanza: kernel, pinned Xen 4.17 userland, source
#   trixie    - the first stanza with Suites: trixie (Debian 13 binaries: Xen 4.20 + glibc)
# The host name comes only from /etc/apt/sources.list.d/debian.sources at run time.
# bed_debian_sources FILE: the machine's Debian sources as deb822 stanzas in FILE, from
# /etc/apt/sources.list.d/debian.sources, or else converted from the one-line entries of
# /etc/apt/sources.list (what a Debian 12 installer writes), main archive first.
bed_debian_sources() {
	local out=$1 src=/etc/apt/sources.list.d/debian.sources
	if [ -r "$src" ]; then
		cat "$src" > "$out"
		return
	fi
	[ -r /etc/apt/sources.list ] || bed_die "no Debian apt sources found to derive entries from"
	awk '$1 == "deb" {
			opts = ""; i = 2
			if ($2 ~ /^\[/) { while ($i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
			uri = $i; suite = $(i + 1); comps = ""
			for (k = i + 2; k <= NF; k++) comps = comps (comps ? " " : "") $k
			printf "Types: deb\nURIs: %s\nSuites: %s\nComponents: %s\n", uri, suite, comps
			if (match(opts, /signed-by=[^] ]+/))
				printf "Signed-By: %s\n", substr(opts, RSTART + 10, RLENGTH - 10)
			printf "\n"
		}' /etc/apt/sources.list > "$out"
	[ -s "$out" ] || bed_die "no deb lines in /etc/apt/sources.list"
}

bed_apt_setup() {
	local name=$1 kind=$2 d src
	d=$XENMIN_CACHE/apt/$name
	mkdir -p "$d/lists/partial" "$d/parts" "$d/archives/partial"
	src=$d/machine.sources
	bed_debian_sources "$src"
	# First stanza = the main archive (later ones are -security etc.).
	local first
	first=$(awk 'BEGIN{RS=""} NR==1{print; exit}' "$src")
	case $kind in
	bookworm)
		{ cat "$src"; printf '\n'
		  printf '%s\n' "$first" | sed -e 's/^Types:.*/Types: deb-src/' -e 's/^Suites:.*/Suites: bookworm/'
		} > "$d/parts/xenmin.sources.new" ;;
	trixie)
		printf '%s\n' "$first" | sed -e 's/^Types:.*/Types: deb/' -e 's/^Suites:.*/Suites: trixie/' \
			> "$d/parts/xenmin.sources.new" ;;
	*) bed_die "unknown apt kind $kind" ;;
	esac
	# Only re-run "apt-get update" when the derived sources change or lists are missing.
	APT_OPTS=(-q -oDir::State::Lists="$d/lists" -oDir::Etc::SourceList=/dev/null
			  -oDir::Etc::SourceParts="$d/parts" -oDir::Cache::Archives="$d/archives"
			  -oDir::Cache::pkgcache= -oDir::Cache::srcpkgcache=
			  -oAPT::Sandbox::User=root)
	if ! cmp -s "$d/parts/xenmin.sources.new" "$d/parts/xenmin.sources" 2>/dev/null ||
	   [ ! -e "$d/updated" ]; then
		mv "$d/parts/xenmin.sources.new" "$d/parts/xenmin.sources"
		apt-get "${APT_OPTS[@]}" update >&2 || bed_die "apt-get update ($name) failed"
		touch "$d/updated"
	else
		rm -f "$d/parts/xenmin.sources.new"
	fi
}

# bed_apt_candidate PKG: the version apt would download with the current APT_OPTS.
bed_apt_candidate() {
	apt-cache "${APT_OPTS[@]}" policy "$1" | awk '/Candidate:/ {print $2; exit}'
}

# bed_fetch DIR PKG[=VERSION]...: download the named packages into DIR, but for those a
# .deb of that name (and version, when given) is already there. Never globs: each name is
# one package. One apt-get call for all the missing ones (a call costs ~3 s even for a
# small package).
bed_fetch() {
	local dir=$1 spec name ver pat need=()
	shift
	mkdir -p "$dir"
	for spec in "$@"; do
		name=${spec%%=*}
		ver=; [ "$name" != "$spec" ] && ver=${spec#*=}
		# Debian file names drop the epoch (and encode ':' as %3a): match without it.
		pat="${name}_${ver:+${ver#*:}}"
		ls "$dir/$pat"*.deb >/dev/null 2>&1 || need+=("$spec")
	done
	[ ${#need[@]} -gt 0 ] || return 0
	(cd "$dir" && apt-get "${APT_OPTS[@]}" download "${need[@]}" >&2) ||
		bed_die "apt-get download ${need[*]} failed"
}

# bed_features CONFIG: one line naming what the bed's hypervisor was built with, from its
# .config (BED_XEN_CONFIG), so a suite's log says which features a bed lacks before any
# test branches on them. Words: arinc653 and null (schedulers), boot-cpupools and
# static-evtchn (Arm: only where the .config has the option at all; 4.17 has static event
# channels without one), each "+" or "-", and the XSM module Xen starts with when its
# command line names none.
bed_features() {
	local c=$1 f out= xsm=dummy
	[ -r "$c" ] || { printf 'unknown (no .config)\n'; return 0; }
	for f in SCHED_ARINC653:arinc653 SCHED_NULL:null BOOT_TIME_CPUPOOLS:boot-cpupools \
		STATIC_EVTCHN:static-evtchn; do
		case $f in SCHED_*) ;; *) grep -q "CONFIG_${f%%:*}[= ]" "$c" || continue ;; esac
		if grep -qx "CONFIG_${f%%:*}=y" "$c"; then out+=" +${f#*:}"; else out+=" -${f#*:}"; fi
	done
	grep -qx 'CONFIG_XSM=y' "$c" || xsm=none
	grep -qx 'CONFIG_XSM_SILO_DEFAULT=y' "$c" && xsm=silo
	grep -qx 'CONFIG_XSM_FLASK_DEFAULT=y' "$c" && xsm=flask
	printf '%s xsm=%s\n' "${out# }" "$xsm"
}

# --- the xenmin overlay -----------------------------------------------------------------
# The dom0 image is big and cached; the binary under test changes on every build. Linux
# unpacks concatenated initramfs archives in order, so a tiny second cpio.gz holding
# /bin/xenmin is appended at boot time: a rebuilt xenmin costs no image rebuild. It also
# carries $XM_BOOT_SCRIPT, if set, as /etc/xm-boot for dom0's init to run at boot.
# bed_bin: the xenmin binary under test (bed_up checks that it exists).
bed_bin() { printf '%s\n' "${XENMIN_BIN:-$REPO_ROOT/build/musl-x86_64/xenmin}"; }

bed_xenmin_overlay() {
	local out=$1 bin t
	bin=$(bed_bin)
	t=$(mktemp -d)
	# mktemp makes the directory 0700, and its "." entry would become the guest's "/":
	# non-root users in dom0 (permission tests) could then execute nothing.
	chmod 755 "$t"
	mkdir -p "$t/bin"
	cp "$bin" "$t/bin/xenmin"
	chmod 755 "$t/bin/xenmin"
	# A boot script for dom0's init to run (see x86-init, arm64-init), when asked for.
	if [ -n "${XM_BOOT_SCRIPT:-}" ]; then
		[ -f "$XM_BOOT_SCRIPT" ] || { rm -rf "$t"; bed_die "XM_BOOT_SCRIPT=$XM_BOOT_SCRIPT does not exist"; }
		mkdir -p "$t/etc"
		cp "$XM_BOOT_SCRIPT" "$t/etc/xm-boot"
		chmod 755 "$t/etc/xm-boot"
	fi
	(cd "$t" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -1) > "$out"
	rm -rf "$t"
}

# bed_serial_chardev RUNDIR: the QEMU -chardev for the machine's first serial port, Xen's
# console. Everything it prints goes to RUNDIR/console.log; RUNDIR/serial.sock takes
# input, so a test can press Xen's debug keys (guest --xen-keys). With no client on the
# socket QEMU drops the output there but still logs it.
bed_serial_chardev() {
	printf 'socket,id=con,path=%s/serial.sock,server=on,wait=off,logfile=%s/console.log,logappend=on\n' "$1" "$1"
}

# --- running a bed ----------------------------------------------------------------------
# Runtime files of a booted bed: QEMU pid, agent socket, console log, initrd in use. One
# directory per bed instance: $XM_BED_TAG (if set) names the instance, so two runs of the
# same bed at once (a CI run and a developer's test) never share a socket or a log.
# `bed.sh test` sets a tag of its own pid unless one is given; up/exec/down/console use
# the untagged directory unless XM_BED_TAG says otherwise.
bed_rundir() { printf '%s/run/%s%s\n' "$XENMIN_CACHE" "$BED" "${XM_BED_TAG:+.$XM_BED_TAG}"; }

# bed_prune_runs: remove run directories that `bed.sh test` left behind for BED (tags
# t<pid>) whose bed.sh is gone and whose QEMU is not running.
bed_prune_runs() {
	local d tag p
	for d in "$XENMIN_CACHE/run/$BED".t*; do
		[ -d "$d" ] || continue
		tag=${d##*.t}
		case $tag in ''|*[!0-9]*) continue ;; esac
		kill -0 "$tag" 2>/dev/null && continue
		if [ -f "$d/qemu.pid" ]; then
			p=$(cat "$d/qemu.pid")
			kill -0 "$p" 2>/dev/null && grep -q qemu "/proc/$p/cmdline" 2>/dev/null && continue
		fi
		rm -rf "$d"
	done
}

bed_is_up() {
	local r p; r=$(bed_rundir)
	[ -f "$r/qemu.pid" ] || return 1
	p=$(cat "$r/qemu.pid")
	# A stale pid file from an earlier machine life may name a reused pid: check it is QEMU.
	kill -0 "$p" 2>/dev/null && grep -q qemu "/proc/$p/cmdline" 2>/dev/null
}

# bed_start EXTRA...: start BED_QEMU (and EXTRA) in the background, bounded in time.
bed_start() {
	local r pid life=${XM_BED_LIFETIME:-1800}
	r=$(bed_rundir)
	# The whole life of a bed is bounded: a guest that hangs is killed, whatever the caller
	# does. setsid: QEMU must not get the terminal's signals (^C in bats) nor its stdin.
	setsid timeout -s KILL "$life" "${BED_QEMU[@]}" "$@" </dev/null >"$r/qemu.log" 2>&1 &
	pid=$!
	# Not a job of this shell any more: bash would print "Killed" when bed_kill ends it.
	disown "$pid" 2>/dev/null || true
	echo "$pid" > "$r/qemu.pid"
}

# bed_wait_agent SECONDS: wait until the agent in dom0 answers a ping; on failure say why
# (console tail) and leave QEMU killed.
bed_wait_agent() {
	local r pid deadline
	r=$(bed_rundir)
	pid=$(cat "$r/qemu.pid")
	deadline=$(( $(date +%s) + $1 ))
	while :; do
		if ! kill -0 "$pid" 2>/dev/null; then
			bed_log "$BED: QEMU exited during boot; console tail:"
			tail -n 40 "$r/console.log" "$r/qemu.log" >&2
			rm -f "$r/qemu.pid"
			return 1
		fi
		if [ -S "$r/agent.sock" ] && XM_SOCK="$r/agent.sock" "$BED_ROOT/guest" --ping 2>/dev/null; then
			return 0
		fi
		if [ "$(date +%s)" -ge "$deadline" ]; then
			bed_log "$BED: agent did not answer within $1 s; console tail:"
			tail -n 40 "$r/console.log" >&2
			bed_kill
			return 1
		fi
		sleep 0.5
	done
}

# --- snapshots --------------------------------------------------------------------------
# Booting Xen, dom0 and the two domUs under TCG costs 35-45 s of CPU, and CI boots each
# bed several times (tests/run-all.sh splits the long ones). The first boot of a bed, once
# its agent answers, saves the whole machine (QEMU's migration stream, zstd) under
# $XENMIN_CACHE/snap; later boots of the same bed start from that state in a few seconds,
# with Xen, dom0 and the domUs exactly as that boot left them. The key is the QEMU version,
# its command line and the content of every file it names, so any change to a hypervisor,
# kernel, image, init script, device tree or knob makes a new boot. xenmin itself is not
# in such a boot: it is copied into dom0 after boot or restore (bed_put_xenmin), so every
# build is tested on the same machine state. Boots with a boot script (XM_BOOT_SCRIPT),
# extra QEMU words (XM_QEMU_EXTRA, e.g. bench/run.sh's -icount) or XM_BED_SNAPSHOT=0
# always boot.
# A bed family whose restored machines do not work sets BED_SNAPSHOTS=0 (arm64.sh).
bed_snap_ok() {
	[ "${XM_BED_SNAPSHOT:-1}" = 1 ] && [ "${BED_SNAPSHOTS:-1}" = 1 ] && [ -z "${XM_BOOT_SCRIPT:-}" ] && [ -z "${XM_QEMU_EXTRA:-}" ]
}

# bed_snap_key RUNDIR: the snapshot key of BED_QEMU (RUNDIR's path left out of it).
bed_snap_key() {
	local r=$1 w t
	{
		"${BED_QEMU[0]}" --version | head -n 1
		for w in "${BED_QEMU[@]}"; do
			printf '%s\n' "${w//$r/RUN}"
			for t in ${w//[,=]/ }; do [ -f "$t" ] && sha256sum < "$t"; done
		done
	} | sha256sum | cut -c1-16
}

# bed_snap_save DIR: save the running machine as snapshot DIR, unless another run of this
# bed is saving one now. A failed save only costs the next run a boot.
bed_snap_save() {
	local snap=$1 r tmp t0 d
	r=$(bed_rundir)
	mkdir -p "$XENMIN_CACHE/snap"
	exec 8>"$XENMIN_CACHE/snap/$BED.lock"
	flock -n 8 || { exec 8>&-; return 0; }
	if [ ! -d "$snap" ]; then
		t0=$(bed_now)
		tmp=$snap.tmp.$$
		rm -rf "$tmp"
		mkdir -p "$tmp"
		if "$BED_ROOT/qmp" "$r/qmp.sock" save "$tmp/state.zst" && cp "$r/console.log" "$tmp/"; then
			# One snapshot per bed: those of earlier inputs are never used again.
			# (Only this bed's: x86-4.17-* also matches x86-4.17-credit2-KEY.)
			for d in "$XENMIN_CACHE/snap/$BED"-*; do
				[[ ${d##*/} =~ ^$BED-[0-9a-f]{16}(\.tmp\.[0-9]+)?$ ]] || continue
				[ "$d" = "$tmp" ] || rm -rf "$d"
			done
			mv -T "$tmp" "$snap"
			bed_log "$BED: snapshot saved: $(bed_diff "$t0" "$(bed_now)") s, $(du -sm "$snap" | cut -f1) MiB"
		else
			bed_log "$BED: snapshot not saved (the next run boots)"
			rm -rf "$tmp"
		fi
	fi
	exec 8>&-
}

# bed_restore DIR: start BED from snapshot DIR. On failure QEMU is killed, the snapshot
# removed (the next run saves a new one) and the caller boots instead.
bed_restore() {
	local snap=$1 r i
	r=$(bed_rundir)
	cp "$snap/console.log" "$r/console.log" || return 1
	bed_start -incoming "exec:zstd -dcq $(printf %q "$snap/state.zst")"
	# The state was saved stopped, so it loads stopped: QMP's cont starts it once loaded.
	for i in $(seq 100); do [ -S "$r/qmp.sock" ] && break; sleep 0.1; done
	if "$BED_ROOT/qmp" "$r/qmp.sock" cont && bed_wait_agent "${XM_BOOT_TIMEOUT:-240}"; then
		# dom0's wall clock stood still in the file: set it to the host's.
		XM_SOCK="$r/agent.sock" "$BED_ROOT/guest" date -u -s "@$(date +%s)" >/dev/null && return 0
	fi
	bed_log "$BED: restoring snapshot $snap failed; booting"
	bed_kill
	rm -rf "$snap"
	rm -f "$r/agent.sock" "$r/agent.sock.dead" "$r/serial.sock" "$r/qmp.sock" "$r/xfer.sock" "$r/console.log"
	return 1
}

# bed_put_xenmin: copy the binary under test into dom0 as /bin/xenmin.
bed_put_xenmin() {
	XM_SOCK="$(bed_rundir)/agent.sock" "$BED_ROOT/guest" --put "$(bed_bin)" /bin/xenmin >/dev/null
}

# bed_up: boot BED in the background (or start it from its snapshot) and wait for the
# agent. Sets BOOT_SECONDS.
bed_up() {
	local r t0 snap= bin how=boot
	r=$(bed_rundir)
	bin=$(bed_bin)
	if bed_is_up; then bed_die "$BED is already up (pid $(cat "$r/qemu.pid")); run: bed.sh down $BED"; fi
	[ -f "$bin" ] || bed_die "XENMIN_BIN=$bin does not exist (build xenmin first, or point XENMIN_BIN at a static binary)"
	mkdir -p "$r"
	rm -f "$r/agent.sock" "$r/agent.sock.dead" "$r/serial.sock" "$r/qmp.sock" "$r/xfer.sock" "$r/console.log" "$r/qemu.pid"
	t0=$(bed_now)
	# With snapshots the overlay is empty: xenmin comes after boot.
	if bed_snap_ok; then : > "$r/xenmin.cpio.gz"; else bed_xenmin_overlay "$r/xenmin.cpio.gz"; fi
	bed_qemu_args "$r/agent.sock" "$r/xenmin.cpio.gz" "$r"
	BED_QEMU+=(-qmp "unix:$r/qmp.sock,server=on,wait=off")
	# XM_QEMU_EXTRA: words added to QEMU's command line (bench/run.sh: -icount).
	# shellcheck disable=SC2206
	[ -z "${XM_QEMU_EXTRA:-}" ] || BED_QEMU+=($XM_QEMU_EXTRA)
	if bed_snap_ok; then
		snap=$XENMIN_CACHE/snap/$BED-$(bed_snap_key "$r")
		[ -f "$snap/state.zst" ] && bed_restore "$snap" && how=restore
	fi
	if [ $how = boot ]; then
		bed_start
		bed_wait_agent "${XM_BOOT_TIMEOUT:-240}" || return 1
		[ -z "$snap" ] || bed_snap_save "$snap"
	fi
	if [ -n "$snap" ]; then
		bed_put_xenmin || { bed_log "$BED: cannot copy $bin into dom0"; bed_kill; return 1; }
	fi
	BOOT_SECONDS=$(bed_diff "$t0" "$(bed_now)")
	printf 'bed: %s: %s: %s s (QEMU CPU user+sys %s)\n' "$BED" \
		"$([ $how = boot ] && echo boot || echo 'boot (from its snapshot)')" "$BOOT_SECONDS" "$(bed_qemu_cpu)" >&2
}

# bed_qemu_cpu: "U+S s" of CPU the bed's QEMU has used so far (its user and system time,
# from /proc), so a log tells a CPU-bound stream from one that mostly waits on its guests.
# QEMU is the child of the timeout process whose pid qemu.pid holds.
bed_qemu_cpu() {
	local r p q
	r=$(bed_rundir)
	p=$(cat "$r/qemu.pid" 2>/dev/null) || { echo '? s'; return 0; }
	q=$(cat "/proc/$p/task/$p/children" 2>/dev/null)
	q=${q%% *}
	[ -n "$q" ] && [ -r "/proc/$q/stat" ] || { echo '? s'; return 0; }
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f+%.1f s\n", $12 / hz, $13 / hz }' "/proc/$q/stat"
}

bed_kill() {
	local r pid; r=$(bed_rundir)
	bed_is_up || { rm -f "$r/qemu.pid"; return 0; }
	pid=$(cat "$r/qemu.pid")
	# Our QEMU runs in its own session (setsid): signal that process group only.
	kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
	rm -f "$r/qemu.pid"
}

# bed_down: ask dom0 to power off (clean QEMU exit), then kill if it lingers.
bed_down() {
	local r pid i; r=$(bed_rundir)
	bed_is_up || { rm -f "$r/qemu.pid"; return 0; }
	pid=$(cat "$r/qemu.pid")
	XM_SOCK="$r/agent.sock" XM_TIMEOUT=5 "$BED_ROOT/guest" --poweroff >/dev/null 2>&1 || true
	for i in $(seq 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
	bed_kill
}
