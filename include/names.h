// SPDX-License-Identifier: MIT
/*
 * Domain names without xenstore, in the operations layer: a domains file is
 * the `domain NAME [domid N] [uuid U]` lines of a schedule file, read by the
 * schedule parser (sched_parse_domains), and this says which live domain
 * each of its names means, and which domain runs xenmin. Pure: it reads
 * snapshots of the live domain list and never prints or talks to Xen.
 *
 * A name binds by its UUID where the file gives one (UUIDs survive reboots
 * once set, domids need not), else by its domid. A name with both whose
 * UUID no domain has yet binds by its domid while that domain still has
 * the all-zero UUID every dom0less domain starts with (xenmin has not set
 * it yet); a domain with another UUID there is someone else.
 */
#ifndef XM_NAMES_H
#define XM_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "sched.h"

/* How a name found its live domain, or why it found none. */
enum xm_bind_how {
	XM_BIND_UUID,   /* the one domain with the name's UUID */
	XM_BIND_DOMID,  /* the domain with the name's domid */
	XM_BIND_NONE,   /* no domain has its UUID, nor (if given) its domid */
	XM_BIND_OTHER,  /* no domain has its UUID; its domid has another */
	XM_BIND_SHARED, /* several domains have its UUID, no domid says which */
	XM_BIND_TAKEN,  /* its domid's domain is another name's, by UUID */
};

struct xm_binding {
	enum xm_bind_how how;
	int domid;           /* UUID, DOMID: the live domid; else -1 */
	int other;           /* TAKEN: the name (index) bound to that domain */
	unsigned nshared;    /* SHARED: how many domains have the UUID */
	uint8_t found[16];   /* OTHER: the UUID the domain at domid has */
};

/* The index of @name in @f's domains, or -1. */
int xm_names_find(const struct sched_file *f, const char *name);

/* Bind every name of @f to the live domains @dom[@n]: @b[f->ndom]. */
void xm_names_bind(const struct sched_file *f, const struct xm_dominfo *dom,
		   size_t n, struct xm_binding *b);

/* The index of the name bound to live @domid, or -1. */
int xm_names_of(const struct sched_file *f, const struct xm_binding *b,
		uint16_t domid);

/*
 * The domid of the domain running xenmin, from its own handle @self
 * (XENVER_guest_handle): the one domain with that UUID. When several
 * share it (the all-zero UUID of dom0 and dom0less domains) it is taken
 * to be 0 if 0 is one of them (as sched-arinc653 set does), and *@guessed
 * is set; -1 when no domain, or several without 0, have it.
 */
int xm_self_domid(const uint8_t self[16], const struct xm_dominfo *dom,
		  size_t n, int *guessed);

#endif
