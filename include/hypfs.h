// SPDX-License-Identifier: MIT
/*
 * Reading Xen's hypervisor filesystem (hypfs) with __HYPERVISOR_hypfs_op,
 * no libxenhypfs: one node's content, decoded (gzip-encoded nodes such as
 * /buildinfo/config are inflated here), and the build capabilities read
 * from that .config. Operations layer: returns 0 or -errno, never prints.
 */
#ifndef XM_HYPFS_H
#define XM_HYPFS_H

#include <stddef.h>
#include <stdint.h>

#include "xencfg.h"

struct xm_xen;

#include "xm_abi.h" /* the hypfs ABI: XM_HC_hypfs_op, XM_HYPFS_* */

/* The largest node, raw or decoded, xenmin reads: the gzip'd .config is
 * about 10 KiB, its text about 40 KiB. */
#define XM_HYPFS_MAX (1u << 20)

/*
 * Read the hypfs node @path (absolute, "/buildinfo/config"). On success
 * *@out is its content, malloc'd, decoded, with a NUL after it (a string
 * node's own trailing NUL is not counted in *@len). Returns 0 or
 *   -ENOSYS   this Xen has no hypfs (built without CONFIG_HYPFS)
 *   -EPERM    denied: not the control domain, or XSM policy
 *   -ENOENT   no such node
 *   -EBADMSG  the content does not decode (corrupt gzip, or one that
 *             claims more than XM_HYPFS_MAX)
 *   -EFBIG    the raw content is larger than XM_HYPFS_MAX
 *   -EPROTO   an answer that does not fit the interface
 *   -ENAMETOOLONG, -ENOMEM, or the -errno of the hypercall.
 */
int xm_hypfs_read(struct xm_xen *x, const char *path, char **out,
		  size_t *len);

/*
 * What this Xen was built with, from /buildinfo/config. Errors as
 * xm_hypfs_read; -ENOENT: the node is missing (built without
 * CONFIG_HYPFS_CONFIG).
 */
int xm_build_caps(struct xm_xen *x, struct xm_caps *c);

#endif
