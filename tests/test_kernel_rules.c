/*
 * The common model's kernel rules, one test each, each failing on the
 * behaviour it replaced: exclusive swap-in by era, the swap cache's
 * lifetime, lazy fork under every scheme, the pte lock at a probe, the
 * locks of a vma event taken once, mremap's rmap locks, the page bit lock
 * held across both reclaim walks, the two-list LRU's gate, child page
 * tables at fork, VM_ACCOUNT in merges, brk's guard page, mlock against
 * reclaim, the kernel's order of i_mmap updates, the new counters,
 * 6.11's batched i_mmap unlink at exit, and which zap clears a pte
 * without the xchg (2.4's munmap of a one-user mm, exit from 2.6.14).
 */
#include <string.h>

#include "tests/model_test.h"
#include "variants/avc/avc.h"

static struct anon_vma *anon_vma_of(struct mm_struct *mm, unsigned long addr)
{
	return vma_at(mm, addr)->anon_vma;
}

/*
 * A parent's page, COWed by its child and swapped out; the child faults it
 * back (write or read). Returns the page's anon_vma after the fault.
 */
static void *swapin_after_cow(const char *spec, bool write,
			      struct mm_struct **child_out)
{
	struct mm_struct *mm, *child;
	unsigned long a;

	start_model(spec, 8192);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 2 * P, true), 0);
	child = dup_mm(mm);
	ASSERT_EQ(handle_mm_fault(child, a, true), 0);
	ASSERT_TRUE(press_until_swapped(child, a));
	ASSERT_EQ(handle_mm_fault(child, a, write), 0);
	*child_out = child;
	return page_anon_object(page_at(child, a));
}

static void end_two(struct mm_struct *child)
{
	struct mm_struct *mm, *n;

	list_for_each_entry_safe(mm, n, &mm_list, mmlist)
		if (mm != child)
			mmput(mm);
	mmput(child);
	finish_model();
}

TEST(swapin_write_is_exclusive_from_2_6_36)
{
	struct mm_struct *child;
	void *av = swapin_after_cow("anon=avc:form=2.6.36,file=itree,"
				    "swapin=2.6.36", true, &child);
	unsigned long a = child->mmap->vm_start;

	EXPECT_TRUE(av == anon_vma_of(child, a));
	end_two(child);
}

/* 2.6.34-2.6.35: shared, the oldest anon_vma: the chain's last entry. */
TEST(swapin_write_is_shared_before_2_6_36)
{
	struct mm_struct *child;
	void *av = swapin_after_cow("anon=avc:form=2.6.34,file=itree,"
				    "swapin=2.6.0", true, &child);
	unsigned long a = child->mmap->vm_start;

	EXPECT_TRUE(av == list_last_entry(&vma_at(child, a)->anon_vma_node,
					  struct anon_vma_chain,
					  same_vma)->anon_vma);
	EXPECT_TRUE(av != anon_vma_of(child, a));
	end_two(child);
}

/* 5.19: the swap pte kept the page's exclusivity, read faults included. */
TEST(swapin_read_is_exclusive_from_5_19)
{
	struct mm_struct *child;
	void *av = swapin_after_cow("anon=avc_reuse,file=itree,swapin=5.19",
				    false, &child);
	unsigned long a = child->mmap->vm_start;

	EXPECT_TRUE(av == anon_vma_of(child, a));
	end_two(child);
}

/* ...but fork of the swap pte shares the page: no longer exclusive. */
TEST(fork_clears_the_swap_pte_exclusive_bit)
{
	struct mm_struct *mm, *child;
	unsigned long a;
	pte_t pte;

	start_model("anon=avc_reuse,file=itree,swapin=5.19", 8192);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 2 * P, true), 0);
	ASSERT_TRUE(press_until_swapped(mm, a));
	EXPECT_TRUE(pte_swp_exclusive(pte_at(mm, a)));
	child = dup_mm(mm);
	pte = pte_at(mm, a);
	EXPECT_FALSE(pte_swp_exclusive(pte));
	EXPECT_EQ(pte, pte_at(child, a));
	ASSERT_EQ(handle_mm_fault(child, a, false), 0);
	EXPECT_TRUE(page_anon_object(page_at(child, a)) ==
		    anon_vma_of(child, a)->root);
	mmput(child);
	mmput(mm);
	finish_model();
}

/* A swapped-in page stays in the swap cache until swap runs half full. */
TEST(swapin_keeps_the_swap_cache_until_swap_is_half_full)
{
	struct mm_struct *mm;
	unsigned long a, n = 200;

	start_model("anon_vma", 256);
	mm = mm_new();
	a = do_mmap(mm, 0, n * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 16 * P, true), 0);
	ASSERT_TRUE(press_until_swapped(mm, a));
	EXPECT_FALSE(vm_swap_full());
	ASSERT_EQ(handle_mm_fault(mm, a, false), 0);
	EXPECT_TRUE(PageSwapCache(page_at(mm, a)));
	/* now write far more than fits: swap fills past half */
	ASSERT_EQ(touch_range(mm, a, n * P, true), 0);
	ASSERT_TRUE(press_until_swapped(mm, a));
	ASSERT_TRUE(vm_swap_full());
	ASSERT_EQ(handle_mm_fault(mm, a, false), 0);
	EXPECT_FALSE(PageSwapCache(page_at(mm, a)));
	mmput(mm);
	finish_model();
}

/* A write reusing a swapped-in page frees its slot only from 2.6.29. */
static bool reused_page_in_swap_cache(const char *spec)
{
	struct mm_struct *mm;
	unsigned long a;
	bool in;

	start_model(spec, 8192);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 2 * P, true), 0);
	ASSERT_TRUE(press_until_swapped(mm, a));
	ASSERT_EQ(handle_mm_fault(mm, a, false), 0);
	ASSERT_TRUE(PageSwapCache(page_at(mm, a)));
	ASSERT_EQ(handle_mm_fault(mm, a, true), 0);
	EXPECT_EQ(rmap_stats.cow_reuses, 1);
	in = PageSwapCache(page_at(mm, a));
	mmput(mm);
	finish_model();
	return in;
}

TEST(cow_reuse_keeps_the_slot_until_2_6_28)
{
	EXPECT_TRUE(reused_page_in_swap_cache(
		"anon=anon_vma,file=prio_tree,swapcache=2.6.0"));
}

TEST(cow_reuse_frees_the_slot_from_2_6_29)
{
	EXPECT_FALSE(reused_page_in_swap_cache(
		"anon=anon_vma,file=prio_tree,swapcache=2.6.29"));
}

/* fork=lazy skips vmas without anonymous pages under every scheme. */
static unsigned long ptes_copied(const char *spec)
{
	struct mm_struct *mm, *child;
	struct address_space *f;
	unsigned long a, copied;

	start_model(spec, 8192);
	mm = mm_new();
	a = do_mmap(mm, 0, 8 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 8 * P, true), 0);
	f = file_create("lib", 8, false);
	a = do_mmap(mm, 0, 8 * P, RM_PROT_READ, RM_MAP_PRIVATE, f, 0);
	ASSERT_EQ(touch_range(mm, a, 8 * P, false), 0);
	child = dup_mm(mm);
	copied = rmap_stats.ptes_copied;
	mmput(child);
	mmput(mm);
	file_put(f);
	finish_model();
	return copied;
}

TEST(lazy_fork_under_every_scheme)
{
	EXPECT_EQ(ptes_copied("anon=pte_chain,file=pte_chain,fork=lazy"), 8);
	EXPECT_EQ(ptes_copied("anon=pte_chain,file=pte_chain,fork=copy"), 16);
	EXPECT_EQ(ptes_copied("anon=anonmm,file=prio_tree,fork=lazy"), 8);
	EXPECT_EQ(ptes_copied("anon=exhaustive,file=exhaustive,fork=lazy"), 8);
	EXPECT_EQ(ptes_copied("anon=none,file=none,fork=lazy"), 8);
}

/*
 * A walk's candidate whose pte is not present: 2.6.7 locked the page table
 * before looking, 2.6.15 only locks a present pte.
 */
static unsigned long probe_locks(const char *spec)
{
	struct mm_struct *mm, *other;
	struct address_space *f;
	unsigned long a, b, locks;
	struct page *page;

	start_model(spec, 8192);
	f = file_create("data", 4, false);
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
	ASSERT_EQ(touch_range(mm, a, P, false), 0);
	/* other's vma covers the page, its pte table is there, empty */
	other = mm_new();
	b = do_mmap(other, 0, 4 * P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
	ASSERT_EQ(touch_range(other, b + P, P, false), 0);
	page = page_at(mm, a);
	locks = rmap_stats.locks[LOCK_PAGE_TABLE];
	EXPECT_EQ(walk_page(page, true).mappings, 1);
	locks = rmap_stats.locks[LOCK_PAGE_TABLE] - locks;
	mmput(other);
	mmput(mm);
	file_put(f);
	finish_model();
	return locks;
}

TEST(probe_locks_only_a_present_pte_from_2_6_15)
{
	EXPECT_EQ(probe_locks("anon=anon_vma,file=prio_tree,probe=2.6.7,"
			      "ptlock=2.4"), 2);
	EXPECT_EQ(probe_locks("anon=anon_vma,file=prio_tree,probe=2.6.15,"
			      "ptlock=2.4"), 1);
}

/*
 * A vma event takes i_mmap once: splitting a file vma links the new half
 * under vma_adjust's own hold (the old model took the lock twice).
 */
TEST(split_takes_i_mmap_once)
{
	struct mm_struct *mm;
	struct address_space *f;
	unsigned long a, locks;

	start_model("interval", 8192);
	f = file_create("data", 8, false);
	mm = mm_new();
	a = do_mmap(mm, 0, 8 * P, RW, RM_MAP_SHARED, f, 0);
	locks = rmap_stats.locks[LOCK_I_MMAP];
	EXPECT_EQ(do_mprotect(mm, a, 4 * P, RM_PROT_READ), 0);
	EXPECT_EQ(rmap_stats.locks[LOCK_I_MMAP] - locks, 1);
	mmput(mm);
	file_put(f);
	finish_model();
}

/* brk growing its vma's end: 2.6.36 takes no anon_vma lock, 3.7 one. */
static unsigned long brk_anon_locks(const char *generation)
{
	struct mm_struct *mm;
	unsigned long base, locks;

	start_model(generation, 8192);
	mm = mm_new();
	base = mm->brk;
	ASSERT_EQ(do_brk(mm, base + 2 * P), base + 2 * P);
	ASSERT_EQ(touch_range(mm, base, 2 * P, true), 0);
	locks = rmap_stats.locks[LOCK_ANON];
	ASSERT_EQ(do_brk(mm, base + 4 * P), base + 4 * P);
	locks = rmap_stats.locks[LOCK_ANON] - locks;
	mmput(mm);
	finish_model();
	return locks;
}

TEST(vma_adjust_anon_lock_by_era)
{
	EXPECT_EQ(brk_anon_locks("avc"), 0);
	EXPECT_EQ(brk_anon_locks("interval"), 1);
	EXPECT_EQ(brk_anon_locks("anon_vma"), 1);
}

/* mremap of a 128-page file mapping: its rmap locks per era. */
static unsigned long mremap_locks(const char *spec)
{
	struct mm_struct *mm;
	struct address_space *f;
	unsigned long a, locks;

	start_model(spec, 8192);
	f = file_create("data", 128, false);
	mm = mm_new();
	a = do_mmap(mm, 0, 128 * P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
	ASSERT_EQ(touch_range(mm, a, 128 * P, false), 0);
	locks = rmap_stats.locks[LOCK_I_MMAP];
	ASSERT_FALSE(IS_ERR_VALUE(do_mremap(mm, a, 128 * P, 128 * P,
					    RM_MREMAP_MAYMOVE |
					    RM_MREMAP_FIXED, 0x500000000UL)));
	locks = rmap_stats.locks[LOCK_I_MMAP] - locks;
	mmput(mm);
	file_put(f);
	finish_model();
	return locks;
}

TEST(mremap_rmap_locks_by_era)
{
	/* copy_vma's link and the old vma's unlink: 2 in every era */
	EXPECT_EQ(mremap_locks("anon=anon_vma,file=prio_tree,mremap=2.6.0"),
		  2);
	EXPECT_EQ(mremap_locks("anon=anon_vma,file=prio_tree,mremap=2.6.7"),
		  2 + 128);
	/* two extents of 64 pages */
	EXPECT_EQ(mremap_locks("anon=anon_vma,file=prio_tree,mremap=2.6.15"),
		  2 + 2);
	/* a new vma at the destination: no need to lock */
	EXPECT_EQ(mremap_locks("anon=avc_itree,file=itree,mremap=3.7"), 2);
}

/*
 * Reclaim holds a pte_chain page's bit lock across both walks: freeing N
 * clean, unreferenced file pages mapped once takes N acquisitions.
 */
TEST(page_bit_lock_once_across_both_walks)
{
	struct mm_struct *mm;
	struct address_space *f;
	unsigned long a, i, locks, freed;

	start_model("pte_chain", 8192);
	f = file_create("data", 32, false);
	mm = mm_new();
	a = do_mmap(mm, 0, 32 * P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
	ASSERT_EQ(touch_range(mm, a, 32 * P, false), 0);
	/* aging clears the young bits and PG_referenced */
	for (i = 0; i < 32; i++)
		page_referenced(page_at(mm, a + i * P));
	locks = rmap_stats.locks[LOCK_PTE_CHAIN];
	freed = rmap_stats.reclaimed;
	shrink(32);
	freed = rmap_stats.reclaimed - freed;
	EXPECT_EQ(freed, 32);
	EXPECT_EQ(rmap_stats.locks[LOCK_PTE_CHAIN] - locks, freed);
	mmput(mm);
	file_put(f);
	finish_model();
}

/*
 * refill_inactive_zone: 2.6.0 walks every mapped active page, 2.6.5 only
 * once reclaim_mapped holds: fewer walks to free the same pages.
 */
static unsigned long reclaim_walks(const char *spec)
{
	struct mm_struct *mm;
	unsigned long a, walks;

	start_model(spec, 4096);
	mm = mm_new();
	a = do_mmap(mm, 0, 512 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 512 * P, true), 0);
	walks = rmap_stats.walks;
	EXPECT_GT(shrink(64), 0);
	walks = rmap_stats.walks - walks;
	mmput(mm);
	finish_model();
	return walks;
}

TEST(refill_walks_mapped_pages_only_when_reclaim_mapped)
{
	EXPECT_GT(reclaim_walks("anon=anon_vma,file=prio_tree,lru=2.6.0"),
		  reclaim_walks("anon=anon_vma,file=prio_tree,lru=2.6.5"));
}

/* mark_page_accessed: a file fault leaves PG_referenced, a walk reads it. */
TEST(file_fault_marks_the_page_referenced)
{
	struct mm_struct *mm;
	struct address_space *f;
	unsigned long a;
	struct page *page;

	start_model("interval", 8192);
	f = file_create("data", 1, false);
	mm = mm_new();
	a = do_mmap(mm, 0, P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
	ASSERT_EQ(touch_range(mm, a, P, false), 0);
	page = page_at(mm, a);
	EXPECT_TRUE(PageReferenced(page));
	/* PG_referenced and the young pte */
	EXPECT_EQ(page_referenced(page), 2);
	EXPECT_EQ(page_referenced(page), 0);
	mmput(mm);
	file_put(f);
	finish_model();
}

/* copy_pte_range allocates the child's table whatever the parent's holds. */
TEST(fork_allocates_child_tables_as_the_kernel)
{
	struct mm_struct *mm, *child;
	unsigned long a, tables;

	start_model("anon_vma", 8192);
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 4 * P, true), 0);
	EXPECT_EQ(madvise_dontneed(mm, a, 4 * P), 0);
	tables = mm->nr_ptes;
	child = dup_mm(mm);
	EXPECT_EQ(child->nr_ptes, tables);
	mmput(child);
	mmput(mm);
	finish_model();
}

/*
 * VM_ACCOUNT: a private mapping once writable keeps its charge when made
 * read-only, and no longer merges with a never-writable neighbour.
 */
TEST(vm_account_keeps_once_writable_vmas_apart)
{
	struct mm_struct *mm;
	unsigned long a;

	start_model("interval", 8192);
	mm = mm_new();
	a = do_mmap(mm, 0x40000000UL, 2 * P, RW, ANON | RM_MAP_FIXED, NULL,
		    0);
	EXPECT_EQ(do_mmap(mm, a + 2 * P, 2 * P, RM_PROT_READ,
			  ANON | RM_MAP_FIXED, NULL, 0), a + 2 * P);
	EXPECT_EQ(mm->map_count, 2);
	EXPECT_EQ(do_mprotect(mm, a, 2 * P, RM_PROT_READ), 0);
	EXPECT_TRUE(vma_at(mm, a)->vm_flags & VM_ACCOUNT);
	EXPECT_EQ(mm->map_count, 2);
	mmput(mm);
	finish_model();
}

/* sys_brk keeps a page between the heap and the next mapping. */
TEST(brk_keeps_a_guard_page)
{
	struct mm_struct *mm;
	unsigned long base;

	start_model("interval", 8192);
	mm = mm_new();
	base = mm->brk;
	EXPECT_EQ(do_mmap(mm, base + 4 * P, P, RW, ANON | RM_MAP_FIXED, NULL,
			  0), base + 4 * P);
	EXPECT_EQ(do_brk(mm, base + 4 * P), base);
	EXPECT_EQ(do_brk(mm, base + 3 * P), base + 3 * P);
	mmput(mm);
	finish_model();
}

/*
 * rss_stat=2.6.34 (interval): a fault counts its page in its task's cache,
 * which reaches the mm's counter at the fault after 65 more
 * (check_sync_rss_stat: events++ > 64), at the task's own munmap, and
 * when it leaves the mm; rss_stat=2.4 (anon_vma) counts on the mm's at
 * once.
 */
static void rss_after_faults(const char *gen, long at65, long at66,
			     long at_munmap)
{
	struct mm_struct *mm;
	unsigned long a;

	start_model(gen, 8192);
	mm = mm_new();
	a = do_mmap(mm, 0, 128 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 65 * P, true), 0);
	EXPECT_EQ(get_mm_rss(mm), at65);
	ASSERT_EQ(touch_range(mm, a + 65 * P, P, true), 0);
	EXPECT_EQ(get_mm_rss(mm), at66);
	EXPECT_EQ(mm_rss_exact(mm), 66);
	ASSERT_EQ(do_munmap(mm, a + 64 * P, 2 * P), 0);
	EXPECT_EQ(get_mm_rss(mm), at_munmap);
	EXPECT_EQ(mm_rss_exact(mm), 64);
	mmput(mm);
	finish_model();
}

TEST(faults_count_rss_in_the_task_cache_from_2_6_34)
{
	rss_after_faults("interval", 0, 65, 64);
	rss_after_faults("anon_vma", 65, 66, 64);
}

/* try_to_unmap fails on an mlocked vma: reclaim keeps the page mapped. */
TEST(mlock_keeps_pages_from_reclaim)
{
	struct mm_struct *mm;
	unsigned long a;

	start_model("interval", 8192);
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	EXPECT_EQ(do_mlock(mm, a, 4 * P, true), 0);
	EXPECT_TRUE(vma_at(mm, a)->vm_flags & VM_LOCKED);
	/* mlock faulted the range in */
	EXPECT_EQ(mm_rss_exact(mm), 4);
	EXPECT_FALSE(try_to_unmap(page_at(mm, a)));
	EXPECT_FALSE(press_until_swapped(mm, a));
	EXPECT_EQ(do_mlock(mm, a, 4 * P, false), 0);
	EXPECT_TRUE(press_until_swapped(mm, a));
	mmput(mm);
	finish_model();
}

/*
 * An anonymous page mapped by a parent and its child, read-only so the
 * child's mlock keeps it shared, the child's vma mlocked (first on the
 * list: order=head): page_referenced probes both
 * mappings before 2.6.25 and stops, referenced, at the mlocked one from
 * 2.6.25 (lru=2.6.25).
 */
static unsigned long mlocked_walk_candidates(const char *spec)
{
	struct mm_struct *mm, *child;
	unsigned long a, cand;

	start_model(spec, 8192);
	mm = mm_new();
	a = do_mmap(mm, 0, P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, P, true), 0);
	ASSERT_EQ(do_mprotect(mm, a, P, RM_PROT_READ), 0);
	child = dup_mm(mm);
	EXPECT_EQ(do_mlock(child, a, P, true), 0);
	EXPECT_EQ(page_mapcount(page_at(mm, a)), 2);
	cand = rmap_stats.candidates;
	EXPECT_GT(page_referenced(page_at(mm, a)), 0);
	cand = rmap_stats.candidates - cand;
	mmput(child);
	mmput(mm);
	finish_model();
	return cand;
}

TEST(mlocked_mapping_ends_page_referenced_from_2_6_25)
{
	EXPECT_EQ(mlocked_walk_candidates("anon=anon_vma:order=head,"
					  "file=prio_tree,lru=2.6.5"), 2);
	EXPECT_EQ(mlocked_walk_candidates("anon=anon_vma:order=head,"
					  "file=prio_tree,lru=2.6.25"), 1);
}

/*
 * The order of file-side updates in vma_adjust, recorded by a file scheme
 * of the test's own: a split links the new vma first; a boundary move takes
 * vma and next out, then puts next back before vma.
 */
static char order[256];

static void note(const char *what, const struct vm_area_struct *vma)
{
	size_t n = strlen(order);

	snprintf(order + n, sizeof(order) - n, "%s%s%lu", n ? " " : "", what,
		 vma->vm_start >> PAGE_SHIFT & 0xff);
}

static void rec_link(struct vm_area_struct *vma)
{
	note("link", vma);
}

static void rec_begin(struct vm_area_struct *vma)
{
	note("out", vma);
}

static void rec_end(struct vm_area_struct *vma)
{
	note("in", vma);
}

static const struct rmap_scheme recorder = {
	.name = "recorder", .sides = RMAP_SIDE_FILE,
	.vma_link = rec_link,
	.vma_adjust_begin = rec_begin, .vma_adjust_end = rec_end,
};

TEST(vma_adjust_updates_i_mmap_in_the_kernels_order)
{
	struct rmap_config cfg;
	struct address_space *f;
	struct mm_struct *mm;
	unsigned long a = 0x40000000UL;

	parse_config("anon=avc_itree,file=itree", &cfg);
	cfg.file = &recorder;
	ASSERT_EQ(model_init(&cfg, 8192), 0);
	f = file_create("data", 8, false);
	mm = mm_new();
	do_mmap(mm, a, 8 * P, RW, RM_MAP_SHARED | RM_MAP_FIXED, f, 0);
	order[0] = 0;
	/* split at page 4: the new lower half is linked before vma moves */
	EXPECT_EQ(do_mprotect(mm, a + 4 * P, 4 * P, RM_PROT_READ), 0);
	EXPECT_STREQ(order, "link0 out0 in4");
	order[0] = 0;
	/* the boundary moves down by 2: vma and next out, next in first */
	EXPECT_EQ(do_mprotect(mm, a + 2 * P, 2 * P, RM_PROT_READ), 0);
	EXPECT_STREQ(order, "out0 out4 in2 in0");
	mmput(mm);
	file_put(f);
	finish_model();
}

/* The counters no walk count shows: pte_chain's search on remove. */
TEST(chain_scan_counts_the_remove_search)
{
	struct mm_struct *mm, *child[8];
	unsigned long a, scan;
	int i;

	start_model("pte_chain", 8192);
	mm = mm_new();
	a = do_mmap(mm, 0, P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, P, true), 0);
	for (i = 0; i < 8; i++)
		child[i] = dup_mm(mm);
	scan = rmap_stats.chain_scan;
	/* the oldest entry sits at the chain's far end */
	zap_page_range(vma_at(mm, a), a, a + P, false);
	EXPECT_EQ(rmap_stats.chain_scan - scan, 9);
	for (i = 0; i < 8; i++)
		mmput(child[i]);
	mmput(mm);
	finish_model();
}

TEST(tree_updates_count_insert_and_remove)
{
	struct model_counters c;
	struct counters_snapshot snap;
	struct address_space *f;
	struct mm_struct *mm;
	unsigned long a;
	int i;

	start_model("interval", 8192);
	f = file_create("data", 64, false);
	mm = mm_new();
	for (i = 0; i < 32; i++)
		do_mmap(mm, 0, P, RM_PROT_READ, RM_MAP_SHARED, f, 2 * i);
	counters_begin(&snap);
	a = do_mmap(mm, 0, P, RM_PROT_READ, RM_MAP_SHARED, f, 33);
	do_munmap(mm, a, P);
	counters_end(&snap, &c);
	EXPECT_GT(c.v[MC_TREE_UPDATES], 4);
	EXPECT_EQ(c.v[MC_LOCK_I_MMAP], 2);
	mmput(mm);
	file_put(f);
	finish_model();
}

/* rmap bytes: the i_mmap list head predates rmap; the trees add 16 B. */
TEST(vma_bytes_count_only_what_rmap_added)
{
	EXPECT_EQ(rmap_find_scheme("linear")->vma_bytes, 0);
	EXPECT_EQ(rmap_find_scheme("prio_tree")->vma_bytes, 16);
	EXPECT_EQ(rmap_find_scheme("itree")->vma_bytes, 16);
}

/*
 * Exit of a process mapping a library's text, rodata and data and an
 * anonymous bss, then nine more vmas of it, then one more past a gap of
 * over PMD_SIZE: one i_mmap lock per file vma to 6.10; from 6.11 one per
 * batch of up to 8 nearby vmas of one file.
 */
static unsigned long exit_i_mmap_locks(const char *model)
{
	struct address_space *f;
	struct mm_struct *mm;
	unsigned long x = 0x10000000UL, locks;
	char spec[128];
	int i;

	snprintf(spec, sizeof(spec), "anon=avc_reuse,file=itree,%s", model);
	start_model(spec, 8192);
	f = file_create("lib", 64, false);
	mm = mm_new();
	do_mmap(mm, x, 4 * P, RM_PROT_READ | RM_PROT_EXEC,
		RM_MAP_PRIVATE | RM_MAP_FIXED, f, 0);
	do_mmap(mm, x + 4 * P, 4 * P, RM_PROT_READ,
		RM_MAP_PRIVATE | RM_MAP_FIXED, f, 4);
	do_mmap(mm, x + 8 * P, 4 * P, RW, RM_MAP_PRIVATE | RM_MAP_FIXED, f, 8);
	do_mmap(mm, x + 12 * P, 4 * P, RW, ANON | RM_MAP_FIXED, NULL, 0);
	for (i = 0; i < 9; i++)
		do_mmap(mm, x + (16 + i) * P, P,
			i % 2 ? RM_PROT_READ : RW,
			RM_MAP_PRIVATE | RM_MAP_FIXED, f, 16 + i);
	do_mmap(mm, x + (1UL << 22), P, RM_PROT_READ,
		RM_MAP_PRIVATE | RM_MAP_FIXED, f, 32);
	ASSERT_EQ(mm->map_count, 14);
	locks = rmap_stats.locks[LOCK_I_MMAP];
	mmput(mm);
	locks = rmap_stats.locks[LOCK_I_MMAP] - locks;
	file_put(f);
	finish_model();
	return locks;
}

TEST(exit_unlinks_file_vmas_one_lock_each_to_6_10)
{
	EXPECT_EQ(exit_i_mmap_locks("unlink=2.6.0"), 13);
}

TEST(exit_unlinks_file_vmas_in_batches_from_6_11)
{
	EXPECT_EQ(exit_i_mmap_locks("unlink=6.11"), 3);
}

#define ZAP_PAGES	64

/*
 * The present ptes munmap and then exit cleared in an mm of 2 * ZAP_PAGES
 * anonymous pages, ZAP_PAGES each, by xchg ([0]) and plain ([1]); users:
 * the mm's users at the munmap (a second one is a thread's).
 */
static void zap_clears(const char *spec, int users, unsigned long unmap[2],
		       unsigned long exit[2])
{
	unsigned long a, before[2];
	struct mm_struct *mm;
	int i;

	start_model(spec, 8192);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * ZAP_PAGES * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 2 * ZAP_PAGES * P, true), 0);
	for (i = 1; i < users; i++)
		mmget(mm);
	pte_clears(before);
	ASSERT_EQ(do_munmap(mm, a, ZAP_PAGES * P), 0);
	pte_clears_since(unmap, before);
	for (i = 0; i < users; i++)
		mmput(mm);
	pte_clears_since(exit, before);
	finish_model();
}

TEST(exit_zap_clears_plain_from_2_6_14)
{
	static const char *const gens[] = { "anon_vma", "reuse" };
	unsigned long unmap[2], exit[2], i;

	SKIP_IF(!pte_clears_counted, "the clears are counted in debug builds");
	for (i = 0; i < ARRAY_SIZE(gens); i++) {
		zap_clears(gens[i], 1, unmap, exit);
		/* munmap's mmu_gather is not fullmm: the xchg */
		EXPECT_EQ(unmap[0], ZAP_PAGES);
		EXPECT_EQ(unmap[1], 0);
		EXPECT_EQ(exit[0], 0);
		EXPECT_EQ(exit[1], ZAP_PAGES);
	}
}

TEST(every_zap_xchgs_from_2_5_18_to_2_6_13)
{
	static const char *const specs[] = { "pte_chain", "anonmm",
					     "anon_vma+zap=2.5.18" };
	unsigned long unmap[2], exit[2], i;

	SKIP_IF(!pte_clears_counted, "the clears are counted in debug builds");
	for (i = 0; i < ARRAY_SIZE(specs); i++) {
		zap_clears(specs[i], 1, unmap, exit);
		EXPECT_EQ(unmap[0], ZAP_PAGES);
		EXPECT_EQ(unmap[1], 0);
		EXPECT_EQ(exit[0], ZAP_PAGES);
		EXPECT_EQ(exit[1], 0);
	}
}

TEST(zap_of_an_mm_with_one_user_clears_plain_in_2_4)
{
	unsigned long unmap[2], exit[2];

	SKIP_IF(!pte_clears_counted, "the clears are counted in debug builds");
	zap_clears("scan", 1, unmap, exit);
	EXPECT_EQ(unmap[0], 0);
	EXPECT_EQ(unmap[1], ZAP_PAGES);
	/* exit_mmap runs after mmput took the last user: slow mode */
	EXPECT_EQ(exit[0], ZAP_PAGES);
	EXPECT_EQ(exit[1], 0);
	/* a second user (a thread) takes munmap out of fast mode */
	zap_clears("scan", 2, unmap, exit);
	EXPECT_EQ(unmap[0], ZAP_PAGES);
	EXPECT_EQ(unmap[1], 0);
}
