/*
 * The phase clock (phase.h): a change of phase charges the time since the
 * last change to the phase that is ending.
 */
#include <time.h>

#include "common/phase.h"

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>

static inline uint64_t phase_now(void)
{
	return __rdtsc();
}
#else
static inline uint64_t phase_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}
#endif

const char *const phase_names[NR_PHASES] = {
	[PHASE_NONE] = "t_other",
	[PHASE_FORK] = "t_fork",
	[PHASE_FAULT] = "t_fault",
	[PHASE_ZAP] = "t_zap",
	[PHASE_MMAP] = "t_mmap",
	[PHASE_RECLAIM] = "t_reclaim",
};

_Thread_local struct phase_clock phase_clock;

void phase_switch(enum phase p)
{
	uint64_t now = phase_now();

	phase_clock.ticks[phase_clock.cur] += now - phase_clock.since;
	phase_clock.since = now;
	phase_clock.cur = p;
}

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void phase_begin(struct phase_snapshot *snap)
{
	unsigned i;

	phase_switch(PHASE_NONE);
	for (i = 0; i < NR_PHASES; i++)
		snap->ticks[i] = phase_clock.ticks[i];
	snap->clock = phase_clock.since;
	snap->sampled = phase_clock.sampled;
	snap->samples = phase_clock.samples;
	snap->mono_ns = mono_ns();
}

/*
 * Iteration i where i * PHASE_SAMPLES crosses a multiple of n: exactly
 * PHASE_SAMPLES of them (all of a shorter trial), evenly spread, the
 * first included.
 */
bool phase_sampled(unsigned long i, unsigned long n)
{
	return n <= PHASE_SAMPLES || i * PHASE_SAMPLES % n < PHASE_SAMPLES;
}

void phase_iteration_begin(bool sample)
{
	phase_clock.paused = !sample;
	if (!sample)
		return;
	phase_clock.cur = PHASE_NONE;
	phase_clock.since = phase_clock.sample_start = phase_now();
}

/* Unpaused after: outside a measured loop every call is timed. */
void phase_iteration_end(void)
{
	if (!phase_clock.paused) {
		phase_switch(PHASE_NONE);
		phase_clock.sampled += phase_clock.since -
				       phase_clock.sample_start;
		phase_clock.samples++;
	}
	phase_clock.paused = false;
}

/*
 * Ticks become nanoseconds at the rate the measured interval itself shows
 * (ticks against CLOCK_MONOTONIC), so no calibration run is needed; the
 * sampled iterations' phases add up to their wall time.
 */
void phase_end(const struct phase_snapshot *snap, struct phase_times *t)
{
	unsigned long n;
	int64_t wall;
	uint64_t span;
	double scale;
	unsigned i;

	wall = mono_ns() - snap->mono_ns;
	span = phase_now() - snap->clock;
	n = phase_clock.samples - snap->samples;
	scale = span && n ? (double)wall / span / n : 0;
	t->samples = n;
	t->wall = scale * (phase_clock.sampled - snap->sampled);
	for (i = 0; i < NR_PHASES; i++)
		t->ns[i] = scale * (phase_clock.ticks[i] - snap->ticks[i]);
}
