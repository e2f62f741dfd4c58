// SPDX-License-Identifier: MIT
/*
 * The monotonic clock, read with a plain system call. musl's
 * clock_gettime() first looks the call up in the vDSO, which costs about
 * 1 KiB of code; xenmin reads the clock a few times per command (timeouts,
 * --trace, watch's timestamps), never often enough for the saved system
 * call to matter.
 */
#ifndef XM_TIME_H
#define XM_TIME_H

#include <stdint.h>

/* Monotonic nanoseconds (out of line: five files read the clock). */
uint64_t xm_now_ns(void);

/* Milliseconds, signed: deadlines are compared by subtraction. */
static inline int64_t xm_now_ms(void)
{
	return (int64_t)(xm_now_ns() / 1000000u);
}

/*
 * Sleep @ms milliseconds (a signal may end it early), by the system call:
 * musl's nanosleep goes through clock_nanosleep and its cancellation
 * point.
 */
void xm_sleep_ms(unsigned ms);

/* Wall-clock milliseconds since the Unix epoch, for timestamps only. */
int64_t xm_wall_ms(void);

#endif
