/*
 * Minimal unit-test framework shared by tests/unit/test_*.c (see runner.c).
 * Each test starts with the fake hypervisor reset to its default system.
 */
#ifndef XM_RUNNER_H
#define XM_RUNNER_H

#include <stdio.h>

#include "fake_xen.h"

struct xm_test {
	const char *name;
	void (*fn)(void);
};

extern const struct xm_test xm_tests[];
extern int xm_check_failures;

#define CHECK(e)                                                          \
	do {                                                              \
		if (!(e)) {                                               \
			printf("%s:%d: CHECK(%s) failed\n", __FILE__,     \
			       __LINE__, #e);                             \
			xm_check_failures++;                              \
		}                                                         \
	} while (0)

#define XM_TEST(f) { #f, f }

#endif
