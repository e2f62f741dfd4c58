// SPDX-License-Identifier: MIT
/*
 * DOMAIN operands, for every command that takes one: a domid, or a name
 * from the domains file (--domains FILE, else $XENMIN_DOMAINS, else
 * /etc/xenmin/domains, which may be missing). The file is read once per
 * run, before Xen is touched, and a broken one stops every command with
 * its file:line:col errors and exit 65; names.c decides which live domain
 * a name means, here that becomes a domid, a label for messages, or the
 * reason there is none.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "names.h"
#include "msg.h"
#include "xenmin.h"

struct xm_domains {
	const char *path;
	int rc;          /* what loading returned; every later call too */
	int missing;     /* the default file does not exist: no names */
	int bound;       /* b[] is the binding to a live domain list */
	struct sched_file f;
	struct xm_binding b[SCHED_MAX_DOMS];
};

/* The file's errors (its warnings are about schedules), compiler style. */
static void print_errors(const struct xm_cli *c, const char *path,
			 const struct sched_diag *d)
{
	unsigned shown = 0;

	for (unsigned i = 0; i < d->n && shown < SCHED_DIAG_SHOW; i++) {
		if (d->m[i].warn)
			continue;
		xm_fprintf(xm_errout, "%s:%u:%u: error: %s\n", path,
			   d->m[i].line, d->m[i].col, d->m[i].text);
		shown++;
	}
	if (d->nerr > shown)
		xm_fprintf(xm_errout, "%s: %u more errors not shown\n", path,
			   d->nerr - shown);
	xm_err_msg(c, path, XM_MSG(m_domarg_not_usable_domains, "not a usable domains file (%u error%s): nothing done"),
	       d->nerr, d->nerr == 1 ? "" : "s");
}

/* Read and parse the file into @n; 0 or an exit code (printed). */
static int load(const struct xm_cli *c, struct xm_domains *n, int explicit)
{
	struct sched_diag *d;
	char *buf;
	size_t len;
	int rc = xm_read_input(c, n->path, !explicit, &buf, &len);

	if (rc)
		return rc;
	if (!buf) {
		n->missing = 1;
		return 0;
	}
	d = malloc(sizeof(*d));
	if (!d) {
		free(buf);
		xm_err(c, NULL, "out of memory");
		return XM_EXIT_INTERNAL;
	}
	sched_diag_init(d);
	sched_parse_domains(buf, len, &n->f, d);
	free(buf);
	rc = 0;
	if (d->nerr) {
		print_errors(c, n->path, d);
		rc = XM_EXIT_DATA;
	}
	free(d);
	return rc;
}

int xm_domains_load(struct xm_cli *c)
{
	const char *env = xm_getenv("XENMIN_DOMAINS");
	struct xm_domains *n = c->names;
	int explicit = 1;

	if (n)
		return n->rc;
	n = calloc(1, sizeof(*n));
	if (!n) {
		xm_err(c, NULL, "out of memory");
		return XM_EXIT_INTERNAL;
	}
	c->names = n;
	n->path = c->domains;
	if (!n->path && env && *env)
		n->path = env;
	if (!n->path) {
		n->path = XM_DOMAINS_FILE;
		explicit = 0;
	}
	n->rc = load(c, n, explicit);
	return n->rc;
}

void xm_domains_free(struct xm_cli *c)
{
	free(c->names);
	c->names = NULL;
}

/* A domid operand, as before names: "7" and nothing else. */
static int domid_of(const char *s, uint16_t *out)
{
	uint64_t v;

	if (xm_parse_u64(s, 0, XM_DOMID_FIRST_RESERVED - 1, &v))
		return -1;
	*out = (uint16_t)v;
	return 0;
}

int xm_dom_check(struct xm_cli *c, int n, char **args)
{
	int rc = xm_domains_load(c);
	uint16_t id;

	for (int i = 0; !rc && i < n; i++) {
		const char *a = args[i];

		if (!domid_of(a, &id) || xm_names_find(&c->names->f, a) >= 0)
			continue;
		/* Names start with a letter or '_': else it meant a domid. */
		if (!((*a | 0x20) >= 'a' && (*a | 0x20) <= 'z') && *a != '_')
			return xm_parse_domid(c, a, &id);
		return xm_usage_msg(c, XM_MSG(m_domarg_not_domain_id, "%s: not a domain id (0 to %u) nor a name in %s%s"), a, XM_DOMID_FIRST_RESERVED - 1,
				c->names->path,
				c->names->missing ? " (no such file)" : "");
	}
	return rc;
}

void xm_dom_bind(struct xm_cli *c, const struct xm_dominfo *v, size_t n)
{
	if (c->names && !c->names->rc) {
		xm_names_bind(&c->names->f, v, n, c->names->b);
		c->names->bound = 1;
	}
}

int xm_dom_list(struct xm_cli *c, struct xm_dominfo **v, size_t *n)
{
	int r = xm_domain_list(&c->xen, v, n);

	if (r)
		return xm_fail(c, "listing domains", XM_W_SYSCTL, r);
	xm_dom_bind(c, *v, *n);
	return 0;
}

/* Bind the names to the domains now, if nobody did: one list call. */
static int bind_now(struct xm_cli *c)
{
	struct xm_dominfo *v;
	size_t n;
	int r;

	if (c->names->bound)
		return 0;
	r = xm_dom_list(c, &v, &n);
	if (!r)
		free(v);
	return r;
}

/* Why name @i means no live domain now; returns the exit code. */
static int unbound(const struct xm_cli *c, const struct xm_domains *n, int i)
{
	const struct sched_dom *dm = &n->f.dom[i];
	const struct xm_binding *b = &n->b[i];
	char u[37], o[37];

	xm_uuid_fmt(dm->uuid, u);
	if (b->how == XM_BIND_SHARED)
		xm_err_msg(c, dm->name, XM_MSG(m_domarg_uuid_shared_by, "uuid %s is shared by %u domains; add 'domid N' to its line in %s to say which"), u,
		       b->nshared, n->path);
	else if (b->how == XM_BIND_TAKEN)
		xm_err_msg(c, dm->name, XM_MSG(m_domarg_domid_domain_now, "domid %u is domain %s now (by its uuid, %s line %u)"), dm->domid, n->f.dom[b->other].name,
		       n->path, n->f.dom[b->other].line);
	else if (b->how == XM_BIND_OTHER)
		xm_err_msg(c, dm->name, XM_MSG(m_domarg_uuid_other, "no such domain: no domain has uuid %s, and domid %u has uuid %s"), u, dm->domid,
		       (xm_uuid_fmt(b->found, o), o));
	else if (dm->has_uuid && dm->has_domid)
		xm_err_msg(c, dm->name, XM_MSG(m_domarg_none_uuid_domid, "no such domain: no domain has uuid %s or domid %u"), u, dm->domid);
	else if (dm->has_uuid)
		xm_err_msg(c, dm->name, XM_MSG(m_domarg_none_uuid, "no such domain: no domain has uuid %s"),
		       u);
	else
		xm_err_msg(c, dm->name, XM_MSG(m_domarg_none_domid, "no such domain: domid %u does not exist"),
		       dm->domid);
	return XM_EXIT_REFUSED;
}

int xm_dom_get(struct xm_cli *c, const char *arg, struct xm_dom *out)
{
	struct xm_domains *n = c->names;
	int i, rc;

	memset(out, 0, sizeof(*out));
	if (!domid_of(arg, &out->domid)) {
		xm_snprintf(out->label, sizeof(out->label), "%u", out->domid);
		return 0;
	}
	/* xm_dom_check found it in the file */
	i = n ? xm_names_find(&n->f, arg) : -1;
	if (i < 0)
		return xm_usage_msg(c, XM_MSG(m_domarg_not_dom, "%s: not a domain id nor a name"), arg);
	rc = bind_now(c);
	if (rc)
		return rc;
	if (n->b[i].domid < 0)
		return unbound(c, n, i);
	out->domid = (uint16_t)n->b[i].domid;
	out->name = n->f.dom[i].name;
	xm_snprintf(out->label, sizeof(out->label), "%s (domid %u)",
		    out->name, out->domid);
	return 0;
}

int xm_dom_one(struct xm_cli *c, char *arg, struct xm_dom *out)
{
	int rc = xm_dom_check(c, 1, &arg);

	if (!rc)
		rc = xm_cli_open_xen(c);
	return rc ? rc : xm_dom_get(c, arg, out);
}

const char *xm_dom_name(const struct xm_cli *c, uint16_t domid)
{
	const struct xm_domains *n = c->names;
	int i;

	if (!n || !n->bound)
		return NULL;
	i = xm_names_of(&n->f, n->b, domid);
	return i < 0 ? NULL : n->f.dom[i].name;
}

int xm_dom_now(const struct xm_cli *c, const char *arg)
{
	const struct xm_domains *n = c->names;
	uint16_t id;
	int i;

	if (!domid_of(arg, &id))
		return id;
	i = n && n->bound ? xm_names_find(&n->f, arg) : -1;
	return i < 0 ? -1 : n->b[i].domid;
}
