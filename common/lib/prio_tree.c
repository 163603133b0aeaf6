/*
 * Radix priority search tree for i_mmap, Linux 2.6.7 - 3.6 (mm/prio_tree.c,
 * later lib/prio_tree.c), in its 2.6.10+ layout (prio_tree.h).  Insert,
 * remove, replace, expand and the stabbing iterator follow the kernel's
 * algorithm step for step, so the number of nodes a query reads - the cost
 * we measure - is the kernel's.  Intervals are closed: [radix_index,
 * heap_index], radix <= heap.
 */
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>

#include "common/lib/prio_tree.h"
#include "common/lib/tree_visit.h"

#define PT_BITS_PER_LONG	(int)(sizeof(unsigned long) * CHAR_BIT)
#define PT_TOP_BIT		(1UL << (PT_BITS_PER_LONG - 1))

_Static_assert(sizeof(struct raw_prio_tree_node) == 3 * sizeof(void *),
	       "raw node must stay three pointers");
_Static_assert(offsetof(struct prio_tree_node, parent) ==
	       offsetof(struct raw_prio_tree_node, parent),
	       "raw node must alias the head of prio_tree_node");
_Static_assert(sizeof(unsigned long) == 8, "index table assumes LP64");

int prio_tree_iter_v34;

/*
 * The kernel's index_bits_to_maxindex, filled at boot there; built at
 * compile time here.  2UL << 63 wraps to 0, so entry 63 is ~0UL as needed.
 */
#define PT_MAX(i)	((2UL << (i)) - 1)
#define PT_MAX4(i)	PT_MAX(i), PT_MAX(i + 1), PT_MAX(i + 2), PT_MAX(i + 3)
#define PT_MAX16(i)	PT_MAX4(i), PT_MAX4(i + 4),			\
			PT_MAX4(i + 8), PT_MAX4(i + 12)

static const unsigned long index_bits_to_maxindex[64] = {
	PT_MAX16(0), PT_MAX16(16), PT_MAX16(32), PT_MAX16(48)
};

unsigned long prio_tree_maxindex(unsigned int bits)
{
	return index_bits_to_maxindex[bits - 1];
}

static void get_index(const struct prio_tree_root *root,
		      const struct prio_tree_node *node,
		      unsigned long *radix, unsigned long *heap)
{
	if (root->raw) {
		root->get_index(root, node, radix, heap);
	} else {
		*radix = node->start;
		*heap = node->last;
	}
}

static void prio_set_parent(struct prio_tree_node *parent,
			    struct prio_tree_node *child, int left)
{
	if (left)
		parent->left = child;
	else
		parent->right = child;
	child->parent = parent;
}

/*
 * Grow index_bits until @max_heap_index fits.  @node becomes the root; each
 * extra bit costs one level, filled by popping the current root (largest
 * heap) into a left-going chain, since every old radix has a 0 in the new
 * top bits.  O((log n)^2) but only when a mapping reaches a new power of 2.
 */
static struct prio_tree_node *prio_tree_expand(struct prio_tree_root *root,
					       struct prio_tree_node *node,
					       unsigned long max_heap_index)
{
	struct prio_tree_node *prev = node;

	/* the new node itself occupies the first new level */
	if (max_heap_index > prio_tree_maxindex(root->index_bits))
		root->index_bits++;

	INIT_PRIO_TREE_NODE(node);

	while (max_heap_index > prio_tree_maxindex(root->index_bits)) {
		struct prio_tree_node *top = root->prio_tree_node;

		root->index_bits++;
		if (prio_tree_empty(root))
			continue;

		prio_tree_remove(root, top);
		INIT_PRIO_TREE_NODE(top);
		prio_set_parent(prev, top, 1);
		prev = top;
	}

	if (!prio_tree_empty(root))
		prio_set_parent(prev, root->prio_tree_node, 1);

	root->prio_tree_node = node;
	return node;
}

struct prio_tree_node *prio_tree_replace(struct prio_tree_root *root,
					 struct prio_tree_node *old,
					 struct prio_tree_node *node)
{
	INIT_PRIO_TREE_NODE(node);

	if (prio_tree_root_p(old)) {
		/* the kernel never shrinks index_bits here either */
		root->prio_tree_node = node;
	} else {
		prio_set_parent(old->parent, node, old->parent->left == old);
	}

	if (!prio_tree_left_empty(old))
		prio_set_parent(node, old->left, 1);
	if (!prio_tree_right_empty(old))
		prio_set_parent(node, old->right, 0);

	return old;
}

static int heap_goes_above(unsigned long r_new, unsigned long h_new,
			   unsigned long r_cur, unsigned long h_cur)
{
	/* equal heaps: smaller radix on top, as remove's left bias keeps it */
	return h_cur < h_new || (h_cur == h_new && r_cur > r_new);
}

static void swap_ul(unsigned long *a, unsigned long *b)
{
	unsigned long t = *a;

	*a = *b;
	*b = t;
}

/*
 * Walk the radix path of the node being carried; whenever it outranks the
 * node in place, swap them and carry the displaced one on down its own
 * path.  Past index_bits levels the path continues on the size bits, from
 * bit 63 down (2.6.10+; 2.6.7 - 2.6.9 from bit index_bits - 1), which is
 * what makes equal-start intervals fit.
 */
struct prio_tree_node *prio_tree_insert(struct prio_tree_root *root,
					struct prio_tree_node *node)
{
	struct prio_tree_node *cur, *res = node;
	unsigned long radix, heap, r_index, h_index, index, mask;
	int size_flag = 0;

	get_index(root, node, &radix, &heap);

	if (prio_tree_empty(root) ||
	    heap > prio_tree_maxindex(root->index_bits))
		return prio_tree_expand(root, node, heap);

	cur = root->prio_tree_node;
	mask = 1UL << (root->index_bits - 1);

	while (mask) {
		tree_update_visit();
		get_index(root, cur, &r_index, &h_index);
		if (r_index == radix && h_index == heap)
			return cur;

		if (heap_goes_above(radix, heap, r_index, h_index)) {
			struct prio_tree_node *carried = node;

			node = prio_tree_replace(root, cur, node);
			cur = carried;
			swap_ul(&radix, &r_index);
			swap_ul(&heap, &h_index);
		}

		index = size_flag ? heap - radix : radix;

		if (index & mask) {
			if (prio_tree_right_empty(cur)) {
				INIT_PRIO_TREE_NODE(node);
				prio_set_parent(cur, node, 0);
				return res;
			}
			cur = cur->right;
		} else {
			if (prio_tree_left_empty(cur)) {
				INIT_PRIO_TREE_NODE(node);
				prio_set_parent(cur, node, 1);
				return res;
			}
			cur = cur->left;
		}

		mask >>= 1;
		if (!mask) {
			mask = PT_TOP_BIT;
			size_flag = 1;
		}
	}
	/* an identical index ends the walk before the size bits run out */
	fprintf(stderr, "prio_tree_insert: ran off the size levels\n");
	abort();
}

/*
 * Sink @node to a leaf by always following the child with the larger heap
 * (left on ties), cut that leaf off, then shift every node on the path up
 * one level: O(height) replaces, no rebalancing.
 */
void prio_tree_remove(struct prio_tree_root *root, struct prio_tree_node *node)
{
	struct prio_tree_node *cur = node;
	unsigned long r_index, h_left, h_right;

	while (!prio_tree_left_empty(cur) || !prio_tree_right_empty(cur)) {
		tree_update_visit();
		if (prio_tree_left_empty(cur)) {
			cur = cur->right;
			continue;
		}
		if (prio_tree_right_empty(cur)) {
			cur = cur->left;
			continue;
		}
		get_index(root, cur->left, &r_index, &h_left);
		get_index(root, cur->right, &r_index, &h_right);
		cur = h_left >= h_right ? cur->left : cur->right;
	}

	if (prio_tree_root_p(cur)) {
		__INIT_PRIO_TREE_ROOT(root, root->raw, root->get_index);
		return;
	}

	if (cur->parent->right == cur)
		cur->parent->right = cur->parent;
	else
		cur->parent->left = cur->parent;

	while (cur != node) {
		tree_update_visit();
		cur = prio_tree_replace(root, cur->parent, cur);
	}
}

/*
 * The iterator: a pre-order walk that keeps, instead of a stack, the mask
 * of the bit the current level branches on, the radix prefix fixed by the
 * right turns taken (value), and the depth inside the overflow subtree
 * (size_level).  Every index it reads is one node visited.
 */
static void iter_get_index(struct prio_tree_iter *iter,
			   const struct prio_tree_node *node,
			   unsigned long *radix, unsigned long *heap)
{
	tree_visit();
	get_index(iter->root, node, radix, heap);
}

static void iter_walk_down(struct prio_tree_iter *iter)
{
	iter->mask >>= 1;
	if (iter->mask) {
		if (iter->size_level)
			iter->size_level++;
		return;
	}

	if (iter->size_level) {
		/* all 64 size bits fixed: this can only be a leaf */
		iter->size_level++;
		iter->mask = ULONG_MAX;
	} else {
		iter->size_level = 1;
		iter->mask = PT_TOP_BIT;
	}
}

static void iter_walk_up(struct prio_tree_iter *iter)
{
	if (iter->mask == ULONG_MAX || iter->size_level == 1)
		iter->mask = 1UL;
	else
		iter->mask <<= 1;
	if (iter->size_level)
		iter->size_level--;
	/* leaving a right child in the radix levels: forget its bit */
	if (!iter->size_level && (iter->value & iter->mask))
		iter->value ^= iter->mask;
}

/* Left subtree: worth entering only if its top (largest) heap reaches r. */
static struct prio_tree_node *prio_tree_left(struct prio_tree_iter *iter,
					     unsigned long *r_index,
					     unsigned long *h_index)
{
	if (prio_tree_left_empty(iter->cur))
		return NULL;

	iter_get_index(iter, iter->cur->left, r_index, h_index);
	if (iter->r_index > *h_index)
		return NULL;

	iter->cur = iter->cur->left;
	iter_walk_down(iter);
	return iter->cur;
}

/*
 * Right subtree: every radix in it is >= value | mask (in the size levels
 * the radix is fully fixed, = value), so skip it without reading the child
 * when that already exceeds the query end.
 */
static struct prio_tree_node *prio_tree_right(struct prio_tree_iter *iter,
					      unsigned long *r_index,
					      unsigned long *h_index)
{
	unsigned long value;

	if (prio_tree_right_empty(iter->cur))
		return NULL;

	value = iter->size_level ? iter->value : iter->value | iter->mask;
	if (iter->h_index < value)
		return NULL;

	iter_get_index(iter, iter->cur->right, r_index, h_index);
	if (iter->r_index > *h_index)
		return NULL;

	iter->cur = iter->cur->right;
	if (!prio_tree_iter_v34)
		iter->value = value;
	iter_walk_down(iter);
	return iter->cur;
}

static struct prio_tree_node *prio_tree_parent(struct prio_tree_iter *iter)
{
	iter->cur = iter->cur->parent;
	iter_walk_up(iter);
	return iter->cur;
}

static int overlap(const struct prio_tree_iter *iter,
		   unsigned long r_index, unsigned long h_index)
{
	return iter->h_index >= r_index && iter->r_index <= h_index;
}

static struct prio_tree_node *prio_tree_first(struct prio_tree_iter *iter)
{
	struct prio_tree_root *root = iter->root;
	unsigned long r_index, h_index;

	iter->cur = NULL;
	iter->mask = 0;
	iter->value = 0;
	iter->size_level = 0;

	if (prio_tree_empty(root))
		return NULL;

	iter_get_index(iter, root->prio_tree_node, &r_index, &h_index);
	/* the root holds the largest heap: nothing reaches the query */
	if (iter->r_index > h_index)
		return NULL;

	iter->mask = 1UL << (root->index_bits - 1);
	iter->cur = root->prio_tree_node;

	for (;;) {
		if (overlap(iter, r_index, h_index))
			return iter->cur;
		if (prio_tree_left(iter, &r_index, &h_index))
			continue;
		if (prio_tree_right(iter, &r_index, &h_index))
			continue;
		break;
	}
	return NULL;
}

struct prio_tree_node *prio_tree_next(struct prio_tree_iter *iter)
{
	unsigned long r_index, h_index;

	if (iter->cur == NULL)
		return prio_tree_first(iter);

repeat:
	while (prio_tree_left(iter, &r_index, &h_index))
		if (overlap(iter, r_index, h_index))
			return iter->cur;

	while (!prio_tree_right(iter, &r_index, &h_index)) {
		while (!prio_tree_root_p(iter->cur) &&
		       iter->cur->parent->right == iter->cur)
			prio_tree_parent(iter);

		if (prio_tree_root_p(iter->cur))
			return NULL;

		prio_tree_parent(iter);
	}

	if (overlap(iter, r_index, h_index))
		return iter->cur;

	goto repeat;
}

/* --- diagnostics ----------------------------------------------------- */

/* Bits the path to a node has fixed: radix bits, then size bits. */
struct pt_path {
	unsigned long radix_mask, radix_val;
	unsigned long size_mask, size_val;
	unsigned int depth;
};

static int pt_fail(const char *what, const struct prio_tree_node *node,
		   unsigned long radix, unsigned long heap, unsigned int depth)
{
	fprintf(stderr,
		"prio_tree_validate: %s at node %p [%lu, %lu] depth %u\n",
		what, (const void *)node, radix, heap, depth);
	return -1;
}

static unsigned long pt_level_bit(const struct prio_tree_root *root,
				  unsigned int depth, int *is_size)
{
	*is_size = depth >= root->index_bits;
	if (!*is_size)
		return 1UL << (root->index_bits - 1 - depth);
	return PT_TOP_BIT >> (depth - root->index_bits);
}

static int pt_check_child(const struct prio_tree_root *root,
			  const struct prio_tree_node *node,
			  const struct prio_tree_node *child,
			  unsigned long radix, unsigned long heap,
			  const struct pt_path *path, int right);

static int pt_check_node(const struct prio_tree_root *root,
			 const struct prio_tree_node *node,
			 const struct pt_path *path)
{
	unsigned long radix, heap;

	get_index(root, node, &radix, &heap);
	if (path->depth > root->index_bits + (unsigned int)PT_BITS_PER_LONG)
		return pt_fail("deeper than index_bits + 64 levels (cycle?)",
			       node, radix, heap, path->depth);
	if (radix > heap)
		return pt_fail("radix_index > heap_index", node, radix, heap,
			       path->depth);
	if (heap > prio_tree_maxindex(root->index_bits))
		return pt_fail("heap_index above maxindex(index_bits)", node,
			       radix, heap, path->depth);
	if ((radix & path->radix_mask) != path->radix_val)
		return pt_fail("radix bits disagree with the path", node,
			       radix, heap, path->depth);
	if (((heap - radix) & path->size_mask) != path->size_val)
		return pt_fail("size bits disagree with the overflow path",
			       node, radix, heap, path->depth);

	if (!prio_tree_left_empty(node) &&
	    pt_check_child(root, node, node->left, radix, heap, path, 0))
		return -1;
	if (!prio_tree_right_empty(node) &&
	    pt_check_child(root, node, node->right, radix, heap, path, 1))
		return -1;
	return 0;
}

static int pt_check_child(const struct prio_tree_root *root,
			  const struct prio_tree_node *node,
			  const struct prio_tree_node *child,
			  unsigned long radix, unsigned long heap,
			  const struct pt_path *path, int right)
{
	struct pt_path sub = *path;
	unsigned long c_radix, c_heap, bit;
	int is_size;

	if (child == NULL || child->parent != node)
		return pt_fail("child's parent link is wrong", node, radix,
			       heap, path->depth);

	get_index(root, child, &c_radix, &c_heap);
	if (heap_goes_above(c_radix, c_heap, radix, heap) ||
	    (c_radix == radix && c_heap == heap))
		return pt_fail("heap order (ties: smaller radix above) broken",
			       child, c_radix, c_heap, path->depth + 1);

	bit = pt_level_bit(root, path->depth, &is_size);
	if (is_size) {
		sub.size_mask |= bit;
		sub.size_val |= right ? bit : 0;
	} else {
		sub.radix_mask |= bit;
		sub.radix_val |= right ? bit : 0;
	}
	sub.depth++;
	return pt_check_node(root, child, &sub);
}

int prio_tree_validate(const struct prio_tree_root *root)
{
	const struct prio_tree_node *top = root->prio_tree_node;
	struct pt_path path = { 0, 0, 0, 0, 0 };

	if (root->index_bits < 1 || root->index_bits > PT_BITS_PER_LONG)
		return pt_fail("index_bits out of [1, 64]", top, 0, 0, 0);
	if (root->raw && !root->get_index)
		return pt_fail("raw root without get_index", top, 0, 0, 0);
	if (!top) {
		if (root->index_bits != 1)
			return pt_fail("empty tree keeps index_bits > 1", top,
				       0, 0, 0);
		return 0;
	}
	if (!prio_tree_root_p(top))
		return pt_fail("root's parent is not itself", top, 0, 0, 0);
	return pt_check_node(root, top, &path);
}

static unsigned long pt_count(const struct prio_tree_node *node)
{
	unsigned long n = 1;

	if (!prio_tree_left_empty(node))
		n += pt_count(node->left);
	if (!prio_tree_right_empty(node))
		n += pt_count(node->right);
	return n;
}

static unsigned int pt_height(const struct prio_tree_node *node)
{
	unsigned int l = 0, r = 0;

	if (!prio_tree_left_empty(node))
		l = pt_height(node->left);
	if (!prio_tree_right_empty(node))
		r = pt_height(node->right);
	return 1 + (l > r ? l : r);
}

unsigned long prio_tree_node_count(const struct prio_tree_root *root)
{
	return prio_tree_empty(root) ? 0 : pt_count(root->prio_tree_node);
}

/* Nodes on the longest root-to-leaf path; 0 for an empty tree. */
unsigned int prio_tree_height(const struct prio_tree_root *root)
{
	return prio_tree_empty(root) ? 0 : pt_height(root->prio_tree_node);
}
