/*
 * Augmented red-black trees (include/linux/rbtree_augmented.h, 3.5+; the
 * _MAX callback generator is 5.4+): each node carries a value summarising
 * its subtree, kept current through three callbacks while the tree is
 * rebalanced.  Cost that matters: erase and insert pay an extra walk up
 * the changed path, stopping early once a summary no longer changes.
 */
#ifndef RMAP_LIB_RBTREE_AUGMENTED_H
#define RMAP_LIB_RBTREE_AUGMENTED_H

#include "common/lib/rbtree.h"
#include "common/lib/tree_visit.h"

/*
 * propagate: recompute summaries from @node upwards until @stop.
 * copy:      @new takes over @old's position; give it @old's summary.
 * rotate:    @new replaced @old as subtree root by a rotation; @new gets
 *            @old's summary and @old must be recomputed.
 */
struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

void __rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			   void (*augment_rotate)(struct rb_node *old,
						  struct rb_node *new));
void __rb_erase_color(struct rb_node *parent, struct rb_root *root,
		      void (*augment_rotate)(struct rb_node *old,
					     struct rb_node *new));

/*
 * The caller must have set the new node's summary and raised those of its
 * ancestors on the way down (a leaf's summary only widens theirs); this
 * only keeps summaries right across the rebalancing rotations.
 */
static inline void
rb_insert_augmented(struct rb_node *node, struct rb_root *root,
		    const struct rb_augment_callbacks *augment)
{
	__rb_insert_augmented(node, root, augment->rotate);
}

static inline void
rb_insert_augmented_cached(struct rb_node *node, struct rb_root_cached *root,
			   bool leftmost,
			   const struct rb_augment_callbacks *augment)
{
	if (leftmost)
		root->rb_leftmost = node;
	rb_insert_augmented(node, &root->rb_root, augment);
}

/*
 * Generate the callbacks for a summary that is the maximum of compute(node)
 * over the subtree.  Produces RBNAME##_propagate/_copy/_rotate, the helper
 * RBNAME##_compute_max and "RBSTATIC const struct rb_augment_callbacks
 * RBNAME".
 *
 * RBSTATIC:    storage class of the callbacks struct (static or empty)
 * RBNAME:      name of the callbacks struct
 * RBSTRUCT:    struct type embedding the rb_node
 * RBFIELD:     name of the struct rb_node member
 * RBTYPE:      type of the summary
 * RBAUGMENTED: name of the summary member
 * RBCOMPUTE:   function-like macro or function: node pointer -> own value
 */
#define RB_DECLARE_CALLBACKS_MAX(RBSTATIC, RBNAME, RBSTRUCT, RBFIELD,	      \
				 RBTYPE, RBAUGMENTED, RBCOMPUTE)	      \
/* Returns true (with @exit) when the stored summary was already right. */   \
static inline bool RBNAME ## _compute_max(RBSTRUCT *node, bool exit)	      \
{									      \
	RBSTRUCT *child;						      \
	RBTYPE max = RBCOMPUTE(node);					      \
									      \
	if (node->RBFIELD.rb_left) {					      \
		child = rb_entry(node->RBFIELD.rb_left, RBSTRUCT, RBFIELD);   \
		if (child->RBAUGMENTED > max)				      \
			max = child->RBAUGMENTED;			      \
	}								      \
	if (node->RBFIELD.rb_right) {					      \
		child = rb_entry(node->RBFIELD.rb_right, RBSTRUCT, RBFIELD);  \
		if (child->RBAUGMENTED > max)				      \
			max = child->RBAUGMENTED;			      \
	}								      \
	if (exit && node->RBAUGMENTED == max)				      \
		return true;						      \
	node->RBAUGMENTED = max;					      \
	return false;							      \
}									      \
RB_DECLARE_CALLBACKS(RBSTATIC, RBNAME, RBSTRUCT, RBFIELD, RBAUGMENTED,	      \
		     RBNAME ## _compute_max)

/* Generic form: RBCOMPUTE(node, exit) as RBNAME##_compute_max above. */
#define RB_DECLARE_CALLBACKS(RBSTATIC, RBNAME, RBSTRUCT, RBFIELD,	      \
			     RBAUGMENTED, RBCOMPUTE)			      \
static inline void							      \
RBNAME ## _propagate(struct rb_node *rb, struct rb_node *stop)		      \
{									      \
	/* An unchanged summary means every ancestor's is unchanged too. */   \
	while (rb != stop) {						      \
		RBSTRUCT *node = rb_entry(rb, RBSTRUCT, RBFIELD);	      \
		tree_update_visit();					      \
		if (RBCOMPUTE(node, true))				      \
			break;						      \
		rb = rb_parent(&node->RBFIELD);				      \
	}								      \
}									      \
static inline void							      \
RBNAME ## _copy(struct rb_node *rb_old, struct rb_node *rb_new)	      \
{									      \
	RBSTRUCT *old = rb_entry(rb_old, RBSTRUCT, RBFIELD);		      \
	RBSTRUCT *new = rb_entry(rb_new, RBSTRUCT, RBFIELD);		      \
	new->RBAUGMENTED = old->RBAUGMENTED;				      \
}									      \
static inline void							      \
RBNAME ## _rotate(struct rb_node *rb_old, struct rb_node *rb_new)	      \
{									      \
	RBSTRUCT *old = rb_entry(rb_old, RBSTRUCT, RBFIELD);		      \
	RBSTRUCT *new = rb_entry(rb_new, RBSTRUCT, RBFIELD);		      \
	/* Same node set under the new root; the old root lost a subtree. */ \
	new->RBAUGMENTED = old->RBAUGMENTED;				      \
	RBCOMPUTE(old, false);						      \
}									      \
RBSTATIC __maybe_unused const struct rb_augment_callbacks RBNAME = {	      \
	.propagate = RBNAME ## _propagate,				      \
	.copy = RBNAME ## _copy,					      \
	.rotate = RBNAME ## _rotate					      \
};

#define RB_RED		0
#define RB_BLACK	1

#define __rb_parent(pc)		((struct rb_node *)((pc) & ~3UL))
#define __rb_color(pc)		((pc) & 1)
#define __rb_is_black(pc)	__rb_color(pc)
#define __rb_is_red(pc)		(!__rb_color(pc))
#define rb_color(rb)		__rb_color((rb)->__rb_parent_color)
#define rb_is_red(rb)		__rb_is_red((rb)->__rb_parent_color)
#define rb_is_black(rb)		__rb_is_black((rb)->__rb_parent_color)

static inline void rb_set_parent(struct rb_node *rb, struct rb_node *p)
{
	rb->__rb_parent_color = rb_color(rb) | (unsigned long)p;
}

static inline void rb_set_parent_color(struct rb_node *rb,
				       struct rb_node *p, int color)
{
	rb->__rb_parent_color = (unsigned long)p | (unsigned long)color;
}

/* Point whichever link held @old (parent's child or the root) at @new. */
static inline void __rb_change_child(struct rb_node *old, struct rb_node *new,
				     struct rb_node *parent,
				     struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/*
 * Unlink @node, splicing in its in-order successor when it has two
 * children, and bring the summaries up to date.  Returns the parent of a
 * position that lost a black node (the caller rebalances from there), or
 * NULL when black heights are intact.  Inlined so that constant callbacks
 * fold away.
 */
static __always_inline struct rb_node *
__rb_erase_augmented(struct rb_node *node, struct rb_root *root,
		     const struct rb_augment_callbacks *augment)
{
	struct rb_node *left = node->rb_left, *right = node->rb_right;
	unsigned long pc = node->__rb_parent_color;
	struct rb_node *parent = __rb_parent(pc);
	struct rb_node *succ, *succ_right, *fix, *rebalance;

	if (!left || !right) {
		struct rb_node *only = left ? left : right;

		__rb_change_child(node, only, parent, root);
		if (only) {
			/* A lone child is red under a black node: recolour. */
			only->__rb_parent_color = pc;
			rebalance = NULL;
		} else {
			rebalance = __rb_is_black(pc) ? parent : NULL;
		}
		augment->propagate(parent, NULL);
		return rebalance;
	}

	succ = right;
	if (!succ->rb_left) {
		/* The successor is our right child and keeps its right. */
		fix = succ;
		succ_right = succ->rb_right;
		augment->copy(node, succ);
	} else {
		do {
			fix = succ;
			succ = succ->rb_left;
		} while (succ->rb_left);
		succ_right = succ->rb_right;
		fix->rb_left = succ_right;
		succ->rb_right = right;
		rb_set_parent(right, succ);
		augment->copy(node, succ);
		augment->propagate(fix, succ);
	}

	succ->rb_left = left;
	rb_set_parent(left, succ);
	__rb_change_child(node, succ, parent, root);

	if (succ_right) {
		rb_set_parent_color(succ_right, fix, RB_BLACK);
		rebalance = NULL;
	} else {
		rebalance = rb_is_black(succ) ? fix : NULL;
	}
	succ->__rb_parent_color = pc;
	augment->propagate(succ, NULL);
	return rebalance;
}

static __always_inline void
rb_erase_augmented(struct rb_node *node, struct rb_root *root,
		   const struct rb_augment_callbacks *augment)
{
	struct rb_node *rebalance = __rb_erase_augmented(node, root, augment);

	if (rebalance)
		__rb_erase_color(rebalance, root, augment->rotate);
}

static __always_inline void
rb_erase_augmented_cached(struct rb_node *node, struct rb_root_cached *root,
			  const struct rb_augment_callbacks *augment)
{
	if (root->rb_leftmost == node)
		root->rb_leftmost = rb_next(node);
	rb_erase_augmented(node, &root->rb_root, augment);
}

#endif
