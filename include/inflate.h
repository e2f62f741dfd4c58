// SPDX-License-Identifier: MIT
/*
 * A small, bounded decompressor for what Xen stores gzip-encoded in hypfs
 * (/buildinfo/config): raw DEFLATE (RFC 1951: stored, fixed and dynamic
 * Huffman blocks) and one gzip member around it (RFC 1952, CRC-32 and
 * length checked). Output goes into the caller's buffer and never past
 * its end; malformed or truncated input is an error, never a read outside
 * the input. Pure: no allocation, no printing, no state between calls.
 */
#ifndef XM_INFLATE_H
#define XM_INFLATE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Inflate the raw DEFLATE stream in @in (@inlen bytes) into @out (room for
 * @cap bytes). Returns the number of bytes written, or
 *   -EINVAL   malformed or truncated stream
 *   -ENOBUFS  the output would not fit in @cap bytes
 * *@used (if not NULL) is set to the input bytes the stream took, on success.
 */
long xm_inflate(const void *in, size_t inlen, void *out, size_t cap,
		size_t *used);

/*
 * One gzip member (header, DEFLATE data, CRC-32 and size trailer, nothing
 * after it). Returns the bytes written, -EINVAL or -ENOBUFS as above, or
 * -EBADMSG when the data inflates but its CRC-32, length or header CRC
 * does not match.
 */
long xm_gunzip(const void *in, size_t inlen, void *out, size_t cap);

/*
 * The length a gzip member claims for its data (its ISIZE trailer: the
 * size modulo 2^32), for sizing the output buffer. Untrusted until
 * xm_gunzip() has checked it. 0 when @inlen is too short to hold one.
 */
uint32_t xm_gzip_isize(const void *in, size_t inlen);

/* CRC-32 (ISO 3309, as gzip uses it) of @n bytes at @p. */
uint32_t xm_crc32(const void *p, size_t n);

#endif
