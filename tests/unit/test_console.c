// SPDX-License-Identifier: MIT
/*
 * Unit tests of the console engines over the fake hypervisor: which domain
 * a Xen console line belongs to, the follower's filtering, starting point,
 * partial and overlong lines, loss accounting when Xen's ring wraps, and
 * that following never moves the ring's shared start (no clear).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "runner.h"
#include "xenmin.h"

static struct xm_xen X;

static char out[8192];
static size_t outlen;

static int sink(void *arg, const char *s, size_t n)
{
	(void)arg;
	if (outlen + n >= sizeof(out))
		return -ENOSPC;
	memcpy(out + outlen, s, n);
	outlen += n;
	out[outlen] = '\0';
	return 0;
}

/* Open Xen over the fake, with the output buffer emptied. */
static int xm_open_ok(struct xm_xen *x)
{
	outlen = 0;
	out[0] = '\0';
	return xm_xen_open(x, fx_transport()) == 0;
}

static void con(const char *s)
{
	fx_con_write(s, strlen(s));
}

static void t_line_tags(void)
{
	size_t t = 99;
	const char *s;

	s = "(XEN) [    0.425106] DOM2: HELLO";
	CHECK(xm_conline_dom(s, strlen(s), &t) == 2 && !strcmp(s + t, "HELLO"));
	s = "(XEN) DOM12: x y";
	CHECK(xm_conline_dom(s, strlen(s), &t) == 12 && !strcmp(s + t, "x y"));
	s = "(d3) [2026-01-01 10:00:00] hyper";
	CHECK(xm_conline_dom(s, strlen(s), &t) == 3 && !strcmp(s + t, "hyper"));
	s = "(d7) plain";
	CHECK(xm_conline_dom(s, strlen(s), &t) == 7 && !strcmp(s + t, "plain"));
	/* Xen's own lines, focused-domain output, and near misses. */
	s = "(XEN) [    0.1] HELLO-FROM-TINY-DOMU";
	CHECK(xm_conline_dom(s, strlen(s), &t) == -1);
	s = "(XEN) DOM: x";
	CHECK(xm_conline_dom(s, strlen(s), &t) == -1);
	s = "(XEN) DOM1x: x";
	CHECK(xm_conline_dom(s, strlen(s), &t) == -1);
	s = "DOM1: not from Xen";
	CHECK(xm_conline_dom(s, strlen(s), &t) == -1);
	s = "(d) x";
	CHECK(xm_conline_dom(s, strlen(s), &t) == -1);
	s = "(XEN) DOM99999: too big";
	CHECK(xm_conline_dom(s, strlen(s), &t) == -1);
	/* Not NUL-terminated: only @n bytes count. */
	CHECK(xm_conline_dom("(d1) ", 3, &t) == -1);
}

static void t_follow_filters_one_domain(void)
{
	struct xm_follow f;
	uint64_t lost = 0;

	con("(XEN) boot\n(XEN) [ 1.0] DOM1: a1\n(XEN) [ 1.0] DOM2: b1\n"
	    "(d1) hc1\n(d2) hc2\n");
	CHECK(xm_open_ok(&X));
	CHECK(xm_follow_open(&f, &X, 1, 0) == 0);
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == 0);
	CHECK(!strcmp(out, "a1\nhc1\n"));
	/* A line split across two reads is shown once, whole. */
	con("(XEN) [ 2.0] DOM1: pa");
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == 0);
	CHECK(!strcmp(out, "a1\nhc1\n"));
	con("rt\r\n(XEN) DOM2: b2\n");
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == 0);
	CHECK(!strcmp(out, "a1\nhc1\npart\n"));
	CHECK(lost == 0);
	xm_follow_close(&f);
	CHECK(fx.live_bufs == 0);
}

static void t_follow_new_skips_history(void)
{
	struct xm_follow f;
	uint64_t lost = 0;

	con("(XEN) DOM1: old\n");
	CHECK(xm_open_ok(&X));
	CHECK(xm_follow_open(&f, &X, 1, 1) == 0);
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == 0);
	CHECK(outlen == 0);
	con("(XEN) DOM1: new\n");
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == 0);
	CHECK(!strcmp(out, "new\n"));
	xm_follow_close(&f);
}

static void t_follow_all_raw(void)
{
	struct xm_follow f;
	uint64_t lost = 0;

	con("(XEN) x\n(XEN) DOM1: y\npartial");
	CHECK(xm_open_ok(&X));
	CHECK(xm_follow_open(&f, &X, -1, 0) == 0);
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == 0);
	CHECK(!strcmp(out, "(XEN) x\n(XEN) DOM1: y\npartial"));
	xm_follow_close(&f);
}

static void t_follow_reports_loss_never_clears(void)
{
	struct xm_follow f;
	uint64_t lost = 0;
	uint32_t oldest;

	fx.conring_size = 64;
	con("(XEN) DOM1: 1\n");
	CHECK(xm_open_ok(&X));
	CHECK(xm_follow_open(&f, &X, 1, 0) == 0);
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == 0);
	CHECK(lost == 0 && !strcmp(out, "1\n"));
	/* 100 bytes while we sleep: 36 of them are overwritten unread. */
	for (int i = 0; i < 10; i++)
		con("(d2) abcd");
	con("\n(XEN) DOM1: 2\n");
	CHECK(fx.conp - f.index > 64);
	oldest = fx.conc;
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == 0);
	CHECK(lost == fx.conc - 14);
	CHECK(strstr(out, "2\n") != NULL);
	/* The shared start is Xen's business alone: we never cleared it. */
	CHECK(fx.conc == oldest);
	CHECK(fx_count(XM_HC_sysctl, XM_SYSCTL_readconsole) >= 2);
	xm_follow_close(&f);
}

static void t_follow_history_start_is_not_loss(void)
{
	struct xm_follow f;
	uint64_t lost = 0;

	fx.conring_size = 32;
	con("(XEN) DOM1: first line that falls off the ring\n(XEN) DOM1: z\n");
	CHECK(fx.conc > 0);
	CHECK(xm_open_ok(&X));
	CHECK(xm_follow_open(&f, &X, 1, 0) == 0);
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == 0);
	CHECK(lost == 0);
	CHECK(!strcmp(out, "z\n"));
	xm_follow_close(&f);
}

static void t_follow_overlong_line(void)
{
	struct xm_follow f;
	uint64_t lost = 0;
	char big[1400];

	memset(big, 'x', sizeof(big));
	memcpy(big, "(XEN) DOM1: ", 12);
	big[sizeof(big) - 1] = '\n';
	fx_con_write(big, sizeof(big));
	con("(XEN) DOM2: other\n");
	CHECK(xm_open_ok(&X));
	CHECK(xm_follow_open(&f, &X, 1, 0) == 0);
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == 0);
	/* Every x of the one long line, and nothing of domain 2. */
	CHECK(outlen == sizeof(big) - 12);
	CHECK(strchr(out, 'o') == NULL);
	xm_follow_close(&f);
}

static void t_follow_errors(void)
{
	struct xm_follow f;
	uint64_t lost = 0;

	CHECK(xm_open_ok(&X));
	fx.sysctl_absent = 1;
	CHECK(xm_follow_open(&f, &X, 1, 1) == -ENOSYS);
	CHECK(fx.live_bufs == 0);
	fx.sysctl_absent = 0;
	CHECK(xm_follow_open(&f, &X, 1, 0) == 0);
	fx_add_fail(XM_HC_sysctl, XM_SYSCTL_readconsole, EPERM, 0);
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == -EPERM);
	xm_follow_close(&f);
	CHECK(fx.live_bufs == 0);
}

static void add_console(uint16_t domid, int kind, uint64_t frame,
			uint32_t port, int bound)
{
	struct fx_dom *d = fx_dom(domid);

	d->con_kind = kind;
	d->con_frame = frame;
	d->con_port = port;
	d->con_bound = bound;
}

static void t_ring_find(void)
{
	struct xm_ring_loc l;

	CHECK(xm_open_ok(&X));
	/* A dom0less domU: params read 0, so no ring (follow mode). */
	CHECK(xm_ring_find(&X, 1, &l) == -ENOENT);
	add_console(1, 1, 0x39000, 3, 0);
	CHECK(xm_ring_find(&X, 1, &l) == 0);
	CHECK(l.via == XM_RING_HVM_PARAM && l.frame == 0x39000 && l.port == 3);
	add_console(1, 1, 0x39000, 3, 1);
	CHECK(xm_ring_find(&X, 1, &l) == -EBUSY && l.peer == 0);
	/* x86 PV: HVM params refused; grant entry 0 and the free port. */
	add_console(2, 2, 0x1234, 5, 0);
	CHECK(xm_ring_find(&X, 2, &l) == 0);
	CHECK(l.via == XM_RING_GRANT0 && l.frame == 0x1234 && l.port == 5);
	add_console(2, 2, 0x1234, 5, 1);
	CHECK(xm_ring_find(&X, 2, &l) == -EBUSY);
	/* An x86 PV guest whose grant entry 0 holds no frame. */
	add_console(2, 2, 0, 5, 0);
	CHECK(xm_ring_find(&X, 2, &l) == -ENXIO);
	CHECK(xm_errexit(XM_W_CONSOLE, ENXIO) == XM_EXIT_REFUSED);
	CHECK(fx.live_bufs == 0);
	CHECK(xm_ring_find(&X, 9, &l) == -ESRCH);
}

static void t_ring_both_ways(void)
{
	struct xm_ring_loc l;
	struct xm_ring r, r2;
	struct fx_dom *d;

	add_console(1, 1, 0x39000, 3, 0);
	CHECK(xm_open_ok(&X));
	CHECK(xm_ring_find(&X, 1, &l) == 0);
	CHECK(xm_ring_open(&r, &X, 1, &l) == 0);
	d = fx_dom(1);
	CHECK(d->con_bound && d->ring[XM_CONS_CONNECTION_OFF] == XM_CONS_CONNECTED);
	/* A second client is refused while we hold the port. */
	CHECK(xm_ring_open(&r2, &X, 1, &l) == -EBUSY);
	CHECK(xm_ring_drain(&r, sink, NULL) == 0);
	CHECK(!strcmp(out, "FAKE-CONSOLE-BANNER\r\n"));
	CHECK(xm_ring_put(&r, "echo hi\r", 8) == 8);
	CHECK(xm_ring_ack(&r) == 0);
	CHECK(xm_ring_drain(&r, sink, NULL) == 0);
	CHECK(strstr(out, "GOT:echo hi\r\n") != NULL);
	xm_ring_close(&r);
	/* Left as found: unbound for the next client, flag restored. */
	CHECK(!d->con_bound && d->ring[XM_CONS_CONNECTION_OFF] == XM_CONS_DISCONNECTED);
	CHECK(fx.live_bufs == 0);
	CHECK(xm_ring_open(&r, &X, 1, &l) == 0);
	xm_ring_close(&r);
}

static void t_ring_full_and_corrupt(void)
{
	struct xm_ring_loc l;
	struct xm_ring r;
	char big[1500];
	uint32_t *in_prod;

	add_console(1, 1, 0x39000, 3, 0);
	CHECK(xm_open_ok(&X));
	CHECK(xm_ring_find(&X, 1, &l) == 0);
	CHECK(xm_ring_open(&r, &X, 1, &l) == 0);
	/* The input ring holds 1024 bytes: the rest waits for room. */
	memset(big, 'a', sizeof(big));
	CHECK(xm_ring_put(&r, big, sizeof(big)) == 1024);
	in_prod = (uint32_t *)(fx_dom(1)->ring + 3076);
	*in_prod += 5000; /* a guest scribbling over its indexes */
	CHECK(xm_ring_put(&r, "x", 1) == -EPROTO);
	*(uint32_t *)(fx_dom(1)->ring + 3084) += 9999;
	CHECK(xm_ring_drain(&r, sink, NULL) == -EPROTO);
	xm_ring_close(&r);
	CHECK(fx.live_bufs == 0);
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_line_tags),
	XM_TEST(t_follow_filters_one_domain),
	XM_TEST(t_follow_new_skips_history),
	XM_TEST(t_follow_all_raw),
	XM_TEST(t_follow_reports_loss_never_clears),
	XM_TEST(t_follow_history_start_is_not_loss),
	XM_TEST(t_follow_overlong_line),
	XM_TEST(t_follow_errors),
	XM_TEST(t_ring_find),
	XM_TEST(t_ring_both_ways),
	XM_TEST(t_ring_full_and_corrupt),
	{ NULL, NULL },
};
