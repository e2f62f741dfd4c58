// SPDX-License-Identifier: MIT
/*
 * The ARINC 653 schedule as xenmin sees it: the parsed schedule file and
 * the plan that turns a file plus a snapshot of the live system into the
 * exact payload for Xen and the UUID changes it needs (their messages go
 * into the store of sched_diag.h). Everything declared here is pure logic:
 * it neither prints nor exits nor talks to Xen, so it is tested without a
 * hypervisor; sched_apply.h carries a plan out, cmd_sched.c prints.
 */
#ifndef XM_SCHED_H
#define XM_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include "sched_diag.h"
#include "xenops.h"

#define SCHED_NAME_MAX 32     /* bytes of a local domain name, with NUL */
#define SCHED_MAX_SLOTS XM_A653_MAX_ENTRIES
#define SCHED_MAX_DOMS 128    /* declarations kept; more is an error */
#define SCHED_MAX_NAMED 16    /* `schedule NAME` blocks in one file */

/* Xen keeps times as signed 64-bit ns (s_time_t): larger values go wrong. */
#define SCHED_TIME_MAX ((uint64_t)INT64_MAX)
#define SCHED_SHORT_SLOT_US 100u      /* shorter slots get a warning */
#define SCHED_DOMID_MAX (XM_DOMID_FIRST_RESERVED - 1u) /* highest domid */

struct sched_dom {
	char name[SCHED_NAME_MAX];
	unsigned line, col;
	unsigned char has_domid, has_uuid; /* flags: 1-byte stores */
	uint16_t domid;
	uint8_t uuid[16];
	unsigned nslots;
	unsigned char bad;    /* the declaration had an error */
};

struct sched_slot {
	unsigned line, col;
	int dom;              /* index into sched_file.dom */
	uint32_t vcpu;
	uint64_t runtime_ns;
};

/*
 * One schedule of a file: a `schedule NAME` block, or the whole of a file
 * without `schedule` lines (then its name is "").
 */
struct sched_block {
	char name[SCHED_NAME_MAX];
	unsigned line, col;   /* of its `schedule` line; 0 when unnamed */
	unsigned char has_major;
	unsigned major_line;
	uint64_t major_ns;    /* the given value, else the sum of the slots */
	uint64_t sum_ns;      /* sum of the slot runtimes */
	unsigned first, nslot; /* its slots: sched_file.all[first..+nslot) */
};

/*
 * A parsed file. The cpupool and the domains are shared by all its
 * schedules; the fields from has_major to slot[] (and each domain's
 * nslots) describe the selected one (sched_select(); after parsing: the
 * first), which is what the planner and the report read.
 */
struct sched_file {
	unsigned char has_pool, has_major;
	uint32_t pool;
	unsigned pool_line, major_line;
	uint64_t major_ns;    /* the given value, else the sum of the slots */
	uint64_t sum_ns;      /* sum of the slot runtimes */
	unsigned ndom, nslot;
	/* The counts before the big arrays: short offsets in the parser's code. */
	unsigned nsched, cur; /* schedules (at least 1), the selected one */
	unsigned char named;  /* the file has `schedule` lines */
	unsigned nall;
	struct sched_dom dom[SCHED_MAX_DOMS];
	struct sched_slot slot[SCHED_MAX_SLOTS];
	struct sched_block sched[SCHED_MAX_NAMED];
	struct sched_slot all[SCHED_MAX_NAMED * SCHED_MAX_SLOTS];
};

/*
 * Parse and check a schedule file held in @text (@len bytes, need not be
 * NUL-terminated). Every problem goes into @d, sorted by position. Returns
 * 0 when there is no error (warnings allowed), -EINVAL otherwise. @f is
 * filled as far as the file allows even on error.
 */
int sched_parse(const char *text, size_t len, struct sched_file *f,
		struct sched_diag *d);
/*
 * The same parser for a domains file (names.h): every line is read and
 * checked as in a schedule, but no cpupool or slot line is required.
 */
int sched_parse_domains(const char *text, size_t len, struct sched_file *f,
			struct sched_diag *d);

/*
 * Select schedule @name of a parsed file (NULL or "": the first), so that
 * the file's top-level fields describe it. Its index, or -1 if the file
 * has no schedule of that name (nothing changed then).
 */
int sched_select(struct sched_file *f, const char *name);

/* Time in ns as the file syntax writes it: the largest exact unit. */
void sched_fmt_time(uint64_t ns, char *buf, size_t len);
/* "40ms", "1.5ms", "250us"... into ns. 0 or -EINVAL / -ERANGE. */
int sched_parse_time(const char *s, size_t len, uint64_t *ns);

/* ---- planning against the live system ---- */

/* A snapshot of what `set` reads once before deciding anything. */
struct sched_live {
	struct xm_dominfo *dom;   /* the arrays belong to whoever read them */
	size_t ndom;
	struct xm_pool *pool;
	size_t npool;
	int have_self;            /* XENVER_guest_handle answered */
	uint8_t self[16];
};

#define SCHED_PLAN_ASSIGN_UUIDS 0x1u /* derive UUIDs for shared handles */
#define SCHED_PLAN_FORCE 0x2u        /* allow starving the caller */
#define SCHED_PLAN_NO_POOL 0x4u      /* the pool is checked by reading its
				      * schedule: l->pool is not read */
#define SCHED_PLAN_IDLE_MAX 64       /* idle domains listed in a plan */

struct sched_change {
	int dom;              /* index into the file's domains */
	uint16_t domid;
	uint8_t from[16], to[16];
	unsigned char derived; /* 1: derived by --assign-uuids */
};

struct sched_plan {
	uint32_t pool;
	struct xm_a653 payload;
	int domid[SCHED_MAX_DOMS];   /* live domid of each file domain, -1 */
	unsigned nchg;
	struct sched_change chg[SCHED_MAX_DOMS];
	int caller;                  /* domid running xenmin, -1 unknown */
	unsigned char caller_guessed; /* 1: several share its UUID, took 0 */
	unsigned char all_kept;      /* every domain of the pool has a slot:
				      * which one the caller is is moot */
	unsigned nidle;              /* pool domains that get no slot */
	uint16_t idle[SCHED_PLAN_IDLE_MAX]; /* the first of them */
};

/* Why a plan failed, for exit codes: the CLI maps these. */
enum sched_plan_err {
	SCHED_OK = 0,
	SCHED_E_FIT,          /* live system does not fit the file: exit 2 */
	SCHED_E_CALLER,       /* would starve the caller: exit 2 */
	SCHED_E_NOMEM,        /* out of memory (said in @d): exit 70 */
};

/*
 * Resolve @f (a file sched_parse() accepted) against @l: check the pool,
 * find each domain, decide the UUID changes, check every vCPU and the
 * caller, and build the payload. Problems go into @d (line numbers from
 * the file, col 0). Returns SCHED_OK or the first kind of problem found
 * (all of that kind are reported).
 */
int sched_plan(const struct sched_file *f, const struct sched_live *l,
	       uint32_t pool, unsigned flags, struct sched_plan *p,
	       struct sched_diag *d);

/* The UUID --assign-uuids gives domain @name of pool @pool (stable). */
void sched_derive_uuid(uint32_t pool, const char *name, uint8_t out[16]);

/*
 * Does cpupool @id of the snapshot exist and run arinc653? 0, or -1 with
 * the reason ("pool 1 runs credit2, not arinc653") in @why.
 */
int sched_check_pool(const struct sched_live *l, uint32_t id, char *why,
		     size_t len);

/*
 * Compare two schedules; write a description of the differences to @d
 * (one message per difference, no positions), or only answer when @d is
 * NULL. Returns 0 if equal.
 */
int sched_compare(const struct xm_a653 *want, const struct xm_a653 *have,
		  struct sched_diag *d);

#endif
