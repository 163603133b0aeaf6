/*
 * The anon_vma scheme (2.6.7 - 2.6.33): find_mergeable_anon_vma shares a
 * neighbour's anon_vma, a fork family shares one anon_vma and its walk
 * visits every vma of the family, the anon_vma goes with the last vma on
 * its list, mremap keeps pgoff so page->index stays valid, and a vma that
 * never faulted takes its pgoff from the address it is moved to. The era
 * switches: the list order (head to 2.6.17, tail from 2.6.18), vma_adjust's
 * lock (2.6.32), the rss test (to 2.6.13); and the generation's exact
 * form, 2.6.25-2.6.27 (lazy fork, tail order, no zero page).
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

/*
 * A parent's vma, forked three times, each child COWing page 1: nodes read
 * by page_referenced of c[0]'s copy and of the parent's, in that order.
 */
static void fork_family_walks(const char *spec, unsigned long nodes[2])
{
	struct mm_struct *mm, *c[3];
	struct vm_area_struct *v;
	struct page *page;
	unsigned long a, before;
	int i;

	ASSERT_TRUE(start_model(spec, 4096)->anon == &anon_vma_scheme);
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
	before = rmap_stats.nodes;
	page_referenced(page);
	nodes[0] = rmap_stats.nodes - before;
	before = rmap_stats.nodes;
	page_referenced(page_at(mm, a + P));
	nodes[1] = rmap_stats.nodes - before;
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

/* 2.6.7-2.6.17: the list runs newest first, c[0] last but one */
TEST(fork_family_head_order_walks_newest_first)
{
	unsigned long nodes[2];

	fork_family_walks("anon=anon_vma:order=head,file=prio_tree", nodes);
	EXPECT_EQ(nodes[0], 3);
	EXPECT_EQ(nodes[1], 4);
}

/* 2.6.18-2.6.33 (the generation): in fork order, the parent first */
TEST(fork_family_tail_order_walks_in_fork_order)
{
	unsigned long nodes[2];

	fork_family_walks("anon_vma", nodes);
	EXPECT_EQ(nodes[0], 2);
	EXPECT_EQ(nodes[1], 1);
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

/*
 * vma_adjust's anon_vma lock, for brk growing a faulted vma's end and for
 * mprotect moving the boundary with next: 2.6.32 stopped taking it when
 * only vma's end moves.
 */
static void adjust_locks(const char *spec, unsigned long locks[2])
{
	struct mm_struct *mm;
	unsigned long base, a, before;

	start_model(spec, 8192);
	mm = mm_new();
	base = mm->brk;
	ASSERT_EQ(do_brk(mm, base + 2 * P), base + 2 * P);
	ASSERT_EQ(touch_range(mm, base, 2 * P, true), 0);
	before = rmap_stats.locks[LOCK_ANON];
	ASSERT_EQ(do_brk(mm, base + 4 * P), base + 4 * P);
	locks[0] = rmap_stats.locks[LOCK_ANON] - before;
	a = do_mmap(mm, 0, 8 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 8 * P, true), 0);
	ASSERT_EQ(do_mprotect(mm, a, 4 * P, RM_PROT_READ), 0);
	before = rmap_stats.locks[LOCK_ANON];
	/* case 5: the read-only vma grows into its writable neighbour */
	ASSERT_EQ(do_mprotect(mm, a + 4 * P, 2 * P, RM_PROT_READ), 0);
	locks[1] = rmap_stats.locks[LOCK_ANON] - before;
	mmput(mm);
	finish_model();
}

TEST(vma_adjust_locks_the_anon_vma_on_every_pass_to_2_6_31)
{
	unsigned long locks[2];

	adjust_locks("anon=anon_vma:adjust=2.6.7,file=prio_tree", locks);
	EXPECT_EQ(locks[0], 1);
	EXPECT_EQ(locks[1], 1);
}

TEST(vma_adjust_spares_the_anon_vma_lock_for_an_end_from_2_6_32)
{
	unsigned long locks[2];

	adjust_locks("anon=anon_vma:adjust=2.6.32,file=prio_tree", locks);
	EXPECT_EQ(locks[0], 0);
	EXPECT_EQ(locks[1], 1);
}

/*
 * A forked child zaps its copy: its mm has no rss, but its vma is still on
 * the anon_vma's list. The candidates a full walk of the parent's page
 * yields: 2.6.7-2.6.13 skip the child's vma, 2.6.14 probes it.
 */
static unsigned long rss_zero_candidates(const char *spec)
{
	struct mm_struct *mm, *child;
	struct walk_result w;
	unsigned long a;

	start_model(spec, 4096);
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 4 * P, true), 0);
	child = dup_mm(mm);
	EXPECT_EQ(madvise_dontneed(child, a, 4 * P), 0);
	EXPECT_EQ(mm_rss_exact(child), 0);
	w = walk_page(page_at(mm, a), true);
	EXPECT_EQ(w.mappings, 1);
	mmput(child);
	mmput(mm);
	finish_model();
	return w.candidates;
}

TEST(walk_skips_an_mm_without_rss_to_2_6_13)
{
	EXPECT_EQ(rss_zero_candidates("anon=anon_vma:rss=2.6.7,"
				      "file=prio_tree"), 1);
}

TEST(walk_probes_an_mm_without_rss_from_2_6_14)
{
	EXPECT_EQ(rss_zero_candidates("anon=anon_vma:rss=2.6.14,"
				      "file=prio_tree"), 2);
}

/*
 * An anonymous read fault: the zero page, or (2.6.24-2.6.31) a page of its
 * own, which gives the vma its anon_vma, so a lazy fork copies it.
 */
static void read_fault(const char *spec, bool zero)
{
	struct mm_struct *mm, *child;
	unsigned long a;

	start_model(spec, 4096);
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(handle_mm_fault(mm, a, false), VM_FAULT_MINOR);
	EXPECT_EQ(pte_present(pte_at(mm, a)) &&
		  pte_page(pte_at(mm, a)) == zero_page, zero);
	EXPECT_EQ(vma_at(mm, a)->anon_vma == NULL, zero);
	EXPECT_EQ(mm_rss_exact(mm), zero ? 0 : 1);
	EXPECT_EQ(rmap_stats.rmap_adds, zero ? 0 : 1);
	child = dup_mm(mm);
	EXPECT_EQ(rmap_stats.ptes_copied, zero ? 0 : 1);
	mmput(child);
	mmput(mm);
	finish_model();
}

TEST(read_fault_maps_the_zero_page_to_2_6_23)
{
	read_fault("anon_vma", true);
}

TEST(read_fault_allocates_in_2_6_24_to_2_6_31)
{
	read_fault("anon=anon_vma,file=prio_tree,zeropage=none", false);
}

/* The generation's scenario counters: the two done criteria. */
static struct model_counters run_scenario(const char *name,
					  const char *spec)
{
	const struct scenario *sc = scenario_find(name);
	struct model_counters c;
	struct scenario_ctx ctx;
	struct rmap_config cfg;

	ASSERT_NONNULL(sc);
	scenario_defaults(sc, &ctx, 1);
	parse_config(spec, &cfg);
	ASSERT_EQ(scenario_once(sc, &ctx, &cfg, sc->mem_pages(&ctx), false,
				&c), 0);
	return c;
}

/* fork_exit at 1024 pages, half of them file: only the anon half copied */
TEST(generation_forks_lazily)
{
	struct model_counters c = run_scenario("fork_exit", "anon_vma");

	EXPECT_EQ(c.v[MC_PTES_COPIED], 512);
}

/* mprotect_split: in fork order the walks stop 0.6x as far or sooner */
TEST(generation_walks_in_fork_order)
{
	struct model_counters tail = run_scenario("mprotect_split",
						  "anon_vma");
	struct model_counters head = run_scenario("mprotect_split",
		"anon=anon_vma:order=head:adjust=2.6.7:rss=2.6.14,"
		"file=prio_tree:rss=2.6.14,fork=lazy,zeropage=none");

	EXPECT_GT(tail.v[MC_NODES], 0);
	EXPECT_LE(tail.v[MC_NODES], 0.6 * head.v[MC_NODES]);
}
