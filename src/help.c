// SPDX-License-Identifier: MIT
/*
 * The help texts, inflated from the copy the build stored in the binary
 * (include/help.h says why they are compressed) once per run, on the
 * first call that needs them, and kept until exit with every line cut
 * into a string, so that a line can be handed out as it is. Sections are
 * looked up by name. Nothing here prints: cli.c and diag.c do.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "help.h"
#include "inflate.h"
#include "msg.h"

struct texts {
	char *text; /* the inflated text, its newlines made NULs */
	size_t len;
	int err;    /* 0, or why it could not be inflated */
};

static const struct texts *texts(void)
{
	static struct texts t;
	uint32_t n;

	if (t.text || t.err)
		return &t;
	n = xm_gzip_isize(xm_help_gz, xm_help_gz_len);
	/* the stored copy is ours, but its claimed size is still bounded */
	t.err = -EBADMSG;
	if (n == 0 || n > (1u << 20))
		return &t;
	t.text = malloc(n);
	t.err = -ENOMEM;
	if (!t.text)
		return &t;
	t.err = 0;
	/* every line, the last too, ends in a newline */
	if (xm_gunzip(xm_help_gz, xm_help_gz_len, t.text, n) != (long)n ||
	    t.text[n - 1] != '\n') {
		free(t.text);
		t.text = NULL;
		t.err = -EBADMSG;
		return &t;
	}
	for (size_t i = 0; i < n; i++)
		if (t.text[i] == '\n')
			t.text[i] = '\0';
	t.len = n;
	return &t;
}

int xm_help_open(void)
{
	return texts()->err;
}

static int is_head(const char *p)
{
	return p[0] == '@' && p[1] == ' ';
}

/* The line after @p, or NULL at the end of the text. */
static const char *next(const char *p)
{
	const struct texts *t = texts();

	p += strlen(p) + 1;
	return p < t->text + t->len ? p : NULL;
}

const char *xm_help_section(const char *prev)
{
	const char *p = prev ? next(prev - 2) : texts()->text;

	for (; p; p = next(p))
		if (is_head(p))
			return p + 2;
	return NULL;
}

const char *xm_help_find(const char *name)
{
	const char *s = NULL;

	while ((s = xm_help_section(s)))
		if (!strcmp(s, name))
			return next(s - 2);
	return NULL;
}

const char *xm_help_after(const char *line)
{
	const char *p = next(line);

	return p && !is_head(p) ? p : NULL;
}

const char *xm_help_line(const char *name, unsigned n)
{
	const char *p = xm_help_find(name);

	for (n++; p && n; n--)
		p = xm_help_after(p);
	return p ? p : "";
}

const char *xm_msg(unsigned id)
{
	const char *s = id < XM_MSG_COUNT ? xm_help_line(":msg", id) : "";

	return *s ? s : "(xenmin cannot inflate this message's text)";
}

const char *xm_msg_checked(unsigned id, const char *text)
{
	const char *s = xm_msg(id);

	/* A stale build or a generator bug, never a user's input. */
	if (xm_help_open() == 0 && strcmp(s, text))
		abort();
	return s;
}
