// SPDX-License-Identifier: MIT
/*
 * The XSM policy in force (see xsm.h): FLASK's own xsm_op first, then the
 * build's .config, then Xen's boot messages in its console ring, read
 * from the oldest byte it still holds without clearing anything.
 */
#include <errno.h>
#include <string.h>

#include "domstate.h"
#include "hypbuf.h"
#include "parse.h"
#include "xsm.h"

/* FLASK_GETENFORCE: 0 or 1 from FLASK; -ENOSYS from every other policy. */
static long flask_getenforce(struct xm_xen *x)
{
	struct xm_hbuf b;
	struct xm_flask_op *op;
	uint64_t a[5] = { 0 };
	long r;
	int e = xm_hbuf_alloc(x->t, sizeof(*op), &b);

	if (e)
		return e;
	op = b.p;
	op->cmd = XM_FLASK_GETENFORCE;
	op->interface_version = XM_FLASK_INTERFACE_VERSION;
	a[0] = (uintptr_t)b.p;
	r = xm_hypercall(x, XM_HC_xsm_op, a, "xsm_op", "flask_getenforce", -1,
			 0);
	xm_hbuf_free(x->t, &b);
	return r;
}

/* What the boot messages still in Xen's console ring show. */
#define SEEN_BOOT 1u /* the banner: the ring still holds the boot's start */
#define SEEN_XSM 2u  /* XSM came up (CONFIG_XSM) */
#define SEEN_SILO 4u /* ... in SILO mode */

/* Longer than every needle: a match across two reads is still found. */
#define KEEP 32u
/* Three pages of hypercall memory with KEEP bytes in front. */
#define CHUNK (3u * XM_PAGE_SIZE - KEEP)

/* Is @s in @p[@n]? (Short needles: musl's memmem costs 1.2 KiB.) */
static int has(const char *p, size_t n, const char *s)
{
	size_t k = strlen(s);

	for (const char *q = p; (size_t)(q - p) + k <= n; q++) {
		q = xm_memchr(q, s[0], n - (size_t)(q - p));
		if (!q || (size_t)(q - p) + k > n)
			return 0;
		if (!memcmp(q, s, k))
			return 1;
	}
	return 0;
}

static unsigned find_lines(const char *p, size_t n)
{
	/* the needles of SEEN_BOOT, SEEN_XSM, SEEN_SILO: bit i, needle i */
	const char *s = "Xen version \0XSM Framework v\0"
			"Initialising XSM SILO mode";
	unsigned seen = 0;

	_Static_assert(SEEN_BOOT == 1 && SEEN_XSM == 2 && SEEN_SILO == 4,
		       "bit i is needle i");
	for (unsigned bit = 1; bit <= SEEN_SILO; bit <<= 1, s += strlen(s) + 1)
		if (has(p, n, s))
			seen |= bit;
	return seen;
}

static int boot_log(struct xm_xen *x, unsigned *seen)
{
	struct xm_hbuf b;
	uint32_t index = 0, n = 0;
	int r = xm_hbuf_alloc(x->t, KEEP + CHUNK, &b);
	char *w = b.p;

	if (r)
		return r;
	*seen = 0;
	/* Bounded: Xen may write as fast as xenmin reads. */
	for (int i = 0; i < 64; i++) {
		/* The window: the last KEEP bytes before, then this read. */
		memmove(w, w + n, KEEP);
		r = xm_readconsole(x, w + KEEP, CHUNK, &index, &n);
		if (r)
			break;
		*seen |= find_lines(w, KEEP + n);
		if (n < CHUNK)
			break;
	}
	xm_hbuf_free(x->t, &b);
	return r;
}

/* Not FLASK: SILO or the dummy, from the boot messages or the build. */
static void not_flask(struct xm_xen *x, const struct xm_caps *caps,
		      struct xm_xsm *out)
{
	unsigned seen = 0;

	if (caps && !xm_cap_has(caps, XM_CAP_XSM_SILO)) {
		out->policy = XM_XSM_DUMMY;
		out->from = "FLASK does not answer, and SILO is not built in";
		return;
	}
	if (!boot_log(x, &seen) && (seen & (SEEN_BOOT | SEEN_XSM))) {
		out->policy = seen & SEEN_SILO ? XM_XSM_SILO : XM_XSM_DUMMY;
		out->from = seen & SEEN_SILO ?
			"Xen's boot messages (\"Initialising XSM SILO mode\")" :
			seen & SEEN_XSM ?
			"Xen's boot messages (XSM up, in neither SILO nor FLASK mode)" :
			"Xen's boot messages (no XSM framework: built without it)";
		return;
	}
	if (caps) {
		/* FLASK the default yet silent: its start failed, the dummy. */
		out->policy = xm_cap_has(caps, XM_CAP_XSM_SILO_DEFAULT) ?
				      XM_XSM_SILO : XM_XSM_DUMMY;
		out->from = "the build's default: Xen's console ring no longer "
			    "holds its boot messages, and xsm= on Xen's command "
			    "line could have chosen another";
		return;
	}
	out->policy = XM_XSM_UNKNOWN;
	out->from = "FLASK does not answer; no .config in hypfs, and Xen's "
		    "console ring no longer holds its boot messages";
}

void xm_xsm_policy(struct xm_xen *x, const struct xm_caps *caps,
		   struct xm_xsm *out)
{
	long r;

	out->enforcing = -1;
	if (caps && !xm_cap_has(caps, XM_CAP_XSM)) {
		out->policy = XM_XSM_DUMMY;
		out->from = "Xen is built without XSM (the dummy policy's rules)";
		return;
	}
	r = flask_getenforce(x);
	if (r >= 0) {
		out->policy = XM_XSM_FLASK;
		out->enforcing = r != 0;
		out->from = "FLASK answers its xsm_op (FLASK_GETENFORCE)";
	} else if (r == -EPERM || r == -EACCES) {
		/* Only FLASK answers at all: it refused this domain. */
		out->policy = XM_XSM_FLASK;
		out->from = "FLASK answers its xsm_op, refusing FLASK_GETENFORCE "
			    "to this domain";
	} else if (r == -ENOSYS) {
		not_flask(x, caps, out);
	} else {
		out->policy = XM_XSM_UNKNOWN;
		out->from = "Xen's xsm_op failed";
	}
}

const char *xm_xsm_name(enum xm_xsm_policy p)
{
	return xm_nth("unknown\0dummy\0silo\0flask",
		      p <= XM_XSM_FLASK ? p : XM_XSM_UNKNOWN);
}
