// SPDX-License-Identifier: MIT
/*
 * Unit tests of the ARINC 653 schedule logic: time parsing and printing,
 * the parser's accepted syntax and its diagnostics (table-driven: input
 * paired with the expected first "line:col: kind: message"), the 64-slot
 * limit, and the planner against the fake hypervisor's live system: domain
 * resolution, UUID changes and the shared-UUID rule, the derived UUIDs,
 * pool and scheduler checks, the caller's own slot, vCPU checks, the
 * schedule comparison used for read-back and diff, and the set transaction
 * (sched_apply) with a failure injected at each of its steps: the step it
 * stops at, the error, and what it undid, checked against the fake's state.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "sched_apply.h"
#include "xenmin.h"

static struct sched_file F;
static struct sched_diag D;

static int parse(const char *s)
{
	sched_diag_init(&D);
	return sched_parse(s, strlen(s), &F, &D);
}

/* "line:col: error: text" of message @i */
static const char *msg(unsigned i)
{
	static char b[SCHED_MSG_MAX + 40];

	if (i >= D.n)
		return "";
	snprintf(b, sizeof(b), "%u:%u: %s: %s", D.m[i].line, D.m[i].col,
		 D.m[i].warn ? "warning" : "error", D.m[i].text);
	return b;
}

static void t_time(void)
{
	uint64_t ns;
	char b[32];

	CHECK(sched_parse_time("40ms", 4, &ns) == 0 && ns == 40000000);
	CHECK(sched_parse_time("1.5ms", 5, &ns) == 0 && ns == 1500000);
	CHECK(sched_parse_time("250us", 5, &ns) == 0 && ns == 250000);
	CHECK(sched_parse_time("250\xc2\xb5s", 6, &ns) == 0 && ns == 250000);
	CHECK(sched_parse_time("2s", 2, &ns) == 0 && ns == 2000000000);
	CHECK(sched_parse_time("0.000000001s", 12, &ns) == 0 && ns == 1);
	CHECK(sched_parse_time("7ns", 3, &ns) == 0 && ns == 7);
	CHECK(sched_parse_time("1.5ns", 5, &ns) == -EDOM);
	CHECK(sched_parse_time("40", 2, &ns) == -EINVAL);
	CHECK(sched_parse_time("ms", 2, &ns) == -EINVAL);
	CHECK(sched_parse_time("1.ms", 4, &ns) == -EINVAL);
	CHECK(sched_parse_time("4sec", 4, &ns) == -EINVAL);
	/* a unit is the whole rest: not a prefix, not one with a NUL after */
	CHECK(sched_parse_time("8us\0", 4, &ns) == -EINVAL);
	CHECK(sched_parse_time("8m", 2, &ns) == -EINVAL);
	CHECK(sched_parse_time("8\xc2\xb5", 3, &ns) == -EINVAL);
	CHECK(sched_parse_time("8\xb5s", 3, &ns) == -EINVAL);
	CHECK(sched_parse_time("9223372036854775807ns", 21, &ns) == 0 &&
	      ns == 9223372036854775807ull);
	CHECK(sched_parse_time("9223372036854775808ns", 21, &ns) == -ERANGE);
	CHECK(sched_parse_time("18446744073709551616ns", 22, &ns) == -ERANGE);
	CHECK(sched_parse_time("10000000000s", 12, &ns) == -ERANGE);
	sched_fmt_time(40000000, b, sizeof(b));
	CHECK(!strcmp(b, "40ms"));
	sched_fmt_time(1500000, b, sizeof(b));
	CHECK(!strcmp(b, "1500us"));
	sched_fmt_time(3000000000ull, b, sizeof(b));
	CHECK(!strcmp(b, "3s"));
	sched_fmt_time(7, b, sizeof(b));
	CHECK(!strcmp(b, "7ns"));
	sched_fmt_time(0, b, sizeof(b));
	CHECK(!strcmp(b, "0ns"));
}

static void t_parse_example(void)
{
	static const char *s =
		"# the example of issue 4\n"
		"cpupool 1\n"
		"major_frame 100ms\n"
		"domain nav      domid 1  uuid 6e617600-0000-4000-8000-000000000001\n"
		"domain display  domid 2\n"
		"slot nav      40ms\n"
		"slot display  vcpu 0 30ms\n"
		"\tslot nav 20ms     # 10 ms idle\r\n";

	CHECK(parse(s) == 0);
	CHECK(D.n == 0);
	CHECK(F.pool == 1 && F.major_ns == 100000000);
	CHECK(F.sum_ns == 90000000);
	CHECK(F.ndom == 2 && F.nslot == 3);
	CHECK(F.dom[0].has_domid && F.dom[0].domid == 1 && F.dom[0].has_uuid);
	CHECK(F.dom[0].uuid[0] == 0x6e && F.dom[0].uuid[15] == 1);
	CHECK(!F.dom[1].has_uuid && F.dom[0].nslots == 2);
	CHECK(F.slot[2].dom == 0 && F.slot[2].runtime_ns == 20000000);
	CHECK(F.slot[1].dom == 1 && F.slot[1].line == 7);
}

static void t_parse_default_major(void)
{
	CHECK(parse("cpupool 0\ndomain a uuid 6e617600-0000-4000-8000-000000000001\n"
		    "slot a 1ms\nslot a 2ms\n") == 0);
	CHECK(F.major_ns == 3000000);
	/* declared after use is fine */
	CHECK(parse("cpupool 0\nslot a 1ms\ndomain a domid 0\n") == 0);
}

struct bad {
	const char *in;
	const char *first; /* the first message, exactly */
};

static const struct bad bads[] = {
	{ "cpupool 0\ncpupool 1\ndomain a domid 0\nslot a 1ms\n",
	  "2:1: error: cpupool given twice (first at line 1)" },
	{ "cpupool 0\nmajor_frame 1ms\nmajor_frame 2ms\ndomain a domid 0\nslot a 1ms\n",
	  "3:1: error: major_frame given twice (first at line 2)" },
	{ "cpupool 0\nmajor_frame 10\ndomain a domid 0\nslot a 1ms\n",
	  "2:13: error: time 10 has no unit (write it with ns, us, ms or s, e.g. 10ms)" },
	{ "cpupool 0\nmajor_frame 0ms\ndomain a domid 0\nslot a 1ms\n",
	  "2:13: error: major_frame must be longer than 0" },
	{ "cpupool 0\nmajor_frame 1ms\ndomain a domid 0\nslot a 1ms\nslot a 1ns\n",
	  "2:13: error: the slots add up to 1000001ns, more than the major_frame of 1ms" },
	{ "cpupool 0\ndomain a domid 0\nslot a 0ms\n",
	  "3:8: error: a slot must be longer than 0" },
	{ "cpupool x\ndomain a domid 0\nslot a 1ms\n",
	  "1:9: error: 'x' is not a cpupool id (a number from 0 to 4294967294)" },
	{ "cpupool 0\ndomain a domid 0x1\nslot a 1ms\n",
	  "2:16: error: '0x1' is not a domid (a number from 0 to 32751)" },
	{ "cpupool 0\ndomain a domid 0\nslot b 1ms\nslot a 1ms\n",
	  "3:6: error: domain 'b' is not declared (add a line 'domain b domid N')" },
	{ "cpupool 0\ndomain a domid 0\ndomain a domid 1\nslot a 1ms\n",
	  "3:8: error: domain a declared twice (first at line 2)" },
	{ "cpupool 0\ndomain a domid 0\ndomain b domid 0\nslot a 1ms\nslot b 1ms\n",
	  "3:16: error: domid 0 is already domain a (line 2)" },
	{ "cpupool 0\ndomain a\nslot a 1ms\n",
	  "2:8: error: domain a needs a domid, a uuid, or both (Xen's schedule names domains by UUID)" },
	{ "cpupool 0\ndomin a domid 0\n",
	  "1:1: error: no slots: a schedule needs 1 to 64 'slot' lines" },
	{ "domain a domid 0\nslot a 1ms\n",
	  "1:1: error: no cpupool line: say which pool this schedule is for (e.g. cpupool 0)" },
	{ "cpupool 0\ndomain a domid 0\nslot a 4sec\n",
	  "3:9: error: unknown time unit 'sec' (use ns, us, ms or s)" },
	{ "cpupool 0\ndomain a domid 0\nslot a 1ms extra\n",
	  "3:12: error: unexpected 'extra' after the slot's time" },
	{ "cpupool 0\ndomain a domid 0\nslot a vcpu x 1ms\n",
	  "3:13: error: 'x' is not a vcpu number" },
	{ "cpupool 0\ndomain a domid 0\nslot a 50us\n",
	  "3:8: warning: slot of 50us is shorter than 100us (scheduling overhead takes much of it)" },
	{ "cpupool 0\ndomain a domid 0\ndomain b domid 1\nslot a 1ms\n",
	  "3:8: warning: domain b is declared but has no slot (it will not run in this pool)" },
	{ "cpupool 0\ndomain a domid 0 uuid 6e617600-0000-4000-8000-000000000001\n"
	  "domain b domid 1 uuid 6E617600-0000-4000-8000-000000000001\nslot a 1ms\nslot b 1ms\n",
	  "3:23: error: uuid 6e617600-0000-4000-8000-000000000001 is already domain a (line 2): Xen could not tell them apart" },
	{ "cpupool 0\ndomain a domid 0\nslot a 5000000000s\nslot a 5000000000s\n",
	  "4:8: error: the slots add up to more than 9223372036854775807ns (Xen's limit)" },
};

static void t_parse_errors(void)
{
	for (size_t i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		parse(bads[i].in);
		if (strcmp(msg(0), bads[i].first)) {
			printf("case %zu: got '%s'\n", i, msg(0));
			CHECK(!"first message as expected");
		}
	}
}

static void t_all_errors_reported(void)
{
	CHECK(parse("cpupool 0\nbogus\nmajor_frame x\ndomain a domid 0\n"
		    "slot a 1ms\nslot zz 1ms\n") == -EINVAL);
	CHECK(D.nerr == 3);
	CHECK(D.m[0].line == 2 && D.m[1].line == 3 && D.m[2].line == 6);
}

static char *slots(unsigned n)
{
	size_t cap = 64 + n * 16, o;
	char *s = malloc(cap);

	o = (size_t)snprintf(s, cap, "cpupool 0\ndomain a domid 0\n");
	for (unsigned i = 0; i < n; i++)
		o += (size_t)snprintf(s + o, cap - o, "slot a 1ms\n");
	return s;
}

static void t_64_slots(void)
{
	char *s = slots(64);

	CHECK(parse(s) == 0 && F.nslot == 64 && F.major_ns == 64000000);
	free(s);
	s = slots(65);
	CHECK(parse(s) == -EINVAL && D.nerr == 1);
	CHECK(!strcmp(msg(0), "67:1: error: too many slots: Xen takes at most "
			      "64 per schedule (this is slot 65)"));
	free(s);
	s = slots(200);
	CHECK(parse(s) == -EINVAL && D.nerr == 1);
	free(s);
}

static void t_many_errors_capped(void)
{
	size_t cap = 400 * 8, o = 0;
	char *s = malloc(cap);

	for (int i = 0; i < 400; i++)
		o += (size_t)snprintf(s + o, cap - o, "bogus\n");
	CHECK(parse(s) == -EINVAL);
	CHECK(D.nerr == 402 && D.n == SCHED_DIAG_KEEP);
	free(s);
}

/* ---- planner, against the fake's system ---- */

static struct xm_xen X;
static struct xm_dominfo *DOM;
static size_t NDOM;
static struct xm_pool *POOL;
static size_t NPOOL;
static struct sched_live L;
static struct sched_plan P;

/* The fake's default system, with domUs 1 and 2 moved into arinc653 pool 0. */
static void live(void)
{
	free(DOM);
	free(POOL);
	CHECK(xm_xen_open(&X, fx_transport()) == 0);
	CHECK(xm_domain_list(&X, &DOM, &NDOM) == 0);
	CHECK(xm_cpupool_list(&X, &POOL, &NPOOL) == 0);
	memset(&L, 0, sizeof(L));
	L.have_self = xm_self_handle(&X, L.self) == 0;
	L.dom = DOM;
	L.ndom = NDOM;
	L.pool = POOL;
	L.npool = NPOOL;
}

static int plan(const char *s, unsigned flags)
{
	CHECK(parse(s) == 0);
	live();
	sched_diag_init(&D);
	return sched_plan(&F, &L, F.pool, flags, &P, &D);
}

static const char *THREE =
	"cpupool 0\nmajor_frame 30ms\n"
	"domain dom0 domid 0\ndomain d1 domid 1\ndomain d2 domid 2\n"
	"slot dom0 10ms\nslot d1 10ms\nslot d2 10ms\n";

static void pool0_all(void)
{
	fx_dom(1)->pool = 0;
	fx_dom(2)->pool = 0;
}

static void t_plan_ok(void)
{
	pool0_all();
	CHECK(plan(THREE, 0) == SCHED_OK);
	CHECK(D.n == 0 && P.nchg == 0 && P.caller == 0 && !P.caller_guessed);
	CHECK(P.payload.n == 3 && P.payload.major_frame_ns == 30000000);
	CHECK(P.payload.e[1].handle[15] == 0xd1);
	CHECK(P.payload.e[2].handle[15] == 0xd2);
	CHECK(P.domid[2] == 2 && P.nidle == 0);
}

static void t_plan_wrong_pool(void)
{
	/* the default fake: domUs live in pool 1 (credit2) */
	CHECK(plan(THREE, 0) == SCHED_E_FIT);
	CHECK(!strcmp(D.m[0].text, "domain d1 (domid 1) is in cpupool 1, "
				   "not 0: its slots would stay idle"));
	CHECK(plan("cpupool 1\ndomain d1 domid 1\nslot d1 1ms\n", 0) ==
	      SCHED_E_FIT);
	CHECK(!strcmp(D.m[0].text, "pool 1 runs credit2, not arinc653"));
	CHECK(D.m[0].line == 1);
	CHECK(plan("cpupool 5\ndomain d1 domid 1\nslot d1 1ms\n", 0) ==
	      SCHED_E_FIT);
	CHECK(!strcmp(D.m[0].text, "cpupool 5 does not exist"));
}

static void t_plan_missing_domain(void)
{
	CHECK(plan("cpupool 0\ndomain dom0 domid 0\ndomain nav domid 7\n"
		   "slot dom0 1ms\nslot nav 1ms\n", 0) == SCHED_E_FIT);
	CHECK(D.nerr == 1 && D.m[0].line == 3);
	CHECK(!strcmp(D.m[0].text, "domain nav (domid 7) does not exist"));
	CHECK(plan("cpupool 0\ndomain dom0 domid 0\n"
		   "domain nav uuid 6e617600-0000-4000-8000-000000000001\n"
		   "slot dom0 1ms\nslot nav 1ms\n", 0) == SCHED_E_FIT);
	CHECK(!strcmp(D.m[0].text, "domain nav (uuid 6e617600-0000-4000-"
				   "8000-000000000001) does not exist"));
}

static void t_plan_by_uuid_and_change(void)
{
	pool0_all();
	CHECK(plan("cpupool 0\ndomain dom0 domid 0\n"
		   "domain d1 uuid 00000000-0000-4000-8000-0000000000d1\n"
		   "domain d2 domid 2 uuid 6e617600-0000-4000-8000-000000000002\n"
		   "slot dom0 1ms\nslot d1 1ms\nslot d2 1ms\n", 0) == SCHED_OK);
	CHECK(P.domid[1] == 1);
	CHECK(P.nchg == 1 && P.chg[0].domid == 2 && !P.chg[0].derived);
	CHECK(P.chg[0].from[15] == 0xd2 && P.chg[0].to[0] == 0x6e);
	CHECK(!memcmp(P.payload.e[2].handle, P.chg[0].to, 16));
}

static void t_plan_shared_uuid(void)
{
	uint8_t u1[16], u2[16];

	pool0_all();
	memset(fx_dom(1)->handle, 0, 16);
	memset(fx_dom(2)->handle, 0, 16);
	CHECK(plan(THREE, 0) == SCHED_E_FIT);
	CHECK(D.nerr == 3);
	CHECK(!strcmp(D.m[1].text, "domain d1 (domid 1) shares UUID "
		      "00000000-0000-0000-0000-000000000000 with domids 0, 2 "
		      "in cpupool 0, so Xen cannot tell them apart: add "
		      "'uuid ...' to its domain line, or run with "
		      "--assign-uuids"));
	CHECK(plan(THREE, SCHED_PLAN_ASSIGN_UUIDS) == SCHED_OK);
	CHECK(P.nchg == 3 && P.chg[1].derived && P.chg[1].domid == 1);
	sched_derive_uuid(0, "d1", u1);
	CHECK(!memcmp(P.chg[1].to, u1, 16));
	CHECK(!memcmp(P.payload.e[1].handle, u1, 16));
	/* stable, distinct, version 8 variant 10 */
	sched_derive_uuid(0, "d1", u2);
	CHECK(!memcmp(u1, u2, 16));
	sched_derive_uuid(0, "d2", u2);
	CHECK(memcmp(u1, u2, 16) && memcmp(u1, u2, 4));
	sched_derive_uuid(1, "d1", u2);
	CHECK(memcmp(u1, u2, 16));
	CHECK((u1[6] & 0xf0) == 0x80 && (u1[8] & 0xc0) == 0x80);
	/* an explicit UUID in the file wins over deriving */
	CHECK(plan("cpupool 0\ndomain dom0 domid 0\n"
		   "domain d1 domid 1 uuid 6e617600-0000-4000-8000-000000000001\n"
		   "domain d2 domid 2 uuid 6e617600-0000-4000-8000-000000000002\n"
		   "slot dom0 1ms\nslot d1 1ms\nslot d2 1ms\n", 0) == SCHED_OK);
	CHECK(P.nchg == 2);
}

static void t_plan_shared_other_pool_ok(void)
{
	/* arm64 bed: dom0 in pool 0 credit2, d1 d2 in pool 1 arinc653 */
	fx_pool(0)->sched = XM_SCHED_CREDIT2;
	fx_pool(1)->sched = XM_SCHED_ARINC653;
	memset(fx_dom(1)->handle, 0, 16);
	memset(fx_dom(2)->handle, 0, 16);
	CHECK(plan("cpupool 1\ndomain d1 domid 1\ndomain d2 domid 2\n"
		   "slot d1 10ms\nslot d2 10ms\n", 0) == SCHED_E_FIT);
	CHECK(D.nerr == 2);
	CHECK(plan("cpupool 1\ndomain d1 domid 1\ndomain d2 domid 2\n"
		   "slot d1 10ms\nslot d2 10ms\n", SCHED_PLAN_ASSIGN_UUIDS) ==
	      SCHED_OK);
	/* dom0 keeps its zero UUID: it is in another pool */
	CHECK(P.nchg == 2 && P.chg[0].domid == 1 && P.chg[1].domid == 2);
	CHECK(P.caller == 0);
}

static void t_plan_caller(void)
{
	pool0_all();
	CHECK(plan("cpupool 0\ndomain d1 domid 1\nslot d1 10ms\n", 0) ==
	      SCHED_E_CALLER);
	CHECK(D.nerr == 1 && strstr(D.m[0].text, "domid 0 runs xenmin"));
	CHECK(plan("cpupool 0\ndomain d1 domid 1\nslot d1 10ms\n",
		   SCHED_PLAN_FORCE) == SCHED_OK);
	CHECK(D.nerr == 0 && D.nwarn == 1);
	/* the caller is domid 1 (its own UUID): dom0 then merely idles */
	fx.self = 1;
	CHECK(plan("cpupool 0\ndomain d1 domid 1\nslot d1 10ms\n", 0) ==
	      SCHED_OK);
	CHECK(P.caller == 1 && P.nidle == 2 && P.idle[0] == 0);
	CHECK(plan("cpupool 0\ndomain d2 domid 2\nslot d2 10ms\n", 0) ==
	      SCHED_E_CALLER);
	/* a caller in another pool is not at risk */
	fx.self = 0;
	fx_dom(0)->pool = 1;
	CHECK(plan("cpupool 0\ndomain d1 domid 1\nslot d1 10ms\n", 0) ==
	      SCHED_OK);
}

static void t_plan_caller_shared_handle(void)
{
	/* self shares the zero UUID with domU 2: documented pick is dom0 */
	pool0_all();
	memset(fx_dom(2)->handle, 0, 16);
	CHECK(plan("cpupool 0\ndomain dom0 domid 0 uuid 6e617600-0000-4000-"
		   "8000-000000000000\ndomain d1 domid 1\nslot dom0 10ms\n"
		   "slot d1 10ms\n", 0) == SCHED_OK);
	CHECK(P.caller == 0 && P.caller_guessed == 1);
}

static void t_plan_vcpu(void)
{
	pool0_all();
	CHECK(plan("cpupool 0\ndomain dom0 domid 0\ndomain d1 domid 1\n"
		   "slot dom0 1ms\nslot d1 vcpu 1 1ms\n", 0) == SCHED_E_FIT);
	CHECK(!strcmp(D.m[0].text, "domain d1 (domid 1) has no vcpu 1 (its "
				   "vcpus are 0 to 0)"));
}

static void t_compare(void)
{
	struct xm_a653 a, b;

	memset(&a, 0, sizeof(a));
	a.major_frame_ns = 30000000;
	a.n = 2;
	a.e[0].runtime_ns = a.e[1].runtime_ns = 10000000;
	a.e[1].handle[15] = 0xd1;
	b = a;
	sched_diag_init(&D);
	CHECK(sched_compare(&a, &b, &D) == 0 && D.n == 0);
	b.e[1].runtime_ns = 9000000;
	b.major_frame_ns = 20000000;
	CHECK(sched_compare(&a, &b, &D) == 1 && D.n == 2);
	CHECK(!strcmp(D.m[0].text, "major_frame: expected 30ms, Xen has 20ms"));
	CHECK(!strcmp(D.m[1].text, "slot 2: expected uuid 00000000-0000-0000-"
		      "0000-0000000000d1 vcpu 0 10ms, Xen has uuid 00000000-"
		      "0000-0000-0000-0000000000d1 vcpu 0 9ms"));
	sched_diag_init(&D);
	b = a;
	b.n = 1;
	CHECK(sched_compare(&a, &b, &D) == 1 && D.n == 2);
	CHECK(!strcmp(D.m[1].text, "slot 2: expected uuid 00000000-0000-0000-"
		      "0000-0000000000d1 vcpu 0 10ms, Xen has none"));
}

static void t_scheduler_names(void)
{
	CHECK(!strcmp(xm_sched_name(XM_SCHED_CREDIT2), "credit2"));
	CHECK(!strcmp(xm_sched_name(XM_SCHED_ARINC653), "arinc653"));
	CHECK(xm_sched_name(42) == NULL);
}

/* ---- the set transaction ---- */

static struct sched_apply A;

/* Two UUID changes (domids 1 and 2), then a schedule of three slots. */
static const char *TWO_UUIDS =
	"cpupool 0\ndomain dom0 domid 0\n"
	"domain a domid 1 uuid 6e617600-0000-4000-8000-000000000001\n"
	"domain b domid 2 uuid 6e617600-0000-4000-8000-000000000002\n"
	"slot dom0 10ms\nslot a 10ms\nslot b 10ms\n";

/* Plan @s on the x86 bed's layout; the fake then fails as the test says. */
static void plan_two(void)
{
	pool0_all();
	CHECK(plan(TWO_UUIDS, 0) == SCHED_OK && P.nchg == 2);
}

static enum sched_outcome apply(void)
{
	sched_diag_init(&D);
	return sched_apply(&X, &P, &A, &D);
}

/* The fake is as before the transaction: UUIDs and Xen's default schedule. */
static int untouched(void)
{
	const struct xm_a653 *s = &fx_pool(0)->a653;

	return fx_dom(1)->handle[15] == 0xd1 && fx_dom(2)->handle[15] == 0xd2 &&
	       s->n == 1 && s->major_frame_ns == 10000000;
}

static void t_apply_ok_then_unchanged(void)
{
	plan_two();
	CHECK(apply() == SCHED_APPLIED && A.stage == SCHED_ST_DONE);
	CHECK(A.nset == 2 && A.sched_set && A.err == 0 && D.n == 0);
	CHECK(fx_dom(1)->handle[0] == 0x6e && fx_dom(2)->handle[15] == 2);
	CHECK(fx_pool(0)->a653.n == 3 &&
	      fx_pool(0)->a653.major_frame_ns == 30000000);
	/* planned again on the new state: nothing to write, nothing written */
	CHECK(plan(TWO_UUIDS, 0) == SCHED_OK && P.nchg == 0);
	fx.ncalls = 0;
	CHECK(apply() == SCHED_UNCHANGED && A.nset == 0 && !A.sched_set);
	CHECK(fx_count(XM_HC_domctl, XM_DOMCTL_setdomainhandle) == 0);
	CHECK(fx_count(XM_HC_sysctl, XM_SYSCTL_scheduler_op) == 1);
}

static void t_apply_read_old_fails(void)
{
	plan_two();
	fx_add_fail(XM_HC_sysctl, XM_SYSCTL_scheduler_op, EIO, 1);
	CHECK(apply() == SCHED_UNDONE && A.stage == SCHED_ST_READ_OLD);
	CHECK(A.err == -EIO && A.nset == 0 && !A.sched_set);
	CHECK(untouched());
}

static void t_apply_set_uuid_fails(void)
{
	plan_two();
	/* the second setdomainhandle fails: the first is set back */
	fx_add_fail(XM_HC_domctl, XM_DOMCTL_setdomainhandle, ESRCH, 2);
	CHECK(apply() == SCHED_UNDONE && A.stage == SCHED_ST_SET_UUID);
	CHECK(A.err == -ESRCH && A.at == 1 && A.nset == 1);
	CHECK(A.uuid_undo[0] == 0 && !A.sched_set);
	CHECK(untouched());
	CHECK(fx_count(XM_HC_domctl, XM_DOMCTL_setdomainhandle) == 3);
}

static void t_apply_read_uuids_fails(void)
{
	plan_two();
	fx_add_fail(XM_HC_sysctl, XM_SYSCTL_getdomaininfolist, EIO, 1);
	CHECK(apply() == SCHED_UNDONE && A.stage == SCHED_ST_READ_UUIDS);
	CHECK(A.err == -EIO && A.nset == 2 && !A.sched_set);
	CHECK(A.uuid_undo[0] == 0 && A.uuid_undo[1] == 0);
	CHECK(untouched());
	/* undone in reverse, each after reading it: domid 2 first */
	CHECK(fx.log[fx.ncalls - 1].domid == 1 &&
	      fx.log[fx.ncalls - 3].domid == 2);
}

static void t_apply_undo_fails(void)
{
	plan_two();
	/* as above, but setting domid 2 back (the 3rd call) fails too */
	fx_add_fail(XM_HC_sysctl, XM_SYSCTL_getdomaininfolist, EIO, 1);
	fx_add_fail(XM_HC_domctl, XM_DOMCTL_setdomainhandle, EPERM, 3);
	CHECK(apply() == SCHED_LEFT_CHANGED && A.stage == SCHED_ST_READ_UUIDS);
	CHECK(A.err == -EIO && A.nset == 2);
	CHECK(A.uuid_undo[1] == -EPERM && A.uuid_undo[0] == 0);
	CHECK(fx_dom(1)->handle[15] == 0xd1 && fx_dom(2)->handle[0] == 0x6e);
}

static void t_apply_uuid_does_not_stick(void)
{
	plan_two();
	fx.handle_stuck = 1;
	CHECK(apply() == SCHED_UNDONE && A.stage == SCHED_ST_CHECK_UUIDS);
	CHECK(A.err == 0 && A.at == 0 && A.nset == 2 && !A.sched_set);
	CHECK(untouched());
	CHECK(fx_count(XM_HC_sysctl, XM_SYSCTL_scheduler_op) == 1);
}

static void t_apply_put_fails(void)
{
	plan_two();
	/* scheduler_op calls: 1 reads the old schedule, 2 is the put */
	fx_add_fail(XM_HC_sysctl, XM_SYSCTL_scheduler_op, EINVAL, 2);
	CHECK(apply() == SCHED_UNDONE && A.stage == SCHED_ST_PUT);
	CHECK(A.err == -EINVAL && A.nset == 2 && !A.sched_set);
	CHECK(untouched());
}

static void t_apply_read_back_fails(void)
{
	plan_two();
	fx_add_fail(XM_HC_sysctl, XM_SYSCTL_scheduler_op, EIO, 3);
	CHECK(apply() == SCHED_UNDONE && A.stage == SCHED_ST_READ_BACK);
	CHECK(A.err == -EIO && A.sched_set && A.sched_undo == 0);
	CHECK(untouched());
	/*
	 * The restoring put fails as well: the schedule found was empty,
	 * which Xen refuses to be given. The new one stays; the UUIDs are
	 * still set back.
	 */
	fx_reset();
	plan_two();
	fx_pool(0)->a653.n = 0;
	fx_add_fail(XM_HC_sysctl, XM_SYSCTL_scheduler_op, EIO, 3);
	CHECK(apply() == SCHED_LEFT_CHANGED && A.stage == SCHED_ST_READ_BACK);
	CHECK(A.sched_undo == -EINVAL && A.uuid_undo[0] == 0 &&
	      A.uuid_undo[1] == 0);
	CHECK(fx_pool(0)->a653.n == 3 && fx_dom(1)->handle[15] == 0xd1);
}

static void t_apply_read_back_differs(void)
{
	plan_two();
	/* every put stores entry 0 one ns longer, the restoring one too */
	fx.a653_corrupt = 1;
	CHECK(apply() == SCHED_LEFT_CHANGED && A.stage == SCHED_ST_CHECK_BACK);
	CHECK(A.err == 0 && A.sched_set && A.sched_undo == -EPROTO);
	CHECK(D.n == 1 && !strcmp(D.m[0].text, "slot 1: expected uuid "
		      "00000000-0000-0000-0000-000000000000 vcpu 0 10ms, Xen "
		      "has uuid 00000000-0000-0000-0000-000000000000 vcpu 0 "
		      "10000001ns"));
	CHECK(fx_dom(1)->handle[15] == 0xd1 && fx_dom(2)->handle[15] == 0xd2);
	CHECK(fx_pool(0)->a653.e[0].runtime_ns == 10000001);
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_time),
	XM_TEST(t_parse_example),
	XM_TEST(t_parse_default_major),
	XM_TEST(t_parse_errors),
	XM_TEST(t_all_errors_reported),
	XM_TEST(t_64_slots),
	XM_TEST(t_many_errors_capped),
	XM_TEST(t_plan_ok),
	XM_TEST(t_plan_wrong_pool),
	XM_TEST(t_plan_missing_domain),
	XM_TEST(t_plan_by_uuid_and_change),
	XM_TEST(t_plan_shared_uuid),
	XM_TEST(t_plan_shared_other_pool_ok),
	XM_TEST(t_plan_caller),
	XM_TEST(t_plan_caller_shared_handle),
	XM_TEST(t_plan_vcpu),
	XM_TEST(t_compare),
	XM_TEST(t_scheduler_names),
	XM_TEST(t_apply_ok_then_unchanged),
	XM_TEST(t_apply_read_old_fails),
	XM_TEST(t_apply_set_uuid_fails),
	XM_TEST(t_apply_read_uuids_fails),
	XM_TEST(t_apply_undo_fails),
	XM_TEST(t_apply_uuid_does_not_stick),
	XM_TEST(t_apply_put_fails),
	XM_TEST(t_apply_read_back_fails),
	XM_TEST(t_apply_read_back_differs),
	{ NULL, NULL },
};
