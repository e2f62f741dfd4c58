// SPDX-License-Identifier: MIT
/*
 * The JSON writer behind --json (see json.h). It streams: nothing is built
 * in memory, so output of any size costs no allocation.
 */
#include <inttypes.h>

#include "json.h"

void xm_json_init(struct xm_json *j, struct xm_stream *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = 1;
	j->after_key = 0;
}

/* Comma before every element but the first of its container. */
static void sep(struct xm_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (!j->first[j->depth])
		xm_fputc(',', j->f);
	j->first[j->depth] = 0;
}

static void open_c(struct xm_json *j, int ch)
{
	sep(j);
	xm_fputc(ch, j->f);
	if (j->depth < XM_JSON_DEPTH - 1)
		j->depth++;
	j->first[j->depth] = 1;
}

static void close_c(struct xm_json *j, int ch)
{
	if (j->depth > 0)
		j->depth--;
	xm_fputc(ch, j->f);
}

void xm_json_begin_array(struct xm_json *j)
{
	open_c(j, '[');
}

void xm_json_end_array(struct xm_json *j)
{
	close_c(j, ']');
}

void xm_json_begin_object(struct xm_json *j)
{
	open_c(j, '{');
}

void xm_json_end_object(struct xm_json *j)
{
	close_c(j, '}');
}

static void raw_str(struct xm_stream *f, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	xm_fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			xm_fputs("\\\"", f);
			break;
		case '\\':
			xm_fputs("\\\\", f);
			break;
		case '\n':
			xm_fputs("\\n", f);
			break;
		case '\r':
			xm_fputs("\\r", f);
			break;
		case '\t':
			xm_fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				xm_fprintf(f, "\\u00%c%c", hex[*p >> 4],
					hex[*p & 15]);
			} else {
				xm_fputc(*p, f);
			}
		}
	}
	xm_fputc('"', f);
}

void xm_json_key(struct xm_json *j, const char *k)
{
	sep(j);
	raw_str(j->f, k);
	xm_fputc(':', j->f);
	j->after_key = 1;
}

void xm_json_str(struct xm_json *j, const char *s)
{
	sep(j);
	raw_str(j->f, s);
}

void xm_json_u64(struct xm_json *j, uint64_t v)
{
	sep(j);
	xm_fprintf(j->f, "%" PRIu64, v);
}

void xm_json_i64(struct xm_json *j, int64_t v)
{
	sep(j);
	xm_fprintf(j->f, "%" PRId64, v);
}

void xm_json_bool(struct xm_json *j, int v)
{
	sep(j);
	xm_fputs(v ? "true" : "false", j->f);
}

void xm_json_null(struct xm_json *j)
{
	sep(j);
	xm_fputs("null", j->f);
}

void xm_json_end(struct xm_json *j)
{
	xm_fputc('\n', j->f);
}

void xm_json_kstr(struct xm_json *j, const char *k, const char *s)
{
	xm_json_key(j, k);
	xm_json_str(j, s);
}

void xm_json_ku64(struct xm_json *j, const char *k, uint64_t v)
{
	xm_json_key(j, k);
	xm_json_u64(j, v);
}

void xm_json_kbool(struct xm_json *j, const char *k, int v)
{
	xm_json_key(j, k);
	xm_json_bool(j, v);
}

void xm_json_kbits(struct xm_json *j, const char *k, uint64_t m)
{
	xm_json_key(j, k);
	xm_json_begin_array(j);
	for (unsigned i = 0; i < 64; i++)
		if (m & (1ull << i))
			xm_json_u64(j, i);
	xm_json_end_array(j);
}
