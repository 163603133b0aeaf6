/*
 * The model's side of the rmap interface: the per-pte wrappers that keep
 * mapcount (as page->mapcount did from 2.6.7) and dispatch to the scheme
 * owning the page, and the walk, which confirms every candidate with a page
 * table probe. The probe is where object-based rmap pays for false aliasing:
 * each candidate costs a four-level lookup and a pte lock.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/lib/tree_visit.h"
#include "common/lock.h"
#include "common/mm.h"
#include "common/pgtable.h"
#include "common/rmap.h"
#include "common/vmscan.h"

_Thread_local struct rmap_stats rmap_stats;
struct rmap_config rmap_cfg;

/*
 * _mapcount += n under the page's bit lock (maplock=2.5.27): 2.6.7-2.6.8's
 * page->mapcount was a plain int changed under PG_maplock; 2.5 to 2.6.6
 * kept no count, and the model's lives under PG_chainlock the same way.
 * A plain add then, as cheap as theirs.
 */
static int __mapcount_add(struct page *page, int n)
{
	int count = atomic_read(&page->_mapcount) + n;

	atomic_set(&page->_mapcount, count);
	return count;
}

/*
 * Whether the count is a plain add: under the bit lock (maplock=2.5.27),
 * or 2.4's (a scheme without rmap) on one CPU. 2.4 kept no count at all,
 * so the model's own costs nothing it could not have paid; on several
 * CPUs nothing serializes it, and it is atomic (docs/generations.md,
 * departures).
 */
static bool mapcount_plain(const struct page *page)
{
	return model_switch(SW_MAPLOCK) == MAPLOCK_BIT ||
	       ((page_scheme(page)->flags & RMAP_NO_RMAP) && lock_cpus == 1);
}

/*
 * One more mapping; true for the page's first. From 2.6.9 (maplock=2.6.9)
 * no lock guards the count: atomic_inc_and_test, except on a page just
 * allocated, which page_add_new_anon_rmap sets with atomic_set (so 2.6.34,
 * and today; 2.6.12 still paid the atomic).
 */
static bool mapcount_inc_and_test(struct page *page, bool new)
{
	if (mapcount_plain(page))
		return __mapcount_add(page, 1) == 0;
	if (!new)
		return atomic_inc_and_test(&page->_mapcount);
	atomic_set(&page->_mapcount, 0);
	return true;
}

/* One mapping fewer; true for the page's last: atomic_add_negative. */
static bool mapcount_dec_and_test(struct page *page)
{
	if (mapcount_plain(page))
		return __mapcount_add(page, -1) < 0;
	return atomic_add_negative(-1, &page->_mapcount);
}

/* The first mapping of a page, or one more, filed by scheme s. */
static void mapcount_inc(struct page *page, const struct rmap_scheme *s,
			 bool new)
{
	if (mapcount_inc_and_test(page, new))
		nr_mapped_add(1);
	if (!(s->flags & RMAP_NO_RMAP))
		rmap_stats.rmap_adds++;
}

static void mapcount_dec(struct page *page)
{
	if (mapcount_dec_and_test(page))
		nr_mapped_add(-1);
	if (!(page_scheme(page)->flags & RMAP_NO_RMAP))
		rmap_stats.rmap_removes++;
}

_Thread_local bool rmap_walking;

void rmap_walk(struct page *page, struct rmap_walk_control *rwc)
{
	unsigned long visited = tree_nodes_visited;

	if (!page_mapped(page))
		return;
	if (!page_scheme(page)->walk) {
		fprintf(stderr, "rmap_walk: %s has no reverse map to walk\n",
			page_scheme(page)->name);
		abort();
	}
	rmap_stats.walks++;
	rwc->remaining = page_mapcount(page);
	rmap_walking = true;
	page_scheme(page)->walk(page, rwc);
	rmap_walking = false;
	rmap_stats.nodes += tree_nodes_visited - visited;
}

static int rmap_confirmed(struct page *page, struct vm_area_struct *vma,
			  unsigned long addr, pte_t *ptep,
			  struct rmap_walk_control *rwc)
{
	int ret;

	rmap_stats.confirmed++;
	ret = rwc->rmap_one(page, vma, addr, ptep, rwc->arg);
	if (ret & RMAP_UNMAPPED)
		mapcount_dec(page);
	if (--rwc->remaining <= 0 && !rwc->all)
		ret |= RMAP_STOP;
	return ret;
}

/*
 * The probe's pte lock: false when its era's trylock missed. While
 * reclaim held the page's rmap bit lock around its walks (2.5.27 to
 * 2.6.8, rmap_order_2_6_8), taking page_table_lock or the i_mmap lock
 * inside it reversed the fault's order (page_table_lock, then the bit
 * lock), so page_referenced_one, try_to_unmap_one and their _file callers
 * used trylocks; 2.6.9's atomic _mapcount ended both. A miss is counted as
 * no mapping there: page_referenced_one finds no reference,
 * try_to_unmap_one leaves the pte (SWAP_AGAIN) and reclaim keeps the page.
 */
static bool probe_lock(spinlock_t *ptl)
{
	if (rmap_order_2_6_8())
		return spin_trylock(LOCK_PAGE_TABLE, ptl);
	spin_lock(LOCK_PAGE_TABLE, ptl);
	return true;
}

bool rmap_i_mmap_lock(struct address_space *mapping)
{
	if (rmap_order_2_6_8())
		return i_mmap_trylock_read(mapping);
	i_mmap_lock_read(mapping);
	return true;
}

/* pte_unmap_unlock() after a probe */
static void page_check_unlock(spinlock_t *ptl, bool locked)
{
	if (!locked)
		spin_unlock(LOCK_PAGE_TABLE, ptl);
}

/*
 * page_check_address(): the pte at addr in mm if it maps page, returned
 * with its pte lock held (in *ptlp) unless the walk holds it (@locked).
 * 2.6.7-2.6.14 took the mm's page_table_lock before walking the tables;
 * from 2.6.15 a quick look at the pte comes first, and only a present
 * one is locked, by its own table's lock where the era split them
 * (registry.c refuses a split lock with the lock-first probe). A pte
 * that does not map the page drops the lock at once.
 */
static pte_t *page_check_address(struct page *page, struct mm_struct *mm,
				 unsigned long addr, bool locked,
				 spinlock_t **ptlp)
{
	bool lock_first = model_switch(SW_PROBE) == PROBE_LOCK_FIRST;
	spinlock_t *ptl = &mm->page_table_lock;
	pte_t *ptep, pte;

	if (!locked && lock_first && !probe_lock(ptl))
		return NULL;
	ptep = pte_offset(mm, addr);
	if (ptep)
		rmap_stats.ptes_probed++;
	if (!ptep || !pte_present(ptep_get(ptep))) {
		if (lock_first)
			page_check_unlock(ptl, locked);
		return NULL;
	}
	if (!lock_first) {
		ptl = pte_lockptr(mm, ptep);
		if (!locked && !probe_lock(ptl))
			return NULL;
	}
	/* read again under the lock: a zap may have come in between */
	pte = ptep_get(ptep);
	if (pte_present(pte) && pte_pfn(pte) == page_to_pfn(page)) {
		*ptlp = ptl;
		return ptep;
	}
	page_check_unlock(ptl, locked);
	return NULL;
}

/* A candidate whose pte maps the page: the object schemes' unmap hook. */
static int rmap_found(struct page *page, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *ptep,
		      struct rmap_walk_control *rwc)
{
	int ret = rmap_confirmed(page, vma, addr, ptep, rwc);
	const struct rmap_scheme *s = page_scheme(page);

	/* object-based rmap drops only its per-page state at unmap */
	if ((ret & RMAP_UNMAPPED) && s->page_remove)
		s->page_remove(page, vma, addr, ptep);
	return ret & RMAP_STOP;
}

static int probe_candidate(struct page *page, struct vm_area_struct *vma,
			   unsigned long addr, struct rmap_walk_control *rwc,
			   bool locked)
{
	struct mm_struct *mm = vma->vm_mm;
	spinlock_t *ptl;
	pte_t *ptep;
	int ret;

	rmap_stats.candidates++;
	ptep = page_check_address(page, mm, addr, locked, &ptl);
	if (!ptep)
		return RMAP_CONTINUE;
	ret = rmap_found(page, vma, addr, ptep, rwc);
	page_check_unlock(ptl, locked);
	return ret;
}

/*
 * rmap 10-37's page_referenced_one and try_to_unmap_one took (mm, address):
 * the page table first, then, in try_to_unmap_one only and only once the
 * pte matched, find_vma (a walk's cost). page_referenced_one needed no vma
 * at all; the model's callback takes one, so that lookup is the model's:
 * neither counted nor left in mmap_cache.
 */
int rmap_candidate_mm(struct page *page, struct mm_struct *mm,
		      unsigned long addr, struct rmap_walk_control *rwc)
{
	struct vm_area_struct *vma, *cache = mm->mmap_cache;
	spinlock_t *ptl;
	pte_t *ptep;
	int ret;

	rmap_stats.candidates++;
	ptep = page_check_address(page, mm, addr, false, &ptl);
	if (!ptep)
		return RMAP_CONTINUE;
	rmap_walking = !rwc->referenced;
	vma = find_vma(mm, addr);
	rmap_walking = true;
	if (rwc->referenced)
		mm->mmap_cache = cache;
	ret = rmap_found(page, vma, addr, ptep, rwc);
	page_check_unlock(ptl, false);
	return ret;
}

int rmap_candidate(struct page *page, struct vm_area_struct *vma,
		   unsigned long addr, struct rmap_walk_control *rwc)
{
	return probe_candidate(page, vma, addr, rwc, false);
}

int rmap_candidate_locked(struct page *page, struct vm_area_struct *vma,
			  unsigned long addr, struct rmap_walk_control *rwc)
{
	return probe_candidate(page, vma, addr, rwc, true);
}

int rmap_vma_locked(struct page *page, struct vm_area_struct *vma,
		    unsigned long addr, struct rmap_walk_control *rwc)
{
	rwc->rmap_one(page, vma, addr, NULL, rwc->arg);
	return RMAP_STOP;
}

int rmap_candidate_exact(struct page *page, struct vm_area_struct *vma,
			 unsigned long addr, pte_t *ptep,
			 struct rmap_walk_control *rwc)
{
	struct mm_struct *mm = vma ? vma->vm_mm : ptep_to_mm(ptep);
	spinlock_t *ptl = pte_lockptr(mm, ptep);
	int ret;

	rmap_stats.candidates++;
	rmap_stats.ptes_probed++;
	/* SWAP_AGAIN: the pte stays, the walk goes on */
	if (!spin_trylock(LOCK_PAGE_TABLE, ptl))
		return RMAP_CONTINUE;
	if (!vma)
		vma = find_vma(mm, addr);
	/* SWAP_FAIL: "During mremap, it's possible pages are not in a VMA" */
	if (!vma || vma->vm_start > addr)
		ret = RMAP_STOP;
	else
		ret = rmap_confirmed(page, vma, addr, ptep, rwc);
	spin_unlock(LOCK_PAGE_TABLE, ptl);
	return ret;
}

/*
 * The vma a pte-reading page_referenced hands its callback: the pte's mm,
 * no flags. One at a time, reused: a CPU runs one walk at a time.
 */
static _Thread_local struct vm_area_struct no_vma;

int rmap_pte_referenced(struct page *page, pte_t *ptep,
			struct rmap_walk_control *rwc)
{
	no_vma.vm_mm = ptep_to_mm(ptep);
	rmap_stats.candidates++;
	rmap_stats.ptes_probed++;
	return rmap_confirmed(page, &no_vma, ptep_to_address(ptep), ptep,
			      rwc);
}

/*
 * The pages whose bit lock this CPU holds, innermost last: reclaim's page,
 * and one more for each direct reclaim that runs inside a hold (an
 * allocation under it), each nesting one level.
 */
#define MAP_LOCKS_NESTED	8

static _Thread_local struct page *map_locked[MAP_LOCKS_NESTED];
static _Thread_local unsigned nr_map_locked;

static bool map_locked_here(const struct page *page)
{
	unsigned i;

	for (i = 0; i < nr_map_locked; i++)
		if (map_locked[i] == page)
			return true;
	return false;
}

bool page_map_lock(struct page *page)
{
	if (model_switch(SW_MAPLOCK) != MAPLOCK_BIT || map_locked_here(page))
		return false;
	if (nr_map_locked == MAP_LOCKS_NESTED) {
		fprintf(stderr, "page_map_lock: %u page locks held at once: "
			"a reclaim nesting without end\n", nr_map_locked);
		abort();
	}
	bit_spin_lock(LOCK_PTE_CHAIN, PG_chainlock, &page->flags);
	map_locked[nr_map_locked++] = page;
	return true;
}

void page_map_unlock(struct page *page, bool taken)
{
	if (!taken)
		return;
	if (!nr_map_locked || map_locked[--nr_map_locked] != page) {
		fprintf(stderr, "page_map_unlock: pfn %lu is not the page "
			"lock taken last\n", page_to_pfn(page));
		abort();
	}
	bit_spin_unlock(LOCK_PTE_CHAIN, PG_chainlock, &page->flags);
}

static void __page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
				 unsigned long addr, pte_t *ptep, bool exclusive,
				 bool new)
{
	bool locked = page_map_lock(page);

	mapcount_inc(page, rmap_cfg.anon, new);
	if (exclusive)
		page_set_anon_exclusive(page);
	rmap_cfg.anon->page_add_anon(page, vma, addr, ptep, exclusive);
	page_map_unlock(page, locked);
}

/* A fresh page of a fault or COW: exclusive to this mapping. */
void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep)
{
	__page_add_anon_rmap(page, vma, addr, ptep, true, true);
}

void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long addr, pte_t *ptep, bool exclusive)
{
	__page_add_anon_rmap(page, vma, addr, ptep, exclusive, false);
}

void page_add_file_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long addr, pte_t *ptep)
{
	bool locked = page_map_lock(page);

	mapcount_inc(page, rmap_cfg.file, false);
	if (rmap_cfg.file->page_add_file)
		rmap_cfg.file->page_add_file(page, vma, addr, ptep);
	page_map_unlock(page, locked);
}

void page_dup_rmap(struct page *page, struct vm_area_struct *vma,
		   unsigned long addr, pte_t *ptep)
{
	const struct rmap_scheme *s = page_scheme(page);
	bool locked = page_map_lock(page);

	mapcount_inc(page, s, false);
	/* page_try_dup_anon_rmap(): a page fork shares is no longer exclusive */
	if (PageAnonExclusive(page))
		ClearPageAnonExclusive(page);
	if (s->page_dup)
		s->page_dup(page, vma, addr, ptep);
	page_map_unlock(page, locked);
}

void page_remove_rmap(struct page *page, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *ptep)
{
	const struct rmap_scheme *s = page_scheme(page);
	bool locked = page_map_lock(page);

	mapcount_dec(page);
	if (s->page_remove)
		s->page_remove(page, vma, addr, ptep);
	page_map_unlock(page, locked);
}

int anon_vma_prepare(struct vm_area_struct *vma)
{
	if (rmap_cfg.anon->anon_vma_prepare &&
	    rmap_cfg.anon->anon_vma_prepare(vma))
		return -1;
	vma->anon_state = true;
	return 0;
}

void vma_import_anon(struct vm_area_struct *dst, struct vm_area_struct *src,
		     enum clone_reason why)
{
	if (!src->anon_state || dst->anon_state)
		return;
	dst->anon_state = true;
	rmap_call(vma_clone, dst, src, why);
}

int rmap_invalid(const char *scheme, const struct vm_area_struct *vma,
		 const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", scheme);
	if (vma)
		fprintf(stderr, "mm%lu vma %#lx-%#lx pgoff %#lx%s%s: ",
			vma->vm_mm->id, vma->vm_start, vma->vm_end,
			vma->vm_pgoff, vma->vm_file ? " of " : "",
			vma->vm_file ? vma->vm_file->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

int rmap_check_file_vmas(const char *scheme, unsigned long held)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	unsigned long vmas = 0;

	for_each_mm_vma(mm, vma)
		vmas += vma->vm_file != NULL;
	if (held == vmas)
		return 0;
	return rmap_invalid(scheme, NULL, "its structures hold %lu vmas, the "
			    "mms have %lu file vmas", held, vmas);
}
