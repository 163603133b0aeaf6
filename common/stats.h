/*
 * The model counters every run reports, as a delta over the measured part,
 * plus the memory peaks of the whole run. They are exact and machine
 * independent: the same parameters and seed give the same numbers anywhere.
 */
#ifndef RMAP_STATS_H
#define RMAP_STATS_H

#include "common/rmap.h"

enum model_counter {
	MC_WALKS,
	MC_CANDIDATES,
	MC_CONFIRMED,
	MC_NODES,
	MC_CONFIRMED_PER_CANDIDATE,	/* walk efficiency; 0 without a walk */
	MC_NODES_PER_WALK,
	MC_LOCK_PTE_CHAIN,
	MC_LOCK_I_MMAP,
	MC_LOCK_ANON,
	MC_LOCK_PAGE_TABLE,
	MC_PTES_PROBED,
	MC_FIND_VMA_NODES,
	MC_PTES_SCANNED,		/* 2.4's swap_out: pte slots read */
	MC_SWAP_OUT_PASSES,
	MC_SWAP_OUT_MMS,
	MC_PTES_SCANNED_PER_FREED,
	MC_RMAP_ADDS,
	MC_RMAP_REMOVES,
	MC_CHAIN_SCAN,
	MC_TREE_UPDATES,
	MC_PTES_COPIED,
	MC_FAULTS,
	MC_COW_COPIES,
	MC_FORKS,
	MC_EXITS,
	MC_RECLAIMED,
	MC_RMAP_ALLOCS,		/* rmap objects allocated */
	MC_RMAP_FREES,
	MC_RMAP_OBJECTS_PEAK,
	MC_RMAP_BYTES_PEAK,
	MC_PGTABLE_PAGES_PEAK,
	MC_VMAS_PEAK,
	NR_MODEL_COUNTERS
};

/*
 * How a counter is read: a count over the measured part (a harness reports
 * it per iteration), a peak of the whole instance, or a ratio of two
 * counts, computed here once for every front end.
 */
enum counter_kind { COUNTER_COUNT, COUNTER_PEAK, COUNTER_RATIO };

enum counter_kind model_counter_kind(enum model_counter k);

struct model_counters {
	double v[NR_MODEL_COUNTERS];
};

/* "walks", "candidates", ...: stable names for tables, JSON and plots. */
extern const char *const model_counter_names[NR_MODEL_COUNTERS];

struct counters_snapshot {
	struct rmap_stats stats;
	unsigned long rmap_allocs, rmap_frees, tree_updates;
};

void counters_begin(struct counters_snapshot *snap);
/* Fills c with the deltas since snap, and the peaks of the instance. */
void counters_end(const struct counters_snapshot *snap,
		  struct model_counters *c);

#endif
