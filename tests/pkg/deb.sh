#!/bin/bash
# SPDX-License-Identifier: MIT
# The Debian package, as CI builds it: a copy of the tree (dpkg-buildpackage
# writes into the source directory and puts the .deb beside it, so it runs
# in build/deb/), `dpkg-buildpackage -us -uc -b`, lintian without errors,
# then the .deb installed with apt, what it installed checked (binary,
# version, man pages through mandoc -Tlint, the unit with systemd-analyze
# verify, boot files disabled), and purged again. Needs root for the
# install (CI is root); only apt's own network.
#
#   tests/pkg/deb.sh [--no-install]
set -eu
cd "$(dirname "$0")/../.."
root=$PWD
fail() { echo "FAIL: $*"; exit 1; }
version=$(sed -n 's/^project(xenmin VERSION \([0-9.]*\) .*/\1/p' CMakeLists.txt)
[ -n "$version" ] || fail "no version in CMakeLists.txt"

# The package says what the tree says.
dv=$(dpkg-parsechangelog -l debian/changelog -S Version)
[ "$dv" = "$version" ] || fail "debian/changelog has $dv, project() $version"
diff <(sed -n '5,$p' LICENSE | tr -s ' \n' '\n\n' | grep -v '^$') \
	<(sed '1,/^License: MIT$/d' debian/copyright | sed '1,/^License: MIT$/d; s/^ \.$//' |
		tr -s ' \n' '\n\n' | grep -v '^$') >/dev/null ||
	fail "debian/copyright's MIT text is not LICENSE's"

work=build/deb
rm -rf "$work"
mkdir -p "$work/xenmin-$version"
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$work/xenmin-$version"
else
	tar -C . --exclude=./build -cf - . | tar -C "$work/xenmin-$version" -xf -
fi
(cd "$work/xenmin-$version" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 ||
	{ tail -50 "$work/build.log"; fail "dpkg-buildpackage"; }
arch=$(dpkg --print-architecture)
deb=$work/xenmin_${version}_$arch.deb
[ -f "$deb" ] || fail "no $deb"
dpkg-deb -c "$deb" | awk '{ print $6 }' | sort > "$work/contents"
cat "$work/contents"
for f in ./usr/sbin/xenmin ./usr/share/man/man8/xenmin.8.gz ./usr/share/man/man5/xenmin-schedule.5.gz \
	./usr/share/bash-completion/completions/xenmin ./etc/init.d/xenmin ./etc/default/xenmin \
	./lib/systemd/system/xenmin.service; do
	grep -qxF "$f" "$work/contents" || fail "$f not in the package"
done

echo "--- lintian"
lintian --fail-on error --info "$work"/xenmin_"${version}"_"$arch".changes || fail "lintian reports errors"

[ "${1:-}" = --no-install ] && exit 0
echo "--- install"
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q -o DPkg::Lock::Timeout=300 "$root/$deb" >"$work/install.log" 2>&1 ||
	{ cat "$work/install.log"; fail "apt-get install"; }
trap 'apt-get purge -y -q -o DPkg::Lock::Timeout=300 xenmin >/dev/null 2>&1' EXIT
[ "$(/usr/sbin/xenmin --version)" = "xenmin $version" ] || fail "installed xenmin's version"
file -L /usr/sbin/xenmin | grep -q 'dynamically linked' || fail "Debian's xenmin is not a glibc build"
# Installed, the pages find each other: lint must say nothing at all (but
# for mandoc's note that its own page index, mandoc.db, is not rebuilt).
for p in /usr/share/man/man8/xenmin.8.gz /usr/share/man/man5/xenmin-schedule.5.gz; do
	out=$(zcat "$p" | mandoc -Tlint 2>&1 | grep -v 'outdated mandoc.db lacks') || :
	[ -z "$out" ] || { echo "$out"; fail "mandoc -Tlint $p"; }
done
out=$(systemd-analyze verify /lib/systemd/system/xenmin.service 2>&1) || { echo "$out"; fail "systemd-analyze verify"; }
[ -z "$out" ] || { echo "$out"; fail "systemd-analyze verify said something"; }
# Installed disabled: no rc.d links, no wants link.
! ls /etc/rc2.d/S*xenmin >/dev/null 2>&1 || fail "init script enabled at install"
[ ! -e /etc/systemd/system/multi-user.target.wants/xenmin.service ] || fail "unit enabled at install"
/etc/init.d/xenmin frobnicate >/dev/null 2>&1 && fail "init script accepts any action"
apt-get purge -y -q -o DPkg::Lock::Timeout=300 xenmin >/dev/null
trap - EXIT
[ ! -e /usr/sbin/xenmin ] && [ ! -e /etc/default/xenmin ] || fail "purge left files"
echo "ok: $deb builds, lintian has no errors, installs and purges"
