// SPDX-License-Identifier: MIT
/*
 * Catalogue messages (msg.h) into a diagnostics store (sched_diag.h), for
 * the schedule parser and planner, which say most of xenmin's errors: a
 * wrapper macro of theirs takes a message written as everywhere else, the
 * catalogue macro with its name and text, checks the call's arguments
 * against the text in an unevaluated sizeof, and passes on only the
 * message's number, so that the text is looked up once, in
 * sched_msg_vadd(), instead of at each of about seventy calls (13 bytes
 * of code each instead of 5).
 *
 * The number is taken by token pasting: SCHED_MSG_ID_ pasted before the
 * catalogue macro's name gives a macro that keeps the first argument. A
 * wrapper must paste its own parameter (SCHED_MSG_ID_ ## m), before any
 * other macro expands it. Test builds (XM_FMT_ABORT) pass the text as the
 * catalogue macro gives it instead, so that each one is still compared
 * with its catalogue line.
 */
#ifndef XM_SCHED_MSG_H
#define XM_SCHED_MSG_H

#include <stdarg.h>
#include <stddef.h>

#include "msg.h"
#include "sched_diag.h"
#include "xio.h"

#ifdef XM_FMT_ABORT
typedef const char *sched_msgref;
#define SCHED_MSG_ID_XM_MSG xm_msg_
#else
typedef unsigned sched_msgref;
#define SCHED_MSG_ID_XM_MSG SCHED_MSG_FIRST
#endif
#define SCHED_MSG_FIRST(id, text) id

/* gcc and clang check the arguments against the text; nothing runs. */
#define SCHED_MSG_CHECK(m, ...) \
	((void)sizeof(xm_snprintf(NULL, 0, m, ##__VA_ARGS__)))

/*
 * The reference of message @m, its arguments checked against the ones
 * given (not evaluated): for a call that picks one of several messages
 * of the same arguments.
 */
#define SCHED_MSG_REF(m, ...) \
	(SCHED_MSG_CHECK(m, ##__VA_ARGS__), SCHED_MSG_ID_ ## m)

/* sched_diag_vadd() with message @m. */
void sched_msg_vadd(struct sched_diag *d, unsigned line, unsigned col,
		    int warn, sched_msgref m, va_list ap);
void sched_msg_add_(struct sched_diag *d, unsigned line, unsigned col,
		    int warn, sched_msgref m, ...);
/* sched_diag_add() with message @m, a catalogue message. */
#define sched_msg_add(d, line, col, warn, m, ...) \
	(SCHED_MSG_CHECK(m, ##__VA_ARGS__), \
	 sched_msg_add_(d, line, col, warn, SCHED_MSG_ID_ ## m, ##__VA_ARGS__))

#endif
