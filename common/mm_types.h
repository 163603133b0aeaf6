/*
 * The kernel outside rmap, as the model sees it: struct page, ptes, mm_struct,
 * vm_area_struct and the file (inode + address_space in one). Field names and
 * meanings are the kernel's; sizes are x86-64. struct page is 64 bytes so a
 * mem_map of 16M simulated pages fits in 1 GiB.
 *
 * The rmap fields of vma and address_space are unions with one arm per scheme
 * (i_mmap lists, prio tree, interval tree), as the kernel's own unions were:
 * a generation uses one arm, and the model never reads them.
 */
#ifndef RMAP_MM_TYPES_H
#define RMAP_MM_TYPES_H

#include <stdint.h>

#include "common/atomic.h"
#include "common/lib/list.h"
#include "common/lib/prio_tree.h"
#include "common/lib/rbtree.h"
#include "common/lock_types.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)
#define PTRS_PER_TABLE	512
#define PMD_SHIFT	21
#define PUD_SHIFT	30
#define PGDIR_SHIFT	39
#define TASK_SIZE	(1UL << 47)

/*
 * x86-64 pte bits. A present pte is pfn << PAGE_SHIFT | flags; a swap pte is
 * not present and carries its swap slot in the pfn field.
 */
typedef unsigned long pte_t;
#define _PAGE_PRESENT	0x001UL
#define _PAGE_RW	0x002UL
#define _PAGE_USER	0x004UL
#define _PAGE_ACCESSED	0x020UL
#define _PAGE_DIRTY	0x040UL
#define _PAGE_SWP	0x400UL		/* software bit: a swap entry */
/* software bit of a swap pte: the page was exclusive at unmap (5.19+) */
#define _PAGE_SWP_EXCLUSIVE	0x800UL

/* page->flags */
enum pageflags {
	PG_locked,
	PG_referenced,
	PG_dirty,
	PG_lru,
	PG_active,
	PG_reserved,	/* the zero page: never on rmap */
	PG_swapcache,
	PG_pgtable,	/* a page-table page: mapping = owner mm, index = base */
	PG_direct,	/* pte_chain: page->rmap holds one pte address */
	PG_chainlock,	/* pte_chain: the bit spinlock on page->rmap */
	PG_buddy,	/* free in the page allocator */
	PG_anon_exclusive,	/* mapped by one process only (5.19+) */
	PG_pagecache,	/* the model's: a page cache page (vmscan.c) */
};

/*
 * page->mapping: the address_space of a file page, or an anonymous page's rmap
 * object with the low bit set (2.6.9's PAGE_MAPPING_ANON). Only the hook that
 * gives an anonymous page its identity writes it.
 */
#define PAGE_MAPPING_ANON	0x1UL

struct page {
	unsigned long flags;
	atomic_t _refcount;
	atomic_t _mapcount;	/* ptes mapping the page, minus one */
	unsigned long mapping;
	unsigned long index;	/* file pgoff or anonymous linear index */
	struct list_head lru;
	unsigned long rmap;	/* one word for the scheme (pte_chain) */
	union {
		unsigned long private;	/* swap slot of a swapcache page */
		spinlock_t ptl;		/* a page table's split lock (2.6.15) */
	};
};

_Static_assert(sizeof(struct page) == 64,
	       "struct page must stay 64 bytes: 16M pages in 1 GiB");

struct address_space;
struct mm_struct;

/*
 * rss changes by the kernel's counters: file_rss and anon_rss (as read in
 * 2.6.20), MM_FILEPAGES and MM_ANONPAGES (2.6.34). The model's mm keeps
 * their sum; a batch, or a task's cache, keeps them apart, for the one add
 * each counter that changed costs when it reaches the mm (add_mm_rss_vec).
 */
enum { MM_FILEPAGES, MM_ANONPAGES, NR_MM_COUNTERS };

struct rss_vec {
	long count[NR_MM_COUNTERS];
};

/* vm_flags */
#define VM_READ		0x0001UL
#define VM_WRITE	0x0002UL
#define VM_EXEC		0x0004UL
#define VM_SHARED	0x0008UL
#define VM_MAYREAD	0x0010UL
#define VM_MAYWRITE	0x0020UL
#define VM_MAYEXEC	0x0040UL
#define VM_MAYSHARE	0x0080UL
#define VM_GROWSDOWN	0x0100UL
#define VM_LOCKED	0x2000UL
#define VM_ACCOUNT	0x00100000UL	/* charged to overcommit: merges see it */

struct vm_area_struct {
	struct mm_struct *vm_mm;
	unsigned long vm_start, vm_end;
	struct vm_area_struct *vm_next, *vm_prev;
	struct rb_node vm_rb;
	unsigned long vm_flags;
	unsigned long vm_pgoff;
	struct address_space *vm_file;

	/* file side of rmap: the vma's link in its file's i_mmap */
	union {
		struct list_head list;		/* linear i_mmap lists */
		struct {			/* prio tree, with vm_set */
			struct list_head list;
			void *parent;		/* aliases prio_tree_node.parent */
			struct vm_area_struct *head;
		} vm_set;
		struct raw_prio_tree_node prio_tree_node;
		struct {			/* interval tree */
			struct rb_node rb;
			unsigned long rb_subtree_last;
		} itree;
	} shared;

	/* anon side of rmap */
	struct list_head anon_vma_node;	/* anon_vma list, or anon_vma_chain */
	void *anon_vma;			/* where new anonymous pages go */
	/*
	 * The vma may hold anonymous pages: anon_vma_prepare ran on it, or on
	 * the vma it was split, forked, copied or merged from. The kernel's
	 * test is anon_vma != NULL (lazy fork, copy_vma); the model keeps it
	 * for every scheme, so fork=lazy means the same under each.
	 */
	bool anon_state;
};

struct mm_struct {
	struct vm_area_struct *mmap;	/* vmas sorted by address */
	struct rb_root mm_rb;
	struct vm_area_struct *mmap_cache;
	struct page *pgd;
	/* the vmas: read by a fault, written by what changes them */
	struct rw_semaphore mmap_sem;
	int map_count;
	int mm_users;
	long rss;			/* get_mm_rss(), add_mm_rss() */
	unsigned long nr_ptes;		/* page-table pages below the pgd */
	/*
	 * The task's rss_stat (rss_stat=2.6.34): its faults' rss changes,
	 * not yet on the mm's counter, and its faults since they were. A
	 * process of the model is one task, so its mm carries the cache.
	 */
	struct rss_vec task_rss;
	int task_rss_events;
	/*
	 * Every pte of the mm until 2.6.15; from then, on kernels of 4+
	 * CPUs, each page table's own page->ptl (the ptlock switch,
	 * pte_lockptr), and the mm's guards table allocation only.
	 */
	spinlock_t page_table_lock;
	unsigned long start_brk, brk;
	unsigned long free_area_cache;	/* top-down mmap search hint */
	struct list_head mmlist;	/* every mm: swap_out's clock, the
					 * oracle */
	unsigned long swap_address;	/* where swap_out resumes (2.4) */
	void *rmap_mm;			/* per-mm rmap object (anonmm) */
	unsigned long id;
};

/*
 * mm->rss: changed under the pte lock, read by the check and, in
 * 2.6.7-2.6.13, by a walk on another CPU under no lock (rss=2.6.7 and
 * anonmm skip an mm with none). Its writers are add_mm_rss and
 * add_mm_rss_vec (common/lock.h), whose kind follows the pte lock's.
 */
static inline long get_mm_rss(const struct mm_struct *mm)
{
	return __atomic_load_n(&mm->rss, __ATOMIC_RELAXED);
}

/* The file: inode, address_space and page cache together. */
struct address_space {
	/*
	 * The page cache's lock: mapping->page_lock, then tree_lock (2.5,
	 * 2.6), a spinlock or an rwlock by era (switch pagecache); 2.4's
	 * pagecache_lock was one for all files (common/filemap.c).
	 */
	union era_lock tree_lock;
	struct page **pages;		/* page cache, indexed by pgoff */
	unsigned long nr_slots;
	unsigned long nrpages;
	unsigned long size;		/* in pages; faults beyond it fail */
	union {
		struct {
			struct list_head i_mmap;	/* private vmas */
			struct list_head i_mmap_shared;	/* shared vmas */
		} lists;
		struct prio_tree_root prio;
		struct rb_root_cached itree;
	} i_mmap;
	/*
	 * i_shared_sem (to 2.6.6), i_mmap_lock (2.6.7), i_mmap_mutex (3.0),
	 * i_mmap_rwsem (3.19): the file scheme's init sets the kind
	 */
	union era_lock i_mmap_lock;
	int i_mmap_writable;
	unsigned long i_mmap_vmas;	/* vmas mapping it: mapping_mapped() */
	int shmem;
	int refs;			/* opens + vmas: f_count, atomic */
	unsigned long id;
	char name[48];
};

/*
 * mapping_mapped(): whether a vma maps the file, read by reclaim under no
 * lock while another CPU's mmap or exit changes it under the i_mmap lock,
 * as the kernel's read of its i_mmap tree's root: a load and a store, one
 * mov each.
 */
static inline bool mapping_mapped(const struct address_space *m)
{
	return __atomic_load_n(&m->i_mmap_vmas, __ATOMIC_RELAXED);
}

static inline void mapping_mapped_add(struct address_space *m, long n)
{
	__atomic_store_n(&m->i_mmap_vmas,
			 __atomic_load_n(&m->i_mmap_vmas, __ATOMIC_RELAXED) + n,
			 __ATOMIC_RELAXED);
}

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}

/* lin(v, a): the linear index of user address a in vma v. */
static inline unsigned long linear_page_index(const struct vm_area_struct *vma,
					      unsigned long addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
}

#endif
