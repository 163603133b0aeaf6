/*
 * mass_exit: a parent with P pages forks N children, then they all exit
 * together, in a random order: the "10,000 concurrently exiting shells" of
 * the 2002 pte_chain work. Fork gives every child the parent's ptes (all
 * of them up to 2.6.13, the anonymous ones from 2.6.14), so each page's
 * pte_chain holds one entry per process, and every pte an exit zaps costs
 * page_remove_rmap's search of that chain: O(N) per pte, O(N^2 P) for the
 * exits, under the page's bit lock. Object rmap pays a mapcount decrement
 * per pte and per-vma work (anon_vma lists, anon_vma_chains).
 */
#include "bench/scenarios/scenario.h"

enum { P_CHILDREN, P_PAGES, P_FILE_PCT };

static const struct scenario_param params[] = {
	[P_CHILDREN] = { "children", 100, 1, 100000,
			 "children forked, then exiting together" },
	[P_PAGES] = { "pages", 64, 1, 1L << 20, "pages mapped by the parent" },
	[P_FILE_PCT] = { "file_pct", 50, 0, 100,
			 "percent of them file-backed (private, read)" },
};

/* The parent's pages, and each child's copies of its ptes and tables. */
static unsigned long mass_exit_pages(const struct scenario_ctx *ctx)
{
	return (ctx->p[P_CHILDREN] + 1) * (ctx->p[P_PAGES] / 512 + 8) +
	       ctx->p[P_PAGES] + 4096;
}

static int mass_exit_setup(struct scenario_ctx *ctx)
{
	return scenario_process(ctx, ctx->p[P_PAGES], ctx->p[P_FILE_PCT]) ?
	       0 : -1;
}

/* N forks, then every child exits, in an order drawn from the seed. */
static int mass_exit_run(struct scenario_ctx *ctx)
{
	struct procs *p = &ctx->procs;
	long forked, i;

	prng_seed(&ctx->rng, ctx->seed);
	for (forked = 0; forked < ctx->p[P_CHILDREN]; forked++)
		if (scenario_over_budget() || !scenario_fork(ctx, p->mm[0]))
			break;
	while (p->n > 1) {
		i = 1 + prng_below(&ctx->rng, p->n - 1);
		mmput(p->mm[i]);
		p->mm[i] = p->mm[--p->n];
	}
	return forked < ctx->p[P_CHILDREN] ?
	       scenario_fail(ctx, "out of memory forking the children") : 0;
}

static const struct scenario_curve curves[] = {
	{ "children", "10 100 1000 10000", "10 100", "", "" },
};

static const struct scenario_figure figures[] = {
	{ .name = "mass_exit", .x = "children",
	  .title = "mass_exit: N children of a P-page parent fork, then exit "
		   "together",
	  .xlabel = "children (N)",
	  .left = { "time", "time per iteration (N forks and N exits)" },
	  .right = { "rmap_bytes_peak", "rmap metadata at the peak (bytes)" } },
};

const struct scenario mass_exit_scenario = {
	.name = "mass_exit",
	.desc = "A parent with P pages forks N children, which then exit "
		"together in a random order: the \"10,000 concurrently exiting "
		"shells\" test of the 2002 pte_chain work.",
	.question = "What did per-pte reverse mapping cost at exit, where every "
		    "zapped pte searches a chain as long as the number of "
		    "processes sharing its page?",
	.baseline = "pte_chain",
	.ablations = "anon_vma+fork=copy avc+form=2.6.39 "
		     "pte_chain+line=128 pte_chain+line=256 "
		     "pte_chain+chain=2.5.30",
	.extra = "rmap_removes",
	.phases = true,
	.memory = true,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = mass_exit_pages,
	.setup = mass_exit_setup,
	.run = mass_exit_run,
};
