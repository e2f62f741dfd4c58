// SPDX-License-Identifier: MIT
/*
 * Ending domains without a toolstack: `domain destroy` (Xen frees the
 * domain; xenmin retries while Xen is still tearing it down and waits,
 * bounded, until it is gone) and `domain shutdown` (the hard shutdown of
 * SCHEDOP_remote_shutdown: the guest is not asked, Xen stops it and marks
 * it shut down with a reason). Both check every operand before the first
 * write: each names a live domain, none is domain 0 or the domain running
 * xenmin. The caller is the one domain with XENVER_guest_handle's UUID;
 * where several share it (dom0less: all zero), domid 0 if it is one of
 * them, as sched-arinc653 set decides, and otherwise a domain sharing the
 * caller's UUID is refused, since it might be the caller. (Xen refuses a
 * destroy of the calling domain itself, not a shutdown.)
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "domstate.h"
#include "help.h"
#include "names.h"
#include "msg.h"
#include "xenmin.h"
#include "xm_time.h"

#define STOP_TIMEOUT_S 10u
#define NAP_MAX_MS 200

/*
 * The one long text of a normal run, stored compressed with the help: the
 * line of the data section :stop of src/help.txt.
 */
enum {
	T_GONE_SINCE,
};
#define TEXT(n) xm_help_line(":stop", n)

struct target {
	struct xm_dom d;
	struct xm_dominfo info;  /* as last listed */
	int rc;                  /* this domain's exit code so far */
	int done;                /* gone (destroy), shut down (shutdown) */
	int gone;                /* no longer listed */
	int was_down;            /* shutdown: already shut down so */
};

struct stop {
	struct target *t;
	int n;
	int shutdown;            /* the command: 0 destroy, 1 shutdown */
	unsigned timeout_s;
	int64_t deadline;        /* xm_now_ms() */
	unsigned reason;         /* shutdown: XM_SHUTDOWN_* */
};

/* --reason takes the first four of Xen's reasons (xm_reason_name). */
#define NREASONS_ASKED 4u

static unsigned reason_of(const struct xm_dominfo *d)
{
	return XM_DOM_SHUTDOWN_CODE(d->flags);
}

/* Sleep a little longer each time, never past @end; 0 once it is past. */
static int nap(int64_t end, int *ms)
{
	int64_t left = end - xm_now_ms();

	if (left <= 0)
		return 0;
	*ms = *ms < NAP_MAX_MS / 2 ? *ms * 2 : NAP_MAX_MS;
	poll(NULL, 0, left < *ms ? (int)left : *ms);
	return 1;
}

static int opt_reason(struct xm_cli *c, const char *s, unsigned *out)
{
	for (unsigned i = 0; i < NREASONS_ASKED; i++)
		if (!strcmp(s, xm_reason_name(i))) {
			*out = i;
			return 0;
		}
	return xm_usage_msg(c, XM_MSG(m_stop_reason_not_poweroff, "--reason %s: not poweroff, reboot, crash or suspend"), s);
}

/* --timeout S, and for shutdown --reason R; *@ind: the first operand. */
static int stop_opts(struct xm_cli *c, int argc, char **argv, struct stop *s,
		     int *ind)
{
	/* destroy's are shutdown's but --reason */
	static const struct xm_option lo[] = {
		{ "reason", 1, 'r' },
		{ "timeout", 1, 'T' },
		{ 0 },
	};
	struct xm_opt op;
	uint64_t v;
	int o, rc;

	xm_opt_set(&op, argc, argv, s->shutdown ? "T:r:" : "T:",
		   s->shutdown ? lo : lo + 1);
	s->timeout_s = STOP_TIMEOUT_S;
	s->reason = XM_SHUTDOWN_POWEROFF;
	while ((o = xm_getopt(c, &op)) != -1) {
		if (o == 'T' && !xm_parse_u64(op.arg, 0, 3600, &v))
			s->timeout_s = (unsigned)v;
		else if (o == 'T')
			return xm_usage_msg(c, XM_MSG(m_stop_timeout_not_number, "--timeout %s: not a number of seconds (0 to 3600)"), op.arg);
		else if (o == 'r' && (rc = opt_reason(c, op.arg, &s->reason)))
			return rc;
		else if (o != 'r')
			return XM_EXIT_USAGE;
	}
	*ind = op.ind;
	return 0;
}

/* Is @t a domain this command may act on? 0, or its exit code (said). */
static int may_stop(const struct xm_cli *c, const struct stop *s,
		    struct target *t, const struct xm_dominfo *di, int me,
		    const uint8_t self[16])
{
	const char *l = t->d.label;

	if (!di) {
		xm_err_msg(c, l, XM_MSG(m_dom_none, "no such domain"));
		return XM_EXIT_REFUSED;
	}
	t->info = *di;
	if (di->domid == 0)
		xm_err_msg(c, l, XM_MSG(m_stop_hwdom, "refused: domain 0 is the hardware domain, which the whole system depends on"));
	else if (di->domid == me)
		xm_err_msg(c, l, XM_MSG(m_stop_refused_domain_xenmin, "refused: it is the domain xenmin runs in"));
	else if (me < 0 && !memcmp(di->handle, self, 16))
		xm_err_msg(c, l, XM_MSG(m_stop_shared_uuid, "refused: it has the UUID of the domain xenmin runs in, so it may be that domain (give the domains UUIDs of their own)"));
	else if (s->shutdown && (di->flags & XM_DOM_DYING))
		xm_err_msg(c, l, XM_MSG(m_stop_refused_dying_being, "refused: it is dying (being destroyed)"));
	else if (s->shutdown && (di->flags & XM_DOM_SHUTDOWN) &&
		 reason_of(di) != s->reason)
		xm_err_msg(c, l, XM_MSG(m_stop_first_reason, "refused: it is shut down already, with reason %s (Xen keeps a domain's first reason)"),
		       xm_reason_name(reason_of(di)));
	else
		return 0;
	return XM_EXIT_REFUSED;
}

/* The calling domain's domid (-1: cannot tell) and its handle. */
static int whoami(struct xm_cli *c, const struct xm_dominfo *v, size_t n,
		  uint8_t self[16], int *me)
{
	int guessed, r = xm_self_handle(&c->xen, self);

	if (r)
		return xm_fail(c, XM_MSG(m_stop_asking_xen_which, "asking Xen which domain runs xenmin"),
			       XM_W_VERSION, r);
	*me = xm_self_domid(self, v, n, &guessed);
	return 0;
}

/*
 * Every operand into s->t (each domain once), checked against one list of
 * the live domains. 0, or the first operand's exit code: then nothing is
 * to be done.
 */
static int targets(struct xm_cli *c, int n, char **args, struct stop *s)
{
	struct xm_dominfo *v;
	size_t nv;
	uint8_t self[16];
	int me = -1, rc = xm_dom_list(c, &v, &nv), first = 0;

	if (rc)
		return rc;
	rc = whoami(c, v, nv, self, &me);
	s->t = calloc((size_t)n, sizeof(*s->t));
	if (!rc && !s->t)
		rc = XM_EXIT_INTERNAL;
	for (int i = 0; !rc && i < n; i++) {
		struct target *t = &s->t[s->n];
		int r = xm_dom_get(c, args[i], &t->d), dup = 0;

		if (!r)
			r = may_stop(c, s, t,
				     xm_dominfo_find(v, nv, t->d.domid), me,
				     self);
		for (int k = 0; !r && k < s->n; k++)
			dup |= s->t[k].d.domid == t->d.domid;
		if (r && !first)
			first = r;
		s->n += !r && !dup;
	}
	free(v);
	return rc ? rc : first;
}

/*
 * Wait until every target still to be seen to is done (@shut: shown shut
 * down; else gone), or the deadline. 0, or the list call's exit code.
 */
static int await(struct xm_cli *c, struct stop *s)
{
	int ms = 5;

	for (;;) {
		struct xm_dominfo *v;
		size_t nv;
		int left = 0, r = xm_domain_list(&c->xen, &v, &nv);

		if (r)
			return xm_fail(c, "listing domains", XM_W_SYSCTL, r);
		for (int i = 0; i < s->n; i++) {
			struct target *t = &s->t[i];
			const struct xm_dominfo *di;

			if (t->rc || t->done)
				continue;
			di = xm_dominfo_find(v, nv, t->d.domid);
			t->gone = !di;
			if (di)
				t->info = *di;
			t->done = t->gone ||
				  (s->shutdown && (di->flags & XM_DOM_SHUTDOWN));
			left += !t->done;
		}
		free(v);
		if (!left || !nap(s->deadline, &ms))
			return 0;
	}
}

/* One destroy, again while Xen says it is still at it (preempted). */
static int destroy_one(struct xm_cli *c, const struct stop *s,
		       const struct target *t)
{
	int ms = 1, r;

	while ((r = xm_domain_destroy(&c->xen, t->d.domid)) == -ERESTART ||
	       r == -EAGAIN)
		if (!nap(s->deadline, &ms))
			return 0; /* still dying: await() reports it */
	return r ? xm_fail(c, t->d.label, XM_W_DESTROY, r) : 0;
}

static void destroy_report(const struct xm_cli *c, const struct stop *s,
			   struct target *t)
{
	if (t->done) {
		xm_printf("domain %s: destroyed\n", t->d.label);
		return;
	}
	xm_err_msg(c, t->d.label, XM_MSG(m_stop_held, "still dying after %u s: Xen frees a domain once every page it held is released, and something (a backend, a mapping in another domain) still holds one"),
	       s->timeout_s);
	t->rc = XM_EXIT_DYING;
}

static void shutdown_report(const struct xm_cli *c, const struct stop *s,
			    struct target *t)
{
	const char *l = t->d.label, *want = xm_reason_name(s->reason);
	unsigned got = reason_of(&t->info);

	if (!t->done) {
		xm_err_msg(c, l, XM_MSG(m_stop_defers, "shut down requested, not complete after %u s (a vCPU defers it, e.g. for device-model I/O)"),
		       s->timeout_s);
		t->rc = XM_EXIT_TIMEOUT;
	} else if (t->gone) {
		xm_printf("domain %s: shut down (reason %s), %s\n", l, want,
			  TEXT(T_GONE_SINCE));
	} else if (got != s->reason) {
		xm_err_msg(c, l, XM_MSG(m_stop_latched, "left shut down with reason %s, not %s: the guest had latched that reason, which Xen keeps (a shutdown cannot be undone)"),
		       xm_reason_name(got), want);
		t->rc = XM_EXIT_LEFT;
	} else {
		xm_printf("domain %s: %s (reason %s)\n", l,
			  t->was_down ? "shut down already" : "shut down",
			  want);
	}
}

/* The writes, then the wait for their effect, then one line each. */
static int stop_all(struct xm_cli *c, struct stop *s)
{
	int first = 0, r;

	for (int i = 0; i < s->n; i++) {
		struct target *t = &s->t[i];

		t->was_down = s->shutdown &&
			      (t->info.flags & XM_DOM_SHUTDOWN);
		t->done = t->was_down;
		if (!s->shutdown)
			t->rc = destroy_one(c, s, t);
		else if (!t->was_down && (r = xm_domain_shutdown(&c->xen,
						t->d.domid, s->reason)))
			t->rc = xm_fail(c, t->d.label, XM_W_SHUTDOWN, r);
	}
	r = await(c, s);
	for (int i = 0; !r && i < s->n; i++) {
		struct target *t = &s->t[i];

		if (!t->rc && !s->shutdown)
			destroy_report(c, s, t);
		else if (!t->rc)
			shutdown_report(c, s, t);
		if (t->rc && !first)
			first = t->rc;
	}
	return r ? r : first;
}

static int stop_cmd(struct xm_cli *c, int argc, char **argv, int shutdown)
{
	struct stop s = { .shutdown = shutdown };
	int ind = 1, rc = stop_opts(c, argc, argv, &s, &ind);

	if (!rc)
		rc = xm_dom_check(c, argc - ind, argv + ind);
	if (!rc)
		rc = xm_writer_lock(c);
	if (!rc)
		rc = xm_cli_open_xen(c);
	if (rc)
		return rc;
	s.deadline = xm_now_ms() + (int64_t)s.timeout_s * 1000;
	rc = targets(c, argc - ind, argv + ind, &s);
	if (!rc)
		rc = stop_all(c, &s);
	free(s.t);
	return rc;
}

int cmd_domain_destroy(struct xm_cli *c, int argc, char **argv)
{
	return stop_cmd(c, argc, argv, 0);
}

int cmd_domain_shutdown(struct xm_cli *c, int argc, char **argv)
{
	return stop_cmd(c, argc, argv, 1);
}
