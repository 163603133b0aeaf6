/*
 * native_file_windows: file_windows' shape (akpm's rmap-test) on the host
 * kernel. Each run forks T tasks; each maps V windows of S pages of one
 * shared memfd (window v at page v*S), reads every page (linearly, or in
 * in a random order for random=1) and exits, which unmaps them; the
 * parent reaps them. The host's page_referenced walk itself cannot be driven
 * from userspace here: MADV_PAGEOUT (5.4+) skips a file page mapped by
 * more than one process, which is every page of this shape, so what is
 * measured is the mapping side: fork, mmap, fault-in and exit of T*V windows,
 * which put every vma into and out of the file's i_mmap tree.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/components/component.h"

enum { P_TASKS, P_VMAS, P_PAGES, P_RANDOM };

/* the model's file_windows parameters, so the curves line up */
static const struct scenario_param params[] = {
	[P_TASKS] = { "tasks", 8, 1, 1000, "processes mapping the file" },
	[P_VMAS] = { "vmas", 8, 1, 30000, "windows each task maps" },
	[P_PAGES] = { "pages", 16, 1, 100000, "pages in each window" },
	[P_RANDOM] = { "random", 0, 0, 1,
		       "touch pages in random order (1) or linearly (0)" },
};

static const char *const variants[] = { "host" };

static struct {
	int fd;
	long *order;		/* random=1: the page order within a window */
} nw = { .fd = -1 };

static int native_file_windows_setup(struct scenario_ctx *ctx)
{
	long s = ctx->p[P_PAGES], i;

	nw.fd = native_file(ctx->p[P_VMAS] * s);
	nw.order = native_alloc(s * sizeof(*nw.order));
	if (nw.fd < 0 || !nw.order) {
		ctx->error = "cannot create the file";
		return -1;
	}
	for (i = 0; i < s; i++)
		nw.order[i] = i;
	for (i = s - 1; ctx->p[P_RANDOM] && i > 0; i--) {
		long j = prng_below(&ctx->rng, i + 1), t = nw.order[i];

		nw.order[i] = nw.order[j];
		nw.order[j] = t;
	}
	return 0;
}

/* One task's work, in the child: 0 when every window mapped. */
static int one_task(const struct scenario_ctx *ctx)
{
	long v, i, s = ctx->p[P_PAGES], psz = native_page_size();
	long len = s * psz;
	char *addr;

	for (v = 0; v < ctx->p[P_VMAS]; v++) {
		addr = mmap(NULL, len, PROT_READ, MAP_SHARED, nw.fd, v * len);
		if (addr == MAP_FAILED)
			return -1;
		for (i = 0; i < s; i++)
			native_touch(addr + nw.order[i] * psz, 1, false);
	}
	/* every window stays mapped, as the model's; exit unmaps them */
	return 0;
}

static int native_file_windows_run(struct scenario_ctx *ctx)
{
	long t, started = 0;
	pid_t pids[1000];
	int ret = 0;

	for (t = 0; t < ctx->p[P_TASKS]; t++) {
		pids[t] = native_fork();
		if (pids[t] == 0)
			_exit(one_task(ctx) ? 1 : 0);
		if (pids[t] < 0) {
			ret = -1;
			break;
		}
		started++;
	}
	for (t = 0; t < started; t++)
		ret |= native_reap(pids[t]);
	if (ret)
		ctx->error = "a task failed to fork, map or exit";
	return ret;
}

static void native_file_windows_teardown(struct scenario_ctx *ctx)
{
	if (nw.fd >= 0)
		close(nw.fd);
	native_free(nw.order, ctx->p[P_PAGES] * sizeof(*nw.order));
	nw.fd = -1;
	nw.order = NULL;
}

static const struct scenario_curve curves[] = {
	{ "vmas", "10 100 1000 10000", "10 100 1000", "tasks=1 pages=7",
	  "tasks=1 pages=7" },
};

static const struct scenario_figure figures[] = {
	{ .name = "native_file_windows", .x = "vmas", .with = "file_windows",
	  .title = "file_windows: the host kernel beside the model",
	  .xlabel = "windows per task (V)",
	  .left = { "time", "time per iteration" } },
};

const struct scenario native_file_windows_scenario = {
	.name = "native_file_windows",
	.desc = "file_windows' shape on the host kernel: real mmap of a real "
		"file, touches and munmap.",
	.question = "How far is the model's walk cost from a real kernel's?",
	.kind = SCENARIO_COMPONENT,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	SCENARIO_VARIANTS(variants),
	.setup = native_file_windows_setup,
	.run = native_file_windows_run,
	.teardown = native_file_windows_teardown,
};
