// SPDX-License-Identifier: MIT
/*
 * Reading Xen's .config (see xencfg.h): a line scan, exact names only
 * (SCHED_CREDIT is not SCHED_CREDIT2), for one option or, in one pass
 * (3.4 KB of text, 14 options: one pass each cost 2.6 ms under
 * emulation), for the capability summary built from enum xm_cap.
 */
#include <string.h>

#include "parse.h"
#include "xencfg.h"

/*
 * One line @l (@ll bytes, no newline) of a .config: the option it names
 * (*@name, *@nl; 0 if none), its value (*@v, *@vl; NULL for "is not
 * set") and what it says.
 */
static enum xm_kval kline(const char *l, size_t ll, const char **name,
			  size_t *nl, const char **v, size_t *vl)
{
	const char *eq;

	*nl = 0;
	if (ll > 7 && !memcmp(l, "CONFIG_", 7) &&
	    (eq = xm_memchr(l + 7, '=', ll - 7))) {
		*name = l + 7;
		*nl = (size_t)(eq - *name);
		*v = eq + 1;
		*vl = ll - 8 - *nl;
		return *vl == 1 && **v == 'y' ? XM_K_YES :
		       *vl == 1 && **v == 'n' ? XM_K_NO : XM_K_VALUE;
	}
	if (ll > 20 && !memcmp(l, "# CONFIG_", 9) &&
	    !memcmp(l + ll - 11, " is not set", 11)) {
		*name = l + 9;
		*nl = ll - 20;
		*v = NULL;
		*vl = 0;
		return XM_K_NO;
	}
	return XM_K_ABSENT;
}

/* Calls @fn for every option line of @t, in order (the last one counts). */
static void klines(const char *t, size_t n,
		   void (*fn)(void *arg, const char *name, size_t nl,
			      enum xm_kval r, const char *v, size_t vl),
		   void *arg)
{
	size_t i = 0;

	while (i < n) {
		const char *l = t + i, *e = xm_memchr(l, '\n', n - i), *nm, *v;
		size_t ll = e ? (size_t)(e - l) : n - i, nl, vl;
		enum xm_kval r = kline(l, ll, &nm, &nl, &v, &vl);

		i += ll + 1;
		if (nl)
			fn(arg, nm, nl, r, v, vl);
	}
}

struct kone {
	const char *name;
	size_t nl;
	enum xm_kval r;
	const char **val;
	size_t *vlen;
};

static void kone_fn(void *arg, const char *name, size_t nl, enum xm_kval r,
		    const char *v, size_t vl)
{
	struct kone *k = arg;

	if (nl != k->nl || memcmp(name, k->name, nl))
		return;
	k->r = r;
	if (k->val && v) {
		*k->val = v;
		*k->vlen = vl;
	}
}

enum xm_kval xm_kconfig(const char *t, size_t n, const char *name,
			const char **val, size_t *vlen)
{
	struct kone k = { name, strlen(name), XM_K_ABSENT, val, vlen };

	klines(t, n, kone_fn, &k);
	return k.r;
}

/* In enum xm_cap order. */
static const char names[] = "SCHED_CREDIT\0SCHED_CREDIT2\0SCHED_ARINC653\0"
			    "SCHED_RTDS\0SCHED_NULL\0BOOT_TIME_CPUPOOLS\0"
			    "SYSCTL\0XSM\0XSM_FLASK\0XSM_SILO\0"
			    "XSM_FLASK_DEFAULT\0XSM_SILO_DEFAULT\0HYPFS";

const char *xm_cap_name(enum xm_cap o)
{
	const char *p = names;

	while (o-- > 0)
		p += strlen(p) + 1;
	return p;
}

/* One line's option, if it is one of them. */
static void caps_fn(void *arg, const char *name, size_t nl, enum xm_kval r,
		    const char *v, size_t vl)
{
	struct xm_caps *c = arg;
	const char *p = names;

	if (nl == 13 && !memcmp(name, "SCHED_DEFAULT", 13)) {
		/* A string option: CONFIG_SCHED_DEFAULT="credit2". */
		c->sched_default[0] = '\0';
		if (r == XM_K_VALUE && vl >= 2 && v[0] == '"' &&
		    v[vl - 1] == '"' && vl - 2 < sizeof(c->sched_default)) {
			memcpy(c->sched_default, v + 1, vl - 2);
			c->sched_default[vl - 2] = '\0';
		}
		return;
	}
	for (int i = 0; i < XM_CAP_N; i++, p += strlen(p) + 1)
		if (strlen(p) == nl && !memcmp(p, name, nl)) {
			c->v[i] = (uint8_t)r;
			return;
		}
}

void xm_caps_parse(const char *t, size_t n, struct xm_caps *c)
{
	memset(c->v, XM_K_ABSENT, sizeof(c->v));
	c->sched_default[0] = '\0';
	klines(t, n, caps_fn, c);
}

int xm_cap_has(const struct xm_caps *c, enum xm_cap o)
{
	if (o == XM_CAP_SYSCTL && c->v[o] == XM_K_ABSENT)
		return 1;
	return c->v[o] == XM_K_YES;
}

const char *xm_caps_xsm_default(const struct xm_caps *c)
{
	if (xm_cap_has(c, XM_CAP_XSM)) {
		if (xm_cap_has(c, XM_CAP_XSM_FLASK_DEFAULT))
			return "flask";
		if (xm_cap_has(c, XM_CAP_XSM_SILO_DEFAULT))
			return "silo";
	}
	return "dummy";
}
