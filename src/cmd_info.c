// SPDX-License-Identifier: MIT
/*
 * `xenmin info`: what an operator or auditor needs first — xenmin's version,
 * the hypervisor's version, the interface versions xenmin speaks to it (and
 * whether they came from the table or from probing), and every cpupool with
 * its scheduler.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "cpulist.h"
#include "hypfs.h"
#include "json.h"
#include "msg.h"
#include "xenmin.h"
#include "xsm.h"

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

/* Key @k, value @s (NULL: unknown), as a text line or a JSON member. */
static void kv(struct xm_json *j, const char *k, const char *s)
{
	if (!j)
		xm_printf("%s: %s\n", k, s ? s : "unknown");
	else
		xm_json_kstr(j, k, s);
}

/* @v: 1 yes, 0 no, -1 unknown. */
static void kb(struct xm_json *j, const char *k, int v)
{
	if (j && v >= 0)
		xm_json_kbool(j, k, v);
	else
		kv(j, k, v < 0 ? NULL : v ? "yes" : "no");
}

/* A list of words @s ("credit credit2"): "none" if empty; a JSON array. */
static void kl(struct xm_json *j, const char *k, const char *s)
{
	if (!j || !s) {
		kv(j, k, s && !*s ? "none" : s);
		return;
	}
	xm_json_key(j, k);
	xm_json_begin_array(j);
	while (*s) {
		char w[16];
		size_t n = (size_t)(xm_strchrnul(s, ' ') - s);

		/* The words are scheduler and XSM names: short. */
		memcpy(w, s, n < sizeof(w) ? n : sizeof(w) - 1);
		w[n < sizeof(w) ? n : sizeof(w) - 1] = '\0';
		xm_json_str(j, w);
		s += n + (s[n] == ' ');
	}
	xm_json_end_array(j);
}

/* Append word @w to the list in @b (room for every word xenmin adds). */
static void add_word(char *b, size_t len, const char *w)
{
	size_t o = strlen(b);

	xm_snprintf(b + o, len - o, "%s%s", o ? " " : "", w);
}

/* The answers from the .config: schedulers in XEN_SCHEDULER_* order. */
static void print_caps(struct xm_json *j, const struct xm_caps *k)
{
	char sch[48] = "", xsm[16] = "";

	for (unsigned i = 0; i < XM_CAP_NSCHED; i++)
		if (xm_cap_has(k, XM_CAP_SCHED_CREDIT + i))
			add_word(sch, sizeof(sch),
				 xm_sched_name(XM_SCHED_CREDIT + i));
	if (xm_cap_has(k, XM_CAP_XSM) && xm_cap_has(k, XM_CAP_XSM_FLASK))
		add_word(xsm, sizeof(xsm), "flask");
	if (xm_cap_has(k, XM_CAP_XSM) && xm_cap_has(k, XM_CAP_XSM_SILO))
		add_word(xsm, sizeof(xsm), "silo");
	kv(j, "build_config", "hypfs /buildinfo/config");
	if (j)
		kv(j, "unknown_because", NULL);
	kl(j, "built_schedulers", sch);
	kv(j, "default_scheduler", k->sched_default[0] ? k->sched_default : NULL);
	kb(j, "boot_time_cpupools", xm_cap_has(k, XM_CAP_BOOT_TIME_CPUPOOLS));
	kb(j, "sysctl", xm_cap_has(k, XM_CAP_SYSCTL));
	kl(j, "xsm", xsm);
	kv(j, "xsm_default", xm_caps_xsm_default(k));
	kb(j, "hypfs", 1);
}

/*
 * hypfs could not tell (-@err): say why, and "unknown" for what it would
 * have answered. sysctl is known anyway from the cpupool calls
 * (@pools_err), and hypfs itself from how it failed.
 */
static void print_caps_unknown(struct xm_cli *c, struct xm_json *j, int err,
			       int pools_err)
{
	const char *why;

	switch (err) {
	case ENOSYS:
		why = "hypfs is not built into this Xen (CONFIG_HYPFS is not set)";
		break;
	case EPERM:
		why = "Xen denied the hypfs read (this domain is not the "
		      "control domain, or XSM policy forbids it)";
		break;
	case ENOENT:
		why = "this Xen does not publish its .config in hypfs "
		      "(CONFIG_HYPFS_CONFIG is not set)";
		break;
	case EBADMSG:
		why = "hypfs /buildinfo/config does not decode";
		break;
	default:
		why = xm_errwords(XM_W_VERSION, err);
	}
	kv(j, "build_config", NULL);
	kv(j, "unknown_because", why);
	kv(j, "built_schedulers", NULL);
	kv(j, "default_scheduler", NULL);
	kv(j, "boot_time_cpupools", NULL);
	kb(j, "sysctl", !pools_err ? 1 : c->xen.sysctl_absent ? 0 : -1);
	kv(j, "xsm", NULL);
	kv(j, "xsm_default", NULL);
	/* Only ENOSYS says hypfs is missing; the others came from it. */
	kb(j, "hypfs", err == ENOSYS ? 0 :
		       err == EPERM || err == ENOENT || err == EBADMSG ? 1 : -1);
}

/*
 * The XSM policy in force, which the build alone cannot tell (xsm.h):
 * xsm_policy (dummy, silo, flask-enforcing, flask-permissive, unknown)
 * and xsm_policy_from, how xenmin knows.
 */
static void print_xsm(struct xm_cli *c, struct xm_json *j,
		      const struct xm_caps *k)
{
	struct xm_xsm xs;
	const char *name;

	xm_xsm_policy(&c->xen, k, &xs);
	name = xm_xsm_name(xs.policy);
	if (xs.policy == XM_XSM_FLASK && xs.enforcing >= 0)
		name = xs.enforcing ? "flask-enforcing" : "flask-permissive";
	kv(j, "xsm_policy", xs.policy == XM_XSM_UNKNOWN ? NULL : name);
	kv(j, "xsm_policy_from", xs.from);
}

/*
 * What this Xen was built with (text lines, or the JSON object "build"),
 * then the XSM policy in force.
 */
static void print_build(struct xm_cli *c, struct xm_json *j, int pools_err)
{
	struct xm_caps k;
	int r = xm_build_caps(&c->xen, &k);

	if (j) {
		xm_json_key(j, "build");
		xm_json_begin_object(j);
	}
	if (r)
		print_caps_unknown(c, j, -r, pools_err);
	else
		print_caps(j, &k);
	if (j)
		xm_json_end_object(j);
	print_xsm(c, j, r ? NULL : &k);
}

int xm_say_sched_not_built(struct xm_cli *c, uint32_t id)
{
	struct xm_caps k;
	unsigned o = XM_CAP_SCHED_CREDIT + id - XM_SCHED_CREDIT;

	if (o >= XM_CAP_NSCHED || xm_build_caps(&c->xen, &k) ||
	    xm_cap_has(&k, o))
		return 0;
	xm_err_msg(c, NULL, XM_MSG(m_info_this_xen_built, "this Xen is built without the %s scheduler (CONFIG_%s is not set)"),
	       id == XM_SCHED_ARINC653 ? "ARINC 653" : xm_sched_name(id),
	       xm_cap_name(o));
	return 1;
}

/* An interface version: hex in text, a number in JSON. */
static void kx(struct xm_json *j, const char *k, uint32_t v)
{
	if (j)
		xm_json_ku64(j, k, v);
	else
		xm_printf("%s: 0x%02x\n", k, v);
}

/* Text lines, or with @j one JSON object (which adds the major, minor). */
static void info_out(struct xm_cli *c, struct xm_json *j, const char *ver,
		     const struct xm_pool *p, size_t n, int pr)
{
	const struct xm_xen *x = &c->xen;
	char cpus[XM_CPULIST_LEN];

	if (j)
		xm_json_doc_begin(j);
	kv(j, "xenmin_version", XENMIN_VERSION);
	kv(j, "xen_version", ver);
	if (j) {
		xm_json_ku64(j, "xen_major", x->major);
		xm_json_ku64(j, "xen_minor", x->minor);
	}
	kv(j, "xen_extra", x->extra);
	kx(j, "domctl_interface", x->domctl_if);
	kx(j, "sysctl_interface", x->sysctl_if);
	kv(j, "interface_source", x->probed ? "probed" : "table");
	kv(j, "arch", XM_ARCH);
	print_build(c, j, pr);
	if (j) {
		xm_json_key(j, "cpupools");
		if (pr)
			xm_json_null(j);
		else
			xm_json_begin_array(j);
	}
	for (size_t i = 0; !pr && i < n; i++) {
		xm_cpulist_fmt(p[i].cpus, 0, cpus, sizeof(cpus));
		if (!j) {
			xm_printf("cpupool %" PRIu32 ": scheduler %s, %" PRIu32
				  " domains, cpus %s\n",
				  p[i].id, sched_word(p[i].sched_id),
				  p[i].n_dom, cpus);
			continue;
		}
		xm_json_begin_object(j);
		xm_json_ku64(j, "id", p[i].id);
		xm_json_kstr(j, "scheduler", sched_word(p[i].sched_id));
		xm_json_ku64(j, "sched_id", p[i].sched_id);
		xm_json_ku64(j, "domains", p[i].n_dom);
		xm_json_kstr(j, "cpus", cpus);
		xm_json_end_object(j);
	}
	if (j && !pr)
		xm_json_end_array(j);
	if (j)
		xm_json_doc_end(j);
}

int cmd_info(struct xm_cli *c, int argc, char **argv)
{
	struct xm_pool *p = NULL;
	size_t n = 0;
	int json, rc, pr, ind = xm_opt_json(c, argc, argv, &json);
	struct xm_json j;
	char ver[64];

	if (ind < 0)
		return XM_EXIT_USAGE;
	rc = xm_cli_open_xen(c);
	if (rc)
		return rc;
	/* Printed here, so asked here (xm_xen_open no longer does). */
	pr = xm_xen_extra(&c->xen);
	if (pr)
		return xm_fail(c, "asking Xen its version", XM_W_VERSION, pr);
	xm_snprintf(ver, sizeof(ver), "%u.%u%s", c->xen.major, c->xen.minor,
		    c->xen.extra);
	/* What Xen says of itself is shown even if the pools cannot be. */
	pr = xm_cpupool_list(&c->xen, &p, &n);
	info_out(c, json ? &j : NULL, ver, p, n, pr);
	free(p);
	if (pr)
		return xm_fail(c, "listing cpupools", XM_W_SYSCTL, pr);
	return XM_EXIT_OK;
}
