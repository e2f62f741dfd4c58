// SPDX-License-Identifier: MIT
/*
 * The diagnostics store of the schedule parser and planner: messages with
 * the file position they are about, kept in the order found up to a fixed
 * number and counted beyond it, then sorted by position so that a check
 * made at the end of the file still reports in line order. Pure: nothing
 * here prints; the CLI decides how a message looks and how many it shows.
 */
#ifndef XM_SCHED_DIAG_H
#define XM_SCHED_DIAG_H

#include <stdarg.h>

#define SCHED_DIAG_KEEP 256   /* messages stored (sorted, then printed) */
#define SCHED_DIAG_SHOW 50    /* messages the CLI prints at most */
#define SCHED_MSG_MAX 320 /* the longest message and its advice: ~290 */

struct sched_msg {
	unsigned line, col;   /* 1-based; 0: no line / the whole line */
	int warn;             /* 0 error, 1 warning */
	char text[SCHED_MSG_MAX];
};

struct sched_diag {
	struct sched_msg m[SCHED_DIAG_KEEP];
	unsigned n;           /* stored */
	unsigned nerr, nwarn; /* counted, stored or not */
};

void sched_diag_init(struct sched_diag *d);
/*
 * Record one message: counted always, kept while there is room. A NULL @d
 * stores nothing (for callers that want only an answer).
 */
void sched_diag_add(struct sched_diag *d, unsigned line, unsigned col,
		    int warn, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void sched_diag_vadd(struct sched_diag *d, unsigned line, unsigned col,
		     int warn, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));
/* Stable sort by (line, col). */
void sched_diag_sort(struct sched_diag *d);

#endif
