// SPDX-License-Identifier: MIT
/*
 * The console follower (see console.h): tails Xen's console ring through
 * XM_SYSCTL_readconsole with an index of its own, so it never disturbs
 * xenconsoled, `xl dmesg` or another follower, notices when Xen overwrote
 * bytes it had not read yet, and filters lines by the domain tag Xen puts
 * in front of guest output.
 */
#include <errno.h>
#include <string.h>

#include "console.h"
#include "transport.h"

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
		if (j && (j = skip_num(s, n, j, ": ", &d)) && d < XM_DOMID_FIRST_RESERVED) {
			*text = j;
			return (int)d;
		}
		return -1;
	}
	j = skip_lit(s, n, 0, "(d");
	if (j && (j = skip_num(s, n, j, ") ", &d)) && d < XM_DOMID_FIRST_RESERVED) {
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

/*
 * The buffered line (or an overlong piece of one) goes to the sink if it is
 * the followed domain's; the buffer empties either way.
 */
static int flush_line(struct xm_follow *f, int eol, xm_sink_fn sink, void *arg)
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
			r = flush_line(f, 1, sink, arg);
			if (r)
				return r;
			continue;
		}
		if (p[i] == '\r')
			continue;
		/* Keep one byte for the newline flush_line() adds. */
		if (f->len == sizeof(f->line) - 1) {
			r = flush_line(f, 0, sink, arg);
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

/*
 * The ring client. Xen publishes the console page and port in HVM params
 * for Arm, HVM and PVH guests; an x86 PV guest has them only in its
 * start_info (and xenstore), but the toolstack seeds grant entry 0 with the
 * ring's frame, and the port is the one still waiting for dom0.
 */

/*
 * Mapping and binding go through kernel drivers, which make the hypercalls
 * themselves: --trace still shows them, with the driver as the op.
 */
static void *map(struct xm_xen *x, uint16_t domid, int res, uint64_t frame)
{
	void *p = x->t->ops->map_foreign(x->t, domid, res, frame);

	xm_trace(x, "privcmd", res < 0 ? "mmapbatch_v2" : "mmap_resource",
		 domid, p ? 0 : -errno, 0);
	return p;
}

/* Ports a PV guest has before its drivers start are few and low. */
#define PORT_SCAN_MAX 256u

static int port_state(struct xm_xen *x, uint16_t domid, struct xm_ring_loc *l)
{
	struct xm_evtchn_st st;
	int r = xm_evtchn_status(x, domid, l->port, &st);

	if (r)
		return r;
	if (st.status == XM_EVTCHNSTAT_unbound)
		return 0;
	if (st.status == XM_EVTCHNSTAT_interdomain) {
		l->peer = st.remote_dom;
		return -EBUSY;
	}
	return -ENOENT;
}

static int find_grant0(struct xm_xen *x, uint16_t domid, struct xm_ring_loc *l)
{
	struct xm_transport *t = x->t;
	const struct xm_grant_entry_v1 *g;
	int busy = 0, r;

	g = map(x, domid, XM_XENMEM_resource_grant_table, 0);
	if (!g)
		return -errno;
	if (g->flags & XM_GTF_permit_access)
		l->frame = g->frame;
	t->ops->unmap_foreign(t, (void *)g);
	if (!l->frame)
		return -ENXIO;
	l->via = XM_RING_GRANT0;
	/*
	 * The toolstack allocates the xenstore and console ports before the
	 * guest runs; xenstored binds its one. The lowest port still unbound
	 * is the console's; if none is, a backend (xenconsoled) holds it.
	 */
	for (l->port = 1; l->port < PORT_SCAN_MAX; l->port++) {
		r = port_state(x, domid, l);
		if (r == -EINVAL)
			break; /* past the guest's last port */
		if (r == -EBUSY) {
			busy = 1;
			continue;
		}
		if (r != -ENOENT)
			return r;
	}
	return busy ? -EBUSY : -ENXIO;
}

int xm_ring_find(struct xm_xen *x, uint16_t domid, struct xm_ring_loc *l)
{
	uint64_t pfn = 0, port = 0;
	int r;

	memset(l, 0, sizeof(*l));
	r = xm_hvm_get_param(x, domid, XM_HVM_PARAM_CONSOLE_PFN, &pfn);
	if (r == -EINVAL)
		return find_grant0(x, domid, l); /* x86 PV: no HVM params */
	if (!r)
		r = xm_hvm_get_param(x, domid, XM_HVM_PARAM_CONSOLE_EVTCHN,
				     &port);
	if (r)
		return r;
	if (!pfn || !port)
		return -ENOENT;
	l->via = XM_RING_HVM_PARAM;
	l->frame = pfn;
	l->port = (uint32_t)port;
	return port_state(x, domid, l);
}

/* Ring geometry comes from Xen's struct, in xm_abi.h. */
#define IN_SIZE ((uint32_t)XM_CONS_IN_SIZE)
#define OUT_OFF XM_CONS_OUT_OFF
#define OUT_SIZE ((uint32_t)XM_CONS_OUT_SIZE)

static uint32_t *idx(struct xm_ring *r, size_t field)
{
	return (uint32_t *)(r->page +
			    offsetof(struct xm_xencons_interface, in_cons) +
			    field * 4);
}

#define IN_CONS 0
#define IN_PROD 1
#define OUT_CONS 2
#define OUT_PROD 3

int xm_ring_open(struct xm_ring *r, struct xm_xen *x, uint16_t domid,
		 const struct xm_ring_loc *loc)
{
	struct xm_transport *t = x->t;
	int fd;

	memset(r, 0, sizeof(*r));
	r->t = t;
	r->fd = -1;
	r->page = map(x, domid, -1, loc->frame);
	if (!r->page)
		return errno ? -errno : -EIO;
	/* Xen refuses a second binding with EINVAL: someone was faster. */
	fd = t->ops->evtchn_bind(t, domid, loc->port, &r->lport);
	xm_trace(x, "evtchn", "bind_interdomain", domid, fd < 0 ? fd : 0, 0);
	if (fd < 0) {
		t->ops->unmap_foreign(t, r->page);
		r->page = NULL;
		return fd == -EINVAL ? -EBUSY : fd;
	}
	r->fd = fd;
	r->conn = r->page[XM_CONS_CONNECTION_OFF];
	r->page[XM_CONS_CONNECTION_OFF] = XM_CONS_CONNECTED;
	/* A guest blocked on a full ring waits for this. */
	t->ops->evtchn_notify(t, fd, r->lport);
	return 0;
}

int xm_ring_drain(struct xm_ring *r, xm_sink_fn sink, void *arg)
{
	uint32_t cons = __atomic_load_n(idx(r, OUT_CONS), __ATOMIC_RELAXED);
	uint32_t prod = __atomic_load_n(idx(r, OUT_PROD), __ATOMIC_ACQUIRE);
	int rc;

	if (prod - cons > OUT_SIZE)
		return -EPROTO;
	if (cons == prod)
		return 0;
	while (cons != prod) {
		uint32_t i = cons & (OUT_SIZE - 1), n = prod - cons;

		if (n > OUT_SIZE - i)
			n = OUT_SIZE - i;
		rc = sink(arg, (const char *)r->page + OUT_OFF + i, n);
		if (rc)
			return rc;
		cons += n;
	}
	__atomic_store_n(idx(r, OUT_CONS), cons, __ATOMIC_RELEASE);
	return r->t->ops->evtchn_notify(r->t, r->fd, r->lport);
}

int xm_ring_put(struct xm_ring *r, const char *p, size_t n)
{
	uint32_t cons = __atomic_load_n(idx(r, IN_CONS), __ATOMIC_ACQUIRE);
	uint32_t prod = __atomic_load_n(idx(r, IN_PROD), __ATOMIC_RELAXED);
	uint32_t room;
	int rc;

	if (prod - cons > IN_SIZE)
		return -EPROTO;
	room = IN_SIZE - (prod - cons);
	if (n > room)
		n = room;
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		r->page[(prod + i) & (IN_SIZE - 1)] = (uint8_t)p[i];
	__atomic_store_n(idx(r, IN_PROD), prod + (uint32_t)n, __ATOMIC_RELEASE);
	rc = r->t->ops->evtchn_notify(r->t, r->fd, r->lport);
	return rc ? rc : (int)n;
}

int xm_ring_ack(struct xm_ring *r)
{
	return r->t->ops->evtchn_ack(r->t, r->fd);
}

void xm_ring_close(struct xm_ring *r)
{
	if (r->page)
		r->page[XM_CONS_CONNECTION_OFF] = r->conn;
	if (r->fd >= 0)
		r->t->ops->evtchn_close(r->t, r->fd);
	if (r->page)
		r->t->ops->unmap_foreign(r->t, r->page);
	r->page = NULL;
	r->fd = -1;
}
