// SPDX-License-Identifier: MIT
/*
 * Unit tests of issue 14's pure logic: named schedule blocks and
 * sched_select() (each block's slots, frame and per-domain slot counts),
 * the report's windows and figures (merging back-to-back slots, the gap
 * over the frame boundary, rounding of shares), the overflow-safe scaling,
 * and monitor's planned shares and verdicts. Expected figures are worked
 * out by hand in the comments.
 */
#include <stdint.h>
#include <string.h>

#include "runner.h"
#include "sched_report.h"

static struct sched_file F;
static struct sched_diag D;
static struct sched_report R;

static int parse(const char *s)
{
	sched_diag_init(&D);
	return sched_parse(s, strlen(s), &F, &D);
}

static void t_named_blocks(void)
{
	CHECK(parse("cpupool 1\ndomain a domid 1\nschedule x\nslot a 10ms\n"
		    "domain b domid 2\nschedule y\nmajor_frame 50ms\n"
		    "slot b 20ms\nslot a 5ms\nslot b 5ms\n") == 0);
	CHECK(F.named && F.nsched == 2 && D.n == 0);
	/* parsing leaves the first selected: x is 10 ms of a, frame = sum */
	CHECK(F.cur == 0 && F.nslot == 1 && F.major_ns == 10000000);
	CHECK(F.dom[0].nslots == 1 && F.dom[1].nslots == 0);
	CHECK(sched_select(&F, "y") == 1);
	CHECK(F.nslot == 3 && F.major_ns == 50000000 && F.sum_ns == 30000000);
	CHECK(F.slot[0].dom == 1 && F.slot[1].dom == 0 && F.slot[2].dom == 1);
	CHECK(F.dom[0].nslots == 1 && F.dom[1].nslots == 2);
	CHECK(sched_select(&F, "z") == -1 && F.cur == 1);
	CHECK(sched_select(&F, NULL) == 0 && F.nslot == 1);
	/* a file without schedule lines: one block, no name */
	CHECK(parse("cpupool 0\ndomain a domid 0\nslot a 1ms\n") == 0);
	CHECK(!F.named && F.nsched == 1 && F.sched[0].name[0] == '\0');
}

static void t_named_64_each(void)
{
	static char b[8192];
	size_t o = 0;

	o += (size_t)snprintf(b + o, sizeof(b) - o, "cpupool 0\ndomain a "
			      "domid 0\n");
	for (int k = 0; k < 2; k++) {
		o += (size_t)snprintf(b + o, sizeof(b) - o, "schedule s%d\n", k);
		for (int i = 0; i < 64; i++)
			o += (size_t)snprintf(b + o, sizeof(b) - o,
					      "slot a %dms\n", k + 1);
	}
	/* 64 slots in each of two schedules are fine: the limit is Xen's,
	 * per schedule */
	CHECK(parse(b) == 0 && F.nsched == 2 && F.nall == 128);
	CHECK(sched_select(&F, "s1") == 1 && F.nslot == 64 &&
	      F.sum_ns == 128000000);
}

static void t_report_figures(void)
{
	/* frame 100: a [0,10) b [10,30) a [30,60) a [60,65) idle [65,100) */
	CHECK(parse("cpupool 0\nmajor_frame 100ms\ndomain a domid 1\n"
		    "domain b domid 2\ndomain c domid 3\nslot a 10ms\n"
		    "slot b 20ms\nslot a 30ms\nslot a 5ms\n") == 0);
	sched_report(&F, &R);
	/* the last two slots of a are one window [30,65) */
	CHECK(R.nwin == 3 && R.win[2].start_ns == 30000000 &&
	      R.win[2].end_ns == 65000000 && R.win[2].nslot == 2);
	CHECK(R.idle_ns == 35000000 && R.idle_ppm == 350000);
	/* a: 45 ms, windows 10 and 35; gaps 20, and 100 - 65 + 0 = 35 */
	CHECK(R.dom[0].windows == 2 && R.dom[0].budget_ns == 45000000 &&
	      R.dom[0].shortest_ns == 10000000 && R.dom[0].gap_ns == 35000000 &&
	      R.dom[0].share_ppm == 450000);
	/* b: one 20 ms window; gap 100 - 20 = 80 */
	CHECK(R.dom[1].windows == 1 && R.dom[1].gap_ns == 80000000);
	/* c: declared, no slot */
	CHECK(R.dom[2].windows == 0 && R.dom[2].budget_ns == 0);
}

static void t_scale(void)
{
	/* 1/3 of a million, rounded: 333333; 2/3: 666667 */
	CHECK(sched_scale(1, 3, 1000000) == 333333);
	CHECK(sched_scale(2, 3, 1000000) == 666667);
	CHECK(sched_scale(0, 0, 1000000) == 0);
	/* ns near Xen's limit must not overflow: half of 2^63 - 1 */
	CHECK(sched_scale(INT64_MAX / 2, INT64_MAX, 1000000) == 500000);
	/* more CPU time than wall time (several vCPUs): 2.5 times */
	CHECK(sched_scale(25, 10, 1000000) == 2500000);
}

static void t_monitor_logic(void)
{
	struct xm_a653 s = { .major_frame_ns = 100000000, .n = 3 };
	const uint8_t none[16] = { 0xff };

	s.e[0].handle[0] = 1;
	s.e[0].runtime_ns = 60000000;
	s.e[1].handle[0] = 2;
	s.e[1].runtime_ns = 30000000;
	s.e[2].handle[0] = 1;
	s.e[2].runtime_ns = 5000000;
	/* handle 1: 60 + 5 of 100 ms */
	CHECK(sched_planned_ppm(&s, s.e[0].handle) == 650000);
	CHECK(sched_planned_ppm(&s, s.e[1].handle) == 300000);
	CHECK(sched_planned_ppm(&s, none) == 0);
	/* tolerance 5 points = 50000 ppm */
	CHECK(sched_judge(700000, 650000, 1, 50000) == SCHED_V_OK);
	CHECK(sched_judge(700000, 649999, 1, 50000) == SCHED_V_LOW);
	CHECK(sched_judge(700000, 10000, 0, 50000) == SCHED_V_IDLE);
	CHECK(sched_judge(100000, 150001, 0, 50000) == SCHED_V_HIGH);
	CHECK(sched_judge(100000, 150000, 1, 50000) == SCHED_V_OK);
	CHECK(sched_judge(0, 0, 1, 0) == SCHED_V_OK);
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_named_blocks),
	XM_TEST(t_named_64_each),
	XM_TEST(t_report_figures),
	XM_TEST(t_scale),
	XM_TEST(t_monitor_logic),
	{ NULL, NULL },
};
