/*
 * pmu.h - hardware and software event counters for the benchmarks, read
 * through perf_event_open; names are perf's (cycles, page-faults,
 * LLC-load-misses, ...) or any libpfm4 event string.
 *
 * The cost that matters is start/stop at the timed loop's edges: one
 * ioctl per group leader (the core PMU's events form one group, each
 * software event is its own), nothing per iteration.  Reading and
 * scaling happen once per trial, after the loop.
 *
 * An event this machine cannot count is never reported as 0: it is named
 * with its reason on stderr and in the JSON context, and gets no counter.
 */
#ifndef RMAP_BENCH_PMU_H
#define RMAP_BENCH_PMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shim/shim.h"

#define PMU_DEFAULT_EVENTS \
	"cycles,instructions,LLC-load-misses,dTLB-load-misses," \
	"task-clock,page-faults"
#define PMU_MAX_EVENTS	16
#define PMU_NAME_LEN	64

struct pmu_count {
	uint64_t raw;
	uint64_t enabled;	/* ns the event was enabled */
	uint64_t running;	/* ns it was on the PMU (less if multiplexed) */
};

struct pmu_event {
	char name[PMU_NAME_LEN];	/* as the user spelled it */
	/* the perf_event_attr fields that say what to count */
	uint32_t type;
	uint64_t config, config1, config2;
	int fd;				/* -1 when not open */
	int leader;			/* index of its group's leader */
	uint64_t id;			/* finds it in its group's read */
	const char *reason;		/* why not counted; NULL: counted */
	struct pmu_count base;		/* at pmu_reset */
	struct pmu_count delta;		/* since pmu_reset, after pmu_read */
	bool warned;			/* "never scheduled" already said */
};

struct pmu_set {
	int n;
	struct pmu_event ev[PMU_MAX_EVENTS];
	bool described;
};

/*
 * Fills set from a comma-separated list (NULL or "" means
 * PMU_DEFAULT_EVENTS) without opening anything.  On an unknown or
 * malformed name returns -1 with one line (no newline) in err.
 */
int pmu_parse_events(const char *list, struct pmu_set *set,
		     char *err, size_t errlen);
/*
 * Opens the events for the calling thread, user level only, disabled.
 * Events that cannot be counted get a reason.  Returns how many count.
 */
int pmu_open(struct pmu_set *set);
void pmu_close(struct pmu_set *set);

/* Enable/disable counting; counts accumulate across start/stop pairs. */
void pmu_start(struct pmu_set *set);
void pmu_stop(struct pmu_set *set);
/* Zero the counts: later reads are relative to now. */
void pmu_reset(struct pmu_set *set);
/* Fills each open event's delta since the last pmu_reset. */
void pmu_read(struct pmu_set *set);
/* Event i's delta scaled for multiplexing; *ok = 0 when unknown. */
double pmu_value(const struct pmu_set *set, int i, int *ok);

/*
 * raw * enabled / running: the count extrapolated over the time the
 * event was enabled, for events that shared the PMU by multiplexing.
 * running == 0 means it never ran: the value is unknown (*ok = 0, NaN).
 */
double pmu_scale(uint64_t raw, uint64_t enabled, uint64_t running, int *ok);
/* Why perf_event_open failed with err, in a few words. */
const char *pmu_classify_errno(int err);

/*
 * Says once which events count: stderr "event NAME: <not supported>
 * (REASON)" for each one that does not, and JSON context pmu.NAME for
 * all.  Must run before gb_main() runs the benchmarks: GB prints the
 * context first.
 */
void pmu_describe(struct pmu_set *set);
/* Per-iteration counters for one trial, then pmu_reset for the next. */
void pmu_publish(struct pmu_set *set, gb_state *st);
/* pmu_describe + count every benchmark loop (gb_set_loop_observer). */
void pmu_attach(struct pmu_set *set);

#endif
