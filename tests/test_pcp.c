/*
 * The per-CPU page lists (the pcp switch) on one CPU: they amortise the
 * zone lock over a batch, as 2.5.45's buffered_rmqueue and
 * free_hot_cold_page did, and they hand out exactly the pfns, in exactly
 * the order, that the single free list of 2.4 hands out, so every model
 * counter of a one-CPU run stays what it was.
 */
#include "tests/model_test.h"

#define NR_PAGES	16384
#define N		1200

/*
 * zone_batchsize at 16384 pages: 16384 / 1024 / 4 = 4 (2.5.45), clamped
 * to 2^n - 1 = 3 (2.6.15's rules).
 */
#define BATCH_2_5_45	4
#define BATCH_2_6_15	3

static struct page *pages[NR_PAGES];

/* Zone lock acquisitions to allocate N pages and free them again. */
static unsigned long zone_locks(const char *spec)
{
	unsigned long before;
	unsigned i;

	start_model(spec, NR_PAGES);
	before = rmap_stats.locks[LOCK_ZONE];
	for (i = 0; i < N; i++) {
		pages[i] = alloc_page();
		ASSERT_NONNULL(pages[i]);
	}
	for (i = 0; i < N; i++)
		put_page(pages[i]);
	before = rmap_stats.locks[LOCK_ZONE] - before;
	finish_model();
	return before;
}

TEST(zone_lock_per_page_without_pcp)
{
	EXPECT_EQ(zone_locks("scan"), 2 * N);
	EXPECT_EQ(zone_locks("anon_vma+pcp=2.4"), 2 * N);
}

/*
 * A refill or a drain per batch of pages, give or take the first refills
 * up to low and the pages the list still holds at the end.
 */
TEST(zone_lock_per_batch_with_pcp)
{
	unsigned long n = zone_locks("anonmm");

	EXPECT_GE(n, 2 * N / BATCH_2_5_45 - 8);
	EXPECT_LE(n, 2 * N / BATCH_2_5_45 + 8);
	n = zone_locks("anon_vma");
	EXPECT_GE(n, 2 * N / BATCH_2_6_15 - 8);
	EXPECT_LE(n, 2 * N / BATCH_2_6_15 + 8);
}

/* Zone lock acquisitions to allocate one page and free it on a 4 MiB zone. */
static unsigned long one_page_locks(const char *spec)
{
	struct page *page;
	unsigned long n;

	start_model(spec, 1024);
	page = alloc_page();
	ASSERT_NONNULL(page);
	put_page(page);
	n = rmap_stats.locks[LOCK_ZONE];
	finish_model();
	return n;
}

/*
 * A zone below 6 MiB clamps 2.6.15's batch to 0, so high is 0 and every
 * free drains at once: the zone lock per page again. 2.5.45's batch of 1
 * keeps the freed page on the list (high 6).
 */
TEST(small_zone_drains_every_free)
{
	EXPECT_EQ(one_page_locks("anon_vma"), 2);
	EXPECT_EQ(one_page_locks("anonmm"), 1);
}

/*
 * A seeded mix of allocations and frees of random held pages, and the
 * pfns it got, in order; then memory allocated until none is left, which
 * must be every page: none stays behind on the CPU's list.
 */
static unsigned long trace(const char *spec, unsigned long *pfns)
{
	unsigned long seed = 12345, n = 0, held = 0, k;
	struct page *page;
	unsigned i;

	start_model(spec, NR_PAGES);
	for (i = 0; i < 20000; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		if (held && (seed >> 33) % 5 < 2) {
			k = (seed >> 40) % held;
			put_page(pages[k]);
			pages[k] = pages[--held];
			continue;
		}
		if (held == N)
			continue;
		pages[held] = alloc_page();
		ASSERT_NONNULL(pages[held]);
		pfns[n++] = page_to_pfn(pages[held++]);
	}
	while ((page = alloc_page())) {
		pfns[n++] = page_to_pfn(page);
		pages[held++] = page;
	}
	EXPECT_EQ(held, NR_PAGES - 1);
	EXPECT_EQ(nr_free_pages(), 0);
	while (held)
		put_page(pages[--held]);
	EXPECT_EQ(nr_free_pages(), NR_PAGES - 1);
	finish_model();
	return n;
}

TEST(same_pfns_in_same_order_on_one_cpu)
{
	static unsigned long base[40000], pcp[40000];
	static const char *const specs[] = { "anonmm", "anon_vma",
					     "anonmm+pcp=2.6.15",
					     "anon_vma+pcp=2.5.45" };
	unsigned long n = trace("anon_vma+pcp=2.4", base), i, k;

	ASSERT_TRUE(n > NR_PAGES);
	for (k = 0; k < ARRAY_SIZE(specs); k++) {
		ASSERT_EQ(trace(specs[k], pcp), n);
		for (i = 0; i < n && pcp[i] == base[i]; i++)
			;
		EXPECT_EQ(i, n);
	}
}
