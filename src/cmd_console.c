// SPDX-License-Identifier: MIT
/*
 * `xenmin console attach`: reach a domain's console without xenconsoled or
 * xenstore. It picks the mode itself and says which on stderr: ring mode
 * drives the domain's PV console ring like xenconsoled would (both ways,
 * raw terminal, detach on ^]); follow mode, for domains without a ring
 * (dom0less domUs whose UART Xen emulates), tails Xen's console ring and
 * shows that domain's lines, read-only. The engines live in console.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "console.h"
#include "json.h"
#include "virq.h"
#include "help.h"
#include "msg.h"
#include "xenmin.h"
#include "xm_time.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/*
 * Signal dispositions set with the system call itself: musl's sigaction()
 * brings its abort lock and signal-mask bookkeeping (about 1 KiB) that a
 * few handlers set once do not need. The kernel's structure (the generic
 * layout; where the kernel has no restorer field, the zero there is an
 * empty mask, and the mask field after it is not read). x86_64 returns
 * from a handler only through a restorer the caller gives.
 */
struct k_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;
};
#ifdef __x86_64__
void xm_sigreturn(void);
__asm__(".text\n.globl xm_sigreturn\n.hidden xm_sigreturn\n"
	"xm_sigreturn:\n\tmov $15, %eax\n\tsyscall\n");
#define K_RESTORER 0x04000000ul /* SA_RESTORER */
#else
#define xm_sigreturn NULL
#define K_RESTORER 0ul
#endif

static void set_signal(int sig, void (*handler)(int))
{
	struct k_sigaction sa = { handler, K_RESTORER, xm_sigreturn, 0 };

	xm_syscall(SYS_rt_sigaction, sig, (long)&sa, 0, sizeof(sa.mask), 0);
}

/* No SA_RESTART: a signal must wake poll() so we restore and leave. */
static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		set_signal(sigs[i], on_signal);
	/* A closed stdout shows up as EPIPE, and we still clean up. */
	set_signal(SIGPIPE, SIG_IGN);
}

/* Milliseconds left before @deadline (0: none), capped at @cap. */
static int wait_ms(int64_t deadline, int cap)
{
	int64_t left;

	if (!deadline)
		return cap;
	left = deadline - xm_now_ms();
	if (left <= 0)
		return 0;
	return left < cap ? (int)left : cap;
}

/* How a console session's domain ended: not (0), gone, or dying. */
enum { DOM_HERE, DOM_GONE, DOM_DYING };

/*
 * Has @domid ended? A dying domain has: Xen frees it only once every
 * mapping of its pages is gone, and ring mode's own mapping of the console
 * page would keep it a zombie as long as xenmin waited for it to vanish.
 */
static int domain_end(struct xm_cli *c, int domid)
{
	struct xm_dominfo d;
	int r = xm_domain_get(&c->xen, (uint16_t)domid, &d);

	if (r == -ESRCH)
		return DOM_GONE;
	return !r && (d.flags & XM_DOM_DYING) ? DOM_DYING : DOM_HERE;
}

/* Ring mode looks this often (one sysctl): noticed within a second. */
#define RING_GONE_MS 500

/*
 * Long texts of follow mode's banner, stored compressed with the help: the
 * lines of the data section :console of src/help.txt, in this order.
 */
enum {
	T_NO_RING,
	T_NO_INPUT,
};
#define TEXT(n) xm_help_line(":console", n)

static void say_end(struct xm_cli *c, const char *what, int end)
{
	if (end == DOM_GONE)
		xm_err(c, what, "the domain is gone");
	else if (end == DOM_DYING)
		xm_err_msg(c, what, XM_MSG(m_console_released, "the domain is dying (destroyed): console released, so Xen can free it"));
}

/*
 * After a signal ended the session and everything was restored: die of
 * it, as a session that was killed, never exit 0.
 */
static void die_of_signal(void)
{
	xm_fflush(xm_out);
	set_signal(got_signal, SIG_DFL);
	xm_syscall(SYS_kill, getpid(), got_signal, 0, 0, 0);
}

static int sink_stdout(void *arg, const char *s, size_t n)
{
	(void)arg;
	if (xm_fwrite(s, n, xm_out) != n)
		return -xm_out->err;
	return 0;
}

struct attach_opts {
	int all, from_new, follow;
	int domid;       /* -1 with --all and no DOMAIN */
	const char *arg; /* the DOMAIN operand, until it is a domid */
	char what[24];   /* console attach: "domain 3", for messages */
	int64_t deadline;
	int escape;
	/* The follower's alone; dmesg sets them too. */
	int once;        /* what the ring holds, then stop (dmesg) */
	int clear;       /* clear what was printed (dmesg --clear) */
	int poll_only;   /* --poll: bind no virq */
	int say_poll;    /* say on stderr why VIRQ_CON_RING is not used */
	int json;        /* one JSON object per line (dmesg --json) */
};

/* Without VIRQ_CON_RING, Xen's ring is read this often: a heartbeat
 * every 2 s shows promptly. */
#define FOLLOW_POLL_MS 200
/*
 * With it, the longest sleep: xenmin then wakes only to see a signal that
 * came just before it went to sleep, and makes no hypercall.
 */
#define FOLLOW_IDLE_MS 1000
/* Without VIRQ_DOM_EXC, how often a followed domain is looked up. */
#define GONE_CHECK_MS 2000

/* dmesg --json: Xen's bytes cut into lines, an object each. */
struct json_lines {
	size_t len;
	char line[XM_FOLLOW_LINE];
};

/* One run of the follower: the reader, its wake-ups, what it told. */
struct follower {
	struct xm_follow f;
	struct xm_virq con;   /* VIRQ_CON_RING; fd -1: read by the clock */
	struct xm_virq dom;   /* VIRQ_DOM_EXC: a followed domain's end */
	uint64_t lost, told;
	int64_t next_check;   /* without dom: the next look for the domain */
	int read, check;      /* what a wake-up asks for */
	struct json_lines jl;
};

static void json_line(struct json_lines *jl)
{
	struct xm_json j;
	size_t text;
	int d = xm_conline_dom(jl->line, jl->len, &text);

	/* The writer makes any bytes valid JSON (json.c). */
	jl->line[jl->len] = '\0';
	xm_json_init(&j, xm_out);
	xm_json_begin_object(&j);
	xm_json_kstr(&j, "line", jl->line);
	xm_json_key(&j, "domid");
	if (d >= 0)
		xm_json_u64(&j, (uint64_t)d);
	else
		xm_json_null(&j);
	xm_json_end_object(&j);
	xm_json_end(&j);
	jl->len = 0;
}

static int sink_json(void *arg, const char *s, size_t n)
{
	struct json_lines *jl = arg;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			json_line(jl);
			continue;
		}
		if (s[i] == '\r' || !s[i])
			continue;
		/* Keep one byte for the NUL: a longer line goes in pieces. */
		if (jl->len == sizeof(jl->line) - 1)
			json_line(jl);
		jl->line[jl->len++] = s[i];
	}
	return xm_ferror(xm_out) ? -xm_out->err : 0;
}

/*
 * Bind VIRQ_CON_RING, and VIRQ_DOM_EXC for a followed domain, unless
 * --poll or a single read. What cannot be bound is done by the clock.
 */
static void follow_bind(struct xm_cli *c, struct follower *s,
			const struct attach_opts *o)
{
	int r;

	s->con.fd = s->dom.fd = -1;
	if (o->poll_only || o->once)
		return;
	r = xm_virq_bind(&c->xen, XM_VIRQ_CON_RING, &s->con);
	if (r && o->say_poll)
		xm_err_msg(c, NULL, XM_MSG(m_console_ring_poll, "reading Xen's console ring every %u ms: cannot bind VIRQ_CON_RING: %s"),
		       FOLLOW_POLL_MS, xm_errwords(XM_W_VIRQ, -r));
	if (o->domid >= 0)
		xm_virq_bind(&c->xen, XM_VIRQ_DOM_EXC, &s->dom);
}

/* Everything new in Xen's ring to stdout; then --clear it. 0 or exit. */
static int follow_read(struct xm_cli *c, struct follower *s,
		       const struct attach_opts *o)
{
	int r = xm_follow_poll(&s->f, o->json ? sink_json : sink_stdout,
			       &s->jl, &s->lost);

	if (r == -EPIPE || (r && xm_ferror(xm_out)))
		return XM_EXIT_IO;
	if (r)
		return xm_fail(c, XM_MSG(m_console_ring_read, "reading Xen's console ring"), XM_W_SYSCTL, r);
	if (o->once && s->jl.len)
		json_line(&s->jl);
	if (xm_fflush(xm_out))
		return XM_EXIT_IO;
	if (s->lost != s->told) {
		xm_err_msg(c, NULL,
		       XM_MSG(m_console_overwritten, "Xen's console ring wrapped: %lu bytes were overwritten before xenmin read them"),
		       s->lost - s->told);
		s->told = s->lost;
	}
	/* Only what is printed and flushed is cleared. */
	r = o->clear ? xm_clearconsole(&c->xen, s->f.b.p, s->f.index) : 0;
	if (r)
		return xm_fail(c, XM_MSG(m_console_clearing_xen_console, "clearing Xen's console ring"), XM_W_SYSCTL, r);
	return 0;
}

/*
 * Sleep until there is work: Xen raised VIRQ_CON_RING (without it: the
 * next read is due), or VIRQ_DOM_EXC (without it: the next timed look)
 * asks whether the followed domain is gone. 1: work, 0: the deadline or a
 * signal, or -errno.
 */
static int follow_wait(struct xm_xen *x, struct follower *s,
		       const struct attach_opts *o)
{
	int timed = o->domid >= 0 && s->dom.fd < 0;

	for (;;) {
		struct pollfd p[2] = { { .fd = s->con.fd, .events = POLLIN },
				       { .fd = s->dom.fd, .events = POLLIN } };
		int ms = s->con.fd >= 0 ? FOLLOW_IDLE_MS : FOLLOW_POLL_MS, r;
		int64_t now = xm_now_ms();

		if (got_signal || (o->deadline && now >= o->deadline))
			return 0;
		if (o->deadline && o->deadline - now < ms)
			ms = (int)(o->deadline - now);
		if (timed && s->next_check - now < ms)
			ms = s->next_check <= now ? 0 : (int)(s->next_check - now);
		r = poll(p, 2, ms);
		if (r < 0 && errno != EINTR)
			return -errno;
		if (r == 0 && s->con.fd < 0)
			s->read = 1; /* by the clock: the next read is due */
		for (int k = 0; k < 2; k++) {
			if (!p[k].revents)
				continue;
			r = xm_virq_ack(x, k ? &s->dom : &s->con);
			if (r)
				return r;
			*(k ? &s->check : &s->read) = 1;
		}
		if (timed && xm_now_ms() >= s->next_check) {
			s->check = 1;
			s->next_check = xm_now_ms() + GONE_CHECK_MS;
		}
		if (s->read || s->check)
			return 1;
	}
}

static int follow_loop(struct xm_cli *c, struct follower *s,
		       const struct attach_opts *o)
{
	int r, end;

	for (;;) {
		if (s->read) {
			s->read = 0;
			r = follow_read(c, s, o);
			if (r)
				return r;
		}
		if (o->once || got_signal)
			return 0;
		/* A console session ends with its domain, as xl's does
		 * (but not with 0: the session did not end as asked). */
		if (s->check) {
			s->check = 0;
			end = domain_end(c, o->domid);
			if (end) {
				say_end(c, o->what, end);
				return XM_EXIT_NEVER;
			}
		}
		r = follow_wait(&c->xen, s, o);
		if (r < 0) {
			xm_err_msg(c, NULL, XM_MSG(m_console_waiting_for_xen, "waiting for Xen's console: %s"),
			       xm_strerror(-r));
			return XM_EXIT_INTERNAL;
		}
		if (!r)
			return 0;
	}
}

/*
 * The follower: console attach's follow mode and dmesg. Events are bound
 * before the first read, so nothing Xen writes after it goes unnoticed.
 */
static int follow(struct xm_cli *c, const struct attach_opts *o)
{
	struct follower s = { .read = 1 };
	int r;

	follow_bind(c, &s, o);
	r = xm_follow_open(&s.f, &c->xen, o->domid, o->from_new);
	if (r) {
		r = xm_fail(c, XM_MSG(m_console_ring_read, "reading Xen's console ring"), XM_W_SYSCTL, r);
	} else {
		catch_signals();
		r = follow_loop(c, &s, o);
		if (o->json && s.jl.len)
			json_line(&s.jl);
		xm_follow_close(&s.f);
	}
	xm_virq_close(&c->xen, &s.con);
	xm_virq_close(&c->xen, &s.dom);
	if (!r && got_signal)
		die_of_signal();
	return r;
}

/* What console attach says on entering follow mode. */
static void follow_banner(struct xm_cli *c, const struct attach_opts *o)
{
	const char *what = o->what;

	if (o->domid < 0) {
		xm_err(c, "follow mode",
		       "every line of Xen's console ring, read-only");
		return;
	}
	xm_err(c, what,
	       "follow mode: %s; showing its lines from Xen's console "
	       "ring, read-only",
	       o->follow ? "asked for with --follow"
			 : TEXT(T_NO_RING));
	xm_err(c, what, "%s", TEXT(T_NO_INPUT));
}

/* Raw guest output straight to fd 1: no buffer between us and it. */
static int sink_fd1(void *arg, const char *s, size_t n)
{
	(void)arg;
	while (n) {
		ssize_t w = write(1, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Poll the ring this often even without events: a lost kick costs little. */
#define RING_POLL_MS 250

struct ring_io {
	char in[4096];    /* from stdin, not yet in the guest's ring (a paste
			   * into a slow guest fits: beyond it, typing drops) */
	size_t pending;
	uint64_t dropped; /* typed while in[] was full: the guest took none */
	int eof, detach, tty, end;
};

/*
 * Read stdin; on a terminal, stop at the escape byte and detach. A
 * terminal is read even while in[] is full (a guest that takes no input
 * must not disable the escape): what does not fit is dropped and counted.
 */
static int read_stdin(struct ring_io *io, int escape)
{
	char spill[64], *dst = io->in + io->pending, *e;
	size_t room = sizeof(io->in) - io->pending;
	ssize_t n;

	if (!room) {
		dst = spill;
		room = sizeof(spill);
	}
	n = read(0, dst, room);
	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n == 0) {
		io->eof = 1;
		return 0;
	}
	e = io->tty ? xm_memchr(dst, escape, (size_t)n) : NULL;
	if (e) {
		n = e - dst;
		io->detach = 1;
	}
	if (dst == spill)
		io->dropped += (uint64_t)n;
	else
		io->pending += (size_t)n;
	return 0;
}

static int ring_loop(struct xm_cli *c, struct xm_ring *r,
		     const struct attach_opts *o, struct ring_io *io)
{
	int64_t check = 0;
	int rc;

	for (;;) {
		struct pollfd p[2] = { { .fd = r->fd, .events = POLLIN },
				       { .fd = 0, .events = POLLIN } };
		int ms, nfd;

		rc = xm_ring_drain(r, sink_fd1, NULL);
		if (rc)
			return rc;
		if (io->pending) {
			rc = xm_ring_put(r, io->in, io->pending);
			if (rc < 0)
				return rc;
			io->pending -= (size_t)rc;
			memmove(io->in, io->in + rc, io->pending);
		}
		if (xm_now_ms() >= check) {
			check = xm_now_ms() + RING_GONE_MS;
			io->end = domain_end(c, o->domid);
		}
		/* Detach at once: what did not fit in the ring is dropped. */
		if (got_signal || io->end || io->detach)
			return 0;
		/* Without a terminal, the end of input ends the session,
		 * unless --timeout asks to keep showing the answer. */
		if (io->eof && !io->pending && (io->tty || !o->deadline))
			return 0;
		ms = wait_ms(o->deadline, RING_POLL_MS);
		if (o->deadline && !ms)
			return 0;
		/* Piped input waits for room; a terminal is always read. */
		nfd = io->eof || (io->pending && !io->tty) ? 1 : 2;
		if (poll(p, nfd, ms) < 0 && errno != EINTR)
			return -errno;
		if (p[0].revents) {
			rc = xm_ring_ack(r);
			if (rc)
				return rc;
		}
		if (p[1].revents) {
			rc = read_stdin(io, o->escape);
			if (rc)
				return rc;
		}
	}
}

static int ring(struct xm_cli *c, const struct attach_opts *o,
		const struct xm_ring_loc *loc)
{
	struct xm_ring r;
	struct ring_io io = { .tty = xm_isatty(0) };
	struct termios saved, raw;
	const char *what = o->what;
	int rc;

	rc = xm_ring_open(&r, &c->xen, (uint16_t)o->domid, loc);
	if (rc)
		return xm_fail(c, what, XM_W_CONSOLE, rc);
	xm_err(c, what,
	       "ring mode: PV console ring at frame 0x%" PRIx64
	       ", event channel %u (from %s); %s",
	       loc->frame, loc->port,
	       loc->via == XM_RING_GRANT0 ? "grant entry 0 and the free port"
					  : "HVM params",
	       io.tty ? "detach with the escape character (-e, default ^])"
		      : "copying stdin to the guest");
	/* Before the terminal goes raw: a signal then still restores it. */
	catch_signals();
	/* The ioctls of tcgetattr and tcsetattr(TCSADRAIN), without them. */
	if (io.tty && xm_ioctl(0, TCGETS, &saved) == 0) {
		raw = saved;
		cfmakeraw(&raw);
		xm_ioctl(0, TCSETSW, &raw);
	} else {
		io.tty = 0;
	}
	rc = ring_loop(c, &r, o, &io);
	/* Every way out passes here: the terminal comes back first. */
	if (io.tty)
		xm_ioctl(0, TCSETSW, &saved);
	xm_ring_close(&r);
	if (io.dropped)
		xm_err_msg(c, what, XM_MSG(m_console_guest_did_not, "the guest did not take %lu typed bytes: dropped"), io.dropped);
	say_end(c, what, io.end);
	if (rc == -EPIPE)
		return XM_EXIT_IO;
	if (rc)
		return xm_fail(c, what, XM_W_CONSOLE, rc);
	if (got_signal)
		die_of_signal();
	return io.end ? XM_EXIT_NEVER : XM_EXIT_OK;
}

/* --timeout S, whole seconds: the deadline on xm_now_ms()'s clock. */
static int opt_timeout(struct xm_cli *c, const char *s, int64_t *deadline)
{
	uint64_t v;

	if (xm_parse_u64(s, 1, 31536000, &v))
		return xm_usage_msg(c, XM_MSG(m_console_timeout_not_number, "--timeout %s: not a number of seconds (1 or more)"),
				s);
	*deadline = xm_now_ms() + (int64_t)v * 1000;
	return 0;
}

/* "^]", "^X", or one character: the detach byte. */
static int parse_escape(const char *s)
{
	if (s[0] == '^' && s[1] && !s[2]) {
		char ch = s[1];

		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch < '@' || ch > '_')
			return -1;
		return ch - '@';
	}
	if (s[0] && !s[1])
		return (unsigned char)s[0];
	return -1;
}

/* The options and the DOMID operand, into @o. Returns 0 or the exit code. */
static int attach_args(struct xm_cli *c, int argc, char **argv,
		       struct attach_opts *o)
{
	static const struct xm_option lo[] = {
		{ "all", 0, 'a' },
		{ "history", 0, 'H' },
		{ "new", 0, 'n' },
		{ "follow", 0, 'f' },
		{ "timeout", 1, 'T' },
		{ "escape", 1, 'e' },
		{ "poll", 0, 'p' },
		{ 0 },
	};
	struct xm_opt op;
	int opt;

	xm_opt_set(&op, argc, argv, "aHnfT:e:", lo);
	while ((opt = xm_getopt(c, &op)) != -1) {
		switch (opt) {
		case 'a':
			o->all = 1;
			break;
		case 'H':
			o->from_new = 0;
			break;
		case 'n':
			o->from_new = 1;
			break;
		case 'f':
			o->follow = 1;
			break;
		case 'T':
			if (opt_timeout(c, op.arg, &o->deadline))
				return XM_EXIT_USAGE;
			break;
		case 'p':
			o->poll_only = 1;
			break;
		case 'e':
			o->escape = parse_escape(op.arg);
			if (o->escape < 0)
				return xm_usage_msg(c, XM_MSG(m_console_e_not_character, "-e %s: not a character (c or ^C)"),
						op.arg);
			break;
		default:
			return XM_EXIT_USAGE;
		}
	}
	if (op.ind < argc) {
		o->arg = argv[op.ind];
		return xm_dom_check(c, 1, &argv[op.ind]);
	} else if (!o->all) {
		return xm_usage_msg(c, XM_MSG(m_console_no_domain_given, "no domain given (or --all)"));
	}
	return 0;
}

int cmd_console_attach(struct xm_cli *c, int argc, char **argv)
{
	struct attach_opts o = { .domid = -1, .escape = 0x1d };
	int rc = attach_args(c, argc, argv, &o);

	if (rc)
		return rc;
	rc = xm_cli_open_xen(c);
	if (rc)
		return rc;
	if (o.arg) {
		struct xm_dominfo di;
		struct xm_dom d;

		rc = xm_dom_get(c, o.arg, &d);
		if (rc)
			return rc;
		o.domid = d.domid;
		rc = xm_domain_get(&c->xen, d.domid, &di);
		if (rc)
			return xm_fail(c, d.label, XM_W_DOMAIN, rc);
	}
	xm_snprintf(o.what, sizeof(o.what), "domain %d", o.domid);
	if (o.all) {
		o.domid = -1;
	} else if (!o.follow) {
		struct xm_ring_loc loc;
		const char *what = o.what;

		rc = xm_ring_find(&c->xen, (uint16_t)o.domid, &loc);
		if (!rc)
			return ring(c, &o, &loc);
		if (rc == -EBUSY) {
			xm_err_msg(c, what,
			       XM_MSG(m_console_served, "its console is served already (its event channel is bound by domain %u: xenconsoled, where `xl console %d` reaches it); xenmin leaves it alone"),
			       loc.peer, o.domid);
			return XM_EXIT_REFUSED;
		}
		if (rc != -ENOENT)
			return xm_fail(c, what, XM_W_CONSOLE, rc);
	}
	follow_banner(c, &o);
	return follow(c, &o);
}

int cmd_dmesg(struct xm_cli *c, int argc, char **argv)
{
	static const struct xm_option lo[] = {
		{ "clear", 0, 'c' },   { "follow", 0, 'f' }, { "poll", 0, 'p' },
		{ "json", 0, 'j' },    { "timeout", 1, 'T' }, { 0 },
	};
	struct xm_opt op;
	struct attach_opts o = { .domid = -1, .once = 1, .say_poll = 1 };
	int opt, rc;

	xm_opt_set(&op, argc, argv, "cfT:", lo);
	while ((opt = xm_getopt(c, &op)) != -1) {
		if (opt == 'c')
			o.clear = 1;
		else if (opt == 'f')
			o.once = 0;
		else if (opt == 'p')
			o.poll_only = 1;
		else if (opt == 'j')
			o.json = 1;
		else if (opt != 'T' || opt_timeout(c, op.arg, &o.deadline))
			return XM_EXIT_USAGE;
	}
	if (o.deadline && o.once)
		return xm_usage_msg(c, XM_MSG(m_console_timeout_needs_follow, "--timeout needs --follow"));
	/* --clear writes to Xen: a writer. */
	rc = o.clear ? xm_writer_lock(c) : 0;
	if (!rc)
		rc = xm_cli_open_xen(c);
	return rc ? rc : follow(c, &o);
}
