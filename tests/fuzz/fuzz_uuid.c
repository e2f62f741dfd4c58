// SPDX-License-Identifier: MIT
/*
 * Fuzzing the UUID parser and printer (xm_uuid_parse, xm_uuid_fmt). The
 * input as a string must be accepted exactly when it is 8-4-4-4-12 hex
 * digits (checked here by its own rule), and then print back as itself
 * in lower case; its first 16 bytes as a handle must print as a UUID that
 * parses back to them. The string is copied to a buffer of its own size,
 * so a read past its end is an ASan report.
 */
#include <ctype.h>
#include <string.h>

#include "fuzz.h"
#include "xenmin.h"

/* The rule, independently: 36 characters, '-' at 8 13 18 23, hex else. */
static int is_uuid(const char *s)
{
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), back[37];
	uint8_t h[16], h2[16];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (xm_uuid_parse(s, h) == 0) {
		FUZZ_CHECK(is_uuid(s));
		xm_uuid_fmt(h, back);
		for (int i = 0; i < 37; i++)
			FUZZ_CHECK(back[i] == tolower((unsigned char)s[i]));
	} else {
		FUZZ_CHECK(!is_uuid(s));
	}
	free(s);

	if (size >= 16) {
		xm_uuid_fmt(data, back);
		FUZZ_CHECK(strlen(back) == 36 && is_uuid(back));
		FUZZ_CHECK(xm_uuid_parse(back, h2) == 0);
		FUZZ_CHECK(memcmp(h2, data, 16) == 0);
	}
	return 0;
}
