/*
 * The rbtree against a brute-force sorted array: random inserts and erases
 * with duplicate keys, checking colours, order, neighbours, the cached
 * leftmost and rb_replace_node after every step.
 */
#include <stdlib.h>
#include <string.h>

#include "common/lib/rbtree.h"
#include "tests/harness.h"

#define NITEMS		512
#define NOPS		6000
#define KEY_RANGE	160

struct item {
	struct rb_node rb;		/* plain tree */
	struct rb_node crb;		/* cached tree */
	int key;
	bool live;
};

static struct item items[NITEMS];
static struct rb_root root = RB_ROOT;
static struct rb_root_cached croot = RB_ROOT_CACHED;
static int ref[NITEMS];
static int nref;

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned long rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned long)rng_state;
}

/* Equal keys go right: a new duplicate lands after the existing ones. */
static void insert_plain(struct item *it)
{
	struct rb_node **link = &root.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (it->key < rb_entry(parent, struct item, rb)->key)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&it->rb, parent, link);
	rb_insert_color(&it->rb, &root);
}

static void insert_cached(struct item *it)
{
	struct rb_node **link = &croot.rb_root.rb_node, *parent = NULL;
	bool leftmost = true;

	while (*link) {
		parent = *link;
		if (it->key < rb_entry(parent, struct item, crb)->key) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(&it->crb, parent, link);
	rb_insert_color_cached(&it->crb, &croot, leftmost);
}

static void ref_insert(int key)
{
	int i = nref++;

	while (i > 0 && ref[i - 1] > key) {
		ref[i] = ref[i - 1];
		i--;
	}
	ref[i] = key;
}

static void ref_remove(int key)
{
	int i = 0;

	while (ref[i] != key)
		i++;
	memmove(&ref[i], &ref[i + 1], (nref - i - 1) * sizeof(ref[0]));
	nref--;
}

static int height(const struct rb_node *n)
{
	int l, r;

	if (!n)
		return 0;
	l = height(n->rb_left);
	r = height(n->rb_right);
	return 1 + (l > r ? l : r);
}

/* Full comparison with the reference, both directions, both trees. */
static void check_trees(void)
{
	struct rb_node *n, *c;
	int i = 0, h, bound = 0;

	EXPECT_EQ(rb_validate(&root), 0);
	EXPECT_EQ(rb_validate(&croot.rb_root), 0);
	EXPECT_TRUE(rb_first_cached(&croot) == rb_first(&croot.rb_root));

	n = rb_first(&root);
	c = rb_first(&croot.rb_root);
	for (; n && c && i < nref; n = rb_next(n), c = rb_next(c), i++) {
		EXPECT_EQ(rb_entry(n, struct item, rb)->key, ref[i]);
		EXPECT_EQ(rb_entry(c, struct item, crb)->key, ref[i]);
	}
	EXPECT_TRUE(!n && !c);
	EXPECT_EQ(i, nref);

	i = nref - 1;
	for (n = rb_last(&root); n && i >= 0; n = rb_prev(n), i--)
		EXPECT_EQ(rb_entry(n, struct item, rb)->key, ref[i]);
	EXPECT_NULL(n);
	EXPECT_EQ(i, -1);

	/* Red-black height bound: 2 * log2(n + 1). */
	h = height(root.rb_node);
	while ((1 << bound) <= nref)
		bound++;
	EXPECT_LE(h, 2 * bound);
}

static void random_ops(void)
{
	int op, live = 0, inserts = 0, erases = 0;

	for (op = 0; op < NOPS; op++) {
		struct item *it = &items[rnd() % NITEMS];
		bool grow = live < NITEMS / 3 || rnd() % 100 < 52;

		if (!it->live && grow) {
			it->key = rnd() % KEY_RANGE;
			it->live = true;
			insert_plain(it);
			insert_cached(it);
			ref_insert(it->key);
			live++;
			inserts++;
		} else if (it->live && !grow) {
			rb_erase(&it->rb, &root);
			rb_erase_cached(&it->crb, &croot);
			RB_CLEAR_NODE(&it->rb);
			it->live = false;
			ref_remove(it->key);
			live--;
			erases++;
		} else {
			continue;
		}
		check_trees();
	}
	printf("random: %d inserts, %d erases, %d live\n",
	       inserts, erases, live);
	EXPECT_GT(erases, NOPS / 8);
}

static void drain(void)
{
	int i;

	for (i = 0; i < NITEMS; i++) {
		if (!items[i].live)
			continue;
		rb_erase(&items[i].rb, &root);
		rb_erase_cached(&items[i].crb, &croot);
		items[i].live = false;
		ref_remove(items[i].key);
		check_trees();
	}
	EXPECT_TRUE(RB_EMPTY_ROOT(&root));
	EXPECT_TRUE(RB_EMPTY_ROOT(&croot.rb_root));
	EXPECT_NULL(rb_first_cached(&croot));
	EXPECT_NULL(rb_first(&root));
	EXPECT_NULL(rb_last(&root));
}

/* Monotonic keys are the classic unbalanced-BST killer. */
static void sequential(bool ascending)
{
	int i;

	for (i = 0; i < NITEMS; i++) {
		items[i].key = ascending ? i : NITEMS - i;
		items[i].live = true;
		insert_plain(&items[i]);
		insert_cached(&items[i]);
		ref_insert(items[i].key);
	}
	check_trees();
	drain();
}

TEST(empty_node)
{
	struct item it;

	RB_CLEAR_NODE(&it.rb);
	EXPECT_TRUE(RB_EMPTY_NODE(&it.rb));
	EXPECT_NULL(rb_next(&it.rb));
	EXPECT_NULL(rb_prev(&it.rb));
	EXPECT_NULL(rb_first(&root));
	EXPECT_EQ(rb_validate(&root), 0);
}

TEST(sequential_ascending)
{
	sequential(true);
}

TEST(sequential_descending)
{
	sequential(false);
}

TEST(random_inserts_and_erases)
{
	random_ops();
	drain();
}

/* The victim's slot, colour and neighbours all move to the replacement. */
TEST(replace_node)
{
	struct item spare;
	int i, k;

	random_ops();
	for (k = 0; k < 64; k++) {
		struct item *victim;
		struct rb_node *prev, *next;

		do {
			i = rnd() % NITEMS;
		} while (!items[i].live);
		victim = &items[i];
		prev = rb_prev(&victim->rb);
		next = rb_next(&victim->rb);

		spare = *victim;
		memset(&spare.rb, 0, sizeof(spare.rb));
		rb_replace_node(&victim->rb, &spare.rb, &root);
		EXPECT_TRUE(rb_prev(&spare.rb) == prev);
		EXPECT_TRUE(rb_next(&spare.rb) == next);
		check_trees();

		/* Put the original back so the pool stays consistent. */
		rb_replace_node(&spare.rb, &victim->rb, &root);
		EXPECT_TRUE(rb_next(&victim->rb) == next);
		check_trees();
	}
	drain();
}

/* The validator must notice a broken tree, or the checks above are moot. */
TEST(validator_catches_bad_colours)
{
	struct rb_node *n;

	random_ops();
	n = root.rb_node;
	ASSERT_NONNULL(n);
	n->__rb_parent_color ^= 1;		/* root turns red */
	EXPECT_LT(rb_validate(&root), 0);
	n->__rb_parent_color ^= 1;
	n = rb_first(&root);
	n->__rb_parent_color ^= 1;		/* a leaf changes colour */
	EXPECT_LT(rb_validate(&root), 0);
	n->__rb_parent_color ^= 1;
	EXPECT_EQ(rb_validate(&root), 0);
	drain();
}
