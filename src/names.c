// SPDX-License-Identifier: MIT
/*
 * Which live domain each name of a domains file means, and which domain
 * runs xenmin (names.h has the rules). Pure: snapshots in, bindings out.
 */
#include <string.h>

#include "names.h"

static const uint8_t zero_uuid[16];

int xm_names_find(const struct sched_file *f, const char *name)
{
	for (unsigned i = 0; i < f->ndom; i++)
		if (!f->dom[i].bad && !strcmp(f->dom[i].name, name))
			return (int)i;
	return -1;
}

/* One name on its own; TAKEN is decided once all are bound. */
static void bind_one(const struct sched_dom *dm, const struct xm_dominfo *dom,
		     size_t n, struct xm_binding *b)
{
	const struct xm_dominfo *at, *hit = NULL;
	unsigned nhit = 0;

	memset(b, 0, sizeof(*b));
	b->domid = -1;
	b->other = -1;
	at = dm->has_domid ? xm_dominfo_find(dom, n, dm->domid) : NULL;
	for (size_t i = 0; dm->has_uuid && i < n; i++)
		if (!memcmp(dom[i].handle, dm->uuid, 16)) {
			/* of several, the domid (if given) says which */
			if (!hit || &dom[i] == at)
				hit = &dom[i];
			nhit++;
		}
	if (nhit == 1 || (nhit > 1 && hit == at)) {
		b->how = XM_BIND_UUID;
		b->domid = hit->domid;
	} else if (nhit > 1) {
		b->how = XM_BIND_SHARED;
		b->nshared = nhit;
	} else if (at && (!dm->has_uuid || !memcmp(at->handle, zero_uuid, 16))) {
		b->how = XM_BIND_DOMID;
		b->domid = at->domid;
	} else if (at) {
		b->how = XM_BIND_OTHER;
		memcpy(b->found, at->handle, 16);
	} else {
		b->how = XM_BIND_NONE;
	}
}

void xm_names_bind(const struct sched_file *f, const struct xm_dominfo *dom,
		   size_t n, struct xm_binding *b)
{
	for (unsigned i = 0; i < f->ndom; i++)
		bind_one(&f->dom[i], dom, n, &b[i]);
	/* A UUID names its domain; a domid that reaches it too loses. */
	for (unsigned i = 0; i < f->ndom; i++) {
		if (b[i].how != XM_BIND_DOMID)
			continue;
		for (unsigned j = 0; j < f->ndom; j++)
			if (b[j].how == XM_BIND_UUID &&
			    b[j].domid == b[i].domid) {
				b[i].how = XM_BIND_TAKEN;
				b[i].other = (int)j;
				b[i].domid = -1;
				break;
			}
	}
}

int xm_names_of(const struct sched_file *f, const struct xm_binding *b,
		uint16_t domid)
{
	for (unsigned i = 0; i < f->ndom; i++)
		if (b[i].domid == (int)domid)
			return (int)i;
	return -1;
}

int xm_self_domid(const uint8_t self[16], const struct xm_dominfo *dom,
		  size_t n, int *guessed)
{
	int found = -1;
	unsigned nhit = 0, zero = 0;

	*guessed = 0;
	for (size_t i = 0; i < n; i++)
		if (!memcmp(dom[i].handle, self, 16)) {
			found = dom[i].domid;
			zero |= dom[i].domid == 0;
			nhit++;
		}
	if (nhit <= 1)
		return found;
	if (!zero)
		return -1;
	*guessed = 1;
	return 0;
}
