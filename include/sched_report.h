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

/* @part * @scale / @whole, rounded; @part <= @whole, @whole > 0. */
uint64_t sched_scale(uint64_t part, uint64_t whole, uint32_t scale);

#endif
