// SPDX-License-Identifier: MIT
/*
 * The help texts: src/help.txt, stored gzip-compressed in the binary by
 * the build (cmake/xenmin-help.cmake) and inflated when `help` or
 * `--help` needs them. A section "@ NAME" holds a command's one-line
 * summary and then its help; ":global" and ":exit" end the overview.
 */
#ifndef XM_HELP_H
#define XM_HELP_H

#include <stddef.h>

struct xm_help {
	char *text; /* the inflated text, or NULL */
	size_t len;
};

/* A piece of the text: not NUL-terminated. */
struct xm_span {
	const char *p;
	size_t n;
};

/* Inflate the texts. 0, -ENOMEM, or -EBADMSG if the stored copy is bad. */
int xm_help_load(struct xm_help *h);
void xm_help_free(struct xm_help *h);

/*
 * Section @name: its first line (without the newline) in *@sum, the rest
 * up to the next section in *@body. 0, or -ENOENT if there is none.
 */
int xm_help_get(const struct xm_help *h, const char *name,
		struct xm_span *sum, struct xm_span *body);

/* The next section after @from (NULL: the first): its name, or 0 at the end. */
int xm_help_next(const struct xm_help *h, struct xm_span *name,
		 const char **from);

/*
 * Line @n (from 0) of data section @name (":errwords"...) as a string
 * that lives until exit, or NULL. Inflates the texts on its first call.
 */
const char *xm_help_line(const char *name, unsigned n);

extern const unsigned char xm_help_gz[];
extern const size_t xm_help_gz_len;

#endif
