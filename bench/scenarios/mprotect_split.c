/*
 * mprotect_split: one large anonymous vma, written, forked once so the
 * child's copy has an anon_vma chain, then cut by the child into N pieces
 * by mprotect of every other range (a JIT or a garbage collector guarding
 * its heap); the measured run ages every page once with page_referenced.
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

struct mprotect_split {
	struct mm_struct *parent, *child;
	struct page **pages;
};

static struct mprotect_split state;

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
	struct mprotect_split *s = &state;
	unsigned long len = ctx->p[P_PAGES] * PAGE_SIZE, addr;
	long i;

	ctx->priv = s;
	if (ctx->p[P_PIECES] > ctx->p[P_PAGES]) {
		ctx->error = "pieces must not exceed pages";
		return -1;
	}
	s->pages = calloc(ctx->p[P_PAGES], sizeof(*s->pages));
	s->parent = mm_new();
	if (!s->pages || !s->parent)
		return -1;
	addr = do_mmap(s->parent, 0, len, RM_PROT_READ | RM_PROT_WRITE,
		       RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	if (touch_range(s->parent, addr, len, true))
		return -1;
	for (i = 0; i < ctx->p[P_PAGES]; i++)
		s->pages[i] = pte_page(*pte_offset(s->parent,
						   addr + i * PAGE_SIZE));
	s->child = dup_mm(s->parent);
	if (!s->child)
		return -1;
	for (i = 1; i < ctx->p[P_PIECES]; i += 2)
		if (do_mprotect(s->child, addr + range_start(ctx, i),
				range_start(ctx, i + 1) - range_start(ctx, i),
				RM_PROT_READ))
			return -1;
	return 0;
}

static int mprotect_split_run(struct scenario_ctx *ctx)
{
	struct mprotect_split *s = ctx->priv;
	long i;

	for (i = 0; i < ctx->p[P_PAGES]; i++) {
		if ((i & 255) == 0 && scenario_over_budget())
			return scenario_out_of_budget(ctx);
		page_referenced(s->pages[i]);
	}
	return 0;
}

static void mprotect_split_teardown(struct scenario_ctx *ctx)
{
	struct mprotect_split *s = ctx->priv;

	if (s->child)
		mmput(s->child);
	if (s->parent)
		mmput(s->parent);
	free(s->pages);
	s->child = s->parent = NULL;
	s->pages = NULL;
}

const struct scenario mprotect_split_scenario = {
	.name = "mprotect_split",
	.desc = "a forked anonymous vma cut into N pieces; age every page",
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.mem_pages = mprotect_split_pages,
	.setup = mprotect_split_setup,
	.run = mprotect_split_run,
	.teardown = mprotect_split_teardown,
};
