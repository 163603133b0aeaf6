/*
 * pte_chain (2.6.0): a page mapped once keeps its pte in struct page, more
 * mappings pack seven pte addresses per 64-byte node (15 in 128, 31 in
 * 256: the line switch) with only the head partly filled; removal from the
 * middle keeps the chain dense; fork holds one node across
 * copy_page_range; reclaim's page_referenced collapses a one-entry chain;
 * try_to_unmap compacts as it goes; every recorded pte leads back to its
 * (mm, address); the one-deep spare cache saves slab traffic.
 * page_referenced reads the ptes alone, with no lock, no vma and so no
 * VM_LOCKED rule. The earlier forms (the chain switch): 2.5.27's node per
 * pte from carved pages, 2.5.30's from a slab, 2.5.35's arrays searched
 * from slot 0 without a spare. The file's i_mmap lists are kept, in
 * 2.6.0's order.
 */
#include <string.h>

#include "tests/model_test.h"

#define NRPTE 7
#define MAXMAP 72

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

/* 2.6.0's rule: none for one mapping, else nrpte ptes a node */
static unsigned long chain_nodes(int k, int nrpte)
{
	return k <= 1 ? 0 : (k + nrpte - 1) / nrpte;
}

/* k mappings of one page: how they pack, and what stays allocated */
static void packing(const char *spec, int nrpte, bool spare, int k)
{
	unsigned long addrs[MAXMAP], want = chain_nodes(k, nrpte);
	struct address_space *f;
	struct mm_struct *mm;
	struct found fd;
	struct page *page;

	start_model(spec, 4096);
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
	 * Live nodes: the chain, plus the spare (2.5.55 on) unless the last
	 * add consumed it (the 2nd, 8th, 15th... mapping starts a node).
	 */
	EXPECT_EQ(kmem_cache_live(cache_named("pte_chain")),
		  want + (spare && want == chain_nodes(k - 1, nrpte)));
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
		packing("pte_chain", NRPTE, true, ks[i]);
		if (test_failed())
			fprintf(stderr, "  with %d mappings\n", ks[i]);
	}
}

/*
 * The line switch: a node is L1_CACHE_BYTES, slab object and alignment,
 * holding (bytes - 8) / 8 ptes, in both array eras: a chain of k mappings
 * takes k / NRPTE nodes, rounded up.
 */
static void line_packing(const char *chain, unsigned long bytes)
{
	int nrpte = (int)(bytes / 8 - 1);
	const int ks[] = { 2, nrpte, nrpte + 1, 2 * nrpte, 2 * nrpte + 1,
			   MAXMAP };
	const struct kmem_cache *c;
	char spec[80];
	unsigned i;

	snprintf(spec, sizeof(spec), "anon=pte_chain:chain=%s:line=%lu,"
		 "file=pte_chain", chain, bytes);
	start_model(spec, 4096);
	c = cache_named("pte_chain");
	EXPECT_EQ(c->size, bytes);
	EXPECT_EQ(c->align, bytes);
	finish_model();
	for (i = 0; i < sizeof(ks) / sizeof(ks[0]) && !test_failed(); i++) {
		packing(spec, nrpte, strcmp(chain, "2.5.35") != 0, ks[i]);
		if (test_failed())
			fprintf(stderr, "  %s with %d mappings\n", spec, ks[i]);
	}
}

TEST(line_sets_the_node)
{
	static const unsigned long lines[] = { 64, 128, 256 };
	unsigned i;

	for (i = 0; i < 3 && !test_failed(); i++) {
		line_packing("2.5.68", lines[i]);
		line_packing("2.5.35", lines[i]);
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
	EXPECT_EQ(kmem_cache_allocs(cache_named("pte_chain")), 1);
	EXPECT_EQ(kmem_cache_live(cache_named("pte_chain")), 1);
	/* the spare is given back with the last mm */
	mmput(mm);
	EXPECT_EQ(kmem_cache_live(cache_named("pte_chain")), 0);
	file_put(f);
	finish_model();
}

/*
 * fork holds one node across copy_page_range from 2.5.55 (6ec7c80f93),
 * allocating its replacement as soon as page_add_rmap takes it: a fork
 * whose one pte moves a direct page into a chain ends with the chain's
 * node and a fresh spare. 2.5.35 allocated inside page_add_rmap alone.
 */
static void fork_one_page(const char *spec, unsigned long allocs,
			  unsigned long live)
{
	struct mm_struct *mm, *child;
	unsigned long a;

	start_model(spec, 4096);
	mm = mm_new();
	a = do_mmap(mm, 0, P, RW, RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
	ASSERT_EQ(handle_mm_fault(mm, a, true), VM_FAULT_MINOR);
	child = dup_mm(mm);
	ASSERT_TRUE(child != NULL);
	EXPECT_EQ(kmem_cache_allocs(cache_named("pte_chain")), allocs);
	EXPECT_EQ(kmem_cache_live(cache_named("pte_chain")), live);
	EXPECT_EQ(model_validate(), 0);
	mmput(child);
	mmput(mm);
	finish_model();
}

TEST(fork_holds_a_node)
{
	fork_one_page("pte_chain", 2, 2);
	fork_one_page("anon=pte_chain:chain=2.5.55,file=pte_chain", 2, 2);
	fork_one_page("anon=pte_chain:chain=2.5.35,file=pte_chain", 1, 1);
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
	EXPECT_EQ(mm_rss_exact(mm), 4);
	EXPECT_EQ(walk_all(page, &fd), 1);
	for (i = 0; i < 10; i++)
		EXPECT_EQ(was_found(&fd, mm, addrs[i]), i <= 3);
	EXPECT_EQ(model_validate(), 0);
	find_vma(mm, addrs[3])->vm_flags &= ~VM_LOCKED;
	EXPECT_TRUE(try_to_unmap(page));
	EXPECT_EQ(page->rmap, 0);
	EXPECT_FALSE(test_bit_flag(page, PG_direct));
	EXPECT_EQ(kmem_cache_live(cache_named("pte_chain")), 1);	/* only the spare */
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

/* What one walk of a page cost: locks, find_vma nodes, candidates. */
struct walk_cost {
	unsigned long locks, find_vma, candidates, confirmed;
};

static struct walk_cost cost_since(const struct rmap_stats *before)
{
	struct walk_cost c = {
		rmap_stats.locks[LOCK_PAGE_TABLE] -
			before->locks[LOCK_PAGE_TABLE],
		rmap_stats.find_vma_nodes - before->find_vma_nodes,
		rmap_stats.candidates - before->candidates,
		rmap_stats.confirmed - before->confirmed,
	};
	return c;
}

/*
 * 2.6.0's page_referenced: ptep_test_and_clear_young on each recorded pte,
 * no page_table_lock, no ptep_to_mm/find_vma (the old model took a lock
 * and a find_vma per pte). try_to_unmap keeps its trylock and find_vma.
 */
TEST(aging_reads_the_ptes_alone)
{
	unsigned long addrs[MAXMAP];
	struct address_space *f;
	struct rmap_stats before;
	struct walk_cost c;
	struct mm_struct *mm;
	struct page *page;

	start();
	mm = mm_new();
	f = file_create("f", 1, false);
	map_k(mm, f, 5, addrs);
	page = f->pages[0];
	ClearPageReferenced(page);
	before = rmap_stats;
	EXPECT_EQ(page_referenced(page), 5);
	c = cost_since(&before);
	EXPECT_EQ(c.locks, 0);
	EXPECT_EQ(c.find_vma, 0);
	EXPECT_EQ(c.candidates, 5);
	EXPECT_EQ(c.confirmed, 5);
	before = rmap_stats;
	EXPECT_TRUE(try_to_unmap(page));
	c = cost_since(&before);
	EXPECT_EQ(c.locks, 5);
	EXPECT_GT(c.find_vma, 0);
	mmput(mm);
	file_put(f);
	finish_model();
}

/* The same for objrmap's anonymous pages (rmap 7's page_referenced_anon). */
TEST(objrmap_anon_aging_reads_the_ptes_alone)
{
	struct mm_struct *mm, *kids[3];
	struct rmap_stats before;
	struct walk_cost c;
	unsigned long a;
	int i;

	start_model("objrmap", 4096);
	mm = mm_new();
	a = do_mmap(mm, 0, P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, P, true), 0);
	for (i = 0; i < 3; i++)
		kids[i] = dup_mm(mm);
	ASSERT_EQ(page_mapcount(page_at(mm, a)), 4);
	before = rmap_stats;
	page_referenced(page_at(mm, a));
	c = cost_since(&before);
	EXPECT_EQ(c.locks, 0);
	EXPECT_EQ(c.find_vma, 0);
	EXPECT_EQ(c.confirmed, 4);
	for (i = 0; i < 3; i++)
		mmput(kids[i]);
	mmput(mm);
	finish_model();
}

/*
 * page_referenced looked at no vma in 2.6.0, so an mlocked one neither
 * counts as referenced nor ends the walk: every young bit is read and
 * cleared (the old model stopped at the first pte, in the locked vma).
 */
TEST(aging_applies_no_vma_rule)
{
	unsigned long addrs[MAXMAP];
	struct address_space *f;
	struct mm_struct *mm;
	int i;

	start();
	mm = mm_new();
	f = file_create("f", 1, false);
	map_k(mm, f, 3, addrs);
	/* the head's first slot, the walk's first pte, is the newest */
	find_vma(mm, addrs[2])->vm_flags |= VM_LOCKED;
	ClearPageReferenced(f->pages[0]);
	EXPECT_EQ(page_referenced(f->pages[0]), 3);
	for (i = 0; i < 3; i++)
		EXPECT_FALSE(pte_at(mm, addrs[i]) & _PAGE_ACCESSED);
	mmput(mm);
	file_put(f);
	finish_model();
}

#define CHAIN(form)	"anon=pte_chain:chain=" form ",file=pte_chain"

/* The slots page_remove_rmap read to find one pte. */
static unsigned long remove_scan(struct mm_struct *mm, unsigned long addr)
{
	unsigned long scan = rmap_stats.chain_scan;

	EXPECT_EQ(do_munmap(mm, addr, P), 0);
	return rmap_stats.chain_scan - scan;
}

/*
 * 2.5.27-2.5.34: a 16-byte node per pte but the first, newest first; the
 * search reads a node per pte; the removal that leaves one node goes back
 * to PG_direct (2.5.35 on kept the chain).
 */
static void one_node_per_pte(const char *spec)
{
	unsigned long addrs[MAXMAP];
	struct address_space *f;
	struct mm_struct *mm;
	struct found fd;
	struct page *page;

	start_model(spec, 4096);
	mm = mm_new();
	f = file_create("f", 1, false);
	map_k(mm, f, 5, addrs);
	page = f->pages[0];
	EXPECT_FALSE(test_bit_flag(page, PG_direct));
	EXPECT_EQ(walk_all(page, &fd), 5);
	EXPECT_EQ(fd.n, 5);
	EXPECT_EQ(fd.bad, 0);
	/* the oldest pte is the last node */
	EXPECT_EQ(remove_scan(mm, addrs[0]), 5);
	EXPECT_EQ(remove_scan(mm, addrs[4]), 1);
	EXPECT_EQ(remove_scan(mm, addrs[3]), 1);
	EXPECT_EQ(model_validate(), 0);
	EXPECT_EQ(remove_scan(mm, addrs[2]), 1);
	EXPECT_TRUE(test_bit_flag(page, PG_direct));
	EXPECT_EQ(page->rmap, (unsigned long)pte_offset(mm, addrs[1]));
	EXPECT_EQ(model_validate(), 0);
	mmput(mm);
	file_put(f);
	finish_model();
}

TEST(chain_2_5_27_one_node_per_pte)
{
	one_node_per_pte(CHAIN("2.5.27"));
	one_node_per_pte(CHAIN("2.5.30"));
}

/*
 * 2.5.27-2.5.29 carved 16-byte nodes out of whole pages and kept them:
 * rmap memory is counted in pages, and stays after the chains are gone.
 * 2.5.30 took 16-byte objects from a slab.
 */
TEST(chain_2_5_27_carves_pages)
{
	unsigned long addrs[MAXMAP];
	struct address_space *f;
	struct mm_struct *mm;
	struct slab_totals t;

	start_model(CHAIN("2.5.27"), 4096);
	mm = mm_new();
	f = file_create("f", 1, false);
	map_k(mm, f, 3, addrs);
	slab_rmap_totals(&t);
	EXPECT_EQ(t.objects, 1);
	EXPECT_EQ(t.bytes, 4096);
	EXPECT_EQ(do_munmap(mm, addrs[1], P), 0);
	EXPECT_EQ(do_munmap(mm, addrs[2], P), 0);
	slab_rmap_totals(&t);
	EXPECT_EQ(t.bytes, 4096);
	EXPECT_EQ(model_validate(), 0);
	mmput(mm);
	file_put(f);
	finish_model();

	start_model(CHAIN("2.5.30"), 4096);
	mm = mm_new();
	f = file_create("f", 1, false);
	map_k(mm, f, 3, addrs);
	slab_rmap_totals(&t);
	EXPECT_EQ(t.objects, 3);
	EXPECT_EQ(t.bytes, 48);
	mmput(mm);
	file_put(f);
	finish_model();
}

/*
 * try_to_unmap frees the node of each pte it clears and, stopped by an
 * mlocked vma with one node left, goes back to PG_direct.
 */
TEST(chain_2_5_27_unmap_collapses)
{
	unsigned long addrs[MAXMAP];
	struct address_space *f;
	struct mm_struct *mm;
	struct page *page;

	start_model(CHAIN("2.5.30"), 4096);
	mm = mm_new();
	f = file_create("f", 1, false);
	map_k(mm, f, 3, addrs);
	page = f->pages[0];
	find_vma(mm, addrs[0])->vm_flags |= VM_LOCKED;
	EXPECT_FALSE(try_to_unmap(page));
	EXPECT_EQ(page_mapcount(page), 1);
	EXPECT_TRUE(test_bit_flag(page, PG_direct));
	EXPECT_EQ(page->rmap, (unsigned long)pte_offset(mm, addrs[0]));
	EXPECT_EQ(kmem_cache_live(cache_named("pte_chain")), 0);
	EXPECT_EQ(model_validate(), 0);
	mmput(mm);
	file_put(f);
	finish_model();
}

/*
 * Ten ptes: a full node of the oldest seven behind a head holding three in
 * slots 4-6. Finding the fourth oldest reads the head, then the tail's
 * slots 0-3: from slot 4 with next_and_idx (2.5.68), from slot 0 before.
 */
static unsigned long scan_for_fourth(const char *spec)
{
	unsigned long addrs[MAXMAP], scan;
	struct address_space *f;
	struct mm_struct *mm;

	start_model(spec, 4096);
	mm = mm_new();
	f = file_create("f", 1, false);
	map_k(mm, f, 10, addrs);
	scan = remove_scan(mm, addrs[3]);
	EXPECT_EQ(model_validate(), 0);
	mmput(mm);
	file_put(f);
	finish_model();
	return scan;
}

TEST(chain_2_5_35_search_reads_empty_slots)
{
	EXPECT_EQ(scan_for_fourth(CHAIN("2.5.68")), 3 + 4);
	EXPECT_EQ(scan_for_fourth(CHAIN("2.5.55")), 7 + 4);
	EXPECT_EQ(scan_for_fourth(CHAIN("2.5.35")), 7 + 4);
}

/*
 * 2.5.35-2.5.54 allocated a node inside page_add_rmap only when one was
 * needed and freed it straight to the slab: no spare (2.5.55's callers
 * preallocate, and the spare absorbs the unused one).
 */
TEST(chain_2_5_35_has_no_spare)
{
	struct address_space *f;
	struct mm_struct *mm;
	unsigned long a;

	start_model(CHAIN("2.5.35"), 4096);
	mm = mm_new();
	f = file_create("f", 100, false);
	a = do_mmap(mm, 0, 100 * P, RM_PROT_READ, RM_MAP_PRIVATE, f, 0);
	ASSERT_EQ(touch_range(mm, a, 100 * P, false), 0);
	EXPECT_EQ(kmem_cache_allocs(cache_named("pte_chain")), 0);
	EXPECT_EQ(kmem_cache_live(cache_named("pte_chain")), 0);
	mmput(mm);
	file_put(f);
	finish_model();
}

/*
 * The i_mmap lists predate rmap: pte_chain keeps them (never walking them)
 * as 2.6.0 did, the forked child before its parent (2.6.6: after), and
 * leaves them to linear when it serves only anonymous pages.
 */
static void fork_order(const char *spec, bool child_first)
{
	struct vm_area_struct *v[2];
	struct address_space *f;
	struct mm_struct *mm, *child;
	struct list_head *priv;
	unsigned long a;

	start_model(spec, 4096);
	mm = mm_new();
	f = file_create("f", 4, false);
	priv = &f->i_mmap.lists.i_mmap;
	a = do_mmap(mm, 0, 4 * P, RM_PROT_READ, RM_MAP_PRIVATE, f, 0);
	ASSERT_EQ(touch_range(mm, a, 4 * P, false), 0);
	child = dup_mm(mm);
	ASSERT_EQ(ring_len(priv), 2);
	v[0] = list_entry(priv->next, struct vm_area_struct, shared.list);
	v[1] = list_entry(priv->prev, struct vm_area_struct, shared.list);
	EXPECT_TRUE(v[!child_first]->vm_mm == child);
	EXPECT_TRUE(v[child_first]->vm_mm == mm);
	/* split by mprotect: the new piece goes on the list too */
	EXPECT_EQ(do_mprotect(mm, a + P, P, RW), 0);
	EXPECT_EQ(ring_len(priv), 4);
	EXPECT_EQ(model_validate(), 0);
	mmput(child);
	mmput(mm);
	EXPECT_EQ(ring_len(priv), 0);
	file_put(f);
	finish_model();
}

TEST(keeps_the_i_mmap_lists)
{
	fork_order("pte_chain", true);
	fork_order("anon=pte_chain:i_mmap=2.6.6,file=pte_chain", false);
	fork_order("objrmap", false);
}
