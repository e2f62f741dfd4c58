// SPDX-License-Identifier: MIT
/*
 * The JSON writer behind --json (see json.h). It streams: nothing is built
 * in memory, so output of any size costs no allocation.
 */
#include <inttypes.h>

#include "json.h"
#include "parse.h"

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

/*
 * The length of the UTF-8 sequence at @p, or, when it is not one, minus
 * the length of its maximal subpart (the lead byte and the continuation
 * bytes that still fit it: Unicode's "U+FFFD substitution of maximal
 * subparts", which Python and browsers use too). Overlong forms,
 * surrogates and code points past U+10FFFF are not sequences. The NUL
 * that ends the string fails every range, so nothing past it is read.
 */
static int utf8_seq(const unsigned char *p)
{
	unsigned char b = p[0], lo = 0x80, hi = 0xbf;
	int need;

	if (b < 0x80)
		return 1;
	if (b < 0xc2 || b > 0xf4)
		return -1;
	need = b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
	if (b == 0xe0)
		lo = 0xa0;
	else if (b == 0xed)
		hi = 0x9f;
	else if (b == 0xf0)
		lo = 0x90;
	else if (b == 0xf4)
		hi = 0x8f;
	for (int i = 1; i <= need; i++) {
		if (p[i] < lo || p[i] > hi)
			return -i;
		lo = 0x80;
		hi = 0xbf;
	}
	return need + 1;
}

/*
 * @s as a JSON string that is always valid (RFC 8259), whatever its bytes:
 * control bytes and DEL as \u00XX (\n, \r, \t by name), valid UTF-8 as
 * is, and each maximal subpart of invalid UTF-8 (a stray byte, a sequence
 * cut short, e.g. at the wrap of Xen's console ring) as one \ufffd.
 */
static void raw_str(struct xm_stream *f, const char *s)
{
	/* the characters with a short escape, and its letter */
	static const char esc[] = "\"\\\n\r\t", code[] = "\"\\nrt";
	const unsigned char *p = (const unsigned char *)s;

	xm_fputc('"', f);
	while (*p) {
		int n = utf8_seq(p);
		const char *e;

		if (n < 0) {
			xm_fputs("\\ufffd", f);
			p += -n;
			continue;
		}
		e = xm_memchr(esc, *p, sizeof(esc) - 1);
		if (e)
			xm_fprintf(f, "\\%c", code[e - esc]);
		else if (*p < 0x20 || *p == 0x7f)
			xm_fprintf(f, "\\u%04x", *p);
		else
			xm_fwrite(p, (size_t)n, f);
		p += n;
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
	if (!s) {
		xm_json_null(j);
		return;
	}
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
