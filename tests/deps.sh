#!/bin/bash
# SPDX-License-Identifier: MIT
# Install, with apt, every Debian package that building and testing xenmin
# needs (the list is tests/apt-packages.txt plus the build basics below).
# Only missing packages are installed, so a warm machine spends no time
# here. Uses sudo when not run as root.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pkgs=(build-essential cmake clang lld musl-tools musl-dev libxen-dev bats
      python3 file ca-certificates gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu)
if [ -f "$here/apt-packages.txt" ]; then
	while read -r p _; do
		case $p in ''|'#'*) continue ;; esac
		pkgs+=("$p")
	done < "$here/apt-packages.txt"
fi
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
echo "deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
