/*
 * shared_lib: many processes map one library-like file whole, as every
 * program maps libc: text (r-x) and rodata (r--) shared read-only, data
 * (rw-, private) written, so each process COWs its own copy of the data
 * pages, plus its anonymous bss. Every walk of a text page finds one vma per
 * process with the identical range (prio tree: one node and a vm_set list;
 * interval tree: duplicates); a data page's file walk finds vmas that have
 * COWed it, the false aliasing object rmap pays for. An iteration starts
 * the processes, maps and touches the library, ages every file page and
 * ends them: the identical ranges cost at mmap and exit too.
 */
#include "bench/scenarios/scenario.h"

enum { P_PROCS, P_PAGES };

static const struct scenario_param params[] = {
	[P_PROCS] = { "procs", 64, 1, 100000, "processes mapping the library" },
	[P_PAGES] = { "pages", 256, 4, 1L << 20, "pages in the library file" },
};

static struct address_space *lib;

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
	lib = scenario_file(ctx, "libc.so.6", ctx->p[P_PAGES], false);
	return lib ? 0 : -1;
}

/* The processes start and map the library, it is aged, they exit. */
static int shared_lib_run(struct scenario_ctx *ctx)
{
	struct mm_struct *mm;
	long i;
	int ret;

	for (i = 0; i < ctx->p[P_PROCS]; i++) {
		if (scenario_over_budget())
			return scenario_fail(ctx, NULL);
		mm = scenario_exec(ctx);
		if (!mm || map_library(mm, lib))
			return scenario_fail(ctx, "out of memory");
	}
	ret = scenario_age_file(ctx, lib);
	scenario_put_procs(ctx, 0);
	return ret;
}

static const struct scenario_curve curves[] = {
	{ "procs", "1 10 100 1000", "1 4 16", "", "pages=64" },
};

static const struct scenario_figure figures[] = {
	{ .name = "shared_lib", .x = "procs",
	  .title = "shared_lib: P processes map one library-like file",
	  .xlabel = "processes (P)",
	  .left = { "time", "time per iteration" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
};

const struct scenario shared_lib_scenario = {
	.name = "shared_lib",
	.desc = "Many processes map one library-like file whole: text and "
		"rodata shared, data written (COWed), plus an anonymous bss; "
		"every file page is aged, and the processes exit.",
	.question = "What do identical ranges (prio tree vm_set lists against "
		    "interval tree duplicates) and COWed data pages cost a file "
		    "walk, and the mmaps and exits that build them?",
	.baseline = "anon_vma",
	.phases = true,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = shared_lib_pages,
	.setup = shared_lib_setup,
	.run = shared_lib_run,
};
