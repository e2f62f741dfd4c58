// SPDX-License-Identifier: MIT
/*
 * What the schedule commands' CLI files share (cmd_sched.c, cmd_report.c,
 * cmd_monitor.c): reading a schedule file into the parser, with its
 * messages printed as compilers print them.
 */
#ifndef XM_SCHED_CLI_H
#define XM_SCHED_CLI_H

#include "json.h"
#include "sched.h"
#include "xenmin.h"

#define XM_LOAD_STRICT 0x1u  /* warnings fail too */
#define XM_LOAD_QUIET 0x2u   /* keep the messages in @d, print none */

/*
 * Read FILE ("-": stdin) and parse it into @f, its messages into @d
 * (printed as FILE:LINE:COL unless XM_LOAD_QUIET). 0, or the exit code:
 * 65 when it has errors (or warnings, with XM_LOAD_STRICT), 66 unread.
 */
int xm_sched_load(struct xm_cli *c, const char *path, struct sched_file *f,
		  unsigned how, struct sched_diag *d);

/* monitor's long options; from the third on, get's */
extern const struct xm_option xm_sched_monitor_lo[];

/* --pool N into @out; 0 or a usage error (64). */
int xm_sched_opt_pool(struct xm_cli *c, const char *s, long *out);

/*
 * Open Xen, read the live system into @l, pick the pool (@want, or the
 * only one running arinc653; said in words if none fits) and read its
 * schedule into @s. 0 or the exit code. Free @l with xm_sched_live_free.
 */
int xm_sched_read_pool(struct xm_cli *c, long want, struct sched_live *l,
		       uint32_t *pool, struct xm_a653 *s);
void xm_sched_live_free(struct sched_live *l);

/* "70.0%" of @part of @whole, rounded to a tenth of a percent. */
void xm_sched_pct(uint64_t part, uint64_t whole, char *b, size_t len);

/* The entries of @s with a handle not used before, in order; the count. */
unsigned xm_sched_distinct(const struct xm_a653 *s, int *first);

/* Which live domains of @pool hold @h (indices into l->dom); the count. */
unsigned xm_sched_holders(const struct sched_live *l, const uint8_t h[16],
			  uint32_t pool, int *idx, unsigned max);

/*
 * The JSON documents of check, get, monitor and report: each is an
 * object on stdout whose last member is an array. Opened by cmds.h's
 * xm_json_doc_begin; open an array member @k; close the last array, the
 * object and the document.
 */
void xm_sched_json_array(struct xm_json *j, const char *k);
void xm_sched_json_close(struct xm_json *j);

#endif
