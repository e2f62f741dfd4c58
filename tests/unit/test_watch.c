// SPDX-License-Identifier: MIT
/*
 * Unit tests of what domain wait, domain watch and dmesg stand on: the
 * states and the wait conditions (every condition against every state,
 * from a table written from the rules in domstate.h, not from the code),
 * seconds with decimals, UTC timestamps (against dates computed with
 * date(1)), binding global virqs over the fake (Xen's one binding per
 * virq, events pending at bind, scripted changes taken with the event),
 * and clearing Xen's console ring only up to what was read.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "domstate.h"
#include "runner.h"
#include "virq.h"
#include "xenmin.h"

#define SHUT(r) (XM_DOM_SHUTDOWN | (uint32_t)(r) << XM_DOM_SHUTDOWN_SHIFT)
#define LIVE 0xffff0000u /* a live domain's reason bits, as Xen sets them */

static void t_life_of_flags(void)
{
	CHECK(xm_life_of(0, XM_DOM_RUNNING) == XM_LIFE_GONE);
	CHECK(xm_life_of(1, LIVE) == XM_LIFE_RUNNING);
	CHECK(xm_life_of(1, LIVE | XM_DOM_RUNNING) == XM_LIFE_RUNNING);
	CHECK(xm_life_of(1, LIVE | XM_DOM_BLOCKED) == XM_LIFE_RUNNING);
	CHECK(xm_life_of(1, LIVE | XM_DOM_PAUSED | XM_DOM_BLOCKED) ==
	      XM_LIFE_PAUSED);
	CHECK(xm_life_of(1, SHUT(XM_SHUTDOWN_CRASH) | XM_DOM_PAUSED) ==
	      XM_LIFE_SHUTDOWN);
	CHECK(xm_life_of(1, SHUT(XM_SHUTDOWN_CRASH) | XM_DOM_DYING) ==
	      XM_LIFE_DYING);
	CHECK(xm_life_of(1, LIVE | XM_DOM_DYING) == XM_LIFE_DYING);
	/* r and b flicker; they make no change. The reason only when shut. */
	CHECK(xm_life_key(1, LIVE | XM_DOM_RUNNING) ==
	      xm_life_key(1, LIVE | XM_DOM_BLOCKED));
	CHECK(xm_life_key(1, SHUT(XM_SHUTDOWN_CRASH)) !=
	      xm_life_key(1, SHUT(XM_SHUTDOWN_POWEROFF)));
	CHECK(xm_life_key(1, LIVE) != xm_life_key(1, LIVE | XM_DOM_PAUSED));
	CHECK(!strcmp(xm_reason_name(XM_SHUTDOWN_SOFT_RESET), "soft_reset"));
	CHECK(!strcmp(xm_reason_name(6), "unknown"));
}

enum { N = XM_NOT_YET, M = XM_MET, V = XM_NEVER }; /* V: never */

/*
 * The rules, one row per state; columns exists, running, paused,
 * shutdown, crashed, gone.
 */
static const struct {
	const char *what;
	int listed, seen;
	uint32_t flags;
	unsigned char want[XM_COND_COUNT];
} rules[] = {
	{ "running", 1, 1, LIVE | XM_DOM_BLOCKED, { M, M, N, N, N, N } },
	{ "paused", 1, 1, LIVE | XM_DOM_PAUSED, { M, N, M, N, N, N } },
	{ "crashed", 1, 1, SHUT(XM_SHUTDOWN_CRASH), { M, V, V, M, M, N } },
	{ "poweroff", 1, 1, SHUT(XM_SHUTDOWN_POWEROFF), { M, V, V, M, V, N } },
	{ "watchdog", 1, 1, SHUT(XM_SHUTDOWN_WATCHDOG), { M, V, V, M, V, N } },
	{ "reboot", 1, 1, SHUT(XM_SHUTDOWN_REBOOT), { M, V, V, M, V, N } },
	/* Suspended and soft-reset domains can be resumed. */
	{ "suspend", 1, 1, SHUT(XM_SHUTDOWN_SUSPEND), { M, N, N, M, N, N } },
	{ "soft_reset", 1, 1, SHUT(XM_SHUTDOWN_SOFT_RESET),
	  { M, N, N, M, N, N } },
	{ "paused+crashed", 1, 1, SHUT(XM_SHUTDOWN_CRASH) | XM_DOM_PAUSED,
	  { M, V, V, M, M, N } },
	{ "dying", 1, 1, LIVE | XM_DOM_DYING, { N, V, V, V, V, N } },
	{ "dying after crash", 1, 1, SHUT(XM_SHUTDOWN_CRASH) | XM_DOM_DYING,
	  { N, V, V, V, V, N } },
	{ "gone, seen before", 0, 1, 0, { N, V, V, V, V, M } },
	{ "not created yet", 0, 0, 0, { N, N, N, N, N, M } },
};

static void t_cond_rules(void)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		for (int c = 0; c < XM_COND_COUNT; c++) {
			int got = xm_cond_check((enum xm_cond)c, rules[i].listed,
						rules[i].flags, rules[i].seen);

			if (got != rules[i].want[c])
				printf("state %s, --for %s: got %d, want %d\n",
				       rules[i].what, xm_cond_name(c), got,
				       rules[i].want[c]);
			CHECK(got == rules[i].want[c]);
		}
}

static void t_cond_names(void)
{
	static const char *const names[] = { "exists", "running", "paused",
					     "shutdown", "crashed", "gone" };

	for (int c = 0; c < XM_COND_COUNT; c++) {
		CHECK(xm_cond_parse(names[c]) == c);
		CHECK(!strcmp(xm_cond_name(c), names[c]));
	}
	CHECK(xm_cond_parse("") == -1);
	CHECK(xm_cond_parse("run") == -1);
	CHECK(xm_cond_parse("gonee") == -1);
	CHECK(xm_cond_parse("exists|running") == -1);
	CHECK(xm_cond_parse("dying") == -1);
}

static void t_parse_secs(void)
{
	uint64_t ms = 7;

	CHECK(xm_parse_secs("2", 5000, &ms) == 0 && ms == 2000);
	CHECK(xm_parse_secs("0", 5000, &ms) == 0 && ms == 0);
	CHECK(xm_parse_secs("0.25", 5000, &ms) == 0 && ms == 250);
	CHECK(xm_parse_secs("1.5", 5000, &ms) == 0 && ms == 1500);
	CHECK(xm_parse_secs("0.001", 5000, &ms) == 0 && ms == 1);
	CHECK(xm_parse_secs("005", 5000, &ms) == 0 && ms == 5000);
	ms = 7;
	CHECK(xm_parse_secs("5.001", 5000, &ms) == -ERANGE && ms == 7);
	CHECK(xm_parse_secs("0.0001", 5000, &ms) == -EINVAL);
	CHECK(xm_parse_secs(".5", 5000, &ms) == -EINVAL);
	CHECK(xm_parse_secs("1.", 5000, &ms) == -EINVAL);
	CHECK(xm_parse_secs("1..2", 5000, &ms) == -EINVAL);
	CHECK(xm_parse_secs("1.2.3", 5000, &ms) == -EINVAL);
	CHECK(xm_parse_secs("-1", 5000, &ms) == -EINVAL);
	CHECK(xm_parse_secs("1s", 5000, &ms) == -EINVAL);
	CHECK(xm_parse_secs("", 5000, &ms) == -EINVAL);
	CHECK(xm_parse_secs(NULL, 5000, &ms) == -EINVAL);
	CHECK(xm_parse_secs("99999999999999999999", UINT64_MAX, &ms) ==
	      -ERANGE);
	CHECK(xm_parse_secs("18446744073709552", UINT64_MAX, &ms) == -ERANGE);
	CHECK(xm_parse_secs("18446744073709550.999", UINT64_MAX, &ms) == 0 &&
	      ms == 18446744073709550999ull);
}

static void t_utc_fmt(void)
{
	/* Expected values from `date -u -d @SECONDS +%FT%T`. */
	static const struct {
		int64_t ms;
		const char *want;
	} v[] = {
		{ 0, "1970-01-01T00:00:00.000Z" },
		{ 951782400123, "2000-02-29T00:00:00.123Z" },
		{ 1796213999999, "2026-12-02T12:19:59.999Z" },
		{ 4107542400000, "2100-03-01T00:00:00.000Z" },
		{ -1, "1969-12-31T23:59:59.999Z" },
	};
	char buf[25];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		xm_utc_fmt(v[i].ms, buf);
		if (strcmp(buf, v[i].want))
			printf("%lld: got %s\n", (long long)v[i].ms, buf);
		CHECK(!strcmp(buf, v[i].want));
	}
}

static struct xm_xen X;

/* Xen keeps one binding per virq and domain: EEXIST for the next. */
static void t_virq_one_binding(void)
{
	struct xm_virq a, b;

	CHECK(xm_xen_open(&X, fx_transport()) == 0);
	CHECK(xm_virq_bind(&X, XM_VIRQ_DOM_EXC, &a) == 0 && a.fd >= 0);
	CHECK(xm_virq_bind(&X, XM_VIRQ_DOM_EXC, &b) == -EEXIST && b.fd == -1);
	xm_virq_close(&X, &a);
	CHECK(a.fd == -1);
	CHECK(xm_virq_bind(&X, XM_VIRQ_DOM_EXC, &b) == 0);
	xm_virq_close(&X, &b);
	xm_virq_close(&X, &b); /* harmless twice */
	fx.dom_exc_held = 1;   /* xenstored has it */
	CHECK(xm_virq_bind(&X, XM_VIRQ_DOM_EXC, &a) == -EEXIST);
	CHECK(xm_virq_bind(&X, XM_VIRQ_CON_RING, &a) == 0);
	xm_virq_close(&X, &a);
	fx.evtchn_err = ENOENT; /* no xen-evtchn module */
	CHECK(xm_virq_bind(&X, XM_VIRQ_CON_RING, &a) == -ENOENT);
	CHECK(!strcmp(xm_virq_name(XM_VIRQ_CON_RING), "VIRQ_CON_RING"));
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

/* A scripted change happens as the event that announces it is taken. */
static void t_virq_event_steps(void)
{
	struct fx_dom *d;
	struct xm_virq v;

	fx.step[0] = (struct fx_step){ .kind = FX_STEP_EVENT,
				       .line = "domain 2 shutdown crash" };
	fx.step[1] = (struct fx_step){ .kind = FX_STEP_EVENT,
				       .line = "gone 2" };
	fx.nstep = 2;
	CHECK(xm_xen_open(&X, fx_transport()) == 0);
	CHECK(xm_virq_bind(&X, XM_VIRQ_DOM_EXC, &v) == 0);
	CHECK(readable(v.fd));
	CHECK(fx_dom(2)->shutdown == 0);
	CHECK(xm_virq_ack(&X, &v) == 0);
	d = fx_dom(2);
	CHECK(d && d->shutdown == 1 + XM_SHUTDOWN_CRASH);
	CHECK(readable(v.fd));
	CHECK(xm_virq_ack(&X, &v) == 0);
	CHECK(!fx_dom(2) && fx.ndom == 2);
	CHECK(!readable(v.fd));
	xm_virq_close(&X, &v);
}

/* A list step happens before the Nth getdomaininfolist of the run. */
static void t_list_steps(void)
{
	struct xm_dominfo di;

	fx.step[0] = (struct fx_step){ .kind = FX_STEP_LIST, .n = 2,
				       .line = "domain 1 pause_count 3" };
	fx.nstep = 1;
	CHECK(xm_xen_open(&X, fx_transport()) == 0);
	CHECK(xm_domain_get(&X, 1, &di) == 0 && !(di.flags & XM_DOM_PAUSED));
	CHECK(xm_domain_get(&X, 1, &di) == 0 && (di.flags & XM_DOM_PAUSED));
	CHECK(fx.step[0].done);
}

static char out[512];
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

/* dmesg --clear: up to what was read, never what Xen wrote after. */
static void t_clear_up_to_read(void)
{
	struct xm_follow f;
	uint64_t lost = 0;
	uint32_t end;

	fx_con_write("(XEN) one\n(XEN) two\n", 20);
	CHECK(xm_xen_open(&X, fx_transport()) == 0);
	CHECK(xm_follow_open(&f, &X, -1, 0) == 0);
	CHECK(xm_follow_poll(&f, sink, NULL, &lost) == 0);
	CHECK(!strcmp(out, "(XEN) one\n(XEN) two\n"));
	end = f.index;
	fx_con_write("(XEN) three\n", 12); /* after the read */
	CHECK(xm_clearconsole(&X, f.b.p, end) == 0);
	CHECK(fx.conc == end && fx.conp == end + 12);
	/* An index Xen no longer holds clears nothing. */
	CHECK(xm_clearconsole(&X, f.b.p, end - 30) == 0 && fx.conc == end);
	xm_follow_close(&f);
	CHECK(fx.live_bufs == 0);
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_life_of_flags),
	XM_TEST(t_cond_rules),
	XM_TEST(t_cond_names),
	XM_TEST(t_parse_secs),
	XM_TEST(t_utc_fmt),
	XM_TEST(t_virq_one_binding),
	XM_TEST(t_virq_event_steps),
	XM_TEST(t_list_steps),
	XM_TEST(t_clear_up_to_read),
	{ NULL, NULL },
};
