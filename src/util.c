/*
 * Shared helpers of the CLI layer: diagnostics in the house format, errno
 * put into words for each kind of operation together with its exit code,
 * strict number and UUID parsing, and the getopt wrapper every command uses
 * so -h/--help and unknown options behave the same everywhere.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenmin.h"

void xm_err(const struct xm_cli *c, const char *what, const char *fmt, ...)
{
	va_list ap;

	fputs("xenmin: ", stderr);
	if (c && c->cmd)
		fprintf(stderr, "%s: ", c->cmd->name);
	if (what)
		fprintf(stderr, "%s: ", what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void xm_print_usage(FILE *f, const struct xm_cmd *cmd)
{
	fprintf(f, "usage: xenmin %s%s%s\n", cmd->name, *cmd->args ? " " : "",
		cmd->args);
}

void xm_print_help(FILE *f, const struct xm_cmd *cmd)
{
	xm_print_usage(f, cmd);
	fprintf(f, "\n%s\n", cmd->summary);
	if (cmd->help && *cmd->help)
		fprintf(f, "\n%s", cmd->help);
	fputs("\nExit codes: see `xenmin help`.\n", f);
}

int xm_usage(const struct xm_cli *c, const char *fmt, ...)
{
	va_list ap;

	fputs("xenmin: ", stderr);
	if (c && c->cmd)
		fprintf(stderr, "%s: ", c->cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c && c->cmd)
		xm_print_usage(stderr, c->cmd);
	return XM_EXIT_USAGE;
}

void xm_opt_reset(void)
{
	/* Both musl and glibc fully reinitialise getopt on optind = 0. */
	optind = 0;
	opterr = 0;
}

int xm_getopt(struct xm_cli *c, int argc, char **argv, const char *opts,
	      const struct option *lo)
{
	/*
	 * Every command gets -h/--help. Options may follow operands (GNU
	 * permutation, which musl also does); "--" ends them.
	 */
	static char o2[64];
	static struct option l2[32];
	size_t n = 0;
	int o;

	snprintf(o2, sizeof(o2), ":h%s", opts ? opts : "");
	for (; lo && lo[n].name && n < 30; n++)
		l2[n] = lo[n];
	l2[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	l2[n] = (struct option){ 0, 0, 0, 0 };

	o = getopt_long(argc, argv, o2, l2, NULL);
	if (o == 'h') {
		xm_print_help(stdout, c->cmd);
		return XM_OPT_HELP;
	}
	if (o == ':') {
		xm_usage(c, "option %s needs a value", argv[optind - 1]);
		return XM_OPT_BAD;
	}
	if (o == '?') {
		if (optopt)
			xm_usage(c, "unknown option -%c", optopt);
		else
			xm_usage(c, "unknown option %s", argv[optind - 1]);
		return XM_OPT_BAD;
	}
	return o;
}

int xm_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int xm_parse_domid(struct xm_cli *c, const char *s, uint16_t *out)
{
	uint64_t v;
	int r = xm_parse_u64(s, 0, DOMID_FIRST_RESERVED - 1, &v);

	if (r) {
		xm_usage(c, "%s: not a domain id (0 to %u)", s,
			 DOMID_FIRST_RESERVED - 1);
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
	return strerror(err);
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
	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	if (errno != EPIPE)
		xm_err(c, NULL, "cannot write output: %s", strerror(errno));
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
