/*
 * The console follower (see console.h): tails Xen's console ring through
 * XEN_SYSCTL_readconsole with an index of its own, so it never disturbs
 * xenconsoled, `xl dmesg` or another follower, notices when Xen overwrote
 * bytes it had not read yet, and filters lines by the domain tag Xen puts
 * in front of guest output.
 */
#include <errno.h>
#include <string.h>

#include "console.h"

static size_t skip_lit(const char *s, size_t n, size_t i, const char *lit)
{
	size_t l = strlen(lit);

	return n - i >= l && !memcmp(s + i, lit, l) ? i + l : 0;
}

/* Decimal number at @i, then @end: sets *@v, returns the index after. */
static size_t skip_num(const char *s, size_t n, size_t i, const char *end,
		       unsigned *v)
{
	size_t j = i;

	*v = 0;
	while (j < n && j - i < 5 && s[j] >= '0' && s[j] <= '9')
		*v = *v * 10 + (unsigned)(s[j++] - '0');
	if (j == i)
		return 0;
	return skip_lit(s, n, j, end);
}

/* An optional "[timestamp] " (console_timestamps=), any of its formats. */
static size_t skip_ts(const char *s, size_t n, size_t i)
{
	size_t j;

	if (i >= n || s[i] != '[')
		return i;
	for (j = i + 1; j < n && j - i < 48; j++)
		if (s[j] == ']')
			return j + 1 < n && s[j + 1] == ' ' ? j + 2 : i;
	return i;
}

int xm_conline_dom(const char *s, size_t n, size_t *text)
{
	size_t i, j;
	unsigned d;

	i = skip_lit(s, n, 0, "(XEN) ");
	if (i) {
		i = skip_ts(s, n, i);
		j = skip_lit(s, n, i, "DOM");
		if (j && (j = skip_num(s, n, j, ": ", &d)) && d < DOMID_FIRST_RESERVED) {
			*text = j;
			return (int)d;
		}
		return -1;
	}
	j = skip_lit(s, n, 0, "(d");
	if (j && (j = skip_num(s, n, j, ") ", &d)) && d < DOMID_FIRST_RESERVED) {
		*text = skip_ts(s, n, j);
		return (int)d;
	}
	return -1;
}

int xm_follow_open(struct xm_follow *f, struct xm_xen *x, int domid,
		   int from_new)
{
	int r;

	memset(f, 0, sizeof(*f));
	f->x = x;
	f->domid = domid;
	f->cont = -1;
	f->fresh = 1;
	r = xm_hbuf_alloc(x->t, XM_FOLLOW_CHUNK, &f->b);
	if (r)
		return r;
	if (!from_new)
		return 0;
	/* Read to the end and drop it: the index is then Xen's producer. */
	for (;;) {
		uint32_t n;

		r = xm_readconsole(x, f->b.p, XM_FOLLOW_CHUNK, &f->index, &n);
		if (r) {
			xm_follow_close(f);
			return r;
		}
		if (n < XM_FOLLOW_CHUNK)
			break;
	}
	f->fresh = 0;
	return 0;
}

void xm_follow_close(struct xm_follow *f)
{
	if (f->x)
		xm_hbuf_free(f->x->t, &f->b);
}

/* One complete line (or an overlong piece of one) of the filtered view. */
static int emit(struct xm_follow *f, int eol, xm_sink_fn sink, void *arg)
{
	size_t text = 0;
	int d = f->cont >= 0 ? f->cont : xm_conline_dom(f->line, f->len, &text);
	int r = 0;

	if (f->cont >= 0)
		text = 0;
	f->cont = eol ? -1 : d;
	if (d == f->domid) {
		if (eol && f->len < sizeof(f->line))
			f->line[f->len++] = '\n';
		r = sink(arg, f->line + text, f->len - text);
	}
	f->len = 0;
	return r;
}

static int feed(struct xm_follow *f, const char *p, size_t n, xm_sink_fn sink,
		void *arg)
{
	int r;

	if (f->domid < 0)
		return n ? sink(arg, p, n) : 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n') {
			r = emit(f, 1, sink, arg);
			if (r)
				return r;
			continue;
		}
		if (p[i] == '\r')
			continue;
		/* Keep one byte for the newline emit() adds. */
		if (f->len == sizeof(f->line) - 1) {
			r = emit(f, 0, sink, arg);
			if (r)
				return r;
		}
		f->line[f->len++] = p[i];
	}
	return 0;
}

int xm_follow_poll(struct xm_follow *f, xm_sink_fn sink, void *arg,
		   uint64_t *lost)
{
	for (;;) {
		uint32_t start = f->index, n;
		int r = xm_readconsole(f->x, f->b.p, XM_FOLLOW_CHUNK, &f->index,
				       &n);

		if (r)
			return r;
		/*
		 * Xen starts at its oldest byte when ours is gone: the jump is
		 * what was overwritten unread (unless this is the first read
		 * of the history, which starts wherever the ring starts).
		 */
		if (!f->fresh && f->index - n != start)
			*lost += (uint32_t)(f->index - n - start);
		f->fresh = 0;
		r = feed(f, f->b.p, n, sink, arg);
		if (r)
			return r;
		if (n < XM_FOLLOW_CHUNK)
			return 0;
	}
}
