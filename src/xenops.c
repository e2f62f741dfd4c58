// SPDX-License-Identifier: MIT
/*
 * Operations on Xen, each built from the structs of xm_xen.h and issued
 * through the transport: opening (Xen's version; abi.c picks the interface
 * versions from it), the sysctl and domctl wrappers that stamp them, and
 * the domain, cpupool and ARINC 653 calls the commands need. Every hypercall passes through
 * xm_call() so --trace sees all of them. Returns 0 or -errno, never prints.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hypbuf.h"
#include "transport.h"
#include "xenops.h"
#include "xm_time.h"


/*
 * The --trace record of one call (@t0: xm_trace_t0 before it). Not
 * inlined: xm_hypercall and xm_trace share it.
 */
static __attribute__((noinline)) void
trace_rec(struct xm_xen *x, const char *op, const char *subop, long domid,
	  long result, uint32_t ifver, uint64_t t0)
{
	struct xm_trace_rec rec = {
		.op = op, .subop = subop, .domid = domid, .result = result,
		.ifver = ifver, .ns = t0 ? xm_now_ns() - t0 : 0,
	};

	if (x->trace)
		x->trace(x->trace_arg, &rec);
}

long xm_hypercall(struct xm_xen *x, unsigned op, const uint64_t arg[5],
		  const char *opname, const char *subop, long domid,
		  uint32_t ifver)
{
	/* The clock is read only for --trace. */
	uint64_t t0 = xm_trace_t0(x);
	long r = x->t->ops->hypercall(x->t, op, arg);

	x->ncalls++;
	trace_rec(x, opname, subop, domid, r, ifver, t0);
	return r;
}

uint64_t xm_trace_t0(const struct xm_xen *x)
{
	return x->trace ? xm_now_ns() : 0;
}

void xm_trace(struct xm_xen *x, const char *op, const char *subop, long domid,
	      long result, uint64_t t0)
{
	trace_rec(x, op, subop, domid, result, 0, t0);
}

static long xm_call(struct xm_xen *x, unsigned op, uint64_t a0, uint64_t a1,
		    const char *opname, const char *subop, long domid,
		    uint32_t ifver)
{
	uint64_t arg[5] = { a0, a1, 0, 0, 0 };

	return xm_hypercall(x, op, arg, opname, subop, domid, ifver);
}

/*
 * One hypercall on a struct: @buf[@len] is copied into hypercall memory
 * and back (whatever the result: a failed sysctl may still say why).
 * Sub-op @cmd is the first argument and the struct the second; with @cmd
 * -1 (sysctl, domctl) the struct is the only argument. 0 or -errno.
 */
static int buf_call(struct xm_xen *x, unsigned op, long cmd, void *buf,
		    size_t len, const char *opname, const char *subop,
		    long domid, uint32_t ifver)
{
	struct xm_hbuf b;
	uint64_t arg[5] = { 0 };
	long r;
	int e = xm_hbuf_alloc(x->t, len, &b);

	if (e)
		return e;
	memcpy(b.p, buf, len);
	arg[cmd >= 0] = (uintptr_t)b.p;
	if (cmd >= 0)
		arg[0] = (uint64_t)cmd;
	r = xm_hypercall(x, op, arg, opname, subop, domid, ifver);
	memcpy(buf, b.p, len);
	xm_hbuf_free(x->t, &b);
	return r < 0 ? (int)r : 0;
}

int xm_sysctl_at(struct xm_xen *x, struct xm_sysctl *s, uint32_t ifver,
		 const char *subop)
{
	s->interface_version = ifver;
	return buf_call(x, XM_HC_sysctl, -1, s, sizeof(*s), "sysctl", subop,
			-1, ifver);
}

int xm_domctl_at(struct xm_xen *x, struct xm_domctl *d, uint32_t ifver,
		 const char *subop)
{
	d->interface_version = ifver;
	return buf_call(x, XM_HC_domctl, -1, d, sizeof(*d), "domctl", subop,
			d->domain, ifver);
}

static int sysctl(struct xm_xen *x, struct xm_sysctl *s, const char *subop)
{
	int r = xm_sysctl_at(x, s, x->sysctl_if, subop);

	if (r == -ENOSYS)
		x->sysctl_absent = 1;
	return r;
}

static int domctl(struct xm_xen *x, struct xm_domctl *d, const char *subop)
{
	return xm_domctl_at(x, d, x->domctl_if, subop);
}

int xm_xen_open(struct xm_xen *x, struct xm_transport *t)
{
	long ver;
	xm_trace_fn tr = x->trace;
	void *ta = x->trace_arg;

	/* Keep only the caller's trace hook. */
	memset(x, 0, sizeof(*x));
	x->trace = tr;
	x->trace_arg = ta;
	x->t = t;
	ver = xm_call(x, XM_HC_xen_version, XM_XENVER_version, 0,
		      "xen_version", "version", -1, 0);
	if (ver < 0)
		return (int)ver;
	x->major = (unsigned)ver >> 16;
	x->minor = (unsigned)ver & 0xffff;
	return xm_ifver_pick(x);
}

int xm_xen_extra(struct xm_xen *x)
{
	char e[XM_EXTRAVERSION_LEN] = "";
	int r;

	if (x->have_extra)
		return 0;
	r = buf_call(x, XM_HC_xen_version, XM_XENVER_extraversion, e,
		     sizeof(e), "xen_version", "extraversion", -1, 0);
	if (!r) {
		memcpy(x->extra, e, sizeof(x->extra));
		x->extra[sizeof(x->extra) - 1] = '\0';
		x->have_extra = 1;
	}
	return r;
}

static void decode(const struct xm_domctl_getdomaininfo *g,
		   struct xm_dominfo *d)
{
	d->domid = g->domain;
	d->flags = g->flags;
	d->tot_pages = g->tot_pages;
	d->max_pages = g->max_pages;
	d->outstanding_pages = g->outstanding_pages;
	d->cpu_time_ns = g->cpu_time;
	d->nr_online_vcpus = g->nr_online_vcpus;
	d->max_vcpu_id = g->max_vcpu_id;
	memcpy(d->handle, g->handle, 16);
	d->cpupool = g->cpupool;
}

void xm_dom_state(uint32_t f, char out[7])
{
	/* The flag bit of each letter: r b p s, the reason, d. */
	static const uint8_t bit[6] = { 5, 4, 3, 2, 2, 0 };
	/* The reason letter, as xl's: - r s c w for 0..4. */
	static const char reason[] = "-rscw";
	unsigned code = XM_DOM_SHUTDOWN_CODE(f);

	_Static_assert(XM_DOM_RUNNING == 1u << 5 && XM_DOM_BLOCKED == 1u << 4 &&
		       XM_DOM_PAUSED == 1u << 3 && XM_DOM_SHUTDOWN == 1u << 2 &&
		       XM_DOM_DYING == 1u << 0, "bit[] follows the XM_DOM_ flags");
	for (unsigned i = 0; i < 6; i++)
		out[i] = (f >> bit[i] & 1) ? "rbps?d"[i] : '-';
	if (f & XM_DOM_SHUTDOWN)
		out[4] = code < sizeof(reason) - 1 ? reason[code] : '?';
	out[6] = '\0';
}

/*
 * Records per call: what two pages hold (73), so the buffer, the sysctl's
 * own page and little else fit in privcmd.c's hypercall arena. Every page
 * of hypercall memory costs its mapping and unmapping (about 50 us each
 * under emulation), a further call for 73 more domains about 15 us.
 */
#define LIST_CHUNK \
	((unsigned)(2 * XM_PAGE_SIZE / sizeof(struct xm_domctl_getdomaininfo)))

int xm_domain_list(struct xm_xen *x, struct xm_dominfo **out, size_t *n)
{
	struct xm_hbuf b;
	struct xm_dominfo *v = NULL;
	size_t cnt = 0;
	uint32_t first = 0;
	int r = xm_hbuf_alloc(x->t,
			      LIST_CHUNK * sizeof(struct xm_domctl_getdomaininfo),
			      &b);

	if (r)
		return r;
	for (;;) {
		struct xm_sysctl s = { .cmd = XM_SYSCTL_getdomaininfolist };
		const struct xm_domctl_getdomaininfo *g = b.p;
		struct xm_dominfo *nv;
		uint32_t got;

		s.u.getdomaininfolist.first_domain = (uint16_t)first;
		s.u.getdomaininfolist.max_domains = LIST_CHUNK;
		s.u.getdomaininfolist.buffer = xm_handle(b.p);
		r = sysctl(x, &s, "getdomaininfolist");
		if (r)
			goto out;
		got = s.u.getdomaininfolist.num_domains;
		if (got > LIST_CHUNK) {
			r = -EPROTO;
			goto out;
		}
		/* One growth per chunk: one, unless there are over 73. */
		nv = realloc(v, (cnt + got + !(cnt + got)) * sizeof(*v));
		if (!nv) {
			r = -ENOMEM;
			goto out;
		}
		v = nv;
		for (uint32_t i = 0; i < got; i++, cnt++) {
			decode(&g[i], &v[cnt]);
			/* ids must increase from @first, or this never ends */
			if (v[cnt].domid < first ||
			    (cnt && v[cnt].domid <= v[cnt - 1].domid)) {
				r = -EPROTO;
				goto out;
			}
		}
		/* A short answer means we have seen every domain. */
		if (got < LIST_CHUNK)
			break;
		first = (uint32_t)v[cnt - 1].domid + 1;
		if (first >= XM_DOMID_FIRST_RESERVED)
			break;
	}
	r = 0;
out:
	xm_hbuf_free(x->t, &b);
	if (r) {
		free(v);
		return r;
	}
	*out = v;
	*n = cnt;
	return 0;
}

const struct xm_dominfo *xm_dominfo_find(const struct xm_dominfo *v, size_t n,
					 unsigned domid)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].domid == domid)
			return &v[i];
	return NULL;
}

int xm_domain_get(struct xm_xen *x, uint16_t domid, struct xm_dominfo *out)
{
	const struct xm_dominfo *d;
	struct xm_dominfo *v;
	size_t n;
	int r = xm_domain_list(x, &v, &n);

	if (r)
		return r;
	d = xm_dominfo_find(v, n, domid);
	if (d)
		*out = *d;
	free(v);
	return d ? 0 : -ESRCH;
}

/* A domctl that takes nothing but the domain. */
static int dom_op(struct xm_xen *x, uint32_t cmd, uint16_t domid,
		  const char *subop)
{
	struct xm_domctl d = { .cmd = cmd, .domain = domid };

	return domctl(x, &d, subop);
}

int xm_domain_pause(struct xm_xen *x, uint16_t domid)
{
	return dom_op(x, XM_DOMCTL_pausedomain, domid, "pausedomain");
}

int xm_domain_unpause(struct xm_xen *x, uint16_t domid)
{
	return dom_op(x, XM_DOMCTL_unpausedomain, domid, "unpausedomain");
}

int xm_domain_sethandle(struct xm_xen *x, uint16_t domid,
			const uint8_t handle[16])
{
	struct xm_domctl d = { .cmd = XM_DOMCTL_setdomainhandle,
			       .domain = domid };

	memcpy(d.u.setdomainhandle.handle, handle, 16);
	return domctl(x, &d, "setdomainhandle");
}

int xm_domain_destroy(struct xm_xen *x, uint16_t domid)
{
	return dom_op(x, XM_DOMCTL_destroydomain, domid, "destroydomain");
}

int xm_domain_shutdown(struct xm_xen *x, uint16_t domid, unsigned reason)
{
	struct xm_sched_remote_shutdown a = { .domain_id = domid,
					      .reason = reason };

	return buf_call(x, XM_HC_sched_op, XM_SCHEDOP_remote_shutdown, &a,
			sizeof(a), "sched_op", "remote_shutdown", domid, 0);
}

int xm_self_handle(struct xm_xen *x, uint8_t handle[16])
{
	uint8_t h[XM_HANDLE_LEN] = { 0 };
	int r = buf_call(x, XM_HC_xen_version, XM_XENVER_guest_handle, h,
			 sizeof(h), "xen_version", "guest_handle", -1, 0);

	if (!r)
		memcpy(handle, h, 16);
	return r;
}

/* Room for 512 CPUs in the pool's cpumap (only the first 64 are kept). */
#define CPUMAP_BYTES 64u

/* The first 64 CPUs of a Xen CPU map (bit i of byte i / 8 is CPU i). */
static uint64_t map_get(const uint8_t *m)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 8; i++)
		v |= (uint64_t)m[i] << (8 * i);
	return v;
}

/*
 * One CPUPOOL_OP_INFO call: the first pool whose id is @from or above.
 * -ENOENT when there is none.
 */
static int pool_info(struct xm_xen *x, struct xm_hbuf *map, uint32_t from,
		     struct xm_pool *out)
{
	struct xm_sysctl s = { .cmd = XM_SYSCTL_cpupool_op };
	struct xm_sysctl_cpupool_op *op = &s.u.cpupool_op;
	int r;

	op->op = XM_SYSCTL_CPUPOOL_OP_INFO;
	op->cpupool_id = from;
	op->cpumap.bitmap = xm_handle(map->p);
	op->cpumap.nr_bits = CPUMAP_BYTES * 8;
	memset(map->p, 0, CPUMAP_BYTES);
	r = sysctl(x, &s, "cpupool_op(info)");
	if (r)
		return r;
	out->id = op->cpupool_id;
	out->sched_id = op->sched_id;
	out->n_dom = op->n_dom;
	out->cpus = map_get(map->p);
	return 0;
}

int xm_cpupool_get(struct xm_xen *x, uint32_t id, struct xm_pool *out)
{
	struct xm_hbuf b;
	int r = xm_hbuf_alloc(x->t, CPUMAP_BYTES, &b);

	if (r)
		return r;
	r = pool_info(x, &b, id, out);
	if (!r && out->id != id)
		r = -ENOENT; /* Xen answered with the next pool up */
	xm_hbuf_free(x->t, &b);
	return r;
}

int xm_cpupool_list(struct xm_xen *x, struct xm_pool **out, size_t *n)
{
	struct xm_hbuf b;
	struct xm_pool *v = NULL, p;
	size_t cnt = 0;
	uint32_t next = 0;
	int r = xm_hbuf_alloc(x->t, CPUMAP_BYTES, &b);

	if (r)
		return r;
	for (;;) {
		struct xm_pool *nv;

		r = pool_info(x, &b, next, &p);
		if (r == -ENOENT)
			break; /* no pool at or above @next: done */
		if (!r && p.id < next)
			r = -EPROTO; /* a pool below the one asked for: a loop */
		if (r)
			goto out;
		nv = realloc(v, (cnt + 1) * sizeof(*v));
		if (!nv) {
			r = -ENOMEM;
			goto out;
		}
		v = nv;
		v[cnt++] = p;
		if (p.id == UINT32_MAX)
			break;
		next = p.id + 1;
	}
	r = 0;
out:
	xm_hbuf_free(x->t, &b);
	if (r) {
		free(v);
		return r;
	}
	*out = v;
	*n = cnt;
	return 0;
}

static void map_put(uint8_t *m, uint64_t v)
{
	for (unsigned i = 0; i < 8; i++)
		m[i] = (uint8_t)(v >> (8 * i));
}

int xm_physinfo(struct xm_xen *x, struct xm_physinfo *out)
{
	struct xm_sysctl s = { .cmd = XM_SYSCTL_physinfo };
	int r = sysctl(x, &s, "physinfo");

	if (!r) {
		out->nr_cpus = s.u.physinfo.nr_cpus;
		out->max_cpu_id = s.u.physinfo.max_cpu_id;
	}
	return r;
}

/*
 * One cpupool_op of sub-op @op, with its CPU map (FREEINFO) in *@map when
 * @map is not NULL. Xen asks to be called again with EAGAIN (a vCPU could
 * not leave a CPU being removed yet; libxc retries without end) and
 * EADDRINUSE (a vCPU is pinned there for a moment; libxc tries 5 times):
 * so does this, up to XM_POOL_TRIES calls, each one seen by --trace.
 * Calls in a burst were not enough: on a loaded 2-CPU host, Xen 4.20
 * said EAGAIN to 16 of them in a row where libxc's endless loop waits.
 */
static int pool_op(struct xm_xen *x, uint32_t op, uint32_t *pool,
		   uint32_t arg, uint64_t *map, const char *subop)
{
	struct xm_sysctl s = { .cmd = XM_SYSCTL_cpupool_op };
	struct xm_sysctl_cpupool_op *o = &s.u.cpupool_op;
	struct xm_hbuf b = { 0 };
	int r = 0, tries = 0;

	o->op = op;
	o->cpupool_id = *pool;
	if (op == XM_SYSCTL_CPUPOOL_OP_CREATE)
		o->sched_id = arg;
	else if (op == XM_SYSCTL_CPUPOOL_OP_MOVEDOMAIN)
		o->domid = arg;
	else
		o->cpu = arg;
	if (map) {
		r = xm_hbuf_alloc(x->t, CPUMAP_BYTES, &b);
		if (r)
			return r;
		o->cpumap.bitmap = xm_handle(b.p);
		o->cpumap.nr_bits = CPUMAP_BYTES * 8;
	}
	/* Back off 2, 4 .. 256 ms between calls: a vCPU running on the CPU
	 * leaves it only once that CPU schedules again, which under load can
	 * take longer than a burst of calls (about 2.3 s in all). */
	while ((r = sysctl(x, &s, subop)) == -EAGAIN || r == -EADDRINUSE) {
		if (++tries == XM_POOL_TRIES)
			break;
		xm_sleep_ms(tries < 8 ? 1u << tries : 256);
	}
	if (!r && map)
		*map = map_get(b.p);
	*pool = o->cpupool_id;
	if (map)
		xm_hbuf_free(x->t, &b);
	return r;
}

int xm_cpupool_free(struct xm_xen *x, uint64_t *cpus)
{
	uint32_t any = 0;

	return pool_op(x, XM_SYSCTL_CPUPOOL_OP_FREEINFO, &any, 0, cpus,
		       "cpupool_op(freeinfo)");
}

int xm_cpupool_create(struct xm_xen *x, uint32_t *id, uint32_t sched)
{
	return pool_op(x, XM_SYSCTL_CPUPOOL_OP_CREATE, id, sched, NULL,
		       "cpupool_op(create)");
}

int xm_cpupool_destroy(struct xm_xen *x, uint32_t id)
{
	return pool_op(x, XM_SYSCTL_CPUPOOL_OP_DESTROY, &id, 0, NULL,
		       "cpupool_op(destroy)");
}

int xm_cpupool_cpu(struct xm_xen *x, uint32_t id, uint32_t cpu, int add)
{
	return pool_op(x, add ? XM_SYSCTL_CPUPOOL_OP_ADDCPU
			      : XM_SYSCTL_CPUPOOL_OP_RMCPU,
		       &id, cpu, NULL,
		       add ? "cpupool_op(addcpu)" : "cpupool_op(rmcpu)");
}

int xm_cpupool_move(struct xm_xen *x, uint32_t id, uint16_t domid)
{
	return pool_op(x, XM_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, &id, domid, NULL,
		       "cpupool_op(movedomain)");
}

int xm_vcpu_info(struct xm_xen *x, uint16_t domid, uint32_t vcpu,
		 struct xm_vcpuinfo *out)
{
	struct xm_domctl d = { .cmd = XM_DOMCTL_getvcpuinfo, .domain = domid };
	const struct xm_domctl_getvcpuinfo *g = &d.u.getvcpuinfo;
	int r;

	d.u.getvcpuinfo.vcpu = vcpu;
	r = domctl(x, &d, "getvcpuinfo");
	if (!r)
		*out = (struct xm_vcpuinfo){ .online = g->online,
					     .blocked = g->blocked,
					     .running = g->running,
					     .cpu_time_ns = g->cpu_time,
					     .cpu = g->cpu };
	return r;
}

int xm_vcpu_affinity(struct xm_xen *x, uint16_t domid, uint32_t vcpu,
		     uint32_t set, uint64_t *hard, uint64_t *soft)
{
	struct xm_domctl d = { .domain = domid };
	struct xm_domctl_vcpuaffinity *a = &d.u.vcpuaffinity;
	struct xm_hbuf b;
	uint8_t *h, *s;
	int r = xm_hbuf_alloc(x->t, 2 * CPUMAP_BYTES, &b);

	if (r)
		return r;
	h = b.p;
	s = h + CPUMAP_BYTES;
	map_put(h, *hard);
	map_put(s, *soft);
	d.cmd = set ? XM_DOMCTL_setvcpuaffinity : XM_DOMCTL_getvcpuaffinity;
	a->vcpu = vcpu;
	a->flags = set ? set : XM_VCPUAFFINITY_HARD | XM_VCPUAFFINITY_SOFT;
	a->cpumap_hard = (struct xm_xenctl_bitmap){ xm_handle(h),
						    CPUMAP_BYTES * 8 };
	a->cpumap_soft = (struct xm_xenctl_bitmap){ xm_handle(s),
						    CPUMAP_BYTES * 8 };
	r = domctl(x, &d, set ? "setvcpuaffinity" : "getvcpuaffinity");
	if (!r) {
		*hard = map_get(h);
		*soft = map_get(s);
	}
	xm_hbuf_free(x->t, &b);
	return r;
}

static int a653_op(struct xm_xen *x, uint32_t pool, uint32_t cmd,
		   struct xm_hbuf *b)
{
	struct xm_sysctl s = { .cmd = XM_SYSCTL_scheduler_op };

	s.u.scheduler_op.cpupool_id = pool;
	s.u.scheduler_op.sched_id = XM_SCHED_ARINC653;
	s.u.scheduler_op.cmd = cmd;
	s.u.scheduler_op.u.sched_arinc653.schedule = xm_handle(b->p);
	return sysctl(x, &s,
		      cmd == XM_SYSCTL_SCHEDOP_putinfo ? "scheduler_op(arinc653 put)"
							: "scheduler_op(arinc653 get)");
}

/* The schedule of @pool out of Xen into @a, or (@put) from @a into Xen. */
static int a653_xfer(struct xm_xen *x, uint32_t pool, struct xm_a653 *a,
		     int put)
{
	struct xm_hbuf b;
	struct xm_sysctl_arinc653_schedule *s;
	int r;

	if (put && a->n > XM_A653_MAX_ENTRIES)
		return -E2BIG;
	r = xm_hbuf_alloc(x->t, sizeof(*s), &b);
	if (r)
		return r;
	s = b.p;
	if (put) {
		s->major_frame = a->major_frame_ns;
		s->num_sched_entries = (uint8_t)a->n;
		for (unsigned i = 0; i < a->n; i++) {
			memcpy(s->sched_entries[i].dom_handle, a->e[i].handle,
			       16);
			s->sched_entries[i].vcpu_id = a->e[i].vcpu;
			s->sched_entries[i].runtime = a->e[i].runtime_ns;
		}
	}
	r = a653_op(x, pool, put ? XM_SYSCTL_SCHEDOP_putinfo
				 : XM_SYSCTL_SCHEDOP_getinfo, &b);
	if (!r && !put) {
		memset(a, 0, sizeof(*a));
		a->major_frame_ns = s->major_frame;
		a->n = s->num_sched_entries;
		if (a->n > XM_A653_MAX_ENTRIES)
			r = -EPROTO;
		for (unsigned i = 0; !r && i < a->n; i++) {
			memcpy(a->e[i].handle, s->sched_entries[i].dom_handle,
			       16);
			a->e[i].vcpu = s->sched_entries[i].vcpu_id;
			a->e[i].runtime_ns = s->sched_entries[i].runtime;
		}
	}
	xm_hbuf_free(x->t, &b);
	return r;
}

int xm_a653_get(struct xm_xen *x, uint32_t pool, struct xm_a653 *out)
{
	return a653_xfer(x, pool, out, 0);
}

int xm_a653_put(struct xm_xen *x, uint32_t pool, const struct xm_a653 *in)
{
	/* Only read: a653_xfer writes to it when getting. */
	return a653_xfer(x, pool, (struct xm_a653 *)in, 1);
}

int xm_readconsole(struct xm_xen *x, void *buf, uint32_t size,
		   uint32_t *index, uint32_t *count)
{
	struct xm_sysctl s = { .cmd = XM_SYSCTL_readconsole };
	int r;

	s.u.readconsole.clear = 0;
	s.u.readconsole.incremental = 1;
	s.u.readconsole.index = *index;
	s.u.readconsole.count = size;
	s.u.readconsole.buffer = xm_handle(buf);
	r = sysctl(x, &s, "readconsole");
	if (r)
		return r;
	if (s.u.readconsole.count > size)
		return -EPROTO;
	*index = s.u.readconsole.index;
	*count = s.u.readconsole.count;
	return 0;
}

int xm_clearconsole(struct xm_xen *x, void *buf, uint32_t index)
{
	struct xm_sysctl s = { .cmd = XM_SYSCTL_readconsole };

	s.u.readconsole.clear = 1;
	s.u.readconsole.incremental = 1;
	s.u.readconsole.index = index;
	s.u.readconsole.count = 0;
	s.u.readconsole.buffer = xm_handle(buf);
	return sysctl(x, &s, "readconsole(clear)");
}

int xm_hvm_get_param(struct xm_xen *x, uint16_t domid, uint32_t index,
		     uint64_t *value)
{
	struct xm_hvm_param p = { .domid = domid, .index = index };
	int r = buf_call(x, XM_HC_hvm_op, XM_HVMOP_get_param, &p, sizeof(p),
			 "hvm_op", "get_param", domid, 0);

	if (!r)
		*value = p.value;
	return r;
}

int xm_evtchn_status(struct xm_xen *x, uint16_t domid, uint32_t port,
		     struct xm_evtchn_st *st)
{
	struct xm_evtchnop_status e = { .dom = domid, .port = port };
	const struct xm_evtchnop_status *es = &e;
	int r = buf_call(x, XM_HC_event_channel_op, XM_EVTCHNOP_status, &e,
			 sizeof(e), "event_channel_op", "status", domid, 0);

	if (!r) {
		st->status = es->status;
		st->remote_dom = es->u.interdomain.dom;
		st->remote_port =
			es->status == XM_EVTCHNSTAT_interdomain ? es->u.interdomain.port : 0;
		st->irq = es->status == XM_EVTCHNSTAT_pirq ? es->u.pirq :
			  es->status == XM_EVTCHNSTAT_virq ? es->u.virq : 0;
		st->vcpu = es->vcpu;
	}
	return r;
}
