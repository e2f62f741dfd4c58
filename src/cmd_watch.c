// SPDX-License-Identifier: MIT
/*
 * `domain wait` and `domain watch`: domains over time, for boot scripts
 * (wait until the guests exist, or run, before programming them) and
 * health checks (stop at the first crash). Both look at Xen's whole domain
 * list, one getdomaininfolist call per look, and judge it with domstate.c.
 * Between looks they sleep. Where this domain can bind VIRQ_DOM_EXC, Xen
 * wakes them as soon as a domain shuts down, dies or is freed; creation,
 * pause and unpause raise no event, so they also look every --interval.
 * A look starts at most one interval after the one before, so a state
 * that lasts longer than the interval is always seen; nothing here spins.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "domstate.h"
#include "cmds.h"
#include "json.h"
#include "virq.h"
#include "msg.h"
#include "xenmin.h"
#include "xm_time.h"

#define INTERVAL_MS 1000
#define INTERVAL_MAX_MS 86400000u      /* a day */
#define TIMEOUT_MAX_MS 31536000000ull  /* a year */

/* What wait and watch share: the options, the events, the clock. */
struct looker {
	struct xm_cli *c;
	struct xm_virq ev;  /* VIRQ_DOM_EXC; fd -1: looks by the clock only */
	int64_t interval;   /* ms */
	int64_t deadline;   /* xm_now_ms() when --timeout runs out */
	int64_t next;       /* when the next look is due */
	uint64_t timeout;   /* ms, as given */
	int has_timeout;
	int cond;           /* --for / --until; -1: none */
	int poll_only, json;
};

/* "1", "0.25": milliseconds as seconds, the way the user writes them. */
static void secs_fmt(uint64_t ms, char out[24])
{
	unsigned f = (unsigned)(ms % 1000), w = 3;

	for (; f && f % 10 == 0; w--)
		f /= 10;
	if (f)
		xm_snprintf(out, 24, "%u.%0*u", (unsigned)(ms / 1000), (int)w,
			    f);
	else
		xm_snprintf(out, 24, "%u", (unsigned)(ms / 1000));
}

static int opt_secs(struct xm_cli *c, const char *opt, const char *s,
		    uint64_t min, uint64_t max, uint64_t *ms)
{
	char lim[24];

	if (!xm_parse_secs(s, max, ms) && *ms >= min)
		return 0;
	secs_fmt(max, lim);
	return xm_usage_msg(c, XM_MSG(m_watch_not_number_seconds, "--%s %s: not a number of seconds from %s to %s (at most three decimals)"),
			opt, s, min ? "0.01" : "0", lim);
}

/* The options of both, but for the name of the first. */
static const struct xm_option loop_lo[] = {
	{ "for", 1, 'f' },    { "timeout", 1, 'T' }, { "interval", 1, 'i' },
	{ "poll", 0, 'p' },   { "json", 0, 'j' },    { 0 },
};

/* The options of both; @cond_opt is "for" (wait) or "until" (watch). */
static int loop_opts(struct looker *l, struct xm_opt *op, int argc,
		     char **argv, const char *cond_opt)
{
	struct xm_option lo[sizeof(loop_lo) / sizeof(loop_lo[0])];
	uint64_t v;
	int o;

	memcpy(lo, loop_lo, sizeof(lo));
	lo[0].name = cond_opt;
	xm_opt_set(op, argc, argv, "jT:", lo);
	l->interval = INTERVAL_MS;
	l->cond = -1;
	while ((o = xm_getopt(l->c, op)) != -1) {
		switch (o) {
		case 'f':
			l->cond = xm_cond_parse(op->arg);
			if (l->cond < 0)
				return xm_usage_msg(l->c, XM_MSG(m_watch_not_one, "--%s %s: not one of %s"),
						cond_opt, op->arg, xm_cond_list);
			break;
		case 'T':
			if (opt_secs(l->c, "timeout", op->arg, 0,
				     TIMEOUT_MAX_MS, &l->timeout))
				return XM_EXIT_USAGE;
			l->has_timeout = 1;
			break;
		case 'i':
			if (opt_secs(l->c, "interval", op->arg, 10,
				     INTERVAL_MAX_MS, &v))
				return XM_EXIT_USAGE;
			l->interval = (int64_t)v;
			break;
		case 'p':
			l->poll_only = 1;
			break;
		case 'j':
			l->json = 1;
			break;
		default:
			return XM_EXIT_USAGE;
		}
	}
	return 0;
}

/*
 * Open Xen and bind VIRQ_DOM_EXC, unless --poll. Without it, looks follow
 * the clock; with @say, stderr says so once, and why.
 */
static int loop_start(struct looker *l, int say)
{
	int r = xm_cli_open_xen(l->c);
	char s[24];

	if (r)
		return r;
	if (l->has_timeout)
		l->deadline = xm_now_ms() + (int64_t)l->timeout;
	l->ev.fd = -1;
	if (l->poll_only)
		return 0;
	r = xm_virq_bind(&l->c->xen, XM_VIRQ_DOM_EXC, &l->ev);
	if (r && say) {
		secs_fmt((uint64_t)l->interval, s);
		xm_err_msg(l->c, NULL, XM_MSG(m_watch_polling_every_cannot, "polling every %s s: cannot bind VIRQ_DOM_EXC: %s"), s, xm_errwords(XM_W_VIRQ, -r));
	}
	return 0;
}

/* One look: the whole list, and the names bound to it. */
static int look(struct looker *l, struct xm_dominfo **v, size_t *n)
{
	l->next = xm_now_ms() + l->interval;
	return xm_dom_list(l->c, v, n);
}

static int timed_out(const struct looker *l)
{
	return l->has_timeout && xm_now_ms() >= l->deadline;
}

/*
 * Sleep until the next look is due: Xen raised VIRQ_DOM_EXC, the interval
 * passed, or the deadline came (the caller then looks once more). Returns
 * 0 or an exit code.
 */
static int nap(struct looker *l)
{
	for (;;) {
		struct pollfd p = { .fd = l->ev.fd, .events = POLLIN };
		int64_t until = l->next, left;
		int r;

		if (l->has_timeout && l->deadline < until)
			until = l->deadline;
		left = until - xm_now_ms();
		if (left <= 0)
			return 0;
		r = poll(&p, l->ev.fd >= 0, left > INT_MAX ? INT_MAX : (int)left);
		if (r < 0 && errno != EINTR) {
			xm_err_msg(l->c, NULL, XM_MSG(m_watch_waiting, "waiting: %s"), xm_strerror(errno));
			return XM_EXIT_INTERNAL;
		}
		if (r <= 0 || !p.revents)
			continue;
		r = xm_virq_ack(&l->c->xen, &l->ev);
		if (r) {
			xm_err_msg(l->c, NULL, XM_MSG(m_watch_taking_virq_dom, "taking VIRQ_DOM_EXC: %s"),
			       xm_strerror(-r));
			return XM_EXIT_INTERNAL;
		}
		return 0;
	}
}

/* The JSON key name: the domains file's name, or null. */
static void json_name(struct xm_json *j, const char *name)
{
	xm_json_kstr(j, "name", name);
}

/* The JSON keys state and reason of a domain (gone when not @listed). */
static void json_state(struct xm_json *j, int listed, uint32_t f)
{
	enum xm_life s = xm_life_of(listed, f);

	xm_json_kstr(j, "state", xm_life_name(s));
	xm_json_kstr(j, "reason", s == XM_LIFE_SHUTDOWN ?
		     xm_reason_name(XM_DOM_SHUTDOWN_CODE(f)) : NULL);
}

/* ---- domain wait ---- */

struct wanted {
	const char *arg;   /* the DOMAIN operand */
	int domid;         /* what it meant at the last look, or -1 */
	const char *name;  /* the name given, or the file's for the domid */
	int by_name;
	int listed, seen;
	uint32_t flags;
	enum xm_verdict v;
};

/* "3", "nav (domid 3)", or "nav" while it means no domain. */
static void label(const struct wanted *w, char *out, size_t len)
{
	if (w->domid >= 0 && w->name)
		xm_snprintf(out, len, "%s (domid %d)", w->name, w->domid);
	else
		xm_snprintf(out, len, "%s", w->arg);
}

/* "is paused", "shut down (reason crash)", "is gone": for messages. */
static void describe(const struct wanted *w, char *out, size_t len)
{
	enum xm_life s = xm_life_of(w->listed, w->flags);

	if (s == XM_LIFE_SHUTDOWN)
		xm_snprintf(out, len, "shut down (reason %s)",
			    xm_reason_name(XM_DOM_SHUTDOWN_CODE(w->flags)));
	else if (s == XM_LIFE_GONE && !w->seen)
		xm_snprintf(out, len, "is not listed (not created yet?)");
	else
		xm_snprintf(out, len, "is %s", xm_life_name(s));
}

/* Judge one look. Returns XM_MET (all), XM_NEVER (one or more), or not. */
static enum xm_verdict judge(struct looker *l, struct wanted *w, size_t nw,
			     const struct xm_dominfo *v, size_t n)
{
	enum xm_verdict all = XM_MET;

	for (size_t i = 0; i < nw; i++) {
		int id = xm_dom_now(l->c, w[i].arg);
		const struct xm_dominfo *d = id < 0 ? NULL
					   : xm_dominfo_find(v, n, (unsigned)id);

		if (id >= 0) {
			w[i].domid = id;
			if (!w[i].by_name)
				w[i].name = xm_dom_name(l->c, (uint16_t)id);
		}
		w[i].listed = d != NULL;
		w[i].flags = d ? d->flags : 0;
		w[i].v = xm_cond_check(l->cond, w[i].listed, w[i].flags,
				       w[i].seen);
		w[i].seen |= w[i].listed;
		if (w[i].v == XM_NEVER)
			all = XM_NEVER;
		else if (w[i].v == XM_NOT_YET && all == XM_MET)
			all = XM_NOT_YET;
	}
	return all;
}

/* Say why the wait ends without success: every domain concerned. */
static void wait_report(struct looker *l, const struct wanted *w, size_t nw,
			enum xm_verdict all)
{
	const char *cond = xm_cond_name(l->cond);
	char why[48], t[24], what[64];

	secs_fmt(l->timeout, t);
	for (size_t i = 0; i < nw; i++) {
		describe(&w[i], why, sizeof(why));
		label(&w[i], what, sizeof(what));
		if (all == XM_NEVER && w[i].v == XM_NEVER)
			xm_err_msg(l->c, what, XM_MSG(m_watch_can_never_meet, "can never meet --for %s now: it %s"),
			       cond, why);
		else if (all != XM_NEVER && w[i].v != XM_MET)
			xm_err_msg(l->c, what, XM_MSG(m_watch_for_not_met, "--for %s not met within %s s: it %s"),
			       cond, t, why);
	}
}

static void wait_json(const struct wanted *w, size_t nw)
{
	struct xm_json j;

	xm_list_begin(&j, NULL);
	for (size_t i = 0; i < nw; i++) {
		xm_json_begin_object(&j);
		xm_json_knum(&j, "domid", w[i].domid >= 0,
			     (uint64_t)w[i].domid);
		json_name(&j, w[i].name);
		json_state(&j, w[i].listed, w[i].flags);
		xm_json_kbool(&j, "met", w[i].v == XM_MET);
		xm_json_end_object(&j);
	}
	xm_list_end(&j);
}

static int wait_loop(struct looker *l, struct wanted *w, size_t nw)
{
	for (;;) {
		struct xm_dominfo *v;
		size_t n;
		enum xm_verdict all;
		int rc = look(l, &v, &n);

		if (rc)
			return rc;
		all = judge(l, w, nw, v, n);
		free(v);
		if (all == XM_MET)
			return XM_EXIT_OK;
		if (all == XM_NEVER || timed_out(l)) {
			wait_report(l, w, nw, all);
			return all == XM_NEVER ? XM_EXIT_NEVER : XM_EXIT_TIMEOUT;
		}
		rc = nap(l);
		if (rc)
			return rc;
	}
}

int cmd_domain_wait(struct xm_cli *c, int argc, char **argv)
{
	struct xm_opt op;
	struct looker l = { .c = c };
	struct wanted *w;
	size_t nw;
	int rc = loop_opts(&l, &op, argc, argv, "for");

	if (rc)
		return rc;
	if (l.cond < 0)
		return xm_usage_msg(c, XM_MSG(m_watch_for_required, "--for is required (%s)"), xm_cond_list);
	rc = xm_dom_check(c, argc - op.ind, argv + op.ind);
	if (rc)
		return rc;
	nw = (size_t)(argc - op.ind);
	w = calloc(nw, sizeof(*w));
	if (!w)
		return XM_EXIT_INTERNAL;
	for (size_t i = 0; i < nw; i++) {
		uint64_t id;

		w[i].arg = argv[op.ind + (int)i];
		w[i].domid = -1;
		/* xm_dom_check let it pass: if not a domid, a name. */
		w[i].by_name = xm_parse_u64(w[i].arg, 0,
					    XM_DOMID_FIRST_RESERVED - 1, &id) != 0;
		if (w[i].by_name)
			w[i].name = w[i].arg;
	}
	rc = loop_start(&l, 0);
	if (!rc) {
		rc = wait_loop(&l, w, nw);
		if (l.json && (rc == XM_EXIT_OK || rc == XM_EXIT_NEVER ||
			       rc == XM_EXIT_TIMEOUT))
			wait_json(w, nw);
		xm_virq_close(&c->xen, &l.ev);
	}
	free(w);
	return rc;
}

/* ---- domain watch ---- */

/* A domain as the last look saw it. */
struct was {
	uint16_t domid;
	uint32_t flags;
	const char *name;  /* the domains file's, kept for its gone line */
};

struct watcher {
	struct looker l;
	struct was *p;     /* the last look, filtered */
	size_t np, cap;
	char **args;       /* DOMAIN operands: only these domains */
	size_t nargs;
};

/* Is @domid one of the operands at this look (or are there none)? */
static int wanted_id(const struct watcher *w, uint16_t domid)
{
	if (!w->nargs)
		return 1;
	for (size_t i = 0; i < w->nargs; i++)
		if (xm_dom_now(w->l.c, w->args[i]) == domid)
			return 1;
	return 0;
}

/* One line: text or a JSON object. @was_s: the state before, or -1. */
static void line(const struct watcher *w, const char *event, uint16_t domid,
		 const char *name, int listed, uint32_t f, int was_s)
{
	enum xm_life s = xm_life_of(listed, f);
	char t[25], st[7];
	struct xm_json j;

	xm_utc_fmt(xm_wall_ms(), t);
	xm_dom_state(f, st);
	if (!w->l.json) {
		xm_printf("%s %5u %s %-8s %-8s %-10s %s\n", t, domid,
			  name ? name : "-", event, xm_life_name(s),
			  s == XM_LIFE_SHUTDOWN
				  ? xm_reason_name(XM_DOM_SHUTDOWN_CODE(f))
				  : "-",
			  listed ? st : "-");
		return;
	}
	xm_json_doc_begin(&j);
	xm_json_kstr(&j, "time", t);
	xm_json_kstr(&j, "event", event);
	xm_json_ku64(&j, "domid", domid);
	json_name(&j, name);
	json_state(&j, listed, f);
	/* A NULL string is null. */
	xm_json_kstr(&j, "letters", listed ? st : NULL);
	xm_json_kstr(&j, "was", was_s >= 0 ?
		     xm_life_name((enum xm_life)was_s) : NULL);
	xm_json_doc_end(&j);
}

/* The line for a change, and whether it meets --until (then: stop). */
static int report(const struct watcher *w, const char *event, uint16_t domid,
		  const char *name, int listed, uint32_t f, int was_s)
{
	line(w, event, domid, name, listed, f, was_s);
	return w->l.cond >= 0 &&
	       xm_cond_check(w->l.cond, listed, f, 1) == XM_MET;
}

static const struct was *last_seen(const struct watcher *w, uint16_t domid)
{
	for (size_t i = 0; i < w->np; i++)
		if (w->p[i].domid == domid)
			return &w->p[i];
	return NULL;
}

/* Lines for what differs from the last look. 1: --until was met. */
static int changes(const struct watcher *w, const struct xm_dominfo *v,
		   size_t n, int first)
{
	for (size_t i = 0; i < n; i++) {
		const struct was *o = last_seen(w, v[i].domid);
		const char *nm = xm_dom_name(w->l.c, v[i].domid);

		if (!wanted_id(w, v[i].domid))
			continue;
		if (!o && report(w, first ? "present" : "appeared", v[i].domid,
				 nm, 1, v[i].flags, -1))
			return 1;
		if (o && xm_life_key(1, o->flags) != xm_life_key(1, v[i].flags) &&
		    report(w, "changed", v[i].domid, nm, 1, v[i].flags,
			   (int)xm_life_of(1, o->flags)))
			return 1;
	}
	for (size_t i = 0; i < w->np; i++)
		if (!xm_dominfo_find(v, n, w->p[i].domid) &&
		    report(w, "gone", w->p[i].domid, w->p[i].name, 0, 0,
			   (int)xm_life_of(1, w->p[i].flags)))
			return 1;
	return 0;
}

/*
 * Keep this look for the next. The array only grows: xenmin's allocator
 * reuses only the newest block, which is the look's list while the array
 * fits, so a watch running for months stays the same size; each growth
 * (doubling) leaves one old array and one list behind.
 */
static int remember(struct watcher *w, const struct xm_dominfo *v, size_t n)
{
	if (n > w->cap) {
		size_t cap = w->cap ? w->cap : 16;
		struct was *p;

		while (cap < n)
			cap *= 2;
		p = calloc(cap, sizeof(*p));
		if (!p)
			return XM_EXIT_INTERNAL;
		free(w->p);
		w->p = p;
		w->cap = cap;
	}
	w->np = 0;
	for (size_t i = 0; i < n; i++)
		if (wanted_id(w, v[i].domid))
			w->p[w->np++] = (struct was){
				v[i].domid, v[i].flags,
				xm_dom_name(w->l.c, v[i].domid)
			};
	return 0;
}

static int watch_loop(struct watcher *w)
{
	struct looker *l = &w->l;
	char t[24];
	int first = 1;

	for (;;) {
		struct xm_dominfo *v;
		size_t n;
		int hit, rc = look(l, &v, &n);

		if (rc)
			return rc;
		hit = changes(w, v, n, first);
		rc = hit ? 0 : remember(w, v, n);
		free(v);
		if (xm_fflush(xm_out))
			return XM_EXIT_IO;
		if (hit || rc)
			return rc;
		first = 0;
		if (timed_out(l))
			break;
		rc = nap(l);
		if (rc)
			return rc;
	}
	if (l->cond < 0)
		return XM_EXIT_OK;
	secs_fmt(l->timeout, t);
	xm_err_msg(l->c, NULL, XM_MSG(m_watch_no_domain_met, "no domain met --until %s within %s s"),
	       xm_cond_name(l->cond), t);
	return XM_EXIT_TIMEOUT;
}

int cmd_domain_watch(struct xm_cli *c, int argc, char **argv)
{
	struct xm_opt op;
	struct watcher w = { .l = { .c = c } };
	int rc = loop_opts(&w.l, &op, argc, argv, "until");

	if (rc)
		return rc;
	w.nargs = (size_t)(argc - op.ind);
	w.args = argv + op.ind;
	rc = xm_dom_check(c, argc - op.ind, argv + op.ind);
	if (!rc)
		rc = loop_start(&w.l, 1);
	if (!rc) {
		rc = watch_loop(&w);
		xm_virq_close(&c->xen, &w.l.ev);
	}
	free(w.p);
	return rc;
}
