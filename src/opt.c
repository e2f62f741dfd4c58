// SPDX-License-Identifier: MIT
/*
 * The option parser every command and main use (see opt.h), and its CLI
 * face xm_getopt: errors printed with the command's usage line, and, when
 * the options end, the operand count checked against the command table, so
 * no command counts its operands itself. -h/--help is not handled here:
 * main answers it before any command runs.
 */
#include <string.h>

#include "xenmin.h"

/*
 * Linear in the number of words: an operand skipped on the way to an
 * option is swapped into the operand block at argv[ind..ind+nopnd) (each
 * word moves once), and when the options end one rotation puts the block
 * after the option words, in order. argv stays a permutation.
 */
static void took(struct xm_opt *op)
{
	op->scan = op->wnext;
}

static void reverse(char **a, int i, int j)
{
	while (i < --j) {
		char *w = a[i];

		a[i++] = a[j];
		a[j] = w;
	}
}

/* The options end at word @end: the operands gathered go just before it. */
static int finish(struct xm_opt *op, int end)
{
	reverse(op->argv, op->ind, op->ind + op->nopnd);
	reverse(op->argv, op->ind + op->nopnd, end);
	reverse(op->argv, op->ind, end);
	op->ind = end - op->nopnd;
	op->scan = op->ind;
	op->nopnd = 0;
	return -1;
}

static int is_opt(const char *a)
{
	return a[0] == '-' && a[1];
}

/* "--name[=value]": the word is op->argv[op->wfirst]. */
static int long_opt(struct xm_opt *op, const char *a)
{
	const char *eq = xm_strchrnul(a + 2, '=');
	size_t len = (size_t)(eq - a - 2);
	const struct xm_option *o = op->lo;
	int ch;

	if (!*eq)
		eq = NULL;
	while (o && o->name && (!xm_strneq(o->name, a + 2, len) || o->name[len]))
		o++;
	op->bad = a;
	ch = o && o->name ? o->val : '?';
	if (ch != '?' && !o->has_arg && eq) {
		/* Name the option, not the word with its value. */
		xm_snprintf(op->word, sizeof(op->word), "--%s", o->name);
		op->bad = op->word;
		ch = '=';
	} else if (ch != '?' && o->has_arg && eq) {
		op->arg = (char *)eq + 1;
	} else if (ch != '?' && o->has_arg && op->wnext < op->argc) {
		op->arg = op->argv[op->wnext++];
	} else if (ch != '?' && o->has_arg) {
		ch = ':';
	}
	took(op);
	return ch;
}

void xm_opt_set(struct xm_opt *op, int argc, char **argv, const char *opts,
		const struct xm_option *lo)
{
	*op = (struct xm_opt)XM_OPT_INIT(argc, argv, opts, lo);
}

int xm_getopt_raw(struct xm_opt *op)
{
	const char *p;
	int ch;

	op->arg = NULL;
	if (!op->cluster) {
		const char *a;

		op->wfirst = op->scan > op->ind ? op->scan : op->ind;
		while (!op->in_order && op->wfirst < op->argc &&
		       !is_opt(op->argv[op->wfirst])) {
			char **w = op->argv, *s = w[op->ind + op->nopnd];

			w[op->ind + op->nopnd++] = w[op->wfirst];
			w[op->wfirst++] = s;
		}
		op->scan = op->wfirst;
		if (op->wfirst >= op->argc || !is_opt(op->argv[op->wfirst]))
			return finish(op, op->wfirst);
		op->wnext = op->wfirst + 1;
		a = op->argv[op->wfirst];
		if (!strcmp(a, "--")) {
			took(op);
			return finish(op, op->scan);
		}
		if (a[1] == '-')
			return long_opt(op, a);
		op->cluster = a + 1;
	}
	ch = (unsigned char)*op->cluster++;
	p = xm_strchrnul(op->opts, ch);
	if (ch == ':' || !*p)
		p = NULL;
	op->word[0] = '-';
	op->word[1] = (char)ch;
	op->word[2] = '\0';
	op->bad = op->word;
	if (p && p[1] == ':') {
		if (*op->cluster)
			op->arg = (char *)op->cluster;
		else if (op->wnext < op->argc)
			op->arg = op->argv[op->wnext++];
		else
			ch = ':';
		op->cluster = "";
	}
	if (!*op->cluster) {
		op->cluster = NULL;
		took(op);
	}
	return p ? ch : '?';
}

/* The operand count against the table; a usage error if it does not fit. */
static int operands_fit(struct xm_cli *c, const struct xm_opt *op)
{
	const struct xm_cmd *cmd = c->cmd;
	int n = op->argc - op->ind;

	if (n >= cmd->min && (cmd->max == XM_MANY || n <= cmd->max))
		return 1;
	if (cmd->max)
		xm_usage(c, "%s", xm_cmd_text(cmd, ":counterr"));
	else
		xm_usage(c, "%s %s", xm_cmd_text(cmd, ":counterr"),
			 op->argv[op->ind]);
	return 0;
}

int xm_getopt(struct xm_cli *c, struct xm_opt *op)
{
	int o = xm_getopt_raw(op);

	if (o == '?' || o == ':' || o == '=') {
		xm_usage(c, o == '?' ? "unknown option %s"
			    : o == ':' ? "option %s needs a value"
				       : "option %s takes no value",
			 op->bad);
		return XM_OPT_BAD;
	}
	if (o == -1 && !operands_fit(c, op))
		return XM_OPT_BAD;
	return o;
}

int xm_opt_json(struct xm_cli *c, int argc, char **argv, int *json)
{
	static const struct xm_option lo[] = {
		{ "json", 0, 'j' },
		{ 0 },
	};
	struct xm_opt op;
	int o;

	xm_opt_set(&op, argc, argv, "j", lo);
	*json = 0;
	while ((o = xm_getopt(c, &op)) != -1) {
		if (o != 'j')
			return -1;
		*json = 1;
	}
	return op.ind;
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
