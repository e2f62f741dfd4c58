// SPDX-License-Identifier: MIT
/*
 * `xenmin sched-arinc653 check|set|get|diff`: the CLI layer of the ARINC 653
 * schedule commands. It reads the file, runs the pure parser and planner
 * (sched_parse.c, sched_plan.c), reads the live system through xenops,
 * prints data on stdout and diagnostics on stderr, and decides the exit
 * code. `set` reads the live system once and refuses before its first write
 * if anything does not fit; the writes, their verification and their undo
 * are sched_apply.c's, which reports what happened for this file to word.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>

#include "cmds.h"
#include "json.h"
#include "msg.h"
#include "sched_apply.h"
#include "sched_cli.h"
#include "xenmin.h"
#include "xm_time.h"

/* ---- shared helpers ---- */

/*
 * The order messages are shown in: every error before any warning (so
 * warnings never push an error out of the SCHED_DIAG_SHOW shown), each
 * kind in file order. The @k-th message to show, or NULL.
 */
static const struct sched_msg *nth_msg(const struct sched_diag *d, unsigned k)
{
	for (int warn = 0; warn < 2; warn++)
		for (unsigned i = 0; i < d->n; i++)
			if (d->m[i].warn == warn && !k--)
				return &d->m[i];
	return NULL;
}

/* Parser messages, compiler style, at most SCHED_DIAG_SHOW of them. */
static void print_file_diag(const char *path, const struct sched_diag *d)
{
	unsigned shown = 0, total = d->nerr + d->nwarn;
	const struct sched_msg *m;

	while (shown < SCHED_DIAG_SHOW && (m = nth_msg(d, shown))) {
		xm_fprintf(xm_errout, "%s:%u:%u: %s: %s\n", path, m->line,
			   m->col, m->warn ? "warning" : "error", m->text);
		shown++;
	}
	if (total > shown)
		xm_fprintf(xm_errout, "%s: %u more messages not shown\n", path,
			total - shown);
}

/* Planner messages in the house format, with the file line when known. */
static void print_plan_diag(const struct xm_cli *c, const char *path,
			    const struct sched_diag *d)
{
	const struct sched_msg *m;

	for (unsigned i = 0; i < SCHED_DIAG_SHOW && (m = nth_msg(d, i)); i++) {
		char where[300];

		if (m->line)
			xm_snprintf(where, sizeof(where), "%s:%u", path, m->line);
		xm_err(c, m->line ? where : NULL, "%s%s",
		       m->warn ? "warning: " : "", m->text);
	}
}

int xm_sched_load(struct xm_cli *c, const char *path, struct sched_file *f,
		  unsigned how, struct sched_diag *d)
{
	int strict = how & XM_LOAD_STRICT;

	size_t len;
	char *buf;
	int rc = xm_read_input(c, path, 0, &buf, &len);

	if (rc)
		return rc;
	sched_diag_init(d);
	sched_parse(buf, len, f, d);
	free(buf);
	if (!(how & XM_LOAD_QUIET))
		print_file_diag(path, d);
	if (d->nerr || (strict && d->nwarn))
		return XM_EXIT_DATA;
	return 0;
}

void xm_sched_live_free(struct sched_live *l)
{
	free(l->dom);
	free(l->pool);
	memset(l, 0, sizeof(*l));
}

static int read_domains(struct xm_cli *c, struct sched_live *l)
{
	int r;

	free(l->dom);
	l->dom = NULL;
	r = xm_domain_list(&c->xen, &l->dom, &l->ndom);
	if (r)
		return xm_fail(c, "listing domains", XM_W_SYSCTL, r);
	return 0;
}

/*
 * The cpupools of the snapshot. With @only_pool >= 0 only that cpupool is
 * read (one hypercall instead of one per pool); a pool that does not exist
 * is then simply absent.
 */
static int read_pools(struct xm_cli *c, struct sched_live *l, long only_pool)
{
	int r;

	if (only_pool >= 0) {
		l->pool = calloc(1, sizeof(*l->pool));
		if (!l->pool)
			return XM_EXIT_INTERNAL;
		r = xm_cpupool_get(&c->xen, (uint32_t)only_pool, l->pool);
		l->npool = r == 0;
		if (r == -ENOENT)
			r = 0;
	} else {
		r = xm_cpupool_list(&c->xen, &l->pool, &l->npool);
	}
	if (r)
		return xm_fail(c, "listing cpupools", XM_W_SYSCTL, r);
	return 0;
}

/* The one snapshot of the live system that decisions are based on. */
static int read_live(struct xm_cli *c, struct sched_live *l, long only_pool)
{
	int r = read_domains(c, l);

	if (!r)
		r = read_pools(c, l, only_pool);
	/* Unknown caller: the planner then assumes dom0 (documented). */
	if (!r)
		l->have_self = xm_self_handle(&c->xen, l->self) == 0;
	return r;
}

/*
 * The pool to read: @want if given (it must exist and run arinc653), else
 * the only pool that runs arinc653. Prints why not; 0 or an exit code.
 */
static int pick_pool(struct xm_cli *c, const struct sched_live *l, long want,
		     uint32_t *out)
{
	char others[200];
	size_t o = 0;
	unsigned na = 0;

	if (want >= 0) {
		if (sched_check_pool(l, (uint32_t)want, others,
				     sizeof(others))) {
			xm_err(c, NULL, "%s", others);
			return XM_EXIT_REFUSED;
		}
		*out = (uint32_t)want;
		return 0;
	}
	others[0] = '\0';
	for (size_t i = 0; i < l->npool; i++) {
		const char *nm = xm_sched_name(l->pool[i].sched_id);

		if (l->pool[i].sched_id == XM_SCHED_ARINC653) {
			if (!na++)
				*out = l->pool[i].id;
			continue;
		}
		if (o + 40 < sizeof(others))
			o += (size_t)xm_snprintf(others + o, sizeof(others) - o,
					      "%spool %" PRIu32 " runs %s",
					      o ? ", " : "", l->pool[i].id,
					      nm ? nm : "an unknown scheduler");
	}
	if (na == 1)
		return 0;
	if (na == 0) {
		xm_err_msg(c, NULL, XM_MSG(m_sched_nopool, "no cpupool runs arinc653 (%s)"),
		       o ? others : "no cpupools");
		return XM_EXIT_REFUSED;
	}
	xm_err_msg(c, NULL, XM_MSG(m_sched_pools, "%u cpupools run arinc653: choose one with --pool"),
	       na);
	return XM_EXIT_USAGE;
}

void xm_sched_json_array(struct xm_json *j, const char *k)
{
	xm_json_key(j, k);
	xm_json_begin_array(j);
}

void xm_sched_json_close(struct xm_json *j)
{
	xm_json_end_array(j);
	xm_json_doc_end(j);
}

int xm_sched_opt_pool(struct xm_cli *c, const char *s, long *out)
{
	uint64_t v;

	if (xm_parse_u64(s, 0, UINT32_MAX - 1, &v))
		return xm_usage_msg(c, XM_MSG(m_sched_badpool, "--pool %s: not a cpupool id"), s);
	*out = (long)v;
	return 0;
}

/* ---- check ---- */

/* check --json: the messages and, when it passed, each schedule. */
static void check_json(const char *path, const struct sched_file *f,
		       const struct sched_diag *d, int rc)
{
	struct xm_json j;

	xm_json_doc_begin(&j);
	xm_json_kstr(&j, "file", path);
	xm_json_kbool(&j, "ok", !rc);
	xm_json_ku64(&j, "errors", d->nerr);
	xm_json_ku64(&j, "warnings", d->nwarn);
	xm_sched_json_array(&j, "messages");
	for (unsigned i = 0; i < d->n; i++) {
		xm_json_begin_object(&j);
		xm_json_ku64(&j, "line", d->m[i].line);
		xm_json_ku64(&j, "col", d->m[i].col);
		xm_json_kstr(&j, "severity", d->m[i].warn ? "warning" : "error");
		xm_json_kstr(&j, "message", d->m[i].text);
		xm_json_end_object(&j);
	}
	xm_json_end_array(&j);
	xm_sched_json_array(&j, "schedules");
	for (unsigned k = 0; !rc && k < f->nsched; k++) {
		xm_json_begin_object(&j);
		xm_json_kstr(&j, "name", f->named ? f->sched[k].name : NULL);
		xm_json_ku64(&j, "cpupool", f->pool);
		xm_json_ku64(&j, "slots", f->sched[k].nslot);
		xm_json_ku64(&j, "major_frame_ns", f->sched[k].major_ns);
		xm_json_ku64(&j, "idle_ns", f->sched[k].major_ns -
			     f->sched[k].sum_ns);
		xm_json_end_object(&j);
	}
	xm_sched_json_close(&j);
}

int cmd_sched_check(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "strict", 0, 's' },
		{ "json", 0, 'j' },
		{ 0 },
	};
	struct xm_opt op;
	static struct sched_file f;
	static struct sched_diag d;
	unsigned how = 0;
	int o, rc;
	char a[32], b[32];
	const char *path;

	xm_opt_set(&op, argc, argv, "sj", lo);
	while ((o = xm_getopt(c, &op)) != -1) {
		if (o == 's')
			how |= XM_LOAD_STRICT;
		else if (o == 'j')
			how |= XM_LOAD_QUIET;
		else
			return XM_EXIT_USAGE;
	}
	path = argv[op.ind];
	rc = xm_sched_load(c, path, &f, how, &d);
	if (how & XM_LOAD_QUIET) {
		if (rc == XM_EXIT_DATA || !rc)
			check_json(path, &f, &d, rc);
		return rc;
	}
	if (rc)
		return rc;
	for (unsigned k = 0; k < f.nsched; k++) {
		const struct sched_block *sb = &f.sched[k];

		sched_fmt_time(sb->major_ns, a, sizeof(a));
		sched_fmt_time(sb->major_ns - sb->sum_ns, b, sizeof(b));
		xm_printf("%s: ok: cpupool %" PRIu32 ", %s%s%s%u slot%s, %u "
			  "domain%s, major_frame %s (%s idle)\n", path,
			  f.pool, f.named ? "schedule " : "", sb->name,
			  f.named ? ", " : "", sb->nslot,
			  sb->nslot == 1 ? "" : "s", f.ndom,
			  f.ndom == 1 ? "" : "s", a,
			  sb->major_ns > sb->sum_ns ? b : "none");
	}
	return XM_EXIT_OK;
}

/* ---- get ---- */

/* Which live domains hold @h (indices into l->dom); returns the count. */
unsigned xm_sched_holders(const struct sched_live *l, const uint8_t h[16],
			  uint32_t pool, int *idx, unsigned max)
{
	unsigned n = 0;

	/* Xen matches only among the pool's own domains */
	for (size_t i = 0; i < l->ndom; i++)
		if (l->dom[i].cpupool == pool &&
		    !memcmp(l->dom[i].handle, h, 16)) {
			if (n < max)
				idx[n] = (int)i;
			n++;
		}
	return n;
}

unsigned xm_sched_distinct(const struct xm_a653 *s, int *first)
{
	unsigned n = 0;

	for (unsigned i = 0; i < s->n; i++) {
		unsigned j;

		for (j = 0; j < n; j++)
			if (!memcmp(s->e[first[j]].handle, s->e[i].handle, 16))
				break;
		if (j == n)
			first[n++] = (int)i;
	}
	return n;
}

static void get_text(const struct xm_cli *c, const struct sched_live *l,
		     uint32_t pool, const struct xm_a653 *s)
{
	int first[XM_A653_MAX_ENTRIES], idx[8];
	char names[XM_A653_MAX_ENTRIES][SCHED_NAME_MAX], u[37], t[32];
	unsigned nd = xm_sched_distinct(s, first), nunk = 0, nsh = 0;

	sched_fmt_time(s->major_frame_ns, t, sizeof(t));
	xm_printf("# ARINC 653 schedule of cpupool %" PRIu32
	       ", read from Xen %u.%u%s by xenmin %s\ncpupool %" PRIu32
	       "\nmajor_frame %s\n", pool, c->xen.major, c->xen.minor,
	       c->xen.extra, XENMIN_VERSION, pool, t);
	for (unsigned d = 0; d < nd; d++) {
		const uint8_t *h = s->e[first[d]].handle;
		unsigned nh = xm_sched_holders(l, h, pool, idx, 8);

		xm_uuid_fmt(h, u);
		if (nh == 1) {
			unsigned id = l->dom[idx[0]].domid;
			const char *nm = xm_dom_name(c, id);

			if (nm)
				xm_snprintf(names[d], sizeof(names[d]), "%s", nm);
			else
				xm_snprintf(names[d], sizeof(names[d]), "dom%u",
					    id);
			xm_printf("domain %s domid %u uuid %s\n", names[d], id, u);
		} else if (nh == 0) {
			xm_snprintf(names[d], sizeof(names[d]), "unknown%u",
				    ++nunk);
			xm_printf("domain %s uuid %s  # matches no domain in "
				  "cpupool %" PRIu32 ": its slots stay idle\n",
				  names[d], u, pool);
		} else {
			xm_snprintf(names[d], sizeof(names[d]), "shared%u",
				    ++nsh);
			xm_printf("domain %s uuid %s  # shared by domids",
				  names[d], u);
			for (unsigned k = 0; k < nh && k < 8; k++)
				xm_printf("%s %u", k ? "," : "",
					  l->dom[idx[k]].domid);
			xm_printf(": Xen runs only one of them\n");
		}
	}
	for (unsigned i = 0; i < s->n; i++) {
		unsigned d;

		/* every handle has a first use; the bound keeps d in names[] */
		for (d = 0; d + 1 < nd &&
			    memcmp(s->e[first[d]].handle, s->e[i].handle, 16);)
			d++;
		sched_fmt_time(s->e[i].runtime_ns, t, sizeof(t));
		if (s->e[i].vcpu)
			xm_printf("slot %s vcpu %" PRIu32 " %s\n", names[d],
			       s->e[i].vcpu, t);
		else
			xm_printf("slot %s %s\n", names[d], t);
	}
	if (!s->n)
		xm_printf("# the schedule is empty: nothing runs in this pool\n");
}

static void get_json(const struct sched_live *l, uint32_t pool,
		     const struct xm_a653 *s)
{
	struct xm_json j;
	int idx[64];
	char u[37];

	xm_json_doc_begin(&j);
	xm_json_ku64(&j, "cpupool", pool);
	xm_json_kstr(&j, "scheduler", "arinc653");
	xm_json_ku64(&j, "major_frame_ns", s->major_frame_ns);
	xm_sched_json_array(&j, "slots");
	for (unsigned i = 0; i < s->n; i++) {
		unsigned nh = xm_sched_holders(l, s->e[i].handle, pool, idx, 64);

		xm_json_begin_object(&j);
		xm_uuid_fmt(s->e[i].handle, u);
		xm_json_kstr(&j, "uuid", u);
		xm_json_ku64(&j, "vcpu", s->e[i].vcpu);
		xm_json_ku64(&j, "runtime_ns", s->e[i].runtime_ns);
		xm_sched_json_array(&j, "domids");
		for (unsigned k = 0; k < nh && k < 64; k++)
			xm_json_u64(&j, l->dom[idx[k]].domid);
		xm_json_end_array(&j);
		xm_json_end_object(&j);
	}
	xm_sched_json_close(&j);
}

static int read_sched(struct xm_cli *c, uint32_t pool, struct xm_a653 *s)
{
	char what[64];
	int r = xm_a653_get(&c->xen, pool, s);

	if (!r)
		return 0;
	xm_snprintf(what, sizeof(what), XM_MSG(m_sched_reading, "reading the schedule of cpupool %u"), pool);
	return xm_fail(c, what, XM_W_A653, r);
}

int xm_sched_read_pool(struct xm_cli *c, long want, struct sched_live *l,
		       uint32_t *pool, struct xm_a653 *s)
{
	int rc = xm_cli_open_xen(c);

	if (rc)
		return rc;
	rc = read_live(c, l, want);
	if (!rc) {
		xm_dom_bind(c, l->dom, l->ndom); /* names from the domains file */
		rc = pick_pool(c, l, want, pool);
	}
	if (rc == XM_EXIT_REFUSED)
		xm_say_sched_not_built(c, XM_SCHED_ARINC653);
	if (!rc)
		rc = read_sched(c, *pool, s);
	return rc;
}

/* monitor's long options; get takes the last two (one table for both) */
const struct xm_option xm_sched_monitor_lo[] = {
	{ "tolerance", 1, 't' },
	{ "seconds", 1, 's' },
	{ "pool", 1, 'p' },
	{ "json", 0, 'j' },
	{ 0 },
};

int cmd_sched_get(struct xm_cli *c, int argc, char **argv)
{
	struct xm_opt op;
	static struct xm_a653 s;
	struct sched_live l;
	long want = -1;
	uint32_t pool = 0;
	int o, json = 0, rc, e;

	xm_opt_set(&op, argc, argv, "p:j", xm_sched_monitor_lo + 2);
	memset(&l, 0, sizeof(l));
	while ((o = xm_getopt(c, &op)) != -1) {
		if (o == 'j')
			json = 1;
		else if (o == 'p') {
			rc = xm_sched_opt_pool(c, op.arg, &want);
			if (rc)
				return rc;
		} else
			return XM_EXIT_USAGE;
	}
	rc = xm_sched_read_pool(c, want, &l, &pool, &s);
	/* The text's first line names Xen's release in full. */
	if (!rc && !json && (e = xm_xen_extra(&c->xen)))
		rc = xm_fail(c, XM_MSG(m_sched_version, "asking Xen its version"), XM_W_VERSION, e);
	if (!rc) {
		if (json)
			get_json(&l, pool, &s);
		else
			get_text(c, &l, pool, &s);
		rc = XM_EXIT_OK;
	}
	xm_sched_live_free(&l);
	return rc;
}

/* ---- set ---- */

/* Does file domain @dm exist in @l? */
static int present(const struct sched_dom *dm, const struct sched_live *l)
{
	for (size_t k = 0; k < l->ndom; k++)
		if (dm->has_domid ? l->dom[k].domid == dm->domid
		    : !memcmp(l->dom[k].handle, dm->uuid, 16))
			return 1;
	return 0;
}

/* --wait: poll the domain list until every declared domain exists. */
static int wait_domains(struct xm_cli *c, const struct sched_file *f,
			uint64_t secs)
{
	struct sched_live l;
	uint64_t end = xm_now_ns() + secs * 1000000000u;
	int rc;

	memset(&l, 0, sizeof(l));
	for (;;) {
		unsigned missing = 0, first = 0;

		rc = read_domains(c, &l);
		if (rc)
			break;
		for (unsigned i = 0; i < f->ndom; i++)
			if (!present(&f->dom[i], &l) && !missing++)
				first = i;
		if (!missing)
			break;
		if (xm_now_ns() >= end) {
			const struct sched_dom *dm = &f->dom[first];
			char id[37];

			if (dm->has_domid)
				xm_snprintf(id, sizeof(id), "%u", dm->domid);
			else
				xm_uuid_fmt(dm->uuid, id);
			xm_err_msg(c, NULL, XM_MSG(m_sched_timeout, "timed out after %llus waiting for domain %s (%s %s)%s"),
			       (unsigned long long)secs, dm->name,
			       dm->has_domid ? "domid" : "uuid", id,
			       missing > 1 ? " and others" : "");
			rc = XM_EXIT_TIMEOUT;
			break;
		}
		xm_sleep_ms(100);
	}
	xm_sched_live_free(&l);
	return rc;
}

/* The names of @f's schedules, "a, b, c", into @buf. */
static void sched_names(const struct sched_file *f, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (unsigned k = 0; k < f->nsched && o + SCHED_NAME_MAX + 2 < len; k++)
		o += (size_t)xm_snprintf(buf + o, len - o, "%s%s", k ? ", " : "",
					 f->sched[k].name);
}

/*
 * Select schedule @name of FILE (NULL: the file's only one). A file with
 * several needs a name; a name needs a file that has it. 0 or exit 64.
 */
static int pick_schedule(struct xm_cli *c, const char *path,
			 struct sched_file *f, const char *name)
{
	char names[SCHED_MAX_NAMED * (SCHED_NAME_MAX + 2)];

	sched_names(f, names, sizeof(names));
	if (!name && f->nsched > 1)
		return xm_usage_msg(c, XM_MSG(m_sched_choose, "%s holds %u schedules (%s): choose one with --schedule NAME"),
				path, f->nsched, names);
	if (name && !f->named)
		return xm_usage_msg(c, XM_MSG(m_sched_unnamed, "%s has no named schedules (no 'schedule' lines)"),
				path);
	if (name && sched_select(f, name) < 0)
		return xm_usage_msg(c, XM_MSG(m_sched_noname, "%s has no schedule %s (it has: %s)"),
				path, name, names);
	return 0;
}

/*
 * The FILE operand of set, switch, diff and status: parse and check it,
 * select schedule @name (no Xen needed for that, so a bad file is exit 65
 * anywhere), then open the hypervisor.
 */
static int load_then_open(struct xm_cli *c, const char *path,
			  struct sched_file *f, struct sched_diag *d,
			  const char *name)
{
	int rc = xm_sched_load(c, path, f, 0, d);

	if (!rc)
		rc = pick_schedule(c, path, f, name);
	if (rc)
		return rc;
	return xm_cli_open_xen(c);
}

/*
 * Plan @f for @pool against a fresh snapshot of the live system, the
 * planner's messages into @d. 0, or the exit code of a plan that failed.
 */
static int plan(struct xm_cli *c, const struct sched_file *f, uint32_t pool,
		unsigned flags, struct sched_plan *p, struct sched_diag *d)
{
	struct sched_live l;
	int rc, r = SCHED_OK, asked = 0;

	memset(&l, 0, sizeof(l));
	rc = read_domains(c, &l);
	if (!rc && !(flags & SCHED_PLAN_NO_POOL))
		rc = read_pools(c, &l, pool);
	/*
	 * The fewest hypercalls: with SCHED_PLAN_NO_POOL the pool is read
	 * only when the plan fails (a pool that does not run arinc653 is the
	 * first thing to say); which domain runs xenmin matters only if
	 * some domain of the pool gets no slot. Each is asked once, then
	 * the plan is made again.
	 */
	while (!rc) {
		sched_diag_init(d);
		r = sched_plan(f, &l, pool, flags, p, d);
		if (r != SCHED_OK && (flags & SCHED_PLAN_NO_POOL)) {
			flags &= ~SCHED_PLAN_NO_POOL;
			rc = read_pools(c, &l, pool);
		} else if (!asked && r != SCHED_E_FIT &&
			   !(r == SCHED_OK && p->all_kept)) {
			asked = 1;
			/* Unknown: the planner then assumes dom0 (documented). */
			l.have_self = xm_self_handle(&c->xen, l.self) == 0;
		} else {
			break;
		}
	}
	if (!rc)
		rc = r == SCHED_OK ? 0 : r == SCHED_E_NOMEM
			? XM_EXIT_INTERNAL : XM_EXIT_REFUSED;
	xm_sched_live_free(&l);
	return rc;
}

/* How print_chg() words a UUID change. */
enum { CHG_DRY, CHG_SET, CHG_DIFF };

/*
 * A line for each UUID change of @p, in dry run, set and diff alike (one
 * loop instead of three): @fmt gets the domid, the UUIDs (from and to;
 * CHG_DIFF: expected, then what Xen has), the name and the
 * --assign-uuids note; CHG_SET and CHG_DIFF lines start with the name,
 * printed before @fmt.
 */
static XM_PRINTF(4, 0) void print_chg(const struct sched_file *f,
				      const struct sched_plan *p, int how,
				      const char *fmt)
{
	char u[37], v[37];

	for (unsigned i = 0; i < p->nchg; i++) {
		const struct sched_change *ch = &p->chg[i];
		const char *nm = f->dom[ch->dom].name;

		xm_uuid_fmt(how == CHG_DIFF ? ch->to : ch->from, u);
		xm_uuid_fmt(how == CHG_DIFF ? ch->from : ch->to, v);
		if (how != CHG_DRY)
			xm_printf("%s", nm);
		/* checked at each call for syntax; these are its arguments */
		xm_printf(xm_msg_format(fmt, "%u %s %s %s %s"), ch->domid, u, v, nm,
			  ch->derived ? ", derived (--assign-uuids)" : "");
	}
}

static void print_dry_run(const struct sched_file *f,
			  const struct sched_plan *p)
{
	char u[37], t[32];

	xm_printf("# dry run: nothing was written\ncpupool %" PRIu32
		  "\nmajor_frame_ns %" PRIu64 "\n", p->pool,
		  p->payload.major_frame_ns);
	print_chg(f, p, CHG_DRY, "set_uuid domid %u %s -> %s  # %s%s\n");
	for (unsigned i = 0; i < p->payload.n; i++) {
		const struct xm_a653_entry *e = &p->payload.e[i];
		int dom = f->slot[i].dom;

		xm_uuid_fmt(e->handle, u);
		sched_fmt_time(e->runtime_ns, t, sizeof(t));
		xm_printf("entry %u uuid %s vcpu %" PRIu32 " runtime_ns %" PRIu64
		       "  # %s (domid %d), %s\n", i + 1, u, e->vcpu,
		       e->runtime_ns, f->dom[dom].name, p->domid[dom], t);
	}
}

/* What a successful set did, on stdout. */
static void print_set(const struct sched_file *f, const struct sched_plan *p,
		      const struct sched_apply *a)
{
	const char *nm = f->sched[f->cur].name;
	char t[32];

	sched_fmt_time(p->payload.major_frame_ns, t, sizeof(t));
	if (a->outcome == SCHED_UNCHANGED) {
		xm_printf("cpupool %" PRIu32 ": schedule %s%salready installed "
			  "(%u slots, major_frame %s); nothing changed\n",
			  p->pool, nm, *nm ? " " : "", p->payload.n, t);
		return;
	}
	xm_printf("cpupool %" PRIu32 ": installed %s%s%s%u slots, major_frame "
		  "%s, verified by read-back\n", p->pool, *nm ? "schedule " : "",
		  nm, *nm ? ": " : "", p->payload.n, t);
	print_chg(f, p, CHG_SET, " (domid %u): uuid %s -> %s\n");
}

/* A call of the set that Xen refused: say which, in words; exit code. */
static int set_refused(struct xm_cli *c, const char *path,
		       const struct sched_file *f, const struct sched_plan *p,
		       const struct sched_apply *a)
{
	const struct sched_change *ch = &p->chg[a->at];
	enum xm_what w = XM_W_A653;
	struct sched_live l = { 0 };
	char what[80], where[300];

	/* set did not read the pool: reading its schedule tells */
	if (a->stage == SCHED_ST_READ_OLD && !read_pools(c, &l, p->pool) &&
	    sched_check_pool(&l, p->pool, what, sizeof(what))) {
		xm_sched_live_free(&l);
		xm_snprintf(where, sizeof(where), "%s:%u", path, f->pool_line);
		xm_err(c, where, "%s", what);
		xm_say_sched_not_built(c, XM_SCHED_ARINC653);
		return XM_EXIT_REFUSED;
	}
	xm_sched_live_free(&l);

	if (a->stage == SCHED_ST_SET_UUID) {
		xm_snprintf(what, sizeof(what), XM_MSG(m_sched_setuuid, "setting the UUID of %s (domid %u)"),
			    f->dom[ch->dom].name, ch->domid);
		w = XM_W_SETHANDLE;
	} else if (a->stage == SCHED_ST_READ_UUIDS) {
		return xm_fail(c, "listing domains", XM_W_SYSCTL, a->err);
	} else {
		xm_snprintf(what, sizeof(what), a->stage == SCHED_ST_PUT
			    ? XM_MSG(m_sched_installing, "installing the schedule on cpupool %u")
			    : XM_MSG(m_sched_reading, "reading the schedule of cpupool %u"),
			    p->pool);
	}
	return xm_fail(c, what, w, a->err);
}

/* What undoing a UUID change gave, when it is worth a line. */
static void say_uuid_undo(struct xm_cli *c, const struct sched_plan *p,
			  const struct sched_apply *a, unsigned i)
{
	const struct sched_change *ch = &p->chg[i];
	char u[37], v[37];

	xm_uuid_fmt(ch->from, u);
	xm_uuid_fmt(ch->to, v);
	if (a->uuid_undo[i] < 0)
		xm_err_msg(c, NULL, XM_MSG(m_sched_leftuuid, "left changed: domid %u keeps UUID %s (was %s): restoring it failed: %s"),
		       ch->domid, v, u,
		       xm_errwords(XM_W_SETHANDLE, -a->uuid_undo[i]));
	else if (a->uuid_undo[i] == SCHED_UNDO_THEIRS) {
		xm_uuid_fmt(a->theirs[i], v);
		xm_err_msg(c, NULL, XM_MSG(m_sched_theiruuid, "another writer gave domid %u the UUID %s after this run changed it: left as it is"),
		       ch->domid, v);
	}
}

/* What undoing the schedule gave, when it is worth a line. */
static void say_sched_undo(struct xm_cli *c, const struct sched_plan *p,
			   const struct sched_apply *a)
{
	if (!a->sched_set || a->sched_undo == SCHED_UNDO_NONE)
		return;
	if (a->sched_undo == SCHED_UNDO_THEIRS)
		xm_err_msg(c, NULL, XM_MSG(m_sched_theirsched, "another writer changed the schedule of cpupool %u after this run installed it: left as it is"),
		       p->pool);
	else if (a->sched_undo < 0)
		xm_err_msg(c, NULL, XM_MSG(m_sched_leftsched, "left changed: cpupool %u does not have its previous schedule back: %s"),
		       p->pool, !a->old.n
		       ? XM_MSG(m_sched_wasempty, "the previous schedule was empty, and Xen takes no empty schedule")
		       : a->sched_undo == -EPROTO
		       ? XM_MSG(m_sched_restdiff, "the restored schedule reads back different")
		       : xm_errwords(XM_W_A653, -a->sched_undo));
}

/* Why a set failed, and what undoing it gave; returns the exit code. */
static int set_failed(struct xm_cli *c, const char *path,
		      const struct sched_file *f, const struct sched_plan *p,
		      const struct sched_apply *a, const struct sched_diag *d)
{
	const struct sched_change *ch = &p->chg[a->at];
	int rc = XM_EXIT_VERIFY;

	if (a->stage == SCHED_ST_CHECK_UUIDS) {
		xm_err_msg(c, NULL, XM_MSG(m_sched_uuidback, "Xen accepted the UUID of %s (domid %u) but reading it back shows otherwise; nothing installed"),
		       f->dom[ch->dom].name, ch->domid);
	} else if (a->stage == SCHED_ST_READ_BACK) {
		xm_err_msg(c, NULL, XM_MSG(m_sched_noback, "the schedule was installed but could not be read back: %s"),
		       xm_errwords(XM_W_A653, -a->err));
	} else if (a->stage == SCHED_ST_CHECK_BACK) {
		xm_err_msg(c, NULL, XM_MSG(m_sched_backdiff, "Xen accepted the schedule but reading it back shows otherwise:"));
		print_plan_diag(c, path, d);
	} else if (a->stage == SCHED_ST_RECHECK && a->err) {
		xm_err_msg(c, NULL, XM_MSG(m_sched_norecheck, "the schedule was installed but its UUIDs could not be checked again: %s"),
		       xm_errwords(XM_W_SYSCTL, -a->err));
	} else if (a->stage == SCHED_ST_RECHECK) {
		xm_err_msg(c, NULL, XM_MSG(m_sched_lostuuid, "after the schedule was installed, %s no longer holds its UUID: another writer changed it"),
		       a->at < p->nchg ? f->dom[ch->dom].name
		       : XM_MSG(m_sched_adomain, "a domain of the schedule"));
	} else {
		rc = set_refused(c, path, f, p, a);
	}
	say_sched_undo(c, p, a);
	for (unsigned i = a->nset; i--;)
		say_uuid_undo(c, p, a, i);
	if (a->outcome == SCHED_LEFT_CHANGED)
		return XM_EXIT_LEFT;
	if (a->intervened)
		return XM_EXIT_INTERVENED;
	if (a->sched_set)
		xm_err_msg(c, NULL, XM_MSG(m_sched_restored, "the previous schedule and UUIDs were restored"));
	return rc;
}

/*
 * SIGINT, SIGTERM and SIGHUP wait while the transaction runs: between a
 * UUID change and the verified install a stop would leave the new UUIDs
 * with the old schedule. (SIGKILL cannot wait; running the same set again
 * converges, tests/bats/offline/sched_txn.bats shows it at every call.)
 */
static const int deferred[] = { SIGINT, SIGTERM, SIGHUP };

/* Signal masks as the kernel keeps them (signal N is bit N - 1): these
 * signals are below 33, so one 64-bit word holds them on the machines Xen
 * runs on (64-bit, or 32-bit little-endian),
 * and libc's sigset_t helpers are not needed for three constants. */
#define DEFER_MASK                                                     \
	(1ull << (SIGINT - 1) | 1ull << (SIGTERM - 1) | 1ull << (SIGHUP - 1))

static void defer_signals(uint64_t *old)
{
	const uint64_t s = DEFER_MASK;

	xm_syscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)&s, (long)old, 8, 0);
}

/* After the transaction: say what it did, then let a waiting stop in. */
static void deliver_signals(struct xm_cli *c, const uint64_t *old)
{
	uint64_t p = 0;

	xm_syscall(SYS_rt_sigpending, (long)&p, 8, 0, 0, 0);
#pragma GCC unroll 1
	for (unsigned i = 0; i < sizeof(deferred) / sizeof(deferred[0]); i++)
		if (p & 1ull << (deferred[i] - 1)) {
			xm_err_msg(c, NULL, XM_MSG(m_sched_signal, "signal %d came during the transaction: it was finished first, as reported"),
			       deferred[i]);
			xm_fflush(xm_out);
			break;
		}
	xm_syscall(SYS_rt_sigprocmask, SIG_SETMASK, (long)old, 0, 8, 0);
}


/* The options of set and switch. */
struct set_opts {
	unsigned flags;
	unsigned char dry, waiting;
	uint64_t wait_s;
	const char *name;     /* --schedule, or switch's NAME */
};

/*
 * set FILE and switch FILE NAME: one transaction. Everything is checked
 * against one snapshot of the live system before the first write; then
 * sched_apply() writes, verifies and undoes.
 */
static int set_run(struct xm_cli *c, const char *path,
		   const struct set_opts *so)
{
	static struct sched_file f;
	static struct sched_plan p;
	static struct sched_diag d;
	static struct sched_apply a;
	uint64_t old = 0;
	int dry = so->dry; /* in a register: not reloaded after each call */
	int rc = load_then_open(c, path, &f, &d, so->name);

	if (!rc && so->waiting)
		rc = wait_domains(c, &f, so->wait_s);
	/* before the snapshot the plan is based on; a dry run writes nothing */
	if (!rc && !dry)
		rc = xm_writer_lock(c);
	if (!rc) {
		rc = plan(c, &f, f.pool, so->flags | SCHED_PLAN_NO_POOL, &p,
			  &d);
		print_plan_diag(c, path, &d);
		if (rc == XM_EXIT_REFUSED)
			xm_say_sched_not_built(c, XM_SCHED_ARINC653);
	}
	if (rc)
		return rc;
	if (!dry) {
		sched_diag_init(&d);
		defer_signals(&old);
		if (sched_apply(&c->xen, &p, &a, &d) > SCHED_UNCHANGED)
			rc = set_failed(c, path, &f, &p, &a, &d);
	}
	/* after the install: a pool that turns out not to fit says only that */
	for (unsigned i = 0; !rc && i < p.nidle; i++)
		xm_err_msg(c, NULL, XM_MSG(m_sched_noslot, "warning: domid %u is in cpupool %u but gets no slot: it will not run"),
		       p.idle[i], p.pool);
	if (!rc && dry)
		print_dry_run(&f, &p);
	else if (!rc)
		print_set(&f, &p, &a);
	if (!dry)
		deliver_signals(c, &old);
	return rc;
}

/* The options set and switch share; 0, or the exit code of a bad one. */
static int set_opt(struct xm_cli *c, int o, const char *arg,
		   struct set_opts *so)
{
	switch (o) {
	case 'n':
		so->dry = 1;
		break;
	case 'w':
		if (xm_parse_u64(arg, 0, 86400, &so->wait_s))
			return xm_usage_msg(c, XM_MSG(m_sched_badwait, "--wait %s: not a number of seconds (0 to 86400)"),
					arg);
		so->waiting = 1;
		break;
	case 'f':
		so->flags |= SCHED_PLAN_FORCE;
		break;
	case 'a':
		so->flags |= SCHED_PLAN_ASSIGN_UUIDS;
		break;
	case 'S':
		so->name = arg;
		break;
	default:
		return XM_EXIT_USAGE;
	}
	return 0;
}

/* switch takes all but the first: its NAME is an operand. */
static const struct xm_option set_lo[] = {
	{ "schedule", 1, 'S' },
	{ "dry-run", 0, 'n' },
	{ "wait", 1, 'w' },
	{ "force", 0, 'f' },
	{ "assign-uuids", 0, 'a' },
	{ 0 },
};

/* set, or with @sw switch: the options, then the one transaction. */
static int set_cmd(struct xm_cli *c, int argc, char **argv, int sw)
{
	struct xm_opt op;
	struct set_opts so = { 0 };
	int o, rc;

	/* switch: without -S, as set_lo without its first row */
	xm_opt_set(&op, argc, argv, &"S:nw:fa"[2 * sw], set_lo + sw);
	while ((o = xm_getopt(c, &op)) != -1)
		if ((rc = set_opt(c, o, op.arg, &so)))
			return rc;
	if (sw)
		so.name = argv[op.ind + 1];
	return set_run(c, argv[op.ind], &so);
}

int cmd_sched_set(struct xm_cli *c, int argc, char **argv)
{
	return set_cmd(c, argc, argv, 0);
}

/* switch FILE NAME: set FILE --schedule NAME, the operator's verb. */
int cmd_sched_switch(struct xm_cli *c, int argc, char **argv)
{
	return set_cmd(c, argc, argv, 1);
}

/* ---- diff ---- */

int cmd_sched_diff(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "pool", 1, 'p' },
		{ "assign-uuids", 0, 'a' },
		{ "schedule", 1, 'S' },
		{ 0 },
	};
	static struct sched_file f;
	static struct sched_plan p;
	static struct sched_diag d;
	static struct xm_a653 have;
	struct xm_opt op;
	unsigned flags = SCHED_PLAN_FORCE;
	long want = -1;
	int o, rc, r;
	const char *path, *name = NULL;

	xm_opt_set(&op, argc, argv, "p:aS:", lo);
	while ((o = xm_getopt(c, &op)) != -1) {
		if (o == 'p') {
			rc = xm_sched_opt_pool(c, op.arg, &want);
			if (rc)
				return rc;
		} else if (o == 'a') {
			flags |= SCHED_PLAN_ASSIGN_UUIDS;
		} else if (o == 'S') {
			name = op.arg;
		} else {
			return XM_EXIT_USAGE;
		}
	}
	path = argv[op.ind];
	rc = load_then_open(c, path, &f, &d, name);
	if (!rc) {
		rc = plan(c, &f, want >= 0 ? (uint32_t)want : f.pool, flags, &p,
			  &d);
		/* diff writes nothing: the caller's slot is set's business */
		if (d.nerr)
			print_plan_diag(c, path, &d);
		if (rc == XM_EXIT_REFUSED)
			xm_say_sched_not_built(c, XM_SCHED_ARINC653);
	}
	if (!rc)
		rc = read_sched(c, p.pool, &have);
	if (rc)
		return rc;
	sched_diag_init(&d);
	r = sched_compare(&p.payload, &have, &d);
	print_chg(&f, &p, CHG_DIFF, " (domid %u): expected uuid %s, Xen has %s\n");
	for (unsigned i = 0; i < d.n; i++)
		xm_printf("%s\n", d.m[i].text);
	if (r || p.nchg)
		return XM_EXIT_NO;
	xm_printf("cpupool %" PRIu32 ": the live schedule matches %s\n", p.pool,
	       path);
	return XM_EXIT_OK;
}

/* ---- status ---- */

/*
 * Is schedule @k of @f the one Xen has (@have), UUIDs included? 1 or 0;
 * when not, @why says what differs first.
 */
static int block_live(struct sched_file *f, unsigned k,
		      const struct sched_live *l, const struct xm_a653 *have,
		      char *why, size_t len)
{
	static struct sched_plan p;
	static struct sched_diag d;
	unsigned i = 0;

	sched_select(f, f->sched[k].name);
	sched_diag_init(&d);
	if (sched_plan(f, l, f->pool, SCHED_PLAN_FORCE, &p, &d) != SCHED_OK) {
		while (i + 1 < d.n && d.m[i].warn)
			i++;
		xm_snprintf(why, len, "does not fit the live system: %s",
			    d.n ? d.m[i].text : "");
		return 0;
	}
	if (p.nchg) {
		xm_snprintf(why, len, "%s (domid %u) does not carry the UUID "
			    "this schedule needs", f->dom[p.chg[0].dom].name,
			    p.chg[0].domid);
		return 0;
	}
	sched_diag_init(&d);
	if (!sched_compare(&p.payload, have, &d))
		return 1;
	xm_snprintf(why, len, "%s", d.m[0].text);
	return 0;
}

/* The live schedule against each of @f's; the lines status prints. */
static int status_print(struct sched_file *f, const char *path,
			const struct sched_live *l, const struct xm_a653 *have)
{
	char why[SCHED_NAME_MAX + SCHED_MSG_MAX + 40];
	unsigned k = 0;

	while (k < f->nsched && !block_live(f, k, l, have, why, sizeof(why)))
		k++;
	if (k < f->nsched) {
		xm_printf("cpupool %" PRIu32 ": %s%s of %s is live (slots, "
			  "times and UUIDs match)\ninstalled: unknown (Xen "
			  "keeps no record of when a schedule was installed, "
			  "and xenmin keeps no state)\n", f->pool,
			  f->named ? "schedule " : "the schedule",
			  f->sched[k].name, path);
		return XM_EXIT_OK;
	}
	xm_printf("cpupool %" PRIu32 ": no schedule of %s is live\n", f->pool,
		  path);
	for (k = 0; k < f->nsched; k++) {
		block_live(f, k, l, have, why, sizeof(why));
		xm_printf("%s: %s\n", f->named ? f->sched[k].name : "schedule",
			  why);
	}
	return XM_EXIT_NO;
}

int cmd_sched_status(struct xm_cli *c, int argc, char **argv)
{
	static struct sched_file f;
	static struct sched_diag d;
	static struct xm_a653 have;
	struct sched_live l = { 0 };
	uint32_t pool;
	int rc, ind = xm_no_opts(c, argc, argv);
	const char *path;

	if (ind < 0)
		return XM_EXIT_USAGE;
	path = argv[ind];
	rc = xm_sched_load(c, path, &f, 0, &d);
	/* the file's pool, which must run arinc653 */
	if (!rc)
		rc = xm_sched_read_pool(c, f.pool, &l, &pool, &have);
	if (!rc)
		rc = status_print(&f, path, &l, &have);
	xm_sched_live_free(&l);
	return rc;
}
