// SPDX-License-Identifier: MIT
/*
 * The domain commands: `domain list` (one getdomaininfolist call for the
 * whole system, shown as xl shows it or as JSON, with the names of the
 * domains file) and `domain pause` / `domain unpause`, which report what
 * Xen actually did, including Xen's counting of pauses.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "json.h"
#include "msg.h"
#include "xenmin.h"

/* xl's Mem column: current plus outstanding (claimed) memory, in MiB. */
static uint64_t mem_kib(const struct xm_dominfo *d)
{
	return (d->tot_pages + d->outstanding_pages) * (XM_PAGE_SIZE / 1024);
}

/* @uuid and @st: the domain's UUID and state letters, as both print them. */
static void print_text(const struct xm_dominfo *d, const char *name,
		       const char *uuid, const char *st)
{
	uint64_t tenths = (d->cpu_time_ns + 50000000u) / 100000000u;

	xm_printf("%5u %s %s %7" PRIu64 " %7" PRIu64 " %5" PRIu32 " %4" PRIu32
	       " %9" PRIu64 ".%" PRIu64 " %s\n",
	       d->domid, uuid, st, mem_kib(d) / 1024,
	       d->max_pages * (XM_PAGE_SIZE / 1024) / 1024, d->nr_online_vcpus,
	       d->cpupool, tenths / 10, tenths % 10, name ? name : "-");
}

static void print_json(struct xm_json *j, const struct xm_dominfo *d,
		       const char *name, const char *uuid, const char *st)
{
	int shut = !!(d->flags & XM_DOM_SHUTDOWN);

	xm_json_begin_object(j);
	xm_json_ku64(j, "domid", d->domid);
	xm_json_kstr(j, "uuid", uuid);
	xm_json_kstr(j, "state", st);
	xm_json_kbool(j, "running", d->flags & XM_DOM_RUNNING);
	xm_json_kbool(j, "blocked", d->flags & XM_DOM_BLOCKED);
	xm_json_kbool(j, "paused", d->flags & XM_DOM_PAUSED);
	xm_json_kbool(j, "shutdown", shut);
	xm_json_kbool(j, "crashed",
		      shut && XM_DOM_SHUTDOWN_CODE(d->flags) == XM_SHUTDOWN_CRASH);
	xm_json_kbool(j, "dying", d->flags & XM_DOM_DYING);
	xm_json_ku64(j, "mem_kib", mem_kib(d));
	xm_json_ku64(j, "maxmem_kib", d->max_pages * (XM_PAGE_SIZE / 1024));
	xm_json_ku64(j, "vcpus_online", d->nr_online_vcpus);
	xm_json_ku64(j, "max_vcpu_id", d->max_vcpu_id);
	xm_json_ku64(j, "cpupool", d->cpupool);
	xm_json_ku64(j, "cpu_time_ns", d->cpu_time_ns);
	xm_json_kstr(j, "name", name);
	xm_json_end_object(j);
}

/*
 * The domains the operands name, as domids in @want[@n] (-1: a name that
 * means no domain, said here). 0, or the first failure's exit code.
 */
static int want_list(struct xm_cli *c, int n, char **args, int *want)
{
	struct xm_dom d;
	int rc = 0, r;

	for (int i = 0; i < n; i++) {
		r = xm_dom_get(c, args[i], &d);
		want[i] = r ? -1 : d.domid;
		if (r && !rc)
			rc = r;
	}
	return rc;
}

void xm_list_begin(struct xm_json *j, const char *hdr)
{
	if (!j) {
		/* The header as written: no format to run for constants. */
		xm_fputs(hdr, xm_out);
		return;
	}
	xm_json_init(j, xm_out);
	xm_json_begin_array(j);
}

void xm_list_end(struct xm_json *j)
{
	if (j) {
		xm_json_end_array(j);
		xm_json_end(j);
	}
}

void xm_json_doc_begin(struct xm_json *j)
{
	xm_json_init(j, xm_out);
	xm_json_begin_object(j);
}

void xm_json_doc_end(struct xm_json *j)
{
	xm_json_end_object(j);
	xm_json_end(j);
}

static void print_list(struct xm_cli *c, const struct xm_dominfo *v, size_t n,
		       const int *want, size_t nwant, int json)
{
	struct xm_json j;

	xm_list_begin(json ? &j : NULL,
		      "   ID UUID                                 STATE      "
		      "MEM  MAXMEM VCPUS POOL        TIME NAME\n");
	for (size_t i = 0; i < n; i++) {
		const char *name = xm_dom_name(c, v[i].domid);
		char uuid[37], st[7];
		int show = !nwant;

		for (size_t k = 0; k < nwant && !show; k++)
			show = want[k] == v[i].domid;
		if (!show)
			continue;
		xm_uuid_fmt(v[i].handle, uuid);
		xm_dom_state(v[i].flags, st);
		if (json)
			print_json(&j, &v[i], name, uuid, st);
		else
			print_text(&v[i], name, uuid, st);
	}
	xm_list_end(json ? &j : NULL);
}

int cmd_domain_list(struct xm_cli *c, int argc, char **argv)
{
	struct xm_dominfo *v = NULL;
	int *want = NULL;
	size_t n = 0, nwant;
	int json, rc, ind = xm_opt_json(c, argc, argv, &json);

	if (ind < 0)
		return XM_EXIT_USAGE;
	nwant = (size_t)(argc - ind);
	rc = xm_dom_check(c, argc - ind, argv + ind);
	if (rc)
		return rc;
	want = calloc(nwant ? nwant : 1, sizeof(*want));
	if (!want)
		return XM_EXIT_INTERNAL;
	rc = xm_cli_open_xen(c);
	if (rc)
		goto out;
	rc = xm_dom_list(c, &v, &n);
	if (rc)
		goto out;
	rc = want_list(c, argc - ind, argv + ind, want);
	print_list(c, v, n, want, nwant, json);
	/* Named domains that do not exist: each said once, in order given. */
	for (size_t k = 0; k < nwant; k++) {
		/* A name that means no domain was said by want_list. */
		if (want[k] >= 0 && !xm_dominfo_find(v, n, (unsigned)want[k])) {
			xm_err_msg(c, argv[ind + (int)k], XM_MSG(m_dom_none, "no such domain"));
			rc = XM_EXIT_REFUSED;
		}
	}
out:
	free(v);
	free(want);
	return rc;
}

/* Pause or unpause one domain and say what Xen did; 0 or the exit code. */
static int pause_one(struct xm_cli *c, const struct xm_dom *d, int pause)
{
	struct xm_dominfo di;
	int r = pause ? xm_domain_pause(&c->xen, d->domid)
		      : xm_domain_unpause(&c->xen, d->domid);

	if (r)
		return xm_fail(c, d->label, pause ? XM_W_PAUSE : XM_W_UNPAUSE,
			       r);
	if (pause) {
		xm_printf("domain %s: paused\n", d->label);
		return 0;
	}
	/* Xen counts pauses: say so when one unpause was not enough. */
	r = xm_domain_get(&c->xen, d->domid, &di);
	if (r == 0 && (di.flags & XM_DOM_PAUSED))
		xm_printf("domain %s: unpaused once, still paused (it was "
			  "paused more than once)\n", d->label);
	else
		xm_printf("domain %s: unpaused\n", d->label);
	return 0;
}

int xm_no_opts(struct xm_cli *c, int argc, char **argv)
{
	struct xm_opt op;

	xm_opt_set(&op, argc, argv, "", NULL);
	return xm_getopt(c, &op) != -1 ? -1 : op.ind;
}

/* Pause or unpause each domain; the first failure decides the exit code. */
static int pause_cmd(struct xm_cli *c, int argc, char **argv, int pause)
{
	int rc, first = 0, ind = xm_no_opts(c, argc, argv);

	if (ind < 0)
		return XM_EXIT_USAGE;
	rc = xm_dom_check(c, argc - ind, argv + ind);
	if (!rc)
		rc = xm_writer_lock(c);
	if (!rc)
		rc = xm_cli_open_xen(c);
	if (rc)
		return rc;
	for (int i = ind; i < argc; i++) {
		struct xm_dom d;
		int r = xm_dom_get(c, argv[i], &d);

		if (!r)
			r = pause_one(c, &d, pause);
		if (r && !first)
			first = r;
	}
	return first;
}

int cmd_domain_pause(struct xm_cli *c, int argc, char **argv)
{
	return pause_cmd(c, argc, argv, 1);
}

int cmd_domain_unpause(struct xm_cli *c, int argc, char **argv)
{
	return pause_cmd(c, argc, argv, 0);
}
