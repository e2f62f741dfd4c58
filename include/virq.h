// SPDX-License-Identifier: MIT
/*
 * Xen's global virtual IRQs for the calling domain, through the transport's
 * event channels: VIRQ_DOM_EXC (a domain shut down, died or was freed) and
 * VIRQ_CON_RING (Xen's console ring has new bytes) let wait, watch and the
 * console follower sleep until Xen has news instead of asking it again and
 * again. Xen keeps one binding per virq and domain, so only one program of
 * the control domain can hold each (xenstored holds VIRQ_DOM_EXC; while
 * xenmin holds it, a xenstored starting then cannot). Returns 0 or -errno,
 * never prints; --trace shows the binding and every event taken.
 */
#ifndef XM_VIRQ_H
#define XM_VIRQ_H

#include <stdint.h>

#include "xenops.h"

struct xm_virq {
	int fd;        /* pollable; -1: not bound */
	uint32_t virq; /* XM_VIRQ_* */
	uint32_t port; /* the local port the driver bound */
};

/*
 * Bind @virq. -EEXIST: another program of this domain holds it; -EBUSY
 * (Xen 4.21+): this domain is not the one Xen sends it to; -ENOENT or
 * -ENODEV: no /dev/xen/evtchn. @v->fd is -1 on failure.
 */
int xm_virq_bind(struct xm_xen *x, uint32_t virq, struct xm_virq *v);
/* Take the events pending (poll said readable) and unmask the port. */
int xm_virq_ack(struct xm_xen *x, struct xm_virq *v);
/* Unbind (nothing when not bound). */
void xm_virq_close(struct xm_xen *x, struct xm_virq *v);
/* "VIRQ_DOM_EXC", "VIRQ_CON_RING": for messages. */
const char *xm_virq_name(uint32_t virq);

#endif
