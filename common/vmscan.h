/*
 * Reclaim and swap: an LRU of pages aged by page_referenced and emptied by
 * try_to_unmap, both driven only through the generation's walk, and a swap
 * device whose slots count the swap ptes that point at them.
 */
#ifndef RMAP_VMSCAN_H
#define RMAP_VMSCAN_H

#include <stdbool.h>

#include "common/mm_types.h"

int swap_init(unsigned long nr_slots);
void swap_exit(void);
unsigned long swap_used(void);

/* A swap pte was copied (fork) or dropped (zap, swap-in). */
void swap_duplicate(unsigned long slot);
void swap_free(unsigned long slot);
void free_swap_and_cache(unsigned long slot);
void free_page_and_swap_cache(struct page *page);
unsigned swap_count(unsigned long slot);
struct page *lookup_swap_cache(unsigned long slot);
/* Puts a fresh page in the swap cache for slot; the cache holds a reference. */
void add_to_swap_cache(struct page *page, unsigned long slot);
void delete_from_swap_cache(struct page *page);

/*
 * shrink(n): reclaims up to n pages the way kswapd would, taking them from
 * the cold end of the LRU; returns how many were freed.
 */
unsigned long shrink(unsigned long n);
/* Direct reclaim from the page allocator: true if anything was freed. */
bool try_to_free_pages(void);
unsigned long lru_size(void);
void lru_init(void);

#endif
