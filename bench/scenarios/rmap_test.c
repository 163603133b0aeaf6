/*
 * rmap_test: Andrew Morton's rmap-test (ext3 CVS tools; posted in "Re:
 * objrmap and vmtruncate", LKML 2003-04-05, <20030405040614.66511e1e.
 * akpm@digeo.com>), run again by Rajesh Venkatasubramanian for the prio
 * tree ("[RFC][PATCH 1/3] radix priority search tree - objrmap complexity
 * fix", LKML 2004-03-21) on 256 MB machines. The program, as its source
 * reads: a file of n windows of s pages with a page's gap between them
 * (file size n*s + n-1 pages), the parent maps every window MAP_SHARED
 * read-write at pgoff v*(s+1), writes every page, msyncs, forks t
 * children and waits; each child writes its windows for i iterations:
 * -l linearly, -r at random (-V windows' worth of random pages, s each),
 * -h child 0 rewrites the first half until the others are done. -v only
 * prints. The whole run is timed, as `time ./rmap-test` was: mmap, the
 * writes, fork, the children's faults under pressure, exit.
 *
 * Pressure: mem_map is akpm's 256 MB, so the file (240 MB for T1) plus
 * t+1 processes' page tables do not fit, and every fault that finds no
 * free page reclaims (alloc_page -> try_to_free_pages): page_referenced
 * and try_to_unmap walk a file page mapped by t+1 processes through an
 * i_mmap list of (t+1)*n vmas, the cost that kept the linear lists out.
 *
 * The model is one CPU: the children take turns, one window (s writes)
 * per turn, as a uniprocessor's time slices interleave them. msync
 * (MS_ASYNC) starts writeback the model does not have: reclaim writes a
 * dirty page at once. div shrinks the file, and the 256 MB in
 * proportion: the windows when they hold at least div pages (T1, T2),
 * else their number (T3); div=1 runs the posted sizes.
 */
#include <stdlib.h>
#include <string.h>

#include "bench/scenarios/scenario.h"

enum { P_PRESET, P_PATTERN, P_ITERS, P_VMAS, P_PAGES, P_TASKS, P_TODO, P_DIV };
enum { LINEAR, RANDOM, HALF };

static const struct scenario_param params[] = {
	[P_PRESET] = { "preset", 0, 0, 3,
		       "0: the flags below; 1, 2, 3: akpm's T1, T2, T3" },
	[P_PATTERN] = { "pattern", LINEAR, LINEAR, HALF,
			"0: -l linear, 1: -r random, 2: -h half busy" },
	[P_ITERS] = { "iters", 10, 0, 1000, "-i: iterations of each child" },
	[P_VMAS] = { "vmas", 100, 1, 100000, "-n: windows (vmas)" },
	[P_PAGES] = { "pages", 600, 1, 100000, "-s: pages in a window" },
	[P_TASKS] = { "tasks", 100, 1, 10000, "-t: children forked" },
	[P_TODO] = { "todo", 0, 0, 100000,
		     "-V: windows' worth of random writes (0: -n)" },
	[P_DIV] = { "div", 20, 1, 1000,
		    "shrink the file and the memory by this (1: as posted)" },
};

/* akpm's machine, and Rajesh's: 256 MB of 4 KiB pages */
#define AKPM_MEM_PAGES	65536L

struct rt_cfg {
	long pattern, iters, vmas, pages, tasks, todo;
	long mem;
};

/* T1, T2, T3 of the 2003 posting: -l -i 10 -n 100 -s 600 -t 100, -vv -V 2
 * -r -i 1 -n 100 -s 600 -t 100, -v -l -i 10 -n 10000 -s 7 -t 1 */
static const struct rt_cfg presets[] = {
	[1] = { LINEAR, 10, 100, 600, 100, 0, 0 },
	[2] = { RANDOM, 1, 100, 600, 100, 2, 0 },
	[3] = { LINEAR, 10, 10000, 7, 1, 0, 0 },
};

/* A preset's flags, into the parameters: names and tables show them. */
static void rmap_test_resolve(long *p)
{
	const struct rt_cfg *c = &presets[p[P_PRESET]];

	if (!p[P_PRESET])
		return;
	p[P_PATTERN] = c->pattern;
	p[P_ITERS] = c->iters;
	p[P_VMAS] = c->vmas;
	p[P_PAGES] = c->pages;
	p[P_TASKS] = c->tasks;
	p[P_TODO] = c->todo;
}

/* The run's configuration: the flags, a preset's where one is named. */
static void rt_config(const struct scenario_ctx *ctx, struct rt_cfg *c)
{
	long p[SCENARIO_MAX_PARAMS], full;

	memcpy(p, ctx->p, sizeof(p));
	rmap_test_resolve(p);
	c->pattern = p[P_PATTERN];
	c->iters = p[P_ITERS];
	c->vmas = p[P_VMAS];
	c->pages = p[P_PAGES];
	c->tasks = p[P_TASKS];
	c->todo = p[P_TODO];
	if (!c->todo)
		c->todo = c->vmas;
	full = c->vmas * c->pages;
	if (c->pages >= p[P_DIV])
		c->pages /= p[P_DIV];
	else
		c->vmas = c->vmas / p[P_DIV] ? c->vmas / p[P_DIV] : 1;
	c->mem = AKPM_MEM_PAGES * (c->vmas * c->pages) / full;
}

static unsigned long rmap_test_pages(const struct scenario_ctx *ctx)
{
	struct rt_cfg c;

	rt_config(ctx, &c);
	return c.mem;
}

/* The windows' addresses, the same in the parent and every child. */
struct rt_state {
	struct rt_cfg c;
	unsigned long *addr;
	long *cursor;		/* each child's next window */
};

static int rmap_test_setup(struct scenario_ctx *ctx)
{
	struct rt_state *st = calloc(1, sizeof(*st));

	ctx->priv = st;
	if (!st)
		return scenario_fail(ctx, "out of memory: lower vmas or tasks");
	rt_config(ctx, &st->c);
	st->addr = calloc(st->c.vmas, sizeof(*st->addr));
	st->cursor = calloc(st->c.tasks, sizeof(*st->cursor));
	if (!st->addr || !st->cursor)
		return scenario_fail(ctx, "out of memory: lower vmas or tasks");
	return 0;
}

static void rmap_test_teardown(struct scenario_ctx *ctx)
{
	struct rt_state *st = ctx->priv;

	scenario_teardown(ctx);
	if (st) {
		free(st->addr);
		free(st->cursor);
		free(st);
	}
	ctx->priv = NULL;
}

/* open(O_TRUNC), ftruncate, the n mmaps; close: the vmas hold the file */
static struct mm_struct *map_windows(struct scenario_ctx *ctx,
				     struct rt_state *st)
{
	long v, n = st->c.vmas, s = st->c.pages;
	struct address_space *file;
	struct mm_struct *mm;

	file = file_create("foo", n * s + n - 1, false);
	mm = file ? scenario_exec(ctx) : NULL;
	for (v = 0; mm && v < n; v++) {
		st->addr[v] = do_mmap(mm, 0, s * PAGE_SIZE,
				      RM_PROT_READ | RM_PROT_WRITE,
				      RM_MAP_SHARED, file, v * (s + 1));
		if (IS_ERR_VALUE(st->addr[v]))
			mm = NULL;
	}
	if (file)
		file_put(file);
	return mm;
}

static int touch_window(struct mm_struct *mm, struct rt_state *st, long v)
{
	return touch_range(mm, st->addr[v], st->c.pages * PAGE_SIZE, true);
}

/* touch_random_pages' inner loop: s writes at random over the file */
static int touch_random(struct scenario_ctx *ctx, struct mm_struct *mm,
			struct rt_state *st)
{
	long i, v, pg;

	for (i = 0; i < st->c.pages; i++) {
		v = prng_below(&ctx->rng, st->c.vmas);
		pg = prng_below(&ctx->rng, st->c.pages);
		if (handle_mm_fault(mm, st->addr[v] + pg * PAGE_SIZE, true))
			return -1;
	}
	return 0;
}

/* Windows (turns) a child works through: -i passes of -n, or of -V. */
static long child_turns(const struct rt_cfg *c)
{
	return c->iters * (c->pattern == RANDOM ? c->todo : c->vmas);
}

/*
 * One turn of child k. ap_half's child 0 cycles over the first half for as
 * long as another child runs: alone, it stops at once.
 */
static int child_turn(struct scenario_ctx *ctx, struct rt_state *st, long k)
{
	struct mm_struct *mm = ctx->procs.mm[1 + k];
	long half = st->c.vmas / 2 ? st->c.vmas / 2 : 1;
	long v = st->cursor[k]++;

	if (st->c.pattern == RANDOM)
		return touch_random(ctx, mm, st);
	if (st->c.pattern == HALF && k == 0)
		return st->c.tasks > 1 ? touch_window(mm, st, v % half) : 0;
	return touch_window(mm, st, v % st->c.vmas);
}

/* Round robin, a turn each, until the children are done. */
static int run_children(struct scenario_ctx *ctx, struct rt_state *st)
{
	long turn, k, turns = child_turns(&st->c);

	for (k = 0; k < st->c.tasks; k++)
		st->cursor[k] = 0;
	for (turn = 0; turn < turns; turn++)
		for (k = 0; k < st->c.tasks; k++) {
			if (scenario_over_budget())
				return scenario_fail(ctx, NULL);
			if (child_turn(ctx, st, k))
				return scenario_fail(ctx, "out of memory in a "
						     "child's writes: lower "
						     "tasks");
		}
	return 0;
}

static int rmap_test_run(struct scenario_ctx *ctx)
{
	struct rt_state *st = ctx->priv;
	struct mm_struct *parent = map_windows(ctx, st);
	long v, k;

	if (!parent)
		return scenario_fail(ctx, "out of memory mapping the windows: "
				     "lower vmas");
	for (v = 0; v < st->c.vmas; v++)
		if (scenario_over_budget() || touch_window(parent, st, v))
			return scenario_fail(ctx, "out of memory in the "
					     "parent's writes: lower vmas");
	for (k = 0; k < st->c.tasks; k++)
		if (scenario_over_budget() || !scenario_fork(ctx, parent))
			return scenario_fail(ctx, "fork ran out of memory: "
					     "lower tasks");
	if (run_children(ctx, st))
		return -1;
	scenario_put_procs(ctx, 0);
	return 0;
}

/* each preset with its file and memory at a twentieth (quick: a hundredth) */
static const struct scenario_curve curves[] = {
	{ "preset", "1 2 3", "1 2 3", "div=20", "div=100" },
};

static const struct scenario_figure figures[] = {
	{ .name = "rmap_test", .x = "preset", .categorical = true,
	  .x2 = "pattern iters vmas pages tasks todo",
	  .title = "rmap_test: akpm's rmap-test T1, T2, T3 under memory "
		   "pressure (256 MB)",
	  .xlabel = "preset (T1: -l -t 100, T2: -r -V 2, T3: -n 10000 -t 1)",
	  .left = { "time", "time per run (mmap, fork, writes, exit)" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
};

const struct scenario rmap_test_scenario = {
	.name = "rmap_test",
	.desc = "akpm's rmap-test (2003): t children of a parent that mapped "
		"n windows of s pages of one shared file write them under "
		"memory pressure; presets T1, T2, T3 as posted.",
	.question = "What did the linear i_mmap lists cost reclaim when the "
		    "working set exceeds memory and every file page sits in "
		    "(t+1)*n vmas, against pte_chains and the prio tree?",
	.baseline = "objrmap",
	.ablations = "objrmap+walk=mjb",
	.phases = true,
	.extra = "reclaimed faults",
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.resolve = rmap_test_resolve,
	.mem_pages = rmap_test_pages,
	.setup = rmap_test_setup,
	.run = rmap_test_run,
	.teardown = rmap_test_teardown,
};
