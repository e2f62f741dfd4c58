// SPDX-License-Identifier: MIT
/*
 * `xenmin info`: what an operator or auditor needs first — xenmin's version,
 * the hypervisor's version, the interface versions xenmin speaks to it (and
 * whether they came from the table or from probing), and every cpupool with
 * its scheduler.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "xenmin.h"

#if defined(__x86_64__)
#define XM_ARCH "x86_64"
#else
#define XM_ARCH "aarch64"
#endif

/* A pool's scheduler by name, "unknown" for an id xenmin has no name for. */
static const char *sched_word(uint32_t id)
{
	const char *n = xm_sched_name(id);

	return n ? n : "unknown";
}

/* "0-3,5" style list of the CPUs in a pool's mask. */
static void cpu_list(uint64_t m, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < 64 && o + 8 < len; i++) {
		unsigned j = i;

		if (!(m & (1ull << i)))
			continue;
		while (j + 1 < 64 && (m & (1ull << (j + 1))))
			j++;
		o += (size_t)xm_snprintf(buf + o, len - o, o ? ",%u" : "%u", i);
		if (j > i)
			o += (size_t)xm_snprintf(buf + o, len - o, "-%u", j);
		i = j;
	}
	if (!o)
		xm_snprintf(buf, len, "none");
}

int cmd_info(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "json", 0, 'j' },
		{ 0 },
	};
	struct xm_pool *p = NULL;
	struct xm_json j;
	size_t n = 0;
	int o, json = 0, rc, pr;
	char ver[64], cpus[128];

	xm_opt_reset();
	while ((o = xm_getopt(c, argc, argv, "j", lo)) != -1) {
		if (o == 'j')
			json = 1;
		else
			return XM_OPT_EXIT(o);
	}
	if (xm_optind != argc)
		return xm_usage(c, "unexpected argument %s", argv[xm_optind]);
	rc = xm_cli_open_xen(c);
	if (rc)
		return rc;
	/* Printed here, so asked here (xm_xen_open no longer does). */
	pr = xm_xen_extra(&c->xen);
	if (pr)
		return xm_fail(c, "asking Xen its version", XM_W_VERSION, pr);
	xm_snprintf(ver, sizeof(ver), "%u.%u%s", c->xen.major, c->xen.minor,
		 c->xen.extra);
	pr = xm_cpupool_list(&c->xen, &p, &n);

	if (json) {
		xm_json_init(&j, xm_out);
		xm_json_begin_object(&j);
		xm_json_kstr(&j, "xenmin_version", XENMIN_VERSION);
		xm_json_kstr(&j, "xen_version", ver);
		xm_json_ku64(&j, "xen_major", c->xen.major);
		xm_json_ku64(&j, "xen_minor", c->xen.minor);
		xm_json_kstr(&j, "xen_extra", c->xen.extra);
		xm_json_ku64(&j, "domctl_interface", c->xen.domctl_if);
		xm_json_ku64(&j, "sysctl_interface", c->xen.sysctl_if);
		xm_json_kstr(&j, "interface_source",
			     c->xen.probed ? "probed" : "table");
		xm_json_kstr(&j, "arch", XM_ARCH);
		xm_json_key(&j, "cpupools");
		if (pr) {
			xm_json_null(&j);
		} else {
			xm_json_begin_array(&j);
			for (size_t i = 0; i < n; i++) {
				cpu_list(p[i].cpus, cpus, sizeof(cpus));
				xm_json_begin_object(&j);
				xm_json_ku64(&j, "id", p[i].id);
				xm_json_kstr(&j, "scheduler",
					     sched_word(p[i].sched_id));
				xm_json_ku64(&j, "sched_id", p[i].sched_id);
				xm_json_ku64(&j, "domains", p[i].n_dom);
				xm_json_kstr(&j, "cpus", cpus);
				xm_json_end_object(&j);
			}
			xm_json_end_array(&j);
		}
		xm_json_end_object(&j);
		xm_json_end(&j);
	} else {
		xm_printf("xenmin_version: %s\n", XENMIN_VERSION);
		xm_printf("xen_version: %s\n", ver);
		xm_printf("xen_extra: %s\n", c->xen.extra);
		xm_printf("domctl_interface: 0x%02" PRIx32 "\n", c->xen.domctl_if);
		xm_printf("sysctl_interface: 0x%02" PRIx32 "\n", c->xen.sysctl_if);
		xm_printf("interface_source: %s\n",
		       c->xen.probed ? "probed" : "table");
		xm_printf("arch: %s\n", XM_ARCH);
		for (size_t i = 0; !pr && i < n; i++) {
			cpu_list(p[i].cpus, cpus, sizeof(cpus));
			xm_printf("cpupool %" PRIu32 ": scheduler %s, %" PRIu32
			       " domains, cpus %s\n",
			       p[i].id, sched_word(p[i].sched_id),
			       p[i].n_dom, cpus);
		}
	}
	free(p);
	if (pr)
		return xm_fail(c, "listing cpupools", XM_W_SYSCTL, pr);
	return XM_EXIT_OK;
}
