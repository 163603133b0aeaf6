/*
 * The anonmm scheme (2.6.7-rc1, rmap 10 - 37): a fork family's anonmms are
 * on its head's list and a walk probes each at page->index, the recorded
 * mm first, by its page table alone; an exited mm's anonmm is skipped, and
 * page_referenced moves its pages to a live one so it can be freed; mremap
 * rewrites the address of an exclusive page under its PG_maplock and
 * breaks COW on a shared one by a fault at the old address; a swap pte
 * moved by mremap is swapped in as a copy, since nobody would find it at
 * its new address; anonymous vmas merge whatever their pgoffs.
 */
#include "common/check.h"
#include "tests/model_test.h"

extern const struct rmap_scheme anonmm_scheme;

static void start(void)
{
	ASSERT_TRUE(start_model("anonmm", 4096)->anon == &anonmm_scheme);
}

TEST(fork_family_list)
{
	struct mm_struct *a, *b, *c, *d;
	unsigned long x, y, before;
	struct walk_result w;
	struct page *page;

	start();
	a = mm_new();
	x = do_mmap(a, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(a, x, 4 * P, true), 0);
	b = dup_mm(a);
	c = dup_mm(b);
	d = mm_new();		/* exec: a family of its own */
	y = do_mmap(d, x, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(d, y, 4 * P, true), 0);
	EXPECT_EQ(rmap_objects(), 4);
	page = page_at(a, x + P);
	ASSERT_NONNULL(page);
	EXPECT_TRUE(page_anon_object(page) == a->rmap_mm);
	EXPECT_EQ(page->index, x + P);
	EXPECT_EQ(page_mapcount(page), 3);
	/* a, then b and c down the list; d is never looked at */
	w = walk_page(page, true);
	EXPECT_EQ(w.nodes, 3);
	EXPECT_EQ(w.candidates, 3);
	/* c's own copy: found at once, in the recorded mm */
	EXPECT_EQ(handle_mm_fault(c, x + P, true), VM_FAULT_MINOR);
	page = page_at(c, x + P);
	ASSERT_NONNULL(page);
	EXPECT_TRUE(page_anon_object(page) == c->rmap_mm);
	before = rmap_stats.nodes;
	page_referenced(page);
	EXPECT_EQ(rmap_stats.nodes - before, 1);
	EXPECT_EQ(anonmm_scheme.validate(), 0);
	EXPECT_EQ(check_verify(stderr, "family"), 0);
	mmput(a);		/* the head outlives its mm */
	EXPECT_EQ(rmap_objects(), 4);
	mmput(b);
	mmput(c);
	EXPECT_EQ(rmap_objects(), 1);
	mmput(d);
	EXPECT_EQ(rmap_objects(), 0);
	finish_model();
}

TEST(exited_mm_skipped_then_freed)
{
	struct mm_struct *a, *b, *c;
	struct walk_result w;
	struct page *page;
	unsigned long x;

	start();
	a = mm_new();
	x = do_mmap(a, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(a, x, 4 * P, true), 0);
	b = dup_mm(a);
	EXPECT_EQ(handle_mm_fault(b, x + P, true), VM_FAULT_MINOR);
	page = page_at(b, x + P);
	ASSERT_NONNULL(page);
	c = dup_mm(b);
	mmput(b);
	/* b's anonmm stays for the page it faulted, now c's alone */
	EXPECT_EQ(rmap_objects(), 3);
	EXPECT_EQ(page_mapcount(page), 1);
	EXPECT_TRUE(page_anon_object(page) != c->rmap_mm);
	EXPECT_EQ(anonmm_scheme.validate(), 0);
	/* b is skipped without a probe; c, next on the list, has it */
	w = walk_page(page, true);
	EXPECT_EQ(w.nodes, 3);
	EXPECT_EQ(w.candidates, 2);
	/* aging moves the page to c, and b's anonmm is freed */
	page_referenced(page);
	EXPECT_TRUE(page_anon_object(page) == c->rmap_mm);
	EXPECT_EQ(rmap_objects(), 2);
	EXPECT_EQ(anonmm_scheme.validate(), 0);
	EXPECT_EQ(check_verify(stderr, "extinct"), 0);
	mmput(c);
	mmput(a);
	finish_model();
}

TEST(mremap_moves_exclusive_copies_shared)
{
	unsigned long x, to = 0x60000000UL, to2 = 0x70000000UL, cows;
	struct mm_struct *a, *b;
	struct page *page;

	start();
	a = mm_new();
	x = do_mmap(a, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(a, x, 4 * P, true), 0);
	page = page_at(a, x + 2 * P);
	ASSERT_NONNULL(page);
	cows = rmap_stats.cow_copies;
	/* exclusive: the page keeps its frame and takes the new address */
	ASSERT_EQ(do_mremap(a, x, 4 * P, 4 * P, RM_MREMAP_MAYMOVE |
			    RM_MREMAP_FIXED, to), to);
	EXPECT_TRUE(page_at(a, to + 2 * P) == page);
	EXPECT_EQ(page->index, to + 2 * P);
	EXPECT_EQ(rmap_stats.cow_copies, cows);
	/* shared with a child: each moved pte gets its own copy */
	b = dup_mm(a);
	ASSERT_EQ(do_mremap(a, to, 4 * P, 4 * P, RM_MREMAP_MAYMOVE |
			    RM_MREMAP_FIXED, to2), to2);
	EXPECT_TRUE(page_at(a, to2 + 2 * P) != page);
	EXPECT_TRUE(page_at(b, to + 2 * P) == page);
	EXPECT_EQ(page->index, to + 2 * P);
	EXPECT_EQ(page_mapcount(page), 1);
	EXPECT_EQ(page_at(a, to2 + 2 * P)->index, to2 + 2 * P);
	EXPECT_EQ(rmap_stats.cow_copies, cows + 4);
	EXPECT_EQ(anonmm_scheme.validate(), 0);
	EXPECT_EQ(check_verify(stderr, "mremap"), 0);
	mmput(b);
	mmput(a);
	finish_model();
}

TEST(swapin_at_moved_address)
{
	unsigned long x, to = 0x60000000UL, cows;
	struct mm_struct *a, *b;
	struct page *page;
	int i;

	start();
	a = mm_new();
	x = do_mmap(a, 0, P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(a, x, P, true), 0);
	b = dup_mm(a);
	for (i = 0; i < 8 && page_at(a, x); i++)
		shrink(64);
	ASSERT_NULL(page_at(a, x));
	ASSERT_NULL(page_at(b, x));
	/* b's swap pte moves; a brings the page back in at x */
	ASSERT_EQ(do_mremap(b, x, P, P, RM_MREMAP_MAYMOVE | RM_MREMAP_FIXED,
			    to), to);
	EXPECT_EQ(handle_mm_fault(a, x, false), VM_FAULT_MINOR);
	page = page_at(a, x);
	ASSERT_NONNULL(page);
	EXPECT_TRUE(PageSwapCache(page));
	EXPECT_EQ(page->index, x);
	cows = rmap_stats.cow_copies;
	/* at to, b could never be found: it gets a copy */
	EXPECT_EQ(handle_mm_fault(b, to, false), VM_FAULT_MINOR);
	ASSERT_NONNULL(page_at(b, to));
	EXPECT_TRUE(page_at(b, to) != page);
	EXPECT_EQ(page_at(b, to)->index, to);
	EXPECT_EQ(rmap_stats.cow_copies, cows + 1);
	EXPECT_EQ(page_mapcount(page), 1);
	EXPECT_EQ(anonmm_scheme.validate(), 0);
	EXPECT_EQ(check_verify(stderr, "swap-in"), 0);
	mmput(b);
	mmput(a);
	finish_model();
}

/*
 * A child unmaps the region but keeps rss elsewhere: rmap 37 probed its
 * page table anyway (a candidate and a page_table_lock), looking no vma
 * up; try_to_unmap_one's find_vma came only after the pte matched, and
 * page_referenced_one had none.
 */
TEST(probe_every_live_mm_by_its_page_table)
{
	unsigned long x, y, locks, vma_nodes;
	struct mm_struct *a, *b;
	struct walk_result w;
	struct page *page;

	start();
	a = mm_new();
	x = do_mmap(a, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(a, x, 4 * P, true), 0);
	b = dup_mm(a);
	ASSERT_EQ(do_munmap(b, x, 4 * P), 0);
	y = do_mmap(b, 0, P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(b, y, P, true), 0);
	page = page_at(a, x + P);
	ASSERT_NONNULL(page);
	EXPECT_EQ(page_mapcount(page), 1);
	locks = rmap_stats.locks[LOCK_PAGE_TABLE];
	vma_nodes = rmap_stats.find_vma_nodes;
	w = walk_page(page, true);
	EXPECT_EQ(w.candidates, 2);
	EXPECT_EQ(w.mappings, 1);
	EXPECT_EQ(rmap_stats.locks[LOCK_PAGE_TABLE] - locks, 2);
	/* one lookup, a's, after its pte matched */
	EXPECT_GT(rmap_stats.find_vma_nodes - vma_nodes, 0);
	vma_nodes = rmap_stats.find_vma_nodes;
	page_referenced(page);
	EXPECT_EQ(rmap_stats.find_vma_nodes - vma_nodes, 0);
	EXPECT_EQ(check_verify(stderr, "probe"), 0);
	mmput(b);
	mmput(a);
	finish_model();
}

/*
 * mremap of four pages: exclusive ones take their new address under the
 * page's PG_maplock (mremap_move_anon_rmap); shared ones are first made
 * exclusive by a write fault at the old address (make_page_exclusive), a
 * COW whose remove and add each take it too.
 */
static void mremap_counts(bool shared, unsigned long *faults,
			  unsigned long *maplocks)
{
	unsigned long x, to = 0x60000000UL, f, l;
	struct mm_struct *a, *b = NULL;

	start();
	a = mm_new();
	x = do_mmap(a, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(a, x, 4 * P, true), 0);
	if (shared)
		b = dup_mm(a);
	f = rmap_stats.faults;
	l = rmap_stats.locks[LOCK_PTE_CHAIN];
	ASSERT_EQ(do_mremap(a, x, 4 * P, 4 * P, RM_MREMAP_MAYMOVE |
			    RM_MREMAP_FIXED, to), to);
	*faults = rmap_stats.faults - f;
	*maplocks = rmap_stats.locks[LOCK_PTE_CHAIN] - l;
	EXPECT_EQ(page_at(a, to + P)->index, to + P);
	EXPECT_EQ(check_verify(stderr, "mremap"), 0);
	if (b)
		mmput(b);
	mmput(a);
	finish_model();
}

TEST(mremap_moves_an_exclusive_page_under_its_maplock)
{
	unsigned long faults, maplocks;

	mremap_counts(false, &faults, &maplocks);
	EXPECT_EQ(faults, 0);
	EXPECT_EQ(maplocks, 4);
}

TEST(mremap_breaks_cow_by_a_fault_at_the_old_address)
{
	unsigned long faults, maplocks;

	mremap_counts(true, &faults, &maplocks);
	EXPECT_EQ(faults, 4);
	EXPECT_EQ(maplocks, 4 * 3);
}

/*
 * An anonymous vma moved next to another keeps its old pgoff (anonmm has
 * no anon_vma to say it never faulted), and still merges: rmap 37's
 * can_vma_merge_* passed anonymous ranges whatever their pgoffs.
 */
TEST(anonymous_vmas_merge_whatever_their_pgoff)
{
	unsigned long x = 0x40000000UL, y = 0x50000000UL;
	struct mm_struct *a;

	start();
	a = mm_new();
	ASSERT_EQ(do_mmap(a, x, 4 * P, RW, ANON | RM_MAP_FIXED, NULL, 0), x);
	ASSERT_EQ(do_mmap(a, y, 4 * P, RW, ANON | RM_MAP_FIXED, NULL, 0), y);
	ASSERT_EQ(touch_range(a, x, 4 * P, true), 0);
	ASSERT_EQ(touch_range(a, y, 4 * P, true), 0);
	ASSERT_EQ(do_mremap(a, y, 4 * P, 4 * P, RM_MREMAP_MAYMOVE |
			    RM_MREMAP_FIXED, x + 4 * P), x + 4 * P);
	EXPECT_EQ(a->map_count, 1);
	EXPECT_EQ(page_at(a, x + 5 * P)->index, x + 5 * P);
	EXPECT_EQ(anonmm_scheme.validate(), 0);
	EXPECT_EQ(check_verify(stderr, "merge"), 0);
	mmput(a);
	finish_model();
}

/* validate() must notice a page whose reference was not counted. */
TEST(validate_catches)
{
	struct mm_struct *a, *b;
	struct page *page;
	unsigned long x;

	start();
	a = mm_new();
	x = do_mmap(a, 0, P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(a, x, P, true), 0);
	b = dup_mm(a);
	page = page_at(a, x);
	ASSERT_NONNULL(page);
	EXPECT_EQ(anonmm_scheme.validate(), 0);
	page_set_anon(page, b->rmap_mm, x);
	fprintf(stderr, "(an error message is expected here)\n");
	EXPECT_NE(anonmm_scheme.validate(), 0);
	page_set_anon(page, a->rmap_mm, x);
	EXPECT_EQ(anonmm_scheme.validate(), 0);
	mmput(b);
	mmput(a);
	finish_model();
}
