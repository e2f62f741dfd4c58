// SPDX-License-Identifier: MIT
/*
 * The interface-version table as data (its rows are XM_IFVER_TABLE in
 * xm_abi.h) and the names xenmin prints for Xen's scheduler ids. The
 * layouts themselves are pinned by the static asserts in xm_abi.h and
 * xm_xen.h. Releases outside the table are probed (xenops.c), so a new Xen
 * works without a new xenmin if its layouts hold.
 */
#include "xm_abi.h"

#define XM_IFVER_ROW(ma, mi, d, s) { ma, mi, d, s },
const struct xm_ifver xm_ifver_table[] = { XM_IFVER_TABLE(XM_IFVER_ROW) };
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
	return NULL;
}
