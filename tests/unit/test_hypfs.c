// SPDX-License-Identifier: MIT
/*
 * Unit tests of the hypfs reads (src/hypfs.c) against the fake's hypfs
 * (xen/common/hypfs.c's rules): /buildinfo/config gzip'd by the system's
 * gzip from the samples in tests/data/xen-config/ and read back decoded;
 * the -ENOBUFS retry sized from Xen's answer for a node larger than the
 * first buffer; a plain string node; and every failure hypfs.h names,
 * each with the calls it should cost and no buffer left behind.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hypfs.h"
#include "inflate.h"
#include "runner.h"
#include "xenmin.h"

static struct xm_xen X;

static int open_x(void)
{
	return xm_xen_open(&X, fx_transport());
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b = malloc(1 << 21);

	*n = f && b ? fread(b, 1, 1 << 21, f) : 0;
	if (f)
		fclose(f);
	return b;
}

/* gzip -9n @src into a temporary file and serve it as /buildinfo/config. */
static int serve_gzip_of(const char *src)
{
	char gz[] = "/tmp/xm-hypfs-XXXXXX", cmd[512];
	int fd = mkstemp(gz), r;

	if (fd < 0)
		return -1;
	close(fd);
	snprintf(cmd, sizeof(cmd), "gzip -9nc < %s > %s", src, gz);
	r = system(cmd) == 0 ? fx_hypfs_config(gz) : -1;
	unlink(gz);
	return r;
}

#define SAMPLE "tests/data/xen-config/x86-4.17-arinc653.config"

static void t_config_read_decoded(void)
{
	size_t n, want_n;
	char *t, *want = slurp(SAMPLE, &want_n);

	CHECK(serve_gzip_of(SAMPLE) == 0);
	CHECK(open_x() == 0);
	fx.ncalls = 0;
	CHECK(xm_hypfs_read(&X, "/buildinfo/config", &t, &n) == 0);
	CHECK(want && n == want_n && memcmp(t, want, n) == 0 && t[n] == '\0');
	/* get_version, then one read: the gzip'd sample fits a page. */
	CHECK(fx_count(XM_HC_hypfs_op, XM_HYPFS_OP_get_version) == 1);
	CHECK(fx_count(XM_HC_hypfs_op, XM_HYPFS_OP_read) == 1);
	CHECK(fx.ncalls == 2 && fx.live_bufs == 0);
	free(t);
	free(want);
}

/* 40 KiB of hex lines gzip to well over a page: -ENOBUFS, then a read
 * sized from the direntry Xen filled in. */
static void t_large_node_retried_once(void)
{
	char src[] = "/tmp/xm-hypfs-big-XXXXXX";
	int fd = mkstemp(src);
	FILE *f = fdopen(fd, "w");
	uint32_t s = 12345;
	size_t n, want_n;
	char *t, *want;

	for (int i = 0; i < 40000 / 9; i++) {
		s = s * 1103515245u + 12345u;
		fprintf(f, "%08x\n", s);
	}
	fclose(f);
	want = slurp(src, &want_n);
	CHECK(serve_gzip_of(src) == 0);
	unlink(src);
	CHECK(fx.hypfs.gzlen > XM_PAGE_SIZE);
	CHECK(open_x() == 0);
	fx.ncalls = 0;
	CHECK(xm_hypfs_read(&X, "/buildinfo/config", &t, &n) == 0);
	CHECK(want && n == want_n && memcmp(t, want, n) == 0);
	CHECK(fx_count(XM_HC_hypfs_op, XM_HYPFS_OP_read) == 2);
	CHECK(fx.log[1].result == -ENOBUFS && fx.log[2].result == 0);
	CHECK(fx.live_bufs == 0);
	free(t);
	free(want);
}

static void t_plain_string_node(void)
{
	size_t n;
	char *t;

	CHECK(open_x() == 0);
	CHECK(xm_hypfs_read(&X, "/buildinfo/version/extra", &t, &n) == 0);
	/* The string's own NUL is not counted. */
	CHECK(n == 2 && !strcmp(t, ".5"));
	free(t);
}

static int read_err(const char *path)
{
	size_t n = 99;
	char *t = (char *)&n;
	int r = xm_hypfs_read(&X, path, &t, &n);

	CHECK(r != 0 || !"expected a failure");
	CHECK(fx.live_bufs == 0);
	/* Nothing handed back on failure. */
	CHECK(n == 99 && t == (char *)&n);
	return r;
}

static void t_absent_denied_missing(void)
{
	CHECK(open_x() == 0);
	fx.hypfs.err = ENOSYS;
	fx.ncalls = 0;
	CHECK(read_err("/buildinfo/config") == -ENOSYS);
	CHECK(fx.ncalls == 1); /* get_version said it all */
	fx.hypfs.err = EPERM;
	CHECK(read_err("/buildinfo/config") == -EPERM);
	fx.hypfs.err = 0;
	/* Not the control domain: Xen's XSM_PRIV check. */
	fx.self = 9;
	CHECK(read_err("/buildinfo/config") == -EPERM);
	fx.self = 0;
	/* No gzip'd config held: built without CONFIG_HYPFS_CONFIG. */
	CHECK(read_err("/buildinfo/config") == -ENOENT);
	CHECK(read_err("/no/such/node") == -ENOENT);
}

static void t_path_too_long_not_sent(void)
{
	char p[XM_HYPFS_MAX_PATHLEN + 1];

	memset(p, 'a', sizeof(p) - 1);
	p[0] = '/';
	p[sizeof(p) - 1] = '\0';
	CHECK(open_x() == 0);
	fx.ncalls = 0;
	CHECK(read_err(p) == -ENAMETOOLONG);
	CHECK(fx_count(XM_HC_hypfs_op, XM_HYPFS_OP_read) == 0);
	/* 1023 characters and the NUL: Xen's limit exactly, so asked. */
	p[sizeof(p) - 2] = '\0';
	CHECK(read_err(p) == -ENOENT);
	CHECK(fx_count(XM_HC_hypfs_op, XM_HYPFS_OP_read) == 1);
}

static void t_corrupt_and_oversized(void)
{
	CHECK(serve_gzip_of(SAMPLE) == 0);
	CHECK(open_x() == 0);
	/* A flipped byte of the CRC-32 trailer. */
	fx.hypfs.gz[fx.hypfs.gzlen - 8] ^= 0x40;
	CHECK(read_err("/buildinfo/config") == -EBADMSG);
	fx.hypfs.gz[fx.hypfs.gzlen - 8] ^= 0x40;
	/* ISIZE claims more than xenmin reads: refused before inflating. */
	fx.hypfs.gz[fx.hypfs.gzlen - 1] = 0x01;
	CHECK(read_err("/buildinfo/config") == -EBADMSG);
	/* ISIZE smaller than the data: the output bound holds. */
	fx.hypfs.gz[fx.hypfs.gzlen - 1] = 0;
	fx.hypfs.gz[fx.hypfs.gzlen - 3] = 0;
	fx.hypfs.gz[fx.hypfs.gzlen - 4] = 16;
	CHECK(read_err("/buildinfo/config") == -EBADMSG);
	/* Not gzip at all (but for a plausible ISIZE). */
	memset(fx.hypfs.gz, 'x', fx.hypfs.gzlen - 4);
	CHECK(read_err("/buildinfo/config") == -EBADMSG);
	/* A node larger than xenmin reads: not even fetched. */
	free(fx.hypfs.gz);
	fx.hypfs.gzlen = XM_HYPFS_MAX + 1;
	fx.hypfs.gz = calloc(fx.hypfs.gzlen, 1);
	fx.ncalls = 0;
	CHECK(read_err("/buildinfo/config") == -EFBIG);
	CHECK(fx_count(XM_HC_hypfs_op, XM_HYPFS_OP_read) == 1);
}

static void t_injected_failures(void)
{
	CHECK(serve_gzip_of(SAMPLE) == 0);
	CHECK(open_x() == 0);
	fx_add_fail(XM_HC_hypfs_op, XM_HYPFS_OP_read, EFAULT, 1);
	CHECK(read_err("/buildinfo/config") == -EFAULT);
	fx_add_fail(XM_HC_hypfs_op, XM_HYPFS_OP_get_version, ENOSYS, 1);
	CHECK(read_err("/buildinfo/config") == -ENOSYS);
}

static void trace_count(void *arg, const struct xm_trace_rec *r)
{
	if (!strcmp(r->op, "hypfs_op") &&
	    (!strcmp(r->subop, "read") || !strcmp(r->subop, "get_version")))
		++*(int *)arg;
}

static void t_traced(void)
{
	int n = 0;
	size_t len;
	char *t;

	CHECK(serve_gzip_of(SAMPLE) == 0);
	X.trace = trace_count;
	X.trace_arg = &n;
	CHECK(open_x() == 0);
	CHECK(xm_hypfs_read(&X, "/buildinfo/config", &t, &len) == 0);
	CHECK(n == 2);
	free(t);
	X.trace = NULL;
}

static void t_build_caps(void)
{
	struct xm_caps c, want;
	size_t n;
	char *t = slurp("tests/data/xen-config/arm64-4.17-dom0less.config", &n);

	xm_caps_parse(t, n, &want);
	CHECK(serve_gzip_of("tests/data/xen-config/arm64-4.17-dom0less.config") == 0);
	CHECK(open_x() == 0);
	CHECK(xm_build_caps(&X, &c) == 0);
	CHECK(memcmp(c.v, want.v, sizeof(c.v)) == 0);
	CHECK(!strcmp(c.sched_default, want.sched_default));
	CHECK(xm_cap_has(&c, XM_CAP_BOOT_TIME_CPUPOOLS));
	CHECK(!strcmp(xm_caps_xsm_default(&c), "silo"));
	free(fx.hypfs.gz);
	fx.hypfs.gz = NULL;
	CHECK(xm_build_caps(&X, &c) == -ENOENT);
	free(t);
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_config_read_decoded),
	XM_TEST(t_large_node_retried_once),
	XM_TEST(t_plain_string_node),
	XM_TEST(t_absent_denied_missing),
	XM_TEST(t_path_too_long_not_sent),
	XM_TEST(t_corrupt_and_oversized),
	XM_TEST(t_injected_failures),
	XM_TEST(t_traced),
	XM_TEST(t_build_caps),
	{ 0 },
};
