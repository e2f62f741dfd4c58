// SPDX-License-Identifier: MIT
/*
 * Fuzzing the formatter (xio.c) with the C library as the witness. The
 * input is a format string; its first byte is the output buffer's size.
 * Every argument is the same pointer to a string, so any conversion reads
 * something valid (%s the string, integers the pointer's bits). Where
 * xm_snprintf takes a format, glibc's snprintf must return and write the
 * very same bytes; where it refuses one (-1), it must still end its
 * output with a NUL inside the buffer and write nothing past it. A stream
 * must return what xm_snprintf did, and fail (EINVAL) exactly when it
 * refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "xio.h"

#ifdef XM_FMT_ABORT
#error "fuzz the formatter in a build without XM_FMT_ABORT (not Debug)"
#endif

#define A4(p) p, p, p, p
#define ARGS(p) A4(p), A4(p), A4(p), A4(p), A4(p), A4(p), A4(p), A4(p)

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const str = "fuzz";
	static int null_fd = -1;
	char fmt[512], ours[256], libc[256], sbuf[64];
	struct xm_stream s;
	size_t cap, pct = 0;
	int a, b, c;

	if (size < 1 || size > sizeof(fmt))
		return 0;
	cap = data[0];
	memcpy(fmt, data + 1, size - 1);
	fmt[size - 1] = '\0';
	/* 32 arguments: each conversion reads at most two ('*', value). */
	for (size_t i = 0; fmt[i]; i++)
		pct += fmt[i] == '%';
	if (pct > 16)
		return 0;

	memset(ours, 'X', sizeof(ours));
	a = xm_snprintf(ours, cap, fmt, ARGS(str));
	if (a < 0) {
		FUZZ_CHECK(a == -1);
		FUZZ_CHECK(cap == 0 || memchr(ours, '\0', cap));
		for (size_t i = cap; i < sizeof(ours); i++)
			FUZZ_CHECK(ours[i] == 'X');
	} else {
		memset(libc, 'X', sizeof(libc));
		b = snprintf(libc, cap, fmt, ARGS(str));
		FUZZ_CHECK(a == b);
		FUZZ_CHECK(memcmp(ours, libc, sizeof(ours)) == 0);
	}

	if (null_fd < 0)
		null_fd = open("/dev/null", O_WRONLY);
	xm_stream_init(&s, null_fd, sbuf, sizeof(sbuf), XM_SBUF_FULL);
	c = xm_fprintf(&s, fmt, ARGS(str));
	FUZZ_CHECK(c == a);
	FUZZ_CHECK(a < 0 ? s.err == EINVAL : s.err == 0);
	return 0;
}
