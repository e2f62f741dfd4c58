// SPDX-License-Identifier: MIT
/*
 * The output layer of xio.h: stdout and stderr as buffered streams over
 * write(2), one formatter shared by streams and xm_snprintf, and errno
 * names and words. It replaces stdio so that the static binary carries
 * no FILE machinery, locale or floating-point printf (about 24 KiB).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "help.h"
#include "parse.h"
#include "xio.h"

static char obuf[4096], ebuf[512];
struct xm_stream xm_stdout_s = { 1, 0, XM_SBUF_AUTO, 0, sizeof(obuf), obuf, 0 };
struct xm_stream xm_stderr_s = { 2, 0, XM_SBUF_CALL, 0, sizeof(ebuf), ebuf, 0 };

void xm_stream_init(struct xm_stream *s, int fd, char *buf, size_t cap,
		    enum xm_sbuf mode)
{
	*s = (struct xm_stream){ fd, 0, mode, 0, cap, buf, 0 };
}

static int write_all(struct xm_stream *s, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(s->fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			s->err = w < 0 ? errno : EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int xm_fflush(struct xm_stream *s)
{
	size_t n = s->n;

	s->n = 0;
	s->nl = 0;
	if (s->err) {
		errno = s->err;
		return -1;
	}
	return n ? write_all(s, s->buf, n) : 0;
}

int xm_ferror(const struct xm_stream *s)
{
	return s->err != 0;
}

/*
 * ioctl by its system call: musl's takes its argument through varargs and
 * converts old time64 requests that xenmin never makes; it also brings the
 * stack protector's set-up and failure path (about 200 B).
 */
int xm_ioctl(int fd, unsigned long req, void *arg)
{
	return (int)xm_syscall(SYS_ioctl, fd, (long)req, (long)arg, 0, 0);
}

/* As isatty, by the same ioctl: musl's also rewrites errno (105 B). */
int xm_isatty(int fd)
{
	struct winsize w;

	return xm_ioctl(fd, TIOCGWINSZ, &w) == 0;
}

/*
 * On x86_64 by the instruction itself: musl's syscall() takes its
 * arguments through varargs, whose va_list brings the stack protector's
 * set-up and failure path along (about 200 B in all).
 */
long xm_syscall(long n, long a, long b, long c, long d, long e)
{
#ifdef __x86_64__
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = 0;
	unsigned long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	if (r > -4096ul) {
		errno = (int)-r;
		return -1;
	}
	return (long)r;
#else
	return syscall(n, a, b, c, d, e, 0L);
#endif
}

/*
 * open by its system call: musl's open() adds a cancellation point and an
 * FD_CLOEXEC fix for kernels older than 2.6.23, and brings the stack
 * protector's failure path along (about 200 B).
 */
int xm_open(const char *path, int flags, unsigned mode)
{
	return (int)xm_syscall(SYS_openat, AT_FDCWD, (long)path, flags, mode, 0);
}

/*
 * mmap(NULL, @len, @prot, @flags, @fd, 0) by its system call: musl's
 * checks arguments xenmin never gets wrong (about 200 B). Its one change of
 * the result is kept: an anonymous map refused EPERM is ENOMEM.
 */
void *xm_mmap(size_t len, int prot, int flags, int fd)
{
	long p = xm_syscall(SYS_mmap, 0, (long)len, prot, flags, fd);

	if (p == -1 && errno == EPERM && (flags & MAP_ANONYMOUS))
		errno = ENOMEM;
	return (void *)p;
}

/* Buffer @n bytes; what does not fit flushes first. Errors stick in s->err. */
static void put(struct xm_stream *s, const char *p, size_t n)
{
	if (s->mode == XM_SBUF_AUTO)
		s->mode = xm_isatty(s->fd) ? XM_SBUF_LINE : XM_SBUF_FULL;
	if (s->mode == XM_SBUF_LINE && xm_memchr(p, '\n', n))
		s->nl = 1;
	while (n && !s->err) {
		size_t k = s->cap - s->n;

		if (!k) {
			xm_fflush(s);
			continue;
		}
		if (k > n)
			k = n;
		memcpy(s->buf + s->n, p, k);
		s->n += k;
		p += k;
		n -= k;
	}
}

/* The end of one call: flush as the stream's mode asks. */
static int done(struct xm_stream *s)
{
	if (s->mode == XM_SBUF_CALL || s->nl)
		xm_fflush(s);
	return s->err ? -1 : 0;
}

size_t xm_fwrite(const void *p, size_t n, struct xm_stream *s)
{
	put(s, p, n);
	return done(s) ? 0 : n;
}

int xm_fputs(const char *str, struct xm_stream *s)
{
	put(s, str, strlen(str));
	return done(s);
}

int xm_fputc(int ch, struct xm_stream *s)
{
	char c = (char)ch;

	put(s, &c, 1);
	return done(s) ? -1 : (unsigned char)c;
}

/* Where formatted text goes: a stream, or a string of @cap bytes. */
struct sink {
	struct xm_stream *s;
	char *b;
	size_t cap, len;
};

static void sink_write(struct sink *k, const char *p, size_t n)
{
	if (k->s) {
		put(k->s, p, n);
	} else if (k->len + 1 < k->cap) {
		size_t room = k->cap - 1 - k->len;

		memcpy(k->b + k->len, p, n < room ? n : room);
	}
	k->len += n;
}

static void pad(struct sink *k, char ch, size_t n)
{
	while (n--)
		sink_write(k, &ch, 1);
}

/*
 * A conversion outside the subset (@spec to @end): the type of its
 * argument is not known here, so nothing after it can be formatted
 * safely. Formatting stops there, the spec shown as written up to the
 * character that left the subset; a stream writes what it holds and then
 * fails (sticky EINVAL), so the command cannot end as if all had been
 * printed. Test builds abort instead.
 */
static int refuse(struct sink *k, const char *spec, const char *end)
{
#ifdef XM_FMT_ABORT
	static const char m[] = "xio: conversion outside the subset: ";

	(void)!write(2, m, sizeof(m) - 1);
	(void)!write(2, spec, (size_t)(end - spec));
	(void)!write(2, "\n", 1);
	abort();
#endif
	sink_write(k, spec, (size_t)(end - spec));
	if (k->s && !xm_fflush(k->s))
		k->s->err = EINVAL;
	return -1;
}

enum { L_INT, L_LONG, L_LLONG, L_SIZE };

/* The one formatter: the subset of xio.h, or -1 at anything else. */
static int format(struct sink *k, const char *f, va_list ap)
{
	while (*f) {
		const char *spec = f, *s;
		char num[24], sign = 0;
		int left = 0, zero = 0, len = L_INT, base = 10;
		size_t width = 0, n;
		unsigned long long u;

		while (*f && *f != '%')
			f++;
		sink_write(k, spec, (size_t)(f - spec));
		if (!*f)
			break;
		spec = f++;
		for (;; f++) {
			if (*f == '-')
				left = 1;
			else if (*f == '0')
				zero = 1;
			else
				break;
		}
		if (*f == '*') {
			int w = va_arg(ap, int);

			if (w < 0)
				left = 1;
			width = w < 0 ? -(size_t)w : (size_t)w;
			f++;
		} else {
			while (*f >= '0' && *f <= '9' && width <= XM_FMT_WIDTH_MAX)
				width = width * 10 + (size_t)(*f++ - '0');
		}
		if (*f == 'z') {
			len = L_SIZE;
			f++;
		} else if (*f == 'l') {
			len = f[1] == 'l' ? L_LLONG : L_LONG;
			f += len == L_LLONG ? 2 : 1;
		}
		/* A length with %c or %s would mean wide characters. */
		if (width > XM_FMT_WIDTH_MAX ||
		    (len != L_INT && (*f == 'c' || *f == 's')))
			goto refused;
		switch (*f) {
		case 'c':
			num[0] = (char)va_arg(ap, int);
			s = num;
			n = 1;
			zero = 0;
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			n = strlen(s);
			zero = 0;
			break;
		case 'd':
		case 'i':
		case 'x':
		case 'X':
		case 'u':
			u = len == L_LLONG ? va_arg(ap, unsigned long long)
			    : len == L_LONG ? va_arg(ap, unsigned long)
			    : len == L_SIZE ? va_arg(ap, size_t)
					    : va_arg(ap, unsigned int);
			if (*f == 'x' || *f == 'X')
				base = 16;
			/* read unsigned, as the signed value of its width */
			if (*f == 'd' || *f == 'i') {
				long long v = len == L_INT ? (int)u
					      : len == L_LONG ? (long)u
							      : (long long)u;

				if (v < 0) {
					sign = '-';
					u = 0ull - (unsigned long long)v;
				} else {
					u = (unsigned long long)v;
				}
			}
			s = num + sizeof(num);
			do {
				unsigned d = (unsigned)(u % (unsigned)base);

				*(char *)--s = (char)(d < 10 ? '0' + d
						   : (*f == 'X' ? 'A' : 'a') + d - 10);
				u /= (unsigned)base;
			} while (u);
			n = (size_t)(num + sizeof(num) - s);
			break;
		case '%':
			if (f != spec + 1)
				goto refused;
			s = "%";
			n = 1;
			break;
		default:
refused:
			return refuse(k, spec, f + (*f != 0));
		}
		f++;
		n += sign != 0;
		if (!left && !zero && width > n)
			pad(k, ' ', width - n);
		if (sign)
			sink_write(k, &sign, 1);
		if (!left && zero && width > n)
			pad(k, '0', width - n);
		sink_write(k, s, n - (sign != 0));
		if (left && width > n)
			pad(k, ' ', width - n);
	}
	return (int)k->len;
}

int xm_vfprintf(struct xm_stream *s, const char *f, va_list ap)
{
	struct sink k = { s, NULL, 0, 0 };
	int n = format(&k, f, ap);

	return done(s) ? -1 : n;
}

int xm_fprintf(struct xm_stream *s, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = xm_vfprintf(s, fmt, ap);
	va_end(ap);
	return r;
}

int xm_printf(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = xm_vfprintf(xm_out, fmt, ap);
	va_end(ap);
	return r;
}

int xm_vsnprintf(char *b, size_t cap, const char *f, va_list ap)
{
	struct sink k = { NULL, b, cap, 0 };
	int n = format(&k, f, ap);

	if (cap)
		b[k.len < cap ? k.len : cap - 1] = '\0';
	return n;
}

int xm_snprintf(char *b, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = xm_vsnprintf(b, cap, fmt, ap);
	va_end(ap);
	return r;
}

/*
 * The errnos xenmin can meet, by name and in words: entry i of @codes has
 * its name and words as lines 2i and 2i+1 of the data section :errnos of
 * the help texts (help.h), where they are stored compressed; only failures
 * and --trace read them. The words are those users know from other
 * tools, so they can be searched for.
 */
static const unsigned char codes[] = {
	EPERM, ENOENT, ESRCH, EINTR, EIO, ENXIO,
	E2BIG, EBADF, EAGAIN, ENOMEM, EACCES, EFAULT,
	EBUSY, EEXIST, ENODEV, ENOTDIR, EISDIR, EINVAL,
	ENFILE, EMFILE, ENOTTY, EFBIG, ENOSPC, EROFS,
	EPIPE, ERANGE, ENAMETOOLONG, ENOSYS, ELOOP, EUSERS,
	EOPNOTSUPP, ETIMEDOUT, ERESTART,
};
/* Line 2i + @words of @err's entry, or NULL. */
static const char *errfind(int err, unsigned words)
{
	const char *t = "";

	for (unsigned i = 0; i < sizeof(codes); i++)
		if (codes[i] == err)
			t = xm_help_line(":errnos", 2 * i + words);
	return *t ? t : NULL;
}

const char *xm_errno_name(int err)
{
	return errfind(err, 0);
}

const char *xm_strerror(int err)
{
	static char other[24];
	const char *t = errfind(err, 1);

	if (t)
		return t;
	/* the texts could not be inflated for want of memory: say that */
	if (err == ENOMEM)
		return "Out of memory";
	xm_snprintf(other, sizeof(other), "error %d", err);
	return other;
}
