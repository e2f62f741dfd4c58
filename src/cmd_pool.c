// SPDX-License-Identifier: MIT
/*
 * The cpupool commands: `cpupool list` (pools with their scheduler, CPUs
 * and domains, and the free CPUs) and the writes create, destroy, cpu-add,
 * cpu-remove and migrate, each a XEN_SYSCTL_cpupool_op. A write reads the
 * system once, refuses before its first call whatever Xen would refuse
 * (in words: the last CPU of a pool with domains, CPU 0 of Pool-0, a pool
 * with domains, a CPU in another pool, a scheduler not built in), reads
 * back what it did, and undoes its own steps when a later one fails.
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

/* The system as one command sees it before writing. */
struct sys {
	unsigned ncpus; /* CPUs 0 to ncpus - 1 (physinfo max_cpu_id + 1) */
	uint64_t free;  /* CPUs in no cpupool */
	struct xm_pool *pool;
	size_t npool;
	struct xm_dominfo *dom;
	size_t ndom;
};

static void sys_free(struct sys *s)
{
	free(s->pool);
	free(s->dom);
}

/* The host's CPU count, refusing hosts beyond xenmin's 64-CPU masks. */
int xm_cli_ncpus(struct xm_cli *c, unsigned *ncpus)
{
	struct xm_physinfo pi;
	int r = xm_physinfo(&c->xen, &pi);

	if (r)
		return xm_fail(c, XM_MSG(m_pool_reading_host_cpus, "reading the host's CPUs"), XM_W_SYSCTL, r);
	if (pi.max_cpu_id >= XM_CPUS_MAX) {
		xm_err_msg(c, NULL, XM_MSG(m_pool_this_host_has, "this host has CPUs 0 to %u; xenmin handles CPUs 0 to %u only"), pi.max_cpu_id,
		       XM_CPUS_MAX - 1);
		return XM_EXIT_INTERFACE;
	}
	*ncpus = pi.max_cpu_id + 1;
	return 0;
}

static int read_sys(struct xm_cli *c, struct sys *s)
{
	int r = xm_cli_ncpus(c, &s->ncpus);

	if (r)
		return r;
	r = xm_cpupool_list(&c->xen, &s->pool, &s->npool);
	if (!r)
		r = xm_cpupool_free(&c->xen, &s->free);
	if (!r)
		r = xm_domain_list(&c->xen, &s->dom, &s->ndom);
	if (r)
		return xm_fail(c, "reading cpupools", XM_W_SYSCTL, r);
	xm_dom_bind(c, s->dom, s->ndom);
	return 0;
}

/*
 * Domain @d as a DOMAIN operand: its name in the domains file, else its
 * domid (names are never numbers, so either reads back as the domain).
 */
static int dom_word(const struct xm_cli *c, uint16_t d, char *b, size_t n)
{
	const char *name = xm_dom_name(c, d);

	return name ? xm_snprintf(b, n, "%s", name) : xm_snprintf(b, n, "%u", d);
}

static const struct xm_pool *find_pool(const struct sys *s, uint32_t id)
{
	for (size_t i = 0; i < s->npool; i++)
		if (s->pool[i].id == id)
			return &s->pool[i];
	return NULL;
}

static const struct xm_pool *pool_of_cpu(const struct sys *s, unsigned cpu)
{
	for (size_t i = 0; i < s->npool; i++)
		if (s->pool[i].cpus & (1ull << cpu))
			return &s->pool[i];
	return NULL;
}

static const char *sched_word(uint32_t id)
{
	const char *n = xm_sched_name(id);

	return n ? n : "unknown";
}

/* A cpupool ID operand (0 to 2^32 - 2: the last is Xen's "any"). */
static int parse_pool(struct xm_cli *c, const char *a, uint32_t *id)
{
	uint64_t v;

	if (xm_parse_u64(a, 0, XM_SYSCTL_CPUPOOL_PAR_ANY - 1, &v))
		return xm_usage_msg(c, XM_MSG(m_pool_not_cpupool_id, "%s: not a cpupool id (0 to %u)"), a,
				XM_SYSCTL_CPUPOOL_PAR_ANY - 1);
	*id = (uint32_t)v;
	return 0;
}

int xm_cli_cpulist(struct xm_cli *c, const char *a, unsigned ncpus,
		   uint64_t *m)
{
	struct xm_cpulist_err e;

	if (!xm_cpulist_parse(a, ncpus ? ncpus : XM_CPUS_MAX, m, &e))
		return 0;
	if (!ncpus || !e.range)
		return xm_usage_msg(c, XM_MSG(m_pool_cpu_list_column, "CPU list '%s': column %u: %s%s"), a, e.col,
				e.why, e.range ? " (xenmin handles CPUs 0 to "
						 "63)" : "");
	xm_err_msg(c, NULL, XM_MSG(m_pool_cpu_list_host, "CPU list '%s': column %u: %s (CPUs 0 to %u)"),
	       a, e.col, e.why, ncpus - 1);
	return XM_EXIT_REFUSED;
}

/* The union of CPU-list operands @a[@n]; @ncpus 0: syntax only. */
static int parse_cpus(struct xm_cli *c, int n, char **a, unsigned ncpus,
		      uint64_t *m)
{
	*m = 0;
	for (int i = 0; i < n; i++) {
		uint64_t one;
		int rc = xm_cli_cpulist(c, a[i], ncpus, &one);

		if (rc)
			return rc;
		*m |= one;
	}
	if (!*m)
		return xm_usage_msg(c, XM_MSG(m_pool_cpu_lists_name, "the CPU lists name no CPU"));
	return 0;
}

/* ---- list ---- */

/* The pools and their domains: text lines, or with @j one JSON object. */
static void list_out(const struct xm_cli *c, const struct sys *s,
		     struct xm_json *j)
{
	char b[XM_CPULIST_LEN];

	if (j) {
		xm_json_doc_begin(j);
		xm_json_key(j, "cpupools");
		xm_json_begin_array(j);
	} else {
		xm_fputs("  ID SCHED     NCPUS CPUS            NDOMS DOMAINS\n",
			 xm_out);
	}
	for (size_t i = 0; i < s->npool; i++) {
		const struct xm_pool *p = &s->pool[i];
		const char *sep = "";
		unsigned nc = 0;

		/* Counted here: __builtin_popcountll links libgcc's 138 B. */
		for (uint64_t m = p->cpus; m; m &= m - 1)
			nc++;
		if (j) {
			xm_json_begin_object(j);
			xm_json_ku64(j, "id", p->id);
			xm_json_kstr(j, "scheduler", sched_word(p->sched_id));
			xm_json_ku64(j, "sched_id", p->sched_id);
			xm_json_kbits(j, "cpus", p->cpus);
			xm_json_ku64(j, "n_domains", p->n_dom);
			xm_json_key(j, "domains");
			xm_json_begin_array(j);
		} else {
			xm_printf("%4" PRIu32 " %-9s %5u %-15s %5" PRIu32 " ",
				  p->id, sched_word(p->sched_id),
				  nc,
				  xm_cpulist_fmt(p->cpus, 0, b, sizeof(b)),
				  p->n_dom);
		}
		for (size_t k = 0; k < s->ndom; k++) {
			uint16_t d = s->dom[k].domid;

			if (s->dom[k].cpupool != p->id)
				continue;
			if (!j) {
				dom_word(c, d, b, sizeof(b));
				xm_printf("%s%s", sep, b);
				sep = ",";
				continue;
			}
			xm_json_begin_object(j);
			xm_json_ku64(j, "domid", d);
			xm_json_kstr(j, "name", xm_dom_name(c, d));
			xm_json_end_object(j);
		}
		if (j) {
			xm_json_end_array(j);
			xm_json_end_object(j);
		} else {
			/* "-" for a pool without domains */
			xm_fputs(*sep ? "\n" : "-\n", xm_out);
		}
	}
	if (j) {
		xm_json_end_array(j);
		xm_json_kbits(j, "free_cpus", s->free);
		xm_json_doc_end(j);
	} else {
		xm_printf("free CPUs: %s\n",
			  xm_cpulist_fmt(s->free, 0, b, sizeof(b)));
	}
}

int cmd_pool_list(struct xm_cli *c, int argc, char **argv)
{
	struct sys s = { 0 };
	struct xm_json j;
	int json, rc, ind = xm_opt_json(c, argc, argv, &json);

	if (ind < 0)
		return XM_EXIT_USAGE;
	rc = xm_cli_open_xen(c);
	if (!rc)
		rc = read_sys(c, &s);
	if (!rc)
		list_out(c, &s, json ? &j : NULL);
	sys_free(&s);
	return rc;
}

/* ---- CPU moves, undone in reverse on failure ---- */

struct move {
	uint32_t pool, cpu;
	int add; /* 1: the CPU went into the pool; 0: out of it */
};

/* Undo @m[0..@n) in reverse. 0, or XM_EXIT_LEFT after saying what is. */
static int undo(struct xm_cli *c, const struct move *m, size_t n)
{
	int rc = 0;

	while (n--) {
		int r = xm_cpupool_cpu(&c->xen, m[n].pool, m[n].cpu, !m[n].add);

		if (!r) {
			xm_printf("cpupool %" PRIu32 ": CPU %" PRIu32 " %s "
				  "again (undone)\n", m[n].pool, m[n].cpu,
				  m[n].add ? "out" : "in");
			continue;
		}
		xm_err_msg(c, NULL, XM_MSG(m_pool_left_changed_cpu, "left changed: CPU %u is %s cpupool %u (undoing: %s)"), m[n].cpu,
		       m[n].add ? "in" : "out of", m[n].pool,
		       xm_errwords(XM_W_POOL, -r));
		rc = XM_EXIT_LEFT;
	}
	return rc;
}

/*
 * Do @m[0..@n) in order. On a failure, undo what was done, including a
 * removal Xen gave up half way (it leaves the CPU free: back it goes).
 */
static int do_moves(struct xm_cli *c, const struct move *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int r = xm_cpupool_cpu(&c->xen, m[i].pool, m[i].cpu, m[i].add);
		uint64_t fr = 0;
		char what[24];

		if (!r) {
			xm_printf("cpupool %" PRIu32 ": CPU %" PRIu32 " %s\n",
				  m[i].pool, m[i].cpu,
				  m[i].add ? "added" : "removed (now free)");
			continue;
		}
		xm_snprintf(what, sizeof(what), "CPU %" PRIu32, m[i].cpu);
		r = xm_fail(c, what, XM_W_POOL, r);
		if (!m[i].add && !xm_cpupool_free(&c->xen, &fr) &&
		    (fr & (1ull << m[i].cpu)))
			i++;
		return undo(c, m, i) ? XM_EXIT_LEFT : r;
	}
	return 0;
}

/* "cpupool 7" in messages. */
static const char *pool_label(char *b, size_t n, uint32_t id)
{
	xm_snprintf(b, n, "cpupool %" PRIu32, id);
	return b;
}

/* Pool @id does not exist: said; the exit code. */
static int no_pool(const struct xm_cli *c, uint32_t id)
{
	char w[24];

	xm_err_msg(c, pool_label(w, sizeof(w), id), XM_MSG(m_pool_none, "no such cpupool"));
	return XM_EXIT_REFUSED;
}

/* The domains of pool @id for a message, shortened with "..." if long. */
static const char *doms_str(const struct xm_cli *c, const struct sys *s,
			    uint32_t id, char *b, size_t n)
{
	size_t o = 0;

	b[0] = '\0';
	for (size_t i = 0; i < s->ndom && o + 40 < n; i++)
		if (s->dom[i].cpupool == id) {
			if (o)
				b[o++] = ',';
			o += (size_t)dom_word(c, s->dom[i].domid, b + o, n - o);
		}
	if (o + 40 >= n)
		xm_snprintf(b + o, n - o, "...");
	return b;
}

/* ---- create ---- */

/*
 * Before the first write. Up to 4.20 Xen's arinc653 keeps its place in
 * the schedule in statics shared by all its pools (fixed in 4.21): a
 * second arinc653 pool would disturb the first one's schedule.
 */
static int create_check(struct xm_cli *c, const struct xm_pool *v, size_t n,
			uint32_t id, uint32_t sched)
{
	char w[24];

	if (xm_say_sched_not_built(c, sched))
		return XM_EXIT_INTERFACE;
	for (size_t i = 0; i < n; i++) {
		if (v[i].id == id) {
			xm_err_msg(c, pool_label(w, sizeof(w), id), XM_MSG(m_pool_exists_already_scheduler, "exists already (scheduler %s)"), sched_word(v[i].sched_id));
			return XM_EXIT_REFUSED;
		}
		if (sched == XM_SCHED_ARINC653 &&
		    v[i].sched_id == XM_SCHED_ARINC653 && c->xen.minor < 21 &&
		    c->xen.major == 4) {
			xm_err_msg(c, NULL, XM_MSG(m_pool_a653_one, "cpupool %u runs arinc653 already, and Xen %u.%u keeps one place in the schedule for all arinc653 pools (fixed in 4.21): a second one would disturb it"),
			       v[i].id, c->xen.major, c->xen.minor);
			return XM_EXIT_REFUSED;
		}
	}
	return 0;
}

/* --sched NAME as a scheduler id; 0 (after a usage error) if none. */
static uint32_t sched_of(struct xm_cli *c, const char *name)
{
	for (uint32_t i = XM_SCHED_CREDIT; name && i <= XM_SCHED_NULL; i++)
		if (!strcmp(name, xm_sched_name(i)))
			return i;
	if (name)
		xm_usage_msg(c, XM_MSG(m_pool_scheds, "--sched %s: no such scheduler (credit, credit2, arinc653, rtds, null)"),
			 name);
	else
		xm_usage_msg(c, XM_MSG(m_pool_which_scheduler_sched, "which scheduler? (--sched NAME)"));
	return 0;
}

int cmd_pool_create(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "sched", 1, 's' },
		{ 0 },
	};
	struct xm_opt op;
	uint32_t id = XM_SYSCTL_CPUPOOL_PAR_ANY, sched;
	const char *name = NULL;
	struct xm_pool *v = NULL;
	size_t n = 0;
	int o, rc;

	xm_opt_set(&op, argc, argv, "s:", lo);
	while ((o = xm_getopt(c, &op)) != -1) {
		if (o != 's')
			return XM_EXIT_USAGE;
		name = op.arg;
	}
	sched = sched_of(c, name);
	if (!sched)
		return XM_EXIT_USAGE;
	if (op.ind < argc && parse_pool(c, argv[op.ind], &id))
		return XM_EXIT_USAGE;
	rc = xm_cli_open_xen(c);
	if (rc)
		return rc;
	rc = xm_cpupool_list(&c->xen, &v, &n);
	rc = rc ? xm_fail(c, "reading cpupools", XM_W_SYSCTL, rc)
		: create_check(c, v, n, id, sched);
	free(v);
	if (rc)
		return rc;
	rc = xm_writer_lock(c);
	if (rc)
		return rc;
	rc = xm_cpupool_create(&c->xen, &id, sched);
	if (rc == -ENOENT && xm_say_sched_not_built(c, sched))
		return XM_EXIT_INTERFACE;
	if (rc)
		return xm_fail(c, NULL, XM_W_POOL_NEW, rc);
	xm_printf("cpupool %" PRIu32 ": created (scheduler %s, no CPUs yet)\n",
		  id, name);
	return 0;
}

/* ---- destroy ---- */

static int destroy_check(struct xm_cli *c, const struct sys *s, uint32_t id)
{
	const struct xm_pool *p = find_pool(s, id);
	char w[24], d[160];

	if (!p)
		return no_pool(c, id);
	pool_label(w, sizeof(w), id);
	if (!id)
		xm_err_msg(c, w, XM_MSG(m_pool_pool0, "Pool-0 is never destroyed (it holds CPU 0 and dom0)"));
	else if (p->n_dom)
		xm_err_msg(c, w, XM_MSG(m_pool_has_domains, "it has domains (%s): move them out first (cpupool migrate DOMAIN 0)"),
		       doms_str(c, s, id, d, sizeof(d)));
	else
		return 0;
	return XM_EXIT_REFUSED;
}

int cmd_pool_destroy(struct xm_cli *c, int argc, char **argv)
{
	struct move m[XM_CPUS_MAX];
	struct sys s = { 0 };
	size_t n = 0;
	uint32_t id = 0;
	char w[24];
	int rc, ind = xm_no_opts(c, argc, argv);

	if (ind < 0 || parse_pool(c, argv[ind], &id))
		return XM_EXIT_USAGE;
	rc = xm_cli_open_xen(c);
	if (!rc)
		rc = read_sys(c, &s);
	if (!rc)
		rc = destroy_check(c, &s, id);
	if (rc)
		goto out;
	for (unsigned i = 0; i < XM_CPUS_MAX; i++)
		if (find_pool(&s, id)->cpus & (1ull << i))
			m[n++] = (struct move){ id, i, 0 };
	rc = xm_writer_lock(c);
	if (!rc)
		rc = do_moves(c, m, n);
	if (rc)
		goto out;
	rc = xm_cpupool_destroy(&c->xen, id);
	if (rc) {
		rc = xm_fail(c, pool_label(w, sizeof(w), id), XM_W_POOL, rc);
		if (undo(c, m, n))
			rc = XM_EXIT_LEFT;
		goto out;
	}
	xm_printf("cpupool %" PRIu32 ": destroyed\n", id);
out:
	sys_free(&s);
	return rc;
}

/* ---- cpu-add, cpu-remove ---- */

/* The CPUs @want into (@add) or out of pool @p as moves, or a refusal. */
static int cpus_check(struct xm_cli *c, const struct sys *s,
		      const struct xm_pool *p, uint64_t want, int add,
		      struct move *m, size_t *n)
{
	char d[160], b[XM_CPULIST_LEN];

	for (unsigned i = 0; i < XM_CPUS_MAX; i++) {
		const struct xm_pool *in = pool_of_cpu(s, i);

		if (!(want & (1ull << i)))
			continue;
		if (add && in && in->id == p->id) {
			xm_printf("cpupool %" PRIu32 ": CPU %u is in it "
				  "already\n", p->id, i);
			continue;
		}
		if (add && in) {
			xm_err_msg(c, NULL, XM_MSG(m_pool_cpu_in_cpupool, "CPU %u is in cpupool %u: take it out there first (cpupool cpu-remove %u %u)"), i, in->id, in->id, i);
			return XM_EXIT_REFUSED;
		}
		if (!add && in != p) {
			xm_err_msg(c, NULL, XM_MSG(m_pool_cpu_not_in, "CPU %u is not in cpupool %u (its CPUs: %s)"), i, p->id,
			       xm_cpulist_fmt(p->cpus, 0, b, sizeof(b)));
			return XM_EXIT_REFUSED;
		}
		if (!add && !i && !p->id) {
			xm_err_msg(c, NULL, XM_MSG(m_pool_cpu0, "CPU 0 never leaves Pool-0 (Xen keeps it there, with dom0)"));
			return XM_EXIT_REFUSED;
		}
		m[(*n)++] = (struct move){ p->id, i, add };
	}
	if (!add && !(p->cpus & ~want) && p->n_dom) {
		xm_err_msg(c, NULL, XM_MSG(m_pool_last_cpu, "that is every CPU of cpupool %u, which has domains (%s): Xen keeps a pool's last CPU while it has any; move them out first (cpupool migrate DOMAIN 0)"),
		       p->id, doms_str(c, s, p->id, d, sizeof(d)));
		return XM_EXIT_REFUSED;
	}
	return 0;
}

static int pool_cpus(struct xm_cli *c, int argc, char **argv, int add)
{
	const struct xm_pool *p;
	struct move m[XM_CPUS_MAX];
	struct sys s = { 0 };
	uint64_t want;
	size_t n = 0;
	uint32_t id = 0;
	int rc, ind = xm_no_opts(c, argc, argv);

	if (ind < 0 || parse_pool(c, argv[ind], &id) ||
	    parse_cpus(c, argc - ind - 1, argv + ind + 1, 0, &want))
		return XM_EXIT_USAGE;
	rc = xm_cli_open_xen(c);
	if (!rc)
		rc = read_sys(c, &s);
	if (!rc)
		rc = parse_cpus(c, argc - ind - 1, argv + ind + 1, s.ncpus,
				&want);
	if (rc)
		goto out;
	p = find_pool(&s, id);
	if (!p) {
		rc = no_pool(c, id);
		goto out;
	}
	rc = cpus_check(c, &s, p, want, add, m, &n);
	if (rc || !n)
		goto out;
	rc = xm_writer_lock(c);
	if (!rc)
		rc = do_moves(c, m, n);
out:
	sys_free(&s);
	return rc;
}

int cmd_pool_cpu_add(struct xm_cli *c, int argc, char **argv)
{
	return pool_cpus(c, argc, argv, 1);
}

int cmd_pool_cpu_remove(struct xm_cli *c, int argc, char **argv)
{
	return pool_cpus(c, argc, argv, 0);
}

/* ---- migrate ---- */

int cmd_pool_migrate(struct xm_cli *c, int argc, char **argv)
{
	struct xm_dominfo d;
	struct xm_dom dom;
	struct xm_pool p;
	uint32_t id = 0;
	char what[64];
	int r, ind = xm_no_opts(c, argc, argv);

	if (ind < 0 || parse_pool(c, argv[ind + 1], &id))
		return XM_EXIT_USAGE;
	r = xm_dom_one(c, argv[ind], &dom);
	if (r)
		return r;
	xm_snprintf(what, sizeof(what), "domain %s", dom.label);
	r = xm_domain_get(&c->xen, dom.domid, &d);
	if (r)
		return xm_fail(c, what, XM_W_DOMAIN, r);
	r = xm_cpupool_get(&c->xen, id, &p);
	if (r == -ENOENT)
		return no_pool(c, id);
	if (r)
		return xm_fail(c, "reading cpupools", XM_W_SYSCTL, r);
	if (d.cpupool == id) {
		xm_printf("%s: in cpupool %" PRIu32 " already\n", what, id);
		return 0;
	}
	if (!p.cpus) {
		xm_err_msg(c, NULL, XM_MSG(m_pool_no_cpu, "cpupool %u has no CPU, so no domain can run there: give it one first (cpupool cpu-add %u CPU)"),
		       id, id);
		return XM_EXIT_REFUSED;
	}
	r = xm_writer_lock(c);
	if (r)
		return r;
	r = xm_cpupool_move(&c->xen, id, dom.domid);
	if (r)
		return xm_fail(c, what, XM_W_MOVE, r);
	xm_printf("%s: moved from cpupool %" PRIu32 " to cpupool %" PRIu32 "\n",
		  what, d.cpupool, id);
	return 0;
}
