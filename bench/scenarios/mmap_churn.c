/*
 * mmap_churn: what the i_mmap structure costs on insert and remove. A file
 * already has V vmas (one process mapping V small windows); each iteration
 * maps and unmaps C more windows at random offsets. A list inserts in O(1),
 * the prio tree and interval tree in O(log V): the price trees pay at mmap
 * and munmap for cheap walks.
 */
#include "bench/scenarios/scenario.h"
#include "common/phase.h"

enum { P_VMAS, P_CHURN, P_PAGES };

static const struct scenario_param params[] = {
	[P_VMAS] = { "vmas", 1000, 1, 1L << 20, "vmas already on the file" },
	[P_CHURN] = { "churn", 100, 1, 1L << 20,
		      "mmap + munmap pairs per iteration" },
	[P_PAGES] = { "pages", 4, 1, 4096, "pages per window" },
};

static struct mm_struct *mm;
static struct address_space *file;

static unsigned long mmap_churn_pages(const struct scenario_ctx *ctx)
{
	return ctx->p[P_VMAS] / 64 + 4096;
}

static int mmap_churn_setup(struct scenario_ctx *ctx)
{
	long v, np = ctx->p[P_PAGES];

	file = scenario_file(ctx, "churn", ctx->p[P_VMAS] * np, false);
	mm = scenario_exec(ctx);
	if (!file || !mm)
		return -1;
	/* windows in reversed offset order: top-down placement, no merges */
	for (v = 0; v < ctx->p[P_VMAS]; v++)
		if (IS_ERR_VALUE(do_mmap(mm, 0, np * PAGE_SIZE, RM_PROT_READ,
					 RM_MAP_SHARED, file, v * np)))
			return -1;
	return 0;
}

static int mmap_churn_run(struct scenario_ctx *ctx)
{
	unsigned long len = ctx->p[P_PAGES] * PAGE_SIZE, addr;
	long i;

	/* the loop is the syscalls: its draws count with them */
	phase_guard(PHASE_MMAP);
	for (i = 0; i < ctx->p[P_CHURN]; i++) {
		unsigned long pgoff = prng_below(&ctx->rng, file->size -
						 ctx->p[P_PAGES] + 1);

		if (scenario_over_budget())
			return scenario_fail(ctx, NULL);
		addr = do_mmap(mm, 0, len, RM_PROT_READ, RM_MAP_SHARED, file,
			       pgoff);
		if (IS_ERR_VALUE(addr) || do_munmap(mm, addr, len))
			return scenario_fail(ctx, "mmap or munmap failed");
	}
	return 0;
}

static const struct scenario_curve curves[] = {
	{ "vmas", "10 100 1000 10000 100000", "10 100 1000", "", "" },
};

static const struct scenario_figure figures[] = {
	{ .name = "mmap_churn", .x = "vmas",
	  .title = "mmap_churn: mmap + munmap of file windows beside V vmas",
	  .xlabel = "vmas already on the file (V)",
	  .left = { "time", "time per iteration (C mmap + munmap pairs)" } },
};

const struct scenario mmap_churn_scenario = {
	.name = "mmap_churn",
	.desc = "A file already has V vmas; each iteration maps and unmaps C "
		"more windows at random offsets.",
	.question = "What do the trees cost at mmap and munmap, the price of "
		    "cheap walks?",
	.baseline = "objrmap",
	.phases = true,
	.extra = "lock_i_mmap",
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = mmap_churn_pages,
	.setup = mmap_churn_setup,
	.run = mmap_churn_run,
};
