// SPDX-License-Identifier: MIT
/*
 * The clocks of include/xm_time.h, out of line so that the commands that
 * read them share one copy of each (inlined, five files carried their
 * own). A plain system call, not musl's vDSO lookup: xm_time.h says why.
 */
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "xio.h"
#include "xm_time.h"

uint64_t xm_now_ns(void)
{
	struct timespec ts = { 0, 0 };

	xm_syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int64_t xm_wall_ms(void)
{
	struct timespec ts = { 0, 0 };

	xm_syscall(SYS_clock_gettime, CLOCK_REALTIME, (long)&ts, 0, 0, 0);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void xm_sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	xm_syscall(SYS_nanosleep, (long)&ts, 0, 0, 0, 0);
}
