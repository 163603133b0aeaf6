/*
 * pte_chain in arrays, 2.5.35-2.6.6 (d5c8293240 "rmap pte_chain speedup
 * and space saving"): a chain of cache-line nodes, each a next link and
 * NRPTE pte addresses. Only the head has free slots, and they are its
 * lowest ones: slots fill from NRPTE-1 down, and a removal refills its
 * hole from the head's first used slot, freeing the head once empty. A
 * page whose chain is down to one pte goes back to PG_direct only in
 * page_referenced, under memory pressure.
 *
 * Three eras of it (the chain switch): 2.5.35 found the head's first used
 * slot by scanning and allocated nodes inside page_add_rmap; 2.5.55 made
 * the callers allocate first, with a per-cpu one-deep spare (7aebf77c59);
 * 2.5.68 encoded the first used slot in the next pointer's low bits,
 * next_and_idx (7cb2b0f4b6), so nothing is scanned for it.
 *
 * A node is one L1 cache line, whose size was the config's, not the
 * release's (the line switch, pte_chain.c). As in the kernel, NRPTE is a
 * compile-time constant, so this form is compiled once per line: each of
 * pte_chain_array{,128,256}.c defines PTE_CHAIN_BYTES and ARRAY_OPS, the
 * name of its chain_ops, and includes this file.
 */
#include "common/lib/slab.h"
#include "variants/pte_chain/pte_chain.h"

/*
 * 7cb2b0f4b6's NRPTE, ((L1_CACHE_BYTES - sizeof(unsigned long)) /
 * sizeof(pte_addr_t)): 7, 15 or 31 with 8-byte pointers, a power of two
 * less one, so it masks next_and_idx's low bits too.
 */
#define NRPTE		((PTE_CHAIN_BYTES - sizeof(unsigned long)) / \
			 sizeof(pte_t *))

/*
 * next_and_idx: the next node, OR'd from 2.5.68 with the index of the first
 * used slot (nodes are line aligned, so the low bits are free).
 */
struct pte_chain {
	unsigned long next_and_idx;
	pte_t *ptes[NRPTE];
};

_Static_assert(sizeof(struct pte_chain) == PTE_CHAIN_BYTES,
	       "a pte_chain node is one cache line");

static struct kmem_cache *pte_chain_cache;
/* The kernel's per-cpu one-deep cache of a spare node (a thread's). */
static _Thread_local struct pte_chain *local_pte_chain;

static bool has_idx(void)
{
	return chain_form == CHAIN_2_5_68;
}

static bool has_spare(void)
{
	return chain_form != CHAIN_2_5_35;
}

static inline struct pte_chain *pte_chain_next(const struct pte_chain *pc)
{
	return (struct pte_chain *)(pc->next_and_idx & ~NRPTE);
}

static inline unsigned long pte_chain_encode(struct pte_chain *pc,
					     unsigned idx)
{
	return (unsigned long)pc | (has_idx() ? idx : 0);
}

/*
 * The first used slot: encoded from 2.5.68, found by scanning before. A
 * node on a chain always holds its last slot.
 */
static unsigned chain_first(const struct pte_chain *pc)
{
	unsigned i;

	if (has_idx())
		return pc->next_and_idx & NRPTE;
	for (i = 0; i < NRPTE - 1 && !pc->ptes[i]; i++)
		;
	return i;
}

/* Where a search of a node starts: its first used slot, or slot 0. */
static unsigned scan_start(const struct pte_chain *pc)
{
	return has_idx() ? chain_first(pc) : 0;
}

static inline struct pte_chain *page_pte_chain(const struct page *page)
{
	return (struct pte_chain *)page->rmap;
}

/*
 * pte_chain_alloc(): from 2.5.55 callers allocate before taking locks; the
 * per-cpu spare makes the common alloc-then-give-back pair free of slab
 * traffic. Nodes come back zeroed: the slab constructor's state, kept on
 * free.
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

/*
 * __pte_chain_free(): the node becomes the spare and the old spare goes;
 * before 2.5.55 the node goes straight back to the slab.
 */
static void pte_chain_free(struct pte_chain *pc)
{
	if (!pc)
		return;
	pc->next_and_idx = 0;
	if (!has_spare()) {
		kmem_cache_free(pte_chain_cache, pc);
		return;
	}
	if (local_pte_chain)
		kmem_cache_free(pte_chain_cache, local_pte_chain);
	local_pte_chain = pc;
}

/* A node page_add_rmap needs: the caller's, or (2.5.35) a fresh one. */
static struct pte_chain *take_node(struct pte_chain **spare)
{
	struct pte_chain *pc = *spare;

	*spare = NULL;
	return pc ? pc : kmem_cache_zalloc(pte_chain_cache);
}

/* A head with room: 2.5.35 scanned down from NRPTE-2 for the slot. */
static void head_add(struct pte_chain *head, pte_t *ptep)
{
	unsigned i;

	if (has_idx()) {
		head->ptes[chain_first(head) - 1] = ptep;
		head->next_and_idx--;
		return;
	}
	for (i = NRPTE - 2; head->ptes[i]; i--)
		;
	head->ptes[i] = ptep;
}

/*
 * page_add_rmap(), under the page's bit lock: O(1). Returns the spare if it
 * was not consumed.
 */
static struct pte_chain *page_add_rmap(struct page *page, pte_t *ptep,
				       struct pte_chain *spare)
{
	struct pte_chain *head = page_pte_chain(page), *pc;

	if (!page->rmap) {
		set_direct(page, ptep);
	} else if (PageDirect(page)) {
		/* the second mapping: both ptes move into a chain */
		ClearPageDirect(page);
		pc = take_node(&spare);
		pc->ptes[NRPTE - 1] = (pte_t *)page->rmap;
		pc->ptes[NRPTE - 2] = ptep;
		pc->next_and_idx = pte_chain_encode(NULL, NRPTE - 2);
		page->rmap = (unsigned long)pc;
	} else if (head->ptes[0]) {
		/* the head is full: a new node becomes the head */
		pc = take_node(&spare);
		pc->next_and_idx = pte_chain_encode(head, NRPTE - 1);
		pc->ptes[NRPTE - 1] = ptep;
		page->rmap = (unsigned long)pc;
	} else {
		head_add(head, ptep);
	}
	return spare;
}

/*
 * copy_page_range()'s node from 2.5.55 (6ec7c80f93): allocated before the
 * copy, handed to page_add_rmap for every pte, replaced by a fresh
 * pte_chain_alloc() the moment page_add_rmap consumes it, freed at the
 * end. Each page's bit lock is still taken per pte: no kernel batched it.
 */
static _Thread_local struct pte_chain *copy_pte_chain;
static _Thread_local bool copying;

static void array_copy_begin(void)
{
	if (!has_spare())
		return;
	copy_pte_chain = pte_chain_alloc();
	copying = true;
}

static void array_copy_end(void)
{
	pte_chain_free(copy_pte_chain);
	copy_pte_chain = NULL;
	copying = false;
}

/*
 * A fault (do_anonymous_page, do_no_page, do_wp_page, do_swap_page)
 * allocates per pte and gives back what page_add_rmap left: from the
 * spare; 2.5.35 allocated inside page_add_rmap.
 */
static void array_add(struct page *page, pte_t *ptep)
{
	if (copying) {
		copy_pte_chain = page_add_rmap(page, ptep, copy_pte_chain);
		if (!copy_pte_chain)
			copy_pte_chain = pte_chain_alloc();
	} else if (has_spare()) {
		pte_chain_free(page_add_rmap(page, ptep, pte_chain_alloc()));
	} else {
		page_add_rmap(page, ptep, NULL);
	}
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
	unsigned victim = chain_first(start);

	pc->ptes[i] = start->ptes[victim];
	start->ptes[victim] = NULL;
	if (victim == NRPTE - 1) {
		page->rmap = (unsigned long)pte_chain_next(start);
		pte_chain_free(start);
	} else if (has_idx()) {
		start->next_and_idx++;
	}
}

/*
 * page_remove_rmap(): an O(k) search for the pte, every slot read counted;
 * before 2.5.68 each node was read from slot 0, the head's empty slots
 * too. Never goes back to PG_direct.
 */
static void array_remove(struct page *page, pte_t *ptep)
{
	struct pte_chain *pc;
	unsigned i;

	for (pc = page_pte_chain(page); pc; pc = pte_chain_next(pc)) {
		for (i = scan_start(pc); i < NRPTE; i++) {
			rmap_stats.chain_scan++;
			if (pc->ptes[i] == ptep) {
				pte_chain_fill_hole(page, pc, i);
				return;
			}
		}
	}
}

/*
 * page_referenced() collapses a one-entry chain back to direct: only under
 * memory pressure, never on the remove path.
 */
static void pte_chain_collapse(struct page *page)
{
	struct pte_chain *pc = page_pte_chain(page);

	if (pte_chain_next(pc) || chain_first(pc) != NRPTE - 1)
		return;
	set_direct(page, pc->ptes[NRPTE - 1]);
	pc->ptes[NRPTE - 1] = NULL;
	pte_chain_free(pc);
}

/*
 * Every recorded pte is a confirmed mapping. A pte try_to_unmap cleared is
 * dropped from the chain on the spot, as try_to_unmap's loop did: entries
 * moved into the hole come from the head, already visited.
 */
static void array_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct pte_chain *pc, *next;
	unsigned i;
	int ret;

	for (pc = page_pte_chain(page); pc; pc = next) {
		next = pte_chain_next(pc);
		rmap_stats.nodes++;
		for (i = scan_start(pc); i < NRPTE; i++) {
			if (!pc->ptes[i])
				continue;
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

static void array_init(void)
{
	/* ____cacheline_aligned: the object and its alignment are the line */
	pte_chain_cache = kmem_cache_create("pte_chain",
					    sizeof(struct pte_chain),
					    PTE_CHAIN_BYTES, SLAB_RMAP);
	local_pte_chain = NULL;
}

static void array_exit(void)
{
	kmem_cache_destroy(pte_chain_cache);
	pte_chain_cache = NULL;
	local_pte_chain = NULL;
}

/* this CPU's spare: at the last mm, and when the CPU goes */
static void array_free_spare(void)
{
	kmem_cache_free(pte_chain_cache, local_pte_chain);
	local_pte_chain = NULL;
}

/*
 * A node's ptes, or -1: used slots from its first on, all of them for a
 * node past the head, each a pte mapping the page; the low bits of next
 * name the first used slot from 2.5.68 and are clear before.
 */
static long node_check(const struct page *page, const struct pte_chain *pc,
		       bool head)
{
	unsigned i, first;

	for (first = 0; first < NRPTE && !pc->ptes[first]; first++)
		;
	if (first == NRPTE || (!head && first))
		return -1;
	if ((pc->next_and_idx & NRPTE) != (has_idx() ? first : 0))
		return -1;
	for (i = first; i < NRPTE; i++)
		if (!pte_maps_page(page, pc->ptes[i]))
			return -1;
	return NRPTE - first;
}

static long array_check(const struct page *page)
{
	const struct pte_chain *pc, *head = page_pte_chain(page);
	long n = 0, k;

	for (pc = head; pc; pc = pte_chain_next(pc)) {
		k = node_check(page, pc, pc == head);
		if (k < 0)
			return -1;
		n += k;
	}
	return n;
}

static int array_check_free(void)
{
	const struct pte_chain *pc = local_pte_chain;
	unsigned i;

	if (!pc)
		return 0;
	if (!has_spare() || pc->next_and_idx)
		return -1;
	for (i = 0; i < NRPTE; i++)
		if (pc->ptes[i])
			return -1;
	return 0;
}

const struct chain_ops ARRAY_OPS = {
	.init = array_init,
	.exit = array_exit,
	.add = array_add,
	.copy_begin = array_copy_begin,
	.copy_end = array_copy_end,
	.remove = array_remove,
	.walk = array_walk,
	.last_mm = array_free_spare,
	.cpu_down = array_free_spare,
	.check = array_check,
	.check_free = array_check_free,
};
