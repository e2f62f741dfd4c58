// SPDX-License-Identifier: MIT
/*
 * Unit tests of destroying and shutting down domains at the operations
 * layer, against the fake's rules as read in Xen: destroydomain of the
 * calling domain is EINVAL, a destroyed domain is listed dying until its
 * last page goes (the fake's linger) and then not at all, a preempted
 * destroy answers ERESTART and is called again; a remote shutdown marks
 * the domain shut down with its reason, keeps a reason latched before, and
 * is ESRCH for a domain that does not exist. Both are one hypercall each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "xenmin.h"

static struct xm_xen X;

static void open_fake(void)
{
	CHECK(xm_xen_open(&X, fx_transport()) == 0);
}

static void t_destroy_gone(void)
{
	struct xm_dominfo d;
	size_t before;

	open_fake();
	before = fx_count(XM_HC_domctl, UINT32_MAX);
	CHECK(xm_domain_destroy(&X, 2) == 0);
	CHECK(fx_count(XM_HC_domctl, UINT32_MAX) == before + 1);
	CHECK(xm_domain_get(&X, 2, &d) == -ESRCH);
	CHECK(xm_domain_destroy(&X, 2) == -ESRCH);
	CHECK(xm_domain_get(&X, 1, &d) == 0);
}

static void t_destroy_lingers(void)
{
	struct xm_dominfo d;

	open_fake();
	fx_dom(2)->linger = 2;
	CHECK(xm_domain_destroy(&X, 2) == 0);
	CHECK(xm_domain_get(&X, 2, &d) == 0 && (d.flags & XM_DOM_DYING));
	/* destroying it again while it is dying: Xen says 0 */
	CHECK(xm_domain_destroy(&X, 2) == 0);
	CHECK(xm_domain_get(&X, 2, &d) == 0 && (d.flags & XM_DOM_DYING));
	CHECK(xm_domain_get(&X, 2, &d) == -ESRCH);
}

static void t_destroy_self_and_preempted(void)
{
	open_fake();
	fx.self = 1;
	CHECK(xm_domain_destroy(&X, 1) == -EINVAL);
	CHECK(fx_dom(1) && !(fx_dom(1)->flags & XM_DOM_DYING));
	fx_add_fail(XM_HC_domctl, XM_DOMCTL_destroydomain, ERESTART, 1);
	CHECK(xm_domain_destroy(&X, 2) == -ERESTART);
	CHECK(fx_dom(2) != NULL);
	CHECK(xm_domain_destroy(&X, 2) == 0);
	CHECK(fx_dom(2) == NULL);
}

static void t_remote_shutdown(void)
{
	struct xm_dominfo d;
	char st[7];

	open_fake();
	CHECK(xm_domain_shutdown(&X, 1, XM_SHUTDOWN_REBOOT) == 0);
	CHECK(fx_count(XM_HC_sched_op, XM_SCHEDOP_remote_shutdown) == 1);
	CHECK(xm_domain_get(&X, 1, &d) == 0);
	xm_dom_state(d.flags, st);
	CHECK(!strcmp(st, "---sr-"));
	/* the first reason stays */
	CHECK(xm_domain_shutdown(&X, 1, XM_SHUTDOWN_CRASH) == 0);
	CHECK(xm_domain_get(&X, 1, &d) == 0 &&
	      XM_DOM_SHUTDOWN_CODE(d.flags) == XM_SHUTDOWN_REBOOT);
	fx_dom(2)->latched = 1 + XM_SHUTDOWN_CRASH;
	CHECK(xm_domain_shutdown(&X, 2, XM_SHUTDOWN_POWEROFF) == 0);
	CHECK(xm_domain_get(&X, 2, &d) == 0 &&
	      XM_DOM_SHUTDOWN_CODE(d.flags) == XM_SHUTDOWN_CRASH);
	CHECK(xm_domain_shutdown(&X, 9, XM_SHUTDOWN_POWEROFF) == -ESRCH);
}

static void t_errwords(void)
{
	CHECK(xm_errexit(XM_W_DESTROY, ESRCH) == XM_EXIT_REFUSED);
	CHECK(!strcmp(xm_errwords(XM_W_DESTROY, EINVAL),
		      "Xen refused: a domain cannot destroy itself"));
	CHECK(xm_errexit(XM_W_SHUTDOWN, EPERM) == XM_EXIT_PERM);
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_destroy_gone),
	XM_TEST(t_destroy_lingers),
	XM_TEST(t_destroy_self_and_preempted),
	XM_TEST(t_remote_shutdown),
	XM_TEST(t_errwords),
	{ NULL, NULL },
};
