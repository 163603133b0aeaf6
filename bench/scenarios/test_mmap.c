/*
 * test_mmap: Ingo Molnar's first test-mmap.c ("[lockup] Re: objrmap-core-1
 * (rmap removal for file mappings to avoid 4:4 in <=16G machines)", LKML
 * 2004-03-09, <20040309105226.GA2863@elte.hu>), against Andrea
 * Arcangeli's objrmap for shared memory on 2.6.4-rc2-mm1. As its source
 * reads: a /dev/shm file written to 20000 pages (80 MB), its first 18000
 * pages (9/10) mapped MAP_SHARED, then each page of that window mapped
 * again MAP_FIXED as its own vma at pgoff 18000 - i (reversed, so none
 * merge) and written; then the process sleeps while the machine (256 MB
 * of RAM, 300 MB of swap) is put under pressure "by starting a few desktop
 * apps". kswapd then walks each shmem page's i_mmap_shared list of 18000
 * one-page vmas: the box locked up in page_referenced_obj.
 *
 * Ingo timed nothing; one iteration here is the whole story, so that it
 * repeats: the test writes and maps its file, a second process writes
 * pressure_pct of memory in anonymous pages (the desktop apps: alloc_page
 * reclaims when mem_map runs dry), both exit. The model writes reclaimed
 * shmem pages back like file pages rather than to swap; the walks that
 * find their ptes are the same. test_mmap2 (1800 vmas, 32 processes) and
 * test_mmap3 are the forked variants (test_mmap3.c); the figure stands
 * beside test_mmap3's, on the same x.
 */
#include "bench/scenarios/scenario.h"
#include "common/phase.h"

enum { P_VMAS, P_MEM, P_PRESSURE };

static const struct scenario_param params[] = {
	[P_VMAS] = { "vmas", 18000, 1, 1L << 20,
		     "one-page vmas (the file is a ninth larger)" },
	[P_MEM] = { "mem", 65536, 1024, 1L << 24,
		    "mem_map pages (Ingo's box: 256 MB)" },
	[P_PRESSURE] = { "pressure_pct", 100, 0, 400,
			 "anonymous pages the pressure writes, % of mem" },
};

/* Ingo's CACHE_PAGES to WINDOW_PAGES, 20000 to 18000; pgoff vmas needs
 * one page past the window */
static unsigned long shm_pages(unsigned long vmas)
{
	unsigned long pages = vmas * 10 / 9;

	return pages > vmas ? pages : vmas + 1;
}

static unsigned long test_mmap_pages(const struct scenario_ctx *ctx)
{
	return ctx->p[P_MEM];
}

/* write(fd, empty_page, PAGE_SIZE): a dirty page in the shm file */
static int shm_write(struct address_space *file, unsigned long pgoff)
{
	struct page *page = find_or_create_page(file, pgoff);

	if (!page)
		return -1;
	set_page_flag(page, PG_dirty);
	put_page(page);
	return 0;
}

/* The file written whole: page-ins, charged as the faults' work. */
static int shm_fill(struct address_space *file, unsigned long n)
{
	unsigned long pg;
	int ret = 0;

	phase_guard(PHASE_FAULT);
	for (pg = 0; !ret && pg < n; pg++)
		ret = shm_write(file, pg);
	return ret;
}

/* test-mmap.c's main() up to pause(): 0, or -1 out of memory */
static int test_mmap_map(struct scenario_ctx *ctx)
{
	long i, vmas = ctx->p[P_VMAS];
	unsigned long n = shm_pages(vmas), data, addr;
	struct address_space *file = file_create("cache", n, true);
	struct mm_struct *mm = file ? scenario_exec(ctx) : NULL;
	int ret = mm ? shm_fill(file, n) : -1;

	data = ret ? 0 : do_mmap(mm, 0, vmas * PAGE_SIZE,
				 RM_PROT_READ | RM_PROT_WRITE, RM_MAP_SHARED,
				 file, 0);
	ret = ret || IS_ERR_VALUE(data) ? -1 : 0;
	for (i = 0; !ret && i < vmas; i++) {
		addr = do_mmap(mm, data + i * PAGE_SIZE, PAGE_SIZE,
			       RM_PROT_READ | RM_PROT_WRITE,
			       RM_MAP_SHARED | RM_MAP_FIXED, file, vmas - i);
		ret = IS_ERR_VALUE(addr) || scenario_over_budget() ||
		      handle_mm_fault(mm, addr, true) ? -1 : 0;
	}
	/* unlink() at once, close() at exit: the vmas hold the file */
	if (file)
		file_put(file);
	return ret;
}

/* The desktop apps: a process writing pressure_pct of memory. */
static int pressure(struct scenario_ctx *ctx)
{
	unsigned long len = ctx->p[P_MEM] * ctx->p[P_PRESSURE] / 100 *
			    PAGE_SIZE, addr, off;
	struct mm_struct *mm = scenario_exec(ctx);

	if (!mm)
		return -1;
	addr = len ? do_mmap(mm, 0, len, RM_PROT_READ | RM_PROT_WRITE,
			     RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0) : 0;
	if (IS_ERR_VALUE(addr))
		return -1;
	phase_guard(PHASE_FAULT);
	for (off = 0; off < len; off += PAGE_SIZE)
		if (scenario_over_budget() ||
		    handle_mm_fault(mm, addr + off, true))
			return -1;
	return 0;
}

static int test_mmap_run(struct scenario_ctx *ctx)
{
	if (test_mmap_map(ctx))
		return scenario_fail(ctx, "out of memory mapping the shm "
				     "file: raise mem");
	if (pressure(ctx))
		return scenario_fail(ctx, "out of memory under pressure: "
				     "lower pressure_pct or raise mem");
	scenario_put_procs(ctx, 0);
	return 0;
}

static int test_mmap_setup(struct scenario_ctx *ctx)
{
	(void)ctx;
	return 0;
}

/* Ingo's 18000 vmas and a tenth and a hundredth of them, 256 MB; quick:
 * 8 MB */
static const struct scenario_curve curves[] = {
	{ "vmas", "180 1800 18000", "18 180", "", "mem=2048" },
};

static const struct scenario_figure figures[] = {
	{ .name = "test_mmap", .x = "vmas",
	  .title = "test_mmap: one process, one-page vmas of an 80 MB shm "
		   "file, then pressure",
	  .xlabel = "one-page vmas per process",
	  .left = { "time", "time per iteration" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
};

const struct scenario test_mmap_scenario = {
	.name = "test_mmap",
	.desc = "Ingo Molnar's first test-mmap (2004): an 80 MB shmfs file "
		"mapped as 18000 one-page vmas in reversed offset order, then "
		"a process writes all of memory.",
	.question = "Did object rmap on linear i_mmap lists lock up kswapd "
		    "with one sleeping process of many vmas, and what did "
		    "pte_chains, the prio tree and the interval tree pay?",
	.baseline = "objrmap",
	.ablations = "objrmap+walk=mjb",
	.phases = true,
	.extra = "reclaimed",
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = test_mmap_pages,
	.setup = test_mmap_setup,
	.run = test_mmap_run,
};
