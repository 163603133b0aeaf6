/*
 * Red-black tree with the Linux kernel's API (lib/rbtree.c, 2.6.x to today):
 * intrusive nodes, colour packed into the parent pointer, the caller does
 * the search and links the node, the library only rebalances.  Cost that
 * matters: O(log n) pointer chasing per insert/erase, O(1) amortised
 * rb_next; the cached variants (4.14+) make rb_first O(1).
 */
#ifndef RMAP_LIB_RBTREE_H
#define RMAP_LIB_RBTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/lib/kernel.h"

struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));
/* The alignment keeps the two low bits of a node address free for colour. */

struct rb_root {
	struct rb_node *rb_node;
};

/* Leftmost node cached so "lowest key first" lookups skip the descent. */
struct rb_root_cached {
	struct rb_root rb_root;
	struct rb_node *rb_leftmost;
};

#define RB_ROOT		((struct rb_root) { NULL, })
#define RB_ROOT_CACHED	((struct rb_root_cached) { { NULL, }, NULL })

#define rb_parent(r)	((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define rb_entry(ptr, type, member)	container_of(ptr, type, member)

#define RB_EMPTY_ROOT(root)	((root)->rb_node == NULL)

/* A node not in any tree points at itself, so erase-twice is detectable. */
#define RB_EMPTY_NODE(node)	\
	((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node)	\
	((node)->__rb_parent_color = (unsigned long)(node))

#define rb_entry_safe(ptr, type, member) ({				\
	__typeof__(ptr) ____ptr = (ptr);				\
	____ptr ? rb_entry(____ptr, type, member) : NULL; })

void rb_insert_color(struct rb_node *node, struct rb_root *root);
void rb_erase(struct rb_node *node, struct rb_root *root);

struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);

/* Swap @new into @victim's position without rebalancing: same key only. */
void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root);

/* 0 when colours, black heights and parent links are consistent. */
int rb_validate(const struct rb_root *root);

/* New nodes are red; rb_insert_color fixes the colours afterwards. */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (unsigned long)parent;
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}

#define rb_first_cached(root)	((root)->rb_leftmost)

/* @leftmost: the caller's descent never went right, so @node is the min. */
static inline void rb_insert_color_cached(struct rb_node *node,
					  struct rb_root_cached *root,
					  bool leftmost)
{
	if (leftmost)
		root->rb_leftmost = node;
	rb_insert_color(node, &root->rb_root);
}

static inline void rb_erase_cached(struct rb_node *node,
				   struct rb_root_cached *root)
{
	if (root->rb_leftmost == node)
		root->rb_leftmost = rb_next(node);
	rb_erase(node, &root->rb_root);
}

#endif
