/*
 * rmapbench --cachesim: cache misses without a PMU. Run under valgrind's
 * callgrind with its cache simulator (scripts/cachesim.sh does), every
 * benchmark runs a fixed number of iterations, so the simulated counts do
 * not depend on time as Google Benchmark's adaptive count does; callgrind
 * collects exactly around the timed loop and dumps one profile per
 * benchmark, named by it, which `rmapreport cachesim` merges into the
 * results JSON as per-iteration counters (sim_Ir, sim_D1_miss, ...).
 */
#ifndef RMAP_BENCH_CACHESIM_H
#define RMAP_BENCH_CACHESIM_H

#include <stddef.h>

#include "bench/scenarios/scenario.h"

/*
 * Measured iterations per benchmark, after one warm-up iteration: the
 * counts are exact, and each iteration costs some 100 times its native
 * time under the simulator (the quick matrix's heaviest, rmap_test on
 * objrmap, runs 1.3 and 2.5 s natively), so one keeps the matrix in
 * about a quarter of an hour.
 */
#define CACHESIM_ITERATIONS	1

/* 0 under valgrind (callgrind), else -1 with why and the fix in err. */
int cachesim_check(char *err, size_t len);
/* The loop observer that collects around every timed loop. */
void cachesim_attach(void);
/*
 * Before the timed loop of benchmark name: instrumentation on (the
 * fixture's setup ran without it, at near native speed) and one warm-up
 * iteration, uncounted, so that the measured ones find the caches as
 * the previous iteration left them. Returns what run() returned.
 */
int cachesim_warm(const char *name, const struct scenario *sc,
		  struct scenario_ctx *ctx);

#endif
