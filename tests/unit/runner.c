// SPDX-License-Identifier: MIT
/*
 * The unit-test runner: each test_*.c defines xm_tests[] (name, function);
 * CHECK() logs file:line of every failed expectation and counts it; the
 * process exits non-zero if any failed. Prints "N passed, N failed".
 */
#include <stdio.h>

#include "runner.h"

int xm_check_failures;

int main(void)
{
	int pass = 0, fail = 0;

	for (const struct xm_test *t = xm_tests; t->name; t++) {
		int before = xm_check_failures;

		fx_reset();
		t->fn();
		if (xm_check_failures == before) {
			pass++;
		} else {
			fail++;
			printf("FAIL %s\n", t->name);
		}
	}
	printf("%d passed, %d failed\n", pass, fail);
	return fail != 0;
}
