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
#include <string.h>

#include "parse.h"
#include "sched.h"
#include "sched_msg.h"
#include "xio.h"

/* ---- messages (sched_msg.h), for the planner too ---- */

/*
 * @m, a message's text, as a format: the compilers see the literal @any
 * (checked only for itself, as the call passes a va_list), not a text
 * they cannot read; each text was checked at its call (SCHED_MSG_CHECK).
 */
static inline __attribute__((format_arg(2)))
const char *msg_format(const char *m, const char *any)
{
	(void)any;
	return m;
}

void sched_msg_vadd(struct sched_diag *d, unsigned line, unsigned col,
		    int warn, sched_msgref m, va_list ap)
{
#ifdef XM_FMT_ABORT
	const char *text = m;
#else
	const char *text = xm_msg(m);
#endif

	sched_diag_vadd(d, line, col, warn, msg_format(text, "%s"), ap);
}

void sched_msg_add_(struct sched_diag *d, unsigned line, unsigned col,
		    int warn, sched_msgref m, ...)
{
	va_list ap;

	va_start(ap, m);
	sched_msg_vadd(d, line, col, warn, m, ap);
	va_end(ap);
}

/* ---- times ---- */

/*
 * The units, largest first as sched_fmt_time() tries them; "\xc2\xb5s"
 * (µs in UTF-8) is only read, after the four that are also written.
 */
static const struct unit {
	char name[4];
	uint32_t mult;
} units[] = {
	{ "s", 1000000000 }, { "ms", 1000000 }, { "us", 1000 }, { "ns", 1 },
	{ "\xc2\xb5s", 1000 },
};

int sched_parse_time(const char *s, size_t len, uint64_t *ns)
{
	uint64_t ip = 0, fp = 0, mult = 0, fdiv = 1, v;
	size_t i = 0, nd, nf = 0, ulen;
	int fine = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9') {
		if (ip > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		ip = ip * 10 + (uint64_t)(s[i++] - '0');
	}
	nd = i;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9') {
			/* 9 fraction digits reach 1 ns for seconds; past them
			 * only zeros keep a whole number of ns in any unit */
			if (nf >= 9 && s[i] != '0')
				fine = 1;
			if (nf < 9) {
				fp = fp * 10 + (uint64_t)(s[i] - '0');
				fdiv *= 10;
			}
			i++;
			nf++;
		}
		if (!nf)
			return -EINVAL;
	}
	if (!nd)
		return -EINVAL;
	ulen = len - i;
	for (unsigned k = 0; k < sizeof(units) / sizeof(units[0]); k++)
		if (ulen == strlen(units[k].name) &&
		    !memcmp(s + i, units[k].name, ulen))
			mult = units[k].mult;
	if (!mult)
		return -EINVAL;
	if (ip > UINT64_MAX / mult)
		return -ERANGE;
	v = ip * mult;
	/* fp < fdiv <= 1e9 and mult <= 1e9: the product fits in 64 bits */
	if (fine || (fp * mult) % fdiv)
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
	unsigned k = 0;

	while (k < 3 && !(ns && ns % units[k].mult == 0))
		k++;
	xm_snprintf(buf, len, "%" PRIu64 "%s", ns / units[k].mult,
		    units[k].name);
}


/* ---- tokens ---- */

#define MAX_TOK 16
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* unsigned, as the columns messages print: the CLI reads at most 1 MiB */
struct tok {
	const char *s;
	unsigned len, col;
};

struct line {
	struct tok t[MAX_TOK];
	unsigned n;
	int too_many;
};

static int tok_is(const struct tok *t, const char *w)
{
	return t->len == strlen(w) && !memcmp(t->s, w, t->len);
}

/*
 * A token quoted for a message, cut short so messages stay one line, and
 * escaped: a byte that is not printable ASCII (a terminal control such as
 * ESC or 0x9b, a UTF-8 byte-order mark) is written \xNN, so the file
 * cannot drive the terminal. It is returned by value (use q(t).s): each
 * call has its own copy, alive until the end of the statement, so one
 * message can quote several tokens.
 */
struct quoted {
	char s[48];
};

static struct quoted q(const struct tok *t)
{
	static const char hex[] = "0123456789abcdef";
	struct quoted r;
	size_t n = 0, i;

	for (i = 0; i < t->len && n < 40; i++) {
		unsigned char c = (unsigned char)t->s[i];

		if (c >= 0x20 && c < 0x7f) {
			r.s[n++] = (char)c;
			continue;
		}
		r.s[n++] = '\\';
		r.s[n++] = 'x';
		r.s[n++] = hex[c >> 4];
		r.s[n++] = hex[c & 15];
	}
	if (i < t->len) {
		memcpy(r.s + n, "...", 3);
		n += 3;
	}
	r.s[n] = '\0';
	return r;
}

/*
 * The keywords: those that start a line, then the words of domain and slot
 * lines. All but "schedule" are reserved: they cannot name a domain.
 */
enum {
	KW_CPUPOOL, KW_MAJOR, KW_DOMAIN, KW_SLOT, KW_SCHEDULE,
	KW_DOMID, KW_UUID, KW_VCPU, KW_NONE
};

/* The keyword @t is, or KW_NONE. */
static unsigned kw(const struct tok *t)
{
	static const char words[] = "cpupool\0major_frame\0domain\0slot\0"
				    "schedule\0domid\0uuid\0vcpu";
	const char *w = words;
	unsigned k = 0;

	for (; k < KW_NONE && !tok_is(t, w); k++)
		w += strlen(w) + 1;
	return k;
}

static int valid_name(const struct tok *t)
{
	char c = t->s[0];
	unsigned k;

	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
		return 0;
	for (size_t i = 1; i < t->len; i++) {
		c = t->s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.'))
			return 0;
	}
	k = kw(t);
	return k == KW_NONE || k == KW_SCHEDULE;
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
	/* decimal only: "0x10" and "010" are not read as hex or octal */
	if (t->len > 1 && buf[0] == '0')
		return -EINVAL;
	return xm_parse_u64(buf, 0, max, out);
}

static int parse_uuid(const struct tok *t, uint8_t out[16])
{
	char buf[37];

	if (t->len != 36)
		return -EINVAL;
	memcpy(buf, t->s, 36);
	buf[36] = '\0';
	return xm_uuid_parse(buf, out);
}

/* What the checks at the end need of each schedule block. */
struct pblock {
	unsigned slots_seen, slot_lines, major_col;
	unsigned char sum_overflow; /* flags: 1-byte stores */
};

/*
 * The state of one parse, in sched_parse()'s frame (about 24 KiB), so that
 * parses do not share anything. The counters come first: the handlers
 * reach them with one-byte offsets, the arrays after them with four.
 */
struct parser {
	struct sched_file *f;
	struct sched_diag *d;
	unsigned no;             /* the line being read */
	unsigned nname;          /* of slot_name */
	unsigned doms_seen;
	unsigned slot_lines;     /* in the whole file */
	/* the first major_frame or slot line before any schedule line */
	unsigned loose_line, loose_col;
	const char *loose_kw;
	unsigned char skip;       /* in a schedule block that had an error */
	unsigned char domains_only;/* sched_parse_domains: no schedule needed */
	unsigned nbad, nused;    /* of badname, used */
	struct pblock pb[SCHED_MAX_NAMED]; /* of f->sched[] */
	/* names of declarations that had errors: no "not declared" for them */
	struct tok badname[32];
	/* every name a slot line gave, even a bad line: silences "no slot" */
	struct tok used[256];
	/* slot names, resolved to domains at the end of the file; counted
	 * here, not by f->nall, so the analysers see both arrays agree */
	struct tok slot_name[SCHED_MAX_NAMED * SCHED_MAX_SLOTS];
};

/*
 * An error at column @col of the line being read: perr(p, col, message,
 * arguments), the message a catalogue one (sched_msg.h).
 */
static void perr_(struct parser *p, unsigned col, sched_msgref m, ...)
{
	va_list ap;

	va_start(ap, m);
	sched_msg_vadd(p->d, p->no, col, 0, m, ap);
	va_end(ap);
}

#define perr(p, col, m, ...) \
	(SCHED_MSG_CHECK(m, ##__VA_ARGS__), \
	 perr_(p, col, SCHED_MSG_ID_ ## m, ##__VA_ARGS__))
/* A warning there (rare: no wrapper of its own). */
#define pwarn(p, col, m, ...) \
	(SCHED_MSG_CHECK(m, ##__VA_ARGS__), \
	 sched_msg_add_((p)->d, (p)->no, col, 1, SCHED_MSG_ID_ ## m, \
			##__VA_ARGS__))

/*
 * An error at token @t whose message quotes it (q()) as its first %s, and
 * as its second too unless @s2 is given: one call instead of a quoting
 * and a formatting at each of a dozen places.
 */
static void terr_(struct parser *p, const struct tok *t, const char *s2,
		  sched_msgref m)
{
	struct quoted w = q(t);

	perr_(p, t->col, m, w.s, s2 ? s2 : w.s);
}

/* the token once; twice; the token and the string @s */
#define terr(p, t, m) (SCHED_MSG_CHECK(m, ""), \
		       terr_(p, t, NULL, SCHED_MSG_ID_ ## m))
#define terr2(p, t, m) (SCHED_MSG_CHECK(m, "", ""), \
			terr_(p, t, NULL, SCHED_MSG_ID_ ## m))
#define terrs(p, t, s, m) (SCHED_MSG_CHECK(m, "", s), \
			   terr_(p, t, s, SCHED_MSG_ID_ ## m))

/* A time operand; reports its own error. */
static int get_time(struct parser *p, const struct tok *t, uint64_t *ns)
{
	int r = sched_parse_time(t->s, t->len, ns);
	struct tok u = *t;      /* what the message quotes */
	size_t i = 0, dots = 0;
	sched_msgref m;

	if (!r)
		return 0;
	while (i < t->len && ((t->s[i] >= '0' && t->s[i] <= '9') ||
			      t->s[i] == '.'))
		dots += t->s[i++] == '.';
	if (r == -ERANGE) {
		perr(p, t->col, XM_MSG(m_sp_time_too_large, "time %s is too large (Xen keeps times as signed 64-bit nanoseconds: at most %lluns, about 292 years)"),
		     q(t).s, (unsigned long long)SCHED_TIME_MAX);
		return -1;
	}
	/* the rest quote the token (twice: terr_() passes it as both) */
	if (r == -EDOM) {
		m = SCHED_MSG_REF(XM_MSG(m_sp_time_whole_number, "time %s is not a whole number of nanoseconds"), "");
	} else if (i == 0 || t->s[i - 1] == '.' || t->s[0] == '.' ||
		   dots > 1) {
		m = SCHED_MSG_REF(XM_MSG(m_sp_not_time, "'%s' is not a time (write a number and a unit: ns, us, ms or s, e.g. 10ms)"), "");
	} else if (i == t->len) {
		m = SCHED_MSG_REF(XM_MSG(m_sp_time_no_unit, "time %s has no unit (write it with ns, us, ms or s, e.g. %sms)"), "", "");
	} else {
		u.s += i;
		u.len -= (unsigned)i;
		u.col += (unsigned)i;
		m = SCHED_MSG_REF(XM_MSG(m_sp_unknown_time_unit, "unknown time unit '%s' (use ns, us, ms or s)"), "");
	}
	terr_(p, &u, NULL, m);
	return -1;
}

static void extra(struct parser *p, const struct line *l, unsigned from,
		  const char *after)
{
	if (from < l->n)
		terrs(p, &l->t[from], after, XM_MSG(m_sp_unexpected_after, "unexpected '%s' after %s"));
}

static void do_cpupool(struct parser *p, const struct line *l)
{
	struct sched_file *f = p->f;
	uint64_t v;

	if (f->has_pool) {
		perr(p, l->t[0].col, XM_MSG(m_sp_twice, "%s given twice (first at line %u)"),
		     "cpupool", f->pool_line);
		return;
	}
	/* Seen, even if bad: no "no cpupool line" on top of the error. */
	f->has_pool = 1;
	f->pool_line = p->no;
	if (l->n < 2) {
		perr(p, l->t[0].col,
		     XM_MSG(m_sp_cpupool_needs_pool, "cpupool needs a pool id (e.g. cpupool 0)"));
		return;
	}
	if (parse_num(&l->t[1], UINT32_MAX - 1, &v)) {
		perr(p, l->t[1].col, XM_MSG(m_sp_not_number, "'%s' is not a %s (a number from 0 to %u)"), q(&l->t[1]).s, "cpupool id",
		     UINT32_MAX - 1);
		return;
	}
	f->pool = (uint32_t)v;
	extra(p, l, 2, "the cpupool id");
}

/*
 * The block a major_frame or slot line belongs to, or NULL when it is in
 * a block whose schedule line had an error. Before the first schedule line
 * it is the file's only block, unless a schedule line follows (then this
 * line is an error, reported there).
 */
static struct sched_block *block_of(struct parser *p, const struct tok *k)
{
	struct sched_file *f = p->f;

	if (p->skip)
		return NULL;
	if (!f->named && !p->loose_line) {
		p->loose_line = p->no;
		p->loose_col = k->col;
		p->loose_kw = kw(k) == KW_SLOT ? "slot" : "major_frame";
	}
	return &f->sched[f->cur];
}

static void do_major(struct parser *p, const struct line *l)
{
	struct sched_block *b = block_of(p, &l->t[0]);
	uint64_t v;

	if (!b)
		return;
	if (b->has_major) {
		perr(p, l->t[0].col, XM_MSG(m_sp_twice, "%s given twice (first at line %u)"),
		     "major_frame", b->major_line);
		return;
	}
	if (l->n < 2) {
		perr(p, l->t[0].col,
		     XM_MSG(m_sp_major_frame_needs, "major_frame needs a time (e.g. major_frame 100ms)"));
		return;
	}
	/* Seen, even if bad: a second line is still a duplicate. */
	b->has_major = 1;
	b->major_line = p->no;
	p->pb[p->f->cur].major_col = l->t[1].col;
	if (get_time(p, &l->t[1], &v) == 0) {
		if (v == 0)
			perr(p, l->t[1].col,
			     XM_MSG(m_sp_major_zero, "major_frame must be longer than 0"));
		b->major_ns = v;
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

/* A domain line being read, with the columns its later checks point at. */
struct decl {
	struct sched_dom dm;
	unsigned domid_col, uuid_col;
};

/* The name of a domain line: 0, or -1 when the line cannot be kept. */
static int decl_name(struct parser *p, const struct tok *nt, struct decl *x)
{
	int prev;

	if (nt->len >= SCHED_NAME_MAX || !valid_name(nt)) {
		if (p->nbad < NELEM(p->badname))
			p->badname[p->nbad++] = *nt;
		if (nt->len >= SCHED_NAME_MAX)
			perr(p, nt->col, XM_MSG(m_sp_domain_name_too, "domain name '%s' is too long (at most %d characters)"), q(nt).s,
			     SCHED_NAME_MAX - 1);
		else if (is_number(nt))
			terr2(p, nt, XM_MSG(m_sp_domain_name_number, "domain name '%s' is a number: on a command line it would mean domid %s (start a name with a letter or '_')"));
		else
			terr(p, nt, XM_MSG(m_sp_bad_domain_name, "'%s' is not a valid domain name (letters, digits, '_', '-' and '.', starting with a letter or '_'; not a keyword)"));
		return -1;
	}
	memcpy(x->dm.name, nt->s, nt->len);
	x->dm.line = p->no;
	x->dm.col = nt->col;
	prev = find_dom(p->f, nt->s, nt->len);
	if (prev >= 0) {
		perr(p, nt->col, XM_MSG(m_sp_domain_declared_twice, "domain %s declared twice (first at line %u)"),
		     x->dm.name, p->f->dom[prev].line);
		return -1;
	}
	return 0;
}

/* "domid N" (@k, @v: NULL at the end of the line); 0 or -1. */
static int decl_domid(struct parser *p, const struct tok *k,
		      const struct tok *v, struct decl *x)
{
	uint64_t n;

	if (x->dm.has_domid) {
		perr(p, k->col, XM_MSG(m_sp_twice_for, "%s given twice for domain %s"), "domid", x->dm.name);
		return -1;
	}
	if (!v) {
		perr(p, k->col, XM_MSG(m_sp_needs_number, "%s needs a number"), "domid");
		return -1;
	}
	if (parse_num(v, SCHED_DOMID_MAX, &n)) {
		perr(p, v->col, XM_MSG(m_sp_not_number, "'%s' is not a %s (a number from 0 to %u)"), q(v).s, "domid", SCHED_DOMID_MAX);
		return -1;
	}
	x->dm.has_domid = 1;
	x->dm.domid = (uint16_t)n;
	x->domid_col = v->col;
	return 0;
}

/* "uuid U", as decl_domid(). */
static int decl_uuid(struct parser *p, const struct tok *k,
		     const struct tok *v, struct decl *x)
{
	if (x->dm.has_uuid) {
		perr(p, k->col, XM_MSG(m_sp_twice_for, "%s given twice for domain %s"), "uuid", x->dm.name);
		return -1;
	}
	if (!v) {
		perr(p, k->col, XM_MSG(m_sp_uuid_needs_value, "uuid needs a value (8-4-4-4-12 hex digits)"));
		return -1;
	}
	if (parse_uuid(v, x->dm.uuid)) {
		terr(p, v, XM_MSG(m_sp_not_uuid, "'%s' is not a UUID (8-4-4-4-12 hex digits)"));
		return -1;
	}
	x->dm.has_uuid = 1;
	x->uuid_col = v->col;
	return 0;
}

/* The "domid N" and "uuid U" pairs after the name; sets dm.bad. */
static void decl_attrs(struct parser *p, const struct line *l, struct decl *x)
{
	for (unsigned i = 2; i < l->n; i += 2) {
		const struct tok *k = &l->t[i];
		const struct tok *v = i + 1 < l->n ? &l->t[i + 1] : NULL;

		if (kw(k) == KW_DOMID) {
			if (decl_domid(p, k, v, x))
				x->dm.bad = 1;
		} else if (kw(k) == KW_UUID) {
			if (decl_uuid(p, k, v, x))
				x->dm.bad = 1;
		} else {
			terr(p, k, XM_MSG(m_sp_expected_domid_uuid, "expected domid or uuid, found '%s'"));
			x->dm.bad = 1;
			break;
		}
	}
}

/* A domid or UUID that an earlier declaration already has. */
static void decl_dups(struct parser *p, const struct decl *x)
{
	const struct sched_file *f = p->f;
	const struct sched_dom *dm = &x->dm;
	char u[37];

	for (unsigned j = 0; j < f->ndom; j++) {
		const struct sched_dom *o = &f->dom[j];

		if (dm->has_domid && o->has_domid && o->domid == dm->domid)
			perr(p, x->domid_col, XM_MSG(m_sp_domid_already_domain, "domid %u is already domain %s (line %u)"), dm->domid, o->name, o->line);
		if (dm->has_uuid && o->has_uuid &&
		    !memcmp(o->uuid, dm->uuid, 16)) {
			xm_uuid_fmt(dm->uuid, u);
			perr(p, x->uuid_col, XM_MSG(m_sp_uuid_already_domain, "uuid %s is already domain %s (line %u): Xen could not tell them apart"), u,
			     o->name, o->line);
		}
	}
}

static void do_domain(struct parser *p, const struct line *l)
{
	struct sched_file *f = p->f;
	struct decl x;

	memset(&x, 0, sizeof(x));
	if (l->n < 2) {
		perr(p, l->t[0].col, XM_MSG(m_sp_domain_needs_name, "domain needs a name and a domid or uuid (e.g. domain nav domid 1)"));
		return;
	}
	if (decl_name(p, &l->t[1], &x))
		return;
	decl_attrs(p, l, &x);
	if (!x.dm.bad && !x.dm.has_domid && !x.dm.has_uuid) {
		perr(p, l->t[1].col, XM_MSG(m_sp_domain_needs_domid, "domain %s needs a domid, a uuid, or both (Xen's schedule names domains by UUID)"), x.dm.name);
		x.dm.bad = 1;
	}
	if (!x.dm.bad)
		decl_dups(p, &x);
	/*
	 * Keep even a bad declaration (when it has a good name), so its
	 * slots do not add "not declared" noise to the real error.
	 */
	p->doms_seen++;
	if (f->ndom >= SCHED_MAX_DOMS) {
		if (p->doms_seen == SCHED_MAX_DOMS + 1)
			perr(p, l->t[0].col, XM_MSG(m_sp_too_many_domains, "too many domains (xenmin takes at most %d)"), SCHED_MAX_DOMS);
		return;
	}
	f->dom[f->ndom++] = x.dm;
}

/* "vcpu N" after a slot's name: the index of the time, or 0 on error. */
static unsigned slot_vcpu(struct parser *p, const struct line *l,
			  struct sched_slot *s)
{
	uint64_t v;

	if (kw(&l->t[2]) != KW_VCPU)
		return 2;
	if (l->n < 4) {
		perr(p, l->t[2].col, XM_MSG(m_sp_needs_number, "%s needs a number"), "vcpu");
		return 0;
	}
	if (parse_num(&l->t[3], UINT32_MAX, &v)) {
		terr(p, &l->t[3], XM_MSG(m_sp_not_vcpu, "'%s' is not a vcpu number"));
		return 0;
	}
	s->vcpu = (uint32_t)v;
	if (s->vcpu > 0)
		pwarn(p, l->t[3].col, XM_MSG(m_sp_vcpu_not_0, "vcpu %u: Xen's arinc653 scheduler supports only single-vCPU domains"), s->vcpu);
	if (l->n < 5) {
		perr(p, l->t[0].col, XM_MSG(m_sp_slot_needs_time, "slot needs a time after the vcpu"));
		return 0;
	}
	return 4;
}

/* A slot's runtime: a time, not 0, warned about when very short. */
static int slot_time(struct parser *p, const struct tok *t, uint64_t *ns)
{
	char b[32];

	if (get_time(p, t, ns))
		return -1;
	if (*ns == 0) {
		perr(p, t->col, XM_MSG(m_sp_slot_zero, "a slot must be longer than 0"));
		return -1;
	}
	if (*ns < SCHED_SHORT_SLOT_US * 1000u) {
		sched_fmt_time(*ns, b, sizeof(b));
		pwarn(p, t->col, XM_MSG(m_sp_slot_shorter_than, "slot of %s is shorter than %uus (scheduling overhead takes much of it)"), b, SCHED_SHORT_SLOT_US);
	}
	return 0;
}

static void do_slot(struct parser *p, const struct line *l)
{
	struct sched_file *f = p->f;
	struct sched_block *b = block_of(p, &l->t[0]);
	struct pblock *pb = &p->pb[f->cur];
	struct sched_slot s;
	unsigned i;
	uint64_t v;

	memset(&s, 0, sizeof(s));
	s.line = p->no;
	s.col = l->t[0].col;
	s.dom = -1;
	p->slot_lines++;
	if (l->n >= 2 && p->nused < NELEM(p->used))
		p->used[p->nused++] = l->t[1];
	if (!b)
		return;
	pb->slot_lines++;
	if (l->n < 3) {
		perr(p, l->t[0].col, XM_MSG(m_sp_slot_needs_domain, "slot needs a domain name and a time (e.g. slot nav 10ms)"));
		return;
	}
	if (++pb->slots_seen > SCHED_MAX_SLOTS) {
		if (pb->slots_seen == SCHED_MAX_SLOTS + 1)
			perr(p, l->t[0].col, XM_MSG(m_sp_too_many_slots, "too many slots: Xen takes at most %d per schedule (this is slot %u)"),
			     SCHED_MAX_SLOTS, pb->slots_seen);
		return;
	}
	i = slot_vcpu(p, l, &s);
	if (!i || slot_time(p, &l->t[i], &v))
		return;
	s.runtime_ns = v;
	extra(p, l, i + 1, "the slot's time");
	if (!pb->sum_overflow && b->sum_ns > SCHED_TIME_MAX - v) {
		perr(p, l->t[i].col, XM_MSG(m_sp_sum_over_max, "the slots add up to more than %lluns (Xen's limit)"),
		     (unsigned long long)SCHED_TIME_MAX);
		pb->sum_overflow = 1;
	} else if (!pb->sum_overflow) {
		b->sum_ns += v;
	}
	p->slot_name[p->nname++] = l->t[1];
	f->all[f->nall++] = s;
	b->nslot++;
}

/* A block's name: a valid name, not given to an earlier block. */
static int schedule_name(struct parser *p, const struct tok *nt)
{
	const struct sched_file *f = p->f;

	if (nt->len >= SCHED_NAME_MAX || !valid_name(nt)) {
		perr(p, nt->col, XM_MSG(m_sp_bad_schedule_name, "'%s' is not a valid schedule name (1 to %d letters, digits, '_', '-' and '.', starting with a letter or '_')"), q(nt).s, SCHED_NAME_MAX - 1);
		return -1;
	}
	for (unsigned k = 0; k < f->nsched; k++)
		if (tok_is(nt, f->sched[k].name)) {
			perr(p, nt->col, XM_MSG(m_sp_schedule_given_twice, "schedule %s given twice (first at line %u)"), f->sched[k].name, f->sched[k].line);
			return -1;
		}
	if (f->named && f->nsched == SCHED_MAX_NAMED) {
		perr(p, nt->col, XM_MSG(m_sp_too_many_schedules, "too many schedules (xenmin takes at most %d in one file)"), SCHED_MAX_NAMED);
		return -1;
	}
	return 0;
}

/*
 * "schedule NAME": the major_frame and slot lines up to the next one form
 * schedule NAME. The first such line names the file's first block.
 */
static void do_schedule(struct parser *p, const struct line *l)
{
	struct sched_file *f = p->f;
	struct sched_block *b;

	if (!f->named && p->loose_line)
		sched_msg_add(p->d, p->loose_line, p->loose_col, 0, XM_MSG(m_sp_before_first_schedule, "%s before the first schedule line (line %u): in a file with named schedules each major_frame and slot belongs to one"), p->loose_kw, p->no);
	p->skip = 1;
	if (l->n < 2) {
		perr(p, l->t[0].col,
		     XM_MSG(m_sp_schedule_needs_name, "schedule needs a name (e.g. schedule normal)"));
		f->named = 1;
		return;
	}
	if (schedule_name(p, &l->t[1])) {
		f->named = 1;
		return;
	}
	if (f->named) {
		f->cur = f->nsched++;
		f->sched[f->cur].first = f->nall;
	}
	f->named = 1;
	p->skip = 0;
	b = &f->sched[f->cur];
	memcpy(b->name, l->t[1].s, l->t[1].len);
	b->line = p->no;
	b->col = l->t[1].col;
	extra(p, l, 2, "the schedule name");
}

/*
 * Not inlined into parse(): here the parser is a pointer in a register, and
 * the handlers inlined below reach its counters and the line's tokens with
 * short offsets instead of long ones from the stack pointer (104 bytes).
 */
static __attribute__((noinline)) void do_line(struct parser *p,
					       const struct line *l)
{
	const struct tok *k = &l->t[0];

	if (l->too_many) {
		perr(p, l->t[MAX_TOK - 1].col, XM_MSG(m_sp_too_many_words, "too many words on one line"));
		return;
	}
	switch (kw(k)) {
	case KW_CPUPOOL:
		do_cpupool(p, l);
		break;
	case KW_MAJOR:
		do_major(p, l);
		break;
	case KW_DOMAIN:
		do_domain(p, l);
		break;
	case KW_SLOT:
		do_slot(p, l);
		break;
	case KW_SCHEDULE:
		do_schedule(p, l);
		break;
	default:
		terr(p, k, XM_MSG(m_sp_unknown_keyword, "unknown keyword '%s' (expected cpupool, major_frame, domain, slot or schedule)"));
	}
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
					perr(p, (unsigned)i + 1, XM_MSG(m_sp_control_char, "control character 0x%02x in the file"), c);
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

static int tok_in(const struct tok *set, unsigned n, const char *s,
		  size_t len)
{
	for (unsigned i = 0; i < n; i++)
		if (set[i].len == len && !memcmp(set[i].s, s, len))
			return 1;
	return 0;
}

/* Resolve the slots' names to domains; count each domain's slots. */
static void resolve_slots(struct parser *p)
{
	struct sched_file *f = p->f;

	for (unsigned i = 0; i < p->nname; i++) {
		const struct tok *t = &p->slot_name[i];
		int k = find_dom(f, t->s, t->len);

		if (k < 0 && tok_in(p->badname, p->nbad, t->s, t->len))
			continue;
		if (k < 0) {
			struct quoted w = q(t);

			sched_msg_add(p->d, f->all[i].line, t->col, 0,
				       XM_MSG(m_sp_not_declared, "domain '%s' is not declared (add a line 'domain %s domid N')"), w.s, w.s);
			continue;
		}
		f->all[i].dom = k;
		f->dom[k].nslots++;
	}
}

/* The checks of one schedule block that need all of it. */
static void finish_block(struct parser *p, unsigned k)
{
	struct sched_block *b = &p->f->sched[k];
	const struct pblock *pb = &p->pb[k];
	char x[32], y[32];

	if (p->f->named && !b->line)
		return; /* the first schedule line had an error */
	/* A domains file is its domain lines; the rest is optional. */
	if (p->domains_only)
		;
	else if (!pb->slot_lines && b->line)
		sched_msg_add(p->d, b->line, b->col, 0, XM_MSG(m_sp_schedule_has_no, "schedule %s has no slots (a schedule needs 1 to %d 'slot' lines)"),
			       b->name, SCHED_MAX_SLOTS);
	else if (!pb->slot_lines)
		sched_msg_add(p->d, 1, 1, 0, XM_MSG(m_sp_no_slots_schedule, "no slots: a schedule needs 1 to %d 'slot' lines"), SCHED_MAX_SLOTS);
	if (!b->has_major) {
		b->major_ns = b->sum_ns;
	} else if (b->major_ns && !pb->sum_overflow &&
		   b->sum_ns > b->major_ns) {
		sched_fmt_time(b->sum_ns, x, sizeof(x));
		sched_fmt_time(b->major_ns, y, sizeof(y));
		sched_msg_add(p->d, b->major_line, pb->major_col, 0, XM_MSG(m_sp_sum_over_major, "the slots add up to %s, more than the major_frame of %s"), x, y);
	}
}

int sched_select(struct sched_file *f, const char *name)
{
	const struct sched_block *b;
	unsigned k = 0;

	while (name && *name && k < f->nsched && strcmp(f->sched[k].name, name))
		k++;
	if (k >= f->nsched)
		return -1;
	b = &f->sched[k];
	f->cur = k;
	f->has_major = b->has_major;
	f->major_line = b->major_line;
	f->major_ns = b->major_ns;
	f->sum_ns = b->sum_ns;
	f->nslot = b->nslot;
	memcpy(f->slot, f->all + b->first, b->nslot * sizeof(f->slot[0]));
	for (unsigned i = 0; i < f->ndom; i++)
		f->dom[i].nslots = 0;
	for (unsigned s = 0; s < f->nslot; s++)
		if (f->slot[s].dom >= 0)
			f->dom[f->slot[s].dom].nslots++;
	return (int)k;
}

/* The checks that need the whole file. */
static void finish(struct parser *p)
{
	struct sched_file *f = p->f;
	struct sched_diag *d = p->d;

	resolve_slots(p);
	if (!f->has_pool && !p->domains_only)
		sched_msg_add(d, 1, 1, 0, XM_MSG(m_sp_no_cpupool_line, "no cpupool line: say which pool this schedule is for (e.g. cpupool 0)"));
	for (unsigned k = 0; k < f->nsched; k++)
		finish_block(p, k);
	/* a domain without a slot in any of the file's schedules */
	for (unsigned i = 0; i < f->ndom; i++)
		if (!f->dom[i].nslots && !f->dom[i].bad && p->slot_lines &&
		    !p->domains_only &&
		    !tok_in(p->used, p->nused, f->dom[i].name,
			    strlen(f->dom[i].name)))
			sched_msg_add(d, f->dom[i].line, f->dom[i].col, 1,
				       XM_MSG(m_sp_no_slot, "domain %s is declared but has no slot (it will not run in this pool)"),
				       f->dom[i].name);
	sched_select(f, NULL);
}

static int parse(const char *text, size_t len, struct sched_file *f,
		 struct sched_diag *d, int domains_only)
{
	struct parser p = { .f = f, .d = d, .domains_only = domains_only };
	size_t pos = 0;

	memset(f, 0, sizeof(*f));
	f->nsched = 1;
	while (pos < len) {
		const char *s = text + pos;
		const char *nl = xm_memchr(s, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - s) : len - pos;
		struct line l;

		p.no++;
		pos += ll + (nl ? 1 : 0);
		split(&p, s, ll, &l);
		if (l.n == 0)
			continue;
		do_line(&p, &l);
	}
	finish(&p);
	sched_diag_sort(d);
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
