/*
 * Interval tree generator (include/linux/interval_tree_generic.h, 3.7+;
 * rb_root_cached form 4.14+): an augmented rbtree keyed on interval start,
 * each node holding the largest interval end in its subtree.  The i_mmap
 * and anon_vma trees of 3.7+ reverse mapping are instances.  Cost that
 * matters: a stabbing query descends O(log n) nodes to the first match,
 * then each further match costs at most an O(log n) walk; every node
 * examined is counted through tree_visit().
 *
 * INTERVAL_TREE_DEFINE(ITSTRUCT, ITRB, ITTYPE, ITSUBTREE, ITSTART, ITLAST,
 *			ITSTATIC, ITPREFIX)
 *   ITSTRUCT:  struct type of the nodes
 *   ITRB:      name of the struct rb_node member
 *   ITTYPE:    type of the interval endpoints
 *   ITSUBTREE: name of the ITTYPE member caching the subtree's max end
 *   ITSTART(n), ITLAST(n): first and last point of node n, both inclusive
 *   ITSTATIC:  storage class of the generated functions (static or empty)
 *   ITPREFIX:  prefix of the generated function names
 *
 * Generates ITPREFIX_insert, _remove, _iter_first, _iter_next,
 * _insert_after and _validate.  Intervals [start, last] and the query
 * [start, last] intersect iff start <= node last and node start <= last.
 */
#ifndef RMAP_LIB_INTERVAL_TREE_GENERIC_H
#define RMAP_LIB_INTERVAL_TREE_GENERIC_H

#include "common/lib/rbtree_augmented.h"
#include "common/lib/tree_visit.h"

#define INTERVAL_TREE_DEFINE(ITSTRUCT, ITRB, ITTYPE, ITSUBTREE,		      \
			     ITSTART, ITLAST, ITSTATIC, ITPREFIX)	      \
									      \
RB_DECLARE_CALLBACKS_MAX(static, ITPREFIX ## _augment, ITSTRUCT, ITRB,	      \
			 ITTYPE, ITSUBTREE, ITLAST)			      \
									      \
/* Equal starts go right, so duplicates keep their insertion order. */      \
ITSTATIC __maybe_unused void						      \
ITPREFIX ## _insert(ITSTRUCT *node, struct rb_root_cached *root)	      \
{									      \
	struct rb_node **link = &root->rb_root.rb_node, *rb_parent = NULL;    \
	ITTYPE start = ITSTART(node), last = ITLAST(node);		      \
	bool leftmost = true;						      \
	ITSTRUCT *parent;						      \
									      \
	while (*link) {							      \
		rb_parent = *link;					      \
		parent = rb_entry(rb_parent, ITSTRUCT, ITRB);		      \
		tree_update_visit();					      \
		/* Every node on the way down will hold us in its subtree. */ \
		if (parent->ITSUBTREE < last)				      \
			parent->ITSUBTREE = last;			      \
		if (start < ITSTART(parent)) {				      \
			link = &parent->ITRB.rb_left;			      \
		} else {						      \
			link = &parent->ITRB.rb_right;			      \
			leftmost = false;				      \
		}							      \
	}								      \
	node->ITSUBTREE = last;						      \
	rb_link_node(&node->ITRB, rb_parent, link);			      \
	rb_insert_augmented_cached(&node->ITRB, root, leftmost,		      \
				   &ITPREFIX ## _augment);		      \
}									      \
									      \
ITSTATIC __maybe_unused void						      \
ITPREFIX ## _remove(ITSTRUCT *node, struct rb_root_cached *root)	      \
{									      \
	rb_erase_augmented_cached(&node->ITRB, root, &ITPREFIX ## _augment);  \
}									      \
									      \
/*									      \
 * Leftmost node of @node's subtree intersecting [start, last], or NULL.    \
 * The caller guarantees start <= node->ITSUBTREE: some interval here ends  \
 * late enough, the question is only whether one also starts early enough. \
 */									      \
static __maybe_unused ITSTRUCT *					      \
ITPREFIX ## _subtree_search(ITSTRUCT *node, ITTYPE start, ITTYPE last)	      \
{									      \
	ITSTRUCT *child;						      \
									      \
	for (;;) {							      \
		tree_visit();						      \
		if (node->ITRB.rb_left) {				      \
			child = rb_entry(node->ITRB.rb_left, ITSTRUCT, ITRB); \
			/* Lower starts first: go left if it can match. */   \
			if (start <= child->ITSUBTREE) {		      \
				node = child;				      \
				continue;				      \
			}						      \
		}							      \
		/* Everything to the right starts at or after us. */	      \
		if (ITSTART(node) > last)				      \
			return NULL;					      \
		if (start <= ITLAST(node))				      \
			return node;					      \
		if (!node->ITRB.rb_right)				      \
			return NULL;					      \
		node = rb_entry(node->ITRB.rb_right, ITSTRUCT, ITRB);	      \
		if (start > node->ITSUBTREE)				      \
			return NULL;					      \
	}								      \
}									      \
									      \
ITSTATIC __maybe_unused ITSTRUCT *					      \
ITPREFIX ## _iter_first(struct rb_root_cached *root,			      \
			ITTYPE start, ITTYPE last)			      \
{									      \
	ITSTRUCT *node, *leftmost;					      \
									      \
	if (!root->rb_root.rb_node)					      \
		return NULL;						      \
	/* O(1) exits: everything ends too early or starts too late. */      \
	node = rb_entry(root->rb_root.rb_node, ITSTRUCT, ITRB);		      \
	if (node->ITSUBTREE < start)					      \
		return NULL;						      \
	leftmost = rb_entry(root->rb_leftmost, ITSTRUCT, ITRB);		      \
	if (ITSTART(leftmost) > last)					      \
		return NULL;						      \
	return ITPREFIX ## _subtree_search(node, start, last);		      \
}									      \
									      \
/* Next match after @node in start order: right subtree, else ancestors. */ \
ITSTATIC __maybe_unused ITSTRUCT *					      \
ITPREFIX ## _iter_next(ITSTRUCT *node, ITTYPE start, ITTYPE last)	      \
{									      \
	struct rb_node *rb = node->ITRB.rb_right, *prev;		      \
	ITSTRUCT *right;						      \
									      \
	for (;;) {							      \
		/* Invariant: ITSTART(node) <= last, rb is node's right. */  \
		if (rb) {						      \
			right = rb_entry(rb, ITSTRUCT, ITRB);		      \
			if (start <= right->ITSUBTREE)			      \
				return ITPREFIX ## _subtree_search(right,    \
							start, last);	      \
		}							      \
		/* Climb past ancestors whose right side we came from. */   \
		do {							      \
			rb = rb_parent(&node->ITRB);			      \
			if (!rb)					      \
				return NULL;				      \
			prev = &node->ITRB;				      \
			node = rb_entry(rb, ITSTRUCT, ITRB);		      \
			tree_visit();					      \
			rb = node->ITRB.rb_right;			      \
		} while (prev == rb);					      \
									      \
		if (ITSTART(node) > last)				      \
			return NULL;					      \
		if (start <= ITLAST(node))				      \
			return node;					      \
	}								      \
}									      \
									      \
/*									      \
 * Link @node as @prev's in-order successor without a key descent: the     \
 * fork path, where a child vma copies its parent's interval.  The caller  \
 * keeps the start order (normally ITSTART(node) == ITSTART(prev)).        \
 */									      \
ITSTATIC __maybe_unused void						      \
ITPREFIX ## _insert_after(ITSTRUCT *node, ITSTRUCT *prev,		      \
			  struct rb_root_cached *root)			      \
{									      \
	ITTYPE last = ITLAST(node);					      \
	struct rb_node **link, *rb;					      \
	ITSTRUCT *parent;						      \
									      \
	/* prev's ancestors: a no-op when @node copies @prev's interval. */  \
	for (rb = &prev->ITRB; rb; rb = rb_parent(rb)) {		      \
		parent = rb_entry(rb, ITSTRUCT, ITRB);			      \
		if (parent->ITSUBTREE >= last)				      \
			break;						      \
		parent->ITSUBTREE = last;				      \
	}								      \
	parent = prev;							      \
	link = &prev->ITRB.rb_right;					      \
	while (*link) {							      \
		parent = rb_entry(*link, ITSTRUCT, ITRB);		      \
		if (parent->ITSUBTREE < last)				      \
			parent->ITSUBTREE = last;			      \
		link = &parent->ITRB.rb_left;				      \
	}								      \
	node->ITSUBTREE = last;						      \
	rb_link_node(&node->ITRB, &parent->ITRB, link);			      \
	rb_insert_augmented(&node->ITRB, &root->rb_root,		      \
			    &ITPREFIX ## _augment);			      \
}									      \
									      \
/*									      \
 * 0 when the rbtree is sound, starts are in order, every cached subtree   \
 * max is exact and the cached leftmost is the first node; negative else.  \
 */									      \
ITSTATIC __maybe_unused int						      \
ITPREFIX ## _validate(struct rb_root_cached *root)			      \
{									      \
	struct rb_node *rb = rb_first(&root->rb_root);			      \
	ITSTRUCT *node, *child, *prev = NULL;				      \
	ITTYPE max;							      \
									      \
	if (rb_validate(&root->rb_root))				      \
		return -1;						      \
	if (root->rb_leftmost != rb)					      \
		return -2;						      \
	for (; rb; rb = rb_next(rb)) {					      \
		node = rb_entry(rb, ITSTRUCT, ITRB);			      \
		if (prev && ITSTART(node) < ITSTART(prev))		      \
			return -3;					      \
		max = ITLAST(node);					      \
		if (rb->rb_left) {					      \
			child = rb_entry(rb->rb_left, ITSTRUCT, ITRB);	      \
			if (child->ITSUBTREE > max)			      \
				max = child->ITSUBTREE;			      \
		}							      \
		if (rb->rb_right) {					      \
			child = rb_entry(rb->rb_right, ITSTRUCT, ITRB);	      \
			if (child->ITSUBTREE > max)			      \
				max = child->ITSUBTREE;			      \
		}							      \
		if (node->ITSUBTREE != max)				      \
			return -4;					      \
		prev = node;						      \
	}								      \
	return 0;							      \
}

#endif
