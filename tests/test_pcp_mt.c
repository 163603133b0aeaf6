/*
 * The page allocator on four CPUs at once, each with its per-CPU list
 * (the pcp switch), and on the single zone list for comparison: no page
 * is handed to two CPUs, a page one CPU allocated and another frees moves
 * between their lists, and at the end every page is accounted for, the
 * workers' lists drained back to the zone as they go down, so that CPU 0
 * alone can allocate every page again. The allocator alone: no page is
 * mapped, so no rmap or page-flag update runs. Under ThreadSanitizer
 * (make test-tsan) a CPU's list is touched by that CPU only, and the zone
 * list under the zone lock.
 */
#include <string.h>

#include "common/smp.h"
#include "tests/model_test.h"

#define CPUS		4
#define NR_PAGES	16384
#define PER_CPU		512
#define ROUNDS		6

static struct page *held[CPUS][PER_CPU];
static unsigned char owner[NR_PAGES];	/* 1 while a CPU holds the pfn */
static unsigned long twice, failed;

/* Each CPU fills its slots, marking every pfn it gets. */
static void alloc_round(unsigned cpu, void *arg)
{
	unsigned i;

	(void)arg;
	for (i = 0; i < PER_CPU; i++) {
		struct page *page = alloc_page();

		held[cpu][i] = page;
		if (!page) {
			__atomic_add_fetch(&failed, 1, __ATOMIC_RELAXED);
			continue;
		}
		if (__atomic_exchange_n(&owner[page_to_pfn(page)], 1,
					__ATOMIC_RELAXED))
			__atomic_add_fetch(&twice, 1, __ATOMIC_RELAXED);
	}
}

/*
 * Each CPU frees the next CPU's pages (odd rounds) or its own (even),
 * so pages cross from one CPU's list to another's.
 */
static void free_round(unsigned cpu, void *arg)
{
	unsigned from = (cpu + *(unsigned *)arg) % CPUS, i;

	for (i = 0; i < PER_CPU; i++) {
		struct page *page = held[from][i];

		if (!page)
			continue;
		__atomic_store_n(&owner[page_to_pfn(page)], 0,
				 __ATOMIC_RELAXED);
		put_page(page);
		held[from][i] = NULL;
	}
}

static void run(const char *spec)
{
	unsigned round, shift, n = 0;
	struct page *page;
	struct smp s;

	start_model(spec, NR_PAGES);
	twice = failed = 0;
	ASSERT_EQ(smp_start(&s, CPUS), 0);
	for (round = 0; round < ROUNDS; round++) {
		smp_run(&s, alloc_round, NULL);
		EXPECT_EQ(nr_free_pages(), NR_PAGES - 1 - CPUS * PER_CPU);
		shift = round % 2;
		smp_run(&s, free_round, &shift);
		EXPECT_EQ(nr_free_pages(), NR_PAGES - 1);
	}
	smp_stop(&s);
	EXPECT_EQ(twice, 0);
	EXPECT_EQ(failed, 0);
	/* the workers' lists are back on the zone's: CPU 0 gets them all */
	while ((page = alloc_page())) {
		held[0][n % PER_CPU] = page;
		n++;
	}
	EXPECT_EQ(n, NR_PAGES - 1);
	for (n = 1; n < NR_PAGES; n++)
		put_page(pfn_to_page(n));
	memset(held, 0, sizeof(held));
	EXPECT_GT(rmap_stats.locks[LOCK_ZONE], 0);
	finish_model();
}

TEST(four_cpus_per_cpu_lists)
{
	run("anonmm");
	run("anon_vma");
}

TEST(four_cpus_zone_list)
{
	run("anon_vma+pcp=2.4");
}
