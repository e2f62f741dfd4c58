// SPDX-License-Identifier: MIT
/*
 * The schedule file parser and checker: a hand-written, line-oriented reader
 * of the format in docs/schedule-format.md. It checks every rule Xen's
 * arinc653_sched_set() enforces (so the user sees which line is wrong instead
 * of a bare EINVAL) plus lints for things Xen accepts but that are almost
 * certainly mistakes. It never stops at the first problem: each line is
 * checked on its own and every error is collected with its line and column.
 * Pure: no printing, no exit, no Xen.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "sched.h"
#include "xio.h"

void sched_diag_init(struct sched_diag *d)
{
	d->n = 0;
	d->nerr = 0;
	d->nwarn = 0;
}

void sched_diag_vadd(struct sched_diag *d, unsigned line, unsigned col,
		     int warn, const char *fmt, va_list ap)
{
	struct sched_msg *m;

	if (warn)
		d->nwarn++;
	else
		d->nerr++;
	if (d->n >= SCHED_DIAG_KEEP)
		return;
	m = &d->m[d->n];
	m->line = line;
	m->col = col;
	m->warn = warn;
	m->seq = d->n;
	xm_vsnprintf(m->text, sizeof(m->text), fmt, ap);
	d->n++;
}

static void __attribute__((format(printf, 4, 5)))
err_at(struct sched_diag *d, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sched_diag_vadd(d, line, col, 0, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 4, 5)))
warn_at(struct sched_diag *d, unsigned line, unsigned col, const char *fmt,
	...)
{
	va_list ap;

	va_start(ap, fmt);
	sched_diag_vadd(d, line, col, 1, fmt, ap);
	va_end(ap);
}

/* Stable sort by position: checks at the end of the file find earlier lines. */
static void diag_sort(struct sched_diag *d)
{
	for (unsigned i = 1; i < d->n; i++) {
		struct sched_msg t = d->m[i];
		unsigned j = i;

		while (j > 0 && (d->m[j - 1].line > t.line ||
				 (d->m[j - 1].line == t.line &&
				  (d->m[j - 1].col > t.col ||
				   (d->m[j - 1].col == t.col &&
				    d->m[j - 1].seq > t.seq))))) {
			d->m[j] = d->m[j - 1];
			j--;
		}
		d->m[j] = t;
	}
}

/* ---- times ---- */

int sched_parse_time(const char *s, size_t len, uint64_t *ns)
{
	uint64_t ip = 0, fp = 0, mult, fdiv = 1, v;
	size_t i = 0, nd = 0, nf = 0;
	const char *u;
	size_t ulen;

	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (ip > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		ip = ip * 10 + (uint64_t)(s[i] - '0');
		i++;
		nd++;
	}
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			/* 9 fraction digits reach 1 ns for seconds */
			if (nf >= 9)
				return -EINVAL;
			fp = fp * 10 + (uint64_t)(s[i] - '0');
			fdiv *= 10;
			i++;
			nf++;
		}
		if (!nf)
			return -EINVAL;
	}
	if (!nd)
		return -EINVAL;
	u = s + i;
	ulen = len - i;
	if (ulen == 2 && !memcmp(u, "ns", 2))
		mult = 1;
	else if ((ulen == 2 && !memcmp(u, "us", 2)) ||
		 (ulen == 3 && !memcmp(u, "\xc2\xb5s", 3)))
		mult = 1000;
	else if (ulen == 2 && !memcmp(u, "ms", 2))
		mult = 1000000;
	else if (ulen == 1 && u[0] == 's')
		mult = 1000000000;
	else
		return -EINVAL;
	if (ip > UINT64_MAX / mult)
		return -ERANGE;
	v = ip * mult;
	/* fp < fdiv <= 1e9 and mult <= 1e9: the product fits in 64 bits */
	if ((fp * mult) % fdiv)
		return -EDOM;
	if (v > UINT64_MAX - fp * mult / fdiv)
		return -ERANGE;
	v += fp * mult / fdiv;
	if (v > SCHED_TIME_MAX)
		return -ERANGE;
	*ns = v;
	return 0;
}

void sched_fmt_time(uint64_t ns, char *buf, size_t len)
{
	if (ns && ns % 1000000000u == 0)
		xm_snprintf(buf, len, "%" PRIu64 "s", ns / 1000000000u);
	else if (ns && ns % 1000000u == 0)
		xm_snprintf(buf, len, "%" PRIu64 "ms", ns / 1000000u);
	else if (ns && ns % 1000u == 0)
		xm_snprintf(buf, len, "%" PRIu64 "us", ns / 1000u);
	else
		xm_snprintf(buf, len, "%" PRIu64 "ns", ns);
}

/* ---- tokens ---- */

#define MAX_TOK 16

struct tok {
	const char *s;
	size_t len;
	unsigned col;
};

struct line {
	unsigned no;
	struct tok t[MAX_TOK];
	unsigned n;
	int too_many;
};

static int tok_is(const struct tok *t, const char *w)
{
	return t->len == strlen(w) && !memcmp(t->s, w, t->len);
}

/* A token quoted for a message, cut short so messages stay one line. */
static const char *q(const struct tok *t)
{
	static char buf[4][48];
	static unsigned k;
	char *b = buf[k++ % 4];
	size_t n = t->len < 40 ? t->len : 40;

	memcpy(b, t->s, n);
	if (t->len > 40) {
		memcpy(b + n, "...", 3);
		n += 3;
	}
	b[n] = '\0';
	return b;
}

static int valid_name(const struct tok *t)
{
	static const char *const reserved[] = { "domid", "uuid", "vcpu",
						"domain", "slot", "cpupool",
						"major_frame" };
	char c = t->s[0];

	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
		return 0;
	for (size_t i = 1; i < t->len; i++) {
		c = t->s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.'))
			return 0;
	}
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (tok_is(t, reserved[i]))
			return 0;
	return 1;
}

/* All digits: a DOMAIN operand like this is a domid, never a name. */
static int is_number(const struct tok *t)
{
	for (size_t i = 0; i < t->len; i++)
		if (t->s[i] < '0' || t->s[i] > '9')
			return 0;
	return 1;
}

static int parse_num(const struct tok *t, uint64_t max, uint64_t *out)
{
	char buf[32];

	if (t->len >= sizeof(buf))
		return -ERANGE;
	memcpy(buf, t->s, t->len);
	buf[t->len] = '\0';
	/* xm_parse_u64 takes decimal only: "0x10" or "010" are not read as hex or octal */
	if (t->len > 1 && buf[0] == '0')
		return -EINVAL;
	return xm_parse_u64(buf, 0, max, out);
}

struct parser {
	struct sched_file *f;
	struct sched_diag *d;
	/* slot names, resolved to domains at the end of the file */
	struct tok slot_name[SCHED_MAX_SLOTS];
	unsigned slots_seen;
	unsigned doms_seen;
	unsigned major_col;
	unsigned slot_lines;
	/* names of declarations that had errors: no "not declared" for them */
	struct tok badname[32];
	unsigned nbad;
	/* every name a slot line gave, even a bad line: silences "no slot" */
	struct tok used[256];
	unsigned nused;
	int sum_overflow;
	int domains_only;     /* sched_parse_domains: no schedule needed */
};

/* A time operand; reports its own error. */
static int get_time(struct parser *p, const struct line *l, const struct tok *t,
		    uint64_t *ns)
{
	int r = sched_parse_time(t->s, t->len, ns);
	size_t i = 0;

	if (!r)
		return 0;
	while (i < t->len && ((t->s[i] >= '0' && t->s[i] <= '9') ||
			      t->s[i] == '.'))
		i++;
	if (r == -ERANGE)
		err_at(p->d, l->no, t->col,
		       "time %s is too large (Xen keeps times as signed "
		       "64-bit nanoseconds: at most 9223372036854775807ns, "
		       "about 292 years)", q(t));
	else if (r == -EDOM)
		err_at(p->d, l->no, t->col,
		       "time %s is not a whole number of nanoseconds", q(t));
	else if (i == t->len && i > 0)
		err_at(p->d, l->no, t->col,
		       "time %s has no unit (write it with ns, us, ms or s, "
		       "e.g. %sms)", q(t), q(t));
	else if (i == 0 || t->s[i - 1] == '.' || t->s[0] == '.')
		err_at(p->d, l->no, t->col,
		       "'%s' is not a time (write a number and a unit: ns, us, "
		       "ms or s, e.g. 10ms)", q(t));
	else {
		struct tok u = { t->s + i, t->len - i, t->col };

		err_at(p->d, l->no, t->col + (unsigned)i,
		       "unknown time unit '%s' (use ns, us, ms or s)", q(&u));
	}
	return -1;
}

static void extra(struct parser *p, const struct line *l, unsigned from,
		  const char *after)
{
	if (from < l->n)
		err_at(p->d, l->no, l->t[from].col,
		       "unexpected '%s' after %s", q(&l->t[from]), after);
}

static void do_cpupool(struct parser *p, const struct line *l)
{
	struct sched_file *f = p->f;
	uint64_t v;

	if (f->has_pool) {
		err_at(p->d, l->no, l->t[0].col,
		       "cpupool given twice (first at line %u)", f->pool_line);
		return;
	}
	/* Seen, even if bad: no "no cpupool line" on top of the error. */
	f->has_pool = 1;
	f->pool_line = l->no;
	if (l->n < 2) {
		err_at(p->d, l->no, l->t[0].col,
		       "cpupool needs a pool id (e.g. cpupool 0)");
		return;
	}
	if (parse_num(&l->t[1], UINT32_MAX - 1, &v)) {
		err_at(p->d, l->no, l->t[1].col,
		       "'%s' is not a cpupool id (a number from 0 to %" PRIu32
		       ")", q(&l->t[1]), UINT32_MAX - 1);
		return;
	}
	f->pool = (uint32_t)v;
	extra(p, l, 2, "the cpupool id");
}

static void do_major(struct parser *p, const struct line *l)
{
	struct sched_file *f = p->f;
	uint64_t v;

	if (f->has_major) {
		err_at(p->d, l->no, l->t[0].col,
		       "major_frame given twice (first at line %u)",
		       f->major_line);
		return;
	}
	if (l->n < 2) {
		err_at(p->d, l->no, l->t[0].col,
		       "major_frame needs a time (e.g. major_frame 100ms)");
		return;
	}
	/* Seen, even if bad: a second line is still a duplicate. */
	f->has_major = 1;
	f->major_line = l->no;
	p->major_col = l->t[1].col;
	if (get_time(p, l, &l->t[1], &v) == 0) {
		if (v == 0)
			err_at(p->d, l->no, l->t[1].col,
			       "major_frame must be longer than 0");
		f->major_ns = v;
	}
	extra(p, l, 2, "the major frame");
}

static int find_dom(const struct sched_file *f, const char *s, size_t len)
{
	for (unsigned i = 0; i < f->ndom; i++)
		if (strlen(f->dom[i].name) == len &&
		    !memcmp(f->dom[i].name, s, len))
			return (int)i;
	return -1;
}

static void do_domain(struct parser *p, const struct line *l)
{
	struct sched_file *f = p->f;
	struct sched_dom dm;
	const struct tok *nt;
	unsigned i, uuid_col = 0, domid_col = 0;
	int bad = 0, prev;

	memset(&dm, 0, sizeof(dm));
	if (l->n < 2) {
		err_at(p->d, l->no, l->t[0].col,
		       "domain needs a name and a domid or uuid (e.g. domain "
		       "nav domid 1)");
		return;
	}
	nt = &l->t[1];
	if ((nt->len >= SCHED_NAME_MAX || !valid_name(nt)) &&
	    p->nbad < sizeof(p->badname) / sizeof(p->badname[0]))
		p->badname[p->nbad++] = *nt;
	if (nt->len >= SCHED_NAME_MAX) {
		err_at(p->d, l->no, nt->col,
		       "domain name '%s' is too long (at most %d characters)",
		       q(nt), SCHED_NAME_MAX - 1);
		return;
	}
	if (is_number(nt)) {
		err_at(p->d, l->no, nt->col,
		       "domain name '%s' is a number: on a command line it "
		       "would mean domid %s (start a name with a letter or "
		       "'_')", q(nt), q(nt));
		return;
	}
	if (!valid_name(nt)) {
		err_at(p->d, l->no, nt->col,
		       "'%s' is not a valid domain name (letters, digits, "
		       "'_', '-' and '.', starting with a letter or '_'; not a "
		       "keyword)", q(nt));
		return;
	}
	memcpy(dm.name, nt->s, nt->len);
	dm.line = l->no;
	dm.col = nt->col;
	prev = find_dom(f, nt->s, nt->len);
	if (prev >= 0) {
		err_at(p->d, l->no, nt->col,
		       "domain %s declared twice (first at line %u)", dm.name,
		       f->dom[prev].line);
		return;
	}

	for (i = 2; i < l->n; i += 2) {
		const struct tok *k = &l->t[i], *v = i + 1 < l->n ? &l->t[i + 1]
								  : NULL;
		uint64_t n;

		if (tok_is(k, "domid")) {
			if (dm.has_domid) {
				err_at(p->d, l->no, k->col,
				       "domid given twice for domain %s",
				       dm.name);
				bad = 1;
				continue;
			}
			if (!v) {
				err_at(p->d, l->no, k->col,
				       "domid needs a number");
				bad = 1;
				break;
			}
			if (parse_num(v, SCHED_DOMID_MAX, &n)) {
				err_at(p->d, l->no, v->col,
				       "'%s' is not a domid (a number from 0 "
				       "to %u)", q(v), SCHED_DOMID_MAX);
				bad = 1;
				continue;
			}
			dm.has_domid = 1;
			dm.domid = (uint16_t)n;
			domid_col = v->col;
		} else if (tok_is(k, "uuid")) {
			char buf[40];

			if (dm.has_uuid) {
				err_at(p->d, l->no, k->col,
				       "uuid given twice for domain %s",
				       dm.name);
				bad = 1;
				continue;
			}
			if (!v) {
				err_at(p->d, l->no, k->col,
				       "uuid needs a value (8-4-4-4-12 hex "
				       "digits)");
				bad = 1;
				break;
			}
			if (v->len != 36) {
				err_at(p->d, l->no, v->col,
				       "'%s' is not a UUID (8-4-4-4-12 hex "
				       "digits)", q(v));
				bad = 1;
				continue;
			}
			memcpy(buf, v->s, 36);
			buf[36] = '\0';
			if (xm_uuid_parse(buf, dm.uuid)) {
				err_at(p->d, l->no, v->col,
				       "'%s' is not a UUID (8-4-4-4-12 hex "
				       "digits)", q(v));
				bad = 1;
				continue;
			}
			dm.has_uuid = 1;
			uuid_col = v->col;
		} else {
			err_at(p->d, l->no, k->col,
			       "expected domid or uuid, found '%s'", q(k));
			bad = 1;
			break;
		}
	}
	if (!bad && !dm.has_domid && !dm.has_uuid) {
		err_at(p->d, l->no, nt->col,
		       "domain %s needs a domid, a uuid, or both (Xen's "
		       "schedule names domains by UUID)", dm.name);
		bad = 1;
	}
	if (!bad) {
		for (unsigned j = 0; j < f->ndom; j++) {
			const struct sched_dom *o = &f->dom[j];

			if (dm.has_domid && o->has_domid &&
			    o->domid == dm.domid)
				err_at(p->d, l->no, domid_col,
				       "domid %u is already domain %s (line "
				       "%u)", dm.domid, o->name, o->line);
			if (dm.has_uuid && o->has_uuid &&
			    !memcmp(o->uuid, dm.uuid, 16)) {
				char u[37];

				xm_uuid_fmt(dm.uuid, u);
				err_at(p->d, l->no, uuid_col,
				       "uuid %s is already domain %s (line "
				       "%u): Xen could not tell them apart",
				       u, o->name, o->line);
			}
		}
	}
	/*
	 * Keep even a bad declaration (when it has a good name), so its
	 * slots do not add "not declared" noise to the real error.
	 */
	dm.bad = bad;
	p->doms_seen++;
	if (f->ndom >= SCHED_MAX_DOMS) {
		if (p->doms_seen == SCHED_MAX_DOMS + 1)
			err_at(p->d, l->no, l->t[0].col,
			       "too many domains (xenmin takes at most %d)",
			       SCHED_MAX_DOMS);
		return;
	}
	f->dom[f->ndom++] = dm;
}

static void do_slot(struct parser *p, const struct line *l)
{
	struct sched_file *f = p->f;
	struct sched_slot s;
	unsigned i = 2;
	uint64_t v;

	memset(&s, 0, sizeof(s));
	s.line = l->no;
	s.col = l->t[0].col;
	s.dom = -1;
	p->slot_lines++;
	if (l->n >= 2 && p->nused < sizeof(p->used) / sizeof(p->used[0]))
		p->used[p->nused++] = l->t[1];
	if (l->n < 3) {
		err_at(p->d, l->no, l->t[0].col,
		       "slot needs a domain name and a time (e.g. slot nav "
		       "10ms)");
		return;
	}
	p->slots_seen++;
	if (p->slots_seen > SCHED_MAX_SLOTS) {
		if (p->slots_seen == SCHED_MAX_SLOTS + 1)
			err_at(p->d, l->no, l->t[0].col,
			       "too many slots: Xen takes at most %d per "
			       "schedule (this is slot %u)", SCHED_MAX_SLOTS,
			       p->slots_seen);
		return;
	}
	if (tok_is(&l->t[2], "vcpu")) {
		if (l->n < 4) {
			err_at(p->d, l->no, l->t[2].col,
			       "vcpu needs a number");
			return;
		}
		if (parse_num(&l->t[3], UINT32_MAX, &v)) {
			err_at(p->d, l->no, l->t[3].col,
			       "'%s' is not a vcpu number", q(&l->t[3]));
			return;
		}
		s.vcpu = (uint32_t)v;
		if (s.vcpu > 0)
			warn_at(p->d, l->no, l->t[3].col,
				"vcpu %" PRIu32 ": Xen's arinc653 scheduler "
				"supports only single-vCPU domains",
				s.vcpu);
		i = 4;
		if (l->n < 5) {
			err_at(p->d, l->no, l->t[0].col,
			       "slot needs a time after the vcpu");
			return;
		}
	}
	if (get_time(p, l, &l->t[i], &v))
		return;
	if (v == 0) {
		err_at(p->d, l->no, l->t[i].col,
		       "a slot must be longer than 0");
		return;
	}
	if (v < SCHED_SHORT_SLOT_NS) {
		char b[32];

		sched_fmt_time(v, b, sizeof(b));
		warn_at(p->d, l->no, l->t[i].col,
			"slot of %s is shorter than 100us (scheduling "
			"overhead takes much of it)", b);
	}
	s.runtime_ns = v;
	extra(p, l, i + 1, "the slot's time");
	if (!p->sum_overflow) {
		if (f->sum_ns > SCHED_TIME_MAX - v) {
			err_at(p->d, l->no, l->t[i].col,
			       "the slots add up to more than "
			       "9223372036854775807ns (Xen's limit)");
			p->sum_overflow = 1;
		} else {
			f->sum_ns += v;
		}
	}
	p->slot_name[f->nslot] = l->t[1];
	f->slot[f->nslot++] = s;
}

static void do_line(struct parser *p, const struct line *l)
{
	const struct tok *k = &l->t[0];

	if (l->too_many) {
		err_at(p->d, l->no, l->t[MAX_TOK - 1].col,
		       "too many words on one line");
		return;
	}
	if (tok_is(k, "cpupool"))
		do_cpupool(p, l);
	else if (tok_is(k, "major_frame"))
		do_major(p, l);
	else if (tok_is(k, "domain"))
		do_domain(p, l);
	else if (tok_is(k, "slot"))
		do_slot(p, l);
	else
		err_at(p->d, l->no, k->col,
		       "unknown keyword '%s' (expected cpupool, major_frame, "
		       "domain or slot)", q(k));
}

/* Split one line into tokens; reports control characters. */
static void split(struct parser *p, const char *s, size_t len, struct line *l)
{
	size_t i = 0;
	int bad = 0;

	l->n = 0;
	l->too_many = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t st;

		if (c == '#')
			break;
		if (c == ' ' || c == '\t' || c == '\r') {
			i++;
			continue;
		}
		st = i;
		while (i < len) {
			c = (unsigned char)s[i];
			if (c == ' ' || c == '\t' || c == '\r' || c == '#')
				break;
			if (c < 0x20 || c == 0x7f) {
				/* once per line; then read it as a space */
				if (!bad++)
					err_at(p->d, l->no, (unsigned)i + 1,
					       "control character 0x%02x in "
					       "the file", c);
				break;
			}
			i++;
		}
		if (i == st) {
			i++;
			continue;
		}
		if (l->n == MAX_TOK) {
			l->too_many = 1;
			continue;
		}
		l->t[l->n].s = s + st;
		l->t[l->n].len = i - st;
		l->t[l->n].col = (unsigned)st + 1;
		l->n++;
	}
}

static int badname(const struct parser *p, const struct tok *t)
{
	for (unsigned i = 0; i < p->nbad; i++)
		if (p->badname[i].len == t->len &&
		    !memcmp(p->badname[i].s, t->s, t->len))
			return 1;
	return 0;
}

static int named(const struct parser *p, const char *name)
{
	for (unsigned i = 0; i < p->nused; i++)
		if (p->used[i].len == strlen(name) &&
		    !memcmp(p->used[i].s, name, p->used[i].len))
			return 1;
	return 0;
}

/* What makes a file a schedule: a pool, slots, a slot for each domain. */
static void need_schedule(struct parser *p)
{
	struct sched_file *f = p->f;

	if (!f->has_pool)
		err_at(p->d, 1, 1,
		       "no cpupool line: say which pool this schedule is for "
		       "(e.g. cpupool 0)");
	if (p->slot_lines == 0)
		err_at(p->d, 1, 1,
		       "no slots: a schedule needs 1 to %d 'slot' lines",
		       SCHED_MAX_SLOTS);
	for (unsigned i = 0; i < f->ndom; i++)
		if (!f->dom[i].nslots && !f->dom[i].bad && p->slot_lines &&
		    !named(p, f->dom[i].name))
			warn_at(p->d, f->dom[i].line, f->dom[i].col,
				"domain %s is declared but has no slot (it "
				"will not run in this pool)", f->dom[i].name);
}

static void finish(struct parser *p)
{
	struct sched_file *f = p->f;

	for (unsigned i = 0; i < f->nslot; i++) {
		const struct tok *t = &p->slot_name[i];
		int k;

		/*
		 * clang's analyzer loses sched_parse()'s memset of *f and walks
		 * slots without a name, but do_slot() names every slot.
		 */
#ifdef __clang_analyzer__ /* a false path, see above */
		if (!t->s)
			continue;
#endif
		k = find_dom(f, t->s, t->len);
		if (k < 0 && badname(p, t))
			continue;
		if (k < 0) {
			err_at(p->d, f->slot[i].line, t->col,
			       "domain '%s' is not declared (add a line "
			       "'domain %s domid N')", q(t), q(t));
			continue;
		}
		f->slot[i].dom = k;
		f->dom[k].nslots++;
	}
	/* A domains file is its domain lines; the rest is optional. */
	if (!p->domains_only)
		need_schedule(p);
	if (!f->has_major) {
		f->major_ns = f->sum_ns;
	} else if (f->major_ns && !p->sum_overflow &&
		   f->sum_ns > f->major_ns) {
		char a[32], b[32];

		sched_fmt_time(f->sum_ns, a, sizeof(a));
		sched_fmt_time(f->major_ns, b, sizeof(b));
		err_at(p->d, f->major_line, p->major_col,
		       "the slots add up to %s, more than the major_frame of "
		       "%s", a, b);
	}
}

static int parse(const char *text, size_t len, struct sched_file *f,
		 struct sched_diag *d, int domains_only)
{
	static struct parser p; /* large; the parser is not reentrant */
	size_t pos = 0;
	unsigned no = 0;

	memset(f, 0, sizeof(*f));
	memset(&p, 0, sizeof(p));
	p.f = f;
	p.d = d;
	p.domains_only = domains_only;
	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - s) : len - pos;
		struct line l;

		l.no = ++no;
		pos += ll + (nl ? 1 : 0);
		split(&p, s, ll, &l);
		if (l.n == 0)
			continue;
		do_line(&p, &l);
	}
	finish(&p);
	diag_sort(d);
	return d->nerr ? -EINVAL : 0;
}

int sched_parse(const char *text, size_t len, struct sched_file *f,
		struct sched_diag *d)
{
	return parse(text, len, f, d, 0);
}

int sched_parse_domains(const char *text, size_t len, struct sched_file *f,
			struct sched_diag *d)
{
	return parse(text, len, f, d, 1);
}
