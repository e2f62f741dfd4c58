// SPDX-License-Identifier: MIT
/*
 * What a failure means, as one table: for an operation context and an
 * errno, the words the user reads and the exit code scripts branch on.
 * xm_errwords and xm_errexit both read it, so the words and the code of a
 * failure cannot drift apart. Never a bare errno: what no row names falls
 * back to the C library's words (xm_strerror) and exit code 2.
 */
#include <errno.h>

#include "xenmin.h"

#define ANY 0xff /* a row for every context, after the rows of each one */

struct errword {
	unsigned char what;  /* enum xm_what, or ANY */
	unsigned short err;  /* errno; 0: every errno of this context */
	unsigned char exit;  /* enum xm_exit */
	const char *words;   /* NULL: the words of the ANY row, if one */
};

/* The first row that fits wins: context rows, then the ANY rows. */
static const struct errword rows[] = {
	{ XM_W_OPEN, ENOENT, XM_EXIT_NOXEN, "not running on Xen, or the "
	  "xen-privcmd module is not loaded" },
	{ XM_W_OPEN, ENODEV, XM_EXIT_NOXEN, "not running on Xen, or the "
	  "xen-privcmd module is not loaded" },
	{ XM_W_OPEN, ENXIO, XM_EXIT_NOXEN, "not running on Xen, or the "
	  "xen-privcmd module is not loaded" },
	{ XM_W_OPEN, EACCES, XM_EXIT_PERM, "permission denied opening "
	  "/dev/xen/privcmd (xenmin must run as root in the control domain)" },
	{ XM_W_OPEN, EPERM, XM_EXIT_PERM, "permission denied opening "
	  "/dev/xen/privcmd (xenmin must run as root in the control domain)" },
	{ XM_W_OPEN, ENOMEM, XM_EXIT_INTERNAL, NULL },
	{ XM_W_OPEN, 0, XM_EXIT_NOXEN, NULL },

	{ XM_W_PAUSE, ESRCH, XM_EXIT_REFUSED, "no such domain" },
	{ XM_W_PAUSE, EINVAL, XM_EXIT_REFUSED,
	  "Xen refused: a domain cannot pause itself" },
	{ XM_W_PAUSE, EUSERS, XM_EXIT_REFUSED,
	  "Xen refused: the domain's pause count is at its limit" },
	{ XM_W_UNPAUSE, ESRCH, XM_EXIT_REFUSED, "no such domain" },
	{ XM_W_UNPAUSE, EINVAL, XM_EXIT_REFUSED, "not paused by the toolstack "
	  "(Xen counts pauses; there is no pause left to undo)" },
	{ XM_W_DOMAIN, ESRCH, XM_EXIT_REFUSED, "no such domain" },
	{ XM_W_DESTROY, ESRCH, XM_EXIT_REFUSED, "no such domain" },
	{ XM_W_DESTROY, EINVAL, XM_EXIT_REFUSED,
	  "Xen refused: a domain cannot destroy itself" },
	{ XM_W_SHUTDOWN, ESRCH, XM_EXIT_REFUSED, "no such domain" },
	{ XM_W_SETHANDLE, ESRCH, XM_EXIT_REFUSED, "no such domain" },

	{ XM_W_A653, ESRCH, XM_EXIT_REFUSED, "no such cpupool" },
	{ XM_W_A653, EINVAL, XM_EXIT_REFUSED, "Xen refused the ARINC 653 "
	  "request: the pool does not run arinc653, or the schedule breaks a "
	  "rule (1 to 64 entries, runtimes > 0, their sum within the major "
	  "frame)" },
	{ XM_W_A653, ENOSYS, XM_EXIT_INTERFACE, "Xen was built without sysctl "
	  "(CONFIG_SYSCTL=n): this operation is not available" },
	{ XM_W_SYSCTL, ENOSYS, XM_EXIT_INTERFACE, "Xen was built without "
	  "sysctl (CONFIG_SYSCTL=n): this operation is not available" },

	{ XM_W_CONSOLE, EBUSY, XM_EXIT_REFUSED,
	  "its console is served already (by xenconsoled?)" },
	{ XM_W_CONSOLE, EPROTO, XM_EXIT_INTERNAL,
	  "the guest's console ring is corrupt" },
	{ XM_W_CONSOLE, ENOENT, XM_EXIT_REFUSED,
	  "/dev/xen/evtchn is missing (load xen-evtchn)" },
	{ XM_W_CONSOLE, ENODEV, XM_EXIT_REFUSED,
	  "/dev/xen/evtchn is missing (load xen-evtchn)" },
	{ XM_W_CONSOLE, ESRCH, XM_EXIT_REFUSED, "no such domain" },
	{ XM_W_CONSOLE, ENXIO, XM_EXIT_REFUSED, "no console ring found (grant "
	  "entry 0 empty, or no free port): try --follow" },
	{ XM_W_CONSOLE, ENOTTY, XM_EXIT_REFUSED,
	  "cannot map the console page" },
	{ XM_W_CONSOLE, EFAULT, XM_EXIT_INTERNAL,
	  "cannot map the console page" },
	{ XM_W_CONSOLE, EINVAL, XM_EXIT_REFUSED,
	  "cannot map the console page" },

	{ XM_W_POOL_NEW, EEXIST, XM_EXIT_REFUSED, "the id is taken" },
	{ XM_W_POOL_NEW, ENOENT, XM_EXIT_INTERFACE,
	  "this Xen is built without that scheduler" },
	{ XM_W_POOL_NEW, ENOSPC, XM_EXIT_REFUSED,
	  "Xen allows no more cpupools (two per CPU)" },
	{ XM_W_POOL, ENOENT, XM_EXIT_REFUSED, "no such cpupool" },
	{ XM_W_POOL, EBUSY, XM_EXIT_REFUSED,
	  "Xen refused: the cpupool has domains" },
	{ XM_W_POOL, ENODEV, XM_EXIT_REFUSED,
	  "Xen refused: the CPU is not free, or offline" },
	{ XM_W_POOL, EADDRNOTAVAIL, XM_EXIT_REFUSED,
	  "Xen refused: the CPU is not there, or another is moving" },
	{ XM_W_POOL, EINVAL, XM_EXIT_REFUSED,
	  "Xen refused: no such CPU, or CPU 0 of Pool-0" },
	{ XM_W_POOL, EAGAIN, XM_EXIT_REFUSED,
	  "a vCPU would not leave the CPU (16 tries)" },
	{ XM_W_POOL, EADDRINUSE, XM_EXIT_REFUSED,
	  "a vCPU is pinned to the CPU for now (16 tries)" },
	{ XM_W_MOVE, ENOENT, XM_EXIT_REFUSED, "no such cpupool, or no CPU in it" },
	{ XM_W_MOVE, EPERM, XM_EXIT_REFUSED,
	  "Xen refused: it is the domain xenmin runs in" },
	{ XM_W_MOVE, EBUSY, XM_EXIT_REFUSED, "a vCPU is pinned for now" },
	{ XM_W_VCPU, EINVAL, XM_EXIT_REFUSED,
	  "Xen refused: no such vCPU, or no CPU of its cpupool" },
	{ XM_W_VCPU, EBUSY, XM_EXIT_REFUSED, "the vCPU is pinned for now" },
	{ XM_W_VIRQ, EEXIST, XM_EXIT_REFUSED, "another program of this domain "
	  "has it bound (xenstored binds VIRQ_DOM_EXC; xenconsoled --log=hv, "
	  "VIRQ_CON_RING)" },
	{ XM_W_VIRQ, EBUSY, XM_EXIT_REFUSED,
	  "Xen sends it to another domain" },
	{ XM_W_VIRQ, ENOENT, XM_EXIT_REFUSED,
	  "/dev/xen/evtchn is missing (load xen-evtchn)" },
	{ XM_W_VIRQ, ENODEV, XM_EXIT_REFUSED,
	  "/dev/xen/evtchn is missing (load xen-evtchn)" },

	{ ANY, EACCES, XM_EXIT_INTERFACE, "Xen refused the interface version "
	  "xenmin used (unsupported Xen build)" },
	{ ANY, EPERM, XM_EXIT_PERM, "permission denied by Xen (this domain is "
	  "not the control domain, or XSM policy forbids it)" },
	{ ANY, ENOSYS, XM_EXIT_INTERFACE,
	  "Xen does not implement this operation" },
	{ ANY, EPROTONOSUPPORT, XM_EXIT_INTERFACE,
	  "no interface version of this Xen is known to xenmin" },
	{ ANY, EFAULT, XM_EXIT_INTERNAL,
	  "Xen could not access the hypercall buffer (a xenmin bug)" },
	{ ANY, ENOMEM, XM_EXIT_INTERNAL, "out of memory" },
	{ ANY, EPROTO, XM_EXIT_INTERNAL,
	  "Xen returned an answer xenmin cannot decode" },
	{ ANY, ESRCH, XM_EXIT_REFUSED, "no such domain or cpupool" },
	{ ANY, EINVAL, XM_EXIT_REFUSED, "Xen refused the request as invalid" },
	{ ANY, EBUSY, XM_EXIT_REFUSED,
	  "Xen is busy with this object; try again" },
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

const char *xm_errwords(enum xm_what w, int err)
{
	const struct errword *r = find(w, err);

	if (r && !r->words)
		r = find(ANY, err);
	return r ? r->words : xm_strerror(err);
}

int xm_errexit(enum xm_what w, int err)
{
	const struct errword *r = find(w, err);

	return r ? r->exit : XM_EXIT_REFUSED;
}

int xm_fail(const struct xm_cli *c, const char *what, enum xm_what w, int err)
{
	if (err < 0)
		err = -err;
	xm_err(c, what, "%s", xm_errwords(w, err));
	return xm_errexit(w, err);
}
