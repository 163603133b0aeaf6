/*
 * fork_chain: a process forks, the parent exits, the child writes part of
 * its memory and forks again, G generations deep: a constantly forking
 * server as Daniel Forrest reported it (7a3ef208e662). Each fork
 * clones the vma's anon_vma chain and adds a level, and the levels outlive
 * the processes that made them, so under anon_vma_chain (2.6.34-3.18) the
 * anon_vmas and avcs the last process holds grow with G; fork reusing an
 * idle anon_vma instead (3.19's degree, 6.0's num_children and
 * num_active_vmas) keeps them within about 2 per vma. The run is the whole
 * chain; rmap_objects_peak and rmap_bytes_peak tell the growth.
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

struct fork_chain {
	struct mm_struct *origin;	/* the first process */
	struct mm_struct *last;		/* the last run's final process */
	unsigned long addr;
};

static struct fork_chain state;

/* The origin's pages, one COW copy per page a generation, page tables. */
static unsigned long fork_chain_pages(const struct scenario_ctx *ctx)
{
	return 3 * ctx->p[P_PAGES] + 4096;
}

static int fork_chain_setup(struct scenario_ctx *ctx)
{
	unsigned long len = ctx->p[P_PAGES] * PAGE_SIZE;
	struct fork_chain *s = &state;

	ctx->priv = s;
	s->origin = mm_new();
	if (!s->origin)
		return -1;
	s->addr = do_mmap(s->origin, 0, len, RM_PROT_READ | RM_PROT_WRITE,
			  RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	return touch_range(s->origin, s->addr, len, true) ? -1 : 0;
}

/* One generation's writes: COW copies, or reuse of pages it alone maps. */
static int write_some(struct scenario_ctx *ctx, struct prng *rng,
		      struct mm_struct *mm)
{
	struct fork_chain *s = ctx->priv;
	long i;

	for (i = 0; i < ctx->p[P_PAGES]; i++)
		if (prng_pct(rng, ctx->p[P_WRITE_PCT]) &&
		    handle_mm_fault(mm, s->addr + i * PAGE_SIZE, true))
			return -1;
	return 0;
}

static int fork_chain_run(struct scenario_ctx *ctx)
{
	struct fork_chain *s = ctx->priv;
	struct mm_struct *mm, *child;
	struct prng rng;
	long g;

	/* every run writes the same pages: a pure function of the seed */
	prng_seed(&rng, ctx->seed);
	if (s->last)
		mmput(s->last);
	s->last = mm = dup_mm(s->origin);
	if (!mm)
		goto nomem;
	for (g = 0; g < ctx->p[P_GENERATIONS]; g++) {
		if (scenario_over_budget())
			return scenario_out_of_budget(ctx);
		if (write_some(ctx, &rng, mm))
			goto nomem;
		child = dup_mm(mm);
		if (!child)
			goto nomem;
		mmput(mm);
		s->last = mm = child;
	}
	return 0;
nomem:
	ctx->error = "out of memory";
	return -1;
}

static void fork_chain_teardown(struct scenario_ctx *ctx)
{
	struct fork_chain *s = ctx->priv;

	if (s->last)
		mmput(s->last);
	if (s->origin)
		mmput(s->origin);
	s->last = s->origin = NULL;
}

const struct scenario fork_chain_scenario = {
	.name = "fork_chain",
	.desc = "fork, parent exits, child writes and forks again: G deep",
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.mem_pages = fork_chain_pages,
	.setup = fork_chain_setup,
	.run = fork_chain_run,
	.teardown = fork_chain_teardown,
};
