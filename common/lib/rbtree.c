/*
 * Red-black tree rebalancing (lib/rbtree.c, 2.6.x to today; augmented
 * rotations 3.5+).  Insert and erase share one rebalancing routine each,
 * written once for both mirror images via a direction index, and take the
 * augment rotate callback; the plain API passes a no-op that inlines away.
 * Cost that matters: at most two rotations per insert, three per erase,
 * O(log n) recolouring climbs.
 */
#include "common/lib/rbtree_augmented.h"

#define RB_LEFT		0
#define RB_RIGHT	1

typedef void (*rb_rotate_fn)(struct rb_node *old, struct rb_node *new);

static inline struct rb_node *rb_child(const struct rb_node *n, int dir)
{
	return dir == RB_LEFT ? n->rb_left : n->rb_right;
}

static inline void rb_set_child(struct rb_node *n, int dir, struct rb_node *c)
{
	if (dir == RB_LEFT)
		n->rb_left = c;
	else
		n->rb_right = c;
}

/* Direction of @parent's child that @child is (@child may be NULL). */
static inline int rb_dir(const struct rb_node *parent,
			 const struct rb_node *child)
{
	/* A NULL child has a non-NULL sibling whenever we ask. */
	return parent->rb_right == child ? RB_RIGHT : RB_LEFT;
}

/*
 * Rotate @x towards @dir: its child on the other side takes @x's place,
 * parent link and colour, and @x becomes that child's @dir child with
 * colour @color.  Returns the new subtree root.
 */
static __always_inline struct rb_node *
rb_rotate(struct rb_node *x, int dir, int color, struct rb_root *root,
	  rb_rotate_fn augment_rotate)
{
	struct rb_node *y = rb_child(x, !dir);
	struct rb_node *inner = rb_child(y, dir);
	unsigned long pc = x->__rb_parent_color;

	rb_set_child(x, !dir, inner);
	if (inner)
		rb_set_parent(inner, x);
	rb_set_child(y, dir, x);
	y->__rb_parent_color = pc;
	rb_set_parent_color(x, y, color);
	__rb_change_child(x, y, __rb_parent(pc), root);
	augment_rotate(x, y);
	return y;
}

/*
 * @node was just linked red.  Walk up while it has a red parent: a red
 * uncle lets us push the red up by recolouring; a black one ends it with
 * one or two rotations at the grandparent.
 */
static __always_inline void
rb_insert_fixup(struct rb_node *node, struct rb_root *root,
		rb_rotate_fn augment_rotate)
{
	struct rb_node *parent = rb_parent(node), *gparent, *uncle;
	int dir;

	for (;;) {
		if (!parent) {
			rb_set_parent_color(node, NULL, RB_BLACK);
			return;
		}
		if (rb_is_black(parent))
			return;

		/* A red parent is never the root, so gparent exists. */
		gparent = rb_parent(parent);
		dir = rb_dir(gparent, parent);
		uncle = rb_child(gparent, !dir);

		if (uncle && rb_is_red(uncle)) {
			rb_set_parent_color(uncle, gparent, RB_BLACK);
			rb_set_parent_color(parent, gparent, RB_BLACK);
			node = gparent;
			parent = rb_parent(node);
			rb_set_parent_color(node, parent, RB_RED);
			continue;
		}

		/* Inner grandchild: first make it an outer one. */
		if (node == rb_child(parent, !dir)) {
			rb_rotate(parent, dir, RB_RED, root, augment_rotate);
			parent = node;
		}
		rb_rotate(gparent, !dir, RB_RED, root, augment_rotate);
		return;
	}
}

/*
 * The subtree at @parent's child on one side (possibly empty) is one black
 * short.  Borrow from the sibling side by recolouring and rotating; when
 * the sibling has nothing to give, shift the deficit up a level.
 */
static __always_inline void
rb_erase_fixup(struct rb_node *parent, struct rb_root *root,
	       rb_rotate_fn augment_rotate)
{
	struct rb_node *node = NULL, *sibling, *near, *far;
	int dir;

	for (;;) {
		dir = rb_dir(parent, node);
		sibling = rb_child(parent, !dir);

		if (rb_is_red(sibling)) {
			/* Make the sibling black so the cases below apply. */
			rb_rotate(parent, dir, RB_RED, root, augment_rotate);
			sibling = rb_child(parent, !dir);
		}

		near = rb_child(sibling, dir);
		far = rb_child(sibling, !dir);
		if ((!far || rb_is_black(far)) &&
		    (!near || rb_is_black(near))) {
			rb_set_parent_color(sibling, parent, RB_RED);
			if (rb_is_red(parent)) {
				rb_set_parent_color(parent, rb_parent(parent),
						    RB_BLACK);
				return;
			}
			node = parent;
			parent = rb_parent(node);
			if (!parent)
				return;
			continue;
		}

		if (!far || rb_is_black(far)) {
			/* Only the near nephew is red: rotate it outward. */
			far = sibling;
			sibling = rb_rotate(sibling, !dir, RB_RED, root,
					    augment_rotate);
		}
		rb_rotate(parent, dir, RB_BLACK, root, augment_rotate);
		rb_set_parent_color(far, sibling, RB_BLACK);
		return;
	}
}

static inline void dummy_propagate(struct rb_node *node, struct rb_node *stop)
{
	(void)node;
	(void)stop;
}

static inline void dummy_copy(struct rb_node *old, struct rb_node *new)
{
	(void)old;
	(void)new;
}

static inline void dummy_rotate(struct rb_node *old, struct rb_node *new)
{
	(void)old;
	(void)new;
}

static const struct rb_augment_callbacks dummy_callbacks = {
	.propagate = dummy_propagate,
	.copy = dummy_copy,
	.rotate = dummy_rotate,
};

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	rb_insert_fixup(node, root, dummy_rotate);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *rebalance;

	rebalance = __rb_erase_augmented(node, root, &dummy_callbacks);
	if (rebalance)
		rb_erase_fixup(rebalance, root, dummy_rotate);
}

void __rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			   rb_rotate_fn augment_rotate)
{
	rb_insert_fixup(node, root, augment_rotate);
}

void __rb_erase_color(struct rb_node *parent, struct rb_root *root,
		      rb_rotate_fn augment_rotate)
{
	rb_erase_fixup(parent, root, augment_rotate);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

/* In-order neighbour on side @dir: down once then across, or up. */
static inline struct rb_node *rb_step(const struct rb_node *node, int dir)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (rb_child(node, dir)) {
		node = rb_child(node, dir);
		while (rb_child(node, !dir))
			node = rb_child(node, !dir);
		return (struct rb_node *)node;
	}
	/* Climb while we are the @dir child: those ancestors come before. */
	while ((parent = rb_parent(node)) && node == rb_child(parent, dir))
		node = parent;
	return parent;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	return rb_step(node, RB_RIGHT);
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	return rb_step(node, RB_LEFT);
}

void rb_replace_node(struct rb_node *victim, struct rb_node *new,
		     struct rb_root *root)
{
	struct rb_node *parent = rb_parent(victim);

	*new = *victim;
	if (victim->rb_left)
		rb_set_parent(victim->rb_left, new);
	if (victim->rb_right)
		rb_set_parent(victim->rb_right, new);
	__rb_change_child(victim, new, parent, root);
}

/* Black height of @n's subtree, or negative on the first inconsistency. */
static int rb_validate_subtree(const struct rb_node *n,
			       const struct rb_node *parent)
{
	int lh, rh;

	if (!n)
		return 1;
	if (rb_parent(n) != parent)
		return -2;
	if (n->__rb_parent_color & 2)
		return -3;
	if (rb_is_red(n) && parent && rb_is_red(parent))
		return -4;
	lh = rb_validate_subtree(n->rb_left, n);
	if (lh < 0)
		return lh;
	rh = rb_validate_subtree(n->rb_right, n);
	if (rh < 0)
		return rh;
	if (lh != rh)
		return -5;
	return lh + rb_is_black(n);
}

int rb_validate(const struct rb_root *root)
{
	const struct rb_node *n = root->rb_node;
	int h;

	if (n && !rb_is_black(n))
		return -1;
	h = rb_validate_subtree(n, NULL);
	return h < 0 ? h : 0;
}
