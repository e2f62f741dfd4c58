// SPDX-License-Identifier: MIT
/*
 * The fake hypervisor (see fake_xen.h): decodes sysctl, domctl and
 * xen_version calls from the public structs, applies Xen's rules as read in
 * its source (interface versions, pause counting, ARINC 653 checks, cpupool
 * iteration), and keeps a log so tests can count hypercalls. xenmin-fake
 * loads and saves its state in a text file named by XM_FAKE_STATE, so a
 * sequence of commands in a bats test sees one consistent system; a state
 * file it cannot use stops it (exit FX_EXIT_STATE) before any hypercall.
 *
 * The state file's syntax, loading and saving are in fake_state.c (and
 * tests/unit/README.md); the default system is fx_reset() below.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "fake_xen.h"
#include "hypfs.h"
#include "transport.h"
#include "xenmin.h"

struct fake_xen fx;

static const uint8_t zero16[16];

/*
 * The caller's bindings of VIRQ_DOM_EXC and VIRQ_CON_RING: a pipe each,
 * holding a byte while Xen has raised the virq and nobody took it yet.
 */
static struct fx_virq {
	uint32_t virq;
	int bound;
	int fd[2];
} fx_virqs[2] = { { XM_VIRQ_DOM_EXC, 0, { -1, -1 } },
		  { XM_VIRQ_CON_RING, 0, { -1, -1 } } };

static struct fx_virq *virq_of(uint32_t virq)
{
	for (size_t i = 0; i < 2; i++)
		if (fx_virqs[i].virq == virq)
			return &fx_virqs[i];
	return NULL;
}

static void virq_unbind(struct fx_virq *v)
{
	if (!v->bound)
		return;
	close(v->fd[0]);
	close(v->fd[1]);
	v->bound = 0;
}

/* Xen raises @virq: its binding, if any, becomes readable. */
static void virq_raise(uint32_t virq)
{
	struct fx_virq *v = virq_of(virq);

	if (v && v->bound && write(v->fd[1], "!", 1) < 0)
		perror("xenmin-fake: raising a virq");
}

static void handle_of(uint8_t h[16], unsigned last)
{
	/* 00000000-0000-4000-8000-0000000000XX */
	memset(h, 0, 16);
	h[6] = 0x40;
	h[8] = 0x80;
	h[15] = (uint8_t)last;
}

void fx_reset(void)
{
	for (size_t i = 0; i < fx.ndom; i++)
		free(fx.dom[i].ring);
	free(fx.hypfs.gz);
	for (size_t i = 0; i < 2; i++)
		virq_unbind(&fx_virqs[i]);
	memset(&fx, 0, sizeof(fx));
	fx.major = 4;
	fx.minor = 17;
	strcpy(fx.extra, ".5");
	fx.domctl_if = 0x15;
	fx.sysctl_if = 0x15;
	fx.self = 0;
	fx.npool = 2;
	fx.pool[0] = (struct fx_pool){ .id = 0, .sched = XM_SCHED_ARINC653,
				       .cpus = 1 };
	fx.pool[0].a653.major_frame_ns = 10000000;
	fx.pool[0].a653.n = 1;
	fx.pool[0].a653.e[0].runtime_ns = 10000000; /* dom0 vcpu0, Xen's default */
	fx.pool[1] = (struct fx_pool){ .id = 1, .sched = XM_SCHED_CREDIT2,
				       .cpus = 2 };
	fx.ndom = 3;
	fx.dom[0] = (struct fx_dom){ .domid = 0, .pool = 0, .vcpus = 1,
				     .pages = 131072, .maxpages = 131072,
				     .flags = XM_DOM_RUNNING,
				     .cpu_time = 7200000000ull };
	fx.dom[1] = (struct fx_dom){ .domid = 1, .pool = 1, .vcpus = 1,
				     .pages = 32768, .maxpages = 33024,
				     .flags = XM_DOM_BLOCKED,
				     .cpu_time = 3800000000ull };
	fx.dom[2] = fx.dom[1];
	fx.dom[2].domid = 2;
	fx.dom[2].flags = 0;
	fx.dom[2].cpu_time = 0;
	fx.conring_size = FX_CONRING_MAX;
	fx.ncpus = 2;
	for (uint32_t i = XM_SCHED_CREDIT; i <= XM_SCHED_NULL; i++)
		fx.scheds |= 1u << i;
	handle_of(fx.dom[1].handle, 0xd1);
	handle_of(fx.dom[2].handle, 0xd2);
}

struct fx_dom *fx_dom(uint16_t domid)
{
	for (size_t i = 0; i < fx.ndom; i++)
		if (fx.dom[i].domid == domid)
			return &fx.dom[i];
	return NULL;
}

struct fx_pool *fx_pool(uint32_t id)
{
	for (size_t i = 0; i < fx.npool; i++)
		if (fx.pool[i].id == id)
			return &fx.pool[i];
	return NULL;
}

void fx_add_fail(unsigned op, uint32_t cmd, int err, unsigned nth)
{
	if (fx.nfail < FX_MAX_FAILS)
		fx.fail[fx.nfail++] = (struct fx_fail){ op, cmd, err, nth, 0 };
}

size_t fx_count(unsigned op, uint32_t cmd)
{
	size_t n = 0;

	for (size_t i = 0; i < fx.ncalls && i < FX_LOG; i++)
		if (fx.log[i].op == op &&
		    (cmd == UINT32_MAX || fx.log[i].cmd == cmd))
			n++;
	return n;
}

static int injected(unsigned op, uint32_t cmd)
{
	for (size_t i = 0; i < fx.nfail; i++) {
		struct fx_fail *f = &fx.fail[i];

		if (f->op != op || f->cmd != cmd)
			continue;
		f->seen++;
		if (f->nth == 0 || f->nth == f->seen)
			return -f->err;
	}
	return 0;
}

/*
 * A destroyed domain is listed as dying for its linger more list calls,
 * as Xen keeps it until its last page is released, then it is gone.
 */
static void reap(void)
{
	for (size_t i = 0; i < fx.ndom;) {
		struct fx_dom *d = &fx.dom[i];

		if (!d->destroyed || d->linger) {
			d->linger -= d->destroyed;
			i++;
			continue;
		}
		free(d->ring);
		memmove(d, d + 1, (fx.ndom - i - 1) * sizeof(*d));
		fx.ndom--;
	}
}

/* XEN_DOMCTL_destroydomain: domain_kill() of xen/common/domain.c. */
static long destroy(struct fx_dom *d)
{
	if (d->domid == fx.self)
		return -EINVAL;
	d->flags = (d->flags & ~(XM_DOM_RUNNING | XM_DOM_BLOCKED)) |
		   XM_DOM_DYING;
	d->destroyed = 1;
	if (!d->linger)
		reap(); /* gone at once */
	return 0;
}

/*
 * SCHEDOP_remote_shutdown: domain_shutdown() keeps the first reason (the
 * latched one, or the shutdown's own) and stops every vCPU; no check of
 * the reason's value.
 */
static long sched_op(uint64_t cmd, void *arg)
{
	struct xm_sched_remote_shutdown *a = arg;
	struct fx_dom *d = fx_dom(a->domain_id);

	if (cmd != XM_SCHEDOP_remote_shutdown)
		return -ENOSYS;
	if (fx.self != 0 && !fx_dom(fx.self))
		return -EPERM;
	if (!d)
		return -ESRCH;
	if (!d->latched)
		d->latched = 1 + (int)(a->reason & 0xff);
	if (!d->shutdown && !d->defer)
		d->shutdown = d->latched;
	d->flags &= ~(XM_DOM_RUNNING | XM_DOM_BLOCKED);
	return 0;
}

static uint32_t dom_flags(const struct fx_dom *d)
{
	uint32_t f = d->flags & ~XM_DOM_PAUSED;

	if (d->pause)
		f |= XM_DOM_PAUSED;
	if (d->shutdown)
		f |= XM_DOM_SHUTDOWN | (uint32_t)(d->shutdown - 1) << 16;
	/* Live domains carry shutdown code ~0 in the upper half, as Xen does. */
	if (!(f & XM_DOM_SHUTDOWN))
		f |= 0xffff0000u;
	return f;
}

static void fill_info(const struct fx_dom *d, struct xm_domctl_getdomaininfo *g)
{
	memset(g, 0, sizeof(*g));
	g->domain = d->domid;
	g->flags = dom_flags(d);
	g->tot_pages = d->pages;
	g->max_pages = d->maxpages;
	g->cpu_time = d->cpu_time;
	g->nr_online_vcpus = d->vcpus;
	g->max_vcpu_id = d->vcpus ? d->vcpus - 1 : 0;
	memcpy(g->handle, d->handle, 16);
	g->cpupool = d->pool;
}

void fx_con_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fx.conring[fx.conp++ & (fx.conring_size - 1)] = s[i];
	if (fx.conp - fx.conc > fx.conring_size)
		fx.conc = fx.conp - fx.conring_size;
}

/* Are conlater lines left to write? (Skips the conline ones.) */
static int con_later_pending(void)
{
	while (fx.con_next < fx.ncon && !fx.con_later[fx.con_next])
		fx.con_next++;
	return fx.con_next < fx.ncon;
}

/* read_console_ring() of xen/drivers/char/console.c, rule for rule. */
static long readconsole(struct xm_sysctl_readconsole *op)
{
	char *str = xm_handle_ptr(op->buffer);
	uint32_t c = fx.conc, p = fx.conp, max = op->count, sofar = 0;

	if (fx.con_next < fx.ncon) {
		while (fx.con_next < fx.ncon && !fx.con_later[fx.con_next])
			fx.con_next++;
		if (fx.con_next < fx.ncon) {
			const char *t = fx.con_text[fx.con_next++];

			fx_con_write(t, strlen(t));
			fx_con_write("\n", 1);
			c = fx.conc;
			p = fx.conp;
		}
		/* More to come: Xen raises VIRQ_CON_RING as it writes. */
		if (con_later_pending())
			virq_raise(XM_VIRQ_CON_RING);
	}
	if (op->incremental &&
	    (c <= p ? c < op->index && op->index <= p
		    : c < op->index || op->index <= p))
		c = op->index;
	while (c != p && sofar < max) {
		uint32_t idx = c & (fx.conring_size - 1), len = p - c;

		if (idx + len > fx.conring_size)
			len = fx.conring_size - idx;
		if (sofar + len > max)
			len = max - sofar;
		memcpy(str + sofar, fx.conring + idx, len);
		sofar += len;
		c += len;
	}
	if (op->clear) {
		fx.conc = p - c > fx.conring_size ? p - fx.conring_size : c;
		fx.con_cleared = fx.conc;
	}
	op->count = sofar;
	op->index = c;
	return 0;
}

/* Xen's arinc653_sched_set checks, in its order. */
static int a653_valid(const struct xm_sysctl_arinc653_schedule *s)
{
	uint64_t sum = 0;

	/* Xen reads both times as signed s_time_t. */
	if ((int64_t)s->major_frame <= 0 || s->num_sched_entries < 1 ||
	    s->num_sched_entries > XM_A653_MAX_ENTRIES)
		return 0;
	for (unsigned i = 0; i < s->num_sched_entries; i++) {
		if ((int64_t)s->sched_entries[i].runtime <= 0)
			return 0;
		sum += s->sched_entries[i].runtime;
	}
	return sum <= s->major_frame;
}

/* XM_SYSCTL_scheduler_op on an arinc653 pool: get or put its schedule. */
static long a653_op(struct xm_sysctl_scheduler_op *so)
{
	struct xm_sysctl_arinc653_schedule *a = xm_handle_ptr(so->u.sched_arinc653.schedule);
	struct fx_pool *p = fx_pool(so->cpupool_id);

	if (!p)
		return -ESRCH;
	if (so->sched_id != p->sched)
		return -EINVAL;
	if (so->cmd == XM_SYSCTL_SCHEDOP_getinfo) {
		memset(a, 0, sizeof(*a));
		a->major_frame = p->a653.major_frame_ns;
		a->num_sched_entries = (uint8_t)p->a653.n;
		for (unsigned i = 0; i < p->a653.n; i++) {
			memcpy(a->sched_entries[i].dom_handle,
			       p->a653.e[i].handle, 16);
			a->sched_entries[i].vcpu_id = p->a653.e[i].vcpu;
			a->sched_entries[i].runtime = p->a653.e[i].runtime_ns;
		}
		return 0;
	}
	if (so->cmd != XM_SYSCTL_SCHEDOP_putinfo)
		return -EINVAL;
	if (!a653_valid(a))
		return -EINVAL;
	p->a653.major_frame_ns = a->major_frame;
	p->a653.n = a->num_sched_entries;
	for (unsigned i = 0; i < p->a653.n; i++) {
		memcpy(p->a653.e[i].handle, a->sched_entries[i].dom_handle,
		       16);
		p->a653.e[i].vcpu = a->sched_entries[i].vcpu_id;
		p->a653.e[i].runtime_ns = a->sched_entries[i].runtime;
	}
	if (fx.a653_corrupt)
		p->a653.e[0].runtime_ns++;
	return 0;
}

/* ---- CPUs, cpupools, vCPUs: xen/common/sched/cpupool.c and core.c ---- */

static uint64_t fx_host(void)
{
	return fx.ncpus >= 64 ? ~0ull : (1ull << fx.ncpus) - 1;
}

uint64_t fx_free_cpus(void)
{
	uint64_t m = fx_host();

	for (size_t i = 0; i < fx.npool; i++)
		m &= ~fx.pool[i].cpus;
	return m;
}

static unsigned first_cpu(uint64_t m)
{
	return m ? (unsigned)__builtin_ctzll(m) : 0;
}

uint32_t fx_vcpu_cpu(const struct fx_dom *d, unsigned v)
{
	const struct fx_pool *p = fx_pool(d->pool);
	uint64_t ok = p ? p->cpus : 0, may = ok & ~d->vcpu[v].hard_out;

	if (may & (1ull << (d->vcpu[v].cpu & 63)))
		return d->vcpu[v].cpu;
	return first_cpu(may ? may : ok);
}

/* Domains in pool @id: all count, as in Xen's n_dom. */
static uint32_t n_dom(uint32_t id)
{
	uint32_t n = 0;

	for (size_t i = 0; i < fx.ndom; i++)
		n += fx.dom[i].pool == id;
	return n;
}

static void map_out(const struct xm_xenctl_bitmap *b, uint64_t m)
{
	uint8_t *p = xm_handle_ptr(b->bitmap);

	for (uint32_t i = 0; i < b->nr_bits / 8; i++)
		p[i] = i < 8 ? (uint8_t)(m >> (8 * i)) : 0;
}

static uint64_t map_in(const struct xm_xenctl_bitmap *b)
{
	const uint8_t *p = xm_handle_ptr(b->bitmap);
	uint64_t m = 0;

	for (uint32_t i = 0; i < b->nr_bits / 8 && i < 8; i++)
		m |= (uint64_t)p[i] << (8 * i);
	return m;
}

static long pool_create(struct xm_sysctl_cpupool_op *op)
{
	uint32_t id = op->cpupool_id;

	if (fx.npool >= FX_MAX_POOLS || fx.npool >= 2 * fx.ncpus)
		return -ENOSPC;
	/* Xen takes the last pool's id plus one. */
	if (id == XM_SYSCTL_CPUPOOL_PAR_ANY) {
		id = 0;
		for (size_t i = 0; i < fx.npool; i++)
			if (fx.pool[i].id >= id)
				id = fx.pool[i].id + 1;
	}
	if (fx_pool(id))
		return -EEXIST;
	if (op->sched_id >= 32 || !(fx.scheds & (1u << op->sched_id)))
		return -ENOENT;
	fx.pool[fx.npool++] = (struct fx_pool){ .id = id,
						.sched = op->sched_id };
	op->cpupool_id = id;
	return 0;
}

static long pool_destroy(struct fx_pool *p)
{
	if (n_dom(p->id) || p->cpus)
		return -EBUSY;
	*p = fx.pool[--fx.npool];
	return 0;
}

static long pool_addcpu(struct fx_pool *p, uint32_t cpu)
{
	uint64_t fr = fx_free_cpus();

	if (cpu == XM_SYSCTL_CPUPOOL_PAR_ANY) {
		if (!fr)
			return -ENODEV;
		cpu = first_cpu(fr);
	}
	if (cpu >= fx.ncpus)
		return -EINVAL;
	if (cpu >= 64 || !(fr & (1ull << cpu)))
		return -ENODEV;
	if (fx.moving_cpu == cpu && fx.moving_pool != p->id)
		return -EADDRNOTAVAIL;
	p->cpus |= 1ull << cpu;
	if (fx.moving_cpu == cpu)
		fx.moving_cpu = 0;
	return 0;
}

/* Xen's start (checks, the CPU out of the pool) and finish (its vCPUs
 * moved away: rmcpu_again makes that fail, leaving the CPU free). */
static long pool_rmcpu(struct fx_pool *p, uint32_t cpu)
{
	int moving = fx.moving_cpu && fx.moving_cpu == cpu;

	if (cpu == XM_SYSCTL_CPUPOOL_PAR_ANY)
		cpu = p->cpus ? 63 - (unsigned)__builtin_clzll(p->cpus) : 64;
	if (cpu >= fx.ncpus || (!p->id && !cpu))
		return -EINVAL;
	/* The fake's masks hold CPUs 0 to 63: none above is in a pool. */
	if (cpu >= 64 || (fx.moving_cpu && !moving) ||
	    (!moving && !(p->cpus & (1ull << cpu))))
		return -EADDRNOTAVAIL;
	if (!moving && n_dom(p->id) && p->cpus == 1ull << cpu)
		return -EBUSY;
	if (moving && fx.moving_pool != p->id)
		return -EADDRNOTAVAIL;
	p->cpus &= ~(1ull << cpu);
	fx.moving_cpu = cpu;
	fx.moving_pool = p->id;
	if (fx.rmcpu_again) {
		fx.rmcpu_again--;
		return -EAGAIN;
	}
	fx.moving_cpu = 0;
	return 0;
}

static long pool_move(struct xm_sysctl_cpupool_op *op)
{
	struct fx_dom *d = fx_dom((uint16_t)op->domid);
	struct fx_pool *p = fx_pool(op->cpupool_id);

	if (op->domid >= XM_DOMID_FIRST_RESERVED || !d)
		return -ESRCH;
	if (d->domid == fx.self)
		return -EPERM;
	if (op->cpupool_id == d->pool)
		return 0;
	if (!p || !p->cpus)
		return -ENOENT;
	d->pool = p->id;
	return 0;
}

/* Xen's INFO: the first pool with an id of cpupool_id or above. */
static long pool_info(struct xm_sysctl_cpupool_op *op)
{
	struct fx_pool *best = NULL;

	for (size_t i = 0; i < fx.npool; i++)
		if (fx.pool[i].id >= op->cpupool_id &&
		    (!best || fx.pool[i].id < best->id))
			best = &fx.pool[i];
	if (!best)
		return -ENOENT;
	op->cpupool_id = best->id;
	op->sched_id = best->sched;
	op->n_dom = n_dom(best->id);
	map_out(&op->cpumap, best->cpus);
	return 0;
}

static long fx_cpupool_op(struct xm_sysctl_cpupool_op *op)
{
	struct fx_pool *p = fx_pool(op->cpupool_id);

	switch (op->op) {
	case XM_SYSCTL_CPUPOOL_OP_CREATE:
		return pool_create(op);
	case XM_SYSCTL_CPUPOOL_OP_INFO:
		return pool_info(op);
	case XM_SYSCTL_CPUPOOL_OP_MOVEDOMAIN:
		return pool_move(op);
	case XM_SYSCTL_CPUPOOL_OP_FREEINFO:
		map_out(&op->cpumap, fx_free_cpus());
		return 0;
	}
	if (!p)
		return -ENOENT;
	switch (op->op) {
	case XM_SYSCTL_CPUPOOL_OP_DESTROY:
		return pool_destroy(p);
	case XM_SYSCTL_CPUPOOL_OP_ADDCPU:
		return pool_addcpu(p, op->cpu);
	case XM_SYSCTL_CPUPOOL_OP_RMCPU:
		return pool_rmcpu(p, op->cpu);
	}
	return -ENOSYS;
}

/* getvcpuinfo and get/setvcpuaffinity on vCPU @v of @d. */
static long fx_vcpu_op(struct xm_domctl *dc, struct fx_dom *d)
{
	struct xm_domctl_vcpuaffinity *a = &dc->u.vcpuaffinity;
	uint32_t v = dc->u.getvcpuinfo.vcpu; /* first field of both */
	const struct fx_pool *p = fx_pool(d->pool);
	uint64_t pc = p ? p->cpus : 0, m;
	struct fx_vcpu *vc;

	if (v >= d->vcpus || v >= FX_MAX_VCPUS)
		return -EINVAL;
	vc = &d->vcpu[v];
	if (dc->cmd == XM_DOMCTL_getvcpuinfo) {
		dc->u.getvcpuinfo.online = !vc->offline;
		dc->u.getvcpuinfo.blocked = vc->blocked;
		dc->u.getvcpuinfo.running = vc->running;
		dc->u.getvcpuinfo.cpu_time = vc->time;
		dc->u.getvcpuinfo.cpu = fx_vcpu_cpu(d, v);
		return 0;
	}
	if (!a->flags || ((a->flags & XM_VCPUAFFINITY_HARD) && !a->cpumap_hard.bitmap) ||
	    ((a->flags & XM_VCPUAFFINITY_SOFT) && !a->cpumap_soft.bitmap))
		return -EINVAL;
	if (dc->cmd == XM_DOMCTL_getvcpuaffinity) {
		if (a->flags & XM_VCPUAFFINITY_HARD)
			map_out(&a->cpumap_hard, ~vc->hard_out);
		if (a->flags & XM_VCPUAFFINITY_SOFT)
			map_out(&a->cpumap_soft, ~vc->soft_out);
		return 0;
	}
	if (a->flags & XM_VCPUAFFINITY_HARD) {
		m = map_in(&a->cpumap_hard);
		if (!(m & pc & fx_host()))
			return -EINVAL;
		vc->hard_out = ~m;
		map_out(&a->cpumap_hard, m & pc);
	}
	if (a->flags & XM_VCPUAFFINITY_SOFT) {
		m = map_in(&a->cpumap_soft);
		vc->soft_out = ~m;
		map_out(&a->cpumap_soft, m & pc & ~vc->hard_out);
	}
	return 0;
}

static long do_sysctl(struct xm_sysctl *s)
{
	if (fx.sysctl_absent)
		return -ENOSYS;
	if (s->interface_version != fx.sysctl_if)
		return -EACCES;
	if (fx.self != 0 && !fx_dom(fx.self))
		return -EPERM;
	switch (s->cmd) {
	case XM_SYSCTL_readconsole:
		return readconsole(&s->u.readconsole);
	case XM_SYSCTL_getdomaininfolist: {
		struct xm_sysctl_getdomaininfolist *l = &s->u.getdomaininfolist;
		struct xm_domctl_getdomaininfo *out = xm_handle_ptr(l->buffer);
		uint32_t n = 0, max = l->max_domains;

		fx.nlists++;
		fx_steps_run(FX_STEP_LIST);
		reap();
		for (size_t i = 0; i < fx.ndom && n < max; i++)
			if (fx.dom[i].domid >= l->first_domain)
				fill_info(&fx.dom[i], &out[n++]);
		l->num_domains = n;
		return 0;
	}
	case XM_SYSCTL_cpupool_op:
		return fx_cpupool_op(&s->u.cpupool_op);
	case XM_SYSCTL_physinfo:
		memset(&s->u.physinfo, 0, sizeof(s->u.physinfo));
		s->u.physinfo.nr_cpus = fx.ncpus;
		s->u.physinfo.max_cpu_id = fx.ncpus - 1;
		return 0;
	case XM_SYSCTL_scheduler_op:
		return a653_op(&s->u.scheduler_op);
	}
	return -EOPNOTSUPP;
}

static long do_domctl(struct xm_domctl *d)
{
	struct fx_dom *dom;

	if (d->interface_version != fx.domctl_if)
		return -EACCES;
	if (fx.self != 0 && !fx_dom(fx.self))
		return -EPERM;
	if (d->cmd == XM_DOMCTL_getdomaininfo)
		reap();
	dom = fx_dom(d->domain);
	switch (d->cmd) {
	case XM_DOMCTL_destroydomain:
		return dom ? destroy(dom) : -ESRCH;
	case XM_DOMCTL_getdomaininfo:
		if (!dom)
			return -ESRCH;
		fill_info(dom, &d->u.getdomaininfo);
		return 0;
	case XM_DOMCTL_pausedomain:
		if (!dom)
			return -ESRCH;
		if (dom->domid == fx.self)
			return -EINVAL;
		if (dom->pause >= 255)
			return -EUSERS;
		dom->pause++;
		return 0;
	case XM_DOMCTL_unpausedomain:
		if (!dom)
			return -ESRCH;
		if (!dom->pause)
			return -EINVAL;
		dom->pause--;
		return 0;
	case XM_DOMCTL_setdomainhandle:
		if (!dom)
			return -ESRCH;
		if (!fx.handle_stuck)
			memcpy(dom->handle, d->u.setdomainhandle.handle, 16);
		return 0;
	case XM_DOMCTL_getvcpuinfo:
	case XM_DOMCTL_getvcpuaffinity:
	case XM_DOMCTL_setvcpuaffinity:
		return dom ? fx_vcpu_op(d, dom) : -ESRCH;
	}
	return -EOPNOTSUPP;
}

/* Arm answers 0 for a domain without a ring; x86 PV guests get EINVAL. */
static long hvm_op(uint64_t cmd, void *arg)
{
	struct xm_hvm_param *hp = arg;
	struct fx_dom *d = fx_dom(hp->domid);

	if (cmd != XM_HVMOP_get_param)
		return -ENOSYS;
	if (!d)
		return -ESRCH;
	if (d->con_kind == 2)
		return -EINVAL;
	hp->value = 0;
	if (d->con_kind == 1 && hp->index == XM_HVM_PARAM_CONSOLE_PFN)
		hp->value = d->con_frame;
	if (d->con_kind == 1 && hp->index == XM_HVM_PARAM_CONSOLE_EVTCHN)
		hp->value = d->con_port;
	return 0;
}

/* Ports: 1 is xenstore's (bound), the console's as configured, up to 63. */
static long evtchn_op(uint64_t cmd, void *arg)
{
	struct xm_evtchnop_status *st = arg;
	struct fx_dom *d = fx_dom(st->dom);

	if (cmd != XM_EVTCHNOP_status)
		return -ENOSYS;
	if (!d)
		return -ESRCH;
	if (st->port >= 64)
		return -EINVAL;
	st->status = XM_EVTCHNSTAT_closed;
	if (st->port == 1 || (d->con_kind && st->port == d->con_port)) {
		int bound = st->port == 1 || d->con_bound;

		st->status = bound ? XM_EVTCHNSTAT_interdomain
				   : XM_EVTCHNSTAT_unbound;
		st->u.interdomain.dom = 0;
		st->u.interdomain.port = bound ? 40 + st->port : 0;
	}
	return 0;
}

/* --- hypfs: a separate block, hooked into fx_reset, fx_hypercall,
 * fx_load and fx_save by one line each. Xen's rules from
 * xen/common/hypfs.c: the XSM check first, get_version with all other
 * arguments 0, the path NUL-terminated exactly at its length, the
 * direntry written even when the buffer is too small for the content. */

int fx_hypfs_config(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	long n = -1;
	int ok;

	if (!f)
		return -errno;
	if (!fseek(f, 0, SEEK_END) && (n = ftell(f)) >= 0 &&
	    !fseek(f, 0, SEEK_SET))
		b = malloc((size_t)n + 1);
	ok = b && fread(b, 1, (size_t)n, f) == (size_t)n;
	fclose(f);
	if (!ok) {
		free(b);
		return -EIO;
	}
	free(fx.hypfs.gz);
	fx.hypfs.gz = b;
	fx.hypfs.gzlen = (size_t)n;
	snprintf(fx.hypfs.path, sizeof(fx.hypfs.path), "%s", path);
	return 0;
}

static long fx_hypfs_op(const uint64_t a[5])
{
	const char *path = (const char *)(uintptr_t)a[1];
	uint8_t *buf = (uint8_t *)(uintptr_t)a[3];
	struct xm_hypfs_direntry e = { .type = XM_HYPFS_TYPE_STRING };
	const void *data;

	if (fx.hypfs.err)
		return -fx.hypfs.err;
	if (fx.self != 0 && !fx_dom(fx.self))
		return -EPERM;
	if (a[0] == XM_HYPFS_OP_get_version)
		return a[1] || a[2] || a[3] || a[4] ? -EINVAL : 1;
	if (a[2] > XM_HYPFS_MAX_PATHLEN || !a[2] ||
	    memchr(path, 0, a[2]) != path + a[2] - 1)
		return -EINVAL;
	if (!strcmp(path, "/buildinfo/config") && fx.hypfs.gz) {
		e.encoding = XM_HYPFS_ENC_GZIP;
		e.content_len = (uint32_t)fx.hypfs.gzlen;
		data = fx.hypfs.gz;
	} else if (!strcmp(path, "/buildinfo/version/extra")) {
		e.content_len = (uint32_t)strlen(fx.extra) + 1;
		data = fx.extra;
	} else {
		return -ENOENT;
	}
	if (a[0] != XM_HYPFS_OP_read)
		return -EOPNOTSUPP;
	if (a[4] < sizeof(e))
		return -EINVAL;
	memcpy(buf, &e, sizeof(e));
	if (a[4] < sizeof(e) + e.content_len)
		return -ENOBUFS;
	memcpy(buf + sizeof(e), data, e.content_len);
	return 0;
}

static long fx_hypercall(struct xm_transport *t, unsigned op,
			 const uint64_t arg[5])
{
	void *p = (void *)(uintptr_t)arg[1];
	uint32_t cmd = 0;
	uint16_t domid = 0;
	long r;

	(void)t;
	if (op == XM_HC_xen_version) {
		cmd = (uint32_t)arg[0];
	} else if (op == XM_HC_sysctl) {
		cmd = ((struct xm_sysctl *)(uintptr_t)arg[0])->cmd;
	} else if (op == XM_HC_hvm_op || op == XM_HC_sched_op ||
		   op == XM_HC_event_channel_op) {
		cmd = (uint32_t)arg[0];
		domid = *(uint16_t *)p;
	} else if (op == XM_HC_domctl) {
		cmd = ((struct xm_domctl *)(uintptr_t)arg[0])->cmd;
		domid = ((struct xm_domctl *)(uintptr_t)arg[0])->domain;
	} else if (op == XM_HC_hypfs_op) {
		cmd = (uint32_t)arg[0];
	}
	r = injected(op, cmd);
	/* A cpupool_op sub-op may be failed alone (FX_CPUPOOL_CMD). */
	if (!r && op == XM_HC_sysctl && cmd == XM_SYSCTL_cpupool_op)
		r = injected(op, FX_CPUPOOL_CMD(((struct xm_sysctl *)(uintptr_t)
						 arg[0])->u.cpupool_op.op));
	if (r)
		goto out;
	switch (op) {
	case XM_HC_xen_version:
		switch (arg[0]) {
		case XM_XENVER_version:
			r = (long)(fx.major << 16 | fx.minor);
			break;
		case XM_XENVER_extraversion:
			memset(p, 0, XM_EXTRAVERSION_LEN);
			memcpy(p, fx.extra, strlen(fx.extra));
			r = 0;
			break;
		case XM_XENVER_guest_handle: {
			struct fx_dom *self = fx_dom(fx.self);

			memcpy(p, self ? self->handle : zero16, 16);
			r = 0;
			break;
		}
		default:
			r = -ENOSYS;
		}
		break;
	case XM_HC_sysctl:
		r = do_sysctl((struct xm_sysctl *)(uintptr_t)arg[0]);
		break;
	case XM_HC_domctl:
		r = do_domctl((struct xm_domctl *)(uintptr_t)arg[0]);
		break;
	case XM_HC_hvm_op:
		r = hvm_op(arg[0], p);
		break;
	case XM_HC_event_channel_op:
		r = evtchn_op(arg[0], p);
		break;
	case XM_HC_sched_op:
		r = sched_op(arg[0], p);
		break;
	case XM_HC_hypfs_op:
		r = fx_hypfs_op(arg);
		break;
	default:
		r = -ENOSYS;
	}
out:
	if (fx.ncalls < FX_LOG)
		fx.log[fx.ncalls] = (struct fx_call){ op, cmd, domid, r };
	fx.ncalls++;
	return r;
}

static void *fx_buf_alloc(struct xm_transport *t, size_t npages)
{
	void *p = aligned_alloc(XM_PAGE_SIZE, npages * XM_PAGE_SIZE);

	(void)t;
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	memset(p, 0, npages * XM_PAGE_SIZE);
	fx.live_bufs++;
	return p;
}

static void fx_buf_free(struct xm_transport *t, void *p, size_t npages)
{
	(void)t;
	(void)npages;
	if (p) {
		fx.live_bufs--;
		free(p);
	}
}

static const char *state_path(void)
{
	return getenv("XM_FAKE_STATE");
}

/* A state that cannot be saved would leave the next command of the test
 * a different system: stop loudly. */
static void fx_close(struct xm_transport *t)
{
	const char *path = state_path();
	int r;

	(void)t;
	if (!path)
		return;
	r = fx_save(path);
	if (r) {
		fprintf(stderr, "xenmin-fake: saving %s: %s\n", path,
			strerror(-r));
		exit(FX_EXIT_STATE);
	}
}

/* The console page's layout, from xm_xen.h. */
#define FR_IN_CONS offsetof(struct xm_xencons_interface, in_cons)
#define FR_IN_PROD offsetof(struct xm_xencons_interface, in_prod)
#define FR_OUT_CONS offsetof(struct xm_xencons_interface, out_cons)
#define FR_OUT_PROD offsetof(struct xm_xencons_interface, out_prod)

static uint32_t *ring_idx(struct fx_dom *d, unsigned off)
{
	return (uint32_t *)(d->ring + off);
}

void fx_ring_out(struct fx_dom *d, const char *s)
{
	uint32_t prod = *ring_idx(d, FR_OUT_PROD);

	for (; *s && prod - *ring_idx(d, FR_OUT_CONS) < XM_CONS_OUT_SIZE; s++)
		d->ring[XM_CONS_OUT_OFF + (prod++ & (XM_CONS_OUT_SIZE - 1))] =
			*s;
	*ring_idx(d, FR_OUT_PROD) = prod;
}

static int fx_ring_page(struct fx_dom *d)
{
	if (!d->ring) {
		d->ring = aligned_alloc(XM_PAGE_SIZE, XM_PAGE_SIZE);
		if (!d->ring)
			return -ENOMEM;
		memset(d->ring, 0, XM_PAGE_SIZE);
		d->ring[XM_CONS_CONNECTION_OFF] = XM_CONS_DISCONNECTED;
		fx_ring_out(d, "FAKE-CONSOLE-BANNER\r\n");
	}
	return 0;
}

/*
 * Foreign pages: grant table frame 0 of a PV-kind domain, or a domain's
 * console page (the very memory its fake guest uses), at its frame only.
 */
static void *fx_map_foreign(struct xm_transport *t, uint16_t domid, int res,
			    uint64_t frame)
{
	struct fx_dom *d = fx_dom(domid);
	struct xm_grant_entry_v1 *g;

	(void)t;
	if (!d) {
		errno = ESRCH;
		return NULL;
	}
	if (res == XM_XENMEM_resource_grant_table && frame == 0) {
		g = aligned_alloc(XM_PAGE_SIZE, XM_PAGE_SIZE);
		if (!g)
			return NULL;
		memset(g, 0, XM_PAGE_SIZE);
		if (d->con_kind == 2) {
			g->flags = XM_GTF_permit_access;
			g->frame = (uint32_t)d->con_frame;
		}
		fx.live_bufs++;
		return g;
	}
	if (res >= 0 || !d->con_kind || frame != d->con_frame) {
		errno = EFAULT; /* Xen: no such frame for this domain */
		return NULL;
	}
	if (fx_ring_page(d))
		return NULL;
	fx.live_bufs++;
	return d->ring;
}

static void fx_unmap_foreign(struct xm_transport *t, void *page)
{
	(void)t;
	fx.live_bufs--;
	for (size_t i = 0; i < fx.ndom; i++)
		if (fx.dom[i].ring == page)
			return;
	free(page);
}

/* One binding at a time; its fd is a pipe the fake guest writes to. */
static int fx_evfd[2] = { -1, -1 };
static struct fx_dom *fx_evdom;

static int fx_evtchn_bind(struct xm_transport *t, uint16_t domid,
			  uint32_t port, uint32_t *lport)
{
	struct fx_dom *d = fx_dom(domid);

	(void)t;
	if (fx.evtchn_err)
		return -fx.evtchn_err;
	if (!d || !d->con_kind || port != d->con_port || d->con_bound ||
	    fx_evdom)
		return -EINVAL;
	if (pipe(fx_evfd))
		return -errno;
	fcntl(fx_evfd[0], F_SETFL, O_NONBLOCK);
	fcntl(fx_evfd[1], F_SETFL, O_NONBLOCK);
	d->con_bound = 1;
	fx_evdom = d;
	*lport = 7;
	return fx_evfd[0];
}

/* The fake guest: each input line comes back as "GOT:<line>". */
static int fx_evtchn_notify(struct xm_transport *t, int fd, uint32_t lport)
{
	struct fx_dom *d = fx_evdom;
	uint32_t cons, prod;
	char line[80];

	(void)t;
	if (!d || fd != fx_evfd[0] || lport != 7)
		return -EINVAL;
	cons = *ring_idx(d, FR_IN_CONS);
	prod = *ring_idx(d, FR_IN_PROD);
	for (; cons != prod; cons++) {
		char ch = (char)d->ring[cons & (XM_CONS_IN_SIZE - 1)];

		if (ch != '\r' && ch != '\n') {
			if (d->echo_len < sizeof(d->echo) - 1)
				d->echo[d->echo_len++] = ch;
			continue;
		}
		d->echo[d->echo_len] = '\0';
		snprintf(line, sizeof(line), "GOT:%s\r\n", d->echo);
		fx_ring_out(d, line);
		d->echo_len = 0;
		if (write(fx_evfd[1], "!", 1) < 0)
			return -errno;
	}
	*ring_idx(d, FR_IN_CONS) = cons;
	return 0;
}

/*
 * Xen's rule for global virqs: one binding per virq and domain (EEXIST
 * for the second); xenstored or xenconsoled may hold one already.
 */
static int fx_evtchn_bind_virq(struct xm_transport *t, uint32_t virq,
			       uint32_t *lport)
{
	struct fx_virq *v = virq_of(virq);
	int held = virq == XM_VIRQ_DOM_EXC ? fx.dom_exc_held
					   : fx.con_ring_held;

	(void)t;
	if (fx.evtchn_err)
		return -fx.evtchn_err;
	if (!v)
		return -EINVAL;
	if (held || v->bound)
		return -EEXIST;
	if (pipe(v->fd))
		return -errno;
	fcntl(v->fd[0], F_SETFL, O_NONBLOCK);
	fcntl(v->fd[1], F_SETFL, O_NONBLOCK);
	v->bound = 1;
	*lport = 20 + virq;
	/* What is pending already shows at once. */
	if (virq == XM_VIRQ_DOM_EXC ? fx_step_event_pending()
				    : con_later_pending())
		virq_raise(virq);
	return v->fd[0];
}

static int fx_evtchn_ack(struct xm_transport *t, int fd)
{
	struct fx_virq *dx = virq_of(XM_VIRQ_DOM_EXC);
	char b[16];

	(void)t;
	while (read(fd, b, sizeof(b)) > 0)
		;
	/* A scripted change happens as the watcher takes its event. */
	if (dx->bound && fd == dx->fd[0] && fx_step_event_pending()) {
		fx_steps_run(FX_STEP_EVENT);
		if (fx_step_event_pending())
			virq_raise(XM_VIRQ_DOM_EXC);
	}
	return 0;
}

static void fx_evtchn_close(struct xm_transport *t, int fd)
{
	(void)t;
	for (size_t i = 0; i < 2; i++)
		if (fx_virqs[i].bound && fd == fx_virqs[i].fd[0])
			virq_unbind(&fx_virqs[i]);
	if (fx_evdom && fd == fx_evfd[0]) {
		fx_evdom->con_bound = 0;
		fx_evdom = NULL;
		close(fx_evfd[0]);
		close(fx_evfd[1]);
	}
}

static const struct xm_transport_ops fx_ops = {
	.hypercall = fx_hypercall,
	.buf_alloc = fx_buf_alloc,
	.buf_free = fx_buf_free,
	.close = fx_close,
	.map_foreign = fx_map_foreign,
	.unmap_foreign = fx_unmap_foreign,
	.evtchn_bind = fx_evtchn_bind,
	.evtchn_bind_virq = fx_evtchn_bind_virq,
	.evtchn_notify = fx_evtchn_notify,
	.evtchn_ack = fx_evtchn_ack,
	.evtchn_close = fx_evtchn_close,
};

static struct xm_transport fx_t = { &fx_ops, NULL };

struct xm_transport *fx_transport(void)
{
	return &fx_t;
}

int xm_transport_open(struct xm_transport **out)
{
	const char *path = state_path();
	char err[512];

	if (path) {
		if (fx_load(path, err, sizeof(err))) {
			fprintf(stderr, "xenmin-fake: %s\n", err);
			exit(FX_EXIT_STATE);
		}
	} else if (!fx.major) {
		fx_reset();
	}
	if (fx.open_err)
		return -fx.open_err;
	*out = &fx_t;
	return 0;
}
