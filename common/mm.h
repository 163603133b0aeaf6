/*
 * The address-space operations: mmap, munmap, mprotect, mremap, brk, fork,
 * exit and exec, with vma split and merge as the 2.6 kernels did them
 * (vma_merge's eight cases, vma_adjust's importer and exporter), calling the
 * rmap hooks wherever the kernel touched i_mmap or anon_vma.
 */
#ifndef RMAP_MM_H
#define RMAP_MM_H

#include <stdbool.h>

#include "common/mm_types.h"

#define MMAP_BASE	0x7f0000000000UL
#define MMAP_MIN_ADDR	0x10000UL
#define BRK_BASE	0x01000000UL

#define IS_ERR_VALUE(x)	((unsigned long)(x) >= (unsigned long)-4095)

/* mmap flags and prot, as the syscalls take them */
#define RM_PROT_READ	0x1
#define RM_PROT_WRITE	0x2
#define RM_PROT_EXEC	0x4
#define RM_MAP_SHARED	0x01
#define RM_MAP_PRIVATE	0x02
#define RM_MAP_FIXED	0x10
#define RM_MAP_ANON	0x20
#define RM_MREMAP_MAYMOVE	1
#define RM_MREMAP_FIXED		2

extern struct list_head mm_list;

/* Every vma of every mm: the validators' loop over the model. */
#define for_each_mm_vma(mm, vma)					\
	list_for_each_entry(mm, &mm_list, mmlist)			\
		for (vma = (mm)->mmap; vma; vma = (vma)->vm_next)

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/*
 * Around a change to the mm's vmas (tree, list, bounds, flags): its
 * page_table_lock where a walk finds vmas under it (RMAP_FINDS_VMA).
 */
void vma_tree_lock(struct mm_struct *mm);
void vma_tree_unlock(struct mm_struct *mm);
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);

/* Each returns the address or a negative errno as an unsigned long. */
unsigned long do_mmap(struct mm_struct *mm, unsigned long addr,
		      unsigned long len, int prot, int flags,
		      struct address_space *file, unsigned long pgoff);
unsigned long do_mremap(struct mm_struct *mm, unsigned long addr,
			unsigned long old_len, unsigned long new_len,
			int flags, unsigned long new_addr);
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		int prot);
/* mlock (on) or munlock: VM_LOCKED, and mlock faults the range in. */
int do_mlock(struct mm_struct *mm, unsigned long start, unsigned long len,
	     bool on);
/* sys_brk(): returns the new break, or the old one on failure. */
unsigned long do_brk(struct mm_struct *mm, unsigned long brk);
int madvise_dontneed(struct mm_struct *mm, unsigned long start,
		     unsigned long len);

/* A fresh mm, as exec makes; NULL when out of memory. */
struct mm_struct *mm_new(void);
/* fork's dup_mmap; NULL when out of memory. */
struct mm_struct *dup_mm(struct mm_struct *oldmm);
void mmget(struct mm_struct *mm);
/* Drops a user; the last one tears the address space down (exit_mmap). */
void mmput(struct mm_struct *mm);
/* exec: drops @mm and returns a fresh one, or NULL when out of memory. */
struct mm_struct *exec_mm(struct mm_struct *mm);

/* Internal to the mm: mmap.c's, shared by fork.c, mprotect.c, mremap.c */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *orig);
unsigned long calc_vm_flags(int prot, int flags);
void find_vma_links(struct mm_struct *mm, unsigned long addr,
		    struct vm_area_struct **pprev, struct rb_node ***rb_link,
		    struct rb_node **rb_parent);
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma,
	      struct vm_area_struct *prev, struct rb_node **rb_link,
	      struct rb_node *rb_parent);
void vma_adjust(struct vm_area_struct *vma, unsigned long start,
		unsigned long end, unsigned long pgoff,
		struct vm_area_struct *insert);
struct vm_area_struct *vma_merge(struct mm_struct *mm,
		struct vm_area_struct *prev, unsigned long addr,
		unsigned long end, unsigned long vm_flags,
		struct vm_area_struct *src, bool copied,
		struct address_space *file, unsigned long pgoff);
void split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	       unsigned long addr, bool new_below);
unsigned long get_unmapped_area(struct mm_struct *mm, unsigned long len,
				unsigned long hint);
/* do_munmap for a caller holding mmap_sem for write (mmap, brk, mremap) */
int __do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len);
/* munmap's and exit's: the vmas from vma on leave, unlinked as in the era */
void remove_vma_list(struct vm_area_struct *vma);
void vma_file_get(struct vm_area_struct *vma);
void vma_cache_destroy(void);
/* 0 if the vma list, the rbtree and map_count agree */
int mm_validate(struct mm_struct *mm);

#endif
