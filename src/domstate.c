// SPDX-License-Identifier: MIT
/*
 * Domain states and wait conditions (see domstate.h): the flags of a
 * getdomaininfo record reduced to a domain's life, the rules saying when a
 * condition is met or can never be met any more, and the UTC timestamps of
 * watch's lines (the civil calendar from a day count, so that no libc time
 * zone code comes along).
 */
#include <string.h>

#include "domstate.h"
#include "parse.h"
#include "xio.h"
#include "xm_abi.h"

const char *xm_nth(const char *list, unsigned n)
{
	while (n--)
		list += strlen(list) + 1;
	return list;
}

enum xm_life xm_life_of(int listed, uint32_t f)
{
	if (!listed)
		return XM_LIFE_GONE;
	if (f & XM_DOM_DYING)
		return XM_LIFE_DYING;
	if (f & XM_DOM_SHUTDOWN)
		return XM_LIFE_SHUTDOWN;
	return (f & XM_DOM_PAUSED) ? XM_LIFE_PAUSED : XM_LIFE_RUNNING;
}

unsigned xm_life_key(int listed, uint32_t f)
{
	enum xm_life s = xm_life_of(listed, f);

	/* A live domain reads all ones as its reason: only shut down counts. */
	if (s != XM_LIFE_SHUTDOWN)
		return s;
	return s | XM_DOM_SHUTDOWN_CODE(f) << 8;
}

const char *xm_life_name(enum xm_life s)
{
	return xm_nth("gone\0running\0paused\0shutdown\0dying", s);
}

const char *xm_reason_name(unsigned code)
{
	return xm_nth("poweroff\0reboot\0suspend\0crash\0watchdog\0soft_reset\0"
		      "unknown", code < 6 ? code : 6);
}

/* One string, so that help texts and usage errors print it whole. */
const char xm_cond_list[] = "exists|running|paused|shutdown|crashed|gone";

int xm_cond_parse(const char *s)
{
	for (int i = 0; i < XM_COND_COUNT; i++)
		if (!strcmp(s, xm_cond_name((enum xm_cond)i)))
			return i;
	return -1;
}

const char *xm_cond_name(enum xm_cond c)
{
	return xm_nth("exists\0running\0paused\0shutdown\0crashed\0gone", c);
}

/*
 * Shut down for good: Xen can resume a domain it shut down (the toolstack
 * does so after a suspend, and after a soft reset), so only those two
 * reasons leave the way back open.
 */
static int final_shutdown(uint32_t f)
{
	unsigned r = XM_DOM_SHUTDOWN_CODE(f);

	return r != XM_SHUTDOWN_SUSPEND && r != XM_SHUTDOWN_SOFT_RESET;
}

enum xm_verdict xm_cond_check(enum xm_cond c, int listed, uint32_t f,
			      int seen)
{
	enum xm_life s = xm_life_of(listed, f);

	if (c == XM_COND_GONE)
		return s == XM_LIFE_GONE ? XM_MET : XM_NOT_YET;
	if (c == XM_COND_EXISTS)
		return s == XM_LIFE_GONE || s == XM_LIFE_DYING ? XM_NOT_YET
							       : XM_MET;
	/* Running, paused, shutdown, crashed: over once dying or gone. */
	if (s == XM_LIFE_DYING || (s == XM_LIFE_GONE && seen))
		return XM_NEVER;
	if (s == XM_LIFE_GONE)
		return XM_NOT_YET;
	switch (c) {
	case XM_COND_RUNNING:
	case XM_COND_PAUSED:
		if (s == XM_LIFE_SHUTDOWN)
			return final_shutdown(f) ? XM_NEVER : XM_NOT_YET;
		return (s == XM_LIFE_RUNNING) == (c == XM_COND_RUNNING)
			       ? XM_MET
			       : XM_NOT_YET;
	case XM_COND_SHUTDOWN:
		return s == XM_LIFE_SHUTDOWN ? XM_MET : XM_NOT_YET;
	default: /* crashed */
		if (s != XM_LIFE_SHUTDOWN)
			return XM_NOT_YET;
		if (XM_DOM_SHUTDOWN_CODE(f) == XM_SHUTDOWN_CRASH)
			return XM_MET;
		return final_shutdown(f) ? XM_NEVER : XM_NOT_YET;
	}
}

/* Year, month, day of day @z after 1970-01-01 (proleptic Gregorian). */
static void civil(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	uint32_t doe, yoe, doy, mp; /* within an era: small, never negative */

	z += 719468; /* days from 0000-03-01, so leap days end a year */
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (uint32_t)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

void xm_utc_fmt(int64_t ms, char out[25])
{
	int64_t days = ms / 86400000, y;
	int64_t rest = ms % 86400000;
	unsigned m, d, s;

	if (rest < 0) {
		rest += 86400000;
		days--;
	}
	civil(days, &y, &m, &d);
	/* 0 to 86399999 now: 32-bit divisions */
	s = (unsigned)rest / 1000;
	xm_snprintf(out, 25, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ",
		    (unsigned)y % 10000, m, d, s / 3600, s / 60 % 60, s % 60,
		    (unsigned)rest % 1000);
}
