# SPDX-License-Identifier: MIT
# The x86_64 beds, sourced by tests/bed/bed.sh:
#   x86-4.17          Xen 4.17.5 built from Debian's source package with the ARINC 653
#                     scheduler, booted sched=arinc653 on one CPU, bookworm's xl in dom0
#   x86-4.17-credit2  the same Xen on two CPUs with credit2 as the boot scheduler, dom0's
#                     one vCPU pinned to CPU 0 (room for cpupools made at run time)
#   x86-4.17-debian   Debian bookworm's own hypervisor binary (the security update, 4.17.7;
#                     no ARINC 653) with the xl of the same version, credit2, one CPU
#   x86-4.20          Debian trixie's Xen 4.20 hypervisor binary, credit2, trixie's xl
#                     with its own glibc, two CPUs
# All boot Debian's 6.1 kernel as a PV dom0 from a busybox initramfs under QEMU TCG, and
# dom0's init creates two PV domUs d1/d2 with fixed UUIDs (tests/bed/domus.env).
# Everything downloaded or built is cached under $XENMIN_CACHE keyed by version and config,
# so only the first run pays. Defines bed_prepare and bed_qemu_args.
# Knobs: XM_SMP (CPUs, not on x86-4.17), XM_BED_MEM (QEMU's RAM in MiB, default 1024: more
# for many extra domUs; dom0 keeps 512 MiB, the rest is Xen's free memory for domUs).

# One kernel package, named; change here only if Debian drops this ABI from the archive.
X86_KVER=${XM_KVER:-6.1.0-56-amd64}
# The 4.17 source version that is served by bookworm main (security versions are not).
X86_XEN417_VER=4.17.5+72-g01140da4e8-1
# Hypervisor config on top of defconfig: the scheduler menu only shows with EXPERT, and
# ARINC 653 is UNSUPPORTED, so without both it silently stays off.
X86_XEN417_CONFIG='CONFIG_EXPERT=y
CONFIG_UNSUPPORTED=y
CONFIG_SCHED_ARINC653=y
CONFIG_SCHED_NULL=y'

# Xen userland needed in dom0, by package name. libxentoolcore1 is missing from
# xen-utils-4.17's dependencies but xl needs it; xen-utils-common carries /etc/xen/xl.conf.
X86_XEN_LIBS='libxencall1 libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxenstore4
libxentoollog1 libxendevicemodel1 libxenhypfs1 libxentoolcore1 libyajl2 xenstore-utils xen-utils-common'
# trixie's xl needs trixie's glibc and friends; nothing may come from the bookworm host.
X86_TRIXIE_LIBS='libc6 libgcc-s1 libuuid1 zlib1g liblzma5 libzstd1'

# The live files for x86 beds: every tests/bats/live/*.bats except the arm64 ones (those
# have no xl witness). The bed's own files come first because they check the bed as it
# booted (under arinc653 the domUs have never run); later files (sched, console) install
# schedules that make the domUs run. The newer beds run a lean list by default (CI time):
# what differs on them is the hypervisor build, which info, list, pause and sched see.
BED_BATS=()
case $BED in
x86-4.17|x86-4.20)
	for _f in errors info list pause; do BED_BATS+=("$REPO_ROOT/tests/bats/live/$_f.bats"); done
	for _f in "$REPO_ROOT"/tests/bats/live/*.bats; do
		case ${_f##*/} in *arm64*|boot*.bats|errors.bats|info.bats|list.bats|pause.bats|a653.bats) ;; *) BED_BATS+=("$_f") ;; esac
	done
	# a653.bats last: its domUs x1, x2 and the slots it gives d1 and d2 make them run,
	# after which sched.bats cannot see Xen's default schedule as booted.
	BED_BATS+=("$REPO_ROOT/tests/bats/live/a653.bats") ;;
x86-4.17-credit2)
	# The lean list, then the cpupool tests this bed is for.
	for _f in info list pause sched xen_build a653_workflow cpupool vcpu; do
		BED_BATS+=("$REPO_ROOT/tests/bats/live/$_f.bats")
	done ;;
*)
	for _f in info list pause sched xen_build; do BED_BATS+=("$REPO_ROOT/tests/bats/live/$_f.bats"); done ;;
esac
unset _f

# X86_XEN: where the hypervisor comes from ("build": 4.17.5 from source with ARINC 653;
# otherwise the name of Debian's hypervisor package, from the suite X86_SUITE).
case $BED in
x86-4.17)
	X86_XV=4.17; X86_XEN_FROM=build; X86_SUITE=bookworm; X86_SMP=1; X86_SCHED='sched=arinc653' ;;
x86-4.17-credit2)
	# dom0_vcpus_pin: dom0's vCPU 0 stays on CPU 0, so CPU 1 is free for pools and domUs.
	X86_XV=4.17; X86_XEN_FROM=build; X86_SUITE=bookworm; X86_SMP=${XM_SMP:-2}
	X86_SCHED='sched=credit2 dom0_vcpus_pin' ;;
x86-4.17-debian)
	X86_XV=4.17; X86_XEN_FROM=xen-hypervisor-4.17-amd64; X86_SUITE=bookworm; X86_SMP=${XM_SMP:-1}
	X86_SCHED='' ;;
x86-4.20)
	X86_XV=4.20; X86_XEN_FROM=xen-hypervisor-4.20-amd64; X86_SUITE=trixie; X86_SMP=${XM_SMP:-2}
	X86_SCHED='' ;;
*) bed_die "unknown x86 bed $BED (known: x86-4.17 x86-4.17-credit2 x86-4.17-debian x86-4.20)" ;;
esac
X86_MEM=${XM_BED_MEM:-1024}
case $X86_MEM in *[!0-9]*|'') bed_die "XM_BED_MEM must be a number of MiB, not '$X86_MEM'" ;; esac
[ "$X86_MEM" -ge 1024 ] || bed_die "XM_BED_MEM=$X86_MEM: at least 1024 MiB (dom0 alone has 512)"

# --- kernel: vmlinuz for dom0, pre-decompressed vmlinux for the domUs, a few modules -----
# Modules dom0 needs, relative to lib/modules/KVER/kernel: the Xen drivers (privcmd for
# xenmin, the rest for the toolstack) and the virtio stack for the agent's virtio console.
X86_KMODS='drivers/xen/xen-privcmd.ko drivers/xen/xen-evtchn.ko drivers/xen/xen-gntdev.ko
drivers/xen/xenfs/xenfs.ko drivers/virtio/virtio.ko drivers/virtio/virtio_ring.ko
drivers/virtio/virtio_pci_legacy_dev.ko drivers/virtio/virtio_pci_modern_dev.ko
drivers/virtio/virtio_pci.ko drivers/char/virtio_console.ko'
x86_kernel() {
	local k deb p paths=()
	k=$XENMIN_CACHE/kernel/$X86_KVER-$(bed_key "$X86_KMODS")
	X86_KDIR=$k
	[ -f "$k/done" ] && return 0
	bed_apt_setup bookworm bookworm
	bed_fetch "$XENMIN_CACHE/debs/bookworm" "linux-image-$X86_KVER"
	deb=$(ls "$XENMIN_CACHE/debs/bookworm/linux-image-${X86_KVER}_"*.deb)
	rm -rf "$k"; mkdir -p "$k/x" "$k/modules"
	for p in $X86_KMODS; do paths+=("./lib/modules/$X86_KVER/kernel/$p"); done
	# Extract only what is needed: the whole package unpacks to 369 MB.
	dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$k/x" "./boot/vmlinuz-$X86_KVER" "./boot/config-$X86_KVER" \
		"${paths[@]}"
	cp "$k/x/boot/vmlinuz-$X86_KVER" "$k/vmlinuz"
	cp "$k/x/boot/config-$X86_KVER" "$k/config"
	find "$k/x/lib" -name '*.ko' -exec cp {} "$k/modules/" \;
	# libxenguest decompresses an xz bzImage in dom0 userspace, which costs ~4.5 s per
	# "xl create" under TCG; an ELF vmlinux is loaded directly.
	python3 - "$k/vmlinuz" "$k/vmlinux" <<'EOF'
import lzma, sys
data = open(sys.argv[1], "rb").read()
off = data.find(b"\xfd7zXZ\x00")
if off < 0:
    sys.exit("vmlinuz is not xz-compressed")
elf = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(data[off:])
assert elf[:4] == b"\x7fELF", "decompressed kernel is not an ELF"
open(sys.argv[2], "wb").write(elf)
EOF
	rm -rf "$k/x"
	touch "$k/done"
}

# --- hypervisor ------------------------------------------------------------------------
x86_xen417_build() {
	local key d s
	key=$(bed_key "$X86_XEN417_CONFIG")
	d=$XENMIN_CACHE/xen/$X86_XEN417_VER-$key
	X86_XEN=$d/xen
	X86_XEN_CONFIG=$d/config
	[ -f "$d/done" ] && return 0
	bed_apt_setup bookworm bookworm
	s=$XENMIN_CACHE/src/xen-$X86_XEN417_VER
	[ -f "$s/done" ] || bed_time "xen source download" x86_xen417_source "$s"
	bed_time "xen source unpack" x86_xen417_unpack "$s" "$d"
	bed_time "xen build" x86_xen417_make "$d"
}
x86_xen417_source() {
	local s=$1
	rm -rf "$s"; mkdir -p "$s"
	(cd "$s" && apt-get "${APT_OPTS[@]}" source --download-only "xen=$X86_XEN417_VER" >&2) ||
		bed_die "apt-get source xen=$X86_XEN417_VER failed"
	touch "$s/done"
}
x86_xen417_unpack() {
	local s=$1 d=$2
	rm -rf "$d"; mkdir -p "$d"
	dpkg-source --no-check -x "$s/xen_$X86_XEN417_VER.dsc" "$d/src" >"$d/unpack.log" 2>&1 ||
		{ tail -20 "$d/unpack.log" >&2; bed_die "dpkg-source -x failed"; }
}
x86_xen417_make() {
	local d=$1
	(
		# "&&" chains: errexit does not apply inside a subshell that is followed by "||".
		cd "$d/src/xen" &&
		make defconfig &&
		printf '%s\n' "$X86_XEN417_CONFIG" >> .config &&
		make olddefconfig &&
		for c in $X86_XEN417_CONFIG; do
			grep -qx "$c" .config || { echo "bed: $c did not stick in .config" >&2; exit 1; }
		done &&
		make -j"$(nproc)"
	) >"$d/build.log" 2>&1 || { tail -30 "$d/build.log" >&2; bed_die "xen build failed (log: $d/build.log)"; }
	cp "$d/src/xen/xen" "$d/xen"
	cp "$d/src/xen/.config" "$d/config"
	rm -rf "$d/src" "$d"/*.tar.*
	touch "$d/done"
}

# Debian's hypervisor binary X86_XEN_FROM, the version apt offers in X86_SUITE (for
# bookworm that includes the security suite: 4.17.7 where main has 4.17.5).
x86_xen_debian_fetch() {
	local ver d deb pkg=$X86_XEN_FROM
	bed_apt_setup "$X86_SUITE" "$X86_SUITE"
	ver=$(bed_apt_candidate "$pkg")
	[ -n "$ver" ] || bed_die "no $pkg in $X86_SUITE"
	d=$XENMIN_CACHE/xen/$pkg-$ver
	X86_XEN=$d/xen
	X86_XEN_CONFIG=$d/config
	X86_XEN_DEBVER=$ver
	[ -f "$d/done" ] && return 0
	bed_fetch "$XENMIN_CACHE/debs/$X86_SUITE" "$pkg=$ver"
	deb=$(ls "$XENMIN_CACHE/debs/$X86_SUITE/${pkg}_${ver#*:}"_*.deb)
	rm -rf "$d"; mkdir -p "$d/x"
	dpkg-deb -x "$deb" "$d/x"
	# Debian installs the hypervisor gzipped; QEMU's multiboot loader wants the ELF.
	local gz
	gz=$(find "$d/x/boot" -name 'xen-*.gz' | head -n1)
	[ -n "$gz" ] || bed_die "no /boot/xen-*.gz in $deb"
	gunzip -c "$gz" > "$d/xen"
	cp "$(find "$d/x/boot" -name 'xen-*.config' | head -n1)" "$d/config" 2>/dev/null || true
	rm -rf "$d/x"
	touch "$d/done"
}

# --- dom0 userland: xl, xenstored, xenconsoled and their shared-library closure ----------
# The Xen packages are pinned to the hypervisor's version so xl matches the Xen it drives:
# 4.17.5 for the source-built hypervisor, else the version of Debian's hypervisor package.
x86_userland() {
	local deb dir ver p pinned=() other=()
	bed_apt_setup "$X86_SUITE" "$X86_SUITE"
	dir=$XENMIN_CACHE/debs/$X86_SUITE
	if [ "$X86_XEN_FROM" = build ]; then ver=$X86_XEN417_VER; else ver=$X86_XEN_DEBVER; fi
	X86_UVER=$ver
	X86_UTREE=$XENMIN_CACHE/userland/$X86_XV-$ver
	[ -f "$X86_UTREE/done" ] && return 0
	pinned=("xen-utils-$X86_XV" "libxenmisc$X86_XV")
	for p in $X86_XEN_LIBS; do
		case $p in libyajl2) other+=("$p") ;; *) pinned+=("$p") ;; esac
	done
	[ "$X86_SUITE" = trixie ] && other+=($X86_TRIXIE_LIBS)
	bed_fetch "$dir" $(for p in "${pinned[@]}"; do printf '%s=%s\n' "$p" "$ver"; done) "${other[@]}"
	rm -rf "$X86_UTREE"; mkdir -p "$X86_UTREE"
	# The cache holds several versions of the pinned packages (4.17.5 and 4.17.7): unpack
	# the one of this version; the others are whatever apt offers, the newest download.
	for p in "${pinned[@]}"; do
		dpkg-deb -x "$(ls "$dir/${p}_${ver#*:}_"*.deb | head -n1)" "$X86_UTREE"
	done
	for p in "${other[@]}"; do
		deb=$(ls -t "$dir/${p}_"*.deb | head -n1)
		dpkg-deb -x "$deb" "$X86_UTREE"
	done
	touch "$X86_UTREE/done"
}

# --- images ----------------------------------------------------------------------------
# The domU initramfs: busybox and an init that prints a banner and a heartbeat.
x86_domu_initrd() {
	local out=$1 t
	t=$(mktemp -d)
	chmod 755 "$t"   # "." becomes the domU's "/"; mktemp made it 0700
	mkdir -p "$t/bin" "$t/proc" "$t/dev"
	cp /bin/busybox "$t/bin/busybox"
	ln -s busybox "$t/bin/sh"
	cp "$BED_ROOT/domu-init" "$t/init"; chmod 755 "$t/init"
	(cd "$t" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -6) > "$out"
	rm -rf "$t"
}

x86_image() {
	local key r b u
	key=$(bed_key "$BED_ROOT/x86.sh" "$BED_ROOT/x86-init" "$BED_ROOT/agent.sh" "$BED_ROOT/domu-init" \
		"$BED_ROOT/domus.env" "$X86_KVER" "$X86_UVER" /bin/busybox)
	# Keyed by userland, not by bed: beds with the same xl (x86-4.17, x86-4.17-credit2)
	# share one image.
	X86_IMAGE=$XENMIN_CACHE/image/x86-$X86_UVER-$key/dom0.cpio.gz
	# Images not used for a day are of older scripts: keep the cache from growing per edit.
	# Not all of them: another checkout (a CI clone, a helper's branch) may be booting its own.
	touch "$(dirname "$X86_IMAGE")" 2>/dev/null || true
	find "$XENMIN_CACHE/image" -maxdepth 1 -name "x86-*" -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
	[ -f "$X86_IMAGE" ] && return 0
	bed_time "image build" x86_image_build "$(dirname "$X86_IMAGE")"
}

x86_image_build() {
	local d=$1 r b u l m
	rm -rf "$d"; mkdir -p "$d"
	r=$d/root; u=$X86_UTREE; b=usr/lib/xen-$X86_XV/bin
	mkdir -p "$r"/{bin,sbin,dev,proc,sys,tmp,root,run,etc/xen,lib/modules,domu,usr/sbin,usr/bin} \
		"$r"/{lib64,lib/x86_64-linux-gnu,usr/lib/x86_64-linux-gnu,$b} \
		"$r"/var/{lib/xen,run/xen,run/xenstored,lib/xenstored,log/xen/console,lock}
	# busybox: the host's static binary; its applet links are made here, not by a
	# "busybox --install" in the guest, which costs boot time under TCG.
	cp /bin/busybox "$r/bin/busybox"
	for l in $(/bin/busybox --list); do
		[ -e "$r/bin/$l" ] || ln -s busybox "$r/bin/$l"
	done
	cp "$X86_KDIR"/modules/*.ko "$r/lib/modules/"
	# Real binaries, not Debian's /usr/sbin wrappers; libxl execs helpers from this path.
	for p in xl xenstored xenconsoled xenconsole xen-init-dom0; do
		cp "$u/$b/$p" "$r/$b/"
		ln -s "../lib/xen-$X86_XV/bin/$p" "$r/usr/sbin/$p"
	done
	for p in xenstore-read xenstore-write xenstore-ls xenstore-list; do
		[ -e "$u/usr/bin/$p" ] && cp -a "$u/usr/bin/$p" "$r/usr/bin/"
	done
	cp "$u/etc/xen/xl.conf" "$r/etc/xen/"
	cp -a "$u"/usr/lib/x86_64-linux-gnu/*.so* "$r/usr/lib/x86_64-linux-gnu/"
	if [ "$X86_SUITE" = bookworm ]; then
		# bookworm userland on a bookworm host: the rest of the closure comes from the host.
		# libgcc_s is dlopen'ed by glibc (pthread_cancel), so ldd does not list it.
		for l in $(LD_LIBRARY_PATH=$u/usr/lib/x86_64-linux-gnu ldd "$r/$b"/* "$r"/usr/bin/* 2>/dev/null |
				   awk '$3 ~ /^\// {print $3}' | sort -u) /lib/x86_64-linux-gnu/libgcc_s.so.1; do
			case $l in "$u"/*) continue ;; esac
			cp -L "$l" "$r/lib/x86_64-linux-gnu/"
		done
		cp -L /lib64/ld-linux-x86-64.so.2 "$r/lib64/"
	else
		# trixie is merged-/usr: everything, glibc included, is in the unpacked tree.
		[ -e "$u/lib/x86_64-linux-gnu" ] && cp -a "$u"/lib/x86_64-linux-gnu/*.so* "$r/usr/lib/x86_64-linux-gnu/" 2>/dev/null
		cp -L "$u/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$r/lib64/"
		# Check the closure with trixie's own loader, so a missing library fails here, not in the guest.
		local missing
		missing=$("$r/lib64/ld-linux-x86-64.so.2" --library-path "$r/usr/lib/x86_64-linux-gnu" --list "$r/$b/xl" 2>&1 |
			grep 'not found' || true)
		[ -z "$missing" ] || bed_die "trixie xl closure incomplete: $missing"
	fi
	# The domUs: one kernel (pre-decompressed), one initramfs, fixed UUIDs.
	cp "$X86_KDIR/vmlinux" "$r/domu/vmlinux"
	x86_domu_initrd "$r/domu/initrd.gz"
	. "$BED_ROOT/domus.env"
	local n uuid
	for n in $XM_DOMUS; do
		eval "uuid=\$XM_UUID_$n"
		printf '%s\n' "name = \"$n\"" 'type = "pv"' 'kernel = "/domu/vmlinux"' 'ramdisk = "/domu/initrd.gz"' \
			"extra = \"console=hvc0 loglevel=1 xm_domu=$n\"" "memory = $XM_DOMU_MEM" 'vcpus = 1' \
			"uuid = \"$uuid\"" > "$r/etc/xen/$n.cfg"
	done
	printf 'XM_DOMUS="%s"\n' "$XM_DOMUS" > "$r/etc/xm-domus"
	# A non-root user for the permission tests.
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'xmuser:x:1000:1000:xenmin test user:/tmp:/bin/sh' > "$r/etc/passwd"
	printf '%s\n' 'root:x:0:' 'xmuser:x:1000:' > "$r/etc/group"
	cp "$BED_ROOT/x86-init" "$r/init"; chmod 755 "$r/init"
	cp "$BED_ROOT/agent.sh" "$r/bin/xm-agent"; chmod 755 "$r/bin/xm-agent"
	(cd "$r" && find . | cpio -o -H newc -R 0:0 --quiet | gzip -6) > "$d/dom0.cpio.gz.tmp"
	mv "$d/dom0.cpio.gz.tmp" "$d/dom0.cpio.gz"
	rm -rf "$r"
}

# --- the bed contract --------------------------------------------------------------------
bed_prepare() {
	local t0
	t0=$(bed_now)
	bed_time "kernel download+extract" x86_kernel
	if [ "$X86_XEN_FROM" = build ]; then
		x86_xen417_build
	else
		bed_time "xen download" x86_xen_debian_fetch
	fi
	bed_time "userland downloads" x86_userland
	x86_image
	BED_XEN=$X86_XEN; BED_KERNEL=$X86_KDIR/vmlinuz; BED_INITRD=$X86_IMAGE
	BED_XEN_CONFIG=$X86_XEN_CONFIG
	printf 'bed: %s: prepare total: %s s\n' "$BED" "$(bed_diff "$t0" "$(bed_now)")" >&2
}

# bed_qemu_args SOCK OVERLAY RUNDIR: fill the array BED_QEMU with the QEMU command line.
# COM1 is Xen's console (logged to RUNDIR/console.log). The agent's channel is, by default
# (XM_X86_CHANNEL=virtio), a virtio console on virtio-pci, which the PV dom0 drives as
# /dev/hvc1 (hvc0 is Xen's console); XM_X86_CHANNEL=com2 uses the second 16550 UART
# instead (/dev/ttyS1: no extra modules, but QEMU paces it at 115200 baud, ~10 KB/s).
# Beside the virtio console, a plain virtio-serial port (xenmin.xfer, RUNDIR/xfer.sock)
# carries files into dom0 fast (guest --put): a console's tty carries ~10 KB/s.
bed_qemu_args() {
	local sock=$1 overlay=$2 r=$3 chan=()
	cat "$BED_INITRD" "$overlay" > "$r/initrd"
	case ${XM_X86_CHANNEL:-virtio} in
	virtio) chan=(-device virtio-serial-pci -chardev "socket,id=agent,path=$sock,server=on,wait=off"
				  -device virtconsole,chardev=agent,name=xenmin.agent
				  -chardev "socket,id=xfer,path=$r/xfer.sock,server=on,wait=off"
				  -device virtserialport,chardev=xfer,name=xenmin.xfer)
			X86_AGENT='xm_agent=/dev/hvc1 xm_virtio=1' ;;
	com2)   chan=(-chardev "socket,id=agent,path=$sock,server=on,wait=off" -serial chardev:agent)
			X86_AGENT='xm_agent=/dev/ttyS1' ;;
	*) bed_die "XM_X86_CHANNEL must be virtio or com2" ;;
	esac
	# +svm,+npt: QEMU's TCG emulates AMD SVM with nested paging, so Xen offers HVM with HAP
	# and the beds can run a PVH guest, whose console xenmin finds through HVM params.
	# (Debian's 4.20 is built without shadow paging: without +npt it refuses HVM guests.)
	BED_QEMU=(qemu-system-x86_64 -machine q35 -cpu qemu64,+svm,+npt -m "$X86_MEM" -smp "$X86_SMP"
		-display none -monitor none -no-reboot -nodefaults
		-chardev "$(bed_serial_chardev "$r")" -serial chardev:con
		"${chan[@]}"
		-kernel "$BED_XEN"
		-append "console=com1 com1=115200,8n1 dom0_mem=512M,max:512M dom0_max_vcpus=1 $X86_SCHED loglvl=all guest_loglvl=all"
		-initrd "$BED_KERNEL console=hvc0 earlyprintk=xen $X86_AGENT,$r/initrd")
}
