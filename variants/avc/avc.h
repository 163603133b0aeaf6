/*
 * The anon_vma_chain family (2.6.34 to today): the structures and the
 * shared core of four anonymous rmap schemes that differ in how an
 * anon_vma holds its chains and in what fork may reuse.
 *
 *   avc        2.6.34-3.6   anon_vma->head, a list of avcs, in the form
 *                           of each range of releases (switch form)
 *   avc_itree  3.7-3.18     anon_vma->rb_root, an interval tree of avcs
 *   avc_degree 3.19-5.19    the tree, plus fork reusing an anon_vma of
 *                           degree below 2 (7a3ef208e662)
 *   avc_reuse  6.0-today    the tree, plus fork reusing an idle anon_vma
 *                           (num_children, num_active_vmas; 2555283eb40d)
 *
 * A vma's same_vma list (vma->anon_vma_node, newest first, the oldest
 * last) holds one avc per anon_vma its pages may belong to: its own, and
 * every ancestor's. Fork clones the whole chain and adds a level, so
 * chains cost O(fork depth) per vma at every fork, split and mremap; that
 * growth is what fork's reuse of idle anon_vmas bounds (3.19, reworked in
 * 6.0).
 */
#ifndef RMAP_VARIANTS_AVC_H
#define RMAP_VARIANTS_AVC_H

#include <stdbool.h>
#include <stddef.h>

#include "common/lock.h"
#include "common/rmap.h"

/*
 * The part of struct anon_vma the model keeps for every version: the root
 * (2.6.36+), whose lock serialises the whole family, and the refcount: one
 * for "in use" (chains on it) plus one per non-root anon_vma pinning its
 * root (2.6.36's external_refcount with its list-empty test, 2.6.39's
 * plain refcount). 2.6.34-2.6.35 had neither: there each anon_vma is its
 * own root and is freed when its list empties.
 */
struct anon_vma {
	struct anon_vma *root;
	int refcount;
	/*
	 * the root's locks the family (2.6.36+, 012f18004da3 "mm: always
	 * lock the root (oldest) anon_vma"): a spinlock, a mutex from 3.0
	 * (2b575eb64f7a), an rwsem from 3.8 (5a505085f043), whose walks
	 * share it (4fc3f1d66b1e, 3.8)
	 */
	union era_lock lock;
};

/* What every anon_vma_chain has: its vma, its anon_vma, the vma's list. */
struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma;
};

/* 2.6.34-3.6: the anon_vma lists its avcs. */
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

/*
 * 3.19+: the anon_vma this one forked from, and fork's reuse counters:
 * 3.19-5.19's degree (vmas using it plus child anon_vmas, a root counting
 * itself), 6.0's num_children and num_active_vmas (2555283eb40d).
 */
struct anon_vma_reuse {
	struct anon_vma_tree t;
	struct anon_vma *parent;
	union {
		unsigned long degree;
		struct {
			unsigned long num_children;
			unsigned long num_active_vmas;
		};
	};
};

/* How one version stores avcs under their anon_vma. */
struct avc_flavour {
	size_t avc_size;		/* the kernel's anon_vma_chain */
	void (*anon_vma_init)(struct anon_vma *av);
	/* into av's list (at its head or tail) or tree */
	void (*insert)(struct anon_vma_chain *avc, bool head);
	void (*remove)(struct anon_vma_chain *avc);
	bool (*empty)(struct anon_vma *av);
	/* avcs held, each checked to point back at av; -1 if corrupt */
	long (*count)(struct anon_vma *av);
};

/* vma_adjust's anon_vma lock, by era (avc_adjust_anon_lock). */
enum adjust_lock {
	ADJUST_NONE,		/* 2.6.34-2.6.35: none (287d97ac032) */
	ADJUST_INSERT,		/* 2.6.36-2.6.39: insert, importer or start */
	ADJUST_IMPORT,		/* 3.0-3.6: importer or start */
	ADJUST_TREES,		/* 3.7+: whenever a tree must be updated */
};

/* What fork's anon_vma_clone may adopt instead of a new anon_vma. */
enum reuse_rule {
	REUSE_NONE,		/* 2.6.34-3.18: nothing */
	REUSE_DEGREE,		/* 3.19-5.19: degree < 2, not src's own */
	REUSE_IDLE,		/* 6.0+: no vma, at most one child */
};

/* is_mergeable_anon_vma(), by era (avc_anon_vma_mergeable). */
enum merge_rule {
	MERGE_ANY,		/* 2.6.34-2.6.39: one NULL, or both equal */
	MERGE_SINGULAR,		/* 3.0-6.15: the neighbour's chain singular */
	MERGE_SOURCE,		/* 6.16-6.18: the faulted side's, not a copy's */
	MERGE_COPIED,		/* 6.19+: mremap's copy's too */
};

/*
 * The rules of one range of releases: what the anon_vma costs and which
 * locks and orders its code took. A scheme's switch picks one.
 */
struct avc_era {
	size_t anon_vma_size;		/* the kernel's struct anon_vma */
	bool root;			/* anon_vma->root, pinned (2.6.36+) */
	/*
	 * 2.6.34-2.6.35: every first mapping of a page rewrites its
	 * anon_vma (no PageAnon test in __page_set_anon_rmap), a new
	 * anon_vma_prepare avc goes at the list's head, and vma_link takes
	 * the anon_vma lock of a vma that has one (mremap's copy)
	 */
	bool first_map_resets, prepare_at_head, link_lock;
	bool drop_lock;			/* drop_anon_vma (2.6.36-2.6.38) */
	bool batch_lock;		/* lock_anon_vma_root() (3.0+) */
	bool moveto_tail;		/* anon_vma_moveto_tail (3.3-3.6) */
	enum lock_kind lock_kind;	/* what the anon_vma lock is */
	enum adjust_lock adjust_lock;
	enum merge_rule merge;
	enum reuse_rule reuse;
};

/*
 * anon_vma_lock_write/read (3.8's names): the root's lock, which is the
 * anon_vma's own before 2.6.36 (each its own root)
 */
static inline void anon_vma_lock_write(struct anon_vma *av)
{
	era_lock(LOCK_ANON, &av->root->lock);
}

static inline void anon_vma_unlock_write(struct anon_vma *av)
{
	era_unlock(LOCK_ANON, &av->root->lock);
}

static inline void anon_vma_lock_read(struct anon_vma *av)
{
	era_lock_read(LOCK_ANON, &av->root->lock);
}

static inline void anon_vma_unlock_read(struct anon_vma *av)
{
	era_unlock_read(LOCK_ANON, &av->root->lock);
}

extern const struct avc_flavour *avc_flavour;
extern const struct avc_era *avc_era;

static inline struct anon_vma_reuse *reuse_of(struct anon_vma *av)
{
	return container_of(av, struct anon_vma_reuse, t.av);
}

int avc_init(const struct avc_flavour *f, const struct avc_era *era);
void avc_exit(void);
void avc_vma_link(struct vm_area_struct *vma);
int avc_anon_vma_prepare(struct vm_area_struct *vma);
void avc_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma);
void avc_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src,
		   enum clone_reason why);
void avc_vma_unlink(struct vm_area_struct *vma, bool merge);
union era_lock *avc_adjust_anon_lock(const struct vma_adjust_info *ai);
union era_lock *avc_anon_vma_lockp(struct vm_area_struct *vma);
bool avc_anon_vma_mergeable(void *anon_vma1, void *anon_vma2,
			    struct vm_area_struct *vma,
			    struct vm_area_struct *src, bool copied);
void avc_page_add_anon(struct page *page, struct vm_area_struct *vma,
		       unsigned long addr, pte_t *ptep, bool exclusive);
void avc_page_reuse(struct page *page, struct vm_area_struct *vma,
		    unsigned long addr);
void avc_anon_vma_moveto_tail(struct vm_area_struct *vma);
int avc_validate(void);
void avc_vma_anon_objects(struct vm_area_struct *vma,
			  void (*fn)(const void *obj,
				     struct vm_area_struct *vma, void *arg),
			  void *arg);

/* The hooks the four schemes share. */
#define AVC_CORE_HOOKS							\
	.sides = RMAP_SIDE_ANON,					\
	.flags = RMAP_USES_ANON_VMA,					\
	/* vma->anon_vma_chain list head and vma->anon_vma */		\
	.vma_bytes = 24,						\
	.exit = avc_exit,						\
	.vma_link = avc_vma_link,					\
	.vma_unlink = avc_vma_unlink,					\
	.anon_vma_prepare = avc_anon_vma_prepare,			\
	.vma_fork = avc_vma_fork,					\
	.vma_clone = avc_vma_clone,					\
	.adjust_anon_lock = avc_adjust_anon_lock,			\
	.anon_vma_lockp = avc_anon_vma_lockp,				\
	.anon_vma_mergeable = avc_anon_vma_mergeable,			\
	.page_add_anon = avc_page_add_anon,				\
	.page_reuse = avc_page_reuse,					\
	.vma_anon_objects = avc_vma_anon_objects,			\
	.validate = avc_validate

#endif
