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
#include "xio.h"

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

/*
 * A message's name from its XM_MSG, by token pasting: XM_MSG_ID_ pasted
 * before the macro's name makes a macro that keeps the first argument.
 * A wrapper must paste its own parameter (XM_MSG_ID_ ## m), before any
 * other macro expands it.
 */
#define XM_MSG_ID_XM_MSG(id, text) id
/* gcc and clang check the arguments against message @m's text; nothing runs. */
#define XM_MSG_CHECK(m, ...) ((void)sizeof(xm_snprintf(NULL, 0, m, ##__VA_ARGS__)))

/* A text from the catalogue as a format: what its use was checked against. */
static inline __attribute__((format_arg(2)))
const char *xm_msg_format(const char *text, const char *checked)
{
	(void)checked;
	return text;
}

/*
 * xm_err and xm_usage (xenmin.h) of a catalogue message, written as
 * everywhere, XM_MSG(name, "text"), but passed by number: a call then
 * costs 5 bytes of code instead of about 13, and the text is looked up
 * in one place. Test builds pass the text, so that it is still compared
 * with its catalogue line.
 */
#ifdef XM_FMT_ABORT
#define xm_err_msg(c, what, m, ...) xm_err(c, what, m, ##__VA_ARGS__)
#define xm_usage_msg(c, m, ...) xm_usage(c, m, ##__VA_ARGS__)
#else
#define xm_err_msg(c, what, m, ...) \
	(XM_MSG_CHECK(m, ##__VA_ARGS__), \
	 xm_err_id(c, what, XM_MSG_ID_ ## m, ##__VA_ARGS__))
#define xm_usage_msg(c, m, ...) \
	(XM_MSG_CHECK(m, ##__VA_ARGS__), \
	 xm_usage_id(c, XM_MSG_ID_ ## m, ##__VA_ARGS__))
#endif

#endif
