// SPDX-License-Identifier: MIT
/*
 * Unit tests of xenmin's own output layer and option parser (xio.c,
 * opt.c), with the C library as the witness: every conversion of the
 * formatter's subset is compared with the libc's snprintf, streams are
 * read back through a real file, and the option parser is run over the
 * argument shapes the commands accept (clusters, attached and separate
 * values, options after operands, "--").
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <sys/types.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static void t_format_like_libc(void)
{
	SAME("plain text");
	SAME("%s|%5s|%-5s|%1s", "ab", "ab", "ab", "abc");
	SAME("%-36s|%-22s|%11s", "uuid", "name", "x");
	SAME("%d %d %d %i", 0, -1, INT_MIN, INT_MAX);
	SAME("%5d|%-5d|%05d|%05d", -42, -42, -42, 42);
	SAME("%u %u %5u %-5u|", 0u, UINT_MAX, 7u, 7u);
	SAME("%x %X %02x %02x %08x", 0xabcu, 0xabcu, 5u, 0x1ffu, 0xdeadbeefu);
	SAME("%ld %lu %lx", LONG_MIN, ULONG_MAX, 0x7fffffffffffffffUL);
	SAME("%lld %llu", LLONG_MIN, ULLONG_MAX);
	SAME("%zu %zd %zx", (size_t)SIZE_MAX, (ssize_t)-3, (size_t)255);
	SAME("%" PRIu64 " %" PRId64 " %" PRIx64 " %03" PRIu64, UINT64_MAX,
	     INT64_MIN, (uint64_t)0xfeed, (uint64_t)7);
	SAME("%4" PRIu32 "|%-9" PRIu32 "|", (uint32_t)12, (uint32_t)12);
	SAME("%c%c%3c%-3c|", 'a', 'b', 'c', 'd');
	SAME("%*s|%-*s|%*d", 6, "ab", 6, "ab", -4, 3);
	SAME("100%% %s", "done");
}

static void t_format_outside_subset(void)
{
	char b[64];

	/* Not guessed at: shown as written (gcc would refuse it in code). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
	xm_snprintf(b, sizeof(b), "a %q b");
#pragma GCC diagnostic pop
	CHECK(strcmp(b, "a %q b") == 0);
	CHECK(xm_snprintf(NULL, 0, "%s", "four") == 4);
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

const struct xm_test xm_tests[] = {
	XM_TEST(t_format_like_libc),
	XM_TEST(t_format_outside_subset),
	XM_TEST(t_stream_buffers),
	XM_TEST(t_stream_line_and_call),
	XM_TEST(t_stream_errors_stick),
	XM_TEST(t_errno_words),
	XM_TEST(t_options),
	XM_TEST(t_options_stop_at_operand),
	{ NULL, NULL },
};
