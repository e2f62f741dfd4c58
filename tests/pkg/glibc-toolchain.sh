#!/bin/bash
# SPDX-License-Identifier: MIT
# Issue 11's acceptance for integrators: a foreign glibc toolchain file
# (toolchain/x86_64-linux-gnu.cmake, which names no C library) must give a
# normal dynamic glibc build with the system allocator that passes the unit
# tests, and `cmake --install --prefix /usr` must stage sbin/xenmin.
#
#   tests/pkg/glibc-toolchain.sh [BUILD_DIR]   (default build/glibc-toolchain)
set -eu
cd "$(dirname "$0")/../.."
b=${1:-build/glibc-toolchain}
rm -rf "$b" "$b.dest"
cmake -S . -B "$b" -DCMAKE_TOOLCHAIN_FILE="$PWD/toolchain/x86_64-linux-gnu.cmake" \
	-DXENMIN_WERROR=ON >"$b.configure.log" 2>&1 || { cat "$b.configure.log"; exit 1; }
grep -q 'XM_LIBC_MUSL:INTERNAL=$' "$b/CMakeCache.txt" ||
	{ echo "glibc toolchain taken for musl"; exit 1; }
cmake --build "$b" -j"$(nproc)" >"$b.build.log" 2>&1 || { cat "$b.build.log"; exit 1; }
fail() { echo "FAIL: $*"; exit 1; }
info=$(file -L "$b/xenmin")
echo "$info"
[[ $info == *"dynamically linked"* && $info == *"interpreter /lib64/ld-linux-x86-64.so.2"* ]] ||
	fail "not a dynamic glibc binary"
# The system allocator: the allocation functions come from libc, and the
# small allocator of the static musl build is not linked in.
nm -D "$b/xenmin" | grep -Eq ' U (calloc|malloc)@GLIBC' || fail "allocator not imported from glibc"
! nm "$b/xenmin" | grep -Eq ' T (calloc|malloc|free)$' || fail "an allocator of its own is linked in"
(cd "$b" && ctest -R '^unit\.' --output-on-failure)
DESTDIR=$PWD/$b.dest cmake --install "$b" --prefix /usr
[ -x "$b.dest/usr/sbin/xenmin" ] || fail "no usr/sbin/xenmin staged"
[ ! -e "$b.dest/usr/bin/xenmin" ] || fail "xenmin installed to bin"
"$b.dest/usr/sbin/xenmin" --version
echo "ok: dynamic glibc build, unit tests pass, installs sbin/xenmin"
