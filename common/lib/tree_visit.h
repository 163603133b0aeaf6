/*
 * One counter shared by the tree libraries (augmented rbtree / interval tree,
 * radix priority search tree): every node a stabbing query examines adds one.
 * The model reads it before and after a walk to report "nodes visited", so the
 * trees themselves stay free of any model type.
 */
#ifndef RMAP_LIB_TREE_VISIT_H
#define RMAP_LIB_TREE_VISIT_H

extern unsigned long tree_nodes_visited;

static inline void tree_visit(void)
{
	tree_nodes_visited++;
}

#endif
