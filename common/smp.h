/*
 * The model's CPUs. A thread of the model is a CPU: smp_start() brings up
 * n - 1 worker threads beside the caller, which is CPU 0, and smp_run()
 * has every CPU run one round of a workload and returns once all of them
 * have parked again, a quiescent point where the differential check may
 * look at the whole model. The counts each CPU keeps to itself (rmap_stats,
 * lock_stat, the tree meters, the phase clock) are folded into CPU 0's at
 * the end of each round, as the kernel sums its per-CPU counters when it
 * reports them, so a run's counters are read where they always were.
 *
 * With one CPU no thread is made and nothing is folded: the workload runs
 * on the caller exactly as the sequential model ran it.
 */
#ifndef RMAP_SMP_H
#define RMAP_SMP_H

#include <pthread.h>
#include <stdbool.h>

/* the most CPUs a run may ask for, the oversubscribed point included */
#define SMP_MAX_CPUS	64

extern _Thread_local unsigned smp_cpu;

/* smp_processor_id(): the CPU this thread of the model is */
static inline unsigned smp_processor_id(void)
{
	return smp_cpu;
}

/*
 * Where a harness puts the model's CPU k, called on that CPU's thread as
 * it starts (rmapbench: its own host CPU); NULL leaves threads where the
 * host scheduler puts them.
 */
extern void (*smp_place_cpu)(unsigned cpu);

struct smp_cpu_counts;

struct smp {
	unsigned nr_cpus;
	pthread_t threads[SMP_MAX_CPUS];
	pthread_barrier_t start, done;
	void (*fn)(unsigned cpu, void *arg);
	void *arg;
	bool stop, sample;
	struct smp_cpu_counts *counts;	/* each worker's, for the fold */
};

/*
 * Brings up CPUs 1 to n - 1 and sets lock_cpus to n. 0, or -1 when out of
 * host memory; a host that cannot make the threads stops the program.
 */
int smp_start(struct smp *s, unsigned n);
/* One round: fn(cpu, arg) on every CPU, the caller's as CPU 0. */
void smp_run(struct smp *s, void (*fn)(unsigned cpu, void *arg), void *arg);
/* Parks the workers for good (each gives back its per-CPU caches). */
void smp_stop(struct smp *s);

#endif
