/*
 * exhaustive: a page's mappings found by searching every pte of every vma
 * of every mm, O(all ptes in the system) per page. No kernel ever ran this
 * (2.4 had no per-page search at all: see common/vmscan24.c); it is what
 * the oracle does, kept as a scheme for ablations: the cost a reverse map
 * saves, per walk. Anonymous and file pages alike; no metadata at all.
 * The search reads page tables under no lock, as the oracle does; a pte
 * found is handed on under its page_table_lock (rmap_candidate_exact).
 */
#include "common/mm.h"
#include "common/pgtable.h"
#include "common/rmap.h"

static void exhaustive_page_add_anon(struct page *page,
				     struct vm_area_struct *vma,
				     unsigned long addr, pte_t *ptep,
				     bool exclusive)
{
	(void)ptep;
	(void)exclusive;
	if (!PageAnon(page))
		page_set_anon(page, NULL, linear_page_index(vma, addr));
}

/* Every pte of vma: nodes counts the ptes examined. */
static int exhaustive_vma(struct page *page, struct vm_area_struct *vma,
			  struct rmap_walk_control *rwc)
{
	unsigned long pfn = page_to_pfn(page), addr, next;

	for (addr = vma->vm_start; addr < vma->vm_end; addr = next) {
		pte_t *ptep = pte_offset_next(vma->vm_mm, addr, &next);

		if (next > vma->vm_end)
			next = vma->vm_end;
		if (!ptep)
			continue;
		for (; addr < next; addr += PAGE_SIZE, ptep++) {
			pte_t pte = ptep_get(ptep);

			rmap_stats.nodes++;
			if (pte_present(pte) && pte_pfn(pte) == pfn &&
			    (rmap_candidate_exact(page, vma, addr, ptep, rwc) &
			     RMAP_STOP))
				return RMAP_STOP;
		}
	}
	return RMAP_CONTINUE;
}

static void exhaustive_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct mm_struct *mm;
	struct vm_area_struct *vma;

	list_for_each_entry(mm, &mm_list, mmlist) {
		for (vma = mm->mmap; vma; vma = vma->vm_next)
			if (exhaustive_vma(page, vma, rwc) == RMAP_STOP)
				return;
	}
}

const struct rmap_scheme exhaustive_scheme = {
	.name = "exhaustive",
	.desc = "no kernel: search every page table of every mm per page",
	.sides = RMAP_SIDE_ANON | RMAP_SIDE_FILE,
	.walk_shape = WALK_PTES,
	.page_add_anon = exhaustive_page_add_anon,
	.walk = exhaustive_walk,
};
