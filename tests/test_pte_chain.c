/*
 * pte_chain (2.6.0): a page mapped once keeps its pte in struct page, more
 * mappings pack seven pte addresses per 64-byte node with only the head
 * partly filled; removal from the middle keeps the chain dense; reclaim's
 * page_referenced collapses a one-entry chain; try_to_unmap compacts as it
 * goes; every recorded pte leads back to its (mm, address); the one-deep
 * spare cache saves slab traffic.
 */
#include <string.h>

#include "tests/model_test.h"

#define NRPTE 7
#define MAXMAP 64

struct found {
	struct mm_struct *mm[MAXMAP];
	unsigned long addr[MAXMAP];
	int n;
	int bad;		/* ptes that do not lead back to (mm, addr) */
};

static void start(void)
{
	start_model("pte_chain", 4096);
}

static int collect(struct page *page, struct vm_area_struct *vma,
		   unsigned long addr, pte_t *ptep, void *arg)
{
	struct found *f = arg;

	(void)page;
	if (ptep_to_mm(ptep) != vma->vm_mm || ptep_to_address(ptep) != addr ||
	    pte_offset(vma->vm_mm, addr) != ptep ||
	    find_vma(vma->vm_mm, addr) != vma)
		f->bad++;
	if (f->n < MAXMAP) {
		f->mm[f->n] = vma->vm_mm;
		f->addr[f->n] = addr;
	}
	f->n++;
	return RMAP_CONTINUE;
}

/* Every mapping of page, and the chain nodes the walk visited. */
static unsigned long walk_all(struct page *page, struct found *f)
{
	struct rmap_walk_control rwc = {
		.rmap_one = collect, .arg = f, .all = true,
	};
	unsigned long nodes = rmap_stats.nodes;

	memset(f, 0, sizeof(*f));
	rmap_walk(page, &rwc);
	return rmap_stats.nodes - nodes;
}

static bool was_found(const struct found *f, struct mm_struct *mm,
		      unsigned long addr)
{
	int i;

	for (i = 0; i < f->n && i < MAXMAP; i++)
		if (f->mm[i] == mm && f->addr[i] == addr)
			return true;
	return false;
}

/* k one-page shared mappings of pgoff 0 in mm, each faulted in. */
static void map_k(struct mm_struct *mm, struct address_space *f, int k,
		  unsigned long *addrs)
{
	int i;

	for (i = 0; i < k; i++) {
		addrs[i] = do_mmap(mm, 0, P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
		ASSERT_EQ(handle_mm_fault(mm, addrs[i], false),
			  VM_FAULT_MINOR);
	}
}

/* 2.6.0's rule: none for one mapping, else seven ptes a node */
static unsigned long chain_nodes(int k)
{
	return k <= 1 ? 0 : (k + NRPTE - 1) / NRPTE;
}

/* k mappings of one page: how they pack, and what stays allocated */
static void packing(int k)
{
	unsigned long addrs[MAXMAP], want = chain_nodes(k);
	struct address_space *f;
	struct mm_struct *mm;
	struct found fd;
	struct page *page;

	start();
	mm = mm_new();
	f = file_create("f", 1, false);
	map_k(mm, f, k, addrs);
	page = f->pages[0];
	EXPECT_EQ(page_mapcount(page), k);
	EXPECT_EQ(test_bit_flag(page, PG_direct), k == 1);
	if (k == 1)
		EXPECT_EQ(page->rmap, (unsigned long)pte_offset(mm, addrs[0]));
	EXPECT_EQ(walk_all(page, &fd), want);
	EXPECT_EQ(fd.n, k);
	EXPECT_EQ(fd.bad, 0);
	/*
	 * Live nodes: the chain, plus the spare unless the last add
	 * consumed it (the 2nd, 8th, 15th... mapping starts a node).
	 */
	EXPECT_EQ(cache_named("pte_chain")->live,
		  want + (want == chain_nodes(k - 1)));
	EXPECT_EQ(model_validate(), 0);
	mmput(mm);
	file_put(f);
	finish_model();
}

TEST(packing)
{
	static const int ks[] = { 1, 2, 3, 6, 7, 8, 9, 13, 14, 15, 16, 22 };
	unsigned i;

	for (i = 0; i < sizeof(ks) / sizeof(ks[0]) && !test_failed(); i++) {
		packing(ks[i]);
		if (test_failed())
			fprintf(stderr, "  with %d mappings\n", ks[i]);
	}
}

TEST(spare_cache)
{
	struct address_space *f;
	struct mm_struct *mm;
	unsigned long a;

	start();
	mm = mm_new();
	f = file_create("f", 100, false);
	a = do_mmap(mm, 0, 100 * P, RM_PROT_READ, RM_MAP_PRIVATE, f, 0);
	ASSERT_EQ(touch_range(mm, a, 100 * P, false), 0);
	/* 100 direct pages: one slab allocation, the spare, reused each time */
	EXPECT_EQ(cache_named("pte_chain")->allocs, 1);
	EXPECT_EQ(cache_named("pte_chain")->live, 1);
	/* the spare is given back with the last mm */
	mmput(mm);
	EXPECT_EQ(cache_named("pte_chain")->live, 0);
	file_put(f);
	finish_model();
}

TEST(remove_middle)
{
	unsigned long addrs[MAXMAP];
	struct address_space *f;
	struct mm_struct *mm;
	struct found fd;
	struct page *page;
	int i;

	start();
	mm = mm_new();
	f = file_create("f", 1, false);
	map_k(mm, f, 10, addrs);
	page = f->pages[0];
	/* the 4th mapping sits in the full tail node */
	EXPECT_EQ(do_munmap(mm, addrs[3], P), 0);
	EXPECT_EQ(walk_all(page, &fd), 2);
	EXPECT_EQ(fd.n, 9);
	EXPECT_EQ(fd.bad, 0);
	for (i = 0; i < 10; i++)
		EXPECT_EQ(was_found(&fd, mm, addrs[i]), i != 3);
	EXPECT_EQ(model_validate(), 0);
	/* down to one mapping: still a chain, removal never collapses */
	for (i = 0; i < 9; i++)
		if (i != 3)
			EXPECT_EQ(do_munmap(mm, addrs[i], P), 0);
	EXPECT_EQ(page_mapcount(page), 1);
	EXPECT_FALSE(test_bit_flag(page, PG_direct));
	EXPECT_EQ(walk_all(page, &fd), 1);
	EXPECT_TRUE(was_found(&fd, mm, addrs[9]));
	EXPECT_EQ(model_validate(), 0);
	/* reclaim's page_referenced does collapse it */
	page_referenced(page);
	EXPECT_TRUE(test_bit_flag(page, PG_direct));
	EXPECT_EQ(page->rmap, (unsigned long)pte_offset(mm, addrs[9]));
	EXPECT_EQ(walk_all(page, &fd), 0);
	EXPECT_EQ(fd.n, 1);
	EXPECT_EQ(model_validate(), 0);
	mmput(mm);
	file_put(f);
	finish_model();
}

/*
 * try_to_unmap walks the head first (the newest mappings) and compacts as
 * it unmaps; a VM_LOCKED vma stops it half way with a dense chain left.
 */
TEST(unmap_compaction)
{
	unsigned long addrs[MAXMAP];
	struct address_space *f;
	struct mm_struct *mm;
	struct found fd;
	struct page *page;
	int i;

	start();
	mm = mm_new();
	f = file_create("f", 1, false);
	map_k(mm, f, 10, addrs);
	page = f->pages[0];
	find_vma(mm, addrs[3])->vm_flags |= VM_LOCKED;
	EXPECT_FALSE(try_to_unmap(page));
	EXPECT_EQ(page_mapcount(page), 4);
	EXPECT_EQ(mm->rss, 4);
	EXPECT_EQ(walk_all(page, &fd), 1);
	for (i = 0; i < 10; i++)
		EXPECT_EQ(was_found(&fd, mm, addrs[i]), i <= 3);
	EXPECT_EQ(model_validate(), 0);
	find_vma(mm, addrs[3])->vm_flags &= ~VM_LOCKED;
	EXPECT_TRUE(try_to_unmap(page));
	EXPECT_EQ(page->rmap, 0);
	EXPECT_FALSE(test_bit_flag(page, PG_direct));
	EXPECT_EQ(cache_named("pte_chain")->live, 1);	/* only the spare */
	EXPECT_EQ(model_validate(), 0);
	mmput(mm);
	file_put(f);
	finish_model();
}

/* The same file page in many processes, at different addresses. */
TEST(same_page_many_processes)
{
	struct mm_struct *parent, *kids[12];
	unsigned long a, x[12];
	struct address_space *f;
	struct found fd;
	struct page *page;
	int i;

	start();
	parent = mm_new();
	f = file_create("f", 4, false);
	a = do_mmap(parent, 0, 4 * P, RM_PROT_READ, RM_MAP_PRIVATE, f, 0);
	ASSERT_EQ(touch_range(parent, a, 4 * P, false), 0);
	for (i = 0; i < 12; i++) {
		kids[i] = dup_mm(parent);
		x[i] = do_mmap(kids[i], 0x50000000UL + i * 0x201000UL, 4 * P,
			       RM_PROT_READ, RM_MAP_SHARED | RM_MAP_FIXED, f,
			       0);
		ASSERT_EQ(touch_range(kids[i], x[i], 4 * P, false), 0);
	}
	page = f->pages[2];
	EXPECT_EQ(page_mapcount(page), 25);
	EXPECT_EQ(walk_all(page, &fd), 4);
	EXPECT_EQ(fd.n, 25);
	EXPECT_EQ(fd.bad, 0);
	EXPECT_TRUE(was_found(&fd, parent, a + 2 * P));
	for (i = 0; i < 12; i++) {
		EXPECT_TRUE(was_found(&fd, kids[i], a + 2 * P));
		EXPECT_TRUE(was_found(&fd, kids[i], x[i] + 2 * P));
	}
	EXPECT_EQ(model_validate(), 0);
	for (i = 0; i < 12; i++)
		mmput(kids[i]);
	EXPECT_EQ(page_mapcount(page), 1);
	mmput(parent);
	file_put(f);
	finish_model();
}
