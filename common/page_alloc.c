/*
 * mem_map and the page allocator. A free page sits on the zone's free list,
 * as the buddy allocator's order-0 list, under the zone's lock (zone->lock),
 * or on a CPU's list (below); when both run dry the allocator asks reclaim
 * for pages before it reports out of memory, as __alloc_pages did. Direct
 * reclaim runs on one CPU only: with several, the allocator reports out of
 * memory instead, and only a kswapd CPU frees (docs/threads.md).
 *
 * 2.4 took zone->lock for every page (rmqueue, __free_pages_ok). From
 * 2.5.45 (the pcp switch) an order-0 page passes through the CPU's own list,
 * struct per_cpu_pages, which buffered_rmqueue refills and
 * free_hot_cold_page drains a batch at a time under one zone->lock. The
 * per-CPU list is the top of one LIFO stack whose rest is the zone's list:
 * a refill moves the zone list's head pages, in order, to the per-CPU
 * list's tail, and a drain moves the per-CPU tail back to the zone's head.
 * With one CPU, every allocation therefore returns the pfn it returned
 * without per-CPU lists, and only the zone lock's count changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/lock.h"
#include "common/page.h"
#include "common/smp.h"
#include "common/vmscan.h"

struct page *mem_map;
unsigned long max_mapnr;
char *pgtable_base;
struct page *zero_page;

/* The zone: its free list, its lock and zone->free_pages. */
static struct list_head free_list;
static spinlock_t zone_lock;
static unsigned long zone_free_pages;

/*
 * A CPU's hot list (2.5.45-2.6.24 kept a cold one too, for pages the
 * caller would not touch soon; the model frees and allocates every page
 * hot). Only its own CPU touches it, as the kernel's under
 * local_irq_save; others read count at quiescent points.
 */
struct per_cpu_pages {
	int count;		/* pages on list */
	int low;		/* refill at or below this (2.5.45-2.6.14) */
	int high;		/* drain at or above this */
	int batch;		/* pages one zone->lock hold moves */
	struct list_head list;
} __attribute__((aligned(64)));

static struct per_cpu_pages pageset[SMP_MAX_CPUS];

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

/*
 * zone_batchsize: about a thousandth of the zone (present_pages, the
 * model's page count), no more than 256 KiB (2.5.45) or 512 KiB (2.6.15's
 * rules), a quarter of that, and from 2.6.15's rules clamped to 2^n - 1,
 * (1 << (fls(batch + batch/2) - 1)) - 1: with a power of two, two tasks
 * taking alternate batches got the pages of half the cache colours each.
 * The clamp makes a zone below 6 MiB a batch of 0, so high is 0 and every
 * free drains at once, as such a zone did.
 */
static int zone_batchsize(unsigned long present_pages, enum pcp_rule rule)
{
	unsigned long max_bytes = rule == PCP_LOW ? 256 * 1024 : 512 * 1024;
	unsigned long batch = present_pages / 1024;

	if (batch * PAGE_SIZE > max_bytes)
		batch = max_bytes / PAGE_SIZE;
	batch /= 4;		/* We effectively *= 4 below */
	if (batch < 1)
		batch = 1;
	if (rule == PCP_EMPTY)
		batch = (1UL << (63 - __builtin_clzl(batch + batch / 2))) - 1;
	return batch;
}

/* setup_pageset: every CPU's hot list, empty */
static void setup_pageset(unsigned long present_pages)
{
	enum pcp_rule rule = model_switch(SW_PCP);
	int batch = rule == PCP_NONE ? 0 :
		    zone_batchsize(present_pages, rule);
	unsigned cpu;

	for (cpu = 0; cpu < SMP_MAX_CPUS; cpu++) {
		struct per_cpu_pages *pcp = &pageset[cpu];

		pcp->count = 0;
		pcp->low = rule == PCP_LOW ? 2 * batch : 0;
		pcp->high = 6 * batch;
		pcp->batch = max(1, batch);
		INIT_LIST_HEAD(&pcp->list);
	}
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
	zone_free_pages = nr_pages - 1;
	setup_pageset(nr_pages);
	return 0;
}

void page_alloc_exit(void)
{
	mem_map = NULL;
	pgtable_base = NULL;
	max_mapnr = 0;
	zone_free_pages = 0;
	setup_pageset(0);
}

unsigned long nr_free_pages(void)
{
	unsigned long n = zone_free_pages;
	unsigned cpu;

	for (cpu = 0; cpu < SMP_MAX_CPUS; cpu++)
		n += pageset[cpu].count;
	return n;
}

/* __rmqueue for order 0: the zone list's head page; zone->lock held */
static struct page *__rmqueue(void)
{
	struct page *page;

	if (list_empty(&free_list))
		return NULL;
	page = list_first_entry(&free_list, struct page, lru);
	list_del(&page->lru);
	zone_free_pages--;
	return page;
}

/* rmqueue: one page under its own zone->lock hold */
static struct page *rmqueue(void)
{
	struct page *page;

	spin_lock(LOCK_ZONE, &zone_lock);
	page = __rmqueue();
	spin_unlock(LOCK_ZONE, &zone_lock);
	return page;
}

/*
 * Up to count pages under one zone->lock hold, onto list's tail in the
 * zone list's order, so that list and zone list stay one stack. (2.5.45
 * and 2.5.46 spliced them in reverse; ba81dfea1d, 2.5.47, keeps the order.)
 */
static int rmqueue_bulk(int count, struct list_head *list)
{
	struct page *page;
	int i;

	spin_lock(LOCK_ZONE, &zone_lock);
	for (i = 0; i < count; i++) {
		page = __rmqueue();
		if (!page)
			break;
		list_add_tail(&page->lru, list);
	}
	spin_unlock(LOCK_ZONE, &zone_lock);
	return i;
}

/*
 * Up to count pages from the per-CPU list's tail, its coldest, back to the
 * zone under one zone->lock hold; the last one moved, the nearest the
 * list's head, ends at the zone list's head, so the stack keeps its order.
 */
static int free_pages_bulk(int count, struct per_cpu_pages *pcp)
{
	struct page *page;
	int freed = 0;

	spin_lock(LOCK_ZONE, &zone_lock);
	while (freed < count && !list_empty(&pcp->list)) {
		page = list_last_entry(&pcp->list, struct page, lru);
		list_move(&page->lru, &free_list);
		zone_free_pages++;
		freed++;
	}
	spin_unlock(LOCK_ZONE, &zone_lock);
	pcp->count -= freed;
	return freed;
}

/*
 * buffered_rmqueue for order 0: this CPU's list, refilled first when it is
 * at or below low (2.5.45's low is 2 * batch, 2.6.15's 0: only when empty).
 * 2.5.45 fell back to the zone for a page the list could not give; 2.6.15
 * failed there.
 */
static struct page *buffered_rmqueue(void)
{
	struct per_cpu_pages *pcp = &pageset[smp_processor_id()];
	enum pcp_rule rule = model_switch(SW_PCP);
	struct page *page;

	if (rule == PCP_NONE)
		return rmqueue();
	if (pcp->count <= pcp->low)
		pcp->count += rmqueue_bulk(pcp->batch, &pcp->list);
	if (!pcp->count)
		return rule == PCP_LOW ? rmqueue() : NULL;
	page = list_first_entry(&pcp->list, struct page, lru);
	list_del(&page->lru);
	pcp->count--;
	return page;
}

/* prep_new_page(): plain stores to a page only the allocator sees */
static void prep_new_page(struct page *page)
{
	page->flags = 0;
	set_page_count(page, 1);
	atomic_set(&page->_mapcount, -1);
	page->mapping = 0;
	page->index = 0;
	page->rmap = 0;
	page->private = 0;
}

/*
 * With one CPU, "nothing free" means this CPU's list and the zone's are
 * both empty: exactly when the single list was. Pages on other CPUs' lists
 * are not drained first: the kernels the model runs reclaimed (or failed)
 * with them stranded, drain_all_pages on a failed allocation came later.
 */
struct page *alloc_page(void)
{
	struct page *page = buffered_rmqueue();

	if (!page && lock_cpus == 1 && try_to_free_pages())
		page = buffered_rmqueue();
	if (page)
		prep_new_page(page);
	return page;
}

/* __free_pages_ok for order 0: onto the zone list's head */
static void __free_pages_ok(struct page *page)
{
	spin_lock(LOCK_ZONE, &zone_lock);
	list_add(&page->lru, &free_list);
	zone_free_pages++;
	spin_unlock(LOCK_ZONE, &zone_lock);
}

/*
 * free_hot_cold_page: onto this CPU's list's head. 2.5.45 drained a batch
 * before adding to a list at high, 2.6.15 after the add that reaches it.
 */
static void free_hot_cold_page(struct page *page)
{
	struct per_cpu_pages *pcp = &pageset[smp_processor_id()];

	if (model_switch(SW_PCP) == PCP_LOW && pcp->count >= pcp->high)
		free_pages_bulk(pcp->batch, pcp);
	list_add(&page->lru, &pcp->list);
	pcp->count++;
	if (model_switch(SW_PCP) == PCP_EMPTY && pcp->count >= pcp->high)
		free_pages_bulk(pcp->batch, pcp);
}

/* drain_local_pages: this CPU's list back to the zone, as a CPU going down */
void drain_local_pages(void)
{
	struct per_cpu_pages *pcp = &pageset[smp_processor_id()];

	if (pcp->count)
		free_pages_bulk(pcp->count, pcp);
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
	if (model_switch(SW_PCP) == PCP_NONE)
		__free_pages_ok(page);
	else
		free_hot_cold_page(page);
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
