/*
 * The page's rmap bit spinlock: PG_chainlock in 2.5/2.6.0, renamed PG_maplock
 * by "rmap 7" (2.6.7-rc1), where it also guards file pages' mapcount. The
 * pte_chain scheme and the i_mmap list scheme both take it; every acquisition
 * is an atomic on the struct page, the cost counted as LOCK_PTE_CHAIN.
 */
#ifndef RMAP_VARIANTS_PTE_CHAIN_H
#define RMAP_VARIANTS_PTE_CHAIN_H

#include "common/rmap.h"

static inline void page_map_lock(struct page *page)
{
	lock_count(LOCK_PTE_CHAIN);
	set_page_flag(page, PG_chainlock);
}

static inline void page_map_unlock(struct page *page)
{
	clear_page_flag(page, PG_chainlock);
}

/* Reclaim's walks run with the bit held by shrink_list. */
static inline bool page_map_locked(const struct page *page)
{
	return test_bit_flag(page, PG_chainlock);
}

#endif
