/*
 * Reclaim as 2.6.5-2.6.27 ran it (mm/vmscan.c, mm/swap.c of 2.6.9-2.6.24):
 * one zone with an active and an inactive list. kswapd and direct reclaim
 * walk priorities from DEF_PRIORITY down; each pass scans both lists in
 * proportion to their size (shrink_zone). refill_inactive_zone ages the
 * active list: a mapped page stays active unless reclaim_mapped (mapped
 * share and distress high enough), and is then kept if page_referenced
 * finds it young; shrink_list takes the inactive list's cold end, walks
 * each page with page_referenced, moves it to swap if anonymous, unmaps it
 * with try_to_unmap and frees it. Those two walks are what every rmap
 * generation was built to make cheap; they run through the generation's
 * rmap, which is all that differs between generations here.
 *
 * The switch lru=2.6.0 gives 2.6.0-2.6.4's refill, which walked every mapped
 * active page before looking at reclaim_mapped; lru=2.6.25 adds
 * page_referenced's stop at an mlocked vma; lru=2.4 is 2.4's reclaim
 * (vmscan24.c), which shares this file's lists and swap cache. Not modelled: 2.6.28's split
 * of the lists into anon and file and the unevictable list, and 6.1's MGLRU:
 * every generation runs this LRU, so reclaim walk counts compare rmap, not
 * page replacement. Writeback completes at once (the model has no I/O).
 *
 * With other CPUs running, kswapd (kswapd_shrink_files) isolates batches
 * under the LRU lock with a reference on each page, as 2.6 did, and frees
 * page cache pages only; shrink_cache's page at a time is one CPU's.
 */
#include <stdlib.h>
#include <string.h>

#include "common/filemap.h"
#include "common/lock.h"
#include "common/page.h"
#include "common/pgtable.h"
#include "common/phase.h"
#include "common/rmap.h"
#include "common/vmscan.h"
#include "common/vmscan_internal.h"

#define DEF_PRIORITY		12
#define VM_SWAPPINESS		60

struct swap_slot {
	unsigned count;		/* swap ptes pointing here */
	struct page *page;	/* the swap cache page, if any */
};

struct lru_zone zone;

struct nr_mapped_cpu nr_mapped_cpu[SMP_MAX_CPUS];

unsigned long nr_mapped(void)
{
	long n = 0;
	unsigned i;

	for (i = 0; i < SMP_MAX_CPUS; i++)
		n += nr_mapped_cpu[i].n;
	return n;
}

static struct swap_slot *swap_map;
static unsigned long *swap_free_stack;
static unsigned long nr_swap, nr_swap_free;

void lru_init(void)
{
	INIT_LIST_HEAD(&zone.active);
	INIT_LIST_HEAD(&zone.inactive);
	zone.nr_active = zone.nr_inactive = 0;
	zone.nr_scan_active = zone.nr_scan_inactive = 0;
	zone.prev_priority = DEF_PRIORITY;
	memset(nr_mapped_cpu, 0, sizeof(nr_mapped_cpu));
	swap_mm = NULL;
}

/*
 * The list moves change PG_active only where it changes, as the kernel's
 * did: activation's SetPageActive, deactivation's TestClearPageActive; a
 * page put back where it was, or a new page cache page, pays no atomic.
 */
void add_active(struct page *page)
{
	if (!PageActive(page))
		SetPageActive(page);
	list_add(&page->lru, &zone.active);
	zone.nr_active++;
}

void add_inactive(struct page *page)
{
	if (PageActive(page))
		ClearPageActive(page);
	list_add(&page->lru, &zone.inactive);
	zone.nr_inactive++;
}

/*
 * Page cache pages start on the inactive list (add_to_page_cache_lru).
 * Each add and removal takes the LRU lock, as 2.4's lru_cache_add and every
 * era's __page_cache_release did; 2.5.32+'s pagevecs, which took it once
 * per 16 adds, are not modelled: the pages would reach the list later and
 * reclaim would see another order.
 */
void lru_cache_add(struct page *page)
{
	spin_lock(LOCK_LRU, &zone.lru_lock);
	SetPageLRU(page);
	add_inactive(page);
	spin_unlock(LOCK_LRU, &zone.lru_lock);
}

/*
 * Anonymous pages start active: fault, COW, swap-in (2.6.0-2.6.27); 2.4's
 * lru_cache_add put every page on the inactive list.
 */
void lru_cache_add_active(struct page *page)
{
	spin_lock(LOCK_LRU, &zone.lru_lock);
	SetPageLRU(page);
	if (model_switch(SW_LRU) == LRU_24)
		add_inactive(page);
	else
		add_active(page);
	spin_unlock(LOCK_LRU, &zone.lru_lock);
}

void del_page_from_lru(struct page *page)
{
	list_del(&page->lru);
	if (PageActive(page))
		zone.nr_active--;
	else
		zone.nr_inactive--;
}

/*
 * A freed page leaves the LRU (__page_cache_release). To 2.6.12 the kernel
 * paid TestClearPageLRU and, on an active page, ClearPageActive; by 2.6.34
 * (the release between is not pinned here) the page, its count gone, was
 * no other CPU's: __ClearPageLRU, and del_page_from_lru's
 * __ClearPageActive. The 2.6.25 LRU, which every generation after 2.6.27
 * runs, takes the later form.
 */
void lru_del(struct page *page)
{
	spin_lock(LOCK_LRU, &zone.lru_lock);
	del_page_from_lru(page);
	if (model_switch(SW_LRU) == LRU_MLOCKED) {
		__ClearPageLRU(page);
		__ClearPageActive(page);
	} else {
		ClearPageLRU(page);
		if (PageActive(page))
			ClearPageActive(page);
	}
	spin_unlock(LOCK_LRU, &zone.lru_lock);
}

unsigned long lru_size(void)
{
	return zone.nr_active + zone.nr_inactive;
}

/* activate_page(): under the LRU lock, where the page is seen again */
static void activate_page(struct page *page)
{
	spin_lock(LOCK_LRU, &zone.lru_lock);
	if (PageLRU(page) && !PageActive(page)) {
		del_page_from_lru(page);
		add_active(page);
	}
	spin_unlock(LOCK_LRU, &zone.lru_lock);
}

/*
 * mark_page_accessed(): inactive,unreferenced -> inactive,referenced ->
 * active; an active page is only marked referenced. 2.4 set the bit every
 * time (SetPageReferenced, atomic); 2.6 only when it was clear.
 */
void mark_page_accessed(struct page *page)
{
	if (!PageActive(page) && PageReferenced(page) && PageLRU(page)) {
		activate_page(page);
		ClearPageReferenced(page);
	} else if (model_switch(SW_LRU) == LRU_24 || !PageReferenced(page)) {
		SetPageReferenced(page);
	}
}

int swap_init(unsigned long nr_slots)
{
	unsigned long i;

	swap_map = calloc(nr_slots + 1, sizeof(*swap_map));
	swap_free_stack = malloc((nr_slots + 1) * sizeof(*swap_free_stack));
	if (!swap_map || !swap_free_stack)
		return -1;
	nr_swap = nr_slots;
	/* slot 0 is never used; hand out low slots first */
	for (i = 0; i < nr_slots; i++)
		swap_free_stack[i] = nr_slots - i;
	nr_swap_free = nr_slots;
	return 0;
}

void swap_exit(void)
{
	free(swap_map);
	free(swap_free_stack);
	swap_map = NULL;
	swap_free_stack = NULL;
	nr_swap = nr_swap_free = 0;
}

unsigned long swap_used(void)
{
	return nr_swap - nr_swap_free;
}

/* vm_swap_full(): less than half the swap device left. */
bool vm_swap_full(void)
{
	return nr_swap_free * 2 < nr_swap;
}

unsigned long get_swap_page(void)
{
	return nr_swap_free ? swap_free_stack[--nr_swap_free] : 0;
}

static void swap_release(unsigned long slot)
{
	if (!swap_map[slot].count && !swap_map[slot].page)
		swap_free_stack[nr_swap_free++] = slot;
}

void swap_duplicate(unsigned long slot)
{
	swap_map[slot].count++;
}

void swap_free(unsigned long slot)
{
	swap_map[slot].count--;
	swap_release(slot);
}

/*
 * free_swap_and_cache(): a zapped swap pte; the swap cache page goes too
 * once no pte can fault it back.
 */
void free_swap_and_cache(unsigned long slot)
{
	struct page *page = swap_map[slot].page;

	swap_free(slot);
	if (page && !swap_map[slot].count && !page_mapped(page))
		delete_from_swap_cache(page);
}

/*
 * free_page_and_swap_cache(): the pte's reference goes; a swap cache page
 * that no pte and no swap pte needs any more leaves the cache with it.
 */
void free_page_and_swap_cache(struct page *page)
{
	if (PageSwapCache(page) && !page_mapped(page) &&
	    !swap_map[page->private].count)
		delete_from_swap_cache(page);
	put_page(page);
}

unsigned swap_count(unsigned long slot)
{
	return swap_map[slot].count;
}

struct page *lookup_swap_cache(unsigned long slot)
{
	return swap_map[slot].page;
}

void add_to_swap_cache(struct page *page, unsigned long slot)
{
	page->private = slot;
	SetPageSwapCache(page);
	swap_map[slot].page = page;
	get_page(page);
}

void delete_from_swap_cache(struct page *page)
{
	unsigned long slot = page->private;

	swap_map[slot].page = NULL;
	ClearPageSwapCache(page);
	page->private = 0;
	swap_release(slot);
	put_page(page);
}

/*
 * page_referenced_one(): test and clear the young bit. From 2.6.25
 * (lru=2.6.25) a VM_LOCKED vma counts as referenced and ends the walk;
 * 2.6.28 sent mlocked pages to the unevictable list instead, which is not
 * modelled. A walk that stopped at an mlocked vma without probing it (no
 * pte: rmap_vma_locked) counts it referenced in any era.
 */
static int page_referenced_one(struct page *page, struct vm_area_struct *vma,
			       unsigned long addr, pte_t *ptep, void *arg)
{
	int *referenced = arg;

	(void)page;
	(void)addr;
	if (!ptep || ((vma->vm_flags & VM_LOCKED) &&
		      model_switch(SW_LRU) == LRU_MLOCKED)) {
		(*referenced)++;
		rmap_stats.mlocked_met++;
		return RMAP_STOP;
	}
	if (ptep_test_and_clear_young(ptep))
		(*referenced)++;
	return RMAP_CONTINUE;
}

/*
 * page_referenced() under the caller's page lock: PG_referenced, by
 * TestClearPageReferenced as 2.6.0 on, + young.
 */
static int __page_referenced(struct page *page)
{
	int referenced = TestClearPageReferenced(page);
	struct rmap_walk_control rwc = {
		.rmap_one = page_referenced_one,
		.arg = &referenced,
		.referenced = true,
	};

	rmap_walk(page, &rwc);
	return referenced;
}

int page_referenced(struct page *page)
{
	bool locked = page_map_lock(page);
	int referenced = __page_referenced(page);

	page_map_unlock(page, locked);
	return referenced;
}

/*
 * The pte goes with ptep_get_and_clear, as try_to_unmap_one's
 * ptep_clear_flush and 2.4's try_to_swap_out took it, so a dirty bit the
 * MMU sets until then reaches the page; an anonymous page's swap pte is
 * set in its place.
 */
void unmap_pte(struct page *page, struct vm_area_struct *vma, pte_t *ptep)
{
	pte_t pte = ptep_get_and_clear(ptep);

	if (pte & _PAGE_DIRTY)
		SetPageDirty(page);
	if (PageAnon(page)) {
		swap_duplicate(page->private);
		pte = swp_entry_to_pte(page->private);
		/* try_to_unmap_one's page_try_share_anon_rmap (5.19) */
		if (PageAnonExclusive(page)) {
			pte |= _PAGE_SWP_EXCLUSIVE;
			ClearPageAnonExclusive(page);
		}
		set_pte(ptep, pte);
	}
	add_mm_rss(vma->vm_mm, -1);
}

/*
 * try_to_unmap_one(): each pte becomes a swap pte or none. A VM_LOCKED vma
 * fails the page (SWAP_FAIL), which reclaim then activates.
 */
static int try_to_unmap_one(struct page *page, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep, void *arg)
{
	int *ret = arg;

	(void)addr;
	if (vma->vm_flags & VM_LOCKED) {
		*ret = SWAP_FAIL;
		rmap_stats.mlocked_met++;
		return RMAP_STOP;
	}
	unmap_pte(page, vma, ptep);
	put_page(page);
	return RMAP_CONTINUE | RMAP_UNMAPPED;
}

void (*try_to_unmap_check)(struct page *page, int ret);

static int __try_to_unmap(struct page *page)
{
	int ret = SWAP_SUCCESS;
	struct rmap_walk_control rwc = {
		.rmap_one = try_to_unmap_one,
		.arg = &ret,
	};

	rmap_walk(page, &rwc);
	if (ret == SWAP_SUCCESS && page_mapped(page))
		ret = SWAP_AGAIN;
	if (try_to_unmap_check)
		try_to_unmap_check(page, ret);
	return ret;
}

bool try_to_unmap(struct page *page)
{
	bool locked = page_map_lock(page);
	int ret = __try_to_unmap(page);

	page_map_unlock(page, locked);
	return ret == SWAP_SUCCESS;
}

/*
 * page_mapping_inuse(): a page worth keeping when referenced: mapped, in
 * the swap cache, or of a file someone maps.
 */
static bool page_mapping_inuse(const struct page *page)
{
	if (page_mapped(page) || PageSwapCache(page))
		return true;
	return page->mapping && !PageAnon(page) &&
	       mapping_mapped((struct address_space *)page->mapping);
}

/*
 * The count is read first with no lock: a page someone else holds is kept
 * without the page cache's lock, which 2.6 took before its test (the
 * model's, so one CPU's lock counts stay as they were); the test that
 * frees, remove_mapping's, is under it.
 */
enum shrink_result free_mapping(struct page *page)
{
	if (page_count(page) != 2)
		return PAGE_KEEP;
	if (PageSwapCache(page)) {
		if (PageDirty(page))
			rmap_stats.swap_outs++;
		ClearPageDirty(page);
		delete_from_swap_cache(page);
	} else if (page->mapping && !PageAnon(page)) {
		ClearPageDirty(page);
		if (!remove_mapping(page))
			return PAGE_KEEP;
	} else {
		return PAGE_KEEP;
	}
	return PAGE_FREED;
}

/*
 * shrink_list() for one page of the inactive list's cold end. The page's
 * rmap bit lock is held across both walks, but dropped for add_to_swap, as
 * shrink_list did.
 */
static enum shrink_result shrink_page(struct page *page)
{
	bool locked = page_map_lock(page);
	int referenced = __page_referenced(page);
	unsigned long slot;

	if (referenced && page_mapping_inuse(page))
		goto activate;
	if (PageAnon(page) && page_mapped(page) && !PageSwapCache(page)) {
		page_map_unlock(page, locked);
		slot = get_swap_page();
		if (!slot)
			return PAGE_ACTIVATE;
		add_to_swap_cache(page, slot);
		SetPageDirty(page);
		locked = page_map_lock(page);
	}
	if (page_mapped(page)) {
		switch (__try_to_unmap(page)) {
		case SWAP_FAIL:
			rmap_stats.unmap_left_mapped++;
			goto activate;
		case SWAP_AGAIN:
			rmap_stats.unmap_left_mapped++;
			page_map_unlock(page, locked);
			return PAGE_KEEP;
		}
	}
	page_map_unlock(page, locked);
	if (PageDirty(page) && referenced)
		return PAGE_KEEP;
	return free_mapping(page);
activate:
	page_map_unlock(page, locked);
	return PAGE_ACTIVATE;
}

void (*page_reclaimed_hook)(struct page *page);

void reclaimed_page(struct page *page)
{
	ClearPageLRU(page);
	rmap_stats.reclaimed++;
	if (page_reclaimed_hook)
		page_reclaimed_hook(page);
}

/* shrink_cache(): up to nr pages from the inactive list's cold end. */
static unsigned long shrink_cache(unsigned long nr)
{
	unsigned long freed = 0;

	while (nr-- && zone.nr_inactive) {
		struct page *page = list_last_entry(&zone.inactive,
						    struct page, lru);
		enum shrink_result r;

		get_page(page);
		del_page_from_lru(page);
		r = shrink_page(page);
		if (r == PAGE_FREED) {
			reclaimed_page(page);
			freed++;
		} else if (r == PAGE_ACTIVATE) {
			add_active(page);
		} else {
			add_inactive(page);
		}
		put_page(page);
	}
	return freed;
}

/*
 * reclaim_mapped: whether mapped pages leave the active list at all, from
 * the share of memory mapped, distress (how low the priority went) and
 * vm_swappiness. Distress is 100 >> min(the last reclaim's priority, this
 * one's): 2.6.0-test5 to 2.6.18 read zone->prev_priority alone, but every
 * pass of a sweep lowered it to the pass's priority first (shrink_caches,
 * balance_pgdat), which on one CPU is the same number; Martin Bligh's
 * min() (2.6.19, "Use min of two prio settings in calculating distress for
 * reclaim") only mattered when another reclaimer had reset prev_priority
 * meanwhile.
 */
static bool reclaim_mapped(int priority)
{
	int prio = priority < zone.prev_priority ? priority :
		   zone.prev_priority;
	unsigned long mapped_ratio = nr_mapped() * 100 / max_mapnr;

	return mapped_ratio / 2 + (100 >> prio) + VM_SWAPPINESS >= 100;
}

/*
 * Whether refill_inactive_zone keeps a mapped page active: 2.6.5 decides
 * on reclaim_mapped (and swap for an anonymous page) before it walks,
 * 2.6.0 walks first.
 */
static bool keep_mapped_active(struct page *page, bool mapped_ok)
{
	bool no_swap = !nr_swap && PageAnon(page), locked;
	int referenced;

	if (model_switch(SW_LRU) >= LRU_GATED && (!mapped_ok || no_swap))
		return true;
	locked = page_map_lock(page);
	referenced = __page_referenced(page);
	page_map_unlock(page, locked);
	return referenced || !mapped_ok || no_swap;
}

/* refill_inactive_zone(): nr pages from the active list's cold end. */
static void refill_inactive_zone(unsigned long nr, int priority)
{
	bool mapped_ok = reclaim_mapped(priority);

	while (nr-- && zone.nr_active) {
		struct page *page = list_last_entry(&zone.active,
						    struct page, lru);

		del_page_from_lru(page);
		if (page_mapped(page) && keep_mapped_active(page, mapped_ok))
			add_active(page);
		else
			add_inactive(page);
	}
}

/*
 * isolate_lru_pages() (2.6.20's mm/vmscan.c): up to SWAP_CLUSTER_MAX pages
 * from @src's cold end into @dst, each with a reference, its PG_lru
 * cleared only once the reference is had; a page at count 0 is being
 * freed by another CPU, whose put_page waits for this lock to take it off
 * the list, and goes to the list's head. 2.6.0's shrink_cache and
 * 2.6.12-rc2's isolate_lru_pages cleared PG_lru first and put such a page
 * back; the model's put_page tests PG_lru with no lock, as 2.6.20's.
 */
static unsigned isolate_lru_pages(struct list_head *src, unsigned long *nr,
				  struct page **dst)
{
	unsigned n = 0, scan;
	struct page *page;

	spin_lock(LOCK_LRU, &zone.lru_lock);
	for (scan = 0; scan < SWAP_CLUSTER_MAX && !list_empty(src); scan++) {
		page = list_last_entry(src, struct page, lru);
		list_del(&page->lru);
		if (get_page_unless_zero(page)) {
			ClearPageLRU(page);
			dst[n++] = page;
			(*nr)--;
		} else {
			list_add(&page->lru, src);
		}
	}
	spin_unlock(LOCK_LRU, &zone.lru_lock);
	return n;
}

/*
 * The pages back on the list PG_active names, under the LRU lock, then
 * reclaim's references dropped (a last one frees the page, taking the
 * lock), as shrink_inactive_list's and refill_inactive_zone's pagevecs.
 * A freed page (NULL) is gone already.
 */
static void putback_lru_pages(struct page **pages, unsigned n)
{
	unsigned i;

	spin_lock(LOCK_LRU, &zone.lru_lock);
	for (i = 0; i < n; i++) {
		if (!pages[i])
			continue;
		SetPageLRU(pages[i]);
		if (PageActive(pages[i]))
			add_active(pages[i]);
		else
			add_inactive(pages[i]);
	}
	spin_unlock(LOCK_LRU, &zone.lru_lock);
	for (i = 0; i < n; i++)
		if (pages[i])
			put_page(pages[i]);
}

/*
 * refill_inactive_zone() with other CPUs running: a batch of the active
 * list's cold end; a page cache page goes inactive unless mapped and
 * referenced (reclaim_mapped holds at kswapd's priority 0), every other
 * page back where it was.
 */
static void refill_inactive_batch(void)
{
	struct page *pages[SWAP_CLUSTER_MAX];
	unsigned n = isolate_lru_pages(&zone.active, &zone.nr_active, pages);
	unsigned i;

	for (i = 0; i < n; i++)
		if (PagePagecache(pages[i]) && !(page_mapped(pages[i]) &&
		    keep_mapped_active(pages[i], true)))
			ClearPageActive(pages[i]);
	putback_lru_pages(pages, n);
}

/*
 * shrink_inactive_list() with other CPUs running: a batch of the inactive
 * list's cold end, each page cache page through shrink_list as one CPU's
 * (shrink_page), every other page back where it was. A freed page's
 * reference, reclaim's, is its last (2.6.20's freed_pvec).
 */
static unsigned long shrink_inactive_batch(void)
{
	struct page *pages[SWAP_CLUSTER_MAX];
	unsigned n = isolate_lru_pages(&zone.inactive, &zone.nr_inactive,
				       pages);
	unsigned long freed = 0;
	unsigned i;

	for (i = 0; i < n; i++) {
		if (!PagePagecache(pages[i]))
			continue;
		switch (shrink_page(pages[i])) {
		case PAGE_FREED:
			reclaimed_page(pages[i]);
			put_page(pages[i]);
			pages[i] = NULL;
			freed++;
			break;
		case PAGE_ACTIVATE:
			SetPageActive(pages[i]);
			break;
		case PAGE_KEEP:
			break;
		}
	}
	putback_lru_pages(pages, n);
	return freed;
}

unsigned long kswapd_shrink_files(void)
{
	refill_inactive_batch();
	return shrink_inactive_batch();
}

/* A list's share of a pass: its counter fires at SWAP_CLUSTER_MAX. */
static unsigned long scan_share(unsigned long *counter, unsigned long size,
				int priority)
{
	unsigned long nr;

	*counter += (size >> priority) + 1;
	if (*counter < SWAP_CLUSTER_MAX)
		return 0;
	nr = *counter;
	*counter = 0;
	return nr;
}

/* shrink_zone(): one pass at priority; stops once @target are freed. */
static unsigned long shrink_zone(int priority, unsigned long target)
{
	unsigned long nr_active = scan_share(&zone.nr_scan_active,
					     zone.nr_active, priority);
	unsigned long nr_inactive = scan_share(&zone.nr_scan_inactive,
					       zone.nr_inactive, priority);
	unsigned long freed = 0, n;

	while ((nr_active || nr_inactive) && freed < target) {
		if (nr_active) {
			n = nr_active < SWAP_CLUSTER_MAX ? nr_active :
			    SWAP_CLUSTER_MAX;
			nr_active -= n;
			refill_inactive_zone(n, priority);
		}
		if (nr_inactive) {
			n = nr_inactive < SWAP_CLUSTER_MAX ? nr_inactive :
			    SWAP_CLUSTER_MAX;
			nr_inactive -= n;
			freed += shrink_cache(n);
		}
	}
	return freed;
}

/* One sweep of the priorities, as try_to_free_pages and balance_pgdat. */
static unsigned long reclaim_sweep(unsigned long target)
{
	unsigned long freed = 0;
	int priority;

	for (priority = DEF_PRIORITY; priority >= 0; priority--) {
		freed += shrink_zone(priority, target - freed);
		if (freed >= target)
			break;
	}
	zone.prev_priority = priority < 0 ? 0 : priority;
	return freed;
}

/*
 * Sweeps until n pages are freed or two sweeps in a row free none:
 * kswapd's balance_pgdat, and direct reclaim with the allocator's retry (a
 * sweep that only aged pages lets the next one free them). 2.4's sweep is
 * try_to_free_pages_zone.
 */
unsigned long shrink(unsigned long n)
{
	phase_guard(PHASE_RECLAIM);
	unsigned long freed = 0, got;
	bool aged = false;

	while (freed < n) {
		got = model_switch(SW_LRU) == LRU_24 ?
		      try_to_free_pages_zone(n - freed) :
		      reclaim_sweep(n - freed);
		freed += got;
		if (!got && aged)
			break;
		aged = !got;
	}
	return freed;
}

bool try_to_free_pages(void)
{
	rmap_stats.direct_reclaims++;
	return shrink(SWAP_CLUSTER_MAX) > 0;
}
