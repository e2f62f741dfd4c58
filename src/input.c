// SPDX-License-Identifier: MIT
/*
 * Reading an input file whole (a schedule or domains file; "-" is stdin),
 * with the CLI's words and exit codes for what can go wrong: 66 when it
 * cannot be opened or read, or is a FIFO, socket, directory or block
 * device (a FIFO without a writer would hang), 65 when it is larger than
 * 1 MiB (exactly 1,048,576 bytes are still read). Character devices are
 * read, bounded by that limit: /dev/null is the empty file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "msg.h"
#include "xenmin.h"

#define INPUT_MAX (1u << 20)
#define INPUT_STEP (64u << 10)

/*
 * The bytes of @fd into *@b (*@cap bytes allocated; grown in steps up to
 * one byte past the limit, to see a file that is larger); 0 or an exit.
 */
static int slurp(const struct xm_cli *c, const char *path, int fd, char **b,
		 size_t *cap, size_t *n)
{
	for (;;) {
		ssize_t r;

		if (*n == *cap) {
			size_t nc = *cap + INPUT_STEP;
			char *nb;

			if (*cap > INPUT_MAX)
				break;
			if (nc > INPUT_MAX + 1)
				nc = INPUT_MAX + 1;
			nb = realloc(*b, nc);
			if (!nb) {
				xm_err(c, NULL, "out of memory");
				return XM_EXIT_INTERNAL;
			}
			*b = nb;
			*cap = nc;
		}
		r = read(fd, *b + *n, *cap - *n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			xm_err(c, path, "cannot read: %s", xm_strerror(errno));
			return XM_EXIT_NOINPUT;
		}
		if (r == 0)
			break;
		*n += (size_t)r;
	}
	if (*n > INPUT_MAX) {
		xm_err_msg(c, path, XM_MSG(m_input_big, "file is larger than 1 MiB (%u bytes): not a configuration file"),
		       INPUT_MAX);
		return XM_EXIT_DATA;
	}
	return 0;
}

/*
 * fstat(), without what a static musl binary pays for it (fstatat with its
 * fallbacks and a field-by-field copy: 0.6 KiB): on x86_64 and aarch64 the
 * kernel's struct stat is the C library's, so the system call fills it.
 */
static int stat_fd(int fd, struct stat *st)
{
#if defined(__x86_64__) || defined(__aarch64__)
	return (int)xm_syscall(SYS_fstat, fd, (long)st, 0, 0, 0);
#else
	return fstat(fd, st);
#endif
}

/* Open @path: a regular file or character device; its size in *@size. */
static int open_regular(const struct xm_cli *c, const char *path,
			int missing_ok, int *fd, size_t *size)
{
	struct stat st;

	*fd = xm_open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
	if (*fd < 0 && errno == ENOENT && missing_ok)
		return 0;
	if (*fd < 0) {
		xm_err(c, path, "cannot open: %s", xm_strerror(errno));
		return XM_EXIT_NOINPUT;
	}
	if (stat_fd(*fd, &st) || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))) {
		xm_err_msg(c, path, XM_MSG(m_input_notreg, "not a regular file (use - to read standard input)"));
		close(*fd);
		*fd = -1;
		return XM_EXIT_NOINPUT;
	}
	*size = (uint64_t)st.st_size <= INPUT_MAX ? (size_t)st.st_size : INPUT_MAX;
	return 0;
}

int xm_read_input(const struct xm_cli *c, const char *path, int missing_ok,
		  char **buf, size_t *len)
{
	size_t n = 0, cap = 0, size = 0;
	char *b = NULL;
	int file = strcmp(path, "-"), fd = 0, rc;

	*buf = NULL;
	*len = 0;
	if (file) {
		rc = open_regular(c, path, missing_ok, &fd, &size);
		if (rc || fd < 0)
			return rc;
		/* One buffer of the file's size (+1: did it grow?). */
		b = malloc(size + 1);
		cap = b ? size + 1 : 0;
	}
	rc = slurp(c, path, fd, &b, &cap, &n);
	if (file)
		close(fd);
	if (rc) {
		free(b);
		return rc;
	}
	*buf = b;
	*len = n;
	return 0;
}
