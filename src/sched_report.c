// SPDX-License-Identifier: MIT
/*
 * The schedule report's analysis (sched_report.h): Xen runs the slots of
 * a schedule back to back from the start of each major frame and idles
 * for what is left, so each slot's place in the frame follows from the
 * slots before it. Consecutive slots of one domain form one window: its
 * vCPU runs on without a switch. Pure arithmetic on the parsed file.
 */
#include <string.h>

#include "sched_report.h"

uint64_t sched_scale(uint64_t part, uint64_t whole, uint32_t scale)
{
	/*
	 * part * scale must fit in 64 bits: drop low bits of both (at most
	 * a relative 2^-31 of error, far below the rounding of the result).
	 */
	while ((part | whole) >> 32) {
		part >>= 1;
		whole >>= 1;
	}
	return whole ? (part * scale + whole / 2) / whole : 0;
}

uint32_t sched_planned_ppm(const struct xm_a653 *s, const uint8_t h[16])
{
	uint64_t t = 0;

	for (unsigned i = 0; i < s->n; i++)
		if (!memcmp(s->e[i].handle, h, 16))
			t += s->e[i].runtime_ns;
	return s->major_frame_ns && t <= s->major_frame_ns
		? (uint32_t)sched_scale(t, s->major_frame_ns, 1000000) : 0;
}

enum sched_verdict sched_judge(uint32_t planned, uint32_t measured, int busy,
			       uint32_t tol)
{
	if (measured > planned + tol)
		return SCHED_V_HIGH;
	if (measured + tol < planned)
		return busy ? SCHED_V_LOW : SCHED_V_IDLE;
	return SCHED_V_OK;
}

/* The slots as windows, in frame order. */
static void lay_out(const struct sched_file *f, struct sched_report *r)
{
	uint64_t t = 0;

	for (unsigned s = 0; s < f->nslot; s++) {
		const struct sched_slot *sl = &f->slot[s];
		struct sched_win *w = r->nwin ? &r->win[r->nwin - 1] : NULL;

		if (!w || w->dom != sl->dom) {
			w = &r->win[r->nwin++];
			w->dom = sl->dom;
			w->start_ns = t;
		}
		w->nslot++;
		t += sl->runtime_ns;
		w->end_ns = t;
	}
}

/* One domain's figures from the windows. */
static void figures(const struct sched_report *r, int dom,
		    struct sched_rdom *o)
{
	const struct sched_win *first = NULL, *prev = NULL;

	for (unsigned i = 0; i < r->nwin; i++) {
		const struct sched_win *w = &r->win[i];
		uint64_t len = w->end_ns - w->start_ns;

		if (w->dom != dom)
			continue;
		o->windows++;
		o->budget_ns += len;
		if (!prev || len < o->shortest_ns)
			o->shortest_ns = len;
		if (prev && w->start_ns - prev->end_ns > o->gap_ns)
			o->gap_ns = w->start_ns - prev->end_ns;
		if (!first)
			first = w;
		prev = w;
	}
	if (!prev)
		return;
	/* from its last window, over the frame boundary, to its first */
	if (r->major_ns - prev->end_ns + first->start_ns > o->gap_ns)
		o->gap_ns = r->major_ns - prev->end_ns + first->start_ns;
	o->share_ppm = (uint32_t)sched_scale(o->budget_ns, r->major_ns,
					     1000000);
}

void sched_report(const struct sched_file *f, struct sched_report *r)
{
	memset(r, 0, sizeof(*r));
	r->major_ns = f->major_ns;
	r->busy_ns = f->sum_ns;
	r->idle_ns = f->major_ns - f->sum_ns;
	if (r->major_ns)
		r->idle_ppm = (uint32_t)sched_scale(r->idle_ns, r->major_ns,
						    1000000);
	lay_out(f, r);
	for (unsigned d = 0; d < f->ndom; d++)
		figures(r, (int)d, &r->dom[d]);
}
