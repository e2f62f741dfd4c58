// SPDX-License-Identifier: MIT
/*
 * DEFLATE (RFC 1951) and gzip (RFC 1952) decoding, written from the RFCs
 * and kept small because it ships in a 64 KiB binary to read one node of
 * hypfs: Huffman codes are decoded one bit at a time from their canonical
 * form (counts per length plus symbols in code order, no lookup tables),
 * the length and distance bases are computed from their codes instead of
 * tabled, and CRC-32 runs bitwise. Every input byte is fetched through one
 * bounds check and every output byte is checked against the caller's cap.
 */
#include <errno.h>
#include <string.h>

#include "inflate.h"

#define MAXBITS 15
#define NSYM 288 /* literal/length alphabet, the largest */

/* A canonical Huffman code: how many codes of each length, and the
 * symbols ordered by code (RFC 1951 3.2.2: shorter codes first, then by
 * symbol value within a length). */
struct huff {
	uint16_t count[MAXBITS + 1];
	uint16_t sym[NSYM];
};

struct inf {
	const uint8_t *in;
	size_t inlen, pos;
	uint32_t bitbuf;
	unsigned bitcnt; /* < 8 between calls of bits() */
	int err;         /* sticky: set once the input ran out */
	uint8_t *out;
	size_t cap, len;
	struct huff lit, dist;
};

/* @n (<= 16) bits, least significant first. Past the end of the input
 * this records -EINVAL and yields zeros; callers check s->err before
 * acting on what they decoded. */
static unsigned bits(struct inf *s, unsigned n)
{
	unsigned v;

	while (s->bitcnt < n) {
		if (s->pos >= s->inlen) {
			s->err = -EINVAL;
			return 0;
		}
		s->bitbuf |= (uint32_t)s->in[s->pos++] << s->bitcnt;
		s->bitcnt += 8;
	}
	v = s->bitbuf & ((1u << n) - 1);
	s->bitbuf >>= n;
	s->bitcnt -= n;
	return v;
}

/*
 * Build @h from the code lengths @len[0..@n). A set must use up the code
 * space exactly (@left ends at 0: not over-subscribed, which drives it
 * negative for good, nor incomplete), except in the two cases RFC 1951
 * allows: no code at all, or a single code of one bit (a lone distance
 * code).
 */
static int build(struct huff *h, const uint8_t *len, unsigned n)
{
	uint16_t offs[MAXBITS + 2];
	int left = 1;
	unsigned i, used;

	memset(h->count, 0, sizeof(h->count));
	for (i = 0; i < n; i++)
		h->count[len[i]]++;
	offs[1] = 0;
	for (i = 1; i <= MAXBITS; i++) {
		left = 2 * left - h->count[i];
		offs[i + 1] = (uint16_t)(offs[i] + h->count[i]);
	}
	used = n - h->count[0];
	if (left && (used > 1 || (used == 1 && !h->count[1])))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (len[i])
			h->sym[offs[len[i]]++] = (uint16_t)i;
	return 0;
}

/*
 * One symbol. Codes are sent most significant bit first; the codes of
 * length L are the consecutive values from first, so a code is found once
 * it falls in [first, first + count[L]). -1 for a bit string that is no
 * code of @h.
 */
static int decode(struct inf *s, const struct huff *h)
{
	int code = 0, first = 0, index = 0;

	for (unsigned l = 1; l <= MAXBITS; l++) {
		code |= (int)bits(s, 1);
		if (code - first < h->count[l])
			return h->sym[index + code - first];
		index += h->count[l];
		first = (first + h->count[l]) << 1;
		code <<= 1;
	}
	return -1;
}

/* RFC 1951 3.2.4: a stored block, from the next byte boundary. */
static int stored(struct inf *s)
{
	const uint8_t *p = s->in + s->pos;
	unsigned n;

	/* bits() never holds a whole byte back: dropping them aligns. */
	s->bitbuf = 0;
	s->bitcnt = 0;
	if (s->inlen - s->pos < 4)
		return -EINVAL;
	n = p[0] | (unsigned)p[1] << 8;
	if ((n ^ (p[2] | (unsigned)p[3] << 8)) != 0xffff)
		return -EINVAL;
	s->pos += 4;
	if (s->inlen - s->pos < n)
		return -EINVAL;
	if (s->cap - s->len < n)
		return -ENOBUFS;
	memcpy(s->out + s->len, p + 4, n);
	s->pos += n;
	s->len += n;
	return 0;
}

/* RFC 1951 3.2.5: literals, and length/distance pairs copied from the
 * output so far, until the end-of-block code. */
static int codes(struct inf *s)
{
	for (;;) {
		int sym = decode(s, &s->lit);
		unsigned len, dist, e;

		if (s->err)
			return s->err;
		if (sym < 256) {
			if (sym < 0)
				return -EINVAL;
			if (s->len >= s->cap)
				return -ENOBUFS;
			s->out[s->len++] = (uint8_t)sym;
			continue;
		}
		if (sym == 256)
			return 0;
		/* Lengths 257..284: 4 codes per count of extra bits, from 3. */
		sym -= 257;
		if (sym >= 29)
			return -EINVAL; /* 286, 287: in the fixed code only */
		if (sym < 4) {
			len = (unsigned)sym + 3;
		} else if (sym == 28) {
			len = 258;
		} else {
			e = (unsigned)sym / 4 - 1;
			len = ((4u | (sym & 3)) << e) + 3 + bits(s, e);
		}
		/* Distances 0..29: 2 codes per count of extra bits, from 1. */
		sym = decode(s, &s->dist);
		if (sym < 0 || sym >= 30)
			return -EINVAL;
		if (sym < 4) {
			dist = (unsigned)sym + 1;
		} else {
			e = (unsigned)sym / 2 - 1;
			dist = ((2u | (sym & 1)) << e) + 1 + bits(s, e);
		}
		if (s->err)
			return s->err;
		if (dist > s->len)
			return -EINVAL; /* before the start: no dictionary */
		if (s->cap - s->len < len)
			return -ENOBUFS;
		/* Byte by byte: the source may overlap what is written. */
		for (; len; len--, s->len++)
			s->out[s->len] = s->out[s->len - dist];
	}
}

/* RFC 1951 3.2.6: the fixed codes (a complete 32-code distance set; 30
 * and 31 are refused when decoded). */
static int fixed(struct inf *s)
{
	uint8_t l[NSYM];

	memset(l, 8, NSYM);
	memset(l + 144, 9, 256 - 144);
	memset(l + 256, 7, 280 - 256);
	build(&s->lit, l, NSYM);
	memset(l, 5, 32);
	build(&s->dist, l, 32);
	return codes(s);
}

/* RFC 1951 3.2.7: the code lengths, themselves Huffman coded. */
static int dynamic(struct inf *s)
{
	static const uint8_t order[19] = { 16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
					   11, 4,  12, 3, 13, 2, 14, 1, 15 };
	uint8_t l[286 + 30];
	unsigned nlen = bits(s, 5) + 257, ndist = bits(s, 5) + 1;
	unsigned ncode = bits(s, 4) + 4, i;

	if (nlen > 286 || ndist > 30)
		return -EINVAL;
	memset(l, 0, 19);
	for (i = 0; i < ncode; i++)
		l[order[i]] = (uint8_t)bits(s, 3);
	if (build(&s->lit, l, 19))
		return -EINVAL;
	for (i = 0; i < nlen + ndist;) {
		int sym = decode(s, &s->lit);
		unsigned rep, v = 0;

		if (s->err || sym < 0)
			return -EINVAL;
		if (sym < 16) {
			l[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			if (!i)
				return -EINVAL; /* nothing to repeat */
			v = l[i - 1];
			rep = 3 + bits(s, 2);
		} else if (sym == 17) {
			rep = 3 + bits(s, 3);
		} else {
			rep = 11 + bits(s, 7);
		}
		if (rep > nlen + ndist - i)
			return -EINVAL;
		memset(l + i, (int)v, rep);
		i += rep;
	}
	/* A block that cannot end is malformed. */
	if (!l[256] || build(&s->lit, l, nlen) ||
	    build(&s->dist, l + nlen, ndist))
		return -EINVAL;
	return codes(s);
}

long xm_inflate(const void *in, size_t inlen, void *out, size_t cap,
		size_t *used)
{
	struct inf s = { .in = in, .inlen = inlen, .out = out, .cap = cap };
	unsigned last;
	int r;

	/* Each block takes at least 3 bits, so this ends with the input. */
	do {
		unsigned type;

		last = bits(&s, 1);
		type = bits(&s, 2);
		if (s.err)
			return s.err;
		if (type == 0)
			r = stored(&s);
		else if (type == 1)
			r = fixed(&s);
		else if (type == 2)
			r = dynamic(&s);
		else
			r = -EINVAL;
		if (r)
			return r;
	} while (!last);
	if (used)
		*used = s.pos;
	return (long)s.len;
}

uint32_t xm_crc32(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint32_t c = 0xffffffffu;

	while (n--) {
		c ^= *b++;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return ~c;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

uint32_t xm_gzip_isize(const void *in, size_t inlen)
{
	return inlen < 18 ? 0 : le32((const uint8_t *)in + inlen - 4);
}

/* RFC 1952 2.3: header flags. */
#define FHCRC 0x02u
#define FEXTRA 0x04u
#define FNAME 0x08u
#define FCOMMENT 0x10u

long xm_gunzip(const void *in, size_t n, void *out, size_t cap)
{
	const uint8_t *p = in;
	size_t pos = 10, used = 0; /* xm_inflate sets it only on success */
	unsigned flg;
	long r;

	/* ID1 ID2, CM 8 (deflate), no reserved flag bits. */
	if (n < 18 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8 ||
	    (p[3] & 0xe0))
		return -EINVAL;
	flg = p[3];
	if (flg & FEXTRA)
		pos += 2 + (p[10] | (size_t)p[11] << 8);
	for (unsigned f = FNAME; f <= FCOMMENT; f <<= 1)
		if (flg & f) {
			while (pos < n && p[pos])
				pos++;
			pos++; /* the NUL; past the end if there was none */
		}
	if (flg & FHCRC) {
		if (pos > n - 2)
			return -EINVAL;
		if ((xm_crc32(p, pos) & 0xffff) != (p[pos] | (unsigned)p[pos + 1] << 8))
			return -EBADMSG;
		pos += 2;
	}
	if (pos > n - 8)
		return -EINVAL;
	r = xm_inflate(p + pos, n - 8 - pos, out, cap, &used);
	if (r < 0)
		return r;
	/* One member, then exactly its trailer. */
	pos += used;
	if (n - pos != 8)
		return -EINVAL;
	if (le32(p + pos) != xm_crc32(out, (size_t)r) ||
	    le32(p + pos + 4) != (uint32_t)r)
		return -EBADMSG;
	return r;
}
