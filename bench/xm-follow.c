// SPDX-License-Identifier: MIT
/*
 * The benchmark's in-guest latency meter for xenmin's followers (dmesg
 * --follow, console attach's follow mode, domain watch). It starts the
 * follower with its stdout on a pipe, lets it print what it prints at the
 * start, then N times makes Xen produce something the follower must show,
 * by a hypercall of its own, and times from just before that hypercall to
 * the follower's first write that shows it. One clock, dom0's
 * CLOCK_MONOTONIC, for both ends (under QEMU's -icount a virtual clock).
 * The triggers:
 *   key K      sysctl debug_keys with the one key K: Xen prints its
 *              answer into its console ring (raising VIRQ_CON_RING);
 *              IFVER is the sysctl interface version
 *   suspend D  SCHEDOP_remote_shutdown(D, suspend): Xen raises
 *              VIRQ_DOM_EXC and the domain shows as shut down; after
 *              the follower said so, domctl resumedomain brings it back
 *              (the follower's next look shows it "running");
 *              IFVER is the domctl interface version
 * A trial ends at the first output that holds MATCH (a domU's heartbeat
 * in the same ring is not the answer). Between trials a pseudo-random
 * pause of 0 to XM_FOLLOW_SPREAD_MS (default 300) ms, so that a follower
 * that reads by the clock is caught at every phase of its period.
 *
 *   xm-follow N key|suspend ARG IFVER MATCH CMD [ARGS...]
 *   -> "trials=N median_us=M min_us=A max_us=B misses=X samples=a,b,..."
 *
 * The two payloads xenmin itself never sends are defined here after the
 * layouts in Xen's public sysctl.h and domctl.h; the envelopes come from
 * include/xm_abi.h. A miss is a trial that showed nothing within 5 s.
 */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xm_abi.h"

#define SYSCTL_debug_keys 7     /* XEN_SYSCTL_debug_keys */
#define DOMCTL_resumedomain 27  /* XEN_DOMCTL_resumedomain */
#define MAX_TRIALS 64
#define WAIT_MS 5000            /* a trial that shows nothing by then: a miss */
#define QUIET_MS 500            /* output over: this long without a byte */
#define SETTLE_MS 2000          /* the follower's start-up output over */

struct sysctl_debug_keys {
	xm_handle64_t keys;
	uint32_t nr_keys;
};

struct meter {
	int privcmd, out;     /* /dev/xen/privcmd; the follower's stdout */
	char *page;           /* hypercall-safe memory */
	uint32_t ifver;
	unsigned seed;
	int spread_ms;        /* the pause between trials: 0 to this, at random */
	const char *match;    /* what shows the trigger's answer */
};

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static long hypercall(struct meter *m, unsigned op, uint64_t a0, uint64_t a1)
{
	struct xm_privcmd_hypercall h = { .op = op, .arg = { a0, a1 } };

	return ioctl(m->privcmd, XM_IOCTL_PRIVCMD_HYPERCALL, &h) < 0 ? -errno
								      : 0;
}

static long debug_key(struct meter *m, char key)
{
	struct xm_sysctl *s = (struct xm_sysctl *)m->page;
	struct sysctl_debug_keys *k = (struct sysctl_debug_keys *)&s->u;
	char *c = m->page + 2048;

	memset(s, 0, sizeof(*s));
	s->cmd = SYSCTL_debug_keys;
	s->interface_version = m->ifver;
	*c = key;
	k->keys = xm_handle(c);
	k->nr_keys = 1;
	return hypercall(m, XM_HC_sysctl, xm_handle(s), 0);
}

static long suspend(struct meter *m, uint16_t domid)
{
	struct xm_sched_remote_shutdown *a = (void *)m->page;

	a->domain_id = domid;
	a->reason = XM_SHUTDOWN_SUSPEND;
	return hypercall(m, XM_HC_sched_op, XM_SCHEDOP_remote_shutdown,
			 xm_handle(a));
}

static long resume(struct meter *m, uint16_t domid)
{
	struct xm_domctl *d = (struct xm_domctl *)m->page;

	memset(d, 0, sizeof(*d));
	d->cmd = DOMCTL_resumedomain;
	d->interface_version = m->ifver;
	d->domain = domid;
	return hypercall(m, XM_HC_domctl, xm_handle(d), 0);
}

/*
 * Wait up to @ms for the follower's next bytes; with @match, until what it
 * wrote from now on holds @match (so that a line of something else, a
 * domU's heartbeat, is not taken for the answer). 1: came, 0: not in time.
 */
static int wait_out(struct meter *m, int ms, const char *match)
{
	struct pollfd p = { .fd = m->out, .events = POLLIN };
	long long end = now_us() + ms * 1000LL;
	size_t keep = 0, ml = match ? strlen(match) : 0;
	char buf[4096 + 256];

	for (;;) {
		long long left = (end - now_us()) / 1000;
		int r = poll(&p, 1, left > 0 ? (int)left : 0);
		ssize_t n;

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		n = read(m->out, buf + keep, sizeof(buf) - keep);
		if (n <= 0) {
			fprintf(stderr, "xm-follow: the follower ended\n");
			exit(70);
		}
		n += (ssize_t)keep;
		if (!match || memmem(buf, (size_t)n, match, ml))
			return 1;
		/* A match may straddle two reads: keep the tail. */
		keep = (size_t)n < ml ? (size_t)n : ml;
		memmove(buf, buf + n - (ssize_t)keep, keep);
	}
}

/* Read until the follower has been quiet for @ms. */
static void drain(struct meter *m, int ms)
{
	while (wait_out(m, ms, NULL))
		;
}

static int spawn(struct meter *m, char **argv)
{
	int fd[2];
	pid_t p;

	if (pipe(fd) < 0)
		return -1;
	p = fork();
	if (p == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	m->out = fd[0];
	return p;
}

static int open_xen(struct meter *m)
{
	int hb = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);

	m->privcmd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (m->privcmd < 0)
		return -1;
	/* Without the device (old kernels), locked anonymous memory. */
	m->page = hb >= 0 ? mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
				 hb, 0)
			  : mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	return m->page == MAP_FAILED ? -1 : 0;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* One trial: its latency in microseconds, -1 for a miss, -2 on failure. */
static long long trial(struct meter *m, int by_key, const char *arg)
{
	long long t0;
	long r;

	m->seed = m->seed * 1103515245u + 12345u;
	usleep((m->seed >> 16) % (unsigned)m->spread_ms * 1000);
	drain(m, 0);
	t0 = now_us();
	r = by_key ? debug_key(m, arg[0])
		   : suspend(m, (uint16_t)atoi(arg));
	if (r) {
		fprintf(stderr, "xm-follow: trigger: %s\n", strerror((int)-r));
		return -2;
	}
	if (!wait_out(m, WAIT_MS, m->match))
		t0 = -1;
	else
		t0 = now_us() - t0;
	drain(m, QUIET_MS);
	if (!by_key) {
		r = resume(m, (uint16_t)atoi(arg));
		if (r) {
			fprintf(stderr, "xm-follow: resume: %s\n",
				strerror((int)-r));
			return -2;
		}
		/* Its running again, as the follower's next look shows it. */
		wait_out(m, WAIT_MS, "running");
		drain(m, QUIET_MS);
	}
	return t0;
}

int main(int argc, char **argv)
{
	struct meter m = { .seed = 17, .spread_ms = 300 };
	const char *sp = getenv("XM_FOLLOW_SPREAD_MS");
	long long t[MAX_TRIALS];
	int n, k = 0, miss = 0, by_key, st;
	pid_t p;

	if (argc < 7 || (n = atoi(argv[1])) < 1 || n > MAX_TRIALS ||
	    (strcmp(argv[2], "key") && strcmp(argv[2], "suspend"))) {
		fprintf(stderr, "usage: xm-follow N key|suspend ARG IFVER "
				"MATCH CMD [ARGS...]\n");
		return 64;
	}
	by_key = !strcmp(argv[2], "key");
	m.ifver = (uint32_t)strtoul(argv[4], NULL, 0);
	m.match = argv[5];
	if (sp && atoi(sp) > 0)
		m.spread_ms = atoi(sp);
	if (open_xen(&m) < 0 || (p = spawn(&m, &argv[6])) < 0) {
		fprintf(stderr, "xm-follow: %s\n", strerror(errno));
		return 69;
	}
	drain(&m, SETTLE_MS);
	for (int i = 0; i < n; i++) {
		long long v = trial(&m, by_key, argv[3]);

		if (v == -2)
			break;
		if (v < 0)
			miss++;
		else
			t[k++] = v;
	}
	kill(p, SIGTERM);
	waitpid(p, &st, 0);
	if (!k) {
		printf("trials=%d misses=%d\n", n, miss);
		return 1;
	}
	qsort(t, (size_t)k, sizeof(*t), cmp);
	printf("trials=%d median_us=%lld min_us=%lld max_us=%lld misses=%d "
	       "samples=", n, t[k / 2], t[0], t[k - 1], miss);
	for (int i = 0; i < k; i++)
		printf("%s%lld", i ? "," : "", t[i]);
	printf("\n");
	return k + miss == n ? 0 : 1;
}
