// SPDX-License-Identifier: MIT
/*
 * Diagnostics of the CLI layer in the one house format
 * "xenmin: <command>: <what>: <why>", usage errors with the command's
 * usage line, a command's help text, and the final flush of stdout that
 * turns a write error into exit code 74.
 */
#include <errno.h>
#include <stdarg.h>

#include "msg.h"
#include "xenmin.h"

/* The "xenmin: <cmd>: " head of every diagnostic; the caller ends it. */
static void err_head(const struct xm_cli *c)
{
	/* One write per message, so lines of parallel runs do not mix. */
	xm_errout->mode = XM_SBUF_FULL;
	xm_fputs("xenmin: ", xm_errout);
	if (c && c->cmd)
		xm_fprintf(xm_errout, "%s: ", c->cmd->name);
}

static XM_PRINTF(1, 0) void err_tail(const char *fmt, va_list ap)
{
	xm_vfprintf(xm_errout, fmt, ap);
	xm_fputc('\n', xm_errout);
	xm_errout->mode = XM_SBUF_CALL;
	xm_fflush(xm_errout);
}

static XM_PRINTF(3, 0) void verr(const struct xm_cli *c, const char *what,
				 const char *fmt, va_list ap)
{
	err_head(c);
	if (what)
		xm_fprintf(xm_errout, "%s: ", what);
	err_tail(fmt, ap);
}

void xm_err(const struct xm_cli *c, const char *what, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(c, what, fmt, ap);
	va_end(ap);
}

/* Each use was checked against the text (msg.h's XM_MSG_CHECK). */
void xm_err_id(const struct xm_cli *c, const char *what, unsigned id, ...)
{
	va_list ap;

	va_start(ap, id);
	verr(c, what, xm_msg_format(xm_msg(id), "%s"), ap);
	va_end(ap);
}

void xm_print_usage(struct xm_stream *f, const struct xm_cmd *cmd)
{
	const char *args = xm_cmd_text(cmd, ":usage");

	xm_fprintf(f, "usage: xenmin %s%s%s\n", cmd->name, *args ? " " : "",
		   args);
}

static XM_PRINTF(2, 0) int vusage(const struct xm_cli *c, const char *fmt,
				  va_list ap)
{
	err_head(c);
	err_tail(fmt, ap);
	if (c && c->cmd)
		xm_print_usage(xm_errout, c->cmd);
	return XM_EXIT_USAGE;
}

int xm_usage(const struct xm_cli *c, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vusage(c, fmt, ap);
	va_end(ap);
	return r;
}

int xm_usage_id(const struct xm_cli *c, unsigned id, ...)
{
	va_list ap;
	int r;

	va_start(ap, id);
	r = vusage(c, xm_msg_format(xm_msg(id), "%s"), ap);
	va_end(ap);
	return r;
}

int xm_finish_stdout(const struct xm_cli *c, int rc)
{
	if (xm_fflush(xm_out) == 0)
		return rc;
	if (xm_out->err != EPIPE)
		xm_err(c, NULL, "cannot write output: %s", xm_strerror(xm_out->err));
	return rc ? rc : XM_EXIT_IO;
}
