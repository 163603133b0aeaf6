/*
 * The i_mmap lists: every file's private vmas on i_mmap and its VM_SHARED
 * vmas on i_mmap_shared. They predate rmap (2.4 kept them, for truncate),
 * so every generation before the prio tree maintains them: 2.4 and
 * pte_chain only link, unlink and fork them, objrmap also walks them. Each
 * era put a vma in a different place, which decides the order a walk meets
 * the vmas in, and what an insert costs; the rules below are read in each
 * era's mm/mmap.c __vma_link_file() and kernel/fork.c dup_mmap().
 *
 * The lock is the model's business (common/mmap.c and fork.c count
 * i_shared_lock / i_shared_sem at each vma event), and the list_head is
 * the kernel's own (2.4's vm_next_share/vm_pprev_share pair, a list.h list
 * from 2.5.6): rmap adds no bytes to the vma for it.
 */
#ifndef RMAP_I_MMAP_LIST_H
#define RMAP_I_MMAP_LIST_H

#include <stdbool.h>

#include "common/mm_types.h"

/* Where __vma_link_file() puts a vma (mmap, brk, split, mremap's copy). */
enum i_mmap_link {
	I_MMAP_LINK_HEAD,	/* 2.4: at the head of the list */
	I_MMAP_LINK_TAIL,	/* 2.5.6+: list_add_tail */
	I_MMAP_LINK_SORTED,	/* objsort: before the first vma of pgoff >= */
};

struct i_mmap_rules {
	enum i_mmap_link link;
	/* dup_mmap: the child right after its parent, else right before */
	bool fork_after;
};

/*
 * 2.4: head insertion under i_shared_lock, the child just after its parent
 * (2.4.x __vma_link_file and dup_mmap).
 */
extern const struct i_mmap_rules i_mmap_2_4;
/*
 * 2.5.6-2.6.5: list_add_tail at link, and dup_mmap's list_add_tail(&tmp->
 * shared, &mpnt->shared) put the child just before its parent despite the
 * comment above it (50e5b764cd, 2.5.6).
 */
extern const struct i_mmap_rules i_mmap_2_5_6;
/* 2.6.6+: list_add at fork, after the parent (4b5187562d, 2.6.6-rc1) */
extern const struct i_mmap_rules i_mmap_2_6_6;
/*
 * 2.5.66-mm2's objsort (Dave McCracken, "[PATCH 2.5.66-mm2] Optimizaction
 * for object-based rmap", 2003-04-02), as Hugh Dickins fixed it ("[PATCH]
 * fix obj vma sorting", against 2.5.67-mm1, 2003-04-08): each list sorted
 * by vm_pgoff, a vma going in before the first of equal or higher pgoff,
 * relinked whenever its pgoff changes; fork as 2.5.6 (the child, of the
 * same pgoff, just before its parent).
 */
extern const struct i_mmap_rules i_mmap_objsort;

/* The list the vma belongs on. */
struct list_head *i_mmap_list(const struct vm_area_struct *vma);

void i_mmap_list_init(struct address_space *mapping);
void i_mmap_list_link(const struct i_mmap_rules *rules,
		      struct vm_area_struct *vma);
void i_mmap_list_unlink(struct vm_area_struct *vma);
void i_mmap_list_fork(const struct i_mmap_rules *rules,
		      struct vm_area_struct *child,
		      struct vm_area_struct *parent);
/*
 * Around a change of vm_start, vm_end or vm_pgoff (vma_adjust): a sorted
 * list relinks a vma whose pgoff changed (Hugh's move_vma_start).
 */
void i_mmap_list_adjust_begin(const struct i_mmap_rules *rules,
			      struct vm_area_struct *vma);
void i_mmap_list_adjust_end(const struct i_mmap_rules *rules,
			    struct vm_area_struct *vma);
/*
 * Every file vma of every mm is on its file's right list exactly once, the
 * lists hold nothing else, and a sorted list is in vm_pgoff order. Returns
 * 0, or -1 after printing the failure as @scheme's.
 */
int i_mmap_list_validate(const char *scheme, const struct i_mmap_rules *rules);

#endif
