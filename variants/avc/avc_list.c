/*
 * avc: anon_vma_chain as 2.6.34 merged it (Rik van Riel, 5beb49305251),
 * in the form each range of releases up to 3.6 ran it (the form switch).
 * Each anon_vma lists its avcs; a walk runs the whole list of the page's
 * anon_vma, testing every vma on it, so a page a child COWed is looked for
 * in that child alone, not in every process the region was forked into
 * (2.6.7's anon_vma walked them all). What the list still costs: mprotect
 * splitting a vma into thousands leaves them all on the list, and every
 * walk of every page under it passes each one.
 *
 * Merges follow is_mergeable_anon_vma(): one NULL, or both equal, up to
 * 2.6.39; from 3.0 (965f55dea0e3) a range with no anon_vma joins a
 * neighbour that has one only if the neighbour's chain is singular.
 */
#include "common/lib/slab.h"
#include "variants/avc/avc.h"

#define to_list_av(p)	container_of(p, struct anon_vma_list, av)
#define to_list_avc(p)	container_of(p, struct avc_list, avc)

extern const struct rmap_scheme avc_scheme;

/*
 * The model's anon_vma holds a root and a refcount in every form, so it is
 * larger than 2.6.34's 24 bytes (lock, ksm_refcount, head): it fits the
 * 32 bytes SLUB gives that object with its free pointer, which a live
 * object does not use.
 */
_Static_assert(sizeof(struct anon_vma_list) <= 24 + sizeof(void *),
	       "2.6.34 anon_vma and SLUB's free pointer");
_Static_assert(sizeof(struct avc_list) <= 48, "anon_vma_chain, 2.6.34-3.6");

enum { SW_FORM };

enum {
	FORM_2_6_34, FORM_2_6_36, FORM_2_6_37, FORM_2_6_39, FORM_3_0,
	FORM_3_3,
};

static const char *const form_values[] = {
	"2.6.34", "2.6.36", "2.6.37", "2.6.39", "3.0", "3.3", NULL,
};

static const char *const form_releases[] = {
	[FORM_2_6_34] = "2.6.34-2.6.35: no root; the oldest anon_vma is the "
		"chain's last entry, each anon_vma locked and freed on its "
		"own; every first mapping of a page rewrites its anon_vma; "
		"anon_vma_prepare adds at the list's head; vma_link locks a "
		"copied vma's anon_vma; vma_adjust takes no anon_vma lock; "
		"anon_vma 24 B",
	[FORM_2_6_36] = "2.6.36: the root anon_vma, its lock taken per avc "
		"linked, pinned by its children, the last pin dropped under "
		"the root's lock (drop_anon_vma); vma_adjust locks for a "
		"split, an importer or a start that moves; anon_vma 40 B",
	[FORM_2_6_37] = "2.6.37-2.6.38: as 2.6.36, anon_vma reordered to "
		"32 B (182fea8f483)",
	[FORM_2_6_39] = "2.6.39: a plain refcount, the last pin dropped "
		"without a lock (put_anon_vma); 32 B",
	[FORM_3_0] = "3.0-3.2: the root's lock (a mutex) held across a "
		"whole chain (lock_anon_vma_root); merges need a singular "
		"chain (965f55dea0e3); vma_adjust no longer locks for a "
		"split; anon_vma 64 B",
	[FORM_3_3] = "3.3-3.6: as 3.0, and mremap's copy merged into a "
		"vma moves that vma's avcs to the tail of each list "
		"(anon_vma_moveto_tail)",
};

static const struct rmap_switch avc_switches[] = {
	[SW_FORM] = { "form", "anon_vma_chain's code and anon_vma, by release",
		      form_values, form_releases,
		      "5beb49305251, 287d97ac032 (2.6.34); 5c341ee1dfc, "
		      "012f18004da, 76545066c85, 26ba0cb63cb, 5e549e989f9, "
		      "288468c334e (2.6.36); 182fea8f483 (2.6.37); "
		      "9e60109f125, 01d8b20dec5 (2.6.39); 2b575eb64f7a, "
		      "965f55dea0e3, Linus' "
		      "\"avoid repeated anon_vma lock/unlock sequences\" in "
		      "anon_vma_clone() and unlink_anon_vmas(), Shaohua Li's "
		      "\"mmap: avoid unnecessary anon_vma lock\" (3.0); "
		      "Andrea Arcangeli's \"mremap: enforce rmap src/dst vma "
		      "ordering in case of vma_merge() succeeding in "
		      "copy_vma()\" (3.3); read in 2.6.34, 2.6.35.3, "
		      "2.6.36.4, the 2.6.39.3 history, 3.0.1, 3.2.71, 3.3.8, "
		      "3.4.39 and 3.6.5" },
};

/*
 * Each form's sizes (x86-64, SMP, CONFIG_KSM or CONFIG_MIGRATION, no lock
 * debugging) and rules. 2.6.36's anon_vma: lock, root, external_refcount,
 * head, padded; 3.0's: root, a 32-byte mutex, refcount, head.
 */
static const struct avc_era forms[] = {
	[FORM_2_6_34] = { .anon_vma_size = 24, .first_map_resets = true,
			  .prepare_at_head = true, .link_lock = true,
			  .adjust_lock = ADJUST_NONE, .merge = MERGE_ANY },
	[FORM_2_6_36] = { .anon_vma_size = 40, .root = true,
			  .drop_lock = true, .adjust_lock = ADJUST_INSERT,
			  .merge = MERGE_ANY },
	[FORM_2_6_37] = { .anon_vma_size = 32, .root = true,
			  .drop_lock = true, .adjust_lock = ADJUST_INSERT,
			  .merge = MERGE_ANY },
	[FORM_2_6_39] = { .anon_vma_size = 32, .root = true,
			  .adjust_lock = ADJUST_INSERT, .merge = MERGE_ANY },
	[FORM_3_0] = { .anon_vma_size = 64, .root = true, .batch_lock = true,
		       .adjust_lock = ADJUST_IMPORT, .merge = MERGE_SINGULAR,
		       .lock_kind = LOCK_KIND_MUTEX },
	[FORM_3_3] = { .anon_vma_size = 64, .root = true, .batch_lock = true,
		       .moveto_tail = true, .adjust_lock = ADJUST_IMPORT,
		       .merge = MERGE_SINGULAR, .lock_kind = LOCK_KIND_MUTEX },
};

static void list_anon_vma_init(struct anon_vma *av)
{
	INIT_LIST_HEAD(&to_list_av(av)->head);
}

static void list_insert(struct anon_vma_chain *avc, bool head)
{
	struct list_head *list = &to_list_av(avc->anon_vma)->head;

	if (head)
		list_add(&to_list_avc(avc)->same_anon_vma, list);
	else
		list_add_tail(&to_list_avc(avc)->same_anon_vma, list);
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
	return avc_init(&list_flavour,
			&forms[rmap_scheme_switch(&avc_scheme, SW_FORM)]);
}

/*
 * try_to_unmap_anon() / page_referenced_anon(): the anon_vma (2.6.34) or
 * root (2.6.36+) locked, then every avc of the page's anon_vma;
 * vma_address() rejects the vmas whose range cannot hold the page before
 * any page table is probed.
 */
static void avc_list_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct anon_vma_list *av = to_list_av(page_anon_object(page));
	struct avc_list *l;
	unsigned long addr;

	anon_vma_lock_read(&av->av);
	list_for_each_entry(l, &av->head, same_anon_vma) {
		rmap_stats.nodes++;
		addr = vma_address(page, l->avc.vma);
		if (addr != -1UL && rmap_candidate(page, l->avc.vma, addr, rwc))
			break;
	}
	anon_vma_unlock_read(&av->av);
}

const struct rmap_scheme avc_scheme = {
	.name = "avc",
	.desc = "2.6.34-3.6: anon_vma_chain, each anon_vma a list of avcs",
	AVC_CORE_HOOKS,
	.walk_shape = WALK_LIST,
	.switches = avc_switches,
	.nswitches = ARRAY_SIZE(avc_switches),
	.init = avc_list_init,
	.anon_vma_moveto_tail = avc_anon_vma_moveto_tail,
	.walk = avc_list_walk,
};
