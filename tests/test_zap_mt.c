/*
 * Zap's clear of a present pte on several CPUs (the zap switch): three
 * CPUs each map a shared file and anonymous memory, unmap half of each and
 * exit, while a fourth runs page_referenced over the file's pages, taking
 * the pte lock of every present pte it finds in the exiting mms. From
 * 2.6.14 exit's zap clears with a plain read and store, munmap's with the
 * xchg, on every CPU; in 2.5.18-2.6.13 both xchg. Under ThreadSanitizer
 * (make test-tsan) the walk's reads and atomics meet the plain clear only
 * across the pte lock. The clears are counted in the debug builds only.
 */
#include <string.h>

#include "common/smp.h"
#include "tests/model_test.h"

#define CPUS		4	/* the last one walks */
#define PAGES		64	/* of each kind; half unmapped, half at exit */

struct zap_run {
	struct address_space *file;
	struct mm_struct *mm[CPUS - 1];
	unsigned long unmap[CPUS - 1][2], exit[CPUS - 1][2];
	int exiting;
	int failed;
};

static void walk_file(struct zap_run *r)
{
	struct page *page;
	unsigned long pgoff;

	while (__atomic_load_n(&r->exiting, __ATOMIC_ACQUIRE))
		for (pgoff = 0; pgoff < 2 * PAGES; pgoff++) {
			page = find_get_page(r->file, pgoff);
			if (!page)
				continue;
			page_referenced(page);
			put_page(page);
		}
}

static void map_unmap_exit(struct zap_run *r, unsigned cpu)
{
	struct mm_struct *mm = r->mm[cpu];
	unsigned long f, a, before[2];

	f = do_mmap(mm, 0, 2 * PAGES * P, RW, RM_MAP_SHARED, r->file, 0);
	a = do_mmap(mm, 0, 2 * PAGES * P, RW, ANON, NULL, 0);
	if (touch_range(mm, f, 2 * PAGES * P, true) ||
	    touch_range(mm, a, 2 * PAGES * P, true)) {
		__atomic_store_n(&r->failed, 1, __ATOMIC_RELAXED);
		return;
	}
	pte_clears(before);
	do_munmap(mm, f, PAGES * P);
	do_munmap(mm, a, PAGES * P);
	pte_clears_since(r->unmap[cpu], before);
	mmput(mm);
	pte_clears_since(r->exit[cpu], before);
}

static void zap_cpu(unsigned cpu, void *arg)
{
	struct zap_run *r = arg;

	if (cpu == CPUS - 1) {
		walk_file(r);
		return;
	}
	map_unmap_exit(r, cpu);
	__atomic_sub_fetch(&r->exiting, 1, __ATOMIC_RELEASE);
}

/* per CPU, the clears of munmap and of exit: [0] xchg, [1] plain */
static void run(const char *spec, const unsigned long unmap[2],
		const unsigned long exit[2])
{
	struct mm_struct *keep;
	struct zap_run r;
	struct smp s;
	unsigned cpu;

	memset(&r, 0, sizeof(r));
	start_model(spec, 8192);
	r.file = file_create("zap", 2 * PAGES, false);
	ASSERT_NONNULL(r.file);
	/*
	 * The model makes its mm, vma and rmap caches with their first
	 * object while one CPU runs, and they go with the last: an mm of
	 * both kinds of page outlives the CPUs' own.
	 */
	keep = mm_new();
	ASSERT_EQ(touch_range(keep, do_mmap(keep, 0, P, RW, RM_MAP_SHARED,
					    r.file, 0), P, true), 0);
	ASSERT_EQ(touch_range(keep, do_mmap(keep, 0, P, RW, ANON, NULL, 0),
			      P, true), 0);
	for (cpu = 0; cpu < CPUS - 1; cpu++)
		r.mm[cpu] = mm_new();
	r.exiting = CPUS - 1;
	ASSERT_EQ(smp_start(&s, CPUS), 0);
	smp_run(&s, zap_cpu, &r);
	smp_stop(&s);
	EXPECT_EQ(r.failed, 0);
	for (cpu = 0; cpu < CPUS - 1 && pte_clears_counted; cpu++) {
		EXPECT_EQ(r.unmap[cpu][0], unmap[0]);
		EXPECT_EQ(r.unmap[cpu][1], unmap[1]);
		EXPECT_EQ(r.exit[cpu][0], exit[0]);
		EXPECT_EQ(r.exit[cpu][1], exit[1]);
	}
	mmput(keep);
	file_put(r.file);
	finish_model();
}

TEST(exit_clears_plain_beside_a_walk_from_2_6_14)
{
	static const unsigned long unmap[2] = { 2 * PAGES, 0 };
	static const unsigned long exit[2] = { 0, 2 * PAGES };

	run("anon_vma", unmap, exit);
	run("reuse", unmap, exit);
}

TEST(every_zap_xchgs_beside_a_walk_to_2_6_13)
{
	static const unsigned long both[2] = { 2 * PAGES, 0 };

	run("anonmm", both, both);
}
