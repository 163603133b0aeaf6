/*
 * linear: partial object-based rmap for file pages. A file page carries
 * only a mapcount; its mappings are found through the file's two vma lists,
 * which predate rmap (common/i_mmap_list.c): i_mmap (private vmas) and
 * i_mmap_shared (VM_SHARED ones), guarded by i_shared_sem. A walk passes
 * every vma of the file whatever the page's offset: O(vmas of the file) per
 * walk, the cost the prio tree later removed. Anonymous pages stay on
 * pte_chains.
 *
 * Two authors: Dave McCracken's objrmap (2.5.62, carried in -mm and -mjb
 * until 2.6.5) and Hugh Dickins' rework of it merged as "rmap 7"
 * (79603666b5, 2.6.7-rc1), the default. The walk switch picks the walk,
 * the i_mmap switch where a vma goes on its list, including 2.5.66-mm's
 * lists sorted by vm_pgoff.
 */
#include "common/i_mmap_list.h"
#include "common/lib/kernel.h"
#include "common/lock.h"
#include "common/mm.h"
#include "common/rmap.h"

extern const struct rmap_scheme linear_scheme;

enum { SW_WALK, SW_I_MMAP };

enum linear_walk { WALK_RMAP7, WALK_MJB };

static const char *const walk_values[] = { "rmap7", "mjb", NULL };
static const char *const walk_releases[] = {
	"2.6.7-rc1's rmap 7 to rmap 15 (rmap 16, dd7043aa39, walked the "
	"lists through the prio tree interface): page_referenced_file and "
	"try_to_unmap_file skip mms with no rss, probe only vmas holding "
	"the page's offset, stop once a local copy of mapcount is used up; "
	"page_referenced ends at an mlocked vma without probing it",
	"McCracken's objrmap as -mjb carried it on 2.6.0-2.6.5 (the copy "
	"Hugh Dickins' \"anobjrmap 1/6\" and Andrea Arcangeli's "
	"objrmap-core-1 started from, March 2004): a page_table_lock trylock "
	"on every vma before find_pte's range check; page_referenced_obj "
	"passes every vma of both lists, try_to_unmap_obj stops only on "
	"SWAP_FAIL or the live mapcount; no rss skip",
};

static const char *const i_mmap_values[] = { "2.6.6", "2.5.6", "objsort",
					     NULL };
static const char *const i_mmap_releases[] = {
	"2.6.6+: appended at link, a forked child right after its parent",
	"2.5.6-2.6.5: appended at link, a forked child right before its "
	"parent",
	"2.5.66-mm2 (objsort, with Hugh Dickins' fix against 2.5.67-mm1): "
	"sorted by vm_pgoff, an O(n) insert, relinked when vm_pgoff moves; "
	"walks stop at the first vma past the page's offset",
};

static const struct rmap_switch linear_switches[] = {
	[SW_WALK] = { "walk", "whose page_referenced and try_to_unmap",
		      walk_values, walk_releases,
		      "rmap 7: 79603666b5 (2.6.7-rc1); McCracken: the 2.6.0-era "
		      "objrmap mm/rmap.c and \"[RFC][PATCH 2/3] Dave & Hugh's "
		      "objrmap patch\" (LKML, 2004-03-21)" },
	[SW_I_MMAP] = { "i_mmap", "where a vma goes on its i_mmap list",
			i_mmap_values, i_mmap_releases,
			"dup_mmap: 50e5b764cd (2.5.6), 4b5187562d \"fork vma "
			"ordering during fork\" (2.6.6-rc1); objsort: \"[PATCH "
			"2.5.66-mm2] Optimizaction for object-based rmap\" "
			"(2003-04-02), \"[PATCH] fix obj vma sorting\" "
			"(2003-04-08)" },
};

static enum linear_walk walk;
static const struct i_mmap_rules *rules;

static int linear_init(void)
{
	static const struct i_mmap_rules *const by_value[] = {
		&i_mmap_2_6_6, &i_mmap_2_5_6, &i_mmap_objsort,
	};

	walk = rmap_scheme_switch(&linear_scheme, SW_WALK);
	rules = by_value[rmap_scheme_switch(&linear_scheme, SW_I_MMAP)];
	/*
	 * i_shared_sem, a semaphore from later in 2.5 until 2.6.7-rc1's
	 * i_mmap_lock (early 2.5's i_shared_lock spinlock is not modelled)
	 */
	lock_class_kind[LOCK_I_MMAP] = LOCK_KIND_SEMAPHORE;
	return 0;
}

static void linear_vma_link(struct vm_area_struct *vma)
{
	i_mmap_list_link(rules, vma);
}

static void linear_vma_unlink(struct vm_area_struct *vma, bool merge)
{
	(void)merge;
	i_mmap_list_unlink(vma);
}

static void linear_vma_fork(struct vm_area_struct *child,
			    struct vm_area_struct *parent)
{
	i_mmap_list_fork(rules, child, parent);
}

static void linear_adjust_begin(struct vm_area_struct *vma)
{
	i_mmap_list_adjust_begin(rules, vma);
}

static void linear_adjust_end(struct vm_area_struct *vma)
{
	i_mmap_list_adjust_end(rules, vma);
}

/*
 * rmap 7's page_referenced_file ends at an mlocked vma before probing it:
 * on i_mmap one both VM_LOCKED and VM_MAYSHARE (a shared mapping of a file
 * opened read-only, not VM_SHARED), on i_mmap_shared one VM_LOCKED or
 * VM_RESERVED (which the model never sets).
 */
static bool rmap7_locked(const struct vm_area_struct *vma, bool on_shared)
{
	unsigned long f = vma->vm_flags;

	if (on_shared)
		return f & VM_LOCKED;
	return (f & (VM_LOCKED | VM_MAYSHARE)) == (VM_LOCKED | VM_MAYSHARE);
}

/* rmap 7: one vma of the list, already known to hold the page's offset */
static int rmap7_vma(struct page *page, struct vm_area_struct *vma,
		     unsigned long addr, bool on_shared,
		     struct rmap_walk_control *rwc)
{
	if (rwc->referenced && rmap7_locked(vma, on_shared))
		return rmap_vma_locked(page, vma, addr, rwc);
	if (!get_mm_rss(vma->vm_mm))
		return RMAP_CONTINUE;
	return rmap_candidate(page, vma, addr, rwc);
}

/*
 * McCracken's page_referenced_obj_one and try_to_unmap_obj_one: the
 * trylock comes first, find_pte's range check under it, so every vma
 * passed costs a lock and only those in range a probe.
 */
static int mjb_vma(struct page *page, struct vm_area_struct *vma,
		   unsigned long addr, struct rmap_walk_control *rwc)
{
	struct mm_struct *mm = vma->vm_mm;
	int ret = RMAP_CONTINUE;

	/* a miss: page_referenced_obj_one's 0, try_to_unmap_obj_one's AGAIN */
	if (!spin_trylock(LOCK_PAGE_TABLE, &mm->page_table_lock))
		return RMAP_CONTINUE;
	if (addr != -1UL)
		ret = rmap_candidate_locked(page, vma, addr, rwc);
	spin_unlock(LOCK_PAGE_TABLE, &mm->page_table_lock);
	return ret;
}

/*
 * Every vma on the list is a node visited; objsort's walks stop at the
 * first vma past the page's offset (that one read too).
 */
static int linear_walk_list(struct page *page, struct list_head *head,
			    bool on_shared, struct rmap_walk_control *rwc)
{
	struct vm_area_struct *vma;
	unsigned long addr;

	list_for_each_entry(vma, head, shared.list) {
		rmap_stats.nodes++;
		if (rules->link == I_MMAP_LINK_SORTED &&
		    vma->vm_pgoff > page->index)
			break;
		addr = vma_address(page, vma);
		if (walk == WALK_MJB) {
			if (mjb_vma(page, vma, addr, rwc) & RMAP_STOP)
				return RMAP_STOP;
		} else if (addr != -1UL &&
			   (rmap7_vma(page, vma, addr, on_shared, rwc) &
			    RMAP_STOP)) {
			return RMAP_STOP;
		}
	}
	return RMAP_CONTINUE;
}

/*
 * page_referenced_file() / try_to_unmap_file(): i_mmap, then
 * i_mmap_shared, under i_shared_sem (a down_trylock in its era, inside
 * the page's rmap lock reclaim holds: rmap_i_mmap_lock). McCracken's
 * page_referenced_obj had no mapcount stop: every vma is passed.
 */
static void linear_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct address_space *mapping = (struct address_space *)page->mapping;
	bool all = rwc->all;

	if (!rmap_i_mmap_lock(mapping))
		return;
	if (walk == WALK_MJB && rwc->referenced)
		rwc->all = true;
	if (linear_walk_list(page, &mapping->i_mmap.lists.i_mmap, false,
			     rwc) != RMAP_STOP)
		linear_walk_list(page, &mapping->i_mmap.lists.i_mmap_shared,
				 true, rwc);
	rwc->all = all;
	i_mmap_unlock_read(mapping);
}

static int linear_validate(void)
{
	return i_mmap_list_validate("linear", rules);
}

const struct rmap_scheme linear_scheme = {
	.name = "linear",
	.desc = "2.6.7-rc1 rmap 7, and McCracken's objrmap (-mm, -mjb): file "
		"pages by i_mmap and i_mmap_shared lists",
	.sides = RMAP_SIDE_FILE,
	.walk_shape = WALK_LIST,
	.switches = linear_switches,
	.nswitches = ARRAY_SIZE(linear_switches),
	.init = linear_init,
	.file_init = i_mmap_list_init,
	.vma_link = linear_vma_link,
	.vma_unlink = linear_vma_unlink,
	.vma_fork = linear_vma_fork,
	.vma_adjust_begin = linear_adjust_begin,
	.vma_adjust_end = linear_adjust_end,
	.walk = linear_walk,
	.validate = linear_validate,
};
