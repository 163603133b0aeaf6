/*
 * Two counters shared by the tree libraries (augmented rbtree / interval
 * tree, radix priority search tree): every node a stabbing query examines,
 * and every node an insert or a remove reads on its way (descent, sinking,
 * summary updates: the price of keeping the tree). The model reads them
 * around a walk and over a run, so the trees stay free of any model type.
 */
#ifndef RMAP_LIB_TREE_VISIT_H
#define RMAP_LIB_TREE_VISIT_H

extern _Thread_local unsigned long tree_nodes_visited, tree_nodes_updated;

static inline void tree_visit(void)
{
	tree_nodes_visited++;
}

static inline void tree_update_visit(void)
{
	tree_nodes_updated++;
}

#endif
