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
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "console.h"
#include "xenmin.h"
#include "xm_time.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* No SA_RESTART: a signal must wake poll() so we restore and leave. */
static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	/* A closed stdout shows up as EPIPE, and we still clean up. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
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

/*
 * Whether the domain went away (checked every 2 s: one sysctl): a console
 * session ends with its domain, as `xl console` does.
 */
static int domain_gone(struct xm_cli *c, int domid, int64_t *next)
{
	struct xm_dominfo d;

	if (domid < 0 || xm_now_ms() < *next)
		return 0;
	*next = xm_now_ms() + 2000;
	return xm_domain_get(&c->xen, (uint16_t)domid, &d) == -ESRCH;
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
	int64_t deadline;
	int escape;
};

/* How often Xen's ring is read: a heartbeat every 2 s shows promptly. */
#define FOLLOW_POLL_MS 200

static int follow(struct xm_cli *c, const struct attach_opts *o)
{
	struct xm_follow f;
	uint64_t lost = 0, told = 0;
	int64_t check = 0;
	char what[24];
	int r, rc = XM_EXIT_OK;

	xm_snprintf(what, sizeof(what), "domain %d", o->domid);
	if (o->domid < 0) {
		xm_err(c, "follow mode",
		       "every line of Xen's console ring, read-only");
	} else {
		xm_err(c, what,
		       "follow mode: %s; showing its lines from Xen's console "
		       "ring, read-only",
		       o->follow ? "asked for with --follow"
				 : "no PV console ring (Xen emulates its UART, "
				   "as for dom0less domUs)");
		xm_err(c, what,
		       "input is not possible: only Xen's own serial line "
		       "reaches this UART (press CTRL-a three times there to "
		       "switch Xen's input to the domain)");
	}
	r = xm_follow_open(&f, &c->xen, o->domid, o->from_new);
	if (r)
		return xm_fail(c, "reading Xen's console ring", XM_W_SYSCTL, r);
	catch_signals();
	for (;;) {
		r = xm_follow_poll(&f, sink_stdout, NULL, &lost);
		if (r == -EPIPE || (r && xm_ferror(xm_out))) {
			rc = XM_EXIT_IO;
			break;
		}
		if (r) {
			rc = xm_fail(c, "reading Xen's console ring",
				     XM_W_SYSCTL, r);
			break;
		}
		if (xm_fflush(xm_out)) {
			rc = XM_EXIT_IO;
			break;
		}
		if (lost != told) {
			xm_err(c, NULL,
			       "Xen's console ring wrapped: %" PRIu64
			       " bytes were overwritten before xenmin read them",
			       lost - told);
			told = lost;
		}
		if (got_signal)
			break;
		if (domain_gone(c, o->domid, &check)) {
			xm_err(c, what, "the domain is gone");
			break;
		}
		r = wait_ms(o->deadline, FOLLOW_POLL_MS);
		if (!r)
			break;
		poll(NULL, 0, r);
	}
	xm_follow_close(&f);
	return rc;
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
	char in[256];     /* from stdin, not yet in the guest's ring */
	size_t pending;
	int eof, detach, tty, gone;
};

/* Read stdin; on a terminal, stop at the escape byte and detach. */
static int read_stdin(struct ring_io *io, int escape)
{
	ssize_t n = read(0, io->in, sizeof(io->in));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 0 : -errno;
	if (n == 0) {
		io->eof = 1;
		return 0;
	}
	io->pending = (size_t)n;
	if (io->tty) {
		char *e = memchr(io->in, escape, (size_t)n);

		if (e) {
			io->pending = (size_t)(e - io->in);
			io->detach = 1;
		}
	}
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
		int ms;

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
		/* Detach at once: what did not fit in the ring is dropped. */
		io->gone = domain_gone(c, o->domid, &check);
		if (got_signal || io->gone || io->detach)
			return 0;
		/* Without a terminal, the end of input ends the session,
		 * unless --timeout asks to keep showing the answer. */
		if (io->eof && !io->pending && (io->tty || !o->deadline))
			return 0;
		ms = wait_ms(o->deadline, RING_POLL_MS);
		if (o->deadline && !ms)
			return 0;
		if (poll(p, io->eof || io->pending ? 1 : 2, ms) < 0 &&
		    errno != EINTR)
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

static const char *const via_words[] = {
	[XM_RING_HVM_PARAM] = "HVM params",
	[XM_RING_GRANT0] = "grant entry 0 and the free port",
};

static int ring(struct xm_cli *c, const struct attach_opts *o,
		const struct xm_ring_loc *loc)
{
	struct xm_ring r;
	struct ring_io io = { .tty = isatty(0) };
	struct termios saved, raw;
	char what[24];
	int rc;

	xm_snprintf(what, sizeof(what), "domain %d", o->domid);
	rc = xm_ring_open(&r, &c->xen, (uint16_t)o->domid, loc);
	if (rc)
		return xm_fail(c, what, XM_W_CONSOLE, rc);
	xm_err(c, what,
	       "ring mode: PV console ring at frame 0x%" PRIx64
	       ", event channel %u (from %s); %s",
	       loc->frame, loc->port, via_words[loc->via],
	       io.tty ? "detach with the escape character (-e, default ^])"
		      : "copying stdin to the guest");
	if (io.tty && tcgetattr(0, &saved) == 0) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSADRAIN, &raw);
	} else {
		io.tty = 0;
	}
	catch_signals();
	rc = ring_loop(c, &r, o, &io);
	/* Every way out passes here: the terminal comes back first. */
	if (io.tty)
		tcsetattr(0, TCSADRAIN, &saved);
	xm_ring_close(&r);
	if (io.gone)
		xm_err(c, what, "the domain is gone");
	if (rc == -EPIPE)
		return XM_EXIT_IO;
	if (rc)
		return xm_fail(c, what, XM_W_CONSOLE, rc);
	return XM_EXIT_OK;
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
		{ 0 },
	};
	struct xm_opt op = XM_OPT_INIT(argc, argv, "aHnfT:e:", lo);
	uint64_t v;
	int opt;

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
			if (xm_parse_u64(op.arg, 1, 31536000, &v))
				return xm_usage(c, "--timeout %s: not a number "
						   "of seconds (1 or more)",
						op.arg);
			o->deadline = xm_now_ms() + (int64_t)v * 1000;
			break;
		case 'e':
			o->escape = parse_escape(op.arg);
			if (o->escape < 0)
				return xm_usage(c, "-e %s: not a character "
						   "(c or ^C)",
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
		return xm_usage(c, "no domain given (or --all)");
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
	if (o.all) {
		o.domid = -1;
		return follow(c, &o);
	}
	if (!o.follow) {
		struct xm_ring_loc loc;
		char what[24];

		xm_snprintf(what, sizeof(what), "domain %d", o.domid);
		rc = xm_ring_find(&c->xen, (uint16_t)o.domid, &loc);
		if (!rc)
			return ring(c, &o, &loc);
		if (rc == -EBUSY) {
			xm_err(c, what,
			       "its console is served already (its event "
			       "channel is bound by domain %u: xenconsoled, "
			       "where `xl console %d` reaches it); xenmin "
			       "leaves it alone",
			       loc.peer, o.domid);
			return XM_EXIT_REFUSED;
		}
		if (rc != -ENOENT)
			return xm_fail(c, what, XM_W_CONSOLE, rc);
	}
	return follow(c, &o);
}
