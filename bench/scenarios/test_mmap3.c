/*
 * test_mmap3: Ingo Molnar's test against the linear i_mmap lists (2004). A
 * shared file is mapped as many one-page vmas in reversed offset order (so
 * none merge), the process forks for R rounds (2^R processes, each touching
 * its windows), then memory pressure ages every file page. Every walk of the
 * linear lists visits all vmas of all processes: O(vmas * processes) per
 * page, which locked 2004 machines for half an hour.
 */
#include "bench/scenarios/scenario.h"

enum { P_FILE_PAGES, P_VMAS, P_ROUNDS };

static const struct scenario_param params[] = {
	[P_FILE_PAGES] = { "file_pages", 2000, 1, 1L << 22,
			   "pages in the shared file" },
	[P_VMAS] = { "vmas", 1800, 1, 1L << 22,
		     "one-page vmas, reversed offsets (<= file_pages)" },
	[P_ROUNDS] = { "rounds", 5, 0, 10,
		       "fork rounds: 2^rounds processes" },
};

#define MAX_PROCS	1024
#define BASE		0x100000000UL

struct test_mmap3 {
	struct mm_struct *procs[MAX_PROCS];
	long nprocs;
	struct address_space *file;
};

static struct test_mmap3 state;

static unsigned long test_mmap3_pages(const struct scenario_ctx *ctx)
{
	unsigned long procs = 1UL << ctx->p[P_ROUNDS];

	return ctx->p[P_FILE_PAGES] +
	       procs * (ctx->p[P_VMAS] / 512 + 8) + 4096;
}

static int touch_windows(struct mm_struct *mm, long vmas)
{
	return touch_range(mm, BASE, vmas * PAGE_SIZE, false);
}

static int test_mmap3_setup(struct scenario_ctx *ctx)
{
	struct test_mmap3 *s = &state;
	long v, vmas = ctx->p[P_VMAS], r, i, n;

	ctx->priv = s;
	if (vmas > ctx->p[P_FILE_PAGES]) {
		ctx->error = "vmas must not exceed file_pages";
		return -1;
	}
	s->file = file_create("test_mmap3", ctx->p[P_FILE_PAGES], false);
	s->procs[0] = mm_new();
	if (!s->file || !s->procs[0])
		return -1;
	s->nprocs = 1;
	for (v = 0; v < vmas; v++)
		do_mmap(s->procs[0], BASE + v * PAGE_SIZE, PAGE_SIZE,
			RM_PROT_READ | RM_PROT_WRITE,
			RM_MAP_SHARED | RM_MAP_FIXED, s->file, vmas - 1 - v);
	if (touch_windows(s->procs[0], vmas))
		return -1;
	for (r = 0; r < ctx->p[P_ROUNDS]; r++) {
		for (i = 0, n = s->nprocs; i < n; i++) {
			struct mm_struct *child = dup_mm(s->procs[i]);

			if (!child || scenario_over_budget())
				return -1;
			s->procs[s->nprocs++] = child;
			/* lazy fork copied no shared pte: fault them in */
			if (touch_windows(child, vmas))
				return -1;
		}
	}
	return 0;
}

static int test_mmap3_run(struct scenario_ctx *ctx)
{
	struct test_mmap3 *s = ctx->priv;
	unsigned long pgoff;

	for (pgoff = 0; pgoff < s->file->size; pgoff++) {
		if (scenario_over_budget()) {
			ctx->error = "over budget";
			return -1;
		}
		if (s->file->pages[pgoff])
			page_referenced(s->file->pages[pgoff]);
	}
	return 0;
}

static void test_mmap3_teardown(struct scenario_ctx *ctx)
{
	struct test_mmap3 *s = ctx->priv;

	while (s->nprocs)
		mmput(s->procs[--s->nprocs]);
	if (s->file)
		file_put(s->file);
	s->file = NULL;
}

const struct scenario test_mmap3_scenario = {
	.name = "test_mmap3",
	.desc = "one-page shared vmas in reversed order, 2^R forked processes, "
		"aging walks",
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.mem_pages = test_mmap3_pages,
	.setup = test_mmap3_setup,
	.run = test_mmap3_run,
	.teardown = test_mmap3_teardown,
};
