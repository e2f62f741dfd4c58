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
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t xm_now_ns(void)
{
	struct timespec ts = { 0, 0 };

	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Milliseconds, signed: deadlines are compared by subtraction. */
static inline int64_t xm_now_ms(void)
{
	return (int64_t)(xm_now_ns() / 1000000u);
}

/* Wall-clock milliseconds since the Unix epoch, for timestamps only. */
static inline int64_t xm_wall_ms(void)
{
	struct timespec ts = { 0, 0 };

	syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif
