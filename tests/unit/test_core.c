// SPDX-License-Identifier: MIT
/*
 * Unit tests of the core against the fake hypervisor: state letters, the
 * version table and probing, domain listing (one call, paging), pause
 * counting, cpupools, ARINC 653 get/put, errno wording and exit codes,
 * UUID and number parsing, the JSON writer's escaping, buffer hygiene, and
 * the command table's own rules.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "help.h"
#include "msg.h"
#include "hypbuf.h"
#include "json.h"
#include "runner.h"
#include "xenmin.h"

static struct xm_xen X;

static int open_x(void)
{
	return xm_xen_open(&X, fx_transport());
}

static void t_state_letters(void)
{
	char s[7];

	xm_dom_state(0xffff0000u | XM_DOM_RUNNING, s);
	CHECK(strcmp(s, "r-----") == 0);
	xm_dom_state(0xffff0000u | XM_DOM_BLOCKED | XM_DOM_PAUSED, s);
	CHECK(strcmp(s, "-bp---") == 0);
	xm_dom_state(0, s);
	CHECK(strcmp(s, "------") == 0);
	/* shutdown with reason crash (3) */
	xm_dom_state(XM_DOM_SHUTDOWN | (3u << 16), s);
	CHECK(strcmp(s, "---sc-") == 0);
	xm_dom_state(XM_DOM_SHUTDOWN | (1u << 16) | XM_DOM_DYING, s);
	CHECK(strcmp(s, "---srd") == 0);
	// cppcheck-suppress badBitmaskCheck ; reason 0 spelled out like the others
	xm_dom_state(XM_DOM_SHUTDOWN | (0u << 16), s);
	CHECK(strcmp(s, "---s--") == 0);
	/* unknown reason */
	xm_dom_state(XM_DOM_SHUTDOWN | (9u << 16), s);
	CHECK(strcmp(s, "---s?-") == 0);
}

static void t_version_table(void)
{
	const struct xm_ifver *v = xm_ifver_lookup(4, 17);

	CHECK(v && v->domctl == 0x15 && v->sysctl == 0x15);
	v = xm_ifver_lookup(4, 18);
	CHECK(v && v->domctl == 0x16 && v->sysctl == 0x15);
	v = xm_ifver_lookup(4, 20);
	CHECK(v && v->domctl == 0x17 && v->sysctl == 0x15);
	v = xm_ifver_lookup(4, 21);
	CHECK(v && v->domctl == 0x17 && v->sysctl == 0x16);
	v = xm_ifver_lookup(4, 22);
	CHECK(v && v->domctl == 0x18 && v->sysctl == 0x16);
	CHECK(xm_ifver_lookup(4, 16) == NULL);
	CHECK(xm_ifver_lookup(4, 23) == NULL);
}

static void t_open_known(void)
{
	CHECK(open_x() == 0);
	CHECK(X.major == 4 && X.minor == 17);
	CHECK(X.domctl_if == 0x15 && X.sysctl_if == 0x15 && !X.probed);
	/* the version, nothing else: the extraversion is asked when printed */
	CHECK(fx.ncalls == 1);
	CHECK(X.extra[0] == '\0' && !X.have_extra);
	CHECK(xm_xen_extra(&X) == 0);
	CHECK(strcmp(X.extra, ".5") == 0);
	CHECK(fx.ncalls == 2);
	/* asked once */
	CHECK(xm_xen_extra(&X) == 0);
	CHECK(fx.ncalls == 2);
	CHECK(fx.live_bufs == 0);
}

static void t_open_probe(void)
{
	fx.minor = 23;
	fx.domctl_if = 0x19;
	fx.sysctl_if = 0x17;
	CHECK(open_x() == 0);
	CHECK(X.probed);
	CHECK(X.domctl_if == 0x19 && X.sysctl_if == 0x17);
}

static void t_open_probe_fails(void)
{
	fx.minor = 30;
	fx.domctl_if = 0x99; /* outside the probe range */
	CHECK(open_x() == -EPROTONOSUPPORT);
	CHECK(X.tried_lo == XM_IFVER_PROBE_MIN);
	CHECK(X.tried_hi == XM_IFVER_PROBE_MAX);
}

static void t_wrong_table_gives_eacces(void)
{
	struct xm_dominfo *v;
	size_t n;

	fx.sysctl_if = 0x16; /* a Xen that lies about its version */
	CHECK(open_x() == 0);
	CHECK(xm_domain_list(&X, &v, &n) == -EACCES);
	CHECK(xm_errexit(XM_W_SYSCTL, EACCES) == XM_EXIT_INTERFACE);
}

static void t_list_one_call(void)
{
	struct xm_dominfo *v;
	size_t n;

	CHECK(open_x() == 0);
	fx.ncalls = 0;
	CHECK(xm_domain_list(&X, &v, &n) == 0);
	CHECK(n == 3);
	CHECK(fx_count(XM_HC_sysctl, XM_SYSCTL_getdomaininfolist) == 1);
	CHECK(fx.ncalls == 1);
	CHECK(v[1].domid == 1 && v[1].handle[15] == 0xd1);
	CHECK(v[1].cpupool == 1 && v[1].tot_pages == 32768);
	CHECK((v[0].flags & 0xffff0000u) == 0xffff0000u);
	free(v);
	CHECK(fx.live_bufs == 0);
}

static void t_list_paged(void)
{
	struct xm_dominfo *v;
	size_t n;
	int ordered = 1;
	unsigned per = 2 * XM_PAGE_SIZE / sizeof(struct xm_domctl_getdomaininfo);

	/* 600 domains: calls of what two pages hold (73), none lost. */
	fx.ndom = FX_MAX_DOMS;
	for (size_t i = 0; i < FX_MAX_DOMS; i++)
		fx.dom[i] = (struct fx_dom){ .domid = (uint16_t)(i * 3),
					     .vcpus = 1 };
	CHECK(open_x() == 0);
	fx.ncalls = 0;
	CHECK(xm_domain_list(&X, &v, &n) == 0);
	CHECK(n == FX_MAX_DOMS);
	CHECK(per == 73);
	CHECK(fx_count(XM_HC_sysctl, XM_SYSCTL_getdomaininfolist) ==
	      (FX_MAX_DOMS + per - 1) / per);
	for (size_t i = 0; i < n; i++)
		ordered &= v[i].domid == i * 3;
	CHECK(ordered);
	free(v);
	CHECK(fx.live_bufs == 0);
}

static void t_pause_counting(void)
{
	struct xm_dominfo d;

	CHECK(open_x() == 0);
	CHECK(xm_domain_pause(&X, 1) == 0);
	CHECK(xm_domain_pause(&X, 1) == 0);
	CHECK(xm_domain_unpause(&X, 1) == 0);
	CHECK(xm_domain_get(&X, 1, &d) == 0 && (d.flags & XM_DOM_PAUSED));
	CHECK(xm_domain_unpause(&X, 1) == 0);
	CHECK(xm_domain_get(&X, 1, &d) == 0 && !(d.flags & XM_DOM_PAUSED));
	CHECK(xm_domain_unpause(&X, 1) == -EINVAL);
	CHECK(xm_domain_pause(&X, 7) == -ESRCH);
	CHECK(xm_domain_get(&X, 7, &d) == -ESRCH);
	CHECK(xm_domain_pause(&X, 0) == -EINVAL); /* itself */
}

static void t_pools(void)
{
	struct xm_pool *p;
	size_t n;

	CHECK(open_x() == 0);
	CHECK(xm_cpupool_list(&X, &p, &n) == 0);
	CHECK(n == 2);
	CHECK(p[0].id == 0 && p[0].sched_id == XM_SCHED_ARINC653);
	CHECK(p[0].n_dom == 1 && p[0].cpus == 1);
	CHECK(p[1].id == 1 && p[1].sched_id == XM_SCHED_CREDIT2);
	CHECK(p[1].n_dom == 2 && p[1].cpus == 2);
	free(p);
	CHECK(strcmp(xm_sched_name(XM_SCHED_ARINC653), "arinc653") == 0);
	CHECK(xm_sched_name(42) == NULL);
}

static void t_a653(void)
{
	struct xm_a653 s, r;

	CHECK(open_x() == 0);
	CHECK(xm_a653_get(&X, 0, &r) == 0);
	CHECK(r.n == 1 && r.major_frame_ns == 10000000);
	memset(&s, 0, sizeof(s));
	s.major_frame_ns = 30000000;
	s.n = XM_A653_MAX_ENTRIES;
	for (unsigned i = 0; i < s.n; i++) {
		s.e[i].runtime_ns = 400000;
		s.e[i].handle[15] = (uint8_t)i;
	}
	CHECK(xm_a653_put(&X, 0, &s) == 0);
	CHECK(xm_a653_get(&X, 0, &r) == 0);
	CHECK(r.n == XM_A653_MAX_ENTRIES && r.e[63].handle[15] == 63);
	s.e[3].runtime_ns = 0;
	CHECK(xm_a653_put(&X, 0, &s) == -EINVAL);
	CHECK(xm_a653_get(&X, 1, &r) == -EINVAL); /* credit2 pool */
	CHECK(xm_a653_get(&X, 5, &r) == -ESRCH);
	s.n = XM_A653_MAX_ENTRIES + 1;
	CHECK(xm_a653_put(&X, 0, &s) == -E2BIG);
	CHECK(fx.live_bufs == 0);
}

static void t_self_handle(void)
{
	uint8_t h[16];

	fx.self = 2;
	CHECK(open_x() == 0);
	CHECK(xm_self_handle(&X, h) == 0 && h[15] == 0xd2);
}

static void t_sysctl_absent(void)
{
	struct xm_dominfo *v;
	size_t n;

	fx.sysctl_absent = 1;
	CHECK(open_x() == 0);
	CHECK(xm_domain_list(&X, &v, &n) == -ENOSYS);
	CHECK(strstr(xm_errwords(XM_W_SYSCTL, ENOSYS), "without sysctl"));
	CHECK(xm_errexit(XM_W_SYSCTL, ENOSYS) == XM_EXIT_INTERFACE);
}

static void t_errwords(void)
{
	CHECK(strcmp(xm_errwords(XM_W_PAUSE, ESRCH), "no such domain") == 0);
	CHECK(strstr(xm_errwords(XM_W_UNPAUSE, EINVAL), "not paused"));
	CHECK(strstr(xm_errwords(XM_W_OPEN, ENOENT), "xen-privcmd module"));
	CHECK(strstr(xm_errwords(XM_W_A653, ESRCH), "cpupool"));
	CHECK(strstr(xm_errwords(XM_W_DOMAIN, EPERM), "control domain"));
	CHECK(xm_errexit(XM_W_OPEN, ENOENT) == XM_EXIT_NOXEN);
	CHECK(xm_errexit(XM_W_OPEN, EACCES) == XM_EXIT_PERM);
	CHECK(xm_errexit(XM_W_PAUSE, ESRCH) == XM_EXIT_REFUSED);
	CHECK(xm_errexit(XM_W_PAUSE, EPERM) == XM_EXIT_PERM);
	CHECK(xm_errexit(XM_W_SYSCTL, EFAULT) == XM_EXIT_INTERNAL);
	/* The words stored with the help: first, last, in a row of their own */
	CHECK(strcmp(xm_errwords(XM_W_OPEN, ENXIO), "not running on Xen, or "
		     "the xen-privcmd module is not loaded") == 0);
	CHECK(strcmp(xm_errwords(XM_W_SYSCTL, EBUSY),
		     "Xen is busy with this object; try again") == 0);
	CHECK(strcmp(xm_errwords(XM_W_OPEN, EFAULT), "Xen could not access "
		     "the hypercall buffer (a xenmin bug)") == 0);
	/* The errnos Xen returns for our calls all have their own words. */
	static const int xen_errs[] = { EPERM, ESRCH, EINVAL, EACCES, ENOSYS,
					EFAULT, ENOMEM, EBUSY, ENOENT, EUSERS };
	for (size_t i = 0; i < sizeof(xen_errs) / sizeof(xen_errs[0]); i++)
		CHECK(strcmp(xm_errwords(XM_W_PAUSE, xen_errs[i]),
			     strerror(xen_errs[i])) != 0 ||
		      xen_errs[i] == ENOENT);
}

static void t_uuid(void)
{
	uint8_t h[16];
	char s[37];

	CHECK(xm_uuid_parse("6e617600-0000-4000-8000-000000000001", h) == 0);
	CHECK(h[0] == 0x6e && h[15] == 1);
	xm_uuid_fmt(h, s);
	CHECK(strcmp(s, "6e617600-0000-4000-8000-000000000001") == 0);
	CHECK(xm_uuid_parse("6E617600-0000-4000-8000-0000000000AB", h) == 0);
	CHECK(h[15] == 0xab);
	CHECK(xm_uuid_parse("6e617600-0000-4000-8000-00000000000", h) != 0);
	CHECK(xm_uuid_parse("6e617600-0000-4000-8000-0000000000011", h) != 0);
	CHECK(xm_uuid_parse("6e6176000000-4000-8000-0000000000011", h) != 0);
	CHECK(xm_uuid_parse("6e617600-0000-4000-8000-00000000000g", h) != 0);
	CHECK(xm_uuid_parse("", h) != 0);
}

static void t_parse_u64(void)
{
	uint64_t v;

	CHECK(xm_parse_u64("42", 0, 100, &v) == 0 && v == 42);
	CHECK(xm_parse_u64("101", 0, 100, &v) == -ERANGE);
	CHECK(xm_parse_u64("-1", 0, 100, &v) == -EINVAL);
	CHECK(xm_parse_u64("1x", 0, 100, &v) == -EINVAL);
	CHECK(xm_parse_u64("", 0, 100, &v) == -EINVAL);
	CHECK(xm_parse_u64(" 1", 0, 100, &v) == -EINVAL);
	CHECK(xm_parse_u64("18446744073709551616", 0, UINT64_MAX, &v) ==
	      -ERANGE);
	CHECK(xm_parse_u64("18446744073709551615", 0, UINT64_MAX, &v) == 0 &&
	      v == UINT64_MAX);
}

static void t_json(void)
{
	char sbuf[64], back[256];
	struct xm_stream st;
	FILE *f = tmpfile();
	struct xm_json j;
	ssize_t n;

	/* A small buffer, so the document crosses several flushes. */
	xm_stream_init(&st, fileno(f), sbuf, sizeof(sbuf), XM_SBUF_FULL);
	xm_json_init(&j, &st);
	xm_json_begin_array(&j);
	xm_json_begin_object(&j);
	xm_json_kstr(&j, "s", "a\"b\\c\n\x01\x7f");
	xm_json_ku64(&j, "n", 18446744073709551615ull);
	xm_json_kbool(&j, "t", 1);
	xm_json_key(&j, "z");
	xm_json_null(&j);
	xm_json_end_object(&j);
	xm_json_begin_object(&j);
	xm_json_end_object(&j);
	xm_json_end_array(&j);
	xm_json_end(&j);
	CHECK(xm_fflush(&st) == 0);
	n = pread(fileno(f), back, sizeof(back) - 1, 0);
	back[n > 0 ? n : 0] = '\0';
	fclose(f);
	CHECK(strcmp(back, "[{\"s\":\"a\\\"b\\\\c\\n\\u0001\\u007f\","
			   "\"n\":18446744073709551615,\"t\":true,\"z\":null},"
			   "{}]\n") == 0);
}

/*
 * The help texts inflate; their sections are exactly the table's commands,
 * in its order, then :global (naming the default domains file) and :exit,
 * then only data sections (":NAME", never printed as help, no line
 * empty); every summary is a non-empty line.
 */
/*
 * The catalogue has one line per name of msg_ids.h, the last one too, and
 * the test build's xm_msg_ checks a use's text against its line.
 */
static void t_msg_catalogue(void)
{
	CHECK(xm_help_open() == 0);
	CHECK(XM_MSG_COUNT > 0);
	CHECK(*xm_help_line(":msg", XM_MSG_COUNT - 1));
	CHECK(!*xm_help_line(":msg", XM_MSG_COUNT));
	CHECK(!strcmp(XM_MSG(m_cli_nocmd, "%s: no such command"), "%s: no such command"));
	CHECK(!strcmp(xm_msg(XM_MSG_COUNT), "(xenmin cannot inflate this message's text)"));
}

static void t_help_texts(void)
{
	const char *name = NULL, *sum, *l, *last;
	size_t i = 0;

	CHECK(xm_help_open() == 0);
	while ((name = xm_help_section(name))) {
		const char *want = i < xm_ncmds ? xm_cmds[i].name :
				   i == xm_ncmds ? ":global" : ":exit";

		if (i >= xm_ncmds + 2) {
			CHECK(name[0] == ':' && name[1]);
			want = name;
		}
		CHECK(strcmp(name, want) == 0);
		sum = xm_help_find(want);
		CHECK(sum != NULL && *sum);
		/* a data section's lines are never empty */
		for (l = sum; i >= xm_ncmds + 2 && (l = xm_help_after(l));)
			CHECK(*l);
		i++;
	}
	CHECK(i >= xm_ncmds + 2);
	/* the overview ends with :exit's text; its last line, and :global's */
	for (l = xm_help_find(":exit"), last = l; l; l = xm_help_after(l))
		last = l;
	CHECK(last && strstr(last, "the message says which"));
	CHECK(xm_help_find(":global") != NULL);
	for (l = xm_help_find(":global"); l && !strstr(l, XM_DOMAINS_FILE ",");)
		l = xm_help_after(l);
	CHECK(l != NULL);
	CHECK(xm_help_find("no such") == NULL);
	CHECK(*xm_help_line(":errwords", 100000) == '\0');
}

/* @in through the JSON writer as one string, into @out. */
static void json_of(const char *in, char *out, size_t cap)
{
	char sbuf[32];
	struct xm_stream st;
	FILE *f = tmpfile();
	struct xm_json j;
	ssize_t n;

	xm_stream_init(&st, fileno(f), sbuf, sizeof(sbuf), XM_SBUF_FULL);
	xm_json_init(&j, &st);
	xm_json_str(&j, in);
	CHECK(xm_fflush(&st) == 0);
	n = pread(fileno(f), out, cap - 1, 0);
	out[n > 0 ? n : 0] = '\0';
	fclose(f);
}

/*
 * Is @s one JSON string (RFC 8259 grammar) of valid UTF-8? Written apart
 * from the writer: by the grammar and Unicode's table of well-formed
 * sequences (Table 3-7), not by the writer's code.
 */
static int json_string_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (*p++ != '"')
		return 0;
	while (*p != '"') {
		if (*p < 0x20) /* the NUL too: an unended string */
			return 0;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!isxdigit(p[i]))
						return 0;
				p += 5;
			} else if (*p && strchr("\"\\/bfnrt", *p)) {
				p++;
			} else {
				return 0;
			}
			continue;
		}
		if (*p < 0x80) {
			p++;
		} else if (*p >= 0xc2 && *p <= 0xdf) {
			if ((p[1] & 0xc0) != 0x80)
				return 0;
			p += 2;
		} else if (*p >= 0xe0 && *p <= 0xef) {
			unsigned cp = (p[0] & 15u) << 12 | (p[1] & 63u) << 6 |
				      (p[2] & 63u);

			if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
			    cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))
				return 0;
			p += 3;
		} else if (*p >= 0xf0 && *p <= 0xf4) {
			unsigned cp = (p[0] & 7u) << 18 | (p[1] & 63u) << 12 |
				      (p[2] & 63u) << 6 | (p[3] & 63u);

			if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
			    (p[3] & 0xc0) != 0x80 || cp < 0x10000 ||
			    cp > 0x10ffff)
				return 0;
			p += 4;
		} else {
			return 0;
		}
	}
	return p[1] == '\0';
}

/*
 * Hostile bytes (as in a console ring: stray bytes, a character cut at
 * the ring's wrap, escape sequences) always give valid JSON: controls
 * \u00XX, valid UTF-8 kept, each maximal subpart of invalid UTF-8 one
 * \ufffd (the expected strings are what Python's decode(errors=
 * "replace") gives for the same bytes).
 */
static void t_json_hostile(void)
{
	static const char *const cases[][2] = {
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		  "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"" },
		{ "\x80", "\"\\ufffd\"" },
		{ "\xff\xfe", "\"\\ufffd\\ufffd\"" },
		{ "a\xe2\x82", "\"a\\ufffd\"" },        /* cut at the end */
		{ "\xe2\x82z", "\"\\ufffdz\"" },
		{ "\xc0\x80", "\"\\ufffd\\ufffd\"" },   /* overlong NUL */
		{ "\xe0\x80\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" }, /* surrogate */
		{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
		{ "\xf0\x9f\x98", "\"\\ufffd\"" },
		{ "\xf5\x80", "\"\\ufffd\\ufffd\"" },
		{ "\xc2\x80\xf4\x8f\xbf\xbf",            /* U+0080, U+10FFFF */
		  "\"\xc2\x80\xf4\x8f\xbf\xbf\"" },
		{ "\x1b[2J\x1b]0;x\x07\x7f\b\f\x1f",
		  "\"\\u001b[2J\\u001b]0;x\\u0007\\u007f\\u0008\\u000c"
		  "\\u001f\"" },
		{ "\"\\/", "\"\\\"\\\\/\"" },
	};
	char out[256], in[40];
	uint32_t x = 12345;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_of(cases[i][0], out, sizeof(out));
		CHECK(strcmp(out, cases[i][1]) == 0);
		CHECK(json_string_ok(out));
	}
	/* Random bytes, biased to the UTF-8 lead and continuation ranges. */
	for (int k = 0; k < 4000; k++) {
		size_t n = 1 + (size_t)k % (sizeof(in) - 1);

		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			in[i] = (char)((x >> 16) % 3 ? 0x80 | (x >> 8 & 0x7f)
						     : 1 + (x >> 8) % 255);
		}
		in[n] = '\0';
		json_of(in, out, sizeof(out));
		CHECK(json_string_ok(out));
	}
}

static void t_cmd_table(void)
{
	for (size_t i = 0; i < xm_ncmds; i++) {
		CHECK(xm_cmds[i].fn != NULL);
		/* Every command has its synopsis (help.txt's :usage). */
		CHECK(*xm_cmd_text(&xm_cmds[i], ":usage"));
		/* A count that can be wrong has its usage error (opt.c). */
		CHECK(xm_cmds[i].min <= xm_cmds[i].max);
		if (xm_cmds[i].min || xm_cmds[i].max != XM_MANY)
			CHECK(*xm_cmd_text(&xm_cmds[i], ":counterr"));
		if (i)
			CHECK(strcmp(xm_cmds[i - 1].name, xm_cmds[i].name) < 0);
	}
}

static void t_buffers_zeroed(void)
{
	struct xm_hbuf b;

	CHECK(xm_hbuf_alloc(fx_transport(), 5000, &b) == 0);
	CHECK(b.npages == 2 && b.len == 5000);
	for (size_t i = 0; i < b.npages * XM_PAGE_SIZE; i++)
		if (((unsigned char *)b.p)[i]) {
			CHECK(!"buffer not zeroed");
			break;
		}
	xm_hbuf_free(fx_transport(), &b);
	CHECK(b.p == NULL);
	xm_hbuf_free(fx_transport(), &b); /* twice is harmless */
	CHECK(fx.live_bufs == 0);
}

static void t_injected_failure(void)
{
	struct xm_dominfo *v;
	size_t n;

	fx_add_fail(XM_HC_sysctl, XM_SYSCTL_getdomaininfolist, EPERM,
		    0);
	CHECK(open_x() == 0);
	CHECK(xm_domain_list(&X, &v, &n) == -EPERM);
	CHECK(fx.live_bufs == 0);
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_state_letters),
	XM_TEST(t_version_table),
	XM_TEST(t_open_known),
	XM_TEST(t_open_probe),
	XM_TEST(t_open_probe_fails),
	XM_TEST(t_wrong_table_gives_eacces),
	XM_TEST(t_list_one_call),
	XM_TEST(t_list_paged),
	XM_TEST(t_pause_counting),
	XM_TEST(t_pools),
	XM_TEST(t_a653),
	XM_TEST(t_self_handle),
	XM_TEST(t_sysctl_absent),
	XM_TEST(t_errwords),
	XM_TEST(t_uuid),
	XM_TEST(t_parse_u64),
	XM_TEST(t_json),
	XM_TEST(t_json_hostile),
	XM_TEST(t_cmd_table),
	XM_TEST(t_help_texts),
	XM_TEST(t_msg_catalogue),
	XM_TEST(t_buffers_zeroed),
	XM_TEST(t_injected_failure),
	{ NULL, NULL },
};
