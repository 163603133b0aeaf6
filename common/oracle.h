/*
 * The test oracle: the right answer to "which ptes map this page", found by
 * brute force over the raw page tables of every mm, without the vma tree,
 * without any rmap structure and without the model's lookup helpers.
 */
#ifndef RMAP_ORACLE_H
#define RMAP_ORACLE_H

#include "common/mm_types.h"

struct oracle_map {
	unsigned long pfn;
	struct mm_struct *mm;
	unsigned long addr;
	unsigned long pte;
};

struct oracle {
	struct oracle_map *maps;	/* sorted by (pfn, mm id, addr) */
	unsigned long nr, cap;
	unsigned long swap_ptes;
	unsigned long only_pfn;		/* record this pfn's ptes alone (not 0) */
};

/* Rebuilds the table from every mm's page tables. */
void oracle_scan(struct oracle *o);
/* The same scan, keeping only the ptes that map pfn. */
void oracle_scan_pfn(struct oracle *o, unsigned long pfn);
/* The mappings of pfn: *n entries starting at the returned pointer. */
const struct oracle_map *oracle_lookup(const struct oracle *o,
				       unsigned long pfn, unsigned long *n);
void oracle_free(struct oracle *o);

#endif
