// SPDX-License-Identifier: MIT
/*
 * The `set` transaction, in the operations layer: it carries out a plan
 * (sched_plan()) on Xen, the UUID changes first and then the schedule,
 * verifies each by reading it back, and on failure undoes what it wrote, in
 * reverse order. It never prints: it returns what happened (the step
 * reached, the error of that step, and what undoing gave, change by change)
 * and cmd_sched.c turns that into words and an exit code.
 */
#ifndef XM_SCHED_APPLY_H
#define XM_SCHED_APPLY_H

#include "sched.h"

/* The steps of a transaction, in order; a failed one is where it stopped. */
enum sched_stage {
	SCHED_ST_READ_OLD,     /* reading the schedule in place, to restore */
	SCHED_ST_SET_UUID,     /* Xen refused the UUID change chg[at] */
	SCHED_ST_READ_UUIDS,   /* listing the domains to verify the UUIDs */
	SCHED_ST_CHECK_UUIDS,  /* the UUID of chg[at] did not stick */
	SCHED_ST_PUT,          /* Xen refused the schedule */
	SCHED_ST_READ_BACK,    /* installed, but reading it back failed */
	SCHED_ST_CHECK_BACK,   /* the schedule read back differs */
	SCHED_ST_RECHECK,      /* after the read-back, listing the domains
				* again failed (err), or a UUID the schedule
				* names is gone (chg[at], or entry at - nchg) */
	SCHED_ST_DONE,         /* installed and verified, or nothing to do */
};

enum sched_outcome {
	SCHED_APPLIED,         /* installed and verified by read-back */
	SCHED_UNCHANGED,       /* already installed: nothing written */
	SCHED_UNDONE,          /* failed; what it wrote, if any, is restored */
	SCHED_LEFT_CHANGED,    /* failed, and not all of it could be undone */
};

/* An undo result besides 0 (restored) and -errno. */
#define SCHED_UNDO_NONE 1      /* found as before this run: nothing to undo */
#define SCHED_UNDO_THEIRS 2    /* another writer's value: left alone */

struct sched_apply {
	unsigned char outcome; /* enum sched_outcome, in a byte as stage: */
	unsigned char stage;   /* enum sched_stage; shorter stores */
	int err;               /* -errno of the failed step; 0: a mismatch */
	unsigned at;           /* the change a UUID step is about */
	/* What this run wrote, and what undoing it gave. */
	unsigned nset;         /* UUIDs written: plan chg [0, nset) */
	unsigned char intervened; /* another writer changed what this run wrote */
	/* Each undo only while the live value is still this run's: 0
	 * restored, SCHED_UNDO_*, or -errno (-EPROTO: the restored schedule
	 * reads back different). */
	int uuid_undo[SCHED_MAX_DOMS];
	unsigned char sched_set; /* the schedule was written */
	int sched_undo;
	uint8_t theirs[SCHED_MAX_DOMS][16]; /* the UUID found, if THEIRS */
	struct xm_a653 old;    /* the schedule before this run */
	struct xm_a653 mine;   /* this run's schedule as Xen last showed it */
	struct xm_a653 back;   /* the last schedule read back */
};

/*
 * Carry out plan @p: nothing is written when the schedule and UUIDs are
 * already in place; a failure undoes what was written, as far as it is
 * still as this run left it (another writer's changes are kept, and
 * a->intervened says so). The caller holds the writer lock. The differences a
 * read-back finds go into @d. Fills @a and returns a->outcome.
 */
enum sched_outcome sched_apply(struct xm_xen *x, const struct sched_plan *p,
			       struct sched_apply *a, struct sched_diag *d);

#endif
