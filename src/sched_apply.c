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

/* Set the UUIDs changed so far back, the last first. */
static void undo_uuids(struct xm_xen *x, const struct sched_plan *p,
		       struct sched_apply *a)
{
	for (unsigned i = a->nset; i--;) {
		a->uuid_undo[i] = xm_domain_sethandle(x, p->chg[i].domid,
						      p->chg[i].from);
		if (a->uuid_undo[i])
			a->outcome = SCHED_LEFT_CHANGED;
	}
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
		int r = xm_a653_put(x, p->pool, &a->old);

		if (!r)
			r = xm_a653_get(x, p->pool, &a->back);
		if (!r && sched_compare(&a->old, &a->back, NULL))
			r = -EPROTO;
		a->sched_undo = r;
		if (r)
			a->outcome = SCHED_LEFT_CHANGED;
	}
	undo_uuids(x, p, a);
	return a->outcome;
}

/*
 * The schedule's read-back cannot see a UUID that did not stick (it would
 * read back the UUIDs we sent), so read the handles back too. 0, or the
 * -errno of listing; a->at is the first change that did not stick, or nchg.
 */
static int check_uuids(struct xm_xen *x, const struct sched_plan *p,
		       struct sched_apply *a)
{
	struct xm_dominfo *dom;
	size_t ndom;
	int r = xm_domain_list(x, &dom, &ndom);

	if (r)
		return r;
	for (a->at = 0; a->at < p->nchg; a->at++) {
		const struct sched_change *ch = &p->chg[a->at];
		size_t k = 0;

		while (k < ndom && dom[k].domid != ch->domid)
			k++;
		if (k == ndom || memcmp(dom[k].handle, ch->to, 16))
			break;
	}
	free(dom);
	return 0;
}

enum sched_outcome sched_apply(struct xm_xen *x, const struct sched_plan *p,
			       struct sched_apply *a, struct sched_diag *d)
{
	int r;

	memset(a, 0, sizeof(*a));
	r = xm_a653_get(x, p->pool, &a->old);
	if (r)
		return fail(x, p, a, SCHED_ST_READ_OLD, r);
	a->stage = SCHED_ST_DONE;
	if (!p->nchg && !sched_compare(&p->payload, &a->old, NULL))
		return a->outcome = SCHED_UNCHANGED; /* nothing to write */
	for (; a->nset < p->nchg; a->nset++) {
		a->at = a->nset;
		r = xm_domain_sethandle(x, p->chg[a->nset].domid,
					p->chg[a->nset].to);
		if (r)
			return fail(x, p, a, SCHED_ST_SET_UUID, r);
	}
	if (p->nchg) {
		r = check_uuids(x, p, a);
		if (r)
			return fail(x, p, a, SCHED_ST_READ_UUIDS, r);
		if (a->at < p->nchg)
			return fail(x, p, a, SCHED_ST_CHECK_UUIDS, 0);
	}
	r = xm_a653_put(x, p->pool, &p->payload);
	if (r)
		return fail(x, p, a, SCHED_ST_PUT, r);
	a->sched_set = 1;
	r = xm_a653_get(x, p->pool, &a->back);
	if (r)
		return fail(x, p, a, SCHED_ST_READ_BACK, r);
	if (sched_compare(&p->payload, &a->back, d))
		return fail(x, p, a, SCHED_ST_CHECK_BACK, 0);
	return a->outcome = SCHED_APPLIED;
}
