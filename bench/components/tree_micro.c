/*
 * tree_micro: Michel Lespinasse's microbenchmark
 * (lib/interval_tree_test_main.c of fff3fd8a1210 "rbtree: add prio tree
 * and interval tree tests", 3.7, renamed interval_tree_test.c later, and
 * the prio-tree comparison he posted with it) on the three structures
 * i_mmap has been: the linear list (2.5.x - 2.6.6, as i_mmap and
 * i_mmap_shared were), the radix priority search tree (2.6.7 - 3.6) and
 * the augmented rbtree interval tree (3.7+).
 * N intervals with uniformly random 32-bit endpoints; op 0 runs one loop of
 * insert-all then erase-all, op 1 Q stabbing queries at random points. Ops
 * 2 and 3 are the module itself: NODES 100 intervals, PERF_LOOPS 100000
 * loops of op 0, then SEARCH_LOOPS 10000 loops of SEARCHES 100 queries,
 * reported as it printed them, per loop and per search loop (in ns, not
 * cycles; our PRNG, not its prandom32 seed). What matters is the cost per
 * loop and the nodes a query examines (tree_visit; for the list, every
 * element), against the hits it reports.
 */
#include <stdlib.h>

#include "bench/components/component.h"
#include "common/lib/interval_tree.h"
#include "common/lib/list.h"
#include "common/lib/prio_tree.h"
#include "common/lib/tree_visit.h"

enum { P_OP, P_INTERVALS, P_QUERIES };

/* the module's loop counts (NODES and SEARCHES are the curve's N and Q) */
#define PERF_LOOPS	100000
#define SEARCH_LOOPS	10000
enum { V_LIST, V_PRIO_TREE, V_INTERVAL_TREE };

static const struct scenario_param params[] = {
	[P_OP] = { "op", 0, 0, 3,
		   "insert all then erase all (0), stabbing queries (1), or "
		   "PERF_LOOPS or SEARCH_LOOPS of them (2, 3: the 3.7 module)" },
	[P_INTERVALS] = { "intervals", 100, 1, 1L << 22,
			  "random intervals in the structure" },
	[P_QUERIES] = { "queries", 100, 1, 1L << 20,
			"stabbing queries per loop (ops 1 and 3)" },
};

static const char *const variants[] = {
	[V_LIST] = "list",
	[V_PRIO_TREE] = "prio_tree",
	[V_INTERVAL_TREE] = "interval_tree",
};

/* One interval in each structure's own node, as the kernel embeds them. */
struct tm_node {
	struct list_head list;
	struct prio_tree_node prio;
	struct interval_tree_node it;
	bool in_prio;			/* false: a duplicate of another's */
};

static struct {
	struct tm_node *nodes;
	unsigned long *queries;
	long n, nq;
	struct list_head list;
	struct prio_tree_root prio;
	struct rb_root_cached it;
	unsigned long visited, hits;	/* of the last run's queries */
} tm;

static bool queries(const struct scenario_ctx *ctx)
{
	return ctx->p[P_OP] & 1;
}

/* Loops a run makes: one, or the module's count */
static long loops(const struct scenario_ctx *ctx)
{
	static const long by_op[] = { 1, 1, PERF_LOOPS, SEARCH_LOOPS };

	return by_op[ctx->p[P_OP]];
}

static void tm_insert(unsigned variant, struct tm_node *nd)
{
	switch (variant) {
	case V_LIST:
		list_add_tail(&nd->list, &tm.list);
		break;
	case V_PRIO_TREE:
		nd->in_prio = prio_tree_insert(&tm.prio, &nd->prio) ==
			      &nd->prio;
		break;
	default:
		interval_tree_insert(&nd->it, &tm.it);
	}
}

static void tm_erase(unsigned variant, struct tm_node *nd)
{
	switch (variant) {
	case V_LIST:
		list_del(&nd->list);
		break;
	case V_PRIO_TREE:
		if (nd->in_prio)
			prio_tree_remove(&tm.prio, &nd->prio);
		break;
	default:
		interval_tree_remove(&nd->it, &tm.it);
	}
}

/* Hits for a stab at q; nodes examined go to tm.visited. */
static unsigned long tm_query(unsigned variant, unsigned long q)
{
	unsigned long hits = 0, before = tree_nodes_visited;
	struct interval_tree_node *it;
	struct prio_tree_iter iter;
	struct tm_node *nd;

	switch (variant) {
	case V_LIST:
		list_for_each_entry(nd, &tm.list, list) {
			tm.visited++;
			hits += nd->it.start <= q && q <= nd->it.last;
		}
		return hits;
	case V_PRIO_TREE:
		prio_tree_iter_init(&iter, &tm.prio, q, q);
		while (prio_tree_next(&iter))
			hits++;
		break;
	default:
		for (it = interval_tree_iter_first(&tm.it, q, q); it;
		     it = interval_tree_iter_next(it, q, q))
			hits++;
	}
	tm.visited += tree_nodes_visited - before;
	return hits;
}

static int tree_micro_setup(struct scenario_ctx *ctx)
{
	long i;

	tm.n = ctx->p[P_INTERVALS];
	tm.nq = ctx->p[P_QUERIES];
	tm.nodes = calloc(tm.n, sizeof(*tm.nodes));
	tm.queries = calloc(tm.nq, sizeof(*tm.queries));
	if (!tm.nodes || !tm.queries) {
		/* nothing inserted: teardown must find nothing to erase */
		free(tm.nodes);
		free(tm.queries);
		tm.nodes = NULL;
		tm.queries = NULL;
		return -1;
	}
	INIT_LIST_HEAD(&tm.list);
	INIT_PRIO_TREE_ROOT(&tm.prio);
	tm.it = RB_ROOT_CACHED;
	for (i = 0; i < tm.n; i++) {
		unsigned long a = (uint32_t)prng_next(&ctx->rng);
		unsigned long b = (uint32_t)prng_next(&ctx->rng);
		struct tm_node *nd = &tm.nodes[i];

		nd->it.start = nd->prio.start = a < b ? a : b;
		nd->it.last = nd->prio.last = a < b ? b : a;
		INIT_PRIO_TREE_NODE(&nd->prio);
	}
	for (i = 0; i < tm.nq; i++)
		tm.queries[i] = (uint32_t)prng_next(&ctx->rng);
	/* queries stab a full structure; insert loops start empty */
	if (queries(ctx))
		for (i = 0; i < tm.n; i++)
			tm_insert(ctx->variant, &tm.nodes[i]);
	return 0;
}

static void one_loop(const struct scenario_ctx *ctx)
{
	long i;

	if (queries(ctx)) {
		for (i = 0; i < tm.nq; i++)
			tm.hits += tm_query(ctx->variant, tm.queries[i]);
		return;
	}
	for (i = 0; i < tm.n; i++)
		tm_insert(ctx->variant, &tm.nodes[i]);
	for (i = 0; i < tm.n; i++)
		tm_erase(ctx->variant, &tm.nodes[i]);
}

static int tree_micro_run(struct scenario_ctx *ctx)
{
	long l;

	tm.visited = tm.hits = 0;
	for (l = 0; l < loops(ctx); l++) {
		if (scenario_over_budget())
			return scenario_fail(ctx, NULL);
		one_loop(ctx);
	}
	return 0;
}

static void tree_micro_teardown(struct scenario_ctx *ctx)
{
	long i;

	if (queries(ctx) && tm.nodes)
		for (i = 0; i < tm.n; i++)
			tm_erase(ctx->variant, &tm.nodes[i]);
	free(tm.nodes);
	free(tm.queries);
	tm.nodes = NULL;
	tm.queries = NULL;
}

/*
 * The module's lines: "insert/remove -> C cycles" per loop, "search -> C
 * cycles (R results)" per search loop of Q queries; here ns.
 */
static void tree_micro_publish(const struct scenario_ctx *ctx,
			       struct scenario_counters *out)
{
	double n = (double)loops(ctx);

	if (!queries(ctx)) {
		*out = (struct scenario_counters){ 1, {
			{ "ns_per_loop", n, SC_COUNTER_NS_PER },
		} };
		return;
	}
	*out = (struct scenario_counters){ 4, {
		{ "ns_per_search_loop", n, SC_COUNTER_NS_PER },
		{ "ns_per_query", n * tm.nq, SC_COUNTER_NS_PER },
		{ "nodes_per_query", (double)tm.visited / (n * tm.nq),
		  SC_COUNTER_PER_RUN },
		{ "hits_per_query", (double)tm.hits / (n * tm.nq),
		  SC_COUNTER_PER_RUN },
	} };
}

/*
 * Michel Lespinasse's loops, then his stabbing queries, against N; then
 * his module as merged, quick runs too (about 0.3 s a structure).
 */
static const struct scenario_curve curves[] = {
	{ "intervals", "10 100 1000 10000 100000", "10 100 1000", "op=0",
	  "op=0" },
	{ "intervals", "10 100 1000 10000 100000", "10 100 1000", "op=1",
	  "op=1" },
	{ "op", "2 3", "2 3", "intervals=100 queries=100",
	  "intervals=100 queries=100" },
};

static const struct scenario_figure figures[] = {
	{ .name = "tree_micro", .x = "intervals", .pin = "op:0",
	  .title = "tree_micro: N random intervals inserted, then erased",
	  .xlabel = "intervals (N)",
	  .left = { "time", "time per insert-all + erase-all loop" } },
	{ .name = "tree_micro_query", .x = "intervals", .pin = "op:1",
	  .title = "tree_micro: stabbing queries on N random intervals",
	  .xlabel = "intervals (N)",
	  .left = { "time", "time per run of queries" },
	  .right = { "nodes_per_query", "nodes examined per query" } },
};

const struct scenario tree_micro_scenario = {
	.name = "tree_micro",
	.desc = "Michel Lespinasse's microbenchmark: random intervals inserted "
		"and erased in loops, and stabbing queries, on the list, the "
		"prio tree and the interval tree.",
	.question = "What does each i_mmap structure (list, prio tree, interval "
		    "tree) cost per operation?",
	.kind = SCENARIO_COMPONENT,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	SCENARIO_VARIANTS(variants),
	.publish = tree_micro_publish,
	.setup = tree_micro_setup,
	.run = tree_micro_run,
	.teardown = tree_micro_teardown,
};
