// SPDX-License-Identifier: MIT
/*
 * Interface versions: the table as data (its rows are XM_IFVER_TABLE in
 * xm_abi.h) and the choice made at open, from the table for a release in
 * it, else by probing, so a new Xen works without a new xenmin if its
 * layouts hold. Also the names xenmin prints for Xen's scheduler ids. The
 * layouts themselves are pinned by the static asserts in xm_abi.h and
 * xm_xen.h.
 */
#include <errno.h>

#include "domstate.h"
#include "xenops.h"
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

/* A version is right when Xen says anything but EACCES (checked first). */
static int probe_sysctl(struct xm_xen *x, uint32_t v)
{
	struct xm_sysctl s = { .cmd = XM_SYSCTL_getdomaininfolist };
	int r = xm_sysctl_at(x, &s, v, "getdomaininfolist(probe)");

	return r == -EACCES ? 0 : (r == -ENOSYS ? -ENOSYS : 1);
}

static int probe_domctl(struct xm_xen *x, uint32_t v)
{
	/* Harmless: no domain has this id, and Xen checks the version first. */
	struct xm_domctl d = { .cmd = XM_DOMCTL_getdomaininfo,
			       .domain = XM_DOMID_INVALID };
	int r = xm_domctl_at(x, &d, v, "getdomaininfo(probe)");

	return r == -EACCES ? 0 : 1;
}

int xm_ifver_pick(struct xm_xen *x)
{
	const struct xm_ifver *iv = xm_ifver_lookup(x->major, x->minor);
	int r;

	if (iv) {
		x->domctl_if = iv->domctl;
		x->sysctl_if = iv->sysctl;
		return 0;
	}

	/* Not a release we know: find the numbers Xen accepts, as krata does. */
	x->probed = 1;
	x->tried_lo = XM_IFVER_PROBE_MIN;
	x->tried_hi = XM_IFVER_PROBE_MAX;
	for (uint32_t v = XM_IFVER_PROBE_MAX; v >= XM_IFVER_PROBE_MIN; v--) {
		r = probe_domctl(x, v);
		if (r == 1) {
			x->domctl_if = v;
			break;
		}
	}
	for (uint32_t v = XM_IFVER_PROBE_MAX; v >= XM_IFVER_PROBE_MIN; v--) {
		r = probe_sysctl(x, v);
		if (r == -ENOSYS) {
			/* Built without sysctl: domctls may still work. */
			x->sysctl_absent = 1;
			break;
		}
		if (r == 1) {
			x->sysctl_if = v;
			break;
		}
	}
	if (!x->domctl_if)
		return -EPROTONOSUPPORT;
	return 0;
}

const char *xm_sched_name(uint32_t id)
{
	/* ids 5 to 9, in order */
	return id - XM_SCHED_CREDIT <= XM_SCHED_NULL - XM_SCHED_CREDIT
		       ? xm_nth("credit\0credit2\0arinc653\0rtds\0null",
				id - XM_SCHED_CREDIT)
		       : NULL;
}
