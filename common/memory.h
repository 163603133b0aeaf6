/*
 * The fault handler and the per-pte loops of the mm: zap (munmap, exit),
 * copy_page_range (fork), move_page_tables (mremap), change_protection
 * (mprotect). Each calls rmap per pte exactly where the kernel does.
 */
#ifndef RMAP_MEMORY_H
#define RMAP_MEMORY_H

#include <stdbool.h>

#include "common/mm_types.h"

#define VM_FAULT_MINOR		0
#define VM_FAULT_SIGSEGV	1
#define VM_FAULT_SIGBUS		2
#define VM_FAULT_OOM		3

/* A page fault at addr (do_page_fault): takes mmap_sem for read. */
int handle_mm_fault(struct mm_struct *mm, unsigned long addr, bool write);
/* Touches every page of [start, start + len); the first failing fault's code. */
int touch_range(struct mm_struct *mm, unsigned long start, unsigned long len,
		bool write);
/* touch_range for a caller holding mmap_sem (mlock's make_pages_present) */
int make_pages_present(struct mm_struct *mm, unsigned long start,
		       unsigned long len, bool write);
/* fullmm: exit's zap of the whole mm (the kernel's tlb->fullmm) */
void zap_page_range(struct vm_area_struct *vma, unsigned long start,
		    unsigned long end, bool fullmm);
int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *dst_vma,
		    struct vm_area_struct *src_vma);
/*
 * Moves ptes of [old_addr, old_addr + len) to new_addr; -1 when out of
 * memory. need_rmap_locks: copy_vma merged the destination into a vma
 * that a walk could meet before the source (3.7+ takes rmap locks then).
 */
int move_page_tables(struct vm_area_struct *vma, unsigned long old_addr,
		     struct vm_area_struct *new_vma, unsigned long new_addr,
		     unsigned long len, bool need_rmap_locks);
void change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, bool writable);

#endif
