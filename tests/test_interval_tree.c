/*
 * The interval tree against brute force: random inserts and removes of
 * awkward intervals (duplicates, shared starts, points, values near
 * ULONG_MAX / 2 and ULONG_MAX), stabbing queries compared as node sets,
 * insert_after placement, the visit counter's structural bound, and a
 * test-sized run of lib/interval_tree_test.c's microbenchmark loops.
 */
#include <limits.h>
#include <stdlib.h>

#include "common/lib/interval_tree.h"
#include "common/lib/tree_visit.h"
#include "tests/harness.h"

#define NNODES		600
#define NOPS		4000
#define NQUERIES	24

struct item {
	struct interval_tree_node it;
	bool live;
	unsigned int seen;	/* query stamp: returned at most once */
};

static struct item items[NNODES];
static struct rb_root_cached root = RB_ROOT_CACHED;
static unsigned int stamp;

static unsigned long long rng_state = 0x2545f4914f6cdd1dULL;

static unsigned long rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned long)rng_state;
}

/* Most intervals sit in a small window so they overlap a lot. */
static void random_interval(unsigned long *start, unsigned long *last)
{
	const struct item *other = &items[rnd() % NNODES];
	unsigned long s;

	switch (rnd() % 8) {
	case 0:			/* identical to another (maybe stale) one */
		*start = other->it.start;
		*last = other->it.last;
		return;
	case 1:			/* same start, different end */
		*start = other->it.start;
		*last = *start + rnd() % 300;
		return;
	case 2:			/* single point */
		*start = *last = rnd() % 1000;
		return;
	case 3:			/* near the middle of the address space */
		s = ULONG_MAX / 2 - rnd() % 200;
		*start = s;
		*last = s + rnd() % 400;
		return;
	case 4:			/* reaching the very top */
		*start = ULONG_MAX - rnd() % 100;
		*last = ULONG_MAX;
		return;
	default:
		*start = rnd() % 1000;
		*last = *start + rnd() % 120;
		return;
	}
}

static bool overlaps(const struct interval_tree_node *n,
		     unsigned long start, unsigned long last)
{
	return n->start <= last && start <= n->last;
}

/* The iterator must yield exactly the brute-force set, in start order. */
static void check_query(unsigned long start, unsigned long last)
{
	struct interval_tree_node *n;
	unsigned long prev_start = 0, visited = tree_nodes_visited;
	int i, expect = 0, got = 0;

	stamp++;
	for (n = interval_tree_iter_first(&root, start, last); n;
	     n = interval_tree_iter_next(n, start, last)) {
		struct item *item = container_of(n, struct item, it);

		EXPECT_TRUE(item->live);
		EXPECT_TRUE(overlaps(n, start, last));
		EXPECT_NE(item->seen, stamp);
		EXPECT_GE(n->start, prev_start);
		item->seen = stamp;
		prev_start = n->start;
		got++;
	}
	for (i = 0; i < NNODES; i++) {
		if (items[i].live && overlaps(&items[i].it, start, last)) {
			EXPECT_EQ(items[i].seen, stamp);
			expect++;
		}
	}
	EXPECT_EQ(got, expect);
	if (got)
		EXPECT_GT(tree_nodes_visited, visited);
}

static void random_queries(void)
{
	unsigned long start, last;
	int q;

	for (q = 0; q < NQUERIES; q++) {
		random_interval(&start, &last);
		if (q & 1)
			last = start;	/* stabbing a single point */
		check_query(start, last);
	}
	check_query(0, ULONG_MAX);
	check_query(ULONG_MAX, ULONG_MAX);
	check_query(0, 0);
}

/* Insert as @prev's successor, as fork does for a child vma. */
static void insert_after_random(struct item *node, bool wider)
{
	struct item *prev;
	int i;

	do {
		i = rnd() % NNODES;
	} while (!items[i].live);
	prev = &items[i];
	node->it.start = prev->it.start;
	node->it.last = prev->it.last + (wider ? 1 + rnd() % 5000 : 0);
	interval_tree_insert_after(&node->it, &prev->it, &root);
	node->live = true;
	EXPECT_TRUE(rb_next(&prev->it.rb) == &node->it.rb);
	EXPECT_TRUE(rb_prev(&node->it.rb) == &prev->it.rb);
}

static void random_ops(void)
{
	int op, live = 0, inserts = 0, removes = 0, afters = 0;

	for (op = 0; op < NOPS; op++) {
		struct item *item = &items[rnd() % NNODES];
		bool grow = live < NNODES / 3 || rnd() % 100 < 50;

		if (!item->live && grow) {
			if (live && rnd() % 4 == 0) {
				insert_after_random(item, rnd() & 1);
				afters++;
			} else {
				random_interval(&item->it.start,
						&item->it.last);
				interval_tree_insert(&item->it, &root);
				item->live = true;
			}
			live++;
			inserts++;
		} else if (item->live && !grow) {
			interval_tree_remove(&item->it, &root);
			item->live = false;
			live--;
			removes++;
		} else {
			continue;
		}
		EXPECT_EQ(interval_tree_validate(&root), 0);
		if (op % 8 == 0)
			random_queries();
	}
	printf("random: %d inserts (%d insert_after), %d removes, %d live\n",
	       inserts, afters, removes, live);
	EXPECT_GT(removes, NOPS / 8);
	EXPECT_GT(afters, NOPS / 32);
}

static void drain(void)
{
	int i;

	for (i = 0; i < NNODES; i++) {
		if (!items[i].live)
			continue;
		interval_tree_remove(&items[i].it, &root);
		items[i].live = false;
		EXPECT_EQ(interval_tree_validate(&root), 0);
	}
	EXPECT_TRUE(RB_EMPTY_ROOT(&root.rb_root));
	EXPECT_NULL(interval_tree_iter_first(&root, 0, ULONG_MAX));
}

TEST(random_inserts_removes_and_queries)
{
	random_ops();
	drain();
}

/* A miss costs one root-to-leaf descent at most, never a scan. */
TEST(miss_visits_one_path)
{
	static struct interval_tree_node nodes[1000];
	unsigned long before, worst = 0;
	int i, q;

	for (i = 0; i < 1000; i++) {
		nodes[i].start = (unsigned long)i * 1000;
		nodes[i].last = nodes[i].start + 10;
		interval_tree_insert(&nodes[i], &root);
	}
	EXPECT_EQ(interval_tree_validate(&root), 0);

	/* Each query falls in a gap between two intervals. */
	for (q = 0; q < 200; q++) {
		unsigned long s = (rnd() % 1000) * 1000 + 100 + rnd() % 800;

		before = tree_nodes_visited;
		EXPECT_NULL(interval_tree_iter_first(&root, s, s + 50));
		if (tree_nodes_visited - before > worst)
			worst = tree_nodes_visited - before;
	}
	printf("miss on 1000 nodes: at most %lu nodes visited\n", worst);
	EXPECT_GT(worst, 0);
	EXPECT_LT(worst, 64);

	/* Outside every interval: the O(1) early exits touch nothing. */
	before = tree_nodes_visited;
	EXPECT_NULL(interval_tree_iter_first(&root, 2000000, 3000000));
	EXPECT_EQ(tree_nodes_visited, before);

	before = tree_nodes_visited;
	EXPECT_TRUE(interval_tree_iter_first(&root, 5000, 5005) == &nodes[5]);
	EXPECT_GT(tree_nodes_visited, before);

	for (i = 0; i < 1000; i++)
		interval_tree_remove(&nodes[i], &root);
	EXPECT_TRUE(RB_EMPTY_ROOT(&root.rb_root));
}

/* The validator must notice a stale subtree max, or a wrong leftmost. */
TEST(validator_catches_stale_subtree_last)
{
	struct interval_tree_node a = { .start = 1, .last = 5 };
	struct interval_tree_node b = { .start = 3, .last = 9 };

	interval_tree_insert(&a, &root);
	interval_tree_insert(&b, &root);
	EXPECT_EQ(interval_tree_validate(&root), 0);
	a.__subtree_last = 5;
	EXPECT_LT(interval_tree_validate(&root), 0);
	a.__subtree_last = 9;
	root.rb_leftmost = &b.rb;
	EXPECT_LT(interval_tree_validate(&root), 0);
	root.rb_leftmost = &a.rb;
	EXPECT_EQ(interval_tree_validate(&root), 0);
	interval_tree_remove(&a, &root);
	interval_tree_remove(&b, &root);
}

/*
 * lib/interval_tree_test.c's shape at test size: 100 random intervals,
 * insert-all + erase-all loops, then loops of random stabbing queries.
 */
#define BENCH_NODES		100
#define BENCH_PERF_LOOPS	10
#define BENCH_SEARCHES		100
#define BENCH_SEARCH_LOOPS	10
#define BENCH_MAX_ENDPOINT	1000

TEST(kernel_test_module_shape)
{
	static struct interval_tree_node nodes[BENCH_NODES];
	static unsigned long queries[BENCH_SEARCHES];
	unsigned long results = 0, visited = tree_nodes_visited;
	int i, j;

	for (i = 0; i < BENCH_NODES; i++) {
		unsigned long a = rnd() % BENCH_MAX_ENDPOINT;
		unsigned long b = rnd() % BENCH_MAX_ENDPOINT;

		nodes[i].start = a < b ? a : b;
		nodes[i].last = a < b ? b : a;
	}
	for (i = 0; i < BENCH_SEARCHES; i++)
		queries[i] = rnd() % BENCH_MAX_ENDPOINT;

	for (i = 0; i < BENCH_PERF_LOOPS; i++) {
		for (j = 0; j < BENCH_NODES; j++)
			interval_tree_insert(&nodes[j], &root);
		EXPECT_EQ(interval_tree_validate(&root), 0);
		for (j = 0; j < BENCH_NODES; j++)
			interval_tree_remove(&nodes[j], &root);
	}
	EXPECT_TRUE(RB_EMPTY_ROOT(&root.rb_root));

	for (j = 0; j < BENCH_NODES; j++)
		interval_tree_insert(&nodes[j], &root);
	for (i = 0; i < BENCH_SEARCH_LOOPS; i++) {
		for (j = 0; j < BENCH_SEARCHES; j++) {
			struct interval_tree_node *n;
			unsigned long q = queries[j];

			for (n = interval_tree_iter_first(&root, q, q); n;
			     n = interval_tree_iter_next(n, q, q))
				results++;
		}
	}
	for (j = 0; j < BENCH_NODES; j++)
		interval_tree_remove(&nodes[j], &root);

	printf("bench shape: %d x insert/erase %d nodes, %d x %d searches: "
	       "%lu results, %lu nodes visited\n", BENCH_PERF_LOOPS,
	       BENCH_NODES, BENCH_SEARCH_LOOPS, BENCH_SEARCHES, results,
	       tree_nodes_visited - visited);
}
