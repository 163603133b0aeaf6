/*
 * pointer_chase: the physical floor of a walk. A walk's visit is a
 * dependent load (the next vma, tree node or pte_chain comes from the one
 * before), so its cost per visited node is held against a chain of
 * dependent loads through a random cyclic permutation of cache-line nodes
 * spanning a working set of each size the walks touch: L1 to DRAM. One run
 * is a fixed number of loads, so time per run / loads is ns per load.
 */
#include <stdlib.h>

#include "bench/components/component.h"

#define LINE		64
#define LOADS		(1L << 20)	/* per run, at every size */

enum { P_BYTES };

static const struct scenario_param params[] = {
	[P_BYTES] = { "bytes", 1L << 20, 2 * LINE, 1L << 32,
		      "working set of the chain" },
};

static const char *const variants[] = { "floor" };

struct chase_node {
	struct chase_node *next;
	char pad[LINE - sizeof(struct chase_node *)];
};

static struct {
	struct chase_node *nodes;
	struct chase_node *at;		/* where the last run stopped */
} pc;

/* Sattolo's shuffle: one cycle through every node, in random order. */
static int pointer_chase_setup(struct scenario_ctx *ctx)
{
	long n = ctx->p[P_BYTES] / LINE, i, j, *perm;

	pc.nodes = aligned_alloc(LINE, n * sizeof(*pc.nodes));
	perm = malloc(n * sizeof(*perm));
	if (!pc.nodes || !perm) {
		free(perm);
		return -1;
	}
	for (i = 0; i < n; i++)
		perm[i] = i;
	for (i = n - 1; i > 0; i--) {
		long t = perm[i];

		j = prng_below(&ctx->rng, i);
		perm[i] = perm[j];
		perm[j] = t;
	}
	for (i = 0; i < n; i++)
		pc.nodes[i].next = &pc.nodes[perm[i]];
	free(perm);
	pc.at = pc.nodes;
	return 0;
}

static int pointer_chase_run(struct scenario_ctx *ctx)
{
	struct chase_node *p = pc.at;
	long i;

	(void)ctx;
	for (i = 0; i < LOADS; i++)
		p = p->next;
	gb_escape(p);
	pc.at = p;
	return 0;
}

static void pointer_chase_teardown(struct scenario_ctx *ctx)
{
	(void)ctx;
	free(pc.nodes);
	pc.nodes = NULL;
}

/* ns_per_load: GB divides by the seconds (rate) and inverts. */
static void pointer_chase_publish(gb_state *st,
				  const struct scenario_ctx *ctx)
{
	(void)ctx;
	gb_set_counter(st, "loads", LOADS, GB_COUNTER_DEFAULT);
	gb_set_counter(st, "ns_per_load",
		       1e-9 * LOADS * gb_iterations_done(st),
		       GB_COUNTER_RATE | GB_COUNTER_INVERT);
}

const struct component pointer_chase_component = {
	.sc = {
		.name = "pointer_chase",
		.desc = "dependent loads through a random cycle of cache lines",
		.params = params,
		.nparams = sizeof(params) / sizeof(params[0]),
		.setup = pointer_chase_setup,
		.run = pointer_chase_run,
		.teardown = pointer_chase_teardown,
	},
	.variants = variants,
	.nvariants = 1,
	.publish = pointer_chase_publish,
};
