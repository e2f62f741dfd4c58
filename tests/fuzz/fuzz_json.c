// SPDX-License-Identifier: MIT
/*
 * Fuzzing the JSON writer (json.c). The input drives a well-formed series
 * of writer calls (containers up to the writer's depth, keys in objects,
 * strings of any bytes but NUL, 64-bit numbers, booleans, null), each
 * logged here as it is made. The output is then read back by a strict
 * RFC 8259 parser written here, which logs what it finds in the same
 * form: the two logs must be equal, so every string must come back byte
 * for byte and every number digit for digit. Strings are expected as
 * Unicode's U+FFFD substitution of maximal subparts makes them (done here
 * from Table 3-7 of well-formed sequences, apart from the writer's code):
 * the reader takes \ufffd as those three bytes and any other byte of 0x80
 * and above only within a well-formed sequence.
 */
#include <string.h>

#include "fuzz.h"
#include "json.h"

#define OUT_CAP (1 << 20)
#define LOG_CAP (1 << 18)

struct log {
	uint8_t b[LOG_CAP];
	size_t n;
};

static void log_put(struct log *l, int kind, const void *p, size_t n)
{
	FUZZ_CHECK(l->n + 1 + n + sizeof(size_t) <= LOG_CAP);
	l->b[l->n++] = (uint8_t)kind;
	memcpy(l->b + l->n, &n, sizeof(n));
	l->n += sizeof(n);
	memcpy(l->b + l->n, p, n);
	l->n += n;
}

/* A number as sign and magnitude, as the parser sees it. */
static void log_num(struct log *l, int neg, uint64_t mag)
{
	uint8_t v[9] = { (uint8_t)neg };

	memcpy(v + 1, &mag, 8);
	log_put(l, '#', v, sizeof(v));
}

/* Table 3-7: a lead byte range and the ranges of the bytes after it. */
static const uint8_t wf[][8] = {
	{ 0x00, 0x7f, 0, 0, 0, 0, 0, 0 },
	{ 0xc2, 0xdf, 0x80, 0xbf, 0, 0, 0, 0 },
	{ 0xe0, 0xe0, 0xa0, 0xbf, 0x80, 0xbf, 0, 0 },
	{ 0xe1, 0xec, 0x80, 0xbf, 0x80, 0xbf, 0, 0 },
	{ 0xed, 0xed, 0x80, 0x9f, 0x80, 0xbf, 0, 0 },
	{ 0xee, 0xef, 0x80, 0xbf, 0x80, 0xbf, 0, 0 },
	{ 0xf0, 0xf0, 0x90, 0xbf, 0x80, 0xbf, 0x80, 0xbf },
	{ 0xf1, 0xf3, 0x80, 0xbf, 0x80, 0xbf, 0x80, 0xbf },
	{ 0xf4, 0xf4, 0x80, 0x8f, 0x80, 0xbf, 0x80, 0xbf },
};

/*
 * The well-formed sequence at @s (@n bytes left): its length, or minus the
 * length of the maximal subpart that starts there (at least 1).
 */
static int wf_len(const uint8_t *s, size_t n)
{
	for (size_t r = 0; r < sizeof(wf) / sizeof(wf[0]); r++) {
		int k = 1;

		if (s[0] < wf[r][0] || s[0] > wf[r][1])
			continue;
		while (k < 4 && wf[r][2 * k] && (size_t)k < n &&
		       s[k] >= wf[r][2 * k] && s[k] <= wf[r][2 * k + 1])
			k++;
		return k == 4 || !wf[r][2 * k] ? k : -k;
	}
	return -1;
}

/* @s as the writer must give it back: bad subparts as U+FFFD. */
static void log_str(struct log *l, int kind, const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strlen(s), o = 0;
	char v[32 * 3];

	while (n) {
		int k = wf_len(p, n);

		if (k < 0) {
			memcpy(v + o, "\xef\xbf\xbd", 3);
			o += 3;
			k = -k;
		} else {
			memcpy(v + o, p, (size_t)k);
			o += (size_t)k;
		}
		p += k;
		n -= (size_t)k;
	}
	log_put(l, kind, v, o);
}

/* ---- the reader ---- */

struct rd {
	const char *p, *end;
	struct log *l;
	char str[8192];
};

static int rd_string(struct rd *r, int kind)
{
	size_t n = 0;

	if (r->p >= r->end || *r->p++ != '"')
		return -1;
	while (r->p < r->end && *r->p != '"') {
		unsigned char c = (unsigned char)*r->p++;

		if (c < 0x20 || n + 3 >= sizeof(r->str))
			return -1;
		if (c >= 0x80) {
			int k = wf_len((const uint8_t *)r->p - 1,
				       (size_t)(r->end - r->p + 1));

			if (k < 2)
				return -1;
			memcpy(r->str + n, r->p - 1, (size_t)k);
			n += (size_t)k;
			r->p += k - 1;
			continue;
		}
		if (c == '\\') {
			static const char esc[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
			const char *e;
			unsigned u = 0;

			if (r->p >= r->end)
				return -1;
			c = (unsigned char)*r->p++;
			e = c == 'u' ? NULL : strchr(esc, c);
			if (e && (e - esc) % 2 == 0) {
				c = (unsigned char)e[1];
			} else if (c == 'u' && r->end - r->p >= 4) {
				for (int i = 0; i < 4; i++) {
					char h = *r->p++;

					u = u * 16 + (unsigned)(h >= '0' && h <= '9' ? h - '0'
						: h >= 'a' && h <= 'f' ? h - 'a' + 10 : 99);
				}
				/* The writer escapes control bytes, and
				 * writes U+FFFD for bad UTF-8. */
				if (u == 0xfffd) {
					memcpy(r->str + n, "\xef\xbf\xbd", 3);
					n += 3;
					continue;
				}
				if (u >= 0x80)
					return -1;
				c = (unsigned char)u;
			} else {
				return -1;
			}
		}
		r->str[n++] = (char)c;
	}
	if (r->p >= r->end)
		return -1;
	r->p++;
	log_put(r->l, kind, r->str, n);
	return 0;
}

static int rd_number(struct rd *r)
{
	int neg = 0;
	uint64_t v = 0;
	const char *d;

	if (*r->p == '-') {
		neg = 1;
		r->p++;
	}
	d = r->p;
	while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
		unsigned dig = (unsigned)(*r->p++ - '0');

		if (v > (UINT64_MAX - dig) / 10)
			return -1;
		v = v * 10 + dig;
	}
	/* JSON: digits, no leading zero; the writer never writes "-0". */
	if (r->p == d || (*d == '0' && r->p - d > 1) || (neg && !v))
		return -1;
	log_num(r->l, neg, v);
	return 0;
}

static int rd_word(struct rd *r, const char *w, int kind)
{
	size_t n = strlen(w);

	if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n))
		return -1;
	r->p += n;
	log_put(r->l, kind, "", 0);
	return 0;
}

static int rd_value(struct rd *r, int depth)
{
	int obj;

	if (r->p >= r->end)
		return -1;
	switch (*r->p) {
	case '"':
		return rd_string(r, 'S');
	case 't':
		return rd_word(r, "true", 'T');
	case 'f':
		return rd_word(r, "false", 'F');
	case 'n':
		return rd_word(r, "null", 'N');
	case '[':
	case '{':
		break;
	default:
		return rd_number(r);
	}
	obj = *r->p++ == '{';
	if (depth > 64)
		return -1;
	log_put(r->l, obj ? 'O' : 'A', "", 0);
	if (r->p < r->end && *r->p == (obj ? '}' : ']')) {
		r->p++;
		log_put(r->l, obj ? 'o' : 'a', "", 0);
		return 0;
	}
	for (;;) {
		if (obj && (rd_string(r, 'K') || r->p >= r->end || *r->p++ != ':'))
			return -1;
		if (rd_value(r, depth + 1) || r->p >= r->end)
			return -1;
		if (*r->p == ',') {
			r->p++;
			continue;
		}
		if (*r->p++ != (obj ? '}' : ']'))
			return -1;
		log_put(r->l, obj ? 'o' : 'a', "", 0);
		return 0;
	}
}

/* ---- the writer, driven by the input ---- */

struct in {
	const uint8_t *p, *end;
};

static unsigned take(struct in *in)
{
	return in->p < in->end ? *in->p++ : 0;
}

/* A string of up to 31 bytes of the input (NUL made 0x01). */
static const char *take_str(struct in *in, char *buf)
{
	size_t n = take(in) % 32, i;

	for (i = 0; i < n && in->p < in->end; i++) {
		buf[i] = (char)*in->p++;
		if (!buf[i])
			buf[i] = 1;
	}
	buf[i] = '\0';
	return buf;
}

static uint64_t take_u64(struct in *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | take(in);
	return v;
}

/* One scalar of kind @k (any unsigned), logged as the reader will see it. */
static void put_scalar(struct xm_json *j, struct log *l, struct in *in,
		       unsigned k)
{
	char s[32];
	uint64_t v;

	switch (k % 6) {
	case 0:
		xm_json_str(j, take_str(in, s));
		log_str(l, 'S', s);
		break;
	case 1:
		v = take_u64(in);
		xm_json_u64(j, v);
		log_num(l, 0, v);
		break;
	case 2:
		v = take_u64(in);
		xm_json_i64(j, (int64_t)v);
		log_num(l, (int64_t)v < 0,
			(int64_t)v < 0 ? 0 - v : v);
		break;
	case 3:
	case 4:
		xm_json_bool(j, k % 6 == 3);
		log_put(l, k % 6 == 3 ? 'T' : 'F', "", 0);
		break;
	default:
		xm_json_null(j);
		log_put(l, 'N', "", 0);
	}
}

static void put_key(struct xm_json *j, struct log *l, struct in *in)
{
	char k[32];

	xm_json_key(j, take_str(in, k));
	log_str(l, 'K', k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char out[OUT_CAP];
	static struct log want, got;
	struct in in = { data, data + size };
	char stack[XM_JSON_DEPTH];
	struct xm_stream s;
	struct xm_json j;
	struct rd r;
	int depth = 0;

	if (size > 8192)
		return 0;
	want.n = got.n = 0;
	xm_stream_init(&s, -1, out, sizeof(out), XM_SBUF_FULL);
	xm_json_init(&j, &s);
	do {
		unsigned op = take(&in);

		/* Close, or open (within the writer's depth), or a scalar. */
		if (depth && (op % 8 == 7 || in.p >= in.end)) {
			depth--;
			if (stack[depth]) {
				xm_json_end_object(&j);
				log_put(&want, 'o', "", 0);
			} else {
				xm_json_end_array(&j);
				log_put(&want, 'a', "", 0);
			}
			continue;
		}
		if (depth && stack[depth - 1])
			put_key(&j, &want, &in);
		if (op % 8 == 6 && depth < XM_JSON_DEPTH - 1) {
			stack[depth] = (char)(op & 8);
			if (stack[depth]) {
				xm_json_begin_object(&j);
				log_put(&want, 'O', "", 0);
			} else {
				xm_json_begin_array(&j);
				log_put(&want, 'A', "", 0);
			}
			depth++;
		} else {
			put_scalar(&j, &want, &in, op % 8 == 6 ? 0 : op);
		}
	} while (depth);
	xm_json_end(&j);
	FUZZ_CHECK(s.err == 0 && s.n > 0 && out[s.n - 1] == '\n');

	r.p = out;
	r.end = out + s.n - 1;
	r.l = &got;
	FUZZ_CHECK(rd_value(&r, 0) == 0 && r.p == r.end);
	FUZZ_CHECK(got.n == want.n && memcmp(got.b, want.b, got.n) == 0);
	return 0;
}
