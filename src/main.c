// SPDX-License-Identifier: MIT
/*
 * xenmin's entry point: global options (--trace, --domains, --version),
 * multi-call dispatch on the program name (a symlink xenmin-domain acts as
 * `xenmin domain`), -h/--help of every command, and handing the arguments
 * to the command found in the table. Commands return their exit code; only
 * cmd_*.c and cli.c decide them. stdout is flushed once, here, at the end.
 */
#include <string.h>

#include "transport.h"
#include "xenmin.h"

static const char *base_name(const char *p)
{
	const char *b = p;

	for (; *p; p++)
		if (*p == '/')
			b = p + 1;
	return b;
}

/* The options before the command. Returns -1 to go on, or the exit code. */
static int global_opts(struct xm_cli *cli, struct xm_opt *op)
{
	int o;

	while ((o = xm_getopt_raw(op)) != -1) {
		switch (o) {
		case 't':
			cli->trace = 1;
			break;
		case 'D':
			cli->domains = op->arg;
			break;
		case 'V':
			xm_printf("xenmin %s\n", XENMIN_VERSION);
			return XM_EXIT_OK;
		case 'h':
			return xm_print_overview(xm_out);
		case ':':
			xm_err(NULL, NULL, "option %s needs a value", op->bad);
			return XM_EXIT_USAGE;
		default:
			xm_err(NULL, NULL, "unknown option %s", op->bad);
			xm_print_overview(xm_errout);
			return XM_EXIT_USAGE;
		}
	}
	return -1;
}

/* Words that name no command: say which part is wrong. */
static int no_command(int ac, char **av, int obj)
{
	if (obj && ac > 1) {
		xm_err(NULL, NULL, "%s %s: no such command", av[0], av[1]);
		xm_print_verbs(xm_errout, av[0]);
	} else if (obj) {
		xm_err(NULL, av[0], "which one?");
		xm_print_verbs(xm_errout, av[0]);
	} else {
		xm_err(NULL, av[0], "no such command (see `xenmin help`)");
	}
	return XM_EXIT_USAGE;
}

/* Find the command that @av names and run it (or show its help). */
static int dispatch(struct xm_cli *cli, int ac, char **av)
{
	const struct xm_cmd *cmd;
	int used, obj;

	if (ac == 0) {
		xm_print_overview(xm_errout);
		return XM_EXIT_USAGE;
	}
	used = xm_resolve(ac, av, &cmd, &obj);
	if (!used)
		return no_command(ac, av, obj);
	cli->cmd = cmd;
	/* The command sees argv[0] = its own name, then its arguments. */
	av += used - 1;
	ac -= used - 1;
	av[0] = (char *)cmd->name;
	/*
	 * Every command answers -h/--help the same way, whatever its own
	 * parser does, and without Xen. "--" ends the search.
	 */
	for (int i = 1; i < ac && strcmp(av[i], "--") != 0; i++)
		if (!strcmp(av[i], "--help") || !strcmp(av[i], "-h")) {
			return xm_print_help(xm_out, cmd);
		}
	return cmd->fn(cli, ac, av);
}

int main(int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "trace", 0, 't' },
		{ "version", 0, 'V' },
		{ "help", 0, 'h' },
		{ "domains", 1, 'D' },
		{ 0 },
	};
	struct xm_opt op;
	struct xm_cli cli = { 0 };
	const struct xm_cmd *cmd;
	const char *prog;
	char *multi = NULL, **av;
	int ac, obj, rc;

	xm_opt_set(&op, argc, argv, "tVh", lo);
	/* execve() may pass no argv[0] at all */
	if (argc < 1 || !argv[0]) {
		xm_print_overview(xm_errout);
		return XM_EXIT_USAGE;
	}
	prog = base_name(argv[0]);

	/*
	 * Multi-call: xenmin-COMMAND behaves as `xenmin COMMAND` when COMMAND
	 * is a command or an object of the table (so xenmin-fake is not one).
	 */
	if (xm_strneq(prog, "xenmin-", 7) && prog[7]) {
		multi = (char *)prog + 7;
		if (!xm_resolve(1, &multi, &cmd, &obj) && !obj)
			multi = NULL;
	}
	op.in_order = 1;
	rc = global_opts(&cli, &op);
	ac = argc - op.ind;
	av = argv + op.ind;
	if (rc < 0 && multi) {
		/*
		 * Splice the name in front of the operands, in the slot of
		 * the word before them (argv[0] or a global option's, read).
		 */
		*--av = multi;
		ac++;
	}
	if (rc < 0)
		rc = dispatch(&cli, ac, av);
	rc = xm_finish_stdout(&cli, rc);
	if (cli.t)
		cli.t->ops->close(cli.t);
	xm_domains_free(&cli);
	return rc;
}
