// SPDX-License-Identifier: MIT
/*
 * Tests of src/tinyalloc.c, built only where the static binary uses it
 * (musl builds): alignment, zeroed memory, in-place growth and rollback of
 * the most recent block, large blocks, and calloc overflow.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

int xm_check_failures;

/*
 * gcc's analyzer takes malloc() for the C library's, whose memory is not
 * zeroed; tinyalloc's is, and that is what zero() checks.
 */
#if __GNUC__ >= 10 && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wanalyzer-use-of-uninitialized-value" /* see above */
#endif

static int zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(void)
{
	unsigned char *a = malloc(10), *b, *c;

	CHECK(a && ((uintptr_t)a & 15) == 0);
	if (!a)
		return 1;
	memset(a, 0xaa, 10);
	b = malloc(100);
	CHECK(b && b != a && zero(b, 100));
	if (!b)
		return 1;
	memset(b, 0xbb, 100);
	/* growing the newest block stays in place and keeps its bytes */
	c = realloc(b, 1000);
	CHECK(c == b && c[99] == 0xbb && zero(c + 100, 900));
	/* freeing the newest block gives its bytes back, zeroed */
	free(c);
	c = calloc(1000, 1);
	CHECK(c == b && zero(c, 1000));
	/* an older block moves when it grows */
	b = realloc(a, 20);
	CHECK(b && b != a && b[9] == 0xaa);
	/* a large block gets its own mapping */
	a = malloc(1 << 20);
	CHECK(a && zero(a, 1 << 20));
	volatile size_t huge = SIZE_MAX / 2;

	errno = 0;
	c = calloc(huge, 4);
	CHECK(c == NULL && errno == ENOMEM);
	free(NULL);
	/* a polling loop reuses the same bytes */
	a = malloc(64);
	free(a);
	for (int i = 0; i < 1000; i++) {
		b = malloc(64);
		CHECK(b == a);
		free(b);
	}
	printf("%d passed, %d failed\n", xm_check_failures ? 0 : 1,
	       xm_check_failures ? 1 : 0);
	return xm_check_failures != 0;
}
