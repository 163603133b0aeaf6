/*
 * Reclaim: one LRU list, cold end first, aged by page_referenced and emptied
 * by try_to_unmap, both through the generation's rmap walk, as kswapd's
 * shrink_list drove them. An anonymous page gets a swap slot before it is
 * unmapped, and every pte that mapped it becomes a swap pte; a file page is
 * written back and dropped from the page cache. These two walks are what
 * each rmap generation was built to make cheap.
 */
#include <stdlib.h>

#include "common/filemap.h"
#include "common/page.h"
#include "common/pgtable.h"
#include "common/rmap.h"
#include "common/vmscan.h"

struct swap_slot {
	unsigned count;		/* swap ptes pointing here */
	struct page *page;	/* the swap cache page, if any */
};

static struct list_head lru;
static unsigned long nr_lru;
static struct swap_slot *swap_map;
static unsigned long *swap_free_stack;
static unsigned long nr_swap, nr_swap_free;

void lru_init(void)
{
	INIT_LIST_HEAD(&lru);
	nr_lru = 0;
}

void lru_cache_add(struct page *page)
{
	set_page_flag(page, PG_lru);
	list_add(&page->lru, &lru);
	nr_lru++;
}

void lru_del(struct page *page)
{
	list_del(&page->lru);
	clear_page_flag(page, PG_lru);
	nr_lru--;
}

unsigned long lru_size(void)
{
	return nr_lru;
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

static unsigned long get_swap_page(void)
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
	set_page_flag(page, PG_swapcache);
	swap_map[slot].page = page;
	get_page(page);
}

void delete_from_swap_cache(struct page *page)
{
	unsigned long slot = page->private;

	swap_map[slot].page = NULL;
	clear_page_flag(page, PG_swapcache);
	page->private = 0;
	swap_release(slot);
	put_page(page);
}

static int page_referenced_one(struct page *page, struct vm_area_struct *vma,
			       unsigned long addr, pte_t *ptep, void *arg)
{
	int *referenced = arg;

	(void)page;
	(void)addr;
	if (vma->vm_flags & VM_LOCKED)
		(*referenced)++;
	if (*ptep & _PAGE_ACCESSED) {
		*ptep &= ~_PAGE_ACCESSED;
		(*referenced)++;
	}
	return RMAP_CONTINUE;
}

int page_referenced(struct page *page)
{
	int referenced = test_bit_flag(page, PG_referenced);
	struct rmap_walk_control rwc = {
		.rmap_one = page_referenced_one,
		.arg = &referenced,
		.referenced = true,
	};

	clear_page_flag(page, PG_referenced);
	rmap_walk(page, &rwc);
	return referenced;
}

static int try_to_unmap_one(struct page *page, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep, void *arg)
{
	(void)addr;
	(void)arg;
	if (vma->vm_flags & VM_LOCKED)
		return RMAP_STOP;
	if (*ptep & _PAGE_DIRTY)
		set_page_flag(page, PG_dirty);
	if (PageAnon(page)) {
		swap_duplicate(page->private);
		*ptep = swp_entry_to_pte(page->private);
	} else {
		*ptep = 0;
	}
	vma->vm_mm->rss--;
	put_page(page);
	return RMAP_CONTINUE | RMAP_UNMAPPED;
}

bool try_to_unmap(struct page *page)
{
	struct rmap_walk_control rwc = { .rmap_one = try_to_unmap_one };

	rmap_walk(page, &rwc);
	return !page_mapped(page);
}

/*
 * One page from the cold end: true if it was freed. The refcount test is
 * remove_mapping()'s: a page someone still holds (a fault in progress) is
 * kept.
 */
static bool shrink_page(struct page *page)
{
	if (page_mapped(page) && page_referenced(page))
		return false;
	if (PageAnon(page) && page_mapped(page) && !PageSwapCache(page)) {
		unsigned long slot = get_swap_page();

		if (!slot)
			return false;
		add_to_swap_cache(page, slot);
	}
	if (page_mapped(page) && !try_to_unmap(page))
		return false;
	if (page->_refcount != 2)
		return false;
	if (PageSwapCache(page)) {
		if (PageDirty(page))
			rmap_stats.swap_outs++;
		clear_page_flag(page, PG_dirty);
		delete_from_swap_cache(page);
	} else if (page->mapping && !PageAnon(page)) {
		clear_page_flag(page, PG_dirty);
		remove_from_page_cache(page);
	} else {
		return false;
	}
	return true;
}

unsigned long shrink(unsigned long n)
{
	unsigned long freed = 0, scanned = 0, max_scan = 2 * nr_lru + 2;

	while (freed < n && scanned++ < max_scan && nr_lru) {
		struct page *page = list_last_entry(&lru, struct page, lru);

		get_page(page);
		if (shrink_page(page)) {
			lru_del(page);
			freed++;
			rmap_stats.reclaimed++;
		} else {
			list_move(&page->lru, &lru);
		}
		put_page(page);
	}
	return freed;
}

bool try_to_free_pages(void)
{
	return shrink(32) > 0;
}
