// SPDX-License-Identifier: MIT
/*
 * Fuzzing the number parsers: xm_parse_u64 (options and operands) and
 * sched_parse_time (times of the schedule syntax). The input's first 16
 * bytes are the bounds, the rest the text. xm_parse_u64 must agree with
 * a reference written here in another way (128-bit arithmetic): 0 and the
 * value for whole decimal numbers within the bounds, -ERANGE for numbers
 * out of them or of 64 bits, -EINVAL for anything else. A time it takes
 * must print (sched_fmt_time) as a time that parses to the same value.
 * The text sits in a buffer of its own length (no NUL for the time
 * parser), so a read past it is an ASan report.
 */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "sched.h"
#include "xenmin.h"

static int ref_u64(const char *s, uint64_t min, uint64_t max, uint64_t *v)
{
	unsigned __int128 x = 0;
	int big = 0;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		return -EINVAL;
	for (; *s; s++) {
		x = x * 10 + (unsigned)(*s - '0');
		if (x > UINT64_MAX) {
			big = 1;
			x = UINT64_MAX + (unsigned __int128)1;
		}
	}
	if (big || x < min || x > max)
		return -ERANGE;
	*v = (uint64_t)x;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t min, max, v = 7, w = 7, ns, ns2;
	char *s, tbuf[32];
	int r;

	if (size < 16)
		return 0;
	memcpy(&min, data, 8);
	memcpy(&max, data + 8, 8);
	data += 16;
	size -= 16;
	/* Mostly small bounds, so that in-range values are found. */
	if (min & 1)
		min >>= 40;
	if (max & 1)
		max = UINT64_MAX;

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	r = xm_parse_u64(s, min, max, &v);
	FUZZ_CHECK(r == ref_u64(s, min, max, &w));
	FUZZ_CHECK(r != 0 || v == w);
	free(s);

	s = malloc(size ? size : 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	r = sched_parse_time(s, size, &ns);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE || r == -EDOM);
	if (r == 0) {
		sched_fmt_time(ns, tbuf, sizeof(tbuf));
		FUZZ_CHECK(sched_parse_time(tbuf, strlen(tbuf), &ns2) == 0);
		FUZZ_CHECK(ns2 == ns);
	}
	free(s);
	return 0;
}
