// SPDX-License-Identifier: MIT
/*
 * As sample_bad.c, for conversions gcc accepts and clang refuses itself
 * (so this file is only built, and checked, with gcc).
 */
#include <stddef.h>

#include "xenmin.h"

void fmt_sample_bad_gcc(size_t z)
{
	xm_printf("%Zu\n", z);                  /* want: %Zu */
	xm_printf("%qd\n", 1LL);                /* want: %qd */
	xm_printf("%'d %Id\n", 1000, 1000);     /* want: %'d, %Id */
}
