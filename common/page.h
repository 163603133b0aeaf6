/*
 * mem_map and the page allocator. Page-table pages are model pages too: their
 * 4 KiB of entries live at a fixed offset per pfn in one reserved region, so a
 * pte address turns back into its page-table page by arithmetic, exactly as
 * virt_to_page() does (pte_chain needs this to recover (mm, address)).
 */
#ifndef RMAP_PAGE_H
#define RMAP_PAGE_H

#include <stdbool.h>

#include "common/mm_types.h"

extern struct page *mem_map;
extern unsigned long max_mapnr;
extern char *pgtable_base;	/* entries of pfn p at pgtable_base + p * PAGE_SIZE */
extern struct page *zero_page;

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}

static inline bool test_bit_flag(const struct page *page, enum pageflags f)
{
	return page->flags & (1UL << f);
}

static inline void set_page_flag(struct page *page, enum pageflags f)
{
	page->flags |= 1UL << f;
}

static inline void clear_page_flag(struct page *page, enum pageflags f)
{
	page->flags &= ~(1UL << f);
}

#define PageReserved(p)		test_bit_flag(p, PG_reserved)
#define PageSwapCache(p)	test_bit_flag(p, PG_swapcache)
#define PagePgtable(p)		test_bit_flag(p, PG_pgtable)
#define PageLRU(p)		test_bit_flag(p, PG_lru)
#define PageDirty(p)		test_bit_flag(p, PG_dirty)
#define PageBuddy(p)		test_bit_flag(p, PG_buddy)
#define PageActive(p)		test_bit_flag(p, PG_active)
#define PageReferenced(p)	test_bit_flag(p, PG_referenced)
#define PageAnonExclusive(p)	test_bit_flag(p, PG_anon_exclusive)

static inline bool PageAnon(const struct page *page)
{
	return page->mapping & PAGE_MAPPING_ANON;
}

static inline int page_mapcount(const struct page *page)
{
	return page->_mapcount + 1;
}

static inline bool page_mapped(const struct page *page)
{
	return page->_mapcount >= 0;
}

/* The anonymous rmap object an anonymous page points at. */
static inline void *page_anon_object(const struct page *page)
{
	return (void *)(page->mapping & ~PAGE_MAPPING_ANON);
}

static inline void page_set_anon(struct page *page, void *obj,
				 unsigned long index)
{
	page->mapping = (unsigned long)obj | PAGE_MAPPING_ANON;
	page->index = index;
}

static inline pte_t *page_table_entries(const struct page *page)
{
	return (pte_t *)(pgtable_base + page_to_pfn(page) * PAGE_SIZE);
}

/* virt_to_page() for a pte address: the page-table page holding it. */
static inline struct page *pte_to_pgtable_page(const pte_t *ptep)
{
	return pfn_to_page(((const char *)ptep - pgtable_base) >> PAGE_SHIFT);
}

int page_alloc_init(unsigned long nr_pages);
void page_alloc_exit(void);
/*
 * Pages free: on the zone's list and on every CPU's list, read at a
 * quiescent point. The kernel's nr_free_pages() summed zone->free_pages,
 * which leaves per-CPU pages out; the model's readers (model_exit's leak
 * count, the check's memory pressure) want every page not in use.
 */
unsigned long nr_free_pages(void);
/* This CPU's per-CPU pages back to the zone, as a CPU going offline. */
void drain_local_pages(void);

/*
 * Returns a zeroed page with refcount 1, or NULL when mem_map is exhausted
 * and reclaim could not free one.
 */
struct page *alloc_page(void);
void get_page(struct page *page);
/* Drops a reference; the last one frees the page. */
void put_page(struct page *page);

/* Page cache pages onto the inactive list, anonymous ones the active. */
void lru_cache_add(struct page *page);
void lru_cache_add_active(struct page *page);
void lru_del(struct page *page);

#endif
