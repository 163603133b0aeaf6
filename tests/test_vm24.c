/*
 * 2.4's reclaim (common/vmscan24.c, generation scan): swap_out's clock ages
 * young ptes and unmaps old ones without ever going from a page to its
 * ptes, resumes where it stopped, takes one page_table_lock per mm visit;
 * shrink_cache frees only what no pte maps; no rmap call is counted. Each
 * test fails on the model it replaced, which searched every page table
 * per page with 2.6's LRU.
 */
#include <string.h>

#include "common/lib/prng.h"
#include "common/vmscan_internal.h"
#include "tests/model_test.h"

/* Time passes without an access: the young bits of n ptes from addr. */
static void age_ptes(struct mm_struct *mm, unsigned long addr, unsigned n)
{
	while (n--) {
		pte_t *ptep = pte_offset(mm, addr + n * P);

		ASSERT_NONNULL(ptep);
		ptep_test_and_clear_young(ptep);
	}
}

static unsigned long anon_region(struct mm_struct *mm, unsigned pages)
{
	unsigned long a = do_mmap(mm, 0, pages * P, RW, ANON, NULL, 0);

	ASSERT_EQ(touch_range(mm, a, pages * P, true), 0);
	return a;
}

TEST(a_sweep_ages_young_ptes_and_unmaps_old_ones)
{
	struct mm_struct *mm;
	struct page *young, *old;
	unsigned long a;

	start_model("scan", 4096);
	mm = mm_new();
	a = anon_region(mm, 2);
	young = page_at(mm, a);
	old = page_at(mm, a + P);
	age_ptes(mm, a + P, 1);
	swap_out_sweep();
	/* young: the bit cleared, the page marked a second time: active */
	EXPECT_TRUE(page_at(mm, a) == young);
	EXPECT_FALSE(pte_at(mm, a) & _PAGE_ACCESSED);
	EXPECT_TRUE(PageActive(young));
	/* old and inactive: unmapped on the spot into the swap cache */
	EXPECT_TRUE(pte_is_swap(pte_at(mm, a + P)));
	EXPECT_TRUE(PageSwapCache(old));
	EXPECT_EQ(mm_rss_exact(mm), 1);
	/* every pte read once, one lock for the one mm, never a walk */
	EXPECT_EQ(rmap_stats.ptes_scanned, 2);
	EXPECT_EQ(rmap_stats.swap_out_mms, 1);
	EXPECT_EQ(rmap_stats.locks[LOCK_PAGE_TABLE], 1);
	EXPECT_EQ(rmap_stats.walks, 0);
	mmput(mm);
	finish_model();
}

/*
 * Two processes of 64 old pages: a swap_out for 32 unmaps the first mm's
 * first 32 and stops; the next resumes at the 33rd pte, not at the start;
 * an exiting mm under the clock's hand hands it on. (The first mm has a
 * file vma above its anonymous one: a stop inside an mm's last vma marks
 * the mm done, as 2.4's swap_out_mm did.)
 */
TEST(the_clock_resumes_where_it_stopped)
{
	struct mm_struct *a_mm, *b_mm;
	struct address_space *f;
	unsigned long a, b;

	start_model("scan", 4096);
	f = file_create("f", 8, false);
	a_mm = mm_new();
	b_mm = mm_new();
	do_mmap(a_mm, 0, 8 * P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
	a = anon_region(a_mm, 64);
	b = anon_region(b_mm, 64);
	age_ptes(a_mm, a, 64);
	age_ptes(b_mm, b, 64);
	EXPECT_TRUE(swap_out(5, 32));
	EXPECT_EQ(a_mm->rss, 32);
	EXPECT_EQ(b_mm->rss, 64);
	EXPECT_EQ(a_mm->swap_address, a + 32 * P);
	EXPECT_EQ(rmap_stats.ptes_scanned, 32);
	EXPECT_TRUE(swap_out(5, 32));
	EXPECT_EQ(a_mm->rss, 0);
	EXPECT_EQ(b_mm->rss, 64);
	EXPECT_EQ(rmap_stats.ptes_scanned, 64);
	EXPECT_EQ(rmap_stats.swap_out_mms, 2);
	EXPECT_TRUE(swap_mm == a_mm);
	mmput(a_mm);
	EXPECT_TRUE(swap_mm == b_mm);
	EXPECT_TRUE(swap_out(5, 32));
	EXPECT_EQ(b_mm->rss, 32);
	EXPECT_EQ(rmap_stats.walks, 0);
	mmput(b_mm);
	file_put(f);
	finish_model();
}

/*
 * Unmapped page cache at the cold end goes without swap_out; the mapped
 * pages of another file behind it stay mapped.
 */
TEST(shrink_cache_frees_what_no_pte_maps)
{
	struct address_space *f, *g;
	struct mm_struct *mm;
	unsigned long a, b;

	start_model("scan", 4096);
	f = file_create("f", 64, false);
	g = file_create("g", 8, false);
	mm = mm_new();
	a = do_mmap(mm, 0, 64 * P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
	ASSERT_EQ(touch_range(mm, a, 64 * P, false), 0);
	ASSERT_EQ(do_munmap(mm, a, 64 * P), 0);
	b = do_mmap(mm, 0, 8 * P, RM_PROT_READ, RM_MAP_SHARED, g, 0);
	ASSERT_EQ(touch_range(mm, b, 8 * P, false), 0);
	EXPECT_EQ(shrink(4), 4);
	EXPECT_EQ(f->nrpages, 60);
	EXPECT_EQ(g->nrpages, 8);
	EXPECT_EQ(rmap_stats.swap_out_passes, 0);
	EXPECT_EQ(rmap_stats.ptes_scanned, 0);
	EXPECT_EQ(mm_rss_exact(mm), 8);
	mmput(mm);
	file_put(f);
	file_put(g);
	finish_model();
}

/*
 * 2.4 kept each file's i_mmap lists (for truncate), never walked: a new
 * vma at the head, a forked child just after its parent.
 */
TEST(the_i_mmap_lists_are_kept_head_first)
{
	struct address_space *f;
	struct mm_struct *mm, *child;
	struct list_head *priv;
	unsigned long a, b;

	start_model("scan", 4096);
	f = file_create("f", 8, false);
	priv = &f->i_mmap.lists.i_mmap;
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RM_PROT_READ, RM_MAP_PRIVATE, f, 0);
	b = do_mmap(mm, 0, 4 * P, RM_PROT_READ, RM_MAP_PRIVATE, f, 4);
	EXPECT_TRUE(list_first_entry(priv, struct vm_area_struct,
				     shared.list) == vma_at(mm, b));
	child = dup_mm(mm);
	EXPECT_EQ(ring_len(priv), 4);
	EXPECT_TRUE(priv->next->next ==
		    &vma_at(child, b)->shared.list);
	EXPECT_TRUE(vma_at(mm, a) != NULL);
	EXPECT_EQ(model_validate(), 0);
	EXPECT_EQ(rmap_stats.walks, 0);
	mmput(child);
	mmput(mm);
	EXPECT_EQ(ring_len(priv), 0);
	file_put(f);
	finish_model();
}

/* 2.4 made no rmap call: the model's mapcount is not counted as one. */
TEST(no_rmap_call_is_counted)
{
	struct mm_struct *mm, *child;

	start_model("scan", 4096);
	mm = mm_new();
	anon_region(mm, 8);
	child = dup_mm(mm);
	mmput(child);
	mmput(mm);
	EXPECT_EQ(rmap_stats.rmap_adds, 0);
	EXPECT_EQ(rmap_stats.rmap_removes, 0);
	finish_model();
}

TEST(a_scheme_without_a_walk_needs_2_4_reclaim)
{
	struct rmap_config cfg;
	char err[256];

	EXPECT_EQ(rmap_config_parse("anon=none,file=none,lru=2.6.5", &cfg,
				    err, sizeof(err)), -1);
	EXPECT_TRUE(strstr(err, "lru=2.4") != NULL);
	EXPECT_EQ(rmap_config_parse("anon=none,file=none", &cfg, err,
				    sizeof(err)), 0);
	EXPECT_EQ(cfg.model_sw[SW_LRU], LRU_24);
}

/* The brute-force search is an ablation: no kernel label runs it. */
TEST(no_generation_searches_every_page_table)
{
	struct rmap_config cfg;
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++) {
		parse_config(rmap_generations[g].name, &cfg);
		EXPECT_TRUE(strcmp(cfg.anon->name, "exhaustive") != 0);
		EXPECT_TRUE(strcmp(cfg.file->name, "exhaustive") != 0);
	}
}

/*
 * An aging pass under 2.4 is one turn of the clock: every process visited
 * once, under one lock each, and no walk.
 */
TEST(aging_under_2_4_is_one_turn_of_the_clock)
{
	const struct scenario *sc = scenario_find("shared_lib");
	struct scenario_ctx ctx;
	struct model_counters c;
	struct rmap_config cfg;
	char err[256];
	double procs;

	ASSERT_NONNULL(sc);
	parse_config("scan", &cfg);
	scenario_defaults(sc, &ctx, 1);
	ASSERT_EQ(scenario_set_param(sc, &ctx, "procs=8", err, sizeof(err)),
		  0);
	ASSERT_EQ(scenario_once(sc, &ctx, &cfg, sc->mem_pages(&ctx), true,
				&c), 0);
	procs = 8;
	EXPECT_EQ(c.v[MC_WALKS], 0);
	EXPECT_EQ(c.v[MC_SWAP_OUT_MMS], procs);
	EXPECT_EQ(c.v[MC_LOCK_PAGE_TABLE], procs);
	/* each process maps the whole library */
	EXPECT_GT(c.v[MC_PTES_SCANNED], procs * 256 - 1);
}

/* fork puts the child right after its parent on mmlist, as 2.4's did */
TEST(a_child_follows_its_parent_on_mmlist)
{
	struct mm_struct *a, *b, *child;

	start_model("scan", 4096);
	a = mm_new();
	b = mm_new();
	child = dup_mm(a);
	EXPECT_TRUE(a->mmlist.next == &child->mmlist);
	EXPECT_TRUE(child->mmlist.next == &b->mmlist);
	mmput(child);
	mmput(b);
	mmput(a);
	finish_model();
}

/* rmapsim check's random combinations reach every value of every switch */
TEST(random_switches_reach_every_value)
{
	unsigned seen[NR_MODEL_SWITCHES] = { 0 }, g, k, seed;
	struct rmap_config cfg;
	struct prng rng;

	for (seed = 0; seed < 64; seed++) {
		for (g = 0; g < rmap_nr_generations; g++) {
			parse_config(rmap_generations[g].name, &cfg);
			prng_seed(&rng, seed * 1000003 + g);
			rmap_config_randomize(&cfg, &rng);
			for (k = 0; k < NR_MODEL_SWITCHES; k++)
				seen[k] |= 1u << cfg.model_sw[k];
			if (!cfg.anon->walk)
				EXPECT_EQ(cfg.model_sw[SW_LRU], LRU_24);
		}
	}
	for (k = 0; k < NR_MODEL_SWITCHES; k++) {
		unsigned n = 0;

		while (rmap_model_switches[k].values[n])
			n++;
		EXPECT_EQ(seen[k], (1u << n) - 1);
	}
}
