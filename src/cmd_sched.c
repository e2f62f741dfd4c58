// SPDX-License-Identifier: MIT
/*
 * `xenmin sched-arinc653 check|set|get|diff`: the CLI layer of the ARINC 653
 * schedule commands. It reads the file, runs the pure parser and planner
 * (sched_parse.c, sched_plan.c), talks to Xen through xenops, prints data on
 * stdout and diagnostics on stderr, and decides the exit code. `set` reads
 * the live system once, refuses before its first write if anything does not
 * fit, and undoes its own writes when a later step fails, so a failed set
 * leaves the system as it found it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "out.h"
#include "sched.h"
#include "xenmin.h"
#include "xm_time.h"

#define SCHED_FILE_MAX (1u << 20)

/* ---- shared helpers ---- */

/* Read all of @path ("-" is stdin) into a malloc'd buffer. */
static int read_input(struct xm_cli *c, const char *path, char **buf,
		      size_t *len)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	size_t n = 0, cap = 4096;
	char *b = NULL;
	int rc = 0;

	if (fd < 0) {
		xm_err(c, path, "cannot open: %s", xm_strerror(errno));
		return XM_EXIT_NOINPUT;
	}
	for (;;) {
		ssize_t r;

		if (n == cap || !b) {
			char *nb;

			if (b && cap >= SCHED_FILE_MAX) {
				xm_err(c, path, "file is larger than 1 MiB; "
				       "not a schedule");
				rc = XM_EXIT_DATA;
				break;
			}
			nb = realloc(b, b ? cap * 2 : cap);
			if (!nb) {
				xm_err(c, NULL, "out of memory");
				rc = XM_EXIT_INTERNAL;
				break;
			}
			cap = b ? cap * 2 : cap;
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			xm_err(c, path, "cannot read: %s", xm_strerror(errno));
			rc = XM_EXIT_NOINPUT;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (fd)
		close(fd);
	if (rc) {
		free(b);
		return rc;
	}
	*buf = b;
	*len = n;
	return 0;
}

/* Parser messages, compiler style, at most SCHED_DIAG_SHOW of them. */
static void print_file_diag(const char *path, const struct sched_diag *d)
{
	unsigned shown = 0, total = d->nerr + d->nwarn;

	for (unsigned i = 0; i < d->n && shown < SCHED_DIAG_SHOW; i++, shown++)
		xm_fprintf(xm_errout, "%s:%u:%u: %s: %s\n", path, d->m[i].line,
			d->m[i].col, d->m[i].warn ? "warning" : "error",
			d->m[i].text);
	if (total > shown)
		xm_fprintf(xm_errout, "%s: %u more messages not shown\n", path,
			total - shown);
}

/* Planner messages in the house format, with the file line when known. */
static void print_plan_diag(const struct xm_cli *c, const char *path,
			    const struct sched_diag *d)
{
	for (unsigned i = 0; i < d->n && i < SCHED_DIAG_SHOW; i++) {
		const struct sched_msg *m = &d->m[i];
		char where[300];

		if (m->line)
			xm_snprintf(where, sizeof(where), "%s:%u", path, m->line);
		xm_err(c, m->line ? where : NULL, "%s%s",
		       m->warn ? "warning: " : "", m->text);
	}
}

/* Read and parse FILE; prints its diagnostics. 0 or an exit code. */
static int load(struct xm_cli *c, const char *path, struct sched_file *f,
		int strict)
{
	static struct sched_diag d;
	size_t len;
	char *buf;
	int rc = read_input(c, path, &buf, &len);

	if (rc)
		return rc;
	sched_diag_init(&d);
	sched_parse(buf, len, f, &d);
	free(buf);
	print_file_diag(path, &d);
	if (d.nerr || (strict && d.nwarn))
		return XM_EXIT_DATA;
	return 0;
}

struct live {
	struct xm_dominfo *dom;
	size_t ndom;
	struct xm_pool *pool;
	size_t npool;
	struct sched_live l;
};

static void live_free(struct live *lv)
{
	free(lv->dom);
	free(lv->pool);
	memset(lv, 0, sizeof(*lv));
}

static int read_domains(struct xm_cli *c, struct live *lv)
{
	int r;

	free(lv->dom);
	lv->dom = NULL;
	r = xm_domain_list(&c->xen, &lv->dom, &lv->ndom);
	if (r)
		return xm_fail(c, "listing domains", XM_W_SYSCTL, r);
	lv->l.dom = lv->dom;
	lv->l.ndom = lv->ndom;
	return 0;
}

/*
 * The one snapshot of the live system that decisions are based on. With
 * @only_pool >= 0 only that cpupool is read (one hypercall instead of one
 * per pool); a pool that does not exist is then simply absent.
 */
static int read_live(struct xm_cli *c, struct live *lv, long only_pool)
{
	int r = read_domains(c, lv);

	if (r)
		return r;
	if (only_pool >= 0) {
		lv->pool = calloc(1, sizeof(*lv->pool));
		if (!lv->pool)
			return XM_EXIT_INTERNAL;
		r = xm_cpupool_get(&c->xen, (uint32_t)only_pool, lv->pool);
		lv->npool = r == 0;
		if (r == -ENOENT)
			r = 0;
	} else {
		r = xm_cpupool_list(&c->xen, &lv->pool, &lv->npool);
	}
	if (r)
		return xm_fail(c, "listing cpupools", XM_W_SYSCTL, r);
	/* Unknown caller: the planner then assumes dom0 (documented). */
	lv->l.have_self = xm_self_handle(&c->xen, lv->l.self) == 0;
	lv->l.dom = lv->dom;
	lv->l.ndom = lv->ndom;
	lv->l.pool = lv->pool;
	lv->l.npool = lv->npool;
	return 0;
}

/*
 * The pool to read: @want if given (it must exist and run arinc653), else
 * the only pool that runs arinc653. Prints why not; 0 or an exit code.
 */
static int pick_pool(struct xm_cli *c, const struct live *lv, long want,
		     uint32_t *out)
{
	const struct xm_pool *pp;
	char others[200];
	size_t o = 0;
	unsigned na = 0;

	if (want >= 0) {
		pp = sched_find_pool(&lv->l, (uint32_t)want);
		if (!pp) {
			xm_err(c, NULL, "cpupool %ld does not exist", want);
			return XM_EXIT_REFUSED;
		}
		if (pp->sched_id != XM_SCHED_ARINC653) {
			const char *nm = xm_sched_name(pp->sched_id);

			if (nm)
				xm_err(c, NULL, "pool %ld runs %s, not "
				       "arinc653", want, nm);
			else
				xm_err(c, NULL, "pool %ld runs scheduler id %"
				       PRIu32 ", not arinc653", want,
				       pp->sched_id);
			return XM_EXIT_REFUSED;
		}
		*out = (uint32_t)want;
		return 0;
	}
	others[0] = '\0';
	for (size_t i = 0; i < lv->npool; i++) {
		const char *nm = xm_sched_name(lv->pool[i].sched_id);

		if (lv->pool[i].sched_id == XM_SCHED_ARINC653) {
			if (!na++)
				*out = lv->pool[i].id;
			continue;
		}
		if (o + 40 < sizeof(others))
			o += (size_t)xm_snprintf(others + o, sizeof(others) - o,
					      "%spool %" PRIu32 " runs %s",
					      o ? ", " : "", lv->pool[i].id,
					      nm ? nm : "an unknown scheduler");
	}
	if (na == 1)
		return 0;
	if (na == 0) {
		xm_err(c, NULL, "no cpupool runs arinc653 (%s)",
		       o ? others : "no cpupools");
		return XM_EXIT_REFUSED;
	}
	xm_err(c, NULL, "%u cpupools run arinc653: choose one with --pool",
	       na);
	return XM_EXIT_USAGE;
}

static int opt_pool(struct xm_cli *c, const char *s, long *out)
{
	uint64_t v;

	if (xm_parse_u64(s, 0, UINT32_MAX - 1, &v))
		return xm_usage(c, "--pool %s: not a cpupool id", s);
	*out = (long)v;
	return 0;
}

static void ftime(uint64_t ns, char *b, size_t n)
{
	sched_fmt_time(ns, b, n);
}

/* "nav (domid 1)" for messages */
static const char *dname(const struct sched_file *f, int dom, int domid)
{
	static char b[2][64];
	static int k;
	char *s = b[k++ & 1];

	xm_snprintf(s, 64, "%s (domid %d)", f->dom[dom].name, domid);
	return s;
}

/* ---- check ---- */

int cmd_sched_check(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "strict", 0, 's' },
		{ 0 },
	};
	static struct sched_file f;
	int o, strict = 0, rc;
	char a[32], b[32];

	xm_opt_reset();
	while ((o = xm_getopt(c, argc, argv, "s", lo)) != -1) {
		if (o == 's')
			strict = 1;
		else
			return XM_OPT_EXIT(o);
	}
	if (argc - xm_optind != 1)
		return xm_usage(c, "expected one FILE");
	rc = load(c, argv[xm_optind], &f, strict);
	if (rc)
		return rc;
	ftime(f.major_ns, a, sizeof(a));
	ftime(f.major_ns - f.sum_ns, b, sizeof(b));
	xm_printf("%s: ok: cpupool %" PRIu32 ", %u slot%s, %u domain%s, "
	       "major_frame %s (%s idle)\n", argv[xm_optind], f.pool, f.nslot,
	       f.nslot == 1 ? "" : "s", f.ndom, f.ndom == 1 ? "" : "s", a,
	       f.major_ns > f.sum_ns ? b : "none");
	return xm_finish_stdout(c, XM_EXIT_OK);
}

/* ---- get ---- */

/* Which live domains hold @h (indices into lv->dom); returns the count. */
static unsigned holders(const struct live *lv, const uint8_t h[16],
			uint32_t pool, int *idx, unsigned max)
{
	unsigned n = 0;

	/* Xen matches only among the pool's own domains */
	for (size_t i = 0; i < lv->ndom; i++)
		if (lv->dom[i].cpupool == pool &&
		    !memcmp(lv->dom[i].handle, h, 16)) {
			if (n < max)
				idx[n] = (int)i;
			n++;
		}
	return n;
}

/* Distinct handles of @s in order of first use. */
static unsigned distinct(const struct xm_a653 *s, int *first)
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

static void get_text(const struct xm_cli *c, const struct live *lv,
		     uint32_t pool, const struct xm_a653 *s)
{
	int first[XM_A653_MAX_ENTRIES], idx[8];
	char names[XM_A653_MAX_ENTRIES][24], u[37], t[32];
	unsigned nd = distinct(s, first), nunk = 0, nsh = 0;

	xm_printf("# ARINC 653 schedule of cpupool %" PRIu32
	       ", read from Xen %u.%u%s by xenmin %s\n", pool, c->xen.major,
	       c->xen.minor, c->xen.extra, XENMIN_VERSION);
	xm_printf("cpupool %" PRIu32 "\n", pool);
	ftime(s->major_frame_ns, t, sizeof(t));
	xm_printf("major_frame %s\n", t);
	for (unsigned d = 0; d < nd; d++) {
		const uint8_t *h = s->e[first[d]].handle;
		unsigned nh = holders(lv, h, pool, idx, 8);

		xm_uuid_fmt(h, u);
		if (nh == 1) {
			xm_snprintf(names[d], sizeof(names[d]), "dom%u",
				 lv->dom[idx[0]].domid);
			xm_printf("domain %s domid %u uuid %s\n", names[d],
			       lv->dom[idx[0]].domid, u);
		} else if (nh == 0) {
			xm_snprintf(names[d], sizeof(names[d]), "unknown%u",
				 ++nunk);
			xm_printf("domain %s uuid %s  # matches no domain in "
			       "cpupool %" PRIu32 ": its slots stay idle\n",
			       names[d], u, pool);
		} else {
			xm_printf("domain %s uuid %s  # shared by domids",
			       (xm_snprintf(names[d], sizeof(names[d]),
					 "shared%u", ++nsh), names[d]), u);
			for (unsigned k = 0; k < nh && k < 8; k++)
				xm_printf("%s %u", k ? "," : "",
				       lv->dom[idx[k]].domid);
			xm_printf(": Xen runs only one of them\n");
		}
	}
	for (unsigned i = 0; i < s->n; i++) {
		unsigned d;

		for (d = 0; d < nd; d++)
			if (!memcmp(s->e[first[d]].handle, s->e[i].handle, 16))
				break;
		ftime(s->e[i].runtime_ns, t, sizeof(t));
		if (s->e[i].vcpu)
			xm_printf("slot %s vcpu %" PRIu32 " %s\n", names[d],
			       s->e[i].vcpu, t);
		else
			xm_printf("slot %s %s\n", names[d], t);
	}
	if (!s->n)
		xm_printf("# the schedule is empty: nothing runs in this pool\n");
}

static void get_json(const struct live *lv, uint32_t pool,
		     const struct xm_a653 *s)
{
	struct xm_json j;
	int idx[64];
	char u[37];

	xm_json_init(&j, xm_out);
	xm_json_begin_object(&j);
	xm_json_ku64(&j, "cpupool", pool);
	xm_json_kstr(&j, "scheduler", "arinc653");
	xm_json_ku64(&j, "major_frame_ns", s->major_frame_ns);
	xm_json_key(&j, "slots");
	xm_json_begin_array(&j);
	for (unsigned i = 0; i < s->n; i++) {
		unsigned nh = holders(lv, s->e[i].handle, pool, idx, 64);

		xm_json_begin_object(&j);
		xm_uuid_fmt(s->e[i].handle, u);
		xm_json_kstr(&j, "uuid", u);
		xm_json_ku64(&j, "vcpu", s->e[i].vcpu);
		xm_json_ku64(&j, "runtime_ns", s->e[i].runtime_ns);
		xm_json_key(&j, "domids");
		xm_json_begin_array(&j);
		for (unsigned k = 0; k < nh && k < 64; k++)
			xm_json_u64(&j, lv->dom[idx[k]].domid);
		xm_json_end_array(&j);
		xm_json_end_object(&j);
	}
	xm_json_end_array(&j);
	xm_json_end_object(&j);
	xm_json_end(&j);
}

static int read_sched(struct xm_cli *c, uint32_t pool, struct xm_a653 *s)
{
	char what[64];
	int r = xm_a653_get(&c->xen, pool, s);

	if (!r)
		return 0;
	xm_snprintf(what, sizeof(what), "reading the schedule of cpupool %"
		 PRIu32, pool);
	return xm_fail(c, what, XM_W_A653, r);
}

int cmd_sched_get(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "pool", 1, 'p' },
		{ "json", 0, 'j' },
		{ 0 },
	};
	static struct xm_a653 s;
	struct live lv;
	long want = -1;
	uint32_t pool = 0;
	int o, json = 0, rc, e;

	memset(&lv, 0, sizeof(lv));
	xm_opt_reset();
	while ((o = xm_getopt(c, argc, argv, "p:j", lo)) != -1) {
		if (o == 'j')
			json = 1;
		else if (o == 'p') {
			rc = opt_pool(c, xm_optarg, &want);
			if (rc)
				return rc;
		} else
			return XM_OPT_EXIT(o);
	}
	if (argc != xm_optind)
		return xm_usage(c, "unexpected operand %s", argv[xm_optind]);
	rc = xm_cli_open_xen(c);
	if (rc)
		return rc;
	rc = read_live(c, &lv, want);
	if (!rc)
		rc = pick_pool(c, &lv, want, &pool);
	if (!rc)
		rc = read_sched(c, pool, &s);
	/* The text's first line names Xen's release in full. */
	if (!rc && !json && (e = xm_xen_extra(&c->xen)))
		rc = xm_fail(c, "asking Xen its version", XM_W_VERSION, e);
	if (!rc) {
		if (json)
			get_json(&lv, pool, &s);
		else
			get_text(c, &lv, pool, &s);
		rc = xm_finish_stdout(c, XM_EXIT_OK);
	}
	live_free(&lv);
	return rc;
}

/* ---- set ---- */

/* Does file domain @i exist in @lv? */
static int present(const struct sched_file *f, unsigned i,
		   const struct live *lv)
{
	for (size_t k = 0; k < lv->ndom; k++) {
		if (f->dom[i].has_domid) {
			if (lv->dom[k].domid == f->dom[i].domid)
				return 1;
		} else if (!memcmp(lv->dom[k].handle, f->dom[i].uuid, 16)) {
			return 1;
		}
	}
	return 0;
}

/* --wait: poll the domain list until every declared domain exists. */
static int wait_domains(struct xm_cli *c, const struct sched_file *f,
			uint64_t secs)
{
	struct live lv;
	int64_t end = xm_now_ms() + (int64_t)secs * 1000;
	int rc;

	memset(&lv, 0, sizeof(lv));
	for (;;) {
		unsigned missing = 0, first = 0;

		rc = read_domains(c, &lv);
		if (rc)
			break;
		for (unsigned i = 0; i < f->ndom; i++)
			if (!present(f, i, &lv) && !missing++)
				first = i;
		if (!missing)
			break;
		if (xm_now_ms() >= end) {
			char u[37];

			if (f->dom[first].has_domid)
				xm_err(c, NULL, "timed out after %" PRIu64
				       "s waiting for domain %s (domid %u)%s",
				       secs, f->dom[first].name,
				       f->dom[first].domid,
				       missing > 1 ? " and others" : "");
			else
				xm_err(c, NULL, "timed out after %" PRIu64
				       "s waiting for domain %s (uuid %s)%s",
				       secs, f->dom[first].name,
				       (xm_uuid_fmt(f->dom[first].uuid, u), u),
				       missing > 1 ? " and others" : "");
			rc = XM_EXIT_TIMEOUT;
			break;
		}
		nanosleep(&(struct timespec){ 0, 100 * 1000 * 1000 }, NULL);
	}
	live_free(&lv);
	return rc;
}

static int same_sched(const struct xm_a653 *a, const struct xm_a653 *b)
{
	static struct sched_diag d;

	sched_diag_init(&d);
	return !sched_compare(a, b, &d);
}

/* Undo handle changes [0, n) in reverse; returns how many failed. */
/*
 * The one FILE operand of set and diff: parse and check it (no Xen needed
 * for that, so a bad file is exit 65 anywhere), then open the hypervisor.
 */
static int load_then_open(struct xm_cli *c, int argc, char **argv,
			  const char **path, struct sched_file *f)
{
	int rc;

	if (argc - xm_optind != 1)
		return xm_usage(c, "expected one FILE");
	*path = argv[xm_optind];
	rc = load(c, *path, f, 0);
	if (rc)
		return rc;
	return xm_cli_open_xen(c);
}

static unsigned undo_handles(struct xm_cli *c, const struct sched_plan *p,
			     unsigned n)
{
	unsigned bad = 0;

	while (n--) {
		int r = xm_domain_sethandle(&c->xen, p->chg[n].domid,
					    p->chg[n].from);

		if (r) {
			char u[37];

			xm_uuid_fmt(p->chg[n].from, u);
			xm_err(c, NULL, "could not restore the UUID of domid "
			       "%u to %s: %s", p->chg[n].domid, u,
			       xm_errwords(XM_W_SETHANDLE, -r));
			bad++;
		}
	}
	return bad;
}

static void print_dry_run(const struct sched_file *f,
			  const struct sched_plan *p)
{
	char u[37], v[37], t[32];

	xm_printf("# dry run: nothing was written\n");
	xm_printf("cpupool %" PRIu32 "\n", p->pool);
	xm_printf("major_frame_ns %" PRIu64 "\n", p->payload.major_frame_ns);
	for (unsigned i = 0; i < p->nchg; i++) {
		xm_uuid_fmt(p->chg[i].from, u);
		xm_uuid_fmt(p->chg[i].to, v);
		xm_printf("set_uuid domid %u %s -> %s  # %s%s\n", p->chg[i].domid,
		       u, v, f->dom[p->chg[i].dom].name,
		       p->chg[i].derived ? ", derived (--assign-uuids)" : "");
	}
	for (unsigned i = 0; i < p->payload.n; i++) {
		const struct xm_a653_entry *e = &p->payload.e[i];
		int dom = f->slot[i].dom;

		xm_uuid_fmt(e->handle, u);
		ftime(e->runtime_ns, t, sizeof(t));
		xm_printf("entry %u uuid %s vcpu %" PRIu32 " runtime_ns %" PRIu64
		       "  # %s, %s\n", i + 1, u, e->vcpu, e->runtime_ns,
		       dname(f, dom, p->domid[dom]), t);
	}
}

int cmd_sched_set(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "dry-run", 0, 'n' },
		{ "wait", 1, 'w' },
		{ "force", 0, 'f' },
		{ "assign-uuids", 0, 'a' },
		{ 0 },
	};
	static struct sched_file f;
	static struct sched_plan p;
	static struct sched_diag d;
	static struct xm_a653 old, back;
	struct live lv;
	unsigned flags = 0, done = 0;
	uint64_t wait_s = 0;
	int o, rc, dry = 0, waiting = 0, r;
	const char *path = NULL;
	char what[80], a[32], u[37], v[37];

	memset(&lv, 0, sizeof(lv));
	xm_opt_reset();
	while ((o = xm_getopt(c, argc, argv, "nw:fa", lo)) != -1) {
		switch (o) {
		case 'n':
			dry = 1;
			break;
		case 'w':
			if (xm_parse_u64(xm_optarg, 0, 86400, &wait_s))
				return xm_usage(c, "--wait %s: not a number "
						"of seconds (0 to 86400)",
						xm_optarg);
			waiting = 1;
			break;
		case 'f':
			flags |= SCHED_PLAN_FORCE;
			break;
		case 'a':
			flags |= SCHED_PLAN_ASSIGN_UUIDS;
			break;
		default:
			return XM_OPT_EXIT(o);
		}
	}
	rc = load_then_open(c, argc, argv, &path, &f);
	if (rc)
		return rc;
	if (waiting) {
		rc = wait_domains(c, &f, wait_s);
		if (rc)
			return rc;
	}
	rc = read_live(c, &lv, f.pool);
	if (rc)
		goto out;
	sched_diag_init(&d);
	r = sched_plan(&f, &lv.l, f.pool, flags, &p, &d);
	print_plan_diag(c, path, &d);
	if (r != SCHED_OK) {
		rc = XM_EXIT_REFUSED;
		goto out;
	}
	for (unsigned i = 0; i < p.nidle; i++)
		xm_err(c, NULL, "warning: domid %u is in cpupool %" PRIu32
		       " but gets no slot: it will not run", p.idle[i],
		       p.pool);
	if (dry) {
		print_dry_run(&f, &p);
		rc = xm_finish_stdout(c, XM_EXIT_OK);
		goto out;
	}
	/* the previous schedule, to restore if the read-back differs */
	rc = read_sched(c, p.pool, &old);
	if (rc)
		goto out;
	ftime(p.payload.major_frame_ns, a, sizeof(a));
	if (!p.nchg && same_sched(&p.payload, &old)) {
		xm_printf("cpupool %" PRIu32 ": schedule already installed (%u "
		       "slots, major_frame %s); nothing changed\n", p.pool,
		       p.payload.n, a);
		rc = xm_finish_stdout(c, XM_EXIT_OK);
		goto out;
	}

	for (done = 0; done < p.nchg; done++) {
		r = xm_domain_sethandle(&c->xen, p.chg[done].domid,
					p.chg[done].to);
		if (r) {
			xm_snprintf(what, sizeof(what), "setting the UUID of %s",
				 dname(&f, p.chg[done].dom, p.chg[done].domid));
			rc = xm_fail(c, what, XM_W_SETHANDLE, r);
			undo_handles(c, &p, done);
			goto out;
		}
	}
	/*
	 * The schedule's read-back cannot see a UUID that did not stick (it
	 * would read back the UUIDs we sent), so read the handles back too.
	 */
	if (p.nchg) {
		rc = read_domains(c, &lv);
		if (rc) {
			undo_handles(c, &p, done);
			goto out;
		}
		for (unsigned i = 0; i < p.nchg; i++) {
			const struct xm_dominfo *di = NULL;

			for (size_t k = 0; k < lv.ndom; k++)
				if (lv.dom[k].domid == p.chg[i].domid)
					di = &lv.dom[k];
			if (di && !memcmp(di->handle, p.chg[i].to, 16))
				continue;
			xm_err(c, NULL, "Xen accepted the UUID of %s but "
			       "reading it back shows otherwise; nothing "
			       "installed",
			       dname(&f, p.chg[i].dom, p.chg[i].domid));
			undo_handles(c, &p, done);
			rc = XM_EXIT_VERIFY;
			goto out;
		}
	}
	r = xm_a653_put(&c->xen, p.pool, &p.payload);
	if (r) {
		xm_snprintf(what, sizeof(what), "installing the schedule on "
			 "cpupool %" PRIu32, p.pool);
		rc = xm_fail(c, what, XM_W_A653, r);
		undo_handles(c, &p, done);
		goto out;
	}
	r = xm_a653_get(&c->xen, p.pool, &back);
	sched_diag_init(&d);
	if (r || sched_compare(&p.payload, &back, &d)) {
		if (r)
			xm_err(c, NULL, "the schedule was installed but could "
			       "not be read back: %s",
			       xm_errwords(XM_W_A653, -r));
		else {
			xm_err(c, NULL, "Xen accepted the schedule but reading "
			       "it back shows otherwise:");
			print_plan_diag(c, path, &d);
		}
		/* both, whatever the first gives: each undoes its own part */
		r = xm_a653_put(&c->xen, p.pool, &old);
		if (!r)
			r = xm_a653_get(&c->xen, p.pool, &back);
		if (!r && !same_sched(&old, &back))
			r = -EPROTO;
		if (undo_handles(c, &p, done) || r)
			xm_err(c, NULL, "could not restore the previous state: "
			       "check with `xenmin sched-arinc653 get`");
		else
			xm_err(c, NULL, "the previous schedule and UUIDs were "
			       "restored");
		rc = XM_EXIT_VERIFY;
		goto out;
	}
	xm_printf("cpupool %" PRIu32 ": installed %u slots, major_frame %s, "
	       "verified by read-back\n", p.pool, p.payload.n, a);
	for (unsigned i = 0; i < p.nchg; i++) {
		xm_uuid_fmt(p.chg[i].from, u);
		xm_uuid_fmt(p.chg[i].to, v);
		xm_printf("%s: uuid %s -> %s\n",
		       dname(&f, p.chg[i].dom, p.chg[i].domid), u, v);
	}
	rc = xm_finish_stdout(c, XM_EXIT_OK);
out:
	live_free(&lv);
	return rc;
}

/* ---- diff ---- */

int cmd_sched_diff(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "pool", 1, 'p' },
		{ "assign-uuids", 0, 'a' },
		{ 0 },
	};
	static struct sched_file f;
	static struct sched_plan p;
	static struct sched_diag d;
	static struct xm_a653 have;
	struct live lv;
	unsigned flags = SCHED_PLAN_FORCE;
	long want = -1;
	int o, rc, r;
	const char *path = NULL;
	char u[37], v[37];

	memset(&lv, 0, sizeof(lv));
	xm_opt_reset();
	while ((o = xm_getopt(c, argc, argv, "p:a", lo)) != -1) {
		if (o == 'p') {
			rc = opt_pool(c, xm_optarg, &want);
			if (rc)
				return rc;
		} else if (o == 'a') {
			flags |= SCHED_PLAN_ASSIGN_UUIDS;
		} else {
			return XM_OPT_EXIT(o);
		}
	}
	rc = load_then_open(c, argc, argv, &path, &f);
	if (rc)
		return rc;
	rc = read_live(c, &lv, want >= 0 ? want : (long)f.pool);
	if (rc)
		goto out;
	sched_diag_init(&d);
	r = sched_plan(&f, &lv.l, want >= 0 ? (uint32_t)want : f.pool, flags,
		       &p, &d);
	/* diff writes nothing: the caller's slot is set's business */
	for (unsigned i = 0; i < d.n; i++)
		if (!d.m[i].warn) {
			print_plan_diag(c, path, &d);
			break;
		}
	if (r != SCHED_OK) {
		rc = XM_EXIT_REFUSED;
		goto out;
	}
	rc = read_sched(c, p.pool, &have);
	if (rc)
		goto out;
	sched_diag_init(&d);
	r = sched_compare(&p.payload, &have, &d);
	for (unsigned i = 0; i < p.nchg; i++) {
		xm_uuid_fmt(p.chg[i].to, u);
		xm_uuid_fmt(p.chg[i].from, v);
		xm_printf("%s: expected uuid %s, Xen has %s\n",
		       dname(&f, p.chg[i].dom, p.chg[i].domid), u, v);
	}
	for (unsigned i = 0; i < d.n; i++)
		xm_printf("%s\n", d.m[i].text);
	if (r || p.nchg) {
		rc = xm_finish_stdout(c, XM_EXIT_NO);
		goto out;
	}
	xm_printf("cpupool %" PRIu32 ": the live schedule matches %s\n", p.pool,
	       path);
	rc = xm_finish_stdout(c, XM_EXIT_OK);
out:
	live_free(&lv);
	return rc;
}
