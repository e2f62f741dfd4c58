// SPDX-License-Identifier: MIT
/*
 * The help texts, inflated from the copy the build stored in the binary
 * (include/help.h says why they are compressed), and looked up by section
 * name. Nothing here prints: cli.c and diag.c do.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "help.h"
#include "inflate.h"

int xm_help_load(struct xm_help *h)
{
	uint32_t n = xm_gzip_isize(xm_help_gz, xm_help_gz_len);
	long r;

	h->text = NULL;
	h->len = 0;
	/* the stored copy is ours, but its claimed size is still bounded */
	if (n == 0 || n > (1u << 20))
		return -EBADMSG;
	h->text = malloc(n);
	if (!h->text)
		return -ENOMEM;
	r = xm_gunzip(xm_help_gz, xm_help_gz_len, h->text, n);
	if (r != (long)n) {
		xm_help_free(h);
		return -EBADMSG;
	}
	h->len = n;
	return 0;
}

void xm_help_free(struct xm_help *h)
{
	free(h->text);
	h->text = NULL;
	h->len = 0;
}

/* The start of the line after @p, or the end of the text. */
static const char *next_line(const struct xm_help *h, const char *p)
{
	const char *end = h->text + h->len;
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl + 1 : end;
}

int xm_help_next(const struct xm_help *h, struct xm_span *name,
		 const char **from)
{
	const char *end = h->text + h->len;
	const char *p = *from ? next_line(h, *from) : h->text;

	for (; p < end; p = next_line(h, p)) {
		if (end - p < 2 || p[0] != '@' || p[1] != ' ')
			continue;
		name->p = p + 2;
		name->n = (size_t)(next_line(h, p) - name->p);
		if (name->n && name->p[name->n - 1] == '\n')
			name->n--;
		*from = p;
		return 1;
	}
	return 0;
}

int xm_help_get(const struct xm_help *h, const char *name,
		struct xm_span *sum, struct xm_span *body)
{
	size_t l = strlen(name);
	const char *at = NULL, *p, *q, *end = h->text + h->len;
	struct xm_span s;

	while (xm_help_next(h, &s, &at)) {
		if (s.n != l || memcmp(s.p, name, l) != 0)
			continue;
		p = next_line(h, at);
		q = next_line(h, p);
		sum->p = p;
		sum->n = (size_t)(q - p) - (q > p && q[-1] == '\n');
		body->p = q;
		if (!xm_help_next(h, &s, &at))
			at = end;
		body->n = (size_t)(at - q);
		return 0;
	}
	return -ENOENT;
}

/*
 * Line @n (from 0) of the body of data section @name, as a string; NULL if
 * there is none or the texts cannot be inflated. Their own copy, inflated
 * on the first call and kept until exit (the lines are returned, so they
 * must outlive the call), with every line cut into a string in place.
 * Only rare paths come here (errors, usage), so only they inflate.
 */
const char *xm_help_line(const char *name, unsigned n)
{
	static struct xm_help h;
	const char *p, *end;

	if (!h.text) {
		if (xm_help_load(&h) < 0)
			return NULL;
		for (size_t i = 0; i < h.len; i++)
			if (h.text[i] == '\n')
				h.text[i] = '\0';
		if (h.text[h.len - 1] != '\0') {
			xm_help_free(&h);
			return NULL;
		}
	}
	end = h.text + h.len;
	for (p = h.text; p < end; p += strlen(p) + 1) {
		if (p[0] != '@' || p[1] != ' ' || strcmp(p + 2, name))
			continue;
		p += strlen(p) + 1; /* the summary */
		for (n++; n && p < end; n--) {
			p += strlen(p) + 1;
			if (p < end && p[0] == '@' && p[1] == ' ')
				return NULL;
		}
		return p < end ? p : NULL;
	}
	return NULL;
}
