// SPDX-License-Identifier: MIT
/*
 * The vCPU commands: `vcpu list` (where each vCPU runs, its state and
 * time, its hard and soft affinity, in `xl vcpu-list`'s terms: one
 * getvcpuinfo and one getvcpuaffinity per vCPU) and `vcpu pin`, which sets
 * one affinity of one vCPU or all of a domain's from a CPU list in xl's
 * syntax, after checking that Xen would take it, reads each back, and puts
 * back the affinities it changed when a later step fails.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "cpulist.h"
#include "json.h"
#include "msg.h"
#include "xenmin.h"

/* ---- list ---- */

static void row_text(const struct xm_dominfo *d, const char *name, uint32_t v,
		     const struct xm_vcpuinfo *vi, uint64_t hard,
		     uint64_t soft, unsigned ncpus)
{
	uint64_t tenths = (vi->cpu_time_ns + 50000000u) / 100000000u;
	char cpu[12] = "-", h[XM_CPULIST_LEN], s[XM_CPULIST_LEN];

	if (vi->online)
		xm_snprintf(cpu, sizeof(cpu), "%" PRIu32, vi->cpu);
	xm_printf("%5u %5" PRIu32 " %5s %c%c%c   %7" PRIu64 ".%" PRIu64
		  " %-9s %-9s %s\n", d->domid, v, cpu,
		  vi->online && vi->running ? 'r' : '-',
		  vi->online && vi->blocked ? 'b' : '-', vi->online ? '-' : 'p',
		  tenths / 10, tenths % 10, xm_cpulist_fmt(hard, ncpus, h, sizeof(h)),
		  xm_cpulist_fmt(soft, ncpus, s, sizeof(s)), name ? name : "-");
}

static void row_json(struct xm_json *j, const struct xm_dominfo *d,
		     const char *name, uint32_t v, const struct xm_vcpuinfo *vi,
		     uint64_t hard, uint64_t soft, unsigned ncpus)
{
	xm_json_begin_object(j);
	xm_json_ku64(j, "domid", d->domid);
	xm_json_kstr(j, "name", name);
	xm_json_ku64(j, "vcpu", v);
	xm_json_kbool(j, "online", vi->online);
	xm_json_kbool(j, "running", vi->running);
	xm_json_kbool(j, "blocked", vi->blocked);
	xm_json_knum(j, "cpu", vi->online, vi->cpu);
	xm_json_ku64(j, "cpu_time_ns", vi->cpu_time_ns);
	xm_json_kbits(j, "hard_affinity", hard & xm_cpus_upto(ncpus));
	xm_json_kbits(j, "soft_affinity", soft & xm_cpus_upto(ncpus));
	xm_json_end_object(j);
}

/* Every vCPU of @d (none when Xen says max_vcpu_id ~0: no vCPUs). */
static int list_dom(struct xm_cli *c, struct xm_json *j,
		    const struct xm_dominfo *d, unsigned ncpus)
{
	const char *name = xm_dom_name(c, d->domid);

	for (uint32_t v = 0; d->max_vcpu_id != UINT32_MAX &&
			     v <= d->max_vcpu_id; v++) {
		struct xm_vcpuinfo vi;
		uint64_t hard = 0, soft = 0;
		char what[32];
		int r = xm_vcpu_info(&c->xen, d->domid, v, &vi);

		if (!r)
			r = xm_vcpu_affinity(&c->xen, d->domid, v, 0, &hard,
					     &soft);
		if (r) {
			xm_snprintf(what, sizeof(what), "domain %u vcpu %" PRIu32,
				    d->domid, v);
			return xm_fail(c, what, XM_W_VCPU, r);
		}
		if (j)
			row_json(j, d, name, v, &vi, hard, soft, ncpus);
		else
			row_text(d, name, v, &vi, hard, soft, ncpus);
	}
	return 0;
}

/* Is @id among @want[@n] (every domain when @n is 0)? */
static int wanted(const int *want, size_t n, uint16_t id)
{
	for (size_t k = 0; k < n; k++)
		if (want[k] == id)
			return 1;
	return !n;
}

/*
 * The DOMAIN operands @args[@n] as domids in @want (-1: a name that means
 * no domain now, said by xm_dom_get; a domid not listed is said here).
 */
static int want_doms(struct xm_cli *c, char **args, size_t n, int *want,
		     const struct xm_dominfo *v, size_t nv)
{
	struct xm_dom d;
	int rc = 0;

	for (size_t k = 0; k < n; k++) {
		int r = xm_dom_get(c, args[k], &d);

		want[k] = r ? -1 : d.domid;
		if (!r && !xm_dominfo_find(v, nv, d.domid)) {
			xm_err_msg(c, NULL, XM_MSG(m_vcpu_domain_no_such, "domain %s: no such domain"), d.label);
			r = XM_EXIT_REFUSED;
		}
		rc = rc ? rc : r;
	}
	return rc;
}

static int list_all(struct xm_cli *c, int json, char **args, size_t nwant,
		    int *want, unsigned ncpus)
{
	struct xm_dominfo *v = NULL;
	struct xm_json j;
	size_t n = 0;
	int rc = xm_dom_list(c, &v, &n), r;

	if (rc)
		return rc;
	rc = want_doms(c, args, nwant, want, v, n);
	xm_list_begin(json ? &j : NULL,
		      "   ID  VCPU   CPU STATE      TIME HARD      SOFT      "
		      "NAME\n");
	for (size_t i = 0; i < n; i++) {
		r = wanted(want, nwant, v[i].domid) ?
			    list_dom(c, json ? &j : NULL, &v[i], ncpus) : 0;
		rc = rc ? rc : r;
	}
	xm_list_end(json ? &j : NULL);
	free(v);
	return rc;
}

int cmd_vcpu_list(struct xm_cli *c, int argc, char **argv)
{
	int *want = NULL;
	size_t nwant;
	unsigned ncpus = 0;
	int json, rc, ind = xm_opt_json(c, argc, argv, &json);

	if (ind < 0)
		return XM_EXIT_USAGE;
	nwant = (size_t)(argc - ind);
	rc = xm_dom_check(c, argc - ind, argv + ind);
	if (rc)
		return rc;
	want = calloc(nwant + 1, sizeof(*want));
	if (!want)
		return XM_EXIT_INTERNAL;
	rc = xm_cli_open_xen(c);
	if (!rc)
		rc = xm_cli_ncpus(c, &ncpus);
	if (!rc)
		rc = list_all(c, json, argv + ind, nwant, want, ncpus);
	free(want);
	return rc;
}

/* ---- pin ---- */

struct pin {
	uint16_t domid;
	const char *label; /* for messages: "3", "nav (domid 3)" */
	uint32_t which;   /* XM_VCPUAFFINITY_HARD or _SOFT */
	uint64_t want;    /* the CPUs asked for */
	unsigned ncpus;
	uint32_t pool;
};

/* The affinity @p->which of vCPU @v: read (*@m out) or set (*@m in/out). */
static int affinity(struct xm_cli *c, const struct pin *p, uint32_t v,
		    int set, uint64_t *m)
{
	int hard = p->which == XM_VCPUAFFINITY_HARD;
	uint64_t h = hard ? *m : 0, s = hard ? 0 : *m;
	int r = xm_vcpu_affinity(&c->xen, p->domid, v, set ? p->which : 0, &h,
				 &s);

	if (!r)
		*m = hard ? h : s;
	return r;
}

/* Put back the affinities of the vCPUs @v[@n] (as they were: @old). */
static int unpin(struct xm_cli *c, const struct pin *p, const uint32_t *v,
		 const uint64_t *old, size_t n)
{
	int rc = 0;

	while (n--) {
		uint64_t m = old[n];
		int r = affinity(c, p, v[n], 1, &m);

		if (r) {
			xm_err_msg(c, NULL, XM_MSG(m_vcpu_left_changed_domain, "left changed: domain %s vcpu %u keeps its new affinity (putting it back: %s)"),
			       p->label, v[n], xm_errwords(XM_W_VCPU, -r));
			rc = XM_EXIT_LEFT;
		}
	}
	return rc;
}

/*
 * Pin each vCPU of @v[@n] in turn, unless it has the affinity already.
 * A failure puts back the ones changed before it.
 */
static int pin_all(struct xm_cli *c, const struct pin *p, uint32_t *v,
		   size_t n)
{
	const char *kind = p->which == XM_VCPUAFFINITY_HARD ? "hard" : "soft";
	uint64_t host = xm_cpus_upto(p->ncpus), *old = calloc(n, sizeof(*old));
	char w[80], a[XM_CPULIST_LEN], b[XM_CPULIST_LEN];
	size_t done = 0;
	int rc = 0;

	if (!old)
		return XM_EXIT_INTERNAL;
	xm_cpulist_fmt(p->want, p->ncpus, a, sizeof(a));
	for (size_t i = 0; i < n; i++) {
		uint64_t eff = p->want;
		int r = affinity(c, p, v[i], 0, &old[done]);

		xm_snprintf(w, sizeof(w), "domain %s vcpu %" PRIu32, p->label,
			    v[i]);
		if (!r && (old[done] & host) == p->want) {
			xm_printf("%s: %s affinity %s (unchanged)\n", w, kind, a);
			continue;
		}
		if (!r)
			r = affinity(c, p, v[i], 1, &eff);
		if (r) {
			rc = xm_fail(c, w, XM_W_VCPU, r);
			break;
		}
		v[done++] = v[i];
		xm_printf("%s: %s affinity %s (was %s", w, kind, a,
			  xm_cpulist_fmt(old[done - 1], p->ncpus, b, sizeof(b)));
		/* Xen answers what it applies: within the pool's CPUs. */
		if ((eff & host) != p->want)
			xm_printf("; in effect %s, in cpupool %" PRIu32,
				  xm_cpulist_fmt(eff, p->ncpus, b, sizeof(b)),
				  p->pool);
		xm_printf(")\n");
	}
	if (rc && unpin(c, p, v, old, done))
		rc = XM_EXIT_LEFT;
	free(old);
	return rc;
}

/* Before any write: the vCPU exists, and Xen would take the CPUs. */
static int pin_check(struct xm_cli *c, struct pin *p, uint32_t vcpu,
		     uint32_t *nv)
{
	char w[64], a[XM_CPULIST_LEN], b[XM_CPULIST_LEN];
	struct xm_dominfo d;
	struct xm_pool pool;
	int r;

	xm_snprintf(w, sizeof(w), "domain %s", p->label);
	r = xm_domain_get(&c->xen, p->domid, &d);
	if (r)
		return xm_fail(c, w, XM_W_DOMAIN, r);
	*nv = d.max_vcpu_id == UINT32_MAX ? 0 : d.max_vcpu_id + 1;
	if ((vcpu != UINT32_MAX && vcpu >= *nv) || !*nv) {
		xm_err_msg(c, w, XM_MSG(m_vcpu_no_vcpu_has, "no vCPU %u (it has %u)"), vcpu,
		       *nv);
		return XM_EXIT_REFUSED;
	}
	r = xm_cpupool_get(&c->xen, d.cpupool, &pool);
	if (r)
		return xm_fail(c, "reading its cpupool", XM_W_SYSCTL, r);
	p->pool = d.cpupool;
	if (p->which == XM_VCPUAFFINITY_HARD && !(p->want & pool.cpus)) {
		xm_err_msg(c, w, XM_MSG(m_vcpu_cpus_none_in, "CPUs %s: none is in its cpupool %u (CPUs %s), and Xen takes a hard affinity only with one of those"), xm_cpulist_fmt(p->want, 0, a, sizeof(a)),
		       d.cpupool, xm_cpulist_fmt(pool.cpus, 0, b, sizeof(b)));
		return XM_EXIT_REFUSED;
	}
	return 0;
}

int cmd_vcpu_pin(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "soft", 0, 's' },
		{ 0 },
	};
	struct xm_opt op;
	struct pin p = { .which = XM_VCPUAFFINITY_HARD };
	struct xm_dom dom;
	uint32_t vcpu = UINT32_MAX, nv = 0, *v;
	uint64_t n = 0;
	int o, rc;

	xm_opt_set(&op, argc, argv, "s", lo);
	while ((o = xm_getopt(c, &op)) != -1) {
		if (o != 's')
			return XM_EXIT_USAGE;
		p.which = XM_VCPUAFFINITY_SOFT;
	}
	if (strcmp(argv[op.ind + 1], "all")) {
		if (xm_parse_u64(argv[op.ind + 1], 0, UINT32_MAX - 1, &n))
			return xm_usage_msg(c, XM_MSG(m_vcpu_not_vcpu_number, "%s: not a vCPU number (or all)"),
					argv[op.ind + 1]);
		vcpu = (uint32_t)n;
	}
	rc = xm_cli_cpulist(c, argv[op.ind + 2], 0, &p.want);
	if (!rc && !p.want)
		rc = xm_usage_msg(c, XM_MSG(m_vcpu_cpu_list_names, "CPU list '%s' names no CPU"), argv[op.ind + 2]);
	if (!rc)
		rc = xm_dom_one(c, argv[op.ind], &dom);
	if (rc)
		return rc;
	p.domid = dom.domid;
	p.label = dom.label;
	rc = xm_cli_ncpus(c, &p.ncpus);
	if (!rc)
		rc = xm_cli_cpulist(c, argv[op.ind + 2], p.ncpus, &p.want);
	if (!rc)
		rc = pin_check(c, &p, vcpu, &nv);
	if (rc)
		return rc;
	v = calloc(nv ? nv : 1, sizeof(*v));
	if (!v)
		return XM_EXIT_INTERNAL;
	for (uint32_t i = 0; i < nv; i++)
		v[i] = vcpu == UINT32_MAX ? i : vcpu;
	rc = xm_writer_lock(c);
	if (!rc)
		rc = pin_all(c, &p, v, vcpu == UINT32_MAX ? nv : 1);
	free(v);
	return rc;
}
