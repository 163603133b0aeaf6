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
	/*
	 * mlock and munlock do nothing: an mlocked vma stops reclaim's walks
	 * where they meet it, which makes the outcome depend on walk order.
	 */
	bool no_mlock;
	/*
	 * Non-NULL: for each operation (ops entries), the digest of the
	 * reclaim outcome up to its end (check_compare_reclaim reads them).
	 */
	uint64_t *reclaim_trace;
};

struct check_result {
	unsigned long ops;		/* operations run */
	unsigned long mismatches;	/* pages whose answer was wrong */
	unsigned long leaks;		/* objects left at teardown */
	unsigned long walks;		/* walks compared */
	/* what the sequence exercised (rmap_stats' counts of each) */
	unsigned long forks, cow_copies, cow_reuses, swap_ins, reclaimed;
	unsigned long swap_outs, direct_reclaims, mlocked_met;
	unsigned long unmap_left_mapped, cow_shared_moved;
	/* the most processes alive at once, the highest mapcount seen */
	unsigned long max_procs, max_mapcount;
	/* the (operation, pfn) sequence reclaim freed, with swap_outs */
	uint64_t reclaim_digest;
};

/* Returns 0 when there was no mismatch and no leak. */
int check_run(const struct rmap_config *cfg, const struct check_opts *opts,
	      struct check_result *res);

/*
 * The configurations whose reclaim must match @base's: @base itself, then
 * @base with its anonymous scheme replaced by each other one with the same
 * merge rules (RMAP_ANON_PGOFF_FREE), neither copying pages of its own
 * (anonmm) nor using anon_vmas (whose identity decides merges), then with
 * its file scheme replaced by each other one; every model switch as
 * @base's, a replacing scheme's own switches at their first values. 0 when
 * @base has no walk (2.4). Returns how many were written (at most @max).
 */
unsigned check_reclaim_group(const struct rmap_config *base,
			     struct rmap_config *out, unsigned max);

/*
 * Reclaim outcomes across configurations that differ only in their rmap
 * schemes: each of @cfgs runs the same sequence (opts, mlock off), and each
 * must reclaim the same pages in the same operations as cfgs[0]. Returns
 * how many differ (or fail their check), each described on @log with the
 * first operation where its outcome departs from cfgs[0]'s; -1 when a model
 * cannot be set up.
 */
int check_compare_reclaim(const struct rmap_config *cfgs, unsigned n,
			  const struct check_opts *opts, FILE *log);

/*
 * One verification of the current model state (any workload's): returns the
 * number of mismatches, described on @log under the label @what.
 */
unsigned long check_verify(FILE *log, const char *what);

#endif
