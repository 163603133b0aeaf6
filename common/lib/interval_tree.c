/*
 * The plain unsigned long instance of the generic interval tree (as
 * lib/interval_tree.c, 3.7+): exported so tests and microbenchmarks link
 * one copy rather than instantiating their own.
 */
#include "common/lib/interval_tree.h"
#include "common/lib/interval_tree_generic.h"

#define START(node)	((node)->start)
#define LAST(node)	((node)->last)

INTERVAL_TREE_DEFINE(struct interval_tree_node, rb, unsigned long,
		     __subtree_last, START, LAST, , interval_tree)
