// SPDX-License-Identifier: MIT
/*
 * Reading Xen's .config (see xencfg.h): a line scan for one option at a
 * time, exact names only (SCHED_CREDIT is not SCHED_CREDIT2), and the
 * capability summary built from the options in enum xm_cap.
 */
#include <string.h>

#include "xencfg.h"

enum xm_kval xm_kconfig(const char *t, size_t n, const char *name,
			const char **val, size_t *vlen)
{
	size_t nl = strlen(name), i = 0;
	enum xm_kval r = XM_K_ABSENT;

	while (i < n) {
		const char *l = t + i, *e = memchr(l, '\n', n - i);
		size_t ll = e ? (size_t)(e - l) : n - i;

		i += ll + 1;
		if (ll > 7 + nl && !memcmp(l, "CONFIG_", 7) &&
		    !memcmp(l + 7, name, nl) && l[7 + nl] == '=') {
			const char *v = l + 8 + nl;
			size_t vl = ll - 8 - nl;

			r = vl == 1 && *v == 'y' ? XM_K_YES :
			    vl == 1 && *v == 'n' ? XM_K_NO : XM_K_VALUE;
			if (val) {
				*val = v;
				*vlen = vl;
			}
		} else if (ll == 20 + nl && !memcmp(l, "# CONFIG_", 9) &&
			   !memcmp(l + 9, name, nl) &&
			   !memcmp(l + 9 + nl, " is not set", 11)) {
			r = XM_K_NO;
		}
	}
	return r;
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

void xm_caps_parse(const char *t, size_t n, struct xm_caps *c)
{
	const char *v;
	size_t vl;

	for (int i = 0; i < XM_CAP_N; i++)
		c->v[i] = (uint8_t)xm_kconfig(t, n, xm_cap_name(i), NULL, NULL);
	c->sched_default[0] = '\0';
	/* A string option: CONFIG_SCHED_DEFAULT="credit2". */
	if (xm_kconfig(t, n, "SCHED_DEFAULT", &v, &vl) == XM_K_VALUE &&
	    vl >= 2 && v[0] == '"' && v[vl - 1] == '"' &&
	    vl - 2 < sizeof(c->sched_default)) {
		memcpy(c->sched_default, v + 1, vl - 2);
		c->sched_default[vl - 2] = '\0';
	}
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
