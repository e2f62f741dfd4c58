// SPDX-License-Identifier: MIT
/*
 * The benchmark's in-guest stopwatch: runs a command (or a sequence of
 * commands separated by "--and") N times with stdout and stderr discarded,
 * and prints the wall time per round (median, min, max, in microseconds)
 * and the peak resident set size of any child (KiB, from wait4's rusage,
 * the same figure as VmHWM). Busybox's date and time are too coarse for
 * commands that take a few milliseconds, hence this small static program.
 *
 *   xm-bench N CMD [ARGS...] [--and CMD [ARGS...]]...
 *   -> "rounds=N median_us=M min_us=A max_us=B maxrss_kib=R fails=F"
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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

int main(int argc, char **argv)
{
	int n, ncmd = 0, fails = 0;
	char **cmds[16];
	long long *t;
	long rss = 0;

	if (argc < 3 || (n = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: xm-bench N CMD [ARGS...] [--and CMD...]\n");
		return 64;
	}
	cmds[ncmd++] = &argv[2];
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--and") == 0 && ncmd < 16) {
			argv[i] = NULL;
			cmds[ncmd++] = &argv[i + 1];
		}
	t = calloc((size_t)n, sizeof(*t));
	if (!t)
		return 70;
	for (int r = 0; r < n; r++) {
		long long t0 = now_us();

		for (int c = 0; c < ncmd; c++)
			if (run1(cmds[c], &rss) != 0)
				fails++;
		t[r] = now_us() - t0;
	}
	qsort(t, (size_t)n, sizeof(*t), cmp);
	printf("rounds=%d median_us=%lld min_us=%lld max_us=%lld maxrss_kib=%ld fails=%d\n",
	       n, t[n / 2], t[0], t[n - 1], rss, fails);
	return 0;
}
