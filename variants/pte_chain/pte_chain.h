/*
 * pte_chain's forms, shared by its files: pte_chain.c (the scheme: a page
 * mapped once, PG_direct, the switches, the i_mmap lists), pte_chain_list.c
 * (2.5.27-2.5.34: a node per pte) and pte_chain_array.h (2.5.35-2.6.6:
 * arrays of pte addresses per cache line, compiled once per line size).
 * A form keeps the chain of a page mapped more than once: page->rmap
 * points at its first node.
 */
#ifndef RMAP_PTE_CHAIN_H
#define RMAP_PTE_CHAIN_H

#include "common/rmap.h"

/* The chain switch's values, in its order: the default first. */
enum chain_form {
	CHAIN_2_5_68,	/* arrays, next_and_idx, callers' per-cpu spare */
	CHAIN_2_5_27,	/* a 16-byte node per pte, carved from whole pages */
	CHAIN_2_5_30,	/* a 16-byte node per pte, from a slab cache */
	CHAIN_2_5_35,	/* arrays found by scanning, slab alloc in the add */
	CHAIN_2_5_55,	/* arrays found by scanning, callers' per-cpu spare */
};

extern enum chain_form chain_form;

struct chain_ops {
	void (*init)(void);
	void (*exit)(void);
	/* page_add_rmap(): the first pte goes in struct page (PG_direct) */
	void (*add)(struct page *page, pte_t *ptep);
	/* copy_page_range() starts and ends: NULL where no node is held */
	void (*copy_begin)(void);
	void (*copy_end)(void);
	/* page_remove_rmap() on a chained page: its O(k) search */
	void (*remove)(struct page *page, pte_t *ptep);
	/* page_referenced() or try_to_unmap() of a chained page */
	void (*walk)(struct page *page, struct rmap_walk_control *rwc);
	/* the last mm has gone: give back what the kernel kept for good */
	void (*last_mm)(void);
	/* a CPU goes: its per-CPU spare node goes back (NULL: none kept) */
	void (*cpu_down)(void);
	/* the ptes on a well-formed chain, or -1 */
	long (*check)(const struct page *page);
	/* the free nodes the form keeps are clean: 0, or -1 */
	int (*check_free)(void);
};

extern const struct chain_ops chain_list_ops;
/* the arrays built for a 64-, 128- and 256-byte line (the line switch) */
extern const struct chain_ops chain_array_ops, chain_array_ops_128,
			      chain_array_ops_256;

/* 2.6.0's page-flags.h: set_bit and clear_bit, under pte_chain_lock too */
#define PageDirect(page)	test_bit_flag(page, PG_direct)
#define SetPageDirect(page)	set_page_flag(page, PG_direct)
#define ClearPageDirect(page)	clear_page_flag(page, PG_direct)

/* A page mapped once: page->rmap is its pte (PG_direct). */
static inline void set_direct(struct page *page, pte_t *ptep)
{
	page->rmap = (unsigned long)ptep;
	SetPageDirect(page);
}

/* One recorded pte of a walk: see pte_chain.c. */
int pte_chain_one(struct page *page, pte_t *ptep,
		  struct rmap_walk_control *rwc);
/* Does the recorded pte map this page, inside a live page table? */
bool pte_maps_page(const struct page *page, const pte_t *ptep);

#endif
