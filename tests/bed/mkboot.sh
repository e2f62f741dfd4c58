#!/bin/bash
# SPDX-License-Identifier: MIT
# mkboot.sh BED OUT [bad]: writes OUT, the script a boot test hands to the bed as
# XM_BOOT_SCRIPT (tests/bed/README.md, boot tests). Run by dom0's init while it boots
# (on x86 after xl has created the domUs), it installs xenmin's own boot script
# (boot/xenmin-boot.in, with the bed's paths: xenmin is /bin/xenmin) as
# /etc/init.d/xenmin, its settings and a schedule for the bed, then runs
# `/etc/init.d/xenmin start` as a busybox init would. The live files boot_arm64.bats,
# boot_x86.bats and bootbad_arm64.bats check the result.
#
# arm64-4.17 (dom0less, ARINC 653 built in): d1 and d2 are in the arinc653 Pool-1 with the
# zero UUID and get no CPU time until a schedule names them, so the boot script must use
# --assign-uuids, and only the schedule it sets can make them run. x86-4.17 (ARINC 653 for
# the whole system): Xen's default schedule runs dom0 alone; xl gave d1 and d2 the UUIDs
# of tests/bed/domus.env. At halt, d2 is shut down by name (domains file). "bad": the
# schedule file has an error (a slot longer than the major frame), so start must fail
# loudly and the domUs stay without CPU time.
set -eu
cd "$(dirname "$0")/../.."
bed=$1 out=$2 bad=${3:-}
. tests/bed/domus.env
case $bed in
arm64-4.17)
	sched="cpupool 1
major_frame 20ms
domain d1 domid 1
domain d2 domid 2
slot d1 12ms
slot d2 8ms"
	domains="domain d1 domid 1
domain d2 domid 2"
	args=--assign-uuids
	;;
x86-4.17)
	sched="cpupool 0
major_frame 30ms
domain dom0 domid 0
domain d1 uuid $XM_UUID_d1
domain d2 uuid $XM_UUID_d2
slot dom0 10ms
slot d1 10ms
slot d2 10ms"
	domains="domain d1 uuid $XM_UUID_d1
domain d2 uuid $XM_UUID_d2"
	args=
	;;
*) echo "mkboot.sh: no boot test for bed $bed" >&2; exit 64 ;;
esac
[ "$bad" != bad ] || sched="$sched
slot d1 25ms"
{
	cat <<XMHEAD
#!/bin/sh
mkdir -p /etc/xenmin /etc/default /etc/init.d
cat > /etc/xenmin/schedule.cfg <<'XMEOF'
# applied at boot by /etc/init.d/xenmin (tests/bed/mkboot.sh)
$sched
XMEOF
cat > /etc/xenmin/domains <<'XMEOF'
$domains
XMEOF
cat > /etc/default/xenmin <<'XMEOF'
XENMIN_SET_ARGS=$args
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
