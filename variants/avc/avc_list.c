/*
 * avc: anon_vma_chain as 2.6.34 merged it (Rik van Riel, 5beb49305251), in
 * its 2.6.36 form with the root anon_vma whose lock covers the family
 * (5c341ee1dfc8, 012f18004da3). Each anon_vma lists its avcs; a walk runs
 * the whole list of the page's anon_vma, testing every vma on it, so a page
 * a child COWed is looked for in that child alone, not in every process
 * the region was forked into (2.6.7's anon_vma walked them all). What the
 * list still costs: mprotect splitting a vma into thousands leaves them all
 * on the list, and every walk of every page under it passes each one.
 *
 * Merges follow 2.6.34-2.6.39's is_mergeable_anon_vma (one NULL, or both
 * equal): the list_is_singular() veto of 965f55dea0e3 came in 3.0.
 */
#include "common/lib/slab.h"
#include "variants/avc/avc.h"

#define to_list_av(p)	container_of(p, struct anon_vma_list, av)
#define to_list_avc(p)	container_of(p, struct avc_list, avc)

_Static_assert(sizeof(struct anon_vma_list) <= 40, "2.6.36 anon_vma");
_Static_assert(sizeof(struct avc_list) <= 48, "2.6.36 anon_vma_chain");

static void list_anon_vma_init(struct anon_vma *av)
{
	INIT_LIST_HEAD(&to_list_av(av)->head);
}

static void list_insert(struct anon_vma_chain *avc)
{
	list_add_tail(&to_list_avc(avc)->same_anon_vma,
		      &to_list_av(avc->anon_vma)->head);
}

static void list_remove(struct anon_vma_chain *avc)
{
	list_del(&to_list_avc(avc)->same_anon_vma);
}

static bool list_empty_av(struct anon_vma *av)
{
	return list_empty(&to_list_av(av)->head);
}

static long list_count(struct anon_vma *av)
{
	struct list_head *head = &to_list_av(av)->head, *p;
	long n = 0;

	for (p = head->next; p != head; p = p->next, n++)
		if (p->next->prev != p ||
		    container_of(p, struct avc_list,
				 same_anon_vma)->avc.anon_vma != av)
			return -1;
	return n;
}

static const struct avc_flavour list_flavour = {
	/* lock, root, external_refcount, head: 2.6.36's order, padded */
	.anon_vma_size = 40,
	/* vma, anon_vma, same_vma, same_anon_vma */
	.avc_size = 48,
	.anon_vma_init = list_anon_vma_init,
	.insert = list_insert,
	.remove = list_remove,
	.empty = list_empty_av,
	.count = list_count,
};

static int avc_list_init(void)
{
	return avc_init(&list_flavour);
}

/*
 * try_to_unmap_anon() / page_referenced_anon(): the root locked, then
 * every avc of the page's anon_vma; vma_address() rejects the vmas whose
 * range cannot hold the page before any page table is probed.
 */
static void avc_list_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct anon_vma_list *av = to_list_av(page_anon_object(page));
	struct avc_list *l;
	unsigned long addr;

	lock_count(LOCK_ANON);
	list_for_each_entry(l, &av->head, same_anon_vma) {
		rmap_stats.nodes++;
		addr = vma_address(page, l->avc.vma);
		if (addr != -1UL && rmap_candidate(page, l->avc.vma, addr, rwc))
			return;
	}
}

const struct rmap_scheme avc_scheme = {
	.name = "avc",
	.desc = "2.6.34-3.6: anon_vma_chain, each anon_vma a list of avcs",
	AVC_CORE_HOOKS,
	.init = avc_list_init,
	.walk = avc_list_walk,
};
