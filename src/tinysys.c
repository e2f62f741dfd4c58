// SPDX-License-Identifier: MIT
/*
 * The static musl x86_64 binary's own read, write, close, poll, ftruncate,
 * flock, munmap, madvise, sigprocmask and sigpending: each one system call
 * by xio.c's xm_syscall. musl's are cancellation points (thread
 * cancellation, which xenmin never uses, through __syscall_cp) or varargs
 * calls of syscall(), and cost about twice these. Linked only into that
 * binary (CMakeLists.txt), beside tinyalloc.c; every other build keeps its
 * C library's. The same for strlen, strcmp and memcmp, as plain loops.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "xio.h"

ssize_t read(int fd, void *buf, size_t n)
{
	return xm_syscall(SYS_read, fd, (long)buf, (long)n, 0, 0);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	return xm_syscall(SYS_write, fd, (long)buf, (long)n, 0, 0);
}

/* As musl's: an interrupted close has closed the fd (Linux), so it is 0. */
int close(int fd)
{
	int e = errno;
	long r = xm_syscall(SYS_close, fd, 0, 0, 0, 0);

	if (r < 0 && errno == EINTR) {
		errno = e;
		r = 0;
	}
	return (int)r;
}

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	return (int)xm_syscall(SYS_poll, (long)fds, (long)n, timeout, 0, 0);
}

int ftruncate(int fd, off_t len)
{
	return (int)xm_syscall(SYS_ftruncate, fd, len, 0, 0, 0);
}

int flock(int fd, int op)
{
	return (int)xm_syscall(SYS_flock, fd, op, 0, 0, 0);
}

int munmap(void *p, size_t len)
{
	return (int)xm_syscall(SYS_munmap, (long)p, (long)len, 0, 0, 0);
}

int madvise(void *p, size_t len, int advice)
{
	return (int)xm_syscall(SYS_madvise, (long)p, (long)len, advice, 0, 0);
}

/*
 * As musl's (by way of its pthread_sigmask): the mask is refused only with
 * a set, and the old one comes back without the three signals musl keeps
 * for itself (32 to 34).
 */
int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	long r;

	if (set && (unsigned)how - SIG_BLOCK > 2u) {
		errno = EINVAL;
		return -1;
	}
	r = xm_syscall(SYS_rt_sigprocmask, how, (long)set, (long)old, _NSIG / 8, 0);
	if (!r && old)
		old->__bits[0] &= ~0x380000000ul;
	return (int)r;
}

int sigpending(sigset_t *set)
{
	return (int)xm_syscall(SYS_rt_sigpending, (long)set, _NSIG / 8, 0, 0, 0);
}

/* A byte at a time: xenmin's strings are short; musl's reads words (125 B). */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

/* The same loops as musl's, which its build makes twice as long. */
int strcmp(const char *a, const char *b)
{
	const unsigned char *l = (const void *)a, *r = (const void *)b;

	for (; *l == *r && *l; l++, r++)
		;
	return *l - *r;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *l = a, *r = b;

	for (; n && *l == *r; n--, l++, r++)
		;
	return n ? *l - *r : 0;
}
