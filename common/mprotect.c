/*
 * Changing a range's vm_flags: mprotect (mm/mprotect.c) and mlock and
 * munlock (mm/mlock.c), which walk the range's vmas alike and give each
 * piece its new flags by merging it into a neighbour or splitting it off
 * (mprotect_fixup, mlock_fixup). A private mapping made writable is charged
 * to overcommit (VM_ACCOUNT) and keeps the charge when made read-only
 * again, so it no longer merges with a never-writable neighbour.
 */
#include <errno.h>

#include "common/lock.h"
#include "common/memory.h"
#include "common/mm.h"
#include "common/phase.h"

/*
 * The vma covering [start, end) of vma takes newflags: merged into a
 * neighbour if one matches, else split off. *pprev becomes that vma.
 */
static struct vm_area_struct *vma_modify_flags(struct vm_area_struct *vma,
		struct vm_area_struct **pprev, unsigned long start,
		unsigned long end, unsigned long newflags)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *merged;
	unsigned long pgoff;

	if (newflags == vma->vm_flags) {
		*pprev = vma;
		return vma;
	}
	pgoff = vma->vm_pgoff + ((start - vma->vm_start) >> PAGE_SHIFT);
	merged = vma_merge(mm, *pprev, start, end, newflags, vma, false,
			   vma->vm_file, pgoff);
	if (merged) {
		vma = merged;
	} else {
		if (start != vma->vm_start)
			split_vma(mm, vma, start, true);
		if (end != vma->vm_end)
			split_vma(mm, vma, end, false);
	}
	*pprev = vma;
	/* 2.6.0's mprotect_fixup and mlock_fixup: under page_table_lock */
	vma_tree_lock(mm);
	vma->vm_flags = newflags;
	vma_tree_unlock(mm);
	return vma;
}

/*
 * Each vma of [start, start + len) takes newflags(vma's flags, arg), and
 * then done(vma, start, end, oldflags) runs on its piece. -ENOMEM when the
 * range has a hole (what lies before it is changed already, as in the
 * kernel), -EINVAL when start is not page aligned.
 */
static int change_range(struct mm_struct *mm, unsigned long start,
			unsigned long len,
			unsigned long (*newflags)(unsigned long, int),
			void (*done)(struct vm_area_struct *, unsigned long,
				     unsigned long, unsigned long),
			int arg)
{
	unsigned long end, nstart, tmp, oldflags;
	struct vm_area_struct *vma, *prev;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	vma = find_vma_prev(mm, start, &prev);
	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	if (start > vma->vm_start)
		prev = vma;
	for (nstart = start; ; ) {
		oldflags = vma->vm_flags;
		tmp = vma->vm_end < end ? vma->vm_end : end;
		vma = vma_modify_flags(vma, &prev, nstart, tmp,
				       newflags(oldflags, arg));
		done(vma, nstart, tmp, oldflags);
		nstart = tmp;
		if (nstart < prev->vm_end)
			nstart = prev->vm_end;
		if (nstart >= end)
			return 0;
		vma = prev->vm_next;
		if (!vma || vma->vm_start != nstart)
			return -ENOMEM;
	}
}

static unsigned long mprotect_flags(unsigned long flags, int prot)
{
	unsigned long rwx = VM_READ | VM_WRITE | VM_EXEC;
	unsigned long newflags = (calc_vm_flags(prot, 0) & rwx) |
				 (flags & ~rwx);

	if ((newflags & VM_WRITE) &&
	    !(flags & (VM_ACCOUNT | VM_WRITE | VM_SHARED)))
		newflags |= VM_ACCOUNT;
	return newflags;
}

/* change_protection(): write access removed from the ptes at once. */
static void mprotect_done(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, unsigned long oldflags)
{
	if ((oldflags & VM_WRITE) && !(vma->vm_flags & VM_WRITE))
		change_protection(vma, start, end, false);
}

int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		int prot)
{
	phase_guard(PHASE_MMAP);
	int ret;

	mmap_write_lock(mm);
	ret = change_range(mm, start, len, mprotect_flags, mprotect_done,
			   prot);
	mmap_write_unlock(mm);
	return ret;
}

static unsigned long mlock_flags(unsigned long flags, int on)
{
	return on ? flags | VM_LOCKED : flags & ~VM_LOCKED;
}

/*
 * make_pages_present(): mlock faults the range in, writing where the vma
 * is writable, under the mmap_sem it holds for write (2.4-3.8; 3.9's
 * mm_populate faults after dropping it); munlock leaves the pages as they
 * are (2.6.x).
 */
static void mlock_done(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, unsigned long oldflags)
{
	(void)oldflags;
	if (vma->vm_flags & VM_LOCKED)
		make_pages_present(vma->vm_mm, start, end - start,
				   vma->vm_flags & VM_WRITE);
}

int do_mlock(struct mm_struct *mm, unsigned long start, unsigned long len,
	     bool on)
{
	phase_guard(PHASE_MMAP);
	int ret;

	mmap_write_lock(mm);
	ret = change_range(mm, start, len, mlock_flags, mlock_done, on);
	mmap_write_unlock(mm);
	return ret;
}
