// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the inflate (src/inflate.c) and the .config reader
 * it feeds (src/xencfg.c): the input is tried as raw DEFLATE and as a gzip
 * member, with an output cap picked by its last byte so the -ENOBUFS
 * paths are explored as well as the decoders; whatever inflates is then
 * read as Xen .config text. Crashes and sanitizer reports are the
 * findings; the checks below trap on results outside the documented ones.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include "inflate.h"
#include "xencfg.h"

static int documented(long r, size_t cap)
{
	return r == -EINVAL || r == -ENOBUFS || r == -EBADMSG ||
	       (r >= 0 && (size_t)r <= cap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[1 << 17];
	size_t cap = sizeof(out), used = size + 1;
	struct xm_caps c;
	long r;

	if (size && (data[size - 1] & 0x80))
		cap = (size_t)(data[size - 1] & 0x7f) * 64;
	r = xm_inflate(data, size, out, cap, &used);
	if (!documented(r, cap) || r == -EBADMSG || (r >= 0 && used > size))
		__builtin_trap();
	r = xm_gunzip(data, size, out, cap);
	if (!documented(r, cap))
		__builtin_trap();
	if (r >= 0)
		xm_caps_parse((const char *)out, (size_t)r, &c);
	return 0;
}
