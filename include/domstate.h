// SPDX-License-Identifier: MIT
/*
 * A domain's life as `domain wait` and `domain watch` see it, read from
 * the flags of its getdomaininfo record: one of five states (the shutdown
 * state with Xen's reason), the conditions wait takes, and which states
 * make a condition unreachable. The r and b letters are left out: they
 * say whether a vCPU is on a CPU at the instant of the call, which flips
 * many times a second, not what the domain's life is. Also the UTC time
 * format of watch's lines. Pure: no Xen, no printing, so the unit tests
 * check every rule directly.
 */
#ifndef XM_DOMSTATE_H
#define XM_DOMSTATE_H

#include <stdint.h>

enum xm_life {
	XM_LIFE_GONE,     /* not in Xen's list */
	XM_LIFE_RUNNING,  /* not paused, not shut down, not dying */
	XM_LIFE_PAUSED,   /* paused by a toolstack (p), not shut down or dying */
	XM_LIFE_SHUTDOWN, /* shut down (s), with a reason; not dying */
	XM_LIFE_DYING,    /* being destroyed (d) */
};

/* The state of a domain listed with @flags, or GONE when not @listed. */
enum xm_life xm_life_of(int listed, uint32_t flags);
/*
 * Word @n of @list, words ended by NULs ("a\0b": the literal's own NUL ends
 * the last): the tables of names, without a table of pointers. @n must be
 * below the number of words.
 */
const char *xm_nth(const char *list, unsigned n);
/*
 * What a change is made of: the state, and for SHUTDOWN also the reason.
 * Two looks differ for wait and watch exactly when their keys differ.
 */
unsigned xm_life_key(int listed, uint32_t flags);
const char *xm_life_name(enum xm_life s);
/* Xen's shutdown reason in words ("crash"); "unknown" past soft_reset. */
const char *xm_reason_name(unsigned code);

/* The conditions of `domain wait --for` and `domain watch --until`. */
enum xm_cond {
	XM_COND_EXISTS,   /* listed and not dying: any state but DYING, GONE */
	XM_COND_RUNNING,
	XM_COND_PAUSED,
	XM_COND_SHUTDOWN, /* any reason */
	XM_COND_CRASHED,  /* shut down with reason crash */
	XM_COND_GONE,
	XM_COND_COUNT,
};

/* "exists|running|...": the names in table order, for help and errors. */
extern const char xm_cond_list[];
/* The condition named @s, or -1. */
int xm_cond_parse(const char *s);
const char *xm_cond_name(enum xm_cond c);

enum xm_verdict {
	XM_NOT_YET, /* not now; it may still happen */
	XM_MET,
	XM_NEVER,   /* this domain can never meet it any more */
};

/*
 * Does the domain meet @c now? @seen: it was listed at an earlier look
 * (a domain not seen yet may still be created; one seen and then gone
 * is over). Unreachable: running and paused once it shut down for good
 * (a reason other than suspend or soft_reset, which a toolstack resumes),
 * is dying, or is gone after being seen; shutdown once it is dying or
 * gone; crashed likewise, and once it shut down for good with another
 * reason. exists and gone are never unreachable: a domid can be created
 * again, and every domain ends.
 */
enum xm_verdict xm_cond_check(enum xm_cond c, int listed, uint32_t flags,
			      int seen);

/*
 * @ms since the Unix epoch as UTC, "2026-12-02T10:00:01.123Z" (24
 * characters and a NUL): the time watch prints on every line.
 */
void xm_utc_fmt(int64_t ms, char out[25]);

#endif
