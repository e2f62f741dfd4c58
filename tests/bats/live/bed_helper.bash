# SPDX-License-Identifier: MIT
# What every live test file needs whatever the bed, loaded by live_helper.bash (x86, with xl
# as witness) and arm64_helper.bash (dom0less, Xen's console as witness): the command
# channel into dom0, copying files there, the hypervisor's build config, and Xen's debug
# keys, through which Xen itself is a witness where no toolstack is.

XM_REPO=$(cd "$BATS_TEST_DIRNAME/../../.." && pwd)

# guest CMD...: run CMD in dom0 (tests/bed/guest; see tests/bed/agent.sh for the channel).
guest() { "$XM_REPO/tests/bed/guest" "$@"; }

# put_lines PATH LINE...: write a file in dom0, one line per argument.
put_lines() { printf '%s\n' "${@:2}" | guest --put - "$1"; }

# xen_built_with OPTION: the bed's hypervisor was built with CONFIG_OPTION=y. bed.sh
# exports XM_XEN_CONFIG, the .config that came with the hypervisor (Debian ships it).
xen_built_with() {
	[ -r "${XM_XEN_CONFIG:-}" ] || { echo "XM_XEN_CONFIG (the hypervisor's .config) is not readable" >&2; return 2; }
	grep -qx "CONFIG_$1=y" "$XM_XEN_CONFIG"
}

# bed_note TEXT: say in the suite's output what this bed cannot do, so a test that checks
# the refusal instead of the feature says so where a reader sees it (bats prints fd 3).
bed_note() { echo "# $XM_BED: $*" >&3; }

# xen_keys KEYS: press Xen debug keys on the bed's serial console; prints what the console
# showed meanwhile (Xen's dumps among the guests' lines).
xen_keys() { guest --xen-keys "$1"; }

# boot_status: the exit status of the script the bed was booted with (XM_BOOT_SCRIPT; dom0's
# init writes it to /tmp/xm-boot.status), once that script has ended (up to 120 s).
boot_status() {
	local i
	for ((i = 0; i < 240; i++)); do
		if guest test -s /tmp/xm-boot.status; then
			guest cat /tmp/xm-boot.status
			return 0
		fi
		sleep 0.5
	done
	echo "the boot script did not end within 120 s" >&2
	return 1
}
