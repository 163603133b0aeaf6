/*
 * Model counters as deltas of rmap_stats and the slab totals. The peaks are
 * the instance's: rmap metadata built during set-up counts, because that is
 * the memory the generation needs to hold the workload at all.
 */
#include <string.h>

#include "common/lib/slab.h"
#include "common/lib/tree_visit.h"
#include "common/model.h"
#include "common/stats.h"

const char *const model_counter_names[NR_MODEL_COUNTERS] = {
	[MC_WALKS] = "walks",
	[MC_CANDIDATES] = "candidates",
	[MC_CONFIRMED] = "confirmed",
	[MC_NODES] = "nodes",
	[MC_CONFIRMED_PER_CANDIDATE] = "confirmed_per_candidate",
	[MC_NODES_PER_WALK] = "nodes_per_walk",
	[MC_LOCK_PTE_CHAIN] = "lock_pte_chain",
	[MC_LOCK_I_MMAP] = "lock_i_mmap",
	[MC_LOCK_ANON] = "lock_anon",
	[MC_LOCK_PAGE_TABLE] = "lock_page_table",
	[MC_PTES_PROBED] = "ptes_probed",
	[MC_FIND_VMA_NODES] = "find_vma_nodes",
	[MC_PTES_SCANNED] = "ptes_scanned",
	[MC_SWAP_OUT_PASSES] = "swap_out_passes",
	[MC_SWAP_OUT_MMS] = "swap_out_mms",
	[MC_PTES_SCANNED_PER_FREED] = "ptes_scanned_per_freed",
	[MC_RMAP_ADDS] = "rmap_adds",
	[MC_RMAP_REMOVES] = "rmap_removes",
	[MC_CHAIN_SCAN] = "chain_scan",
	[MC_TREE_UPDATES] = "tree_updates",
	[MC_PTES_COPIED] = "ptes_copied",
	[MC_FAULTS] = "faults",
	[MC_COW_COPIES] = "cow_copies",
	[MC_FORKS] = "forks",
	[MC_EXITS] = "exits",
	[MC_RECLAIMED] = "reclaimed",
	[MC_RMAP_ALLOCS] = "rmap_allocs",
	[MC_RMAP_FREES] = "rmap_frees",
	[MC_RMAP_OBJECTS_PEAK] = "rmap_objects_peak",
	[MC_RMAP_BYTES_PEAK] = "rmap_bytes_peak",
	[MC_PGTABLE_PAGES_PEAK] = "pgtable_pages_peak",
	[MC_VMAS_PEAK] = "vmas_peak",
};

enum counter_kind model_counter_kind(enum model_counter k)
{
	switch (k) {
	case MC_CONFIRMED_PER_CANDIDATE:
	case MC_NODES_PER_WALK:
	case MC_PTES_SCANNED_PER_FREED:
		return COUNTER_RATIO;
	case MC_RMAP_OBJECTS_PEAK:
	case MC_RMAP_BYTES_PEAK:
	case MC_PGTABLE_PAGES_PEAK:
	case MC_VMAS_PEAK:
		return COUNTER_PEAK;
	default:
		return COUNTER_COUNT;
	}
}

static double ratio(double a, double b)
{
	return b ? a / b : 0;
}

void counters_begin(struct counters_snapshot *snap)
{
	struct slab_totals t;

	snap->stats = rmap_stats;
	slab_rmap_totals(&t);
	snap->rmap_allocs = t.allocs;
	snap->rmap_frees = t.frees;
	snap->tree_updates = tree_nodes_updated;
}

void counters_end(const struct counters_snapshot *snap,
		  struct model_counters *c)
{
	const struct rmap_stats *a = &snap->stats, *b = &rmap_stats;
	unsigned long per_vma = rmap_cfg.anon->vma_bytes;
	struct slab_totals t;

	if (rmap_cfg.file != rmap_cfg.anon)
		per_vma += rmap_cfg.file->vma_bytes;
	slab_rmap_totals(&t);
	memset(c, 0, sizeof(*c));
	c->v[MC_WALKS] = b->walks - a->walks;
	c->v[MC_CANDIDATES] = b->candidates - a->candidates;
	c->v[MC_CONFIRMED] = b->confirmed - a->confirmed;
	c->v[MC_NODES] = b->nodes - a->nodes;
	c->v[MC_CONFIRMED_PER_CANDIDATE] = ratio(c->v[MC_CONFIRMED],
						 c->v[MC_CANDIDATES]);
	c->v[MC_NODES_PER_WALK] = ratio(c->v[MC_NODES], c->v[MC_WALKS]);
	c->v[MC_LOCK_PTE_CHAIN] = b->locks[LOCK_PTE_CHAIN] -
				  a->locks[LOCK_PTE_CHAIN];
	c->v[MC_LOCK_I_MMAP] = b->locks[LOCK_I_MMAP] - a->locks[LOCK_I_MMAP];
	c->v[MC_LOCK_ANON] = b->locks[LOCK_ANON] - a->locks[LOCK_ANON];
	c->v[MC_LOCK_PAGE_TABLE] = b->locks[LOCK_PAGE_TABLE] -
				   a->locks[LOCK_PAGE_TABLE];
	c->v[MC_PTES_PROBED] = b->ptes_probed - a->ptes_probed;
	c->v[MC_FIND_VMA_NODES] = b->find_vma_nodes - a->find_vma_nodes;
	c->v[MC_PTES_SCANNED] = b->ptes_scanned - a->ptes_scanned;
	c->v[MC_SWAP_OUT_PASSES] = b->swap_out_passes - a->swap_out_passes;
	c->v[MC_SWAP_OUT_MMS] = b->swap_out_mms - a->swap_out_mms;
	c->v[MC_CHAIN_SCAN] = b->chain_scan - a->chain_scan;
	c->v[MC_TREE_UPDATES] = tree_nodes_updated - snap->tree_updates;
	c->v[MC_RMAP_ADDS] = b->rmap_adds - a->rmap_adds;
	c->v[MC_RMAP_REMOVES] = b->rmap_removes - a->rmap_removes;
	c->v[MC_PTES_COPIED] = b->ptes_copied - a->ptes_copied;
	c->v[MC_FAULTS] = b->faults - a->faults;
	c->v[MC_COW_COPIES] = b->cow_copies - a->cow_copies;
	c->v[MC_FORKS] = b->forks - a->forks;
	c->v[MC_EXITS] = b->exits - a->exits;
	c->v[MC_RECLAIMED] = b->reclaimed - a->reclaimed;
	c->v[MC_PTES_SCANNED_PER_FREED] = ratio(c->v[MC_PTES_SCANNED],
						c->v[MC_RECLAIMED]);
	c->v[MC_RMAP_ALLOCS] = t.allocs - snap->rmap_allocs;
	c->v[MC_RMAP_FREES] = t.frees - snap->rmap_frees;
	c->v[MC_RMAP_OBJECTS_PEAK] = t.peak_objects;
	c->v[MC_RMAP_BYTES_PEAK] = t.peak_bytes + b->vma_peak * per_vma;
	c->v[MC_PGTABLE_PAGES_PEAK] = b->pgtable_peak;
	c->v[MC_VMAS_PEAK] = b->vma_peak;
}
