// SPDX-License-Identifier: MIT
/*
 * The cross-check of our ABI room (xm_xen.h, xm_abi.h) against Xen's own
 * public headers, compiled only when the build finds them (libxen-dev, or
 * -DXEN_INCLUDE_DIR=<sysroot>/usr/include). It holds nothing but static
 * asserts: the size of every struct we define, the offset and size of
 * every field, and the value of every constant, compared one by one with
 * Xen's, so a slip in our definitions or a change in Xen stops the build
 * and names the field. Where Xen's layouts differ by release (the Arm
 * arch_config tail, the 4.21 console connection byte, the 4.21 stable
 * get_domain_state domctl) the check takes what the headers have and says
 * below what it cannot compare. With kernel headers visible (glibc
 * builds), the privcmd and evtchn ioctls are compared with Xen's copies of
 * the Linux ones too.
 */
#include <stddef.h>
#include <stdint.h>

#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1 /* domctl.h and sysctl.h are for toolstacks only */
#endif
#include <xen/xen.h>
#include <xen/version.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/sched.h>
#include <xen/event_channel.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/grant_table.h>
#include <xen/memory.h>
#include <xen/hypfs.h>
#include <xen/io/console.h>

#include "xm_abi.h"

#define SAME_SIZE(ours, xens)                                  \
	_Static_assert(sizeof(ours) == sizeof(xens),           \
		       "size of " #ours " differs from Xen " #xens)

/* Field @f (a member path such as u.readconsole.index) of both. */
#define SAME_FIELD(ours, xens, f)                                    \
	_Static_assert(offsetof(ours, f) == offsetof(xens, f) &&     \
			       sizeof(((ours *)0)->f) ==             \
				       sizeof(((xens *)0)->f),       \
		       #ours " field " #f " differs from Xen " #xens)

#define SAME_CONST(ours, xens) \
	_Static_assert((ours) == (xens), #ours " differs from Xen " #xens)

/* ---- Scalars, handles, hypercall numbers ---- */
SAME_SIZE(xm_pfn_t, xen_pfn_t);
SAME_SIZE(uint16_t, domid_t);
SAME_SIZE(uint8_t[XM_HANDLE_LEN], xen_domain_handle_t);
SAME_SIZE(xm_handle64_t, XEN_GUEST_HANDLE_64(uint8));
SAME_SIZE(uint32_t, XENCONS_RING_IDX);

SAME_CONST(XM_HC_memory_op, __HYPERVISOR_memory_op);
SAME_CONST(XM_HC_xen_version, __HYPERVISOR_xen_version);
SAME_CONST(XM_HC_sched_op, __HYPERVISOR_sched_op);
SAME_CONST(XM_HC_event_channel_op, __HYPERVISOR_event_channel_op);
SAME_CONST(XM_HC_hvm_op, __HYPERVISOR_hvm_op);
SAME_CONST(XM_HC_sysctl, __HYPERVISOR_sysctl);
SAME_CONST(XM_HC_domctl, __HYPERVISOR_domctl);
SAME_CONST(XM_HC_hypfs_op, __HYPERVISOR_hypfs_op);

SAME_CONST(XM_DOMID_FIRST_RESERVED, DOMID_FIRST_RESERVED);
SAME_CONST(XM_DOMID_SELF, DOMID_SELF);
SAME_CONST(XM_DOMID_INVALID, DOMID_INVALID);
SAME_CONST(XM_DOMID_IDLE, DOMID_IDLE);
SAME_CONST(XM_VIRQ_DOM_EXC, VIRQ_DOM_EXC);
SAME_CONST(XM_VIRQ_CON_RING, VIRQ_CON_RING);

/* ---- xen_version ---- */
SAME_CONST(XM_XENVER_version, XENVER_version);
SAME_CONST(XM_XENVER_extraversion, XENVER_extraversion);
SAME_CONST(XM_XENVER_capabilities, XENVER_capabilities);
SAME_CONST(XM_XENVER_guest_handle, XENVER_guest_handle);
SAME_CONST(XM_EXTRAVERSION_LEN, sizeof(xen_extraversion_t));
SAME_CONST(XM_CAPABILITIES_LEN, sizeof(xen_capabilities_info_t));

/* ---- xenctl_bitmap ---- */
SAME_SIZE(struct xm_xenctl_bitmap, struct xenctl_bitmap);
SAME_FIELD(struct xm_xenctl_bitmap, struct xenctl_bitmap, bitmap);
SAME_FIELD(struct xm_xenctl_bitmap, struct xenctl_bitmap, nr_bits);

/* ---- sysctl ---- */
#define SYS(f) SAME_FIELD(struct xm_sysctl, struct xen_sysctl, f)
SAME_SIZE(struct xm_sysctl, struct xen_sysctl);
SYS(cmd);
SYS(interface_version);
SYS(u);
SAME_CONST(XM_SYSCTL_readconsole, XEN_SYSCTL_readconsole);
SAME_CONST(XM_SYSCTL_physinfo, XEN_SYSCTL_physinfo);
SAME_CONST(XM_SYSCTL_getdomaininfolist, XEN_SYSCTL_getdomaininfolist);
SAME_CONST(XM_SYSCTL_cpupool_op, XEN_SYSCTL_cpupool_op);
SAME_CONST(XM_SYSCTL_scheduler_op, XEN_SYSCTL_scheduler_op);

#define RC(f) SAME_FIELD(struct xm_sysctl_readconsole, \
			 struct xen_sysctl_readconsole, f)
SAME_SIZE(struct xm_sysctl_readconsole, struct xen_sysctl_readconsole);
RC(clear);
RC(incremental);
RC(pad0);
RC(pad1);
RC(index);
RC(buffer);
RC(count);
SYS(u.readconsole);

#define PI(f) SAME_FIELD(struct xm_sysctl_physinfo, \
			 struct xen_sysctl_physinfo, f)
SAME_SIZE(struct xm_sysctl_physinfo, struct xen_sysctl_physinfo);
PI(threads_per_core);
PI(cores_per_socket);
PI(nr_cpus);
PI(max_cpu_id);
PI(nr_nodes);
PI(max_node_id);
PI(cpu_khz);
PI(capabilities);
PI(arch_capabilities);
PI(pad);
PI(total_pages);
PI(free_pages);
PI(scrub_pages);
PI(outstanding_pages);
PI(max_mfn);
PI(hw_cap);
SYS(u.physinfo);

#define GL(f) SAME_FIELD(struct xm_sysctl_getdomaininfolist, \
			 struct xen_sysctl_getdomaininfolist, f)
SAME_SIZE(struct xm_sysctl_getdomaininfolist,
	  struct xen_sysctl_getdomaininfolist);
GL(first_domain);
GL(max_domains);
GL(buffer);
GL(num_domains);
SYS(u.getdomaininfolist);

#define CP(f) SAME_FIELD(struct xm_sysctl_cpupool_op, \
			 struct xen_sysctl_cpupool_op, f)
SAME_SIZE(struct xm_sysctl_cpupool_op, struct xen_sysctl_cpupool_op);
CP(op);
CP(cpupool_id);
CP(sched_id);
CP(domid);
CP(cpu);
CP(n_dom);
CP(cpumap);
CP(cpumap.bitmap);
CP(cpumap.nr_bits);
SYS(u.cpupool_op);
SAME_CONST(XM_SYSCTL_CPUPOOL_OP_CREATE, XEN_SYSCTL_CPUPOOL_OP_CREATE);
SAME_CONST(XM_SYSCTL_CPUPOOL_OP_DESTROY, XEN_SYSCTL_CPUPOOL_OP_DESTROY);
SAME_CONST(XM_SYSCTL_CPUPOOL_OP_INFO, XEN_SYSCTL_CPUPOOL_OP_INFO);
SAME_CONST(XM_SYSCTL_CPUPOOL_OP_ADDCPU, XEN_SYSCTL_CPUPOOL_OP_ADDCPU);
SAME_CONST(XM_SYSCTL_CPUPOOL_OP_RMCPU, XEN_SYSCTL_CPUPOOL_OP_RMCPU);
SAME_CONST(XM_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN);
SAME_CONST(XM_SYSCTL_CPUPOOL_OP_FREEINFO, XEN_SYSCTL_CPUPOOL_OP_FREEINFO);
SAME_CONST(XM_SYSCTL_CPUPOOL_PAR_ANY, XEN_SYSCTL_CPUPOOL_PAR_ANY);

SAME_CONST(XM_SCHED_CREDIT, XEN_SCHEDULER_CREDIT);
SAME_CONST(XM_SCHED_CREDIT2, XEN_SCHEDULER_CREDIT2);
SAME_CONST(XM_SCHED_ARINC653, XEN_SCHEDULER_ARINC653);
SAME_CONST(XM_SCHED_RTDS, XEN_SCHEDULER_RTDS);
SAME_CONST(XM_SCHED_NULL, XEN_SCHEDULER_NULL);
SAME_CONST(XM_SYSCTL_SCHEDOP_putinfo, XEN_SYSCTL_SCHEDOP_putinfo);
SAME_CONST(XM_SYSCTL_SCHEDOP_getinfo, XEN_SYSCTL_SCHEDOP_getinfo);
SAME_CONST(XM_A653_MAX_ENTRIES, ARINC653_MAX_DOMAINS_PER_SCHEDULE);

#define A653(f) SAME_FIELD(struct xm_sysctl_arinc653_schedule, \
			   struct xen_sysctl_arinc653_schedule, f)
SAME_SIZE(struct xm_sysctl_arinc653_schedule,
	  struct xen_sysctl_arinc653_schedule);
A653(major_frame);
A653(num_sched_entries);
A653(sched_entries);
A653(sched_entries[0]);
A653(sched_entries[0].dom_handle);
A653(sched_entries[0].vcpu_id);
A653(sched_entries[0].runtime);

#define CR(f) SAME_FIELD(struct xm_sysctl_credit_schedule, \
			 struct xen_sysctl_credit_schedule, f)
SAME_SIZE(struct xm_sysctl_credit_schedule, struct xen_sysctl_credit_schedule);
CR(tslice_ms);
CR(ratelimit_us);
CR(vcpu_migr_delay_us);
SAME_SIZE(struct xm_sysctl_credit2_schedule,
	  struct xen_sysctl_credit2_schedule);
SAME_FIELD(struct xm_sysctl_credit2_schedule,
	   struct xen_sysctl_credit2_schedule, ratelimit_us);

#define SO(f) SAME_FIELD(struct xm_sysctl_scheduler_op, \
			 struct xen_sysctl_scheduler_op, f)
SAME_SIZE(struct xm_sysctl_scheduler_op, struct xen_sysctl_scheduler_op);
SO(cpupool_id);
SO(sched_id);
SO(cmd);
SO(u);
SO(u.sched_arinc653);
SO(u.sched_arinc653.schedule);
SO(u.sched_credit);
SO(u.sched_credit2);
SYS(u.scheduler_op);
SYS(u.pad);

/* ---- domctl ---- */
#define DOM(f) SAME_FIELD(struct xm_domctl, struct xen_domctl, f)
SAME_SIZE(struct xm_domctl, struct xen_domctl);
DOM(cmd);
DOM(interface_version);
DOM(domain);
DOM(_pad);
DOM(u);
DOM(u.pad);
SAME_CONST(XM_DOMCTL_destroydomain, XEN_DOMCTL_destroydomain);
SAME_CONST(XM_DOMCTL_pausedomain, XEN_DOMCTL_pausedomain);
SAME_CONST(XM_DOMCTL_unpausedomain, XEN_DOMCTL_unpausedomain);
SAME_CONST(XM_DOMCTL_getdomaininfo, XEN_DOMCTL_getdomaininfo);
SAME_CONST(XM_DOMCTL_setvcpuaffinity, XEN_DOMCTL_setvcpuaffinity);
SAME_CONST(XM_DOMCTL_getvcpuinfo, XEN_DOMCTL_getvcpuinfo);
SAME_CONST(XM_DOMCTL_setdomainhandle, XEN_DOMCTL_setdomainhandle);
SAME_CONST(XM_DOMCTL_getvcpuaffinity, XEN_DOMCTL_getvcpuaffinity);

#define GI(f) SAME_FIELD(struct xm_domctl_getdomaininfo, \
			 struct xen_domctl_getdomaininfo, f)
SAME_SIZE(struct xm_domctl_getdomaininfo, struct xen_domctl_getdomaininfo);
GI(domain);
GI(pad1);
GI(flags);
GI(tot_pages);
GI(max_pages);
GI(outstanding_pages);
GI(shr_pages);
GI(paged_pages);
GI(shared_info_frame);
GI(cpu_time);
GI(nr_online_vcpus);
GI(max_vcpu_id);
GI(ssidref);
GI(handle);
GI(cpupool);
GI(gpaddr_bits);
GI(pad2);
DOM(u.getdomaininfo);
/*
 * The arch tail is bytes to us: same start; ours is sized for the newest
 * Arm layout (4.21+), so an older Arm header's is shorter, inside the
 * same record size asserted above.
 */
_Static_assert(offsetof(struct xm_domctl_getdomaininfo, arch_config) ==
		       offsetof(struct xen_domctl_getdomaininfo, arch_config),
	       "getdomaininfo arch_config moved");
_Static_assert(XM_ARCH_CONFIG_LEN >= sizeof(struct xen_arch_domainconfig),
	       "Xen arch_config outgrew ours");

SAME_CONST(XM_DOM_DYING, XEN_DOMINF_dying);
SAME_CONST(XM_DOM_HVM, XEN_DOMINF_hvm_guest);
SAME_CONST(XM_DOM_SHUTDOWN, XEN_DOMINF_shutdown);
SAME_CONST(XM_DOM_PAUSED, XEN_DOMINF_paused);
SAME_CONST(XM_DOM_BLOCKED, XEN_DOMINF_blocked);
SAME_CONST(XM_DOM_RUNNING, XEN_DOMINF_running);
SAME_CONST(XM_DOM_DEBUGGED, XEN_DOMINF_debugged);
SAME_CONST(XM_DOM_XS_DOMAIN, XEN_DOMINF_xs_domain);
SAME_CONST(XM_DOM_HAP, XEN_DOMINF_hap);
SAME_CONST(XM_DOM_SHUTDOWN_SHIFT, XEN_DOMINF_shutdownshift);
SAME_CONST(XM_DOM_SHUTDOWN_MASK, XEN_DOMINF_shutdownmask);

#define VI(f) SAME_FIELD(struct xm_domctl_getvcpuinfo, \
			 struct xen_domctl_getvcpuinfo, f)
SAME_SIZE(struct xm_domctl_getvcpuinfo, struct xen_domctl_getvcpuinfo);
VI(vcpu);
VI(online);
VI(blocked);
VI(running);
VI(cpu_time);
VI(cpu);
DOM(u.getvcpuinfo);

#define VA(f) SAME_FIELD(struct xm_domctl_vcpuaffinity, \
			 struct xen_domctl_vcpuaffinity, f)
SAME_SIZE(struct xm_domctl_vcpuaffinity, struct xen_domctl_vcpuaffinity);
VA(vcpu);
VA(flags);
VA(cpumap_hard);
VA(cpumap_hard.bitmap);
VA(cpumap_hard.nr_bits);
VA(cpumap_soft);
VA(cpumap_soft.bitmap);
VA(cpumap_soft.nr_bits);
DOM(u.vcpuaffinity);
SAME_CONST(XM_VCPUAFFINITY_HARD, XEN_VCPUAFFINITY_HARD);
SAME_CONST(XM_VCPUAFFINITY_SOFT, XEN_VCPUAFFINITY_SOFT);
SAME_CONST(XM_VCPUAFFINITY_FORCE, XEN_VCPUAFFINITY_FORCE);

SAME_SIZE(struct xm_domctl_setdomainhandle, struct xen_domctl_setdomainhandle);
SAME_FIELD(struct xm_domctl_setdomainhandle,
	   struct xen_domctl_setdomainhandle, handle);
DOM(u.setdomainhandle);

/*
 * get_domain_state is in Xen 4.21+ headers only: Debian's 4.17 and 4.20
 * cannot check it (its size is still pinned in xm_xen.h).
 */
#ifdef XEN_DOMCTL_get_domain_state
#define DS(f) SAME_FIELD(struct xm_domctl_get_domain_state, \
			 struct xen_domctl_get_domain_state, f)
SAME_SIZE(struct xm_domctl_get_domain_state,
	  struct xen_domctl_get_domain_state);
DS(state);
DS(caps);
DS(pad0);
DS(unique_id);
DOM(u.get_domain_state);
SAME_CONST(XM_DOMCTL_get_domain_state, XEN_DOMCTL_get_domain_state);
SAME_CONST(XM_DOMCTL_GETDOMSTATE_STATE_EXIST,
	   XEN_DOMCTL_GETDOMSTATE_STATE_EXIST);
SAME_CONST(XM_DOMCTL_GETDOMSTATE_STATE_SHUTDOWN,
	   XEN_DOMCTL_GETDOMSTATE_STATE_SHUTDOWN);
SAME_CONST(XM_DOMCTL_GETDOMSTATE_STATE_DYING,
	   XEN_DOMCTL_GETDOMSTATE_STATE_DYING);
SAME_CONST(XM_DOMCTL_GETDOMSTATE_STATE_DEAD,
	   XEN_DOMCTL_GETDOMSTATE_STATE_DEAD);
SAME_CONST(XM_DOMCTL_GETDOMSTATE_CAP_CONTROL,
	   XEN_DOMCTL_GETDOMSTATE_CAP_CONTROL);
SAME_CONST(XM_DOMCTL_GETDOMSTATE_CAP_HARDWARE,
	   XEN_DOMCTL_GETDOMSTATE_CAP_HARDWARE);
SAME_CONST(XM_DOMCTL_GETDOMSTATE_CAP_XENSTORE,
	   XEN_DOMCTL_GETDOMSTATE_CAP_XENSTORE);
#endif

/*
 * The interface versions of these headers must be a row of our table
 * (which release they are from, the headers do not say).
 */
#define XM_IFVER_MATCH(ma, mi, d, s)                    \
	((d) == XEN_DOMCTL_INTERFACE_VERSION &&          \
	 (s) == XEN_SYSCTL_INTERFACE_VERSION) ||
_Static_assert(XM_IFVER_TABLE(XM_IFVER_MATCH) 0,
	       "the domctl/sysctl interface versions of these Xen headers "
	       "are no row of XM_IFVER_TABLE");

/* ---- sched_op: remote shutdown and shutdown codes ---- */
SAME_CONST(XM_SCHEDOP_remote_shutdown, SCHEDOP_remote_shutdown);
SAME_SIZE(struct xm_sched_remote_shutdown, struct sched_remote_shutdown);
SAME_FIELD(struct xm_sched_remote_shutdown, struct sched_remote_shutdown,
	   domain_id);
SAME_FIELD(struct xm_sched_remote_shutdown, struct sched_remote_shutdown,
	   reason);
SAME_CONST(XM_SHUTDOWN_POWEROFF, SHUTDOWN_poweroff);
SAME_CONST(XM_SHUTDOWN_REBOOT, SHUTDOWN_reboot);
SAME_CONST(XM_SHUTDOWN_SUSPEND, SHUTDOWN_suspend);
SAME_CONST(XM_SHUTDOWN_CRASH, SHUTDOWN_crash);
SAME_CONST(XM_SHUTDOWN_WATCHDOG, SHUTDOWN_watchdog);
SAME_CONST(XM_SHUTDOWN_SOFT_RESET, SHUTDOWN_soft_reset);

/* ---- hvm_op ---- */
SAME_CONST(XM_HVMOP_get_param, HVMOP_get_param);
SAME_CONST(XM_HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_PFN);
SAME_CONST(XM_HVM_PARAM_CONSOLE_EVTCHN, HVM_PARAM_CONSOLE_EVTCHN);
#define HP(f) SAME_FIELD(struct xm_hvm_param, struct xen_hvm_param, f)
SAME_SIZE(struct xm_hvm_param, struct xen_hvm_param);
HP(domid);
HP(pad);
HP(index);
HP(value);

/* ---- event channels ---- */
SAME_CONST(XM_EVTCHNOP_status, EVTCHNOP_status);
SAME_CONST(XM_EVTCHNSTAT_closed, EVTCHNSTAT_closed);
SAME_CONST(XM_EVTCHNSTAT_unbound, EVTCHNSTAT_unbound);
SAME_CONST(XM_EVTCHNSTAT_interdomain, EVTCHNSTAT_interdomain);
SAME_CONST(XM_EVTCHNSTAT_pirq, EVTCHNSTAT_pirq);
SAME_CONST(XM_EVTCHNSTAT_virq, EVTCHNSTAT_virq);
SAME_CONST(XM_EVTCHNSTAT_ipi, EVTCHNSTAT_ipi);
#define ES(f) SAME_FIELD(struct xm_evtchnop_status, struct evtchn_status, f)
SAME_SIZE(struct xm_evtchnop_status, struct evtchn_status);
ES(dom);
ES(port);
ES(status);
ES(vcpu);
ES(u);
ES(u.unbound.dom);
ES(u.interdomain.dom);
ES(u.interdomain.port);
ES(u.pirq);
ES(u.virq);

/* ---- grant table v1, resources ---- */
SAME_CONST(XM_GTF_permit_access, GTF_permit_access);
#define GE(f) SAME_FIELD(struct xm_grant_entry_v1, struct grant_entry_v1, f)
SAME_SIZE(struct xm_grant_entry_v1, struct grant_entry_v1);
GE(flags);
GE(domid);
GE(frame);
SAME_CONST(XM_XENMEM_acquire_resource, XENMEM_acquire_resource);
SAME_CONST(XM_XENMEM_resource_grant_table, XENMEM_resource_grant_table);
SAME_CONST(XM_XENMEM_resource_grant_table_id_shared,
	   XENMEM_resource_grant_table_id_shared);

/* ---- console page ---- */
#define CI(f) SAME_FIELD(struct xm_xencons_interface, \
			 struct xencons_interface, f)
CI(in);
CI(out);
CI(in_cons);
CI(in_prod);
CI(out_cons);
CI(out_prod);
#ifdef XENCONSOLE_CONNECTED
/* Xen 4.21+ headers: the connection byte is theirs too. */
SAME_SIZE(struct xm_xencons_interface, struct xencons_interface);
CI(connection);
SAME_CONST(XM_CONS_CONNECTED, XENCONSOLE_CONNECTED);
SAME_CONST(XM_CONS_DISCONNECTED, XENCONSOLE_DISCONNECTED);
#else
/* Older headers end at the indexes: the byte must follow them. */
_Static_assert(XM_CONS_CONNECTION_OFF == sizeof(struct xencons_interface),
	       "the console connection byte must follow the indexes");
#endif

/* ---- hypfs ---- */
SAME_CONST(XM_HYPFS_OP_get_version, XEN_HYPFS_OP_get_version);
SAME_CONST(XM_HYPFS_OP_read, XEN_HYPFS_OP_read);
SAME_CONST(XM_HYPFS_OP_write_contents, XEN_HYPFS_OP_write_contents);
SAME_CONST(XM_HYPFS_VERSION, XEN_HYPFS_VERSION);
SAME_CONST(XM_HYPFS_MAX_PATHLEN, XEN_HYPFS_MAX_PATHLEN);
SAME_CONST(XM_HYPFS_TYPE_DIR, XEN_HYPFS_TYPE_DIR);
SAME_CONST(XM_HYPFS_TYPE_BLOB, XEN_HYPFS_TYPE_BLOB);
SAME_CONST(XM_HYPFS_TYPE_STRING, XEN_HYPFS_TYPE_STRING);
SAME_CONST(XM_HYPFS_TYPE_UINT, XEN_HYPFS_TYPE_UINT);
SAME_CONST(XM_HYPFS_TYPE_INT, XEN_HYPFS_TYPE_INT);
SAME_CONST(XM_HYPFS_TYPE_BOOL, XEN_HYPFS_TYPE_BOOL);
SAME_CONST(XM_HYPFS_ENC_PLAIN, XEN_HYPFS_ENC_PLAIN);
SAME_CONST(XM_HYPFS_ENC_GZIP, XEN_HYPFS_ENC_GZIP);
#define HD(f) SAME_FIELD(struct xm_hypfs_direntry, struct xen_hypfs_direntry, f)
SAME_SIZE(struct xm_hypfs_direntry, struct xen_hypfs_direntry);
HD(type);
HD(encoding);
HD(pad);
HD(content_len);
HD(max_write_len);
SAME_SIZE(struct xm_hypfs_dirlistentry, struct xen_hypfs_dirlistentry);
SAME_FIELD(struct xm_hypfs_dirlistentry, struct xen_hypfs_dirlistentry, e);
SAME_FIELD(struct xm_hypfs_dirlistentry, struct xen_hypfs_dirlistentry,
	   off_next);
_Static_assert(offsetof(struct xm_hypfs_dirlistentry, name) ==
		       offsetof(struct xen_hypfs_dirlistentry, name),
	       "hypfs dirlistentry name moved");

/* ---- Linux privcmd and evtchn devices (Xen's copies of the uapi) ---- */
#if __has_include(<linux/types.h>) && __has_include(<xen/sys/privcmd.h>)
#include <xen/sys/evtchn.h>
#include <xen/sys/privcmd.h>

#define PH(f) SAME_FIELD(struct xm_privcmd_hypercall, privcmd_hypercall_t, f)
SAME_SIZE(struct xm_privcmd_hypercall, privcmd_hypercall_t);
PH(op);
PH(arg);
#define MB(f) SAME_FIELD(struct xm_privcmd_mmapbatch_v2, \
			 privcmd_mmapbatch_v2_t, f)
SAME_SIZE(struct xm_privcmd_mmapbatch_v2, privcmd_mmapbatch_v2_t);
MB(num);
MB(dom);
MB(addr);
MB(arr);
MB(err);
#define MR(f) SAME_FIELD(struct xm_privcmd_mmap_resource, \
			 privcmd_mmap_resource_t, f)
SAME_SIZE(struct xm_privcmd_mmap_resource, privcmd_mmap_resource_t);
MR(dom);
MR(type);
MR(id);
MR(idx);
MR(num);
MR(addr);
SAME_CONST(XM_IOCTL_PRIVCMD_HYPERCALL, IOCTL_PRIVCMD_HYPERCALL);
SAME_CONST(XM_IOCTL_PRIVCMD_MMAPBATCH_V2, IOCTL_PRIVCMD_MMAPBATCH_V2);
SAME_CONST(XM_IOCTL_PRIVCMD_MMAP_RESOURCE, IOCTL_PRIVCMD_MMAP_RESOURCE);

SAME_SIZE(struct xm_evtchn_bind_virq, struct ioctl_evtchn_bind_virq);
SAME_FIELD(struct xm_evtchn_bind_virq, struct ioctl_evtchn_bind_virq, virq);
SAME_CONST(XM_IOCTL_EVTCHN_BIND_VIRQ, IOCTL_EVTCHN_BIND_VIRQ);
SAME_SIZE(struct xm_evtchn_bind_interdomain,
	  struct ioctl_evtchn_bind_interdomain);
SAME_FIELD(struct xm_evtchn_bind_interdomain,
	   struct ioctl_evtchn_bind_interdomain, remote_domain);
SAME_FIELD(struct xm_evtchn_bind_interdomain,
	   struct ioctl_evtchn_bind_interdomain, remote_port);
SAME_SIZE(struct xm_evtchn_port, struct ioctl_evtchn_notify);
SAME_FIELD(struct xm_evtchn_port, struct ioctl_evtchn_notify, port);
SAME_CONST(XM_IOCTL_EVTCHN_BIND_INTERDOMAIN, IOCTL_EVTCHN_BIND_INTERDOMAIN);
SAME_CONST(XM_IOCTL_EVTCHN_NOTIFY, IOCTL_EVTCHN_NOTIFY);
#endif
