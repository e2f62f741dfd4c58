// SPDX-License-Identifier: MIT
/*
 * Sets of physical CPUs as xl writes them: the CPU-list syntax of
 * `xl vcpu-pin` and `xl cpupool-cpu-add` (0-3,^2, all) read into a mask,
 * and a mask printed as `xl vcpu-list` prints affinities ("all", "none",
 * or ranges). Pure: no printing, no Xen. Masks hold CPUs 0 to 63 (bit i
 * is CPU i); the commands refuse hosts with more CPUs before using them.
 */
#ifndef XM_CPULIST_H
#define XM_CPULIST_H

#include <stddef.h>
#include <stdint.h>

#define XM_CPUS_MAX 64

/* Where and why a CPU list is not one. */
struct xm_cpulist_err {
	unsigned col;    /* 1-based column of the item at fault */
	int range;       /* 1: a CPU beyond the host's (why says so) */
	const char *why;
};

/*
 * Read @s: items separated by commas, applied left to right to an empty
 * set: N or N-M (N <= M) adds those CPUs, "all" adds every CPU of the
 * host, ^N or ^N-M takes them away (xl's rules; xl's node: items are not
 * taken). Every CPU must be below @ncpus (1 to XM_CPUS_MAX). Returns 0
 * with the set in *@out (which may be empty), or -EINVAL with @e filled.
 */
int xm_cpulist_parse(const char *s, unsigned ncpus, uint64_t *out,
		     struct xm_cpulist_err *e);

/*
 * @m as xl prints a CPU map of @ncpus CPUs: "all" when every one of them is
 * set (never with @ncpus 0: then the highest set CPU bounds the map),
 * "none" when none is, else ranges "0-3,5". Returns @buf; at least
 * XM_CPULIST_LEN bytes hold any mask.
 */
#define XM_CPULIST_LEN 192
char *xm_cpulist_fmt(uint64_t m, unsigned ncpus, char *buf, size_t len);

/* The mask of CPUs 0 to @n - 1. */
static inline uint64_t xm_cpus_upto(unsigned n)
{
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

#endif
