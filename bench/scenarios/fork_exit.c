/*
 * fork_exit: a process with P pages forks and the child exits at once:
 * akpm's fork/exit storm, lmbench's fork+exit. Fork copies the page tables
 * (every pte up to 2.6.13, only vmas with anon state from 2.6.14) and exit
 * zaps them, so per-pte rmap (pte_chain) pays twice per pte per iteration,
 * while object rmap pays only a counter for file pages and per-vma work.
 */
#include "bench/scenarios/scenario.h"

enum { P_PAGES, P_FILE_PCT };

static const struct scenario_param params[] = {
	[P_PAGES] = { "pages", 1024, 1, 1L << 22,
		      "pages mapped by the parent" },
	[P_FILE_PCT] = { "file_pct", 50, 0, 100,
			 "percent of them file-backed (private, read)" },
};

static unsigned long fork_exit_pages(const struct scenario_ctx *ctx)
{
	return 2 * ctx->p[P_PAGES] + 4096;
}

static int fork_exit_setup(struct scenario_ctx *ctx)
{
	return scenario_process(ctx, ctx->p[P_PAGES], ctx->p[P_FILE_PCT]) ?
	       0 : -1;
}

static int fork_exit_run(struct scenario_ctx *ctx)
{
	struct mm_struct *child;

	if (scenario_over_budget())
		return scenario_fail(ctx, NULL);
	child = dup_mm(ctx->procs.mm[0]);
	if (!child)
		return scenario_fail(ctx, "fork ran out of memory");
	mmput(child);
	return 0;
}

static const struct scenario_curve curves[] = {
	{ "pages", "64 256 1024 4096 16384 65536", "64 256 1024", "", "" },
};

static const struct scenario_figure figures[] = {
	{ .name = "fork_exit", .x = "pages",
	  .title = "fork_exit: fork and exit of a process mapping P pages",
	  .xlabel = "pages mapped by the parent",
	  .left = { "time", "time per fork + exit" },
	  .right = { "rmap_adds", "per-pte rmap adds per fork" } },
};

const struct scenario fork_exit_scenario = {
	.name = "fork_exit",
	.desc = "A process with P pages (file_pct of them file-backed, private, "
		"read) forks and the child exits at once: akpm's fork/exit "
		"storm, lmbench's fork+exit.",
	.question = "What did per-pte reverse mapping (pte_chain, 2.5) add to "
		    "fork and exit, and how much did object rmap for file "
		    "pages (2.6.7) and lazy fork of vmas without anon state "
		    "(2.6.14) take back?",
	.baseline = "pte_chain",
	.ablations = "anon_vma+fork=copy avc+fork=copy "
		     "pte_chain+maplock=2.6.9 pte_chain+line=128",
	.extra = "rmap_adds ptes_copied",
	.phases = true,
	.memory = true,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = fork_exit_pages,
	.setup = fork_exit_setup,
	.run = fork_exit_run,
};
