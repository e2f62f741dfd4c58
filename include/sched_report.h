// SPDX-License-Identifier: MIT
/*
 * The offline analysis behind `sched-arinc653 report`: one schedule of a
 * parsed file laid out on its major frame as windows (runs of consecutive
 * slots of one domain), and per domain the figures an integrator checks:
 * windows per frame, budget, share of the frame, shortest window and the
 * longest time between two of its windows (across the frame boundary).
 * Integers only (no floating point in the binary): shares are parts per
 * million. Pure: the CLI prints text, JSON and SVG from it.
 */
#ifndef XM_SCHED_REPORT_H
#define XM_SCHED_REPORT_H

#include <stdint.h>

#include "sched.h"

/* A run of consecutive slots of one domain, in ns from the frame start. */
struct sched_win {
	int dom;              /* index into the file's domains */
	unsigned nslot;       /* slots merged into it */
	uint64_t start_ns, end_ns;
};

struct sched_rdom {
	unsigned windows;     /* per major frame; 0: it never runs */
	uint64_t budget_ns;   /* the sum of its windows */
	uint32_t share_ppm;   /* budget / major frame, rounded */
	uint64_t shortest_ns; /* its shortest window */
	uint64_t gap_ns;      /* the longest time from the end of one of
			       * its windows to the start of its next */
};

struct sched_report {
	uint64_t major_ns, busy_ns, idle_ns; /* idle: no slot runs */
	uint32_t idle_ppm;
	unsigned nwin;
	struct sched_win win[SCHED_MAX_SLOTS];
	struct sched_rdom dom[SCHED_MAX_DOMS];
};

/* The figures of @f's selected schedule (one that parsed without errors). */
void sched_report(const struct sched_file *f, struct sched_report *r);

/* @part * @scale / @whole, rounded (0 when @whole is 0). */
uint64_t sched_scale(uint64_t part, uint64_t whole, uint32_t scale);

/* ---- monitor: planned against measured shares ---- */

/* The share of the frame schedule @s gives handle @h, in ppm. */
uint32_t sched_planned_ppm(const struct xm_a653 *s, const uint8_t h[16]);

enum sched_verdict {
	SCHED_V_OK,    /* within the tolerance of its share */
	SCHED_V_IDLE,  /* below it, but not busy: an idle guest uses less */
	SCHED_V_LOW,   /* busy, and below its share minus the tolerance */
	SCHED_V_HIGH,  /* above its share plus the tolerance */
};

/* One domain's verdict; shares and tolerance in ppm of the frame. */
enum sched_verdict sched_judge(uint32_t planned, uint32_t measured, int busy,
			       uint32_t tol);

#endif
