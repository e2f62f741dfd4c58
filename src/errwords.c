// SPDX-License-Identifier: MIT
/*
 * What a failure means, as one table: for an operation context and an
 * errno, the words the user reads and the exit code scripts branch on.
 * xm_errwords and xm_errexit both read it, so the words and the code of a
 * failure cannot drift apart. Never a bare errno: what no row names falls
 * back to the C library's words (xm_strerror) and exit code 2.
 */
#include <errno.h>

#include "help.h"
#include "hypfs.h"
#include "xenmin.h"
#include "xsm.h"

#define ANY 0xff /* a row for every context, after the rows of each one */

/*
 * The words, by number: line N of the section ":errwords" of the help
 * texts (src/help.txt, in this order), where they are stored compressed
 * with the help. Only a failure reads them, so only a failure inflates.
 */
enum word {
	W_ANY, /* the words of the ANY row for the errno */
	W_NOXEN,
	W_OPEN_PERM,
	W_NODOM,
	W_PAUSE_SELF,
	W_PAUSE_MAX,
	W_NOT_PAUSED,
	W_DESTROY_SELF,
	W_NOPOOL,
	W_A653_RULES,
	W_NO_SYSCTL,
	W_CONS_SERVED,
	W_RING_CORRUPT,
	W_NO_EVTCHN,
	W_NO_RING,
	W_NO_MAP,
	W_ID_TAKEN,
	W_NO_SCHED,
	W_POOL_MAX,
	W_POOL_DOMS,
	W_CPU_BUSY,
	W_CPU_GONE,
	W_CPU_INVAL,
	W_VCPU_STAYS,
	W_VCPU_PINNED,
	W_MOVE_NOPOOL,
	W_MOVE_SELF,
	W_MOVE_PINNED,
	W_VCPU_INVAL,
	W_VCPU_BUSY,
	W_VIRQ_BOUND,
	W_VIRQ_OTHER,
	W_IFVER,
	W_PERM,
	W_NOSYS,
	W_NO_IFVER,
	W_FAULT,
	W_NOMEM,
	W_PROTO,
	W_NOSUCH,
	W_INVAL,
	W_BUSY,
	W_XSM_FLASK,
	W_XSM_SILO,
	W_XSM_DUMMY,
	W_XSM_OTHER,
	W_COUNT
};

struct errword {
	unsigned char what;  /* enum xm_what, or ANY */
	unsigned char err;   /* errno; 0: every errno of this context */
	unsigned char exit;  /* enum xm_exit */
	unsigned char words; /* enum word; W_ANY: the words of the ANY row */
};
_Static_assert(EADDRNOTAVAIL < 256 && EPROTONOSUPPORT < 256 && EUSERS < 256,
	       "the errnos of the table fit in a byte");

/* The first row that fits wins: context rows, then the ANY rows. */
static const struct errword rows[] = {
	{ XM_W_OPEN, ENOENT, XM_EXIT_NOXEN, W_NOXEN },
	{ XM_W_OPEN, ENODEV, XM_EXIT_NOXEN, W_NOXEN },
	{ XM_W_OPEN, ENXIO, XM_EXIT_NOXEN, W_NOXEN },
	{ XM_W_OPEN, EACCES, XM_EXIT_PERM, W_OPEN_PERM },
	{ XM_W_OPEN, EPERM, XM_EXIT_PERM, W_OPEN_PERM },
	{ XM_W_OPEN, ENOMEM, XM_EXIT_INTERNAL, W_ANY },
	{ XM_W_OPEN, 0, XM_EXIT_NOXEN, W_ANY },
	{ XM_W_PAUSE, ESRCH, XM_EXIT_REFUSED, W_NODOM },
	{ XM_W_PAUSE, EINVAL, XM_EXIT_REFUSED, W_PAUSE_SELF },
	{ XM_W_PAUSE, EUSERS, XM_EXIT_REFUSED, W_PAUSE_MAX },
	{ XM_W_UNPAUSE, ESRCH, XM_EXIT_REFUSED, W_NODOM },
	{ XM_W_UNPAUSE, EINVAL, XM_EXIT_REFUSED, W_NOT_PAUSED },
	{ XM_W_DOMAIN, ESRCH, XM_EXIT_REFUSED, W_NODOM },
	{ XM_W_DESTROY, ESRCH, XM_EXIT_REFUSED, W_NODOM },
	{ XM_W_DESTROY, EINVAL, XM_EXIT_REFUSED, W_DESTROY_SELF },
	{ XM_W_SHUTDOWN, ESRCH, XM_EXIT_REFUSED, W_NODOM },
	{ XM_W_SETHANDLE, ESRCH, XM_EXIT_REFUSED, W_NODOM },
	{ XM_W_A653, ESRCH, XM_EXIT_REFUSED, W_NOPOOL },
	{ XM_W_A653, EINVAL, XM_EXIT_REFUSED, W_A653_RULES },
	{ XM_W_A653, ENOSYS, XM_EXIT_INTERFACE, W_NO_SYSCTL },
	{ XM_W_SYSCTL, ENOSYS, XM_EXIT_INTERFACE, W_NO_SYSCTL },
	{ XM_W_CONSOLE, EBUSY, XM_EXIT_REFUSED, W_CONS_SERVED },
	{ XM_W_CONSOLE, EPROTO, XM_EXIT_REFUSED, W_RING_CORRUPT },
	{ XM_W_CONSOLE, ENOENT, XM_EXIT_REFUSED, W_NO_EVTCHN },
	{ XM_W_CONSOLE, ENODEV, XM_EXIT_REFUSED, W_NO_EVTCHN },
	{ XM_W_CONSOLE, ESRCH, XM_EXIT_REFUSED, W_NODOM },
	{ XM_W_CONSOLE, ENXIO, XM_EXIT_REFUSED, W_NO_RING },
	{ XM_W_CONSOLE, ENOTTY, XM_EXIT_REFUSED, W_NO_MAP },
	{ XM_W_CONSOLE, EFAULT, XM_EXIT_INTERNAL, W_NO_MAP },
	{ XM_W_CONSOLE, EINVAL, XM_EXIT_REFUSED, W_NO_MAP },
	{ XM_W_POOL_NEW, EEXIST, XM_EXIT_REFUSED, W_ID_TAKEN },
	{ XM_W_POOL_NEW, ENOENT, XM_EXIT_INTERFACE, W_NO_SCHED },
	{ XM_W_POOL_NEW, ENOSPC, XM_EXIT_REFUSED, W_POOL_MAX },
	{ XM_W_POOL, ENOENT, XM_EXIT_REFUSED, W_NOPOOL },
	{ XM_W_POOL, EBUSY, XM_EXIT_REFUSED, W_POOL_DOMS },
	{ XM_W_POOL, ENODEV, XM_EXIT_REFUSED, W_CPU_BUSY },
	{ XM_W_POOL, EADDRNOTAVAIL, XM_EXIT_REFUSED, W_CPU_GONE },
	{ XM_W_POOL, EINVAL, XM_EXIT_REFUSED, W_CPU_INVAL },
	{ XM_W_POOL, EAGAIN, XM_EXIT_REFUSED, W_VCPU_STAYS },
	{ XM_W_POOL, EADDRINUSE, XM_EXIT_REFUSED, W_VCPU_PINNED },
	{ XM_W_MOVE, ENOENT, XM_EXIT_REFUSED, W_MOVE_NOPOOL },
	{ XM_W_MOVE, EPERM, XM_EXIT_REFUSED, W_MOVE_SELF },
	{ XM_W_MOVE, EBUSY, XM_EXIT_REFUSED, W_MOVE_PINNED },
	{ XM_W_VCPU, EINVAL, XM_EXIT_REFUSED, W_VCPU_INVAL },
	{ XM_W_VCPU, EBUSY, XM_EXIT_REFUSED, W_VCPU_BUSY },
	{ XM_W_VIRQ, EEXIST, XM_EXIT_REFUSED, W_VIRQ_BOUND },
	{ XM_W_VIRQ, EBUSY, XM_EXIT_REFUSED, W_VIRQ_OTHER },
	{ XM_W_VIRQ, ENOENT, XM_EXIT_REFUSED, W_NO_EVTCHN },
	{ XM_W_VIRQ, ENODEV, XM_EXIT_REFUSED, W_NO_EVTCHN },
	{ XM_W_EVTCHN, ESRCH, XM_EXIT_REFUSED, W_NODOM },
	{ ANY, EACCES, XM_EXIT_INTERFACE, W_IFVER },
	{ ANY, EPERM, XM_EXIT_PERM, W_PERM },
	{ ANY, ENOSYS, XM_EXIT_INTERFACE, W_NOSYS },
	{ ANY, EPROTONOSUPPORT, XM_EXIT_INTERFACE, W_NO_IFVER },
	{ ANY, EFAULT, XM_EXIT_INTERNAL, W_FAULT },
	{ ANY, ENOMEM, XM_EXIT_INTERNAL, W_NOMEM },
	{ ANY, EPROTO, XM_EXIT_INTERNAL, W_PROTO },
	{ ANY, ESRCH, XM_EXIT_REFUSED, W_NOSUCH },
	{ ANY, EINVAL, XM_EXIT_REFUSED, W_INVAL },
	{ ANY, EBUSY, XM_EXIT_REFUSED, W_BUSY },
};

static const struct errword *find(unsigned what, int err)
{
	for (const struct errword *r = rows;
	     r < rows + sizeof(rows) / sizeof(rows[0]); r++)
		if ((r->what == what || r->what == ANY) &&
		    (r->err == err || !r->err))
			return r;
	return NULL;
}

/* Words number @n (enum word), or NULL. */
static const char *word(unsigned n)
{
	const char *t = n ? xm_help_line(":errwords", n - 1) : "";

	return *t ? t : NULL;
}

const char *xm_errwords(enum xm_what w, int err)
{
	const struct errword *r = find(w, err);
	const char *t;

	if (r && !r->words)
		r = find(ANY, err);
	t = r ? word(r->words) : NULL;
	return t ? t : xm_strerror(err);
}

int xm_errexit(enum xm_what w, int err)
{
	const struct errword *r = find(w, err);

	return r ? r->exit : XM_EXIT_REFUSED;
}

/*
 * A refusal from Xen's security policy, said as one: EPERM is the verdict
 * of Xen's XSM hook (the dummy policy's "only the control domain" too),
 * EACCES FLASK's (where FLASK does not answer, EACCES is Xen refusing the
 * interface version: not this). Which policy is in force is asked only
 * now, on the way out (xsm.h). Prints and returns 77, or -1: not one
 * (a context with its own words for the errno keeps them).
 */
static int xsm_denial(const struct xm_cli *c, const char *what,
		      enum xm_what w, int err)
{
	struct xm_xen x;
	struct xm_caps k;
	struct xm_xsm xs;
	const char *why;
	unsigned n;
	const struct errword *own = find(w, err);

	/* A context that knows what its EPERM means (MOVE) says that. */
	if ((err != EPERM && err != EACCES) || (own && own->what != ANY) ||
	    w == XM_W_VERSION || !c->xen.t)
		return -1;
	x = c->xen; /* the error path asks on a copy: c stays as it was */
	xm_xsm_policy(&x, xm_build_caps(&x, &k) ? NULL : &k, &xs);
	if (xs.policy == XM_XSM_FLASK)
		n = W_XSM_FLASK;
	else if (err == EACCES)
		return -1;
	else if (xs.policy == XM_XSM_SILO)
		n = W_XSM_SILO;
	else if (xs.policy == XM_XSM_DUMMY)
		n = W_XSM_DUMMY;
	else
		n = W_XSM_OTHER;
	why = word(n);
	if (!why)
		why = xm_strerror(err);
	xm_err(c, what, "%s", why);
	return XM_EXIT_PERM;
}

int xm_fail(const struct xm_cli *c, const char *what, enum xm_what w, int err)
{
	int rc;

	if (err < 0)
		err = -err;
	rc = xsm_denial(c, what, w, err);
	if (rc >= 0)
		return rc;
	xm_err(c, what, "%s", xm_errwords(w, err));
	return xm_errexit(w, err);
}
