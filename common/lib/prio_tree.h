/*
 * Radix priority search tree (McCreight 1985, as Rajesh Venkatasubramanian
 * built it for i_mmap): the file-backed rmap index of Linux 2.6.7 - 3.6,
 * until 3.7 replaced it with the augmented-rbtree interval tree.
 *
 * An interval [radix, heap] lives on the path chosen by the bits of radix
 * (MSB of index_bits first), then by the bits of size = heap - radix in an
 * "overflow" subtree; along any path heap_index only decreases.  Nothing
 * rebalances it: the height is bounded by index_bits + BITS_PER_LONG, not
 * by log n.
 *
 * The overflow subtrees are laid out as 2.6.10 - 3.6 did: their size
 * levels start at bit BITS_PER_LONG - 1 ("prio_tree: fix prio_tree_expand
 * corner case", 2.6.10).  2.6.7 - 2.6.9 started them at bit index_bits -
 * 1, and corrupted them when prio_tree_expand raised index_bits.  Only
 * vmas sharing a start pgoff with different ends reach an overflow
 * subtree; no shipped scenario or trace builds one (the 2.6.7 layout,
 * tried on all of them, changed no counter), so that layout is not a
 * switch.
 *
 * The cost that matters is the number of nodes a stabbing query reads
 * (each one a vma cache miss in the kernel); the iterator counts them
 * through tree_visit().
 */
#ifndef RMAP_LIB_PRIO_TREE_H
#define RMAP_LIB_PRIO_TREE_H

#include <stddef.h>

/*
 * The kernel built with -fno-strict-aliasing and punned raw nodes into
 * prio_tree_node; may_alias gives us the same licence under -O2.
 */
#define PRIO_TREE_ALIAS __attribute__((__may_alias__))

/*
 * The vma flavour: a vma has no room for start/last, so the index comes
 * from root->get_index.  Layout-compatible with the first three fields of
 * struct prio_tree_node; the library only ever touches those three.
 */
struct raw_prio_tree_node {
	struct raw_prio_tree_node *left;
	struct raw_prio_tree_node *right;
	struct raw_prio_tree_node *parent;
} PRIO_TREE_ALIAS;

/* An empty child points at the node itself; the root is its own parent. */
struct prio_tree_node {
	struct prio_tree_node *left;
	struct prio_tree_node *right;
	struct prio_tree_node *parent;
	unsigned long start;		/* radix_index */
	unsigned long last;		/* heap_index */
} PRIO_TREE_ALIAS;

struct prio_tree_root;

typedef void (*prio_tree_index_fn)(const struct prio_tree_root *root,
				   const struct prio_tree_node *node,
				   unsigned long *radix, unsigned long *heap);

struct prio_tree_root {
	struct prio_tree_node *prio_tree_node;
	unsigned short index_bits;	/* radix levels above the size ones */
	unsigned short raw;
	/* only used when raw: the kernel hard-coded the vma here */
	prio_tree_index_fn get_index;
};

struct prio_tree_iter {
	struct prio_tree_node *cur;
	unsigned long mask;		/* bit this level branches on */
	unsigned long value;		/* radix bits set by right turns */
	int size_level;			/* depth in the size subtree */

	struct prio_tree_root *root;
	unsigned long r_index;		/* query: [r_index, h_index] */
	unsigned long h_index;
};

#define __INIT_PRIO_TREE_ROOT(ptr, _raw, _fn) do {			\
	(ptr)->prio_tree_node = NULL;					\
	(ptr)->index_bits = 1;						\
	(ptr)->raw = (_raw);						\
	(ptr)->get_index = (_fn);					\
} while (0)

#define INIT_PRIO_TREE_ROOT(ptr)	__INIT_PRIO_TREE_ROOT(ptr, 0, NULL)
#define INIT_RAW_PRIO_TREE_ROOT(ptr, _fn) __INIT_PRIO_TREE_ROOT(ptr, 1, _fn)

#define INIT_PRIO_TREE_NODE(ptr) do {					\
	(ptr)->left = (ptr)->right = (ptr)->parent = (ptr);		\
} while (0)

#define prio_tree_entry(ptr, type, member)				\
	((type *)((char *)(ptr) - offsetof(type, member)))

static inline int prio_tree_empty(const struct prio_tree_root *root)
{
	return root->prio_tree_node == NULL;
}

static inline int prio_tree_root_p(const struct prio_tree_node *node)
{
	return node->parent == node;
}

static inline int prio_tree_left_empty(const struct prio_tree_node *node)
{
	return node->left == node;
}

static inline int prio_tree_right_empty(const struct prio_tree_node *node)
{
	return node->right == node;
}

static inline void prio_tree_iter_init(struct prio_tree_iter *iter,
				       struct prio_tree_root *root,
				       unsigned long r_index,
				       unsigned long h_index)
{
	iter->root = root;
	iter->r_index = r_index;
	iter->h_index = h_index;
	iter->cur = NULL;
}

/* Largest heap_index a tree of @bits index bits can hold (1 <= bits <= 64). */
unsigned long prio_tree_maxindex(unsigned int bits);

/*
 * Returns @node, or the node already holding the same [radix, heap]: the
 * caller then hangs its object on that node's vm_set list instead.
 */
struct prio_tree_node *prio_tree_insert(struct prio_tree_root *root,
					struct prio_tree_node *node);
void prio_tree_remove(struct prio_tree_root *root, struct prio_tree_node *node);
/* @node (same index as @old) takes @old's place; returns @old. */
struct prio_tree_node *prio_tree_replace(struct prio_tree_root *root,
					 struct prio_tree_node *old,
					 struct prio_tree_node *node);
/* Next node overlapping [iter->r_index, iter->h_index], or NULL. */
struct prio_tree_node *prio_tree_next(struct prio_tree_iter *iter);

#define raw_prio_tree_insert(root, node)				\
	prio_tree_insert(root, (struct prio_tree_node *)(node))
#define raw_prio_tree_remove(root, node)				\
	prio_tree_remove(root, (struct prio_tree_node *)(node))
#define raw_prio_tree_replace(root, old, node)				\
	prio_tree_replace(root, (struct prio_tree_node *)(old),		\
			  (struct prio_tree_node *)(node))

/*
 * Linux 3.4 - 3.6 (Xiao Guangrong's iter_walk_down() cleanup) stopped
 * recording iter->value on a right turn, so the right-subtree pruning test
 * degraded to "h_index >= mask".  Results are the same, visits are not:
 * nonzero here reproduces that; 0 (default) is the 2.6.7 - 3.3 iterator.
 */
extern int prio_tree_iter_v34;

/* Diagnostics for tests and reports: not used on any hot path. */
int prio_tree_validate(const struct prio_tree_root *root);
unsigned long prio_tree_node_count(const struct prio_tree_root *root);
unsigned int prio_tree_height(const struct prio_tree_root *root);

#endif
