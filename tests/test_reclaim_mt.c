/*
 * Reclaim that frees page cache pages while other CPUs run (sdet
 * kswapd=2): kswapd isolates batches of the LRU with a reference on each,
 * unmaps with try_to_unmap and frees a page only when the page cache's
 * lock (or, from 2.6.27, a frozen count) shows that nobody else holds it.
 * Two checks: the count rule itself, a CPU looking pages up while another
 * removes them, on every era's page cache lock; and sdet on two script
 * CPUs with kswapd reclaiming on a third, on every generation that walks,
 * checked between scripts. Under ThreadSanitizer (make test-tsan) every
 * access two CPUs make to one word is a locked or atomic one.
 */
#include <string.h>

#include "common/filemap.h"
#include "common/smp.h"
#include "tests/model_test.h"

#define FILE_PAGES	32
#define PASSES		200

struct race {
	struct address_space *file;
	int reading;		/* the lookup CPU has not finished */
	unsigned long removed;	/* pages remove_mapping freed */
	unsigned long lost;	/* pages gone from the cache while held */
	unsigned long failed;	/* lookups out of memory */
};

/*
 * Each page looked up (or added), then looked up again while held: the
 * cache must still hold the same page, as a CPU mapping it needs. The
 * passes go on until the other CPU has removed some pages.
 */
static void look_up(struct race *r)
{
	struct page *page, *again;
	unsigned long pgoff;
	int pass;

	for (pass = 0; pass < PASSES ||
	     __atomic_load_n(&r->removed, __ATOMIC_RELAXED) < FILE_PAGES;
	     pass++)
		for (pgoff = 0; pgoff < FILE_PAGES; pgoff++) {
			page = find_or_create_page(r->file, pgoff);
			if (!page) {
				r->failed++;
				continue;
			}
			again = find_get_page(r->file, pgoff);
			r->lost += again != page;
			if (again)
				put_page(again);
			put_page(page);
		}
	__atomic_store_n(&r->reading, 0, __ATOMIC_RELEASE);
}

/* reclaim's half: each page held, then removed if nobody else holds it */
static void remove_pages(struct race *r)
{
	struct page *page;
	unsigned long pgoff;

	while (__atomic_load_n(&r->reading, __ATOMIC_ACQUIRE))
		for (pgoff = 0; pgoff < FILE_PAGES; pgoff++) {
			page = find_get_page(r->file, pgoff);
			if (!page)
				continue;
			if (remove_mapping(page))
				__atomic_fetch_add(&r->removed, 1,
						   __ATOMIC_RELAXED);
			put_page(page);
		}
}

static void race_on_cpu(unsigned cpu, void *arg)
{
	if (cpu)
		look_up(arg);
	else
		remove_pages(arg);
}

static void lookups_against_removal(const char *gen)
{
	struct race r = { .reading = 1 };
	struct smp smp;

	start_model(gen, 4096);
	r.file = file_create("f", FILE_PAGES, false);
	ASSERT_NONNULL(r.file);
	ASSERT_EQ(smp_start(&smp, 2), 0);
	smp_run(&smp, race_on_cpu, &r);
	smp_stop(&smp);
	EXPECT_EQ(r.lost, 0);
	EXPECT_EQ(r.failed, 0);
	EXPECT_GE(r.removed, FILE_PAGES);
	file_put(r.file);
	finish_model();
}

/* pagecache=2.4, 2.5.68, 2.6.12 and 2.6.27 are all among the generations */
TEST(remove_mapping_keeps_a_page_another_cpu_holds)
{
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++)
		lookups_against_removal(rmap_generations[g].name);
}

/* The rule on one CPU: a third reference keeps the page in the cache. */
TEST(remove_mapping_needs_the_count_of_cache_and_reclaim)
{
	struct address_space *file;
	struct page *page;
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++) {
		start_model(rmap_generations[g].name, 4096);
		file = file_create("f", 1, false);
		page = find_or_create_page(file, 0);
		ASSERT_NONNULL(page);
		get_page(page);
		EXPECT_FALSE(remove_mapping(page));
		EXPECT_EQ(page_count(page), 3);
		put_page(page);
		EXPECT_TRUE(remove_mapping(page));
		EXPECT_EQ(page_count(page), 1);
		EXPECT_EQ(file->nrpages, 0);
		EXPECT_NULL(find_get_page(file, 0));
		put_page(page);
		file_put(file);
		finish_model();
	}
}

#define SCRIPTS	3
#define CMDS	4

/* sdet on two script CPUs while kswapd frees on a third, checked */
static void sdet_reclaiming(const char *gen)
{
	static const char *const assign[] = { "cpus=2", "kswapd=2",
					      "scripts=3", "cmds=4", NULL };
	struct model_counters c;
	struct quiesced q = scenario_checked("sdet", gen, 7, assign, &c);

	EXPECT_EQ(q.mismatches, 0);
	EXPECT_EQ(q.checks, SCRIPTS);
	EXPECT_EQ(c.v[MC_FORKS], 2 * SCRIPTS * CMDS);
	/* kswapd freed page cache pages the scripts fault back */
	EXPECT_GT(c.v[MC_RECLAIMED], 0);
	EXPECT_GT(rmap_stats.locks[LOCK_LRU], 0);
}

/* 2.4 ages by swap_out's clock, not walks: kswapd=2 refuses it. */
static bool refused(const char *gen)
{
	return !strcmp(gen, "scan");
}

/*
 * Every generation that unmaps, pte_chain's included: its try_to_unmap
 * finds each pte's vma by find_vma under the page_table_lock, which the
 * vma changes of the scripts' CPUs take (RMAP_FINDS_VMA).
 */
TEST(sdet_kswapd_reclaims_every_generation_that_unmaps)
{
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++)
		if (!refused(rmap_generations[g].name))
			sdet_reclaiming(rmap_generations[g].name);
}

TEST(sdet_kswapd_refuses_scan)
{
	const struct scenario *sc = scenario_find("sdet");
	struct scenario_ctx ctx;
	struct rmap_config cfg;
	unsigned g;

	ASSERT_NONNULL(sc);
	for (g = 0; g < rmap_nr_generations; g++) {
		if (!refused(rmap_generations[g].name))
			continue;
		parse_config(rmap_generations[g].name, &cfg);
		scenario_defaults(sc, &ctx, 7);
		ctx.p[scenario_param_index(sc, "kswapd")] = 2;
		EXPECT_NE(scenario_once(sc, &ctx, &cfg, sc->mem_pages(&ctx),
					false, NULL), 0);
	}
}
