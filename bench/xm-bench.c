// SPDX-License-Identifier: MIT
/*
 * The benchmark's in-guest stopwatch: runs one or more groups of commands
 * N rounds each, with stdout and stderr discarded. A group is a command or
 * a sequence of commands joined by "--and"; groups are separated by
 * "--vs" and their rounds interleave (round 1 of every group, then round
 * 2...), so a change of load on the host during the run weighs on each
 * group alike and their ratios stay fair. Per group it prints the wall
 * time per round (median, min, max, in microseconds) and the peak resident
 * set size of any child (KiB, from wait4's rusage, the same figure as
 * VmHWM). Busybox's date and time are too coarse for commands that take a
 * few milliseconds, hence this small static program.
 *
 *   xm-bench N CMD [ARGS...] [--and CMD...]... [--vs CMD... ]...
 *   -> one line per group:
 *      "group=G rounds=N median_us=M min_us=A max_us=B maxrss_kib=R fails=F"
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 32
#define MAX_GROUPS 8

struct group {
	int first, ncmd;  /* its commands: cmds[first .. first + ncmd) */
	long long *t;     /* wall time of each round */
	long rss;
	int fails;
};

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* Run argv to completion; returns its exit status, updates *rss. */
static int run1(char **argv, long *rss)
{
	struct rusage ru;
	int st = 0;
	pid_t p = fork();

	if (p == 0) {
		int fd = open("/dev/null", O_RDWR);

		dup2(fd, 1);
		dup2(fd, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (p < 0 || wait4(p, &st, 0, &ru) < 0)
		return -1;
	if (ru.ru_maxrss > *rss)
		*rss = ru.ru_maxrss;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int usage(void)
{
	fprintf(stderr, "usage: xm-bench N CMD [ARGS...] [--and CMD...] "
			"[--vs CMD...]\n");
	return 64;
}

int main(int argc, char **argv)
{
	char **cmds[MAX_CMDS];
	struct group g[MAX_GROUPS] = { { 0, 1, NULL, 0, 0 } };
	int n, ncmd = 0, ng = 1;

	if (argc < 3 || (n = atoi(argv[1])) < 1)
		return usage();
	cmds[ncmd++] = &argv[2];
	for (int i = 2; i < argc; i++) {
		int vs = strcmp(argv[i], "--vs") == 0;

		if (!vs && strcmp(argv[i], "--and") != 0)
			continue;
		if (ncmd == MAX_CMDS || (vs && ng == MAX_GROUPS) ||
		    i + 1 == argc)
			return usage();
		argv[i] = NULL;
		if (vs)
			g[ng++] = (struct group){ ncmd, 1, NULL, 0, 0 };
		else
			g[ng - 1].ncmd++;
		cmds[ncmd++] = &argv[i + 1];
	}
	for (int k = 0; k < ng; k++)
		if (!(g[k].t = calloc((size_t)n, sizeof(*g[k].t))))
			return 70;
	for (int r = 0; r < n; r++)
		for (int k = 0; k < ng; k++) {
			long long t0 = now_us();

			for (int c = g[k].first; c < g[k].first + g[k].ncmd; c++)
				if (run1(cmds[c], &g[k].rss) != 0)
					g[k].fails++;
			g[k].t[r] = now_us() - t0;
		}
	for (int k = 0; k < ng; k++) {
		qsort(g[k].t, (size_t)n, sizeof(*g[k].t), cmp);
		printf("group=%d rounds=%d median_us=%lld min_us=%lld "
		       "max_us=%lld maxrss_kib=%ld fails=%d\n", k, n,
		       g[k].t[n / 2], g[k].t[0], g[k].t[n - 1], g[k].rss,
		       g[k].fails);
	}
	return 0;
}
