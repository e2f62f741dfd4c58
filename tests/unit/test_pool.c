// SPDX-License-Identifier: MIT
/*
 * Unit tests of CPU lists (xl's syntax read and printed, with the column
 * of each mistake) and of the cpupool and vCPU operations against the
 * fake hypervisor, which answers by the rules of Xen's cpupool.c and
 * sched/core.c: pool ids, built-in schedulers, free CPUs, the last CPU of
 * a pool with domains, CPU 0 of Pool-0, an rmcpu Xen gives up half way
 * (retried, and the CPU left free for the same pool only), the calling
 * domain, and affinities kept as given but applied within the pool.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cpulist.h"
#include "runner.h"
#include "xenmin.h"

static struct xm_xen X;

static int open_x(void)
{
	return xm_xen_open(&X, fx_transport());
}

static void t_cpulist_good(void)
{
	static const struct {
		const char *s;
		unsigned n;
		uint64_t m;
	} ok[] = {
		{ "0", 4, 0x1 }, { "3", 4, 0x8 }, { "0-3", 4, 0xf },
		{ "0-3,^2", 4, 0xb }, { "all", 4, 0xf }, { "all,^0", 4, 0xe },
		{ "1,1,1-2", 4, 0x6 }, { "^1", 4, 0 }, { "2,^2", 4, 0 },
		{ "0-63", 64, ~0ull }, { "all", 64, ~0ull }, { "63", 64, 1ull << 63 },
		{ "007", 8, 0x80 }, { "1-1", 2, 0x2 }, { "^0,1", 2, 0x2 },
	};
	struct xm_cpulist_err e;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		uint64_t m = 12345;
		int r = xm_cpulist_parse(ok[i].s, ok[i].n, &m, &e);

		if (r || m != ok[i].m)
			printf("case %zu '%s': r %d m %llx\n", i, ok[i].s, r,
			       (unsigned long long)m);
		CHECK(r == 0 && m == ok[i].m);
	}
}

static void t_cpulist_bad(void)
{
	static const struct {
		const char *s;
		unsigned col;
		int range;
		const char *why;
	} bad[] = {
		{ "", 1, 0, "expected a CPU number, a range N-M or all" },
		{ "1,", 3, 0, "expected a CPU number, a range N-M or all" },
		{ ",1", 1, 0, "expected a CPU number, a range N-M or all" },
		{ "0-3,^x", 6, 0, "expected a CPU number, a range N-M or all" },
		{ "0-", 3, 0, "expected a CPU number, a range N-M or all" },
		{ "1 ", 2, 0, "expected a CPU number, a range N-M or all" },
		{ "-1", 1, 0, "expected a CPU number, a range N-M or all" },
		{ "+1", 1, 0, "expected a CPU number, a range N-M or all" },
		{ "0x1", 2, 0, "expected a CPU number, a range N-M or all" },
		{ "alll", 1, 0, "expected a CPU number, a range N-M or all" },
		{ "nodes:0", 1, 0, "expected a CPU number, a range N-M or all" },
		{ "3-1", 1, 0, "the range ends before it starts" },
		{ "0,^all", 3, 0, "^all would take every CPU away" },
		{ "0,4", 3, 1, "no such CPU on this host" },
		{ "2-9", 1, 1, "no such CPU on this host" },
		{ "99999999999", 1, 1, "no such CPU on this host" },
	};
	struct xm_cpulist_err e;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t m = 77;
		int r = xm_cpulist_parse(bad[i].s, 4, &m, &e);

		if (r != -EINVAL || e.col != bad[i].col ||
		    e.range != bad[i].range || strcmp(e.why, bad[i].why))
			printf("case %zu '%s': r %d col %u range %d why %s\n", i,
			       bad[i].s, r, e.col, e.range, r ? e.why : "-");
		CHECK(r == -EINVAL && e.col == bad[i].col &&
		      e.range == bad[i].range && !strcmp(e.why, bad[i].why));
		CHECK(m == 77); /* nothing stored on an error */
	}
}

static void t_cpulist_fmt(void)
{
	char b[XM_CPULIST_LEN];
	uint64_t alt = 0x5555555555555555ull;

	/* xl's print_bitmap: "all" is every CPU of the host, set or not above */
	CHECK(!strcmp(xm_cpulist_fmt(0x3, 2, b, sizeof(b)), "all"));
	CHECK(!strcmp(xm_cpulist_fmt(~0ull, 2, b, sizeof(b)), "all"));
	CHECK(!strcmp(xm_cpulist_fmt(0x2, 2, b, sizeof(b)), "1"));
	CHECK(!strcmp(xm_cpulist_fmt(0, 2, b, sizeof(b)), "none"));
	CHECK(!strcmp(xm_cpulist_fmt(0x4, 2, b, sizeof(b)), "none"));
	CHECK(!strcmp(xm_cpulist_fmt(0xb, 8, b, sizeof(b)), "0-1,3"));
	CHECK(!strcmp(xm_cpulist_fmt(0xf0f, 16, b, sizeof(b)), "0-3,8-11"));
	/* ncpus 0: no "all", the mask as it is (cpupools) */
	CHECK(!strcmp(xm_cpulist_fmt(0x3, 0, b, sizeof(b)), "0-1"));
	CHECK(!strcmp(xm_cpulist_fmt(~0ull, 0, b, sizeof(b)), "0-63"));
	CHECK(!strcmp(xm_cpulist_fmt(1ull << 63, 0, b, sizeof(b)), "63"));
	/* the longest list fits */
	xm_cpulist_fmt(alt, 0, b, sizeof(b));
	CHECK(!strncmp(b, "0,2,4,6,8,10,", 13) && strlen(b) > 80 &&
	      !strcmp(b + strlen(b) - 3, ",62"));
}

/* What is printed reads back as the same set (up to 64 CPUs). */
static void t_cpulist_round_trip(void)
{
	static const uint64_t m[] = { 1, 0x8000000000000001ull, 0xdeadbeefull,
				      0x5555555555555555ull, ~1ull };
	struct xm_cpulist_err e;
	char b[XM_CPULIST_LEN];

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		uint64_t back = 0;

		CHECK(xm_cpulist_parse(xm_cpulist_fmt(m[i], 0, b, sizeof(b)), 64,
				       &back, &e) == 0 && back == m[i]);
	}
}

static void t_physinfo_and_free(void)
{
	struct xm_physinfo pi;
	uint64_t fr = 99;

	fx.ncpus = 6;
	CHECK(open_x() == 0);
	CHECK(xm_physinfo(&X, &pi) == 0 && pi.nr_cpus == 6 &&
	      pi.max_cpu_id == 5);
	CHECK(xm_cpupool_free(&X, &fr) == 0 && fr == 0x3c);
	CHECK(fx.live_bufs == 0);
}

static void t_create_destroy(void)
{
	uint32_t id = XM_SYSCTL_CPUPOOL_PAR_ANY;
	struct xm_pool p;

	CHECK(open_x() == 0);
	/* "any": one above the highest id */
	CHECK(xm_cpupool_create(&X, &id, XM_SCHED_NULL) == 0 && id == 2);
	CHECK(xm_cpupool_get(&X, 2, &p) == 0 && p.sched_id == XM_SCHED_NULL &&
	      p.cpus == 0 && p.n_dom == 0);
	id = 1;
	CHECK(xm_cpupool_create(&X, &id, XM_SCHED_NULL) == -EEXIST);
	fx.scheds &= ~(1u << XM_SCHED_RTDS);
	id = 7;
	CHECK(xm_cpupool_create(&X, &id, XM_SCHED_RTDS) == -ENOENT);
	/* Xen allows two pools per CPU: 2 CPUs, 4 pools */
	CHECK(xm_cpupool_create(&X, &id, XM_SCHED_NULL) == 0 && id == 7);
	id = XM_SYSCTL_CPUPOOL_PAR_ANY;
	CHECK(xm_cpupool_create(&X, &id, XM_SCHED_NULL) == -ENOSPC);
	CHECK(xm_cpupool_destroy(&X, 1) == -EBUSY); /* domains, CPU */
	CHECK(xm_cpupool_destroy(&X, 9) == -ENOENT);
	CHECK(xm_cpupool_destroy(&X, 7) == 0);
	CHECK(xm_cpupool_get(&X, 7, &p) == -ENOENT);
}

static void t_add_remove(void)
{
	uint32_t id = 3;
	uint64_t fr;

	fx.ncpus = 4;
	CHECK(open_x() == 0);
	CHECK(xm_cpupool_create(&X, &id, XM_SCHED_CREDIT) == 0);
	CHECK(xm_cpupool_cpu(&X, 3, 2, 1) == 0 && fx_pool(3)->cpus == 0x4);
	CHECK(xm_cpupool_cpu(&X, 3, 1, 1) == -ENODEV); /* in pool 1 */
	CHECK(xm_cpupool_cpu(&X, 3, 4, 1) == -EINVAL); /* no such CPU */
	CHECK(xm_cpupool_cpu(&X, 9, 3, 1) == -ENOENT);
	CHECK(xm_cpupool_cpu(&X, 0, 0, 0) == -EINVAL); /* CPU 0 of Pool-0 */
	CHECK(xm_cpupool_cpu(&X, 1, 1, 0) == -EBUSY);  /* last, domains */
	CHECK(xm_cpupool_cpu(&X, 3, 3, 0) == -EADDRNOTAVAIL);
	CHECK(xm_cpupool_cpu(&X, 3, 2, 0) == 0); /* last, but no domains */
	CHECK(xm_cpupool_free(&X, &fr) == 0 && fr == 0xc);
}

/* An rmcpu Xen gives up after taking the CPU out (EAGAIN from moving a
 * vCPU away): called again, up to XM_POOL_TRIES calls; the CPU is then
 * free, but only its pool may have it back. */
static void t_rmcpu_again(void)
{
	uint32_t id = 3;
	uint64_t fr;

	fx.ncpus = 4;
	CHECK(open_x() == 0);
	CHECK(xm_cpupool_create(&X, &id, XM_SCHED_CREDIT) == 0);
	CHECK(xm_cpupool_cpu(&X, 3, 2, 1) == 0);
	CHECK(xm_cpupool_cpu(&X, 3, 3, 1) == 0);
	fx.rmcpu_again = 3;
	fx.ncalls = 0;
	CHECK(xm_cpupool_cpu(&X, 3, 2, 0) == 0);
	CHECK(fx_count(XM_HC_sysctl, XM_SYSCTL_cpupool_op) == 4);
	CHECK(fx.moving_cpu == 0 && fx_pool(3)->cpus == 0x8);
	fx.rmcpu_again = 100;
	fx.ncalls = 0;
	CHECK(xm_cpupool_cpu(&X, 3, 3, 0) == -EAGAIN);
	CHECK(fx_count(XM_HC_sysctl, XM_SYSCTL_cpupool_op) == XM_POOL_TRIES);
	CHECK(xm_cpupool_free(&X, &fr) == 0 && fr == 0xc);
	CHECK(xm_cpupool_cpu(&X, 0, 3, 1) == -EADDRNOTAVAIL);
	CHECK(xm_cpupool_cpu(&X, 3, 3, 1) == 0 && fx.moving_cpu == 0);
	CHECK(fx_pool(3)->cpus == 0x8);
}

static void t_move_domain(void)
{
	uint32_t id = 4;

	CHECK(open_x() == 0);
	CHECK(xm_cpupool_move(&X, 0, 1) == 0 && fx_dom(1)->pool == 0);
	CHECK(xm_cpupool_move(&X, 0, 1) == 0); /* there already */
	CHECK(xm_cpupool_move(&X, 1, 0) == -EPERM); /* the caller */
	CHECK(xm_cpupool_move(&X, 1, 9) == -ESRCH);
	CHECK(xm_cpupool_move(&X, 9, 1) == -ENOENT);
	CHECK(xm_cpupool_create(&X, &id, XM_SCHED_CREDIT) == 0);
	CHECK(xm_cpupool_move(&X, 4, 1) == -ENOENT); /* no CPU in it */
	CHECK(fx_dom(1)->pool == 0);
}

static void t_vcpu_info_affinity(void)
{
	struct xm_vcpuinfo vi;
	uint64_t h = 0, s = 0;

	fx.ncpus = 4;
	fx_pool(1)->cpus = 0x6;
	fx_dom(1)->vcpus = 2;
	fx_dom(1)->vcpu[1] = (struct fx_vcpu){ .offline = 1, .cpu = 2,
					       .time = 42 };
	CHECK(open_x() == 0);
	CHECK(xm_vcpu_info(&X, 1, 0, &vi) == 0 && vi.online && vi.cpu == 1);
	CHECK(xm_vcpu_info(&X, 1, 1, &vi) == 0 && !vi.online && vi.cpu == 2 &&
	      vi.cpu_time_ns == 42);
	CHECK(xm_vcpu_info(&X, 1, 2, &vi) == -EINVAL);
	CHECK(xm_vcpu_info(&X, 9, 0, &vi) == -ESRCH);
	CHECK(xm_vcpu_affinity(&X, 1, 0, 0, &h, &s) == 0 && h == ~0ull &&
	      s == ~0ull);
	/* set: kept as given, answered within the pool's CPUs */
	h = 0xc;
	CHECK(xm_vcpu_affinity(&X, 1, 0, XM_VCPUAFFINITY_HARD, &h, &s) == 0);
	CHECK(h == 0x4 && s == ~0ull);
	CHECK(xm_vcpu_info(&X, 1, 0, &vi) == 0 && vi.cpu == 2);
	h = s = 0;
	CHECK(xm_vcpu_affinity(&X, 1, 0, 0, &h, &s) == 0 && h == 0xc);
	s = 0x3;
	CHECK(xm_vcpu_affinity(&X, 1, 0, XM_VCPUAFFINITY_SOFT, &h, &s) == 0);
	CHECK(s == 0); /* soft within pool and hard: nothing */
	h = s = 0;
	CHECK(xm_vcpu_affinity(&X, 1, 0, 0, &h, &s) == 0 && h == 0xc &&
	      s == 0x3);
	/* a hard affinity without a CPU of the pool: refused, unchanged */
	h = 0x1;
	CHECK(xm_vcpu_affinity(&X, 1, 0, XM_VCPUAFFINITY_HARD, &h, &s) ==
	      -EINVAL);
	CHECK(fx_dom(1)->vcpu[0].hard_out == ~0xcull);
	CHECK(fx.live_bufs == 0);
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_cpulist_good),
	XM_TEST(t_cpulist_bad),
	XM_TEST(t_cpulist_fmt),
	XM_TEST(t_cpulist_round_trip),
	XM_TEST(t_physinfo_and_free),
	XM_TEST(t_create_destroy),
	XM_TEST(t_add_remove),
	XM_TEST(t_rmcpu_again),
	XM_TEST(t_move_domain),
	XM_TEST(t_vcpu_info_affinity),
	{ NULL, NULL },
};
