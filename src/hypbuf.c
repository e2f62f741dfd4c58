// SPDX-License-Identifier: MIT
/*
 * Hypercall-safe buffers on top of the transport's page allocator: rounds
 * sizes up to pages and keeps the page count with the pointer so frees are
 * exact. See hypbuf.h for why Xen never sees ordinary memory.
 */
#include <errno.h>
#include <string.h>

#include "hypbuf.h"
#include "transport.h"
#include "xm_abi.h"

int xm_hbuf_alloc(struct xm_transport *t, size_t len, struct xm_hbuf *b)
{
	size_t np = (len + XM_PAGE_SIZE - 1) / XM_PAGE_SIZE;

	memset(b, 0, sizeof(*b));
	if (np == 0)
		np = 1;
	b->p = t->ops->buf_alloc(t, np);
	if (!b->p)
		return errno ? -errno : -ENOMEM;
	b->len = len;
	b->npages = np;
	return 0;
}

void xm_hbuf_free(struct xm_transport *t, struct xm_hbuf *b)
{
	if (b->p)
		t->ops->buf_free(t, b->p, b->npages);
	memset(b, 0, sizeof(*b));
}
