/*
 * What the two reclaims (vmscan.c's 2.6 two-list LRU, vmscan24.c's 2.4
 * shrink_cache and swap_out) share: the zone's lists, a page on and off
 * them, a swap slot, and freeing an unmapped page from its cache.
 */
#ifndef RMAP_VMSCAN_INTERNAL_H
#define RMAP_VMSCAN_INTERNAL_H

#include "common/lock_types.h"
#include "common/page.h"

#define SWAP_CLUSTER_MAX	32

struct lru_zone {
	/* pagemap_lru_lock (2.4), zone->lru_lock (2.5+) */
	spinlock_t lru_lock;
	struct list_head active, inactive;
	unsigned long nr_active, nr_inactive;
	/* 2.6's shrink_zone: scan counters and distress */
	unsigned long nr_scan_active, nr_scan_inactive;
	int prev_priority;
};

extern struct lru_zone zone;

void add_active(struct page *page);
void add_inactive(struct page *page);
void del_page_from_lru(struct page *page);
/* A free swap slot, or 0 when swap is full. */
unsigned long get_swap_page(void);

enum shrink_result { PAGE_KEEP, PAGE_ACTIVATE, PAGE_FREED };

/*
 * remove_mapping() of an unmapped page the caller holds: written back if
 * dirty (at once: the model has no I/O), then out of the swap or page
 * cache. PAGE_KEEP when someone else holds it or it has no cache.
 */
enum shrink_result free_mapping(struct page *page);
/* A page reclaim isolated and freed: off the LRU for good. */
void reclaimed_page(struct page *page);

/*
 * A present pte of page, unmapped: a swap pte for an anonymous page (in the
 * swap cache by now; an exclusive page leaves its exclusivity in the swap
 * pte, 5.19's bit, kept in every era and read only under swapin=5.19), none
 * for a file page. The pte's dirty bit moves to the page; the caller drops
 * the pte's page reference and mapcount.
 */
void unmap_pte(struct page *page, struct vm_area_struct *vma, pte_t *ptep);

/* vmscan24.c: 2.4's reclaim; swap_out's clock hand (NULL: at init_mm) */
extern struct mm_struct *swap_mm;
/*
 * swap_out(): the clock, for @visits mm visits or until @count unmaps have
 * left pages freeable. Reclaim asks for SWAP_CLUSTER_MAX pages over
 * 2 * mmlist_nr + 1 visits; true when it got them.
 */
bool swap_out(unsigned long visits, long count);
/* up to SWAP_CLUSTER_MAX of n pages; returns how many it freed */
unsigned long try_to_free_pages_zone(unsigned long n);

#endif
