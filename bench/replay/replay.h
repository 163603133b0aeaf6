/*
 * Replaying a real program's strace log on the model: every task of the log
 * becomes a task with an mm, every traced address-space call the model's
 * call at the traced address, so the generations are compared on the vma
 * layouts, sharing and fork trees real programs build. strace shows no page
 * faults, so a documented touch policy stands in for them, and periodic
 * reclaim makes the rmap walks happen.
 *
 * Usage (rmapsim replay, the trace benchmarks): load a log once with
 * strace_load(), then for each run on a model instance:
 *
 *	struct replay_input in = { .log = log };
 *	scenario_defaults(&trace_scenario, &ctx, seed);
 *	ctx.priv = &in;			(then --param: scenario_set_param)
 *	model_init(cfg, trace_scenario.mem_pages(&ctx));
 *	trace_scenario.setup(&ctx); .run(&ctx); .teardown(&ctx);
 *	model_exit();
 *
 * run() replays the whole log from an empty model back to an empty one
 * (tasks still alive at the end exit), so it may be repeated; every run of
 * the same log, parameters and seed gives the same counters.
 */
#ifndef RMAP_REPLAY_H
#define RMAP_REPLAY_H

#include <stdio.h>

#include "bench/replay/strace_parse.h"
#include "bench/scenarios/scenario.h"

struct replay_result {
	unsigned long events;		/* events replayed */
	unsigned long refused;		/* calls the model refused: see below */
	unsigned long touched;		/* pages the touch policy faulted */
	unsigned long oom;		/* touches that found no memory */
	unsigned long reclaims;		/* periodic reclaim rounds */
	unsigned long checks;		/* check_verify runs (--check) */
	unsigned long mismatches;	/* what they found */
	unsigned long max_tasks;	/* live tasks at the peak */
};

struct replay_input {
	const struct strace_log *log;
	FILE *check;		/* non-NULL: check_verify at every fork and at
				 * the end, mismatches described here */
	struct replay_result res;	/* of the last run */
};

/* The replay as a scenario: ctx->priv is a struct replay_input. */
extern const struct scenario trace_scenario;

/* One line: the result of a run. */
void replay_result_print(const struct replay_result *res, FILE *out);

#endif
