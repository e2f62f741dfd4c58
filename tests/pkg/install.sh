#!/bin/bash
# SPDX-License-Identifier: MIT
# `cmake --install` (issue 15, item 3): by default exactly sbin/xenmin, the
# two man pages and the bash completion; with the options also the
# multi-call links (one per object of the binary's `help`), the init
# script, the unit and the settings file; DESTDIR honoured, nothing
# outside the prefix but what CMAKE_INSTALL_SYSCONFDIR names (/etc for the
# prefix /usr, under the prefix for /usr/local). One build, configured
# again for each case (install options cost no rebuild).
set -eu
cd "$(dirname "$0")/../.."
b=build/install-check
w=$PWD/$b.dest
rm -rf "$w"
fail() { echo "FAIL: $*"; exit 1; }
files() { (cd "$1" && find . ! -type d | sed 's|^\./||' | sort); }
conf() { cmake -S . -B "$b" -DBUILD_TESTING=OFF -DXENMIN_WERROR=ON "$@" >"$b.log" 2>&1 || { cat "$b.log"; exit 1; }; }
conf -DCMAKE_INSTALL_PREFIX=/usr -DXENMIN_INSTALL_MULTICALL=OFF -DXENMIN_INSTALL_SYSVINIT=OFF -DXENMIN_INSTALL_SYSTEMD=OFF
cmake --build "$b" -j"$(nproc)" >/dev/null

DESTDIR=$w/default cmake --install "$b" >/dev/null
want="usr/sbin/xenmin
usr/share/bash-completion/completions/xenmin
usr/share/man/man5/xenmin-schedule.5
usr/share/man/man8/xenmin.8"
[ "$(files "$w/default")" = "$want" ] || { files "$w/default"; fail "default install"; }
cmp man/man8/xenmin.8 "$w/default/usr/share/man/man8/xenmin.8"
cmp completion/xenmin.bash "$w/default/usr/share/bash-completion/completions/xenmin"
echo "ok: default install: $(echo $want)"

conf -DCMAKE_INSTALL_PREFIX=/usr -DXENMIN_INSTALL_MULTICALL=ON -DXENMIN_INSTALL_SYSVINIT=ON -DXENMIN_INSTALL_SYSTEMD=ON
DESTDIR=$w/all cmake --install "$b" >/dev/null
files "$w/all"
objects=$("$b/xenmin" help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/:$/ && $1 != "help" { print $1 }' | sort -u)
for o in $objects; do
	[ "$(readlink "$w/all/usr/sbin/xenmin-$o")" = xenmin ] || fail "no link xenmin-$o"
	[ "$(readlink "$w/all/usr/share/bash-completion/completions/xenmin-$o")" = xenmin ] ||
		fail "no completion link xenmin-$o"
	# The link works: it is the command.
	"$w/all/usr/sbin/xenmin-$o" --help >/dev/null || fail "xenmin-$o --help"
done
[ "$(find "$w/all/usr/sbin" -name 'xenmin-*' | wc -l)" = "$(echo "$objects" | wc -w)" ] || fail "extra links"
for f in etc/default/xenmin etc/init.d/xenmin usr/libexec/xenmin/xenmin-boot usr/lib/systemd/system/xenmin.service; do
	[ -f "$w/all/$f" ] || fail "no $f"
done
[ -x "$w/all/etc/init.d/xenmin" ] && [ -x "$w/all/usr/libexec/xenmin/xenmin-boot" ] || fail "boot script not executable"
grep -qx 'ExecStart=/usr/libexec/xenmin/xenmin-boot start' "$w/all/usr/lib/systemd/system/xenmin.service" ||
	fail "unit's ExecStart"
grep -qx 'XENMIN_CONFIG=${XENMIN_CONFIG:-/etc/default/xenmin}' "$w/all/etc/init.d/xenmin" || fail "init script's settings path"
[ -z "$(files "$w/all" | grep -Ev '^(usr|etc)/')" ] || fail "installed outside /usr and /etc"
echo "ok: with every option: links for $(echo $objects), boot files"

# Another prefix: everything under it, sysconfdir included.
conf -DCMAKE_INSTALL_PREFIX=/usr/local
DESTDIR=$w/local cmake --install "$b" >/dev/null
[ -z "$(files "$w/local" | grep -v '^usr/local/')" ] || { files "$w/local"; fail "outside /usr/local"; }
[ -f "$w/local/usr/local/etc/init.d/xenmin" ] || fail "/usr/local: init script not in its etc"
grep -qx 'XENMIN=/usr/local/sbin/xenmin' "$w/local/usr/local/etc/init.d/xenmin" || fail "/usr/local: xenmin path"
echo "ok: prefix /usr/local: all under it"
