/*
 * fork_exit: a process with P pages forks and the child exits at once:
 * akpm's fork/exit storm, lmbench's fork+exit. Fork copies the page tables
 * (every pte up to 2.6.13, only vmas with anon state from 2.6.14) and exit
 * zaps them, so per-pte rmap (pte_chain) pays twice per pte per iteration,
 * while object rmap pays only a counter for file pages and per-vma work.
 */
#include "bench/scenarios/scenario.h"

enum { P_PAGES, P_FILE_PCT };

static const struct scenario_param params[] = {
	[P_PAGES] = { "pages", 1024, 1, 1L << 22,
		      "pages mapped by the parent" },
	[P_FILE_PCT] = { "file_pct", 50, 0, 100,
			 "percent of them file-backed (private, read)" },
};

struct fork_exit {
	struct mm_struct *parent;
	struct address_space *file;
};

static struct fork_exit state;

static unsigned long fork_exit_pages(const struct scenario_ctx *ctx)
{
	return 2 * ctx->p[P_PAGES] + 4096;
}

static int fork_exit_setup(struct scenario_ctx *ctx)
{
	unsigned long file_pages = ctx->p[P_PAGES] * ctx->p[P_FILE_PCT] / 100;
	unsigned long anon_pages = ctx->p[P_PAGES] - file_pages;
	struct fork_exit *s = &state;
	unsigned long addr;

	ctx->priv = s;
	s->parent = mm_new();
	if (!s->parent)
		return -1;
	if (anon_pages) {
		addr = do_mmap(s->parent, 0, anon_pages * PAGE_SIZE,
			       RM_PROT_READ | RM_PROT_WRITE,
			       RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
		if (touch_range(s->parent, addr, anon_pages * PAGE_SIZE, true))
			return -1;
	}
	if (file_pages) {
		s->file = file_create("data", file_pages, false);
		addr = do_mmap(s->parent, 0, file_pages * PAGE_SIZE,
			       RM_PROT_READ, RM_MAP_PRIVATE, s->file, 0);
		if (touch_range(s->parent, addr, file_pages * PAGE_SIZE, false))
			return -1;
	}
	return 0;
}

static int fork_exit_run(struct scenario_ctx *ctx)
{
	struct fork_exit *s = ctx->priv;
	struct mm_struct *child;

	if (scenario_over_budget())
		return scenario_out_of_budget(ctx);
	child = dup_mm(s->parent);
	if (!child) {
		ctx->error = "fork ran out of memory";
		return -1;
	}
	mmput(child);
	return 0;
}

static void fork_exit_teardown(struct scenario_ctx *ctx)
{
	struct fork_exit *s = ctx->priv;

	if (s->parent)
		mmput(s->parent);
	if (s->file)
		file_put(s->file);
	s->parent = NULL;
	s->file = NULL;
}

const struct scenario fork_exit_scenario = {
	.name = "fork_exit",
	.desc = "a process with P pages forks; the child exits at once",
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.mem_pages = fork_exit_pages,
	.setup = fork_exit_setup,
	.run = fork_exit_run,
	.teardown = fork_exit_teardown,
};
