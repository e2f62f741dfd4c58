// SPDX-License-Identifier: MIT
/*
 * Every form of xio's printf subset (include/xio.h), written as the
 * tree writes them: fmtcheck.py must pass this file without a report
 * (tests/fmtcheck/test_fmtcheck.sh).
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "xenmin.h"

const char *pick_ok(int id, const char *f) __attribute__((format_arg(2)));

void fmt_sample_good(int i, unsigned u, long l, unsigned long ul,
		     long long ll, unsigned long long ull, size_t z,
		     ssize_t sz, uint64_t u64, int64_t i64, uint32_t u32)
{
	char b[64];

	xm_printf("%d %i %u %x %X %c %s %%\n", i, i, u, u, u, i, "s");
	xm_printf(pick_ok(1, "%d\n"), i);
	xm_printf("%ld %li %lu %lx %lX\n", l, l, ul, ul, ul);
	xm_printf("%lld %lli %llu %llx %llX\n", ll, ll, ull, ull, ull);
	xm_printf("%zu %zd %zi %zx %zX\n", z, sz, sz, z, z);
	xm_printf("%5d|%-5d|%05d|%-5s|%5s|%5c|%-5c\n", i, i, i, "a", "a", 'a',
		  'a');
	xm_printf("%*d|%-*d|%0*x|%*s|%-*s\n", 4, i, 4, i, 4, u, 4, "a", 4,
		  "a");
	xm_printf("%4096d|%-4096s\n", i, "a");
	xm_printf("%" PRIu64 " %" PRId64 " %" PRIx64 " %08" PRIx64 "\n", u64,
		  i64, u64, u64);
	xm_printf("%" PRIu32 " %" PRIx32 " %-9" PRIu32 "\n", u32, u32, u32);
	xm_snprintf(b, sizeof(b), i ? "%d" : "%u", i);
	xm_err(NULL, "w", "100%% %s", "done");
	xm_usage(NULL, "plain");
}
