/*
 * fork_tree: a random fork tree (height H, up to F children a node), every
 * process writing part of its private memory and reading a shared file;
 * then every page of every process is aged once, and the tree exits. A
 * process lifetime as a shell session or a make -j has it: fork, COW, walks
 * over mixed families of anon_vmas, exit.
 */
#include <stdlib.h>

#include "bench/scenarios/scenario.h"

enum { P_HEIGHT, P_FANOUT, P_PAGES, P_SHARED };

static const struct scenario_param params[] = {
	[P_HEIGHT] = { "height", 5, 1, 8, "levels below the root" },
	[P_FANOUT] = { "fanout", 3, 1, 4, "at most this many children a node" },
	[P_PAGES] = { "pages", 64, 1, 1L << 16, "private anonymous pages" },
	[P_SHARED] = { "shared", 64, 1, 1L << 16, "pages of the shared file" },
};


struct fork_tree {
	struct mm_struct *root;
	struct mm_struct **procs;
	long nprocs;
	struct address_space *file;
	unsigned long anon, shared;
};

static struct fork_tree state;

static long tree_size(const struct scenario_ctx *ctx)
{
	long n = 1, level = 1, d;

	for (d = 0; d < ctx->p[P_HEIGHT]; d++) {
		level *= ctx->p[P_FANOUT];
		n += level;
	}
	return n;
}

static unsigned long fork_tree_pages(const struct scenario_ctx *ctx)
{
	return ctx->p[P_SHARED] + tree_size(ctx) * (ctx->p[P_PAGES] + 16) +
	       4096;
}

static int fork_tree_setup(struct scenario_ctx *ctx)
{
	struct fork_tree *s = &state;

	ctx->priv = s;
	s->procs = calloc(tree_size(ctx), sizeof(*s->procs));
	s->root = mm_new();
	s->file = file_create("shared", ctx->p[P_SHARED], false);
	if (!s->procs || !s->root || !s->file)
		return -1;
	s->anon = do_mmap(s->root, 0, ctx->p[P_PAGES] * PAGE_SIZE,
			  RM_PROT_READ | RM_PROT_WRITE,
			  RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	s->shared = do_mmap(s->root, 0, ctx->p[P_SHARED] * PAGE_SIZE,
			    RM_PROT_READ, RM_MAP_SHARED, s->file, 0);
	if (touch_range(s->root, s->anon, ctx->p[P_PAGES] * PAGE_SIZE, true) ||
	    touch_range(s->root, s->shared, ctx->p[P_SHARED] * PAGE_SIZE, false))
		return -1;
	return 0;
}

/* The process writes a random half of its private pages, reads the file. */
static int live(struct scenario_ctx *ctx, struct mm_struct *mm)
{
	struct fork_tree *s = ctx->priv;
	long i;

	for (i = 0; i < ctx->p[P_PAGES]; i++)
		if (prng_pct(&ctx->rng, 50) &&
		    handle_mm_fault(mm, s->anon + i * PAGE_SIZE, true))
			return -1;
	return touch_range(mm, s->shared, ctx->p[P_SHARED] * PAGE_SIZE, false);
}

static int grow(struct scenario_ctx *ctx, struct mm_struct *mm, long depth)
{
	struct fork_tree *s = ctx->priv;
	long n = depth < ctx->p[P_HEIGHT] ?
		 (long)prng_below(&ctx->rng, ctx->p[P_FANOUT] + 1) : 0;

	while (n--) {
		struct mm_struct *child;

		/* before the fork: a child not yet in procs[] would leak */
		if (scenario_over_budget())
			return -1;
		child = dup_mm(mm);
		if (!child)
			return -1;
		s->procs[s->nprocs++] = child;
		if (live(ctx, child) || grow(ctx, child, depth + 1))
			return -1;
	}
	return 0;
}

static void age_all(struct fork_tree *s, long pages)
{
	long i, p;

	for (i = 0; i < s->nprocs; i++) {
		for (p = 0; p < pages; p++) {
			pte_t *ptep = pte_offset(s->procs[i],
						 s->anon + p * PAGE_SIZE);

			if (ptep && pte_present(*ptep))
				page_referenced(pte_page(*ptep));
		}
	}
}

static void exit_tree(struct fork_tree *s)
{
	while (s->nprocs)
		mmput(s->procs[--s->nprocs]);
}

static int fork_tree_run(struct scenario_ctx *ctx)
{
	struct fork_tree *s = ctx->priv;
	int ret;

	prng_seed(&ctx->rng, ctx->seed);
	ret = grow(ctx, s->root, 0);
	if (!ret)
		age_all(s, ctx->p[P_PAGES]);
	exit_tree(s);
	if (ret)
		ctx->error = scenario_over_budget() ? "over budget" :
			     "out of memory growing the tree";
	return ret;
}

static void fork_tree_teardown(struct scenario_ctx *ctx)
{
	struct fork_tree *s = ctx->priv;

	exit_tree(s);
	if (s->root)
		mmput(s->root);
	if (s->file)
		file_put(s->file);
	free(s->procs);
	s->procs = NULL;
	s->root = NULL;
	s->file = NULL;
}

const struct scenario fork_tree_scenario = {
	.name = "fork_tree",
	.desc = "a random fork tree; each process COWs private and reads shared "
		"memory; age every page; exit",
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.mem_pages = fork_tree_pages,
	.setup = fork_tree_setup,
	.run = fork_tree_run,
	.teardown = fork_tree_teardown,
};
