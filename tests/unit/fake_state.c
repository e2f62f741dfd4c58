// SPDX-License-Identifier: MIT
/*
 * The fake hypervisor's state file (syntax: tests/unit/README.md), which
 * xenmin-fake loads at open and saves at close so that the commands of one
 * bats test see one system. Every line is KEYWORD, the words that name its
 * object (KEYS), then FIELD VALUE pairs, with symbolic values (flags, errno
 * and scheduler names); the tables below are the whole syntax, and saving
 * walks the same tables, so a field added to a table is loaded and saved
 * alike. An unknown keyword, field or name is an error at file:line: a typo
 * in a test must stop the fake, not test a default system by accident.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fake_xen.h"
#include "xenmin.h"


#define FX_LINE_MAX 8192
#define FX_MAX_WORDS 512 /* a653 with 64 entries is 388 */

/* A symbolic value; tables end with a NULL name. */
struct fx_name {
	const char *name;
	uint32_t val;
};

enum fx_type {
	FT_UINT,   /* decimal, or hex after 0x */
	FT_HEX,    /* read as FT_UINT, saved in hex */
	FT_BOOL,   /* yes | no */
	FT_ENUM,   /* one name of .names */
	FT_FLAGS,  /* names of .names joined by ",", or none; other bits kept */
	FT_ERRNO,  /* EPERM, ESRCH... or none */
	FT_UUID,   /* 8-4-4-4-12 */
	FT_CPUS,   /* 0-3,5 or none, as a mask of cpus 0 to 63 */
	FT_NTH,    /* N >= 1, or every (stored as 0) */
	FT_CUSTOM, /* .set and .print */
};

struct fx_parse {
	const char *name;          /* the file, in messages */
	unsigned line;
	char *err;
	size_t errlen;
	char what[64];             /* "domain 1": the object, in messages */
	struct xm_a653 *a653;      /* on an a653 line: its schedule */
	int entries;               /* entries given on this a653 line */
	int dry;                   /* checking a step's line: change nothing
				    * that a copy of fx cannot restore */
};

struct fx_field {
	const char *name;
	enum fx_type type;
	size_t off, size;
	const struct fx_name *names;
	int (*set)(struct fx_parse *p, void *obj, const char *val);
	void (*print)(FILE *f, const void *obj);
};

#define FIELD(n, t, st, m, nm) \
	{ n, t, offsetof(st, m), sizeof(((st *)0)->m), nm, NULL, NULL }
#define CUSTOM(n, set, print) { n, FT_CUSTOM, 0, 0, NULL, set, print }

struct fx_kw {
	const char *name;
	const char *keys_help;     /* what KEYS are, for messages */
	unsigned nkeys;
	/* The object the line is about (found or made), or NULL: error set. */
	void *(*find)(struct fx_parse *p, char **keys);
	const struct fx_field *fields;
	int (*check)(struct fx_parse *p, void *obj);   /* after the fields */
	int (*text)(struct fx_parse *p, const char *rest); /* a text line */
	/* Saving, in table order: objects 0..count-1 (obj NULL: skip one),
	 * each as keyword, keys(), every field; or save() instead. */
	size_t (*count)(void);
	const void *(*obj)(size_t i);
	void (*keys)(FILE *f, const void *obj);
	void (*save)(FILE *f);
};

__attribute__((format(printf, 2, 3)))
static int bad(struct fx_parse *p, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(p->err, p->errlen, "%s:%u: ", p->name, p->line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < p->errlen)
		vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* ---- values ---- */

static const struct fx_name fx_errnos[] = {
	{ "none", 0 }, { "EPERM", EPERM }, { "ENOENT", ENOENT },
	{ "ESRCH", ESRCH }, { "EINTR", EINTR }, { "EIO", EIO },
	{ "ENXIO", ENXIO }, { "E2BIG", E2BIG }, { "EAGAIN", EAGAIN },
	{ "ENOMEM", ENOMEM }, { "EACCES", EACCES }, { "EFAULT", EFAULT },
	{ "EBUSY", EBUSY }, { "EEXIST", EEXIST }, { "ENODEV", ENODEV },
	{ "EINVAL", EINVAL }, { "ENOSPC", ENOSPC }, { "ERANGE", ERANGE },
	{ "ENOSYS", ENOSYS }, { "ENODATA", ENODATA },
	{ "EOPNOTSUPP", EOPNOTSUPP }, { "ETIMEDOUT", ETIMEDOUT },
	{ "EUSERS", EUSERS }, { "ERESTART", ERESTART }, { NULL, 0 }
};

static const struct fx_name fx_dom_flags[] = {
	{ "dying", XM_DOM_DYING }, { "hvm", XM_DOM_HVM },
	{ "blocked", XM_DOM_BLOCKED }, { "running", XM_DOM_RUNNING },
	{ "debugged", XM_DOM_DEBUGGED },
	{ "xs_domain", XM_DOM_XS_DOMAIN }, { "hap", XM_DOM_HAP },
	{ NULL, 0 }
};

static const struct fx_name fx_shutdown[] = {
	{ "no", 0 }, { "poweroff", 1 + XM_SHUTDOWN_POWEROFF },
	{ "reboot", 1 + XM_SHUTDOWN_REBOOT }, { "suspend", 1 + XM_SHUTDOWN_SUSPEND },
	{ "crash", 1 + XM_SHUTDOWN_CRASH }, { "watchdog", 1 + XM_SHUTDOWN_WATCHDOG },
	{ "soft_reset", 1 + XM_SHUTDOWN_SOFT_RESET }, { NULL, 0 }
};

static const struct fx_name fx_scheds[] = {
	{ "credit", XM_SCHED_CREDIT }, { "credit2", XM_SCHED_CREDIT2 },
	{ "arinc653", XM_SCHED_ARINC653 }, { "rtds", XM_SCHED_RTDS },
	{ "null", XM_SCHED_NULL }, { NULL, 0 }
};

/* Built-in schedulers, as bits of their ids. */
static const struct fx_name fx_sched_bits[] = {
	{ "credit", 1u << XM_SCHED_CREDIT }, { "credit2", 1u << XM_SCHED_CREDIT2 },
	{ "arinc653", 1u << XM_SCHED_ARINC653 }, { "rtds", 1u << XM_SCHED_RTDS },
	{ "null", 1u << XM_SCHED_NULL }, { NULL, 0 }
};

static const struct fx_name fx_con_kinds[] = {
	{ "none", 0 }, { "hvm", 1 }, { "pv", 2 }, { NULL, 0 }
};

/* Hypercalls and commands a fail line may name; add rows as the fake
 * learns more. */
static const struct fx_name fx_xenver_cmds[] = {
	{ "version", XM_XENVER_version }, { "extraversion", XM_XENVER_extraversion },
	{ "guest_handle", XM_XENVER_guest_handle }, { NULL, 0 }
};

static const struct fx_name fx_sysctl_cmds[] = {
	{ "readconsole", XM_SYSCTL_readconsole },
	{ "physinfo", XM_SYSCTL_physinfo },
	{ "getdomaininfolist", XM_SYSCTL_getdomaininfolist },
	{ "cpupool_op", XM_SYSCTL_cpupool_op },
	{ "scheduler_op", XM_SYSCTL_scheduler_op },
	{ "cpupool_create", FX_CPUPOOL_CMD(XM_SYSCTL_CPUPOOL_OP_CREATE) },
	{ "cpupool_destroy", FX_CPUPOOL_CMD(XM_SYSCTL_CPUPOOL_OP_DESTROY) },
	{ "cpupool_info", FX_CPUPOOL_CMD(XM_SYSCTL_CPUPOOL_OP_INFO) },
	{ "cpupool_addcpu", FX_CPUPOOL_CMD(XM_SYSCTL_CPUPOOL_OP_ADDCPU) },
	{ "cpupool_rmcpu", FX_CPUPOOL_CMD(XM_SYSCTL_CPUPOOL_OP_RMCPU) },
	{ "cpupool_movedomain", FX_CPUPOOL_CMD(XM_SYSCTL_CPUPOOL_OP_MOVEDOMAIN) },
	{ "cpupool_freeinfo", FX_CPUPOOL_CMD(XM_SYSCTL_CPUPOOL_OP_FREEINFO) },
	{ NULL, 0 }
};

static const struct fx_name fx_domctl_cmds[] = {
	{ "getdomaininfo", XM_DOMCTL_getdomaininfo },
	{ "pausedomain", XM_DOMCTL_pausedomain },
	{ "unpausedomain", XM_DOMCTL_unpausedomain },
	{ "setdomainhandle", XM_DOMCTL_setdomainhandle },
	{ "destroydomain", XM_DOMCTL_destroydomain },
	{ "getvcpuinfo", XM_DOMCTL_getvcpuinfo },
	{ "getvcpuaffinity", XM_DOMCTL_getvcpuaffinity },
	{ "setvcpuaffinity", XM_DOMCTL_setvcpuaffinity }, { NULL, 0 }
};

static const struct fx_name fx_sched_cmds[] = {
	{ "remote_shutdown", XM_SCHEDOP_remote_shutdown }, { NULL, 0 }
};

static const struct fx_name fx_hvm_cmds[] = {
	{ "get_param", XM_HVMOP_get_param }, { NULL, 0 }
};

static const struct fx_name fx_evtchn_cmds[] = {
	{ "status", XM_EVTCHNOP_status }, { NULL, 0 }
};

static const struct fx_hcall {
	const char *name;
	unsigned op;
	const struct fx_name *cmds;
} fx_hcalls[] = {
	{ "xen_version", XM_HC_xen_version, fx_xenver_cmds },
	{ "sysctl", XM_HC_sysctl, fx_sysctl_cmds },
	{ "domctl", XM_HC_domctl, fx_domctl_cmds },
	{ "hvm_op", XM_HC_hvm_op, fx_hvm_cmds },
	{ "event_channel_op", XM_HC_event_channel_op, fx_evtchn_cmds },
	{ "sched_op", XM_HC_sched_op, fx_sched_cmds },
	{ NULL, 0, NULL }
};

/* Tables whose rows start with a name, joined for "known: ..." hints. */
static const char *row_name(const void *tab, size_t stride, size_t i)
{
#ifdef __clang_analyzer__ /* it cannot see that every table row starts with a
			   * name pointer and every table ends in a NULL one:
			   * only the "known: ..." hint text depends on this */
	(void)tab, (void)stride, (void)i;
	return NULL;
#endif
	return *(const char *const *)((const char *)tab + i * stride);
}

static const char *known(char *buf, size_t n, const void *tab, size_t stride)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; row_name(tab, stride, i) && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
					i ? ", " : "", row_name(tab, stride, i));
	return buf;
}

static const struct fx_name *by_name(const struct fx_name *t, const char *s)
{
	for (; t->name; t++)
		if (!strcmp(t->name, s))
			return t;
	return NULL;
}

static const char *name_of(const struct fx_name *t, uint32_t v)
{
	for (; t->name; t++)
		if (t->val == v)
			return t->name;
	return NULL;
}

/* Decimal, or hex after 0x; nothing else (no sign, no octal, no junk). */
static int num(const char *s, uint64_t max, uint64_t *out)
{
	int base = 10;
	char *end;

	*out = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!isxdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	*out = strtoull(s, &end, base);
	return errno || *end || *out > max ? -1 : 0;
}

static int bad_num(struct fx_parse *p, const char *field, const char *v,
		   uint64_t min, uint64_t max)
{
	return bad(p, "%s: %s: '%s' is not a number from %llu to %llu",
		   p->what, field, v, (unsigned long long)min,
		   (unsigned long long)max);
}

static int bad_name(struct fx_parse *p, const char *field, const char *what,
		    const char *v, const struct fx_name *t)
{
	char k[400];

	return bad(p, "%s: %s: unknown %s '%s' (known: %s)", p->what, field,
		   what, v, known(k, sizeof(k), t, sizeof(*t)));
}

static uint64_t max_of(size_t size)
{
	return size >= 8 ? UINT64_MAX : (1ull << (8 * size)) - 1;
}

static void put(void *obj, const struct fx_field *f, uint64_t v)
{
	char *at = (char *)obj + f->off;
	uint8_t b = (uint8_t)v;
	uint16_t h = (uint16_t)v;
	uint32_t w = (uint32_t)v;

	switch (f->size) {
	case 1:
		memcpy(at, &b, 1);
		break;
	case 2:
		memcpy(at, &h, 2);
		break;
	case 4:
		memcpy(at, &w, 4);
		break;
	default:
		memcpy(at, &v, 8);
	}
}

static uint64_t get(const void *obj, const struct fx_field *f)
{
	const char *at = (const char *)obj + f->off;
	uint8_t b;
	uint16_t h;
	uint32_t w;
	uint64_t v;

	switch (f->size) {
	case 1:
		memcpy(&b, at, 1);
		return b;
	case 2:
		memcpy(&h, at, 2);
		return h;
	case 4:
		memcpy(&w, at, 4);
		return w;
	default:
		memcpy(&v, at, 8);
		return v;
	}
}

static int parse_flags(struct fx_parse *p, const struct fx_field *f,
		       const char *v, uint64_t old, uint64_t *out)
{
	uint32_t mask = 0, bits = 0;
	char buf[256], *save = NULL;

	for (const struct fx_name *t = f->names; t->name; t++)
		mask |= t->val;
	if (strcmp(v, "none")) {
		snprintf(buf, sizeof(buf), "%s", v);
		for (char *s = strtok_r(buf, ",", &save); s;
		     s = strtok_r(NULL, ",", &save)) {
			const struct fx_name *n = by_name(f->names, s);

			if (!n)
				return bad_name(p, f->name, "flag", s, f->names);
			bits |= n->val;
		}
	}
	*out = (old & ~(uint64_t)mask) | bits;
	return 0;
}

static int parse_cpus(struct fx_parse *p, const struct fx_field *f,
		      const char *v, uint64_t *out)
{
	char buf[256], *save = NULL;

	*out = 0;
	if (!strcmp(v, "none"))
		return 0;
	*out = ~0ull;
	if (!strcmp(v, "all"))
		return 0;
	*out = 0;
	snprintf(buf, sizeof(buf), "%s", v);
	for (char *s = strtok_r(buf, ",", &save); s;
	     s = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(s, '-');
		uint64_t a, b;

		if (dash)
			*dash = '\0';
		if (num(s, 63, &a) || num(dash ? dash + 1 : s, 63, &b) || b < a)
			return bad(p, "%s: %s: '%s' is not a cpu list such as 0-3,5 (cpus 0 to 63)",
				   p->what, f->name, v);
		for (; a <= b; a++)
			*out |= 1ull << a;
	}
	return 0;
}

static int set_named(struct fx_parse *p, const struct fx_field *f,
		     const struct fx_name *t, const char *what, const char *v,
		     uint64_t *x)
{
	const struct fx_name *n = by_name(t, v);

	if (!n)
		return bad_name(p, f->name, what, v, t);
	*x = n->val;
	return 0;
}

static const struct fx_name fx_bools[] = {
	{ "no", 0 }, { "yes", 1 }, { NULL, 0 }
};

static int set_field(struct fx_parse *p, void *obj, const struct fx_field *f,
		     const char *v)
{
	uint64_t x = 0;
	int r = 0;

	switch (f->type) {
	case FT_UINT:
	case FT_HEX:
		if (num(v, max_of(f->size), &x))
			return bad_num(p, f->name, v, 0, max_of(f->size));
		break;
	case FT_NTH:
		if (strcmp(v, "every") &&
		    (num(v, max_of(f->size), &x) || x == 0))
			return bad(p, "%s: %s: '%s' is neither every nor a number from 1",
				   p->what, f->name, v);
		break;
	case FT_BOOL:
		r = set_named(p, f, fx_bools, "value", v, &x);
		break;
	case FT_ENUM:
		r = set_named(p, f, f->names, "name", v, &x);
		break;
	case FT_ERRNO:
		r = set_named(p, f, fx_errnos, "errno name", v, &x);
		break;
	case FT_FLAGS:
		r = parse_flags(p, f, v, get(obj, f), &x);
		break;
	case FT_CPUS:
		r = parse_cpus(p, f, v, &x);
		break;
	case FT_UUID:
		if (xm_uuid_parse(v, (uint8_t *)obj + f->off))
			return bad(p, "%s: %s: '%s' is not a UUID (8-4-4-4-12 hex digits)",
				   p->what, f->name, v);
		return 0;
	case FT_CUSTOM:
		return f->set(p, obj, v);
	}
	if (!r)
		put(obj, f, x);
	return r;
}

/* Bits no name stands for are written in hex, which loading refuses. */
static void print_names(FILE *o, const struct fx_name *t, uint64_t v)
{
	const char *sep = "";

	if (!v)
		fputs("none", o);
	for (; t->name; t++)
		if (t->val && (v & t->val) == t->val) {
			fprintf(o, "%s%s", sep, t->name);
			sep = ",";
			v &= ~(uint64_t)t->val;
		}
	if (v)
		fprintf(o, "%s0x%llx", sep, (unsigned long long)v);
}

static void print_cpus(FILE *o, uint64_t m)
{
	const char *sep = "";

	if (!m)
		fputs("none", o);
	for (unsigned a = 0; a < 64; a++) {
		unsigned b = a;

		if (!(m & (1ull << a)))
			continue;
		while (b < 63 && (m & (1ull << (b + 1))))
			b++;
		fprintf(o, b > a ? "%s%u-%u" : "%s%u", sep, a, b);
		sep = ",";
		a = b;
	}
}

/* A value no table names is written as a number: loading it back fails,
 * loudly, instead of the save quietly dropping it. */
static void print_field(FILE *o, const void *obj, const struct fx_field *f)
{
	uint64_t x = f->type == FT_CUSTOM || f->type == FT_UUID ? 0 : get(obj, f);
	const char *n = NULL;
	char u[37];

	fprintf(o, " %s ", f->name);
	switch (f->type) {
	case FT_HEX:
		fprintf(o, "0x%llx", (unsigned long long)x);
		return;
	case FT_FLAGS:
		print_names(o, f->names, x);
		return;
	case FT_CPUS:
		print_cpus(o, x);
		return;
	case FT_UUID:
		xm_uuid_fmt((const uint8_t *)obj + f->off, u);
		fputs(u, o);
		return;
	case FT_CUSTOM:
		f->print(o, obj);
		return;
	case FT_NTH:
		n = x ? NULL : "every";
		break;
	case FT_BOOL:
		n = name_of(fx_bools, (uint32_t)x);
		break;
	case FT_ENUM:
		n = name_of(f->names, (uint32_t)x);
		break;
	case FT_ERRNO:
		n = name_of(fx_errnos, (uint32_t)x);
		break;
	case FT_UINT:
		break;
	}
	if (n)
		fputs(n, o);
	else
		fprintf(o, "%llu", (unsigned long long)x);
}

/* ---- keywords ---- */

static int key_num(struct fx_parse *p, const char *what, const char *s,
		   uint64_t max, uint64_t *out)
{
	if (num(s, max, out))
		return bad(p, "%s: %s '%s' is not a number from 0 to %llu",
			   p->what, what, s, (unsigned long long)max);
	return 0;
}

/* empty: no domains, pools, failures or console text (saved files start
 * with it, so that a domain gone is not brought back by the default). */
static void *find_empty(struct fx_parse *p, char **keys)
{
	(void)p;
	(void)keys;
	for (size_t i = 0; i < fx.ndom; i++)
		free(fx.dom[i].ring);
	fx.ndom = fx.npool = fx.nfail = fx.ncon = fx.nstep = 0;
	return &fx;
}

static void save_empty(FILE *f)
{
	fputs("empty\n", f);
}

static int set_version(struct fx_parse *p, void *obj, const char *v)
{
	struct fake_xen *x = obj;
	unsigned long a, b;
	char *end;

	a = strtoul(v, &end, 10);
	if (!isdigit((unsigned char)v[0]) || *end != '.' ||
	    !isdigit((unsigned char)end[1]))
		return bad(p, "%s: version: '%s' is not MAJOR.MINOR[EXTRA] (4.17.5, 4.23-unstable)",
			   p->what, v);
	b = strtoul(end + 1, &end, 10);
	if (a > 0xffff || b > 0xffff || strlen(end) >= sizeof(x->extra))
		return bad(p, "%s: version: '%s': out of range", p->what, v);
	x->major = (unsigned)a;
	x->minor = (unsigned)b;
	strcpy(x->extra, end);
	return 0;
}

static void print_version(FILE *f, const void *obj)
{
	const struct fake_xen *x = obj;

	fprintf(f, "%u.%u%s", x->major, x->minor, x->extra);
}

static int set_conring(struct fx_parse *p, void *obj, const char *v)
{
	uint64_t n;

	if (num(v, FX_CONRING_MAX, &n) || !n || (n & (n - 1)))
		return bad(p, "%s: conring_size: '%s' is not a power of two up to %u",
			   p->what, v, FX_CONRING_MAX);
	((struct fake_xen *)obj)->conring_size = (uint32_t)n;
	return 0;
}

static void print_conring(FILE *f, const void *obj)
{
	fprintf(f, "%u", ((const struct fake_xen *)obj)->conring_size);
}

static void *find_xen(struct fx_parse *p, char **keys)
{
	(void)p;
	(void)keys;
	return &fx;
}

static size_t one(void)
{
	return 1;
}

static const void *obj_xen(size_t i)
{
	(void)i;
	return &fx;
}

#define XF(n, t, m, nm) FIELD(n, t, struct fake_xen, m, nm)
static const struct fx_field fx_xen_fields[] = {
	CUSTOM("version", set_version, print_version),
	XF("domctl_interface", FT_HEX, domctl_if, NULL),
	XF("sysctl_interface", FT_HEX, sysctl_if, NULL),
	XF("self", FT_UINT, self, NULL),
	CUSTOM("conring_size", set_conring, print_conring),
	XF("sysctl_absent", FT_BOOL, sysctl_absent, NULL),
	XF("open_error", FT_ERRNO, open_err, NULL),
	XF("a653_corrupt", FT_BOOL, a653_corrupt, NULL),
	XF("handle_stuck", FT_BOOL, handle_stuck, NULL),
	XF("cpus", FT_UINT, ncpus, NULL),
	XF("schedulers", FT_FLAGS, scheds, fx_sched_bits),
	XF("moving_cpu", FT_UINT, moving_cpu, NULL),
	XF("moving_pool", FT_UINT, moving_pool, NULL),
	XF("rmcpu_again", FT_UINT, rmcpu_again, NULL),
	XF("dom_exc_held", FT_BOOL, dom_exc_held, NULL),
	XF("con_ring_held", FT_BOOL, con_ring_held, NULL),
	XF("evtchn_error", FT_ERRNO, evtchn_err, NULL),
	XF("con_cleared", FT_UINT, con_cleared, NULL),
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static void *find_pool(struct fx_parse *p, char **keys)
{
	struct fx_pool *pool;
	uint64_t id;

	if (key_num(p, "pool id", keys[0], UINT32_MAX, &id))
		return NULL;
	pool = fx_pool((uint32_t)id);
	if (pool)
		return pool;
	if (fx.npool == FX_MAX_POOLS) {
		bad(p, "%s: more than %d pools", p->what, FX_MAX_POOLS);
		return NULL;
	}
	pool = &fx.pool[fx.npool++];
	*pool = (struct fx_pool){ .id = (uint32_t)id };
	return pool;
}

static size_t count_pools(void)
{
	return fx.npool;
}

static const void *obj_pool(size_t i)
{
	return &fx.pool[i];
}

static void keys_pool(FILE *f, const void *obj)
{
	fprintf(f, " %u", ((const struct fx_pool *)obj)->id);
}

static const struct fx_field fx_pool_fields[] = {
	FIELD("sched", FT_ENUM, struct fx_pool, sched, fx_scheds),
	FIELD("cpus", FT_CPUS, struct fx_pool, cpus, NULL),
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static void *find_a653(struct fx_parse *p, char **keys)
{
	struct fx_pool *pool;
	uint64_t id;

	if (key_num(p, "pool id", keys[0], UINT32_MAX, &id))
		return NULL;
	pool = fx_pool((uint32_t)id);
	if (!pool) {
		bad(p, "%s: no pool %s (a pool line must come first)", p->what,
		    keys[0]);
		return NULL;
	}
	p->a653 = &pool->a653;
	p->entries = 0;
	return pool;
}

/* The first entry of a line starts the schedule afresh. */
static int set_entry(struct fx_parse *p, void *obj, const char *v)
{
	struct xm_a653_entry *e;

	(void)obj;
	if (!p->entries++)
		p->a653->n = 0;
	if (p->a653->n == XM_A653_MAX_ENTRIES)
		return bad(p, "%s: more than %d entries", p->what,
			   XM_A653_MAX_ENTRIES);
	e = &p->a653->e[p->a653->n++];
	*e = (struct xm_a653_entry){ .vcpu = 0 };
	if (xm_uuid_parse(v, e->handle))
		return bad(p, "%s: entry: '%s' is not a UUID (8-4-4-4-12 hex digits)",
			   p->what, v);
	return 0;
}

static int set_entry_num(struct fx_parse *p, const char *field,
			 const char *v, uint64_t max, uint64_t *out)
{
	if (!p->entries)
		return bad(p, "%s: %s before any entry", p->what, field);
	if (num(v, max, out))
		return bad_num(p, field, v, 0, max);
	return 0;
}

static int set_vcpu(struct fx_parse *p, void *obj, const char *v)
{
	uint64_t x = 0;
	int r = set_entry_num(p, "vcpu", v, UINT32_MAX, &x);

	(void)obj;
	if (!r)
		p->a653->e[p->a653->n - 1].vcpu = (uint32_t)x;
	return r;
}

static int set_runtime(struct fx_parse *p, void *obj, const char *v)
{
	uint64_t x = 0;
	int r = set_entry_num(p, "runtime_ns", v, INT64_MAX, &x);

	(void)obj;
	if (!r)
		p->a653->e[p->a653->n - 1].runtime_ns = x;
	return r;
}

static const struct fx_field fx_a653_fields[] = {
	FIELD("major_frame_ns", FT_UINT, struct fx_pool, a653.major_frame_ns,
	      NULL),
	CUSTOM("entry", set_entry, NULL),
	CUSTOM("vcpu", set_vcpu, NULL),
	CUSTOM("runtime_ns", set_runtime, NULL),
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static void save_a653(FILE *f)
{
	char u[37];

	for (size_t i = 0; i < fx.npool; i++) {
		const struct xm_a653 *s = &fx.pool[i].a653;

		if (!s->n && !s->major_frame_ns)
			continue;
		fprintf(f, "a653 %u major_frame_ns %llu", fx.pool[i].id,
			(unsigned long long)s->major_frame_ns);
		for (unsigned k = 0; k < s->n; k++) {
			xm_uuid_fmt(s->e[k].handle, u);
			fprintf(f, " entry %s vcpu %u runtime_ns %llu", u,
				s->e[k].vcpu,
				(unsigned long long)s->e[k].runtime_ns);
		}
		fputc('\n', f);
	}
}

static struct fx_dom *key_dom(struct fx_parse *p, const char *s, int make)
{
	struct fx_dom *d;
	uint64_t id;

	if (key_num(p, "domid", s, UINT16_MAX, &id))
		return NULL;
	d = fx_dom((uint16_t)id);
	if (d)
		return d;
	if (!make) {
		bad(p, "%s: no domain %s (a domain line must come first)",
		    p->what, s);
		return NULL;
	}
	if (fx.ndom == FX_MAX_DOMS) {
		bad(p, "%s: more than %d domains", p->what, FX_MAX_DOMS);
		return NULL;
	}
	d = &fx.dom[fx.ndom++];
	*d = (struct fx_dom){ .domid = (uint16_t)id };
	return d;
}

static void *find_domain(struct fx_parse *p, char **keys)
{
	return key_dom(p, keys[0], 1);
}

static void *find_console(struct fx_parse *p, char **keys)
{
	return key_dom(p, keys[0], 0);
}

static size_t count_doms(void)
{
	return fx.ndom;
}

static const void *obj_dom(size_t i)
{
	return &fx.dom[i];
}

static const void *obj_console(size_t i)
{
	return fx.dom[i].con_kind ? &fx.dom[i] : NULL;
}

static void keys_dom(FILE *f, const void *obj)
{
	fprintf(f, " %u", ((const struct fx_dom *)obj)->domid);
}

#define DF(n, t, m, nm) FIELD(n, t, struct fx_dom, m, nm)
static const struct fx_field fx_dom_fields[] = {
	DF("uuid", FT_UUID, handle, NULL),
	DF("pool", FT_UINT, pool, NULL),
	DF("vcpus", FT_UINT, vcpus, NULL),
	DF("pages", FT_UINT, pages, NULL),
	DF("max_pages", FT_UINT, maxpages, NULL),
	DF("flags", FT_FLAGS, flags, fx_dom_flags),
	DF("shutdown", FT_ENUM, shutdown, fx_shutdown),
	DF("pause_count", FT_UINT, pause, NULL),
	DF("cpu_time_ns", FT_UINT, cpu_time, NULL),
	DF("latched", FT_ENUM, latched, fx_shutdown),
	DF("defer_shutdown", FT_BOOL, defer, NULL),
	DF("destroyed", FT_BOOL, destroyed, NULL),
	DF("linger", FT_UINT, linger, NULL),
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct fx_field fx_console_fields[] = {
	DF("kind", FT_ENUM, con_kind, fx_con_kinds),
	DF("frame", FT_HEX, con_frame, NULL),
	DF("port", FT_UINT, con_port, NULL),
	DF("bound", FT_BOOL, con_bound, NULL),
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

/* vcpu DOMID N: one of the domain's vCPUs (its vcpus field counts them). */
static void *find_vcpu(struct fx_parse *p, char **keys)
{
	struct fx_dom *d = key_dom(p, keys[0], 0);
	uint64_t v;

	if (!d || key_num(p, "vcpu", keys[1], FX_MAX_VCPUS - 1, &v))
		return NULL;
	if (v >= d->vcpus) {
		bad(p, "%s: domain %s has %u vCPUs (its vcpus field)", p->what,
		    keys[0], d->vcpus);
		return NULL;
	}
	return &d->vcpu[v];
}

static size_t count_vcpus(void)
{
	return fx.ndom * FX_MAX_VCPUS;
}

static const void *obj_vcpu(size_t i)
{
	const struct fx_dom *d = &fx.dom[i / FX_MAX_VCPUS];

	return i % FX_MAX_VCPUS < d->vcpus ? &d->vcpu[i % FX_MAX_VCPUS] : NULL;
}

static void keys_vcpu(FILE *f, const void *obj)
{
	const struct fx_vcpu *v = obj;

	for (size_t i = 0; i < fx.ndom; i++)
		if (v >= fx.dom[i].vcpu && v < fx.dom[i].vcpu + FX_MAX_VCPUS)
			fprintf(f, " %u %u", fx.dom[i].domid,
				(unsigned)(v - fx.dom[i].vcpu));
}

/* Affinities are kept as the CPUs left out (fake_xen.h). */
static int set_aff(struct fx_parse *p, const char *name, const char *v,
		   uint64_t *out)
{
	struct fx_field f = { .name = name };
	uint64_t m;
	int r = parse_cpus(p, &f, v, &m);

	if (!r)
		*out = ~m;
	return r;
}

static int set_hard(struct fx_parse *p, void *obj, const char *v)
{
	return set_aff(p, "hard", v, &((struct fx_vcpu *)obj)->hard_out);
}

static int set_soft(struct fx_parse *p, void *obj, const char *v)
{
	return set_aff(p, "soft", v, &((struct fx_vcpu *)obj)->soft_out);
}

static void print_hard(FILE *f, const void *obj)
{
	print_cpus(f, ~((const struct fx_vcpu *)obj)->hard_out);
}

static void print_soft(FILE *f, const void *obj)
{
	print_cpus(f, ~((const struct fx_vcpu *)obj)->soft_out);
}

#define VF(n, t, m) FIELD(n, t, struct fx_vcpu, m, NULL)
static const struct fx_field fx_vcpu_fields[] = {
	CUSTOM("hard", set_hard, print_hard),
	CUSTOM("soft", set_soft, print_soft),
	VF("cpu", FT_UINT, cpu),
	VF("offline", FT_BOOL, offline),
	VF("running", FT_BOOL, running),
	VF("blocked", FT_BOOL, blocked),
	VF("time_ns", FT_UINT, time),
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static void *find_fail(struct fx_parse *p, char **keys)
{
	const struct fx_hcall *h = fx_hcalls;
	const struct fx_name *c;
	char k[400];

	while (h->name && strcmp(h->name, keys[0]))
		h++;
	if (!h->name) {
		bad(p, "fail: unknown hypercall '%s' (known: %s)", keys[0],
		    known(k, sizeof(k), fx_hcalls, sizeof(*fx_hcalls)));
		return NULL;
	}
	c = by_name(h->cmds, keys[1]);
	if (!c) {
		bad(p, "fail: unknown %s command '%s' (known: %s)", h->name,
		    keys[1], known(k, sizeof(k), h->cmds, sizeof(*h->cmds)));
		return NULL;
	}
	if (fx.nfail == FX_MAX_FAILS) {
		bad(p, "fail: more than %d fail lines", FX_MAX_FAILS);
		return NULL;
	}
	fx.fail[fx.nfail] = (struct fx_fail){ .op = h->op, .cmd = c->val };
	return &fx.fail[fx.nfail++];
}

static int check_fail(struct fx_parse *p, void *obj)
{
	if (!((struct fx_fail *)obj)->err)
		return bad(p, "%s: needs errno NAME", p->what);
	return 0;
}

static size_t count_fails(void)
{
	return fx.nfail;
}

static const void *obj_fail(size_t i)
{
	return &fx.fail[i];
}

static void keys_fail(FILE *f, const void *obj)
{
	const struct fx_fail *fl = obj;
	const struct fx_hcall *h = fx_hcalls;
	const char *c = NULL;

	while (h->name && h->op != fl->op)
		h++;
	if (h->name)
		c = name_of(h->cmds, fl->cmd);
	if (c)
		fprintf(f, " %s %s", h->name, c);
	else
		fprintf(f, " %u %u", fl->op, fl->cmd); /* refused at load */
}

static const struct fx_field fx_fail_fields[] = {
	FIELD("errno", FT_ERRNO, struct fx_fail, err, NULL),
	FIELD("nth", FT_NTH, struct fx_fail, nth, NULL),
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static int con_text(struct fx_parse *p, const char *t, int later)
{
	if (fx.ncon == FX_CON_LINES)
		return bad(p, "more than %d conline and conlater lines",
			   FX_CON_LINES);
	if (strlen(t) >= sizeof(fx.con_text[0]))
		return bad(p, "%s: longer than %zu characters",
			   later ? "conlater" : "conline",
			   sizeof(fx.con_text[0]) - 1);
	strcpy(fx.con_text[fx.ncon], t);
	fx.con_later[fx.ncon++] = later;
	return 0;
}

static int text_conline(struct fx_parse *p, const char *t)
{
	return con_text(p, t, 0);
}

static int text_conlater(struct fx_parse *p, const char *t)
{
	return con_text(p, t, 1);
}

static void save_con(FILE *f)
{
	for (size_t i = 0; i < fx.ncon; i++)
		fprintf(f, "%s %s\n", fx.con_later[i] ? "conlater" : "conline",
			fx.con_text[i]);
}

static const struct fx_field fx_no_fields[] = {
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

/* gone DOMID: the domain is no longer in Xen's list (freed). */
static void *find_gone(struct fx_parse *p, char **keys)
{
	struct fx_dom *d = key_dom(p, keys[0], 0);
	size_t i;

	if (!d || p->dry)
		return d;
	i = (size_t)(d - fx.dom);
	free(d->ring);
	memmove(d, d + 1, (fx.ndom - i - 1) * sizeof(*d));
	fx.ndom--;
	return &fx;
}

static int do_line(struct fx_parse *p, char *s);

/*
 * A step's line must load now, not fail the run that reaches it: it is
 * applied to fx here and fx is put back (steps may not empty the system
 * or load a file, which a copy cannot undo).
 */
static int check_step(struct fx_parse *p, const char *line)
{
	struct fake_xen *saved = malloc(sizeof(fx));
	char buf[sizeof(fx.step[0].line)];
	size_t kw = strcspn(line, " \t");
	int r;

	if ((kw == 5 && !strncmp(line, "empty", 5)) ||
	    (kw == 4 && !strncmp(line, "step", 4)) ||
	    (kw == 12 && !strncmp(line, "hypfs_config", 12))) {
		free(saved);
		return bad(p, "step: '%.*s' cannot be a step", (int)kw, line);
	}
	if (!saved)
		return bad(p, "step: out of memory");
	memcpy(saved, &fx, sizeof(fx));
	snprintf(buf, sizeof(buf), "%s", line);
	p->dry = 1;
	r = do_line(p, buf);
	p->dry = 0;
	memcpy(&fx, saved, sizeof(fx));
	free(saved);
	return r;
}

/* "step list N LINE" or "step event LINE" (see fake_xen.h). */
static int text_step(struct fx_parse *p, const char *t)
{
	struct fx_step st = { .srcline = p->line };
	size_t len = strcspn(t, " \t");
	char num_s[16];
	uint64_t n;

	if (len == 5 && !strncmp(t, "event", 5)) {
		st.kind = FX_STEP_EVENT;
	} else if (len == 4 && !strncmp(t, "list", 4)) {
		st.kind = FX_STEP_LIST;
		t += len + strspn(t + len, " \t");
		len = strcspn(t, " \t");
		snprintf(num_s, sizeof(num_s), "%.*s", (int)len, t);
		if (len >= sizeof(num_s) || num(num_s, UINT32_MAX, &n) || !n)
			return bad(p, "step list: '%.*s' is not a call count from 1",
				   (int)len, t);
		st.n = (unsigned)n;
	} else {
		return bad(p, "step: '%.*s' is neither list N nor event",
			   (int)len, t);
	}
	t += len + strspn(t + len, " \t");
	if (strlen(t) >= sizeof(st.line))
		return bad(p, "step: longer than %zu characters",
			   sizeof(st.line) - 1);
	if (fx.nstep == FX_MAX_STEPS)
		return bad(p, "more than %d step lines", FX_MAX_STEPS);
	strcpy(st.line, t);
	fx.step[fx.nstep++] = st;
	return check_step(p, t);
}

/* Only steps still to come are saved: one that happened stays done. */
static void save_steps(FILE *f)
{
	for (size_t i = 0; i < fx.nstep; i++) {
		const struct fx_step *st = &fx.step[i];

		if (st->done)
			continue;
		if (st->kind == FX_STEP_LIST)
			fprintf(f, "step list %u %s\n", st->n, st->line);
		else
			fprintf(f, "step event %s\n", st->line);
	}
}

static void run_step(struct fx_step *st)
{
	struct fx_parse p = { .name = "step", .line = st->srcline };
	char buf[sizeof(st->line)], err[512];

	p.err = err;
	p.errlen = sizeof(err);
	st->done = 1;
	snprintf(buf, sizeof(buf), "%s", st->line);
	if (do_line(&p, buf)) {
		fprintf(stderr, "xenmin-fake: %s (the state file's line %u)\n",
			err, st->srcline);
		exit(FX_EXIT_STATE);
	}
}

void fx_steps_run(int kind)
{
	for (size_t i = 0; i < fx.nstep; i++) {
		struct fx_step *st = &fx.step[i];

		if (st->done || st->kind != kind)
			continue;
		if (kind == FX_STEP_EVENT) {
			run_step(st);
			return;
		}
		if (st->n <= fx.nlists)
			run_step(st);
	}
}

int fx_step_event_pending(void)
{
	for (size_t i = 0; i < fx.nstep; i++)
		if (!fx.step[i].done && fx.step[i].kind == FX_STEP_EVENT)
			return 1;
	return 0;
}

/* The syntax. The order is the order of a saved file. */
/* "hypfs absent|denied|present": how hypfs answers (fake_xen.c's block). */
static int text_hypfs(struct fx_parse *p, const char *t)
{
	if (!strcmp(t, "absent"))
		fx.hypfs.err = ENOSYS;
	else if (!strcmp(t, "denied"))
		fx.hypfs.err = EPERM;
	else if (!strcmp(t, "present"))
		fx.hypfs.err = 0;
	else
		return bad(p, "hypfs: '%s' is not absent, denied or present", t);
	return 0;
}

/* "hypfs_config GZIP_FILE": served as /buildinfo/config. */
static int text_hypfs_config(struct fx_parse *p, const char *t)
{
	int r = fx_hypfs_config(t);

	return r ? bad(p, "hypfs_config: %s: %s", t, strerror(-r)) : 0;
}

static void save_hypfs(FILE *f)
{
	if (fx.hypfs.err)
		fprintf(f, "hypfs %s\n",
			fx.hypfs.err == ENOSYS ? "absent" : "denied");
	if (fx.hypfs.gz && fx.hypfs.path[0])
		fprintf(f, "hypfs_config %s\n", fx.hypfs.path);
}

static const struct fx_kw fx_kws[] = {
	{ .name = "empty", .find = find_empty, .fields = fx_no_fields,
	  .save = save_empty },
	{ .name = "xen", .find = find_xen, .fields = fx_xen_fields,
	  .count = one, .obj = obj_xen },
	{ .name = "pool", .keys_help = "POOL_ID", .nkeys = 1,
	  .find = find_pool, .fields = fx_pool_fields, .count = count_pools,
	  .obj = obj_pool, .keys = keys_pool },
	{ .name = "a653", .keys_help = "POOL_ID", .nkeys = 1,
	  .find = find_a653, .fields = fx_a653_fields, .save = save_a653 },
	{ .name = "domain", .keys_help = "DOMID", .nkeys = 1,
	  .find = find_domain, .fields = fx_dom_fields, .count = count_doms,
	  .obj = obj_dom, .keys = keys_dom },
	{ .name = "console", .keys_help = "DOMID", .nkeys = 1,
	  .find = find_console, .fields = fx_console_fields,
	  .count = count_doms, .obj = obj_console, .keys = keys_dom },
	{ .name = "vcpu", .keys_help = "DOMID VCPU", .nkeys = 2,
	  .find = find_vcpu, .fields = fx_vcpu_fields, .count = count_vcpus,
	  .obj = obj_vcpu, .keys = keys_vcpu },
	{ .name = "fail", .keys_help = "HYPERCALL COMMAND", .nkeys = 2,
	  .find = find_fail, .fields = fx_fail_fields, .check = check_fail,
	  .count = count_fails, .obj = obj_fail, .keys = keys_fail },
	{ .name = "conline", .text = text_conline, .save = save_con },
	{ .name = "conlater", .text = text_conlater },
	{ .name = "hypfs", .text = text_hypfs, .save = save_hypfs },
	{ .name = "hypfs_config", .text = text_hypfs_config },
	{ .name = "gone", .keys_help = "DOMID", .nkeys = 1, .find = find_gone,
	  .fields = fx_no_fields },
	{ .name = "step", .text = text_step, .save = save_steps },
	{ .name = NULL }
};

/* ---- lines and files ---- */

static const struct fx_field *find_field(const struct fx_field *t,
					 const char *s)
{
	for (; t->name; t++)
		if (!strcmp(t->name, s))
			return t;
	return NULL;
}

static int do_fields(struct fx_parse *p, const struct fx_kw *kw, void *obj,
		     char **w, size_t n)
{
	char k[400];

	for (size_t i = 0; i < n; i += 2) {
		const struct fx_field *f = find_field(kw->fields, w[i]);
		int r;

		if (!f)
			return bad(p, "%s: unknown field '%s' (known: %s)",
				   p->what, w[i],
				   known(k, sizeof(k), kw->fields,
					 sizeof(*kw->fields)));
		if (i + 1 == n)
			return bad(p, "%s: %s: no value", p->what, w[i]);
		r = set_field(p, obj, f, w[i + 1]);
		if (r)
			return r;
	}
	return kw->check ? kw->check(p, obj) : 0;
}

static int do_line(struct fx_parse *p, char *s)
{
	char *w[FX_MAX_WORDS] = { 0 }, *save = NULL, k[400];
	const struct fx_kw *kw = fx_kws;
	size_t n = 0, len;
	void *obj;

	s += strspn(s, " \t");
	if (!*s || *s == '#')
		return 0;
	len = strcspn(s, " \t");
	while (kw->name && (strlen(kw->name) != len || strncmp(kw->name, s, len)))
		kw++;
	if (!kw->name)
		return bad(p, "unknown keyword '%.*s' (known: %s)", (int)len, s,
			   known(k, sizeof(k), fx_kws, sizeof(*fx_kws)));
	if (kw->text)
		return kw->text(p, s[len] ? s + len + 1 : s + len);
	for (char *t = strtok_r(s, " \t", &save); t;
	     t = strtok_r(NULL, " \t", &save)) {
		if (n == FX_MAX_WORDS)
			return bad(p, "more than %d words", FX_MAX_WORDS);
		w[n++] = t;
	}
	if (n < 1 + kw->nkeys)
		return bad(p, "%s: needs %s", kw->name, kw->keys_help);
	len = (size_t)snprintf(p->what, sizeof(p->what), "%s", w[0]);
	for (size_t i = 1; i <= kw->nkeys && len < sizeof(p->what); i++)
		len += (size_t)snprintf(p->what + len, sizeof(p->what) - len,
					" %s", w[i]);
	if (n > 1 + kw->nkeys && !kw->fields->name)
		return bad(p, "%s: takes no fields, not '%s'", p->what,
			   w[1 + kw->nkeys]);
	obj = kw->find(p, w + 1);
	if (!obj)
		return -EINVAL;
	return do_fields(p, kw, obj, w + 1 + kw->nkeys, n - 1 - kw->nkeys);
}

/* Xen's console ring holds the conline lines at boot, as printk left them. */
static void con_rebuild(void)
{
	fx.conp = fx.conc = 0;
	fx.con_next = 0;
	for (size_t i = 0; i < fx.ncon; i++)
		if (!fx.con_later[i]) {
			fx_con_write(fx.con_text[i], strlen(fx.con_text[i]));
			fx_con_write("\n", 1);
		}
	/* A clear of an earlier run (dmesg --clear) stays done. */
	if (fx.con_cleared > fx.conc)
		fx.conc = fx.con_cleared < fx.conp ? fx.con_cleared : fx.conp;
}

int fx_load_stream(FILE *f, const char *name, char *err, size_t errlen)
{
	struct fx_parse p = { .name = name, .err = err, .errlen = errlen };
	char line[FX_LINE_MAX];
	int r = 0;

	while (!r && fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		p.line++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		else if (!feof(f))
			return bad(&p, "longer than %d bytes", FX_LINE_MAX - 2);
		r = do_line(&p, line);
	}
	if (!r && ferror(f))
		r = bad(&p, "read error");
	if (!r)
		con_rebuild();
	return r;
}

int fx_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	int r;

	if (!f) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
		return r;
	}
	fx_reset();
	r = fx_load_stream(f, path, err, errlen);
	fclose(f);
	return r;
}

void fx_save_stream(FILE *f)
{
	for (const struct fx_kw *kw = fx_kws; kw->name; kw++) {
		if (kw->save)
			kw->save(f);
		for (size_t i = 0; !kw->save && kw->count && i < kw->count();
		     i++) {
			const void *o = kw->obj(i);

			if (!o)
				continue;
			fputs(kw->name, f);
			if (kw->keys)
				kw->keys(f, o);
			for (const struct fx_field *fl = kw->fields; fl->name;
			     fl++)
				print_field(f, o, fl);
			fputc('\n', f);
		}
	}
}

int fx_save(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fx_save_stream(f);
	return fclose(f) ? -errno : 0;
}
