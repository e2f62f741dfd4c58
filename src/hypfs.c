// SPDX-License-Identifier: MIT
/*
 * hypfs reads (see hypfs.h), as Xen's xen/common/hypfs.c answers them:
 * XEN_HYPFS_OP_get_version first (all other arguments 0), then
 * XEN_HYPFS_OP_read with the path (NUL included, at most 1024 bytes) and
 * a buffer for the direntry and the content. A buffer too small for the
 * content gets -ENOBUFS with the direntry filled in, so the second try is
 * sized from content_len. Both go through xm_hypercall() for --trace.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hypbuf.h"
#include "hypfs.h"
#include "inflate.h"
#include "xenops.h"

#define HDR sizeof(struct xm_hypfs_direntry)

static long hypfs_op(struct xm_xen *x, unsigned cmd, void *path, size_t plen,
		     void *buf, size_t blen)
{
	const uint64_t a[5] = { cmd, (uintptr_t)path, plen, (uintptr_t)buf,
				blen };

	return xm_hypercall(x, XM_HC_hypfs_op, a, "hypfs_op",
			    cmd ? "read" : "get_version", -1, 0);
}

/*
 * Read @path into hypercall memory @b: the direntry at its start, the
 * content after it, and the path after the space for both.
 */
static int read_raw(struct xm_xen *x, const char *path, struct xm_hbuf *b)
{
	size_t plen = strlen(path) + 1, room = XM_PAGE_SIZE - HDR, need;
	long r = hypfs_op(x, XM_HYPFS_OP_get_version, NULL, 0, NULL, 0);

	if (r < 0)
		return (int)r;
	if (r < 1)
		return -EPROTO;
	if (plen > XM_HYPFS_MAX_PATHLEN)
		return -ENAMETOOLONG;
	/* The node may grow between tries; three are plenty. */
	for (int tries = 0; tries < 3; tries++) {
		r = xm_hbuf_alloc(x->t, HDR + room + plen, b);
		if (r)
			return (int)r;
		memcpy((char *)b->p + HDR + room, path, plen);
		r = hypfs_op(x, XM_HYPFS_OP_read, (char *)b->p + HDR + room,
			     plen, b->p, HDR + room);
		need = ((const struct xm_hypfs_direntry *)b->p)->content_len;
		if (r == 0 && need <= room)
			return 0;
		xm_hbuf_free(x->t, b);
		if (r != -ENOBUFS)
			return r ? (int)r : -EPROTO;
		if (need <= room)
			return -EPROTO; /* it said too small, yet it fits */
		if (need > XM_HYPFS_MAX)
			return -EFBIG;
		room = need;
	}
	return -EPROTO;
}

/* The content of a gzip-encoded node, inflated into *@out. */
static int gunzip_node(const uint8_t *p, size_t n, char **out, size_t *len)
{
	uint32_t isize = xm_gzip_isize(p, n);
	char *b;
	long r;

	/* ISIZE is unchecked until inflated: a huge one is corruption. */
	if (isize > XM_HYPFS_MAX)
		return -EBADMSG;
	b = malloc((size_t)isize + 1);
	if (!b)
		return -ENOMEM;
	r = xm_gunzip(p, n, b, isize);
	if (r < 0) {
		free(b);
		return -EBADMSG;
	}
	*out = b;
	*len = (size_t)r;
	return 0;
}

int xm_hypfs_read(struct xm_xen *x, const char *path, char **out,
		  size_t *len)
{
	struct xm_hbuf b;
	const struct xm_hypfs_direntry *e;
	const uint8_t *data;
	char *t = NULL;
	size_t n;
	int r = read_raw(x, path, &b);

	if (r)
		return r;
	e = b.p;
	data = (const uint8_t *)b.p + HDR;
	n = e->content_len;
	if (e->encoding == XM_HYPFS_ENC_GZIP) {
		r = gunzip_node(data, n, &t, &n);
	} else if (e->encoding != XM_HYPFS_ENC_PLAIN) {
		r = -EPROTO;
	} else if (!(t = malloc(n + 1))) {
		r = -ENOMEM;
	} else {
		memcpy(t, data, n);
		if (e->type == XM_HYPFS_TYPE_STRING && n && !data[n - 1])
			n--;
	}
	xm_hbuf_free(x->t, &b);
	if (r)
		return r;
	t[n] = '\0';
	*out = t;
	*len = n;
	return 0;
}

int xm_build_caps(struct xm_xen *x, struct xm_caps *c)
{
	char *t;
	size_t n;
	int r = xm_hypfs_read(x, "/buildinfo/config", &t, &n);

	if (r)
		return r;
	xm_caps_parse(t, n, c);
	free(t);
	return 0;
}
