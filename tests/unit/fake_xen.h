// SPDX-License-Identifier: MIT
/*
 * A simulated hypervisor behind the transport interface, for unit tests and
 * the uninstalled xenmin-fake binary: domains with handles, flags and pause
 * counts, cpupools with schedulers, ARINC 653 schedules checked by Xen's
 * rules, interface-version checks (EACCES), and error injection. It decodes
 * the same public structs the real Xen does, so the code under test runs
 * unchanged. Never linked into xenmin itself.
 */
#ifndef FAKE_XEN_H
#define FAKE_XEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "xenops.h"

/* More than two of xenops' 256-record list buffers, to test paging. */
#define FX_MAX_DOMS 600
#define FX_MAX_POOLS 8
#define FX_MAX_FAILS 8
#define FX_LOG 256
#define FX_CONRING_MAX 16384u
#define FX_CON_LINES 64
/* xenmin-fake's exit status when its state file is unusable (no xenmin
 * exit code is 99, so a test expecting any of them fails). */
#define FX_EXIT_STATE 99

#define FX_MAX_VCPUS 8

/*
 * One vCPU. Affinities are kept as the CPUs left out, so that a vCPU
 * nobody set has every CPU in both, as Xen gives a new vCPU.
 */
struct fx_vcpu {
	uint64_t hard_out, soft_out;
	uint64_t time;
	uint32_t cpu;  /* where it ran last; fx_vcpu_cpu keeps it in its pool */
	uint8_t offline, running, blocked;
};

struct fx_dom {
	uint16_t domid;
	uint8_t handle[16];
	uint32_t flags; /* XM_DOM_* except paused and shutdown */
	int shutdown;   /* 0: not shut down; else 1 + Xen's SHUTDOWN_* reason */
	uint32_t pool;
	uint32_t vcpus;
	uint64_t pages, maxpages, cpu_time;
	unsigned pause;
	int latched;    /* reason the guest latched (SCHEDOP_shutdown_code), as
			 * shutdown: Xen shuts it down with this one instead */
	int defer;      /* a vCPU defers shutdown: never shows shut down */
	int destroyed;  /* destroydomain done: dying, then gone */
	unsigned linger; /* list calls a destroyed domain is still seen dying */
	/* PV console: none (0), in HVM params (1), x86 PV via grant 0 (2). */
	int con_kind;
	uint64_t con_frame;
	uint32_t con_port;
	int con_bound;             /* port bound by a backend already */
	uint8_t *ring;             /* the console page, made on first map */
	size_t echo_len;           /* the fake guest's input line so far */
	char echo[64];
	struct fx_vcpu vcpu[FX_MAX_VCPUS]; /* the first vcpus of them */
};

struct fx_pool {
	uint32_t id;
	uint32_t sched;
	uint64_t cpus;
	struct xm_a653 a653;
};

/* Fail the nth (1-based; 0 = every) call of (hypercall, cmd) with -err.
 * cmd FX_CPUPOOL_CMD(sub-op) names one sub-op of sysctl cpupool_op. */
#define FX_CPUPOOL_CMD(op) (0x100u + (op))
struct fx_fail {
	unsigned op;   /* XM_HC_* */
	uint32_t cmd;  /* sysctl/domctl cmd, or XM_XENVER_* */
	int err;
	unsigned nth, seen;
};

/*
 * hypfs (fx_hypfs_op in fake_xen.c): "hypfs absent" fails every call with
 * ENOSYS, "hypfs denied" with EPERM; /buildinfo/config serves @gz (a gzip
 * file, as Xen stores it) and is missing while @gz is NULL;
 * /buildinfo/version/extra is the plain string node of the extraversion.
 */
struct fx_hypfs {
	int err;
	uint8_t *gz;
	size_t gzlen;
	char path[256]; /* the file @gz came from ("hypfs_config PATH") */
};

/*
 * A scripted change (state file "step"): the state line @line is applied
 * before the @n-th getdomaininfolist call of a run (FX_STEP_LIST), or when
 * xenmin takes the next VIRQ_DOM_EXC event (FX_STEP_EVENT; while one is
 * pending, a VIRQ_DOM_EXC binding is readable, as if Xen had raised it).
 */
enum { FX_STEP_LIST = 1, FX_STEP_EVENT };
#define FX_MAX_STEPS 16

struct fx_step {
	int kind;
	unsigned n;
	unsigned srcline;  /* in the state file, for messages */
	int done;
	char line[200];
};

struct fx_call {
	unsigned op;
	uint32_t cmd;
	uint16_t domid;
	long result;
};

struct fake_xen {
	unsigned major, minor;
	char extra[16];
	uint32_t domctl_if, sysctl_if;
	int sysctl_absent;         /* every sysctl: ENOSYS */
	int open_err;              /* xm_transport_open fails with -open_err */
	uint16_t self;             /* the calling domain */
	int a653_corrupt;          /* put stores runtime+1 for entry 0 */
	int handle_stuck;          /* setdomainhandle says yes, changes nothing */
	/* The host's CPUs and cpupools (fx_cpupool_op, Xen's rules). */
	uint32_t ncpus;            /* physinfo: CPUs 0 to ncpus - 1 */
	uint32_t scheds;           /* built in: bit XM_SCHED_* of each */
	uint32_t moving_cpu;       /* an rmcpu Xen gave up half way: that CPU
				    * (0: none; CPU 0 never leaves pool 0) */
	uint32_t moving_pool;      /* and the pool it was leaving */
	uint32_t rmcpu_again;      /* this many rmcpu calls end in EAGAIN */
	/* Another program of the caller's domain holds the virq (EEXIST):
	 * xenstored holds VIRQ_DOM_EXC, xenconsoled --log=hv VIRQ_CON_RING. */
	int dom_exc_held, con_ring_held;
	int evtchn_err;            /* every event channel bind fails so */
	struct fx_step step[FX_MAX_STEPS];
	size_t nstep;
	unsigned nlists;           /* getdomaininfolist calls in this run */
	struct fx_dom dom[FX_MAX_DOMS];
	size_t ndom;
	struct fx_pool pool[FX_MAX_POOLS];
	size_t npool;
	struct fx_fail fail[FX_MAX_FAILS];
	size_t nfail;
	struct fx_hypfs hypfs;
	struct fx_call log[FX_LOG];
	size_t ncalls;
	size_t live_bufs;          /* allocated buffers not yet freed */
	/* Xen's console ring: free-running producer and oldest byte. */
	uint32_t conring_size;     /* power of two <= FX_CONRING_MAX */
	uint32_t conp, conc;
	uint32_t con_cleared;      /* where the last clear left conc (a
				    * saved state keeps it for the next run) */
	char conring[FX_CONRING_MAX];
	/* State-file lines: "conline" (in the ring at load), "conlater"
	 * (one appended before each readconsole call of a run). */
	char con_text[FX_CON_LINES][200];
	int con_later[FX_CON_LINES];
	size_t ncon, con_next;
};

extern struct fake_xen fx;

/*
 * The default system, the only definition of it (unit tests start from it,
 * and so does xenmin-fake, under its state file): 4.17.5; pool 0 arinc653
 * (cpu 0) with dom0 (zero UUID); pool 1 credit2 (cpu 1) with domUs 1 and 2
 * (UUIDs ...d1, ...d2).
 */
void fx_reset(void);
struct fx_dom *fx_dom(uint16_t domid);
struct fx_pool *fx_pool(uint32_t id);
/* The CPU vCPU @v of @d runs on: its last one, if its pool and hard
 * affinity still allow it. */
uint32_t fx_vcpu_cpu(const struct fx_dom *d, unsigned v);
/* CPUs in no cpupool. */
uint64_t fx_free_cpus(void);
void fx_add_fail(unsigned op, uint32_t cmd, int err, unsigned nth);
/* Count logged calls of (op, cmd); cmd UINT32_MAX counts every cmd. */
size_t fx_count(unsigned op, uint32_t cmd);

/*
 * The state file (fake_state.c; syntax in tests/unit/README.md). Loading
 * applies the lines of @f (called @name in messages) to fx as it is, then
 * rebuilds Xen's console ring from the conline lines. 0, or -EINVAL with
 * "name:line: why" in @err (the first bad line; nothing after it applied).
 */
int fx_load_stream(FILE *f, const char *name, char *err, size_t errlen);
/* fx_reset(), then the file at @path. 0, -EINVAL as above, or -errno. */
int fx_load(const char *path, char *err, size_t errlen);
/* Write all of fx as state lines that load back to the same system. */
void fx_save_stream(FILE *f);
int fx_save(const char *path);

/*
 * Apply the steps due: FX_STEP_LIST ones up to the current list call, or
 * the first pending FX_STEP_EVENT one (fake_state.c). A step that no
 * longer fits the system stops xenmin-fake loudly (FX_EXIT_STATE).
 */
void fx_steps_run(int kind);
/* Is an FX_STEP_EVENT step still pending? */
int fx_step_event_pending(void);

/* The fake guest writes @s to its PV console ring's output. */
void fx_ring_out(struct fx_dom *d, const char *s);

/* Append @n bytes to Xen's console ring, as printk does. */
void fx_con_write(const char *s, size_t n);

/* Serve the gzip file @path as /buildinfo/config. 0/-errno */
int fx_hypfs_config(const char *path);

/* A transport over fx, without going through xm_transport_open. */
struct xm_transport *fx_transport(void);

#endif
