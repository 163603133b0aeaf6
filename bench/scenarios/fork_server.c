/*
 * fork_server: a server with K anonymous pages forks N workers, each of
 * which writes its copy (COW), the AIM7 shape of commit 5beb49305251 (Rik
 * van Riel's 1000 workers of 1000 pages); then reclaim's aging pass ages
 * every anonymous page once (scenario_age), and the workers exit. The run
 * is all of it, so fork's and exit's rmap work is timed with the walks.
 * Every page is mapped once, yet 2.6.7's anon_vma keeps parent and workers
 * on one list, so a walk probes up to N+1 vmas, and anonmm up to N+1 mms
 * (it tries the faulting mm first); anon_vma_chain (2.6.34) looks in the
 * page's own anon_vma only. cow below 100 leaves pages shared by all N+1,
 * which every generation must probe N+1 times.
 */
#include "bench/scenarios/scenario.h"

enum { P_CHILDREN, P_PAGES, P_COW };

static unsigned long addr;

static const struct scenario_param params[] = {
	[P_CHILDREN] = { "children", 16, 1, 1000, "workers forked" },
	[P_PAGES] = { "pages", 64, 1, 1000000, "anonymous pages of the server" },
	[P_COW] = { "cow", 100, 0, 100,
		    "percent of the pages each worker writes" },
};

/* Every mm's pages, plus its pte tables and the levels above them. */
static unsigned long fork_server_pages(const struct scenario_ctx *ctx)
{
	unsigned long k = ctx->p[P_PAGES];

	return (ctx->p[P_CHILDREN] + 1) * (k + k / 512 + 8) + 4096;
}

/* The server, its K pages written: not measured. */
static int fork_server_setup(struct scenario_ctx *ctx)
{
	unsigned long len = ctx->p[P_PAGES] * PAGE_SIZE;
	struct mm_struct *parent = scenario_exec(ctx);

	if (!parent)
		return -1;
	addr = do_mmap(parent, 0, len, RM_PROT_READ | RM_PROT_WRITE,
		       RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	return touch_range(parent, addr, len, true) ? -1 : 0;
}

/* N workers forked, each writing cow percent of its pages. */
static int fork_workers(struct scenario_ctx *ctx)
{
	unsigned long cow = ctx->p[P_PAGES] * ctx->p[P_COW] / 100 * PAGE_SIZE;
	struct mm_struct *child;
	long n;

	for (n = 0; n < ctx->p[P_CHILDREN]; n++) {
		if (scenario_over_budget())
			return scenario_fail(ctx, NULL);
		child = scenario_fork(ctx, ctx->procs.mm[0]);
		if (!child || touch_range(child, addr, cow, true))
			return scenario_fail(ctx, "out of memory while forking "
					     "the workers");
	}
	return 0;
}

static struct page *anon_page(void *arg, unsigned long pfn)
{
	struct page *page = pfn_to_page(pfn);

	(void)arg;
	return pfn && PageAnon(page) && page_mapped(page) ? page : NULL;
}

/*
 * The workers fork and write, the aging pass takes each anonymous page
 * once, as the LRU would offer it, and the workers exit.
 */
static int fork_server_run(struct scenario_ctx *ctx)
{
	int ret = fork_workers(ctx);

	if (!ret)
		ret = scenario_age(ctx, anon_page, NULL, max_mapnr);
	scenario_put_procs(ctx, 1);
	return ret;
}

/* The ptes mapped at the peak: the parent's and each worker's K pages. */
static double mapped_ptes(const long *p)
{
	return (double)(p[P_CHILDREN] + 1) * p[P_PAGES];
}

static const struct scenario_curve curves[] = {
	{ "children", "1 10 100 1000", "1 4 16", "pages=1000", "pages=64" },
};

static const struct scenario_figure figures[] = {
	{ .name = "fork_server", .x = "children",
	  .title = "fork_server: N children fork and write the parent's K "
		   "pages, reclaim walks them, they exit",
	  .xlabel = "children (N)",
	  .left = { "time", "time per iteration" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
	{ .name = "rmap_memory", .x = "children", .xval = mapped_ptes,
	  .x2 = "pages", .xcol = "mapped_ptes",
	  .title = "rmap metadata against mapped ptes (fork_server)",
	  .xlabel = "mapped ptes at the peak ((N + 1) x K)",
	  .left = { "rmap_bytes_peak", "rmap metadata at the peak (bytes)" },
	  .right = { "rmap_objects_peak", "rmap objects at the peak" } },
};

const struct scenario fork_server_scenario = {
	.name = "fork_server",
	.desc = "A parent with K anonymous pages forks N children that each "
		"write their K pages; reclaim then walks every page, and the "
		"children exit.",
	.question = "Why anon_vma_chain (2.6.34): with one anon_vma per fork "
		    "family a walk of a child's private page visits the vmas "
		    "of all N+1 processes; with chains it visits about two.",
	.baseline = "anon_vma",
	.ablations = "avc+fork=copy avc+form=2.6.39",
	.phases = true,
	.memory = true,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = fork_server_pages,
	.setup = fork_server_setup,
	.run = fork_server_run,
};
