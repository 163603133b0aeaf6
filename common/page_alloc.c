/*
 * mem_map and the page allocator. A free page sits on one free list, as the
 * buddy allocator's order-0 list, under the zone's lock (zone->lock, taken
 * per page as 2.4's rmqueue and __free_pages_ok took it); when it runs dry
 * the allocator asks reclaim for pages before it reports out of memory, as
 * __alloc_pages did. Reclaim runs on one CPU only: with several, the
 * allocator reports out of memory instead (docs/threads.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/lock.h"
#include "common/page.h"
#include "common/vmscan.h"

struct page *mem_map;
unsigned long max_mapnr;
unsigned long nr_free_pages;
char *pgtable_base;
struct page *zero_page;

static struct list_head free_list;
static spinlock_t zone_lock;

/*
 * The host memory behind mem_map and the page tables outlives a model
 * instance: it is mapped once at the largest size asked for so far and
 * faulted in then (MAP_POPULATE), never given back. A benchmark's timed run
 * therefore takes no host page fault when it first writes a page table, a
 * cost the kernel it models never paid, and every instance up to that size
 * lies at the same addresses, so its cache and TLB footprint does not move
 * from one fixture to the next. A region larger than a quarter of the
 * host's memory (a mem_map of millions of pages, of which few ever hold a
 * page table) is left to fault in as it is used instead. A child forked by
 * the host-kernel components (bench/components) inherits none of it: the
 * host's fork would copy its page tables into the time the component
 * measures, and write-protect it, so that the model's next writes fault.
 */
struct arena {
	void *base;
	size_t len;
};

static struct arena mem_map_arena, pgtable_arena;

static void *arena_get(struct arena *a, size_t len)
{
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
	void *p;

	if (len <= a->len)
		return a->base;
	if (len / 4096 <= (size_t)sysconf(_SC_PHYS_PAGES) / 4)
		flags |= MAP_POPULATE;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, len, MADV_DONTFORK);
	if (a->base)
		munmap(a->base, a->len);
	a->base = p;
	a->len = len;
	return p;
}

int page_alloc_init(unsigned long nr_pages)
{
	unsigned long pfn;

	if (nr_pages < 16)
		return -1;
	mem_map = arena_get(&mem_map_arena, nr_pages * sizeof(struct page));
	pgtable_base = arena_get(&pgtable_arena, nr_pages * PAGE_SIZE);
	if (!mem_map || !pgtable_base) {
		mem_map = NULL;
		pgtable_base = NULL;
		return -1;
	}
	memset(mem_map, 0, nr_pages * sizeof(struct page));
	max_mapnr = nr_pages;
	INIT_LIST_HEAD(&free_list);
	zero_page = pfn_to_page(0);
	atomic_set(&zero_page->_mapcount, -1);
	set_page_count(zero_page, 1);
	__SetPageReserved(zero_page);
	/* Hand pages out in pfn order: runs are reproducible on any host. */
	for (pfn = nr_pages - 1; pfn >= 1; pfn--) {
		struct page *page = pfn_to_page(pfn);

		atomic_set(&page->_mapcount, -1);
		__SetPageBuddy(page);
		list_add(&page->lru, &free_list);
	}
	nr_free_pages = nr_pages - 1;
	return 0;
}

void page_alloc_exit(void)
{
	mem_map = NULL;
	pgtable_base = NULL;
	max_mapnr = 0;
	nr_free_pages = 0;
}

static struct page *take_free_page(void)
{
	struct page *page;

	spin_lock(LOCK_ZONE, &zone_lock);
	if (list_empty(&free_list)) {
		spin_unlock(LOCK_ZONE, &zone_lock);
		return NULL;
	}
	page = list_first_entry(&free_list, struct page, lru);
	list_del(&page->lru);
	nr_free_pages--;
	spin_unlock(LOCK_ZONE, &zone_lock);
	/* prep_new_page(): plain stores to a page only the allocator sees */
	page->flags = 0;
	set_page_count(page, 1);
	atomic_set(&page->_mapcount, -1);
	page->mapping = 0;
	page->index = 0;
	page->rmap = 0;
	page->private = 0;
	return page;
}

struct page *alloc_page(void)
{
	struct page *page = take_free_page();

	if (!page && lock_cpus == 1 && try_to_free_pages())
		page = take_free_page();
	return page;
}

static void free_page(struct page *page)
{
	if (page_mapped(page) || PageSwapCache(page) || page->rmap) {
		fprintf(stderr, "rmapbench: BUG: freeing pfn %lu still in use "
			"(mapcount %d, flags %#lx)\n", page_to_pfn(page),
			page_mapcount(page), page->flags);
		abort();
	}
	if (PageLRU(page))
		lru_del(page);
	page->flags = 1UL << PG_buddy;
	page->mapping = 0;
	spin_lock(LOCK_ZONE, &zone_lock);
	list_add(&page->lru, &free_list);
	nr_free_pages++;
	spin_unlock(LOCK_ZONE, &zone_lock);
}

/*
 * page->count was an atomic_t in every era: get_page() an atomic_inc,
 * put_page_testzero() an atomic_dec_and_test (2.4's include/linux/mm.h,
 * 2.6's), as a shared page (libc's) is taken and dropped on every CPU.
 */
void get_page(struct page *page)
{
	atomic_inc(&page->_refcount);
}

void put_page(struct page *page)
{
	if (PageReserved(page))
		return;
	if (atomic_dec_and_test(&page->_refcount))
		free_page(page);
}
