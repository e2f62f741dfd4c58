// SPDX-License-Identifier: MIT
/*
 * `evtchn list DOMAIN`: every event channel port of a domain that is not
 * closed, with its state (unbound and for whom, interdomain with the
 * remote domain and port, virq, pirq, ipi) and the vCPU it notifies, as
 * Xen's EVTCHNOP_status tells them, port by port from 0 until Xen says
 * the port is past the domain's ports (EINVAL): no library, no xenstore.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "domstate.h"
#include "cmds.h"
#include "json.h"
#include "xenmin.h"

/* More ports than any event channel ABI has (FIFO: 2^17). */
#define PORTS_MAX (1u << 17)

/* Xen's EVTCHNSTAT_ names from 1 (unbound) to 5 (ipi), as one string. */
static const char *state_word(uint32_t s)
{
	_Static_assert(XM_EVTCHNSTAT_interdomain == 2 &&
		       XM_EVTCHNSTAT_pirq == 3 && XM_EVTCHNSTAT_virq == 4 &&
		       XM_EVTCHNSTAT_ipi == 5, "the names follow the numbers");

	if (s < XM_EVTCHNSTAT_unbound || s > XM_EVTCHNSTAT_ipi)
		return "unknown";
	return xm_nth("unbound\0interdomain\0pirq\0virq\0ipi", s - 1);
}

/*
 * Xen's name of global or per-vCPU virtual IRQ @v, or NULL: names by
 * number from 0 (5 has none), one string, so no table of pointers.
 */
static const char *virq_word(uint32_t v)
{
	static const char names[] =
		"VIRQ_TIMER\0VIRQ_DEBUG\0VIRQ_CONSOLE\0VIRQ_DOM_EXC\0VIRQ_TBUF\0"
		"\0VIRQ_DEBUGGER\0VIRQ_XENOPROF\0VIRQ_CON_RING\0VIRQ_PCPU_STATE\0"
		"VIRQ_MEM_EVENT\0VIRQ_ARGO\0VIRQ_ENOMEM\0VIRQ_XENPMU";
	const char *p = v > XM_VIRQ_XENPMU ? "" : xm_nth(names, v);

	return *p ? p : NULL;
}

static void row_text(uint32_t port, const struct xm_evtchn_st *st)
{
	const char *vn;

	xm_printf("%5" PRIu32 " %4" PRIu32 " %-11s ", port, st->vcpu,
		  state_word(st->status));
	switch (st->status) {
	case XM_EVTCHNSTAT_unbound:
		xm_printf("for domain %u\n", st->remote_dom);
		break;
	case XM_EVTCHNSTAT_interdomain:
		xm_printf("domain %u port %" PRIu32 "\n", st->remote_dom,
			  st->remote_port);
		break;
	case XM_EVTCHNSTAT_pirq:
		xm_printf("pirq %" PRIu32 "\n", st->irq);
		break;
	case XM_EVTCHNSTAT_virq:
		vn = virq_word(st->irq);
		if (vn)
			xm_printf("virq %" PRIu32 " (%s)\n", st->irq, vn);
		else
			xm_printf("virq %" PRIu32 "\n", st->irq);
		break;
	default:
		xm_printf("-\n");
	}
}

void xm_json_knum(struct xm_json *j, const char *k, int has, uint64_t v)
{
	xm_json_key(j, k);
	if (has)
		xm_json_u64(j, v);
	else
		xm_json_null(j);
}

static void row_json(struct xm_json *j, uint32_t port,
		     const struct xm_evtchn_st *st)
{
	uint32_t s = st->status;
	const char *vn = s == XM_EVTCHNSTAT_virq ? virq_word(st->irq) : NULL;

	xm_json_begin_object(j);
	xm_json_ku64(j, "port", port);
	xm_json_ku64(j, "vcpu", st->vcpu);
	xm_json_kstr(j, "state", state_word(s));
	xm_json_knum(j, "remote_domid", s == XM_EVTCHNSTAT_unbound ||
		    s == XM_EVTCHNSTAT_interdomain, st->remote_dom);
	xm_json_knum(j, "remote_port", s == XM_EVTCHNSTAT_interdomain,
		    st->remote_port);
	xm_json_knum(j, "pirq", s == XM_EVTCHNSTAT_pirq, st->irq);
	xm_json_knum(j, "virq", s == XM_EVTCHNSTAT_virq, st->irq);
	xm_json_kstr(j, "virq_name", vn);
	xm_json_end_object(j);
}

struct port {
	uint32_t port;
	struct xm_evtchn_st st;
};

/*
 * Every port of @domid from 0 until Xen says EINVAL (past the last), the
 * closed ones left out, into *@out (*@n of them): all read before any is
 * printed, so a failure half way prints no half list. Port 0 always
 * exists (Xen reserves it): an EINVAL there is a refusal, not the end.
 */
static int read_ports(struct xm_cli *c, uint16_t domid, struct port **out,
		      size_t *n)
{
	struct port *v = NULL;
	size_t cnt = 0, cap = 0;
	int r = 0;

	for (uint32_t port = 0; port < PORTS_MAX; port++) {
		struct xm_evtchn_st st;

		r = xm_evtchn_status(&c->xen, domid, port, &st);
		if (r == -EINVAL && port > 0) {
			r = 0;
			break;
		}
		if (r)
			break;
		if (st.status == XM_EVTCHNSTAT_closed)
			continue;
		if (cnt == cap) {
			struct port *nv = realloc(v, (cap ? 2 * cap : 16) *
							    sizeof(*v));

			if (!nv) {
				r = -ENOMEM;
				break;
			}
			v = nv;
			cap = cap ? 2 * cap : 16;
		}
		v[cnt++] = (struct port){ port, st };
	}
	if (r) {
		free(v);
		return r;
	}
	*out = v;
	*n = cnt;
	return 0;
}

static void print_ports(const struct port *v, size_t n, int json)
{
	struct xm_json j;

	xm_list_begin(json ? &j : NULL, " PORT VCPU STATE       REMOTE\n");
	for (size_t i = 0; i < n; i++)
		if (json)
			row_json(&j, v[i].port, &v[i].st);
		else
			row_text(v[i].port, &v[i].st);
	xm_list_end(json ? &j : NULL);
}

int cmd_evtchn_list(struct xm_cli *c, int argc, char **argv)
{
	struct xm_dom d;
	struct port *v;
	size_t n;
	int json, rc, r, ind = xm_opt_json(c, argc, argv, &json);

	if (ind < 0)
		return XM_EXIT_USAGE;
	rc = xm_dom_one(c, argv[ind], &d);
	if (rc)
		return rc;
	r = read_ports(c, d.domid, &v, &n);
	if (r)
		return xm_fail(c, d.label, XM_W_EVTCHN, r);
	print_ports(v, n, json);
	free(v);
	return XM_EXIT_OK;
}
