/*
 * What the model's tests share: a model per test on a generation or a
 * scheme pair, lookups by address, what a walk of one page did, the rmap
 * caches' contents, and one scenario run on a fresh model. Failures end
 * the test (ASSERT): a test cannot go on without its model.
 */
#ifndef RMAP_TESTS_MODEL_TEST_H
#define RMAP_TESTS_MODEL_TEST_H

#include "bench/scenarios/scenario.h"
#include "common/lib/slab.h"
#include "common/lock.h"
#include "common/model.h"
#include "common/stats.h"
#include "tests/harness.h"

#define P	PAGE_SIZE
#define RW	(RM_PROT_READ | RM_PROT_WRITE)
#define ANON	(RM_MAP_PRIVATE | RM_MAP_ANON)

/* cfg from a generation name or "anon=X,file=Y" spec. */
void parse_config(const char *spec, struct rmap_config *cfg);
/* A model of nr_pages on spec; returns its configuration. */
const struct rmap_config *start_model(const char *spec,
				      unsigned long nr_pages);
/* Tears the model down: nothing may be left behind. */
void finish_model(void);

/* The vma holding addr, or NULL (find_vma also returns the next one). */
struct vm_area_struct *vma_at(struct mm_struct *mm, unsigned long addr);
/* The pte at addr, 0 when there is no page table for it. */
pte_t pte_at(struct mm_struct *mm, unsigned long addr);
/*
 * Memory pressure until the pte at addr in mm is a swap pte: shrink()
 * rounds, at most 16 (a tiny LRU's scan counters take a few sweeps to reach
 * SWAP_CLUSTER_MAX, as a real zone's do at low priority). True if it is.
 */
bool press_until_swapped(struct mm_struct *mm, unsigned long addr);
/* The page mapped at addr, NULL when none is present. */
struct page *page_at(struct mm_struct *mm, unsigned long addr);

/* One rmap_walk of a page: what it confirmed and what it cost. */
struct walk_result {
	int mappings;			/* rmap_one calls */
	unsigned long last_addr;	/* the last mapping's address */
	unsigned long nodes;		/* rmap_stats.nodes it added */
	unsigned long candidates;	/* rmap_stats.candidates it added */
};
/* all: the checker's walk, which does not stop at mapcount. */
struct walk_result walk_page(struct page *page, bool all);

/* Live objects in the rmap caches together. */
unsigned long rmap_objects(void);
/* The slab cache of that name: it must exist. */
const struct kmem_cache *cache_named(const char *name);
/* Entries of a circular list, its head not counted. */
unsigned long ring_len(const struct list_head *head);

/*
 * This CPU's present ptes zap has cleared so far, by xchg ([0]) and plain
 * ([1]): counted in the debug builds only (pte_clears_counted), zero in
 * Release.
 */
extern const bool pte_clears_counted;
void pte_clears(unsigned long c[2]);
/* c: the clears since mark, which moves to now */
void pte_clears_since(unsigned long c[2], unsigned long mark[2]);

/*
 * sc on a fresh model of cfg with nr_pages: setup, then run, teardown and
 * a leak-free exit. verify: the differential check after setup and after
 * run. c (may be NULL): the run's counters. Returns 0, or setup's or run's
 * failure (ctx->error says why).
 */
int scenario_once(const struct scenario *sc, struct scenario_ctx *ctx,
		  const struct rmap_config *cfg, unsigned long nr_pages,
		  bool verify, struct model_counters *c);

/* What a threaded scenario's checked run saw at its quiescent points. */
struct quiesced {
	unsigned long checks, mismatches;
};

/*
 * A threaded scenario (by name) on generation gen, its defaults but for
 * the "name=value" assignments (NULL-ended), run once by scenario_once
 * under the differential check after setup, at every quiescent point and
 * after the run; its counters in c. It must run (ASSERT).
 */
struct quiesced scenario_checked(const char *name, const char *gen,
				 uint64_t seed, const char *const *assign,
				 struct model_counters *c);

#endif
