// SPDX-License-Identifier: MIT
/*
 * What the schedule commands' CLI files share (cmd_sched.c, cmd_report.c,
 * cmd_monitor.c): reading a schedule file into the parser, with its
 * messages printed as compilers print them.
 */
#ifndef XM_SCHED_CLI_H
#define XM_SCHED_CLI_H

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

#endif
