// SPDX-License-Identifier: MIT
/*
 * `xenmin sched-arinc653 report FILE`: the CLI of the offline schedule
 * report. It parses FILE, has sched_report.c work out each schedule's
 * windows and per-domain figures, and prints them: a table and a text
 * timeline of one major frame, or JSON (--json), and with --svg a picture
 * of the timeline (one lane per domain, windows to scale) that a browser
 * renders. No Xen is needed.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "json.h"
#include "msg.h"
#include "sched_cli.h"
#include "sched_report.h"

#define TL_COLS 64      /* text timeline: columns for one major frame */
#define TL_COLS_S "64"  /* the same, as its header says it */
#define SVG_X0 150      /* the picture: where the frame starts, px (the */
#define SVG_W 640       /* frame's width), as svg_sched() writes them */
#define SVG_LANE 28     /* a lane's pitch; its bar is 22 px high */
#define SVG_HEAD 30     /* a schedule's title line */
#define SVG_AXIS 34     /* its time axis */

/* One schedule of the report: the file, the figures, its label. */
struct rpt {
	struct sched_file *f;
	const char *path;
	const char *name;   /* the schedule's name, "" if unnamed */
	struct sched_report r;
};

/* In tenths of a percent; the monitor prints its shares with it too. */
void xm_sched_pct(uint64_t part, uint64_t whole, char *b, size_t len)
{
	uint64_t t = sched_scale(part, whole, 1000);

	xm_snprintf(b, len, "%" PRIu64 ".%" PRIu64 "%%", t / 10, t % 10);
}

/* What of [a, b) the windows of @dom (-1: any domain) cover. */
static uint64_t covered(const struct sched_report *r, int dom, uint64_t a,
			uint64_t b)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < r->nwin; i++) {
		const struct sched_win *w = &r->win[i];
		uint64_t s = w->start_ns > a ? w->start_ns : a;
		uint64_t e = w->end_ns < b ? w->end_ns : b;

		if ((dom < 0 || w->dom == dom) && e > s)
			n += e - s;
	}
	return n;
}

/* One lane of the text timeline: # the whole column, + part, . none. */
static void tl_lane(const struct rpt *p, int dom, const char *label, int wid)
{
	char line[TL_COLS + 1];
	uint64_t m = p->r.major_ns;

	for (unsigned k = 0; k < TL_COLS; k++) {
		/* exact column bounds, without overflow */
		uint64_t a = m / TL_COLS * k + m % TL_COLS * k / TL_COLS;
		uint64_t b = m / TL_COLS * (k + 1) +
			     m % TL_COLS * (k + 1) / TL_COLS;
		uint64_t c = covered(&p->r, dom, a, b);

		if (dom == -2) /* the idle lane */
			c = b - a - c;
		line[k] = c == 0 ? '.' : c == b - a ? '#' : '+';
	}
	line[TL_COLS] = '\0';
	xm_printf("  %-*s |%s|\n", wid, label, line);
}

static void print_text(const struct rpt *p, unsigned nth)
{
	const struct sched_file *f = p->f;
	const struct sched_report *r = &p->r;
	char t[5][32];  /* t[4]: the major frame */
	int wid = 6;

	for (unsigned d = 0; d < f->ndom; d++)
		if ((int)strlen(f->dom[d].name) > wid)
			wid = (int)strlen(f->dom[d].name);
	if (nth)
		xm_printf("\n");
	sched_fmt_time(r->major_ns, t[4], sizeof(t[4]));
	sched_fmt_time(r->idle_ns, t[1], sizeof(t[1]));
	xm_sched_pct(r->idle_ns, r->major_ns, t[2], sizeof(t[2]));
	xm_printf("%s: cpupool %" PRIu32 ", %s%s%smajor_frame %s, %u slots, "
		  "idle %s (%s)\n", p->path, f->pool, *p->name ? "schedule " :
		  "", p->name, *p->name ? ", " : "", t[4], f->nslot, t[1],
		  t[2]);
	/* the row format's columns, their titles spelt out: one string */
	xm_printf("  %-*s WINDOWS     BUDGET  SHARE   SHORTEST LONGEST_GAP\n",
		  wid, "DOMAIN");
	for (unsigned d = 0; d < f->ndom; d++) {
		const struct sched_rdom *o = &r->dom[d];

		sched_fmt_time(o->budget_ns, t[0], sizeof(t[0]));
		xm_sched_pct(o->budget_ns, r->major_ns, t[1], sizeof(t[1]));
		sched_fmt_time(o->shortest_ns, t[2], sizeof(t[2]));
		sched_fmt_time(o->gap_ns, t[3], sizeof(t[3]));
		xm_printf("  %-*s %7u %10s %6s %10s %11s\n", wid,
			  f->dom[d].name, o->windows, t[0], t[1],
			  o->windows ? t[2] : "-", o->windows ? t[3] : "never");
	}
	xm_fputs("  timeline of one major frame, " TL_COLS_S " columns (# runs "
		 "the whole column, + part of it):\n", xm_out);
	for (unsigned d = 0; d < f->ndom; d++)
		tl_lane(p, (int)d, f->dom[d].name, wid);
	if (r->idle_ns)
		tl_lane(p, -2, "(idle)", wid);
	xm_printf("  %-*s  0%" TL_COLS_S "s\n", wid, "", t[4]);
}

static void json_sched(struct xm_json *j, const struct rpt *p)
{
	const struct sched_file *f = p->f;
	const struct sched_report *r = &p->r;

	xm_json_begin_object(j);
	xm_json_kstr(j, "name", *p->name ? p->name : NULL);
	xm_json_ku64(j, "major_frame_ns", r->major_ns);
	xm_json_ku64(j, "slots", f->nslot);
	xm_json_ku64(j, "idle_ns", r->idle_ns);
	xm_json_ku64(j, "idle_ppm", r->idle_ppm);
	xm_sched_json_array(j, "domains");
	for (unsigned d = 0; d < f->ndom; d++) {
		const struct sched_rdom *o = &r->dom[d];

		xm_json_begin_object(j);
		xm_json_kstr(j, "name", f->dom[d].name);
		xm_json_ku64(j, "windows", o->windows);
		xm_json_ku64(j, "budget_ns", o->budget_ns);
		xm_json_ku64(j, "share_ppm", o->share_ppm);
		xm_json_key(j, "shortest_window_ns");
		o->windows ? xm_json_u64(j, o->shortest_ns) : xm_json_null(j);
		xm_json_key(j, "longest_gap_ns");
		o->windows ? xm_json_u64(j, o->gap_ns) : xm_json_null(j);
		xm_json_end_object(j);
	}
	xm_json_end_array(j);
	xm_sched_json_array(j, "windows");
	for (unsigned i = 0; i < r->nwin; i++) {
		xm_json_begin_object(j);
		xm_json_kstr(j, "domain", f->dom[r->win[i].dom].name);
		xm_json_ku64(j, "start_ns", r->win[i].start_ns);
		xm_json_ku64(j, "end_ns", r->win[i].end_ns);
		xm_json_end_object(j);
	}
	xm_json_end_array(j);
	xm_json_end_object(j);
}

/*
 * The next schedule from *@k on that @pick names (NULL: each), selected
 * and reported into @p; 0 when there is none left.
 */
static int next_sched(struct rpt *p, const char *pick, unsigned *k)
{
	struct sched_file *f = p->f;

	for (; *k < f->nsched; ++*k) {
		if (pick && strcmp(pick, f->sched[*k].name))
			continue;
		p->name = f->sched[(*k)++].name;
		sched_select(f, p->name);
		sched_report(f, &p->r);
		return 1;
	}
	return 0;
}

/* ---- SVG ---- */

/* @s with XML's five special characters escaped. */
static void svg_esc(struct xm_stream *o, const char *s)
{
	for (; *s; s++) {
		const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" :
				*s == '>' ? "&gt;" : *s == '"' ? "&quot;" :
				*s == '\'' ? "&apos;" : NULL;

		if (e)
			xm_fputs(e, o);
		else
			xm_fputc(*s, o);
	}
}

static unsigned svg_x(const struct sched_report *r, uint64_t t)
{
	return SVG_X0 + (unsigned)sched_scale(t, r->major_ns, SVG_W);
}

/* One schedule's block of the picture, from @y down; returns its height. */
static unsigned svg_sched(struct xm_stream *o, const struct rpt *p,
			  unsigned y)
{
	const struct sched_file *f = p->f;
	const struct sched_report *r = &p->r;
	unsigned ax = y + SVG_HEAD + f->ndom * SVG_LANE;
	char a[32], b[32], t[32];

	sched_fmt_time(r->major_ns, t, sizeof(t));
	xm_fprintf(o, "<text x=\"8\" y=\"%u\" class=\"h\">cpupool %" PRIu32
		   "%s%s, major frame %s</text>\n", y + 20, f->pool,
		   *p->name ? ", schedule " : "", p->name, t);
	for (unsigned d = 0; d < f->ndom; d++)
		xm_fprintf(o, "<text x=\"8\" y=\"%u\">%s</text><rect class=\"l\" "
			   "x=\"150\" y=\"%u\" width=\"640\" height=\"22\"/>\n",
			   ax - (f->ndom - d) * SVG_LANE + 16, f->dom[d].name,
			   ax - (f->ndom - d) * SVG_LANE);
	for (unsigned i = 0; i < r->nwin; i++) {
		const struct sched_win *w = &r->win[i];
		unsigned x0 = svg_x(r, w->start_ns), x1 = svg_x(r, w->end_ns);
		unsigned ly = ax - (f->ndom - (unsigned)w->dom) * SVG_LANE;

		sched_fmt_time(w->start_ns, a, sizeof(a));
		sched_fmt_time(w->end_ns, b, sizeof(b));
		sched_fmt_time(w->end_ns - w->start_ns, t, sizeof(t));
		xm_fprintf(o, "<rect class=\"c%u\" x=\"%u\" y=\"%u\" width=\"%u\" "
			   "height=\"22\"><title>%s: %s to %s (%s)</title></rect>"
			   "\n", w->dom % 6, x0, ly, x1 > x0 ? x1 - x0 : 1,
			   f->dom[w->dom].name, a, b, t);
		if (x1 - x0 >= 8 * strlen(t) + 4)
			xm_fprintf(o, "<text x=\"%u\" y=\"%u\" class=\"w\">%s"
				   "</text>\n", x0 + 3, ly + 16, t);
	}
	/*
	 * The axis: ticks at every window's start, where the idle time at
	 * the end starts, and at the frame's end.
	 */
	xm_fprintf(o, "<path d=\"M150 %uh640\"/>\n", ax);
	for (unsigned i = 0; i <= r->nwin + 1; i++) {
		uint64_t tk = i < r->nwin ? r->win[i].start_ns : i == r->nwin
			      ? r->busy_ns : r->major_ns;
		unsigned x = svg_x(r, tk);

		if (i == r->nwin && !r->idle_ns)
			continue;
		sched_fmt_time(tk, t, sizeof(t));
		xm_fprintf(o, "<path d=\"M%u %uv5\"/><text x=\"%u\" y=\"%u\" "
			   "class=\"t\">%s</text>\n", x, ax, x,
			   ax + 17 + (i % 2) * 11, t);
	}
	return SVG_HEAD + f->ndom * SVG_LANE + SVG_AXIS;
}

static int write_svg(struct xm_cli *c, const char *out, struct rpt *p,
		     const char *pick)
{
	char buf[4096];
	struct xm_stream o;
	unsigned h = 0, y = 8, k = 0;
	int fd = xm_open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0) {
		xm_err_msg(c, out, XM_MSG(m_report_write, "cannot write: %s"), xm_strerror(errno));
		return XM_EXIT_IO;
	}
	xm_stream_init(&o, fd, buf, sizeof(buf), XM_SBUF_FULL);
	while (next_sched(p, pick, &k))
		h += SVG_HEAD + p->f->ndom * SVG_LANE + SVG_AXIS;
	xm_fprintf(&o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns="
		   "\"http://www.w3.org/2000/svg\" width=\"820\" height=\"%u\" "
		   "font-family=\"sans-serif\" font-size=\"12\">\n<style>.h{"
		   "font-weight:bold}.l{fill:#eee}.w{fill:#fff}.t{font-size:10px;"
		   "text-anchor:middle}path{stroke:#000}.c0{fill:#4e79a7}.c1{fill:"
		   "#f28e2b}.c2{fill:#59a14f}.c3{fill:#e15759}.c4{fill:#b07aa1}"
		   ".c5{fill:#9c755f}</style>\n<title>", h + 16);
	svg_esc(&o, p->path);
	xm_fputs("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
		 "\n", &o);
	for (k = 0; next_sched(p, pick, &k);)
		y += svg_sched(&o, p, y);
	xm_fputs("</svg>\n", &o);
	xm_fflush(&o);
	if (close(fd) && !o.err)
		o.err = errno;
	if (o.err) {
		xm_err_msg(c, out, XM_MSG(m_report_write, "cannot write: %s"), xm_strerror(o.err));
		return XM_EXIT_IO;
	}
	return 0;
}

int cmd_sched_report(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "schedule", 1, 'S' },
		{ "json", 0, 'j' },
		{ "svg", 1, 'g' },
		{ 0 },
	};
	static struct sched_file f;
	static struct sched_diag d;
	static struct rpt p;
	struct xm_opt op;
	const char *pick = NULL, *svg = NULL;
	struct xm_json j;
	int o, rc, json = 0;

	xm_opt_set(&op, argc, argv, "S:jg:", lo);
	while ((o = xm_getopt(c, &op)) != -1) {
		if (o == 'S')
			pick = op.arg;
		else if (o == 'j')
			json = 1;
		else if (o == 'g')
			svg = op.arg;
		else
			return XM_EXIT_USAGE;
	}
	p.f = &f;
	p.path = argv[op.ind];
	rc = xm_sched_load(c, p.path, &f, 0, &d);
	if (rc)
		return rc;
	if (pick && sched_select(&f, pick) < 0)
		return xm_usage_msg(c, XM_MSG(m_report_noname, "%s has no schedule %s"),
				p.path, pick);
	if (json) {
		xm_json_doc_begin(&j);
		xm_json_kstr(&j, "file", p.path);
		xm_json_ku64(&j, "cpupool", f.pool);
		xm_sched_json_array(&j, "schedules");
	}
	for (unsigned k = 0, n = 0; next_sched(&p, pick, &k);) {
		if (json)
			json_sched(&j, &p);
		else
			print_text(&p, n++);
	}
	if (json) {
		xm_sched_json_close(&j);
	}
	return svg ? write_svg(c, svg, &p, pick) : XM_EXIT_OK;
}
