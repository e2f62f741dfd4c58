// SPDX-License-Identifier: MIT
/*
 * Unit tests of the .config reader (src/xencfg.c): the four states of an
 * option line by line (set, "is not set", a value, no line), exact names
 * where one is a prefix of another, the last line winning, text without
 * a final newline; and the capability summary of each sample in
 * tests/data/xen-config/, against what each sample was written to say.
 */
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "xencfg.h"
#include "xm_abi.h"

#define K(t, name) xm_kconfig(t, strlen(t), name, NULL, NULL)

static void t_option_states(void)
{
	const char *t = "# comment\n"
			"CONFIG_A=y\n"
			"# CONFIG_B is not set\n"
			"CONFIG_C=\"credit2\"\n"
			"CONFIG_D=256\n"
			"CONFIG_E=n\n"
			"CONFIG_F=m\n"
			"CONFIG_G\n"
			"# CONFIG_H is not set really\n"
			"CONFIG_I=yes\n";
	const char *v;
	size_t vl;

	CHECK(K(t, "A") == XM_K_YES);
	CHECK(K(t, "B") == XM_K_NO);
	CHECK(xm_kconfig(t, strlen(t), "C", &v, &vl) == XM_K_VALUE);
	CHECK(vl == 9 && !memcmp(v, "\"credit2\"", 9));
	CHECK(K(t, "D") == XM_K_VALUE);
	CHECK(K(t, "E") == XM_K_NO);
	CHECK(K(t, "F") == XM_K_VALUE);
	CHECK(K(t, "G") == XM_K_ABSENT);
	CHECK(K(t, "H") == XM_K_ABSENT);
	CHECK(K(t, "I") == XM_K_VALUE);
	CHECK(K(t, "Z") == XM_K_ABSENT);
	CHECK(K(t, "") == XM_K_ABSENT);
	CHECK(xm_kconfig("", 0, "A", NULL, NULL) == XM_K_ABSENT);
}

static void t_exact_names(void)
{
	const char *a = "CONFIG_SCHED_CREDIT2=y\n# CONFIG_SCHED_CREDIT is not set\n";
	const char *b = "# CONFIG_SCHED_CREDIT is not set\nCONFIG_SCHED_CREDIT2=y\n";
	const char *c = "CONFIG_SCHED_CREDIT2=y\n";

	CHECK(K(a, "SCHED_CREDIT") == XM_K_NO && K(a, "SCHED_CREDIT2") == XM_K_YES);
	CHECK(K(b, "SCHED_CREDIT") == XM_K_NO && K(b, "SCHED_CREDIT2") == XM_K_YES);
	CHECK(K(c, "SCHED_CREDIT") == XM_K_ABSENT);
	CHECK(K(c, "SCHED_CREDIT22") == XM_K_ABSENT);
	CHECK(K("CONFIG_XSM_FLASK=y\n", "XSM") == XM_K_ABSENT);
	/* Not at the start of a line: not an option line. */
	CHECK(K(" CONFIG_A=y\n", "A") == XM_K_ABSENT);
	CHECK(K("xCONFIG_A=y\n", "A") == XM_K_ABSENT);
}

static void t_last_line_wins_and_no_newline(void)
{
	const char *t = "CONFIG_A=y\n# CONFIG_A is not set\nCONFIG_B=n\nCONFIG_B=y";

	CHECK(K(t, "A") == XM_K_NO);
	CHECK(K(t, "B") == XM_K_YES);
	/* The length bounds the scan: a cut line is what it is. */
	CHECK(xm_kconfig(t, strlen(t) - 1, "B", NULL, NULL) == XM_K_VALUE);
	CHECK(xm_kconfig(t, 9, "A", NULL, NULL) == XM_K_VALUE);
	CHECK(xm_kconfig(t, 10, "A", NULL, NULL) == XM_K_YES);
}

static void t_cap_names(void)
{
	CHECK(!strcmp(xm_cap_name(XM_CAP_SCHED_CREDIT), "SCHED_CREDIT"));
	CHECK(!strcmp(xm_cap_name(XM_CAP_SCHED_ARINC653), "SCHED_ARINC653"));
	CHECK(!strcmp(xm_cap_name(XM_CAP_BOOT_TIME_CPUPOOLS),
		      "BOOT_TIME_CPUPOOLS"));
	CHECK(!strcmp(xm_cap_name(XM_CAP_XSM_SILO_DEFAULT), "XSM_SILO_DEFAULT"));
	CHECK(!strcmp(xm_cap_name(XM_CAP_HYPFS), "HYPFS"));
	/* The schedulers follow the XEN_SCHEDULER_* ids. */
	CHECK(XM_CAP_SCHED_CREDIT2 - XM_CAP_SCHED_CREDIT ==
	      XM_SCHED_CREDIT2 - XM_SCHED_CREDIT);
	CHECK(XM_CAP_SCHED_ARINC653 - XM_CAP_SCHED_CREDIT ==
	      XM_SCHED_ARINC653 - XM_SCHED_CREDIT);
	CHECK(XM_CAP_SCHED_RTDS - XM_CAP_SCHED_CREDIT ==
	      XM_SCHED_RTDS - XM_SCHED_CREDIT);
	CHECK(XM_CAP_SCHED_NULL - XM_CAP_SCHED_CREDIT ==
	      XM_SCHED_NULL - XM_SCHED_CREDIT);
}

static int sample(const char *name, struct xm_caps *c)
{
	char path[256];
	FILE *f;
	char *t = malloc(65536);
	size_t n;

	snprintf(path, sizeof(path), "tests/data/xen-config/%s.config", name);
	f = fopen(path, "r");
	if (!f || !t) {
		printf("  cannot read %s (run from the source tree)\n", path);
		free(t);
		return -1;
	}
	n = fread(t, 1, 65536, f);
	fclose(f);
	xm_caps_parse(t, n, c);
	free(t);
	return 0;
}

/* "credit credit2 ..." of the schedulers @c has. */
static void scheds(const struct xm_caps *c, char *out)
{
	static const char *const nm[] = { "credit", "credit2", "arinc653",
					  "rtds", "null" };

	out[0] = '\0';
	for (int i = 0; i < XM_CAP_NSCHED; i++)
		if (xm_cap_has(c, XM_CAP_SCHED_CREDIT + i)) {
			if (out[0])
				strcat(out, " ");
			strcat(out, nm[i]);
		}
}

static void t_sample_x86_417_arinc653(void)
{
	struct xm_caps c;
	char s[64];

	CHECK(sample("x86-4.17-arinc653", &c) == 0);
	scheds(&c, s);
	CHECK(!strcmp(s, "credit credit2 arinc653 null"));
	CHECK(c.v[XM_CAP_SCHED_RTDS] == XM_K_NO);
	CHECK(!strcmp(c.sched_default, "credit2"));
	/* No such option on x86 4.17: neither line is there. */
	CHECK(c.v[XM_CAP_BOOT_TIME_CPUPOOLS] == XM_K_ABSENT);
	CHECK(!xm_cap_has(&c, XM_CAP_BOOT_TIME_CPUPOOLS));
	CHECK(c.v[XM_CAP_SYSCTL] == XM_K_ABSENT);
	CHECK(xm_cap_has(&c, XM_CAP_SYSCTL));
	CHECK(c.v[XM_CAP_XSM] == XM_K_NO);
	CHECK(!strcmp(xm_caps_xsm_default(&c), "dummy"));
	CHECK(xm_cap_has(&c, XM_CAP_HYPFS));
}

static void t_sample_x86_420_debian(void)
{
	struct xm_caps c;
	char s[64];

	CHECK(sample("x86-4.20-debian", &c) == 0);
	scheds(&c, s);
	CHECK(!strcmp(s, "credit credit2"));
	/* The hidden scheduler menu writes no line for ARINC 653. */
	CHECK(c.v[XM_CAP_SCHED_ARINC653] == XM_K_ABSENT);
	CHECK(!strcmp(c.sched_default, "credit2"));
	CHECK(xm_cap_has(&c, XM_CAP_SYSCTL));
	CHECK(!strcmp(xm_caps_xsm_default(&c), "dummy"));
}

static void t_sample_arm64_dom0less(void)
{
	struct xm_caps c;
	char s[64];

	CHECK(sample("arm64-4.17-dom0less", &c) == 0);
	scheds(&c, s);
	CHECK(!strcmp(s, "credit credit2 arinc653 null"));
	CHECK(xm_cap_has(&c, XM_CAP_BOOT_TIME_CPUPOOLS));
	CHECK(xm_cap_has(&c, XM_CAP_XSM) && xm_cap_has(&c, XM_CAP_XSM_FLASK) &&
	      xm_cap_has(&c, XM_CAP_XSM_SILO));
	CHECK(!strcmp(xm_caps_xsm_default(&c), "silo"));
}

static void t_sample_arm64_debian(void)
{
	struct xm_caps c;
	char s[64];

	CHECK(sample("arm64-4.17-debian", &c) == 0);
	scheds(&c, s);
	CHECK(!strcmp(s, "credit credit2"));
	CHECK(c.v[XM_CAP_BOOT_TIME_CPUPOOLS] == XM_K_NO);
	CHECK(!xm_cap_has(&c, XM_CAP_BOOT_TIME_CPUPOOLS));
	CHECK(!strcmp(xm_caps_xsm_default(&c), "silo"));
}

static void t_sample_421_without_sysctl(void)
{
	struct xm_caps c;
	char s[64];

	CHECK(sample("arm64-4.21-nosysctl", &c) == 0);
	scheds(&c, s);
	CHECK(!strcmp(s, "arinc653 null"));
	CHECK(!strcmp(c.sched_default, "arinc653"));
	CHECK(c.v[XM_CAP_SYSCTL] == XM_K_NO);
	CHECK(!xm_cap_has(&c, XM_CAP_SYSCTL));
	CHECK(xm_cap_has(&c, XM_CAP_XSM_FLASK) && !xm_cap_has(&c, XM_CAP_XSM_SILO));
	CHECK(!strcmp(xm_caps_xsm_default(&c), "flask"));
}

static void t_sched_default_bounds(void)
{
	struct xm_caps c;
	const char *t = "CONFIG_SCHED_DEFAULT=\"a-scheduler-name-too-long\"\n";

	xm_caps_parse(t, strlen(t), &c);
	CHECK(c.sched_default[0] == '\0');
	t = "CONFIG_SCHED_DEFAULT=credit\n"; /* unquoted: not a string */
	xm_caps_parse(t, strlen(t), &c);
	CHECK(c.sched_default[0] == '\0');
	t = "CONFIG_SCHED_DEFAULT=\"\n";
	xm_caps_parse(t, strlen(t), &c);
	CHECK(c.sched_default[0] == '\0');
	t = "CONFIG_SCHED_DEFAULT=\"null\"";
	xm_caps_parse(t, strlen(t), &c);
	CHECK(!strcmp(c.sched_default, "null"));
}

const struct xm_test xm_tests[] = {
	XM_TEST(t_option_states),
	XM_TEST(t_exact_names),
	XM_TEST(t_last_line_wins_and_no_newline),
	XM_TEST(t_cap_names),
	XM_TEST(t_sample_x86_417_arinc653),
	XM_TEST(t_sample_x86_420_debian),
	XM_TEST(t_sample_arm64_dom0less),
	XM_TEST(t_sample_arm64_debian),
	XM_TEST(t_sample_421_without_sysctl),
	XM_TEST(t_sched_default_bounds),
	{ 0 },
};
