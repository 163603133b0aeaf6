/*
 * The anonmm scheme (2.6.7-rc1, rmap 10 - 37): a fork family's anonmms are
 * on its head's list and a walk probes each at page->index, the recorded
 * mm first; an exited mm's anonmm is skipped, and page_referenced moves its
 * pages to a live one so it can be freed; mremap rewrites the address of
 * an exclusive page and copies a shared one; a swap pte moved by mremap is
 * swapped in as a copy, since nobody would find it at its new address.
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
