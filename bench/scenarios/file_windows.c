/*
 * file_windows: akpm's rmap-test. T tasks each map V windows of S pages of
 * one shared file (window v at pgoff v*S), touch them, then every file page
 * is walked with page_referenced. Each page is mapped once per task, but
 * the file's i_mmap holds T*V vmas: the linear lists probe all of them per
 * walk, a prio or interval tree only those whose range holds the page.
 */
#include <stdlib.h>

#include "bench/scenarios/scenario.h"

enum { P_TASKS, P_VMAS, P_PAGES, P_RANDOM };

static const struct scenario_param params[] = {
	[P_TASKS] = { "tasks", 8, 1, 10000, "processes mapping the file" },
	[P_VMAS] = { "vmas", 8, 1, 100000, "windows each task maps" },
	[P_PAGES] = { "pages", 16, 1, 100000, "pages in each window" },
	[P_RANDOM] = { "random", 0, 0, 1,
		       "touch pages in random order (1) or linearly (0)" },
};

static struct address_space *file;

static unsigned long file_windows_pages(const struct scenario_ctx *ctx)
{
	unsigned long file = ctx->p[P_VMAS] * ctx->p[P_PAGES];

	/* the file, plus pte tables: a window may straddle two */
	return file + ctx->p[P_TASKS] * (file / 512 + 2 * ctx->p[P_VMAS] + 4) +
	       4096;
}

static int touch_windows(struct scenario_ctx *ctx, struct mm_struct *mm,
			 unsigned long *addrs)
{
	long v, i, nv = ctx->p[P_VMAS], np = ctx->p[P_PAGES];
	unsigned long n = nv * np;

	if (!ctx->p[P_RANDOM]) {
		for (v = 0; v < nv; v++)
			if (touch_range(mm, addrs[v], np * PAGE_SIZE, false))
				return -1;
		return 0;
	}
	for (i = 0; (unsigned long)i < n; i++) {
		unsigned long k = prng_below(&ctx->rng, n);

		if (handle_mm_fault(mm, addrs[k / np] + (k % np) * PAGE_SIZE,
				    false))
			return -1;
	}
	return 0;
}

static int file_windows_setup(struct scenario_ctx *ctx)
{
	long t, v, nv = ctx->p[P_VMAS], np = ctx->p[P_PAGES];
	unsigned long *addrs = calloc(nv, sizeof(*addrs));
	struct mm_struct *mm;
	int ret = 0;

	file = scenario_file(ctx, "rmap-test", nv * np, false);
	for (t = 0; addrs && t < ctx->p[P_TASKS] && !ret; t++) {
		mm = scenario_over_budget() ? NULL : scenario_exec(ctx);
		if (!mm)
			break;
		for (v = 0; v < nv; v++)
			addrs[v] = do_mmap(mm, 0, np * PAGE_SIZE,
					   RM_PROT_READ | RM_PROT_WRITE,
					   RM_MAP_SHARED, file, v * np);
		ret = touch_windows(ctx, mm, addrs);
	}
	free(addrs);
	if (ret || t < ctx->p[P_TASKS])
		return scenario_fail(ctx, "out of memory while mapping the "
				     "windows");
	return 0;
}

static int file_windows_run(struct scenario_ctx *ctx)
{
	return scenario_age_file(ctx, file);
}

/* akpm's three settings: 100 tasks x 100 windows x 600 pages, touched
 * linearly and at random, and 1 task x 10000 windows x 7 pages */
static const struct scenario_curve curves[] = {
	{ "tasks", "1 3 10 30 100", "1 4 16", "vmas=100 pages=600 random=0",
	  "vmas=10 pages=60 random=0" },
	{ "tasks", "1 3 10 30 100", "1 4 16", "vmas=100 pages=600 random=1",
	  "vmas=10 pages=60 random=1" },
	{ "vmas", "10 100 1000 10000", "10 100 1000", "tasks=1 pages=7",
	  "tasks=1 pages=7" },
};

static const struct scenario_figure figures[] = {
	{ .name = "file_windows", .x = "vmas",
	  .title = "file_windows: T tasks map V windows of one file; every "
		   "page walked",
	  .xlabel = "windows per task (V)",
	  .left = { "time", "time per iteration (all pages walked)" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
	{ .name = "file_windows_tasks", .x = "tasks",
	  .title = "file_windows: T tasks map V windows of one file; every "
		   "page walked",
	  .xlabel = "tasks (T)",
	  .left = { "time", "time per iteration (all pages walked)" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
};

const struct scenario file_windows_scenario = {
	.name = "file_windows",
	.desc = "akpm's rmap-test: T tasks map V windows of S pages of one "
		"shared file, touch them, then every file page is walked.",
	.question = "What did the linear i_mmap lists cost a walk when a file "
		    "has many vmas, and what did the priority search tree "
		    "(2.6.7) and the interval tree (3.7) buy?",
	.baseline = "objrmap",
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = file_windows_pages,
	.setup = file_windows_setup,
	.run = file_windows_run,
};
