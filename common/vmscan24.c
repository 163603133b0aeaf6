/*
 * Reclaim as 2.4.27 ran it (mm/vmscan.c), the kernel without reverse
 * mapping. shrink_cache frees unmapped page cache and swap cache pages from
 * the inactive list's cold end; a mapped page there cannot be unmapped, only
 * counted. When a pass frees too little, or too many mapped pages were met
 * (vm_mapped_ratio), swap_out runs: a clock over every process's page
 * tables that resumes where it stopped (swap_mm, mm->swap_address), tests
 * and clears each pte's young bit, leaves young ptes and active pages
 * alone and unmaps the rest on the spot into the swap cache, until
 * SWAP_CLUSTER_MAX unmaps have left a page freeable. It takes one
 * page_table_lock per mm visit and never goes from a page to its ptes: its
 * cost is the ptes it scans per page freed, which is what rmap was built
 * to cut.
 *
 * Read in 2.4.27. 2.4.19 sized shrink_cache by DEF_PRIORITY instead of the
 * vm_* ratios; 2.4.32 has vm_anon_lru (off: an anonymous page joins the LRU
 * only at its first swap-out). Neither is modelled. The list rotation at
 * the end of refill_inactive changes no order here and is left out;
 * writeback completes at once, as in vmscan.c.
 */
#include <limits.h>

#include "common/lock.h"
#include "common/mm.h"
#include "common/pgtable.h"
#include "common/phase.h"
#include "common/rmap.h"
#include "common/vmscan.h"
#include "common/vmscan_internal.h"

#define VM_PASSES		60
#define VM_CACHE_SCAN_RATIO	6
#define VM_MAPPED_RATIO		100
#define VM_LRU_BALANCE_RATIO	2

struct mm_struct *swap_mm;

/* The mm after @mm on mmlist; NULL stands for init_mm, the list's head. */
static struct mm_struct *next_mm(struct mm_struct *mm)
{
	struct list_head *next = mm ? mm->mmlist.next : mm_list.next;

	return next == &mm_list ? NULL :
	       list_entry(next, struct mm_struct, mmlist);
}

void swap_mm_exit(struct mm_struct *mm)
{
	if (swap_mm == mm)
		swap_mm = next_mm(mm);
}

/*
 * try_to_swap_out(): one present pte under the mm's page_table_lock.
 * Returns 1 when the unmap left only the cache holding the page.
 */
static int try_to_swap_out(struct vm_area_struct *vma, unsigned long addr,
			   pte_t *ptep, struct page *page)
{
	unsigned long slot;
	int freeable;

	if ((vma->vm_flags & VM_LOCKED) || ptep_test_and_clear_young(ptep)) {
		rmap_stats.mlocked_met += !!(vma->vm_flags & VM_LOCKED);
		mark_page_accessed(page);
		return 0;
	}
	if (PageActive(page))
		return 0;
	/*
	 * An anonymous page outside the swap cache is dirty (2.4's write
	 * fault and COW map it dirty; a read fault maps the zero page), so it
	 * gets a swap slot, or keeps its pte when swap is full.
	 */
	if (PageAnon(page) && !PageSwapCache(page)) {
		slot = get_swap_page();
		if (!slot)
			return 0;
		add_to_swap_cache(page, slot);
		SetPageDirty(page);
	}
	unmap_pte(page, vma, ptep);
	freeable = page_count(page) <= 2;
	page_remove_rmap(page, vma, addr, ptep);
	put_page(page);
	return freeable;
}

/*
 * swap_out_vma(): the ptes of vma from addr, until @count pages are
 * freeable; the hand stops behind the last pte read.
 */
static long swap_out_vma(struct mm_struct *mm, struct vm_area_struct *vma,
			 unsigned long addr, long count)
{
	unsigned long next;
	pte_t *ptep;

	while (addr < vma->vm_end) {
		ptep = pte_offset_next(mm, addr, &next);
		if (next > vma->vm_end)
			next = vma->vm_end;
		for (; ptep && addr < next; addr += PAGE_SIZE, ptep++) {
			pte_t pte = ptep_get(ptep);

			rmap_stats.ptes_scanned++;
			if (!pte_present(pte) || pte_page(pte) == zero_page)
				continue;
			count -= try_to_swap_out(vma, addr, ptep,
						 pte_page(pte));
			if (!count) {
				mm->swap_address = addr + PAGE_SIZE;
				return 0;
			}
		}
		addr = next;
		mm->swap_address = addr;
	}
	return count;
}

/*
 * swap_out_mm(): one visit, from the mm's hand to its end or to @count. As
 * in 2.4, a stop inside the mm's last vma still marks the mm done.
 */
static long swap_out_mm(struct mm_struct *mm, long count)
{
	unsigned long addr;
	struct vm_area_struct *vma;

	spin_lock(LOCK_PAGE_TABLE, &mm->page_table_lock);
	addr = mm->swap_address;
	rmap_stats.swap_out_mms++;
	vma = find_vma(mm, addr);
	if (vma) {
		if (addr < vma->vm_start)
			addr = vma->vm_start;
		for (;;) {
			count = swap_out_vma(mm, vma, addr, count);
			vma = vma->vm_next;
			if (!vma)
				break;
			if (!count)
				goto out_unlock;
			addr = vma->vm_start;
		}
	}
	mm->swap_address = TASK_SIZE;
out_unlock:
	spin_unlock(LOCK_PAGE_TABLE, &mm->page_table_lock);
	return count;
}

/* The next mm the clock visits: finished ones start over at 0. */
static struct mm_struct *swap_out_next(void)
{
	struct mm_struct *mm = swap_mm;

	while (!mm || mm->swap_address == TASK_SIZE) {
		if (mm)
			mm->swap_address = 0;
		mm = next_mm(mm);
		if (mm == swap_mm)
			return NULL;
		swap_mm = mm;
	}
	return mm;
}

static unsigned long nr_mms(void)
{
	struct list_head *p;
	unsigned long n = 0;

	list_for_each(p, &mm_list)
		n++;
	return n;
}

bool swap_out(unsigned long visits, long count)
{
	struct mm_struct *mm;

	rmap_stats.swap_out_passes++;
	while (visits--) {
		mm = swap_out_next();
		if (!mm)
			return false;
		count = swap_out_mm(mm, count);
		if (!count)
			return true;
	}
	return false;
}

static bool swap_out_reclaim(void)
{
	return swap_out(2 * nr_mms() + 1, SWAP_CLUSTER_MAX);
}

void swap_out_sweep(void)
{
	phase_guard(PHASE_RECLAIM);
	swap_out(nr_mms(), LONG_MAX);
}

/*
 * refill_inactive(): from the active list's cold end, pages not referenced
 * since the last look go inactive (referenced, for a second chance); the
 * others lose the bit and go round (PageTestandClearReferenced: a
 * test_and_clear_bit on every page looked at). How many: enough to keep
 * the inactive list a third of the LRU (vm_lru_balance_ratio).
 */
static void refill_inactive(long nr_pages)
{
	unsigned long ratio = nr_pages * zone.nr_active /
			      (zone.nr_inactive * VM_LRU_BALANCE_RATIO + 1);
	struct list_head *entry = zone.active.prev;

	while (ratio && entry != &zone.active) {
		struct page *page = list_entry(entry, struct page, lru);

		entry = entry->prev;
		if (TestClearPageReferenced(page)) {
			list_move(&page->lru, &zone.active);
			continue;
		}
		ratio--;
		del_page_from_lru(page);
		add_inactive(page);
		SetPageReferenced(page);
	}
}

/* Only the page cache or the swap cache holds the page: it can go. */
static bool page_cache_only(const struct page *page)
{
	return page_count(page) == 1 &&
	       (PageSwapCache(page) || (page->mapping && !PageAnon(page)));
}

/*
 * shrink_cache(): up to a sixth of the LRU from the inactive list's cold
 * end, each page rotated to the hot end as it is looked at. Returns the
 * pages still wanted.
 */
static long shrink_cache(long nr_pages, bool *failed_swapout)
{
	long max_scan = (zone.nr_inactive + zone.nr_active) /
			VM_CACHE_SCAN_RATIO;
	long max_mapped = VM_MAPPED_RATIO * nr_pages;

	while (max_scan && zone.nr_inactive) {
		struct page *page = list_last_entry(&zone.inactive,
						    struct page, lru);

		list_move(&page->lru, &zone.inactive);
		max_scan--;
		if (!page_cache_only(page)) {
			if (--max_mapped < 0) {
				if (!*failed_swapout)
					*failed_swapout = !swap_out_reclaim();
				max_mapped = nr_pages * VM_MAPPED_RATIO;
				refill_inactive(nr_pages);
			}
			continue;
		}
		get_page(page);
		del_page_from_lru(page);
		if (free_mapping(page) == PAGE_FREED) {
			reclaimed_page(page);
			put_page(page);
			if (!--nr_pages)
				break;
			continue;
		}
		add_inactive(page);
		put_page(page);
	}
	return nr_pages;
}

/*
 * try_to_free_pages_zone(): up to vm_passes passes of refill_inactive and
 * shrink_cache for SWAP_CLUSTER_MAX pages (or fewer, if fewer are asked
 * for), each pass followed by swap_out until swap_out fails once.
 */
unsigned long try_to_free_pages_zone(unsigned long n)
{
	long want = n < SWAP_CLUSTER_MAX ? n : SWAP_CLUSTER_MAX, left = want;
	bool failed_swapout = false;
	int tries = VM_PASSES;

	do {
		refill_inactive(left);
		left = shrink_cache(left, &failed_swapout);
		if (!left)
			break;
		if (!failed_swapout)
			failed_swapout = !swap_out_reclaim();
	} while (--tries);
	return want - left;
}
