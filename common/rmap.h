/*
 * The rmap hook interface. The model calls a scheme exactly where the kernel
 * calls rmap: at fault, fork (per vma and per pte), zap (per pte), and when a
 * vma is linked, unlinked, split, merged or moved. A generation is a pair of
 * schemes, one for anonymous pages and one for file pages; a scheme that
 * serves both (pte_chain, scan) is one object in both slots and is called once
 * per event. A hook a scheme does not need is NULL.
 *
 * Walks yield candidates (vma, address). Object-based schemes hand each one to
 * rmap_candidate(), which probes the page table (the pte check) and counts
 * candidates and confirmed mappings, so false aliasing is measured. pte_chain
 * knows the exact pte and uses rmap_candidate_exact().
 */
#ifndef RMAP_RMAP_H
#define RMAP_RMAP_H

#include <stdbool.h>
#include <stdio.h>

#include "common/mm_types.h"
#include "common/page.h"

/* rmap_one() results; RMAP_UNMAPPED may be OR'd in: the pte was cleared. */
#define RMAP_CONTINUE	0
#define RMAP_STOP	1
#define RMAP_UNMAPPED	2

struct rmap_walk_control {
	/*
	 * Called for every confirmed mapping; ptep is the page's pte there.
	 * On page_referenced's walk two eras looked less far, and the
	 * callback sees it: a scheme that reads recorded ptes (pte_chain)
	 * passes a vma standing for none, with the pte's mm and no flags
	 * (rmap_pte_referenced); rmap 7's file walk, and the prio tree's to
	 * 2.6.27, end at an mlocked shared vma without probing it, passing
	 * ptep NULL (rmap_vma_locked), which counts as referenced.
	 */
	int (*rmap_one)(struct page *page, struct vm_area_struct *vma,
			unsigned long addr, pte_t *ptep, void *arg);
	void *arg;
	/*
	 * The kernel's walks stop once every mapping has been found (a local
	 * copy of mapcount, or done()); the differential check turns this off
	 * to catch a mapping reported twice.
	 */
	bool all;
	/* page_referenced's walk: pte_chain may collapse a one-entry chain */
	bool referenced;
	int remaining;		/* mappings not found yet */
};

/*
 * The classes of lock the model takes (common/lock.h); what each one was in
 * each era is in docs/generations.md.
 */
enum lock_class {
	LOCK_PTE_CHAIN,		/* PG_chainlock / PG_maplock bit lock */
	LOCK_I_MMAP,		/* i_shared_sem, i_mmap_lock, _mutex, _rwsem */
	LOCK_ANON,		/* anonmm head lock, anon_vma (root) lock */
	LOCK_PAGE_TABLE,	/* page_table_lock / pte lock at a probe */
	/*
	 * The rest of the mm's locks, taken where the kernel took them so
	 * that several CPUs contend as they did: counted in lockstat
	 * (lock_stat) only, never in the published lock_* counters, which
	 * are rmap's.
	 */
	NR_RMAP_LOCK_CLASSES,
	LOCK_MMAP_SEM = NR_RMAP_LOCK_CLASSES,	/* mm->mmap_sem */
	LOCK_PTL,		/* page_table_lock / pte lock outside walks */
	LOCK_ZONE,		/* the zone's free lists (zone->lock) */
	LOCK_LRU,		/* pagemap_lru_lock, then zone->lru_lock */
	LOCK_PAGE_CACHE,	/* pagecache_lock, then mapping->tree_lock */
	LOCK_SLAB,		/* a slab cache's lock */
	LOCK_TASKLIST,		/* tasklist_lock: fork and exit (mm_list) */
	NR_LOCK_CLASSES
};

/* lockstat's names of the classes */
extern const char *const lock_class_name[NR_LOCK_CLASSES];

struct rmap_stats {
	unsigned long walks;
	unsigned long candidates;	/* (vma, address) pairs yielded */
	unsigned long confirmed;	/* of which the pte maps the page */
	unsigned long nodes;		/* list, chain and tree nodes visited */
	unsigned long locks[NR_LOCK_CLASSES];
	unsigned long rmap_adds, rmap_removes;	/* per-pte rmap hook calls */
	unsigned long faults, cow_copies, cow_reuses, swap_ins;
	unsigned long forks, exits, ptes_copied;
	unsigned long reclaimed, swap_outs;
	unsigned long pgtable_pages, pgtable_peak;
	unsigned long vmas, vma_peak;
	/* costs a walk pays besides its nodes, and the price of the trees */
	unsigned long ptes_probed;	/* ptes a walk read */
	unsigned long chain_scan;	/* pte_chain slots read on remove */
	unsigned long find_vma_nodes;	/* find_vma inside a walk */
	/* 2.4's swap_out: calls, mm visits, pte slots read */
	unsigned long swap_out_passes, swap_out_mms, ptes_scanned;
	/*
	 * What reclaim and mremap met, for rmapsim check's report of what its
	 * operations reached (not benchmark costs): the allocator's direct
	 * reclaim calls; mlocked vmas that stopped page_referenced or failed
	 * try_to_unmap (2.4: that swap_out passed over); try_to_unmap walks
	 * that left the page mapped; ptes of anonymous pages mapped elsewhere
	 * too (COW-shared) that mremap moved.
	 */
	unsigned long direct_reclaims, mlocked_met, unmap_left_mapped;
	unsigned long cow_shared_moved;
};

/*
 * Each CPU's counts (a thread of the model is a CPU), as the kernel's
 * per-CPU event counters: no CPU writes another's, and one thread counts
 * exactly what the model always did.
 */
extern _Thread_local struct rmap_stats rmap_stats;

static inline bool page_map_locked(const struct page *page)
{
	return test_bit_flag(page, PG_chainlock);
}

#define RMAP_SIDE_ANON	0x1u
#define RMAP_SIDE_FILE	0x2u

/* Scheme flags */
#define RMAP_USES_ANON_VMA	0x1u	/* vma->anon_vma marks anon state */
/*
 * Anonymous vmas merge whatever their pgoffs (rmap 10-37's can_vma_merge_*:
 * "if (!file) return 1"): nothing of the scheme reads an anonymous pgoff.
 */
#define RMAP_ANON_PGOFF_FREE	0x2u
/*
 * No rmap at all (2.4): the model keeps mapcount for its own checks, but
 * the kernel made no rmap call, so none is counted.
 */
#define RMAP_NO_RMAP		0x4u
/*
 * The scheme ran only while reclaim held the page's rmap bit lock (rmap
 * 37's anonmm, in 2.6.7-rc1): its anon lock nests inside page_table_lock
 * (it frees an anonmm under its head's lock from page_remove_rmap, at
 * zap) and its walks only try page_table_lock, whatever maplock says.
 */
#define RMAP_ANON_LOCK_INSIDE_PTL	0x8u
/*
 * The scheme's walk turns a pte, or an mm and address, into its vma by
 * find_vma under the mm's page_table_lock (pte_chain's and anonmm's
 * try_to_unmap_one, 2.4's swap_out), so every change to an mm's vmas
 * takes that lock (vma_tree_lock), as 2.4 to 2.6.7-rc1's rmap 38 did.
 * rmap 39's anon_vma, which finds vmas through the page, ended it
 * ("no longer needs page_table_lock to protect an mm's vma tree",
 * b2e0caa9a0).
 */
#define RMAP_FINDS_VMA		0x10u
/* try_to_unmap's outcome, as the kernel's */
enum { SWAP_SUCCESS, SWAP_AGAIN, SWAP_FAIL };

/*
 * An era switch: a kernel rule that changed inside the span of releases a
 * scheme or the model covers, with the releases each value held in and the
 * commits or postings the rule comes from. A run names a value for every
 * switch; rmapsim list shows them, --variant sets them (name=value), the
 * results' context records them.
 */
struct rmap_switch {
	const char *name;
	const char *help;
	const char *const *values;	/* NULL-terminated */
	const char *const *releases;	/* per value */
	const char *source;
};

#define RMAP_MAX_SWITCHES	8

/*
 * page_referenced_one and try_to_unmap_one, which the anonymous and the
 * file walks of 2.6.7-2.6.33 share, returned at once for an mm with no rss
 * until 2.6.13: the same switch of each scheme of that era, @until the
 * last release the scheme ran in. Value 0 tests rss.
 */
#define RMAP_SWITCH_RSS(until) {					\
	"rss", "whether a walk skips a vma whose mm has no rss",	\
	(const char *const[]){ "2.6.7", "2.6.14", NULL },		\
	(const char *const[]){						\
		"2.6.7-2.6.13: page_referenced_one and "		\
		"try_to_unmap_one return at once for an mm with rss 0",	\
		"2.6.14-" until ": no such test: every vma in range is "	\
		"probed" },						\
	"839b9685e80 \"rmap: don't test rss\" (2.6.14-rc1)" }

/* Why a vma takes another's anonymous state (vma_clone). */
enum clone_reason {
	CLONE_SPLIT,		/* __split_vma's new vma */
	CLONE_IMPORT,		/* vma_adjust's importer ("easily overlooked") */
	CLONE_COPY,		/* mremap's copy_vma */
};

/* One pass of vma_adjust, for the anon_vma lock rule of each era. */
struct vma_adjust_info {
	struct vm_area_struct *vma, *next;	/* next: vma's, at the pass */
	struct vm_area_struct *insert;		/* split's new vma */
	struct vm_area_struct *importer;	/* takes next's pages, or next
						 * takes vma's */
	bool adjust_next;			/* next's start moves */
	int remove_next;			/* next goes (2: and its next) */
	bool start_changed;			/* vma's start moves */
};

/*
 * What a scheme's walk reads to find its candidates: the differential check
 * derives from it how many candidates the walk must yield and how many
 * nodes it may visit (common/check.c).
 */
enum rmap_walk_shape {
	WALK_NONE,		/* no walk (2.4) */
	WALK_PTES,		/* the recorded ptes, or every pte: one per mapping */
	WALK_MMS,		/* each mm of the fork family at one address */
	WALK_LIST,		/* a list of every vma linked to the object */
	WALK_ITREE,		/* an interval tree of them, stabbed at the offset */
	WALK_PRIO_TREE,		/* a radix priority search tree, likewise */
};

struct rmap_scheme {
	const char *name;
	const char *desc;
	unsigned sides;
	unsigned flags;
	enum rmap_walk_shape walk_shape;
	/* Bytes the scheme adds to every vm_area_struct (its fields). */
	unsigned vma_bytes;
	/* its era switches; each scheme reads its values at init */
	const struct rmap_switch *switches;
	unsigned nswitches;

	int (*init)(void);		/* create slab caches, read switches */
	void (*exit)(void);		/* destroy them */

	/* a CPU goes (smp_stop): its per-CPU caches go back */
	void (*cpu_down)(void);
	/* the last mm has gone: what the kernel kept for good goes back */
	void (*last_mm)(void);

	void (*mm_init)(struct mm_struct *mm, struct mm_struct *parent);
	void (*mm_exit)(struct mm_struct *mm);
	void (*file_init)(struct address_space *mapping);

	/*
	 * vma events, called once the model has set the vma's fields. The
	 * model holds the i_mmap lock of each event once, where the kernel
	 * took it; the hooks take the anonymous side's locks.
	 */
	void (*vma_link)(struct vm_area_struct *vma);	/* mmap, brk, split */
	/* munmap and exit, or the vma a merge removes (@merge) */
	void (*vma_unlink)(struct vm_area_struct *vma, bool merge);
	int (*anon_vma_prepare)(struct vm_area_struct *vma);
	/* fork: child is a copy of parent in the child mm */
	void (*vma_fork)(struct vm_area_struct *child,
			 struct vm_area_struct *parent);
	/* dst takes src's anonymous state, for @why */
	void (*vma_clone)(struct vm_area_struct *dst,
			  struct vm_area_struct *src, enum clone_reason why);
	/* around a change of vm_start, vm_end or vm_pgoff */
	void (*vma_adjust_begin)(struct vm_area_struct *vma);
	void (*vma_adjust_end)(struct vm_area_struct *vma);
	/*
	 * the anon lock this pass of vma_adjust takes in the era (its
	 * anon_vma's, or the root's), or NULL for none
	 */
	union era_lock *(*adjust_anon_lock)(const struct vma_adjust_info *ai);
	/*
	 * the lock a vma's anon_vma is locked by (anon_vma_lock_write:
	 * its own, or its root's), for mremap's take_rmap_locks
	 */
	union era_lock *(*anon_vma_lockp)(struct vm_area_struct *vma);
	/*
	 * is_mergeable_anon_vma(): may a range with anon_vma1 join vma, the
	 * existing neighbour with anon_vma2 (vma NULL: prev and next are
	 * joined)? src is where the range comes from: the vma mprotect
	 * changes, or (copied) mremap's source; NULL for a new mapping.
	 * NULL hook: the 2.6.7 rule, one of them NULL or both equal.
	 */
	bool (*anon_vma_mergeable)(void *anon_vma1, void *anon_vma2,
				   struct vm_area_struct *vma,
				   struct vm_area_struct *src, bool copied);
	/*
	 * mremap's copy_vma merged the moved range into vma, an existing
	 * vma other than the source (3.3-3.6 anon_vma_moveto_tail).
	 */
	void (*anon_vma_moveto_tail)(struct vm_area_struct *vma);

	/*
	 * pte events: mapcount is already updated when these run. An
	 * anonymous mapping is exclusive for a fresh page (fault, COW) and at
	 * swap-in when the era's rule says only this mapping holds the page
	 * (the swapin switch); a page that is still anonymous (a swap cache
	 * hit) keeps its rmap object.
	 */
	void (*page_add_anon)(struct page *page, struct vm_area_struct *vma,
			      unsigned long addr, pte_t *ptep, bool exclusive);
	void (*page_add_file)(struct page *page, struct vm_area_struct *vma,
			      unsigned long addr, pte_t *ptep);
	void (*page_dup)(struct page *page, struct vm_area_struct *child,
			 unsigned long addr, pte_t *ptep);
	/* copy_page_range() starts and ends: pte_chain's held node */
	void (*copy_begin)(void);
	void (*copy_end)(void);
	void (*page_remove)(struct page *page, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep);
	/* a COW fault reuses an exclusive anonymous page */
	void (*page_reuse)(struct page *page, struct vm_area_struct *vma,
			   unsigned long addr);
	/*
	 * mremap is moving a present pte (move_one_page's can_move_one_pte).
	 * Returns true if the page cannot move (anonmm's page shared with
	 * another mm): the model then breaks COW at the old address and
	 * tries again, as make_page_exclusive() did.
	 */
	bool (*pte_move)(struct page *page, pte_t *old_ptep, pte_t *new_ptep,
			 struct vm_area_struct *new_vma, unsigned long new_addr);
	/*
	 * Swap-in of a page already mapped elsewhere: true if this mapping
	 * must get its own copy (anonmm, where index is a user address).
	 */
	bool (*swapin_must_copy)(struct page *page, struct vm_area_struct *vma,
				 unsigned long addr);

	void (*walk)(struct page *page, struct rmap_walk_control *rwc);
	/*
	 * The anonymous rmap objects vma is linked to, read from the vma's
	 * side (its anon_vma, or its chain of avcs), for the check to count
	 * what a walk of the object's list or tree must yield; NULL where
	 * the walk reads no per-object structure of vmas.
	 */
	void (*vma_anon_objects)(struct vm_area_struct *vma,
				 void (*fn)(const void *obj,
					    struct vm_area_struct *vma,
					    void *arg),
				 void *arg);
	/* 0 when every invariant of every live object holds */
	int (*validate)(void);
};

/*
 * The model's own switches: mm code outside rmap whose rules changed by
 * era. Values are indexes into each switch's values (registry.c), named
 * below for the code that tests them.
 */
enum model_switch {
	SW_FORK,		/* copy_page_range: enum fork_mode */
	SW_LRU,			/* refill_inactive_zone: enum lru_rule */
	SW_SWAPCACHE,		/* swap slot lifetime: enum swapcache_rule */
	SW_SWAPIN,		/* exclusive swap-in: enum swapin_rule */
	SW_PROBE,		/* the pte lock at a probe: enum probe_rule */
	SW_MREMAP,		/* mremap's rmap locks: enum mremap_rule */
	SW_MAPLOCK,		/* the page's rmap bit lock: enum maplock_rule */
	SW_ZEROPAGE,		/* anonymous read faults: enum zeropage_rule */
	SW_UNLINK,		/* i_mmap locks freeing vmas: enum unlink_rule */
	SW_PCP,			/* per-CPU page lists: enum pcp_rule */
	SW_PAGECACHE,		/* the page cache's lock: enum pagecache_rule */
	SW_ZAP,			/* zap's clear of a present pte: zap_rule */
	SW_PTLOCK,		/* whose lock guards a pte: enum ptlock_rule */
	SW_RSS_STAT,		/* how faults count rss: enum rss_stat_rule */
	NR_MODEL_SWITCHES
};

enum fork_mode {
	FORK_COPY_ALL,		/* copy every pte (<= 2.6.13) */
	FORK_SKIP_NO_ANON,	/* skip vmas with no anon_vma (2.6.14+) */
};

enum lru_rule {
	LRU_24,			/* 2.4: shrink_cache, and swap_out's clock */
	LRU_WALK_ALL,		/* 2.6.0-2.6.4: every mapped active page walked */
	LRU_GATED,		/* 2.6.5-2.6.24: only when reclaim_mapped */
	LRU_MLOCKED,		/* 2.6.25-2.6.27: and an mlocked vma is young */
};

enum swapcache_rule {
	SWAPCACHE_KEEP,		/* <= 2.6.28: COW reuse keeps the slot */
	SWAPCACHE_FREE_ON_REUSE,	/* 2.6.29+: reuse_swap_page frees it */
};

enum swapin_rule {
	SWAPIN_SHARED,		/* <= 2.6.35: no exclusive swap-in */
	SWAPIN_WRITE,		/* 2.6.36-5.18: a write fault, sole user */
	SWAPIN_PTE_BIT,		/* 5.19+: the swap pte's exclusive bit */
};

enum probe_rule {
	PROBE_LOCK_FIRST,	/* 2.6.7-2.6.14: page_table_lock, then walk */
	PROBE_PRESENT_FIRST,	/* 2.6.15+: lock only a present pte */
};

enum maplock_rule {
	MAPLOCK_BIT,		/* 2.5.27-2.6.8: PG_chainlock, then PG_maplock */
	MAPLOCK_NONE,		/* 2.4, and 2.6.9+: atomic _mapcount */
};

enum zeropage_rule {
	ZEROPAGE_MAP,		/* <= 2.6.23, 2.6.32+: map the zero page */
	ZEROPAGE_NONE,		/* 2.6.24-2.6.31: allocate, as a write */
};

enum unlink_rule {
	UNLINK_PER_VMA,		/* to 6.10: one i_mmap lock per file vma */
	UNLINK_BATCH,		/* 6.11+: up to 8 nearby vmas of one file */
};

enum pcp_rule {
	PCP_NONE,		/* 2.4-2.5.44: zone->lock per page */
	PCP_LOW,		/* 2.5.45-2.6.14: refill at pcp->low */
	PCP_EMPTY,		/* 2.6.15+: refill when empty, 2^n-1 batch */
};

enum pagecache_rule {
	PAGECACHE_GLOBAL,	/* 2.4: pagecache_lock, one for every file */
	PAGECACHE_SPIN,		/* 2.5.68-2.6.11: the file's spinlock */
	PAGECACHE_RWLOCK,	/* 2.5.8-2.5.67, 2.6.12-2.6.26: its rwlock */
	PAGECACHE_LOCKLESS,	/* 2.6.27+: lookups take no lock */
};

enum zap_rule {
	ZAP_SOLE_USER,		/* 2.4-2.5.17: plain where the mm has one
				 * user (munmap); exit, at none, xchgs */
	ZAP_XCHG,		/* 2.5.18-2.6.13: xchg at every zap */
	ZAP_FULLMM,		/* 2.6.14+: plain at exit's full-mm zap */
};

enum ptlock_rule {
	PTLOCK_MM,		/* <= 2.6.14: the mm's page_table_lock */
	PTLOCK_SPLIT,		/* 2.6.15+, 4+ CPUs: the table page's ptl */
};

enum rss_stat_rule {
	RSS_STAT_MM,		/* <= 2.6.33: each change on the mm's */
	RSS_STAT_TASK,		/* 2.6.34-6.1: faults on the task's cache */
};

enum mremap_rule {
	MREMAP_NO_LOCK,		/* <= 2.6.6: page_table_lock only */
	MREMAP_PER_PAGE,	/* 2.6.7-2.6.14: i_mmap_lock per page */
	MREMAP_PER_EXTENT,	/* 2.6.15-3.6: i_mmap_lock per extent */
	MREMAP_NEED_RMAP_LOCKS,	/* 3.7+: both, per extent, if the move
				 * could reorder the rmap walk */
};

/*
 * A generation: a named preset of a scheme pair and switch values, as a
 * range of releases ran it. The id is stable: fuzz inputs, results and plot
 * styles key on it, so a new generation takes a new id and no row is ever
 * renumbered.
 */
struct rmap_generation {
	unsigned id;
	const char *name;
	const char *kernel;	/* exactly the releases its rules are */
	/* anon=SCHEME[:switch=value...],file=SCHEME[:...][,switch=value...] */
	const char *spec;
	const char *desc;
	const char *color;	/* plot style: line colour and point type */
	unsigned point;
};

/* The pair of schemes a model instance runs, and every switch's value. */
struct rmap_config {
	char name[64];
	const struct rmap_scheme *anon, *file;
	unsigned char model_sw[NR_MODEL_SWITCHES];
	unsigned char anon_sw[RMAP_MAX_SWITCHES], file_sw[RMAP_MAX_SWITCHES];
};

extern struct rmap_config rmap_cfg;

static inline unsigned model_switch(enum model_switch sw)
{
	return rmap_cfg.model_sw[sw];
}

/*
 * SetPageAnonExclusive where 5.19 set it: a fresh or swapped-in page
 * mapped exclusively (__page_set_anon_rmap), a COW fault reusing a page
 * not yet marked (page_move_anon_rmap). Only the kernels with the flag
 * and its swap pte bit (swapin=5.19, 6c287605fd56) paid that atomic: the
 * model keeps the flag in no other era.
 */
static inline void page_set_anon_exclusive(struct page *page)
{
	if (model_switch(SW_SWAPIN) == SWAPIN_PTE_BIT &&
	    !PageAnonExclusive(page))
		SetPageAnonExclusive(page);
}

/* registry.c */
extern const struct rmap_switch rmap_model_switches[NR_MODEL_SWITCHES];
extern const struct rmap_generation rmap_generations[];
extern const unsigned rmap_nr_generations;
/*
 * Ablations ("GEN+switch=value", by spaces) every model scenario runs
 * beside the generations and its own ablations: each puts back one rule
 * between two generations that differ in one scheme and a switch of the
 * other, so that scheme stays a finding.
 */
extern const char rmap_bridge_ablations[];
const struct rmap_scheme *rmap_find_scheme(const char *name);
const struct rmap_scheme *const *rmap_schemes(unsigned *n);
const struct rmap_generation *rmap_find_generation(const char *name);
const struct rmap_generation *rmap_generation_by_id(unsigned id);
/*
 * Fills @cfg from a generation name, an ablation "GEN+sw=v" (below) or a
 * spec "anon=X[:sw=v...],file=Y[:sw=v...][,sw=v...]". A scheme's switches a spec
 * leaves out take their first value; model switches, those of the first
 * generation running the same anon scheme. Returns 0, or -1 with a
 * one-line message in @err naming the valid choices.
 */
int rmap_config_parse(const char *spec, struct rmap_config *cfg,
		      char *err, unsigned errlen);
/*
 * An ablation, "GEN+switch=value": generation GEN with one switch (the
 * model's or one of its schemes') set to a value GEN does not run, so its
 * runs differ from GEN's in that rule alone. rmap_config_parse takes the
 * same spelling; this also says which switch and which two values.
 */
struct rmap_ablation {
	const struct rmap_generation *gen;
	const struct rmap_switch *sw;
	unsigned from, to;		/* GEN's value, the ablation's */
};

int rmap_ablation_parse(const char *spec, struct rmap_ablation *ab,
			struct rmap_config *cfg, char *err, unsigned errlen);
/*
 * Every switch of cfg's two schemes and of the model drawn at random from
 * @rng: the differential check's combinations. A scheme with no walk keeps
 * lru=2.4, the one reclaim it can run.
 */
struct prng;
void rmap_config_randomize(struct rmap_config *cfg, struct prng *rng);
/* The value of switch @idx of scheme @s in the running configuration. */
unsigned rmap_scheme_switch(const struct rmap_scheme *s, unsigned idx);
/*
 * The configuration as a spec naming every switch's value: what a run ran,
 * for rmapsim list and the results' context.
 */
void rmap_config_describe(const struct rmap_config *cfg, char *buf,
			  unsigned len);

/*
 * registry_doc.c: one part of docs/generations.md's generated tables
 * (model, generations or schemes) as markdown; -1 for an unknown part.
 */
int rmap_registry_markdown(FILE *f, const char *part);

/* rmap.c: the model's side of the interface */
extern _Thread_local bool rmap_walking;	/* inside a walk: find_vma counts its nodes */
void rmap_walk(struct page *page, struct rmap_walk_control *rwc);
int rmap_candidate(struct page *page, struct vm_area_struct *vma,
		   unsigned long addr, struct rmap_walk_control *rwc);
/*
* A candidate probed under the page_table_lock its walk already holds:
 * McCracken's objrmap took it for every vma before the range check.
 */
int rmap_candidate_locked(struct page *page, struct vm_area_struct *vma,
			  unsigned long addr, struct rmap_walk_control *rwc);
/*
 * A page_referenced walk that stops at an mlocked vma holding the page's
 * offset without probing it (rmap 7's page_referenced_file, the prio
 * tree's to 2.6.27): referenced. Returns RMAP_STOP.
 */
int rmap_vma_locked(struct page *page, struct vm_area_struct *vma,
		    unsigned long addr, struct rmap_walk_control *rwc);
/*
 * A probe of mm at addr with no vma in hand (anonmm): the vma is looked up
 * only once the pte maps the page.
 */
int rmap_candidate_mm(struct page *page, struct mm_struct *mm,
		      unsigned long addr, struct rmap_walk_control *rwc);
/*
 * try_to_unmap's exact pte (pte_chain's try_to_unmap_one, 2.5.27-2.6.6):
 * a page_table trylock, then, with no vma in hand, find_vma under it (the
 * mm's vma changes take that lock: RMAP_FINDS_VMA), then the callback; a
 * miss leaves the pte (SWAP_AGAIN), a pte in no vma stops (SWAP_FAIL).
 */
int rmap_candidate_exact(struct page *page, struct vm_area_struct *vma,
			 unsigned long addr, pte_t *ptep,
			 struct rmap_walk_control *rwc);

/*
 * A file walk's i_mmap lock (read where it was an rwsem): only tried
 * while reclaim held the page's rmap bit lock (2.5.27-2.6.8), when a miss
 * ends the walk as if no vma mapped the page (page_referenced_file's 0,
 * try_to_unmap_file's SWAP_AGAIN). False when missed, nothing to unlock.
 */
bool rmap_i_mmap_lock(struct address_space *mapping);

/*
 * page_referenced of a recorded pte (pte_chain, 2.5.27-2.6.6, and rmap 7's
 * anonymous pages): ptep_test_and_clear_young alone, with no page_table
 * lock and no vma looked up.
 */
int rmap_pte_referenced(struct page *page, pte_t *ptep,
			struct rmap_walk_control *rwc);

/* vma_address(): -EFAULT (returned as -1UL) when the vma cannot hold it */
static inline unsigned long vma_address(const struct page *page,
					const struct vm_area_struct *vma)
{
	unsigned long addr = vma->vm_start +
		((page->index - vma->vm_pgoff) << PAGE_SHIFT);

	if (page->index < vma->vm_pgoff || addr >= vma->vm_end)
		return -1UL;
	return addr;
}

static inline const struct rmap_scheme *page_scheme(const struct page *page)
{
	return PageAnon(page) ? rmap_cfg.anon : rmap_cfg.file;
}

/* The model's dispatch: each scheme of the pair once. */
#define anon_call(hook, ...) do {					\
	if (rmap_cfg.anon->hook)					\
		rmap_cfg.anon->hook(__VA_ARGS__);			\
} while (0)
#define file_call(hook, ...) do {					\
	if (rmap_cfg.file != rmap_cfg.anon && rmap_cfg.file->hook)	\
		rmap_cfg.file->hook(__VA_ARGS__);			\
} while (0)
/*
 * The file scheme for an event of the file side alone (vma_adjust linking
 * split's new vma into i_mmap), whether or not it also serves the anon
 * side: a scheme in both slots (pte_chain) keeps the i_mmap lists too.
 */
#define file_side_call(hook, ...) do {					\
	if (rmap_cfg.file->hook)					\
		rmap_cfg.file->hook(__VA_ARGS__);			\
} while (0)
#define rmap_call(hook, ...) do {					\
	anon_call(hook, __VA_ARGS__);					\
	file_call(hook, __VA_ARGS__);					\
} while (0)

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep);
void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long addr, pte_t *ptep, bool exclusive);
void page_add_file_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long addr, pte_t *ptep);
void page_dup_rmap(struct page *page, struct vm_area_struct *vma,
		   unsigned long addr, pte_t *ptep);
void page_remove_rmap(struct page *page, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *ptep);
int anon_vma_prepare(struct vm_area_struct *vma);
/*
 * dst takes src's anonymous state if it has none (vma_adjust's importer,
 * copy_vma into a merged neighbour): vma_clone, and anon_state set.
 */
void vma_import_anon(struct vm_area_struct *dst, struct vm_area_struct *src,
		     enum clone_reason why);

/*
 * A validator's one failure printer: "scheme: mmN vma START-END pgoff P
 * [of FILE]: what" (or "scheme: what" without a vma) on stderr. Returns -1,
 * for validate() to return.
 */
int rmap_invalid(const char *scheme, const struct vm_area_struct *vma,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * A file-side validator's last check: its structures, each counted once,
 * hold @held vmas, which must be every file vma of every mm.
 */
int rmap_check_file_vmas(const char *scheme, unsigned long held);

/*
 * The page's rmap bit spinlock (PG_chainlock, renamed PG_maplock by "rmap 1
 * linux/rmap.h", b6892d6a09, 2.6.6-rc1; killed by 2.6.9's atomic
 * _mapcount): in its era (the maplock switch) every rmap add, dup and
 * remove takes it, and reclaim holds it around a page's walks. Returns
 * whether this call took it: nested inside this CPU's own hold (reclaim's,
 * around the hooks its walks run) it takes nothing; a page another CPU
 * holds is waited for.
 */
bool page_map_lock(struct page *page);
void page_map_unlock(struct page *page, bool taken);

/*
 * 2.5.27-2.6.8's lock order (maplock=2.5.27, or a scheme of only that
 * era): page_table_lock outside the page's rmap lock and the anon lock,
 * so reclaim's walks, inside those, only try page_table_lock and the
 * i_mmap lock.
 */
static inline bool rmap_order_2_6_8(void)
{
	return model_switch(SW_MAPLOCK) == MAPLOCK_BIT ||
	       (rmap_cfg.anon->flags & RMAP_ANON_LOCK_INSIDE_PTL);
}

/* Reclaim's two walks (vmscan.c). */
int page_referenced(struct page *page);
bool try_to_unmap(struct page *page);
/*
 * The differential check's look at every try_to_unmap outcome (SWAP_*),
 * while it runs (common/check.c); NULL otherwise.
 */
extern void (*try_to_unmap_check)(struct page *page, int ret);

#endif
