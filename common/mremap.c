/*
 * mremap (mm/mremap.c): growing or shrinking a mapping in place, or moving
 * it: copy_vma makes (or merges) the vma at the destination, keeping the
 * anonymous pages' pgoff so their index stays valid, move_page_tables moves
 * the ptes under the era's rmap locks, and the old range is unmapped.
 */
#include <errno.h>

#include "common/lock.h"
#include "common/memory.h"
#include "common/mm.h"
#include "common/phase.h"
#include "common/rmap.h"

/*
 * copy_vma(): the vma at the destination of a move, merged if it can be.
 * An anonymous vma with no anon_vma (never faulted) takes its pgoff from the
 * new address; otherwise pgoff is kept so page->index stays valid. Schemes
 * without anon_vma (before 2.6.7) had no such rule, and keep it.
 */
static struct vm_area_struct *copy_vma(struct vm_area_struct *vma,
				       unsigned long addr, unsigned long len,
				       unsigned long pgoff,
				       bool *need_rmap_locks)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *new, *prev;
	struct rb_node **rb_link, *rb_parent;
	unsigned long vma_start = vma->vm_start;

	if (!vma->vm_file && !vma->anon_state &&
	    (rmap_cfg.anon->flags & RMAP_USES_ANON_VMA))
		pgoff = addr >> PAGE_SHIFT;
	find_vma_links(mm, addr, &prev, &rb_link, &rb_parent);
	new = vma_merge(mm, prev, addr, addr + len, vma->vm_flags, vma, true,
			vma->vm_file, pgoff);
	if (new) {
		/*
		 * The source itself may have been merged into new (and freed):
		 * only possible while it was never faulted, as the kernel's
		 * copy_vma() notes, so new stands for it.
		 */
		if (vma_start >= new->vm_start && vma_start < new->vm_end)
			vma = new;
		/*
		 * The moved pages keep their anon_vma: a neighbour without
		 * one must import it, or no walk finds them. A deliberate
		 * departure from 2.6.7-2.6.33, whose copy_vma merged into
		 * such a prev (vma_merge case 2: no importer) and lost the
		 * pages to rmap (docs/generations.md); 6.x imports
		 * (dup_anon_vma), 3.0-6.15's singular-chain veto stopped
		 * such merges, and 6.16-6.18 missed the case again
		 * (61f67c230a5e).
		 */
		vma_import_anon(new, vma, CLONE_COPY);
		if (vma != new)
			anon_call(anon_vma_moveto_tail, new);
		/* a walk may meet new before the source: 3.7's ordering */
		*need_rmap_locks = new->vm_pgoff <= vma->vm_pgoff;
		return new;
	}
	*need_rmap_locks = false;
	new = vm_area_dup(vma);
	new->vm_start = addr;
	new->vm_end = addr + len;
	new->vm_pgoff = pgoff;
	rmap_call(vma_clone, new, vma, CLONE_COPY);
	vma_link(mm, new, prev, rb_link, rb_parent);
	return new;
}

static unsigned long move_vma(struct vm_area_struct *vma,
			      unsigned long old_addr, unsigned long old_len,
			      unsigned long new_len, unsigned long new_addr)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long pgoff = vma->vm_pgoff +
			      ((old_addr - vma->vm_start) >> PAGE_SHIFT);
	struct vm_area_struct *new_vma;
	bool need_rmap_locks;

	new_vma = copy_vma(vma, new_addr, new_len, pgoff, &need_rmap_locks);
	/* the source may have been merged into new_vma: look it up again */
	vma = find_vma(mm, old_addr);
	if (move_page_tables(vma, old_addr, new_vma, new_addr, old_len,
			     need_rmap_locks)) {
		__do_munmap(mm, new_addr, new_len);
		return (unsigned long)-ENOMEM;
	}
	__do_munmap(mm, old_addr, old_len);
	return new_addr;
}

static unsigned long __do_mremap(struct mm_struct *mm, unsigned long addr,
				 unsigned long old_len, unsigned long new_len,
				 int flags, unsigned long new_addr)
{
	struct vm_area_struct *vma;

	if ((flags & ~(RM_MREMAP_MAYMOVE | RM_MREMAP_FIXED)) ||
	    (addr & ~PAGE_MASK))
		return (unsigned long)-EINVAL;
	if ((flags & RM_MREMAP_FIXED) && !(flags & RM_MREMAP_MAYMOVE))
		return (unsigned long)-EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len || addr > TASK_SIZE - old_len)
		return (unsigned long)-EINVAL;
	if (flags & RM_MREMAP_FIXED) {
		if ((new_addr & ~PAGE_MASK) || new_addr < MMAP_MIN_ADDR ||
		    new_addr > TASK_SIZE - new_len ||
		    (new_addr < addr + old_len && addr < new_addr + new_len))
			return (unsigned long)-EINVAL;
		__do_munmap(mm, new_addr, new_len);
		if (old_len > new_len) {
			__do_munmap(mm, addr + new_len, old_len - new_len);
			old_len = new_len;
		}
	} else if (old_len >= new_len) {
		__do_munmap(mm, addr + new_len, old_len - new_len);
		return addr;
	}
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr || !old_len ||
	    old_len > vma->vm_end - addr)
		return (unsigned long)-EFAULT;
	if (!(flags & RM_MREMAP_FIXED) && old_len == vma->vm_end - addr &&
	    addr + new_len <= TASK_SIZE &&
	    (!vma->vm_next || vma->vm_next->vm_start >= addr + new_len)) {
		vma_adjust(vma, vma->vm_start, addr + new_len, vma->vm_pgoff,
			   NULL);
		return addr;
	}
	if (!(flags & RM_MREMAP_MAYMOVE))
		return (unsigned long)-ENOMEM;
	if (!(flags & RM_MREMAP_FIXED)) {
		new_addr = get_unmapped_area(mm, new_len, 0);
		if (IS_ERR_VALUE(new_addr))
			return new_addr;
	}
	return move_vma(vma, addr, old_len, new_len, new_addr);
}

unsigned long do_mremap(struct mm_struct *mm, unsigned long addr,
			unsigned long old_len, unsigned long new_len,
			int flags, unsigned long new_addr)
{
	phase_guard(PHASE_MMAP);
	unsigned long ret;

	mmap_write_lock(mm);
	ret = __do_mremap(mm, addr, old_len, new_len, flags, new_addr);
	mmap_write_unlock(mm);
	return ret;
}
