// SPDX-License-Identifier: MIT
/*
 * Global virtual IRQs (see virq.h): bound through the kernel's event
 * channel driver, which makes the hypercalls itself, so --trace shows the
 * binding and each event taken with the driver as the op. Reading the
 * pending port and writing it back unmasks it; an event raised while the
 * port was masked stays pending in Xen and comes again at the unmask, so
 * a caller that takes the event before it reads what changed never misses
 * one.
 */
#include <errno.h>

#include "transport.h"
#include "virq.h"

const char *xm_virq_name(uint32_t virq)
{
	return virq == XM_VIRQ_DOM_EXC ? "VIRQ_DOM_EXC" : "VIRQ_CON_RING";
}

int xm_virq_bind(struct xm_xen *x, uint32_t virq, struct xm_virq *v)
{
	struct xm_transport *t = x->t;
	uint64_t t0 = xm_trace_t0(x);
	int fd = t->ops->evtchn_bind_virq(t, virq, &v->port);

	v->virq = virq;
	v->fd = fd < 0 ? -1 : fd;
	xm_trace(x, "evtchn",
		 virq == XM_VIRQ_DOM_EXC ? "bind_virq(DOM_EXC)"
					 : "bind_virq(CON_RING)",
		 -1, fd < 0 ? fd : (long)v->port, t0);
	return fd < 0 ? fd : 0;
}

int xm_virq_ack(struct xm_xen *x, struct xm_virq *v)
{
	struct xm_transport *t = x->t;
	uint64_t t0 = xm_trace_t0(x);
	int r = t->ops->evtchn_ack(t, v->fd);

	xm_trace(x, "evtchn",
		 v->virq == XM_VIRQ_DOM_EXC ? "event(DOM_EXC)"
					    : "event(CON_RING)",
		 -1, r, t0);
	return r;
}

void xm_virq_close(struct xm_xen *x, struct xm_virq *v)
{
	if (v->fd >= 0)
		x->t->ops->evtchn_close(x->t, v->fd);
	v->fd = -1;
}
