// SPDX-License-Identifier: MIT
/*
 * The CLI's shared core: the one command table from which `help`, usage
 * lines and dispatch all come, command-name resolution (exact words only,
 * no prefix guessing), the help texts with the exit-code table, and the
 * hypervisor opening with --trace that commands call once their arguments
 * are known good, so usage errors never depend on being on Xen.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "transport.h"
#include "xenmin.h"

/* Sorted by name; a unit test checks order, uniqueness, help, count words. */
const struct xm_cmd xm_cmds[] = {
	{ "console attach", cmd_console_attach, 0, 1, "one domain at a time",
	  "[--follow] [--all] [--history|--new] [--timeout S] [--poll] [-e C] "
	  "[DOMAIN]",
	  "Attach to a domain's console: its PV ring, or its lines in Xen's.",
	  "Ring mode (PV console ring): both ways, raw terminal, detach with\n"
	  "^] (-e); stdin not a terminal: send it, stop at its end. Exit 2 if\n"
	  "xenconsoled serves the console. Follow mode (no ring: dom0less):\n"
	  "the domain's lines in Xen's console ring, read-only.\n"
	  "  -f, --follow     follow mode even if the domain has a ring\n"
	  "  -a, --all        follow every line of Xen's console\n"
	  "  -H, --history    start with what Xen's ring holds (default)\n"
	  "  -n, --new        start with lines written from now on\n"
	  "  -T, --timeout S  stop after S seconds (exit 0)\n"
	  "  --poll           follow mode: bind no virq, read every 200 ms\n"
	  "  -e C             detach character, c or ^C (default ^])\n"
	  "Follow mode sleeps until VIRQ_CON_RING (and VIRQ_DOM_EXC for its\n"
	  "domain's end) where they bind, as dmesg --follow does.\n" },
	{ "cpupool cpu-add", cmd_pool_cpu_add, 2, XM_MANY,
	  "expected an ID and CPUs", "ID CPUS...",
	  "Give free CPUs to a cpupool.",
	  "CPUS: xl CPU lists (2, 1-3, all, ^0). Undone on a failure.\n" },
	{ "cpupool cpu-remove", cmd_pool_cpu_remove, 2, XM_MANY,
	  "expected an ID and CPUs", "ID CPUS...",
	  "Take CPUs out of a cpupool (they become free).",
	  "Refused: CPU 0 of Pool-0; a pool's last CPU while it has domains.\n"
	  "Undone on a failure.\n" },
	{ "cpupool create", cmd_pool_create, 0, 1, "expected at most one ID",
	  "--sched NAME [ID]", "Create a cpupool, without CPUs.",
	  "  -s, --sched NAME  credit, credit2, arinc653, rtds or null\n"
	  "ID: default the next free one. A scheduler Xen lacks is exit 76.\n" },
	{ "cpupool destroy", cmd_pool_destroy, 1, 1, "expected one ID", "ID",
	  "Free a cpupool's CPUs and destroy it (it must have no domains).",
	  "" },
	{ "cpupool list", cmd_pool_list, 0, 0, "unexpected operand", "[--json]",
	  "List cpupools (scheduler, CPUs, domains) and free CPUs.",
	  "  --json  {cpupools: [{id, scheduler, sched_id, cpus, n_domains,\n"
	  "          domains: [{domid, name}]}], free_cpus}\n" },
	{ "cpupool migrate", cmd_pool_migrate, 2, 2,
	  "expected a DOMID and an ID", "DOMID ID",
	  "Move a domain to another cpupool.", "" },
	{ "dmesg", cmd_dmesg, 0, 0, "unexpected operand",
	  "[--clear] [--follow] [--poll] [--json] [--timeout S]",
	  "Print Xen's console ring, as xl dmesg does.",
	  "What Xen's ring holds, oldest first, as Xen wrote it.\n"
	  "  -c, --clear      then clear it, up to the last byte printed\n"
	  "  -f, --follow     go on printing what Xen writes, until a signal\n"
	  "  --poll           do not bind VIRQ_CON_RING\n"
	  "  -T, --timeout S  with --follow: stop after S seconds (exit 0)\n"
	  "  --json           an object per line: line (without its newline),\n"
	  "                   domid (from its DOMn: or (dN) tag, or null)\n"
	  "--follow sleeps until Xen raises VIRQ_CON_RING where no other\n"
	  "program holds it (xenconsoled --log=hv does); else it reads every\n"
	  "200 ms and says so once on stderr. Bytes Xen overwrote before they\n"
	  "were read are reported on stderr.\n" },
	{ "domain destroy", cmd_domain_destroy, 1, XM_MANY, "no domain given",
	  "[--timeout S] DOMAIN...",
	  "Destroy domains, and wait until Xen has freed them.",
	  "Xen kills each domain and frees it once every page it held is\n"
	  "released: xenmin calls again while Xen is still tearing one down,\n"
	  "then waits until it is no longer listed. Nothing is asked of the\n"
	  "guest. Every DOMAIN is checked before the first destroy; domain 0\n"
	  "and the domain xenmin runs in are refused.\n"
	  "  -T, --timeout S  wait at most S seconds (default 10, 0 to 3600);\n"
	  "                   a domain still dying then is exit 6\n" },
	{ "domain list", cmd_domain_list, 0, XM_MANY, NULL,
	  "[--json] [DOMAIN...]",
	  "List domains: id, UUID, state, memory, vCPUs, cpupool, CPU time.",
	  "  --json    one JSON array; keys: domid, uuid, state, running,\n"
	  "            blocked, paused, shutdown, crashed, dying, mem_kib,\n"
	  "            maxmem_kib, vcpus_online, max_vcpu_id, cpupool,\n"
	  "            cpu_time_ns, name\n"
	  "STATE is six letters as `xl list` prints them: r running, b blocked,\n"
	  "p paused, s shut down, the shutdown reason (r reboot, s suspend,\n"
	  "c crash, w watchdog), d dying. MEM and MAXMEM are MiB, TIME is CPU\n"
	  "seconds. NAME is the domain's name in the domains file (--domains),\n"
	  "- if it has none (xenmin reads no xenstore). With DOMAINs, only those\n"
	  "are listed (exit 2 if one is missing).\n" },
	{ "domain pause", cmd_domain_pause, 1, XM_MANY, "no domain given",
	  "DOMAIN...",
	  "Pause domains (Xen counts pauses: pause twice, unpause twice).",
	  "Exit 0 only when Xen paused every domain named. A domain that is\n"
	  "paused N times stays paused until it is unpaused N times.\n" },
	{ "domain shutdown", cmd_domain_shutdown, 1, XM_MANY,
	  "no domain given", "[--reason R] [--timeout S] DOMAIN...",
	  "Hard shutdown: Xen stops domains at once; the guest is not asked.",
	  "The guest is not asked and cannot clean up: Xen stops its vCPUs at\n"
	  "once and marks it shut down with the reason (no xenstore needed);\n"
	  "it keeps its memory until it is destroyed. A toolstack would then\n"
	  "act on the reason as configured (xl: on_poweroff, on_reboot,\n"
	  "on_crash: destroy, restart or preserve); xenmin does no more:\n"
	  "`domain destroy` it, or keep it to inspect.\n"
	  "  -r, --reason R   poweroff (default), reboot, crash or suspend\n"
	  "  -T, --timeout S  wait at most S seconds to see it shut down (10)\n"
	  "Refused: domain 0, the domain xenmin runs in, a dying domain, one\n"
	  "shut down already with another reason (Xen keeps the first).\n" },
	{ "domain unpause", cmd_domain_unpause, 1, XM_MANY, "no domain given",
	  "DOMAIN...",
	  "Undo one pause of each domain (Xen counts pauses).",
	  "Unpausing a domain that no toolstack paused fails (exit 2): there is\n"
	  "no pause left to undo. After the last unpause the domain runs again;\n"
	  "if it had been paused more than once, it says it is still paused.\n" },
	{ "domain wait", cmd_domain_wait, 1, XM_MANY, "no domain given",
	  "DOMAIN... --for COND [--timeout S] [--interval S] [--poll] [--json]",
	  "Wait until every domain named meets COND (boot scripts, checks).",
	  "Exit 0 when all meet COND at one look, 75 if --timeout runs out\n"
	  "first, 7 once one never can.\n"
	  "  --for COND       exists|running|paused|shutdown|crashed|gone\n"
	  "  -T, --timeout S  give up after S seconds (0: look once)\n"
	  "  --interval S     look at least every S seconds (default 1)\n"
	  "  --poll           do not bind VIRQ_DOM_EXC\n"
	  "  -j, --json       the last look: [{domid, name, state, reason, met}]\n"
	  "States (Xen's flags): running: not paused, shut down or dying (r, b\n"
	  "or neither); paused: p, not shut down or dying; shutdown: s, with its\n"
	  "reason (poweroff reboot suspend crash watchdog soft_reset), not dying;\n"
	  "dying: d; gone: not listed. exists: neither dying nor gone; crashed:\n"
	  "reason crash. Never (exit 7): running, paused once shut down for good\n"
	  "(not suspend or soft_reset), dying, or gone after being listed;\n"
	  "shutdown, crashed once dying, or gone after being listed; crashed\n"
	  "also once shut down for good for another reason. A domain not listed\n"
	  "yet is waited for. VIRQ_DOM_EXC (where xenstored does not hold it)\n"
	  "wakes xenmin when a domain shuts down, dies or is freed; the look each\n"
	  "interval sees the rest (creation, pausing). Holding it keeps a\n"
	  "xenstored started later from it. S: up to three decimals.\n" },
	{ "domain watch", cmd_domain_watch, 0, XM_MANY, NULL,
	  "[--json] [--until COND] [--timeout S] [--interval S] [--poll] "
	  "[DOMAIN...]",
	  "Print a line per domain state change, until interrupted.",
	  "Lines: TIME DOMID NAME EVENT STATE REASON LETTERS. TIME is UTC\n"
	  "(2026-12-02T10:00:01.123Z); EVENT present (at the start), appeared,\n"
	  "changed or gone; STATE and REASON (or -) as in `domain wait --help`;\n"
	  "NAME from the domains file, or -; LETTERS as in `domain list` (r and\n"
	  "b alone are no change). With DOMAINs, only those domains.\n"
	  "  --until COND     stop at the first domain that meets COND (exit 0),\n"
	  "                   which the last line names; COND as for wait\n"
	  "  -T, --timeout S  stop after S seconds (exit 75 with --until, else 0)\n"
	  "  --interval S     look at least every S seconds (default 1)\n"
	  "  --poll           do not bind VIRQ_DOM_EXC\n"
	  "  -j, --json       an object per line: time, event, domid, name,\n"
	  "                   state, reason, letters, was (the state before)\n"
	  "Events and looks as for domain wait; without VIRQ_DOM_EXC it says\n"
	  "so once on stderr. A state lasting over an interval is always seen.\n" },
	{ "help", cmd_help, 0, XM_MANY, NULL, "[COMMAND...]",
	  "Show the commands, or one command's help.", "" },
	{ "info", cmd_info, 0, 0, "unexpected argument", "[--json]",
	  "Show xenmin's and Xen's versions, interface versions, cpupools.",
	  "  --json    one JSON object\n" },
	{ "sched-arinc653 check", cmd_sched_check, 1, 1, "expected one FILE",
	  "[--strict] [--json] FILE",
	  "Validate an ARINC 653 schedule file offline (no Xen needed).",
	  "  --strict  warnings fail too (exit 65)\n"
	  "  --json    the messages as JSON on stdout, none on stderr\n"
	  "Every error and warning is reported as FILE:LINE:COL, at most 50.\n"
	  "FILE may be - for stdin. Format: docs/schedule-format.md.\n" },
	{ "sched-arinc653 diff", cmd_sched_diff, 1, 1, "expected one FILE",
	  "[--pool N] [--assign-uuids] [--schedule NAME] FILE",
	  "Compare the live ARINC 653 schedule with FILE (exit 0 same, 1 not).",
	  "  --pool N         compare pool N instead of FILE's cpupool\n"
	  "  --assign-uuids   as with set\n"
	  "  --schedule NAME  FILE's schedule NAME\n"
	  "FILE is resolved against the live domains as set would; the\n"
	  "differences (schedule and UUIDs) are printed on stdout.\n" },
	{ "sched-arinc653 get", cmd_sched_get, 0, 0, "unexpected operand",
	  "[--pool N] [--json]",
	  "Print the live ARINC 653 schedule in the file syntax.",
	  "  --pool N  the cpupool (default: the only one running arinc653)\n"
	  "  --json    {cpupool, scheduler, major_frame_ns, slots: [{uuid,\n"
	  "            vcpu, runtime_ns, domids}]}\n"
	  "Domains are named as in the domains file (--domains), others domN;\n"
	  "`get > f; set f` round-trips.\n" },
	{ "sched-arinc653 monitor", cmd_sched_monitor, 0, 0, "unexpected operand",
	  "[--pool N] [--seconds S] [--json] [--tolerance PCT]",
	  "Measure each domain's CPU share against the live schedule's plan.",
	  "Samples the domain list every 50 ms for S seconds (default 5). Exit 1\n"
	  "if a busy domain got less than its share minus PCT percentage points\n"
	  "(default 5), any domain more than its share plus PCT, or a slot's UUID\n"
	  "matches no domain (its window stays idle). An idle guest uses less\n"
	  "than its budget, so the low side is checked only for busy ones: busy\n"
	  "means Xen showed it blocked (all vCPUs waiting) in no sample; the\n"
	  "domain running xenmin is never busy (it runs when it samples).\n" },
	{ "sched-arinc653 report", cmd_sched_report, 1, 1, "expected one FILE",
	  "[--schedule NAME] [--json] [--svg OUT] FILE",
	  "Per domain: windows, budget, share, shortest window, longest gap.",
	  "Offline, for each of FILE's schedules (or NAME): a table, the frame's\n"
	  "idle time and a text timeline; --json the same figures, --svg OUT\n"
	  "the timeline as a picture. See docs/schedule-format.md.\n" },
	{ "sched-arinc653 set", cmd_sched_set, 1, 1, "expected one FILE",
	  "[--schedule NAME] [--dry-run] [--wait SECONDS] [--force]"
	  " [--assign-uuids] FILE",
	  "Program the ARINC 653 schedule from FILE, verified by read-back.",
	  "  --schedule NAME FILE's schedule NAME (if it has several)\n"
	  "  --dry-run       print the exact payload and UUID changes, write nothing\n"
	  "  --wait SECONDS  first wait for FILE's domains to exist (else exit 75)\n"
	  "  --force         allow a schedule that gives the calling domain no slot\n"
	  "  --assign-uuids  give scheduled domains that share a UUID in the pool\n"
	  "                  a stable UUID derived from the pool and their name\n"
	  "Everything is checked before the first write; a failure undoes the\n"
	  "UUID changes already made. Exit 0 only if the read-back matches;\n"
	  "exit 3 (previous schedule restored) if not; 4 if something could\n"
	  "not be undone (listed); 5 if another writer changed what it wrote\n"
	  "(theirs is kept). Setting the installed schedule again writes\n"
	  "nothing. Takes the writer lock. See docs/schedule-format.md.\n" },
	{ "sched-arinc653 status", cmd_sched_status, 1, 1, "expected one FILE",
	  "FILE",
	  "Say which of FILE's schedules is live (exit 0), or that none is (1).",
	  "Live: slots, times and UUIDs match exactly. When it was installed\n"
	  "cannot be known (Xen records no time, xenmin keeps no state).\n" },
	{ "sched-arinc653 switch", cmd_sched_switch, 2, 2,
	  "expected FILE and a schedule NAME",
	  "[--dry-run] [--wait SECONDS] [--force] [--assign-uuids] FILE NAME",
	  "Install FILE's schedule NAME: set FILE --schedule NAME.",
	  "Takes effect at once, mid frame. With the right UUIDs it makes five\n"
	  "hypercalls: list, get, put, get, list.\n" },
	{ "vcpu list", cmd_vcpu_list, 0, XM_MANY, NULL, "[--json] [DOMID...]",
	  "List vCPUs: pCPU, state, CPU time, hard and soft affinity.",
	  "  --json  keys: domid, name, vcpu, online, running, blocked, cpu,\n"
	  "          cpu_time_ns, hard_affinity, soft_affinity\n"
	  "As `xl vcpu-list`: STATE r running, b blocked, p offline.\n" },
	{ "vcpu pin", cmd_vcpu_pin, 3, 3, "expected DOMID, VCPU and CPUS",
	  "[--soft] DOMID VCPU CPUS",
	  "Set a vCPU's hard (or soft) affinity; VCPU may be all.",
	  "  -s, --soft  the soft affinity\n"
	  "CPUS: an xl CPU list (0-3,^2, all). Undone on a failure.\n" },
};
const size_t xm_ncmds = sizeof(xm_cmds) / sizeof(xm_cmds[0]);

static const char exit_codes[] =
	"Exit codes:\n"
	"   0  success\n"
	"   1  the answer is no (sched-arinc653 diff: the schedules differ;\n"
	"      status: none of FILE's schedules is live)\n"
	"   2  Xen refused the request, or the live system does not fit it\n"
	"      (no such domain or cpupool, not paused, wrong scheduler)\n"
	"   3  Xen accepted a schedule but reading it back shows otherwise\n"
	"   4  left changed: a write could not be undone (listed on stderr)\n"
	"   5  another writer changed what this run wrote (theirs kept)\n"
	"   6  a destroyed domain is still dying after the wait (--timeout)\n"
	"   7  domain wait: a domain can never meet the condition any more\n"
	"  64  usage error\n"
	"  65  bad input data (a schedule file with errors)\n"
	"  66  cannot open or read an input file\n"
	"  69  cannot run here: not on Xen, or xen-privcmd not loaded\n"
	"  70  internal error (a bug in xenmin, or out of memory)\n"
	"  74  cannot write the output\n"
	"  75  timed out waiting (--wait, --timeout of domain wait/watch,\n"
	"      or for the writer lock)\n"
	"  76  unsupported hypervisor interface (unknown interface version,\n"
	"      or the hypercall is compiled out of Xen)\n"
	"  77  permission denied (not root, or not the control domain)\n";

void xm_print_overview(struct xm_stream *f)
{
	xm_fputs("usage: xenmin [--trace] [--domains FILE] COMMAND [ARGS...]\n"
	      "       xenmin COMMAND --help\n\n"
	      "Control the Xen hypervisor directly, without a toolstack.\n\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < xm_ncmds; i++)
		xm_fprintf(f, "  %-22s %s\n", xm_cmds[i].name, xm_cmds[i].summary);
	xm_fputs("\nGlobal options:\n"
	      "  -t, --trace       print every hypercall on stderr\n"
	      "  --domains FILE    names of domains (default " XM_DOMAINS_FILE
	      ",\n"
	      "                    or $XENMIN_DOMAINS): `domain NAME [domid N]"
	      " [uuid U]`\n"
	      "                    lines, as in schedule files; a DOMAIN operand"
	      "\n"
	      "                    is a domid or one of these NAMEs\n"
	      "  -V, --version     print xenmin's version\n\n",
	      f);
	xm_fputs(exit_codes, f);
}

/* Exact match only: no prefixes, no guessing. */
static const struct xm_cmd *find_cmd(const char *name)
{
	for (size_t i = 0; i < xm_ncmds; i++)
		if (strcmp(xm_cmds[i].name, name) == 0)
			return &xm_cmds[i];
	return NULL;
}

/* Commands whose name starts with the word @obj (then a space). */
static int is_object(const char *obj)
{
	size_t l = strlen(obj);

	for (size_t i = 0; i < xm_ncmds; i++)
		if (strncmp(xm_cmds[i].name, obj, l) == 0 &&
		    xm_cmds[i].name[l] == ' ')
			return 1;
	return 0;
}

void xm_print_verbs(struct xm_stream *f, const char *obj)
{
	size_t l = strlen(obj);

	for (size_t i = 0; i < xm_ncmds; i++)
		if (strncmp(xm_cmds[i].name, obj, l) == 0 &&
		    xm_cmds[i].name[l] == ' ')
			xm_print_usage(f, &xm_cmds[i]);
}

/* The command named by the two words @obj and @verb, compared in place. */
static const struct xm_cmd *find_cmd2(const char *obj, const char *verb)
{
	size_t l = strlen(obj);

	for (size_t i = 0; i < xm_ncmds; i++)
		if (strncmp(xm_cmds[i].name, obj, l) == 0 &&
		    xm_cmds[i].name[l] == ' ' &&
		    strcmp(xm_cmds[i].name + l + 1, verb) == 0)
			return &xm_cmds[i];
	return NULL;
}

int xm_resolve(int argc, char **argv, const struct xm_cmd **out,
		   int *obj_only)
{
	*obj_only = 0;
	if (argc >= 2) {
		*out = find_cmd2(argv[0], argv[1]);
		if (*out)
			return 2;
	}
	*out = find_cmd(argv[0]);
	if (*out)
		return 1;
	*obj_only = is_object(argv[0]);
	return 0;
}

int cmd_help(struct xm_cli *c, int argc, char **argv)
{
	struct xm_opt op = XM_OPT_INIT(argc, argv, "", NULL);
	const struct xm_cmd *cmd;
	int obj;

	if (xm_getopt(c, &op) != -1)
		return XM_EXIT_USAGE;
	argc -= op.ind;
	argv += op.ind;
	if (argc == 0) {
		xm_print_overview(xm_out);
		return XM_EXIT_OK;
	}
	if (!xm_resolve(argc, argv, &cmd, &obj)) {
		if (obj) {
			xm_print_verbs(xm_out, argv[0]);
			return XM_EXIT_OK;
		}
		return xm_usage(c, "%s: no such command", argv[0]);
	}
	xm_print_help(xm_out, cmd);
	return XM_EXIT_OK;
}

/* --trace: one line per hypercall, errnos by name (auditors grep for these). */
static void trace_print(void *arg, const struct xm_trace_rec *r)
{
	(void)arg;
	xm_fprintf(xm_errout, "xenmin: trace: %s %s", r->op, r->subop);
	if (r->domid >= 0)
		xm_fprintf(xm_errout, " dom=%ld", r->domid);
	if (r->ifver)
		xm_fprintf(xm_errout, " if=0x%02" PRIx32, r->ifver);
	if (r->result < 0 && xm_errno_name((int)-r->result))
		xm_fprintf(xm_errout, " -> -%s", xm_errno_name((int)-r->result));
	else if (r->result < 0)
		xm_fprintf(xm_errout, " -> -errno %ld", -r->result);
	else
		xm_fprintf(xm_errout, " -> %ld", r->result);
	xm_fprintf(xm_errout, " (%" PRIu64 ".%03" PRIu64 " us)\n", r->ns / 1000,
		r->ns % 1000);
}

int xm_cli_open_xen(struct xm_cli *c)
{
	int r = xm_domains_load(c);

	if (r)
		return r;
	r = xm_transport_open(&c->t);
	if (r)
		return xm_fail(c, NULL, XM_W_OPEN, r);
	if (c->trace) {
		c->xen.trace = trace_print;
		c->xen.trace_arg = c;
	}
	r = xm_xen_open(&c->xen, c->t);
	if (r == -EPROTONOSUPPORT) {
		xm_err(c, NULL,
		       "Xen %u.%u%s is not supported: it refused every domctl "
		       "interface version from 0x%02x to 0x%02x",
		       c->xen.major, c->xen.minor, c->xen.extra,
		       c->xen.tried_lo, c->xen.tried_hi);
		return XM_EXIT_INTERFACE;
	}
	if (r)
		return xm_fail(c, "asking Xen its version", XM_W_VERSION, r);
	return 0;
}

