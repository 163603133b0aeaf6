/*
 * test_mmap3: Ingo Molnar's test against the linear i_mmap lists (2004). A
 * shared file is mapped as many one-page vmas in reversed offset order (so
 * none merge), the process forks for R rounds (2^R processes, each touching
 * its windows), then memory pressure ages every file page. Every walk of the
 * linear lists visits all vmas of all processes: O(vmas * processes) per
 * page, which locked 2004 machines for half an hour. An iteration is the
 * whole test, from the first mmap to the last exit.
 */
#include "bench/scenarios/scenario.h"
#include "common/phase.h"

enum { P_FILE_PAGES, P_VMAS, P_ROUNDS };

static const struct scenario_param params[] = {
	[P_FILE_PAGES] = { "file_pages", 2000, 1, 1L << 22,
			   "pages in the shared file" },
	[P_VMAS] = { "vmas", 1800, 1, 1L << 22,
		     "one-page vmas, reversed offsets (<= file_pages)" },
	[P_ROUNDS] = { "rounds", 5, 0, 10,
		       "fork rounds: 2^rounds processes" },
};

#define BASE		0x100000000UL

static struct address_space *file;

static unsigned long test_mmap3_pages(const struct scenario_ctx *ctx)
{
	unsigned long procs = 1UL << ctx->p[P_ROUNDS];

	return ctx->p[P_FILE_PAGES] +
	       procs * (ctx->p[P_VMAS] / 512 + 8) + 4096;
}

static int touch_windows(struct mm_struct *mm, long vmas)
{
	return touch_range(mm, BASE, vmas * PAGE_SIZE, false);
}

static void map_windows(struct mm_struct *mm, long vmas)
{
	long v;

	phase_guard(PHASE_MMAP);
	for (v = 0; v < vmas; v++)
		do_mmap(mm, BASE + v * PAGE_SIZE, PAGE_SIZE,
			RM_PROT_READ | RM_PROT_WRITE,
			RM_MAP_SHARED | RM_MAP_FIXED, file, vmas - 1 - v);
}

static int test_mmap3_setup(struct scenario_ctx *ctx)
{
	if (ctx->p[P_VMAS] > ctx->p[P_FILE_PAGES])
		return scenario_fail(ctx, "vmas must not exceed file_pages");
	file = scenario_file(ctx, "test_mmap3", ctx->p[P_FILE_PAGES], false);
	return file ? 0 : -1;
}

static const char oom[] = "out of memory: lower vmas or rounds";

/* The whole test: map, fork the rounds, touch, the pressure, exit. */
static int test_mmap3_run(struct scenario_ctx *ctx)
{
	long vmas = ctx->p[P_VMAS], r, i, n;
	struct mm_struct *mm, *child;
	int ret;

	mm = scenario_exec(ctx);
	if (!mm)
		return scenario_fail(ctx, oom);
	map_windows(mm, vmas);
	if (touch_windows(mm, vmas))
		return scenario_fail(ctx, oom);
	for (r = 0; r < ctx->p[P_ROUNDS]; r++) {
		for (i = 0, n = ctx->procs.n; i < n; i++) {
			if (scenario_over_budget())
				return scenario_fail(ctx, NULL);
			child = scenario_fork(ctx, ctx->procs.mm[i]);
			/* lazy fork copied no shared pte: fault them in */
			if (!child || touch_windows(child, vmas))
				return scenario_fail(ctx, oom);
		}
	}
	ret = scenario_age_file(ctx, file);
	scenario_put_procs(ctx, 0);
	return ret;
}

/* Ingo's 20000-page file as 18000 one-page vmas, 32 processes */
static const struct scenario_curve curves[] = {
	{ "vmas", "180 1800 18000", "18 180", "file_pages=20000 rounds=5",
	  "file_pages=200 rounds=2" },
};

static const struct scenario_figure figures[] = {
	{ .name = "test_mmap3", .x = "vmas",
	  .title = "test_mmap3: one-page vmas in reversed order, 2^R "
		   "processes, pressure",
	  .xlabel = "one-page vmas per process",
	  .left = { "time", "time per iteration" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
};

const struct scenario test_mmap3_scenario = {
	.name = "test_mmap3",
	.desc = "Ingo Molnar's test (2004): a shared file mapped as one-page "
		"vmas in reversed offset order, 2^R processes by fork, then "
		"memory pressure ages every file page.",
	.question = "The case that brought the priority search tree into "
		    "2.6.7: does a walk stay cheap when the file holds vmas "
		    "times processes mappings?",
	.baseline = "objrmap",
	.ablations = "objrmap+walk=mjb",
	.phases = true,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = test_mmap3_pages,
	.setup = test_mmap3_setup,
	.run = test_mmap3_run,
};
