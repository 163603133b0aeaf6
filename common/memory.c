/*
 * Faults and the per-pte loops. Every present pte of a user page holds one
 * page reference and one mapcount; rmap hooks run after the pte is written
 * and after it is cleared, as in the kernel. The zero page is mapped by
 * anonymous read faults (except in 2.6.24-2.6.31) and never enters rmap.
 */
#include "common/filemap.h"
#include "common/lock.h"
#include "common/memory.h"
#include "common/mm.h"
#include "common/pgtable.h"
#include "common/phase.h"
#include "common/rmap.h"
#include "common/vmscan.h"

/*
 * A fresh anonymous page at addr: writable where the vma allows writes (a
 * copy made at swap-in or mremap may land in a read-only vma).
 */
static void map_new_anon(struct vm_area_struct *vma, unsigned long addr,
			 pte_t *ptep, struct page *page)
{
	pte_t bits = _PAGE_DIRTY | _PAGE_ACCESSED;

	if (vma->vm_flags & VM_WRITE)
		bits |= _PAGE_RW;
	set_pte(ptep, mk_pte(page, bits));
	page_add_new_anon_rmap(page, vma, addr, ptep);
	lru_cache_add_active(page);
}

/*
 * A fault on an empty anonymous pte. A read maps the zero page, except in
 * 2.6.24-2.6.31, which had none: there it allocates as a write does (the
 * zeropage switch), so a read gives the vma its anon_vma too.
 */
static int do_anonymous_page(struct vm_area_struct *vma, unsigned long addr,
			     pte_t *ptep, bool write)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *page;
	spinlock_t *ptl;

	if (!write && model_switch(SW_ZEROPAGE) == ZEROPAGE_MAP) {
		ptl = pte_lock(mm, ptep);
		set_pte(ptep, mk_pte(zero_page, _PAGE_ACCESSED));
		pte_unlock(ptl);
		return VM_FAULT_MINOR;
	}
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	page = alloc_page();
	if (!page)
		return VM_FAULT_OOM;
	ptl = pte_lock(mm, ptep);
	add_mm_counter_fast(mm, MM_ANONPAGES, 1);
	map_new_anon(vma, addr, ptep, page);
	pte_unlock(ptl);
	/* 2.4's do_anonymous_page: lru_cache_add, then mark_page_accessed */
	if (model_switch(SW_LRU) == LRU_24)
		mark_page_accessed(page);
	return VM_FAULT_MINOR;
}

static int do_no_page(struct vm_area_struct *vma, unsigned long addr,
		      pte_t *ptep, bool write)
{
	unsigned long pgoff = linear_page_index(vma, addr);
	struct page *page, *copy;
	pte_t bits = _PAGE_ACCESSED;
	spinlock_t *ptl;

	if (pgoff >= vma->vm_file->size)
		return VM_FAULT_SIGBUS;
	page = find_or_create_page(vma->vm_file, pgoff);
	if (!page)
		return VM_FAULT_OOM;
	/* filemap_nopage() */
	mark_page_accessed(page);
	if (write && !(vma->vm_flags & VM_SHARED)) {
		/* a private write fault maps a copy, never the cache page */
		copy = anon_vma_prepare(vma) ? NULL : alloc_page();
		put_page(page);
		if (!copy)
			return VM_FAULT_OOM;
		rmap_stats.cow_copies++;
		ptl = pte_lock(vma->vm_mm, ptep);
		add_mm_counter_fast(vma->vm_mm, MM_ANONPAGES, 1);
		map_new_anon(vma, addr, ptep, copy);
		pte_unlock(ptl);
		return VM_FAULT_MINOR;
	}
	if ((vma->vm_flags & (VM_SHARED | VM_WRITE)) == (VM_SHARED | VM_WRITE))
		bits |= _PAGE_RW;
	if (write) {
		bits |= _PAGE_DIRTY;
		SetPageDirty(page);
	}
	ptl = pte_lock(vma->vm_mm, ptep);
	set_pte(ptep, mk_pte(page, bits));
	add_mm_counter_fast(vma->vm_mm, MM_FILEPAGES, 1);
	page_add_file_rmap(page, vma, addr, ptep);
	pte_unlock(ptl);
	return VM_FAULT_MINOR;
}

/*
 * can_share_swap_page() (2.6.13-2.6.28), reuse_swap_page() (2.6.29+): the
 * page has no other mapping and no swap pte elsewhere. From 2.6.29 a page
 * reused for a write leaves the swap cache, its slot stale.
 */
static bool reuse_swap_page(struct page *page)
{
	if (page_mapcount(page) > 1 ||
	    (PageSwapCache(page) && swap_count(page->private)))
		return false;
	if (PageSwapCache(page) &&
	    model_switch(SW_SWAPCACHE) == SWAPCACHE_FREE_ON_REUSE) {
		delete_from_swap_cache(page);
		SetPageDirty(page);
	}
	return true;
}

/*
 * A write to a page this mapping may keep: a shared one, or an anonymous
 * one nobody else maps (under the pte lock). False when it must be copied.
 * The pte is made writable, dirty and young with a plain store, as 2.4's
 * establish_pte and 2.6's ptep_set_access_flags did: the lock keeps out
 * every other writer but the MMU, which, the pte being read-only, can only
 * set the accessed bit that the store sets too.
 */
static bool wp_reuse(struct vm_area_struct *vma, unsigned long addr,
		     pte_t *ptep, struct page *old)
{
	if (vma->vm_flags & VM_SHARED) {
		set_pte(ptep, ptep_get(ptep) | _PAGE_RW | _PAGE_DIRTY |
			      _PAGE_ACCESSED);
		SetPageDirty(old);
		return true;
	}
	if (old == zero_page || !PageAnon(old) || !reuse_swap_page(old))
		return false;
	set_pte(ptep, ptep_get(ptep) | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED);
	rmap_stats.cow_reuses++;
	page_set_anon_exclusive(old);
	if (rmap_cfg.anon->page_reuse)
		rmap_cfg.anon->page_reuse(old, vma, addr);
	return true;
}

/*
 * The copy is allocated with the pte lock dropped and the pte checked
 * again under it, as do_wp_page did from 2.4 on.
 */
static int do_wp_page(struct vm_area_struct *vma, unsigned long addr,
		      pte_t *ptep, pte_t pte)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page *old = pte_page(pte), *new;
	spinlock_t *ptl;
	bool reused;

	ptl = pte_lock(mm, ptep);
	reused = wp_reuse(vma, addr, ptep, old);
	pte_unlock(ptl);
	if (reused)
		return VM_FAULT_MINOR;
	if (anon_vma_prepare(vma))
		return VM_FAULT_OOM;
	get_page(old);
	new = alloc_page();
	ptl = pte_lock(mm, ptep);
	/* reclaim inside alloc_page may have unmapped old: retry the fault */
	if (!new || !pte_present(ptep_get(ptep)) ||
	    pte_pfn(ptep_get(ptep)) != pte_pfn(pte)) {
		pte_unlock(ptl);
		put_page(old);
		if (new)
			put_page(new);
		return new ? VM_FAULT_MINOR : VM_FAULT_OOM;
	}
	if (old == zero_page) {
		add_mm_counter_fast(mm, MM_ANONPAGES, 1);
	} else {
		/* 2.6.15+: file_rss down, anon_rss up; the sum is the same */
		if (!PageAnon(old) &&
		    model_switch(SW_PTLOCK) == PTLOCK_SPLIT) {
			add_mm_counter_fast(mm, MM_FILEPAGES, -1);
			add_mm_counter_fast(mm, MM_ANONPAGES, 1);
		}
		page_remove_rmap(old, vma, addr, ptep);
		put_page(old);
	}
	put_page(old);
	rmap_stats.cow_copies++;
	map_new_anon(vma, addr, ptep, new);
	pte_unlock(ptl);
	return VM_FAULT_MINOR;
}

/* Whether a swapped-in page is exclusive to this mapping, by era. */
static bool swapin_exclusive(pte_t pte, bool reuse)
{
	switch (model_switch(SW_SWAPIN)) {
	case SWAPIN_WRITE:
		return reuse;
	case SWAPIN_PTE_BIT:
		return reuse || pte_swp_exclusive(pte);
	default:
		return false;
	}
}

/*
 * Whether a swapped-in page leaves the swap cache now that it is mapped:
 * remove_exclusive_swap_page() when swap is half full (to 2.6.28), then
 * try_to_free_swap() also for an mlocked vma (2.6.29+). Otherwise it stays,
 * so reclaiming it again costs no new slot and, clean, no write.
 */
static bool swapcache_done(const struct vm_area_struct *vma,
			   const struct page *page)
{
	if (!PageSwapCache(page) || swap_count(page->private))
		return false;
	if (model_switch(SW_SWAPCACHE) == SWAPCACHE_KEEP)
		return vm_swap_full() && page_mapcount(page) == 1;
	return vm_swap_full() || (vma->vm_flags & VM_LOCKED);
}

static int do_swap_page(struct vm_area_struct *vma, unsigned long addr,
			pte_t *ptep, pte_t pte, bool write)
{
	unsigned long slot = pte_to_swp_slot(pte);
	struct page *page = lookup_swap_cache(slot);
	const struct rmap_scheme *anon = rmap_cfg.anon;
	pte_t bits = _PAGE_ACCESSED;
	spinlock_t *ptl;
	bool reuse;

	if (page) {
		get_page(page);
		if (page_mapped(page) && anon->swapin_must_copy &&
		    anon->swapin_must_copy(page, vma, addr)) {
			struct page *copy = alloc_page();

			put_page(page);
			if (!copy)
				return VM_FAULT_OOM;
			ptl = pte_lock(vma->vm_mm, ptep);
			swap_free(slot);
			if (swap_count(slot) == 0)
				delete_from_swap_cache(page);
			pte_clear(ptep);
			add_mm_counter_fast(vma->vm_mm, MM_ANONPAGES, 1);
			rmap_stats.cow_copies++;
			map_new_anon(vma, addr, ptep, copy);
			pte_unlock(ptl);
			return VM_FAULT_MINOR;
		}
	} else {
		/* read_swap_cache_async() */
		page = alloc_page();
		if (!page)
			return VM_FAULT_OOM;
		add_to_swap_cache(page, slot);
		lru_cache_add_active(page);
	}
	mark_page_accessed(page);
	ptl = pte_lock(vma->vm_mm, ptep);
	swap_free(slot);
	rmap_stats.swap_ins++;
	add_mm_counter_fast(vma->vm_mm, MM_ANONPAGES, 1);
	reuse = write && !page_mapped(page) && reuse_swap_page(page);
	if (reuse)
		bits |= _PAGE_RW | _PAGE_DIRTY;
	set_pte(ptep, mk_pte(page, bits));
	page_add_anon_rmap(page, vma, addr, ptep,
			   swapin_exclusive(pte, reuse));
	if (swapcache_done(vma, page))
		delete_from_swap_cache(page);
	pte_unlock(ptl);
	if (write && !reuse)
		return do_wp_page(vma, addr, ptep, ptep_get(ptep));
	return VM_FAULT_MINOR;
}

/*
 * To 2.6.14 handle_mm_fault took the mm's page_table_lock before it read
 * the pte, and the handlers that allocate or read a page dropped it and
 * took it again to install (2.4.27 mm/memory.c, 2.6.12-rc2's the same):
 * one acquisition more than the install's, paid here. From 2.6.15 (the
 * split pte lock series) the fault reads the pte under no lock and takes
 * the pte lock once, to install.
 */
static void fault_entry_lock(struct mm_struct *mm)
{
	if (model_switch(SW_PTLOCK) == PTLOCK_MM) {
		spin_lock(LOCK_PTL, &mm->page_table_lock);
		spin_unlock(LOCK_PTL, &mm->page_table_lock);
	}
}

static int __handle_mm_fault(struct vm_area_struct *vma, unsigned long addr,
			     bool write)
{
	pte_t *ptep = pte_alloc(vma->vm_mm, addr);
	pte_t pte;

	if (!ptep)
		return VM_FAULT_OOM;
	pte = ptep_get(ptep);
	if (!pte_present(pte)) {
		if (pte_is_swap(pte)) {
			fault_entry_lock(vma->vm_mm);
			return do_swap_page(vma, addr, ptep, pte, write);
		}
		if (!vma->vm_file) {
			/* to 2.6.14 the zero page's read fault kept it */
			if (write ||
			    model_switch(SW_ZEROPAGE) == ZEROPAGE_NONE)
				fault_entry_lock(vma->vm_mm);
			return do_anonymous_page(vma, addr, ptep, write);
		}
		fault_entry_lock(vma->vm_mm);
		return do_no_page(vma, addr, ptep, write);
	}
	if (write && !(pte & _PAGE_RW))
		return do_wp_page(vma, addr, ptep, pte);
	return VM_FAULT_MINOR;
}

/* One fault, as handle_mm_fault() counted it. */
static int fault_once(struct vm_area_struct *vma, unsigned long addr,
		      bool write)
{
	rmap_stats.faults++;
	check_sync_rss_stat(vma->vm_mm);
	return __handle_mm_fault(vma, addr, write);
}

/*
 * A touch of addr: faults until the pte allows the access, as the CPU
 * re-executes the instruction, then sets the accessed (and dirty) bits.
 * The caller holds mmap_sem.
 */
static int fault_in(struct mm_struct *mm, unsigned long addr, bool write)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	int tries;

	if (!vma || addr < vma->vm_start)
		return VM_FAULT_SIGSEGV;
	if (write ? !(vma->vm_flags & VM_WRITE) :
		    !(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return VM_FAULT_SIGSEGV;
	addr &= PAGE_MASK;
	for (tries = 0; tries < 16; tries++) {
		pte_t *ptep = pte_offset(mm, addr);
		pte_t pte = ptep ? ptep_get(ptep) : 0;
		int ret;

		if (pte_present(pte) && (!write || (pte & _PAGE_RW))) {
			ptep_mmu_access(ptep, pte, _PAGE_ACCESSED |
					(write ? _PAGE_DIRTY : 0));
			return VM_FAULT_MINOR;
		}
		ret = fault_once(vma, addr, write);
		if (ret != VM_FAULT_MINOR)
			return ret;
	}
	return VM_FAULT_OOM;
}

/* do_page_fault(): mmap_sem for read around handle_mm_fault */
int handle_mm_fault(struct mm_struct *mm, unsigned long addr, bool write)
{
	phase_guard(PHASE_FAULT);
	int ret;

	mmap_read_lock(mm);
	ret = fault_in(mm, addr, write);
	mmap_read_unlock(mm);
	return ret;
}

/* Each page of the range through fault; the first failing fault's code. */
static int fault_range(struct mm_struct *mm, unsigned long start,
		       unsigned long len, bool write,
		       int (*fault)(struct mm_struct *, unsigned long, bool))
{
	phase_guard(PHASE_FAULT);
	unsigned long addr;
	int ret;

	for (addr = start; addr < start + len; addr += PAGE_SIZE) {
		ret = fault(mm, addr, write);
		if (ret)
			return ret;
	}
	return 0;
}

/* mlock's, under the mmap_sem its caller holds */
int make_pages_present(struct mm_struct *mm, unsigned long start,
		       unsigned long len, bool write)
{
	return fault_range(mm, start, len, write, fault_in);
}

/* a workload's touches: each a fault of its own */
int touch_range(struct mm_struct *mm, unsigned long start, unsigned long len,
		bool write)
{
	return fault_range(mm, start, len, write, handle_mm_fault);
}

/*
 * zap_pte_range()'s one pte, under the pte lock. A present pte is taken
 * with ptep_get_and_clear_full, the MMU's last dirty bit with it (full:
 * no MMU is left to set one); a swap pte, which no MMU writes, with a
 * plain clear.
 */
static void zap_pte(struct vm_area_struct *vma, unsigned long addr,
		    pte_t *ptep, bool full, struct rss_vec *rss)
{
	pte_t pte = ptep_get(ptep);
	struct page *page;

	if (pte_none(pte))
		return;
	if (!pte_present(pte)) {
		pte_clear(ptep);
		free_swap_and_cache(pte_to_swp_slot(pte));
		return;
	}
	pte = ptep_get_and_clear_full(ptep, full);
	page = pte_page(pte);
	if (page == zero_page)
		return;
	if (pte & _PAGE_DIRTY)
		SetPageDirty(page);
	rss->count[mm_counter(page)]--;
	page_remove_rmap(page, vma, addr, ptep);
	free_page_and_swap_cache(page);
}

/*
 * Whether zap may clear present ptes with a plain read and store (the
 * zap switch): 2.4's tlb_gather_mmu chose fast mode for an mm of one user
 * (2.4.27 include/asm-generic/tlb.h), which exit_mmap's mm, its users
 * gone, is not; 2.5.18 cleared with ptep_get_and_clear at every zap; from
 * 2.6.14 exit's mmu_gather is fullmm (tlb_gather_mmu(mm, 1), today
 * tlb_gather_mmu_fullmm) and munmap's is not.
 */
static bool zap_full(struct mm_struct *mm, bool fullmm)
{
	switch (model_switch(SW_ZAP)) {
	case ZAP_SOLE_USER:
		return mm->mm_users == 1;
	case ZAP_FULLMM:
		return fullmm;
	}
	return false;
}

/*
 * The pte lock is taken for each page table, as zap_pte_range did from
 * 2.6.15; before, the mm's was held over longer stretches (2.4's
 * zap_page_range took it once for the whole range). The rss goes down
 * once a table, as zap_pte_range's add_mm_rss. fullmm: exit's zap.
 */
void zap_page_range(struct vm_area_struct *vma, unsigned long start,
		    unsigned long end, bool fullmm)
{
	struct mm_struct *mm = vma->vm_mm;
	bool full = zap_full(mm, fullmm);
	unsigned long addr, next;

	for (addr = start; addr < end; addr = next) {
		pte_t *ptep = pte_offset_next(mm, addr, &next);
		struct rss_vec rss = { { 0 } };
		spinlock_t *ptl;

		if (next > end)
			next = end;
		if (!ptep)
			continue;
		ptl = pte_lock(mm, ptep);
		for (; addr < next; addr += PAGE_SIZE, ptep++)
			zap_pte(vma, addr, ptep, full, &rss);
		/*
		 * 2.6.34's add_mm_rss_vec syncs the task's cache first when
		 * the mm is its own: munmap's, not exit's (the task has left
		 * it, syncing as it went: mmput)
		 */
		if (!fullmm && model_switch(SW_RSS_STAT) == RSS_STAT_TASK)
			sync_mm_rss(mm);
		add_mm_rss_vec(mm, &rss);
		pte_unlock(ptl);
	}
}

/* copy_one_pte(): the child's pte, its page reference and its rmap. */
static void copy_one_pte(struct vm_area_struct *dst_vma, pte_t *dptep,
			 pte_t *sptep, unsigned long addr, bool cow,
			 struct rss_vec *rss)
{
	pte_t pte = ptep_get(sptep);
	struct page *page;

	if (!pte_present(pte)) {
		/* both processes now share the slot: neither is exclusive */
		swap_duplicate(pte_to_swp_slot(pte));
		pte &= ~_PAGE_SWP_EXCLUSIVE;
		set_pte(sptep, pte);
		set_pte(dptep, pte);
		return;
	}
	if (cow) {
		/* the parent's pte keeps the bits the MMU sets meanwhile */
		ptep_set_wrprotect(sptep);
		pte &= ~_PAGE_RW;
	}
	if (dst_vma->vm_flags & VM_SHARED)
		pte &= ~_PAGE_DIRTY;
	pte &= ~_PAGE_ACCESSED;
	set_pte(dptep, pte);
	page = pte_page(pte);
	if (page == zero_page)
		return;
	get_page(page);
	rss->count[mm_counter(page)]++;
	rmap_stats.ptes_copied++;
	page_dup_rmap(page, dst_vma, addr, dptep);
}

static int copy_ptes(struct mm_struct *dst, struct mm_struct *src,
		     struct vm_area_struct *dst_vma,
		     struct vm_area_struct *src_vma)
{
	bool cow = (src_vma->vm_flags & (VM_SHARED | VM_MAYWRITE)) ==
		   VM_MAYWRITE;
	unsigned long addr, next, end = src_vma->vm_end;

	for (addr = src_vma->vm_start; addr < end; addr = next) {
		pte_t *sptep = pte_offset_next(src, addr, &next), *dptep;
		struct rss_vec rss = { { 0 } };
		spinlock_t *dst_ptl, *src_ptl;

		if (next > end)
			next = end;
		if (!sptep)
			continue;
		/*
		 * copy_pte_range(): the child's table comes first, for every
		 * table of the parent's, whatever it holds
		 */
		dptep = pte_alloc(dst, addr);
		if (!dptep)
			return -1;
		/* the child's lock, then the parent's (spin_lock_nested) */
		dst_ptl = pte_lock(dst, dptep);
		src_ptl = pte_lock(src, sptep);
		for (; addr < next; addr += PAGE_SIZE, sptep++, dptep++)
			if (!pte_none(ptep_get(sptep)))
				copy_one_pte(dst_vma, dptep, sptep, addr, cow,
					     &rss);
		pte_unlock(src_ptl);
		add_mm_rss_vec(dst, &rss);
		pte_unlock(dst_ptl);
	}
	return 0;
}

int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *dst_vma,
		    struct vm_area_struct *src_vma)
{
	int ret;

	if (model_switch(SW_FORK) == FORK_SKIP_NO_ANON && !src_vma->anon_state)
		return 0;
	/* pte_chain's node, 2.5.55-2.6.6: allocated first, freed at out */
	rmap_call(copy_begin);
	ret = copy_ptes(dst, src, dst_vma, src_vma);
	rmap_call(copy_end);
	return ret;
}

/* move_ptes() works an extent at a time: within a pmd, 64 pages at most */
#define LATENCY_LIMIT	(64 * PAGE_SIZE)

static unsigned long extent_len(unsigned long old, unsigned long new,
				unsigned long left)
{
	unsigned long len = ((old + PMD_SIZE) & PMD_MASK) - old;

	if (((new + PMD_SIZE) & PMD_MASK) - new < len)
		len = ((new + PMD_SIZE) & PMD_MASK) - new;
	if (LATENCY_LIMIT < len)
		len = LATENCY_LIMIT;
	return left < len ? left : len;
}

/*
 * The rmap locks mremap holds over a range whose old page table exists:
 * per page (2.6.7-2.6.14, even where no pte is), per extent (2.6.15-3.6),
 * or per extent only when the move could reorder a walk (3.7+: the
 * i_mmap lock, then the anon_vma's, take_rmap_locks).
 */
static void move_lock(struct vm_area_struct *vma, bool need_rmap_locks)
{
	switch (model_switch(SW_MREMAP)) {
	case MREMAP_NO_LOCK:
		break;
	case MREMAP_PER_PAGE:
	case MREMAP_PER_EXTENT:
		if (vma->vm_file)
			i_mmap_lock_write(vma->vm_file);
		break;
	case MREMAP_NEED_RMAP_LOCKS:
		if (!need_rmap_locks)
			break;
		if (vma->vm_file)
			i_mmap_lock_write(vma->vm_file);
		if (vma->anon_vma)
			era_lock(LOCK_ANON, rmap_cfg.anon->anon_vma_lockp(vma));
		break;
	}
}

static void move_unlock(struct vm_area_struct *vma, bool need_rmap_locks)
{
	switch (model_switch(SW_MREMAP)) {
	case MREMAP_NO_LOCK:
		break;
	case MREMAP_PER_PAGE:
	case MREMAP_PER_EXTENT:
		if (vma->vm_file)
			i_mmap_unlock_write(vma->vm_file);
		break;
	case MREMAP_NEED_RMAP_LOCKS:
		if (!need_rmap_locks)
			break;
		if (vma->anon_vma)
			era_unlock(LOCK_ANON,
				   rmap_cfg.anon->anon_vma_lockp(vma));
		if (vma->vm_file)
			i_mmap_unlock_write(vma->vm_file);
		break;
	}
}

/*
 * can_move_one_pte(): whether the scheme lets a present page move, doing its
 * per-page work (pte_chain's remove and add, anonmm's new address).
 */
static bool can_move_pte(pte_t *old_ptep, struct vm_area_struct *new_vma,
			 unsigned long new_addr, pte_t *new_ptep)
{
	pte_t pte = ptep_get(old_ptep);
	const struct rmap_scheme *s;
	struct page *page;

	if (!pte_present(pte) || pte_page(pte) == zero_page)
		return true;
	page = pte_page(pte);
	s = page_scheme(page);
	return !s->pte_move ||
	       !s->pte_move(page, old_ptep, new_ptep, new_vma, new_addr);
}

/* A present pte of an anonymous page that another pte maps too. */
static bool pte_cow_shared(pte_t pte)
{
	struct page *page;

	if (!pte_present(pte) || pte_page(pte) == zero_page)
		return false;
	page = pte_page(pte);
	return PageAnon(page) && page_mapcount(page) > 1;
}

static void move_pte_unlock(spinlock_t *old_ptl, spinlock_t *new_ptl)
{
	if (new_ptl != old_ptl)
		spin_unlock(LOCK_PTL, new_ptl);
	pte_unlock(old_ptl);
}

/*
 * One pte from old_addr to new_addr, under the move's rmap locks and the
 * pte lock (move_one_page's page_table_lock, 2.4-2.6.14; 2.6.15's
 * move_ptes held both tables' locks over an extent): 0, or -1
 * when out of memory. A page anonmm cannot move (shared with another mm)
 * is first made exclusive by a write fault at the old address, with the
 * locks dropped ("mremap's cows can't come home without releasing the
 * i_mmap_lock", 2.6.7-rc1's "Convert i_shared_sem back to a spinlock"),
 * and the move tried again (rmap 11-37's make_page_exclusive: "mremap
 * moved N cows").
 */
static int move_pte(struct vm_area_struct *vma, unsigned long old_addr,
		    struct vm_area_struct *new_vma, unsigned long new_addr,
		    bool need_rmap_locks)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t *old_ptep, *new_ptep;
	spinlock_t *old_ptl, *new_ptl;
	bool retry = false;
	int fault;

	for (;;) {
		old_ptep = pte_offset(mm, old_addr);
		if (!old_ptep || pte_none(ptep_get(old_ptep)))
			return 0;
		new_ptep = pte_alloc(mm, new_addr);
		old_ptep = pte_offset(mm, old_addr);
		if (!new_ptep)
			return -1;
		if (pte_none(ptep_get(old_ptep)))
			return 0;
		if (!retry && pte_cow_shared(ptep_get(old_ptep)))
			rmap_stats.cow_shared_moved++;
		retry = true;
		old_ptl = pte_lock(mm, old_ptep);
		/* move_ptes: the new table's lock nests in the old one's */
		new_ptl = pte_lockptr(mm, new_ptep);
		if (new_ptl != old_ptl)
			spin_lock(LOCK_PTL, new_ptl);
		if (can_move_pte(old_ptep, new_vma, new_addr, new_ptep))
			break;
		move_pte_unlock(old_ptl, new_ptl);
		move_unlock(vma, need_rmap_locks);
		fault = fault_once(vma, old_addr, true);
		move_lock(vma, need_rmap_locks);
		if (fault == VM_FAULT_OOM)
			return -1;
	}
	/* move_one_page, move_ptes: the MMU's last bits move with the pte */
	set_pte(new_ptep, ptep_get_and_clear(old_ptep));
	move_pte_unlock(old_ptl, new_ptl);
	return 0;
}

/*
 * The new pte table, allocated before the rmap locks are taken (as
 * alloc_new_pmd, and 2.6.7's move_one_page, did: the allocation may
 * reclaim, whose walks take those locks), when the first pte from
 * old_addr on would need it: 0, or -1 when out of memory.
 */
static int move_alloc(struct vm_area_struct *vma, unsigned long old_addr,
		      unsigned long new_addr, unsigned long len)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long i;
	pte_t *ptep;

	for (i = 0; i < len; i += PAGE_SIZE) {
		ptep = pte_offset(mm, old_addr + i);
		if (ptep && !pte_none(ptep_get(ptep)))
			return pte_alloc(mm, new_addr + i) ? 0 : -1;
	}
	return 0;
}

/*
 * The pages of one extent whose old page table exists, under one hold of
 * the rmap locks (2.6.15+) or one each (2.6.7-2.6.14's move_one_page):
 * 0, or -1 with *moved the bytes moved.
 */
static int move_extent(struct vm_area_struct *vma, unsigned long old_addr,
		       struct vm_area_struct *new_vma, unsigned long new_addr,
		       unsigned long extent, bool need_rmap_locks,
		       unsigned long *moved)
{
	unsigned long step = model_switch(SW_MREMAP) == MREMAP_PER_PAGE ?
			     PAGE_SIZE : extent;
	unsigned long i, end;
	int ret = 0;

	for (*moved = 0; *moved < extent && !ret; *moved = end) {
		end = *moved + step;
		if (move_alloc(vma, old_addr + *moved, new_addr + *moved,
			       step))
			return -1;
		move_lock(vma, need_rmap_locks);
		for (i = *moved; i < end && !ret; i += PAGE_SIZE) {
			ret = move_pte(vma, old_addr + i, new_vma,
				       new_addr + i, need_rmap_locks);
			if (ret)
				end = i;
		}
		move_unlock(vma, need_rmap_locks);
	}
	return ret;
}

int move_page_tables(struct vm_area_struct *vma, unsigned long old_addr,
		     struct vm_area_struct *new_vma, unsigned long new_addr,
		     unsigned long len, bool need_rmap_locks)
{
	unsigned long off, i, extent, moved;
	bool per_page = model_switch(SW_MREMAP) == MREMAP_PER_PAGE;

	for (off = 0; off < len; off += extent) {
		extent = extent_len(old_addr + off, new_addr + off, len - off);
		if (!pte_offset(vma->vm_mm, old_addr + off)) {
			/* 2.6.7's move_one_page locked even with no pte */
			for (i = 0; per_page && i < extent; i += PAGE_SIZE) {
				move_lock(vma, false);
				move_unlock(vma, false);
			}
			continue;
		}
		if (move_extent(vma, old_addr + off, new_vma, new_addr + off,
				extent, need_rmap_locks, &moved)) {
			/* as the kernel: move back what was moved */
			move_page_tables(new_vma, new_addr, vma, old_addr,
					 off + moved, need_rmap_locks);
			return -1;
		}
	}
	return 0;
}

void change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, bool writable)
{
	unsigned long addr, next;
	spinlock_t *ptl;

	if (writable)
		return;	/* write faults upgrade ptes one at a time */
	for (addr = start; addr < end; addr = next) {
		pte_t *ptep = pte_offset_next(vma->vm_mm, addr, &next);

		if (next > end)
			next = end;
		if (!ptep)
			continue;
		ptl = pte_lock(vma->vm_mm, ptep);
		/*
		 * change_pte_range(): cleared, then set again write-protected,
		 * so no dirty bit the MMU sets in between is lost
		 */
		for (; addr < next; addr += PAGE_SIZE, ptep++)
			if (pte_present(ptep_get(ptep)))
				set_pte(ptep, ptep_get_and_clear(ptep) &
					      ~_PAGE_RW);
		pte_unlock(ptl);
	}
}
