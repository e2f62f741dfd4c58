// SPDX-License-Identifier: MIT
/*
 * A replacement for the C library's malloc in the static musl binary, where
 * musl's general allocator costs 8 KiB of the 64 KiB budget. xenmin is a
 * short-lived command: it allocates a few small arrays (domain and pool
 * lists, a schedule file) and frees them at exit. So memory comes from
 * 64 KiB mmap'd arenas by bumping a pointer; free() gives back only the most
 * recent block (which makes the polling loops of --wait and console follow
 * reuse the same bytes instead of growing), and realloc() grows the most
 * recent block in place. Arena memory is fresh from mmap and never reused
 * below the pointer, so it is always zero: calloc needs no memset. The
 * glibc and sanitizer builds keep their own allocator.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * This file is malloc: gcc's analyzer takes the calls to malloc() in it
 * for the C library's and their returned results for leaks.
 */
#if __GNUC__ >= 10 && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wanalyzer-malloc-leak" /* see above */
#endif

#define ARENA (64u * 1024u)
#define ALIGN 16u

struct blk {
	size_t size;  /* bytes asked for */
	size_t span;  /* bytes taken from the arena, header included */
};

_Static_assert(sizeof(struct blk) % ALIGN == 0, "header keeps alignment");

static unsigned char *cur, *end;
static struct blk *last;

/*
 * An anonymous map of @len bytes by the system call; on x86_64 by the
 * instruction itself, as xio.c's xm_syscall (which this file, linked alone
 * by its test, cannot call): musl's syscall() brings the stack protector
 * along. MAP_FAILED on failure; malloc says ENOMEM itself.
 */
static void *map_anon(size_t len)
{
#ifdef __x86_64__
	register long r10 __asm__("r10") = MAP_PRIVATE | MAP_ANONYMOUS;
	register long r8 __asm__("r8") = -1;
	register long r9 __asm__("r9") = 0;
	unsigned long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"((long)SYS_mmap), "D"(0L), "S"(len),
			   "d"((long)(PROT_READ | PROT_WRITE)), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return r > -4096ul ? MAP_FAILED : (void *)r;
#else
	return (void *)syscall(SYS_mmap, NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
#endif
}

static size_t span_of(size_t n)
{
	return (n + sizeof(struct blk) + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

void *malloc(size_t n)
{
	size_t span = span_of(n);
	struct blk *b;

	if (span < n) {
		errno = ENOMEM;
		return NULL;
	}
	if (!cur || (size_t)(end - cur) < span) {
		size_t len = span > ARENA ? (span + 4095) & ~(size_t)4095 : ARENA;
		/* the system call: musl's mmap() checks what is right here */
		void *p = map_anon(len);

		if (p == MAP_FAILED) {
			errno = ENOMEM;
			return NULL;
		}
		cur = p;
		end = cur + len;
	}
	b = (struct blk *)cur;
	b->size = n;
	b->span = span;
	cur += span;
	last = b;
	return b + 1;
}

void free(void *p)
{
	struct blk *b;
	volatile size_t *w, *e;

	if (!p)
		return;
	b = (struct blk *)p - 1;
	if (b != last)
		return;
	/*
	 * Zero what goes back, so the arena stays all-zero above cur; a word
	 * at a time (a span is a multiple of ALIGN), by volatile stores the
	 * compiler cannot turn back into memset: this was musl's only call
	 * of memset, 196 B of code.
	 */
	e = (volatile size_t *)((unsigned char *)b + b->span);
	for (w = (volatile size_t *)b; w < e; w++)
		*w = 0;
	cur = (unsigned char *)b;
	last = NULL;
}

void *calloc(size_t a, size_t n)
{
	if (n && a > (size_t)-1 / n) {
		errno = ENOMEM;
		return NULL;
	}
	return malloc(a * n);
}

void *realloc(void *p, size_t n)
{
	struct blk *b;
	size_t span = span_of(n);
	void *q;

	if (!p)
		return malloc(n);
	b = (struct blk *)p - 1;
	if (n <= b->size)
		return p;
	if (b == last && span >= n &&
	    (size_t)(end - (unsigned char *)b) >= span) {
		cur = (unsigned char *)b + span;
		b->size = n;
		b->span = span;
		return p;
	}
	q = malloc(n);
	if (q)
		memcpy(q, p, b->size);
	return q;
}
