/*
 * none: Linux 2.4.27, which had no reverse mapping. No rmap call is made
 * and none is counted (the model keeps mapcount only for its own checks);
 * there is no walk. Reclaim cannot go from a page to its ptes, so this
 * scheme runs only with lru=2.4, whose swap_out clock scans the page
 * tables instead (common/vmscan24.c). What 2.4 did keep is each file's
 * i_mmap and i_mmap_shared lists, for truncate: linked at the head under
 * i_shared_lock, the child just after its parent at fork, never walked
 * here (common/i_mmap_list.c). Their cost at mmap, munmap, fork and exit
 * is the same event any later generation pays.
 */
#include "common/i_mmap_list.h"
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

static void none_vma_link(struct vm_area_struct *vma)
{
	i_mmap_list_link(&i_mmap_2_4, vma);
}

static void none_vma_unlink(struct vm_area_struct *vma, bool merge)
{
	(void)merge;
	i_mmap_list_unlink(vma);
}

static void none_vma_fork(struct vm_area_struct *child,
			  struct vm_area_struct *parent)
{
	i_mmap_list_fork(&i_mmap_2_4, child, parent);
}

static int none_validate(void)
{
	return i_mmap_list_validate("none", &i_mmap_2_4);
}

const struct rmap_scheme none_scheme = {
	.name = "none",
	.desc = "2.4: no reverse mapping; the i_mmap lists kept, never walked",
	.sides = RMAP_SIDE_ANON | RMAP_SIDE_FILE,
	.flags = RMAP_NO_RMAP | RMAP_FINDS_VMA,
	.file_init = i_mmap_list_init,
	.vma_link = none_vma_link,
	.vma_unlink = none_vma_unlink,
	.vma_fork = none_vma_fork,
	.page_add_anon = none_page_add_anon,
	.validate = none_validate,
};
