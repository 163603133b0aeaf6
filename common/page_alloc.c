/*
 * mem_map and the page allocator. A free page sits on one free list, as the
 * buddy allocator's order-0 list; when it runs dry the allocator asks reclaim
 * for pages before it reports out of memory, as __alloc_pages did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "common/page.h"
#include "common/vmscan.h"

struct page *mem_map;
unsigned long max_mapnr;
unsigned long nr_free_pages;
char *pgtable_base;
struct page *zero_page;

static struct list_head free_list;
static size_t pgtable_region;

int page_alloc_init(unsigned long nr_pages)
{
	unsigned long pfn;

	if (nr_pages < 16)
		return -1;
	mem_map = calloc(nr_pages, sizeof(struct page));
	if (!mem_map)
		return -1;
	pgtable_region = nr_pages * PAGE_SIZE;
	pgtable_base = mmap(NULL, pgtable_region, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (pgtable_base == MAP_FAILED) {
		free(mem_map);
		mem_map = NULL;
		return -1;
	}
	max_mapnr = nr_pages;
	INIT_LIST_HEAD(&free_list);
	zero_page = pfn_to_page(0);
	zero_page->_mapcount = -1;
	zero_page->_refcount = 1;
	set_page_flag(zero_page, PG_reserved);
	/* Hand pages out in pfn order: runs are reproducible on any host. */
	for (pfn = nr_pages - 1; pfn >= 1; pfn--) {
		struct page *page = pfn_to_page(pfn);

		page->_mapcount = -1;
		set_page_flag(page, PG_buddy);
		list_add(&page->lru, &free_list);
	}
	nr_free_pages = nr_pages - 1;
	return 0;
}

void page_alloc_exit(void)
{
	if (pgtable_base)
		munmap(pgtable_base, pgtable_region);
	free(mem_map);
	mem_map = NULL;
	pgtable_base = NULL;
	max_mapnr = 0;
	nr_free_pages = 0;
}

static struct page *take_free_page(void)
{
	struct page *page;

	if (list_empty(&free_list))
		return NULL;
	page = list_first_entry(&free_list, struct page, lru);
	list_del(&page->lru);
	nr_free_pages--;
	page->flags = 0;
	page->_refcount = 1;
	page->_mapcount = -1;
	page->mapping = 0;
	page->index = 0;
	page->rmap = 0;
	page->private = 0;
	return page;
}

struct page *alloc_page(void)
{
	struct page *page = take_free_page();

	if (!page && try_to_free_pages())
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
	list_add(&page->lru, &free_list);
	nr_free_pages++;
}

void get_page(struct page *page)
{
	page->_refcount++;
}

void put_page(struct page *page)
{
	if (PageReserved(page))
		return;
	if (--page->_refcount == 0)
		free_page(page);
}
