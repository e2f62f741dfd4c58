// SPDX-License-Identifier: MIT
/*
 * The transport: the narrow seam between xenmin's logic and the hypervisor.
 * Production code gets the Linux privcmd implementation (privcmd.c); unit
 * tests and the uninstalled xenmin-fake binary get a simulated hypervisor
 * (tests/unit/fake_xen.c) through the same operations: hypercalls and
 * their buffers, and for consoles foreign pages and event channels. Nothing behind
 * this interface prints or exits: every failure comes back as -errno.
 */
#ifndef XM_TRANSPORT_H
#define XM_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

struct xm_transport;

struct xm_transport_ops {
	/* Issue hypercall @op; returns Xen's non-negative result or -errno. */
	long (*hypercall)(struct xm_transport *t, unsigned op,
			  const uint64_t arg[5]);
	/* @npages of zeroed hypercall-safe memory, or NULL with errno set. */
	void *(*buf_alloc)(struct xm_transport *t, size_t npages);
	void (*buf_free)(struct xm_transport *t, void *p, size_t npages);
	void (*close)(struct xm_transport *t);
	/*
	 * One page of domain @domid, read-write: its frame @frame, or with
	 * @res >= 0 frame @frame of its resource @res (XM_XENMEM_resource_*,
	 * e.g. the grant table). Returns the page or NULL with errno set.
	 */
	void *(*map_foreign)(struct xm_transport *t, uint16_t domid, int res,
			     uint64_t frame);
	void (*unmap_foreign)(struct xm_transport *t, void *page);
	/*
	 * Event channels (/dev/xen/evtchn): bind a new local port to
	 * (@domid, @port); returns a pollable fd (readable when the peer
	 * notified) and sets *@lport. Closing the fd unbinds the port.
	 */
	int (*evtchn_bind)(struct xm_transport *t, uint16_t domid,
			   uint32_t port, uint32_t *lport);
	/*
	 * Bind global virtual IRQ @virq (XM_VIRQ_*) of the calling domain to
	 * a new local port: a pollable fd as above, readable when Xen raises
	 * it. Xen keeps one binding per virq and domain: -EEXIST when another
	 * program of this domain holds it (xenstored holds VIRQ_DOM_EXC).
	 */
	int (*evtchn_bind_virq)(struct xm_transport *t, uint32_t virq,
				uint32_t *lport);
	int (*evtchn_notify)(struct xm_transport *t, int fd, uint32_t lport);
	/* Consume pending notifications and unmask their ports again. */
	int (*evtchn_ack)(struct xm_transport *t, int fd);
	void (*evtchn_close)(struct xm_transport *t, int fd);
};

struct xm_transport {
	const struct xm_transport_ops *ops;
	void *priv;
};

/*
 * Open the transport this binary was linked with: privcmd in xenmin,
 * the fake in test builds. Returns 0 or -errno (-ENOENT: no privcmd device,
 * -EACCES: not allowed to open it).
 */
int xm_transport_open(struct xm_transport **out);

#endif
