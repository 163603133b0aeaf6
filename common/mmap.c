/*
 * vmas: the per-mm rbtree and sorted list (find_vma in O(log n)), and the
 * operations that create, split, merge and destroy them, in their 2.6.9+
 * form (mprotect.c and mremap.c change and move them). Every change of a
 * vma's start, end or pgoff is bracketed by vma_adjust_begin/end, because
 * the prio and interval trees key on them; a vma that gains anonymous pages
 * it did not have takes the exporter's anon state (vma_clone), or a walk
 * would miss them.
 */
#include <errno.h>
#include <string.h>

#include "common/filemap.h"
#include "common/lib/slab.h"
#include "common/memory.h"
#include "common/lock.h"
#include "common/mm.h"
#include "common/pgtable.h"
#include "common/phase.h"
#include "common/rmap.h"

static struct kmem_cache *vma_cachep;

/*
 * The vma holding addr, or the first above it. Inside a walk (pte_chain's
 * try_to_unmap, anonmm's probe) every vma it reads is a walk's cost. The
 * walk runs it on another CPU, under the page_table_lock, beside the
 * owner's under mmap_sem: both read and write mmap_cache, the kernel's
 * plain pointer (a mov each way here too).
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = __atomic_load_n(&mm->mmap_cache,
						     __ATOMIC_RELAXED);
	struct rb_node *rb;

	rmap_stats.find_vma_nodes += rmap_walking;
	if (vma && vma->vm_end > addr && vma->vm_start <= addr)
		return vma;
	vma = NULL;
	rb = mm->mm_rb.rb_node;
	while (rb) {
		struct vm_area_struct *tmp = rb_entry(rb, struct vm_area_struct,
						      vm_rb);

		rmap_stats.find_vma_nodes += rmap_walking;
		if (tmp->vm_end > addr) {
			vma = tmp;
			if (tmp->vm_start <= addr)
				break;
			rb = rb->rb_left;
		} else {
			rb = rb->rb_right;
		}
	}
	if (vma)
		__atomic_store_n(&mm->mmap_cache, vma, __ATOMIC_RELAXED);
	return vma;
}

void vma_tree_lock(struct mm_struct *mm)
{
	if ((rmap_cfg.anon->flags | rmap_cfg.file->flags) & RMAP_FINDS_VMA)
		spin_lock(LOCK_PTL, &mm->page_table_lock);
}

void vma_tree_unlock(struct mm_struct *mm)
{
	if ((rmap_cfg.anon->flags | rmap_cfg.file->flags) & RMAP_FINDS_VMA)
		spin_unlock(LOCK_PTL, &mm->page_table_lock);
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	struct rb_node *last;

	if (vma) {
		*pprev = vma->vm_prev;
	} else {
		last = rb_last(&mm->mm_rb);
		*pprev = last ? rb_entry(last, struct vm_area_struct, vm_rb) :
				NULL;
	}
	return vma;
}

/* Where a vma for [addr, ...) goes: its list predecessor and rbtree slot. */
void find_vma_links(struct mm_struct *mm, unsigned long addr,
			   struct vm_area_struct **pprev,
			   struct rb_node ***rb_link, struct rb_node **rb_parent)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL, *prev = NULL;

	while (*link) {
		struct vm_area_struct *tmp;

		parent = *link;
		tmp = rb_entry(parent, struct vm_area_struct, vm_rb);
		if (tmp->vm_end > addr) {
			link = &parent->rb_left;
		} else {
			prev = parent;
			link = &parent->rb_right;
		}
	}
	*pprev = prev ? rb_entry(prev, struct vm_area_struct, vm_rb) : NULL;
	*rb_link = link;
	*rb_parent = parent;
}

static struct vm_area_struct *vm_area_alloc(struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	if (!vma_cachep)
		vma_cachep = kmem_cache_create("vm_area_struct", sizeof(*vma),
					       8, 0);
	vma = kmem_cache_zalloc(vma_cachep);
	vma->vm_mm = mm;
	INIT_LIST_HEAD(&vma->anon_vma_node);
	RB_CLEAR_NODE(&vma->vm_rb);
	if (++rmap_stats.vmas > rmap_stats.vma_peak)
		rmap_stats.vma_peak = rmap_stats.vmas;
	return vma;
}

/* *new = *orig, minus every link: the schemes attach the copy themselves. */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = vm_area_alloc(orig->vm_mm);

	vma->vm_start = orig->vm_start;
	vma->vm_end = orig->vm_end;
	vma->vm_flags = orig->vm_flags;
	vma->vm_pgoff = orig->vm_pgoff;
	vma->vm_file = orig->vm_file;
	vma->anon_state = orig->anon_state;
	if (vma->vm_file)
		file_get(vma->vm_file);
	return vma;
}

void vma_cache_destroy(void)
{
	kmem_cache_destroy(vma_cachep);
	vma_cachep = NULL;
}

static void __vma_link(struct mm_struct *mm, struct vm_area_struct *vma,
		       struct vm_area_struct *prev, struct rb_node **rb_link,
		       struct rb_node *rb_parent)
{
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;

	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->vm_prev = vma;
	rb_link_node(&vma->vm_rb, rb_parent, rb_link);
	rb_insert_color(&vma->vm_rb, &mm->mm_rb);
	mm->map_count++;
}

/* The file's count of the vmas mapping it (mapping_mapped()). */
void vma_file_get(struct vm_area_struct *vma)
{
	mapping_mapped_add(vma->vm_file, 1);
	if (vma->vm_flags & VM_SHARED)
		vma->vm_file->i_mmap_writable++;
}

static void vma_file_put(struct vm_area_struct *vma)
{
	mapping_mapped_add(vma->vm_file, -1);
	if (vma->vm_flags & VM_SHARED)
		vma->vm_file->i_mmap_writable--;
}

/* vma_link(): into the mm, and into i_mmap under its lock. */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma,
		     struct vm_area_struct *prev, struct rb_node **rb_link,
		     struct rb_node *rb_parent)
{
	vma_tree_lock(mm);
	__vma_link(mm, vma, prev, rb_link, rb_parent);
	vma_tree_unlock(mm);
	if (vma->vm_file) {
		i_mmap_lock_write(vma->vm_file);
		vma_file_get(vma);
	}
	rmap_call(vma_link, vma);
	if (vma->vm_file)
		i_mmap_unlock_write(vma->vm_file);
}

/* __insert_vm_struct(): into the mm; i_mmap is vma_adjust's business. */
static void __insert_vm_struct(struct mm_struct *mm,
			       struct vm_area_struct *vma)
{
	struct vm_area_struct *prev;
	struct rb_node **rb_link, *rb_parent;

	find_vma_links(mm, vma->vm_start, &prev, &rb_link, &rb_parent);
	__vma_link(mm, vma, prev, rb_link, rb_parent);
	if (vma->vm_file)
		vma_file_get(vma);
}

static void __vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	rb_erase(&vma->vm_rb, &mm->mm_rb);
	if (vma->vm_prev)
		vma->vm_prev->vm_next = vma->vm_next;
	else
		mm->mmap = vma->vm_next;
	if (vma->vm_next)
		vma->vm_next->vm_prev = vma->vm_prev;
	mm->map_count--;
	if (__atomic_load_n(&mm->mmap_cache, __ATOMIC_RELAXED) == vma)
		__atomic_store_n(&mm->mmap_cache, NULL, __ATOMIC_RELAXED);
}

/*
 * Unlinks the vma from i_mmap and its anon structure: at munmap and exit
 * under the i_mmap lock remove_vma_list() holds, or, for the vma a merge
 * removes, under vma_adjust's.
 */
static void unlink_vma(struct vm_area_struct *vma, bool merge)
{
	rmap_call(vma_unlink, vma, merge);
	if (vma->vm_file)
		vma_file_put(vma);
}

/*
 * remove_vma(): its file reference goes and it is freed, after the i_mmap
 * lock is dropped (the file, and the lock word in it, may go with it).
 */
static void free_vma(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		file_put(vma->vm_file);
	rmap_stats.vmas--;
	kmem_cache_free(vma_cachep, vma);
}

/*
 * free_pgtables()' i_mmap unlinks, as an unlink_vma_file_batch: the vmas
 * of one file held for one hold of its lock, up to UNLINK_BATCH_VMAS of
 * them from 6.11 (the kernel's vmas[8]), one before. The batch's file
 * references are put once its lock is dropped.
 */
#define UNLINK_BATCH_VMAS	8

struct unlink_batch {
	struct address_space *file;
	unsigned count, max;
};

static void unlink_batch_process(struct unlink_batch *vb)
{
	if (!vb->count)
		return;
	i_mmap_unlock_write(vb->file);
	for (; vb->count; vb->count--)
		file_put(vb->file);
}

static void unlink_batch_add(struct unlink_batch *vb,
			     struct vm_area_struct *vma)
{
	if (!vma->vm_file)
		return;
	if ((vb->count && vb->file != vma->vm_file) || vb->count == vb->max)
		unlink_batch_process(vb);
	if (!vb->count)
		i_mmap_lock_write(vma->vm_file);
	vb->file = vma->vm_file;
	vb->count++;
	/* the batch holds the vma's file reference from here */
	file_get(vma->vm_file);
}

/*
 * munmap's and exit's vmas, a list in address order ending in NULL, leave
 * i_mmap and their anon structures and are freed. free_pgtables() gathers
 * vmas no more than PMD_SIZE apart into one pass; to 6.10 each file vma
 * took the i_mmap lock of its own (unlink_file_vma), from 6.11 a pass
 * batches the vmas of one file, a vma of another file or a full batch
 * closing it (3577dbb19241: a library's text, rodata and data are one
 * lock, not three). An anonymous vma between two of a batch leaves its
 * anon structure under the batch's hold (the lock order allows it): a
 * region longer than either era's, whose counts are the kernel's
 * (docs/generations.md, departures).
 */
void remove_vma_list(struct vm_area_struct *vma)
{
	struct unlink_batch vb = {
		.max = model_switch(SW_UNLINK) == UNLINK_BATCH ?
		       UNLINK_BATCH_VMAS : 1,
	};
	struct vm_area_struct *next;

	for (; vma; vma = next) {
		next = vma->vm_next;
		unlink_batch_add(&vb, vma);
		unlink_vma(vma, false);
		if (!next || next->vm_start > vma->vm_end + PMD_SIZE)
			unlink_batch_process(&vb);
		free_vma(vma);
	}
}

/*
 * vma_adjust's locks, once a pass: the file's i_mmap lock, and the
 * anon_vma (root) lock when the scheme's era took it for this case.
 * Returns the anon lock taken, or NULL.
 */
static union era_lock *adjust_lock(const struct vma_adjust_info *ai)
{
	union era_lock *anon = NULL;

	if (ai->vma->vm_file)
		i_mmap_lock_write(ai->vma->vm_file);
	if (rmap_cfg.anon->adjust_anon_lock)
		anon = rmap_cfg.anon->adjust_anon_lock(ai);
	if (anon)
		era_lock(LOCK_ANON, anon);
	return anon;
}

static void adjust_unlock_anon(union era_lock *anon)
{
	if (anon)
		era_unlock(LOCK_ANON, anon);
}

static void adjust_unlock_file(const struct vma_adjust_info *ai)
{
	if (ai->vma->vm_file)
		i_mmap_unlock_write(ai->vma->vm_file);
}

/*
 * vma_adjust(): vma takes [start, end) at pgoff. Without insert it may eat
 * all of next (and the one after: mprotect case 6, a second pass), or move
 * the boundary with next either way; with insert (split_vma) the new vma is
 * linked. The trees are updated in the kernel's order: insert's file side
 * first, then vma and next out, and back in, next before vma in i_mmap
 * (vma before next in the anon_vma trees).
 */
void vma_adjust(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, unsigned long pgoff,
		       struct vm_area_struct *insert)
{
	struct vma_adjust_info ai = { .vma = vma, .insert = insert };
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *next = vma->vm_next, *exporter = NULL;
	union era_lock *anon_lock;
	long adjust_next = 0;

	if (next && !insert) {
		if (end >= next->vm_end) {
again:
			ai.remove_next = 1 + (end > next->vm_end);
			end = next->vm_end;
			exporter = next;
			ai.importer = vma;
		} else if (end > next->vm_start) {
			adjust_next = (long)((end - next->vm_start) >>
					     PAGE_SHIFT);
			exporter = next;
			ai.importer = vma;
		} else if (end < vma->vm_end) {
			adjust_next = -(long)((vma->vm_end - end) >>
					      PAGE_SHIFT);
			exporter = vma;
			ai.importer = next;
		}
	}
	ai.next = next;
	ai.adjust_next = adjust_next;
	ai.start_changed = start != vma->vm_start;
	/*
	 * "Easily overlooked": the expanding vma takes the anon state (case
	 * 4/5: "mprotect propagate anon_vma", 2.6.8; a merge removing next:
	 * "vmtrunc: vm_truncate_count race caution", 2.6.11, before which
	 * __anon_vma_merge put vma at next's place on the anon_vma list).
	 * 2.6.7 had no case 4/5 importer, losing those pages to rmap: a bug
	 * the model does not copy (docs/generations.md, departures).
	 */
	if (ai.importer)
		vma_import_anon(ai.importer, exporter, CLONE_IMPORT);
	anon_lock = adjust_lock(&ai);
	if (insert && insert->vm_file)
		file_side_call(vma_link, insert);

	anon_call(vma_adjust_begin, vma);
	if (adjust_next)
		anon_call(vma_adjust_begin, next);
	file_call(vma_adjust_begin, vma);
	if (adjust_next)
		file_call(vma_adjust_begin, next);
	/* 2.6.0's vma_merge and split_vma: bounds and tree under one hold */
	vma_tree_lock(mm);
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	if (adjust_next) {
		next->vm_start += adjust_next * (long)PAGE_SIZE;
		next->vm_pgoff += adjust_next;
		file_call(vma_adjust_end, next);
	}
	file_call(vma_adjust_end, vma);
	anon_call(vma_adjust_end, vma);
	if (adjust_next)
		anon_call(vma_adjust_end, next);

	/*
	 * The removed vma leaves i_mmap under the i_mmap lock, as in every
	 * era, but its anon structure after the anon lock is dropped: 3.x's
	 * anon_vma_merge did so, and the avc unlink takes the root's lock
	 * itself. 2.6.7-2.6.33's __anon_vma_merge list_del ran inside the
	 * anon_vma lock: the model's one unlink hook per vma cannot split it.
	 */
	if (ai.remove_next) {
		__vma_unlink(mm, next);
		vma_tree_unlock(mm);
		adjust_unlock_anon(anon_lock);
		unlink_vma(next, true);
		adjust_unlock_file(&ai);
		free_vma(next);
		if (ai.remove_next == 2) {
			next = vma->vm_next;
			goto again;
		}
		return;
	}
	if (insert)
		__insert_vm_struct(mm, insert);
	vma_tree_unlock(mm);
	adjust_unlock_anon(anon_lock);
	adjust_unlock_file(&ai);
}

static bool is_mergeable_anon_vma(void *a1, void *a2,
				  struct vm_area_struct *vma,
				  struct vm_area_struct *src, bool copied)
{
	if (rmap_cfg.anon->anon_vma_mergeable)
		return rmap_cfg.anon->anon_vma_mergeable(a1, a2, vma, src,
							 copied);
	return !a1 || !a2 || a1 == a2;
}

static bool can_merge(struct vm_area_struct *vma, unsigned long vm_flags,
		      struct vm_area_struct *src, bool copied,
		      struct address_space *file)
{
	return vma->vm_flags == vm_flags && vma->vm_file == file &&
	       is_mergeable_anon_vma(src ? src->anon_vma : NULL,
				     vma->anon_vma, vma, src, copied);
}

/*
 * can_vma_merge_after/before's offset test: the range ending at pgoff
 * @end meets the one starting at @start. Anonymous ranges pass whatever
 * their pgoffs under a scheme that never reads them (rmap 10-37).
 */
static bool pgoff_meets(struct address_space *file, unsigned long end,
			unsigned long start)
{
	if (!file && (rmap_cfg.anon->flags & RMAP_ANON_PGOFF_FREE))
		return true;
	return end == start;
}

/*
 * vma_merge(): can [addr, end) with these properties join prev, next, or
 * both? Its anonymous state is src's: the vma mprotect changes, mremap's
 * source (copied), or none for a new mapping. Returns the vma that now
 * covers it, or NULL. The cases are numbered as in mm/mmap.c.
 */
struct vm_area_struct *vma_merge(struct mm_struct *mm,
		struct vm_area_struct *prev, unsigned long addr,
		unsigned long end, unsigned long vm_flags,
		struct vm_area_struct *src, bool copied,
		struct address_space *file, unsigned long pgoff)
{
	unsigned long pglen = (end - addr) >> PAGE_SHIFT;
	struct vm_area_struct *area, *next;

	next = prev ? prev->vm_next : mm->mmap;
	area = next;
	if (next && next->vm_end == end)	/* cases 6, 7, 8 */
		next = next->vm_next;

	if (prev && prev->vm_end == addr &&
	    can_merge(prev, vm_flags, src, copied, file) &&
	    pgoff_meets(file, prev->vm_pgoff + vma_pages(prev), pgoff)) {
		if (next && end == next->vm_start &&
		    can_merge(next, vm_flags, src, copied, file) &&
		    pgoff_meets(file, pgoff + pglen, next->vm_pgoff) &&
		    is_mergeable_anon_vma(prev->anon_vma, next->anon_vma,
					  NULL, NULL, false))	/* cases 1, 6 */
			vma_adjust(prev, prev->vm_start, next->vm_end,
				   prev->vm_pgoff, NULL);
		else					/* cases 2, 5, 7 */
			vma_adjust(prev, prev->vm_start, end, prev->vm_pgoff,
				   NULL);
		return prev;
	}

	if (next && end == next->vm_start &&
	    can_merge(next, vm_flags, src, copied, file) &&
	    pgoff_meets(file, pgoff + pglen, next->vm_pgoff)) {
		if (prev && addr < prev->vm_end)	/* case 4 */
			vma_adjust(prev, prev->vm_start, addr, prev->vm_pgoff,
				   NULL);
		else					/* cases 3, 8 */
			vma_adjust(area, addr, next->vm_end,
				   next->vm_pgoff - pglen, NULL);
		return area;
	}
	return NULL;
}

/* split_vma(): the new vma takes the part below addr, or from addr up. */
void split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long addr, bool new_below)
{
	struct vm_area_struct *new = vm_area_dup(vma);

	(void)mm;
	if (new_below) {
		new->vm_end = addr;
	} else {
		new->vm_start = addr;
		new->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	}
	rmap_call(vma_clone, new, vma, CLONE_SPLIT);
	if (new_below)
		vma_adjust(vma, addr, vma->vm_end, vma->vm_pgoff +
			   ((addr - new->vm_start) >> PAGE_SHIFT), new);
	else
		vma_adjust(vma, vma->vm_start, addr, vma->vm_pgoff, new);
}

/* Top-down search below the cache, then once more from the top. */
unsigned long get_unmapped_area(struct mm_struct *mm,
				       unsigned long len, unsigned long hint)
{
	struct vm_area_struct *vma;
	unsigned long addr;
	int pass;

	if (hint) {
		hint = PAGE_ALIGN(hint);
		vma = find_vma(mm, hint);
		if (hint >= MMAP_MIN_ADDR && TASK_SIZE - len >= hint &&
		    (!vma || hint + len <= vma->vm_start))
			return hint;
	}
	for (pass = 0; pass < 2; pass++) {
		addr = pass ? MMAP_BASE : mm->free_area_cache;
		while (addr >= len + MMAP_MIN_ADDR) {
			addr -= len;
			vma = find_vma(mm, addr);
			if (!vma || addr + len <= vma->vm_start) {
				mm->free_area_cache = addr;
				return addr;
			}
			addr = vma->vm_start;
		}
	}
	return (unsigned long)-ENOMEM;
}

unsigned long calc_vm_flags(int prot, int flags)
{
	unsigned long vm_flags = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	if (prot & RM_PROT_READ)
		vm_flags |= VM_READ;
	if (prot & RM_PROT_WRITE)
		vm_flags |= VM_WRITE;
	if (prot & RM_PROT_EXEC)
		vm_flags |= VM_EXEC;
	if (flags & RM_MAP_SHARED)
		vm_flags |= VM_SHARED | VM_MAYSHARE;
	return vm_flags;
}

/* Creates a vma for [addr, addr + len) unless it merges with a neighbour. */
static void mmap_region(struct mm_struct *mm, unsigned long addr,
			unsigned long len, unsigned long vm_flags,
			struct address_space *file, unsigned long pgoff,
			bool may_merge)
{
	struct vm_area_struct *prev, *vma;
	struct rb_node **rb_link, *rb_parent;

	find_vma_links(mm, addr, &prev, &rb_link, &rb_parent);
	if (may_merge && vma_merge(mm, prev, addr, addr + len, vm_flags, NULL,
				   false, file, pgoff))
		return;
	vma = vm_area_alloc(mm);
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_pgoff = pgoff;
	vma->vm_file = file;
	if (file)
		file_get(file);
	vma_link(mm, vma, prev, rb_link, rb_parent);
}

static unsigned long __do_mmap(struct mm_struct *mm, unsigned long addr,
				unsigned long len, int prot, int flags,
				struct address_space *file, unsigned long pgoff)
{
	struct address_space *shmem = NULL;
	unsigned long vm_flags;

	if (!len || !(flags & (RM_MAP_SHARED | RM_MAP_PRIVATE)))
		return (unsigned long)-EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE - MMAP_MIN_ADDR)
		return (unsigned long)-ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return (unsigned long)-EOVERFLOW;
	if (flags & RM_MAP_FIXED) {
		if ((addr & ~PAGE_MASK) || addr < MMAP_MIN_ADDR ||
		    addr > TASK_SIZE - len)
			return (unsigned long)-EINVAL;
	} else {
		addr = get_unmapped_area(mm, len, addr);
		if (IS_ERR_VALUE(addr))
			return addr;
	}
	vm_flags = calc_vm_flags(prot, flags);
	/* a private writable mapping is charged to overcommit */
	if ((vm_flags & (VM_SHARED | VM_WRITE)) == VM_WRITE)
		vm_flags |= VM_ACCOUNT;
	if (!file) {
		if (flags & RM_MAP_SHARED) {
			shmem = file_create("dev/zero", len >> PAGE_SHIFT, true);
			if (!shmem)
				return (unsigned long)-ENOMEM;
			file = shmem;
			pgoff = 0;
		} else {
			pgoff = addr >> PAGE_SHIFT;
		}
	}
	__do_munmap(mm, addr, len);
	mmap_region(mm, addr, len, vm_flags, file, pgoff, !shmem);
	if (shmem)
		file_put(shmem);	/* the vma holds it now */
	return addr;
}

unsigned long do_mmap(struct mm_struct *mm, unsigned long addr,
		      unsigned long len, int prot, int flags,
		      struct address_space *file, unsigned long pgoff)
{
	phase_guard(PHASE_MMAP);
	unsigned long ret;

	mmap_write_lock(mm);
	ret = __do_mmap(mm, addr, len, prot, flags, file, pgoff);
	mmap_write_unlock(mm);
	return ret;
}

/*
 * Detaches [start, end) from the mm, zaps it, takes its vmas out of the
 * rmap and frees them, then frees its page tables (exit_mmap's order).
 */
static void unmap_region(struct mm_struct *mm, struct vm_area_struct *vma,
			 struct vm_area_struct *prev, unsigned long end)
{
	struct vm_area_struct *next, *first = vma, *last = NULL;
	unsigned long start = vma->vm_start, last_end, ceiling;

	/* detach_vmas_to_be_unmapped */
	vma_tree_lock(mm);
	while (vma && vma->vm_start < end) {
		next = vma->vm_next;
		__vma_unlink(mm, vma);
		vma->vm_next = next;
		last = vma;
		vma = next;
	}
	vma_tree_unlock(mm);
	for (vma = first; ; vma = vma->vm_next) {
		zap_page_range(vma, vma->vm_start, vma->vm_end, false);
		if (vma == last)
			break;
	}
	last_end = last->vm_end;
	ceiling = last->vm_next ? last->vm_next->vm_start : TASK_SIZE;
	if (last_end > mm->free_area_cache)
		mm->free_area_cache = last_end < MMAP_BASE ? last_end :
				      MMAP_BASE;
	last->vm_next = NULL;
	remove_vma_list(first);
	free_pgtables(mm, start, last_end, prev ? prev->vm_end : 0, ceiling);
}

int __do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *vma, *prev, *last;
	unsigned long end;

	if ((start & ~PAGE_MASK) || start > TASK_SIZE || len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = start + len;
	vma = find_vma_prev(mm, start, &prev);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (start > vma->vm_start) {
		split_vma(mm, vma, start, false);
		prev = vma;
	}
	last = find_vma(mm, end);
	if (last && end > last->vm_start)
		split_vma(mm, last, end, true);
	vma = prev ? prev->vm_next : mm->mmap;
	unmap_region(mm, vma, prev, end);
	return 0;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	phase_guard(PHASE_MMAP);
	int ret;

	mmap_write_lock(mm);
	ret = __do_munmap(mm, start, len);
	mmap_write_unlock(mm);
	return ret;
}

static unsigned long __do_brk(struct mm_struct *mm, unsigned long brk)
{
	unsigned long newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(mm->brk);
	unsigned long vm_flags = VM_READ | VM_WRITE | VM_MAYREAD |
				 VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT;
	struct vm_area_struct *next;

	if (brk < mm->start_brk || brk > TASK_SIZE)
		return mm->brk;
	if (newbrk == oldbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {
		__do_munmap(mm, newbrk, oldbrk - newbrk);
		mm->brk = brk;
		return brk;
	}
	/* find_vma_intersection(oldbrk, newbrk + PAGE_SIZE): a page of gap */
	next = find_vma(mm, oldbrk);
	if (next && newbrk + PAGE_SIZE > next->vm_start)
		return mm->brk;
	mmap_region(mm, oldbrk, newbrk - oldbrk, vm_flags, NULL,
		    oldbrk >> PAGE_SHIFT, true);
	mm->brk = brk;
	return brk;
}

unsigned long do_brk(struct mm_struct *mm, unsigned long brk)
{
	phase_guard(PHASE_MMAP);
	unsigned long ret;

	mmap_write_lock(mm);
	ret = __do_brk(mm, brk);
	mmap_write_unlock(mm);
	return ret;
}

static int __madvise_dontneed(struct mm_struct *mm, unsigned long start,
			      unsigned long len)
{
	unsigned long end = start + PAGE_ALIGN(len);
	struct vm_area_struct *vma;
	int unmapped = 0;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma->vm_next) {
		unsigned long s = vma->vm_start > start ? vma->vm_start : start;
		unsigned long e = vma->vm_end < end ? vma->vm_end : end;

		zap_page_range(vma, s, e, false);
	}
	/* like the kernel, report a hole only after doing the rest */
	for (vma = find_vma(mm, start); start < end; vma = vma->vm_next) {
		if (!vma || vma->vm_start > start) {
			unmapped = 1;
			break;
		}
		start = vma->vm_end;
	}
	return unmapped ? -ENOMEM : 0;
}

/*
 * sys_madvise(): mmap_sem for read, as MADV_DONTNEED took it from
 * madvise_need_mmap_write (2.6.34 has it); 2.4.27 and 2.6.12 took it
 * for write, for every advice.
 */
int madvise_dontneed(struct mm_struct *mm, unsigned long start,
		     unsigned long len)
{
	phase_guard(PHASE_ZAP);
	int ret;

	mmap_read_lock(mm);
	ret = __madvise_dontneed(mm, start, len);
	mmap_read_unlock(mm);
	return ret;
}

int mm_validate(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *prev = NULL;
	struct rb_node *rb = rb_first(&mm->mm_rb);
	int n = 0;

	for (vma = mm->mmap; vma; prev = vma, vma = vma->vm_next, n++) {
		if (!rb || rb_entry(rb, struct vm_area_struct, vm_rb) != vma)
			return -1;
		if (vma->vm_prev != prev || vma->vm_start >= vma->vm_end ||
		    (prev && prev->vm_end > vma->vm_start) ||
		    (vma->vm_start | vma->vm_end) & ~PAGE_MASK)
			return -2;
		rb = rb_next(rb);
	}
	if (rb || n != mm->map_count || rb_validate(&mm->mm_rb))
		return -3;
	return 0;
}
