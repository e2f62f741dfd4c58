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

/* The version is written once, in CMakeLists.txt's project(). */
#ifndef XENMIN_VERSION
#error "XENMIN_VERSION is defined by the build (CMakeLists.txt, project())"
#endif

/* Exit codes. Documented in README.md and `xenmin help` (cli.c). */
enum xm_exit {
	XM_EXIT_OK = 0,
	XM_EXIT_NO = 1,           /* a question answered "no" (diff: differs) */
	XM_EXIT_REFUSED = 2,      /* Xen refused, or the live system does not fit */
	XM_EXIT_VERIFY = 3,       /* Xen accepted, read-back differs */
	XM_EXIT_LEFT = 4,         /* left changed: could not undo (listed) */
	XM_EXIT_INTERVENED = 5,   /* another writer changed what this run wrote */
	XM_EXIT_DYING = 6,        /* a destroyed domain is still dying */
	XM_EXIT_NEVER = 7,        /* domain wait: the condition is out of reach */
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
	/*
	 * Its summary and help are the section NAME of src/help.txt; its
	 * operand synopsis and count_err the line "NAME ..." of the data
	 * sections :usage and :counterr there (xm_cmd_text).
	 */
};

struct xm_domains;

struct xm_cli {
	const struct xm_cmd *cmd;
	struct xm_xen xen;
	struct xm_transport *t;
	int trace;
	const char *domains;       /* --domains FILE, or NULL */
	struct xm_domains *names;  /* the domains file, once read (domarg.c) */
	int locked;           /* xm_writer_lock() holds the lock */
};

extern const struct xm_cmd xm_cmds[];
extern const size_t xm_ncmds;

/*
 * The overview and a command's help (from src/help.txt). XM_EXIT_OK, or
 * XM_EXIT_INTERNAL when the help texts cannot be inflated (said).
 */
int xm_print_overview(struct xm_stream *f);
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
/* xm_err and xm_usage with catalogue message @id (msg.h's xm_err_msg). */
void xm_err_id(const struct xm_cli *c, const char *what, unsigned id, ...);
int xm_usage_id(const struct xm_cli *c, unsigned id, ...);
/* Usage error: message, the command's usage line; returns XM_EXIT_USAGE. */
int xm_usage(const struct xm_cli *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void xm_print_usage(struct xm_stream *f, const struct xm_cmd *cmd);
/*
 * @cmd's line in data section @sec of the help texts (":usage": operand
 * synopsis; ":counterr": the usage error of a wrong operand count),
 * without the name; "" if it has none.
 */
const char *xm_cmd_text(const struct xm_cmd *cmd, const char *sec);
int xm_print_help(struct xm_stream *f, const struct xm_cmd *cmd);

/*
 * The option parser for commands: xm_getopt_raw (opt.h), plus errors
 * printed with the usage line, and at the end of the options the operand
 * count checked against c->cmd's min and max. Returns the option, -1 when
 * the options are done and the operands fit, or XM_OPT_BAD after a usage
 * error (the command returns XM_EXIT_USAGE). -h/--help never reaches it:
 * main answers it.
 */
int xm_getopt(struct xm_cli *c, struct xm_opt *op);
/*
 * The options of a command whose one option is --json (-j): sets *@json;
 * the index of the first operand, or -1 after a usage error (said).
 */
int xm_opt_json(struct xm_cli *c, int argc, char **argv, int *json);
#define XM_OPT_BAD (-2)

/*
 * Open the hypervisor for @c (transport + version probe) after the command
 * has checked its arguments. Returns 0, or prints why not and returns the
 * exit code.
 */
int xm_cli_open_xen(struct xm_cli *c);

/*
 * Take xenmin's writer lock (lock.c): every command that writes to Xen
 * calls it before it reads the state its writes depend on. Waits up to
 * $XENMIN_LOCK_WAIT s (default 10) for another xenmin writer. Returns 0
 * (held until the process ends; a second call is a no-op) or prints why
 * not and returns the exit code (75: still held by another writer).
 */
int xm_writer_lock(struct xm_cli *c);

/* A domid operand; prints a usage error and returns 64 if not one. */
int xm_parse_domid(struct xm_cli *c, const char *s, uint16_t *out);

/* ---- DOMAIN operands and the domains file (domarg.c) ---- */

#define XM_DOMAINS_FILE "/etc/xenmin/domains"

/*
 * Read the domains file, once per run: --domains FILE, else
 * $XENMIN_DOMAINS, else /etc/xenmin/domains (missing: no names). Returns
 * 0, or prints why not and returns the exit code (65: errors, shown as
 * FILE:LINE:COL; 66: cannot read, or a file named explicitly is missing),
 * the same at every later call. xm_cli_open_xen and xm_dom_check call it,
 * so no command acts on Xen with a broken file. main frees it.
 */
int xm_domains_load(struct xm_cli *c);
void xm_domains_free(struct xm_cli *c);

/*
 * Before Xen is opened: check the DOMAIN operands @args[@n] (each a domid
 * or a name in the domains file, loaded here). 0, or the exit code after
 * printing why: 64 for an operand that is neither, or as xm_domains_load.
 */
int xm_dom_check(struct xm_cli *c, int n, char **args);

/* One DOMAIN operand, as xm_dom_get found it. */
struct xm_dom {
	uint16_t domid;
	const char *name;  /* given by this name; NULL for a domid operand */
	char label[48];    /* for messages: "3", or "nav (domid 3)" */
};

/*
 * After xm_cli_open_xen: the domain operand @arg (checked by xm_dom_check)
 * means now. A domid is taken as it is (whether it exists is Xen's to
 * say); a name is bound with the others to the live domains at the first
 * use (one getdomaininfolist, unless xm_dom_bind was given a list). 0, or
 * prints why not ("nav: no such domain: ...") and returns the exit code:
 * 2, or that of the failed list call.
 */
int xm_dom_get(struct xm_cli *c, const char *arg, struct xm_dom *out);
/* A command's one DOMAIN operand: xm_dom_check, xm_cli_open_xen, xm_dom_get. */
int xm_dom_one(struct xm_cli *c, char *arg, struct xm_dom *out);

/* Bind the names to the live domains @v[@n] that the caller just read. */
void xm_dom_bind(struct xm_cli *c, const struct xm_dominfo *v, size_t n);

/*
 * Every live domain into *@v (*@n of them; the caller frees), the names
 * bound to them: 0, or the list call's failure said and its exit code.
 */
int xm_dom_list(struct xm_cli *c, struct xm_dominfo **v, size_t *n);

/* The name of live domain @domid once the names are bound, else NULL. */
const char *xm_dom_name(const struct xm_cli *c, uint16_t domid);

/*
 * Without printing, for commands that look again and again (wait,
 * watch): the domid operand @arg means, or for a name the domid it was
 * bound to by the last xm_dom_bind, or -1 when it means no domain then.
 */
int xm_dom_now(const struct xm_cli *c, const char *arg);

/*
 * Read all of @path ("-": stdin) into a malloc'd *@buf. 0, or prints why
 * not and returns 66 (cannot open or read, or not a regular file), 65
 * (over 1 MiB) or 70. With @missing_ok, a file that does not exist is 0
 * with *@buf NULL.
 */
int xm_read_input(const struct xm_cli *c, const char *path, int missing_ok,
		  char **buf, size_t *len);

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
	XM_W_DESTROY,
	XM_W_SHUTDOWN,
	XM_W_POOL_NEW,    /* creating a cpupool */
	XM_W_POOL,        /* destroying one, adding or removing a CPU */
	XM_W_MOVE,        /* moving a domain to another cpupool */
	XM_W_VCPU,        /* a vCPU's state or affinity */
	XM_W_VIRQ,        /* binding a global virq (why xenmin polls) */
	XM_W_EVTCHN,      /* the event channels of a domain */
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
 * words and return 1 (0, silent, when it is built in, or hypfs cannot
 * tell). cmd_info.c.
 */
int xm_say_sched_not_built(struct xm_cli *c, uint32_t id);

/*
 * The host's CPUs, 0 to *@ncpus - 1 (physinfo): prints why not and
 * returns the exit code, 76 for a host beyond xenmin's 64 CPUs. cmd_pool.c.
 */
int xm_cli_ncpus(struct xm_cli *c, unsigned *ncpus);
/*
 * CPU list @a (cpulist.h) into *@m. @ncpus 0: before Xen, the syntax only
 * (a usage error, 64); else the host's CPUs, and one beyond is exit 2.
 */
int xm_cli_cpulist(struct xm_cli *c, const char *a, unsigned ncpus,
		   uint64_t *m);

/* Command entry points (cmd_*.c). */
int cmd_info(struct xm_cli *c, int argc, char **argv);
int cmd_help(struct xm_cli *c, int argc, char **argv);
int cmd_console_attach(struct xm_cli *c, int argc, char **argv);
int cmd_domain_destroy(struct xm_cli *c, int argc, char **argv);
int cmd_domain_list(struct xm_cli *c, int argc, char **argv);
int cmd_domain_pause(struct xm_cli *c, int argc, char **argv);
int cmd_domain_shutdown(struct xm_cli *c, int argc, char **argv);
int cmd_domain_unpause(struct xm_cli *c, int argc, char **argv);
int cmd_pool_create(struct xm_cli *c, int argc, char **argv);
int cmd_pool_cpu_add(struct xm_cli *c, int argc, char **argv);
int cmd_pool_cpu_remove(struct xm_cli *c, int argc, char **argv);
int cmd_pool_destroy(struct xm_cli *c, int argc, char **argv);
int cmd_pool_list(struct xm_cli *c, int argc, char **argv);
int cmd_pool_migrate(struct xm_cli *c, int argc, char **argv);
int cmd_domain_wait(struct xm_cli *c, int argc, char **argv);
int cmd_domain_watch(struct xm_cli *c, int argc, char **argv);
int cmd_dmesg(struct xm_cli *c, int argc, char **argv);
int cmd_evtchn_list(struct xm_cli *c, int argc, char **argv);
int cmd_sched_check(struct xm_cli *c, int argc, char **argv);
int cmd_sched_set(struct xm_cli *c, int argc, char **argv);
int cmd_sched_get(struct xm_cli *c, int argc, char **argv);
int cmd_sched_diff(struct xm_cli *c, int argc, char **argv);
int cmd_sched_switch(struct xm_cli *c, int argc, char **argv);
int cmd_sched_status(struct xm_cli *c, int argc, char **argv);
int cmd_sched_report(struct xm_cli *c, int argc, char **argv);
int cmd_sched_monitor(struct xm_cli *c, int argc, char **argv);
int cmd_vcpu_list(struct xm_cli *c, int argc, char **argv);
int cmd_vcpu_pin(struct xm_cli *c, int argc, char **argv);

#endif
