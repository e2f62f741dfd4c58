// SPDX-License-Identifier: MIT
/*
 * A pure reader of Xen's .config text (what hypfs serves as
 * /buildinfo/config): what one CONFIG_ option says, and the summary
 * `xenmin info` reports of what this hypervisor was built with. Kconfig
 * writes "CONFIG_X=y" for a built feature, "# CONFIG_X is not set" for
 * one left out, and nothing at all for an option whose menu or
 * dependencies were not met (no line is also "not built", except where
 * the option is younger than the Xen, as CONFIG_SYSCTL is).
 */
#ifndef XM_XENCFG_H
#define XM_XENCFG_H

#include <stddef.h>
#include <stdint.h>

enum xm_kval {
	XM_K_ABSENT, /* no line names it */
	XM_K_NO,     /* "# CONFIG_X is not set", or CONFIG_X=n */
	XM_K_YES,    /* CONFIG_X=y */
	XM_K_VALUE,  /* CONFIG_X=<other>: a string, a number, m */
};

/*
 * CONFIG_@name (without the prefix) in @n bytes of .config text @t; the
 * last line naming it wins. For XM_K_YES and XM_K_VALUE, *@val and *@vlen
 * (when @val is not NULL) are the text after '=' (quotes kept).
 */
enum xm_kval xm_kconfig(const char *t, size_t n, const char *name,
			const char **val, size_t *vlen);

/*
 * The options xenmin reports. The schedulers come first, in the order of
 * their XEN_SCHEDULER_* ids (credit 5 ... null 9, see xm_abi.h), so
 * XM_CAP_SCHED_CREDIT + (id - XM_SCHED_CREDIT) is the option of an id.
 */
enum xm_cap {
	XM_CAP_SCHED_CREDIT,
	XM_CAP_SCHED_CREDIT2,
	XM_CAP_SCHED_ARINC653,
	XM_CAP_SCHED_RTDS,
	XM_CAP_SCHED_NULL,
	XM_CAP_BOOT_TIME_CPUPOOLS,
	XM_CAP_SYSCTL,
	XM_CAP_XSM,
	XM_CAP_XSM_FLASK,
	XM_CAP_XSM_SILO,
	XM_CAP_XSM_FLASK_DEFAULT,
	XM_CAP_XSM_SILO_DEFAULT,
	XM_CAP_HYPFS,
	XM_CAP_N
};
#define XM_CAP_NSCHED 5

struct xm_caps {
	uint8_t v[XM_CAP_N];    /* enum xm_kval of each CONFIG_ option */
	char sched_default[16]; /* CONFIG_SCHED_DEFAULT unquoted, or "" */
};

void xm_caps_parse(const char *t, size_t n, struct xm_caps *c);
/* The option's name without CONFIG_: "SCHED_ARINC653". */
const char *xm_cap_name(enum xm_cap o);
/*
 * 1 if this Xen has the feature. CONFIG_SYSCTL exists from Xen 4.21 on;
 * before, sysctl was always built, so no line means built in.
 */
int xm_cap_has(const struct xm_caps *c, enum xm_cap o);
/*
 * The XSM module Xen starts when the command line has no xsm=: "flask",
 * "silo", or "dummy" (built without XSM, or XSM_DUMMY_DEFAULT).
 */
const char *xm_caps_xsm_default(const struct xm_caps *c);

#endif
