// SPDX-License-Identifier: MIT
/*
 * Console engines behind `xenmin console attach`, free of words and exit
 * codes so the unit tests can drive them over the fake hypervisor. The
 * follower tails Xen's own console ring (XM_SYSCTL_readconsole) with a
 * private index, never clearing it, and picks out one domain's lines: the
 * only way to see a dom0less domU whose UART is emulated inside Xen. The
 * ring client drives a domain's PV console ring in place of xenconsoled. Everything returns 0 or -errno and never prints.
 */
#ifndef XM_CONSOLE_H
#define XM_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "hypbuf.h"
#include "xenops.h"

/* Bytes asked per readconsole call; xenconsoled uses the same. */
#define XM_FOLLOW_CHUNK 16384u
/* A longer line is passed on in pieces (vpl011 lines are < 130 bytes). */
#define XM_FOLLOW_LINE 512u

/* Output sink: @n bytes at @s. Returns 0 or -errno (stops the follower). */
typedef int (*xm_sink_fn)(void *arg, const char *s, size_t n);

struct xm_follow {
	struct xm_xen *x;
	struct xm_hbuf b;
	uint32_t index;   /* next byte of Xen's ring to read */
	int fresh;        /* nothing read yet: a jump is history, not loss */
	int domid;        /* -1: every byte, as is */
	int cont;         /* domain of an overlong line being continued, or -1 */
	size_t len;
	char line[XM_FOLLOW_LINE];
};

/*
 * Start following @domid (-1: everything). With @from_new, skip what the
 * ring holds now; otherwise start at its oldest byte.
 */
int xm_follow_open(struct xm_follow *f, struct xm_xen *x, int domid,
		   int from_new);
/*
 * Read everything new, passing @domid's lines (tags stripped) or all bytes
 * to @sink. *@lost grows by the bytes Xen overwrote before we read them.
 */
int xm_follow_poll(struct xm_follow *f, xm_sink_fn sink, void *arg,
		   uint64_t *lost);
void xm_follow_close(struct xm_follow *f);

/*
 * Which domain wrote this console line: "(XEN) [ts] DOM3: text" (vpl011
 * emulated in Xen) or "(d3) [ts] text" (console hypercall, x86 port 0xE9).
 * Returns the domid and sets *@text to where the domain's own text starts,
 * or -1 for Xen's own lines and lines of the domain that has input focus
 * (Xen prints those untagged).
 */
int xm_conline_dom(const char *s, size_t n, size_t *text);


/* Where a domain's PV console ring was found. */
enum xm_ring_via {
	XM_RING_HVM_PARAM = 1, /* HVM params CONSOLE_PFN/EVTCHN: Arm, HVM, PVH */
	XM_RING_GRANT0,        /* grant entry 0 + a free port: x86 PV */
};

struct xm_ring_loc {
	int via;
	uint64_t frame;   /* gfn (the MFN for x86 PV guests) */
	uint32_t port;    /* the guest's end of the console event channel */
	uint16_t peer;    /* -EBUSY: the domain that holds the port */
};

/*
 * Find @domid's console ring without xenstore. -ENOENT: it has none (a
 * dom0less domU: follow mode). -EBUSY: its port is bound already, i.e.
 * xenconsoled or another client serves it; nothing was touched. -ENXIO:
 * an x86 PV guest without a frame in grant entry 0 or a port to bind.
 */
int xm_ring_find(struct xm_xen *x, uint16_t domid, struct xm_ring_loc *loc);

struct xm_ring {
	struct xm_transport *t;
	uint8_t *page;    /* the guest's struct xm_xencons_interface */
	int fd;           /* evtchn fd; closing it unbinds */
	uint32_t lport;
	uint8_t conn;     /* the connection byte as we found it */
};

/* Map the ring and bind its port (-EBUSY if someone bound it first). */
int xm_ring_open(struct xm_ring *r, struct xm_xen *x, uint16_t domid,
		 const struct xm_ring_loc *loc);
/* Pass the guest's output to @sink and free its space. -EPROTO: corrupt. */
int xm_ring_drain(struct xm_ring *r, xm_sink_fn sink, void *arg);
/* Queue input for the guest: returns the bytes that fit (0..@n). */
int xm_ring_put(struct xm_ring *r, const char *p, size_t n);
/* Take the guest's notifications (call when r->fd polls readable). */
int xm_ring_ack(struct xm_ring *r);
/* Unbind and unmap, leaving the ring for the next client. */
void xm_ring_close(struct xm_ring *r);

#endif
