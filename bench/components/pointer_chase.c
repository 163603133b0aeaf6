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
	/* the chase's result is used: the loads cannot be optimized out */
	__asm__ volatile("" : : "r"(p) : "memory");
	pc.at = p;
	return 0;
}

static void pointer_chase_teardown(struct scenario_ctx *ctx)
{
	(void)ctx;
	free(pc.nodes);
	pc.nodes = NULL;
}

/* ns_per_load: the harness turns LOADS per iteration into ns per load. */
static void pointer_chase_publish(const struct scenario_ctx *ctx,
				  struct scenario_counters *out)
{
	(void)ctx;
	*out = (struct scenario_counters){ 2, {
		{ "loads", LOADS, SC_COUNTER_PER_RUN },
		{ "ns_per_load", LOADS, SC_COUNTER_NS_PER },
	} };
}

/* 4 KiB (L1) to 256 MiB (DRAM, past any LLC) */
static const struct scenario_curve curves[] = {
	{ "bytes", "4096 16384 65536 262144 1048576 4194304 16777216 "
	  "67108864 268435456", "4096 65536 1048576 16777216", "", "" },
};

static const struct scenario_figure figures[] = {
	{ .name = "pointer_chase", .x = "bytes",
	  .title = "pointer_chase: dependent loads over a working set",
	  .xlabel = "working set (bytes)",
	  .left = { "ns_per_load", "ns per dependent load" } },
};

const struct scenario pointer_chase_scenario = {
	.name = "pointer_chase",
	.desc = "A chain of dependent loads over a working set of each size "
		"used by the walks.",
	.question = "What is the physical floor for a walk's cost per visited "
		    "node?",
	.kind = SCENARIO_COMPONENT,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	SCENARIO_VARIANTS(variants),
	.publish = pointer_chase_publish,
	.setup = pointer_chase_setup,
	.run = pointer_chase_run,
	.teardown = pointer_chase_teardown,
};
