// SPDX-License-Identifier: MIT
/*
 * Operations on Xen: each function here is one or a few hypercalls with the
 * payload built and decoded, using the interface versions probed at open.
 * This layer holds no policy and no words: it returns 0 or -errno and fills
 * plain structs; the cmd_*.c files decide what to print and how to exit.
 */
#ifndef XM_XENOPS_H
#define XM_XENOPS_H

#include <stddef.h>
#include <stdint.h>

#include "xm_abi.h"

struct xm_transport;

/* One hypercall as seen by --trace (written by the CLI, not here). */
struct xm_trace_rec {
	const char *op;     /* "sysctl", "domctl", "xen_version" */
	const char *subop;  /* "getdomaininfolist", ... */
	long domid;         /* -1 when not about one domain */
	long result;        /* >= 0 or -errno */
	uint32_t ifver;     /* interface version stamped, 0 if none */
	uint64_t ns;        /* wall time taken */
};

typedef void (*xm_trace_fn)(void *arg, const struct xm_trace_rec *r);

struct xm_xen {
	struct xm_transport *t;
	unsigned major, minor;
	char extra[XM_EXTRAVERSION_LEN]; /* "" until xm_xen_extra() read it */
	int have_extra;
	uint32_t domctl_if, sysctl_if;
	int probed;          /* 1 if the versions were found by probing */
	int sysctl_absent;   /* Xen answered ENOSYS to every sysctl */
	unsigned long ncalls;
	xm_trace_fn trace;
	void *trace_arg;
	/* On -EPROTONOSUPPORT from xm_xen_open: what was tried. */
	uint32_t tried_lo, tried_hi;
};

/*
 * Ask Xen its version and pick the domctl/sysctl interface versions: from
 * the table for known releases, by probing for others.
 * Returns 0, -EPROTONOSUPPORT (no version fits), or the -errno of the call.
 */
int xm_xen_open(struct xm_xen *x, struct xm_transport *t);

/*
 * Fill @x->extra with Xen's extraversion (".5", "-pre"): asked on first
 * use, not at open, so only the commands that print it pay the hypercall.
 * Returns 0 or the -errno of the call (@x->extra then stays "").
 */
int xm_xen_extra(struct xm_xen *x);

/*
 * abi.c, for xm_xen_open: set @x's domctl/sysctl interface versions for
 * Xen @x->major.@x->minor from the table, or by probing when the release
 * is not in it. 0, or -EPROTONOSUPPORT when no domctl version fits.
 */
int xm_ifver_pick(struct xm_xen *x);

/*
 * One sysctl or domctl stamped with interface version @ifver (the probe
 * tries several; everything else goes through the versions picked).
 */
int xm_sysctl_at(struct xm_xen *x, struct xm_sysctl *s, uint32_t ifver,
		 const char *subop);
int xm_domctl_at(struct xm_xen *x, struct xm_domctl *d, uint32_t ifver,
		 const char *subop);

/*
 * One hypercall with all five arguments, through the path every wrapper
 * here takes (counted, seen by --trace): for operations kept in their own
 * files (hypfs.c). Returns Xen's result or -errno.
 */
long xm_hypercall(struct xm_xen *x, unsigned op, const uint64_t arg[5],
		  const char *opname, const char *subop, long domid,
		  uint32_t ifver);

/*
 * One --trace record for an operation that reaches Xen through a kernel
 * driver instead of xm_hypercall (mapping pages, event channels): the
 * driver is the op. @t0 comes from xm_trace_t0() before the operation
 * (the clock is read only while tracing; 0 records no time).
 */
uint64_t xm_trace_t0(const struct xm_xen *x);
void xm_trace(struct xm_xen *x, const char *op, const char *subop, long domid,
	      long result, uint64_t t0);

/* Decoded getdomaininfo record. */
struct xm_dominfo {
	uint16_t domid;
	uint32_t flags;
	uint64_t tot_pages, max_pages, outstanding_pages;
	uint64_t cpu_time_ns;
	uint32_t nr_online_vcpus, max_vcpu_id;
	uint8_t handle[16];
	uint32_t cpupool;
};

/* xl's six state letters (r b p s/-, reason letter, d) into @out[7]. */
void xm_dom_state(uint32_t flags, char out[7]);

/*
 * All domains, in domid order, with as few getdomaininfolist calls as the
 * buffer allows (one on any normal system). *@out is malloc'd.
 */
int xm_domain_list(struct xm_xen *x, struct xm_dominfo **out, size_t *n);
/* The record of @domid among @v[@n], or NULL. */
const struct xm_dominfo *xm_dominfo_find(const struct xm_dominfo *v, size_t n,
					 unsigned domid);
/* One domain: found in one list call. -ESRCH if it does not exist. */
int xm_domain_get(struct xm_xen *x, uint16_t domid, struct xm_dominfo *out);

int xm_domain_pause(struct xm_xen *x, uint16_t domid);
int xm_domain_unpause(struct xm_xen *x, uint16_t domid);
int xm_domain_sethandle(struct xm_xen *x, uint16_t domid,
			const uint8_t handle[16]);

/*
 * XM_DOMCTL_destroydomain, one call: 0 once Xen has killed the domain (it
 * stays listed, dying, until its last page is released), -ERESTART or
 * -EAGAIN while Xen is still tearing it down (call again), or -errno
 * (-EINVAL: the calling domain itself).
 */
int xm_domain_destroy(struct xm_xen *x, uint16_t domid);
/*
 * SCHEDOP_remote_shutdown: Xen shuts @domid down at once with @reason
 * (XM_SHUTDOWN_*), without asking the guest. Xen keeps the first reason a
 * domain got; its state shows shut down once every vCPU has stopped.
 */
int xm_domain_shutdown(struct xm_xen *x, uint16_t domid, unsigned reason);

/* The calling domain's own handle (XM_XENVER_guest_handle). */
int xm_self_handle(struct xm_xen *x, uint8_t handle[16]);

struct xm_pool {
	uint32_t id;
	uint32_t sched_id;
	uint32_t n_dom;
	uint64_t cpus; /* bit i: CPU i is in the pool (first 64 CPUs) */
};

/* One cpupool, in one call. -ENOENT if it does not exist. */
int xm_cpupool_get(struct xm_xen *x, uint32_t id, struct xm_pool *out);
/* All cpupools, ascending ids (one call per pool, plus one). Malloc'd. */
int xm_cpupool_list(struct xm_xen *x, struct xm_pool **out, size_t *n);

/* XM_SYSCTL_physinfo: the host's CPUs are numbered 0 to max_cpu_id. */
struct xm_physinfo {
	uint32_t nr_cpus, max_cpu_id;
};

int xm_physinfo(struct xm_xen *x, struct xm_physinfo *out);

/*
 * The cpupool_op writes (xen/common/sched/cpupool.c), one sysctl each,
 * called again while Xen answers EAGAIN or EADDRINUSE (XM_POOL_TRIES
 * calls at most, with a growing pause between them: about 2.3 s in
 * all). Errors as Xen gives them: create EEXIST (the id is taken),
 * ENOENT (no such scheduler built), ENOSPC (too many pools); destroy
 * EBUSY (domains or CPUs left); addcpu ENODEV (the CPU is not free);
 * rmcpu EINVAL (CPU 0 of pool 0), EADDRNOTAVAIL (not in the pool), EBUSY
 * (the pool's last CPU while it has domains); movedomain EPERM (the
 * calling domain), ENOENT (no such pool, or it has no CPU). An rmcpu that
 * failed after Xen took the CPU out leaves it free, and adding it back to
 * the same pool repairs that.
 */
#define XM_POOL_TRIES 16
/* CPUs in no cpupool (FREEINFO; the first 64). */
int xm_cpupool_free(struct xm_xen *x, uint64_t *cpus);
/* *@id: the id wanted, or XM_SYSCTL_CPUPOOL_PAR_ANY; then the new id. */
int xm_cpupool_create(struct xm_xen *x, uint32_t *id, uint32_t sched);
int xm_cpupool_destroy(struct xm_xen *x, uint32_t id);
/* Add (@add 1) or remove CPU @cpu to or from pool @id. */
int xm_cpupool_cpu(struct xm_xen *x, uint32_t id, uint32_t cpu, int add);
int xm_cpupool_move(struct xm_xen *x, uint32_t id, uint16_t domid);

struct xm_vcpuinfo {
	uint8_t online, blocked, running;
	uint64_t cpu_time_ns;
	uint32_t cpu; /* where it runs or last ran */
};

int xm_vcpu_info(struct xm_xen *x, uint16_t domid, uint32_t vcpu,
		 struct xm_vcpuinfo *out);
/*
 * A vCPU's hard and soft affinity (first 64 CPUs). @set 0: read both.
 * @set XM_VCPUAFFINITY_HARD and/or _SOFT: set those from *@hard and
 * *@soft; Xen then answers what it applies: hard within the pool's CPUs,
 * soft within those and hard; a map not set comes back as passed in.
 * Xen stores the maps as given (a later read shows them whole).
 */
int xm_vcpu_affinity(struct xm_xen *x, uint16_t domid, uint32_t vcpu,
		     uint32_t set, uint64_t *hard, uint64_t *soft);

struct xm_a653_entry {
	uint8_t handle[16];
	uint32_t vcpu;
	uint64_t runtime_ns;
};

struct xm_a653 {
	uint64_t major_frame_ns;
	unsigned n;
	struct xm_a653_entry e[XM_A653_MAX_ENTRIES];
};

int xm_a653_get(struct xm_xen *x, uint32_t pool, struct xm_a653 *out);
int xm_a653_put(struct xm_xen *x, uint32_t pool, const struct xm_a653 *s);

/*
 * Read Xen's console ring from *@index (XM_SYSCTL_readconsole, incremental,
 * never clear: other readers keep their place). @buf is hypercall memory of
 * @size bytes. On return *@index is the end of what was read and *@count
 * the bytes copied; when *@index - *@count differs from the index passed
 * in, Xen had overwritten that data and started at its oldest byte.
 */
int xm_readconsole(struct xm_xen *x, void *buf, uint32_t size,
		   uint32_t *index, uint32_t *count);

/*
 * Clear Xen's console ring up to @index, the end of what this reader has
 * read (readconsole with clear, incremental and no bytes asked): bytes Xen
 * wrote after it stay. An @index Xen no longer holds clears nothing.
 * @buf is hypercall memory (none of it is written).
 */
int xm_clearconsole(struct xm_xen *x, void *buf, uint32_t index);

/* XM_HVMOP_get_param: one HVM parameter of @domid (Arm, HVM, PVH guests). */
int xm_hvm_get_param(struct xm_xen *x, uint16_t domid, uint32_t index,
		     uint64_t *value);

/* XM_EVTCHNOP_status of port @port of @domid. */
struct xm_evtchn_st {
	uint32_t status;      /* XM_EVTCHNSTAT_* */
	uint16_t remote_dom;  /* unbound: who may bind; interdomain: peer */
	uint32_t remote_port; /* interdomain only */
	uint32_t irq;         /* pirq: the pirq; virq: the virq; else 0 */
	uint32_t vcpu;        /* the vCPU it notifies */
};
int xm_evtchn_status(struct xm_xen *x, uint16_t domid, uint32_t port,
		     struct xm_evtchn_st *st);

#endif
