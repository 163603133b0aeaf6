/*
 * anonmm: Hugh Dickins' object-based rmap for anonymous pages, in mainline
 * from "rmap 10 add anonmm rmap" to "rmap 37" inside the 2.6.7-rc1 merge,
 * never in a release (mm/rmap.c, kernel/fork.c, mm/mremap.c, mm/memory.c of
 * rmap 37). One struct anonmm per mm; exec starts a family, fork adds the
 * child's anonmm to the list on the family head. A page records the anonmm
 * of the mm that faulted it and its user virtual address, so it can only
 * be found at that address: the walk probes the recorded mm first, then
 * every other live mm of the family, at page->index, each by its page
 * table alone (no vma: page_referenced_one and try_to_unmap_one took an mm
 * and an address).
 *
 * The cost that matters: a walk is O(mms in the exec family), one page
 * table probe and one page_table_lock each, under the head's lock. mremap
 * of a shared page, and swap-in at an address other than the recorded
 * one, must copy the page ("mremap moved N cows"), since a mapping
 * elsewhere could not be found. Nothing reads an anonymous vma's pgoff, so
 * anonymous vmas merge whatever their pgoffs, as rmap 37's can_vma_merge_*
 * did.
 */
#include <stdlib.h>

#include "common/lib/slab.h"
#include "common/lock.h"
#include "common/mm.h"
#include "common/rmap.h"

struct anonmm {
	int count;		/* mm, each page, and the head's listed anonmms */
	spinlock_t lock;	/* only the head's is taken */
	struct mm_struct *mm;	/* NULL once the mm has exited */
	struct anonmm *head;	/* the exec family's first anonmm */
	struct list_head list;	/* the family, a ring through the head */
};

_Static_assert(sizeof(struct anonmm) == 40, "anonmm is 40 bytes");

static struct kmem_cache *anonmm_cachep;

static int anonmm_init(void)
{
	anonmm_cachep = kmem_cache_create("anonmm", sizeof(struct anonmm), 8,
					  SLAB_RMAP);
	return 0;
}

static void anonmm_exit(void)
{
	kmem_cache_destroy(anonmm_cachep);
	anonmm_cachep = NULL;
}

static struct anonmm *anonmm_alloc(struct mm_struct *mm, struct anonmm *head,
				   int count)
{
	struct anonmm *anonmm = kmem_cache_alloc(anonmm_cachep);

	anonmm->count = count;
	anonmm->lock.locked = 0;
	anonmm->mm = mm;
	anonmm->head = head ? head : anonmm;
	INIT_LIST_HEAD(&anonmm->list);
	mm->rmap_mm = anonmm;
	return anonmm;
}

/*
 * exec_rmap() starts a family: the head holds a reference on itself as well
 * as its mm's. dup_rmap() puts the child on the parent's family list.
 */
static void anonmm_mm_init(struct mm_struct *mm, struct mm_struct *parent)
{
	struct anonmm *head, *anonmm;

	if (!parent) {
		anonmm_alloc(mm, NULL, 2);
		return;
	}
	head = ((struct anonmm *)parent->rmap_mm)->head;
	anonmm = anonmm_alloc(mm, head, 1);
	spin_lock(LOCK_ANON, &head->lock);
	head->count++;
	list_add_tail(&anonmm->list, &head->list);
	spin_unlock(LOCK_ANON, &head->lock);
}

/* Under the head's lock: the last reference to a non-head anonmm went. */
static void free_anonmm(struct anonmm *anonmm)
{
	list_del(&anonmm->list);
	anonmm->head->count--;
	kmem_cache_free(anonmm_cachep, anonmm);
}

/*
 * The family whose head's lock this CPU's walk holds, and the anonmm whose
 * last reference went inside it: rmap 37's try_to_unmap_one left the page's
 * reference alone, the model's unmap drops it, so the free (and the lock
 * free_anonmm takes) waits until the walk has dropped the head's lock.
 */
static _Thread_local struct anonmm *walk_head, *walk_freed;

static void free_anonmm_locked(struct anonmm *anonmm)
{
	struct anonmm *head = anonmm->head;

	spin_lock(LOCK_ANON, &head->lock);
	free_anonmm(anonmm);
	spin_unlock(LOCK_ANON, &head->lock);
}

/* A page's reference goes (clear_page_anon, or migration). */
static void anonmm_put(struct anonmm *anonmm)
{
	if (--anonmm->count)
		return;
	if (anonmm->head == walk_head)
		walk_freed = anonmm;
	else
		free_anonmm_locked(anonmm);
}

/*
 * exit_rmap(): the anonmm outlives its mm while pages it faulted are still
 * mapped by the family; the head goes when only its own reference is left.
 */
static void anonmm_mm_exit(struct mm_struct *mm)
{
	struct anonmm *anonmm = mm->rmap_mm, *head = anonmm->head;

	int head_count;

	mm->rmap_mm = NULL;
	spin_lock(LOCK_ANON, &head->lock);
	anonmm->mm = NULL;
	if (!--anonmm->count)
		free_anonmm(anonmm);
	head_count = head->count;
	spin_unlock(LOCK_ANON, &head->lock);
	if (head_count == 1)
		kmem_cache_free(anonmm_cachep, head);
}

/* page_add_anon_rmap(): the first mapping names its mm and address */
static void anonmm_page_add(struct page *page, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep, bool exclusive)
{
	struct anonmm *anonmm = vma->vm_mm->rmap_mm;

	(void)ptep;
	(void)exclusive;
	if (page_mapcount(page) != 1)
		return;
	anonmm->count++;
	page_set_anon(page, anonmm, addr);
}

/* page_remove_rmap(): the last unmap clears the page's anon state */
static void anonmm_page_remove(struct page *page, struct vm_area_struct *vma,
			       unsigned long addr, pte_t *ptep)
{
	struct anonmm *anonmm = page_anon_object(page);

	(void)vma;
	(void)addr;
	(void)ptep;
	if (page_mapped(page))
		return;
	page->mapping = 0;
	anonmm_put(anonmm);
}

/*
 * mremap_move_anon_rmap(): an exclusive page just takes its new address,
 * under its PG_maplock; a shared one cannot move, or the walk would look
 * for it in the other mms at the new address: mremap makes it exclusive
 * first (make_page_exclusive), and the copy comes here.
 */
static bool anonmm_pte_move(struct page *page, pte_t *old_ptep,
			    pte_t *new_ptep, struct vm_area_struct *new_vma,
			    unsigned long new_addr)
{
	bool locked;

	(void)old_ptep;
	(void)new_ptep;
	(void)new_vma;
	if (page_mapcount(page) != 1)
		return true;
	locked = page_map_lock(page);
	page->index = new_addr;
	page_map_unlock(page, locked);
	return false;
}

/*
 * mremap_moved_anon_rmap(): swap-in of a page mapped elsewhere. The family
 * is probed only at page->index, so a mapping at any other address needs
 * its own copy (the swap pte was moved by mremap while the page was out).
 */
static bool anonmm_swapin_must_copy(struct page *page,
				    struct vm_area_struct *vma,
				    unsigned long addr)
{
	(void)vma;
	return page->index != addr;
}

/*
 * page_referenced() moves a page off an extinct mm's anonmm to the first
 * live one that maps it, so the extinct anonmm can be freed.
 */
static void migrate(struct page *page, struct anonmm *from, struct anonmm *to)
{
	to->count++;
	page_set_anon(page, to, page->index);
	anonmm_put(from);
}

/* The ring from the recorded anonmm on; returns the first live one found */
static struct anonmm *anonmm_walk_family(struct page *page,
					 struct anonmm *first,
					 struct rmap_walk_control *rwc)
{
	struct anonmm *found = first->mm ? first : NULL, *anonmm;
	int remaining, stop;

	rmap_stats.nodes++;
	if (first->mm && get_mm_rss(first->mm) &&
	    rmap_candidate_mm(page, first->mm, page->index, rwc))
		return found;
	list_for_each_entry(anonmm, &first->list, list) {
		rmap_stats.nodes++;
		if (!anonmm->mm || !get_mm_rss(anonmm->mm))
			continue;
		remaining = rwc->remaining;
		stop = rmap_candidate_mm(page, anonmm->mm, page->index, rwc);
		if (!found && rwc->remaining < remaining)
			found = anonmm;
		/* unmapping the last pte may have dropped first's last ref */
		if (stop || !page_mapped(page))
			break;
	}
	return found;
}

/*
 * page_referenced_anon, try_to_unmap_anon: under the head's lock; the
 * migration comes after it is dropped, as rmap 37's "migrate:" label.
 */
static void anonmm_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct anonmm *first = page_anon_object(page), *found;
	struct anonmm *head = first->head;

	spin_lock(LOCK_ANON, &head->lock);
	walk_head = head;
	found = anonmm_walk_family(page, first, rwc);
	walk_head = NULL;
	spin_unlock(LOCK_ANON, &head->lock);
	if (walk_freed) {
		free_anonmm_locked(walk_freed);
		walk_freed = NULL;
	} else if (rwc->referenced && rwc->remaining <= 0 && found != first) {
		migrate(page, first, found);
	}
}

/* --- validate ------------------------------------------------------- */

/*
 * Each family from its head: members are live, name the head, and each is
 * listed once (@listed). The head's count holds itself and every member;
 * @refs gets those references.
 */
static int family_refs(const struct slab_live *live, long *refs,
		       bool *listed)
{
	struct anonmm *head, *m;
	unsigned long i;
	long k;

	for (i = 0; i < live->n; i++) {
		head = live->obj[i];
		if (head->head != head)
			continue;
		refs[i]++;
		list_for_each_entry(m, &head->list, list) {
			k = slab_live_index(live, m);
			if (k < 0 || m->head != head || listed[k] ||
			    m->list.next->prev != &m->list)
				return rmap_invalid("anonmm", NULL, "the family "
						    "list of %p is broken",
						    (void *)head);
			listed[k] = true;
			refs[i]++;
		}
	}
	for (i = 0; i < live->n; i++) {
		m = live->obj[i];
		if (m->head != m && !listed[i])
			return rmap_invalid("anonmm", NULL, "%p is on no "
					    "family list", (void *)m);
	}
	return 0;
}

/*
 * References: one from its mm while it lives, the head's structural ones,
 * one per mapped anonymous page; an unmapped page keeps none.
 */
static int count_refs(const struct slab_live *live, long *refs, bool *listed)
{
	struct mm_struct *mm;
	unsigned long i, pfn;
	long k;

	list_for_each_entry(mm, &mm_list, mmlist) {
		struct anonmm *a = mm->rmap_mm;

		if (slab_live_index(live, a) < 0 || a->mm != mm)
			return rmap_invalid("anonmm", NULL, "mm%lu and its "
					    "anonmm disagree", mm->id);
	}
	for (i = 0; i < live->n; i++)
		refs[i] += ((struct anonmm *)live->obj[i])->mm ? 1 : 0;
	if (family_refs(live, refs, listed))
		return -1;
	for (pfn = 1; pfn < max_mapnr; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (!PageAnon(page))
			continue;
		k = slab_live_index(live, page_anon_object(page));
		if (k < 0 || !page_mapped(page))
			return rmap_invalid("anonmm", NULL, "pfn %lu: %s", pfn,
					    k >= 0 ? "unmapped but still "
					    "anonymous" : "points at a dead "
					    "anonmm");
		refs[k]++;
	}
	return 0;
}

static int anonmm_validate(void)
{
	struct slab_live live;
	bool *listed;
	long *refs;
	unsigned long i;
	int ret;

	if (slab_live_snapshot(anonmm_cachep, &live))
		return rmap_invalid("anonmm", NULL, "the anonmm cache's counts "
				    "are corrupt");
	refs = calloc(live.n + 1, sizeof(*refs));
	listed = calloc(live.n + 1, sizeof(*listed));
	ret = refs && listed ? count_refs(&live, refs, listed) : -1;
	for (i = 0; i < live.n && !ret; i++) {
		const struct anonmm *a = live.obj[i];

		if (a->count != refs[i])
			ret = rmap_invalid("anonmm", NULL, "%p (mm %s) has "
					   "count %d, expected %ld",
					   (const void *)a,
					   a->mm ? "live" : "gone", a->count,
					   refs[i]);
	}
	free(refs);
	free(listed);
	slab_live_release(&live);
	return ret;
}

const struct rmap_scheme anonmm_scheme = {
	.name = "anonmm",
	.desc = "2.6.7-rc1 rmap 36-37: one anonmm per mm, walk the exec family",
	.sides = RMAP_SIDE_ANON,
	.walk_shape = WALK_MMS,
	.flags = RMAP_ANON_PGOFF_FREE | RMAP_ANON_LOCK_INSIDE_PTL |
		 RMAP_FINDS_VMA,
	.init = anonmm_init,
	.exit = anonmm_exit,
	.mm_init = anonmm_mm_init,
	.mm_exit = anonmm_mm_exit,
	.page_add_anon = anonmm_page_add,
	.page_remove = anonmm_page_remove,
	.pte_move = anonmm_pte_move,
	.swapin_must_copy = anonmm_swapin_must_copy,
	.walk = anonmm_walk,
	.validate = anonmm_validate,
};
