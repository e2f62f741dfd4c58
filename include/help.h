// SPDX-License-Identifier: MIT
/*
 * The help texts: src/help.txt, stored gzip-compressed in the binary by
 * the build (cmake/xenmin-help.cmake) and inflated when `help`, `--help`
 * or a rare path (a failure's words, a usage line) needs them. A section
 * "@ NAME" holds a command's one-line summary and then its help;
 * ":global" and ":exit" end the overview; data sections (":NAME") follow,
 * read a line at a time. Lines are handed out as strings that live until
 * exit; no line of a data section is empty.
 */
#ifndef XM_HELP_H
#define XM_HELP_H

#include <stddef.h>

/* Inflate the texts (once a run): 0, -ENOMEM, or -EBADMSG (a bad copy). */
int xm_help_open(void);

/* The name of the section after section @prev (NULL: the first), or NULL. */
const char *xm_help_section(const char *prev);

/* The summary line of section @name, or NULL (none, or not inflated). */
const char *xm_help_find(const char *name);

/* The line after @line in its section, or NULL at the section's end. */
const char *xm_help_after(const char *line);

/*
 * Line @n (from 0, after the summary) of section @name (":errwords"...),
 * or "" (no such line, or no memory to inflate the texts).
 */
const char *xm_help_line(const char *name, unsigned n);

extern const unsigned char xm_help_gz[];
extern const size_t xm_help_gz_len;

#endif
