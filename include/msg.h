// SPDX-License-Identifier: MIT
/*
 * The message catalogue: the format strings of messages a normal run does
 * not print (errors, refusals) live in the compressed help texts instead
 * of the binary's plain read-only data, at about a third of their bytes.
 * A message is written where it is used, XM_MSG(m_room_what, "text"), as
 * the format of xm_err, xm_usage or xm_fprintf. The build
 * (cmake/xenmin-help.cmake) collects every such use in src/ and include/,
 * numbers the names in msg_ids.h (generated, in the build directory) and
 * appends the texts to the help texts as section ":msg". The literal text
 * stays in the source only: gcc and clang check the call's arguments
 * against it (format_arg), tests/fmtcheck checks it against xio's subset,
 * and the compiler then drops it, since nothing reads it at run time.
 * The build stops at a use it cannot read, so that no text goes missing:
 * name and text on one line, the text one literal with no backslash (no
 * \n, no adjacent literals, no PRI macros), and one text per name (a name
 * used twice must say the same). Comments must not spell the macro with
 * its parenthesis. The first lookup of a run inflates the help texts
 * (include/help.h), which is why normal output stays plain literals.
 */
#ifndef XM_MSG_H
#define XM_MSG_H

#include "msg_ids.h"

/* Catalogue text @id; if the texts cannot be inflated, words that say so. */
const char *xm_msg(unsigned id);
/* Test builds (XM_FMT_ABORT): xm_msg(@id), after aborting unless it is @text. */
const char *xm_msg_checked(unsigned id, const char *text);

static inline __attribute__((always_inline, format_arg(2)))
const char *xm_msg_(unsigned id, const char *text)
{
#ifdef XM_FMT_ABORT
	return xm_msg_checked(id, text);
#else
	(void)text;
	return xm_msg(id);
#endif
}

#define XM_MSG(id, text) xm_msg_(id, text)

#endif
