// SPDX-License-Identifier: MIT
/*
 * Unit tests of xenmin's own output layer and option parser (xio.c,
 * opt.c), with the C library as the witness: every conversion of the
 * formatter's subset is compared with the libc's snprintf, every other
 * one gcc accepts must stop the output (or abort), streams are
 * read back through a real file, and the option parser is run over the
 * argument shapes the commands accept (clusters, attached and separate
 * values, options after operands, "--").
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "runner.h"
#include "xenmin.h"

/* Cutting output short is what these tests check. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif

/* Format with both and compare, also at every truncation length. */
#define SAME(...)                                                          \
	do {                                                               \
		char a_[128], b_[128];                                     \
		int na_ = xm_snprintf(a_, sizeof(a_), __VA_ARGS__);        \
		int nb_ = snprintf(b_, sizeof(b_), __VA_ARGS__);           \
		CHECK(na_ == nb_ && strcmp(a_, b_) == 0);                  \
		if (na_ != nb_ || strcmp(a_, b_))                          \
			printf("  ours [%s] libc [%s]\n", a_, b_);         \
		for (size_t k_ = 0; k_ < 8; k_++) {                        \
			memset(a_, 'X', sizeof(a_));                       \
			memset(b_, 'X', sizeof(b_));                       \
			xm_snprintf(a_, k_, __VA_ARGS__);                  \
			snprintf(b_, k_, __VA_ARGS__);                     \
			CHECK(memcmp(a_, b_, sizeof(a_)) == 0);            \
		}                                                          \
	} while (0)

/* The whole subset of xio.h, each form against the libc's. */
static void t_format_like_libc(void)
{
	SAME("plain text");
	SAME("%s|%5s|%-5s|%1s|%s", "ab", "ab", "ab", "abc", "");
	SAME("%-36s|%-22s|%11s", "uuid", "name", "x");
	SAME("%d %d %d %i %i", 0, -1, INT_MIN, INT_MAX, -7);
	SAME("%5d|%-5d|%05d|%05d|%-1d|%01d", -42, -42, -42, 42, 3, 3);
	SAME("%u %u %5u %-5u|%05u", 0u, UINT_MAX, 7u, 7u, 7u);
	SAME("%x %X %02x %02x %08x %-4X|", 0xabcu, 0xabcu, 5u, 0x1ffu,
	     0xdeadbeefu, 0xau);
	SAME("%ld %li %lu %lx %lX", LONG_MIN, LONG_MAX, ULONG_MAX,
	     0x7fffffffffffffffUL, 0xabcUL);
	SAME("%lld %lli %llu %llx %llX", LLONG_MIN, LLONG_MAX, ULLONG_MAX,
	     0xfULL, 0xfULL);
	SAME("%zu %zd %zi %zx %zX", (size_t)SIZE_MAX, (ssize_t)-3,
	     (ssize_t)SSIZE_MAX, (size_t)255, (size_t)255);
	SAME("%" PRIu64 " %" PRId64 " %" PRIx64 " %03" PRIu64 " %" PRIX64,
	     UINT64_MAX, INT64_MIN, (uint64_t)0xfeed, (uint64_t)7,
	     (uint64_t)0xfeed);
	SAME("%4" PRIu32 "|%-9" PRIu32 "|%" PRId32 "|%" PRIx32, (uint32_t)12,
	     (uint32_t)12, INT32_MIN, (uint32_t)0xbeef);
	SAME("%" PRIu16 " %" PRIu8 " %" PRIxPTR, (uint16_t)65535,
	     (uint8_t)255, (uintptr_t)0x1000);
	SAME("%c%c%3c%-3c|", 'a', 'b', 'c', 'd');
	SAME("%*s|%-*s|%*d|%0*d|%*u", 6, "ab", 6, "ab", -4, 3, 4, -3, 0, 5u);
	SAME("%4096d|%-4096s|%*d", 1, "a", 4096, 2);
	SAME("100%% %s%%", "done");
}

/*
 * Everything else gcc's format check accepts in a call: each must stop
 * the output at its spec (shown as written, the argument after it never
 * read) and return -1, or abort in builds with XM_FMT_ABORT, naming the
 * spec. The cases are those of printf's grammar as gcc knows it: flags
 * "+ #'I", precision, positions, widths over XM_FMT_WIDTH_MAX, lengths
 * hh h j t L q Z and l with c s, conversions o e E f F g G a A p n m C S.
 */
#ifdef XM_FMT_ABORT
#define ABORTS 1
#else
#define ABORTS 0
#endif

#ifdef XM_FMT_ABORT
/* All of @fd up to @cap - 1 bytes, as a string. */
static void read_all(int fd, char *msg, size_t cap)
{
	size_t n = 0;
	ssize_t r;

	while (n < cap - 1 && (r = read(fd, msg + n, cap - 1 - n)) > 0)
		n += (size_t)r;
	msg[n] = '\0';
}
#endif

/*
 * Format into 64 bytes: the output must be "<" @shown and -1 returned;
 * where the formatter aborts, a child must die of SIGABRT naming @shown.
 */
static void XM_PRINTF(2, 3) refused(const char *shown, const char *fmt, ...)
{
	char b[64], msg[256] = "";
	va_list ap;
	int ok, r = 0;
#ifdef XM_FMT_ABORT
	int p[2], st = 0;
	pid_t c;

	CHECK(pipe(p) == 0);
	fflush(stdout);
	c = fork();
	if (c == 0) {
		dup2(p[1], 2);
		va_start(ap, fmt);
		xm_vsnprintf(b, sizeof(b), fmt, ap);
		va_end(ap);
		_exit(0);
	}
	close(p[1]);
	read_all(p[0], msg, sizeof(msg));
	close(p[0]);
	ok = c > 0 && waitpid(c, &st, 0) == c && WIFSIGNALED(st) &&
	     WTERMSIG(st) == SIGABRT && strstr(msg, shown);
	strcpy(b, "(forked)");
#else
	char want[64];

	snprintf(want, sizeof(want), "<%s", shown);
	memset(b, 'X', sizeof(b));
	va_start(ap, fmt);
	r = xm_vsnprintf(b, sizeof(b), fmt, ap);
	va_end(ap);
	ok = r == -1 && strcmp(b, want) == 0;
#endif
	CHECK(ok);
	if (!ok)
		printf("  %s: got %d [%.64s] stderr [%s]\n", shown, r, b, msg);
}

/*
 * "<" SPEC ">%s": the output must end with @shown, SPEC up to the first
 * character outside the subset, and the %s after it must never be read.
 */
#define REFUSED(spec, shown, ...) refused(shown, "<" spec ">%s", __VA_ARGS__)

static void t_format_outside_subset(void)
{
	int n = 0;
	unsigned short us = 1;

	REFUSED("%hu", "%h", us, "after");
	REFUSED("%hd", "%h", (short)-1, "after");
	REFUSED("%hx", "%h", us, "after");
	REFUSED("%hhu", "%h", (unsigned char)1, "after");
	REFUSED("%hhd", "%h", (signed char)1, "after");
	REFUSED("%.2s", "%.", "abc", "after");
	REFUSED("%.*s", "%.", 2, "abc", "after");
	REFUSED("%5.1s", "%5.", "abc", "after");
	REFUSED("%.3d", "%.", 1, "after");
	REFUSED("%.u", "%.", 1u, "after");
	REFUSED("%+d", "%+", 1, "after");
	REFUSED("%-+5d", "%-+", 1, "after");
	REFUSED("% d", "% ", 1, "after");
	REFUSED("%#x", "%#", 1u, "after");
	REFUSED("%#o", "%#", 1u, "after");
	REFUSED("%o", "%o", 8u, "after");
	REFUSED("%p", "%p", (void *)&n, "after");
	REFUSED("%f", "%f", 1.0, "after");
	REFUSED("%F", "%F", 1.0, "after");
	REFUSED("%lf", "%lf", 1.0, "after");
	REFUSED("%Lf", "%L", 1.0L, "after");
	REFUSED("%e", "%e", 1.0, "after");
	REFUSED("%E", "%E", 1.0, "after");
	REFUSED("%g", "%g", 1.0, "after");
	REFUSED("%G", "%G", 1.0, "after");
	REFUSED("%a", "%a", 1.0, "after");
	REFUSED("%A", "%A", 1.0, "after");
	REFUSED("%n", "%n", &n, "after");
	REFUSED("%m", "%m", "after");
	REFUSED("%jd", "%j", (intmax_t)1, "after");
	REFUSED("%ju", "%j", (uintmax_t)1, "after");
	REFUSED("%td", "%t", (ptrdiff_t)1, "after");
	REFUSED("%lc", "%lc", (wint_t)'a', "after");
	REFUSED("%ls", "%ls", L"a", "after");
	REFUSED("%C", "%C", (wint_t)'a', "after");
	REFUSED("%S", "%S", L"a", "after");
	refused("%1$", "<%1$d>%2$s", 1, "after");
	REFUSED("%4097d", "%4097d", 1, "after");
	REFUSED("%*d", "%*d", 4097, 1, "after");
	REFUSED("%*d", "%*d", -4097, 1, "after");
#ifndef __clang__
	/* gcc takes these; clang's own check refuses them. */
	REFUSED("%Zu", "%Z", (size_t)1, "after");
	REFUSED("%qd", "%q", 1LL, "after");
	REFUSED("%'d", "%'", 1000, "after");
	REFUSED("%Id", "%I", 1000, "after");
#endif
	CHECK(n == 0); /* %n never wrote */
}

/*
 * Formats gcc refuses in a call (malformed, or too wide for it to let
 * pass), reaching the formatter all the same through a variable.
 */
static void t_format_malformed(void)
{
	static const char *const bad[] = { "<%", "<%5%", "<%-%", "<%*5",
					   "<%zs", "<%llc", "<%l", "<%q" };
	const char *volatile wide = "<%99999999999999999999d";
	const char *volatile star = "<%*d";
	char b[64];
	int r;

	CHECK(xm_snprintf(NULL, 0, "%s", "four") == 4);
	if (ABORTS)
		return; /* the abort path is t_format_outside_subset's */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = xm_snprintf(b, sizeof(b), bad[i], 7, "x");
		CHECK(r == -1 && strcmp(b, bad[i]) == 0);
		if (r != -1 || strcmp(b, bad[i]))
			printf("  %s: got %d [%s]\n", bad[i], r, b);
	}
	/* The digits stop being read once past the bound. */
	CHECK(xm_snprintf(b, sizeof(b), wide, 1) == -1 &&
	      strcmp(b, "<%99999") == 0);
	CHECK(xm_snprintf(b, sizeof(b), star, INT_MIN, 1) == -1 &&
	      strcmp(b, "<%*d") == 0);
#pragma GCC diagnostic pop
}

/* A stream stops at a refused spec, and fails from then on. */
static void t_format_refused_stream(void)
{
	char buf[64], back[64];
	struct xm_stream s;
	FILE *f;
	ssize_t n;

	if (ABORTS)
		return;
	f = tmpfile();
	xm_stream_init(&s, fileno(f), buf, sizeof(buf), XM_SBUF_FULL);
	CHECK(xm_fprintf(&s, "%s ", "kept") == 5);
	CHECK(xm_fprintf(&s, "domid %hu, name %s\n", (unsigned short)3,
			 "d3") == -1);
	CHECK(xm_ferror(&s) && s.err == EINVAL);
	CHECK(xm_fputs("never\n", &s) == -1);
	n = pread(fileno(f), back, sizeof(back) - 1, 0);
	back[n > 0 ? n : 0] = '\0';
	CHECK(strcmp(back, "kept domid %h") == 0);
	fclose(f);
}

/* A stream over a real file, read back after flushing. */
static void t_stream_buffers(void)
{
	char buf[16], back[256];
	struct xm_stream s;
	FILE *f = tmpfile();
	ssize_t n;

	xm_stream_init(&s, fileno(f), buf, sizeof(buf), XM_SBUF_FULL);
	xm_fputs("hello ", &s);
	CHECK(lseek(fileno(f), 0, SEEK_END) == 0); /* still buffered */
	xm_fprintf(&s, "%s %d, and", "world", 42); /* overflows: flushes */
	CHECK(lseek(fileno(f), 0, SEEK_END) > 0);
	xm_fputc('!', &s);
	CHECK(xm_fwrite("\nend", 4, &s) == 4);
	CHECK(xm_fflush(&s) == 0 && !xm_ferror(&s));
	n = pread(fileno(f), back, sizeof(back) - 1, 0);
	CHECK(n > 0);
	back[n > 0 ? n : 0] = '\0';
	CHECK(strcmp(back, "hello world 42, and!\nend") == 0);
	fclose(f);
}

static void t_stream_line_and_call(void)
{
	char buf[64];
	struct xm_stream s;
	FILE *f = tmpfile();

	xm_stream_init(&s, fileno(f), buf, sizeof(buf), XM_SBUF_LINE);
	xm_fputs("no newline", &s);
	CHECK(lseek(fileno(f), 0, SEEK_END) == 0);
	xm_fputs(" now\n", &s);
	CHECK(lseek(fileno(f), 0, SEEK_END) == 15);
	xm_stream_init(&s, fileno(f), buf, sizeof(buf), XM_SBUF_CALL);
	xm_fputs("x", &s);
	CHECK(lseek(fileno(f), 0, SEEK_END) == 16);
	fclose(f);
}

static void t_stream_errors_stick(void)
{
	char buf[8];
	struct xm_stream s;
	int p[2];

	CHECK(pipe(p) == 0);
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	xm_stream_init(&s, p[1], buf, sizeof(buf), XM_SBUF_FULL);
	xm_fputs("abc", &s);
	CHECK(xm_fflush(&s) == -1 && errno == EPIPE && xm_ferror(&s));
	CHECK(xm_fwrite("x", 1, &s) == 0);
	CHECK(xm_fflush(&s) == -1 && s.err == EPIPE);
	close(p[1]);
}

static void t_errno_words(void)
{
	CHECK(strcmp(xm_strerror(ENOENT), "No such file or directory") == 0);
	CHECK(strcmp(xm_strerror(EISDIR), "Is a directory") == 0);
	CHECK(strcmp(xm_strerror(4000), "error 4000") == 0);
	CHECK(strcmp(xm_errno_name(ESRCH), "ESRCH") == 0);
	CHECK(strcmp(xm_errno_name(ETIMEDOUT), "ETIMEDOUT") == 0);
	CHECK(xm_errno_name(4000) == NULL);
	/* Every name is the macro's own name, witnessed by its value. */
	CHECK(xm_errno_name(EOPNOTSUPP) && !strcmp(xm_errno_name(95), "EOPNOTSUPP"));
}

static const struct xm_option lo[] = {
	{ "dry-run", 0, 'n' },
	{ "wait", 1, 'w' },
	{ 0 },
};

/* Parse @argv (NULL-ended) with "nw:", write what was seen into @out. */
static int parse(char **argv, char *out, size_t cap)
{
	int argc = 0, o;
	size_t n = 0;

	while (argv[argc])
		argc++;
	struct xm_opt op = XM_OPT_INIT(argc, argv, "nw:", lo);

	while ((o = xm_getopt_raw(&op)) != -1) {
		if (o == '?' || o == ':' || o == '=')
			n += (size_t)snprintf(out + n, cap - n, "%c%s ", o, op.bad);
		else
			n += (size_t)snprintf(out + n, cap - n, "%c=%s ", o,
					      op.arg ? op.arg : "");
	}
	for (int i = op.ind; i < argc; i++)
		n += (size_t)snprintf(out + n, cap - n, "[%s]", argv[i]);
	return 0;
}

#define PARSES(want, ...)                                                  \
	do {                                                               \
		char *v_[] = { "cmd", __VA_ARGS__, NULL };                 \
		char o_[256] = "";                                         \
		parse(v_, o_, sizeof(o_));                                 \
		CHECK(strcmp(o_, want) == 0);                              \
		if (strcmp(o_, want))                                      \
			printf("  got \"%s\"\n", o_);                      \
	} while (0)

static void t_options(void)
{
	PARSES("n= w=5 [f]", "-n", "-w", "5", "f");
	PARSES("n= w=5 [f]", "-nw5", "f");
	PARSES("n= w=5 [f]", "f", "--dry-run", "--wait=5");
	PARSES("w=5 n= [a][b]", "a", "--wait", "5", "b", "-n");
	PARSES("[a][-n][-]", "a", "--", "-n", "-");
	PARSES("n= [-][x]", "-", "-n", "x");
	PARSES("?--dry [f]", "--dry", "f");          /* no prefix matching */
	PARSES("?-x [f]", "-x", "f");
	PARSES("n= ?-q ", "-nq");
	PARSES(":-w ", "-w");
	PARSES(":--wait [f]", "f", "--wait");
	PARSES("=--dry-run ", "--dry-run=1");     /* names the option */
	PARSES("w=--x ", "--wait", "--x");           /* a value may look like one */
}

static void t_options_stop_at_operand(void)
{
	char *v[] = { "xenmin", "-t", "domain", "list", "-j", NULL };
	struct xm_opt op = XM_OPT_INIT(5, v, "t", NULL);

	op.in_order = 1;
	CHECK(xm_getopt_raw(&op) == 't');
	CHECK(xm_getopt_raw(&op) == -1);
	CHECK(op.ind == 2 && strcmp(v[4], "-j") == 0);
}

/* 20000 operands each followed by an option: all kept, in order, and
 * argv still a permutation (the reordering moves each word once). */
static void t_options_many(void)
{
	enum { N = 20000 };
	static char *v[2 * N + 1], names[N][8];
	static const char *dash_n = "-n";
	struct xm_opt op = XM_OPT_INIT(2 * N + 1, v, "nw:", lo);
	int opts = 0, ok = 1;

	v[0] = "cmd";
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "%d", i);
		v[1 + 2 * i] = names[i];
		v[2 + 2 * i] = (char *)dash_n;
	}
	while (xm_getopt_raw(&op) == 'n')
		opts++;
	CHECK(opts == N && op.ind == N + 1);
	for (int i = 0; i < N; i++)
		ok &= v[op.ind + i] == names[i] && v[1 + i] == dash_n;
	CHECK(ok);
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_format_like_libc),
	XM_TEST(t_format_outside_subset),
	XM_TEST(t_format_malformed),
	XM_TEST(t_format_refused_stream),
	XM_TEST(t_stream_buffers),
	XM_TEST(t_stream_line_and_call),
	XM_TEST(t_stream_errors_stick),
	XM_TEST(t_errno_words),
	XM_TEST(t_options),
	XM_TEST(t_options_stop_at_operand),
	XM_TEST(t_options_many),
	{ NULL, NULL },
};
