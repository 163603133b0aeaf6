/*
 * The differential check: random operation sequences on one generation,
 * and after every operation the walk of every mapped page must confirm
 * exactly the mappings the oracle finds, mapcount and rss must equal the
 * ptes, and every scheme's invariants must hold.
 */
#ifndef RMAP_CHECK_H
#define RMAP_CHECK_H

#include <stdint.h>
#include <stdio.h>

#include "common/rmap.h"

struct check_opts {
	unsigned long ops;
	uint64_t seed;
	unsigned long nr_pages;	/* mem_map size; small enough to hit reclaim */
	FILE *log;		/* where mismatches are described */
	/*
	 * Non-NULL: the operations are decided by these bytes instead of the
	 * seed, and the run ends when they are used up (the fuzzer's input).
	 */
	const uint8_t *bytes;
	size_t nbytes;
};

struct check_result {
	unsigned long ops;		/* operations run */
	unsigned long mismatches;	/* pages whose answer was wrong */
	unsigned long leaks;		/* objects left at teardown */
	unsigned long walks;		/* walks compared */
	/* what the sequence exercised */
	unsigned long forks, cow_copies, cow_reuses, swap_ins, reclaimed;
};

/* Returns 0 when there was no mismatch and no leak. */
int check_run(const struct rmap_config *cfg, const struct check_opts *opts,
	      struct check_result *res);

/*
 * One verification of the current model state (any workload's): returns the
 * number of mismatches, described on @log under the label @what.
 */
unsigned long check_verify(FILE *log, const char *what);

#endif
