/*
 * pte_chain: the first Linux rmap, mainline from 2.5.27 to 2.6.6, in its
 * 2.6.0 form (mm/rmap.c, include/linux/rmap-locking.h), and the anonymous
 * side of objrmap (2.5.62-mjb, 2.6.7-rc1 "rmap 7"). Every mapped page records
 * the address of each pte that maps it: one pte directly in struct page
 * (PG_direct), more in a chain of cache-line nodes of NRPTE pte pointers. A
 * walk is exact: each recorded pte turns back into (mm, address) through its
 * page-table page. The cost is per pte, paid at every fault, fork, exit and
 * mremap: an atomic bit lock on the struct page, O(k) removal, and 8 bytes
 * (plus node overhead) for each extra mapping of a shared page.
 */
#include "common/lib/slab.h"
#include "common/mm.h"
#include "common/pgtable.h"
#include "common/rmap.h"

/* x86-64: a 64-byte line holds next_and_idx and seven pte pointers */
#define PTE_CHAIN_BYTES	64
#define NRPTE		((PTE_CHAIN_BYTES - sizeof(unsigned long)) / \
			 sizeof(pte_t *))

/*
 * next_and_idx: the next node, OR'd with the index of the first used slot
 * (nodes are line aligned, so the low bits are free). Only the head has
 * free slots, and they are its lowest ones: slots fill from NRPTE-1 down.
 */
struct pte_chain {
	unsigned long next_and_idx;
	pte_t *ptes[NRPTE];
};

_Static_assert(sizeof(struct pte_chain) == PTE_CHAIN_BYTES,
	       "a pte_chain node is one cache line");

extern const struct rmap_scheme pte_chain_scheme;
static struct kmem_cache *pte_chain_cache;
/* The kernel's per-cpu one-deep cache of a spare node (one cpu here). */
static struct pte_chain *local_pte_chain;

#define PageDirect(page)	test_bit_flag(page, PG_direct)

static inline struct pte_chain *pte_chain_next(const struct pte_chain *pc)
{
	return (struct pte_chain *)(pc->next_and_idx & ~NRPTE);
}

static inline unsigned pte_chain_idx(const struct pte_chain *pc)
{
	return pc->next_and_idx & NRPTE;
}

static inline unsigned long pte_chain_encode(struct pte_chain *pc,
					     unsigned idx)
{
	return (unsigned long)pc | idx;
}

static inline struct pte_chain *page_pte_chain(const struct page *page)
{
	return (struct pte_chain *)page->rmap;
}

/*
 * pte_chain_alloc(): callers allocate before taking locks; the per-cpu
 * spare makes the common alloc-then-give-back pair free of slab traffic.
 * Nodes come back zeroed: the slab constructor's state, kept on free.
 */
static struct pte_chain *pte_chain_alloc(void)
{
	struct pte_chain *pc = local_pte_chain;

	if (pc) {
		local_pte_chain = NULL;
		return pc;
	}
	return kmem_cache_zalloc(pte_chain_cache);
}

/* __pte_chain_free(): the node becomes the spare; the old spare goes. */
static void pte_chain_free(struct pte_chain *pc)
{
	if (!pc)
		return;
	pc->next_and_idx = 0;
	if (local_pte_chain)
		kmem_cache_free(pte_chain_cache, local_pte_chain);
	local_pte_chain = pc;
}

/*
 * page_add_rmap(): O(1) under the page's bit lock, which its caller (the
 * model's rmap wrapper) holds. Returns the spare if it was not consumed.
 */
static struct pte_chain *page_add_rmap(struct page *page, pte_t *ptep,
				       struct pte_chain *spare)
{
	struct pte_chain *head = page_pte_chain(page);

	if (!page->rmap) {
		page->rmap = (unsigned long)ptep;
		set_page_flag(page, PG_direct);
	} else if (PageDirect(page)) {
		/* the second mapping: both ptes move into a chain */
		clear_page_flag(page, PG_direct);
		spare->ptes[NRPTE - 1] = (pte_t *)page->rmap;
		spare->ptes[NRPTE - 2] = ptep;
		spare->next_and_idx = pte_chain_encode(NULL, NRPTE - 2);
		page->rmap = (unsigned long)spare;
		spare = NULL;
	} else if (head->ptes[0]) {
		/* the head is full: the spare becomes the new head */
		spare->next_and_idx = pte_chain_encode(head, NRPTE - 1);
		spare->ptes[NRPTE - 1] = ptep;
		page->rmap = (unsigned long)spare;
		spare = NULL;
	} else {
		head->ptes[pte_chain_idx(head) - 1] = ptep;
		head->next_and_idx--;
	}
	return spare;
}

/* Every caller: pte_chain_alloc(), page_add_rmap(), pte_chain_free(). */
static void pte_chain_add(struct page *page, pte_t *ptep)
{
	pte_chain_free(page_add_rmap(page, ptep, pte_chain_alloc()));
}

/*
 * A slot was vacated at pc->ptes[i]: the head's first entry moves into it,
 * and a head left empty is freed. Removal and try_to_unmap both compact
 * this way, so the chain stays dense.
 */
static void pte_chain_fill_hole(struct page *page, struct pte_chain *pc,
				unsigned i)
{
	struct pte_chain *start = page_pte_chain(page);
	unsigned victim = pte_chain_idx(start);

	pc->ptes[i] = start->ptes[victim];
	start->ptes[victim] = NULL;
	if (victim == NRPTE - 1) {
		page->rmap = (unsigned long)pte_chain_next(start);
		pte_chain_free(start);
	} else {
		start->next_and_idx++;
	}
}

/* page_remove_rmap(): O(k) scan for the pte. Never goes back to direct. */
static void page_remove_rmap_pte(struct page *page, pte_t *ptep)
{
	struct pte_chain *pc;
	unsigned i;

	if (PageDirect(page)) {
		if ((pte_t *)page->rmap == ptep) {
			page->rmap = 0;
			clear_page_flag(page, PG_direct);
		}
		return;
	}
	for (pc = page_pte_chain(page); pc; pc = pte_chain_next(pc)) {
		for (i = pte_chain_idx(pc); i < NRPTE; i++) {
			rmap_stats.chain_scan++;
			if (pc->ptes[i] == ptep) {
				pte_chain_fill_hole(page, pc, i);
				return;
			}
		}
	}
}

/*
 * 2.6.0 anonymous pages had no rmap object: the mapping word only says
 * "anonymous", and index is kept for the other schemes' sake.
 */
static void pte_chain_add_anon(struct page *page, struct vm_area_struct *vma,
			       unsigned long addr, pte_t *ptep, bool exclusive)
{
	(void)exclusive;
	if (!PageAnon(page))
		page_set_anon(page, NULL, linear_page_index(vma, addr));
	pte_chain_add(page, ptep);
}

/* page_add_file, page_dup (copy_page_range): the child's or faulted pte */
static void pte_chain_add_pte(struct page *page, struct vm_area_struct *vma,
			      unsigned long addr, pte_t *ptep)
{
	(void)vma;
	(void)addr;
	pte_chain_add(page, ptep);
}

static void pte_chain_page_remove(struct page *page,
				  struct vm_area_struct *vma,
				  unsigned long addr, pte_t *ptep)
{
	(void)vma;
	(void)addr;
	page_remove_rmap_pte(page, ptep);
}

/*
 * move_one_page(): page_remove_rmap at the old pte, page_add_rmap at the
 * new one, each under the page's bit lock.
 */
static bool pte_chain_pte_move(struct page *page, pte_t *old_ptep,
			       pte_t *new_ptep, struct vm_area_struct *new_vma,
			       unsigned long new_addr)
{
	bool locked = page_map_lock(page);

	(void)new_vma;
	(void)new_addr;
	page_remove_rmap_pte(page, old_ptep);
	page_map_unlock(page, locked);
	locked = page_map_lock(page);
	pte_chain_add(page, new_ptep);
	page_map_unlock(page, locked);
	return false;
}

/*
 * try_to_unmap_one()'s way back from a pte: the page-table page gives the
 * mm and the address, find_vma the vma.
 */
static int pte_chain_one(struct page *page, pte_t *ptep,
			 struct rmap_walk_control *rwc)
{
	struct mm_struct *mm = ptep_to_mm(ptep);
	unsigned long addr = ptep_to_address(ptep);
	struct vm_area_struct *vma = find_vma(mm, addr);

	/* SWAP_FAIL: unmap_vmas had unlinked the vma under us */
	if (!vma || vma->vm_start > addr)
		return RMAP_STOP;
	return rmap_candidate_exact(page, vma, addr, ptep, rwc);
}

/*
 * page_referenced() collapses a one-entry chain back to direct: only under
 * memory pressure, never on the remove path.
 */
static void pte_chain_collapse(struct page *page)
{
	struct pte_chain *pc = page_pte_chain(page);

	if (pte_chain_next(pc) || pte_chain_idx(pc) != NRPTE - 1)
		return;
	page->rmap = (unsigned long)pc->ptes[NRPTE - 1];
	set_page_flag(page, PG_direct);
	pc->ptes[NRPTE - 1] = NULL;
	pte_chain_free(pc);
}

/*
 * Every recorded pte is a confirmed mapping. A pte try_to_unmap cleared is
 * dropped from the chain on the spot, as 2.6.0's try_to_unmap loop did:
 * entries moved into the hole come from the head, already visited.
 */
static void pte_chain_walk_chain(struct page *page,
				 struct rmap_walk_control *rwc)
{
	struct pte_chain *pc, *next;
	unsigned i;
	int ret;

	for (pc = page_pte_chain(page); pc; pc = next) {
		next = pte_chain_next(pc);
		rmap_stats.nodes++;
		for (i = pte_chain_idx(pc); i < NRPTE; i++) {
			ret = pte_chain_one(page, pc->ptes[i], rwc);
			if (ret & RMAP_UNMAPPED)
				pte_chain_fill_hole(page, pc, i);
			if (ret & RMAP_STOP)
				goto out;
		}
	}
out:
	if (rwc->referenced)
		pte_chain_collapse(page);
}

/* Under the page's PG_chainlock, which reclaim holds. */
static void pte_chain_walk(struct page *page, struct rmap_walk_control *rwc)
{
	if (PageDirect(page)) {
		if (pte_chain_one(page, (pte_t *)page->rmap, rwc) &
		    RMAP_UNMAPPED) {
			page->rmap = 0;
			clear_page_flag(page, PG_direct);
		}
	} else {
		pte_chain_walk_chain(page, rwc);
	}
}

static int pte_chain_init(void)
{
	pte_chain_cache = kmem_cache_create("pte_chain",
					    sizeof(struct pte_chain),
					    PTE_CHAIN_BYTES, SLAB_RMAP);
	local_pte_chain = NULL;
	return 0;
}

static void pte_chain_exit(void)
{
	kmem_cache_destroy(pte_chain_cache);
	pte_chain_cache = NULL;
	local_pte_chain = NULL;
}

/*
 * The per-cpu spare outlives every chain; the model gives it back when the
 * last mm goes, so a finished run holds no rmap object.
 */
static void pte_chain_mm_exit(struct mm_struct *mm)
{
	(void)mm;
	if (list_is_singular(&mm_list) && local_pte_chain) {
		kmem_cache_free(pte_chain_cache, local_pte_chain);
		local_pte_chain = NULL;
	}
}

/* Does the recorded pte map this page, inside a live page table? */
static bool pte_maps_page(const struct page *page, const pte_t *ptep)
{
	unsigned long pfn;

	if ((const char *)ptep < pgtable_base)
		return false;
	pfn = ((const char *)ptep - pgtable_base) >> PAGE_SHIFT;
	return pfn < max_mapnr && PagePgtable(pfn_to_page(pfn)) &&
	       pte_present(*ptep) && pte_pfn(*ptep) == page_to_pfn(page);
}

static bool node_is_zero(const struct pte_chain *pc)
{
	unsigned i;

	for (i = 0; i < NRPTE; i++)
		if (pc->ptes[i])
			return false;
	return !pc->next_and_idx;
}

/* Returns the number of ptes on a well-formed chain, or -1. */
static long pte_chain_check(const struct page *page)
{
	const struct pte_chain *pc, *head = page_pte_chain(page);
	unsigned i;
	long n = 0;

	for (pc = head; pc; pc = pte_chain_next(pc)) {
		if (pc != head && pte_chain_idx(pc))
			return -1;	/* only the head has free slots */
		if (pte_chain_idx(pc) >= NRPTE)
			return -1;
		for (i = 0; i < NRPTE; i++) {
			if (i < pte_chain_idx(pc)) {
				if (pc->ptes[i])
					return -1;
				continue;
			}
			if (!pte_maps_page(page, pc->ptes[i]))
				return -1;
			n++;
		}
	}
	return n;
}

static int pte_chain_validate_page(const struct page *page)
{
	if (page_map_locked(page))
		return -1;
	if (page_scheme(page) != &pte_chain_scheme ||
	    !page_mapped(page))
		return page->rmap || PageDirect(page) ? -1 : 0;
	if (PageDirect(page))
		return page_mapcount(page) == 1 &&
		       pte_maps_page(page, (pte_t *)page->rmap) ? 0 : -1;
	return page->rmap && pte_chain_check(page) == page_mapcount(page) ?
	       0 : -1;
}

static int pte_chain_validate(void)
{
	unsigned long pfn;

	if (local_pte_chain && !node_is_zero(local_pte_chain))
		return rmap_invalid("pte_chain", NULL, "the spare node is not "
				    "clean");
	for (pfn = 0; pfn < max_mapnr; pfn++) {
		const struct page *page = pfn_to_page(pfn);

		if (pte_chain_validate_page(page))
			return rmap_invalid("pte_chain", NULL, "pfn %lu "
					    "(mapcount %d, %s): chain broken",
					    pfn, page_mapcount(page),
					    PageDirect(page) ? "direct" :
					    "chain");
	}
	return 0;
}

const struct rmap_scheme pte_chain_scheme = {
	.name = "pte_chain",
	.desc = "2.5.27-2.6.6: a chain of pte addresses per page",
	.sides = RMAP_SIDE_ANON | RMAP_SIDE_FILE,
	.init = pte_chain_init,
	.exit = pte_chain_exit,
	.mm_exit = pte_chain_mm_exit,
	.page_add_anon = pte_chain_add_anon,
	.page_add_file = pte_chain_add_pte,
	.page_dup = pte_chain_add_pte,
	.page_remove = pte_chain_page_remove,
	.pte_move = pte_chain_pte_move,
	.walk = pte_chain_walk,
	.validate = pte_chain_validate,
};
