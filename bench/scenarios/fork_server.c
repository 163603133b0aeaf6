/*
 * fork_server: a server with K anonymous pages forks N workers, each of
 * which writes its copy (COW), the AIM7 shape of commit 5beb49305251; then
 * reclaim's aging pass runs page_referenced once on every anonymous page.
 * Every page is mapped once, yet 2.6.7's anon_vma keeps parent and workers
 * on one list, so a walk probes up to N+1 vmas, and anonmm up to N+1 mms
 * (it tries the faulting mm first); anon_vma_chain (2.6.34) looks in the
 * page's own anon_vma only. cow below 100 leaves pages shared by all N+1,
 * which every generation must probe N+1 times.
 */
#include <stdlib.h>

#include "bench/scenarios/scenario.h"

enum { P_CHILDREN, P_PAGES, P_COW };

static const struct scenario_param params[] = {
	[P_CHILDREN] = { "children", 16, 1, 1000, "workers forked" },
	[P_PAGES] = { "pages", 64, 1, 1000000, "anonymous pages of the server" },
	[P_COW] = { "cow", 100, 0, 100,
		    "percent of the pages each worker writes" },
};

struct fork_server {
	struct mm_struct *parent;
	struct mm_struct **children;
	long nr_children;
};

static struct fork_server state;

/* Every mm's pages, plus its pte tables and the levels above them. */
static unsigned long fork_server_pages(const struct scenario_ctx *ctx)
{
	unsigned long k = ctx->p[P_PAGES];

	return (ctx->p[P_CHILDREN] + 1) * (k + k / 512 + 8) + 4096;
}

static int fork_server_setup(struct scenario_ctx *ctx)
{
	struct fork_server *s = &state;
	unsigned long len = ctx->p[P_PAGES] * PAGE_SIZE, addr;
	unsigned long cow = ctx->p[P_PAGES] * ctx->p[P_COW] / 100 * PAGE_SIZE;

	ctx->priv = s;
	s->children = calloc(ctx->p[P_CHILDREN], sizeof(*s->children));
	s->parent = mm_new();
	if (!s->children || !s->parent)
		goto fail;
	addr = do_mmap(s->parent, 0, len, RM_PROT_READ | RM_PROT_WRITE,
		       RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	if (touch_range(s->parent, addr, len, true))
		goto fail;
	while (s->nr_children < ctx->p[P_CHILDREN]) {
		struct mm_struct *child;

		if (scenario_over_budget())
			return scenario_out_of_budget(ctx);
		child = dup_mm(s->parent);
		if (!child)
			goto fail;
		s->children[s->nr_children++] = child;
		if (touch_range(child, addr, cow, true))
			goto fail;
	}
	return 0;
fail:
	ctx->error = "out of memory while forking the workers";
	return -1;
}

/* The aging pass: each anonymous page once, as the LRU would offer it. */
static int fork_server_run(struct scenario_ctx *ctx)
{
	unsigned long pfn;

	for (pfn = 1; pfn < max_mapnr; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (scenario_over_budget())
			return scenario_out_of_budget(ctx);
		if (PageAnon(page) && page_mapped(page))
			page_referenced(page);
	}
	return 0;
}

static void fork_server_teardown(struct scenario_ctx *ctx)
{
	struct fork_server *s = ctx->priv;
	long i;

	for (i = 0; i < s->nr_children; i++)
		mmput(s->children[i]);
	if (s->parent)
		mmput(s->parent);
	free(s->children);
	s->children = NULL;
	s->nr_children = 0;
	s->parent = NULL;
}

const struct scenario fork_server_scenario = {
	.name = "fork_server",
	.desc = "a server with K pages forks N workers that COW them; age all",
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.mem_pages = fork_server_pages,
	.setup = fork_server_setup,
	.run = fork_server_run,
	.teardown = fork_server_teardown,
};
