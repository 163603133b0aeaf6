/*
 * fork_chain: a process forks, the parent exits, the child writes part of
 * its memory and forks again, G generations deep: a constantly forking
 * server as Daniel Forrest reported it (7a3ef208e662). Each fork
 * clones the vma's anon_vma chain and adds a level, and the levels outlive
 * the processes that made them, so under anon_vma_chain (2.6.34-3.18) the
 * anon_vmas and avcs the last process holds grow with G; fork reusing an
 * idle anon_vma instead (3.19's degree, 6.0's num_children and
 * num_active_vmas) keeps them within about 2 per vma. The run is the whole
 * chain, then memory pressure's aging pass over the live end's pages, the
 * ones that stayed mapped across the generations: rmap_objects_peak and
 * rmap_bytes_peak tell the growth, nodes_per_walk and candidates what a
 * walk of those pages pays for it.
 *
 * A long-lived first process (set up, never exiting) is the chain's origin,
 * so every run forks the same chain from the same state; the chain's last
 * process lives until the next run starts, or the teardown.
 */
#include "bench/scenarios/scenario.h"

enum { P_GENERATIONS, P_PAGES, P_WRITE_PCT };

static const struct scenario_param params[] = {
	[P_GENERATIONS] = { "generations", 16, 1, 10000,
			    "fork generations, each parent exiting" },
	[P_PAGES] = { "pages", 16, 1, 1L << 20,
		      "anonymous pages the process holds" },
	[P_WRITE_PCT] = { "write_pct", 50, 0, 100,
			  "percent of them each generation writes" },
};

/* The chain's live end, left by the last run: the next run puts it. */
static struct mm_struct *last;
static unsigned long addr;

static unsigned long fork_chain_pages(const struct scenario_ctx *ctx)
{
	return 3 * ctx->p[P_PAGES] + 4096;
}

static int fork_chain_setup(struct scenario_ctx *ctx)
{
	unsigned long len = ctx->p[P_PAGES] * PAGE_SIZE;
	struct mm_struct *origin = scenario_exec(ctx);

	if (!origin)
		return -1;
	addr = do_mmap(origin, 0, len, RM_PROT_READ | RM_PROT_WRITE,
		       RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	return touch_range(origin, addr, len, true) ? -1 : 0;
}

static int write_some(struct scenario_ctx *ctx, struct prng *rng,
		      struct mm_struct *mm)
{
	long i;

	for (i = 0; i < ctx->p[P_PAGES]; i++)
		if (prng_pct(rng, ctx->p[P_WRITE_PCT]) &&
		    handle_mm_fault(mm, addr + i * PAGE_SIZE, true))
			return -1;
	return 0;
}

/* Page k of the chain's live end. */
static struct page *live_page(void *arg, unsigned long k)
{
	pte_t *ptep = pte_offset(last, addr + k * PAGE_SIZE);
	pte_t pte = ptep ? ptep_get(ptep) : 0;

	(void)arg;
	return pte_present(pte) ? pte_page(pte) : NULL;
}

static int fork_chain_run(struct scenario_ctx *ctx)
{
	struct mm_struct *mm, *child;
	struct prng rng;
	long g;

	/* every run writes the same pages: a pure function of the seed */
	prng_seed(&rng, ctx->seed);
	if (last)
		mmput(last);
	last = mm = dup_mm(ctx->procs.mm[0]);
	if (!mm)
		return scenario_fail(ctx, "out of memory");
	for (g = 0; g < ctx->p[P_GENERATIONS]; g++) {
		if (scenario_over_budget())
			return scenario_fail(ctx, NULL);
		if (write_some(ctx, &rng, mm))
			return scenario_fail(ctx, "out of memory");
		child = dup_mm(mm);
		if (!child)
			return scenario_fail(ctx, "out of memory");
		mmput(mm);
		last = mm = child;
	}
	return scenario_age(ctx, live_page, NULL, ctx->p[P_PAGES]);
}

static void fork_chain_teardown(struct scenario_ctx *ctx)
{
	if (last)
		mmput(last);
	last = NULL;
	scenario_teardown(ctx);
}

static const struct scenario_curve curves[] = {
	{ "generations", "1 4 16 64 256 1024", "1 4 16", "", "" },
};

static const struct scenario_figure figures[] = {
	{ .name = "fork_chain", .x = "generations",
	  .title = "fork_chain: fork, the parent exits, the child forks again",
	  .xlabel = "generations (G)",
	  .left = { "rmap_objects_peak", "rmap objects at the peak" },
	  .right = { "time", "time per iteration" } },
	{ .name = "fork_chain_walk", .x = "generations",
	  .title = "fork_chain: a walk of the live end's pages after G "
		   "generations",
	  .xlabel = "generations (G)",
	  .left = { "nodes_per_walk", "nodes visited per walk" },
	  .right = { "candidates", "candidates (vma, address) per iteration" } },
};

const struct scenario fork_chain_scenario = {
	.name = "fork_chain",
	.desc = "Fork, the parent exits, the child forks again, for G "
		"generations; then the live end's pages are aged.",
	.question = "Why anon_vma reuse (3.19 degree, 6.0 num_children and "
		    "num_active_vmas): under anon_vma_chain the anon_vmas and "
		    "chains grow with every generation, and what does a walk "
		    "of the surviving pages pay for them?",
	.baseline = "avc",
	.ablations = "avc+form=2.6.39",
	.extra = "rmap_objects_peak",
	.phases = true,
	.memory = true,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = fork_chain_pages,
	.setup = fork_chain_setup,
	.run = fork_chain_run,
	.teardown = fork_chain_teardown,
};
