/*
 * pte_chain as "minimal rmap" had it, 2.5.27-2.5.34 (3485c89197, Rik van
 * Riel's rmap ported by Craig Kulesa; PG_direct by Dave McCracken,
 * 4250169826): a singly linked list of 16-byte {next, ptep} nodes, one per
 * pte beyond a page's first. page_add_rmap pushes at the head (moving the
 * direct pte into a node of its own first); page_remove_rmap searches from
 * the head, unlinks the node and, once one node is left, goes back to
 * PG_direct; try_to_unmap frees the nodes of the ptes it cleared and
 * collapses a last one the same way; page_referenced only reads.
 *
 * 2.5.27-2.5.29 carved nodes from whole pages (alloc_new_pte_chains: a
 * zeroed page, PAGE_SIZE / 16 nodes pushed on a global free list) and
 * never gave a page back; 2.5.30 moved them to a slab cache (b9efd6106a).
 */
#include "common/lib/slab.h"
#include "variants/pte_chain/pte_chain.h"

struct pte_chain {
	struct pte_chain *next;
	pte_t *ptep;
};

#define NODES_PER_PAGE	(PAGE_SIZE / sizeof(struct pte_chain))

/* 2.5.30: the nodes' slab; 2.5.27: the whole pages nodes are carved from */
static struct kmem_cache *pte_chain_cache;
/* 2.5.27's pte_chain_freelist */
static struct pte_chain *pte_chain_freelist;

static bool from_pages(void)
{
	return chain_form == CHAIN_2_5_27;
}

static inline struct pte_chain *page_pte_chain(const struct page *page)
{
	return (struct pte_chain *)page->rmap;
}

static void pte_chain_push(struct pte_chain *pc)
{
	pc->ptep = NULL;
	pc->next = pte_chain_freelist;
	pte_chain_freelist = pc;
}

/* alloc_new_pte_chains(): a zeroed page, every node of it pushed */
static void alloc_new_pte_chains(void)
{
	struct pte_chain *pc = kmem_cache_zalloc(pte_chain_cache);
	unsigned long i = NODES_PER_PAGE;

	while (i-- > 0)
		pte_chain_push(pc++);
}

static struct pte_chain *pte_chain_alloc(void)
{
	struct pte_chain *pc;

	if (!from_pages())
		return kmem_cache_zalloc(pte_chain_cache);
	if (!pte_chain_freelist)
		alloc_new_pte_chains();
	pc = pte_chain_freelist;
	pte_chain_freelist = pc->next;
	pc->next = NULL;
	return pc;
}

/* pte_chain_free(): unlinks pc (after prev, or the page's first) */
static void pte_chain_free(struct pte_chain *pc, struct pte_chain *prev,
			   struct page *page)
{
	if (prev)
		prev->next = pc->next;
	else if (page)
		page->rmap = (unsigned long)pc->next;
	if (from_pages())
		pte_chain_push(pc);
	else
		kmem_cache_free(pte_chain_cache, pc);
}

/* page_add_rmap(): a node per pte but the first, at the head */
static void list_add_pte(struct page *page, pte_t *ptep)
{
	struct pte_chain *pc;

	if (!page->rmap) {
		set_direct(page, ptep);
		return;
	}
	if (PageDirect(page)) {
		pc = pte_chain_alloc();
		pc->ptep = (pte_t *)page->rmap;
		page->rmap = (unsigned long)pc;
		ClearPageDirect(page);
	}
	pc = pte_chain_alloc();
	pc->ptep = ptep;
	pc->next = page_pte_chain(page);
	page->rmap = (unsigned long)pc;
}

/* "Check whether we can convert to direct": one node left */
static void pte_chain_collapse(struct page *page)
{
	struct pte_chain *pc = page_pte_chain(page);

	if (!pc || pc->next)
		return;
	set_direct(page, pc->ptep);
	pte_chain_free(pc, NULL, NULL);
}

/* page_remove_rmap(): every node read on the way counted */
static void list_remove(struct page *page, pte_t *ptep)
{
	struct pte_chain *pc, *prev = NULL;

	for (pc = page_pte_chain(page); pc; prev = pc, pc = pc->next) {
		rmap_stats.chain_scan++;
		if (pc->ptep == ptep) {
			pte_chain_free(pc, prev, page);
			pte_chain_collapse(page);
			return;
		}
	}
}

/*
 * page_referenced() reads every node; try_to_unmap() frees the node of
 * each pte it clears, and on the way out (done, or SWAP_FAIL: 905ad7445b,
 * 2.5.32) collapses a last node to PG_direct.
 */
static void list_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct pte_chain *pc, *next, *prev = NULL;
	int ret;

	for (pc = page_pte_chain(page); pc; pc = next) {
		next = pc->next;
		rmap_stats.nodes++;
		ret = pte_chain_one(page, pc->ptep, rwc);
		if (ret & RMAP_UNMAPPED)
			pte_chain_free(pc, prev, page);
		else
			prev = pc;
		if (ret & RMAP_STOP)
			break;
	}
	if (!rwc->referenced)
		pte_chain_collapse(page);
}

static void list_init(void)
{
	if (from_pages())
		pte_chain_cache = kmem_cache_create("pte_chain pages",
						    PAGE_SIZE, PAGE_SIZE,
						    SLAB_RMAP);
	else
		pte_chain_cache = kmem_cache_create("pte_chain",
						    sizeof(struct pte_chain),
						    sizeof(void *), SLAB_RMAP);
	pte_chain_freelist = NULL;
}

static void list_exit(void)
{
	kmem_cache_destroy(pte_chain_cache);
	pte_chain_cache = NULL;
	pte_chain_freelist = NULL;
}

/*
 * With no mm left every node is back on the free list: the first node of
 * each page (page aligned, as the cache hands out pages) stands for its
 * page, and the pages go.
 */
static void list_last_mm(void)
{
	struct pte_chain *pc, *next, *pages = NULL;

	for (pc = pte_chain_freelist; pc; pc = next) {
		next = pc->next;
		if (!((unsigned long)pc & (PAGE_SIZE - 1))) {
			pc->next = pages;
			pages = pc;
		}
	}
	for (pc = pages; pc; pc = next) {
		next = pc->next;
		kmem_cache_free(pte_chain_cache, pc);
	}
	pte_chain_freelist = NULL;
}

/* A chain holds two ptes or more: with one left it is PG_direct again. */
static long list_check(const struct page *page)
{
	const struct pte_chain *pc;
	long n = 0;

	for (pc = page_pte_chain(page); pc; pc = pc->next) {
		if (!pte_maps_page(page, pc->ptep))
			return -1;
		n++;
	}
	return n >= 2 ? n : -1;
}

/* Nodes on 2.5.27's free list hold no pte. */
static int list_check_free(void)
{
	const struct pte_chain *pc;

	for (pc = pte_chain_freelist; pc; pc = pc->next)
		if (pc->ptep)
			return -1;
	return 0;
}

const struct chain_ops chain_list_ops = {
	.init = list_init,
	.exit = list_exit,
	.add = list_add_pte,
	.remove = list_remove,
	.walk = list_walk,
	.last_mm = list_last_mm,
	.check = list_check,
	.check_free = list_check_free,
};
