#!/bin/bash
# SPDX-License-Identifier: MIT
# What can be tested of the Yocto layer and the Buildroot tree without
# bitbake or Buildroot (neither is in Debian): their version, license and
# checksums against the tree, then the configure, build and install
# commands their cmake classes run, with the flags those classes pass and
# a toolchain file written the way each class writes its own, cross to
# aarch64; the staged trees are checked. The package's own options come
# from the recipe and the .mk (Buildroot's is evaluated by make).
#
#   Buildroot: musl, busybox init, Release, BUILD_SHARED_LIBS=OFF, make
#              install/fast with DESTDIR; then again with systemd.
#   Yocto:     glibc, sysvinit and systemd, Ninja, prefix /usr with the
#              relative install dirs, DESTDIR=${D} cmake --build --target install.
set -eu
cd "$(dirname "$0")/../.."
src=$PWD
w=$src/build/integrators
rm -rf "$w"
mkdir -p "$w"
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }
version=$(sed -n 's/^project(xenmin VERSION \([0-9.]*\) .*/\1/p' CMakeLists.txt)
head -n1 LICENSE | grep -qx 'MIT License' || fail "LICENSE is not the MIT license"

# ---- the recipe and the Buildroot package against the tree
layer=contrib/yocto/meta-xenmin
recipe=$layer/recipes-extended/xenmin/xenmin_$version.bb
[ -f "$recipe" ] || fail "no recipe for version $version: $(ls $layer/recipes-extended/xenmin)"
[ "$(ls $layer/recipes-extended/xenmin/*.bb | wc -l)" = 1 ] || fail "more than one recipe version"
rv() { sed -n "s/^$1 = \"\\(.*\\)\"\$/\\1/p" "$recipe"; }
[ "$(rv LICENSE)" = MIT ] || fail "recipe LICENSE"
[ "$(rv LIC_FILES_CHKSUM)" = "file://LICENSE;md5=$(md5sum LICENSE | cut -d' ' -f1)" ] ||
	fail "recipe LIC_FILES_CHKSUM is not LICENSE's md5"
grep -qx 'inherit cmake update-rc.d systemd' "$recipe" || fail "recipe does not inherit cmake"
grep -qx 'RDEPENDS:${PN} = ""' "$recipe" || fail "recipe RDEPENDS is not empty"
for v in BBFILE_COLLECTIONS BBFILE_PATTERN_xenmin LAYERSERIES_COMPAT_xenmin XENMIN_SRCDIR; do
	grep -q "^$v " $layer/conf/layer.conf || fail "layer.conf lacks $v"
done
ok "Yocto recipe: version $version, LICENSE MIT, LIC_FILES_CHKSUM matches"

br=contrib/buildroot
brmake() {
	# brmake VAR [CONFIG=y...]: VAR as Buildroot's make sees it.
	local var=$1
	shift
	printf 'include %s\nprint:\n\t@echo $(%s)\n' "$src/$br/package/xenmin/xenmin.mk" "$var" |
		make -s --no-print-directory -f - BR2_EXTERNAL_XENMIN_PATH="$src/$br" cmake-package= "$@" print
}
[ "$(brmake XENMIN_VERSION)" = "$version" ] || fail "xenmin.mk XENMIN_VERSION"
[ "$(brmake XENMIN_LICENSE)" = MIT ] || fail "xenmin.mk XENMIN_LICENSE"
[ "$(brmake XENMIN_LICENSE_FILES)" = LICENSE ] || fail "xenmin.mk XENMIN_LICENSE_FILES"
[ "$(realpath "$(brmake XENMIN_SITE)")" = "$src" ] || fail "xenmin.mk XENMIN_SITE is not this tree"
grep -qx "sha256  $(sha256sum LICENSE | cut -d' ' -f1)  LICENSE" $br/package/xenmin/xenmin.hash ||
	fail "xenmin.hash: LICENSE's sha256"
grep -qx 'name: XENMIN' $br/external.desc || fail "external.desc name"
grep -q 'BR2_EXTERNAL_XENMIN_PATH/package/xenmin/Config.in' $br/Config.in || fail "Config.in"
grep -q '^config BR2_PACKAGE_XENMIN$' $br/package/xenmin/Config.in || fail "package Config.in"
ok "Buildroot package: version $version, license MIT, LICENSE hash matches"

# staged DIR: the files of a staged tree, links marked.
staged() { (cd "$1" && find . ! -type d -printf '%p%y\n' | sed 's/f$//; s/l$/ (link)/' | sort); }
# only_under DIR PREFIX...: every file of DIR is under one of the prefixes.
only_under() {
	local d=$1 f p okp
	shift
	while read -r f; do
		okp=
		for p in "$@"; do [[ $f == ./${p#/}/* ]] && okp=1; done
		[ -n "$okp" ] || fail "$f installed outside $*"
	done < <(cd "$d" && find . ! -type d)
}

# ---- Buildroot: pkg-cmake's configure, build, install/fast
musl=${XENMIN_MUSL_AARCH64:-${XENMIN_CACHE:-$HOME/.cache/xenmin}/musl-aarch64}
[ -f "$musl/musl-gcc.specs" ] || toolchain/fetch-aarch64-musl.sh
mkdir -p "$w/br-host/share/buildroot/Platform"
# Buildroot names the system "Buildroot", with a platform file that is
# Linux's; its C flags come from BR2_OPTIMIZE_* (-Os here) and Release
# only adds -DNDEBUG.
echo 'include(Platform/Linux)' > "$w/br-host/share/buildroot/Platform/Buildroot.cmake"
cat > "$w/br-host/share/buildroot/toolchainfile.cmake" <<-EOT
list(APPEND CMAKE_MODULE_PATH \${CMAKE_CURRENT_LIST_DIR})
set(CMAKE_SYSTEM_NAME Buildroot)
set(CMAKE_SYSTEM_VERSION 1)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_FLAGS_DEBUG "" CACHE STRING "Debug CFLAGS")
set(CMAKE_C_FLAGS_RELEASE " -DNDEBUG" CACHE STRING "Release CFLAGS")
set(CMAKE_C_FLAGS "-D_LARGEFILE_SOURCE -D_LARGEFILE64_SOURCE -D_FILE_OFFSET_BITS=64 -Os -g0 -D_FORTIFY_SOURCE=1 -specs=$musl/musl-gcc.specs" CACHE STRING "Buildroot CFLAGS")
set(CMAKE_EXE_LINKER_FLAGS "-static" CACHE STRING "Buildroot LDFLAGS for executables")
set(CMAKE_INSTALL_SO_NO_EXE 0)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
EOT
br_build() {
	# br_build TARGET_DIR BR2_CONFIG=y...: one Buildroot build of the package.
	local target=$1 b=$w/br-build
	shift
	mkdir -p "$b" && cd "$b" && rm -f CMakeCache.txt
	# shellcheck disable=SC2046 # XENMIN_CONF_OPTS is a list
	cmake "$src" \
		-DCMAKE_TOOLCHAIN_FILE="$w/br-host/share/buildroot/toolchainfile.cmake" \
		-DCMAKE_BUILD_TYPE=Release \
		-DCMAKE_INSTALL_PREFIX="/usr" \
		-DCMAKE_COLOR_MAKEFILE=OFF \
		-DBUILD_DOC=OFF -DBUILD_DOCS=OFF -DBUILD_EXAMPLE=OFF -DBUILD_EXAMPLES=OFF \
		-DBUILD_TEST=OFF -DBUILD_TESTS=OFF -DBUILD_TESTING=OFF \
		-DBUILD_SHARED_LIBS=OFF \
		$(brmake XENMIN_CONF_OPTS "$@") >"$w/br-configure.log" 2>&1 ||
		{ cat "$w/br-configure.log"; fail "Buildroot configure"; }
	make -C "$b" >"$w/br-build.log" 2>&1 || { cat "$w/br-build.log"; fail "Buildroot build"; }
	make -C "$b" DESTDIR="$target" install/fast >"$w/br-install.log" 2>&1 ||
		{ cat "$w/br-install.log"; fail "Buildroot install"; }
	cd "$src"
}
br_build "$w/br-target" BR2_INIT_BUSYBOX=y
staged "$w/br-target"
t=$w/br-target
file "$t/usr/sbin/xenmin" | grep -q 'ARM aarch64.*statically linked' || fail "Buildroot musl: not a static aarch64 binary"
grep -qx 'XM_LIBC_MUSL:INTERNAL=1' "$w/br-build/CMakeCache.txt" || fail "Buildroot: musl not detected"
[ -x "$t/etc/init.d/S30xenmin" ] && [ -f "$t/etc/default/xenmin" ] || fail "Buildroot busybox: no S30xenmin"
[ ! -e "$t/usr/lib/systemd" ] || fail "Buildroot busybox: a systemd unit installed"
for f in usr/share/man/man8/xenmin.8 usr/share/man/man5/xenmin-schedule.5 usr/share/bash-completion/completions/xenmin; do
	[ -f "$t/$f" ] || fail "Buildroot: no $f"
done
only_under "$t" /usr /etc
aarch64-linux-gnu-strip -o "$w/br-xenmin.stripped" "$t/usr/sbin/xenmin"
echo "Buildroot Release (-Os from BR2_OPTIMIZE_S), aarch64 musl, stripped: $(stat -c %s "$w/br-xenmin.stripped") bytes"
br_build "$w/br-target-systemd" BR2_INIT_SYSTEMD=y BR2_PACKAGE_XENMIN_MULTICALL=y
t=$w/br-target-systemd
[ -f "$t/usr/lib/systemd/system/xenmin.service" ] && [ -x "$t/usr/libexec/xenmin/xenmin-boot" ] ||
	fail "Buildroot systemd: no unit"
[ ! -e "$t/etc/init.d" ] || fail "Buildroot systemd: an init script installed"
[ "$(readlink "$t/usr/sbin/xenmin-domain")" = xenmin ] || fail "Buildroot multi-call links"
ok "Buildroot: static aarch64 musl, S30xenmin (busybox) or xenmin.service (systemd)"

# ---- Yocto: cmake.bbclass's toolchain file, configure, compile, install
cat > "$w/toolchain.cmake" <<-EOT
set( CMAKE_SYSTEM_NAME Linux )
set( CMAKE_SYSTEM_PROCESSOR aarch64 )
set( CMAKE_C_COMPILER aarch64-linux-gnu-gcc )
set( CMAKE_C_COMPILER_LAUNCHER  )
set( CMAKE_ASM_COMPILER aarch64-linux-gnu-gcc )
find_program( CMAKE_AR aarch64-linux-gnu-gcc-ar DOC "Archiver" REQUIRED )
set( CMAKE_C_FLAGS " -O2 -pipe -g -feliminate-unused-debug-types" CACHE STRING "CFLAGS" )
set( CMAKE_C_FLAGS_RELEASE "-DNDEBUG" CACHE STRING "Additional CFLAGS for release" )
set( CMAKE_C_LINK_FLAGS " -Wl,-O1 -Wl,--hash-style=gnu -Wl,--as-needed" CACHE STRING "LDFLAGS" )
# The sysroot, and like HOSTTOOLS_DIR the host, where the tools are.
set( CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu / )
set( CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY )
set( CMAKE_FIND_ROOT_PATH_MODE_PROGRAM ONLY )
set( CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY )
set( CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY )
set( CMAKE_PROGRAM_PATH "/" )
set( CMAKE_INSTALL_RPATH  )
set( CMAKE_BUILD_RPATH_USE_ORIGIN ON )
set( CMAKE_LIBRARY_PATH /usr/lib /lib)
list(APPEND CMAKE_C_IMPLICIT_INCLUDE_DIRECTORIES /usr/include)
EOT
# The recipe's EXTRA_OECMAKE and the "on" arguments of its PACKAGECONFIGs
# (sysvinit and systemd, as a distro with both features picks).
pc_on() { sed -n "s/^PACKAGECONFIG\\[$1\\] = \"\\([^,]*\\),.*/\\1/p" "$recipe"; }
oe_args="$(rv EXTRA_OECMAKE) $(pc_on sysvinit) $(pc_on systemd)"
oe_args=${oe_args//'${systemd_system_unitdir}'/\/lib\/systemd\/system}
B=$w/yocto-build D=$w/yocto-image
mkdir -p "$B"
cd "$B"
# shellcheck disable=SC2086 # oe_args is a list
cmake -G 'Ninja' -DCMAKE_MAKE_PROGRAM=ninja "$src" \
	-DCMAKE_INSTALL_PREFIX:PATH=/usr \
	-DCMAKE_INSTALL_BINDIR:PATH=bin \
	-DCMAKE_INSTALL_SBINDIR:PATH=sbin \
	-DCMAKE_INSTALL_LIBEXECDIR:PATH=libexec \
	-DCMAKE_INSTALL_SYSCONFDIR:PATH=/etc \
	-DCMAKE_INSTALL_SHAREDSTATEDIR:PATH=../com \
	-DCMAKE_INSTALL_LOCALSTATEDIR:PATH=/var \
	-DCMAKE_INSTALL_LIBDIR:PATH=lib \
	-DCMAKE_INSTALL_INCLUDEDIR:PATH=include \
	-DCMAKE_INSTALL_DATAROOTDIR:PATH=share \
	-DPYTHON_EXECUTABLE:PATH=python3 -DPython_EXECUTABLE:PATH=python3 -DPython3_EXECUTABLE:PATH=python3 \
	-DLIB_SUFFIX= \
	-DCMAKE_INSTALL_SO_NO_EXE=0 \
	-DCMAKE_TOOLCHAIN_FILE="$w/toolchain.cmake" \
	-DCMAKE_NO_SYSTEM_FROM_IMPORTED=1 \
	-DCMAKE_EXPORT_NO_PACKAGE_REGISTRY=ON \
	-DFETCHCONTENT_FULLY_DISCONNECTED=ON \
	$oe_args \
	-Wno-dev >"$w/yocto-configure.log" 2>&1 || { cat "$w/yocto-configure.log"; fail "Yocto configure"; }
VERBOSE=1 cmake --build "$B" --target all -- >"$w/yocto-build.log" 2>&1 ||
	{ cat "$w/yocto-build.log"; fail "Yocto compile"; }
DESTDIR="$D" VERBOSE=1 cmake --build "$B" --target install -- >"$w/yocto-install.log" 2>&1 ||
	{ cat "$w/yocto-install.log"; fail "Yocto install"; }
cd "$src"
staged "$D"
file "$D/usr/sbin/xenmin" | grep -q 'ARM aarch64.*dynamically linked, interpreter /lib/ld-linux-aarch64.so.1' ||
	fail "Yocto glibc: not a dynamic aarch64 glibc binary"
grep -q 'CMAKE_BUILD_TYPE:STRING=MinSizeRel' "$B/CMakeCache.txt" || fail "Yocto: the default build type was not used"
grep -qx 'XM_LIBC_MUSL:INTERNAL=' "$B/CMakeCache.txt" || fail "Yocto: glibc taken for musl"
[ -x "$D/etc/init.d/xenmin" ] && [ -f "$D/etc/default/xenmin" ] || fail "Yocto sysvinit: no init script"
u=$D/lib/systemd/system/xenmin.service
[ -f "$u" ] || fail "Yocto systemd: no unit in systemd_system_unitdir"
exe=$(sed -n 's/^ExecStart=\([^ ]*\) .*/\1/p' "$u")
[ "$exe" = /usr/libexec/xenmin/xenmin-boot ] && [ -x "$D$exe" ] || fail "Yocto: the unit runs $exe, not staged"
grep -q "^XENMIN=/usr/sbin/xenmin$" "$D/etc/init.d/xenmin" || fail "Yocto: the init script's xenmin path"
only_under "$D" /usr /etc /lib/systemd/system
ok "Yocto: dynamic aarch64 glibc, init script and unit where the classes want them"
