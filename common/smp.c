/*
 * The model's CPUs (smp.h): worker threads parked on a barrier between
 * rounds, and the fold of their per-CPU counts into CPU 0's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lib/slab.h"
#include "common/lib/tree_visit.h"
#include "common/lock.h"
#include "common/page.h"
#include "common/phase.h"
#include "common/smp.h"

_Thread_local unsigned smp_cpu;
void (*smp_place_cpu)(unsigned cpu);

/* What a worker counted in one round, handed to CPU 0 at the barrier. */
struct smp_cpu_counts {
	struct rmap_stats stats;
	struct lock_stat lock;
	struct slab_totals slab;
	unsigned long tree_visited, tree_updated;
	uint64_t ticks[NR_PHASES];
} __attribute__((aligned(64)));

struct smp_worker {
	struct smp *s;
	unsigned cpu;
};

static struct smp_worker workers[SMP_MAX_CPUS];

#define FOLD(dst, src)							\
	do {								\
		unsigned long *d_ = (unsigned long *)&(dst);		\
		const unsigned long *s_ = (const unsigned long *)&(src);\
		unsigned i_;						\
									\
		_Static_assert(sizeof(dst) % sizeof(long) == 0,		\
			       "folded counts are longs");		\
		for (i_ = 0; i_ < sizeof(dst) / sizeof(long); i_++)	\
			d_[i_] += s_[i_];				\
	} while (0)

/* A worker's counts move out, so the next round counts from zero. */
static void smp_flush(struct smp_cpu_counts *out)
{
	out->stats = rmap_stats;
	out->lock = lock_stat;
	slab_cpu_flush(&out->slab);
	out->tree_visited = tree_nodes_visited;
	out->tree_updated = tree_nodes_updated;
	memcpy(out->ticks, phase_clock.ticks, sizeof(out->ticks));
	memset(&rmap_stats, 0, sizeof(rmap_stats));
	memset(&lock_stat, 0, sizeof(lock_stat));
	tree_nodes_visited = tree_nodes_updated = 0;
	memset(phase_clock.ticks, 0, sizeof(phase_clock.ticks));
}

/*
 * CPU 0 sums them, where every reader of the counts looks. The vma and
 * page-table gauges sum too (a CPU frees what another allocated), but
 * their peaks cannot: across CPUs a peak is the highest sum seen at a
 * quiescent point.
 */
static void smp_fold(const struct smp_cpu_counts *in)
{
	unsigned long vma_peak = rmap_stats.vma_peak;
	unsigned long pgtable_peak = rmap_stats.pgtable_peak;
	unsigned i;

	FOLD(rmap_stats, in->stats);
	rmap_stats.vma_peak = max(vma_peak, rmap_stats.vmas);
	rmap_stats.pgtable_peak = max(pgtable_peak, rmap_stats.pgtable_pages);
	lock_stat_fold(&lock_stat, &in->lock);
	slab_cpu_fold(&in->slab);
	tree_nodes_visited += in->tree_visited;
	tree_nodes_updated += in->tree_updated;
	for (i = 0; i < NR_PHASES; i++)
		phase_clock.ticks[i] += in->ticks[i];
}

static void *smp_worker(void *p)
{
	struct smp_worker *w = p;
	struct smp *s = w->s;

	smp_cpu = w->cpu;
	if (smp_place_cpu)
		smp_place_cpu(w->cpu);
	for (;;) {
		pthread_barrier_wait(&s->start);
		if (s->stop)
			break;
		phase_iteration_begin(s->sample);
		s->fn(w->cpu, s->arg);
		phase_iteration_end();
		smp_flush(&s->counts[w->cpu]);
		pthread_barrier_wait(&s->done);
	}
	rmap_call(cpu_down);
	drain_local_pages();
	smp_flush(&s->counts[w->cpu]);
	pthread_barrier_wait(&s->done);
	return NULL;
}

int smp_start(struct smp *s, unsigned n)
{
	unsigned cpu;

	memset(s, 0, sizeof(*s));
	s->nr_cpus = n;
	if (n <= 1)
		return 0;
	s->counts = aligned_alloc(64, n * sizeof(*s->counts));
	if (!s->counts)
		return -1;
	pthread_barrier_init(&s->start, NULL, n);
	pthread_barrier_init(&s->done, NULL, n);
	for (cpu = 1; cpu < n; cpu++) {
		workers[cpu] = (struct smp_worker){ .s = s, .cpu = cpu };
		if (pthread_create(&s->threads[cpu], NULL, smp_worker,
				   &workers[cpu])) {
			/* the started ones wait on barriers sized for n */
			fprintf(stderr, "rmap model: the host cannot start "
				"thread %u of %u: run fewer threads\n", cpu, n);
			exit(1);
		}
	}
	lock_cpus = n;
	return 0;
}

/* Both barriers count every CPU: the caller's waits are CPU 0's. */
static void smp_round(struct smp *s)
{
	unsigned cpu;

	pthread_barrier_wait(&s->start);
	if (!s->stop)
		s->fn(0, s->arg);
	pthread_barrier_wait(&s->done);
	for (cpu = 1; cpu < s->nr_cpus; cpu++)
		smp_fold(&s->counts[cpu]);
}

void smp_run(struct smp *s, void (*fn)(unsigned cpu, void *arg), void *arg)
{
	if (s->nr_cpus <= 1) {
		fn(0, arg);
		return;
	}
	s->fn = fn;
	s->arg = arg;
	s->sample = !phase_clock.paused;
	smp_round(s);
}

void smp_stop(struct smp *s)
{
	unsigned cpu;

	if (s->nr_cpus > 1) {
		s->stop = true;
		smp_round(s);
		for (cpu = 1; cpu < s->nr_cpus; cpu++)
			pthread_join(s->threads[cpu], NULL);
	}
	if (s->counts) {
		pthread_barrier_destroy(&s->start);
		pthread_barrier_destroy(&s->done);
		free(s->counts);
	}
	lock_cpus = 1;
	memset(s, 0, sizeof(*s));
}
