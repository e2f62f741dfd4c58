// SPDX-License-Identifier: MIT
/*
 * The Linux transport: hypercalls and foreign mappings through
 * /dev/xen/privcmd, event channels through /dev/xen/evtchn, and
 * hypercall-safe memory from /dev/xen/hypercall. Where that device is
 * missing (kernels before 4.18) buffers fall back to locked anonymous
 * memory that a fork cannot copy-on-write away under Xen. Returns -errno,
 * never prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "transport.h"
#include "xio.h"
#include "xm_abi.h"

/*
 * Mapping hypercall memory and unmapping it costs far more than the
 * hypercalls it carries: in a PV dom0 (under QEMU, counted in
 * instructions) about 0.4 ms each plus 25 us a page, against 15 us for a
 * hypercall, since the kernel's page-table changes all go through Xen. So
 * the first buffer maps one small arena, which every buffer that fits is
 * then cut from, page by page: a command maps hypercall memory once.
 * Four pages hold what one step of any command needs at once (a list
 * call's two pages of records and its sysctl, a schedule and its sysctl);
 * larger buffers, or more at once, get their own mapping.
 */
#define PC_ARENA_PAGES 4u

struct privcmd {
	struct xm_transport t;
	int fd;     /* /dev/xen/privcmd */
	int buf_fd; /* /dev/xen/hypercall, or -1 */
	unsigned char *arena; /* PC_ARENA_PAGES pages, or NULL */
	uint32_t arena_used;  /* bit i: page i of the arena is handed out */
};

_Static_assert(PC_ARENA_PAGES < 32, "arena_used has a bit per page");

static long pc_hypercall(struct xm_transport *t, unsigned op,
			 const uint64_t arg[5])
{
	struct privcmd *pc = t->priv;
	struct xm_privcmd_hypercall h = { .op = op };
	long r;

	memcpy(h.arg, arg, sizeof(h.arg));
	r = xm_ioctl(pc->fd, XM_IOCTL_PRIVCMD_HYPERCALL, &h);
	/* The kernel returns -1 and Xen's error in errno: pass it up as is. */
	return r < 0 ? -errno : r;
}

static void *pc_buf_map(struct privcmd *pc, size_t npages)
{
	size_t len = npages * XM_PAGE_SIZE;
	void *p;

	if (pc->buf_fd >= 0) {
		p = xm_mmap(len, PROT_READ | PROT_WRITE, MAP_SHARED,
			    pc->buf_fd);
		if (p == MAP_FAILED)
			return NULL;
	} else {
		p = xm_mmap(len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1);
		if (p == MAP_FAILED)
			return NULL;
		if (madvise(p, len, MADV_DONTFORK) < 0) {
			int e = errno;

			munmap(p, len);
			errno = e;
			return NULL;
		}
	}
	return p;
}

/* @npages free pages in a row of the arena, taken; NULL if none. */
static void *pc_arena_take(struct privcmd *pc, size_t npages)
{
	uint32_t run;

	if (npages > PC_ARENA_PAGES)
		return NULL;
	if (!pc->arena)
		pc->arena = pc_buf_map(pc, PC_ARENA_PAGES);
	if (!pc->arena)
		return NULL;
	run = (1u << npages) - 1;
	for (unsigned i = 0; i + npages <= PC_ARENA_PAGES; i++)
		if (!(pc->arena_used & (run << i))) {
			pc->arena_used |= run << i;
			return pc->arena + (size_t)i * XM_PAGE_SIZE;
		}
	return NULL;
}

static void *pc_buf_alloc(struct xm_transport *t, size_t npages)
{
	struct privcmd *pc = t->priv;
	void *p = pc_arena_take(pc, npages);

	if (!p)
		p = pc_buf_map(pc, npages);
	/*
	 * Write every page: Arm Xen faults on pages never written (EFAULT).
	 * Arena pages come back dirty, so this also makes them zero again.
	 */
	if (p)
		memset(p, 0, npages * XM_PAGE_SIZE);
	return p;
}

static void pc_buf_free(struct xm_transport *t, void *p, size_t npages)
{
	struct privcmd *pc = t->priv;
	unsigned char *c = p;

	if (!p)
		return;
	if (pc->arena && c >= pc->arena &&
	    c < pc->arena + PC_ARENA_PAGES * XM_PAGE_SIZE) {
		size_t i = (size_t)(c - pc->arena) / XM_PAGE_SIZE;

		pc->arena_used &= ~(((1u << npages) - 1) << i);
		return;
	}
	munmap(p, npages * XM_PAGE_SIZE);
}

static void pc_close(struct xm_transport *t)
{
	struct privcmd *pc = t->priv;

	if (pc->arena)
		munmap(pc->arena, PC_ARENA_PAGES * XM_PAGE_SIZE);
	if (pc->buf_fd >= 0)
		close(pc->buf_fd);
	close(pc->fd);
	free(pc);
}

/*
 * privcmd maps foreign frames into a range of its own fd: mmap the range,
 * then ask the kernel to fill it (mmapbatch for guest frames, mmap_resource
 * for resources such as a grant table).
 */
static void *pc_map_foreign(struct xm_transport *t, uint16_t domid, int res,
			    uint64_t frame)
{
	struct privcmd *pc = t->priv;
	void *p = xm_mmap(XM_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			  pc->fd);
	uint64_t pfn = frame;
	int err = 0, r, e;

	if (p == MAP_FAILED)
		return NULL;
	if (res < 0) {
		struct xm_privcmd_mmapbatch_v2 m = {
			.num = 1, .dom = domid, .addr = (uintptr_t)p,
			.arr = (uintptr_t)&pfn, .err = (uintptr_t)&err,
		};

		r = xm_ioctl(pc->fd, XM_IOCTL_PRIVCMD_MMAPBATCH_V2, &m);
		/* The per-frame error is the one that says why. */
		if (r < 0 && errno == ENOENT && err)
			errno = -err;
	} else {
		struct xm_privcmd_mmap_resource m = {
			.dom = domid, .type = (uint32_t)res, .idx = (uint32_t)frame,
			.num = 1, .addr = (uintptr_t)p,
		};

		r = xm_ioctl(pc->fd, XM_IOCTL_PRIVCMD_MMAP_RESOURCE, &m);
	}
	if (r >= 0)
		return p;
	e = errno;
	munmap(p, XM_PAGE_SIZE);
	errno = e;
	return NULL;
}

static void pc_unmap_foreign(struct xm_transport *t, void *page)
{
	(void)t;
	munmap(page, XM_PAGE_SIZE);
}

/* One binding per open of /dev/xen/evtchn: closing the fd unbinds it. */
static int evtchn_open_bind(unsigned long req, void *arg, uint32_t *lport)
{
	int fd = xm_open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC | O_NONBLOCK, 0), r;

	if (fd < 0)
		return -errno;
	r = xm_ioctl(fd, req, arg);
	if (r < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	*lport = (uint32_t)r;
	return fd;
}

static int pc_evtchn_bind(struct xm_transport *t, uint16_t domid,
			  uint32_t port, uint32_t *lport)
{
	struct xm_evtchn_bind_interdomain b = { domid, port };

	(void)t;
	return evtchn_open_bind(XM_IOCTL_EVTCHN_BIND_INTERDOMAIN, &b, lport);
}

static int pc_evtchn_bind_virq(struct xm_transport *t, uint32_t virq,
			       uint32_t *lport)
{
	struct xm_evtchn_bind_virq b = { virq };

	(void)t;
	return evtchn_open_bind(XM_IOCTL_EVTCHN_BIND_VIRQ, &b, lport);
}

static int pc_evtchn_notify(struct xm_transport *t, int fd, uint32_t lport)
{
	struct xm_evtchn_port n = { lport };

	(void)t;
	return xm_ioctl(fd, XM_IOCTL_EVTCHN_NOTIFY, &n) < 0 ? -errno : 0;
}

static int pc_evtchn_ack(struct xm_transport *t, int fd)
{
	uint32_t ports[16];
	ssize_t n = read(fd, ports, sizeof(ports));

	(void)t;
	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	/* The kernel masked each port it delivered: writing it unmasks. */
	if (n > 0 && write(fd, ports, (size_t)n) != n)
		return -errno;
	return 0;
}

static void pc_evtchn_close(struct xm_transport *t, int fd)
{
	(void)t;
	close(fd);
}

static const struct xm_transport_ops pc_ops = {
	.hypercall = pc_hypercall,
	.buf_alloc = pc_buf_alloc,
	.buf_free = pc_buf_free,
	.close = pc_close,
	.map_foreign = pc_map_foreign,
	.unmap_foreign = pc_unmap_foreign,
	.evtchn_bind = pc_evtchn_bind,
	.evtchn_bind_virq = pc_evtchn_bind_virq,
	.evtchn_notify = pc_evtchn_notify,
	.evtchn_ack = pc_evtchn_ack,
	.evtchn_close = pc_evtchn_close,
};

int xm_transport_open(struct xm_transport **out)
{
	struct privcmd *pc = calloc(1, sizeof(*pc));

	if (!pc)
		return -ENOMEM;
	pc->fd = xm_open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC, 0);
	if (pc->fd < 0) {
		int e = errno;

		free(pc);
		return -e;
	}
	/* Optional: its absence only changes how buffers are made. */
	pc->buf_fd = xm_open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC, 0);
	pc->t.ops = &pc_ops;
	pc->t.priv = pc;
	*out = &pc->t;
	return 0;
}
