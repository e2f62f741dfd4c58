// SPDX-License-Identifier: MIT
/*
 * Minimal unit-test framework shared by tests/unit/test_*.c (see runner.c).
 * Each test starts with the fake hypervisor reset to its default system.
 */
#ifndef XM_RUNNER_H
#define XM_RUNNER_H

#include "check.h"
#include "fake_xen.h"

struct xm_test {
	const char *name;
	void (*fn)(void);
};

extern const struct xm_test xm_tests[];
#define XM_TEST(f) { #f, f }

#endif
