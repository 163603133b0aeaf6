/*
 * The anon_vma_chain family (2.6.34 to today): the structures and the
 * shared core of three anonymous rmap schemes that differ only in how an
 * anon_vma holds its chains and in what fork may reuse.
 *
 *   avc        2.6.34-3.6   anon_vma->head, a list of avcs (2.6.36 form,
 *                           with the root anon_vma and its lock)
 *   avc_itree  3.7-3.18     anon_vma->rb_root, an interval tree of avcs
 *   avc_reuse  6.0-today    the tree, plus fork reusing an idle anon_vma
 *                           (num_children, num_active_vmas); 3.19-5.19's
 *                           `degree` heuristic is not modelled
 *
 * A vma's same_vma list (vma->anon_vma_node, newest first, the root last)
 * holds one avc per anon_vma its pages may belong to: its own, and every
 * ancestor's. Fork clones the whole chain and adds a level, so chains cost
 * O(fork depth) per vma at every fork, split and mremap; that growth is
 * what fork's reuse of idle anon_vmas bounds (3.19, reworked in 6.0).
 */
#ifndef RMAP_VARIANTS_AVC_H
#define RMAP_VARIANTS_AVC_H

#include <stdbool.h>
#include <stddef.h>

#include "common/rmap.h"

/*
 * The part of struct anon_vma every version has: the root (2.6.36+), whose
 * lock serialises the whole family, and the refcount: one for "in use"
 * (chains on it) plus one per non-root anon_vma pinning its root (2.6.36's
 * external_refcount with its list-empty test, 2.6.39's plain refcount).
 */
struct anon_vma {
	struct anon_vma *root;
	int refcount;
};

/* What every anon_vma_chain has: its vma, its anon_vma, the vma's list. */
struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma;
};

/* 2.6.34-3.6: the anon_vma lists its avcs (40 B with lock and root). */
struct anon_vma_list {
	struct anon_vma av;
	struct list_head head;
};

struct avc_list {			/* 48 B */
	struct anon_vma_chain avc;
	struct list_head same_anon_vma;
};

/* 3.7+: an interval tree of avcs keyed on their vma's pgoff range. */
struct anon_vma_tree {
	struct anon_vma av;
	struct rb_root_cached rb_root;
};

struct avc_tree {			/* 64 B */
	struct anon_vma_chain avc;
	struct rb_node rb;
	unsigned long rb_subtree_last;
};

/* 6.0+: the reuse counters of 2555283eb40d. */
struct anon_vma_reuse {
	struct anon_vma_tree t;
	struct anon_vma *parent;	/* the one this forked from */
	unsigned long num_children;	/* live children; a root: +1 */
	unsigned long num_active_vmas;	/* vmas with it as anon_vma */
};

/* How one version stores avcs under their anon_vma, and its costs. */
struct avc_flavour {
	size_t anon_vma_size, avc_size;	/* the kernel's object sizes */
	bool batch_lock;		/* lock_anon_vma_root() (3.0+) */
	/*
	 * vma_adjust takes the anon_vma lock only when the vma gains pages
	 * or moves its start (2.6.36-3.6), or whenever the trees need their
	 * pre/post updates (3.7+)
	 */
	bool adjust_lock_always;
	bool reuse;			/* num_children / num_active_vmas */
	void (*anon_vma_init)(struct anon_vma *av);
	void (*insert)(struct anon_vma_chain *avc);
	void (*remove)(struct anon_vma_chain *avc);
	bool (*empty)(struct anon_vma *av);
	/* avcs held, each checked to point back at av; -1 if corrupt */
	long (*count)(struct anon_vma *av);
};

extern const struct avc_flavour *avc_flavour;

static inline struct anon_vma_reuse *reuse_of(struct anon_vma *av)
{
	return container_of(av, struct anon_vma_reuse, t.av);
}

int avc_init(const struct avc_flavour *f);
void avc_exit(void);
int avc_anon_vma_prepare(struct vm_area_struct *vma);
void avc_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma);
void avc_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src,
		   enum clone_reason why);
void avc_vma_unlink(struct vm_area_struct *vma, bool merge);
bool avc_adjust_anon_lock(const struct vma_adjust_info *ai);
void avc_page_add_anon(struct page *page, struct vm_area_struct *vma,
		       unsigned long addr, pte_t *ptep, bool exclusive);
void avc_page_reuse(struct page *page, struct vm_area_struct *vma,
		    unsigned long addr);
int avc_validate(void);

/* The hooks the three schemes share. */
#define AVC_CORE_HOOKS							\
	.sides = RMAP_SIDE_ANON,					\
	.flags = RMAP_USES_ANON_VMA,					\
	/* vma->anon_vma_chain list head and vma->anon_vma */		\
	.vma_bytes = 24,						\
	.exit = avc_exit,						\
	.vma_unlink = avc_vma_unlink,					\
	.anon_vma_prepare = avc_anon_vma_prepare,			\
	.vma_fork = avc_vma_fork,					\
	.vma_clone = avc_vma_clone,					\
	.adjust_anon_lock = avc_adjust_anon_lock,			\
	.page_add_anon = avc_page_add_anon,				\
	.page_reuse = avc_page_reuse,					\
	.validate = avc_validate

#endif
