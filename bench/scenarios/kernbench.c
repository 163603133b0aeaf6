/*
 * kernbench: `make -j` building a kernel on T CPUs at once, Martin Bligh's
 * kernbench on the 16-way machines of the 2.5 and 2.6 rmap debates,
 * beside SDET (sdet.c). Each CPU's make runs jobs, one compile each:
 * make vforks a shell (GNU make's job.c, start_job_command), the shell
 * forks the gcc driver (it runs more commands after gcc: kbuild's
 * rule_cc_o_c, sagsango/linux-2.6.20 scripts/Makefile.build, runs
 * fixdep, rm and mv, which the model leaves out), the driver vforks cc1
 * (libiberty's pex-unix.c, pex_unix_exec_child) which maps and writes a
 * large private heap and reads the source file and the header files,
 * then vforks as; all exit. Every CPU's processes are its own, but
 * libc, the toolchain's binaries, the headers (the same for every job)
 * and the sources are everyone's, so the CPUs meet on the files' i_mmap
 * locks and page cache, the rmap of libc's and cc1's pages, the
 * allocator and the LRU, as in SDET; cc1's heap makes each job's anonymous
 * memory, and its exit, far larger than a shell command's.
 *
 * cc1 reads its files through private read-only mappings, as sdet's cat
 * does, so every job also takes each header's i_mmap lock; a cc1 that
 * read() them meets only on the page cache. The sizes' defaults are small
 * and illustrative, measured from no real compile: larger ones are the
 * parameters.
 *
 * Throughput is jobs per second. Under rmapsim run --check each job is
 * one round of the model's CPUs, so the check looks between jobs.
 */
#include <stdlib.h>

#include "bench/scenarios/exec.h"
#include "bench/scenarios/jobs.h"

/* the kernel tree's source files, read one a job, chosen at random */
#define NR_SOURCES	64

enum { P_CPUS, P_JOBS, P_SH, P_LIBC, P_BIN, P_DATA, P_ANON, P_CC1, P_HEAP,
       P_HEADERS, P_HEADER, P_SOURCE };

static const struct scenario_param params[] = {
	[P_CPUS] = { "cpus", 2, 1, SMP_MAX_CPUS - 1,
		     "CPUs, each a thread of the model running make's jobs" },
	[P_JOBS] = { "jobs", 4, 1, 100000,
		     "compiles each CPU runs an iteration" },
	EXEC_IMAGE_PARAMS_BIN(P_SH, "text pages of make, gcc and as"),
	[P_CC1] = { "cc1_pages", 64, 1, 1L << 16, "cc1's text pages" },
	[P_HEAP] = { "heap_pages", 64, 1, 1L << 16,
		     "cc1's private heap, written" },
	[P_HEADERS] = { "headers", 8, 1, 1000,
			"header files every compile reads" },
	[P_HEADER] = { "header_pages", 4, 1, 1L << 12,
		       "pages of each header file" },
	[P_SOURCE] = { "source_pages", 8, 1, 1L << 12,
		       "pages of each source file" },
};

struct kernbench {
	struct jobs jobs;	/* a job, and its one step, is a compile */
	struct exec_images images;
	struct address_space **header, *source[NR_SOURCES];
	struct scenario_ctx *ctx;
};

static unsigned long kernbench_pages(const struct scenario_ctx *ctx)
{
	const long *p = ctx->p;
	unsigned long text = max(p[P_SH], p[P_CC1]);
	unsigned long image = text + p[P_LIBC] + 2 * p[P_DATA] + p[P_ANON] +
			      p[P_HEAP] + 16;
	unsigned long files = p[P_LIBC] + p[P_SH] + p[P_CC1] +
			      3 * p[P_BIN] + NR_EXEC_IMAGES * p[P_DATA] +
			      p[P_HEADERS] * p[P_HEADER] +
			      NR_SOURCES * p[P_SOURCE];

	/* each CPU's make, shell, gcc, cc1 or as, and the fork between */
	return jobs_pages(files + 5 * p[P_CPUS] * image + 4096);
}

/* cc1: its heap written, the source file and every header read */
static int cc1(struct kernbench *kb, struct mm_struct *gcc, unsigned cpu)
{
	const long *p = kb->ctx->p;
	struct mm_struct *mm = exec_vspawn(&kb->images, gcc, IMG_CC1);
	unsigned long len = p[P_HEAP] * PAGE_SIZE, heap;
	int src = prng_below(jobs_rng(&kb->jobs, cpu), NR_SOURCES);
	int ret = -1;
	long h;

	if (!mm)
		return -1;
	heap = do_mmap(mm, 0, len, RM_PROT_READ | RM_PROT_WRITE,
		       RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	if (IS_ERR_VALUE(heap) || touch_range(mm, heap, len, true) ||
	    exec_map_read(mm, kb->source[src], p[P_SOURCE]))
		goto out;
	for (h = 0; h < p[P_HEADERS]; h++)
		if (exec_map_read(mm, kb->header[h], p[P_HEADER]))
			goto out;
	ret = 0;
out:
	mmput(mm);
	return ret;
}

/* The gcc driver: cc1, then as. */
static int gcc_driver(struct kernbench *kb, struct mm_struct *gcc,
		      unsigned cpu)
{
	struct mm_struct *as;

	if (cc1(kb, gcc, cpu))
		return -1;
	as = exec_vspawn(&kb->images, gcc, IMG_AS);
	if (!as)
		return -1;
	mmput(as);
	return 0;
}

/* One compile: make's shell, the shell's gcc; all exit. */
static int compile(void *arg, unsigned cpu)
{
	struct kernbench *kb = arg;
	struct mm_struct *sh, *gcc;
	int ret = -1;

	sh = exec_vspawn(&kb->images, kb->ctx->procs.mm[cpu], IMG_SH);
	if (!sh)
		return -1;
	gcc = exec_spawn(&kb->images, sh, IMG_SH, IMG_GCC);
	if (gcc) {
		ret = gcc_driver(kb, gcc, cpu);
		mmput(gcc);
	}
	mmput(sh);
	return ret;
}

/* The headers and the sources, as the default teardown cannot hold them */
static int open_tree(struct kernbench *kb)
{
	const long *p = kb->ctx->p;
	long i;

	kb->header = calloc(p[P_HEADERS], sizeof(*kb->header));
	if (!kb->header)
		return -1;
	for (i = 0; i < p[P_HEADERS]; i++) {
		kb->header[i] = file_create("header.h", p[P_HEADER], false);
		if (!kb->header[i])
			return -1;
	}
	for (i = 0; i < NR_SOURCES; i++) {
		kb->source[i] = file_create("source.c", p[P_SOURCE], false);
		if (!kb->source[i])
			return -1;
	}
	return 0;
}

static void close_tree(struct kernbench *kb)
{
	long i;

	for (i = 0; kb->header && i < kb->ctx->p[P_HEADERS]; i++)
		if (kb->header[i])
			file_put(kb->header[i]);
	for (i = 0; i < NR_SOURCES; i++)
		if (kb->source[i])
			file_put(kb->source[i]);
	free(kb->header);
}

static int kernbench_setup(struct scenario_ctx *ctx)
{
	struct kernbench *kb = calloc(1, sizeof(*kb));
	struct mm_struct *mm;
	long t;

	if (!kb)
		return scenario_fail(ctx, "out of host memory");
	ctx->priv = kb;
	kb->ctx = ctx;
	kb->images = exec_images_of(&ctx->p[P_SH]);
	kb->images.cc1_pages = ctx->p[P_CC1];
	kb->images.nr = NR_EXEC_IMAGES;
	if (exec_open(&kb->images) || open_tree(kb))
		return scenario_fail(ctx, "out of memory: lower the page "
				     "counts");
	for (t = 0; t < ctx->p[P_CPUS]; t++) {
		mm = scenario_exec(ctx);
		if (!mm || exec_load(&kb->images, mm, IMG_MAKE))
			return scenario_fail(ctx, "out of memory starting "
					     "make: lower cpus");
	}
	kb->jobs = (struct jobs){ .ctx = ctx, .cpus = ctx->p[P_CPUS],
		.jobs = ctx->p[P_JOBS], .steps = 1, .step = compile,
		.arg = kb, .oom = "out of memory in a compile: lower cpus or "
				  "raise --pages" };
	return jobs_start(&kb->jobs);
}

static int kernbench_run(struct scenario_ctx *ctx)
{
	struct kernbench *kb = ctx->priv;

	return jobs_run(&kb->jobs);
}

static void kernbench_teardown(struct scenario_ctx *ctx)
{
	struct kernbench *kb = ctx->priv;

	if (kb)
		jobs_stop(&kb->jobs);
	scenario_teardown(ctx);
	if (kb) {
		close_tree(kb);
		exec_close(&kb->images);
	}
	free(kb);
	ctx->priv = NULL;
}

static void kernbench_publish(const struct scenario_ctx *ctx,
			      struct scenario_counters *out)
{
	jobs_publish(ctx, out, "jobs_per_s", ctx->p[P_CPUS], 0,
		     ctx->p[P_JOBS]);
}

/* 1 CPU to twice the host's; quick: 1 and the host's CPUs */
static const struct scenario_curve curves[] = {
	{ "cpus", "1 2 4 8 16 32 cpus 2cpus", "1 cpus", "jobs=4", "jobs=1" },
};

static const struct scenario_figure figures[] = {
	{ .name = "kernbench", .x = "cpus",
	  .title = "kernbench: make -j's compiles (shell, gcc, cc1 with its "
		   "heap, as) on T CPUs sharing libc, the toolchain and the "
		   "headers",
	  .xlabel = "CPUs (threads of the model)",
	  .xscale = SCALE_LINEAR,
	  .left = { "jobs_per_s", "throughput (compiles per second)",
		    SCALE_LINEAR },
	  .right = { "wait_all", "share of CPU time waiting for locks",
		     SCALE_LINEAR } },
};

const struct scenario kernbench_scenario = {
	.name = "kernbench",
	.desc = "Martin Bligh's kernbench on T CPUs: make -j's compiles "
		"(make vforks a shell, it forks gcc, gcc vforks cc1, which "
		"writes a large heap and maps the shared headers, and as).",
	.question = "How did each generation's rmap locks scale with CPUs "
		    "on a kernel compile: i_shared_sem on the shared headers "
		    "and libc, pte_chain's bit lock on libc's pages, the "
		    "anon_vma locks of cc1's heap?",
	.baseline = "pte_chain",
	.extra = "forks faults",
	.lock_holds = true,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.publish = kernbench_publish,
	.mem_pages = kernbench_pages,
	.setup = kernbench_setup,
	.run = kernbench_run,
	.teardown = kernbench_teardown,
};
