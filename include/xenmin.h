// SPDX-License-Identifier: MIT
/*
 * What every command of the CLI layer shares: the exit codes (an interface:
 * boot scripts and auditors branch on them), the command table entry, the
 * per-run context, and the helpers that print diagnostics in the one house
 * format "xenmin: <command>: <what>: <why>" and turn -errno into words.
 */
#ifndef XENMIN_H
#define XENMIN_H

#include <stdint.h>

#include "opt.h"
#include "parse.h"
#include "xenops.h"
#include "xio.h"

#define XENMIN_VERSION "0.1.0"

/* Exit codes. Documented in README.md and `xenmin help` (cli.c). */
enum xm_exit {
	XM_EXIT_OK = 0,
	XM_EXIT_NO = 1,           /* a question answered "no" (diff: differs) */
	XM_EXIT_REFUSED = 2,      /* Xen refused, or the live system does not fit */
	XM_EXIT_VERIFY = 3,       /* Xen accepted, read-back differs */
	XM_EXIT_USAGE = 64,       /* bad command line */
	XM_EXIT_DATA = 65,        /* bad input data (schedule file) */
	XM_EXIT_NOINPUT = 66,     /* cannot open or read an input file */
	XM_EXIT_NOXEN = 69,       /* cannot run here: no /dev/xen/privcmd */
	XM_EXIT_INTERNAL = 70,    /* a bug in xenmin, or out of memory */
	XM_EXIT_IO = 74,          /* cannot write the output */
	XM_EXIT_TIMEOUT = 75,     /* --wait ran out */
	XM_EXIT_INTERFACE = 76,   /* hypervisor interface not supported */
	XM_EXIT_PERM = 77,        /* permission denied */
};

struct xm_cli;

#define XM_MANY 255 /* xm_cmd.max: no limit */

struct xm_cmd {
	const char *name;     /* "domain list": object and verb, exact match */
	int (*fn)(struct xm_cli *c, int argc, char **argv);
	/*
	 * Operands allowed after the options, checked by xm_getopt. Any other
	 * count is the usage error count_err; with max 0 it names the first
	 * operand too ("unexpected operand X").
	 */
	unsigned char min, max;
	const char *count_err;
	const char *args;     /* operand synopsis, after the name */
	const char *summary;  /* one line for `xenmin help` */
	const char *help;     /* options and notes for `COMMAND --help` */
};

struct xm_cli {
	const struct xm_cmd *cmd;
	struct xm_xen xen;
	struct xm_transport *t;
	int trace;
};

extern const struct xm_cmd xm_cmds[];
extern const size_t xm_ncmds;

void xm_print_overview(struct xm_stream *f);
/* The usage lines of every verb of object @obj ("domain"). */
void xm_print_verbs(struct xm_stream *f, const char *obj);
/*
 * Resolve argv into a command. Returns the number of words consumed (1 or
 * 2) or 0 if none matches; *@obj_only is set when argv[0] names an object
 * but none of its verbs.
 */
int xm_resolve(int argc, char **argv, const struct xm_cmd **out, int *obj_only);

/* Print "xenmin: <cmd>: <what>: <why>" (what may be NULL) to stderr. */
void xm_err(const struct xm_cli *c, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Usage error: message, the command's usage line; returns XM_EXIT_USAGE. */
int xm_usage(const struct xm_cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void xm_print_usage(struct xm_stream *f, const struct xm_cmd *cmd);
void xm_print_help(struct xm_stream *f, const struct xm_cmd *cmd);

/*
 * The option parser for commands: xm_getopt_raw (opt.h), plus errors
 * printed with the usage line, and at the end of the options the operand
 * count checked against c->cmd's min and max. Returns the option, -1 when
 * the options are done and the operands fit, or XM_OPT_BAD after a usage
 * error (the command returns XM_EXIT_USAGE). -h/--help never reaches it:
 * main answers it.
 */
int xm_getopt(struct xm_cli *c, struct xm_opt *op);
#define XM_OPT_BAD (-2)

/*
 * Open the hypervisor for @c (transport + version probe) after the command
 * has checked its arguments. Returns 0, or prints why not and returns the
 * exit code.
 */
int xm_cli_open_xen(struct xm_cli *c);

/* A domid operand; prints a usage error and returns 64 if not one. */
int xm_parse_domid(struct xm_cli *c, const char *s, uint16_t *out);

/* What a failure means, in the context of one operation. */
enum xm_what {
	XM_W_OPEN,        /* opening /dev/xen/privcmd */
	XM_W_VERSION,     /* probing the hypervisor */
	XM_W_SYSCTL,      /* a system-wide sysctl (list, pools) */
	XM_W_DOMAIN,      /* a domctl on one domain */
	XM_W_PAUSE,
	XM_W_UNPAUSE,
	XM_W_SETHANDLE,
	XM_W_A653,        /* ARINC 653 get/put on a cpupool */
	XM_W_CONSOLE,     /* finding, mapping, binding a console ring */
};

/* Words for -@err in context @w (never a bare errno). */
const char *xm_errwords(enum xm_what w, int err);
/* Exit code for -@err in context @w. */
int xm_errexit(enum xm_what w, int err);
/* Print the error and return its exit code. */
int xm_fail(const struct xm_cli *c, const char *what, enum xm_what w, int err);

/*
 * Flush stdout and map a write error to XM_EXIT_IO (silent on EPIPE).
 * main calls it once, after the command, so commands never do.
 */
int xm_finish_stdout(const struct xm_cli *c, int rc);

/*
 * After a command failed for want of scheduler @id (XM_SCHED_*): if the
 * .config in hypfs says this Xen is built without it, say so in those
 * words (nothing when it is built in, or hypfs cannot tell). cmd_info.c.
 */
void xm_say_sched_not_built(struct xm_cli *c, uint32_t id);

/* Command entry points (cmd_*.c). */
int cmd_info(struct xm_cli *c, int argc, char **argv);
int cmd_help(struct xm_cli *c, int argc, char **argv);
int cmd_console_attach(struct xm_cli *c, int argc, char **argv);
int cmd_domain_list(struct xm_cli *c, int argc, char **argv);
int cmd_domain_pause(struct xm_cli *c, int argc, char **argv);
int cmd_domain_unpause(struct xm_cli *c, int argc, char **argv);
int cmd_sched_check(struct xm_cli *c, int argc, char **argv);
int cmd_sched_set(struct xm_cli *c, int argc, char **argv);
int cmd_sched_get(struct xm_cli *c, int argc, char **argv);
int cmd_sched_diff(struct xm_cli *c, int argc, char **argv);
int cmd_sched_switch(struct xm_cli *c, int argc, char **argv);
int cmd_sched_status(struct xm_cli *c, int argc, char **argv);
int cmd_sched_report(struct xm_cli *c, int argc, char **argv);
int cmd_sched_monitor(struct xm_cli *c, int argc, char **argv);

#endif
