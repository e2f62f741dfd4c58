#!/bin/bash
# SPDX-License-Identifier: MIT
# mkboot.sh BED OUT: writes OUT, the script a boot test hands to the bed as
# XM_BOOT_SCRIPT (tests/bed/README.md, boot tests). Run by dom0's init while
# it boots, it installs xenmin's own boot script (boot/xenmin-boot.in, with
# the bed's paths: xenmin is /bin/xenmin) as /etc/init.d/xenmin, its
# settings and a schedule for the bed, then runs `/etc/init.d/xenmin start`
# as a busybox init would. The live file boot_arm64.bats checks the result.
#
# arm64-4.17 (dom0less, ARINC 653 built in): d1 and d2 are in the arinc653
# Pool-1 with the zero UUID and get no CPU time until a schedule names them,
# so the boot script must use --assign-uuids, and only the schedule it sets
# can make them run. At halt, d2 is shut down by name (domains file).
set -eu
cd "$(dirname "$0")/../.."
bed=$1 out=$2
case $bed in
arm64-4.17) ;;
*) echo "mkboot.sh: no boot test for bed $bed" >&2; exit 64 ;;
esac
{
	cat <<'XMHEAD'
#!/bin/sh
mkdir -p /etc/xenmin /etc/default /etc/init.d
cat > /etc/xenmin/schedule.cfg <<'XMEOF'
# applied at boot by /etc/init.d/xenmin (tests/bed/mkboot.sh)
cpupool 1
major_frame 20ms
domain d1 domid 1
domain d2 domid 2
slot d1 12ms
slot d2 8ms
XMEOF
cat > /etc/xenmin/domains <<'XMEOF'
domain d1 domid 1
domain d2 domid 2
XMEOF
cat > /etc/default/xenmin <<'XMEOF'
XENMIN_SET_ARGS=--assign-uuids
XENMIN_HALT_DOMAINS=d2
XENMIN_LOG=kmsg
XMEOF
cat > /etc/init.d/xenmin <<'XMEOF'
XMHEAD
	sed -e 's|@XM_SBINDIR@|/bin|g' -e 's|@XM_SYSCONFDIR@|/etc|g' boot/xenmin-boot.in
	cat <<'XMTAIL'
XMEOF
chmod 755 /etc/init.d/xenmin
exec /etc/init.d/xenmin start
XMTAIL
} > "$out"
chmod 755 "$out"
