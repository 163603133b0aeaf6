/*
 * scan: Linux 2.4, which had no reverse mapping. To unmap a page, swap_out
 * walked every vma of every mm and every pte in it; as a per-page walk that
 * is O(all ptes in the system), the baseline every rmap generation was built
 * to beat. Anonymous and file pages alike; no metadata at all.
 */
#include "common/mm.h"
#include "common/pgtable.h"
#include "common/rmap.h"

static void scan_page_add_anon(struct page *page, struct vm_area_struct *vma,
			       unsigned long addr, pte_t *ptep, bool exclusive)
{
	(void)ptep;
	(void)exclusive;
	if (!PageAnon(page))
		page_set_anon(page, NULL, linear_page_index(vma, addr));
}

/* Every pte of vma: nodes counts the ptes examined. */
static int scan_vma(struct page *page, struct vm_area_struct *vma,
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
			rmap_stats.nodes++;
			if (pte_present(*ptep) && pte_pfn(*ptep) == pfn &&
			    (rmap_candidate_exact(page, vma, addr, ptep, rwc) &
			     RMAP_STOP))
				return RMAP_STOP;
		}
	}
	return RMAP_CONTINUE;
}

static void scan_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct mm_struct *mm;
	struct vm_area_struct *vma;

	list_for_each_entry(mm, &mm_list, mmlist) {
		lock_count(LOCK_PAGE_TABLE);
		for (vma = mm->mmap; vma; vma = vma->vm_next)
			if (scan_vma(page, vma, rwc) == RMAP_STOP)
				return;
	}
}

const struct rmap_scheme scan_scheme = {
	.name = "scan",
	.desc = "2.4: no rmap, scan every page table of every mm",
	.sides = RMAP_SIDE_ANON | RMAP_SIDE_FILE,
	.page_add_anon = scan_page_add_anon,
	.walk = scan_walk,
};
