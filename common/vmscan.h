/*
 * Reclaim and swap: an LRU of pages aged by page_referenced and emptied by
 * try_to_unmap, both driven only through the generation's walk, and a swap
 * device whose slots count the swap ptes that point at them.
 */
#ifndef RMAP_VMSCAN_H
#define RMAP_VMSCAN_H

#include <stdbool.h>

#include "common/mm_types.h"
#include "common/smp.h"

int swap_init(unsigned long nr_slots);
void swap_exit(void);
unsigned long swap_used(void);
/* vm_swap_full(): less than half of swap is free. */
bool vm_swap_full(void);

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
 * shrink(n): kswapd asked to free n pages: priority sweeps over both
 * lists until n are freed or a sweep frees nothing; returns how many.
 */
unsigned long shrink(unsigned long n);
/*
 * 2.4's aging under pressure (lru=2.4): one turn of swap_out's clock, a
 * visit to every mm, reading every pte. With no way from a page to its
 * ptes, this is how 2.4 aged any page; it also unmaps what is old.
 */
void swap_out_sweep(void);
/* mmput(): swap_out's clock hand moves off an exiting mm. */
void swap_mm_exit(struct mm_struct *mm);
/*
 * Called for every page reclaim frees, when set: rmapsim check records
 * which pages each operation reclaimed, to compare generations.
 */
extern void (*page_reclaimed_hook)(struct page *page);
/*
 * kswapd on several CPUs (sdet kswapd=2): one batch of SWAP_CLUSTER_MAX
 * pages from the active list's cold end aged, then one from the inactive
 * list's reclaimed, page cache pages only, each isolated with a reference
 * under the LRU lock; returns the pages freed. On one CPU reclaim is
 * shrink()'s.
 */
unsigned long kswapd_shrink_files(void);
/* Direct reclaim from the page allocator: true if anything was freed. */
bool try_to_free_pages(void);
unsigned long lru_size(void);
void lru_init(void);
/* A file fault or swap cache hit touched the page. */
void mark_page_accessed(struct page *page);
/*
 * Pages mapped by at least one pte: reclaim_mapped's mapped_ratio. Counted
 * per CPU, as 2.6's page_state (inc_page_state(nr_mapped)), and summed
 * where read.
 */
struct nr_mapped_cpu {
	long n;
} __attribute__((aligned(64)));

extern struct nr_mapped_cpu nr_mapped_cpu[SMP_MAX_CPUS];

static inline void nr_mapped_add(long delta)
{
	nr_mapped_cpu[smp_processor_id()].n += delta;
}

unsigned long nr_mapped(void);

#endif
