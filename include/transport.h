/*
 * The transport: the narrow seam between xenmin's logic and the hypervisor.
 * Production code gets the Linux privcmd implementation (privcmd.c); unit
 * tests and the uninstalled xenmin-fake binary get a simulated hypervisor
 * (tests/unit/fake_xen.c) through the same four operations. Nothing behind
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
