// SPDX-License-Identifier: MIT
/*
 * The domain commands: `domain list` (one getdomaininfolist call for the
 * whole system, shown as xl shows it or as JSON) and `domain pause` /
 * `domain unpause`, which report what Xen actually did, including Xen's
 * counting of pauses.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "xenmin.h"

/* xl's Mem column: current plus outstanding (claimed) memory, in MiB. */
static uint64_t mem_kib(const struct xm_dominfo *d)
{
	return (d->tot_pages + d->outstanding_pages) * (XM_PAGE_SIZE / 1024);
}

static void print_text(const struct xm_dominfo *d)
{
	char uuid[37], st[7];
	uint64_t tenths = (d->cpu_time_ns + 50000000u) / 100000000u;

	xm_uuid_fmt(d->handle, uuid);
	xm_dom_state(d->flags, st);
	xm_printf("%5u %s %s %7" PRIu64 " %7" PRIu64 " %5" PRIu32 " %4" PRIu32
	       " %9" PRIu64 ".%" PRIu64 " %s\n",
	       d->domid, uuid, st, mem_kib(d) / 1024,
	       d->max_pages * (XM_PAGE_SIZE / 1024) / 1024, d->nr_online_vcpus,
	       d->cpupool, tenths / 10, tenths % 10, "-");
}

static void print_json(struct xm_json *j, const struct xm_dominfo *d)
{
	char uuid[37], st[7];
	int shut = !!(d->flags & XM_DOM_SHUTDOWN);

	xm_uuid_fmt(d->handle, uuid);
	xm_dom_state(d->flags, st);
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
	xm_json_key(j, "name");
	xm_json_null(j);
	xm_json_end_object(j);
}

int cmd_domain_list(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "json", 0, 'j' },
		{ 0 },
	};
	struct xm_opt op = XM_OPT_INIT(argc, argv, "j", lo);
	struct xm_dominfo *v = NULL;
	uint16_t *want = NULL;
	size_t n = 0, nwant;
	struct xm_json j;
	int o, json = 0, rc;

	while ((o = xm_getopt(c, &op)) != -1) {
		if (o == 'j')
			json = 1;
		else
			return XM_EXIT_USAGE;
	}
	nwant = (size_t)(argc - op.ind);
	if (nwant) {
		want = calloc(nwant, sizeof(*want));
		if (!want)
			return XM_EXIT_INTERNAL;
		for (size_t i = 0; i < nwant; i++) {
			rc = xm_parse_domid(c, argv[op.ind + (int)i], &want[i]);
			if (rc)
				goto out;
		}
	}
	rc = xm_cli_open_xen(c);
	if (rc)
		goto out;
	rc = xm_domain_list(&c->xen, &v, &n);
	if (rc) {
		rc = xm_fail(c, "listing domains", XM_W_SYSCTL, rc);
		goto out;
	}

	if (json) {
		xm_json_init(&j, xm_out);
		xm_json_begin_array(&j);
	} else {
		xm_printf("%5s %-36s %-6s %7s %7s %5s %4s %11s %s\n", "ID", "UUID",
		       "STATE", "MEM", "MAXMEM", "VCPUS", "POOL", "TIME", "NAME");
	}
	for (size_t i = 0; i < n; i++) {
		int show = !nwant;

		for (size_t k = 0; k < nwant && !show; k++)
			show = want[k] == v[i].domid;
		if (!show)
			continue;
		if (json)
			print_json(&j, &v[i]);
		else
			print_text(&v[i]);
	}
	if (json) {
		xm_json_end_array(&j);
		xm_json_end(&j);
	}
	/* Named domains that do not exist: each said once, in order given. */
	for (size_t k = 0; k < nwant; k++) {
		int found = 0;
		char what[16];

		for (size_t i = 0; i < n && !found; i++)
			found = v[i].domid == want[k];
		if (!found) {
			xm_snprintf(what, sizeof(what), "%u", want[k]);
			xm_err(c, what, "no such domain");
			rc = XM_EXIT_REFUSED;
		}
	}
out:
	free(v);
	free(want);
	return rc;
}

static int parse_domids(struct xm_cli *c, int argc, char **argv,
			uint16_t **out, size_t *n)
{
	struct xm_opt op = XM_OPT_INIT(argc, argv, "", NULL);
	int rc;

	if (xm_getopt(c, &op) != -1)
		return XM_EXIT_USAGE;
	*n = (size_t)(argc - op.ind);
	*out = calloc(*n, sizeof(**out));
	if (!*out)
		return XM_EXIT_INTERNAL;
	for (size_t i = 0; i < *n; i++) {
		rc = xm_parse_domid(c, argv[op.ind + (int)i], &(*out)[i]);
		if (rc) {
			free(*out);
			return rc;
		}
	}
	return 0;
}

/* Pause or unpause each domain; the first failure decides the exit code. */
static int pause_cmd(struct xm_cli *c, int argc, char **argv, int pause)
{
	uint16_t *ids = NULL;
	size_t n = 0;
	int rc = parse_domids(c, argc, argv, &ids, &n), first = 0;

	if (rc)
		return rc;
	rc = xm_cli_open_xen(c);
	if (rc)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char what[16];
		int r;

		xm_snprintf(what, sizeof(what), "%u", ids[i]);
		r = pause ? xm_domain_pause(&c->xen, ids[i])
			  : xm_domain_unpause(&c->xen, ids[i]);
		if (r) {
			r = xm_fail(c, what, pause ? XM_W_PAUSE : XM_W_UNPAUSE,
				    r);
			if (!first)
				first = r;
			continue;
		}
		if (pause) {
			xm_printf("domain %u: paused\n", ids[i]);
			continue;
		}
		/* Xen counts pauses: say so when one unpause was not enough. */
		struct xm_dominfo d;

		r = xm_domain_get(&c->xen, ids[i], &d);
		if (r == 0 && (d.flags & XM_DOM_PAUSED))
			xm_printf("domain %u: unpaused once, still paused "
			       "(it was paused more than once)\n",
			       ids[i]);
		else
			xm_printf("domain %u: unpaused\n", ids[i]);
	}
	rc = first;
out:
	free(ids);
	return rc;
}

int cmd_domain_pause(struct xm_cli *c, int argc, char **argv)
{
	return pause_cmd(c, argc, argv, 1);
}

int cmd_domain_unpause(struct xm_cli *c, int argc, char **argv)
{
	return pause_cmd(c, argc, argv, 0);
}
