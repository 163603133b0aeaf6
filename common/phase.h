/*
 * Phase timers: where a workload's time went, split as the historical
 * experiments argued about it: fork (dup_mmap and copy_page_range, and
 * exec's fresh mm), faults (with the swap-ins and COW copies they do), zap
 * (exit_mmap at exit, and madvise(MADV_DONTNEED)), mmap (the calls that
 * change vmas: mmap, munmap with the ptes it zaps, mprotect, mremap, brk,
 * mlock), reclaim (aging and unmapping: page_referenced, try_to_unmap,
 * 2.4's swap_out). pte_chain's upkeep is paid in fork, fault and zap,
 * object rmap's in mmap and reclaim, so a walk-only clock hides the costs
 * that decided history.
 *
 * The clock is read only where the phase changes: at the model's entry
 * points (dup_mm, mm_new, mmput, handle_mm_fault, touch_range, do_mmap and
 * its kin, shrink, swap_out_sweep, scenario_age), never per pte, and where
 * a scenario's loop is one phase, around the loop. A nested entry point of
 * another phase (direct reclaim inside a fault, an exit inside a failed
 * fork) charges its own phase and gives the time back to its caller's;
 * one of the same phase costs a compare. The clock is the TSC where there
 * is one (about 10 ns a read), converted to nanoseconds against
 * CLOCK_MONOTONIC over the measured interval, else CLOCK_MONOTONIC itself.
 * Built with RMAP_PHASE_TIMERS=0 the guards compile to nothing, which is
 * how their overhead is measured.
 */
#ifndef RMAP_PHASE_H
#define RMAP_PHASE_H

#include <stdbool.h>
#include <stdint.h>

#ifndef RMAP_PHASE_TIMERS
#define RMAP_PHASE_TIMERS	1
#endif

enum phase {
	PHASE_NONE,		/* the workload's own code, between calls */
	PHASE_FORK,
	PHASE_FAULT,
	PHASE_ZAP,
	PHASE_MMAP,
	PHASE_RECLAIM,
	NR_PHASES
};

/* "t_fork", ...: the published counters (PHASE_NONE: "t_other") */
extern const char *const phase_names[NR_PHASES];

struct phase_clock {
	bool paused;			/* an iteration not sampled: no reads */
	enum phase cur;
	uint64_t since;			/* clock at the last change */
	uint64_t ticks[NR_PHASES];
	uint64_t sample_start;		/* clock when this sample began */
	uint64_t sampled;		/* ticks of the sampled iterations */
	unsigned long samples;
};

extern _Thread_local struct phase_clock phase_clock;

void phase_switch(enum phase p);

#if RMAP_PHASE_TIMERS
static inline enum phase phase_enter(enum phase p)
{
	enum phase prev = phase_clock.cur;

	if (phase_clock.paused)
		return PHASE_NONE;
	if (prev != p)
		phase_switch(p);
	return prev;
}

static inline void phase_restore(const enum phase *prev)
{
	if (!phase_clock.paused && *prev != phase_clock.cur)
		phase_switch(*prev);
}

/*
 * The rest of the enclosing block runs in phase p; the caller's phase
 * comes back at every exit from it (the kernel's scoped guard()).
 */
#define phase_guard(p)							\
	enum phase __phase_prev						\
	__attribute__((__cleanup__(phase_restore), __unused__)) =	\
		phase_enter(p)
#else
#define phase_guard(p)	((void)(p))
#endif

/*
 * A harness times PHASE_SAMPLES iterations of a trial, spread evenly over
 * it (every iteration of a trial shorter than that): four reads of a 10 ns
 * clock are 3% of the cheapest iteration (fork_exit of 64 pages, 1.5 us),
 * while 64 of them in a trial of 0.2 s are nothing. Spread rather than
 * the first few, because a workload whose state drifts from one
 * iteration to the next (pages left under old anon_vmas, say) costs more
 * late in a trial than early.
 */
#define PHASE_SAMPLES		64

/* Per sampled iteration: nanoseconds per phase, and in all (wall). */
struct phase_times {
	double ns[NR_PHASES];
	double wall;
	unsigned long samples;
};

struct phase_snapshot {
	uint64_t ticks[NR_PHASES];
	uint64_t clock, sampled;
	unsigned long samples;
	int64_t mono_ns;
};

/* Whether iteration i of a trial of n is one of its PHASE_SAMPLES. */
bool phase_sampled(unsigned long i, unsigned long n);

/* Around a measured loop; each iteration inside goes between the two
 * iteration calls, sampled or not. */
void phase_begin(struct phase_snapshot *snap);
void phase_iteration_begin(bool sample);
void phase_iteration_end(void);
void phase_end(const struct phase_snapshot *snap, struct phase_times *t);

#endif
