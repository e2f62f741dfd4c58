#!/bin/bash
# SPDX-License-Identifier: MIT
# Proof that the ABI cross-check (src/abi_check.c) catches a wrong
# definition: copies include/, breaks one thing in the copy (two fields of a
# struct swapped, so offsets change but sizes and our own asserts do not; a
# constant changed) and compiles abi_check.c against it and Xen's headers.
# Each broken copy must fail with the assert that names the field or
# constant; the unbroken copy must compile, and a broken copy must still
# compile without Xen's headers (only the cross-check can see these slips).
#
#   tests/abi/break.sh CC SOURCE_DIR XEN_STAGE [CFLAGS...]
# XEN_STAGE holds xen/ (the build's staged headers). CTest runs it as
# abi.break whenever the build found Xen's headers.
set -u
cc=$1 src=$2 xen=$3
shift 3
cflags=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# check NAME: compile abi_check.c with $tmp/NAME/ first on the include path.
check() {
	"$cc" "${cflags[@]}" -std=gnu11 -fsyntax-only -I"$tmp/$1" \
		-I"$src/include" -isystem "$xen" "$src/src/abi_check.c" \
		>"$tmp/$1.log" 2>&1
}

# broken NAME FILE SED_EXPR EXPECTED: break FILE (in the copy) with
# SED_EXPR; the cross-check must fail and say EXPECTED.
broken() {
	local name=$1 file=$2 expr=$3 want=$4
	mkdir -p "$tmp/$name"
	cp "$src/include/"*.h "$tmp/$name/"
	sed -i "$expr" "$tmp/$name/$file"
	if cmp -s "$src/include/$file" "$tmp/$name/$file"; then
		echo "FAIL $name: the edit did not apply to $file (update this test)"
		fail=1
		return
	fi
	if check "$name"; then
		echo "FAIL $name: the cross-check accepted a broken $file"
		fail=1
	elif ! grep -qF -- "$want" "$tmp/$name.log"; then
		echo "FAIL $name: failed, but without naming it ('$want'):"
		cat "$tmp/$name.log"
		fail=1
	else
		echo "ok   $name: $(grep -F -- "$want" "$tmp/$name.log" | head -n 1 |
			sed 's/.*error: //')"
	fi
	# Without Xen's headers nothing can tell: abi.c includes only ours.
	if ! "$cc" "${cflags[@]}" -std=gnu11 -fsyntax-only -I"$tmp/$name" \
		"$src/src/abi.c" >"$tmp/$name.ours.log" 2>&1; then
		echo "FAIL $name: broken copy does not compile without Xen's headers"
		cat "$tmp/$name.ours.log"
		fail=1
	fi
}

mkdir -p "$tmp/intact"
cp "$src/include/"*.h "$tmp/intact/"
if check intact; then
	echo "ok   intact: our definitions match Xen's headers"
else
	echo "FAIL intact: the unbroken copy does not pass the cross-check:"
	cat "$tmp/intact.log"
	exit 1
fi

# readconsole: index and count swapped (same size, so xm_xen.h's own
# asserts pass; Xen would read the buffer size as the index).
broken field-offset xm_xen.h \
	'/^struct xm_sysctl_readconsole {/,/^};/{s/^\tuint32_t index;$/\tuint32_t count_tmp;/;s/^\tuint32_t count; .*$/\tuint32_t index;/;s/count_tmp/count/}' \
	'struct xm_sysctl_readconsole field index differs from Xen struct xen_sysctl_readconsole'
# evtchn_status: status and vcpu swapped.
broken field-swap xm_xen.h \
	'/^struct xm_evtchnop_status {/,/^};/{s/^\tuint32_t status; .*$/\tuint32_t vcpu_tmp;/;s/^\tuint32_t vcpu;$/\tuint32_t status;/;s/vcpu_tmp/vcpu/}' \
	'struct xm_evtchnop_status field status differs from Xen struct evtchn_status'
# A sub-op number.
broken constant xm_xen.h \
	's/^#define XM_DOMCTL_pausedomain 3$/#define XM_DOMCTL_pausedomain 30/' \
	'XM_DOMCTL_pausedomain differs from Xen XEN_DOMCTL_pausedomain'
# Every release's domctl version off by 0x10: whichever release the
# headers are from, no row matches them any more.
broken ifver-table xm_abi.h \
	's/^\(\tR([0-9]*, [0-9]*, 0x\)1/\12/' \
	'are no row of XM_IFVER_TABLE'

exit $fail
