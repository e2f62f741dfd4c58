// SPDX-License-Identifier: MIT
/*
 * Reading an input file whole (a domains file; "-" is stdin), with the
 * CLI's words and exit codes for what can go wrong: 66 when it cannot be
 * opened or read, 65 when it is too large to be a configuration file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xenmin.h"

#define INPUT_MAX (1u << 20)

/* The bytes of @fd into *@b (grown as needed); 0 or an exit code. */
static int slurp(const struct xm_cli *c, const char *path, int fd, char **b,
		 size_t *n)
{
	size_t cap = 0;

	for (;;) {
		ssize_t r;

		if (*n == cap) {
			char *nb;

			if (cap >= INPUT_MAX) {
				xm_err(c, path, "larger than 1 MiB: not a "
				       "configuration file");
				return XM_EXIT_DATA;
			}
			cap = cap ? cap * 2 : 4096;
			nb = realloc(*b, cap);
			if (!nb) {
				xm_err(c, NULL, "out of memory");
				return XM_EXIT_INTERNAL;
			}
			*b = nb;
		}
		r = read(fd, *b + *n, cap - *n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			xm_err(c, path, "cannot read: %s", xm_strerror(errno));
			return XM_EXIT_NOINPUT;
		}
		if (r == 0)
			return 0;
		*n += (size_t)r;
	}
}

int xm_read_input(const struct xm_cli *c, const char *path, int missing_ok,
		  char **buf, size_t *len)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	char *b = NULL;
	size_t n = 0;
	int rc;

	*buf = NULL;
	*len = 0;
	if (fd < 0 && errno == ENOENT && missing_ok)
		return 0;
	if (fd < 0) {
		xm_err(c, path, "cannot open: %s", xm_strerror(errno));
		return XM_EXIT_NOINPUT;
	}
	rc = slurp(c, path, fd, &b, &n);
	if (fd)
		close(fd);
	if (rc) {
		free(b);
		return rc;
	}
	*buf = b;
	*len = n;
	return 0;
}
