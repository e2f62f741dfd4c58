/*
 * The Linux transport: hypercalls through /dev/xen/privcmd and hypercall-safe
 * memory from /dev/xen/hypercall. Where that device is missing (kernels
 * before 4.18) buffers fall back to locked anonymous memory that a fork
 * cannot copy-on-write away under Xen. Returns -errno, never prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "transport.h"
#include "xm_abi.h"

struct privcmd {
	struct xm_transport t;
	int fd;     /* /dev/xen/privcmd */
	int buf_fd; /* /dev/xen/hypercall, or -1 */
};

static long pc_hypercall(struct xm_transport *t, unsigned op,
			 const uint64_t arg[5])
{
	struct privcmd *pc = t->priv;
	struct xm_privcmd_hypercall h = { .op = op };
	long r;

	memcpy(h.arg, arg, sizeof(h.arg));
	r = ioctl(pc->fd, XM_IOCTL_PRIVCMD_HYPERCALL, &h);
	/* The kernel returns -1 and Xen's error in errno: pass it up as is. */
	return r < 0 ? -errno : r;
}

static void *pc_buf_alloc(struct xm_transport *t, size_t npages)
{
	struct privcmd *pc = t->priv;
	size_t len = npages * XM_PAGE_SIZE;
	void *p;

	if (pc->buf_fd >= 0) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED,
			 pc->buf_fd, 0);
		if (p == MAP_FAILED)
			return NULL;
	} else {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
		if (madvise(p, len, MADV_DONTFORK) < 0) {
			int e = errno;

			munmap(p, len);
			errno = e;
			return NULL;
		}
	}
	/* Write every page: Arm Xen faults on pages never written (EFAULT). */
	memset(p, 0, len);
	return p;
}

static void pc_buf_free(struct xm_transport *t, void *p, size_t npages)
{
	(void)t;
	if (p)
		munmap(p, npages * XM_PAGE_SIZE);
}

static void pc_close(struct xm_transport *t)
{
	struct privcmd *pc = t->priv;

	if (pc->buf_fd >= 0)
		close(pc->buf_fd);
	close(pc->fd);
	free(pc);
}

static const struct xm_transport_ops pc_ops = {
	.hypercall = pc_hypercall,
	.buf_alloc = pc_buf_alloc,
	.buf_free = pc_buf_free,
	.close = pc_close,
};

int xm_transport_open(struct xm_transport **out)
{
	struct privcmd *pc = calloc(1, sizeof(*pc));

	if (!pc)
		return -ENOMEM;
	pc->fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (pc->fd < 0) {
		int e = errno;

		free(pc);
		return -e;
	}
	/* Optional: its absence only changes how buffers are made. */
	pc->buf_fd = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
	pc->t.ops = &pc_ops;
	pc->t.priv = pc;
	*out = &pc->t;
	return 0;
}
