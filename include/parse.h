// SPDX-License-Identifier: MIT
/*
 * Strict parsing of the numbers and UUIDs found in command lines and
 * schedule files. Pure: no printing, no exit codes, no Xen, so the
 * operations layer (sched_parse.c, sched_plan.c) uses it without the CLI
 * header xenmin.h.
 */
#ifndef XM_PARSE_H
#define XM_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* The whole string, base 10, within [min, max]. Returns 0 or -errno. */
int xm_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/*
 * Seconds with at most three decimals ("2", "0.25") as milliseconds, at
 * most @max_ms. Returns 0, -EINVAL (not such a number) or -ERANGE.
 */
int xm_parse_secs(const char *s, uint64_t max_ms, uint64_t *ms);

/* UUID text (8-4-4-4-12 hex digits) <-> 16 bytes. Parse: 0 or -EINVAL. */
void xm_uuid_fmt(const uint8_t h[16], char out[37]);
int xm_uuid_parse(const char *s, uint8_t h[16]);

/*
 * Small string helpers in place of the C library's: musl's strchr, strcspn,
 * strncmp and getenv bring about 700 B of word-at-a-time code along, for
 * strings of a few bytes. xm_strchrnul: the first @c in @s, or its end.
 * xm_strneq: the first @n characters of @a and @b are equal (strncmp() ==
 * 0). xm_getenv: as getenv. xm_memchr: as memchr (musl's: 197 B).
 */
const char *xm_strchrnul(const char *s, int c);
int xm_strneq(const char *a, const char *b, size_t n);
char *xm_getenv(const char *name);
void *xm_memchr(const void *p, int c, size_t n);

#endif
