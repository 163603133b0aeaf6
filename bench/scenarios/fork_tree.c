/*
 * fork_tree: a random fork tree (height H, up to F children a node), every
 * process writing part of its private memory and reading a shared file;
 * then every page of every process is aged once, and the tree exits. A
 * process lifetime as a shell session or a make -j has it: fork, COW, walks
 * over mixed families of anon_vmas, exit.
 */
#include "bench/scenarios/scenario.h"
#include "common/phase.h"

enum { P_HEIGHT, P_FANOUT, P_PAGES, P_SHARED };

static const struct scenario_param params[] = {
	[P_HEIGHT] = { "height", 5, 1, 8, "levels below the root" },
	[P_FANOUT] = { "fanout", 3, 1, 4, "at most this many children a node" },
	[P_PAGES] = { "pages", 64, 1, 1L << 16, "private anonymous pages" },
	[P_SHARED] = { "shared", 64, 1, 1L << 16, "pages of the shared file" },
};

/* procs.mm[0] is the root; the tree's processes follow while a run lasts. */
static unsigned long anon, shared;

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
	struct mm_struct *root = scenario_exec(ctx);
	struct address_space *file = scenario_file(ctx, "shared",
						   ctx->p[P_SHARED], false);

	if (!root || !file)
		return -1;
	anon = do_mmap(root, 0, ctx->p[P_PAGES] * PAGE_SIZE,
		       RM_PROT_READ | RM_PROT_WRITE,
		       RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	shared = do_mmap(root, 0, ctx->p[P_SHARED] * PAGE_SIZE, RM_PROT_READ,
			 RM_MAP_SHARED, file, 0);
	if (touch_range(root, anon, ctx->p[P_PAGES] * PAGE_SIZE, true) ||
	    touch_range(root, shared, ctx->p[P_SHARED] * PAGE_SIZE, false))
		return -1;
	return 0;
}

/* The process writes a random half of its private pages, reads the file. */
static int live(struct scenario_ctx *ctx, struct mm_struct *mm)
{
	long i;

	phase_guard(PHASE_FAULT);
	for (i = 0; i < ctx->p[P_PAGES]; i++)
		if (prng_pct(&ctx->rng, 50) &&
		    handle_mm_fault(mm, anon + i * PAGE_SIZE, true))
			return -1;
	return touch_range(mm, shared, ctx->p[P_SHARED] * PAGE_SIZE, false);
}

static int grow(struct scenario_ctx *ctx, struct mm_struct *mm, long depth)
{
	long n = depth < ctx->p[P_HEIGHT] ?
		 (long)prng_below(&ctx->rng, ctx->p[P_FANOUT] + 1) : 0;

	while (n--) {
		struct mm_struct *child;

		if (scenario_over_budget())
			return -1;
		child = scenario_fork(ctx, mm);
		if (!child || live(ctx, child) || grow(ctx, child, depth + 1))
			return -1;
	}
	return 0;
}

/* Private page p of tree process i + 1, for i * pages + p. */
static struct page *tree_page(void *arg, unsigned long k)
{
	struct scenario_ctx *ctx = arg;
	unsigned long np = ctx->p[P_PAGES];
	pte_t *ptep = pte_offset(ctx->procs.mm[1 + k / np],
				 anon + k % np * PAGE_SIZE);
	pte_t pte = ptep ? ptep_get(ptep) : 0;

	return pte_present(pte) ? pte_page(pte) : NULL;
}

static int fork_tree_run(struct scenario_ctx *ctx)
{
	int ret;

	prng_seed(&ctx->rng, ctx->seed);
	ret = grow(ctx, ctx->procs.mm[0], 0);
	if (ret) {
		scenario_put_procs(ctx, 1);
		return scenario_fail(ctx, "out of memory growing the tree");
	}
	/* every private page of every process of the tree, aged once */
	ret = scenario_age(ctx, tree_page, ctx,
			   (ctx->procs.n - 1) * ctx->p[P_PAGES]);
	scenario_put_procs(ctx, 1);
	return ret;
}

static const struct scenario_curve curves[] = {
	{ "height", "1 2 3 4 5", "1 2 3", "", "pages=16 shared=16" },
};

static const struct scenario_figure figures[] = {
	{ .name = "fork_tree", .x = "height",
	  .title = "fork_tree: a random fork tree touching private and shared "
		   "memory",
	  .xlabel = "tree height",
	  .left = { "time", "time per iteration" },
	  .right = { "rmap_bytes_peak", "rmap metadata at the peak (bytes)" } },
};

const struct scenario fork_tree_scenario = {
	.name = "fork_tree",
	.desc = "A random fork tree, every process writing part of its private "
		"memory and reading a shared file; every page is aged once, "
		"then the tree exits: a shell session or a make -j.",
	.question = "How do the generations compare on an ordinary process "
		    "lifetime rather than a pathological one?",
	.baseline = "avc",
	.ablations = "anon_vma+fork=copy anon_vma+order=head",
	.phases = true,
	.memory = true,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = fork_tree_pages,
	.setup = fork_tree_setup,
	.run = fork_tree_run,
};
