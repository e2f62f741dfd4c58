// SPDX-License-Identifier: MIT
/*
 * Hypercall-safe buffers. Xen copies to and from the caller's virtual
 * addresses and fails the call on a page fault, so everything Xen reads or
 * writes (the sysctl/domctl struct itself and any array it points at) lives
 * in memory from the transport, never on the stack or the heap. Buffers are
 * zeroed at allocation: on Arm, Xen cannot write into a page the process
 * never touched (EFAULT, measured on cortex-a57).
 */
#ifndef XM_HYPBUF_H
#define XM_HYPBUF_H

#include <stddef.h>

struct xm_transport;

struct xm_hbuf {
	void *p;
	size_t len;
	size_t npages;
};

/* 0 or -errno; @b is left empty on failure. */
int xm_hbuf_alloc(struct xm_transport *t, size_t len, struct xm_hbuf *b);
/* Safe on an empty or already freed buffer. */
void xm_hbuf_free(struct xm_transport *t, struct xm_hbuf *b);

#endif
