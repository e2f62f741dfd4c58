// SPDX-License-Identifier: MIT
/*
 * CPU lists in xl's syntax (see cpulist.h): a strict reader that names the
 * column of the first thing it cannot take, and the printer of CPU masks
 * in xl's form, so that xenmin's affinities read as `xl vcpu-list`'s do.
 */
#include <errno.h>
#include <string.h>

#include "cpulist.h"
#include "msg.h"
#include "parse.h"
#include "xio.h"

static int bad(struct xm_cpulist_err *e, const char *s, const char *at,
	       const char *why)
{
	e->col = (unsigned)(at - s) + 1;
	e->why = why;
	return -EINVAL;
}

/* Digits at *@p; a number too long to be a CPU reads as a large one. */
static int num(const char **p, unsigned *v)
{
	const char *q = *p;

	*v = 0;
	for (; *q >= '0' && *q <= '9'; q++)
		*v = *v > 99999 ? *v : *v * 10 + (unsigned)(*q - '0');
	if (q == *p)
		return -1;
	*p = q;
	return 0;
}

int xm_cpulist_parse(const char *s, unsigned ncpus, uint64_t *out,
		     struct xm_cpulist_err *e)
{
	const char *p = s;
	uint64_t m = 0;

	e->range = 0;
	for (;;) {
		const char *item = p;
		int neg = *p == '^';
		unsigned a, b;
		uint64_t r;

		p += neg;
		if (xm_strneq(p, "all", 3) && (p[3] == ',' || !p[3])) {
			if (neg)
				return bad(e, s, item, XM_MSG(m_cpu_all_away, "^all would take every CPU away"));
			r = xm_cpus_upto(ncpus);
			p += 3;
		} else {
			if (num(&p, &a))
				goto what;
			b = a;
			if (*p == '-') {
				p++;
				if (num(&p, &b))
					goto what;
				if (b < a)
					return bad(e, s, item,
						   XM_MSG(m_cpu_range_back, "the range ends before it starts"));
			}
			if (*p && *p != ',')
				goto what;
			if (b >= ncpus) {
				e->range = 1;
				return bad(e, s, item, XM_MSG(m_cpu_no_cpu, "no such CPU on this host"));
			}
			r = xm_cpus_upto(b + 1) & ~xm_cpus_upto(a);
		}
		m = neg ? m & ~r : m | r;
		if (!*p)
			break;
		p++; /* the comma */
	}
	*out = m;
	return 0;
what:
	/* one place for the three ways of it */
	return bad(e, s, p, XM_MSG(m_cpu_what, "expected a CPU number, a range N-M or all"));
}

char *xm_cpulist_fmt(uint64_t m, unsigned ncpus, char *buf, size_t len)
{
	size_t o = 0;

	if (ncpus)
		m &= xm_cpus_upto(ncpus);
	if (ncpus && m == xm_cpus_upto(ncpus)) {
		xm_snprintf(buf, len, "all");
		return buf;
	}
	xm_snprintf(buf, len, "none");
	for (unsigned i = 0; i < 64 && o + 8 < len; i++) {
		unsigned j = i;

		if (!(m & (1ull << i)))
			continue;
		while (j < 63 && (m & (1ull << (j + 1))))
			j++;
		o += (size_t)xm_snprintf(buf + o, len - o, o ? ",%u" : "%u", i);
		if (j > i)
			o += (size_t)xm_snprintf(buf + o, len - o, "-%u", j);
		i = j;
	}
	return buf;
}
