/*
 * anon_vma: the anonymous side of rmap from 2.6.7 to 2.6.33 (Andrea
 * Arcangeli's design as Hugh Dickins merged it; mm/rmap.c and mm/mmap.c of
 * 2.6.7 - 2.6.33). An anon_vma is a lock and a list of every vma whose
 * anonymous pages may point at it: a region, everything split off it, and
 * every copy fork made of it. A page records the anon_vma and its linear
 * index at first fault, so any vma on the list can be asked where the page
 * would be (vma_address) and mremap needs no per-page work.
 *
 * The cost that matters is the walk: it visits every vma of the fork
 * family, though each child has long since COWed its own copy (1000
 * children of a server make every walk probe 1000 page tables), all under
 * the one anon_vma lock. Where on the list a vma goes decides how far a
 * walk that stops at the page's mapcount gets: the era switches below.
 */
#include <stdlib.h>

#include "common/lib/slab.h"
#include "common/lock.h"
#include "common/mm.h"
#include "common/rmap.h"

struct anon_vma {
	spinlock_t lock;	/* walks and list updates */
	struct list_head head;	/* vmas, through vma->anon_vma_node */
};

_Static_assert(sizeof(struct anon_vma) == 24, "anon_vma is 24 bytes");

static struct kmem_cache *anon_vma_cachep;

extern const struct rmap_scheme anon_vma_scheme;

enum { SW_ORDER, SW_ADJUST, SW_RSS };

static const struct rmap_switch av_switches[] = {
	[SW_ORDER] = { "order", "where a vma joins its anon_vma's list",
		(const char *const[]){ "head", "tail", NULL },
		(const char *const[]){
			"2.6.7-2.6.17: anon_vma_prepare, __anon_vma_link "
			"(fork, split, vma_adjust's importer) and "
			"anon_vma_link add at the head: walks run newest first",
			"2.6.18-2.6.33: all three add at the tail: walks run "
			"oldest first, in fork order" },
		"Hugh Dickins, \"swapless page migration: fix swapops.h:97 "
		"BUG\" (2006-05-24, against 2.6.17-rc4-mm3), folded into "
		"0697212a411 \"Swapless page migration: add R/W migration "
		"entries\" (in 2.6.18-rc1, not in 2.6.17)" },
	[SW_ADJUST] = { "adjust", "when vma_adjust takes the anon_vma lock",
		(const char *const[]){ "2.6.7", "2.6.32", NULL },
		(const char *const[]){
			"2.6.7-2.6.31: whenever vma has an anon_vma, or next "
			"has one in the cases that move pages between them "
			"(\"is that case worth optimizing out?\")",
			"2.6.32-2.6.33: vma's only for an insert, an importer "
			"or a moved start (so not for brk or mremap growing "
			"the end); next's as before" },
		"252c5f94d94 \"mmap: avoid unnecessary anon_vma lock "
		"acquisition in vma_adjust()\" (2.6.32)" },
	[SW_RSS] = RMAP_SWITCH_RSS("2.6.33"),
};

/* the switches' values, read at init */
static bool list_tail, adjust_2_6_32, rss_tested;

static int av_init(void)
{
	anon_vma_cachep = kmem_cache_create("anon_vma", sizeof(struct anon_vma),
					    8, SLAB_RMAP);
	list_tail = rmap_scheme_switch(&anon_vma_scheme, SW_ORDER);
	adjust_2_6_32 = rmap_scheme_switch(&anon_vma_scheme, SW_ADJUST);
	rss_tested = !rmap_scheme_switch(&anon_vma_scheme, SW_RSS);
	return 0;
}

static void av_exit(void)
{
	kmem_cache_destroy(anon_vma_cachep);
	anon_vma_cachep = NULL;
}

static struct anon_vma *anon_vma_alloc(void)
{
	struct anon_vma *anon_vma = kmem_cache_alloc(anon_vma_cachep);

	anon_vma->lock.locked = 0;
	INIT_LIST_HEAD(&anon_vma->head);
	return anon_vma;
}

/*
 * Every insertion onto the list, in the era's order: anon_vma_prepare,
 * __anon_vma_link and anon_vma_link each did the same list_add, and 2.6.18
 * changed all three to list_add_tail (the order switch). vma_adjust's
 * importer of a merge (remove_next) differs only in 2.6.7-2.6.10, where
 * __anon_vma_merge put it at the removed vma's place: the model links it
 * as __anon_vma_link did from 2.6.11 (a departure, docs/generations.md).
 */
static void __anon_vma_link(struct vm_area_struct *vma,
			    struct anon_vma *anon_vma)
{
	vma->anon_vma = anon_vma;
	if (list_tail)
		list_add_tail(&vma->anon_vma_node, &anon_vma->head);
	else
		list_add(&vma->anon_vma_node, &anon_vma->head);
}

/* vma takes anon_vma's pages: onto its list, under its lock */
static void anon_vma_link(struct vm_area_struct *vma,
			  struct anon_vma *anon_vma)
{
	spin_lock(LOCK_ANON, &anon_vma->lock);
	__anon_vma_link(vma, anon_vma);
	spin_unlock(LOCK_ANON, &anon_vma->lock);
}

static bool mergeable_neighbour(const struct vm_area_struct *near,
				const struct vm_area_struct *vma)
{
	unsigned long rwx = VM_READ | VM_WRITE | VM_EXEC;

	return near->anon_vma && near->vm_file == vma->vm_file &&
	       (near->vm_flags & ~rwx) == (vma->vm_flags & ~rwx);
}

/*
 * find_mergeable_anon_vma() ("rmap 40"): share the anon_vma of a neighbour
 * that mprotect could later merge with, whatever the protections, so a run
 * of mprotects and faults does not leave vmas that can never merge again.
 */
static struct anon_vma *find_mergeable_anon_vma(struct vm_area_struct *vma)
{
	struct vm_area_struct *near = vma->vm_next;

	if (near && vma->vm_end == near->vm_start &&
	    mergeable_neighbour(near, vma) &&
	    near->vm_pgoff == vma->vm_pgoff + vma_pages(vma))
		return near->anon_vma;
	near = vma->vm_prev;
	if (near && near->vm_end == vma->vm_start &&
	    mergeable_neighbour(near, vma) &&
	    near->vm_pgoff + vma_pages(near) == vma->vm_pgoff)
		return near->anon_vma;
	return NULL;
}

/*
 * The first anonymous fault in vma: share or allocate, then link under
 * the mm's page_table_lock (prepare_ptl_lock). Sharing takes the
 * neighbour's anon_vma lock too, from 2.6.8 ("anon_vma list locking
 * bug"); 2.6.7 took only the page_table_lock (a departure of the 2.6.7
 * form). Nobody else can see a fresh anon_vma: no lock of its own.
 */
static int av_prepare(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct anon_vma *anon_vma, *locked;

	if (vma->anon_vma)
		return 0;
	anon_vma = locked = find_mergeable_anon_vma(vma);
	if (!locked)
		anon_vma = anon_vma_alloc();
	prepare_ptl_lock(mm, true);
	if (locked)
		spin_lock(LOCK_ANON, &locked->lock);
	prepare_ptl_lock(mm, false);
	__anon_vma_link(vma, anon_vma);
	prepare_ptl_unlock(mm, false);
	if (locked)
		spin_unlock(LOCK_ANON, &locked->lock);
	prepare_ptl_unlock(mm, true);
	return 0;
}

/* dup_mmap: the child's copy joins the parent's list */
static void av_vma_fork(struct vm_area_struct *child,
			struct vm_area_struct *parent)
{
	if (parent->anon_vma)
		anon_vma_link(child, parent->anon_vma);
}

/*
 * dst joins src's list: mremap's copy under anon_vma_link's lock; the new
 * half of a split and vma_adjust's importer, which the kernel linked under
 * vma_adjust's anon_vma lock (__insert_vm_struct's __anon_vma_link), take
 * none: the model clones them just before vma_adjust takes it.
 */
static void av_vma_clone(struct vm_area_struct *dst,
			 struct vm_area_struct *src, enum clone_reason why)
{
	if (!src->anon_vma)
		return;
	if (why == CLONE_COPY)
		anon_vma_link(dst, src->anon_vma);
	else
		__anon_vma_link(dst, src->anon_vma);
}

/*
 * anon_vma_unlink(): the last vma to leave frees the anon_vma. The vma a
 * merge removes takes no lock here: the kernel's __anon_vma_merge ran
 * under vma_adjust's anon_vma lock, while the model unlinks it just after
 * vma_adjust drops that lock (common/mmap.c, a documented departure).
 */
static void av_vma_unlink(struct vm_area_struct *vma, bool merge)
{
	struct anon_vma *anon_vma = vma->anon_vma;

	bool empty;

	if (!anon_vma)
		return;
	if (!merge)
		spin_lock(LOCK_ANON, &anon_vma->lock);
	list_del(&vma->anon_vma_node);
	empty = list_empty(&anon_vma->head);
	if (!merge)
		spin_unlock(LOCK_ANON, &anon_vma->lock);
	if (empty)
		kmem_cache_free(anon_vma_cachep, anon_vma);
}

/*
 * vma_adjust takes the anon_vma lock when next has one in the cases that
 * move pages between them (an importer), and when vma has one: always
 * (2.6.7-2.6.31: "is that case worth optimizing out?"), or only for an
 * insert, an importer or a moved start (2.6.32: 252c5f94d94).
 */
static union era_lock *av_lockp(void *anon_vma)
{
	return (union era_lock *)&((struct anon_vma *)anon_vma)->lock;
}

static union era_lock *av_adjust_anon_lock(const struct vma_adjust_info *ai)
{
	bool vma_touched = !adjust_2_6_32 || ai->insert || ai->importer ||
			   ai->start_changed;

	if (ai->vma->anon_vma && vma_touched)
		return av_lockp(ai->vma->anon_vma);
	if (ai->importer && ai->next->anon_vma)
		return av_lockp(ai->next->anon_vma);
	return NULL;
}

/* anon_vma_lock(): the vma's anon_vma's own lock */
static union era_lock *av_anon_vma_lockp(struct vm_area_struct *vma)
{
	return av_lockp(vma->anon_vma);
}

/*
 * page_add_anon_rmap(): the first mapping gives the page its anon_vma and
 * linear index; every later one (fork, swap-in) is at that same index in a
 * vma on that same list, which validate() checks.
 */
static void av_page_add(struct page *page, struct vm_area_struct *vma,
			unsigned long addr, pte_t *ptep, bool exclusive)
{
	(void)ptep;
	(void)exclusive;
	if (page_mapcount(page) == 1)
		page_set_anon(page, vma->anon_vma,
			      linear_page_index(vma, addr));
}

/*
 * page_referenced_anon, try_to_unmap_anon: every vma on the list is a node;
 * one whose mm has no rss is passed over until 2.6.13, and one the page's
 * index falls outside costs nothing more (vma_address's -EFAULT).
 */
static void av_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct anon_vma *anon_vma = page_anon_object(page);
	struct vm_area_struct *vma;
	unsigned long addr;

	spin_lock(LOCK_ANON, &anon_vma->lock);
	list_for_each_entry(vma, &anon_vma->head, anon_vma_node) {
		rmap_stats.nodes++;
		if (rss_tested && !get_mm_rss(vma->vm_mm))
			continue;
		addr = vma_address(page, vma);
		if (addr != -1UL && rmap_candidate(page, vma, addr, rwc))
			break;
	}
	spin_unlock(LOCK_ANON, &anon_vma->lock);
}

/* --- validate ------------------------------------------------------- */

/*
 * Does vma sit on its anon_vma's list? The list is a ring through the
 * anon_vma's head, so going round from the vma must reach it.
 */
static bool on_list(const struct vm_area_struct *vma)
{
	const struct anon_vma *anon_vma = vma->anon_vma;
	const struct list_head *p = &vma->anon_vma_node;
	unsigned long guard = 0;

	do {
		if (!p->next || p->next->prev != p ||
		    ++guard > rmap_stats.vmas + 1)
			return false;
		p = p->next;
	} while (p != &anon_vma->head);
	return true;
}

/*
 * Every vma with anon state points at a live anon_vma whose list holds it
 * and only vmas pointing back; every live anon_vma holds exactly the vmas
 * pointing at it (an empty one would have been freed). @users counts, per
 * live anon_vma, the vmas pointing at it.
 */
static int check_lists(const struct slab_live *live, long *users)
{
	struct vm_area_struct *vma, *m;
	struct mm_struct *mm;
	unsigned long i;
	long k;

	for_each_mm_vma(mm, vma) {
		if (!vma->anon_vma)
			continue;
		k = slab_live_index(live, vma->anon_vma);
		if (k < 0)
			return rmap_invalid("anon_vma", vma, "dead anon_vma");
		if (!on_list(vma))
			return rmap_invalid("anon_vma", vma,
					    "not on its anon_vma's list");
		users[k]++;
	}
	for (i = 0; i < live->n; i++) {
		struct anon_vma *anon_vma = live->obj[i];
		long n = 0;

		list_for_each_entry(m, &anon_vma->head, anon_vma_node) {
			if (m->anon_vma != anon_vma)
				return rmap_invalid("anon_vma", m, "on the "
						    "list of another anon_vma");
			n++;
		}
		if (!n || n != users[i])
			return rmap_invalid("anon_vma", NULL, "an anon_vma "
					    "lists %ld vmas, %ld point at it",
					    n, users[i]);
	}
	return 0;
}

/* Every mapped anonymous page points at a live anon_vma that can find it. */
static int check_pages(const struct slab_live *live)
{
	struct vm_area_struct *vma;
	unsigned long pfn;

	for (pfn = 1; pfn < max_mapnr; pfn++) {
		struct page *page = pfn_to_page(pfn);
		struct anon_vma *anon_vma = page_anon_object(page);
		bool found = false;

		if (!PageAnon(page) || !page_mapped(page))
			continue;
		if (slab_live_index(live, anon_vma) < 0)
			return rmap_invalid("anon_vma", NULL, "pfn %lu points "
					    "at a dead anon_vma", pfn);
		list_for_each_entry(vma, &anon_vma->head, anon_vma_node)
			found |= vma_address(page, vma) != -1UL;
		if (!found)
			return rmap_invalid("anon_vma", NULL, "pfn %lu index "
					    "%#lx is in no vma of its anon_vma",
					    pfn, page->index);
	}
	return 0;
}

static int av_validate(void)
{
	struct slab_live live;
	long *users;
	int ret;

	if (slab_live_snapshot(anon_vma_cachep, &live))
		return rmap_invalid("anon_vma", NULL, "the anon_vma cache's "
				    "counts are corrupt");
	users = calloc(live.n + 1, sizeof(*users));
	ret = users ? check_lists(&live, users) : -1;
	if (!ret)
		ret = check_pages(&live);
	free(users);
	slab_live_release(&live);
	return ret;
}

/* The vma's side: the one anon_vma it points at. */
static void av_vma_anon_objects(struct vm_area_struct *vma,
				void (*fn)(const void *obj,
					   struct vm_area_struct *vma,
					   void *arg),
				void *arg)
{
	if (vma->anon_vma)
		fn(vma->anon_vma, vma, arg);
}

const struct rmap_scheme anon_vma_scheme = {
	.name = "anon_vma",
	.desc = "2.6.7-2.6.33: one anon_vma list per region and fork family",
	.sides = RMAP_SIDE_ANON,
	.walk_shape = WALK_LIST,
	.flags = RMAP_USES_ANON_VMA,
	/* anon_vma_node and the anon_vma pointer */
	.vma_bytes = 24,
	.switches = av_switches,
	.nswitches = ARRAY_SIZE(av_switches),
	.init = av_init,
	.exit = av_exit,
	.anon_vma_prepare = av_prepare,
	.vma_fork = av_vma_fork,
	.vma_clone = av_vma_clone,
	.vma_unlink = av_vma_unlink,
	.adjust_anon_lock = av_adjust_anon_lock,
	.anon_vma_lockp = av_anon_vma_lockp,
	.page_add_anon = av_page_add,
	.walk = av_walk,
	.vma_anon_objects = av_vma_anon_objects,
	.validate = av_validate,
};
