// SPDX-License-Identifier: MIT
/*
 * xenmin's own small output layer: buffered streams on file descriptors and
 * a printf-style formatter, in place of the C library's stdio. musl's stdio
 * and printf (with its floating point) were a third of the binary;
 * xenmin prints only text and integers, so this is all it needs.
 *
 * The formatter takes a subset of printf. gcc's format attribute checks
 * only that arguments fit the printf rules, and printf accepts far more
 * than this subset, so the build also runs tests/fmtcheck/fmtcheck.py over
 * every format string passed to a printf-attributed function in src/ and
 * include/, and fails on anything outside it. At run time the formatter
 * stops at anything outside it rather than guess (see below): a
 * conversion whose argument it does not consume by type would shift
 * every later one.
 *
 * The subset: %d %i %u %x %X, optionally with length l, ll or z (the
 * inttypes.h PRI macros expand to these on the LP64 targets xenmin is
 * built for); %c %s without a length; %% alone. Flags '-' or '0' (not
 * both, '0' not with %c %s), then a width of digits or '*', at most
 * XM_FMT_WIDTH_MAX. No precision, no other flags, lengths or
 * conversions.
 */
#ifndef XM_XIO_H
#define XM_XIO_H

#include <stdarg.h>
#include <stddef.h>

#define XM_PRINTF(f, a) __attribute__((format(printf, f, a)))
/* The widest field padded (fmtcheck.py holds the same number). */
#define XM_FMT_WIDTH_MAX 4096

/* How a stream flushes, besides when its buffer fills. */
enum xm_sbuf {
	XM_SBUF_AUTO,  /* decided at the first write: LINE on a terminal */
	XM_SBUF_FULL,  /* only when full or flushed */
	XM_SBUF_LINE,  /* after every write holding a newline */
	XM_SBUF_CALL,  /* after every call (stderr: one write per message) */
};

struct xm_stream {
	int fd;
	int err;       /* errno of the first failed write; sticky */
	enum xm_sbuf mode;
	size_t n, cap; /* bytes buffered, buffer size */
	char *buf;
	int nl;        /* a newline went in since the last flush */
};

extern struct xm_stream xm_stdout_s, xm_stderr_s;
#define xm_out (&xm_stdout_s)
#define xm_errout (&xm_stderr_s)

/* A stream on @fd with the caller's buffer (tests, other fds). */
void xm_stream_init(struct xm_stream *s, int fd, char *buf, size_t cap,
		    enum xm_sbuf mode);

/*
 * All return like their stdio namesakes: -1 / short counts on error.
 * A format outside the subset ends the output at the character that
 * left it (the spec shown as written up to there) and returns -1; a
 * stream then holds EINVAL as its sticky error. Builds with XM_FMT_ABORT
 * (Debug) abort there.
 */
int xm_fflush(struct xm_stream *s);
int xm_ferror(const struct xm_stream *s);
size_t xm_fwrite(const void *p, size_t n, struct xm_stream *s);
int xm_fputs(const char *str, struct xm_stream *s);
int xm_fputc(int ch, struct xm_stream *s);
int xm_vfprintf(struct xm_stream *s, const char *fmt, va_list ap)
	XM_PRINTF(2, 0);
int xm_fprintf(struct xm_stream *s, const char *fmt, ...) XM_PRINTF(2, 3);
int xm_printf(const char *fmt, ...) XM_PRINTF(1, 2);
int xm_vsnprintf(char *b, size_t cap, const char *fmt, va_list ap)
	XM_PRINTF(3, 0);
int xm_snprintf(char *b, size_t cap, const char *fmt, ...) XM_PRINTF(3, 4);

/*
 * As syscall(@n, @a, @b, @c, @d, @e, 0): -1 and errno on failure. Every
 * system call xenmin makes itself has five arguments or fewer, or a zero
 * sixth (mmap's offset).
 */
long xm_syscall(long n, long a, long b, long c, long d, long e);

/* As open(@path, @flags, @mode), without the C library's wrapper. */
int xm_open(const char *path, int flags, unsigned mode);

/* As mmap(NULL, @len, @prot, @flags, @fd, 0), without the wrapper. */
void *xm_mmap(size_t len, int prot, int flags, int fd);

/* As ioctl(@fd, @req, @arg), without the C library's wrapper. */
int xm_ioctl(int fd, unsigned long req, void *arg);

/* Is @fd a terminal? */
int xm_isatty(int fd);

/* An errno in words (file and terminal errors; Xen's have xm_errwords). */
const char *xm_strerror(int err);
/* The symbolic name of an errno ("ENOENT"), or NULL if xenmin has none. */
const char *xm_errno_name(int err);

#endif
