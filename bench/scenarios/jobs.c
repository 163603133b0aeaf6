/*
 * The CPU driver of the throughput scenarios (jobs.h): the rounds, each
 * CPU's jobs in them, the helper CPU, and what they publish.
 */
#include <stdio.h>

#include "bench/scenarios/jobs.h"
#include "common/lock.h"

int jobs_start(struct jobs *j)
{
	long t;

	for (t = 0; t < j->cpus; t++)
		prng_seed(&j->cpu[t].rng, j->ctx->seed + (uint64_t)t);
	if (smp_start(&j->smp, j->cpus + j->helpers))
		return scenario_fail(j->ctx, "out of host memory");
	return 0;
}

/*
 * At least 1 GiB, a small machine of the SDET and kernbench runs: the
 * per-CPU page lists are sized from the zone (zone_batchsize), and a zone
 * of a few MiB, the workload's own size, gets none at all from 2.6.15's
 * rules, so every CPU would take the zone lock for every page.
 */
unsigned long jobs_pages(unsigned long need)
{
	return need > MODEL_DEFAULT_PAGES ? need : MODEL_DEFAULT_PAGES;
}

/* A CPU's jobs of this round: their steps, one after another. */
static void run_jobs(struct jobs *j, unsigned cpu)
{
	long s;

	for (s = 0; s < j->per_round * j->steps; s++) {
		if (scenario_over_budget()) {
			j->cpu[cpu].over_budget = true;
			return;
		}
		if (j->step(j->arg, cpu)) {
			j->cpu[cpu].error = j->oom;
			return;
		}
	}
}

static void round_on_cpu(unsigned cpu, void *arg)
{
	struct jobs *j = arg;

	if (cpu >= j->cpus) {
		j->helper(j->arg);
		return;
	}
	run_jobs(j, cpu);
	__atomic_sub_fetch(&j->running, 1, __ATOMIC_RELEASE);
}

int jobs_run(struct jobs *j)
{
	long s, t;

	j->per_round = scenario_quiesce_check ? 1 : j->jobs;
	for (s = 0; s < j->jobs; s += j->per_round) {
		j->running = j->cpus;
		smp_run(&j->smp, round_on_cpu, j);
		for (t = 0; t < j->cpus + j->helpers; t++)
			if (j->cpu[t].over_budget || j->cpu[t].error)
				return scenario_fail(j->ctx, j->cpu[t].error);
		if (scenario_quiescent(j->ctx))
			return -1;
	}
	return 0;
}

void jobs_stop(struct jobs *j)
{
	smp_stop(&j->smp);
}

#define LOCK_SHARE_NAME	32

/* One class's share of the CPUs' time, as "<what>_<class>". */
static void lock_share(struct scenario_counters *out,
		       char name[LOCK_SHARE_NAME], const char *what,
		       unsigned c, double share)
{
	snprintf(name, LOCK_SHARE_NAME, "%s_%s", what, lock_class_name[c]);
	out->c[out->n++] = (typeof(out->c[0])){ name, share,
						SC_COUNTER_PER_RUN };
}

void jobs_publish(const struct scenario_ctx *ctx,
		  struct scenario_counters *out, const char *name,
		  long cpus, long helpers, long jobs)
{
	static char wait_names[NR_LOCK_CLASSES][LOCK_SHARE_NAME];
	static char hold_names[NR_LOCK_CLASSES][LOCK_SHARE_NAME];
	double cpu_ns = ctx->timed.ns * (cpus + helpers);
	double all = 0, w;
	unsigned c;

	out->c[out->n++] = (typeof(out->c[0])){ name,
		ctx->timed.ns ? 1e9 * ctx->timed.runs * cpus * jobs /
				ctx->timed.ns : 0,
		SC_COUNTER_PER_RUN };
	for (c = 0; c < NR_LOCK_CLASSES; c++) {
		w = cpu_ns ? ctx->timed.locks.wait_ns[c] / cpu_ns : 0;
		all += w;
		lock_share(out, wait_names[c], "wait", c, w);
	}
	out->c[out->n++] = (typeof(out->c[0])){ "wait_all", all,
						SC_COUNTER_PER_RUN };
	cpu_ns = ctx->lockstat.ns * (cpus + helpers);
	for (c = 0; ctx->lockstat.holds && c < NR_LOCK_CLASSES; c++)
		lock_share(out, hold_names[c], "hold", c, cpu_ns ?
			   ctx->lockstat.locks.hold_ns[c] / cpu_ns : 0);
}
