/*
 * none: Linux 2.4, which had no reverse mapping. No rmap call is made and
 * nothing is counted for one (the model keeps mapcount only for its own
 * checks); there is no walk. Reclaim cannot go from a page to its ptes, so
 * this scheme runs only with lru=2.4, whose swap_out clock scans the page
 * tables instead (common/vmscan24.c).
 */
#include "common/mm.h"
#include "common/rmap.h"

/* A page of a private anonymous mapping: anonymous, indexed as lin(). */
static void none_page_add_anon(struct page *page, struct vm_area_struct *vma,
			       unsigned long addr, pte_t *ptep, bool exclusive)
{
	(void)ptep;
	(void)exclusive;
	if (!PageAnon(page))
		page_set_anon(page, NULL, linear_page_index(vma, addr));
}

const struct rmap_scheme none_scheme = {
	.name = "none",
	.desc = "2.4: no reverse mapping; reclaim scans page tables",
	.sides = RMAP_SIDE_ANON | RMAP_SIDE_FILE,
	.flags = RMAP_NO_RMAP,
	.page_add_anon = none_page_add_anon,
};
