// SPDX-License-Identifier: MIT
/*
 * Shared helpers of the CLI layer: diagnostics in the house format, errno
 * put into words for each kind of operation together with its exit code,
 * strict number and UUID parsing, and the option parser every command uses
 * so -h/--help and unknown options behave the same everywhere.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

void xm_err(const struct xm_cli *c, const char *what, const char *fmt, ...)
{
	va_list ap;

	err_head(c);
	if (what)
		xm_fprintf(xm_errout, "%s: ", what);
	va_start(ap, fmt);
	err_tail(fmt, ap);
	va_end(ap);
}

void xm_print_usage(struct xm_stream *f, const struct xm_cmd *cmd)
{
	xm_fprintf(f, "usage: xenmin %s%s%s\n", cmd->name, *cmd->args ? " " : "",
		cmd->args);
}

void xm_print_help(struct xm_stream *f, const struct xm_cmd *cmd)
{
	xm_print_usage(f, cmd);
	xm_fprintf(f, "\n%s\n", cmd->summary);
	if (cmd->help && *cmd->help)
		xm_fprintf(f, "\n%s", cmd->help);
	xm_fputs("\nExit codes: see `xenmin help`.\n", f);
}

int xm_usage(const struct xm_cli *c, const char *fmt, ...)
{
	va_list ap;

	err_head(c);
	va_start(ap, fmt);
	err_tail(fmt, ap);
	va_end(ap);
	if (c && c->cmd)
		xm_print_usage(xm_errout, c->cmd);
	return XM_EXIT_USAGE;
}

int xm_optind = 1;
char *xm_optarg;
static const char *cluster; /* rest of a "-abc" word being parsed */
static int wfirst, wnext;   /* the words of the option being parsed */

void xm_opt_reset(void)
{
	xm_optind = 1;
	xm_optarg = NULL;
	cluster = NULL;
}

/*
 * The option words just parsed (an option and maybe its value) move in
 * front of the operands skipped to reach them, so operands collect at the
 * end, in order.
 */
static void took(char **argv)
{
	for (; wfirst < wnext; wfirst++, xm_optind++) {
		char *w = argv[wfirst];

		memmove(argv + xm_optind + 1, argv + xm_optind,
			(size_t)(wfirst - xm_optind) * sizeof(*argv));
		argv[xm_optind] = w;
	}
}

static int is_opt(const char *a)
{
	return a[0] == '-' && a[1];
}

int xm_getopt_raw(int argc, char **argv, const char *opts,
		  const struct xm_option *lo, int permute, const char **bad)
{
	static char shortbad[3] = "-?";
	const char *p;
	int ch;

	xm_optarg = NULL;
	if (!cluster) {
		const char *a;

		for (wfirst = xm_optind; permute && wfirst < argc &&
					 !is_opt(argv[wfirst]);)
			wfirst++;
		if (wfirst >= argc || !is_opt(argv[wfirst]))
			return -1;
		wnext = wfirst + 1;
		a = argv[wfirst];
		if (!strcmp(a, "--")) {
			took(argv);
			return -1;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			const struct xm_option *o = lo;

			while (o && o->name && (strlen(o->name) != len ||
						strncmp(o->name, a + 2, len)))
				o++;
			*bad = a;
			ch = o && o->name ? o->val : '?';
			if (ch != '?' && !o->has_arg && eq) {
				static char name[40];

				/* Name the option, not the word with its value. */
				xm_snprintf(name, sizeof(name), "--%s", o->name);
				*bad = name;
				ch = '=';
			}
			else if (ch != '?' && o->has_arg && eq)
				xm_optarg = (char *)eq + 1;
			else if (ch != '?' && o->has_arg && wnext < argc)
				xm_optarg = argv[wnext++];
			else if (ch != '?' && o->has_arg)
				ch = ':';
			took(argv);
			return ch;
		}
		cluster = a + 1;
	}
	ch = (unsigned char)*cluster++;
	p = ch == ':' ? NULL : strchr(opts, ch);
	shortbad[1] = (char)ch;
	*bad = shortbad;
	if (p && p[1] == ':') {
		if (*cluster)
			xm_optarg = (char *)cluster;
		else if (wnext < argc)
			xm_optarg = argv[wnext++];
		else
			ch = ':';
		cluster = "";
	}
	if (!*cluster) {
		cluster = NULL;
		took(argv);
	}
	return p ? ch : '?';
}

int xm_getopt(struct xm_cli *c, int argc, char **argv, const char *opts,
	      const struct xm_option *lo)
{
	const char *bad = NULL;
	int o = xm_getopt_raw(argc, argv, opts, lo, 1, &bad);

	/* Every command answers -h/--help. */
	if (o == '?' && (!strcmp(bad, "-h") || !strcmp(bad, "--help"))) {
		xm_print_help(xm_out, c->cmd);
		return XM_OPT_HELP;
	}
	if (o == '?' || o == ':' || o == '=') {
		xm_usage(c, o == '?' ? "unknown option %s"
			    : o == ':' ? "option %s needs a value"
				       : "option %s takes no value",
			 bad);
		return XM_OPT_BAD;
	}
	return o;
}

int xm_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (!s || !*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
	}
	for (; *s; s++) {
		if (v > (UINT64_MAX - (uint64_t)(*s - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int xm_parse_domid(struct xm_cli *c, const char *s, uint16_t *out)
{
	uint64_t v;
	int r = xm_parse_u64(s, 0, XM_DOMID_FIRST_RESERVED - 1, &v);

	if (r) {
		xm_usage(c, "%s: not a domain id (0 to %u)", s,
			 XM_DOMID_FIRST_RESERVED - 1);
		return XM_EXIT_USAGE;
	}
	*out = (uint16_t)v;
	return 0;
}

const char *xm_errwords(enum xm_what w, int err)
{
	switch (w) {
	case XM_W_OPEN:
		switch (err) {
		case ENOENT:
		case ENODEV:
		case ENXIO:
			return "not running on Xen, or the xen-privcmd module "
			       "is not loaded";
		case EACCES:
		case EPERM:
			return "permission denied opening /dev/xen/privcmd "
			       "(xenmin must run as root in the control domain)";
		}
		break;
	case XM_W_PAUSE:
		if (err == ESRCH)
			return "no such domain";
		if (err == EINVAL)
			return "Xen refused: a domain cannot pause itself";
		if (err == EUSERS)
			return "Xen refused: the domain's pause count is at "
			       "its limit";
		break;
	case XM_W_UNPAUSE:
		if (err == ESRCH)
			return "no such domain";
		if (err == EINVAL)
			return "not paused by the toolstack (Xen counts pauses; "
			       "there is no pause left to undo)";
		break;
	case XM_W_DOMAIN:
	case XM_W_SETHANDLE:
		if (err == ESRCH)
			return "no such domain";
		break;
	case XM_W_A653:
		if (err == ESRCH)
			return "no such cpupool";
		if (err == EINVAL)
			return "Xen refused the ARINC 653 request: the pool "
			       "does not run arinc653, or the schedule breaks "
			       "a rule (1 to 64 entries, runtimes > 0, their "
			       "sum within the major frame)";
		break;
	case XM_W_CONSOLE:
		if (err == EBUSY)
			return "its console is served already (by xenconsoled?)";
		if (err == EPROTO)
			return "the guest's console ring is corrupt";
		if (err == ENOENT || err == ENODEV)
			return "/dev/xen/evtchn is missing (load xen-evtchn)";
		if (err == ESRCH)
			return "no such domain";
		if (err == ENXIO)
			return "no console ring found (grant entry 0 empty, "
			       "or no free port): try --follow";
		if (err == ENOTTY || err == EFAULT || err == EINVAL)
			return "cannot map the console page";
		break;
	case XM_W_VERSION:
	case XM_W_SYSCTL:
		break;
	}
	switch (err) {
	case EACCES:
		return "Xen refused the interface version xenmin used "
		       "(unsupported Xen build)";
	case EPERM:
		return "permission denied by Xen (this domain is not the "
		       "control domain, or XSM policy forbids it)";
	case ENOSYS:
		if (w == XM_W_SYSCTL || w == XM_W_A653)
			return "Xen was built without sysctl (CONFIG_SYSCTL=n): "
			       "this operation is not available";
		return "Xen does not implement this operation";
	case EPROTONOSUPPORT:
		return "no interface version of this Xen is known to xenmin";
	case EFAULT:
		return "Xen could not access the hypercall buffer "
		       "(a xenmin bug)";
	case ENOMEM:
		return "out of memory";
	case EPROTO:
		return "Xen returned an answer xenmin cannot decode";
	case ESRCH:
		return "no such domain or cpupool";
	case EINVAL:
		return "Xen refused the request as invalid";
	case EBUSY:
		return "Xen is busy with this object; try again";
	}
	return xm_strerror(err);
}

int xm_errexit(enum xm_what w, int err)
{
	if (w == XM_W_OPEN) {
		if (err == EACCES || err == EPERM)
			return XM_EXIT_PERM;
		if (err == ENOMEM)
			return XM_EXIT_INTERNAL;
		return XM_EXIT_NOXEN;
	}
	switch (err) {
	case EACCES:
	case ENOSYS:
	case EPROTONOSUPPORT:
		return XM_EXIT_INTERFACE;
	case EPERM:
		return XM_EXIT_PERM;
	case EFAULT:
	case ENOMEM:
	case EPROTO:
		return XM_EXIT_INTERNAL;
	}
	return XM_EXIT_REFUSED;
}

int xm_fail(const struct xm_cli *c, const char *what, enum xm_what w, int err)
{
	if (err < 0)
		err = -err;
	xm_err(c, what, "%s", xm_errwords(w, err));
	return xm_errexit(w, err);
}

int xm_finish_stdout(const struct xm_cli *c, int rc)
{
	static int told; /* the error sticks: say it once */

	if (xm_fflush(xm_out) == 0)
		return rc;
	if (xm_out->err != EPIPE && !told++)
		xm_err(c, NULL, "cannot write output: %s", xm_strerror(xm_out->err));
	return rc ? rc : XM_EXIT_IO;
}

void xm_uuid_fmt(const uint8_t h[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	char *p = out;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[h[i] >> 4];
		*p++ = hex[h[i] & 15];
	}
	*p = '\0';
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

int xm_uuid_parse(const char *s, uint8_t h[16])
{
	int i = 0;

	/* Exactly 8-4-4-4-12 hex digits. */
	for (int pos = 0; pos < 36; pos++) {
		if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
			if (s[pos] != '-')
				return -EINVAL;
			continue;
		}
		int hi = hexval(s[pos]), lo;

		if (hi < 0)
			return -EINVAL;
		pos++;
		lo = hexval(s[pos]);
		if (lo < 0)
			return -EINVAL;
		h[i++] = (uint8_t)(hi << 4 | lo);
	}
	return s[36] == '\0' ? 0 : -EINVAL;
}
