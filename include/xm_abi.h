// SPDX-License-Identifier: MIT
/*
 * The one place where xenmin meets binary interfaces it does not own: Xen's
 * hypercalls (xm_xen.h, written by us from the layouts: no Xen header is
 * needed to build), the Linux privcmd and evtchn ioctls (below, written out
 * so that no kernel or glibc header is needed under musl), and the table of
 * domctl/sysctl interface versions per Xen release, whose rows abi.c turns
 * into data. Sizes are pinned by static asserts here and in xm_xen.h; when
 * Xen's public headers are found, src/abi_check.c checks every definition
 * against them, so a layout that differs stops the build, not a hypercall.
 */
#ifndef XM_ABI_H
#define XM_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include "xm_xen.h"

/*
 * Linux privcmd ABI (include/uapi/xen/privcmd.h). Written out here because
 * the kernel's copy needs <linux/types.h>, which a musl tree does not have.
 */
struct xm_privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};
#define XM_IOCTL_PRIVCMD_HYPERCALL \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct xm_privcmd_hypercall))

/* Map foreign frames into an mmap()ed range of the privcmd fd. */
struct xm_privcmd_mmapbatch_v2 {
	uint32_t num;
	uint16_t dom;
	uint64_t addr;
	uint64_t arr;  /* const xm_pfn_t *, one per frame */
	uint64_t err;  /* int *, one per frame */
};
#define XM_IOCTL_PRIVCMD_MMAPBATCH_V2 \
	_IOC(_IOC_NONE, 'P', 4, sizeof(struct xm_privcmd_mmapbatch_v2))

/* Map frames of a domain's resource (XM_XENMEM_resource_*). */
struct xm_privcmd_mmap_resource {
	uint16_t dom;
	uint32_t type;
	uint32_t id;
	uint32_t idx;
	uint64_t num;
	uint64_t addr;
};
#define XM_IOCTL_PRIVCMD_MMAP_RESOURCE \
	_IOC(_IOC_NONE, 'P', 7, sizeof(struct xm_privcmd_mmap_resource))

/* /dev/xen/evtchn (include/uapi/xen/evtchn.h): the ioctl returns the
 * local port; read() gives pending ports, write() of them unmasks. */
struct xm_evtchn_bind_virq {
	uint32_t virq; /* XM_VIRQ_*, bound on vCPU 0 */
};
struct xm_evtchn_bind_interdomain {
	uint32_t remote_domain, remote_port;
};
struct xm_evtchn_port {
	uint32_t port;
};
#define XM_IOCTL_EVTCHN_BIND_VIRQ \
	_IOC(_IOC_NONE, 'E', 0, sizeof(struct xm_evtchn_bind_virq))
#define XM_IOCTL_EVTCHN_BIND_INTERDOMAIN \
	_IOC(_IOC_NONE, 'E', 1, sizeof(struct xm_evtchn_bind_interdomain))
#define XM_IOCTL_EVTCHN_NOTIFY \
	_IOC(_IOC_NONE, 'E', 4, sizeof(struct xm_evtchn_port))

#define XM_PAGE_SIZE 4096u

_Static_assert(sizeof(struct xm_privcmd_hypercall) == 48,
	       "privcmd hypercall struct is 6 x u64");
_Static_assert(sizeof(struct xm_privcmd_mmapbatch_v2) == 32 &&
		       offsetof(struct xm_privcmd_mmapbatch_v2, addr) == 8,
	       "privcmd mmapbatch_v2 layout");
_Static_assert(sizeof(struct xm_privcmd_mmap_resource) == 32 &&
		       offsetof(struct xm_privcmd_mmap_resource, num) == 16,
	       "privcmd mmap_resource layout");
_Static_assert(sizeof(struct xm_evtchn_bind_virq) == 4, "evtchn bind_virq");

/*
 * Which domctl/sysctl interface_version each Xen release expects (a wrong
 * one gets EACCES), read from xen/include/public/{domctl,sysctl}.h at each
 * release tag. Only these numbers changed between 4.17 and 4.22 for the
 * calls xenmin makes. R(major, minor, domctl, sysctl); a list rather than
 * an array so abi_check.c can also find the headers' own pair in it.
 */
#define XM_IFVER_TABLE(R)                 \
	R(4, 17, 0x15, 0x15)              \
	R(4, 18, 0x16, 0x15)              \
	R(4, 19, 0x17, 0x15)              \
	R(4, 20, 0x17, 0x15)              \
	R(4, 21, 0x17, 0x16)              \
	R(4, 22, 0x18, 0x16)

/* One row of the interface-version table (abi.c). */
struct xm_ifver {
	unsigned major, minor;
	uint32_t domctl, sysctl;
};

extern const struct xm_ifver xm_ifver_table[];
extern const size_t xm_ifver_table_len;

/* Range tried, newest first, when a release is not in the table. */
#define XM_IFVER_PROBE_MIN 0x10u
#define XM_IFVER_PROBE_MAX 0x30u

const struct xm_ifver *xm_ifver_lookup(unsigned major, unsigned minor);

/*
 * Our name of scheduler id @sched_id ("credit2"), or NULL for an id xenmin
 * does not know (callers print the number then). The only such table.
 */
const char *xm_sched_name(uint32_t sched_id);

#endif
