/*
 * A plain interval tree over unsigned long ranges (lib/interval_tree.c,
 * 3.7+; rb_root_cached 4.14+), for tests and microbenchmarks of the
 * generic tree that the 3.7+ i_mmap and anon_vma instances share.
 */
#ifndef RMAP_LIB_INTERVAL_TREE_H
#define RMAP_LIB_INTERVAL_TREE_H

#include "common/lib/rbtree.h"

/* [start, last], both inclusive. */
struct interval_tree_node {
	struct rb_node rb;
	unsigned long start;
	unsigned long last;
	unsigned long __subtree_last;
};

void interval_tree_insert(struct interval_tree_node *node,
			  struct rb_root_cached *root);
void interval_tree_remove(struct interval_tree_node *node,
			  struct rb_root_cached *root);
struct interval_tree_node *
interval_tree_iter_first(struct rb_root_cached *root,
			 unsigned long start, unsigned long last);
struct interval_tree_node *
interval_tree_iter_next(struct interval_tree_node *node,
			unsigned long start, unsigned long last);
void interval_tree_insert_after(struct interval_tree_node *node,
				struct interval_tree_node *prev,
				struct rb_root_cached *root);
int interval_tree_validate(struct rb_root_cached *root);

#endif
