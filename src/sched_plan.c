// SPDX-License-Identifier: MIT
/*
 * The schedule planner: given a parsed schedule file and one snapshot of the
 * live system (domains with their UUID handles and cpupools, pools with their
 * schedulers, the caller's own handle), decide everything `set` will do
 * before it does anything: which live domain each name means, which UUID
 * handles must change so that Xen's (UUID, vcpu) matching finds exactly the
 * intended vCPUs, whether the domain running xenmin keeps a slot, and the
 * exact payload. Also compares two schedules for read-back and `diff`.
 * Pure logic: problems go into a sched_diag, nothing is printed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "sched.h"
#include "sched_msg.h"
#include "xio.h"

/*
 * Planner messages point at a file line (or none), never a column; each is
 * a catalogue message (sched_msg.h).
 */
#define add(d, line, warn, m, ...) \
	(SCHED_MSG_CHECK(m, ##__VA_ARGS__), \
	 sched_msg_add_(d, line, 0, warn, SCHED_MSG_ID_ ## m, ##__VA_ARGS__))

static const struct xm_pool *find_pool(const struct sched_live *l,
				      uint32_t id)
{
	for (size_t i = 0; i < l->npool; i++)
		if (l->pool[i].id == id)
			return &l->pool[i];
	return NULL;
}

int sched_check_pool(const struct sched_live *l, uint32_t id, char *why,
		     size_t len)
{
	const struct xm_pool *pp = find_pool(l, id);
	const char *nm;

	if (!pp)
		xm_snprintf(why, len, XM_MSG(m_spl_no_pool, "cpupool %u does not exist"), id);
	else if (pp->sched_id == XM_SCHED_ARINC653)
		return 0;
	else if ((nm = xm_sched_name(pp->sched_id)))
		xm_snprintf(why, len, XM_MSG(m_spl_pool_sched, "pool %u runs %s, not arinc653"), id, nm);
	else
		xm_snprintf(why, len, XM_MSG(m_spl_pool_sched_id, "pool %u runs scheduler id %u, not arinc653"),
			    id, pp->sched_id);
	return -1;
}

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* splitmix64's finaliser: names differing in one letter differ everywhere */
static uint64_t mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/*
 * Stable across boots and machines: depends only on the pool id and the
 * local name in the file, never on domids, time or randomness. A version 8
 * (custom) UUID per RFC 9562, so it cannot collide with the random (v4) or
 * time-based UUIDs other tools assign.
 */
void sched_derive_uuid(uint32_t pool, const char *name, uint8_t out[16])
{
	char key[96];
	int n = xm_snprintf(key, sizeof(key), "xenmin-arinc653:%" PRIu32 ":%s",
			 pool, name);
	uint64_t h = 0, seed = 0xcbf29ce484222325ull;

	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(key))
		n = sizeof(key) - 1;
	/* two halves: mix(fnv1a(seed)), then mix(first ^ fnv1a(the seed's
	 * 32-bit halves swapped)), one loop so each is inlined once */
	for (int k = 0; k < 2; k++) {
		h = mix(h ^ fnv1a(seed, key, (size_t)n));
		seed = seed << 32 | seed >> 32;
		for (int i = 0; i < 8; i++)
			out[8 * k + i] = (uint8_t)(h >> (56 - 8 * i));
	}
	out[6] = (uint8_t)((out[6] & 0x0f) | 0x80);
	out[8] = (uint8_t)((out[8] & 0x3f) | 0x80);
}

static int live_by_domid(const struct sched_live *l, unsigned domid)
{
	for (size_t i = 0; i < l->ndom; i++)
		if (l->dom[i].domid == domid)
			return (int)i;
	return -1;
}

/* "1, 2, 5" into @buf */
static void list_domids(const int *k, unsigned n, const struct sched_live *l,
			char *buf, size_t len)
{
	size_t o = 0;

	o = (size_t)xm_snprintf(buf, len, "domid%s ", n > 1 ? "s" : "");
	for (unsigned i = 0; i < n && o + 8 < len; i++)
		o += (size_t)xm_snprintf(buf + o, len - o, "%s%u", i ? ", " : "",
				      l->dom[k[i]].domid);
}

/*
 * One run of the planner: its inputs, the plan it fills, and what its steps
 * hand on to each other. Each step reports every problem it finds and sets
 * @bad; the next step runs only if the earlier ones found none.
 */
struct planner {
	const struct sched_file *f;
	const struct sched_live *l;
	unsigned flags;
	struct sched_plan *p;
	struct sched_diag *d;
	unsigned char bad;
	int live_of[SCHED_MAX_DOMS]; /* index into l->dom of each file domain */
	uint8_t (*fin)[16];          /* final handle of each of l->dom */
	unsigned napplied;           /* p->chg [0, napplied) are in fin */
};

/* The pool must exist and run arinc653. */
static int check_pool(struct planner *c)
{
	const struct sched_file *f = c->f;
	uint32_t pool = c->p->pool;
	char why[80];

	if (!sched_check_pool(c->l, pool, why, sizeof(why)))
		return 0;
	sched_diag_add(c->d, f->has_pool && f->pool == pool ? f->pool_line : 0,
		       0, 0, "%s", why);
	return -1;
}

/* The live domain (index into l->dom) file domain @dm names, or -1. */
static int find_live(struct planner *c, const struct sched_dom *dm)
{
	const struct sched_live *l = c->l;
	int hits[8], k;
	unsigned nh = 0;
	char u[37], b[160];

	if (dm->has_domid) {
		k = live_by_domid(l, dm->domid);
		if (k < 0)
			add(c->d, dm->line, 0, XM_MSG(m_spl_no_domid, "domain %s (domid %u) does not exist"), dm->name, dm->domid);
		return k;
	}
	for (size_t j = 0; j < l->ndom; j++)
		if (!memcmp(l->dom[j].handle, dm->uuid, 16) && nh < 8)
			hits[nh++] = (int)j;
	if (nh == 1)
		return hits[0];
	xm_uuid_fmt(dm->uuid, u);
	if (nh == 0) {
		add(c->d, dm->line, 0, XM_MSG(m_spl_no_uuid, "domain %s (uuid %s) does not exist"),
		    dm->name, u);
		return -1;
	}
	list_domids(hits, nh, l, b, sizeof(b));
	add(c->d, dm->line, 0, XM_MSG(m_spl_uuid_shared, "domain %s: uuid %s is shared by %s; add 'domid N' to say which one"), dm->name, u, b);
	return -1;
}

/* A UUID change of file domain @i, live domain @k (to be filled in). */
static struct sched_change *change(struct planner *c, unsigned i, int k)
{
	struct sched_change *ch = &c->p->chg[c->p->nchg++];

	ch->dom = (int)i;
	ch->domid = c->l->dom[k].domid;
	memcpy(ch->from, c->l->dom[k].handle, 16);
	return ch;
}

/* 1. which live domain each declared name means */
static void resolve(struct planner *c)
{
	const struct sched_live *l = c->l;
	uint32_t pool = c->p->pool;

	for (unsigned i = 0; i < c->f->ndom; i++) {
		const struct sched_dom *dm = &c->f->dom[i];
		int k = find_live(c, dm);

		c->p->domid[i] = -1;
		c->live_of[i] = -1;
		if (k < 0) {
			c->bad = 1;
			continue;
		}
		for (unsigned j = 0; j < i; j++)
			if (c->live_of[j] == k) {
				add(c->d, dm->line, 0, XM_MSG(m_spl_same_domid, "domains %s and %s are both domid %u"), c->f->dom[j].name,
				    dm->name, l->dom[k].domid);
				c->bad = 1;
			}
		c->live_of[i] = k;
		c->p->domid[i] = l->dom[k].domid;
		if (dm->nslots && l->dom[k].cpupool != pool) {
			add(c->d, dm->line, 0, XM_MSG(m_spl_other_pool, "domain %s (domid %u) is in cpupool %u, not %u: its slots would stay idle"), dm->name, l->dom[k].domid,
			    l->dom[k].cpupool, pool);
			c->bad = 1;
		}
		/* the file names its UUID: make Xen agree */
		if (dm->has_uuid && memcmp(l->dom[k].handle, dm->uuid, 16)) {
			memcpy(change(c, i, k)->to, dm->uuid, 16);
			memcpy(c->fin[k], dm->uuid, 16);
		}
	}
	c->napplied = c->p->nchg;
}

/*
 * 2. for scheduled file domain @i: no other domain of the pool may end
 * with its UUID. Pass 0 derives a UUID where --assign-uuids allows; pass 1
 * checks again once the derived ones are applied.
 */
static void unique_one(struct planner *c, unsigned i, int pass)
{
	const struct sched_dom *dm = &c->f->dom[i];
	const struct sched_live *l = c->l;
	uint32_t pool = c->p->pool;
	int k = c->live_of[i], others[8];
	int derive = !dm->has_uuid && (c->flags & SCHED_PLAN_ASSIGN_UUIDS);
	unsigned no = 0;
	char u[37], b[160];
	sched_msgref m;

	if (!dm->nslots)
		return;
	for (size_t j = 0; j < l->ndom; j++)
		if ((int)j != k && l->dom[j].cpupool == pool &&
		    !memcmp(c->fin[j], c->fin[k], 16) && no < 8)
			others[no++] = (int)j;
	if (!no)
		return;
	if (pass == 0 && derive) {
		struct sched_change *ch = change(c, i, k);

		ch->derived = 1;
		sched_derive_uuid(pool, dm->name, ch->to);
		return;
	}
	c->bad = 1;
	if (pass && !derive && !dm->has_uuid)
		return; /* said in pass 0 */
	xm_uuid_fmt(c->fin[k], u);
	list_domids(others, no, l, b, sizeof(b));
	/* one call: the first message does not print the pool */
	if (derive)
		m = SCHED_MSG_REF(XM_MSG(m_spl_derived_taken, "domain %s (domid %u): the UUID derived for it, %s, is already taken by %s; give it a 'uuid' in the file"), dm->name, 0u, u, b);
	else if (dm->has_uuid)
		m = SCHED_MSG_REF(XM_MSG(m_spl_uuid_taken, "domain %s (domid %u): uuid %s is also the UUID of %s in cpupool %u, so Xen could run either; give them different UUIDs"), dm->name, 0u, u, b, pool);
	else
		m = SCHED_MSG_REF(XM_MSG(m_spl_shares_uuid, "domain %s (domid %u) shares UUID %s with %s in cpupool %u, so Xen cannot tell them apart: add 'uuid ...' to its domain line, or run with --assign-uuids"), dm->name, 0u, u, b, pool);
	sched_msg_add_(c->d, dm->line, 0, 0, m, dm->name,
		       (unsigned)l->dom[k].domid, u, b, pool);
}

/*
 * Xen matches entries by (UUID, vcpu) among the pool's domains and takes
 * the newest on a tie. Each scheduled domain's UUID must be its own within
 * the pool, or its slots may run another domain.
 */
static void unique_uuids(struct planner *c)
{
	struct sched_plan *p = c->p;

	for (int pass = 0; pass < 2 && !c->bad; pass++) {
		for (unsigned i = 0; i < c->f->ndom; i++)
			unique_one(c, i, pass);
		for (; c->napplied < p->nchg; c->napplied++) {
			const struct sched_change *ch = &p->chg[c->napplied];

			memcpy(c->fin[c->live_of[ch->dom]], ch->to, 16);
		}
	}
	/* a derived UUID equal to the current one is no change */
	for (unsigned i = 0; i < p->nchg;) {
		if (!memcmp(p->chg[i].from, p->chg[i].to, 16)) {
			memmove(&p->chg[i], &p->chg[i + 1],
				(p->nchg - i - 1) * sizeof(p->chg[0]));
			p->nchg--;
			continue;
		}
		i++;
	}
}

/* 3. every vCPU a slot names exists */
static void check_vcpus(struct planner *c)
{
	const struct sched_file *f = c->f;

	for (unsigned s = 0; s < f->nslot; s++) {
		const struct sched_slot *sl = &f->slot[s];
		const struct xm_dominfo *di = &c->l->dom[c->live_of[sl->dom]];

		if (sl->vcpu > di->max_vcpu_id) {
			add(c->d, sl->line, 0, XM_MSG(m_spl_no_vcpu, "domain %s (domid %u) has no vcpu %u (its vcpus are 0 to %u)"),
			    f->dom[sl->dom].name, di->domid, sl->vcpu,
			    di->max_vcpu_id);
			c->bad = 1;
		}
	}
}

/*
 * The live domains that may be running xenmin (indices into l->dom), by
 * its own handle; sets p->caller. Unknown, or shared with dom0: dom0.
 */
static unsigned find_caller(struct planner *c, int cand[64])
{
	const struct sched_live *l = c->l;
	struct sched_plan *p = c->p;
	unsigned nc = 0;
	int has0 = 0;

	if (l->have_self)
		for (size_t j = 0; j < l->ndom; j++)
			if (!memcmp(l->dom[j].handle, l->self, 16) && nc < 64) {
				cand[nc++] = (int)j;
				if (l->dom[j].domid == 0)
					has0 = 1;
			}
	if (nc == 1) {
		p->caller = l->dom[cand[0]].domid;
		return 1;
	}
	p->caller_guessed = 1;
	if (nc && !has0) {
		p->caller = l->dom[cand[0]].domid; /* all of them are checked */
		return nc;
	}
	p->caller = 0;
	cand[0] = live_by_domid(l, 0);
	return cand[0] >= 0;
}

/* 4. the caller must keep a slot if it lives in this pool */
static int check_caller(struct planner *c)
{
	const struct sched_file *f = c->f;
	uint32_t pool = c->p->pool;
	int cand[64], r = SCHED_OK;
	unsigned nc = find_caller(c, cand);

	for (unsigned i = 0; i < nc; i++) {
		const struct xm_dominfo *di = &c->l->dom[cand[i]];
		int kept = 0;

		if (di->cpupool != pool)
			continue;
		for (unsigned s = 0; s < f->nslot; s++)
			if (c->live_of[f->slot[s].dom] == cand[i])
				kept = 1;
		if (kept)
			continue;
		if (c->flags & SCHED_PLAN_FORCE) {
			add(c->d, 0, 1, XM_MSG(m_spl_force_caller, "--force: domid %u runs xenmin and gets no slot in cpupool %u: it will not run again until another domain changes the schedule"), di->domid, pool);
			continue;
		}
		add(c->d, 0, 0, XM_MSG(m_spl_caller_no_slot, "domid %u runs xenmin and is in cpupool %u, but the schedule gives it no slot: it would never run again. Add a slot for it (e.g. 'domain dom%u domid %u' and 'slot dom%u 10ms'), or use --force"),
		    di->domid, pool, di->domid, di->domid, di->domid);
		r = SCHED_E_CALLER;
	}
	return r;
}

/* Does live domain @j have a slot, as some file domain with slots? */
static int has_slot(const struct planner *c, size_t j)
{
	for (unsigned i = 0; i < c->f->ndom; i++)
		if (c->live_of[i] == (int)j && c->f->dom[i].nslots)
			return 1;
	return 0;
}

/* 5. domains of the pool that get no slot: reported, not refused */
static void find_idle(struct planner *c)
{
	const struct sched_live *l = c->l;
	struct sched_plan *p = c->p;

	for (size_t j = 0; j < l->ndom; j++)
		/* the caller was refused or warned above */
		if (l->dom[j].cpupool == p->pool &&
		    l->dom[j].domid != p->caller && !has_slot(c, j) &&
		    p->nidle < SCHED_PLAN_IDLE_MAX)
			p->idle[p->nidle++] = l->dom[j].domid;
}

/* Does every domain of the pool get a slot? */
static int all_kept(const struct planner *c)
{
	const struct sched_live *l = c->l;

	for (size_t j = 0; j < l->ndom; j++)
		if (l->dom[j].cpupool == c->p->pool && !has_slot(c, j))
			return 0;
	return 1;
}

/* 6. the payload, slot for slot in file order */
static void build_payload(struct planner *c)
{
	const struct sched_file *f = c->f;
	struct xm_a653 *pl = &c->p->payload;

	pl->major_frame_ns = f->major_ns;
	pl->n = f->nslot;
	for (unsigned s = 0; s < f->nslot; s++) {
		struct xm_a653_entry *e = &pl->e[s];

		memcpy(e->handle, c->fin[c->live_of[f->slot[s].dom]], 16);
		e->vcpu = f->slot[s].vcpu;
		e->runtime_ns = f->slot[s].runtime_ns;
	}
}

int sched_plan(const struct sched_file *f, const struct sched_live *l,
	       uint32_t pool, unsigned flags, struct sched_plan *p,
	       struct sched_diag *d)
{
	struct planner c = { .f = f, .l = l, .flags = flags, .p = p, .d = d };
	int r = SCHED_E_FIT;

	memset(p, 0, sizeof(*p));
	p->pool = pool;
	p->caller = -1;
	if (!(flags & SCHED_PLAN_NO_POOL) && check_pool(&c))
		return SCHED_E_FIT;
	c.fin = malloc((l->ndom ? l->ndom : 1) * sizeof(*c.fin));
	if (!c.fin) {
		add(d, 0, 0, XM_MSG(m_spl_nomem, "out of memory"));
		return SCHED_E_NOMEM;
	}
	for (size_t k = 0; k < l->ndom; k++)
		memcpy(c.fin[k], l->dom[k].handle, 16);
	resolve(&c);
	if (!c.bad)
		unique_uuids(&c);
	if (!c.bad)
		check_vcpus(&c);
	if (!c.bad)
		p->all_kept = all_kept(&c);
	if (!c.bad)
		r = check_caller(&c);
	if (r == SCHED_OK) {
		find_idle(&c);
		build_payload(&c);
	}
	free(c.fin);
	return r;
}

/* A slot as a message shows it: "uuid U vcpu N TIME", "none" for NULL. */
static const char *entry_str(const struct xm_a653_entry *e, char *buf,
			     size_t len)
{
	char u[37], t[32];

	if (!e)
		return "none";
	xm_uuid_fmt(e->handle, u);
	sched_fmt_time(e->runtime_ns, t, sizeof(t));
	xm_snprintf(buf, len, "uuid %s vcpu %" PRIu32 " %s", u, e->vcpu, t);
	return buf;
}

int sched_compare(const struct xm_a653 *want, const struct xm_a653 *have,
		  struct sched_diag *d)
{
	unsigned n = want->n > have->n ? want->n : have->n;
	char a[32], b[32], x[96], y[96];
	int diff = 0;

	if (want->major_frame_ns != have->major_frame_ns) {
		sched_fmt_time(want->major_frame_ns, a, sizeof(a));
		sched_fmt_time(have->major_frame_ns, b, sizeof(b));
		add(d, 0, 0, XM_MSG(m_spl_diff_major, "major_frame: expected %s, Xen has %s"), a, b);
		diff = 1;
	}
	if (want->n != have->n) {
		add(d, 0, 0, XM_MSG(m_spl_diff_nslots, "expected %u slots, Xen has %u"), want->n, have->n);
		diff = 1;
	}
	for (unsigned i = 0; i < n && i < XM_A653_MAX_ENTRIES; i++) {
		const struct xm_a653_entry *w = i < want->n ? &want->e[i] : 0;
		const struct xm_a653_entry *h = i < have->n ? &have->e[i] : 0;

		if (w && h && !memcmp(w->handle, h->handle, 16) &&
		    w->vcpu == h->vcpu && w->runtime_ns == h->runtime_ns)
			continue;
		add(d, 0, 0, XM_MSG(m_spl_diff_slot, "slot %u: expected %s, Xen has %s"), i + 1,
		    entry_str(w, x, sizeof(x)), entry_str(h, y, sizeof(y)));
		diff = 1;
	}
	return diff;
}
