/*
 * native_fork_exit: fork_exit's shape on the host kernel. A process maps
 * P pages, (100 - file_pct)% anonymous and written, the rest a private
 * read-only mapping of a file read in, as the model's parent does; each
 * run forks a child that _exit()s at once and waits for it. The host's
 * fork copies the ptes of vmas with anon state and skips the others, as
 * Linux has since 2.6.14: time per run / P beside the model's per-pte fork
 * and exit cost.
 */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/components/component.h"

enum { P_PAGES, P_FILE_PCT };

/* the model's fork_exit parameters, so the curves line up */
static const struct scenario_param params[] = {
	[P_PAGES] = { "pages", 1024, 1, 1L << 22,
		      "pages mapped by the parent" },
	[P_FILE_PCT] = { "file_pct", 50, 0, 100,
			 "percent of them file-backed" },
};

static const char *const variants[] = { "host" };

static struct {
	char *anon, *file;
	long anon_pages, file_pages;
	int fd;
} nf = { .fd = -1 };

static int native_fork_exit_setup(struct scenario_ctx *ctx)
{
	long psz = native_page_size();

	nf.file_pages = ctx->p[P_PAGES] * ctx->p[P_FILE_PCT] / 100;
	nf.anon_pages = ctx->p[P_PAGES] - nf.file_pages;
	if (nf.anon_pages) {
		nf.anon = mmap(NULL, nf.anon_pages * psz,
			       PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (nf.anon == MAP_FAILED)
			goto fail;
		native_touch(nf.anon, nf.anon_pages, true);
	}
	if (nf.file_pages) {
		nf.fd = native_file(nf.file_pages);
		if (nf.fd < 0)
			goto fail;
		nf.file = mmap(NULL, nf.file_pages * psz, PROT_READ,
			       MAP_PRIVATE, nf.fd, 0);
		if (nf.file == MAP_FAILED)
			goto fail;
		native_touch(nf.file, nf.file_pages, false);
	}
	return 0;
fail:
	ctx->error = "cannot map the parent's memory";
	return -1;
}

static int native_fork_exit_run(struct scenario_ctx *ctx)
{
	pid_t pid = native_fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0 || native_reap(pid)) {
		ctx->error = "fork or wait failed";
		return -1;
	}
	return 0;
}

static void native_fork_exit_teardown(struct scenario_ctx *ctx)
{
	long psz = native_page_size();

	(void)ctx;
	if (nf.anon && nf.anon != MAP_FAILED)
		munmap(nf.anon, nf.anon_pages * psz);
	if (nf.file && nf.file != MAP_FAILED)
		munmap(nf.file, nf.file_pages * psz);
	if (nf.fd >= 0)
		close(nf.fd);
	nf.anon = nf.file = NULL;
	nf.fd = -1;
}

static const struct scenario_curve curves[] = {
	{ "pages", "64 256 1024 4096 16384 65536", "64 256 1024", "", "" },
};

static const struct scenario_figure figures[] = {
	{ .name = "native_fork_exit", .x = "pages", .with = "fork_exit",
	  .title = "fork_exit: the host kernel beside the model",
	  .xlabel = "pages mapped by the parent",
	  .left = { "time", "time per fork + exit" } },
};

const struct scenario native_fork_exit_scenario = {
	.name = "native_fork_exit",
	.desc = "fork_exit's shape on the host kernel: real fork and exit.",
	.question = "How far is the model's fork cost from a real kernel's?",
	.kind = SCENARIO_COMPONENT,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	SCENARIO_VARIANTS(variants),
	.setup = native_fork_exit_setup,
	.run = native_fork_exit_run,
	.teardown = native_fork_exit_teardown,
};
