// SPDX-License-Identifier: MIT
/*
 * CHECK(), the one assertion of the C unit tests: a failed expectation is
 * logged with file:line and counted in xm_check_failures, and the test goes
 * on. Shared by the runner (runner.h) and the stand-alone allocator test.
 */
#ifndef XM_CHECK_H
#define XM_CHECK_H

#include <stdio.h>

extern int xm_check_failures;

#define CHECK(e)                                                          \
	do {                                                              \
		if (!(e)) {                                               \
			printf("%s:%d: CHECK(%s) failed\n", __FILE__,     \
			       __LINE__, #e);                             \
			xm_check_failures++;                              \
		}                                                         \
	} while (0)

#endif
