// SPDX-License-Identifier: MIT
/*
 * Which XSM policy is in force (operations layer, src/xsm.c). Xen has no
 * call that says so, so xenmin puts together what can be known: FLASK
 * answers its own xsm_op (FLASK_GETENFORCE) and no other policy does;
 * the .config (hypfs) says which policies are built and the default;
 * Xen's boot messages, while its console ring still holds them, say
 * whether SILO was initialised ("Initialising XSM SILO mode") or XSM came
 * up with neither. A boot option (xsm=) can override the default, so the
 * default alone is reported as such.
 */
#ifndef XM_XSM_H
#define XM_XSM_H

#include "xencfg.h"
#include "xenops.h"

enum xm_xsm_policy {
	XM_XSM_UNKNOWN,
	XM_XSM_DUMMY, /* only the control domain may (Xen without XSM too) */
	XM_XSM_SILO,  /* the dummy's rules, and domUs talk only to dom0 */
	XM_XSM_FLASK, /* a FLASK policy: enforcing, or permissive */
};

struct xm_xsm {
	enum xm_xsm_policy policy;
	int enforcing; /* FLASK: 1 enforcing, 0 permissive; else -1 */
	const char *from; /* how it is known, in words */
};

/*
 * The policy in force on @x. @caps: the build's .config (NULL if hypfs
 * could not tell). Makes at most one xsm_op and, only where the build
 * cannot settle it, one pass over Xen's console ring. Never fails: what
 * cannot be known is XM_XSM_UNKNOWN, with why in @out->from.
 */
void xm_xsm_policy(struct xm_xen *x, const struct xm_caps *caps,
		   struct xm_xsm *out);

/* "dummy", "silo", "flask" or "unknown". */
const char *xm_xsm_name(enum xm_xsm_policy p);

#endif
