// SPDX-License-Identifier: MIT
/*
 * Xen's hypercall interface as xenmin uses it, written here from the
 * layouts so that building needs no Xen headers: hypercall and sub-op
 * numbers, the domctl/sysctl envelopes and the payloads inside them, the
 * console ring and grant entry, and the constants xenmin tests or sets.
 * Only x86_64 and aarch64 are targets; both are LP64 with 8-byte aligned
 * 64-bit integers, which is what Xen's uint64_aligned_t and 64-bit guest
 * handles amount to there.
 *
 * Names: XM_ plus Xen's name without its XEN_ or __HYPERVISOR_ prefix, in
 * Xen's case, so that searching Xen's tree for the tail finds the original
 * (XM_SYSCTL_readconsole is XEN_SYSCTL_readconsole, XM_HC_domctl is
 * __HYPERVISOR_domctl). Three older families keep upper-case names:
 * XM_SCHED_* (XEN_SCHEDULER_*), XM_DOM_* (XEN_DOMINF_*) and XM_SHUTDOWN_*
 * (SHUTDOWN_*). Structs are struct xm_<Xen's tag> with Xen's field names.
 *
 * The sizes below are pinned here; src/abi_check.c compares every struct,
 * field and constant with Xen's own headers whenever the build finds them.
 * Included through xm_abi.h.
 */
#ifndef XM_XEN_H
#define XM_XEN_H

#include <stddef.h>
#include <stdint.h>

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "xenmin supports x86_64 and aarch64"
#endif

/*
 * A guest handle of a 64-bit interface (XEN_GUEST_HANDLE_64): the caller's
 * virtual address in eight bytes, on both targets.
 */
typedef uint64_t xm_handle64_t;

static inline xm_handle64_t xm_handle(const void *p)
{
	return (xm_handle64_t)(uintptr_t)p;
}

static inline void *xm_handle_ptr(xm_handle64_t h)
{
	return (void *)(uintptr_t)h;
}

typedef uint64_t xm_pfn_t; /* xen_pfn_t: a frame number, 64 bits */

/* ---- Hypercall numbers (public/xen.h) ---- */
#define XM_HC_memory_op 12
#define XM_HC_xen_version 17
#define XM_HC_sched_op 29
#define XM_HC_event_channel_op 32
#define XM_HC_hvm_op 34
#define XM_HC_sysctl 35
#define XM_HC_domctl 36
#define XM_HC_hypfs_op 42

/* ---- Domain ids (public/xen.h) ---- */
/* Ordinary domains are numbered below this; the rest have meanings. */
#define XM_DOMID_FIRST_RESERVED 0x7ff0u
#define XM_DOMID_SELF 0x7ff0u
#define XM_DOMID_INVALID 0x7ff4u
#define XM_DOMID_IDLE 0x7fffu

/* Global virtual IRQs the control domain may bind (public/xen.h). */
#define XM_VIRQ_DOM_EXC 3  /* some domain shut down or died */
#define XM_VIRQ_CON_RING 8 /* Xen's console ring has new bytes */

/* The 16-byte domain handle (UUID) is written uint8_t[16] everywhere. */
#define XM_HANDLE_LEN 16

/* ---- xen_version (public/version.h): the sub-op is the first argument ---- */
#define XM_XENVER_version 0      /* returns major << 16 | minor */
#define XM_XENVER_extraversion 1 /* fills XM_EXTRAVERSION_LEN chars */
#define XM_XENVER_capabilities 3 /* fills XM_CAPABILITIES_LEN chars */
#define XM_XENVER_guest_handle 8 /* fills the caller's 16-byte handle */
#define XM_EXTRAVERSION_LEN 16
#define XM_CAPABILITIES_LEN 1024

/* A set of CPUs passed by reference (public/xen.h xenctl_bitmap). */
struct xm_xenctl_bitmap {
	xm_handle64_t bitmap; /* uint8_t[], bit i of byte i / 8 is CPU i */
	uint32_t nr_bits;
};

/* ---- sysctl (public/sysctl.h) ---- */
#define XM_SYSCTL_readconsole 1
#define XM_SYSCTL_physinfo 3
#define XM_SYSCTL_getdomaininfolist 6
#define XM_SYSCTL_cpupool_op 18
#define XM_SYSCTL_scheduler_op 19

/*
 * Copy bytes out of Xen's console ring. With incremental set, index is
 * where to start (Xen moves it to the end of what it copied); clear drops
 * what was read, for every reader, so only `dmesg --clear` sets it.
 */
struct xm_sysctl_readconsole {
	uint8_t clear;
	uint8_t incremental;
	uint8_t pad0, pad1;
	uint32_t index;
	xm_handle64_t buffer; /* char[count] */
	uint32_t count;       /* in: buffer size, out: bytes copied */
};

struct xm_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus;
	uint32_t max_cpu_id;
	uint32_t nr_nodes;
	uint32_t max_node_id;
	uint32_t cpu_khz;
	uint32_t capabilities;
	uint32_t arch_capabilities;
	uint32_t pad;
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t scrub_pages;
	uint64_t outstanding_pages;
	uint64_t max_mfn;
	uint32_t hw_cap[8];
};

/* Records of domains with ids first_domain and up, in id order. */
struct xm_sysctl_getdomaininfolist {
	uint16_t first_domain;
	uint32_t max_domains;
	xm_handle64_t buffer; /* struct xm_domctl_getdomaininfo[max_domains] */
	uint32_t num_domains; /* out */
};

/* cpupool_op sub-ops; INFO answers for the first pool id >= cpupool_id. */
#define XM_SYSCTL_CPUPOOL_OP_CREATE 1
#define XM_SYSCTL_CPUPOOL_OP_DESTROY 2
#define XM_SYSCTL_CPUPOOL_OP_INFO 3
#define XM_SYSCTL_CPUPOOL_OP_ADDCPU 4
#define XM_SYSCTL_CPUPOOL_OP_RMCPU 5
#define XM_SYSCTL_CPUPOOL_OP_MOVEDOMAIN 6
#define XM_SYSCTL_CPUPOOL_OP_FREEINFO 7
#define XM_SYSCTL_CPUPOOL_PAR_ANY 0xffffffffu /* "any" pool id or CPU */

struct xm_sysctl_cpupool_op {
	uint32_t op;
	uint32_t cpupool_id; /* in: all but freeinfo; out: create, info */
	uint32_t sched_id;   /* in: create; out: info */
	uint32_t domid;      /* in: movedomain */
	uint32_t cpu;        /* in: addcpu, rmcpu */
	uint32_t n_dom;      /* out: info */
	struct xm_xenctl_bitmap cpumap; /* out: info, freeinfo */
};

/* Scheduler ids (public/domctl.h XEN_SCHEDULER_*). */
#define XM_SCHED_CREDIT 5
#define XM_SCHED_CREDIT2 6
#define XM_SCHED_ARINC653 7
#define XM_SCHED_RTDS 8
#define XM_SCHED_NULL 9

#define XM_SYSCTL_SCHEDOP_putinfo 0
#define XM_SYSCTL_SCHEDOP_getinfo 1

/* ARINC653_MAX_DOMAINS_PER_SCHEDULE: the most windows a schedule holds. */
#define XM_A653_MAX_ENTRIES 64

/* A whole ARINC 653 major frame, times in ns. */
struct xm_sysctl_arinc653_schedule {
	uint64_t major_frame;
	uint8_t num_sched_entries;
	struct {
		uint8_t dom_handle[XM_HANDLE_LEN];
		uint32_t vcpu_id;
		uint64_t runtime;
	} sched_entries[XM_A653_MAX_ENTRIES];
};

/* Pool-wide parameters of the other schedulers; here for the union size. */
struct xm_sysctl_credit_schedule {
	uint32_t tslice_ms;
	uint32_t ratelimit_us;
	uint32_t vcpu_migr_delay_us;
};

struct xm_sysctl_credit2_schedule {
	uint32_t ratelimit_us;
};

struct xm_sysctl_scheduler_op {
	uint32_t cpupool_id;
	uint32_t sched_id; /* XM_SCHED_*: must be the pool's */
	uint32_t cmd;      /* XM_SYSCTL_SCHEDOP_* */
	union {
		struct {
			/* struct xm_sysctl_arinc653_schedule */
			xm_handle64_t schedule;
		} sched_arinc653;
		struct xm_sysctl_credit_schedule sched_credit;
		struct xm_sysctl_credit2_schedule sched_credit2;
	} u;
};

/* Every sysctl: a command, its interface version and 128 payload bytes. */
struct xm_sysctl {
	uint32_t cmd;
	uint32_t interface_version;
	union {
		struct xm_sysctl_readconsole readconsole;
		struct xm_sysctl_physinfo physinfo;
		struct xm_sysctl_getdomaininfolist getdomaininfolist;
		struct xm_sysctl_cpupool_op cpupool_op;
		struct xm_sysctl_scheduler_op scheduler_op;
		uint8_t pad[128];
	} u;
};

/* ---- domctl (public/domctl.h) ---- */
#define XM_DOMCTL_destroydomain 2
#define XM_DOMCTL_pausedomain 3
#define XM_DOMCTL_unpausedomain 4
#define XM_DOMCTL_getdomaininfo 5
#define XM_DOMCTL_setvcpuaffinity 9
#define XM_DOMCTL_getvcpuinfo 14
#define XM_DOMCTL_setdomainhandle 17
#define XM_DOMCTL_getvcpuaffinity 25
/*
 * Xen 4.21+: the first stable domctl, sent with interface_version 0 on
 * every release; older Xen answers EOPNOTSUPP. Xen's 4.17 and 4.20 headers
 * lack it, so a build against them cannot cross-check it (abi_check.c).
 */
#define XM_DOMCTL_get_domain_state 90

/* Domain flags of a getdomaininfo record (XEN_DOMINF_*). */
#define XM_DOM_DYING (1u << 0)
#define XM_DOM_HVM (1u << 1)
#define XM_DOM_SHUTDOWN (1u << 2)
#define XM_DOM_PAUSED (1u << 3)
#define XM_DOM_BLOCKED (1u << 4)
#define XM_DOM_RUNNING (1u << 5)
#define XM_DOM_DEBUGGED (1u << 6)
#define XM_DOM_XS_DOMAIN (1u << 7)
#define XM_DOM_HAP (1u << 8)
/*
 * The guest's shutdown code sits in bits 16-23, meaningful only with
 * XM_DOM_SHUTDOWN (a live domain reads all ones there).
 */
#define XM_DOM_SHUTDOWN_SHIFT 16
#define XM_DOM_SHUTDOWN_MASK 0xffu
#define XM_DOM_SHUTDOWN_CODE(f) \
	(((f) >> XM_DOM_SHUTDOWN_SHIFT) & XM_DOM_SHUTDOWN_MASK)

/* Shutdown codes (public/sched.h SHUTDOWN_*). */
#define XM_SHUTDOWN_POWEROFF 0u
#define XM_SHUTDOWN_REBOOT 1u
#define XM_SHUTDOWN_SUSPEND 2u
#define XM_SHUTDOWN_CRASH 3u
#define XM_SHUTDOWN_WATCHDOG 4u
#define XM_SHUTDOWN_SOFT_RESET 5u

/*
 * struct xen_arch_domainconfig closes the getdomaininfo record: 8 bytes on
 * x86; on Arm 12 bytes up to 4.20 and 16 from 4.21, inside the same
 * 120-byte record. xenmin reads none of it, so it is kept as bytes, sized
 * for the newest layout.
 */
#if defined(__x86_64__)
#define XM_ARCH_CONFIG_LEN 8
#define XM_DOMINFO_SIZE 112
#else
#define XM_ARCH_CONFIG_LEN 16
#define XM_DOMINFO_SIZE 120
#endif

/* One domain; getdomaininfolist returns an array, so the stride matters. */
struct xm_domctl_getdomaininfo {
	uint16_t domain;
	uint16_t pad1;
	uint32_t flags; /* XM_DOM_* and the shutdown code */
	uint64_t tot_pages;
	uint64_t max_pages;
	uint64_t outstanding_pages;
	uint64_t shr_pages;
	uint64_t paged_pages;
	uint64_t shared_info_frame;
	uint64_t cpu_time; /* ns */
	uint32_t nr_online_vcpus;
	uint32_t max_vcpu_id;
	uint32_t ssidref;
	uint8_t handle[XM_HANDLE_LEN];
	uint32_t cpupool;
	uint8_t gpaddr_bits;
	uint8_t pad2[7];
	uint8_t arch_config[XM_ARCH_CONFIG_LEN];
};

struct xm_domctl_getvcpuinfo {
	uint32_t vcpu;    /* in */
	uint8_t online;   /* out from here */
	uint8_t blocked;
	uint8_t running;
	uint64_t cpu_time; /* ns */
	uint32_t cpu;
};

/* Which of the two maps a vcpuaffinity call reads or writes. */
#define XM_VCPUAFFINITY_HARD (1u << 0)
#define XM_VCPUAFFINITY_SOFT (1u << 1)
#define XM_VCPUAFFINITY_FORCE (1u << 2)

/*
 * set: both maps in, and out as Xen applied them (intersected with the
 * pool's CPUs); get: both out as last set.
 */
struct xm_domctl_vcpuaffinity {
	uint32_t vcpu;
	uint32_t flags; /* XM_VCPUAFFINITY_* */
	struct xm_xenctl_bitmap cpumap_hard;
	struct xm_xenctl_bitmap cpumap_soft;
};

struct xm_domctl_setdomainhandle {
	uint8_t handle[XM_HANDLE_LEN];
};

/* get_domain_state answers (Xen 4.21+). */
#define XM_DOMCTL_GETDOMSTATE_STATE_EXIST 0x0001u
#define XM_DOMCTL_GETDOMSTATE_STATE_SHUTDOWN 0x0002u
#define XM_DOMCTL_GETDOMSTATE_STATE_DYING 0x0004u
#define XM_DOMCTL_GETDOMSTATE_STATE_DEAD 0x0008u
#define XM_DOMCTL_GETDOMSTATE_CAP_CONTROL 0x0001u
#define XM_DOMCTL_GETDOMSTATE_CAP_HARDWARE 0x0002u
#define XM_DOMCTL_GETDOMSTATE_CAP_XENSTORE 0x0004u

struct xm_domctl_get_domain_state {
	uint16_t state;     /* XM_DOMCTL_GETDOMSTATE_STATE_* */
	uint16_t caps;      /* XM_DOMCTL_GETDOMSTATE_CAP_* */
	uint32_t pad0;      /* zero in, zero out */
	uint64_t unique_id; /* never reused, unlike domids */
};

/* Every domctl: command, version, target domain, 128 payload bytes. */
struct xm_domctl {
	uint32_t cmd;
	uint32_t interface_version;
	uint16_t domain;
	uint16_t _pad[3];
	union {
		struct xm_domctl_getdomaininfo getdomaininfo;
		struct xm_domctl_getvcpuinfo getvcpuinfo;
		struct xm_domctl_vcpuaffinity vcpuaffinity;
		struct xm_domctl_setdomainhandle setdomainhandle;
		struct xm_domctl_get_domain_state get_domain_state;
		uint8_t pad[128];
	} u;
};

/* ---- sched_op (public/sched.h): the toolstack's hard shutdown ---- */
#define XM_SCHEDOP_remote_shutdown 4

struct xm_sched_remote_shutdown {
	uint16_t domain_id;
	uint32_t reason; /* XM_SHUTDOWN_* */
};

/* ---- hvm_op (public/hvm/hvm_op.h, params.h) ---- */
#define XM_HVMOP_get_param 1
/* Where Arm, HVM and PVH guests publish their PV console. */
#define XM_HVM_PARAM_CONSOLE_PFN 17
#define XM_HVM_PARAM_CONSOLE_EVTCHN 18

struct xm_hvm_param {
	uint16_t domid;
	uint16_t pad;
	uint32_t index; /* XM_HVM_PARAM_* */
	uint64_t value;
};

/* ---- event_channel_op (public/event_channel.h) ---- */
#define XM_EVTCHNOP_status 5

#define XM_EVTCHNSTAT_closed 0
#define XM_EVTCHNSTAT_unbound 1     /* waiting for u.unbound.dom to bind */
#define XM_EVTCHNSTAT_interdomain 2 /* bound to u.interdomain.{dom,port} */
#define XM_EVTCHNSTAT_pirq 3
#define XM_EVTCHNSTAT_virq 4
#define XM_EVTCHNSTAT_ipi 5

/* Xen's struct evtchn_status: one port of one domain. */
struct xm_evtchnop_status {
	uint16_t dom;
	uint32_t port;
	uint32_t status; /* out: XM_EVTCHNSTAT_* */
	uint32_t vcpu;
	union {
		struct {
			uint16_t dom;
		} unbound;
		struct {
			uint16_t dom;
			uint32_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;
};

/* ---- Grant table v1 (public/grant_table.h) ---- */
#define XM_GTF_permit_access (1u << 0)

struct xm_grant_entry_v1 {
	uint16_t flags; /* XM_GTF_* */
	uint16_t domid; /* who may map */
	uint32_t frame; /* which of the granter's frames */
};

/* ---- Mapping a domain's resources (public/memory.h) ---- */
#define XM_XENMEM_acquire_resource 28
#define XM_XENMEM_resource_grant_table 1
#define XM_XENMEM_resource_grant_table_id_shared 0

/*
 * ---- The PV console page (public/io/console.h) ----
 * Xen 4.21 added the connection byte after the indexes; a guest built with
 * older headers never reads it, and the rest of the page is unused, so
 * writing it is harmless there.
 */
#define XM_CONS_CONNECTED 0    /* a backend services the ring */
#define XM_CONS_DISCONNECTED 1 /* nobody does (the initial state) */

struct xm_xencons_interface {
	char in[1024];  /* to the guest */
	char out[2048]; /* from the guest */
	uint32_t in_cons, in_prod;
	uint32_t out_cons, out_prod;
	uint8_t connection; /* XM_CONS_* */
};

/* Ring geometry for console.c, from the struct rather than restated. */
#define XM_CONS_IN_SIZE sizeof(((struct xm_xencons_interface *)0)->in)
#define XM_CONS_OUT_SIZE sizeof(((struct xm_xencons_interface *)0)->out)
#define XM_CONS_OUT_OFF offsetof(struct xm_xencons_interface, out)
#define XM_CONS_CONNECTION_OFF offsetof(struct xm_xencons_interface, connection)
/* The ring code masks indexes: both rings must be powers of two. */
_Static_assert((XM_CONS_IN_SIZE & (XM_CONS_IN_SIZE - 1)) == 0 &&
		       (XM_CONS_OUT_SIZE & (XM_CONS_OUT_SIZE - 1)) == 0,
	       "console ring sizes are powers of two");

/* ---- hypfs (public/hypfs.h), Xen 4.14+ ---- */
#define XM_HYPFS_OP_get_version 0
#define XM_HYPFS_OP_read 1
#define XM_HYPFS_OP_write_contents 2
#define XM_HYPFS_VERSION 1
#define XM_HYPFS_MAX_PATHLEN 1024

#define XM_HYPFS_TYPE_DIR 0
#define XM_HYPFS_TYPE_BLOB 1
#define XM_HYPFS_TYPE_STRING 2
#define XM_HYPFS_TYPE_UINT 3
#define XM_HYPFS_TYPE_INT 4
#define XM_HYPFS_TYPE_BOOL 5
#define XM_HYPFS_ENC_PLAIN 0
#define XM_HYPFS_ENC_GZIP 1 /* e.g. /buildinfo/config */

/* A read answers with this header, then content_len bytes of data. */
struct xm_hypfs_direntry {
	uint8_t type;     /* XM_HYPFS_TYPE_* */
	uint8_t encoding; /* XM_HYPFS_ENC_* */
	uint16_t pad;
	uint32_t content_len;
	uint32_t max_write_len; /* 0: read-only */
};

/* A directory's data is a chain of these. */
struct xm_hypfs_dirlistentry {
	struct xm_hypfs_direntry e;
	uint16_t off_next; /* bytes to the next entry, 0 on the last */
	char name[];       /* NUL-terminated */
};

/* ---- Layouts pinned without Xen's headers (abi_check.c compares) ---- */
_Static_assert(sizeof(struct xm_xenctl_bitmap) == 16, "xenctl_bitmap");
_Static_assert(sizeof(struct xm_sysctl) == 136 &&
		       offsetof(struct xm_sysctl, u) == 8,
	       "sysctl: 8-byte head, 128-byte payload");
_Static_assert(sizeof(struct xm_domctl) == 144 &&
		       offsetof(struct xm_domctl, u) == 16,
	       "domctl: 16-byte head, 128-byte payload");
_Static_assert(sizeof(struct xm_domctl_getdomaininfo) == XM_DOMINFO_SIZE &&
		       offsetof(struct xm_domctl_getdomaininfo, handle) == 76 &&
		       offsetof(struct xm_domctl_getdomaininfo, cpupool) ==
			       92 &&
		       offsetof(struct xm_domctl_getdomaininfo, arch_config) ==
			       104,
	       "getdomaininfo record");
_Static_assert(sizeof(struct xm_sysctl_arinc653_schedule) ==
			       16 + XM_A653_MAX_ENTRIES * 32 &&
		       offsetof(struct xm_sysctl_arinc653_schedule,
				sched_entries) == 16,
	       "ARINC 653 schedule: 16-byte head, 32-byte entries");
_Static_assert(sizeof(struct xm_sysctl_readconsole) == 24, "readconsole");
_Static_assert(sizeof(struct xm_sysctl_cpupool_op) == 40, "cpupool_op");
_Static_assert(sizeof(struct xm_sysctl_scheduler_op) == 32, "scheduler_op");
_Static_assert(sizeof(struct xm_sysctl_physinfo) == 112, "physinfo");
_Static_assert(sizeof(struct xm_domctl_vcpuaffinity) == 40, "vcpuaffinity");
_Static_assert(sizeof(struct xm_domctl_getvcpuinfo) == 24, "getvcpuinfo");
_Static_assert(sizeof(struct xm_domctl_get_domain_state) == 16,
	       "get_domain_state");
_Static_assert(sizeof(struct xm_hvm_param) == 16, "hvm_param");
_Static_assert(sizeof(struct xm_evtchnop_status) == 24, "evtchn_status");
_Static_assert(sizeof(struct xm_grant_entry_v1) == 8, "grant entry v1");
_Static_assert(sizeof(struct xm_sched_remote_shutdown) == 8,
	       "sched_remote_shutdown");
_Static_assert(sizeof(struct xm_hypfs_direntry) == 12 &&
		       offsetof(struct xm_hypfs_dirlistentry, name) == 14,
	       "hypfs entries");
_Static_assert(offsetof(struct xm_xencons_interface, in_cons) == 3072 &&
		       offsetof(struct xm_xencons_interface, connection) ==
			       3088,
	       "console page");

#endif
