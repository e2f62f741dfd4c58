// SPDX-License-Identifier: MIT
/*
 * Unit tests of the test scaffolding itself: the fake's state file
 * (fake_state.c, syntax in README.md). Saving and loading give back the
 * same system, each keyword sets what it names and xenmin then sees it,
 * fail lines inject by symbolic names, and every kind of mistake (unknown
 * keyword, field, flag, errno or scheduler name, bad number, an object
 * not defined first) is refused with file:line, nothing after it applied.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "xenmin.h"

static struct xm_xen X;
static char err[512];

/* Apply @text to the fake as a state file named "t". */
static int load(const char *text)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int r;

	if (!f)
		return -errno;
	err[0] = '\0';
	r = fx_load_stream(f, "t", err, sizeof(err));
	fclose(f);
	return r;
}

/* The fake's state as a saved file; malloc'd. */
static char *saved(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	fx_save_stream(f);
	fclose(f);
	return buf;
}

static void t_save_load_round_trip(void)
{
	char *a, *b;

	fx_dom(1)->pause = 2;
	fx_dom(2)->shutdown = 1 + 3; /* crash */
	fx_add_fail(XM_HC_domctl, XM_DOMCTL_pausedomain, EBUSY, 2);
	fx.ncpus = 4;
	fx.moving_cpu = 3;
	fx.scheds &= ~(1u << XM_SCHED_ARINC653);
	fx_dom(1)->vcpu[0].hard_out = ~6ull;
	fx_dom(1)->vcpu[0].time = 5;
	a = saved();
	CHECK(a && strstr(a, " cpus 4 schedulers credit,credit2,rtds,null moving_cpu 3 moving_pool 0 rmcpu_again 0 "));
	CHECK(a && strstr(a, "\nvcpu 1 0 hard 1-2 soft 0-63 cpu 0 offline no running no blocked no time_ns 5\n"));
	CHECK(a && strstr(a, "empty\nxen version 4.17.5 ") == a);
	CHECK(a && strstr(a, "\ndomain 2 uuid 00000000-0000-4000-8000-0000000000d2 pool 1 vcpus 1 pages 32768 max_pages 33024 flags none shutdown crash pause_count 0 cpu_time_ns 0 latched no defer_shutdown no destroyed no linger 0\n"));
	CHECK(a && strstr(a, "\nfail domctl pausedomain errno EBUSY nth 2\n"));
	/* "empty" first: the domains the save has are the ones there are. */
	fx_reset();
	fx.ndom = 1;
	CHECK(a && load(a) == 0);
	CHECK(fx.ndom == 3 && fx.npool == 2 && fx.nfail == 1);
	b = saved();
	CHECK(a && b && strcmp(a, b) == 0);
	fx_reset();
	CHECK(load("empty\n") == 0 && fx.ndom == 0 && fx.npool == 0);
	free(a);
	free(b);
}

static void t_lines_set_what_they_name(void)
{
	struct xm_dominfo d;
	struct xm_pool p;

	CHECK(load("# a comment\n\n"
		   "xen version 4.23-unstable domctl_interface 0x19 sysctl_interface 0x17\n"
		   "pool 3 sched rtds cpus 2-4,7\n"
		   "domain 7 uuid 6e617600-0000-4000-8000-000000000007 pool 3\n"
		   "\tdomain 7 vcpus 2 flags running,hvm pause_count 2 shutdown watchdog\n"
		   "domain 1 pool 0\n") == 0);
	CHECK(fx.major == 4 && fx.minor == 23);
	CHECK(strcmp(fx.extra, "-unstable") == 0);
	CHECK(fx.domctl_if == 0x19 && fx.sysctl_if == 0x17);
	CHECK(fx_dom(1)->pool == 0 && fx_dom(1)->handle[15] == 0xd1);
	CHECK(xm_xen_open(&X, fx_transport()) == 0);
	CHECK(xm_cpupool_get(&X, 3, &p) == 0);
	CHECK(p.sched_id == XM_SCHED_RTDS && p.cpus == 0x9c && p.n_dom == 1);
	CHECK(xm_domain_get(&X, 7, &d) == 0);
	CHECK(d.handle[0] == 0x6e && d.handle[15] == 7 && d.cpupool == 3);
	CHECK(d.nr_online_vcpus == 2 && d.max_vcpu_id == 1);
	CHECK((d.flags & 0xffffu) == (XM_DOM_RUNNING | XM_DOM_HVM |
				      XM_DOM_PAUSED | XM_DOM_SHUTDOWN));
	CHECK(XM_DOM_SHUTDOWN_CODE(d.flags) == 4);
	/* flags replaces the flags; fields not named keep their value */
	CHECK(load("domain 7 flags none shutdown no\n") == 0);
	CHECK(xm_domain_get(&X, 7, &d) == 0 && d.nr_online_vcpus == 2);
	CHECK((d.flags & 0xffffu) == XM_DOM_PAUSED);
	CHECK((d.flags & 0xffff0000u) == 0xffff0000u);
}

static void t_a653_and_console_lines(void)
{
	struct xm_a653 s;

	CHECK(load("a653 0 major_frame_ns 30000000"
		   " entry 6e617600-0000-4000-8000-000000000001 vcpu 1 runtime_ns 20000000"
		   " entry 00000000-0000-0000-0000-000000000000 runtime_ns 10000000\n") == 0);
	CHECK(xm_xen_open(&X, fx_transport()) == 0);
	CHECK(xm_a653_get(&X, 0, &s) == 0);
	CHECK(s.major_frame_ns == 30000000 && s.n == 2);
	CHECK(s.e[0].handle[15] == 1 && s.e[0].vcpu == 1);
	CHECK(s.e[0].runtime_ns == 20000000 && s.e[1].vcpu == 0);
	/* without entries, a line keeps the schedule */
	CHECK(load("a653 0 major_frame_ns 40000000\n") == 0);
	CHECK(fx_pool(0)->a653.n == 2);
	CHECK(fx_pool(0)->a653.major_frame_ns == 40000000);
	CHECK(load("console 2 kind pv frame 0x1234 port 5 bound yes\n") == 0);
	CHECK(fx_dom(2)->con_kind == 2 && fx_dom(2)->con_frame == 0x1234);
	CHECK(fx_dom(2)->con_port == 5 && fx_dom(2)->con_bound == 1);
}

/* conline lines are in the ring whatever comes after them. */
static void t_console_text(void)
{
	char buf[64];
	uint32_t idx = 0, count = 0;

	CHECK(load("conline one\nconlater three\nconline two\n"
		   "xen conring_size 64\n") == 0);
	CHECK(fx.conring_size == 64 && fx.conp == 8);
	CHECK(xm_xen_open(&X, fx_transport()) == 0);
	CHECK(xm_readconsole(&X, buf, sizeof(buf), &idx, &count) == 0);
	CHECK(count == 14 && memcmp(buf, "one\ntwo\nthree\n", 14) == 0);
}

static void t_fail_by_name(void)
{
	CHECK(load("fail domctl pausedomain errno EBUSY nth 2\n"
		   "fail xen_version guest_handle errno EPERM\n") == 0);
	CHECK(xm_xen_open(&X, fx_transport()) == 0);
	CHECK(xm_domain_pause(&X, 1) == 0);
	CHECK(xm_domain_pause(&X, 1) == -EBUSY);
	CHECK(xm_domain_pause(&X, 1) == 0);
	CHECK(fx_dom(1)->pause == 2);
	CHECK(xm_self_handle(&X, (uint8_t[16]){ 0 }) == -EPERM);
	CHECK(xm_self_handle(&X, (uint8_t[16]){ 0 }) == -EPERM);
}

/* Each bad text: the exact message; and nothing changed (but a fail line,
 * whose injection is added before its fields are read). */
static const struct {
	const char *text, *msg;
} bad[] = {
	{ "domian 1 pool 0\n",
	  "t:1: unknown keyword 'domian' (known: empty, xen, pool, a653, domain, console, vcpu, fail, conline, conlater, hypfs, hypfs_config, gone, step)" },
	{ "# one\n\ndomain 1 pol 0\n",
	  "t:3: domain 1: unknown field 'pol' (known: uuid, pool, vcpus, pages, max_pages, flags, shutdown, pause_count, cpu_time_ns, latched, defer_shutdown, destroyed, linger)" },
	{ "domain 1 flags running,paused\n",
	  "t:1: domain 1: flags: unknown flag 'paused' (known: dying, hvm, blocked, running, debugged, xs_domain, hap)" },
	{ "fail domctl setdomainhandle errno ESRHC nth 2\n",
	  "t:1: fail domctl setdomainhandle: errno: unknown errno name 'ESRHC' (known: none, EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO, E2BIG, EAGAIN, ENOMEM, EACCES, EFAULT, EBUSY, EEXIST, ENODEV, EINVAL, ENOSPC, ERANGE, ENOSYS, ENODATA, EOPNOTSUPP, ETIMEDOUT, EUSERS, ERESTART)" },
	{ "xen open_error 2\n",
	  "t:1: xen: open_error: unknown errno name '2' (known: none, EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO, E2BIG, EAGAIN, ENOMEM, EACCES, EFAULT, EBUSY, EEXIST, ENODEV, EINVAL, ENOSPC, ERANGE, ENOSYS, ENODATA, EOPNOTSUPP, ETIMEDOUT, EUSERS, ERESTART)" },
	{ "fail domctl setdomainhandle nth 2\n",
	  "t:1: fail domctl setdomainhandle: needs errno NAME" },
	{ "fail domctl sethandle errno ESRCH\n",
	  "t:1: fail: unknown domctl command 'sethandle' (known: getdomaininfo, pausedomain, unpausedomain, setdomainhandle, destroydomain, getvcpuinfo, getvcpuaffinity, setvcpuaffinity)" },
	{ "fail 36 17 errno ESRCH\n",
	  "t:1: fail: unknown hypercall '36' (known: xen_version, sysctl, domctl, hvm_op, event_channel_op, sched_op)" },
	{ "fail domctl\n", "t:1: fail: needs HYPERCALL COMMAND" },
	{ "fail sysctl readconsole errno EIO nth 0\n",
	  "t:1: fail sysctl readconsole: nth: '0' is neither every nor a number from 1" },
	{ "pool 0 sched credit3\n",
	  "t:1: pool 0: sched: unknown name 'credit3' (known: credit, credit2, arinc653, rtds, null)" },
	{ "pool 0 cpus 3-1\n",
	  "t:1: pool 0: cpus: '3-1' is not a cpu list such as 0-3,5 (cpus 0 to 63)" },
	{ "pool 0 cpus 64\n",
	  "t:1: pool 0: cpus: '64' is not a cpu list such as 0-3,5 (cpus 0 to 63)" },
	{ "domain 1 vcpus 2x\n",
	  "t:1: domain 1: vcpus: '2x' is not a number from 0 to 4294967295" },
	{ "domain 1 vcpus -1\n",
	  "t:1: domain 1: vcpus: '-1' is not a number from 0 to 4294967295" },
	{ "domain 70000 pool 0\n",
	  "t:1: domain 70000: domid '70000' is not a number from 0 to 65535" },
	{ "domain 1 pool\n", "t:1: domain 1: pool: no value" },
	{ "domain\n", "t:1: domain: needs DOMID" },
	{ "domain 1 uuid 00000000-0000-4000-8000-0000000000d\n",
	  "t:1: domain 1: uuid: '00000000-0000-4000-8000-0000000000d' is not a UUID (8-4-4-4-12 hex digits)" },
	{ "console 9 kind hvm\n",
	  "t:1: console 9: no domain 9 (a domain line must come first)" },
	{ "console 1 kind vga\n",
	  "t:1: console 1: kind: unknown name 'vga' (known: none, hvm, pv)" },
	{ "console 1 bound 1\n",
	  "t:1: console 1: bound: unknown value '1' (known: no, yes)" },
	{ "a653 5 major_frame_ns 1\n",
	  "t:1: a653 5: no pool 5 (a pool line must come first)" },
	{ "a653 0 vcpu 1\n", "t:1: a653 0: vcpu before any entry" },
	{ "xen version 4\n",
	  "t:1: xen: version: '4' is not MAJOR.MINOR[EXTRA] (4.17.5, 4.23-unstable)" },
	{ "xen conring_size 100\n",
	  "t:1: xen: conring_size: '100' is not a power of two up to 16384" },
	{ "xen sysctl_absent 1\n",
	  "t:1: xen: sysctl_absent: unknown value '1' (known: no, yes)" },
	{ "empty now\n", "t:1: empty: takes no fields, not 'now'" },
	{ "vcpu 1 1 hard 0\n",
	  "t:1: vcpu 1 1: domain 1 has 1 vCPUs (its vcpus field)" },
	{ "vcpu 9 0 hard 0\n",
	  "t:1: vcpu 9 0: no domain 9 (a domain line must come first)" },
	{ "vcpu 1 0 soft 0-64\n",
	  "t:1: vcpu 1 0: soft: '0-64' is not a cpu list such as 0-3,5 (cpus 0 to 63)" },
	{ "xen schedulers credit,credit3\n",
	  "t:1: xen: schedulers: unknown flag 'credit3' (known: credit, credit2, arinc653, rtds, null)" },
};

static void t_rejected_with_file_line(void)
{
	char *before = saved();

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *after;

		fx_reset();
		CHECK(load(bad[i].text) == -EINVAL);
		if (strcmp(err, bad[i].msg))
			printf("case %zu: got \"%s\"\n", i, err);
		CHECK(strcmp(err, bad[i].msg) == 0);
		after = saved();
		if (strncmp(bad[i].text, "fail", 4) &&
		    !(before && after && strcmp(before, after) == 0)) {
			printf("case %zu: the state changed\n", i);
			CHECK(0);
		}
		free(after);
	}
	free(before);
}

/* A bad line stops the load: what follows it is not applied. */
static void t_stops_at_first_bad_line(void)
{
	CHECK(load("domain 1 pool 0\ndomain 2 flags runing\ndomain 2 pool 0\n") ==
	      -EINVAL);
	CHECK(strncmp(err, "t:2: ", 5) == 0);
	CHECK(fx_dom(1)->pool == 0 && fx_dom(2)->pool == 1);
}

static void t_long_lines(void)
{
	char *s = malloc(9000);

	if (!s)
		return;
	memset(s, 'x', 9000);
	memcpy(s, "conline ", 8);
	s[8998] = '\n';
	s[8999] = '\0';
	CHECK(load(s) == -EINVAL);
	CHECK(strcmp(err, "t:1: longer than 8190 bytes") == 0);
	s[208] = '\n';
	s[209] = '\0';
	CHECK(load(s) == -EINVAL);
	CHECK(strcmp(err, "t:1: conline: longer than 199 characters") == 0);
	free(s);
}

static void t_missing_file(void)
{
	CHECK(fx_load("/nonexistent/state", err, sizeof(err)) == -ENOENT);
	CHECK(strcmp(err, "/nonexistent/state: No such file or directory") == 0);
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_save_load_round_trip),
	XM_TEST(t_lines_set_what_they_name),
	XM_TEST(t_a653_and_console_lines),
	XM_TEST(t_console_text),
	XM_TEST(t_fail_by_name),
	XM_TEST(t_rejected_with_file_line),
	XM_TEST(t_stops_at_first_bad_line),
	XM_TEST(t_long_lines),
	XM_TEST(t_missing_file),
	{ NULL, NULL },
};
