/*
 * Placeholder for the sched-arinc653 commands until their implementation
 * lands (issue 4): each says so and exits 70 rather than pretend.
 */
#include "xenmin.h"

static int todo(struct xm_cli *c)
{
	xm_err(c, NULL, "not implemented yet");
	return XM_EXIT_INTERNAL;
}

int cmd_sched_check(struct xm_cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return todo(c);
}

int cmd_sched_set(struct xm_cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return todo(c);
}

int cmd_sched_get(struct xm_cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return todo(c);
}

int cmd_sched_diff(struct xm_cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return todo(c);
}
