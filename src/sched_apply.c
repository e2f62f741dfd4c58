// SPDX-License-Identifier: MIT
/*
 * The `set` transaction (sched_apply.h): UUID changes, their read-back, the
 * schedule, its read-back, and the undo of whatever was written when a
 * later step fails. Only hypercalls through xenops and plain results: the
 * words are the CLI's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sched_apply.h"

/*
 * Set the UUIDs changed so far back, the last first, each only while the
 * domain still has this run's UUID: one another writer gave it is kept.
 */
static void undo_uuids(struct xm_xen *x, const struct sched_plan *p,
		       struct sched_apply *a)
{
	for (unsigned i = a->nset; i--;) {
		const struct sched_change *ch = &p->chg[i];
		struct xm_dominfo d;
		int r = xm_domain_get(x, ch->domid, &d);

		if (!r && !memcmp(d.handle, ch->from, 16)) {
			r = SCHED_UNDO_NONE;
		} else if (!r && memcmp(d.handle, ch->to, 16)) {
			memcpy(a->theirs[i], d.handle, 16);
			a->intervened = 1;
			r = SCHED_UNDO_THEIRS;
		} else if (!r) {
			r = xm_domain_sethandle(x, ch->domid, ch->from);
		}
		a->uuid_undo[i] = r;
		if (r < 0)
			a->outcome = SCHED_LEFT_CHANGED;
	}
}

/* Put the old schedule back while the live one is still this run's. */
static int undo_sched(struct xm_xen *x, const struct sched_plan *p,
		      struct sched_apply *a)
{
	int r = xm_a653_get(x, p->pool, &a->back);

	if (r)
		return r;
	if (!sched_compare(&a->old, &a->back, NULL))
		return SCHED_UNDO_NONE;
	if (sched_compare(&a->mine, &a->back, NULL)) {
		a->intervened = 1;
		return SCHED_UNDO_THEIRS;
	}
	r = xm_a653_put(x, p->pool, &a->old);
	if (!r)
		r = xm_a653_get(x, p->pool, &a->back);
	if (!r && sched_compare(&a->old, &a->back, NULL))
		r = -EPROTO;
	return r;
}

/* Step @stage failed with @err (0: a mismatch): undo, in reverse. */
static enum sched_outcome fail(struct xm_xen *x, const struct sched_plan *p,
			       struct sched_apply *a, enum sched_stage stage,
			       int err)
{
	a->stage = stage;
	a->err = err;
	a->outcome = SCHED_UNDONE;
	if (a->sched_set) {
		a->sched_undo = undo_sched(x, p, a);
		if (a->sched_undo < 0)
			a->outcome = SCHED_LEFT_CHANGED;
	}
	undo_uuids(x, p, a);
	return a->outcome;
}

/* Does a domain of @pool (or domain @domid, if >= 0) hold handle @h? */
static int held(const struct xm_dominfo *dom, size_t ndom, uint32_t pool,
		int domid, const uint8_t h[16])
{
	for (size_t k = 0; k < ndom; k++)
		if ((domid < 0 ? dom[k].cpupool == pool : dom[k].domid == domid)
		    && !memcmp(dom[k].handle, h, 16))
			return 1;
	return 0;
}

/*
 * The schedule's read-back cannot see a UUID that did not stick (it would
 * read back the UUIDs we sent), so read the handles back too: each change
 * held by its domain, and with @entries, each entry's UUID held by a
 * domain of the pool (a slot whose UUID matches none never runs). 0, or
 * the -errno of listing; a->at is the first that is not, or nchg (+ n).
 */
static int check_uuids(struct xm_xen *x, const struct sched_plan *p,
		       struct sched_apply *a, int entries)
{
	const struct xm_a653 *s = &p->payload;
	struct xm_dominfo *dom;
	size_t ndom;
	int r = xm_domain_list(x, &dom, &ndom);

	if (r)
		return r;
	/* the changes, then (with @entries) the entries: one walk */
	for (a->at = 0; a->at < p->nchg + (entries ? s->n : 0); a->at++) {
		int ch = a->at < p->nchg;

		if (!held(dom, ndom, p->pool, ch ? p->chg[a->at].domid : -1,
			  ch ? p->chg[a->at].to : s->e[a->at - p->nchg].handle))
			break;
	}
	free(dom);
	return 0;
}

/* Each step sets @st before it runs: one exit undoes whichever failed. */
enum sched_outcome sched_apply(struct xm_xen *x, const struct sched_plan *p,
			       struct sched_apply *a, struct sched_diag *d)
{
	enum sched_stage st = SCHED_ST_READ_OLD;
	int r;

	memset(a, 0, sizeof(*a));
	r = xm_a653_get(x, p->pool, &a->old);
	if (r)
		goto failed;
	a->stage = SCHED_ST_DONE;
	if (!p->nchg && !sched_compare(&p->payload, &a->old, NULL))
		return a->outcome = SCHED_UNCHANGED; /* nothing to write */
	st = SCHED_ST_SET_UUID;
	for (; a->nset < p->nchg; a->nset++) {
		a->at = a->nset;
		r = xm_domain_sethandle(x, p->chg[a->nset].domid,
					p->chg[a->nset].to);
		if (r)
			goto failed;
	}
	if (p->nchg) {
		st = SCHED_ST_READ_UUIDS;
		r = check_uuids(x, p, a, 0);
		if (r)
			goto failed;
		st = SCHED_ST_CHECK_UUIDS;
		if (a->at < p->nchg)
			goto failed;
	}
	st = SCHED_ST_PUT;
	r = xm_a653_put(x, p->pool, &p->payload);
	if (r)
		goto failed;
	a->sched_set = 1;
	a->mine = p->payload;
	st = SCHED_ST_READ_BACK;
	r = xm_a653_get(x, p->pool, &a->back);
	if (r)
		goto failed;
	a->mine = a->back;
	st = SCHED_ST_CHECK_BACK;
	if (sched_compare(&p->payload, &a->back, d))
		goto failed;
	/* Another writer may have changed UUIDs while the schedule went in. */
	st = SCHED_ST_RECHECK;
	r = check_uuids(x, p, a, 1);
	if (r || a->at < p->nchg + p->payload.n) {
		a->intervened = !r;
		goto failed;
	}
	return a->outcome = SCHED_APPLIED;
failed:
	return fail(x, p, a, st, r);
}
