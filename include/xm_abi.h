// SPDX-License-Identifier: MIT
/*
 * The one place where xenmin meets Xen's binary interface: it pulls in Xen's
 * public headers (from the system or from XEN_INCLUDE_DIR), defines the
 * privcmd ioctl ABI ourselves (so no Linux or glibc header is needed under
 * musl), and pins every struct size we depend on with static asserts. The
 * table of interface versions per Xen release lives in abi.c next to it.
 * If a layout changes in a future Xen, the build stops here, not at run time.
 */
#ifndef XM_ABI_H
#define XM_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>

/* sysctl.h and domctl.h are only visible to "tools" builds. */
#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1
#endif
#include <xen/xen.h>
#include <xen/version.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/event_channel.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/io/console.h>
#include <xen/grant_table.h>
#include <xen/memory.h>

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
	uint64_t arr;  /* const xen_pfn_t * (u64 on x86_64 and aarch64) */
	uint64_t err;  /* int *, one per frame */
};
#define XM_IOCTL_PRIVCMD_MMAPBATCH_V2 \
	_IOC(_IOC_NONE, 'P', 4, sizeof(struct xm_privcmd_mmapbatch_v2))

/* Map frames of a domain's resource (XENMEM_resource_*), e.g. grant table. */
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
struct xm_evtchn_bind_interdomain {
	uint32_t remote_domain, remote_port;
};
struct xm_evtchn_port {
	uint32_t port;
};
#define XM_IOCTL_EVTCHN_BIND_INTERDOMAIN \
	_IOC(_IOC_NONE, 'E', 1, sizeof(struct xm_evtchn_bind_interdomain))
#define XM_IOCTL_EVTCHN_NOTIFY \
	_IOC(_IOC_NONE, 'E', 4, sizeof(struct xm_evtchn_port))

#define XM_PAGE_SIZE 4096u

/* Scheduler ids (public/domctl.h XEN_SCHEDULER_*), named for output. */
#define XM_SCHED_CREDIT 5
#define XM_SCHED_CREDIT2 6
#define XM_SCHED_ARINC653 7
#define XM_SCHED_RTDS 8
#define XM_SCHED_NULL 9

#define XM_A653_MAX_ENTRIES 64

_Static_assert(sizeof(struct xm_privcmd_hypercall) == 48,
	       "privcmd hypercall struct is 6 x u64");
_Static_assert(sizeof(struct xm_privcmd_mmapbatch_v2) == 32 &&
		       offsetof(struct xm_privcmd_mmapbatch_v2, addr) == 8,
	       "privcmd mmapbatch_v2 layout");
_Static_assert(sizeof(struct xm_privcmd_mmap_resource) == 32 &&
		       offsetof(struct xm_privcmd_mmap_resource, num) == 16,
	       "privcmd mmap_resource layout");
_Static_assert(sizeof(xen_pfn_t) == 8, "xen_pfn_t is 64-bit");
_Static_assert(sizeof(struct grant_entry_v1) == 8, "grant entry v1");
_Static_assert(XM_A653_MAX_ENTRIES == ARINC653_MAX_DOMAINS_PER_SCHEDULE,
	       "Xen's ARINC 653 schedule size changed");
_Static_assert(sizeof(xen_domain_handle_t) == 16, "domain handle is a UUID");
/*
 * getdomaininfolist returns an array of these, so the stride must match the
 * hypervisor's exactly. The arch part differs: 112 bytes on x86, 120 on Arm
 * (the Arm arch config grew in 4.21 but the record rounds to 120 either way).
 */
#if defined(__x86_64__)
#define XM_DOMINFO_SIZE 112
#elif defined(__aarch64__)
#define XM_DOMINFO_SIZE 120
#else
#error "xenmin supports x86_64 and aarch64"
#endif
_Static_assert(sizeof(struct xen_domctl_getdomaininfo) == XM_DOMINFO_SIZE,
	       "getdomaininfo record layout changed");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, handle) == 76,
	       "getdomaininfo handle moved");
_Static_assert(offsetof(struct xen_domctl_getdomaininfo, cpupool) == 92,
	       "getdomaininfo cpupool moved");
/* Both calls carry a 128-byte payload union after their 8/16-byte head. */
_Static_assert(sizeof(struct xen_sysctl) == 136, "sysctl struct size");
_Static_assert(sizeof(struct xen_domctl) == 144, "domctl struct size");
_Static_assert(offsetof(struct xen_sysctl, u) == 8, "sysctl payload offset");
_Static_assert(offsetof(struct xen_domctl, u) == 16, "domctl payload offset");
_Static_assert(sizeof(struct xen_sysctl_arinc653_schedule) ==
		       16 + XM_A653_MAX_ENTRIES * 32,
	       "ARINC 653 schedule layout changed");
_Static_assert(offsetof(struct xen_sysctl_arinc653_schedule, sched_entries) ==
		       16, "ARINC 653 entries offset");

/* One row of the interface-version table (abi.c). */
struct xm_ifver {
	unsigned major, minor;
	uint32_t domctl, sysctl;
};

extern const struct xm_ifver xm_ifver_table[];
extern const size_t xm_ifver_table_len;

/* Range tried when a release is not in the table (abi.c uses it). */
#define XM_IFVER_PROBE_MIN 0x10u
#define XM_IFVER_PROBE_MAX 0x30u

/*
 * The PV console ring (public/io/console.h). Xen 4.21 appended a
 * "connection" byte after the four indexes; older headers lack it, so its
 * offset is named here. Writing it is harmless on older guests: the page
 * is 4 KiB and nothing else lives past the indexes.
 */
#define XM_CONS_IN_SIZE sizeof(((struct xencons_interface *)0)->in)
#define XM_CONS_OUT_SIZE sizeof(((struct xencons_interface *)0)->out)
#define XM_CONS_OUT_OFF offsetof(struct xencons_interface, out)
#define XM_CONS_CONNECTION_OFF 3088
#define XM_CONS_CONNECTED 0
#define XM_CONS_DISCONNECTED 1
_Static_assert(offsetof(struct xencons_interface, out_prod) == 3084,
	       "console ring layout changed");
/* The ring code masks indexes: both rings must be powers of two. */
_Static_assert((XM_CONS_IN_SIZE & (XM_CONS_IN_SIZE - 1)) == 0 &&
		       (XM_CONS_OUT_SIZE & (XM_CONS_OUT_SIZE - 1)) == 0,
	       "console ring sizes are powers of two");
_Static_assert(sizeof(struct xen_hvm_param) == 16, "hvm_param layout");
_Static_assert(sizeof(struct evtchn_status) == 24, "evtchn_status layout");

const struct xm_ifver *xm_ifver_lookup(unsigned major, unsigned minor);
const char *xm_sched_name(uint32_t sched_id);

#endif
