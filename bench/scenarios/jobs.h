/*
 * The CPU driver of the throughput scenarios (sdet, kernbench): T CPUs of
 * the model each run jobs, every job some steps (sdet: a script of
 * commands; kernbench: one compile), and a CPU more may run a helper
 * (kswapd's aging) until they are done. An iteration's jobs run in one
 * round of the CPUs, or one job a round when rmapsim run --check looks
 * between them: the barriers that end a round cost the CPUs time that
 * the benchmarks' jobs, which never waited for one another, did not.
 * Throughput is jobs per second; each lock class's wait is published as
 * its share of the CPUs' time.
 */
#ifndef RMAP_SCENARIO_JOBS_H
#define RMAP_SCENARIO_JOBS_H

#include <stdbool.h>

#include "bench/scenarios/scenario.h"
#include "common/smp.h"

struct jobs {
	struct smp smp;
	struct scenario_ctx *ctx;
	long cpus;		/* CPUs running jobs */
	long helpers;		/* CPUs more running helper (0 or 1) */
	long jobs, steps;	/* jobs of a CPU an iteration, steps of one */
	/* one step on a CPU: 0, or -1 when out of memory (oom says so) */
	int (*step)(void *arg, unsigned cpu);
	void (*helper)(void *arg);
	void *arg;
	const char *oom;
	long running;		/* CPUs still in this round's jobs */
	long per_round;		/* jobs each CPU runs in a round */
	struct {
		struct prng rng;
		const char *error;	/* why this CPU's jobs stopped */
		bool over_budget;
	} __attribute__((aligned(64))) cpu[SMP_MAX_CPUS];
};

/*
 * Seeds each job CPU's stream (CPU 0 the scenario's seed, CPU t seed + t)
 * and brings the CPUs up: 0, or scenario_fail() when out of host memory.
 * The fields above running are the caller's, set before.
 */
int jobs_start(struct jobs *j);
/* A scenario's mem_map pages: its need, and at least a 1 GiB machine */
unsigned long jobs_pages(unsigned long need);
/* One iteration: every CPU's jobs, a round at a time; 0 or scenario_fail. */
int jobs_run(struct jobs *j);
void jobs_stop(struct jobs *j);

static inline struct prng *jobs_rng(struct jobs *j, unsigned cpu)
{
	return &j->cpu[cpu].rng;
}

/* The helper's loop condition: job CPUs still running this round */
static inline bool jobs_running(struct jobs *j)
{
	return __atomic_load_n(&j->running, __ATOMIC_ACQUIRE);
}

/*
 * name (jobs per second over the timed runs, of cpus CPUs running jobs
 * each an iteration), then wait_<class>: the share of the CPUs' time
 * (helpers' too) spent waiting for each lock class (lockstat's waittime
 * over the CPUs times the wall time), and wait_all, for all of them; and
 * where a lockstat pass timed holds (ctx->lockstat), hold_<class>: the
 * share of that pass's CPU time each class was held (holdtime), with no
 * sum: holds nest (the ptl inside mmap_sem), waits do not.
 */
void jobs_publish(const struct scenario_ctx *ctx,
		  struct scenario_counters *out, const char *name,
		  long cpus, long helpers, long jobs);

#endif
