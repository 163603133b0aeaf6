/*
 * file_windows: the shape of akpm's rmap-test without its memory pressure
 * (rmap_test runs it with). Each iteration T tasks start, each maps V
 * windows of S pages of one shared file (window v at pgoff v*S) and
 * touches them, every file page is aged with page_referenced, and the
 * tasks exit. Each page is mapped once per task, but the file's i_mmap
 * holds T*V vmas: the linear lists probe all of them per walk, a prio or
 * interval tree only those whose range holds the page, and pay for it at
 * every mmap and exit (t_mmap, t_zap).
 */
#include <stdlib.h>

#include "bench/scenarios/scenario.h"
#include "common/phase.h"

enum { P_TASKS, P_VMAS, P_PAGES, P_RANDOM };

static const struct scenario_param params[] = {
	[P_TASKS] = { "tasks", 8, 1, 10000, "processes mapping the file" },
	[P_VMAS] = { "vmas", 8, 1, 100000, "windows each task maps" },
	[P_PAGES] = { "pages", 16, 1, 100000, "pages in each window" },
	[P_RANDOM] = { "random", 0, 0, 1,
		       "touch pages in random order (1) or linearly (0)" },
};

static struct address_space *file;
/* the windows of the task being set up, by window */
static unsigned long *addrs;

static unsigned long file_windows_pages(const struct scenario_ctx *ctx)
{
	unsigned long file = ctx->p[P_VMAS] * ctx->p[P_PAGES];

	/* the file, plus pte tables: a window may straddle two */
	return file + ctx->p[P_TASKS] * (file / 512 + 2 * ctx->p[P_VMAS] + 4) +
	       4096;
}

static int touch_windows(struct scenario_ctx *ctx, struct prng *rng,
			 struct mm_struct *mm)
{
	long v, i, nv = ctx->p[P_VMAS], np = ctx->p[P_PAGES];
	unsigned long n = nv * np;

	phase_guard(PHASE_FAULT);
	if (!ctx->p[P_RANDOM]) {
		for (v = 0; v < nv; v++)
			if (touch_range(mm, addrs[v], np * PAGE_SIZE, false))
				return -1;
		return 0;
	}
	for (i = 0; (unsigned long)i < n; i++) {
		unsigned long k = prng_below(rng, n);

		if (handle_mm_fault(mm, addrs[k / np] + (k % np) * PAGE_SIZE,
				    false))
			return -1;
	}
	return 0;
}

static void map_windows(struct scenario_ctx *ctx, struct mm_struct *mm)
{
	long v, nv = ctx->p[P_VMAS], np = ctx->p[P_PAGES];

	phase_guard(PHASE_MMAP);
	for (v = 0; v < nv; v++)
		addrs[v] = do_mmap(mm, 0, np * PAGE_SIZE,
				   RM_PROT_READ | RM_PROT_WRITE, RM_MAP_SHARED,
				   file, v * np);
}

static int file_windows_setup(struct scenario_ctx *ctx)
{
	long nv = ctx->p[P_VMAS];

	addrs = calloc(nv, sizeof(*addrs));
	file = scenario_file(ctx, "rmap-test", nv * ctx->p[P_PAGES], false);
	return addrs && file ? 0 : -1;
}

/*
 * The whole test: the tasks start, map and touch their windows, every
 * file page is aged once, and they exit. Every run touches in the same
 * order: a pure function of the seed.
 */
static int file_windows_run(struct scenario_ctx *ctx)
{
	struct mm_struct *mm;
	struct prng rng;
	long t;
	int ret;

	prng_seed(&rng, ctx->seed);
	for (t = 0; t < ctx->p[P_TASKS]; t++) {
		mm = scenario_over_budget() ? NULL : scenario_exec(ctx);
		if (!mm)
			return scenario_fail(ctx, "out of memory while mapping "
					     "the windows");
		map_windows(ctx, mm);
		if (touch_windows(ctx, &rng, mm))
			return scenario_fail(ctx, "out of memory while "
					     "touching the windows");
	}
	ret = scenario_age_file(ctx, file);
	scenario_put_procs(ctx, 0);
	return ret;
}

static void file_windows_teardown(struct scenario_ctx *ctx)
{
	free(addrs);
	addrs = NULL;
	scenario_teardown(ctx);
}

/*
 * akpm's three shapes: up to 100 tasks x 100 windows (of 60 pages, not his
 * 600: rmap_test runs his sizes), touched linearly and at random, and
 * 1 task x 10000 windows x 7 pages
 */
static const struct scenario_curve curves[] = {
	{ "tasks", "1 3 10 30 100", "1 4 16", "vmas=100 pages=60 random=0",
	  "vmas=10 pages=60 random=0" },
	{ "tasks", "1 3 10 30 100", "1 4 16", "vmas=100 pages=60 random=1",
	  "vmas=10 pages=60 random=1" },
	{ "vmas", "10 100 1000 10000", "10 100 1000", "tasks=1 pages=7",
	  "tasks=1 pages=7" },
};

static const struct scenario_figure figures[] = {
	{ .name = "file_windows", .x = "vmas",
	  .title = "file_windows: T tasks map V windows of one file; every "
		   "page walked",
	  .xlabel = "windows per task (V)",
	  .left = { "time", "time per iteration (map, touch, walk, exit)" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
	{ .name = "file_windows_tasks", .x = "tasks",
	  .title = "file_windows: T tasks map V windows of one file; every "
		   "page walked",
	  .xlabel = "tasks (T)",
	  .left = { "time", "time per iteration (map, touch, walk, exit)" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
};

const struct scenario file_windows_scenario = {
	.name = "file_windows",
	.desc = "The shape of akpm's rmap-test: T tasks start, map V windows "
		"of S pages of one shared file, touch them, every file page is "
		"aged, and the tasks exit.",
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
	.teardown = file_windows_teardown,
};
