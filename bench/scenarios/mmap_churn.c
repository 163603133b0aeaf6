/*
 * mmap_churn: what the i_mmap structure costs on insert and remove. A file
 * already has V vmas (one process mapping V small windows); each iteration
 * maps and unmaps C more windows at random offsets. A list inserts in O(1),
 * the prio tree and interval tree in O(log V): the price trees pay at mmap
 * and munmap for cheap walks.
 */
#include "bench/scenarios/scenario.h"

enum { P_VMAS, P_CHURN, P_PAGES };

static const struct scenario_param params[] = {
	[P_VMAS] = { "vmas", 1000, 1, 1L << 20, "vmas already on the file" },
	[P_CHURN] = { "churn", 100, 1, 1L << 20,
		      "mmap + munmap pairs per iteration" },
	[P_PAGES] = { "pages", 4, 1, 4096, "pages per window" },
};

struct mmap_churn {
	struct mm_struct *mm;
	struct address_space *file;
};

static struct mmap_churn state;

static unsigned long mmap_churn_pages(const struct scenario_ctx *ctx)
{
	return ctx->p[P_VMAS] / 64 + 4096;
}

static int mmap_churn_setup(struct scenario_ctx *ctx)
{
	struct mmap_churn *s = &state;
	long v, np = ctx->p[P_PAGES];

	ctx->priv = s;
	s->file = file_create("churn", ctx->p[P_VMAS] * np, false);
	s->mm = mm_new();
	if (!s->file || !s->mm)
		return -1;
	/* windows in reversed offset order: top-down placement, no merges */
	for (v = 0; v < ctx->p[P_VMAS]; v++)
		if (IS_ERR_VALUE(do_mmap(s->mm, 0, np * PAGE_SIZE, RM_PROT_READ,
					 RM_MAP_SHARED, s->file, v * np)))
			return -1;
	return 0;
}

static int mmap_churn_run(struct scenario_ctx *ctx)
{
	struct mmap_churn *s = ctx->priv;
	unsigned long len = ctx->p[P_PAGES] * PAGE_SIZE, addr;
	long i;

	for (i = 0; i < ctx->p[P_CHURN]; i++) {
		unsigned long pgoff = prng_below(&ctx->rng, s->file->size -
						 ctx->p[P_PAGES] + 1);

		if (scenario_over_budget()) {
			ctx->error = "over budget";
			return -1;
		}
		addr = do_mmap(s->mm, 0, len, RM_PROT_READ, RM_MAP_SHARED,
			       s->file, pgoff);
		if (IS_ERR_VALUE(addr) || do_munmap(s->mm, addr, len))
			return -1;
	}
	return 0;
}

static void mmap_churn_teardown(struct scenario_ctx *ctx)
{
	struct mmap_churn *s = ctx->priv;

	if (s->mm)
		mmput(s->mm);
	if (s->file)
		file_put(s->file);
	s->mm = NULL;
	s->file = NULL;
}

const struct scenario mmap_churn_scenario = {
	.name = "mmap_churn",
	.desc = "mmap and munmap file windows next to V existing vmas",
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.mem_pages = mmap_churn_pages,
	.setup = mmap_churn_setup,
	.run = mmap_churn_run,
	.teardown = mmap_churn_teardown,
};
