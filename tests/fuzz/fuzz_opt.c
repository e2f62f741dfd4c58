// SPDX-License-Identifier: MIT
/*
 * Fuzzing the option parser (xm_getopt_raw). The input is an argument
 * vector, words split at NUL bytes; its first byte picks permuting or
 * not. Parsing to the end must finish, return only options of the table
 * or the error values, give every option that takes a value a value from
 * the words, name the word at fault on errors, and leave argv a
 * permutation of the words it was given (options are moved, never lost
 * or copied), with its index inside it.
 */
#include <string.h>

#include "fuzz.h"
#include "xenmin.h"

#define MAXW 32

static const struct xm_option lo[] = {
	{ "dry-run", 0, 'n' },
	{ "wait", 1, 'w' },
	{ "json", 0, 'j' },
	{ "x", 1, 'X' },
	{ 0 },
};

static int cmp_ptr(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;

	return x < y ? -1 : x > y;
}

/* @p points into one of the words @w[0..n) (or at its NUL). */
static int in_words(const char *p, char **w, int n)
{
	for (int i = 0; i < n; i++)
		if (p >= w[i] && p <= w[i] + strlen(w[i]))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *argv[MAXW + 1], *orig[MAXW + 1];
	int argc = 1, permute, o, steps = 0;
	const char *bad;

	if (size < 1)
		return 0;
	permute = data[0] & 1;
	buf = malloc(size);
	if (!buf)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = '\0';
	argv[0] = "cmd";
	for (char *p = buf; p < buf + size && argc < MAXW; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	memcpy(orig, argv, sizeof(argv));

	struct xm_opt op = XM_OPT_INIT(argc, argv, "nw:jh", lo);

	op.in_order = !permute;
	while ((o = xm_getopt_raw(&op)) != -1) {
		bad = op.bad;
		/* Each call takes at least one character of one word. */
		FUZZ_CHECK(++steps <= (int)size + 1);
		FUZZ_CHECK(op.ind >= 1 && op.ind <= argc);
		if (o == '?' || o == ':' || o == '=') {
			FUZZ_CHECK(bad && bad[0] == '-');
			continue;
		}
		FUZZ_CHECK(strchr("nwjhX", o));
		if (o == 'w' || o == 'X')
			FUZZ_CHECK(op.arg && in_words(op.arg, orig, argc));
		else
			FUZZ_CHECK(!op.arg);
	}
	FUZZ_CHECK(op.ind >= 1 && op.ind <= argc);
	FUZZ_CHECK(argv[0] == orig[0] && !argv[argc]);
	qsort(argv + 1, (size_t)argc - 1, sizeof(*argv), cmp_ptr);
	qsort(orig + 1, (size_t)argc - 1, sizeof(*orig), cmp_ptr);
	FUZZ_CHECK(memcmp(argv, orig, sizeof(*argv) * (size_t)argc) == 0);
	free(buf);
	return 0;
}
