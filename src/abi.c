// SPDX-License-Identifier: MIT
/*
 * The interface-version table: which domctl/sysctl interface_version each
 * Xen release expects (a wrong one gets EACCES). Only these numbers changed
 * between 4.17 and 4.22 for the calls xenmin makes; the layouts are pinned
 * by the static asserts in xm_abi.h. Releases outside the table are probed
 * (xenops.c), so a new Xen works without a new xenmin if its layouts hold.
 */
#include "xm_abi.h"

/* Read from xen/include/public/{domctl,sysctl}.h at each release tag. */
const struct xm_ifver xm_ifver_table[] = {
	{ 4, 17, 0x15, 0x15 },
	{ 4, 18, 0x16, 0x15 },
	{ 4, 19, 0x17, 0x15 },
	{ 4, 20, 0x17, 0x15 },
	{ 4, 21, 0x17, 0x16 },
	{ 4, 22, 0x18, 0x16 },
};
const size_t xm_ifver_table_len =
	sizeof(xm_ifver_table) / sizeof(xm_ifver_table[0]);

const struct xm_ifver *xm_ifver_lookup(unsigned major, unsigned minor)
{
	for (size_t i = 0; i < xm_ifver_table_len; i++)
		if (xm_ifver_table[i].major == major &&
		    xm_ifver_table[i].minor == minor)
			return &xm_ifver_table[i];
	return NULL;
}

const char *xm_sched_name(uint32_t id)
{
	switch (id) {
	case XM_SCHED_CREDIT:
		return "credit";
	case XM_SCHED_CREDIT2:
		return "credit2";
	case XM_SCHED_ARINC653:
		return "arinc653";
	case XM_SCHED_RTDS:
		return "rtds";
	case XM_SCHED_NULL:
		return "null";
	}
	return "unknown";
}
