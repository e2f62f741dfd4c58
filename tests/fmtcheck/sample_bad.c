// SPDX-License-Identifier: MIT
/*
 * Calls that gcc's and clang's format checks (-Wformat=2 -Werror, this
 * file is compiled with the build's flags) accept but xio's formatter
 * does not implement. tests/fmtcheck/test_fmtcheck.sh runs fmtcheck.py
 * over this file and expects exactly the specs the "want:" comments name,
 * at their lines: through PRI macros, joined literals, escapes, both arms
 * of a conditional, a macro and functions declared here.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "xenmin.h"

#define LOG(...) xm_err(NULL, "log", __VA_ARGS__)

void __attribute__((format(printf, 2, 3))) note_before(int lvl, const char *f,
							 ...);
void note_after(int lvl, const char *f, ...) XM_PRINTF(2, 3);
/* hands back its format, as include/msg.h's xm_msg_ does */
const char *pick(int id, const char *f) __attribute__((format_arg(2)));

void note_before(int lvl, const char *f, ...)
{
	char b[64];
	va_list ap;

	va_start(ap, f);
	xm_vsnprintf(b, sizeof(b), f, ap);
	va_end(ap);
	(void)lvl;
}

void fmt_sample_bad(int c, int *np, uint16_t u16, int64_t i64)
{
	char b[64];

	xm_printf("%hu\n", u16);                        /* want: %hu */
	xm_printf("%hhd\n", (signed char)1);            /* want: %hhd */
	xm_printf("%.2s|\n", "abc");                    /* want: %.2s */
	xm_printf("%.*s|\n", 2, "abc");                 /* want: %.*s */
	xm_printf("%.3d|%.u\n", 1, 2u);                 /* want: %.3d, %.u */
	xm_printf("%+d % d %#x\n", 1, 2, 3u);           /* want: %+d, % d, %#x */
	xm_printf("%o %p\n", 8u, (void *)np);           /* want: %o, %p */
	xm_printf("%f %F %lf\n", 1.0, 1.0, 1.0);        /* want: %f, %F, %lf */
	xm_printf("%e %E %g %G\n", 1.0, 1.0, 1.0, 1.0); /* want: %e, %E, %g, %G */
	xm_printf("%a %A %Lf\n", 1.0, 1.0, 1.0L);       /* want: %a, %A, %Lf */
	xm_printf("%n", np);                            /* want: %n */
	xm_printf("%m\n");                              /* want: %m */
	xm_printf("%jd %td\n", (intmax_t)1, (ptrdiff_t)1); /* want: %jd, %td */
	xm_printf("%lc %ls\n", (wint_t)'a', L"a");      /* want: %lc, %ls */
	xm_printf("%C %S\n", (wint_t)'a', L"a");        /* want: %C, %S */
	xm_printf("%1$d %2$d\n", 1, 2);                 /* want: %1$d, %2$d */
	xm_printf("%4097d|%4096d\n", 1, 2);             /* want: %4097d */
	xm_printf("%" PRIu64 " %+" PRId64 "\n", (uint64_t)1, i64); /* want: %+ld */
	xm_printf("%" "h" "u\n", u16);                  /* want: %hu */
	xm_printf("\045hu\n", u16);                     /* want: %hu */
	xm_snprintf(b, sizeof(b), c ? "%u" : "%hu", u16); /* want: %hu */
	xm_fprintf(xm_out, "%s %hu\n", "x", u16);       /* want: %hu */
	xm_err(NULL, "w", "%zu %hu", sizeof(b), u16);   /* want: %hu */
	xm_usage(NULL, "%s %.1s", "a", "b");            /* want: %.1s */
	LOG("%u %x %hx", 1u, 2u, u16);                  /* want: %hx */
	note_before(0, "%5.1s", "a");                   /* want: %5.1s */
	note_after(0, "%-+5d", 1);                      /* want: %-+5d */
	xm_printf(pick(1, "%hd\n"), (short)1);          /* want: %hd */
}
