// SPDX-License-Identifier: MIT
/*
 * Unit tests of the inflate (src/inflate.c) with independent producers as
 * the witnesses: the system's gzip (levels -1 to -9: stored blocks for
 * random data, fixed ones for short inputs, dynamic ones for text and
 * zeros), Python's zlib for raw streams of one forced kind (fixed only,
 * Huffman only, run-length), and streams built here bit by bit for every
 * malformed shape the decoder must refuse. The block type of each
 * producer's first block is asserted, so "all block types" is checked,
 * not assumed. Truncated, bit-flipped and random inputs must fail (or
 * give the original back), never crash: run it under the ASan build.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inflate.h"
#include "runner.h"

/* xorshift: reproducible "random" data and positions. */
static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* Test memory: out of memory ends the test run. */
static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		abort();
	return p;
}

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t cap = 0, len = 0, got;

	if (!f)
		return NULL;
	do {
		if (len == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 65536;
			nb = realloc(b, cap);
			if (!nb) {
				free(b);
				fclose(f);
				return NULL;
			}
			b = nb;
		}
		got = fread(b + len, 1, cap - len, f);
		len += got;
	} while (got);
	fclose(f);
	*n = len;
	return b;
}

/* Run `sh -c CMD < in > out` on @n bytes of @in; the output, malloc'd. */
static uint8_t *filter(const char *cmd, const uint8_t *in, size_t n,
		       size_t *outn)
{
	char a[] = "/tmp/xm-inflate-in-XXXXXX", b[] = "/tmp/xm-inflate-out-XXXXXX";
	char line[512];
	int fa = mkstemp(a), fb = mkstemp(b);
	uint8_t *r = NULL;

	if (fa < 0 || fb < 0 || write(fa, in, n) != (ssize_t)n)
		goto out;
	snprintf(line, sizeof(line), "%s < %s > %s", cmd, a, b);
	if (system(line) == 0)
		r = slurp(b, outn);
out:
	if (fa >= 0)
		close(fa), unlink(a);
	if (fb >= 0)
		close(fb), unlink(b);
	return r;
}

static uint8_t *gzip_of(const char *level, const uint8_t *in, size_t n,
			size_t *gzn)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "gzip -n -c %s", level);
	return filter(cmd, in, n, gzn);
}

/* BTYPE of the first block of a gzip -n member (header is 10 bytes). */
static unsigned first_type(const uint8_t *gz) { return (gz[10] >> 1) & 3; }

/* gunzip @gz and compare with @want; 1 if it matched. */
static int round_trip(const uint8_t *gz, size_t gzn, const uint8_t *want,
		      size_t n)
{
	uint8_t *out = malloc(n + 1);
	long r = xm_gunzip(gz, gzn, out, n + 1);
	int ok = r == (long)n && memcmp(out, want, n) == 0;

	if (!ok)
		printf("  gunzip of %zu bytes gave %ld\n", n, r);
	/* And with the exact room, and one byte short of it. */
	ok &= xm_gunzip(gz, gzn, out, n) == (long)n;
	if (n)
		ok &= xm_gunzip(gz, gzn, out, n - 1) == -ENOBUFS;
	ok &= xm_gzip_isize(gz, gzn) == (uint32_t)n;
	free(out);
	return ok;
}

static uint8_t *random_bytes(size_t n)
{
	uint8_t *b = malloc(n ? n : 1);

	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)rnd();
	return b;
}

/* Text-like data: words from a small vocabulary, lines of a .config. */
static uint8_t *text(size_t n)
{
	static const char *const w[] = { "CONFIG_", "SCHED_", "ARINC653", "=y\n",
					  "# ", " is not set\n", "CREDIT2",
					  "XSM_", "HYPFS", "\n", "NULL", "_DEFAULT" };
	uint8_t *b = xmalloc(n + 16);
	size_t o = 0;

	while (o < n) {
		const char *s = w[rnd() % 12];
		size_t l = strlen(s);

		memcpy(b + o, s, l);
		o += l;
	}
	return b;
}

static void t_crc32_check_value(void)
{
	/* The CRC-32 check value of the catalogue of parametrised CRCs. */
	CHECK(xm_crc32("123456789", 9) == 0xcbf43926u);
	CHECK(xm_crc32("", 0) == 0);
}

static void t_gzip_random_is_stored(void)
{
	static const size_t sizes[] = { 1, 1000, 65535, 65536, 65537, 200000 };
	static const char *const lv[] = { "-1", "-6", "-9" };

	for (size_t i = 0; i < 6; i++)
		for (size_t k = 0; k < 3; k++) {
			size_t gzn;
			uint8_t *d = random_bytes(sizes[i]);
			uint8_t *gz = gzip_of(lv[k], d, sizes[i], &gzn);

			CHECK(gz != NULL);
			if (!gz)
				continue;
			/* Random data does not compress: gzip stores it. */
			if (sizes[i] >= 1000)
				CHECK(first_type(gz) == 0);
			CHECK(round_trip(gz, gzn, d, sizes[i]));
			free(gz);
			free(d);
		}
}

static void t_gzip_text_is_dynamic(void)
{
	static const size_t sizes[] = { 5000, 40000, 300000 };
	static const char *const lv[] = { "-1", "-5", "-9" };

	for (size_t i = 0; i < 3; i++)
		for (size_t k = 0; k < 3; k++) {
			size_t gzn;
			uint8_t *d = text(sizes[i]);
			uint8_t *gz = gzip_of(lv[k], d, sizes[i], &gzn);

			CHECK(gz != NULL);
			if (!gz)
				continue;
			CHECK(first_type(gz) == 2);
			CHECK(round_trip(gz, gzn, d, sizes[i]));
			free(gz);
			free(d);
		}
}

static void t_gzip_zeros_long_matches(void)
{
	size_t n = 1 << 20, gzn;
	uint8_t *d = calloc(n, 1);
	uint8_t *gz = gzip_of("-9", d, n, &gzn);

	CHECK(gz != NULL);
	if (gz) {
		/* 258-byte matches at distance 1: a thousand to one. */
		CHECK(gzn < n / 500);
		CHECK(round_trip(gz, gzn, d, n));
	}
	free(gz);
	free(d);
}

static void t_gzip_short_and_empty_are_fixed(void)
{
	static const char *const in[] = { "", "a", "hello, hello, hello\n" };

	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(in[i]), gzn;
		uint8_t *gz = gzip_of("-9", (const uint8_t *)in[i], n, &gzn);

		CHECK(gz != NULL);
		if (!gz)
			continue;
		CHECK(first_type(gz) == 1);
		CHECK(round_trip(gz, gzn, (const uint8_t *)in[i], n));
		free(gz);
	}
}

/* gzip without -n: the file name and time are in the header (FNAME). */
static void t_gzip_with_name(void)
{
	char dir[] = "/tmp/xm-inflate-dir-XXXXXX", cmd[400], p[300];
	const char *msg = "named member\n";
	size_t gzn;
	uint8_t *gz;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(p, sizeof(p), "%s/config", dir);
	f = fopen(p, "w");
	fputs(msg, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "gzip -9 %s", p);
	CHECK(system(cmd) == 0);
	snprintf(p, sizeof(p), "%s/config.gz", dir);
	gz = slurp(p, &gzn);
	CHECK(gz && (gz[3] & 0x08));
	if (gz)
		CHECK(round_trip(gz, gzn, (const uint8_t *)msg, strlen(msg)));
	unlink(p);
	rmdir(dir);
	free(gz);
}

/* Header fields gzip does not write: FEXTRA, FCOMMENT and FHCRC, added
 * to a -n member by hand (the header CRC from xm_crc32, checked above). */
static void t_gzip_all_header_fields(void)
{
	const char *msg = "header fields\n";
	size_t gzn, n = 0;
	uint8_t *gz = gzip_of("-9", (const uint8_t *)msg, strlen(msg), &gzn);
	uint8_t *b = malloc(gzn + 64), out[64];
	uint32_t c;

	CHECK(gz != NULL);
	if (!gz)
		return;
	memcpy(b, gz, 10);
	b[3] = 0x02 | 0x04 | 0x08 | 0x10;
	n = 10;
	b[n++] = 3; /* XLEN 3 */
	b[n++] = 0;
	memcpy(b + n, "xyz", 3);
	n += 3;
	memcpy(b + n, "name", 5);
	n += 5;
	memcpy(b + n, "comment", 8);
	n += 8;
	c = xm_crc32(b, n);
	b[n++] = (uint8_t)c;
	b[n++] = (uint8_t)(c >> 8);
	memcpy(b + n, gz + 10, gzn - 10);
	n += gzn - 10;
	CHECK(xm_gunzip(b, n, out, sizeof(out)) == (long)strlen(msg));
	CHECK(memcmp(out, msg, strlen(msg)) == 0);
	b[n - gzn + 10 - 1] ^= 1; /* the header CRC */
	CHECK(xm_gunzip(b, n, out, sizeof(out)) == -EBADMSG);
	free(b);
	free(gz);
}

/* The framing around the data: reserved flags, trailing bytes, ISIZE. */
static void t_gzip_framing_refused(void)
{
	const char *msg = "framing\n";
	size_t gzn, n = strlen(msg);
	uint8_t *gz = gzip_of("-9", (const uint8_t *)msg, n, &gzn);
	uint8_t *b = malloc(gzn + 1), out[64];

	CHECK(gz != NULL);
	if (!gz)
		return;
	memcpy(b, gz, gzn);
	CHECK(xm_gunzip(b, gzn, out, sizeof(out)) == (long)n);
	for (unsigned f = 0x20; f <= 0x80; f <<= 1) {
		b[3] ^= (uint8_t)f;
		CHECK(xm_gunzip(b, gzn, out, sizeof(out)) == -EINVAL);
		b[3] ^= (uint8_t)f;
	}
	b[2] = 7; /* CM other than deflate */
	CHECK(xm_gunzip(b, gzn, out, sizeof(out)) == -EINVAL);
	b[2] = 8;
	b[gzn] = 0; /* one byte after the member */
	CHECK(xm_gunzip(b, gzn + 1, out, sizeof(out)) == -EINVAL);
	b[gzn - 4]++; /* ISIZE off by one, CRC right */
	CHECK(xm_gunzip(b, gzn, out, sizeof(out)) == -EBADMSG);
	free(b);
	free(gz);
}

/* Raw DEFLATE of one kind, made by Python's zlib with a forced strategy. */
static uint8_t *zlib_raw(const char *strategy, const uint8_t *in, size_t n,
			 size_t *outn)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import sys, zlib; c = zlib.compressobj(9, "
		 "zlib.DEFLATED, -15, 9, zlib.%s); d = sys.stdin.buffer.read(); "
		 "sys.stdout.buffer.write(c.compress(d) + c.flush())'",
		 strategy);
	return filter(cmd, in, n, outn);
}

static void t_zlib_forced_strategies(void)
{
	static const char *const st[] = { "Z_FIXED", "Z_HUFFMAN_ONLY", "Z_RLE" };
	static const unsigned want[] = { 1, 2, 2 };
	size_t n = 100000, rn, used;
	uint8_t *d = text(n), *out = malloc(n);

	for (size_t i = 0; i < 3; i++) {
		uint8_t *raw = zlib_raw(st[i], d, n, &rn);

		CHECK(raw != NULL);
		if (!raw)
			continue;
		CHECK(((raw[0] >> 1) & 3) == want[i]);
		CHECK(xm_inflate(raw, rn, out, n, &used) == (long)n);
		CHECK(used == rn);
		CHECK(memcmp(out, d, n) == 0);
		CHECK(xm_inflate(raw, rn, out, n - 1, NULL) == -ENOBUFS);
		free(raw);
	}
	free(out);
	free(d);
}

/* A bit writer for hand-made streams: fields LSB first, Huffman codes
 * MSB first (RFC 1951 3.1.1). At most 32 bits per put(). */
struct bw {
	uint8_t b[1024];
	size_t nbit;
};

static void put(struct bw *w, unsigned v, unsigned n)
{
	for (unsigned i = 0; i < n; i++, w->nbit++) {
		if (w->nbit % 8 == 0)
			w->b[w->nbit / 8] = 0;
		w->b[w->nbit / 8] |= (uint8_t)(((v >> i) & 1) << (w->nbit % 8));
	}
}

static void code(struct bw *w, unsigned c, unsigned len)
{
	while (len--)
		put(w, (c >> len) & 1, 1);
}

/* A symbol of the fixed literal/length code (RFC 1951 3.2.6). */
static void fixlit(struct bw *w, unsigned s)
{
	if (s < 144)
		code(w, 0x30 + s, 8);
	else if (s < 256)
		code(w, 0x190 + s - 144, 9);
	else if (s < 280)
		code(w, s - 256, 7);
	else
		code(w, 0xc0 + s - 280, 8);
}

static size_t bw_len(const struct bw *w) { return (w->nbit + 7) / 8; }
static void bw_align(struct bw *w) { w->nbit = (w->nbit + 7) & ~(size_t)7; }

static void stored_block(struct bw *w, int last, const char *s)
{
	unsigned n = (unsigned)strlen(s);

	put(w, (unsigned)last, 1);
	put(w, 0, 2);
	bw_align(w);
	put(w, n, 16);
	put(w, ~n & 0xffff, 16);
	for (; *s; s++)
		put(w, (uint8_t)*s, 8);
}

static long inflate_bw(const struct bw *w, uint8_t *out, size_t cap)
{
	return xm_inflate(w->b, bw_len(w), out, cap, NULL);
}

static void t_handmade_stored_and_fixed(void)
{
	struct bw w = { .nbit = 0 };
	uint8_t out[64];

	/* stored "abc", fixed 'x' (leaves a partial byte), stored "yz" */
	stored_block(&w, 0, "abc");
	put(&w, 0, 1);
	put(&w, 1, 2);
	fixlit(&w, 'x');
	fixlit(&w, 256);
	stored_block(&w, 1, "yz");
	CHECK(inflate_bw(&w, out, sizeof(out)) == 6);
	CHECK(memcmp(out, "abcxyz", 6) == 0);
	CHECK(inflate_bw(&w, out, 5) == -ENOBUFS);
	CHECK(inflate_bw(&w, out, 2) == -ENOBUFS);
	/* Every shorter prefix is truncated. */
	for (size_t k = 0; k < bw_len(&w); k++)
		CHECK(xm_inflate(w.b, k, out, sizeof(out), NULL) == -EINVAL);

	/* A match of length 10 at distance 1 after one literal. */
	memset(&w, 0, sizeof(w));
	put(&w, 1, 1);
	put(&w, 1, 2);
	fixlit(&w, 'q');
	fixlit(&w, 264); /* length 10 */
	code(&w, 0, 5);  /* distance 1 */
	fixlit(&w, 256);
	CHECK(inflate_bw(&w, out, sizeof(out)) == 11);
	CHECK(memcmp(out, "qqqqqqqqqqq", 11) == 0);
	CHECK(inflate_bw(&w, out, 10) == -ENOBUFS);
}

/* One fixed-code block: 'a', then length code @lsym with @extra zero
 * bits after it, distance code @dsym, then end of block. */
static long fixed_match(unsigned lsym, unsigned extra, unsigned dsym)
{
	struct bw w = { .nbit = 0 };
	uint8_t out[600];

	put(&w, 1, 1);
	put(&w, 1, 2);
	fixlit(&w, 'a');
	fixlit(&w, lsym);
	put(&w, 0, extra);
	code(&w, dsym, 5);
	fixlit(&w, 256);
	return inflate_bw(&w, out, sizeof(out));
}

/* The start of a dynamic block: HLIT, HDIST, HCLEN and code-length code
 * lengths in RFC order (@ncl of them). */
static void dyn_head(struct bw *w, unsigned hlit, unsigned hdist,
		     const unsigned *cl, unsigned ncl)
{
	put(w, 1, 1);
	put(w, 2, 2);
	put(w, hlit, 5);
	put(w, hdist, 5);
	put(w, ncl - 4, 4);
	for (unsigned i = 0; i < ncl; i++)
		put(w, cl[i], 3);
}

/*
 * A dynamic block whose only literal/length codes are 'A' and 256 (one
 * bit each), with 257 + @hlit length and 1 + @hdist distance code lengths
 * sent (@hlit + @hdist >= 10; @over more zeros in the last run than
 * fit), then "A" and the end. Code-length code: 1 -> '0', 18 -> '1'.
 */
static long dyn_counts2(unsigned hlit, unsigned hdist, unsigned over,
			unsigned len18)
{
	unsigned cl[18] = { 0, 0, len18, 0, 0, 0, 0, 0, 0,
			    0, 0, 0, 0, 0, 0, 0, 0, 1 };
	unsigned rest = hlit + hdist + 1 + over, z = len18 == 1 ? 1 : 2;
	struct bw w = { .nbit = 0 };
	uint8_t out[8];

	/* With len18 2 the code is 1 -> '0', 18 -> '10': incomplete. */
	dyn_head(&w, hlit, hdist, cl, 18);
	code(&w, z, len18), put(&w, 65 - 11, 7);  /* 0..64: zero */
	code(&w, 0, 1);                           /* 'A': 1 */
	code(&w, z, len18), put(&w, 138 - 11, 7); /* 66..255: zero */
	code(&w, z, len18), put(&w, 52 - 11, 7);
	code(&w, 0, 1);                           /* 256: 1 */
	code(&w, z, len18), put(&w, rest - 11, 7);
	code(&w, 0, 1); /* 'A' */
	code(&w, 1, 1); /* end */
	if (inflate_bw(&w, out, sizeof(out)) == 1 && out[0] == 'A')
		return 1;
	return inflate_bw(&w, out, sizeof(out));
}

static long dyn_counts(unsigned hlit, unsigned hdist, unsigned over)
{
	return dyn_counts2(hlit, hdist, over, 1);
}

/*
 * A dynamic block that only ends: 256 is the one literal/length code,
 * @len bits long (RFC 1951 allows a lone code of one bit only). Code-
 * length code: 2 or 1 -> '0', 18 -> '1'.
 */
static long dyn_lone_end(unsigned len)
{
	unsigned cl[18] = { 0 };
	struct bw w = { .nbit = 0 };
	uint8_t out[8];

	cl[2] = 1;                  /* 18 */
	cl[len == 1 ? 17 : 15] = 1; /* symbol 1 or 2, in RFC order */
	dyn_head(&w, 10, 0, cl, 18);
	code(&w, 1, 1), put(&w, 138 - 11, 7); /* 0..255: zero */
	code(&w, 1, 1), put(&w, 118 - 11, 7);
	code(&w, 0, 1);                       /* 256: len */
	code(&w, 1, 1), put(&w, 0, 7);        /* 10 + 1 (11 - 11): zero */
	code(&w, 0, len);                     /* end of block */
	return inflate_bw(&w, out, sizeof(out));
}

static void t_malformed_refused(void)
{
	struct bw w = { .nbit = 0 };
	uint8_t out[64];
	/* RFC order 16 17 18 0: code lengths of symbols 16, 17, 18, 0. */
	static const unsigned c16_0[4] = { 1, 0, 0, 1 }; /* 0:'0' 16:'1' */
	static const unsigned c18_0[4] = { 0, 0, 1, 1 }; /* 0:'0' 18:'1' */
	static const unsigned over[4] = { 1, 1, 1, 0 };
	static const unsigned lone2[4] = { 2, 0, 0, 0 };

	/* BTYPE 3 */
	put(&w, 1, 1);
	put(&w, 3, 2);
	CHECK(inflate_bw(&w, out, sizeof(out)) == -EINVAL);
	/* Stored: NLEN is not the complement of LEN. */
	memset(&w, 0, sizeof(w));
	put(&w, 1, 3);
	bw_align(&w);
	put(&w, 1, 16);
	put(&w, 1, 16);
	put(&w, 'z', 8);
	CHECK(inflate_bw(&w, out, sizeof(out)) == -EINVAL);
	/* Stored: LEN beyond the input. */
	memset(&w, 0, sizeof(w));
	put(&w, 1, 3);
	bw_align(&w);
	put(&w, 5, 16);
	put(&w, ~5u & 0xffff, 16);
	put(&w, 'z', 8);
	CHECK(inflate_bw(&w, out, sizeof(out)) == -EINVAL);
	/* Fixed: distance 2 with one byte written; fine at distance 1. */
	CHECK(fixed_match(257, 0, 1) == -EINVAL);
	CHECK(fixed_match(257, 0, 0) == 4);
	CHECK(fixed_match(284, 5, 0) == 228);
	CHECK(fixed_match(285, 0, 0) == 259);
	/* Fixed: length codes 286, 287 (even with bits that would make a
	 * length of them) and distance codes 30, 31. */
	CHECK(fixed_match(286, 6, 0) == -EINVAL);
	CHECK(fixed_match(287, 6, 0) == -EINVAL);
	CHECK(fixed_match(257, 0, 30) == -EINVAL);
	CHECK(fixed_match(257, 0, 31) == -EINVAL);
	/* Dynamic: at most 286 length and 30 distance codes. */
	CHECK(dyn_counts(10, 0, 0) == 1);
	CHECK(dyn_counts(29, 0, 0) == 1);
	CHECK(dyn_counts(0, 29, 0) == 1);
	CHECK(dyn_counts(30, 0, 0) == -EINVAL);
	CHECK(dyn_counts(0, 30, 0) == -EINVAL);
	/* Incomplete codes: the code-length code, a lone 2-bit code. */
	CHECK(dyn_counts2(10, 0, 0, 2) == -EINVAL);
	CHECK(dyn_lone_end(1) == 0);
	CHECK(dyn_lone_end(2) == -EINVAL);
	/* A run of zeros one past the lengths sent. */
	CHECK(dyn_counts(10, 0, 1) == -EINVAL);
	/* Dynamic: over-subscribed and incomplete code-length codes. */
	memset(&w, 0, sizeof(w));
	dyn_head(&w, 0, 0, over, 4);
	CHECK(inflate_bw(&w, out, sizeof(out)) == -EINVAL);
	memset(&w, 0, sizeof(w));
	dyn_head(&w, 0, 0, lone2, 4);
	CHECK(inflate_bw(&w, out, sizeof(out)) == -EINVAL);
	/* Dynamic: repeat (16) with nothing before it. */
	memset(&w, 0, sizeof(w));
	dyn_head(&w, 0, 0, c16_0, 4);
	code(&w, 1, 1);
	put(&w, 0, 2);
	CHECK(inflate_bw(&w, out, sizeof(out)) == -EINVAL);
	/* Dynamic: all 258 lengths zero, so no end-of-block code. */
	memset(&w, 0, sizeof(w));
	dyn_head(&w, 0, 0, c18_0, 4);
	code(&w, 1, 1);
	put(&w, 127, 7); /* 138 zeros */
	code(&w, 1, 1);
	put(&w, 109, 7); /* 120 zeros */
	CHECK(inflate_bw(&w, out, sizeof(out)) == -EINVAL);
	/* Dynamic: 'A' has a code, 256 none: refused at once, not after the
	 * output filled up with A's. */
	memset(&w, 0, sizeof(w));
	{
		static const unsigned cl[18] = { 0, 0, 1, 2, 0, 0, 0, 0, 0,
						 0, 0, 0, 0, 0, 0, 0, 0, 2 };

		/* 18 -> '0', 0 -> '10', 1 -> '11' */
		dyn_head(&w, 0, 0, cl, 18);
		code(&w, 0, 1), put(&w, 65 - 11, 7);
		code(&w, 3, 2);
		code(&w, 0, 1), put(&w, 138 - 11, 7);
		code(&w, 0, 1), put(&w, 54 - 11, 7);
		put(&w, 0, 32), put(&w, 0, 32);
		CHECK(inflate_bw(&w, out, 4) == -EINVAL);
	}
	/* Dynamic: a run of zeros past the 258 lengths. */
	memset(&w, 0, sizeof(w));
	dyn_head(&w, 0, 0, c18_0, 4);
	code(&w, 1, 1);
	put(&w, 127, 7);
	code(&w, 1, 1);
	put(&w, 110, 7); /* 121: one too many */
	CHECK(inflate_bw(&w, out, sizeof(out)) == -EINVAL);
}

static void t_truncated_refused(void)
{
	size_t sz[] = { 0, 3000, 5000 }, gzn;

	for (size_t i = 0; i < 3; i++) {
		uint8_t *d = i == 1 ? random_bytes(sz[i]) : text(sz[i]);
		uint8_t *gz = gzip_of("-9", d, sz[i], &gzn);
		uint8_t *out = malloc(sz[i] + 1);

		CHECK(gz != NULL);
		for (size_t k = 0; gz && k < gzn; k++) {
			/* A prefix in its own allocation: ASan sees overreads. */
			uint8_t *p = xmalloc(k ? k : 1);

			memcpy(p, gz, k);
			CHECK(xm_gunzip(p, k, out, sz[i] + 1) < 0);
			if (k > 10 && k < gzn - 8)
				CHECK(xm_inflate(p + 10, k - 10, out, sz[i] + 1,
						 NULL) < 0);
			free(p);
		}
		free(out);
		free(gz);
		free(d);
	}
}

/*
 * Every single-bit flip: an error, or the very same data. That happens
 * for the header fields gzip does not check (MTIME, XFL, OS, FTEXT), the
 * padding after the last block, and the odd match that, flipped, copies
 * the same bytes from elsewhere in this repetitive text.
 */
static void t_bit_flips(void)
{
	size_t n = 3000, gzn, errors = 0, flips = 0;
	uint8_t *d = text(n), *gz = gzip_of("-9", d, n, &gzn);
	uint8_t *out = malloc(n + 16);

	CHECK(gz != NULL);
	for (size_t k = 0; gz && k < gzn * 8; k++) {
		long r;

		gz[k / 8] ^= (uint8_t)(1u << (k % 8));
		r = xm_gunzip(gz, gzn, out, n + 16);
		gz[k / 8] ^= (uint8_t)(1u << (k % 8));
		flips++;
		if (r < 0)
			errors++;
		else
			CHECK(r == (long)n && memcmp(out, d, n) == 0);
	}
	CHECK(errors >= flips * 95 / 100);
	free(out);
	free(gz);
	free(d);
}

static void t_random_input_bounded(void)
{
	uint8_t in[300] = { 0 }, out[2048];

	for (int i = 0; i < 50000; i++) {
		size_t n = rnd() % sizeof(in);
		uint8_t *p;
		long r;

		for (size_t k = 0; k < n; k++)
			in[k] = (uint8_t)rnd();
		/* Steer some towards each block type and a gzip header. */
		if (n && i % 4 != 3)
			in[0] = (uint8_t)((in[0] & ~6u) | (unsigned)(i % 4) << 1);
		p = xmalloc(n ? n : 1);
		memcpy(p, in, n);
		r = xm_inflate(p, n, out, sizeof(out), NULL);
		CHECK(r == -EINVAL || r == -ENOBUFS ||
		      (r >= 0 && r <= (long)sizeof(out)));
		if (n > 10) {
			p[0] = 0x1f, p[1] = 0x8b, p[2] = 8, p[3] &= 0x1f;
			r = xm_gunzip(p, n, out, sizeof(out));
			CHECK(r == -EINVAL || r == -ENOBUFS || r == -EBADMSG ||
			      (r >= 0 && r <= (long)sizeof(out)));
		}
		free(p);
	}
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_crc32_check_value),
	XM_TEST(t_gzip_random_is_stored),
	XM_TEST(t_gzip_text_is_dynamic),
	XM_TEST(t_gzip_zeros_long_matches),
	XM_TEST(t_gzip_short_and_empty_are_fixed),
	XM_TEST(t_gzip_with_name),
	XM_TEST(t_gzip_all_header_fields),
	XM_TEST(t_gzip_framing_refused),
	XM_TEST(t_zlib_forced_strategies),
	XM_TEST(t_handmade_stored_and_fixed),
	XM_TEST(t_malformed_refused),
	XM_TEST(t_truncated_refused),
	XM_TEST(t_bit_flips),
	XM_TEST(t_random_input_bounded),
	{ 0 },
};
