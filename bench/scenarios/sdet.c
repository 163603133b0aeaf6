/*
 * sdet: SPEC SDET's shape on T CPUs at once, the benchmark Martin Bligh
 * ran on 16-way machines through the 2.5 rmap debates (i_shared_sem,
 * pte_chain, objrmap), beside kernbench. Each
 * CPU runs scripts of shell commands: its shell forks, the child execs a
 * small binary (cat, wc or expr) mapping libc and its own text and data,
 * faults them in, writes its bss and stack; cat and wc also map a shared
 * data file and read it; the child exits. Every CPU's processes are its
 * own, but libc, the binaries and the data file are everyone's, so the
 * CPUs meet on the files' i_mmap locks, the page cache, the pages' rmap
 * (pte_chain's bit lock on libc's pages), the allocator and the LRU.
 * Throughput is scripts per second. Under rmapsim run --check each script
 * is one round of the model's CPUs, so the check looks between scripts.
 */
#include <stdlib.h>

#include "bench/scenarios/exec.h"
#include "bench/scenarios/jobs.h"
#include "common/phase.h"

enum { P_CPUS, P_KSWAPD, P_SCRIPTS, P_CMDS, P_SH, P_LIBC, P_BIN, P_DATA,
       P_ANON, P_FILE };

static const struct scenario_param params[] = {
	[P_CPUS] = { "cpus", 2, 1, SMP_MAX_CPUS - 1,
			"CPUs, each a thread of the model running scripts" },
	[P_KSWAPD] = { "kswapd", 0, 0, 2,
		       "1: one CPU more ages the shared files' pages with "
		       "page_referenced while the others run scripts; 2: "
		       "kswapd reclaims: ages and frees the shared files' "
		       "unreferenced page cache pages" },
	[P_SCRIPTS] = { "scripts", 4, 1, 100000,
			"scripts each CPU runs an iteration" },
	[P_CMDS] = { "cmds", 8, 1, 1000, "commands of a script" },
	EXEC_IMAGE_PARAMS(P_SH),
	[P_FILE] = { "file_pages", 16, 1, 1L << 16,
		     "pages of the data file cat and wc map and read" },
};

struct sdet {
	struct jobs jobs;	/* a job is a script, a step a command */
	struct exec_images images;
	struct address_space *data;
	struct scenario_ctx *ctx;
};

static unsigned long sdet_pages(const struct scenario_ctx *ctx)
{
	const long *p = ctx->p;
	unsigned long image = p[P_SH] + p[P_LIBC] + 2 * p[P_DATA] +
			      p[P_ANON] + p[P_FILE] + 16;

	/* each CPU's shell, its child and the fork between; the files */
	unsigned long need = 5 * p[P_DATA] + p[P_SH] + p[P_LIBC] +
			     3 * p[P_BIN] + p[P_FILE] +
			     3 * p[P_CPUS] * 2 * image + 4096;

	return jobs_pages(need);
}

/* One command: fork, exec, run (cat and wc read the data file), exit. */
static int command(void *arg, unsigned cpu)
{
	struct sdet *sd = arg;
	int img = IMG_CAT + prng_below(jobs_rng(&sd->jobs, cpu), 3);
	struct mm_struct *child;
	int ret = 0;

	child = exec_spawn(&sd->images, sd->ctx->procs.mm[cpu], IMG_SH, img);
	if (!child)
		return -1;
	if (img != IMG_EXPR)
		ret = exec_map_read(child, sd->data, sd->ctx->p[P_FILE]);
	mmput(child);
	return ret;
}

/* One pass of page_referenced over a file's cached pages. */
static void age_file(struct address_space *file)
{
	struct page *page;
	unsigned long pgoff;

	for (pgoff = 0; pgoff < file->size; pgoff++) {
		page = find_get_page(file, pgoff);
		if (!page)
			continue;
		page_referenced(page);
		put_page(page);
	}
}

/*
 * kswapd's aging under load: passes over every shared file's pages, each
 * page held by a reference as reclaim holds what it isolates, until the
 * script CPUs are done.
 */
static void kswapd(void *arg)
{
	phase_guard(PHASE_RECLAIM);
	struct sdet *sd = arg;
	int i;

	while (jobs_running(&sd->jobs)) {
		for (i = 0; i < sd->images.nr; i++)
			age_file(sd->images.file[i]);
		age_file(sd->data);
	}
}

/*
 * kswapd reclaiming under load (kswapd=2): batches of the LRU's cold ends,
 * isolated, aged and freed by the 2.6 protocol, while the script CPUs
 * fault the pages back (common/vmscan.c, kswapd_shrink_files).
 */
static void kswapd_reclaim(void *arg)
{
	phase_guard(PHASE_RECLAIM);
	struct sdet *sd = arg;

	while (jobs_running(&sd->jobs))
		kswapd_shrink_files();
}

static int sdet_setup(struct scenario_ctx *ctx)
{
	struct mm_struct *mm;
	struct sdet *sd;
	long t;

	if (ctx->p[P_KSWAPD] && model_switch(SW_LRU) == LRU_24)
		return scenario_fail(ctx, "kswapd=1 and 2 age by rmap walks: "
				     "2.4 (lru=2.4) ages by swap_out's clock, "
				     "which the model runs on one CPU only");
	sd = calloc(1, sizeof(*sd));
	if (!sd)
		return scenario_fail(ctx, "out of host memory");
	ctx->priv = sd;
	sd->ctx = ctx;
	sd->images = exec_images_of(&ctx->p[P_SH]);
	sd->data = scenario_file(ctx, "data", ctx->p[P_FILE], false);
	if (!sd->data || exec_open(&sd->images))
		return scenario_fail(ctx, "out of memory: lower the page "
				     "counts");
	for (t = 0; t < ctx->p[P_CPUS]; t++) {
		mm = scenario_exec(ctx);
		if (!mm || exec_load(&sd->images, mm, IMG_SH))
			return scenario_fail(ctx, "out of memory starting "
					     "the shells: lower cpus");
	}
	sd->jobs = (struct jobs){ .ctx = ctx, .cpus = ctx->p[P_CPUS],
		.helpers = !!ctx->p[P_KSWAPD], .jobs = ctx->p[P_SCRIPTS],
		.steps = ctx->p[P_CMDS], .step = command,
		.helper = ctx->p[P_KSWAPD] == 2 ? kswapd_reclaim : kswapd,
		.arg = sd, .oom = "out of memory in a script: lower cpus or "
				  "raise --pages" };
	return jobs_start(&sd->jobs);
}

static int sdet_run(struct scenario_ctx *ctx)
{
	struct sdet *sd = ctx->priv;

	return jobs_run(&sd->jobs);
}

static void sdet_teardown(struct scenario_ctx *ctx)
{
	struct sdet *sd = ctx->priv;

	if (sd) {
		jobs_stop(&sd->jobs);
		exec_close(&sd->images);
	}
	scenario_teardown(ctx);
	free(sd);
	ctx->priv = NULL;
}

static void sdet_publish(const struct scenario_ctx *ctx,
			 struct scenario_counters *out)
{
	jobs_publish(ctx, out, "scripts_per_s", ctx->p[P_CPUS],
		     !!ctx->p[P_KSWAPD], ctx->p[P_SCRIPTS]);
}

/*
 * 1 CPU to twice the host's; quick: 1 and the host's CPUs. Then the same
 * with kswapd aging the shared files on a CPU more, and with it freeing
 * their unreferenced pages too: to the host's CPUs only, where kswapd's
 * thread already makes one more than the host has.
 */
static const struct scenario_curve curves[] = {
	{ "cpus", "1 2 4 8 16 32 cpus 2cpus", "1 cpus",
	  "scripts=16", "scripts=2" },
	{ "cpus", "1 2 4 8 16 32 cpus", "1 cpus",
	  "scripts=16 kswapd=1", "scripts=2 kswapd=1" },
	{ "cpus", "1 2 4 8 16 32 cpus", "1 cpus",
	  "scripts=16 kswapd=2", "scripts=2 kswapd=2" },
};

static const struct scenario_figure figures[] = {
	{ .name = "sdet", .x = "cpus",
	  .title = "sdet: scripts of fork, exec, fault, map and exit on T "
		   "CPUs sharing libc, binaries and a data file",
	  .xlabel = "CPUs (threads of the model)",
	  .xscale = SCALE_LINEAR, .pin = "kswapd:0",
	  .left = { "scripts_per_s", "throughput (scripts per second)",
		    SCALE_LINEAR },
	  .right = { "wait_all", "share of CPU time waiting for locks",
		     SCALE_LINEAR } },
	{ .name = "sdet_kswapd", .x = "cpus",
	  .title = "sdet under reclaim's aging: the same, while kswapd on a "
		   "CPU more ages the shared files' pages with "
		   "page_referenced",
	  .xlabel = "CPUs running scripts (kswapd's not counted)",
	  .xscale = SCALE_LINEAR, .pin = "kswapd:1",
	  .left = { "scripts_per_s", "throughput (scripts per second)",
		    SCALE_LINEAR },
	  .right = { "walks", "page_referenced walks per iteration",
		     SCALE_LINEAR } },
	{ .name = "sdet_reclaim", .x = "cpus",
	  .title = "sdet under reclaim: the same, while kswapd on a CPU more "
		   "ages and frees the shared files' page cache pages",
	  .xlabel = "CPUs running scripts (kswapd's not counted)",
	  .xscale = SCALE_LINEAR, .pin = "kswapd:2",
	  .left = { "scripts_per_s", "throughput (scripts per second)",
		    SCALE_LINEAR },
	  .right = { "reclaimed", "page cache pages freed per iteration",
		     SCALE_LINEAR } },
};

const struct scenario sdet_scenario = {
	.name = "sdet",
	.desc = "SPEC SDET's shape on T CPUs: each runs scripts of shell "
		"commands (fork, exec of cat, wc or expr mapping libc, "
		"faults, a shared data file mapped and read, exit).",
	.question = "How did each generation's rmap locks scale with CPUs "
		    "on a fork and exec load: i_shared_sem against a "
		    "spinlock, pte_chain's per-page bit lock on libc's pages, "
		    "the anon_vma locks, the page cache's lock?",
	.baseline = "pte_chain",
	.extra = "forks faults",
	/* tree_lock's readers against its spinlock, a5ce5ed894's question */
	.ablations = "anon_vma+pagecache=2.5.68 anon_vma+ptlock=2.4",
	.phases = true,
	.lock_holds = true,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.publish = sdet_publish,
	.mem_pages = sdet_pages,
	.setup = sdet_setup,
	.run = sdet_run,
	.teardown = sdet_teardown,
};
