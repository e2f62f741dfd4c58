// SPDX-License-Identifier: MIT
/*
 * `xenmin sched-arinc653 monitor`: the planned share of the major frame of
 * every domain of an arinc653 pool against the CPU time it got, measured
 * from the domain list (each domain's CPU time, summed over its vCPUs) over
 * an interval, sampled every 50 ms so that each domain's blocked flag can
 * tell a busy guest from an idle one. Read-only: it never writes to Xen.
 * The verdicts are sched_judge()'s (sched_report.c).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmds.h"
#include "domstate.h"
#include "json.h"
#include "msg.h"
#include "parse.h"
#include "sched_cli.h"
#include "sched_report.h"
#include "xm_time.h"

#define MON_PERIOD_MS 50u
#define MON_MAX 128u          /* pool domains followed */

struct mon_dom {
	uint16_t domid;
	uint8_t handle[16];
	uint64_t cpu0, cpu1;      /* CPU time at the first and last sample */
	unsigned seen, blocked;   /* samples it was in, and blocked in */
	uint32_t planned, measured; /* ppm of the frame */
	unsigned holders;         /* pool domains with its UUID */
	unsigned char busy;
	const char *result;
	unsigned char bad;        /* the result fails the run */
};

struct mon {
	uint32_t pool;
	uint32_t tol;             /* ppm */
	uint64_t t0, t1;          /* wall time of the first and last sample */
	unsigned samples, n;
	struct mon_dom d[MON_MAX];
};

/* Time of a list call: the middle of the call. */
static int sample(struct xm_cli *c, struct mon *m, int first)
{
	struct xm_dominfo *v;
	size_t nv;
	uint64_t a = xm_now_ns();
	int r = xm_domain_list(&c->xen, &v, &nv);
	uint64_t t = a + (xm_now_ns() - a) / 2;

	if (r)
		return xm_fail(c, "listing domains", XM_W_SYSCTL, r);
	for (size_t i = 0; i < nv; i++) {
		struct mon_dom *d = NULL;

		if (v[i].cpupool != m->pool)
			continue;
		for (unsigned k = 0; k < m->n && !d; k++)
			if (m->d[k].domid == v[i].domid)
				d = &m->d[k];
		if (!d && first && m->n < MON_MAX) {
			d = &m->d[m->n++];
			d->domid = v[i].domid;
			memcpy(d->handle, v[i].handle, 16);
			d->cpu0 = v[i].cpu_time_ns;
		}
		if (!d)
			continue;  /* came after the first sample */
		d->cpu1 = v[i].cpu_time_ns;
		d->seen++;
		d->blocked += !!(v[i].flags & XM_DOM_BLOCKED);
	}
	free(v);
	if (first)
		m->t0 = t;
	m->t1 = t;
	m->samples++;
	return 0;
}

static int measure(struct xm_cli *c, struct mon *m, uint64_t secs)
{
	int r = sample(c, m, 1);

	while (!r && m->t1 - m->t0 < secs * 1000000000u) {
		xm_sleep_ms(MON_PERIOD_MS);
		r = sample(c, m, 0);
	}
	return r;
}

/*
 * The domain running xenmin (by its handle; shared or unknown: dom0). It
 * runs whenever it samples, so its samples cannot tell whether it is busy.
 */
static int caller(const struct sched_live *l)
{
	int id = 0;
	unsigned n = 0;

	for (size_t i = 0; i < l->ndom; i++)
		if (l->have_self && !memcmp(l->dom[i].handle, l->self, 16)) {
			id = l->dom[i].domid;
			n++;
		}
	return n == 1 ? id : 0;
}

/* Each domain's figures and verdict. */
static unsigned judge(struct mon *m, const struct sched_live *l,
		      const struct xm_a653 *s)
{
	unsigned nbad = 0;
	int self = caller(l);

	for (unsigned k = 0; k < m->n; k++) {
		struct mon_dom *d = &m->d[k];
		enum sched_verdict v;
		int idx;

		d->busy = !d->blocked && d->domid != self;
		d->holders = xm_sched_holders(l, d->handle, m->pool, &idx, 1);
		d->planned = sched_planned_ppm(s, d->handle);
		d->measured = (uint32_t)sched_scale(d->cpu1 - d->cpu0,
						    m->t1 - m->t0, 1000000);
		v = sched_judge(d->planned, d->measured, d->busy, m->tol);
		d->result = xm_nth("ok\0ok (idle)\0LOW\0HIGH", v);
		d->bad = v >= SCHED_V_LOW;
		if (d->seen < m->samples) {
			d->result = "GONE";  /* it was destroyed meanwhile */
			d->bad = 1;
		} else if (d->planned && d->holders > 1) {
			d->result = "SHARED"; /* Xen runs one of them */
			d->bad = 1;
		}
		nbad += (unsigned)d->bad;
	}
	return nbad;
}

/* Entries of @s whose UUID no domain of the pool has: idle windows. */
static unsigned orphans(const struct mon *m, const struct sched_live *l,
			const struct xm_a653 *s, int *first)
{
	unsigned n = 0, nd = xm_sched_distinct(s, first);

	for (unsigned i = 0; i < nd; i++) {
		int idx;

		if (!xm_sched_holders(l, s->e[first[i]].handle, m->pool, &idx,
				      1))
			first[n++] = first[i];
	}
	return n;
}

/*
 * The figures as a table, or with @j as JSON (@ok: the run's verdict):
 * one walk, so that both show the same rows.
 */
static void print(const struct mon *m, const struct xm_a653 *s,
		  const int *orph, unsigned no, struct xm_json *j, int ok)
{
	uint64_t ms = (m->t1 - m->t0) / 1000000;
	char u[37], a[16], b[16];

	if (j) {
		xm_json_doc_begin(j);
		xm_json_ku64(j, "cpupool", m->pool);
		xm_json_ku64(j, "interval_ns", m->t1 - m->t0);
		xm_json_ku64(j, "samples", m->samples);
		xm_json_ku64(j, "tolerance_ppm", m->tol);
		xm_json_kbool(j, "ok", ok);
		xm_sched_json_array(j, "domains");
	} else {
		xm_printf("cpupool %" PRIu32 ": %" PRIu64 ".%03" PRIu64 " s "
			  "measured, %u samples, tolerance %" PRIu32
			  " percentage points\n", m->pool, ms / 1000,
			  ms % 1000, m->samples, m->tol / 10000);
		/* the columns of the rows below, spelt out: one string */
		xm_fputs("DOMID UUID                                 PLANNED "
			 "MEASURED BUSY  RESULT\n", xm_out);
	}
	for (unsigned k = 0; k < m->n; k++) {
		const struct mon_dom *d = &m->d[k];

		xm_uuid_fmt(d->handle, u);
		if (!j) {
			xm_sched_pct(d->planned, 1000000, a, sizeof(a));
			xm_sched_pct(d->measured, 1000000, b, sizeof(b));
			xm_printf("%5u %s %7s %8s %4s  %s\n", d->domid, u, a, b,
				  d->busy ? "yes" : "no", d->result);
			continue;
		}
		xm_json_begin_object(j);
		xm_json_ku64(j, "domid", d->domid);
		xm_json_kstr(j, "uuid", u);
		xm_json_ku64(j, "planned_ppm", d->planned);
		xm_json_ku64(j, "measured_ppm", d->measured);
		xm_json_kbool(j, "busy", d->busy);
		xm_json_kstr(j, "result", d->result);
		xm_json_end_object(j);
	}
	if (j) {
		xm_json_end_array(j);
		xm_sched_json_array(j, "unmatched");
	}
	for (unsigned i = 0; i < no; i++) {
		const uint8_t *h = s->e[orph[i]].handle;
		uint32_t ppm = sched_planned_ppm(s, h);

		xm_uuid_fmt(h, u);
		if (!j) {
			xm_sched_pct(ppm, 1000000, a, sizeof(a));
			xm_printf("    - %s %7s        -    -  NO DOMAIN (the "
				  "window stays idle)\n", u, a);
			continue;
		}
		xm_json_begin_object(j);
		xm_json_kstr(j, "uuid", u);
		xm_json_ku64(j, "planned_ppm", ppm);
		xm_json_end_object(j);
	}
	if (j) {
		xm_sched_json_close(j);
	}
}

int cmd_sched_monitor(struct xm_cli *c, int argc, char **argv)
{
	static struct xm_a653 s, s2;
	static struct mon m;
	struct xm_opt op;
	struct sched_live l = { 0 };
	uint64_t secs = 5, tol = 5;
	long want = -1;
	int o, rc, json = 0, orph[XM_A653_MAX_ENTRIES];
	unsigned no, nbad;
	struct xm_json j;

	xm_opt_set(&op, argc, argv, "p:s:jt:", xm_sched_monitor_lo);
	while ((o = xm_getopt(c, &op)) != -1) {
		switch (o) {
		case 'p':
			if ((rc = xm_sched_opt_pool(c, op.arg, &want)))
				return rc;
			break;
		case 's':
			if (xm_parse_u64(op.arg, 0, 86400, &secs) || !secs)
				return xm_usage_msg(c, XM_MSG(m_monitor_badsecs, "--seconds %s: not a number of seconds (1 to 86400)"),
						op.arg);
			break;
		case 't':
			if (xm_parse_u64(op.arg, 0, 100, &tol))
				return xm_usage_msg(c, XM_MSG(m_monitor_badtol, "--tolerance %s: not a number of percentage points (0 to 100)"),
						op.arg);
			break;
		case 'j':
			json = 1;
			break;
		default:
			return XM_EXIT_USAGE;
		}
	}
	rc = xm_sched_read_pool(c, want, &l, &m.pool, &s);
	m.tol = (uint32_t)tol * 10000;
	if (!rc)
		rc = measure(c, &m, secs);
	/* a schedule changed meanwhile would make the figures meaningless */
	if (!rc && (rc = xm_a653_get(&c->xen, m.pool, &s2)))
		rc = xm_fail(c, XM_MSG(m_monitor_reading, "reading the schedule"), XM_W_A653, rc);
	if (!rc && sched_compare(&s, &s2, NULL)) {
		xm_err_msg(c, NULL, XM_MSG(m_monitor_changed, "the schedule of cpupool %u changed while it was measured: measure again"),
		       m.pool);
		rc = XM_EXIT_REFUSED;
	}
	if (!rc) {
		nbad = judge(&m, &l, &s);
		no = orphans(&m, &l, &s, orph);
		print(&m, &s, orph, no, json ? &j : NULL, !nbad && !no);
		rc = nbad || no ? XM_EXIT_NO : XM_EXIT_OK;
	}
	xm_sched_live_free(&l);
	return rc;
}
