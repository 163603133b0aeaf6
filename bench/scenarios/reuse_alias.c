/*
 * reuse_alias: the price of fork reusing an anon_vma. A process forks a
 * child, the child forks a server, and the server forks N workers; then
 * the child exits, leaving its anon_vma with no vma and one child
 * anon_vma: the kind 3.19's degree rule (7a3ef208e662: degree below 2)
 * and 6.0's (2555283eb40d: no vma, at most one child) hand to the next
 * fork instead of a new one. The server forks one more worker, which
 * writes all its pages (COW). Under reuse its copies go under the adopted
 * anon_vma, whose tree holds the avcs of the server and of all N workers
 * (their chains run through it), none of which maps them: a walk probes
 * N + 2 vmas to find the one. Under 3.7-3.18's rule (a new anon_vma per
 * fork) the copies sit in an anon_vma of their own, one vma to probe. A
 * run is the last worker's life: its fork (where reuse saves an
 * allocation), its writes, one walk of every page it wrote, its exit.
 */
#include "bench/scenarios/scenario.h"
#include "common/pgtable.h"

enum { P_CHILDREN, P_PAGES };

static const struct scenario_param params[] = {
	[P_CHILDREN] = { "children", 16, 1, 1000, "workers forked" },
	[P_PAGES] = { "pages", 64, 1, 65536,
		      "anonymous pages the last worker writes" },
};

static unsigned long addr;

/* Two copies of the pages, and every process's pte tables. */
static unsigned long reuse_alias_pages(const struct scenario_ctx *ctx)
{
	unsigned long k = ctx->p[P_PAGES];

	return 2 * k + (ctx->p[P_CHILDREN] + 4) * (k / 512 + 8) + 4096;
}

static int reuse_alias_setup(struct scenario_ctx *ctx)
{
	unsigned long len = ctx->p[P_PAGES] * PAGE_SIZE;
	struct mm_struct *origin = scenario_exec(ctx), *child, *server;
	long n;

	if (!origin)
		goto fail;
	addr = do_mmap(origin, 0, len, RM_PROT_READ | RM_PROT_WRITE,
		       RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	if (touch_range(origin, addr, len, true))
		goto fail;
	child = dup_mm(origin);
	if (!child)
		goto fail;
	server = scenario_fork(ctx, child);
	for (n = 0; server && n < ctx->p[P_CHILDREN]; n++)
		if (scenario_over_budget() || !scenario_fork(ctx, server))
			server = NULL;
	/* the child exits: its anon_vma is idle for the next fork */
	mmput(child);
	if (server)
		return 0;
fail:
	return scenario_fail(ctx, "out of memory while forking the workers");
}

/* Page k of the last worker, the one that adopted the anon_vma. */
static struct page *worker_page(void *arg, unsigned long k)
{
	struct scenario_ctx *ctx = arg;
	pte_t *ptep = pte_offset(ctx->procs.mm[ctx->procs.n - 1],
				 addr + k * PAGE_SIZE);
	pte_t pte = ptep ? ptep_get(ptep) : 0;

	return pte_present(pte) ? pte_page(pte) : NULL;
}

/*
 * The server forks the last worker (adopting the idle anon_vma where the
 * rule reuses), which writes its pages; the aging pass walks each once;
 * the worker exits, leaving the anon_vma idle again for the next run.
 */
static int reuse_alias_run(struct scenario_ctx *ctx)
{
	unsigned long len = ctx->p[P_PAGES] * PAGE_SIZE;
	/* procs.mm[1]: the server */
	struct mm_struct *worker = scenario_fork(ctx, ctx->procs.mm[1]);
	int ret;

	if (!worker || touch_range(worker, addr, len, true))
		return scenario_fail(ctx, "out of memory forking the worker");
	ret = scenario_age(ctx, worker_page, ctx, ctx->p[P_PAGES]);
	scenario_put_procs(ctx, ctx->procs.n - 1);
	return ret;
}

static const struct scenario_curve curves[] = {
	{ "children", "1 4 16 64 256", "1 4 16", "pages=256", "pages=64" },
};

static const struct scenario_figure figures[] = {
	{ .name = "reuse_alias", .x = "children",
	  .title = "reuse_alias: the pages of a worker forked after its "
		   "server's parent exited, walked",
	  .xlabel = "workers forked before (N)",
	  .left = { "confirmed_per_candidate",
		    "mappings found per vma probed" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
};

const struct scenario reuse_alias_scenario = {
	.name = "reuse_alias",
	.desc = "A server with N workers loses its parent; each iteration it "
		"forks one more worker, which writes its pages (COW), each page "
		"it wrote is walked once, and the worker exits.",
	.question = "What does fork's reuse of an idle anon_vma (3.19 degree, "
		    "6.0 num_children and num_active_vmas) cost a walk: the "
		    "pages of the worker that adopted it are looked for in the "
		    "server and all N workers.",
	.baseline = "interval",
	.ablations = "anon_vma+order=head",
	.extra = "confirmed_per_candidate",
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = reuse_alias_pages,
	.setup = reuse_alias_setup,
	.run = reuse_alias_run,
};
