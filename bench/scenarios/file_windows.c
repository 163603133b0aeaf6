/*
 * file_windows: akpm's rmap-test. T tasks each map V windows of S pages of
 * one shared file (window v at pgoff v*S), touch them, then every file page
 * is walked with page_referenced. Each page is mapped once per task, but
 * the file's i_mmap holds T*V vmas: the linear lists probe all of them per
 * walk, a prio or interval tree only those whose range holds the page.
 */
#include <stdlib.h>

#include "bench/scenarios/scenario.h"

enum { P_TASKS, P_VMAS, P_PAGES, P_RANDOM };

static const struct scenario_param params[] = {
	[P_TASKS] = { "tasks", 8, 1, 10000, "processes mapping the file" },
	[P_VMAS] = { "vmas", 8, 1, 100000, "windows each task maps" },
	[P_PAGES] = { "pages", 16, 1, 100000, "pages in each window" },
	[P_RANDOM] = { "random", 0, 0, 1,
		       "touch pages in random order (1) or linearly (0)" },
};

struct file_windows {
	struct mm_struct **tasks;
	long nr_tasks;
	struct address_space *file;
};

static struct file_windows state;

static unsigned long file_windows_pages(const struct scenario_ctx *ctx)
{
	unsigned long file = ctx->p[P_VMAS] * ctx->p[P_PAGES];

	/* the file, plus pte tables: a window may straddle two */
	return file + ctx->p[P_TASKS] * (file / 512 + 2 * ctx->p[P_VMAS] + 4) +
	       4096;
}

static int touch_windows(struct scenario_ctx *ctx, struct mm_struct *mm,
			 unsigned long *addrs)
{
	long v, i, nv = ctx->p[P_VMAS], np = ctx->p[P_PAGES];
	unsigned long n = nv * np;

	if (!ctx->p[P_RANDOM]) {
		for (v = 0; v < nv; v++)
			if (touch_range(mm, addrs[v], np * PAGE_SIZE, false))
				return -1;
		return 0;
	}
	for (i = 0; (unsigned long)i < n; i++) {
		unsigned long k = prng_below(&ctx->rng, n);

		if (handle_mm_fault(mm, addrs[k / np] + (k % np) * PAGE_SIZE,
				    false))
			return -1;
	}
	return 0;
}

static int file_windows_setup(struct scenario_ctx *ctx)
{
	struct file_windows *s = &state;
	long t, v, nv = ctx->p[P_VMAS], np = ctx->p[P_PAGES];
	unsigned long *addrs = calloc(nv, sizeof(*addrs));

	ctx->priv = s;
	s->tasks = calloc(ctx->p[P_TASKS], sizeof(*s->tasks));
	if (!addrs || !s->tasks)
		goto fail;
	s->file = file_create("rmap-test", nv * np, false);
	for (t = 0; t < ctx->p[P_TASKS]; t++) {
		struct mm_struct *mm;

		if (scenario_over_budget()) {
			free(addrs);
			return scenario_out_of_budget(ctx);
		}
		mm = mm_new();
		if (!mm)
			goto fail;
		s->tasks[s->nr_tasks++] = mm;
		for (v = 0; v < nv; v++)
			addrs[v] = do_mmap(mm, 0, np * PAGE_SIZE,
					   RM_PROT_READ | RM_PROT_WRITE,
					   RM_MAP_SHARED, s->file, v * np);
		if (touch_windows(ctx, mm, addrs))
			goto fail;
	}
	free(addrs);
	return 0;
fail:
	free(addrs);
	ctx->error = "out of memory while mapping the windows";
	return -1;
}

static int file_windows_run(struct scenario_ctx *ctx)
{
	struct file_windows *s = ctx->priv;
	unsigned long pgoff;

	for (pgoff = 0; pgoff < s->file->size; pgoff++) {
		struct page *page = s->file->pages[pgoff];

		if (scenario_over_budget())
			return scenario_out_of_budget(ctx);
		if (page)
			page_referenced(page);
	}
	return 0;
}

static void file_windows_teardown(struct scenario_ctx *ctx)
{
	struct file_windows *s = ctx->priv;
	long t;

	for (t = 0; t < s->nr_tasks; t++)
		mmput(s->tasks[t]);
	free(s->tasks);
	if (s->file)
		file_put(s->file);
	s->tasks = NULL;
	s->nr_tasks = 0;
	s->file = NULL;
}

const struct scenario file_windows_scenario = {
	.name = "file_windows",
	.desc = "T tasks map V windows of S pages of one file; walk every page",
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.mem_pages = file_windows_pages,
	.setup = file_windows_setup,
	.run = file_windows_run,
	.teardown = file_windows_teardown,
};
