/*
 * The scenario interface: a workload with named integer parameters, a set-up
 * that builds the processes and files it needs (not measured), a run that is
 * one measured iteration, and a teardown. rmapsim runs a scenario once and
 * prints its counters; the Google Benchmark harness registers the same code.
 * A scenario is a pure function of its parameters and seed.
 */
#ifndef RMAP_SCENARIO_H
#define RMAP_SCENARIO_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/lib/prng.h"
#include "common/model.h"

#define SCENARIO_MAX_PARAMS	8

struct scenario_param {
	const char *name;
	long def, min, max;
	const char *help;
};

struct scenario_ctx {
	long p[SCENARIO_MAX_PARAMS];	/* values, in the order of params */
	uint64_t seed;
	struct prng rng;
	void *priv;
	unsigned variant;		/* components: which of their variants */
	const char *error;		/* why setup or run failed */
};

struct scenario {
	const char *name;
	const char *desc;
	const struct scenario_param *params;
	unsigned nparams;
	/* mem_map pages the workload needs */
	unsigned long (*mem_pages)(const struct scenario_ctx *ctx);
	int (*setup)(struct scenario_ctx *ctx);
	int (*run)(struct scenario_ctx *ctx);
	void (*teardown)(struct scenario_ctx *ctx);
};

/*
 * Budgets, not hangs: the harness's timer sets scenario_budget_expired, and
 * long loops in setup() and run() poll scenario_over_budget() between units
 * of work (a walked page, a fork), then fail with ctx->error set. The model
 * is consistent between units, so teardown still frees everything.
 */
extern volatile sig_atomic_t scenario_budget_expired;

static inline bool scenario_over_budget(void)
{
	return scenario_budget_expired;
}

extern const struct scenario *const scenarios[];
extern const unsigned nr_scenarios;

const struct scenario *scenario_find(const char *name);
/* Defaults for every parameter, and the seed. */
void scenario_defaults(const struct scenario *sc, struct scenario_ctx *ctx,
		       uint64_t seed);
/*
 * Sets "name=value". Returns 0, or -1 with a one-line message naming the
 * valid parameters or the allowed range.
 */
int scenario_set_param(const struct scenario *sc, struct scenario_ctx *ctx,
		       const char *assignment, char *err, unsigned errlen);

/*
 * When scenario_over_budget() is true: sets ctx->error and returns -1, for
 * run() or setup() to return at once. The poll is one load, no system call;
 * without an armed budget (rmapsim, the tests) it is always false.
 */
int scenario_out_of_budget(struct scenario_ctx *ctx);
/*
 * The harness's side: a wall-clock budget of seconds from now for one
 * trial (a signal sets the flag when it runs out), and its cancellation.
 */
void scenario_budget_arm(double seconds);
void scenario_budget_disarm(void);

#endif
