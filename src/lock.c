// SPDX-License-Identifier: MIT
/*
 * xenmin's writer lock (CLI layer): every command that writes to Xen takes
 * it with xm_writer_lock() before it reads the live state its writes are
 * based on, so two xenmin writers never interleave. It is flock(2) on one
 * file (/run/xenmin.lock, or $XENMIN_LOCK): the kernel drops it when the
 * process ends, however it ends, so a killed writer never leaves it held.
 * A writer that finds it held waits up to $XENMIN_LOCK_WAIT seconds
 * (default 10; 0: not at all), then gives up with exit 75, naming the pid
 * that holds it. It cannot stop other tools (xl, libxl, a second copy of
 * xenmin given another lock path): those are seen, if at all, only by the
 * transaction's read-backs (exit 5).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "cmds.h"
#include "msg.h"
#include "xenmin.h"
#include "xm_time.h"

#define XM_LOCK_PATH "/run/xenmin.lock"
#define XM_LOCK_WAIT_S 10

/*
 * The holder's pid as it wrote it, for the message; 0 if unknown. read
 * and write, not pread and pwrite: the fd's offset is still 0 at both
 * (one of them per run), and libc's read and write are linked anyway.
 */
static long holder(int fd)
{
	char b[16];
	ssize_t n = read(fd, b, sizeof(b) - 1);
	uint64_t v;

	if (n <= 1 || b[n - 1] != '\n')
		return 0;
	b[n - 1] = '\0';
	return xm_parse_u64(b, 1, 0x7fffffff, &v) ? 0 : (long)v;
}

/* Write our pid for the next writer's message; 0 or -1. */
static int note_holder(int fd)
{
	char b[16];
	int n = xm_snprintf(b, sizeof(b), "%ld\n", (long)getpid());

	return ftruncate(fd, 0) || write(fd, b, (size_t)n) != n ? -1 : 0;
}

static uint64_t wait_secs(void)
{
	const char *s = xm_getenv("XENMIN_LOCK_WAIT");
	uint64_t v;

	if (s && !xm_parse_u64(s, 0, 86400, &v))
		return v;
	return XM_LOCK_WAIT_S;
}

int xm_writer_lock(struct xm_cli *c)
{
	const char *path = xm_getenv("XENMIN_LOCK");
	uint64_t secs = wait_secs(), end;
	char pid[24];
	int fd;

	if (c->locked)
		return 0;
	if (!path || !*path)
		path = XM_LOCK_PATH;
	fd = xm_open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		int e = errno;

		xm_err_msg(c, path, XM_MSG(m_lock_open, "cannot open xenmin's writer lock: %s%s"),
		       xm_strerror(e), e == ENOENT ? XM_MSG(m_lock_enoent, " (set XENMIN_LOCK to a file on a writable file system)") : "");
		return e == EACCES || e == EPERM || e == EROFS
			? XM_EXIT_PERM : XM_EXIT_INTERNAL;
	}
	end = xm_now_ns() + secs * 1000000000u;
	while (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			xm_err_msg(c, path, XM_MSG(m_lock_take, "cannot take xenmin's writer lock: %s"),
			       xm_strerror(errno));
			close(fd);
			return XM_EXIT_INTERNAL;
		}
		if (xm_now_ns() >= end) {
			long h = holder(fd);

			pid[0] = '\0';
			if (h)
				xm_snprintf(pid, sizeof(pid), " (pid %ld)", h);
			xm_err_msg(c, path, XM_MSG(m_lock_busy, "another xenmin writer%s holds the writer lock; gave up after %us (XENMIN_LOCK_WAIT)"),
			       pid, (unsigned)secs);
			close(fd);
			return XM_EXIT_TIMEOUT;
		}
		xm_sleep_ms(20);
	}
	note_holder(fd); /* only words: a failure changes nothing */
	c->locked = 1; /* the fd stays open: the lock lasts until exit */
	return 0;
}
