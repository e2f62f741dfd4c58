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
#include <stdarg.h>
#include <string.h>

#include "parse.h"
#include "sched.h"
#include "xio.h"

static void __attribute__((format(printf, 4, 5)))
add(struct sched_diag *d, unsigned line, int warn, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sched_diag_vadd(d, line, 0, warn, fmt, ap);
	va_end(ap);
}

const struct xm_pool *sched_find_pool(const struct sched_live *l, uint32_t id)
{
	for (size_t i = 0; i < l->npool; i++)
		if (l->pool[i].id == id)
			return &l->pool[i];
	return NULL;
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
	uint64_t a, b;

	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(key))
		n = sizeof(key) - 1;
	a = mix(fnv1a(0xcbf29ce484222325ull, key, (size_t)n));
	b = mix(a ^ fnv1a(0x84222325cbf29ce4ull, key, (size_t)n));
	for (int i = 0; i < 8; i++) {
		out[i] = (uint8_t)(a >> (56 - 8 * i));
		out[8 + i] = (uint8_t)(b >> (56 - 8 * i));
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

int sched_plan(const struct sched_file *f, const struct sched_live *l,
	       uint32_t pool, unsigned flags, struct sched_plan *p,
	       struct sched_diag *d)
{
	/* final handle of each live domain, index as l->dom */
	static uint8_t fin[XM_DOMID_FIRST_RESERVED][16];
	int live_of[SCHED_MAX_DOMS];
	unsigned pl = f->has_pool && f->pool == pool ? f->pool_line : 0;
	int fit = 0, caller_bad = 0;
	const struct xm_pool *pp;
	char u[37], b[160];

	memset(p, 0, sizeof(*p));
	p->pool = pool;
	p->caller = -1;
	if (l->ndom > XM_DOMID_FIRST_RESERVED)
		return SCHED_E_FIT; /* cannot happen: domids are unique */

	if (!(flags & SCHED_PLAN_NO_POOL)) {
		pp = sched_find_pool(l, pool);
		if (!pp) {
			add(d, pl, 0, "cpupool %" PRIu32 " does not exist",
			    pool);
			return SCHED_E_FIT;
		}
		if (pp->sched_id != XM_SCHED_ARINC653) {
			const char *nm = xm_sched_name(pp->sched_id);

			if (nm)
				add(d, pl, 0, "pool %" PRIu32 " runs %s, not "
				    "arinc653", pool, nm);
			else
				add(d, pl, 0, "pool %" PRIu32 " runs scheduler "
				    "id %" PRIu32 ", not arinc653", pool,
				    pp->sched_id);
			return SCHED_E_FIT;
		}
	}

	for (size_t k = 0; k < l->ndom; k++) {
		memcpy(fin[k], l->dom[k].handle, 16);
	}

	/*
	 * clang's analyzer lets p alias f, so that f->ndom could grow after
	 * 1. fills live_of[], and then finds 2. reading entries never set.
	 */
#ifdef __clang_analyzer__ /* a false path, see above */
	memset(live_of, 0xff, sizeof(live_of));
#endif
	/* 1. which live domain each declared name means */
	for (unsigned i = 0; i < f->ndom; i++) {
		const struct sched_dom *dm = &f->dom[i];
		int k = -1;

		p->domid[i] = -1;
		live_of[i] = -1;
		if (dm->has_domid) {
			k = live_by_domid(l, dm->domid);
			if (k < 0) {
				add(d, dm->line, 0, "domain %s (domid %u) does "
				    "not exist", dm->name, dm->domid);
				fit = 1;
				continue;
			}
		} else {
			int hits[8];
			unsigned nh = 0;

			for (size_t j = 0; j < l->ndom; j++)
				if (!memcmp(l->dom[j].handle, dm->uuid, 16) &&
				    nh < 8)
					hits[nh++] = (int)j;
			xm_uuid_fmt(dm->uuid, u);
			if (nh == 0) {
				add(d, dm->line, 0, "domain %s (uuid %s) does "
				    "not exist", dm->name, u);
				fit = 1;
				continue;
			}
			if (nh > 1) {
				list_domids(hits, nh, l, b, sizeof(b));
				add(d, dm->line, 0, "domain %s: uuid %s is "
				    "shared by %s; add 'domid N' to say "
				    "which one", dm->name, u, b);
				fit = 1;
				continue;
			}
			k = hits[0];
		}
		for (unsigned j = 0; j < i; j++)
			if (live_of[j] == k) {
				add(d, dm->line, 0, "domains %s and %s are "
				    "both domid %u", f->dom[j].name, dm->name,
				    l->dom[k].domid);
				fit = 1;
			}
		live_of[i] = k;
		p->domid[i] = l->dom[k].domid;
		if (dm->nslots && l->dom[k].cpupool != pool) {
			add(d, dm->line, 0, "domain %s (domid %u) is in cpupool "
			    "%" PRIu32 ", not %" PRIu32 ": its slots would stay "
			    "idle", dm->name, l->dom[k].domid,
			    l->dom[k].cpupool, pool);
			fit = 1;
		}
		/* the file names its UUID: make Xen agree */
		if (dm->has_uuid && memcmp(l->dom[k].handle, dm->uuid, 16)) {
			struct sched_change *c = &p->chg[p->nchg++];

			c->dom = (int)i;
			c->domid = l->dom[k].domid;
			memcpy(c->from, l->dom[k].handle, 16);
			memcpy(c->to, dm->uuid, 16);
			memcpy(fin[k], dm->uuid, 16);
		}
	}
	if (fit)
		return SCHED_E_FIT;

	/*
	 * 2. Xen matches entries by (UUID, vcpu) among the pool's domains and
	 * takes the newest on a tie. Each scheduled domain's UUID must be its
	 * own within the pool, or its slots may run another domain.
	 */
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < f->ndom; i++) {
			const struct sched_dom *dm = &f->dom[i];
			int k = live_of[i], others[8];
			unsigned no = 0;

			if (!dm->nslots || k < 0)
				continue;
			for (size_t j = 0; j < l->ndom; j++)
				if ((int)j != k && l->dom[j].cpupool == pool &&
				    !memcmp(fin[j], fin[k], 16) && no < 8)
					others[no++] = (int)j;
			if (!no)
				continue;
			xm_uuid_fmt(fin[k], u);
			list_domids(others, no, l, b, sizeof(b));
			if (pass == 0 && !dm->has_uuid &&
			    (flags & SCHED_PLAN_ASSIGN_UUIDS)) {
				struct sched_change *c;

				c = &p->chg[p->nchg++];
				c->dom = (int)i;
				c->domid = l->dom[k].domid;
				c->derived = 1;
				memcpy(c->from, l->dom[k].handle, 16);
				sched_derive_uuid(pool, dm->name, c->to);
				continue;
			}
			if (pass == 1 && !dm->has_uuid &&
			    (flags & SCHED_PLAN_ASSIGN_UUIDS))
				add(d, dm->line, 0, "domain %s (domid %u): the "
				    "UUID derived for it, %s, is already taken "
				    "by %s; give it a 'uuid' in the file",
				    dm->name, l->dom[k].domid, u, b);
			else if (dm->has_uuid)
				add(d, dm->line, 0, "domain %s (domid %u): "
				    "uuid %s is also the UUID of %s in "
				    "cpupool %" PRIu32 ", so Xen could run "
				    "either; give them different UUIDs",
				    dm->name, l->dom[k].domid, u, b, pool);
			else if (pass == 0)
				add(d, dm->line, 0, "domain %s (domid %u) "
				    "shares UUID %s with %s in cpupool %"
				    PRIu32 ", so Xen cannot tell them apart: "
				    "add 'uuid ...' to its domain line, or run "
				    "with --assign-uuids", dm->name,
				    l->dom[k].domid, u, b, pool);
			fit = 1;
		}
		if (fit)
			return SCHED_E_FIT;
		/* apply the derived UUIDs, then check again */
		for (unsigned c = 0; c < p->nchg; c++)
			if (p->chg[c].derived) {
				int k = live_by_domid(l, p->chg[c].domid);

				memcpy(fin[k], p->chg[c].to, 16);
			}
	}
	/* a derived UUID equal to the current one is no change */
	for (unsigned c = 0; c < p->nchg;) {
		if (!memcmp(p->chg[c].from, p->chg[c].to, 16)) {
			memmove(&p->chg[c], &p->chg[c + 1],
				(p->nchg - c - 1) * sizeof(p->chg[0]));
			p->nchg--;
			continue;
		}
		c++;
	}

	/* 3. every vCPU a slot names exists */
	for (unsigned s = 0; s < f->nslot; s++) {
		const struct sched_slot *sl = &f->slot[s];
		const struct xm_dominfo *di;

		if (sl->dom < 0 || live_of[sl->dom] < 0)
			continue;
		di = &l->dom[live_of[sl->dom]];
		if (sl->vcpu > di->max_vcpu_id) {
			add(d, sl->line, 0, "domain %s (domid %u) has no vcpu %"
			    PRIu32 " (its vcpus are 0 to %" PRIu32 ")",
			    f->dom[sl->dom].name, di->domid, sl->vcpu,
			    di->max_vcpu_id);
			fit = 1;
		}
	}
	if (fit)
		return SCHED_E_FIT;

	/* 4. the caller must keep a slot if it lives in this pool */
	{
		int cand[64];
		unsigned nc = 0;
		int has0 = 0;

		if (l->have_self)
			for (size_t j = 0; j < l->ndom; j++)
				if (!memcmp(l->dom[j].handle, l->self, 16) &&
				    nc < 64) {
					cand[nc++] = (int)j;
					if (l->dom[j].domid == 0)
						has0 = 1;
				}
		if (nc == 1) {
			p->caller = l->dom[cand[0]].domid;
		} else if (nc == 0 || has0) {
			/* unknown or shared with dom0: dom0 by default */
			p->caller = 0;
			p->caller_guessed = 1;
			nc = 0;
			if (live_by_domid(l, 0) >= 0)
				cand[nc++] = live_by_domid(l, 0);
		} else {
			p->caller_guessed = 1; /* all candidates checked */
			p->caller = l->dom[cand[0]].domid;
		}
		for (unsigned c = 0; c < nc; c++) {
			const struct xm_dominfo *di = &l->dom[cand[c]];
			int kept = 0;

			if (di->cpupool != pool)
				continue;
			for (unsigned s = 0; s < f->nslot; s++)
				if (f->slot[s].dom >= 0 &&
				    live_of[f->slot[s].dom] == cand[c])
					kept = 1;
			if (kept)
				continue;
			if (flags & SCHED_PLAN_FORCE) {
				add(d, 0, 1, "--force: domid %u runs xenmin "
				    "and gets no slot in cpupool %" PRIu32
				    ": it will not run again until another "
				    "domain changes the schedule", di->domid,
				    pool);
				continue;
			}
			add(d, 0, 0, "domid %u runs xenmin and is in cpupool %"
			    PRIu32 ", but the schedule gives it no slot: it "
			    "would never run again. Add a slot for it (e.g. "
			    "'domain dom%u domid %u' and 'slot dom%u 10ms'), "
			    "or use --force", di->domid, pool, di->domid,
			    di->domid, di->domid);
			caller_bad = 1;
		}
	}
	if (caller_bad)
		return SCHED_E_CALLER;

	/* 5. domains of the pool that get no slot: reported, not refused */
	for (size_t j = 0; j < l->ndom; j++) {
		int used = 0;

		if (l->dom[j].cpupool != pool || l->dom[j].domid == p->caller)
			continue; /* the caller was refused or warned above */
		for (unsigned i = 0; i < f->ndom; i++)
			if (live_of[i] == (int)j && f->dom[i].nslots)
				used = 1;
		if (!used && p->nidle < 64)
			p->idle[p->nidle++] = l->dom[j].domid;
	}

	/* 6. the payload, slot for slot in file order */
	p->payload.major_frame_ns = f->major_ns;
	p->payload.n = f->nslot;
	for (unsigned s = 0; s < f->nslot; s++) {
		struct xm_a653_entry *e = &p->payload.e[s];
		int k = live_of[f->slot[s].dom];

		memcpy(e->handle, fin[k], 16);
		e->vcpu = f->slot[s].vcpu;
		e->runtime_ns = f->slot[s].runtime_ns;
	}
	return SCHED_OK;
}

static void entry_str(const struct xm_a653_entry *e, char *buf, size_t len)
{
	char u[37], t[32];

	xm_uuid_fmt(e->handle, u);
	sched_fmt_time(e->runtime_ns, t, sizeof(t));
	xm_snprintf(buf, len, "uuid %s vcpu %" PRIu32 " %s", u, e->vcpu, t);
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
		add(d, 0, 0, "major_frame: expected %s, Xen has %s", a, b);
		diff = 1;
	}
	if (want->n != have->n) {
		add(d, 0, 0, "expected %u slots, Xen has %u", want->n, have->n);
		diff = 1;
	}
	for (unsigned i = 0; i < n && i < XM_A653_MAX_ENTRIES; i++) {
		const struct xm_a653_entry *w = i < want->n ? &want->e[i] : 0;
		const struct xm_a653_entry *h = i < have->n ? &have->e[i] : 0;

		if (w && h && !memcmp(w->handle, h->handle, 16) &&
		    w->vcpu == h->vcpu && w->runtime_ns == h->runtime_ns)
			continue;
		if (w)
			entry_str(w, x, sizeof(x));
		if (h)
			entry_str(h, y, sizeof(y));
		add(d, 0, 0, "slot %u: expected %s, Xen has %s", i + 1,
		    w ? x : "none", h ? y : "none");
		diff = 1;
	}
	return diff;
}
