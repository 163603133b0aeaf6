/*
 * reclaim: the whole system under memory pressure, as kswapd drives rmap. N
 * processes forked from one parent share a file mapping and COW part of a
 * private anonymous region; each iteration faults everything back in (swap-ins
 * and page cache refaults) and then shrinks the LRU by a target, so every
 * reclaimed page costs a page_referenced walk and a try_to_unmap walk.
 */
#include "bench/scenarios/scenario.h"

enum { P_PROCS, P_ANON, P_FILE, P_TARGET_PCT };

static const struct scenario_param params[] = {
	[P_PROCS] = { "procs", 16, 1, 4096, "processes (a parent and N-1 forks)" },
	[P_ANON] = { "anon", 256, 0, 1L << 20, "anonymous pages per process" },
	[P_FILE] = { "file", 256, 0, 1L << 20, "pages of the shared file" },
	[P_TARGET_PCT] = { "target_pct", 50, 1, 100,
			   "percent of resident pages reclaimed per iteration" },
};

static unsigned long anon_addr, file_addr;

static unsigned long reclaim_pages(const struct scenario_ctx *ctx)
{
	unsigned long per = ctx->p[P_ANON] + ctx->p[P_FILE] / 512 + 16;

	return ctx->p[P_FILE] + ctx->p[P_PROCS] * per + 4096;
}

/* Each process writes half its anonymous pages, reads the file. */
static int fault_in(struct scenario_ctx *ctx, struct mm_struct *mm)
{
	unsigned long half = ctx->p[P_ANON] / 2 * PAGE_SIZE;

	if (touch_range(mm, anon_addr, half, true) ||
	    touch_range(mm, anon_addr + half,
			ctx->p[P_ANON] * PAGE_SIZE - half, false) ||
	    touch_range(mm, file_addr, ctx->p[P_FILE] * PAGE_SIZE, false))
		return -1;
	return 0;
}

static int reclaim_setup(struct scenario_ctx *ctx)
{
	struct mm_struct *parent = scenario_exec(ctx);
	struct address_space *file = NULL;

	if (!parent)
		return -1;
	if (ctx->p[P_FILE])
		file = scenario_file(ctx, "shared", ctx->p[P_FILE], false);
	anon_addr = do_mmap(parent, 0, (ctx->p[P_ANON] + 1) * PAGE_SIZE,
			    RM_PROT_READ | RM_PROT_WRITE,
			    RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	file_addr = file ? do_mmap(parent, 0, ctx->p[P_FILE] * PAGE_SIZE,
				   RM_PROT_READ, RM_MAP_SHARED, file, 0) : 0;
	if (touch_range(parent, anon_addr, ctx->p[P_ANON] * PAGE_SIZE, true))
		return -1;
	while (ctx->procs.n < ctx->p[P_PROCS])
		if (scenario_over_budget() || !scenario_fork(ctx, parent))
			return -1;
	return 0;
}

static int reclaim_run(struct scenario_ctx *ctx)
{
	long i;

	for (i = 0; i < ctx->procs.n; i++)
		if (scenario_over_budget() || fault_in(ctx, ctx->procs.mm[i]))
			return scenario_fail(ctx, "out of memory faulting in");
	shrink(lru_size() * ctx->p[P_TARGET_PCT] / 100);
	return 0;
}

static const struct scenario_curve curves[] = {
	{ "procs", "1 4 16 64 256", "1 4 16", "", "anon=64 file=64" },
};

static const struct scenario_figure figures[] = {
	{ .name = "reclaim", .x = "procs",
	  .title = "reclaim: N processes fault in, then the LRU shrinks by a "
		   "target",
	  .xlabel = "processes (N)",
	  .left = { "time", "time per iteration" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
};

const struct scenario reclaim_scenario = {
	.name = "reclaim",
	.desc = "Processes forked from one parent share a file and COW part of "
		"their anonymous memory; each iteration faults everything back "
		"in and shrinks the LRU by a target.",
	.question = "What does each generation cost the whole system per "
		    "reclaimed page as kswapd drives page_referenced and "
		    "try_to_unmap, against 2.4's page-table scan?",
	.baseline = "scan",
	.ablations = "avc+swapin=2.6.0 anon_vma+lru=2.6.0 "
		     "anonmm+probe=2.6.15",
	.phases = true,
	.extra = "reclaimed",
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = reclaim_pages,
	.setup = reclaim_setup,
	.run = reclaim_run,
};
