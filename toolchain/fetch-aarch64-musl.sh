#!/bin/bash
# SPDX-License-Identifier: MIT
# Fetch Debian's musl-dev:arm64 with apt (download only, nothing installed)
# and write a specs file that makes aarch64-linux-gnu-gcc link against it.
# The result lives outside the repo in $XENMIN_MUSL_AARCH64 (default
# ~/.cache/xenmin/musl-aarch64); running it again is a no-op.
set -eu
dest=${XENMIN_MUSL_AARCH64:-${XENMIN_CACHE:-$HOME/.cache/xenmin}/musl-aarch64}
[ -f "$dest/musl-gcc.specs" ] && exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/debs"
# A private arm64 package list: the machine's own sources, its apt config
# untouched.
o=(-oAPT::Architecture=arm64 -oAPT::Architectures=arm64
   "-oDir::State::Lists=$work/lists" -oDebug::NoLocking=1)
apt-get "${o[@]}" update -qq
(cd "$work/debs" && apt-get "${o[@]}" download -q musl-dev musl >/dev/null)
mkdir -p "$dest.tmp"
for d in "$work"/debs/*.deb; do dpkg-deb -x "$d" "$dest.tmp"; done
m=$dest
sed -e "s#/usr/lib/aarch64-linux-musl#$m/usr/lib/aarch64-linux-musl#g" \
    -e "s#/usr/include/aarch64-linux-musl#$m/usr/include/aarch64-linux-musl#g" \
    "$dest.tmp/usr/lib/aarch64-linux-musl/musl-gcc.specs" > "$dest.tmp/musl-gcc.specs"
rm -rf "$dest"
mv "$dest.tmp" "$dest"
echo "aarch64 musl in $dest"
