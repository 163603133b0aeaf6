/*
 * reclaim: the whole system under memory pressure, as kswapd drives rmap. N
 * processes forked from one parent share a file mapping and COW part of a
 * private anonymous region; each iteration faults everything back in (swap-ins
 * and page cache refaults) and then shrinks the LRU by a target, so every
 * reclaimed page costs a page_referenced walk and a try_to_unmap walk.
 */
#include <stdlib.h>

#include "bench/scenarios/scenario.h"

enum { P_PROCS, P_ANON, P_FILE, P_TARGET_PCT };

static const struct scenario_param params[] = {
	[P_PROCS] = { "procs", 16, 1, 4096, "processes (a parent and N-1 forks)" },
	[P_ANON] = { "anon", 256, 0, 1L << 20, "anonymous pages per process" },
	[P_FILE] = { "file", 256, 0, 1L << 20, "pages of the shared file" },
	[P_TARGET_PCT] = { "target_pct", 50, 1, 100,
			   "percent of resident pages reclaimed per iteration" },
};

struct reclaim {
	struct mm_struct **procs;
	long nprocs;
	struct address_space *file;
	unsigned long anon_addr, file_addr;
};

static struct reclaim state;

static unsigned long reclaim_pages(const struct scenario_ctx *ctx)
{
	unsigned long per = ctx->p[P_ANON] + ctx->p[P_FILE] / 512 + 16;

	return ctx->p[P_FILE] + ctx->p[P_PROCS] * per + 4096;
}

/* Each process writes half its anonymous pages, reads the file. */
static int fault_in(struct scenario_ctx *ctx, struct mm_struct *mm)
{
	struct reclaim *s = ctx->priv;
	unsigned long half = ctx->p[P_ANON] / 2 * PAGE_SIZE;

	if (touch_range(mm, s->anon_addr, half, true) ||
	    touch_range(mm, s->anon_addr + half,
			ctx->p[P_ANON] * PAGE_SIZE - half, false) ||
	    touch_range(mm, s->file_addr, ctx->p[P_FILE] * PAGE_SIZE, false))
		return -1;
	return 0;
}

static int reclaim_setup(struct scenario_ctx *ctx)
{
	struct reclaim *s = &state;
	struct mm_struct *parent;

	ctx->priv = s;
	s->procs = calloc(ctx->p[P_PROCS], sizeof(*s->procs));
	parent = mm_new();
	if (!s->procs || !parent)
		return -1;
	s->procs[s->nprocs++] = parent;
	if (ctx->p[P_FILE])
		s->file = file_create("shared", ctx->p[P_FILE], false);
	s->anon_addr = do_mmap(parent, 0, (ctx->p[P_ANON] + 1) * PAGE_SIZE,
			       RM_PROT_READ | RM_PROT_WRITE,
			       RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	s->file_addr = s->file ?
		do_mmap(parent, 0, ctx->p[P_FILE] * PAGE_SIZE, RM_PROT_READ,
			RM_MAP_SHARED, s->file, 0) : 0;
	if (touch_range(parent, s->anon_addr, ctx->p[P_ANON] * PAGE_SIZE, true))
		return -1;
	while (s->nprocs < ctx->p[P_PROCS]) {
		struct mm_struct *child = dup_mm(parent);

		if (!child || scenario_over_budget())
			return -1;
		s->procs[s->nprocs++] = child;
	}
	return 0;
}

static int reclaim_run(struct scenario_ctx *ctx)
{
	struct reclaim *s = ctx->priv;
	long i;

	for (i = 0; i < s->nprocs; i++) {
		if (scenario_over_budget() || fault_in(ctx, s->procs[i])) {
			ctx->error = scenario_over_budget() ? "over budget" :
				     "out of memory faulting in";
			return -1;
		}
	}
	shrink(lru_size() * ctx->p[P_TARGET_PCT] / 100);
	return 0;
}

static void reclaim_teardown(struct scenario_ctx *ctx)
{
	struct reclaim *s = ctx->priv;

	while (s->nprocs)
		mmput(s->procs[--s->nprocs]);
	free(s->procs);
	s->procs = NULL;
	if (s->file)
		file_put(s->file);
	s->file = NULL;
}

const struct scenario reclaim_scenario = {
	.name = "reclaim",
	.desc = "N forked processes refault their memory; kswapd shrinks the "
		"LRU by a target",
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.mem_pages = reclaim_pages,
	.setup = reclaim_setup,
	.run = reclaim_run,
	.teardown = reclaim_teardown,
};
