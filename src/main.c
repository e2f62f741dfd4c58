// SPDX-License-Identifier: MIT
/*
 * xenmin's entry point: global options (--trace, --version), multi-call
 * dispatch on the program name (a symlink xenmin-domain acts as `xenmin
 * domain`), and handing the arguments to the command found in the table.
 * Commands return their exit code; only cmd_*.c and cli.c decide them.
 */
#include <stdlib.h>
#include <string.h>

#include "transport.h"
#include "xenmin.h"

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "trace", 0, 't' },
		{ "version", 0, 'V' },
		{ "help", 0, 'h' },
		{ 0 },
	};
	struct xm_opt op = XM_OPT_INIT(argc, argv, "tVh", lo);
	struct xm_cli cli = { 0 };
	const struct xm_cmd *cmd;
	const char *prog = base_name(argv[0]);
	char *multi[2] = { NULL, NULL };
	char **av, **spliced = NULL;
	int ac, o, used, obj, rc;

	op.in_order = 1;
	/*
	 * Multi-call: xenmin-COMMAND behaves as `xenmin COMMAND` when COMMAND
	 * is a command or an object of the table (so xenmin-fake is not one).
	 */
	if (strncmp(prog, "xenmin-", 7) == 0 && prog[7]) {
		multi[0] = (char *)prog + 7;
		if (!xm_resolve(1, multi, &cmd, &obj) && !obj)
			multi[0] = NULL;
	}

	while ((o = xm_getopt_raw(&op)) != -1) {
		switch (o) {
		case 't':
			cli.trace = 1;
			break;
		case 'V':
			xm_printf("xenmin %s\n", XENMIN_VERSION);
			return xm_finish_stdout(&cli, XM_EXIT_OK);
		case 'h':
			xm_print_overview(xm_out);
			return xm_finish_stdout(&cli, XM_EXIT_OK);
		default:
			xm_fprintf(xm_errout, "xenmin: unknown option %s\n",
				   op.bad);
			xm_print_overview(xm_errout);
			return XM_EXIT_USAGE;
		}
	}
	ac = argc - op.ind;
	av = argv + op.ind;
	if (multi[0]) {
		/* Splice the name in front of the operands. */
		char **nv = calloc((size_t)ac + 2, sizeof(*nv));

		if (!nv)
			return XM_EXIT_INTERNAL;
		nv[0] = multi[0];
		memcpy(nv + 1, av, (size_t)ac * sizeof(*nv));
		av = spliced = nv;
		ac++;
	}
	rc = XM_EXIT_USAGE;
	if (ac == 0) {
		xm_print_overview(xm_errout);
		goto out;
	}
	used = xm_resolve(ac, av, &cmd, &obj);
	if (!used) {
		if (obj && ac > 1) {
			xm_fprintf(xm_errout, "xenmin: %s %s: no such command\n",
				av[0], av[1]);
			xm_print_verbs(xm_errout, av[0]);
		} else if (obj) {
			xm_fprintf(xm_errout, "xenmin: %s: which one?\n", av[0]);
			xm_print_verbs(xm_errout, av[0]);
		} else {
			xm_fprintf(xm_errout,
				"xenmin: %s: no such command (see `xenmin help`)\n",
				av[0]);
		}
		goto out;
	}
	cli.cmd = cmd;
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
			xm_print_help(xm_out, cmd);
			rc = xm_finish_stdout(&cli, XM_EXIT_OK);
			goto out;
		}
	rc = cmd->fn(&cli, ac, av);
	rc = xm_finish_stdout(&cli, rc);
	if (cli.t)
		cli.t->ops->close(cli.t);
out:
	free(spliced);
	return rc;
}
