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

/*
 * test_bit: a plain load of the word, which other CPUs may be changing
 * (so an atomic one, relaxed: the same mov on x86).
 */
static inline bool test_bit_flag(const struct page *page, enum pageflags f)
{
	return __atomic_load_n(&page->flags, __ATOMIC_RELAXED) & (1UL << f);
}

/*
 * set_bit and clear_bit: one locked read-modify-write of the word, what
 * every era's SetPage* and ClearPage* paid (2.4's include/linux/mm.h,
 * 2.6's page-flags.h). The word also holds the page's rmap bit lock
 * (PG_chainlock, 2.5.27-2.6.8), so a plain |= by one CPU could drop a lock
 * another CPU holds, or a flag it set.
 */
static inline void set_page_flag(struct page *page, enum pageflags f)
{
	__atomic_fetch_or(&page->flags, 1UL << f, __ATOMIC_RELAXED);
}

static inline void clear_page_flag(struct page *page, enum pageflags f)
{
	__atomic_fetch_and(&page->flags, ~(1UL << f), __ATOMIC_RELAXED);
}

/* test_and_clear_bit: a full barrier in the kernel */
static inline bool test_and_clear_page_flag(struct page *page,
					    enum pageflags f)
{
	return __atomic_fetch_and(&page->flags, ~(1UL << f),
				  __ATOMIC_SEQ_CST) & (1UL << f);
}

/*
 * __set_bit and __clear_bit: a plain read-modify-write, for a page no
 * other CPU can reach (being set up, or freed).
 */
static inline void __set_page_flag(struct page *page, enum pageflags f)
{
	page->flags |= 1UL << f;
}

static inline void __clear_page_flag(struct page *page, enum pageflags f)
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
#define PagePagecache(p)	test_bit_flag(p, PG_pagecache)

#define SetPageReferenced(p)	set_page_flag(p, PG_referenced)
#define ClearPageReferenced(p)	clear_page_flag(p, PG_referenced)
#define TestClearPageReferenced(p) test_and_clear_page_flag(p, PG_referenced)
#define SetPageDirty(p)		set_page_flag(p, PG_dirty)
#define ClearPageDirty(p)	clear_page_flag(p, PG_dirty)
#define SetPageLRU(p)		set_page_flag(p, PG_lru)
#define ClearPageLRU(p)		clear_page_flag(p, PG_lru)
#define __ClearPageLRU(p)	__clear_page_flag(p, PG_lru)
#define SetPageActive(p)	set_page_flag(p, PG_active)
#define ClearPageActive(p)	clear_page_flag(p, PG_active)
#define __ClearPageActive(p)	__clear_page_flag(p, PG_active)
#define SetPageSwapCache(p)	set_page_flag(p, PG_swapcache)
#define ClearPageSwapCache(p)	clear_page_flag(p, PG_swapcache)
#define SetPageAnonExclusive(p)	set_page_flag(p, PG_anon_exclusive)
#define ClearPageAnonExclusive(p) clear_page_flag(p, PG_anon_exclusive)
#define __SetPageReserved(p)	__set_page_flag(p, PG_reserved)
#define __SetPagePagecache(p)	__set_page_flag(p, PG_pagecache)
#define __SetPageBuddy(p)	__set_page_flag(p, PG_buddy)
#define __SetPagePgtable(p)	__set_page_flag(p, PG_pgtable)
#define __ClearPagePgtable(p)	__clear_page_flag(p, PG_pgtable)

/* page_count(), set_page_count(): atomic_read and atomic_set */
static inline int page_count(const struct page *page)
{
	return atomic_read(&page->_refcount);
}

static inline void set_page_count(struct page *page, int v)
{
	atomic_set(&page->_refcount, v);
}

static inline bool PageAnon(const struct page *page)
{
	return page->mapping & PAGE_MAPPING_ANON;
}

static inline int page_mapcount(const struct page *page)
{
	return atomic_read(&page->_mapcount) + 1;
}

static inline bool page_mapped(const struct page *page)
{
	return atomic_read(&page->_mapcount) >= 0;
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
/*
 * get_page_unless_zero(): a reference unless the page is being freed, for
 * a lookup that holds no lock (2.6.27's page_cache_get_speculative).
 */
static inline bool get_page_unless_zero(struct page *page)
{
	return atomic_inc_not_zero(&page->_refcount);
}

/*
 * page_freeze_refs(), page_unfreeze_refs(), of 2.6.27's lockless page
 * cache (read in rocklee104/linux-2.6.28-tiny6410's include/linux/
 * pagemap.h): reclaim takes a count it expects to 0 with one cmpxchg, so
 * a lookup holding no lock (get_page_unless_zero) cannot take the page as
 * it leaves the cache; the unfreeze is a barrier and a store.
 */
static inline bool page_freeze_refs(struct page *page, int count)
{
	return atomic_cmpxchg(&page->_refcount, count, 0) == count;
}

static inline void page_unfreeze_refs(struct page *page, int count)
{
	__atomic_store_n(&page->_refcount.counter, count, __ATOMIC_SEQ_CST);
}

/* Drops a reference; the last one frees the page. */
void put_page(struct page *page);

/* Page cache pages onto the inactive list, anonymous ones the active. */
void lru_cache_add(struct page *page);
void lru_cache_add_active(struct page *page);
void lru_del(struct page *page);

#endif
