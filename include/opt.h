// SPDX-License-Identifier: MIT
/*
 * xenmin's option parser, in place of the C library's getopt_long, which
 * keeps its state in globals and takes unique prefixes of long names. A
 * command names its short options as getopt does ("nw:") and its long ones
 * in a table ended by a NULL name. Long names match exactly, never by
 * prefix, as command names do. Options may follow operands: the operands end
 * up in argv[ind..argc), in order, the option words in front (in linear
 * time; argv stays a permutation); "--" ends
 * the options. All state is in the caller's struct xm_opt.
 */
#ifndef XM_OPT_H
#define XM_OPT_H

struct xm_option {
	const char *name;
	int has_arg; /* 0 or 1 */
	int val;
};

struct xm_opt {
	/* Set by the caller (XM_OPT_INIT). */
	int argc;
	char **argv;
	const char *opts;           /* short options, "nw:" */
	const struct xm_option *lo; /* long options, or NULL */
	int in_order;               /* stop at the first operand (main's) */
	/* Results. */
	int ind;         /* at the end, the first operand */
	char *arg;       /* the value of the option just returned */
	const char *bad; /* after an error, the word at fault: "-x", "--foo" */
	/* The parser's own. */
	const char *cluster; /* rest of a "-abc" word being parsed */
	int wfirst, wnext;   /* the words of the option being parsed */
	int scan;            /* the next word to look at */
	int nopnd;           /* operands gathered at argv[ind..ind+nopnd) */
	char word[40];       /* bad when it is not a word of argv */
};

#define XM_OPT_INIT(ac, av, short_opts, long_opts)                         \
	{ .argc = (ac), .argv = (av), .opts = (short_opts),                \
	  .lo = (long_opts), .ind = 1 }

/* @op as XM_OPT_INIT makes it, by one call instead of the stores of the
 * whole struct at every command. */
void xm_opt_set(struct xm_opt *op, int argc, char **argv, const char *opts,
		const struct xm_option *lo);

/*
 * Returns the next option, -1 at the end, '?' for an unknown option, ':'
 * for a missing value, '=' for a value given to a long option that takes
 * none (op->bad names the offending option in those three cases).
 */
int xm_getopt_raw(struct xm_opt *op);

#endif
