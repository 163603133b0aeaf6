/*
 * shared_lib: many processes map one library-like file whole, as every
 * program maps libc: text (r-x) and rodata (r--) shared read-only, data
 * (rw-, private) written, so each process COWs its own copy of the data
 * pages, plus its anonymous bss. Every walk of a text page finds one vma per
 * process with the identical range (prio tree: one node and a vm_set list;
 * interval tree: duplicates); a data page's file walk finds vmas that have
 * COWed it, the false aliasing object rmap pays for.
 */
#include <stdlib.h>

#include "bench/scenarios/scenario.h"

enum { P_PROCS, P_PAGES };

static const struct scenario_param params[] = {
	[P_PROCS] = { "procs", 64, 1, 100000, "processes mapping the library" },
	[P_PAGES] = { "pages", 256, 4, 1L << 20, "pages in the library file" },
};

struct shared_lib {
	struct mm_struct **procs;
	long nprocs;
	struct address_space *lib;
};

static struct shared_lib state;

static unsigned long shared_lib_pages(const struct scenario_ctx *ctx)
{
	unsigned long lib = ctx->p[P_PAGES];

	return lib + ctx->p[P_PROCS] * (lib / 4 + lib / 512 + 12) + 4096;
}

/* text 1/2, rodata 1/4, data 1/4 of the file, then a bss of 1/8 */
static int map_library(struct mm_struct *mm, struct address_space *lib)
{
	unsigned long n = lib->size, text = n / 2, ro = n / 4;
	unsigned long data = n - text - ro, bss = n / 8 ? n / 8 : 1, base;
	int ret;

	base = do_mmap(mm, 0, (n + bss) * PAGE_SIZE, RM_PROT_READ |
		       RM_PROT_EXEC, RM_MAP_PRIVATE, lib, 0);
	if (IS_ERR_VALUE(base))
		return -1;
	do_mprotect(mm, base + text * PAGE_SIZE, ro * PAGE_SIZE, RM_PROT_READ);
	do_mmap(mm, base + (text + ro) * PAGE_SIZE, data * PAGE_SIZE,
		RM_PROT_READ | RM_PROT_WRITE, RM_MAP_PRIVATE | RM_MAP_FIXED,
		lib, text + ro);
	do_mmap(mm, base + n * PAGE_SIZE, bss * PAGE_SIZE,
		RM_PROT_READ | RM_PROT_WRITE,
		RM_MAP_PRIVATE | RM_MAP_ANON | RM_MAP_FIXED, NULL, 0);
	ret = touch_range(mm, base, (text + ro) * PAGE_SIZE, false);
	if (!ret)
		ret = touch_range(mm, base + (text + ro) * PAGE_SIZE,
				  (data + bss) * PAGE_SIZE, true);
	return ret ? -1 : 0;
}

static int shared_lib_setup(struct scenario_ctx *ctx)
{
	struct shared_lib *s = &state;
	long i;

	ctx->priv = s;
	s->procs = calloc(ctx->p[P_PROCS], sizeof(*s->procs));
	s->lib = file_create("libc.so.6", ctx->p[P_PAGES], false);
	if (!s->procs || !s->lib)
		return -1;
	for (i = 0; i < ctx->p[P_PROCS]; i++) {
		struct mm_struct *mm = mm_new();

		if (!mm || scenario_over_budget())
			return -1;
		s->procs[s->nprocs++] = mm;
		if (map_library(mm, s->lib))
			return -1;
	}
	return 0;
}

static int shared_lib_run(struct scenario_ctx *ctx)
{
	struct shared_lib *s = ctx->priv;
	unsigned long pgoff;

	for (pgoff = 0; pgoff < s->lib->size; pgoff++) {
		if (scenario_over_budget()) {
			ctx->error = "over budget";
			return -1;
		}
		if (s->lib->pages[pgoff])
			page_referenced(s->lib->pages[pgoff]);
	}
	return 0;
}

static void shared_lib_teardown(struct scenario_ctx *ctx)
{
	struct shared_lib *s = ctx->priv;

	while (s->nprocs)
		mmput(s->procs[--s->nprocs]);
	free(s->procs);
	s->procs = NULL;
	if (s->lib)
		file_put(s->lib);
	s->lib = NULL;
}

const struct scenario shared_lib_scenario = {
	.name = "shared_lib",
	.desc = "P processes map one library file whole (text, rodata, data, "
		"bss); walk every file page",
	.params = params,
	.nparams = sizeof(params) / sizeof(params[0]),
	.mem_pages = shared_lib_pages,
	.setup = shared_lib_setup,
	.run = shared_lib_run,
	.teardown = shared_lib_teardown,
};
