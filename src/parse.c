// SPDX-License-Identifier: MIT
/*
 * Strict number and UUID parsing (see parse.h): whole strings of digits
 * only (no sign, space, base prefix or suffix), so "-1", "0x10" or " 5" are
 * refused instead of being read as something the user did not write.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"

int xm_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
	}
	for (; *s; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int xm_parse_secs(const char *s, uint64_t max_ms, uint64_t *ms)
{
	uint64_t v = 0;
	int dec = -1; /* decimals read; -1 before the point */

	if (!s || !*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		/* A point needs a digit on either side: not ".5", not "1.". */
		if (*p == '.' && dec < 0 && p != s && p[1]) {
			dec = 0;
			continue;
		}
		if (*p < '0' || *p > '9' || dec == 3)
			return -EINVAL;
		if (v > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*p - '0');
		dec += dec >= 0;
	}
	for (dec = dec < 0 ? 0 : dec; dec < 3; dec++) {
		if (v > UINT64_MAX / 10)
			return -ERANGE;
		v *= 10;
	}
	if (v > max_ms)
		return -ERANGE;
	*ms = v;
	return 0;
}

void xm_uuid_fmt(const uint8_t h[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	char *p = out;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[h[i] >> 4];
		*p++ = hex[h[i] & 15];
	}
	*p = '\0';
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int xm_uuid_parse(const char *s, uint8_t h[16])
{
	int i = 0;

	/* Exactly 8-4-4-4-12 hex digits. */
	for (int pos = 0; pos < 36; pos++) {
		if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
			if (s[pos] != '-')
				return -EINVAL;
			continue;
		}
		int hi = hexval(s[pos]), lo;

		if (hi < 0)
			return -EINVAL;
		pos++;
		lo = hexval(s[pos]);
		if (lo < 0)
			return -EINVAL;
		h[i++] = (uint8_t)(hi << 4 | lo);
	}
	return s[36] == '\0' ? 0 : -EINVAL;
}

const char *xm_strchrnul(const char *s, int c)
{
	while (*s && *s != (char)c)
		s++;
	return s;
}

int xm_strneq(const char *a, const char *b, size_t n)
{
	for (; n && *a == *b; n--, b++)
		if (!*a++)
			return 1;
	return !n;
}

char *xm_getenv(const char *name)
{
	size_t l = strlen(name);

	for (char **e = environ; e && *e; e++)
		if (xm_strneq(*e, name, l) && (*e)[l] == '=')
			return *e + l + 1;
	return NULL;
}

void *xm_memchr(const void *p, int c, size_t n)
{
	const unsigned char *s = p;

	for (; n; n--, s++)
		if (*s == (unsigned char)c)
			return (void *)s;
	return NULL;
}
