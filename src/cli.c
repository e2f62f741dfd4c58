// SPDX-License-Identifier: MIT
/*
 * The CLI's shared core: the one command table from which `help`, usage
 * lines and dispatch all come, command-name resolution (exact words only,
 * no prefix guessing), the help texts with the exit-code table, and the
 * hypervisor opening with --trace that commands call once their arguments
 * are known good, so usage errors never depend on being on Xen.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "help.h"
#include "msg.h"
#include "transport.h"
#include "xenmin.h"

/* Sorted by name; a unit test checks order, uniqueness, help, count words. */
const struct xm_cmd xm_cmds[] = {
	{ "console attach", cmd_console_attach, 0, 1 },
	{ "cpupool cpu-add", cmd_pool_cpu_add, 2, XM_MANY },
	{ "cpupool cpu-remove", cmd_pool_cpu_remove, 2, XM_MANY },
	{ "cpupool create", cmd_pool_create, 0, 1 },
	{ "cpupool destroy", cmd_pool_destroy, 1, 1 },
	{ "cpupool list", cmd_pool_list, 0, 0 },
	{ "cpupool migrate", cmd_pool_migrate, 2, 2 },
	{ "dmesg", cmd_dmesg, 0, 0 },
	{ "domain destroy", cmd_domain_destroy, 1, XM_MANY },
	{ "domain list", cmd_domain_list, 0, XM_MANY },
	{ "domain pause", cmd_domain_pause, 1, XM_MANY },
	{ "domain shutdown", cmd_domain_shutdown, 1, XM_MANY },
	{ "domain unpause", cmd_domain_unpause, 1, XM_MANY },
	{ "domain wait", cmd_domain_wait, 1, XM_MANY },
	{ "domain watch", cmd_domain_watch, 0, XM_MANY },
	{ "evtchn list", cmd_evtchn_list, 1, 1 },
	{ "help", cmd_help, 0, XM_MANY },
	{ "info", cmd_info, 0, 0 },
	{ "sched-arinc653 check", cmd_sched_check, 1, 1 },
	{ "sched-arinc653 diff", cmd_sched_diff, 1, 1 },
	{ "sched-arinc653 get", cmd_sched_get, 0, 0 },
	{ "sched-arinc653 monitor", cmd_sched_monitor, 0, 0 },
	{ "sched-arinc653 report", cmd_sched_report, 1, 1 },
	{ "sched-arinc653 set", cmd_sched_set, 1, 1 },
	{ "sched-arinc653 status", cmd_sched_status, 1, 1 },
	{ "sched-arinc653 switch", cmd_sched_switch, 2, 2 },
	{ "vcpu list", cmd_vcpu_list, 0, XM_MANY },
	{ "vcpu pin", cmd_vcpu_pin, 3, 3 },
};
const size_t xm_ncmds = sizeof(xm_cmds) / sizeof(xm_cmds[0]);

const char *xm_cmd_text(const struct xm_cmd *cmd, const char *sec)
{
	size_t l = strlen(cmd->name);
	const char *p;

	for (unsigned i = 0; *(p = xm_help_line(sec, i)); i++)
		if (xm_strneq(p, cmd->name, l) && (p[l] == ' ' || !p[l]))
			return p + l + !!p[l];
	return "";
}

/* Inflate the help texts, or say why not. */
static int help_open(void)
{
	int r = xm_help_open();

	if (r < 0)
		xm_err(NULL, "help", "cannot inflate the help texts: %s",
		       xm_strerror(-r));
	return r;
}

/* The lines of a section after @p, each with its newline. */
static void print_body(struct xm_stream *f, const char *p)
{
	while ((p = xm_help_after(p))) {
		xm_fputs(p, f);
		xm_fputc('\n', f);
	}
}

/*
 * A section's summary line after an empty line, then its text (after one
 * more empty line if @gap).
 */
static void print_section(struct xm_stream *f, const char *name, int gap)
{
	const char *s = xm_help_find(name);

	if (!s)
		return;
	xm_fputc('\n', f);
	xm_fputs(s, f);
	xm_fputc('\n', f);
	if (gap && xm_help_after(s))
		xm_fputc('\n', f);
	print_body(f, s);
}

int xm_print_overview(struct xm_stream *f)
{
	const char *s;

	xm_fputs("usage: xenmin [--trace] [--domains FILE] COMMAND [ARGS...]\n"
		 "       xenmin COMMAND --help\n\n"
		 "Control the Xen hypervisor directly, without a toolstack.\n\n",
		 f);
	if (help_open() < 0)
		return XM_EXIT_INTERNAL;
	xm_fputs("Commands:\n", f);
	for (size_t i = 0; i < xm_ncmds; i++) {
		xm_fprintf(f, "  %-22s ", xm_cmds[i].name);
		s = xm_help_find(xm_cmds[i].name);
		if (s)
			xm_fputs(s, f);
		xm_fputc('\n', f);
	}
	/* "Global options:" and "Exit codes:" are their summary lines */
	static const char *const tail[] = { ":global", ":exit" };

	for (size_t i = 0; i < 2; i++)
		print_section(f, tail[i], 0);
	return XM_EXIT_OK;
}

int xm_print_help(struct xm_stream *f, const struct xm_cmd *cmd)
{
	xm_print_usage(f, cmd);
	if (help_open() < 0)
		return XM_EXIT_INTERNAL;
	print_section(f, cmd->name, 1);
	xm_fputs("\nExit codes: see `xenmin help`.\n", f);
	return XM_EXIT_OK;
}

/* Exact match only: no prefixes, no guessing. */
static const struct xm_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < xm_ncmds; i++)
		if (strcmp(xm_cmds[i].name, name) == 0)
			return &xm_cmds[i];
	return NULL;
}

/* The verb of command @i if its name starts with the word @obj, or NULL. */
static const char *verb_of(size_t i, const char *obj)
{
	const char *name = xm_cmds[i].name;
	size_t l = strlen(obj);

	return xm_strneq(name, obj, l) && name[l] == ' ' ? name + l + 1 : NULL;
}

/* Commands whose name starts with the word @obj (then a space). */
static int is_object(const char *obj)
{
	for (size_t i = 0; i < xm_ncmds; i++)
		if (verb_of(i, obj))
			return 1;
	return 0;
}

void xm_print_verbs(struct xm_stream *f, const char *obj)
{
	for (size_t i = 0; i < xm_ncmds; i++)
		if (verb_of(i, obj))
			xm_print_usage(f, &xm_cmds[i]);
}

/* The command named by the two words @obj and @verb, compared in place. */
static const struct xm_cmd *find_cmd2(const char *obj, const char *verb)
{
	for (size_t i = 0; i < xm_ncmds; i++) {
		const char *v = verb_of(i, obj);

		if (v && strcmp(v, verb) == 0)
			return &xm_cmds[i];
	}
	return NULL;
}

int xm_resolve(int argc, char **argv, const struct xm_cmd **out,
		   int *obj_only)
{
	*obj_only = 0;
	if (argc >= 2) {
		*out = find_cmd2(argv[0], argv[1]);
		if (*out)
			return 2;
	}
	*out = find_cmd(argv[0]);
	if (*out)
		return 1;
	*obj_only = is_object(argv[0]);
	return 0;
}

int cmd_help(struct xm_cli *c, int argc, char **argv)
{
	const struct xm_cmd *cmd;
	int obj, ind = xm_no_opts(c, argc, argv);

	if (ind < 0)
		return XM_EXIT_USAGE;
	argc -= ind;
	argv += ind;
	if (argc == 0)
		return xm_print_overview(xm_out);
	if (!xm_resolve(argc, argv, &cmd, &obj)) {
		if (obj) {
			xm_print_verbs(xm_out, argv[0]);
			return XM_EXIT_OK;
		}
		return xm_usage_msg(c, XM_MSG(m_cli_nocmd, "%s: no such command"), argv[0]);
	}
	return xm_print_help(xm_out, cmd);
}

/* --trace: one line per hypercall, errnos by name (auditors grep for these). */
static void trace_print(void *arg, const struct xm_trace_rec *r)
{
	(void)arg;
	xm_fprintf(xm_errout, "xenmin: trace: %s %s", r->op, r->subop);
	if (r->domid >= 0)
		xm_fprintf(xm_errout, " dom=%ld", r->domid);
	if (r->ifver)
		xm_fprintf(xm_errout, " if=0x%02" PRIx32, r->ifver);
	if (r->result < 0 && xm_errno_name((int)-r->result))
		xm_fprintf(xm_errout, " -> -%s", xm_errno_name((int)-r->result));
	else if (r->result < 0)
		xm_fprintf(xm_errout, " -> -errno %ld", -r->result);
	else
		xm_fprintf(xm_errout, " -> %ld", r->result);
	xm_fprintf(xm_errout, " (%" PRIu64 ".%03" PRIu64 " us)\n", r->ns / 1000,
		r->ns % 1000);
}

int xm_cli_open_xen(struct xm_cli *c)
{
	int r = xm_domains_load(c);

	if (r)
		return r;
	r = xm_transport_open(&c->t);
	if (r)
		return xm_fail(c, NULL, XM_W_OPEN, r);
	if (c->trace) {
		c->xen.trace = trace_print;
		c->xen.trace_arg = c;
	}
	r = xm_xen_open(&c->xen, c->t);
	if (r == -EPROTONOSUPPORT) {
		/* Names the release in full; "" if even that is refused. */
		xm_xen_extra(&c->xen);
		xm_err_msg(c, NULL, XM_MSG(m_cli_unsupported, "Xen %u.%u%s is not supported: it refused every domctl interface version from 0x%02x to 0x%02x"),
		       c->xen.major, c->xen.minor, c->xen.extra,
		       c->xen.tried_lo, c->xen.tried_hi);
		return XM_EXIT_INTERFACE;
	}
	if (r)
		return xm_fail(c, "asking Xen its version", XM_W_VERSION, r);
	return 0;
}

