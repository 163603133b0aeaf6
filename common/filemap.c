/*
 * The page cache. The kernel's radix tree is replaced by a flat array indexed
 * by pgoff: lookups are not part of rmap and are not what is measured, but
 * their lock is, as each CPU's faults on a shared library meet there: 2.4's
 * pagecache_lock for every file, then each file's lock, an rwlock or a
 * spinlock by release, and from 2.6.27 none for a lookup (switch
 * pagecache). Reclaim removes a page only when the count it reads under
 * that lock, or freezes, shows nobody else holds it (remove_mapping).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/filemap.h"
#include "common/lib/slab.h"
#include "common/lock.h"
#include "common/page.h"
#include "common/rmap.h"

static struct kmem_cache *file_cachep;
static unsigned long next_file_id, live_files;

struct address_space *file_create(const char *name, unsigned long size_pages,
				  bool shmem)
{
	struct address_space *m;

	if (!file_cachep)
		file_cachep = kmem_cache_create("inode", sizeof(*m), 8, 0);
	m = kmem_cache_zalloc(file_cachep);
	m->id = ++next_file_id;
	m->shmem = shmem;
	m->refs = 1;
	snprintf(m->name, sizeof(m->name), "%s", name);
	if (file_set_size(m, size_pages)) {
		kmem_cache_free(file_cachep, m);
		return NULL;
	}
	if (rmap_cfg.file->file_init)
		rmap_cfg.file->file_init(m);
	live_files++;
	return m;
}

int file_set_size(struct address_space *m, unsigned long size_pages)
{
	struct page **pages;

	if (size_pages > m->nr_slots) {
		pages = realloc(m->pages, size_pages * sizeof(*pages));
		if (!pages)
			return -1;
		memset(pages + m->nr_slots, 0,
		       (size_pages - m->nr_slots) * sizeof(*pages));
		m->pages = pages;
		m->nr_slots = size_pages;
	}
	if (size_pages > m->size)
		m->size = size_pages;
	return 0;
}

/* get_file() and fput(): an atomic count, as f_count was in every era */
void file_get(struct address_space *m)
{
	__atomic_fetch_add(&m->refs, 1, __ATOMIC_RELAXED);
}

void file_put(struct address_space *m)
{
	unsigned long i;

	if (__atomic_sub_fetch(&m->refs, 1, __ATOMIC_ACQ_REL))
		return;
	for (i = 0; i < m->nr_slots && m->nrpages; i++)
		if (m->pages[i])
			remove_from_page_cache(m->pages[i]);
	free(m->pages);
	kmem_cache_free(file_cachep, m);
	if (--live_files == 0) {
		kmem_cache_destroy(file_cachep);
		file_cachep = NULL;
	}
}

/* 2.4's pagecache_lock: every file's lookups, inserts and removals */
static union era_lock pagecache_lock;

void filemap_init(void)
{
	lock_class_kind[LOCK_PAGE_CACHE] =
		model_switch(SW_PAGECACHE) == PAGECACHE_RWLOCK ?
		LOCK_KIND_RWLOCK : LOCK_KIND_SPINLOCK;
}

static union era_lock *tree_lock(struct address_space *m)
{
	if (model_switch(SW_PAGECACHE) == PAGECACHE_GLOBAL)
		return &pagecache_lock;
	return &m->tree_lock;
}

/* A slot, read where 2.6.27+ reads it with no lock held (rcu_dereference) */
static struct page *slot_load(struct address_space *m, unsigned long pgoff)
{
	return __atomic_load_n(&m->pages[pgoff], __ATOMIC_ACQUIRE);
}

static void slot_store(struct address_space *m, unsigned long pgoff,
		       struct page *page)
{
	__atomic_store_n(&m->pages[pgoff], page, __ATOMIC_RELEASE);
}

/*
 * 2.6.27's find_get_page: the slot read under rcu_read_lock (nothing on a
 * kernel without preemption), a reference only if the page is not being
 * freed (page_cache_get_speculative), and the slot read again: a page that
 * left it meanwhile is put back and the lookup repeated.
 */
static struct page *find_get_page_rcu(struct address_space *m,
				      unsigned long pgoff)
{
	struct page *page;

	for (;;) {
		page = slot_load(m, pgoff);
		if (!page)
			return NULL;
		if (!get_page_unless_zero(page))
			continue;
		if (page == slot_load(m, pgoff))
			return page;
		put_page(page);
	}
}

struct page *find_get_page(struct address_space *m, unsigned long pgoff)
{
	struct page *page;

	if (model_switch(SW_PAGECACHE) == PAGECACHE_LOCKLESS)
		return find_get_page_rcu(m, pgoff);
	era_lock_read(LOCK_PAGE_CACHE, tree_lock(m));
	page = slot_load(m, pgoff);
	if (page)
		get_page(page);
	era_unlock_read(LOCK_PAGE_CACHE, tree_lock(m));
	return page;
}

/*
 * add_to_page_cache(): false when another CPU added one there first
 * (-EEXIST), the page allocated outside the lock, and marked a page cache
 * page by a plain store while no other CPU can reach it. The cache's
 * reference is taken before the page can be found (page_cache_get under
 * the lock, 2.6.20's mm/filemap.c; before the insert from 2.6.27), so the
 * allocator's, the caller's, is never the only one a finder sees: reclaim
 * would free the page from under the caller.
 */
static bool add_to_page_cache(struct page *page, struct address_space *m,
			      unsigned long pgoff)
{
	__SetPagePagecache(page);
	era_lock(LOCK_PAGE_CACHE, tree_lock(m));
	if (slot_load(m, pgoff)) {
		era_unlock(LOCK_PAGE_CACHE, tree_lock(m));
		return false;
	}
	get_page(page);
	page->mapping = (unsigned long)m;
	page->index = pgoff;
	slot_store(m, pgoff, page);
	m->nrpages++;
	era_unlock(LOCK_PAGE_CACHE, tree_lock(m));
	return true;
}

/* find_or_create_page(): a miss allocates, adds, and looks again on a race */
struct page *find_or_create_page(struct address_space *m, unsigned long pgoff)
{
	struct page *page;

	for (;;) {
		page = find_get_page(m, pgoff);
		if (page)
			return page;
		page = alloc_page();
		if (!page)
			return NULL;
		if (add_to_page_cache(page, m, pgoff))
			break;
		put_page(page);
	}
	lru_cache_add(page);
	return page;
}

/* __remove_from_page_cache(): under the page cache's lock */
static void __remove_from_page_cache(struct address_space *m,
				     struct page *page)
{
	slot_store(m, page->index, NULL);
	m->nrpages--;
	page->mapping = 0;
}

void remove_from_page_cache(struct page *page)
{
	struct address_space *m = (struct address_space *)page->mapping;

	era_lock(LOCK_PAGE_CACHE, tree_lock(m));
	__remove_from_page_cache(m, page);
	era_unlock(LOCK_PAGE_CACHE, tree_lock(m));
	put_page(page);
}

/*
 * The count, then the page (2.6.20's smp_rmb after it): an acquire load,
 * which sees what the CPU that dropped its reference did to the page
 * before (zap's page_remove_rmap reading page->mapping, which the
 * removal then writes). The same mov on x86.
 */
static int page_count_rmb(struct page *page)
{
	return __atomic_load_n(&page->_refcount.counter, __ATOMIC_ACQUIRE);
}

/*
 * remove_mapping(): the count is tested under the page cache's lock, which
 * every lookup took until 2.6.27 (2.6.0-2.6.26's "pagecache + us == 2",
 * shrink_list, then remove_mapping: 2.6.12-rc2's and 2.6.20's
 * mm/vmscan.c): a CPU that found the page holds a reference and keeps it.
 * From 2.6.27 a lookup takes no lock, so the count is frozen to 0 by one
 * cmpxchg instead (__remove_mapping's page_freeze_refs), which the
 * lookup's get_page_unless_zero cannot pass; remove_mapping unfroze it to
 * 1, reclaim's (2.6.28's mm/vmscan.c), where 2.6.20 dropped the cache's.
 */
bool remove_mapping(struct page *page)
{
	struct address_space *m = (struct address_space *)page->mapping;
	bool lockless = model_switch(SW_PAGECACHE) == PAGECACHE_LOCKLESS;

	era_lock(LOCK_PAGE_CACHE, tree_lock(m));
	if (lockless ? !page_freeze_refs(page, 2) : page_count_rmb(page) != 2) {
		era_unlock(LOCK_PAGE_CACHE, tree_lock(m));
		return false;
	}
	__remove_from_page_cache(m, page);
	era_unlock(LOCK_PAGE_CACHE, tree_lock(m));
	if (lockless)
		page_unfreeze_refs(page, 1);
	else
		put_page(page);
	return true;
}

unsigned long nr_files(void)
{
	return live_files;
}
