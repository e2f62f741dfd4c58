// SPDX-License-Identifier: MIT
/*
 * What the harnesses of tests/fuzz share: FUZZ_CHECK(), which aborts
 * (so libFuzzer keeps the input) with the harness's file:line when an
 * expectation about the code under test fails.
 */
#ifndef XM_FUZZ_H
#define XM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(e)                                                     \
	do {                                                              \
		if (!(e)) {                                               \
			fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n", \
				__FILE__, __LINE__, #e);                  \
			abort();                                          \
		}                                                         \
	} while (0)

#endif
