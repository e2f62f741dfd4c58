# SPDX-License-Identifier: MIT
# The arm64 dom0less beds, sourced by tests/bed/bed.sh after lib.sh: it provides bed_prepare
# (fetch with apt, cross-build Xen, build the dom0 and domU initramfs images, all cached under
# $XENMIN_CACHE) and bed_qemu_args (the hand-made dom0less device tree plus the QEMU command
# line). Two beds live here: arm64-4.17 is Xen 4.17.5 cross-built from Debian's source with
# ARINC 653 and boot-time cpupools, "Pool-0 = cpu0 credit2 dom0; Pool-1 = cpu1 arinc653 d1 d2";
# arm64-4.17-debian is Debian's own xen-hypervisor-4.17-arm64 (no arinc653, no boot-time
# pools) with dom0 and both domUs in Pool-0, for the error paths. Xen creates the domUs
# itself from /chosen (no toolstack, no xenstore); each prints "DOMU-BANNER <tag>" and then
# "DOMU-ALIVE <tag> <n>" every 2 s on its vpl011, which Xen echoes as "(XEN) ... DOMn: ...".
# dom0 is Debian's arm64 6.1 kernel with a busybox initramfs; the host talks to the agent
# through a virtio console on virtio-mmio, which Xen passes through to dom0.
# Knobs, for measuring the traps in ARM64-TRAPS.md only (the suite uses the defaults):
# XM_A64_TOPO=dom0-in-a653 (arm64-4.17: dom0 and the domUs in arinc653 Pool-0),
# XM_A64_DOMU_VCPUS=N (vCPUs per domU, default 1). For any bed: XM_A64_BUSY="d1 d2" boots
# the named domUs with xm_busy=1 in their DT bootargs: they burn their CPU and still print
# "DOMU-BUSY <tag>" and their heartbeats.

A64_KVER=6.1.0-56-arm64
A64_XEN_SRC_VER=4.17.5+72-g01140da4e8
A64_XEN_DEBVER=$A64_XEN_SRC_VER-1
# The Xen .config additions of the arm64-4.17 bed. Without EXPERT the scheduler menu is
# hidden and ARINC 653 silently stays off; BOOT_TIME_CPUPOOLS makes the xen,cpupool nodes work.
A64_XEN_CONFIG='CONFIG_EXPERT=y
CONFIG_UNSUPPORTED=y
CONFIG_SCHED_ARINC653=y
CONFIG_SCHED_NULL=y
CONFIG_BOOT_TIME_CPUPOOLS=y'
# Machine options shared by the DTB dump and the boot: they must match, since the DTB is
# QEMU's own description of that exact machine. cortex-a57 has no hardware dirty-bit
# management, so a hypercall buffer userspace never wrote is read-only to Xen: EFAULT. That
# is the bug class this bed must expose; -cpu max hides it.
A64_MACHINE=(-machine virt,virtualization=on,gic-version=3 -cpu cortex-a57 -m 2048 -smp 2)
# Load addresses: QEMU puts Xen at 0x40200000 and the DTB near 0x48000000, so blobs go
# from 0x50000000 up (the Image is ~33 MB).
A64_ADDR_IMAGE=0x50000000
A64_ADDR_DOM0_INITRD=0x54000000
A64_ADDR_DOMU_INITRD=0x56000000
# The static event channel of arm64-4.20: d1's local port and d2's, bound to each other.
A64_EVTCHN_D1=10
A64_EVTCHN_D2=11
# Name QEMU gives the virtio console that carries the agent protocol (dom0 sees it as
# /dev/hvc1, next to Xen's hvc0; the name shows in /sys/class/virtio-ports/*/name).
A64_AGENT_PORT=xenmin.agent

# The live bats files that apply to these beds, arm64_*.bats and *_arm64.bats (the other
# files of tests/bats/live use xl as their witness, which dom0less beds do not have).
# bed.sh runs these when no files are named; arm64_dom0less.bats comes first and
# stop_arm64.bats last. arm64-4.20
# runs a lean list (CI time): the dom0less basics and what its build and DT change.
# No snapshots (lib.sh): restored from one under QEMU 7.2, Xen on arm64 ran dom0 but the
# domUs slept for good (blocked, no CPU time, no heartbeat after the one saved): a timer
# Xen had armed did not fire again. An arm64 boot costs 5-20 s of CPU here anyway.
BED_SNAPSHOTS=0
BED_BATS=()
if [ "$BED" = arm64-4.20 ]; then
	BED_BATS=("$REPO_ROOT/tests/bats/live/arm64_dom0less.bats" "$REPO_ROOT/tests/bats/live/arm64_bed.bats"
		"$REPO_ROOT/tests/bats/live/evtchn_arm64.bats" "$REPO_ROOT/tests/bats/live/xsm_arm64.bats")
else
	BED_BATS=("$REPO_ROOT/tests/bats/live/arm64_dom0less.bats")
	for _f in "$REPO_ROOT"/tests/bats/live/arm64_*.bats "$REPO_ROOT"/tests/bats/live/*_arm64.bats; do
		# boot*_arm64.bats need a bed booted with a boot script (run-all: boot@, bootbad@).
		case ${_f##*/} in arm64_dom0less.bats | stop_arm64.bats | boot*.bats) continue ;; esac
		[ -f "$_f" ] && BED_BATS+=("$_f")
	done
	# stop_arm64.bats last: it destroys d2 and shuts d1 down.
	_f=$REPO_ROOT/tests/bats/live/stop_arm64.bats
	[ -f "$_f" ] && BED_BATS+=("$_f")
fi
unset _f

# The beds of this family (bed.sh list reads these labels).
case $BED in
arm64-4.17) ;;
arm64-4.17-debian) ;;
arm64-4.20) ;;
*) bed_die "unknown arm64 bed $BED (known: arm64-4.17 arm64-4.17-debian arm64-4.20)" ;;
esac

a64_log() { printf 'bed: %s: %s\n' "${BED:-arm64}" "$*" >&2; }

# Host tools. CI is a fresh Debian 12 as root: install what is missing, nothing else.
a64_host_tools() {
	local need=() p
	command -v qemu-system-aarch64 >/dev/null || need+=(qemu-system-arm)
	command -v aarch64-linux-gnu-gcc >/dev/null || need+=(gcc-aarch64-linux-gnu)
	command -v dtc >/dev/null || need+=(device-tree-compiler)
	command -v cpio >/dev/null || need+=(cpio)
	command -v busybox >/dev/null || [ -x /bin/busybox ] || need+=(busybox-static)
	command -v flock >/dev/null || need+=(util-linux)
	command -v python3 >/dev/null || need+=(python3)
	for p in flex bison; do command -v $p >/dev/null || need+=($p); done
	[ ${#need[@]} -eq 0 ] && return 0
	a64_log "installing host packages: ${need[*]}"
	local sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
	# A fresh machine's package lists may be missing or stale: update once, then retry.
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}" >&2 || {
		$sudo apt-get update -q >&2 &&
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}" >&2
	}
}

# Private apt setup for arm64 binaries. lib.sh's bed_apt_setup derives the sources from the
# machine's own debian.sources; APT_CONFIG points apt at a two-line config that makes arm64
# the only architecture, for the update and every later download in this bed only.
a64_apt() {
	local d=$XENMIN_CACHE/apt
	mkdir -p "$d"
	printf 'APT::Architecture "arm64";\nAPT::Architectures { "arm64"; };\n' > "$d/arm64.conf"
	export APT_CONFIG=$d/arm64.conf
	if [ "$BED" = arm64-4.20 ]; then
		bed_apt_setup arm64-trixie trixie
		A64_APT_TRIXIE=("${APT_OPTS[@]}")
	fi
	# Last: the bookworm view stays the default one (kernel, busybox).
	bed_apt_setup arm64-bookworm bookworm
}

# a64_deb NAME: path of the cached .deb of one named arm64 package (downloaded once).
# a64_deb NAME trixie: the same from trixie (the apt view a64_apt_trixie set up).
a64_deb() {
	local dir=$XENMIN_CACHE/debs/arm64${2:+-$2} f
	f=$(ls "$dir/${1}_"*.deb 2>/dev/null | head -n1)
	if [ -z "$f" ]; then
		if [ "${2:-}" = trixie ]; then
			( APT_OPTS=("${A64_APT_TRIXIE[@]}"); bed_fetch "$dir" "$1" ) || return 1
		else
			bed_fetch "$dir" "$1"
		fi
		f=$(ls "$dir/${1}_"*.deb | head -n1)
	fi
	printf '%s\n' "$f"
}

# Xen 4.17.5 source, shared with the x86 bed: apt-get source --download-only puts the .dsc
# and tarballs once in $XENMIN_CACHE/src/xen-VERSION (the layout x86.sh uses, "done" marking
# a complete download). An flock serialises beds that prepare at the same time, so neither
# downloads twice nor reads a half-written tarball. Prints the orig tarball's path.
a64_xen_tarball() {
	local s=$XENMIN_CACHE/src/xen-$A64_XEN_DEBVER
	mkdir -p "$XENMIN_CACHE/src"
	(
		flock 9
		[ -f "$s/done" ] && exit 0
		rm -rf "$s"; mkdir -p "$s"
		# Source packages are architecture-free: the plain bookworm private apt does it.
		( unset APT_CONFIG; bed_apt_setup bookworm bookworm
		  cd "$s" && apt-get "${APT_OPTS[@]}" source --download-only "xen=$A64_XEN_DEBVER" >&2 ) || exit 1
		touch "$s/done"
	) 9>"$XENMIN_CACHE/src/.xen-$A64_XEN_DEBVER.lock" || bed_die "fetching the Xen $A64_XEN_DEBVER source failed"
	printf '%s\n' "$s/xen_$A64_XEN_SRC_VER.orig.tar.xz"
}

# Cross-build the hypervisor only (make -C xen needs no tools), cached by source version,
# config fragment and compiler version. Prints the path of the built xen Image.
a64_build_xen() {
	local tb key out t gccv
	tb=$(a64_xen_tarball) || return 1
	gccv=$(aarch64-linux-gnu-gcc -dumpfullversion)
	key=$(bed_key "$A64_XEN_SRC_VER" "$A64_XEN_CONFIG" "$gccv")
	out=$XENMIN_CACHE/xen-arm64/$A64_XEN_SRC_VER-a653-$key
	if [ -s "$out/xen" ]; then printf '%s\n' "$out/xen"; return 0; fi
	a64_log "building Xen $A64_XEN_SRC_VER for arm64 (cache miss: $out)"
	mkdir -p "$XENMIN_CACHE/xen-arm64"
	t=$(mktemp -d "$XENMIN_CACHE/xen-arm64/.build.XXXXXX")
	tar -C "$t" -xJf "$tb" || { rm -rf "$t"; return 1; }
	local x; x=$(echo "$t"/xen-*/xen)
	local mk=(make -C "$x" XEN_TARGET_ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
	{
		"${mk[@]}" defconfig &&
		printf '%s\n' "$A64_XEN_CONFIG" >> "$x/.config" &&
		"${mk[@]}" olddefconfig &&
		"${mk[@]}" -j"$(nproc)"
	} > "$t/build.log" 2>&1 || { tail -n 30 "$t/build.log" >&2; rm -rf "$t"; bed_die "Xen arm64 build failed"; }
	# The config must really have what the bed relies on; a silently dropped option would
	# only show up as a confusing boot panic later.
	local opt
	for opt in SCHED_ARINC653 BOOT_TIME_CPUPOOLS SCHED_NULL; do
		grep -qx "CONFIG_$opt=y" "$x/.config" || { rm -rf "$t"; bed_die "Xen .config lacks CONFIG_$opt=y"; }
	done
	mkdir -p "$out.tmp"
	cp "$x/xen" "$x/.config" "$out.tmp/"
	rm -rf "$out"; mv "$out.tmp" "$out"
	rm -rf "$t"
	printf '%s\n' "$out/xen"
}

# a64_debian_xen XV [SUITE]: Debian's own arm64 hypervisor binary of Xen XV (an arm64 Image,
# like ours) and its config, extracted by name from the .deb. Prints the path of the Image.
a64_debian_xen() {
	local deb out xv=$1
	deb=$(a64_deb "xen-hypervisor-$xv-arm64" ${2:+"$2"}) || return 1
	out=$XENMIN_CACHE/xen-arm64/debian-$(basename "$deb" .deb)
	if [ ! -s "$out/xen" ]; then
		rm -rf "$out.tmp"; mkdir -p "$out.tmp"
		dpkg-deb --fsys-tarfile "$deb" | tar -C "$out.tmp" -x "./boot/xen-$xv-arm64" "./boot/xen-$xv-arm64.config" ||
			bed_die "no ./boot/xen-$xv-arm64 in $deb"
		mv "$out.tmp/boot/xen-$xv-arm64" "$out.tmp/xen"
		mv "$out.tmp/boot/xen-$xv-arm64.config" "$out.tmp/config"
		rmdir "$out.tmp/boot"
		rm -rf "$out"; mv "$out.tmp" "$out"
	fi
	printf '%s\n' "$out/xen"
}

# The dom0/domU kernel Image and the four modules dom0 needs, extracted by name from the
# kernel .deb (the whole package unpacks to 369 MB; these files are 33 MB).
a64_kernel() {
	local out=$XENMIN_CACHE/arm64/kernel-$A64_KVER deb m
	if [ ! -s "$out/Image" ]; then
		deb=$(a64_deb "linux-image-$A64_KVER") || return 1
		rm -rf "$out.tmp"; mkdir -p "$out.tmp"
		m=./lib/modules/$A64_KVER/kernel/drivers
		dpkg-deb --fsys-tarfile "$deb" | tar -C "$out.tmp" -x "./boot/vmlinuz-$A64_KVER" \
			"$m/xen/xen-privcmd.ko" "$m/xen/xen-evtchn.ko" \
			"$m/virtio/virtio_mmio.ko" "$m/char/virtio_console.ko" ||
			bed_die "extracting the kernel from $deb failed"
		# Debian's arm64 vmlinuz is already an uncompressed Image: Xen loads it as is.
		mv "$out.tmp/boot/vmlinuz-$A64_KVER" "$out.tmp/Image"
		find "$out.tmp/lib" -name '*.ko' -exec mv {} "$out.tmp/" \;
		rm -rf "$out.tmp/boot" "$out.tmp/lib" "$out"
		mv "$out.tmp" "$out"
	fi
	printf '%s\n' "$out"
}

a64_busybox() {
	local out=$XENMIN_CACHE/arm64/busybox deb
	if [ ! -s "$out/busybox" ]; then
		deb=$(a64_deb busybox-static) || return 1
		rm -rf "$out.tmp"; mkdir -p "$out.tmp"
		dpkg-deb --fsys-tarfile "$deb" | tar -C "$out.tmp" -x ./bin/busybox ||
			bed_die "extracting busybox from $deb failed"
		mv "$out.tmp/bin/busybox" "$out.tmp/busybox"; rmdir "$out.tmp/bin"
		rm -rf "$out"; mv "$out.tmp" "$out"
	fi
	printf '%s\n' "$out/busybox"
}

# a64_cpio DIR OUT: a newc cpio.gz of DIR, owned by root.
a64_cpio() { (cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -9) > "$2"; }

# Build (or reuse) the dom0 and domU initramfs images, keyed by everything that goes in.
# The init scripts, the agent and the domU init are the shared files of tests/bed/.
# Sets A64_DOM0_INITRD, A64_DOMU_INITRD, A64_IMAGE.
a64_images() {
	local kdir bb key out t r l
	kdir=$(a64_kernel) && bb=$(a64_busybox) || return 1
	key=$(bed_key "$BED_ROOT/arm64.sh" "$BED_ROOT/arm64-init" "$BED_ROOT/agent.sh" "$BED_ROOT/domu-init" \
		"$bb" "$kdir/Image" "$A64_KVER")
	out=$XENMIN_CACHE/image/arm64-$key
	if [ ! -s "$out/dom0.cpio.gz" ]; then
		t=$(mktemp -d)
		r=$t/d0
		mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,run,etc,lib/modules} "$t/du"/{bin,proc,dev}
		cp "$bb" "$r/bin/busybox"; cp "$bb" "$t/du/bin/busybox"
		# Applet links are made here: the arm64 busybox cannot run on the host, but the
		# host's busybox of the same Debian release lists the same applets, and a
		# "busybox --install" in the guest would cost boot time under TCG.
		for l in $(busybox --list 2>/dev/null || /bin/busybox --list); do
			[ -e "$r/bin/$l" ] || ln -s busybox "$r/bin/$l"
		done
		ln -s busybox "$t/du/bin/sh"
		cp "$kdir"/*.ko "$r/lib/modules/"
		cp "$BED_ROOT/agent.sh" "$r/bin/xm-agent"
		cp "$BED_ROOT/arm64-init" "$r/init"
		cp "$BED_ROOT/domu-init" "$t/du/init"
		# A non-root user for the permission tests, as on the x86 beds.
		printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'xmuser:x:1000:1000:xenmin test user:/tmp:/bin/sh' > "$r/etc/passwd"
		printf '%s\n' 'root:x:0:' 'xmuser:x:1000:' > "$r/etc/group"
		chmod 755 "$r/init" "$t/du/init" "$r/bin/xm-agent" "$r/bin/busybox" "$t/du/bin/busybox"
		rm -rf "$out.tmp"; mkdir -p "$out.tmp"
		a64_cpio "$r" "$out.tmp/dom0.cpio.gz"
		a64_cpio "$t/du" "$out.tmp/domU.cpio.gz"
		rm -rf "$t" "$out"; mv "$out.tmp" "$out"
	fi
	A64_DOM0_INITRD=$out/dom0.cpio.gz
	A64_DOMU_INITRD=$out/domU.cpio.gz
	A64_IMAGE=$kdir/Image
}

# QEMU's own DTB for the machine, decompiled; cached by QEMU version and machine options.
a64_base_dts() {
	local key out
	key=$(bed_key "$(qemu-system-aarch64 --version | head -n1)" "${A64_MACHINE[*]}")
	out=$XENMIN_CACHE/arm64/virt-$key.dts
	if [ ! -s "$out" ]; then
		qemu-system-aarch64 "${A64_MACHINE[@]}" -display none -machine dumpdtb="$out.dtb" >/dev/null 2>&1 ||
			bed_die "qemu dumpdtb failed"
		dtc -q -I dtb -O dts -o "$out.tmp" "$out.dtb" && mv "$out.tmp" "$out"
		rm -f "$out.dtb"
	fi
	printf '%s\n' "$out"
}

# a64_domu_node NAME TAG POOLREF ARGS [EXTRA]: one dom0less domU; EXTRA is more DT text
# inside its node. DT order is domid order.
a64_domu_node() {
	local pool=
	[ -n "$3" ] && pool="domain-cpupool = <&$3>;"
	cat <<EOF
        $1 {
            compatible = "xen,domain";
            #address-cells = <0x2>;
            #size-cells = <0x2>;
            memory = <0x0 ${A64_DOMU_KB:-131072}>;
            cpus = <${XM_A64_DOMU_VCPUS:-1}>;
            vpl011;
            $pool
${5:-}
            module@${A64_ADDR_IMAGE#0x} {
                compatible = "multiboot,kernel", "multiboot,module";
                reg = <0x0 $A64_ADDR_IMAGE 0x0 $(printf '0x%x' "$(stat -c %s "$A64_IMAGE")")>;
                bootargs = "console=ttyAMA0 rdinit=/init xm_domu=$2 $4";
            };
            module@${A64_ADDR_DOMU_INITRD#0x} {
                compatible = "multiboot,ramdisk", "multiboot,module";
                reg = <0x0 $A64_ADDR_DOMU_INITRD 0x0 $(printf '0x%x' "$(stat -c %s "$A64_DOMU_INITRD")")>;
            };
        };
EOF
}

# a64_busy TAG: the bootargs word that makes domU TAG burn its CPU (tests/bed/domu-init),
# if XM_A64_BUSY names it. Read at boot: no image or cache changes.
a64_busy() {
	case " ${XM_A64_BUSY:-} " in *" $1 "*) printf ' xm_busy=1' ;; esac
}

# a64_dtb OUT DOM0_INITRD: QEMU's DTB plus the dom0less /chosen nodes for this bed.
a64_dtb() {
	local out=$1 initrd=$2 base pools d1pool= domu_args= xenargs ec1= ec2=
	base=$(a64_base_dts)
	xenargs="console=dtuart dom0_mem=512M dom0_max_vcpus=1 loglvl=all guest_loglvl=all console_timestamps=boot bootscrub=0"
	case $BED-${XM_A64_TOPO:-split} in
	arm64-4.17-dom0-in-a653)
		# Only for measuring the trap in tests/bed/ARM64-TRAPS.md: dom0 and the zero-UUID
		# domUs share arinc653 Pool-0; dom0 never runs (the agent never answers).
		pools='        xm_pool0: cpupool-0 {
			compatible = "xen,cpupool";
			cpupool-cpus = <&{/cpus/cpu@0}>;
			cpupool-sched = "arinc653";
		};'
		d1pool=xm_pool0; domu_args=quiet ;;
	arm64-4.17-split)
		# cpu0's pool always becomes Pool-0, so dom0 (which cannot be moved at boot) sits
		# with credit2 and never shares an arinc653 pool with zero-UUID domUs.
		pools='        xm_pool0: cpupool-0 {
			compatible = "xen,cpupool";
			cpupool-cpus = <&{/cpus/cpu@0}>;
			cpupool-sched = "credit2";
		};
		xm_pool1: cpupool-1 {
			compatible = "xen,cpupool";
			cpupool-cpus = <&{/cpus/cpu@1}>;
			cpupool-sched = "arinc653";
		};'
		d1pool=xm_pool1
		# quiet: the kernel's boot chatter through the vpl011 costs the domUs half of
		# their 10 ms slots; the banner and heartbeats come from init and still show.
		domu_args=quiet ;;
	arm64-4.17-debian-split)
		# Everything in Pool-0 on 2 pCPUs: quiet domUs keep the contention with dom0 low.
		pools=; domu_args=quiet ;;
	arm64-4.20-split)
		# The DT asks for arm64-4.17's pools, but Debian builds Xen without
		# BOOT_TIME_CPUPOOLS, which then ignores xen,cpupool nodes and domain-cpupool:
		# everything runs in credit2 Pool-0 (tests/bats/live/arm64_bed.bats checks that).
		pools='        xm_pool0: cpupool-0 {
			compatible = "xen,cpupool";
			cpupool-cpus = <&{/cpus/cpu@0}>;
			cpupool-sched = "credit2";
		};
		xm_pool1: cpupool-1 {
			compatible = "xen,cpupool";
			cpupool-cpus = <&{/cpus/cpu@1}>;
			cpupool-sched = "arinc653";
		};'
		d1pool=xm_pool1; domu_args=quiet
		# A static event channel between the domUs (booting.txt, "Static Event Channel"):
		# d1's port A64_EVTCHN_D1 is bound to d2's port A64_EVTCHN_D2 before either runs.
		# The compatible string Xen matches is "xen,evtchn-v1" (the prose says
		# "xen,evtchn"; a node with that string is silently ignored). "no-xenstore" gives
		# the domUs the event channel interface without a xenstore. Under XSM SILO (Arm's
		# default, on in Debian's build) a domU may only talk to dom0, but Xen sets these
		# channels up while the idle domain still counts as privileged: they are allowed.
		ec1="            xen,enhanced = \"no-xenstore\";
            xm_ec1: evtchn@1 {
                compatible = \"xen,evtchn-v1\";
                xen,evtchn = <$A64_EVTCHN_D1 &xm_ec2>;
            };"
		ec2="            xen,enhanced = \"no-xenstore\";
            xm_ec2: evtchn@2 {
                compatible = \"xen,evtchn-v1\";
                xen,evtchn = <$A64_EVTCHN_D2 &xm_ec1>;
            };" ;;
	*) bed_die "arm64.sh: no topology ${XM_A64_TOPO:-split} for bed $BED" ;;
	esac
	{
		cat "$base"
		cat <<EOF
/ {
    pl061@9030000 { status = "disabled"; };
    chosen {
        #address-cells = <0x2>;
        #size-cells = <0x2>;
        xen,xen-bootargs = "$xenargs";
        xen,dom0-bootargs = "console=hvc0 earlycon=xen rdinit=/init quiet xm_agent=/dev/hvc1";
        module@${A64_ADDR_IMAGE#0x} {
            compatible = "multiboot,kernel", "multiboot,module";
            reg = <0x0 $A64_ADDR_IMAGE 0x0 $(printf '0x%x' "$(stat -c %s "$A64_IMAGE")")>;
        };
        module@${A64_ADDR_DOM0_INITRD#0x} {
            compatible = "multiboot,ramdisk", "multiboot,module";
            reg = <0x0 $A64_ADDR_DOM0_INITRD 0x0 $(printf '0x%x' "$(stat -c %s "$initrd")")>;
        };
$pools
$(a64_domu_node domU1 d1 "$d1pool" "$domu_args$(a64_busy d1)" "$ec1")
$(a64_domu_node domU2 d2 "$d1pool" "$domu_args$(a64_busy d2)" "$ec2")
    };
};
EOF
	} > "$out.dts"
	dtc -q -I dts -O dtb -o "$out" "$out.dts" || bed_die "dtc failed on $out.dts"
}

# --- the bed contract (see bed.sh) -------------------------------------------------------

bed_prepare() {
	local t0; t0=$(bed_now)
	bed_time "host tools" a64_host_tools || return 1
	bed_time "apt lists" a64_apt || return 1
	bed_time "downloads" eval 'a64_deb "linux-image-$A64_KVER" >/dev/null && a64_deb busybox-static >/dev/null' ||
		return 1
	case $BED in
	arm64-4.17) bed_time "xen build" eval 'A64_XEN=$(a64_build_xen)' || return 1 ;;
	arm64-4.17-debian) bed_time "xen (debian binary)" eval 'A64_XEN=$(a64_debian_xen 4.17)' || return 1 ;;
	arm64-4.20) bed_time "xen (debian binary)" eval 'A64_XEN=$(a64_debian_xen 4.20 trixie)' || return 1 ;;
	*) bed_die "arm64.sh does not know bed $BED (known: arm64-4.17 arm64-4.17-debian arm64-4.20)" ;;
	esac
	# Our build keeps the name make gave it; Debian's is "config" beside the Image.
	BED_XEN_CONFIG=$(dirname "$A64_XEN")/config
	[ -f "$BED_XEN_CONFIG" ] || BED_XEN_CONFIG=$(dirname "$A64_XEN")/.config
	bed_time "image build" a64_images || return 1
	a64_base_dts >/dev/null || return 1
	BED_XEN=$A64_XEN; BED_KERNEL=$A64_IMAGE; BED_INITRD=$A64_DOM0_INITRD
	# The binary under test on these beds is the aarch64 build, unless the caller says.
	: "${XENMIN_BIN:=$REPO_ROOT/build/musl-aarch64/xenmin}"
	export XENMIN_BIN
	# Tests witness domU heartbeats in Xen's console output, which bed_up writes here.
	export XM_CONSOLE_LOG
	XM_CONSOLE_LOG="$(bed_rundir)/console.log"
	# What the device tree declares, for tests that compare Xen's view with it: the DT
	# source bed_qemu_args writes, and the static event channels as DOMID:PORT-DOMID:PORT.
	export XM_DTS XM_STATIC_EVTCHN=
	XM_DTS="$(bed_rundir)/dom0less.dtb.dts"
	[ "$BED" = arm64-4.20 ] && XM_STATIC_EVTCHN="1:$A64_EVTCHN_D1-2:$A64_EVTCHN_D2"
	# Only this bed's own downloads are arm64; nothing later may inherit that apt view.
	unset APT_CONFIG
	printf 'bed: %s: prepare total: %s s\n' "$BED" "$(bed_diff "$t0" "$(bed_now)")" >&2
}

# bed_qemu_args SOCK OVERLAY RUNDIR: fill BED_QEMU. It also writes into RUNDIR the dom0
# initrd (base image + xenmin overlay, concatenated: Linux unpacks them in order) and the
# DTB, whose /chosen module sizes depend on that initrd. Xen's console (with dom0's hvc0
# and the domUs' vpl011 lines) goes to RUNDIR/console.log; the agent's channel is a
# virtio-serial port on virtio-mmio, which Xen hands to dom0 like any other DT device.
bed_qemu_args() {
	local sock=$1 overlay=$2 r=$3
	cat "$BED_INITRD" "$overlay" > "$r/dom0-initrd.cpio.gz"
	a64_dtb "$r/dom0less.dtb" "$r/dom0-initrd.cpio.gz"
	BED_QEMU=(qemu-system-aarch64 "${A64_MACHINE[@]}"
		-display none -no-reboot -monitor none -nodefaults
		-chardev "$(bed_serial_chardev "$r")" -serial chardev:con
		-kernel "$BED_XEN" -dtb "$r/dom0less.dtb"
		-device "loader,file=$BED_KERNEL,addr=$A64_ADDR_IMAGE,force-raw=on"
		-device "loader,file=$r/dom0-initrd.cpio.gz,addr=$A64_ADDR_DOM0_INITRD,force-raw=on"
		-device "loader,file=$A64_DOMU_INITRD,addr=$A64_ADDR_DOMU_INITRD,force-raw=on"
		-device virtio-serial-device
		-chardev "socket,id=xmagent,path=$sock,server=on,wait=off"
		-device "virtconsole,chardev=xmagent,name=$A64_AGENT_PORT"
		-chardev "socket,id=xmxfer,path=$r/xfer.sock,server=on,wait=off"
		-device virtserialport,chardev=xmxfer,name=xenmin.xfer)
}
