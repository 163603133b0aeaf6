/*
 * pte_chain (2.6.0): a page mapped once keeps its pte in struct page, more
 * mappings pack seven pte addresses per 64-byte node with only the head
 * partly filled; removal from the middle keeps the chain dense; reclaim's
 * page_referenced collapses a one-entry chain; try_to_unmap compacts as it
 * goes; every recorded pte leads back to its (mm, address); the one-deep
 * spare cache saves slab traffic.
 */
#include <string.h>

#include "common/lib/slab.h"
#include "common/model.h"
#include "tests/harness.h"

#define P PAGE_SIZE
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
	struct rmap_config cfg;
	char err[256];

	CHECK_EQ(rmap_config_parse("pte_chain", &cfg, err, sizeof(err)), 0);
	CHECK_EQ(model_init(&cfg, 4096), 0);
}

static void finish(void)
{
	CHECK_EQ(model_exit(), 0);
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

static void count_cache(const struct kmem_cache *c, void *arg)
{
	if (!strcmp(c->name, "pte_chain"))
		*(const struct kmem_cache **)arg = c;
}

static const struct kmem_cache *pte_chain_cache(void)
{
	const struct kmem_cache *c = NULL;

	slab_for_each(count_cache, &c);
	return c;
}

/* k one-page shared mappings of pgoff 0 in mm, each faulted in. */
static void map_k(struct mm_struct *mm, struct address_space *f, int k,
		  unsigned long *addrs)
{
	int i;

	for (i = 0; i < k; i++) {
		addrs[i] = do_mmap(mm, 0, P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
		CHECK_EQ(handle_mm_fault(mm, addrs[i], false), VM_FAULT_MINOR);
	}
}

/* 2.6.0's rule: none for one mapping, else seven ptes a node */
static unsigned long chain_nodes(int k)
{
	return k <= 1 ? 0 : (k + NRPTE - 1) / NRPTE;
}

static void test_packing(void)
{
	static const int ks[] = { 1, 2, 3, 6, 7, 8, 9, 13, 14, 15, 16, 22 };
	unsigned long addrs[MAXMAP];
	unsigned i;

	for (i = 0; i < sizeof(ks) / sizeof(ks[0]); i++) {
		int k = ks[i];
		unsigned long nodes, want = chain_nodes(k);
		struct address_space *f;
		struct mm_struct *mm;
		struct found fd;
		struct page *page;

		start();
		mm = mm_new();
		f = file_create("f", 1, false);
		map_k(mm, f, k, addrs);
		page = f->pages[0];
		CHECK_EQ(page_mapcount(page), k);
		CHECK_EQ(test_bit_flag(page, PG_direct), k == 1);
		if (k == 1)
			CHECK_EQ(page->rmap,
				 (unsigned long)pte_offset(mm, addrs[0]));
		nodes = walk_all(page, &fd);
		CHECK_EQ(nodes, want);
		CHECK_EQ(fd.n, k);
		CHECK_EQ(fd.bad, 0);
		/*
		 * Live nodes: the chain, plus the spare unless the last add
		 * consumed it (the 2nd, 8th, 15th... mapping starts a node).
		 */
		CHECK_EQ(pte_chain_cache()->live,
			 want + (want == chain_nodes(k - 1)));
		CHECK_EQ(model_validate(), 0);
		mmput(mm);
		file_put(f);
		finish();
	}
}

static void test_spare_cache(void)
{
	struct address_space *f;
	struct mm_struct *mm;
	unsigned long a;

	start();
	mm = mm_new();
	f = file_create("f", 100, false);
	a = do_mmap(mm, 0, 100 * P, RM_PROT_READ, RM_MAP_PRIVATE, f, 0);
	CHECK_EQ(touch_range(mm, a, 100 * P, false), 0);
	/* 100 direct pages: one slab allocation, the spare, reused each time */
	CHECK_EQ(pte_chain_cache()->allocs, 1);
	CHECK_EQ(pte_chain_cache()->live, 1);
	/* the spare is given back with the last mm */
	mmput(mm);
	CHECK_EQ(pte_chain_cache()->live, 0);
	file_put(f);
	finish();
}

static void test_remove_middle(void)
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
	CHECK_EQ(do_munmap(mm, addrs[3], P), 0);
	CHECK_EQ(walk_all(page, &fd), 2);
	CHECK_EQ(fd.n, 9);
	CHECK_EQ(fd.bad, 0);
	for (i = 0; i < 10; i++)
		CHECK_EQ(was_found(&fd, mm, addrs[i]), i != 3);
	CHECK_EQ(model_validate(), 0);
	/* down to one mapping: still a chain, removal never collapses */
	for (i = 0; i < 9; i++)
		if (i != 3)
			CHECK_EQ(do_munmap(mm, addrs[i], P), 0);
	CHECK_EQ(page_mapcount(page), 1);
	CHECK(!test_bit_flag(page, PG_direct));
	CHECK_EQ(walk_all(page, &fd), 1);
	CHECK(was_found(&fd, mm, addrs[9]));
	CHECK_EQ(model_validate(), 0);
	/* reclaim's page_referenced does collapse it */
	page_referenced(page);
	CHECK(test_bit_flag(page, PG_direct));
	CHECK_EQ(page->rmap, (unsigned long)pte_offset(mm, addrs[9]));
	CHECK_EQ(walk_all(page, &fd), 0);
	CHECK_EQ(fd.n, 1);
	CHECK_EQ(model_validate(), 0);
	mmput(mm);
	file_put(f);
	finish();
}

/*
 * try_to_unmap walks the head first (the newest mappings) and compacts as
 * it unmaps; a VM_LOCKED vma stops it half way with a dense chain left.
 */
static void test_unmap_compaction(void)
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
	CHECK(!try_to_unmap(page));
	CHECK_EQ(page_mapcount(page), 4);
	CHECK_EQ(mm->rss, 4);
	CHECK_EQ(walk_all(page, &fd), 1);
	for (i = 0; i < 10; i++)
		CHECK_EQ(was_found(&fd, mm, addrs[i]), i <= 3);
	CHECK_EQ(model_validate(), 0);
	find_vma(mm, addrs[3])->vm_flags &= ~VM_LOCKED;
	CHECK(try_to_unmap(page));
	CHECK_EQ(page->rmap, 0);
	CHECK(!test_bit_flag(page, PG_direct));
	CHECK_EQ(pte_chain_cache()->live, 1);	/* only the spare */
	CHECK_EQ(model_validate(), 0);
	mmput(mm);
	file_put(f);
	finish();
}

/* The same file page in many processes, at different addresses. */
static void test_inversion(void)
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
	CHECK_EQ(touch_range(parent, a, 4 * P, false), 0);
	for (i = 0; i < 12; i++) {
		kids[i] = dup_mm(parent);
		x[i] = do_mmap(kids[i], 0x50000000UL + i * 0x201000UL, 4 * P,
			       RM_PROT_READ, RM_MAP_SHARED | RM_MAP_FIXED, f,
			       0);
		CHECK_EQ(touch_range(kids[i], x[i], 4 * P, false), 0);
	}
	page = f->pages[2];
	CHECK_EQ(page_mapcount(page), 25);
	CHECK_EQ(walk_all(page, &fd), 4);
	CHECK_EQ(fd.n, 25);
	CHECK_EQ(fd.bad, 0);
	CHECK(was_found(&fd, parent, a + 2 * P));
	for (i = 0; i < 12; i++) {
		CHECK(was_found(&fd, kids[i], a + 2 * P));
		CHECK(was_found(&fd, kids[i], x[i] + 2 * P));
	}
	CHECK_EQ(model_validate(), 0);
	for (i = 0; i < 12; i++)
		mmput(kids[i]);
	CHECK_EQ(page_mapcount(page), 1);
	mmput(parent);
	file_put(f);
	finish();
}

int main(void)
{
	test_packing();
	test_spare_cache();
	test_remove_middle();
	test_unmap_compaction();
	test_inversion();
	return test_done("test_pte_chain");
}
