// SPDX-License-Identifier: MIT
/*
 * Fuzzing the domains file (issue 12's names, issue 16's guards): the
 * input is parsed as a domains file, by the schedule parser's domains
 * mode. Whatever it is, the parser must stay in bounds (the input is
 * copied to a buffer of its own size, so a read past its end is an ASan
 * report) and count its messages consistently. When it accepts the file,
 * every name must be found as itself, and bound against a live system
 * made to fit it (each declared domain exists with its domid, else the
 * next free one, and its UUID) every name must bind to that domain, by
 * UUID or domid, and be the name xm_names_of gives back for its domid.
 */
#include <string.h>

#include "fuzz.h"
#include "names.h"
#include "sched.h"
#include "sched_diag.h"

static struct sched_file f;
static struct sched_diag d;
static struct xm_dominfo dom[SCHED_MAX_DOMS];
static struct xm_binding b[SCHED_MAX_DOMS];

/* Domids for the file's domains: their own, else unused ones; -1 if two share one. */
static int fit(void)
{
	uint8_t used[65536 / 8] = { 0 };
	uint16_t next = 1;

	for (unsigned i = 0; i < f.ndom; i++) {
		if (!f.dom[i].has_domid)
			continue;
		if (used[f.dom[i].domid / 8] & (1u << (f.dom[i].domid % 8)))
			return -1;
		used[f.dom[i].domid / 8] |= (uint8_t)(1u << (f.dom[i].domid % 8));
	}
	memset(dom, 0, sizeof(dom));
	for (unsigned i = 0; i < f.ndom; i++) {
		uint16_t id = f.dom[i].domid;

		if (!f.dom[i].has_domid) {
			while (used[next / 8] & (1u << (next % 8)))
				next++;
			id = next;
			used[id / 8] |= (uint8_t)(1u << (id % 8));
		}
		dom[i].domid = id;
		if (f.dom[i].has_uuid) {
			memcpy(dom[i].handle, f.dom[i].uuid, 16);
		} else {
			/* a UUID of its own, which no file UUID is likely to be */
			dom[i].handle[0] = 0xfe;
			dom[i].handle[15] = (uint8_t)(i + 1);
		}
	}
	/* Two names with one UUID would make each other ambiguous. */
	for (unsigned i = 0; i < f.ndom; i++)
		for (unsigned j = i + 1; j < f.ndom; j++)
			if (!memcmp(dom[i].handle, dom[j].handle, 16))
				return -1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size ? size : 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	sched_diag_init(&d);
	memset(&f, 0, sizeof(f));
	int r = sched_parse_domains(text, size, &f, &d);

	free(text);
	FUZZ_CHECK((r == 0) == (d.nerr == 0));
	FUZZ_CHECK(f.ndom <= SCHED_MAX_DOMS);
	if (r != 0)
		return 0;
	for (unsigned i = 0; i < f.ndom; i++)
		FUZZ_CHECK(xm_names_find(&f, f.dom[i].name) == (int)i);
	if (fit() < 0)
		return 0;
	xm_names_bind(&f, dom, f.ndom, b);
	for (unsigned i = 0; i < f.ndom; i++) {
		FUZZ_CHECK(b[i].how == XM_BIND_UUID || b[i].how == XM_BIND_DOMID);
		FUZZ_CHECK(b[i].domid == dom[i].domid);
		FUZZ_CHECK(xm_names_of(&f, b, dom[i].domid) == (int)i);
	}
	return 0;
}
