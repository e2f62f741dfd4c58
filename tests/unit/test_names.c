// SPDX-License-Identifier: MIT
/*
 * Unit tests of domain names: the domains file through the schedule parser
 * (schedule lines optional, the same file:line:col errors, duplicate names
 * and bindings, a name that is a number), binding names to a live domain
 * list (by UUID first, the all-zero UUID fallback to the domid, shared
 * UUIDs, another UUID at the domid, a domid another name holds by UUID),
 * the reverse lookup, and finding the calling domain by its handle.
 */
#include <string.h>

#include "names.h"
#include "runner.h"
#include "xenmin.h"

static struct sched_file F;
static struct sched_diag D;

static int parse(const char *s)
{
	sched_diag_init(&D);
	return sched_parse_domains(s, strlen(s), &F, &D);
}

/* "line:col: text" of error @i */
static const char *msg(unsigned i)
{
	static char b[300];

	if (i >= D.n)
		return "";
	snprintf(b, sizeof(b), "%u:%u: %s", D.m[i].line, D.m[i].col,
		 D.m[i].text);
	return b;
}

static void uuid(uint8_t h[16], unsigned last)
{
	memset(h, 0, 16);
	h[6] = 0x40;
	h[8] = 0x80;
	h[15] = (uint8_t)last;
}

/* A live list: domids 0, 1, 2, 3 with UUIDs 0, ...d1, ...d2, 0. */
static struct xm_dominfo L[4];

static void live(void)
{
	memset(L, 0, sizeof(L));
	for (unsigned i = 0; i < 4; i++)
		L[i].domid = (uint16_t)i;
	uuid(L[1].handle, 0xd1);
	uuid(L[2].handle, 0xd2);
}

static void t_file_syntax(void)
{
	/* domain lines only: no cpupool, no slots, no warnings */
	CHECK(parse("domain nav domid 1\n"
		    "domain gps uuid 00000000-0000-4000-8000-0000000000d2\n"
		    "# comment\n") == 0);
	CHECK(D.nerr == 0 && D.nwarn == 0 && F.ndom == 2);
	CHECK(xm_names_find(&F, "nav") == 0 && xm_names_find(&F, "gps") == 1);
	CHECK(xm_names_find(&F, "na") == -1 && xm_names_find(&F, "") == -1);
	CHECK(parse("") == 0 && F.ndom == 0);
	/* a whole schedule file is a domains file too */
	CHECK(parse("cpupool 0\nmajor_frame 20ms\ndomain nav domid 1\n"
		    "slot nav 10ms\n") == 0 && F.ndom == 1);
	/* the schedule parser still wants its schedule */
	sched_diag_init(&D);
	CHECK(sched_parse("domain nav domid 1\n", 19, &F, &D) != 0);
}

static void t_file_errors(void)
{
	CHECK(parse("domain nav domid 1\ndomain nav domid 2\n") != 0);
	CHECK(!strcmp(msg(0), "2:8: domain nav declared twice (first at "
		      "line 1)"));
	CHECK(parse("domain a domid 1\ndomain  b domid 1\n") != 0);
	CHECK(!strcmp(msg(0), "2:17: domid 1 is already domain a (line 1)"));
	CHECK(parse("domain a uuid 00000000-0000-4000-8000-0000000000d1\n"
		    "domain b uuid 00000000-0000-4000-8000-0000000000d1\n") != 0);
	CHECK(strstr(msg(0), "2:15: uuid 00000000-0000-4000-8000-0000000000d1 "
		     "is already domain a (line 1)") == msg(0));
	CHECK(parse("domain 7 domid 7\n") != 0);
	CHECK(!strcmp(msg(0), "1:8: domain name '7' is a number: on a command "
		      "line it would mean domid 7 (start a name with a letter "
		      "or '_')"));
	CHECK(parse("domain nav\n") != 0);
	CHECK(strstr(msg(0), "1:8: domain nav needs a domid, a uuid") == msg(0));
	CHECK(parse("domian nav domid 1\n") != 0);
	CHECK(strstr(msg(0), "1:1: unknown keyword 'domian'") == msg(0));
	CHECK(parse("domain nav domid 32752\n") != 0);
	CHECK(strstr(msg(0), "1:18: '32752' is not a domid") == msg(0));
}

static struct xm_binding B[SCHED_MAX_DOMS];

static void t_bind_rules(void)
{
	live();
	CHECK(parse("domain a domid 1\n"
		    "domain b uuid 00000000-0000-4000-8000-0000000000d2\n"
		    "domain c uuid 00000000-0000-4000-8000-0000000000d1 domid 3\n"
		    "domain d domid 9\n"
		    "domain e uuid 00000000-0000-4000-8000-0000000000e0\n") == 0);
	xm_names_bind(&F, L, 4, B);
	/* a's domid 1 is c's by UUID: the UUID wins */
	CHECK(B[0].how == XM_BIND_TAKEN && B[0].domid == -1 && B[0].other == 2);
	CHECK(B[1].how == XM_BIND_UUID && B[1].domid == 2);
	CHECK(B[2].how == XM_BIND_UUID && B[2].domid == 1);
	CHECK(B[3].how == XM_BIND_NONE && B[3].domid == -1);
	CHECK(B[4].how == XM_BIND_NONE && B[4].domid == -1);
	CHECK(xm_names_of(&F, B, 1) == 2 && xm_names_of(&F, B, 2) == 1);
	CHECK(xm_names_of(&F, B, 0) == -1 && xm_names_of(&F, B, 3) == -1);
}

static void t_bind_zero_uuid(void)
{
	live();
	/* its UUID is not set yet: domid 3 still has the all-zero one */
	CHECK(parse("domain nav uuid 00000000-0000-4000-8000-0000000000e3 "
		    "domid 3\n"
		    "domain gps uuid 00000000-0000-4000-8000-0000000000e2 "
		    "domid 2\n") == 0);
	xm_names_bind(&F, L, 4, B);
	CHECK(B[0].how == XM_BIND_DOMID && B[0].domid == 3);
	/* domid 2 has another UUID: someone else */
	CHECK(B[1].how == XM_BIND_OTHER && B[1].domid == -1);
	CHECK(B[1].found[15] == 0xd2);
	/* once set, the UUID finds it wherever its domid went */
	uuid(L[0].handle, 0xe3);
	xm_names_bind(&F, L, 4, B);
	CHECK(B[0].how == XM_BIND_UUID && B[0].domid == 0);
}

static void t_bind_shared(void)
{
	live();
	CHECK(parse("domain z uuid 00000000-0000-0000-0000-000000000000\n"
		    "domain y uuid 00000000-0000-0000-0000-000000000000 "
		    "domid 3\n") != 0); /* one UUID twice: refused */
	CHECK(parse("domain z uuid 00000000-0000-0000-0000-000000000000\n")
	      == 0);
	xm_names_bind(&F, L, 4, B);
	CHECK(B[0].how == XM_BIND_SHARED && B[0].nshared == 2);
	CHECK(parse("domain y uuid 00000000-0000-0000-0000-000000000000 "
		    "domid 3\n") == 0);
	xm_names_bind(&F, L, 4, B);
	CHECK(B[0].how == XM_BIND_UUID && B[0].domid == 3);
}

static void t_self(void)
{
	uint8_t h[16];
	int g;

	live();
	uuid(h, 0xd2);
	CHECK(xm_self_domid(h, L, 4, &g) == 2 && !g);
	/* dom0 and domid 3 share the all-zero UUID: 0, guessed */
	memset(h, 0, 16);
	CHECK(xm_self_domid(h, L, 4, &g) == 0 && g);
	/* shared, without 0 among them: unknown */
	L[1] = L[3];
	L[1].domid = 1;
	CHECK(xm_self_domid(h, L + 1, 3, &g) == -1);
	uuid(h, 0x77);
	CHECK(xm_self_domid(h, L, 4, &g) == -1 && !g);
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_file_syntax),
	XM_TEST(t_file_errors),
	XM_TEST(t_bind_rules),
	XM_TEST(t_bind_zero_uuid),
	XM_TEST(t_bind_shared),
	XM_TEST(t_self),
	{ NULL, NULL },
};
