/*
 * The radix priority search tree (i_mmap, Linux 2.6.7 - 3.6) against brute
 * force: duplicate indices, equal starts (overflow subtrees), indices near
 * ULONG_MAX (expand), removal in several orders, replace, raw roots; every
 * stabbing query must return exactly the overlapping set.  Also prints the
 * nodes visited per point query on vma-like trees, the cost the benchmark
 * compares against the interval tree.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/lib/prio_tree.h"
#include "common/lib/tree_visit.h"
#include "tests/harness.h"

struct item {
	struct prio_tree_node node;
	int present;		/* in the tree or on a node's "vm_set" */
	int in_tree;		/* the node that represents its index */
	unsigned int seen;	/* query generation that last returned it */
};

struct model {
	struct prio_tree_root root;
	struct item *items;
	int n;
	unsigned int query_gen;
};

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned long rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned long)rng_state;
}

static unsigned long rnd_below(unsigned long n)
{
	return n ? rnd() % n : rnd();
}

static struct item *node_item(struct prio_tree_node *node)
{
	return prio_tree_entry(node, struct item, node);
}

static int same_index(const struct item *a, const struct item *b)
{
	return a->node.start == b->node.start && a->node.last == b->node.last;
}

static void model_init(struct model *m, int n)
{
	INIT_PRIO_TREE_ROOT(&m->root);
	m->items = calloc(n, sizeof(*m->items));
	m->n = n;
	m->query_gen = 0;
}

static int tree_members(const struct model *m)
{
	int i, k = 0;

	for (i = 0; i < m->n; i++)
		k += m->items[i].in_tree;
	return k;
}

static void model_check(const struct model *m)
{
	EXPECT_EQ(prio_tree_validate(&m->root), 0);
	EXPECT_EQ(prio_tree_node_count(&m->root), tree_members(m));
}

static struct item *find_in_tree(const struct model *m, const struct item *it)
{
	int i;

	for (i = 0; i < m->n; i++)
		if (m->items[i].in_tree && same_index(&m->items[i], it))
			return &m->items[i];
	return NULL;
}

static void model_insert(struct model *m, int i)
{
	struct item *it = &m->items[i], *prior = find_in_tree(m, it);
	struct prio_tree_node *res = prio_tree_insert(&m->root, &it->node);

	it->present = 1;
	if (prior) {
		EXPECT_TRUE(res == &prior->node);
	} else {
		EXPECT_TRUE(res == &it->node);
		it->in_tree = 1;
	}
}

/* As vma_prio_tree_remove(): a vm_set member inherits the tree slot. */
static void model_remove(struct model *m, int i)
{
	struct item *it = &m->items[i];
	int j;

	if (!it->present)
		return;
	it->present = 0;
	if (!it->in_tree)
		return;
	it->in_tree = 0;
	for (j = 0; j < m->n; j++) {
		struct item *o = &m->items[j];

		if (o->present && !o->in_tree && same_index(o, it)) {
			EXPECT_TRUE(prio_tree_replace(&m->root, &it->node,
						      &o->node) == &it->node);
			o->in_tree = 1;
			return;
		}
	}
	prio_tree_remove(&m->root, &it->node);
}

static int overlaps(const struct item *it, unsigned long a, unsigned long b)
{
	return it->node.start <= b && it->node.last >= a;
}

/* Returns the nodes visited. */
static unsigned long model_query(struct model *m, unsigned long a,
				 unsigned long b)
{
	unsigned long before = tree_nodes_visited;
	struct prio_tree_iter iter;
	struct prio_tree_node *node;
	int i, got = 0, want = 0;

	m->query_gen++;
	prio_tree_iter_init(&iter, &m->root, a, b);
	while ((node = prio_tree_next(&iter))) {
		struct item *it = node_item(node);

		EXPECT_TRUE(it >= m->items && it < m->items + m->n);
		EXPECT_TRUE(it->in_tree);
		EXPECT_TRUE(overlaps(it, a, b));
		EXPECT_NE(it->seen, m->query_gen);
		it->seen = m->query_gen;
		got++;
	}
	for (i = 0; i < m->n; i++)
		want += m->items[i].in_tree && overlaps(&m->items[i], a, b);
	EXPECT_EQ(got, want);
	return tree_nodes_visited - before;
}

/* Points near stored endpoints find the off-by-one mistakes. */
static unsigned long pick_point(const struct model *m, unsigned long span)
{
	const struct item *it = &m->items[rnd_below(m->n)];

	switch (rnd_below(6)) {
	case 0:
		return it->node.start - (it->node.start ? 1 : 0);
	case 1:
		return it->node.last + (it->node.last != ULONG_MAX);
	case 2:
		return it->node.start;
	case 3:
		return it->node.last;
	default:
		return rnd_below(span);
	}
}

static void model_queries(struct model *m, int count, unsigned long span)
{
	int q;

	model_query(m, 0, ULONG_MAX);
	model_query(m, 0, 0);
	model_query(m, ULONG_MAX, ULONG_MAX);
	for (q = 0; q < count; q++) {
		unsigned long a = pick_point(m, span), b = pick_point(m, span);

		model_query(m, a, a);
		if (a > b) {
			unsigned long t = a;

			a = b;
			b = t;
		}
		model_query(m, a, b);
	}
}

/* --- interval generators ------------------------------------------ */

typedef void (*gen_fn)(struct item *it);

static void set_range(struct item *it, unsigned long start, unsigned long last)
{
	it->node.start = start;
	it->node.last = last;
}

/* Small space: many identical ranges and many equal starts. */
static void gen_small(struct item *it)
{
	unsigned long start = rnd_below(64);

	set_range(it, start, start + rnd_below(8));
}

/* Few starts, sizes of every magnitude: deep overflow subtrees. */
static void gen_same_start(struct item *it)
{
	static const unsigned long starts[] = { 0, 1000, 1UL << 40 };
	unsigned long start = starts[rnd_below(3)];
	unsigned long size = (rnd() >> 1) >> rnd_below(63);

	set_range(it, start, start + size);
}

/* Up to ULONG_MAX/2 and heaps up to ULONG_MAX: forces expand. */
static void gen_huge(struct item *it)
{
	unsigned long start = rnd_below(ULONG_MAX / 2) >> rnd_below(62);
	unsigned long room = ULONG_MAX - start;

	if (!rnd_below(8))
		set_range(it, start, ULONG_MAX);
	else
		set_range(it, start,
			  start + (rnd_below(room) >> rnd_below(64)));
}

static void gen_vma(struct item *it)
{
	unsigned long pgoff = rnd_below(1UL << 20);

	set_range(it, pgoff, pgoff + rnd_below(64));
}

/* --- removal orders ------------------------------------------------- */

enum order { ORD_RANDOM, ORD_FIFO, ORD_LIFO, ORD_HEAP_UP, ORD_HEAP_DOWN,
	     ORD_ROOT, ORD_NR };

static const char *const order_name[ORD_NR] = {
	"random", "fifo", "lifo", "heap-up", "heap-down", "root",
};

static const struct item *sort_base;

static int by_heap(const void *a, const void *b)
{
	unsigned long ha = sort_base[*(const int *)a].node.last;
	unsigned long hb = sort_base[*(const int *)b].node.last;

	return (ha > hb) - (ha < hb);
}

static void make_order(const struct model *m, enum order ord, int *perm)
{
	int i;

	for (i = 0; i < m->n; i++)
		perm[i] = ord == ORD_LIFO ? m->n - 1 - i : i;
	if (ord == ORD_RANDOM) {
		for (i = m->n - 1; i > 0; i--) {
			int j = rnd_below(i + 1), t = perm[i];

			perm[i] = perm[j];
			perm[j] = t;
		}
	} else if (ord == ORD_HEAP_UP || ord == ORD_HEAP_DOWN) {
		sort_base = m->items;
		qsort(perm, m->n, sizeof(*perm), by_heap);
		if (ord == ORD_HEAP_DOWN)
			for (i = 0; i < m->n / 2; i++) {
				int t = perm[i];

				perm[i] = perm[m->n - 1 - i];
				perm[m->n - 1 - i] = t;
			}
	}
}

static int next_victim(const struct model *m, enum order ord,
		       const int *perm, int step)
{
	if (ord == ORD_ROOT)
		return node_item(m->root.prio_tree_node) - m->items;
	return perm[step];
}

/* Swap a random tree node for a fresh one with its index, and back. */
static void replace_round(struct model *m, struct item *spare)
{
	struct item *it = &m->items[rnd_below(m->n)];

	if (!it->in_tree)
		return;
	spare->node.start = it->node.start;
	spare->node.last = it->node.last;
	EXPECT_TRUE(prio_tree_replace(&m->root, &it->node, &spare->node) ==
		    &it->node);
	EXPECT_EQ(prio_tree_validate(&m->root), 0);
	EXPECT_TRUE(prio_tree_replace(&m->root, &spare->node, &it->node) ==
		    &spare->node);
	EXPECT_EQ(prio_tree_validate(&m->root), 0);
}

static void run_scenario(gen_fn gen, unsigned long span, int n,
			 enum order ord)
{
	struct model m;
	struct item spare;
	int *perm = malloc(n * sizeof(*perm));
	int i;

	model_init(&m, n);
	for (i = 0; i < n; i++)
		gen(&m.items[i]);
	for (i = 0; i < n; i++) {
		model_insert(&m, i);
		model_check(&m);
		if (i % 64 == 0)
			model_queries(&m, 4, span);
	}
	model_queries(&m, 200, span);
	for (i = 0; i < 20; i++)
		replace_round(&m, &spare);
	model_queries(&m, 50, span);

	make_order(&m, ord, perm);
	for (i = 0; i < n; i++) {
		model_remove(&m, next_victim(&m, ord, perm, i));
		model_check(&m);
		if (i % 32 == 0)
			model_queries(&m, 4, span);
	}
	EXPECT_TRUE(prio_tree_empty(&m.root));
	EXPECT_EQ(m.root.index_bits, 1);
	if (test_failed())
		fprintf(stderr, "  in scenario span %lu order %s\n", span,
			order_name[ord]);
	free(perm);
	free(m.items);
}

TEST(generators_and_removal_orders)
{
	static const struct {
		gen_fn gen;
		unsigned long span;
	} gens[] = {
		{ gen_small, 80 },
		{ gen_same_start, 0 },
		{ gen_huge, 0 },
		{ gen_vma, 1UL << 20 },
	};
	unsigned int g;
	int ord;

	for (g = 0; g < sizeof(gens) / sizeof(gens[0]); g++)
		for (ord = 0; ord < ORD_NR; ord++)
			run_scenario(gens[g].gen, gens[g].span, 300, ord);
}

/* Heaps crossing every power of two, then ULONG_MAX: one expand each. */
TEST(expand_to_ulong_max)
{
	struct model m;
	int i, n = 66;

	model_init(&m, n);
	for (i = 0; i < 64; i++)
		set_range(&m.items[i], i & 1, (2UL << i) - 1);
	set_range(&m.items[64], ULONG_MAX / 2, ULONG_MAX);
	set_range(&m.items[65], ULONG_MAX, ULONG_MAX);
	for (i = 0; i < n; i++) {
		model_insert(&m, i);
		model_check(&m);
		EXPECT_EQ(m.root.index_bits, i < 64 ? i + 1 : 64);
	}
	EXPECT_EQ(prio_tree_maxindex(64), ULONG_MAX);
	EXPECT_EQ(prio_tree_maxindex(1), 1);
	model_queries(&m, 100, 0);
	for (i = 0; i < n; i++) {
		model_remove(&m, i);
		model_check(&m);
		model_queries(&m, 2, 0);
	}
	free(m.items);
}

/* Same heap, different radix: the tie rule decides who sits above. */
TEST(equal_heaps)
{
	struct model m;
	int i, n = 40;

	model_init(&m, n);
	for (i = 0; i < n; i++)
		set_range(&m.items[i], (unsigned long)(n - 1 - i) * 3, 200);
	for (i = 0; i < n; i++) {
		model_insert(&m, i);
		model_check(&m);
	}
	EXPECT_EQ(m.root.prio_tree_node->start, 0);
	model_queries(&m, 100, 256);
	for (i = 0; i < n; i++) {
		model_remove(&m, (i * 7) % n);
		model_check(&m);
	}
	free(m.items);
}

/*
 * The longest path the kernel allows: 64 radix levels of equal radix, then
 * all 64 size bits, ending on the leaf where the iterator's mask becomes
 * ULONG_MAX.
 */
TEST(deepest_path)
{
	struct model m;
	int i, n = 129;

	model_init(&m, n);
	for (i = 0; i < 64; i++)
		set_range(&m.items[i], 0, ULONG_MAX - i);
	for (i = 0; i < 64; i++)
		set_range(&m.items[64 + i], 0, 1UL << (63 - i));
	set_range(&m.items[128], 0, 0);
	for (i = 0; i < n; i++) {
		model_insert(&m, i);
		model_check(&m);
	}
	EXPECT_EQ(prio_tree_height(&m.root), 129);
	model_queries(&m, 100, 0);
	for (i = 0; i < 64; i++) {
		model_query(&m, 1UL << i, 1UL << i);
		model_query(&m, (1UL << i) + 1, ULONG_MAX - 70);
	}
	for (i = 0; i < n; i++) {
		model_remove(&m, (i * 37) % n);
		model_check(&m);
		model_queries(&m, 1, 0);
	}
	free(m.items);
}

/* --- raw root: the vma form, index from a callback ---------------- */

struct fake_vma {
	unsigned long vm_pgoff;
	unsigned long npages;
	struct raw_prio_tree_node shared;
	int id;
};

static void vma_index(const struct prio_tree_root *root,
		      const struct prio_tree_node *node,
		      unsigned long *radix, unsigned long *heap)
{
	const struct fake_vma *vma =
		prio_tree_entry(node, const struct fake_vma, shared);

	(void)root;
	*radix = vma->vm_pgoff;
	*heap = vma->vm_pgoff + vma->npages - 1;
}

static int raw_query(struct prio_tree_root *root, struct fake_vma *vmas,
		     const int *in_tree, int n, unsigned long a,
		     unsigned long b)
{
	struct prio_tree_iter iter;
	struct prio_tree_node *node;
	int i, got = 0, want = 0;

	prio_tree_iter_init(&iter, root, a, b);
	while ((node = prio_tree_next(&iter))) {
		struct fake_vma *v = prio_tree_entry(node, struct fake_vma,
						     shared);

		EXPECT_TRUE(v >= vmas && v < vmas + n && in_tree[v->id]);
		got++;
	}
	for (i = 0; i < n; i++)
		want += in_tree[i] && vmas[i].vm_pgoff <= b &&
			vmas[i].vm_pgoff + vmas[i].npages - 1 >= a;
	return got == want;
}

TEST(raw_root)
{
	enum { N = 200 };
	static struct fake_vma vmas[N];
	static int in_tree[N];
	struct prio_tree_root root;
	int i, q, bad = 0;

	INIT_RAW_PRIO_TREE_ROOT(&root, vma_index);
	for (i = 0; i < N; i++) {
		struct prio_tree_node *res;

		vmas[i].id = i;
		vmas[i].vm_pgoff = rnd_below(512);
		vmas[i].npages = 1 + rnd_below(16);
		if (i % 10 == 0 && i)	/* an identical mapping */
			vmas[i].vm_pgoff = vmas[i - 1].vm_pgoff,
			vmas[i].npages = vmas[i - 1].npages;
		res = raw_prio_tree_insert(&root, &vmas[i].shared);
		in_tree[i] = res == (struct prio_tree_node *)&vmas[i].shared;
		if (i % 10 == 0 && i && in_tree[i - 1])
			EXPECT_TRUE(!in_tree[i]);
		EXPECT_EQ(prio_tree_validate(&root), 0);
	}
	for (q = 0; q < 500; q++) {
		unsigned long a = rnd_below(600), b = a + rnd_below(20);

		bad += !raw_query(&root, vmas, in_tree, N, a, a);
		bad += !raw_query(&root, vmas, in_tree, N, a, b);
	}
	EXPECT_EQ(bad, 0);
	for (i = N - 1; i >= 0; i--) {
		if (!in_tree[i])
			continue;
		raw_prio_tree_remove(&root, &vmas[i].shared);
		in_tree[i] = 0;
		EXPECT_EQ(prio_tree_validate(&root), 0);
		EXPECT_TRUE(raw_query(&root, vmas, in_tree, N, 0, ULONG_MAX));
	}
	EXPECT_TRUE(prio_tree_empty(&root));
	EXPECT_TRUE(root.raw && root.get_index == vma_index);
}

/*
 * validate must notice a broken tree, not just bless any tree: each
 * corruption below breaks exactly one invariant.
 */
TEST(validate_catches)
{
	struct prio_tree_root root;
	struct prio_tree_node a = { .start = 0, .last = 7 };
	struct prio_tree_node b = { .start = 1, .last = 1 };

	INIT_PRIO_TREE_ROOT(&root);
	EXPECT_TRUE(prio_tree_insert(&root, &a) == &a);
	EXPECT_TRUE(prio_tree_insert(&root, &b) == &b);
	EXPECT_EQ(root.index_bits, 3);
	EXPECT_TRUE(a.left == &b && prio_tree_right_empty(&a));
	EXPECT_EQ(prio_tree_validate(&root), 0);
	fprintf(stderr, "(four expected validate complaints follow)\n");

	/* radix bit 2 of [1, 1] is 0: it may not hang to the right */
	a.left = &a;
	a.right = &b;
	EXPECT_LT(prio_tree_validate(&root), 0);
	a.right = &a;
	a.left = &b;

	b.last = 9;	/* child above parent, and beyond maxindex(3) */
	EXPECT_LT(prio_tree_validate(&root), 0);
	b.last = 7;	/* equal heaps with the larger radix on top */
	a.start = 2;
	EXPECT_LT(prio_tree_validate(&root), 0);
	a.start = 0;
	b.last = 1;

	b.parent = &b;
	EXPECT_LT(prio_tree_validate(&root), 0);
	b.parent = &a;
	EXPECT_EQ(prio_tree_validate(&root), 0);
}

/* --- cost report ------------------------------------------------------ */

static void build_vma_tree(struct model *m, int n)
{
	int i;

	model_init(m, n);
	for (i = 0; i < n; i++) {
		gen_vma(&m->items[i]);
		if (prio_tree_insert(&m->root, &m->items[i].node) ==
		    &m->items[i].node)
			m->items[i].in_tree = 1;
		m->items[i].present = 1;
	}
}

static double avg_point_visits(struct model *m, int queries)
{
	unsigned long long seed = rng_state, total = 0;
	struct prio_tree_iter iter;
	int q;

	for (q = 0; q < queries; q++) {
		unsigned long before = tree_nodes_visited;
		unsigned long pg = rnd_below((1UL << 20) + 64);

		prio_tree_iter_init(&iter, &m->root, pg, pg);
		while (prio_tree_next(&iter))
			;
		total += tree_nodes_visited - before;
	}
	rng_state = seed;	/* same points for the v3.4 iterator */
	return (double)total / queries;
}

TEST(report_point_query_visits)
{
	static const int sizes[] = { 10, 1000, 100000 };
	unsigned int s;

	printf("prio_tree point queries, vma-like intervals "
	       "(pgoff < 2^20, 1-64 pages):\n");
	for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		struct model m;
		int queries = sizes[s] >= 100000 ? 20000 : 50000;
		int q34 = sizes[s] >= 100000 ? 300 : queries;
		double v26, v34;

		build_vma_tree(&m, sizes[s]);
		EXPECT_EQ(prio_tree_validate(&m.root), 0);
		v26 = avg_point_visits(&m, queries);
		prio_tree_iter_v34 = 1;
		v34 = avg_point_visits(&m, q34);
		prio_tree_iter_v34 = 0;
		printf("  n=%6d height %3u index_bits %2u: %.2f nodes/query "
		       "(2.6.7-3.3 iterator), %.2f (3.4-3.6)\n", sizes[s],
		       prio_tree_height(&m.root), m.root.index_bits, v26, v34);
		free(m.items);
	}
}

/* A miss in 1000 vmas must cost a couple of root-to-leaf paths, not n. */
TEST(miss_bound)
{
	struct model m;
	unsigned long worst = 0, misses = 0;
	int q;

	build_vma_tree(&m, 1000);
	for (q = 0; q < 5000; q++) {
		unsigned long pg = rnd_below(1UL << 20), v;
		int i, hit = 0;

		for (i = 0; i < m.n && !hit; i++)
			hit = m.items[i].in_tree &&
			      overlaps(&m.items[i], pg, pg);
		if (hit)
			continue;
		v = model_query(&m, pg, pg);
		EXPECT_LT(v, 200);
		worst = v > worst ? v : worst;
		misses++;
	}
	EXPECT_GT(misses, 1000);
	printf("  n=  1000 worst miss: %lu nodes over %lu empty points\n",
	       worst, misses);
	/* the 3.4-3.6 iterator must return the same sets */
	prio_tree_iter_v34 = 1;
	model_queries(&m, 200, 1UL << 20);
	prio_tree_iter_v34 = 0;
	free(m.items);
}
