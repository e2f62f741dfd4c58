// SPDX-License-Identifier: MIT
/*
 * Fuzzing the schedule file end to end, without Xen: parse the input, and
 * when the parser accepts it, plan it against a live system made to fit
 * it (each declared domain exists with its domid and UUID in the file's
 * pool, enough vCPUs), print the file's meaning back in the file syntax
 * (this harness's own printer: cpupool, major_frame, one domain line per
 * domain with domid and uuid, the slots in order), parse and plan that
 * again: the printed file must parse and plan with no UUID change, and its
 * payload must be the first, byte for byte. The input is copied to a buffer of its own
 * size, so a read past its end is an ASan report.
 */
#include <inttypes.h>
#include <string.h>

#include "fuzz.h"
#include "sched.h"
#include "sched_diag.h"
#include "parse.h"
#include "xio.h"

static struct sched_file f1, f2;
static struct sched_plan p1, p2;
static struct sched_diag d;
static struct xm_dominfo dom[SCHED_MAX_DOMS];
static char text[SCHED_MAX_DOMS * 120 + SCHED_MAX_SLOTS * 80 + 200];

/* A live system that fits @f: 0, or -1 when the file cannot fit any. */
static int fit(const struct sched_file *f, struct sched_live *l,
	       struct xm_pool *pool)
{
	memset(dom, 0, sizeof(dom));
	for (unsigned i = 0; i < f->ndom; i++) {
		struct xm_dominfo *x = &dom[i];

		x->domid = f->dom[i].has_domid ? f->dom[i].domid
					       : (uint16_t)(i + 1);
		if (f->dom[i].has_uuid)
			memcpy(x->handle, f->dom[i].uuid, 16);
		else
			x->handle[15] = (uint8_t)(i + 1);
		x->cpupool = f->pool;
		x->max_vcpu_id = 0;
		x->nr_online_vcpus = 1;
	}
	for (unsigned i = 0; i < f->nslot; i++) {
		struct xm_dominfo *x = &dom[f->slot[i].dom];

		if (f->slot[i].vcpu >= 4096)
			return -1;
		if (f->slot[i].vcpu > x->max_vcpu_id)
			x->max_vcpu_id = f->slot[i].vcpu;
	}
	*pool = (struct xm_pool){ .id = f->pool, .sched_id = XM_SCHED_ARINC653,
				  .n_dom = f->ndom, .cpus = 1 };
	*l = (struct sched_live){ .dom = dom, .ndom = f->ndom, .pool = pool,
				  .npool = 1 };
	return 0;
}

/* The plan of @f in the file syntax, into text[]; its length. */
static size_t print(const struct sched_file *f, const struct sched_plan *p)
{
	size_t n = 0;
	char t[32], u[37];

	n += (size_t)xm_snprintf(text + n, sizeof(text) - n, "cpupool %" PRIu32
				 "\n", p->pool);
	sched_fmt_time(p->payload.major_frame_ns, t, sizeof(t));
	n += (size_t)xm_snprintf(text + n, sizeof(text) - n, "major_frame %s\n",
				 t);
	for (unsigned i = 0; i < f->ndom; i++) {
		xm_uuid_fmt(dom[i].handle, u);
		n += (size_t)xm_snprintf(text + n, sizeof(text) - n,
					 "domain %s domid %d uuid %s\n",
					 f->dom[i].name, p->domid[i], u);
	}
	for (unsigned i = 0; i < p->payload.n; i++) {
		sched_fmt_time(p->payload.e[i].runtime_ns, t, sizeof(t));
		n += (size_t)xm_snprintf(text + n, sizeof(text) - n,
					 "slot %s vcpu %" PRIu32 " %s\n",
					 f->dom[f->slot[i].dom].name,
					 p->payload.e[i].vcpu, t);
	}
	FUZZ_CHECK(n < sizeof(text) - 1);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sched_live l;
	struct xm_pool pool;
	char *s = malloc(size ? size : 1);
	size_t n;
	int r;

	if (!s)
		return 0;
	memcpy(s, data, size);
	sched_diag_init(&d);
	r = sched_parse(s, size, &f1, &d);
	free(s);
	FUZZ_CHECK((r == 0) == (d.nerr == 0));
	if (r || fit(&f1, &l, &pool))
		return 0;
	sched_diag_init(&d);
	if (sched_plan(&f1, &l, f1.pool, SCHED_PLAN_FORCE, &p1, &d) != SCHED_OK)
		return 0;
	n = print(&f1, &p1);
	sched_diag_init(&d);
	FUZZ_CHECK(sched_parse(text, n, &f2, &d) == 0);
	sched_diag_init(&d);
	FUZZ_CHECK(sched_plan(&f2, &l, f2.pool, SCHED_PLAN_FORCE, &p2, &d) ==
		   SCHED_OK);
	FUZZ_CHECK(p2.nchg == 0);
	FUZZ_CHECK(p1.payload.major_frame_ns == p2.payload.major_frame_ns);
	FUZZ_CHECK(p1.payload.n == p2.payload.n);
	FUZZ_CHECK(!memcmp(p1.payload.e, p2.payload.e,
			   p1.payload.n * sizeof(p1.payload.e[0])));
	return 0;
}
