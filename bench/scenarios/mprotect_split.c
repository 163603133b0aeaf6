/*
 * mprotect_split: one large anonymous vma, written, forked once so the
 * child's copy has an anon_vma chain, then cut by the child into N pieces
 * by mprotect of every other range (a JIT or a garbage collector guarding
 * its heap); the measured run ages every page once (scenario_age).
 * Every piece keeps an avc on the family's root anon_vma, where the pages
 * live: anon_vma_chain's list (2.6.34-3.6), like 2.6.7's anon_vma list,
 * passes all N pieces in every walk; the interval tree (3.7+) descends to
 * the one or two vmas that cover the page.
 */
#include <stdlib.h>

#include "bench/scenarios/scenario.h"

enum { P_PAGES, P_PIECES };

static const struct scenario_param params[] = {
	[P_PAGES] = { "pages", 4096, 1, 1L << 22,
		      "pages of the anonymous vma" },
	[P_PIECES] = { "pieces", 1024, 1, 1L << 22,
		       "vmas the child's mprotect cuts it into (<= pages)" },
};

/* The parent's pages, in address order: the pages every run ages. */
static struct page **pages;

static unsigned long mprotect_split_pages(const struct scenario_ctx *ctx)
{
	return ctx->p[P_PAGES] + 4096;
}

/* Range i of N: [i * pages / N, (i + 1) * pages / N) pages from the start */
static unsigned long range_start(const struct scenario_ctx *ctx, long i)
{
	return i * ctx->p[P_PAGES] / ctx->p[P_PIECES] * PAGE_SIZE;
}

static int mprotect_split_setup(struct scenario_ctx *ctx)
{
	unsigned long len = ctx->p[P_PAGES] * PAGE_SIZE, addr;
	struct mm_struct *parent, *child;
	long i;

	if (ctx->p[P_PIECES] > ctx->p[P_PAGES])
		return scenario_fail(ctx, "pieces must not exceed pages");
	pages = calloc(ctx->p[P_PAGES], sizeof(*pages));
	parent = scenario_exec(ctx);
	if (!pages || !parent)
		return -1;
	addr = do_mmap(parent, 0, len, RM_PROT_READ | RM_PROT_WRITE,
		       RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	if (touch_range(parent, addr, len, true))
		return -1;
	for (i = 0; i < ctx->p[P_PAGES]; i++)
		pages[i] = pte_page(ptep_get(pte_offset(parent,
							     addr + i * PAGE_SIZE)));
	child = scenario_fork(ctx, parent);
	if (!child)
		return -1;
	for (i = 1; i < ctx->p[P_PIECES]; i += 2)
		if (do_mprotect(child, addr + range_start(ctx, i),
				range_start(ctx, i + 1) - range_start(ctx, i),
				RM_PROT_READ))
			return -1;
	return 0;
}

static struct page *page_of(void *arg, unsigned long i)
{
	(void)arg;
	return pages[i];
}

static int mprotect_split_run(struct scenario_ctx *ctx)
{
	return scenario_age(ctx, page_of, NULL, ctx->p[P_PAGES]);
}

static void mprotect_split_teardown(struct scenario_ctx *ctx)
{
	free(pages);
	pages = NULL;
	scenario_teardown(ctx);
}

static const struct scenario_curve curves[] = {
	{ "pieces", "16 128 1024 8192", "16 128", "pages=16384", "pages=1024" },
};

static const struct scenario_figure figures[] = {
	{ .name = "mprotect_split", .x = "pieces",
	  .title = "mprotect_split: one anonymous vma split into pieces, then "
		   "walked",
	  .xlabel = "pieces",
	  .left = { "time", "time per iteration" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
};

const struct scenario mprotect_split_scenario = {
	.name = "mprotect_split",
	.desc = "One large anonymous vma, forked, and the child's copy split "
		"into pieces by mprotect; then every page is aged.",
	.question = "Why interval trees for anon_vma (3.7): a walk of an "
		    "anon_vma's list of chains visits every piece, a tree only "
		    "the pieces covering the page.",
	.baseline = "avc",
	.ablations = "anon_vma+order=head",
	.memory = true,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = mprotect_split_pages,
	.setup = mprotect_split_setup,
	.run = mprotect_split_run,
	.teardown = mprotect_split_teardown,
};
