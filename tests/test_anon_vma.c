/*
 * The anon_vma scheme (2.6.7 - 2.6.33): find_mergeable_anon_vma shares a
 * neighbour's anon_vma, a fork family shares one anon_vma and its walk
 * visits every vma of the family, the anon_vma goes with the last vma on
 * its list, mremap keeps pgoff so page->index stays valid, and a vma that
 * never faulted takes its pgoff from the address it is moved to.
 */
#include "common/check.h"
#include "tests/model_test.h"

extern const struct rmap_scheme anon_vma_scheme;

static void start(void)
{
	ASSERT_TRUE(start_model("anon_vma", 4096)->anon == &anon_vma_scheme);
}

/*
 *   a          a+4P         a+8P
 *   |  RW, lo  | RW|X, hi   |	hi's first fault borrows lo's anon_vma,
 *   |----------|------------|	so dropping EXEC merges them again
 */
TEST(merge_anon_borrows_neighbour_anon_vma)
{
	struct vm_area_struct *lo, *hi;
	struct mm_struct *mm;
	unsigned long a;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 8 * P, RW, ANON, NULL, 0);
	/* differ in EXEC only: two vmas, neither faulted yet */
	ASSERT_EQ(do_mprotect(mm, a + 4 * P, 4 * P, RW | RM_PROT_EXEC), 0);
	EXPECT_EQ(mm->map_count, 2);
	EXPECT_EQ(handle_mm_fault(mm, a, true), VM_FAULT_MINOR);
	lo = vma_at(mm, a);
	hi = vma_at(mm, a + 4 * P);
	ASSERT_TRUE(lo && hi && lo != hi);
	EXPECT_NONNULL(lo->anon_vma);
	EXPECT_NULL(hi->anon_vma);
	EXPECT_EQ(rmap_objects(), 1);
	/* hi's first fault borrows lo's anon_vma instead of allocating */
	EXPECT_EQ(handle_mm_fault(mm, a + 5 * P, true), VM_FAULT_MINOR);
	EXPECT_TRUE(hi->anon_vma == lo->anon_vma);
	EXPECT_EQ(rmap_objects(), 1);
	EXPECT_EQ(ring_len(&lo->anon_vma_node), 2);
	/* ...which is what lets mprotect merge them again */
	EXPECT_EQ(do_mprotect(mm, a + 4 * P, 4 * P, RW), 0);
	EXPECT_EQ(mm->map_count, 1);
	EXPECT_EQ(ring_len(&vma_at(mm, a)->anon_vma_node), 1);
	EXPECT_EQ(anon_vma_scheme.validate(), 0);
	mmput(mm);
	EXPECT_EQ(rmap_objects(), 0);
	finish_model();
}

/*
 *   b          b+4P        b+8P        b+12P
 *   | f@0      | f@10      | f@14 RW|X |	private COWed file vmas: the
 *   |----------|-----------|-----------|	first two are not contiguous in
 *					the file, the last two are
 */
TEST(merge_file_private_shares_when_contiguous)
{
	struct address_space *f;
	struct mm_struct *mm;
	unsigned long b = 0x50000000UL;

	start();
	mm = mm_new();
	f = file_create("f", 32, false);
	ASSERT_EQ(do_mmap(mm, b, 4 * P, RW, RM_MAP_PRIVATE | RM_MAP_FIXED, f,
			  0), b);
	ASSERT_EQ(do_mmap(mm, b + 4 * P, 4 * P, RW, RM_MAP_PRIVATE |
			  RM_MAP_FIXED, f, 10), b + 4 * P);
	EXPECT_EQ(handle_mm_fault(mm, b, true), VM_FAULT_MINOR);
	EXPECT_EQ(handle_mm_fault(mm, b + 4 * P, true), VM_FAULT_MINOR);
	EXPECT_TRUE(vma_at(mm, b)->anon_vma != vma_at(mm, b + 4 * P)->anon_vma);
	EXPECT_EQ(rmap_objects(), 2);
	/* contiguous, differing in EXEC: the next one shares, and merges */
	ASSERT_EQ(do_mmap(mm, b + 8 * P, 4 * P, RW | RM_PROT_EXEC,
			  RM_MAP_PRIVATE | RM_MAP_FIXED, f, 14), b + 8 * P);
	EXPECT_EQ(mm->map_count, 3);
	EXPECT_EQ(handle_mm_fault(mm, b + 8 * P, true), VM_FAULT_MINOR);
	EXPECT_EQ(rmap_objects(), 2);
	EXPECT_TRUE(vma_at(mm, b + 8 * P)->anon_vma ==
		    vma_at(mm, b + 4 * P)->anon_vma);
	EXPECT_EQ(do_mprotect(mm, b + 8 * P, 4 * P, RW), 0);
	EXPECT_EQ(mm->map_count, 2);
	EXPECT_EQ(anon_vma_scheme.validate(), 0);
	mmput(mm);
	file_put(f);
	EXPECT_EQ(rmap_objects(), 0);
	finish_model();
}

TEST(fork_family_shares_one_anon_vma)
{
	struct mm_struct *mm, *c[3];
	struct vm_area_struct *v;
	struct page *page;
	unsigned long a, before;
	int i;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 4 * P, true), 0);
	v = vma_at(mm, a);
	for (i = 0; i < 3; i++) {
		c[i] = dup_mm(mm);
		EXPECT_TRUE(vma_at(c[i], a)->anon_vma == v->anon_vma);
		/* each child COWs its own copy of page 1 */
		EXPECT_EQ(handle_mm_fault(c[i], a + P, true), VM_FAULT_MINOR);
	}
	EXPECT_EQ(rmap_objects(), 1);
	EXPECT_EQ(ring_len(&v->anon_vma_node), 4);
	page = page_at(c[0], a + P);
	ASSERT_NONNULL(page);
	EXPECT_EQ(page_mapcount(page), 1);
	EXPECT_TRUE(page_anon_object(page) == v->anon_vma);
	EXPECT_EQ(page->index, (a >> PAGE_SHIFT) + 1);
	/* one mapping, four vmas probed: newest first, c[0] last but one */
	before = rmap_stats.nodes;
	page_referenced(page);
	EXPECT_EQ(rmap_stats.nodes - before, 3);
	before = rmap_stats.nodes;
	page_referenced(page_at(mm, a + P));
	EXPECT_EQ(rmap_stats.nodes - before, 4);
	EXPECT_EQ(anon_vma_scheme.validate(), 0);
	EXPECT_EQ(check_verify(stderr, "fork family"), 0);

	/* the anon_vma lives while any vma of the family does */
	mmput(mm);
	mmput(c[1]);
	EXPECT_EQ(rmap_objects(), 1);
	EXPECT_EQ(ring_len(&vma_at(c[0], a)->anon_vma_node), 2);
	mmput(c[0]);
	EXPECT_EQ(rmap_objects(), 1);
	mmput(c[2]);
	EXPECT_EQ(rmap_objects(), 0);
	finish_model();
}

TEST(mremap_keeps_pgoff)
{
	unsigned long a, to = 0x60000000UL;
	struct vm_area_struct *v;
	struct mm_struct *mm;
	struct page *page;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 4 * P, true), 0);
	page = page_at(mm, a + 2 * P);
	ASSERT_NONNULL(page);
	ASSERT_EQ(do_mremap(mm, a, 4 * P, 4 * P, RM_MREMAP_MAYMOVE |
			    RM_MREMAP_FIXED, to), to);
	v = vma_at(mm, to);
	ASSERT_NONNULL(v);
	EXPECT_EQ(v->vm_pgoff, a >> PAGE_SHIFT);
	EXPECT_TRUE(page_at(mm, to + 2 * P) == page);
	EXPECT_EQ(page->index, (a >> PAGE_SHIFT) + 2);
	EXPECT_EQ(vma_address(page, v), to + 2 * P);
	EXPECT_EQ(ring_len(&v->anon_vma_node), 1);
	EXPECT_EQ(check_verify(stderr, "mremap"), 0);
	mmput(mm);
	finish_model();
}

/* Never faulted: no anon_vma, so pgoff follows the new address. */
TEST(mremap_unfaulted_takes_new_pgoff)
{
	unsigned long b, to = 0x70000000UL;
	struct vm_area_struct *v;
	struct mm_struct *mm;

	start();
	mm = mm_new();
	b = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	EXPECT_NULL(vma_at(mm, b)->anon_vma);
	ASSERT_EQ(do_mremap(mm, b, 4 * P, 4 * P, RM_MREMAP_MAYMOVE |
			    RM_MREMAP_FIXED, to), to);
	v = vma_at(mm, to);
	ASSERT_NONNULL(v);
	EXPECT_EQ(v->vm_pgoff, to >> PAGE_SHIFT);
	EXPECT_EQ(handle_mm_fault(mm, to + P, true), VM_FAULT_MINOR);
	EXPECT_EQ(page_at(mm, to + P)->index, (to >> PAGE_SHIFT) + 1);
	EXPECT_EQ(anon_vma_scheme.validate(), 0);
	mmput(mm);
	finish_model();
}

/* validate() must notice a vma that left its anon_vma's list. */
TEST(validate_catches)
{
	struct mm_struct *mm, *child;
	struct vm_area_struct *v;
	struct list_head saved;
	unsigned long a;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, P, true), 0);
	v = vma_at(mm, a);
	child = dup_mm(mm);
	EXPECT_EQ(anon_vma_scheme.validate(), 0);
	saved = v->anon_vma_node;
	list_del(&v->anon_vma_node);
	fprintf(stderr, "(an error message is expected here)\n");
	EXPECT_NE(anon_vma_scheme.validate(), 0);
	saved.prev->next = &v->anon_vma_node;
	saved.next->prev = &v->anon_vma_node;
	v->anon_vma_node = saved;
	EXPECT_EQ(anon_vma_scheme.validate(), 0);
	mmput(child);
	mmput(mm);
	finish_model();
}
