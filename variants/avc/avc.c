/*
 * The anon_vma_chain core shared by avc, avc_itree, avc_degree and
 * avc_reuse (mm/rmap.c of 2.6.34 to 6.x): anon_vma_prepare,
 * anon_vma_clone, anon_vma_fork, unlink_anon_vmas, the page hooks, and the
 * invariant check, each in the form of the era the scheme's switch names
 * (struct avc_era). What the costs are: one avc per (vma, ancestor
 * anon_vma) pair, allocated and linked at every fork, split and mremap of
 * a vma with anonymous pages, each link under the anon_vma (root) lock.
 */
#include <stdlib.h>

#include "common/lib/slab.h"
#include "common/mm.h"
#include "variants/avc/avc.h"

const struct avc_flavour *avc_flavour;
const struct avc_era *avc_era;
static struct kmem_cache *anon_vma_cachep, *avc_cachep;

/*
 * The anon_vma cache has a constructor and is SLAB_DESTROY_BY_RCU
 * (SLAB_TYPESAFE_BY_RCU), so SLUB keeps its free pointer outside the
 * object; the avc cache (KMEM_CACHE) overwrites the object's first word.
 */
int avc_init(const struct avc_flavour *f, const struct avc_era *era)
{
	avc_flavour = f;
	avc_era = era;
	lock_class_kind[LOCK_ANON] = era->lock_kind;
	anon_vma_cachep = kmem_cache_create("anon_vma", era->anon_vma_size,
					    8, SLAB_RMAP |
					    SLAB_FREEPTR_OUTSIDE);
	avc_cachep = kmem_cache_create("anon_vma_chain", f->avc_size, 8,
				       SLAB_RMAP);
	return 0;
}

void avc_exit(void)
{
	kmem_cache_destroy(anon_vma_cachep);
	kmem_cache_destroy(avc_cachep);
	anon_vma_cachep = avc_cachep = NULL;
}

/*
 * The reuse counters: a vma taking or dropping av as its anon_vma, and a
 * child anon_vma (or a new root, its own child) coming or going. 3.19's
 * degree counts both; 6.0 keeps them apart; before 3.19 there are none.
 */
static void count_active(struct anon_vma *av, long delta)
{
	if (avc_era->reuse == REUSE_DEGREE)
		reuse_of(av)->degree += delta;
	else if (avc_era->reuse == REUSE_IDLE)
		reuse_of(av)->num_active_vmas += delta;
}

static void count_child(struct anon_vma *parent, long delta)
{
	if (avc_era->reuse == REUSE_DEGREE)
		reuse_of(parent)->degree += delta;
	else if (avc_era->reuse == REUSE_IDLE)
		reuse_of(parent)->num_children += delta;
}

static struct anon_vma *anon_vma_alloc(void)
{
	struct anon_vma *av = kmem_cache_zalloc(anon_vma_cachep);

	av->root = av;
	av->refcount = 1;
	if (avc_era->reuse != REUSE_NONE)
		reuse_of(av)->parent = av;
	avc_flavour->anon_vma_init(av);
	return av;
}

/*
 * The last reference frees the anon_vma, then unpins its root. 2.6.36's
 * drop_anon_vma() dropped a pin with atomic_dec_and_lock() on the root's
 * lock, so the last pin took it; 2.6.39's put_anon_vma() takes none
 * (9e60109f125, 01d8b20dec5).
 */
static void put_anon_vma(struct anon_vma *av)
{
	struct anon_vma *root = av->root;

	if (--av->refcount)
		return;
	kmem_cache_free(anon_vma_cachep, av);
	if (root == av)
		return;
	/*
	 * atomic_dec_and_lock's hold covered the root's refcount and list
	 * test; the model tests first and drops the pin just after
	 */
	if (avc_era->drop_lock &&
	    root->refcount == 1 + !avc_flavour->empty(root)) {
		anon_vma_lock_write(root);
		anon_vma_unlock_write(root);
	}
	put_anon_vma(root);
}

/*
 * Every change to an anon_vma's avcs holds its lock: its own (2.6.34), its
 * root's (2.6.36), taken for each avc; from 3.0 lock_anon_vma_root() keeps
 * it across a whole chain, whose anon_vmas all share one root.
 */
static void unlock_root(struct anon_vma **held)
{
	if (*held)
		anon_vma_unlock_write(*held);
	*held = NULL;
}

static void lock_root(struct anon_vma **held, struct anon_vma *av)
{
	if (avc_era->batch_lock && *held == av->root)
		return;
	unlock_root(held);
	*held = av->root;
	anon_vma_lock_write(av);
}

static void anon_vma_chain_link(struct vm_area_struct *vma,
				struct anon_vma_chain *avc,
				struct anon_vma *av, bool head)
{
	avc->vma = vma;
	avc->anon_vma = av;
	list_add(&avc->same_vma, &vma->anon_vma_node);
	avc_flavour->insert(avc, head);
}

/* Could a and b (a just below b) be one vma, bar their protections? */
static bool anon_vma_compatible(const struct vm_area_struct *a,
				const struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_file == b->vm_file &&
	       !((a->vm_flags ^ b->vm_flags) &
		 ~(VM_READ | VM_WRITE | VM_EXEC)) &&
	       b->vm_pgoff == a->vm_pgoff + vma_pages(a);
}

/*
 * A neighbour's anon_vma is shared only while its chain is that one entry
 * (d0e9fe1758f2, 2.6.34): vmas sharing an anon_vma then share the chain.
 */
static struct anon_vma *reusable_anon_vma(struct vm_area_struct *old,
					  struct vm_area_struct *a,
					  struct vm_area_struct *b)
{
	if (anon_vma_compatible(a, b) && old->anon_vma &&
	    list_is_singular(&old->anon_vma_node))
		return old->anon_vma;
	return NULL;
}

static struct anon_vma *find_mergeable_anon_vma(struct vm_area_struct *vma)
{
	struct anon_vma *av = NULL;

	if (vma->vm_next)
		av = reusable_anon_vma(vma->vm_next, vma, vma->vm_next);
	if (!av && vma->vm_prev)
		av = reusable_anon_vma(vma->vm_prev, vma->vm_prev, vma);
	return av;
}

/* First anonymous write fault: a neighbour's anon_vma, or a new root. */
int avc_anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma *av, *held = NULL;
	struct anon_vma_chain *avc;

	if (vma->anon_vma)
		return 0;
	avc = kmem_cache_alloc(avc_cachep);
	av = find_mergeable_anon_vma(vma);
	if (!av) {
		av = anon_vma_alloc();
		count_child(av, 1);	/* a new root is its own parent */
	}
	prepare_ptl_lock(vma->vm_mm, true);
	lock_root(&held, av);
	prepare_ptl_lock(vma->vm_mm, false);
	vma->anon_vma = av;
	anon_vma_chain_link(vma, avc, av, avc_era->prepare_at_head);
	count_active(av, 1);
	prepare_ptl_unlock(vma->vm_mm, false);
	unlock_root(&held);
	prepare_ptl_unlock(vma->vm_mm, true);
	return 0;
}

/*
 * May fork's dst adopt av, one of src's anon_vmas, rather than get a new
 * one? 3.19: if its degree is below 2 ("no vma and only one anon_vma
 * child"), src's own excepted; 6.0: if no vma uses it and it has at most
 * one child. Only in fork: dst has no anon_vma yet, src has one.
 */
static bool reusable(struct anon_vma *av, struct vm_area_struct *dst,
		     struct vm_area_struct *src)
{
	if (dst->anon_vma || !src->anon_vma)
		return false;
	if (avc_era->reuse == REUSE_DEGREE)
		return av != src->anon_vma && reuse_of(av)->degree < 2;
	return avc_era->reuse == REUSE_IDLE &&
	       reuse_of(av)->num_children < 2 &&
	       !reuse_of(av)->num_active_vmas;
}

/* dst joins every anon_vma on src's chain, oldest first: the order is kept. */
static void anon_vma_clone(struct vm_area_struct *dst,
			   struct vm_area_struct *src)
{
	struct anon_vma *held = NULL;
	struct anon_vma_chain *pavc;

	list_for_each_entry_reverse(pavc, &src->anon_vma_node, same_vma) {
		struct anon_vma *av = pavc->anon_vma;

		lock_root(&held, av);
		anon_vma_chain_link(dst, kmem_cache_alloc(avc_cachep), av,
				    false);
		if (reusable(av, dst, src))
			dst->anon_vma = av;
	}
	unlock_root(&held);
	if (dst->anon_vma)
		count_active(dst->anon_vma, 1);
}

/*
 * split, mremap's copy, and vma_adjust's importer: an identical chain,
 * under the root's lock of its own in each case (before vma_adjust).
 */
void avc_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src,
		   enum clone_reason why)
{
	(void)why;
	dst->anon_vma = src->anon_vma;
	anon_vma_clone(dst, src);
}

/*
 * anon_vma_fork(): the child sees every page the parent could, and gets an
 * anon_vma of its own for the pages it will COW, pinning the family root
 * (2.6.36+; 2.6.34's new anon_vma is a root of its own).
 */
void avc_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma)
{
	struct anon_vma *av, *held = NULL;

	if (!pvma->anon_vma)
		return;
	vma->anon_vma = NULL;
	anon_vma_clone(vma, pvma);
	if (vma->anon_vma)
		return;		/* reused an idle one */
	av = anon_vma_alloc();
	count_active(av, 1);
	if (avc_era->root) {
		av->root = ((struct anon_vma *)pvma->anon_vma)->root;
		av->root->refcount++;
	}
	if (avc_era->reuse != REUSE_NONE)
		reuse_of(av)->parent = pvma->anon_vma;
	vma->anon_vma = av;
	lock_root(&held, av);
	anon_vma_chain_link(vma, kmem_cache_alloc(avc_cachep), av, false);
	count_child(pvma->anon_vma, 1);
	unlock_root(&held);
}

/*
 * unlink_anon_vmas(): munmap, exit and the vma a merge removes
 * (anon_vma_merge, after vma_adjust's locks: the same locking). Newest
 * first, so a child anon_vma goes before the root it pins. As 3.0's
 * two passes: under the root's lock each avc leaves its anon_vma, and
 * only the avc of an anon_vma left empty stays on the vma's list; with
 * the lock dropped those anon_vmas are freed (2.6.34-2.6.39's
 * anon_vma_unlink freed its one after anon_vma_unlock too) and no longer
 * count as their parent's child.
 */
void avc_vma_unlink(struct vm_area_struct *vma, bool merge)
{
	(void)merge;
	struct anon_vma_chain *avc, *next;
	struct anon_vma *held = NULL;

	if (vma->anon_vma)
		count_active(vma->anon_vma, -1);
	list_for_each_entry_safe(avc, next, &vma->anon_vma_node, same_vma) {
		lock_root(&held, avc->anon_vma);
		avc_flavour->remove(avc);
		if (avc_flavour->empty(avc->anon_vma))
			continue;
		list_del(&avc->same_vma);
		kmem_cache_free(avc_cachep, avc);
	}
	unlock_root(&held);
	list_for_each_entry_safe(avc, next, &vma->anon_vma_node, same_vma) {
		struct anon_vma *av = avc->anon_vma;

		if (avc_era->reuse != REUSE_NONE)
			count_child(reuse_of(av)->parent, -1);
		put_anon_vma(av);
		list_del(&avc->same_vma);
		kmem_cache_free(avc_cachep, avc);
	}
	vma->anon_vma = NULL;
}

/*
 * The oldest anon_vma of the vma's family: its root (2.6.36+), or the
 * last entry of its chain, "the deepest ancestor" (2.6.34-2.6.35).
 */
static struct anon_vma *oldest_anon_vma(struct vm_area_struct *vma)
{
	if (avc_era->root)
		return ((struct anon_vma *)vma->anon_vma)->root;
	return list_last_entry(&vma->anon_vma_node, struct anon_vma_chain,
			       same_vma)->anon_vma;
}

/*
 * __page_set_anon_rmap(): a page exclusive to this vma (a fresh one, or an
 * exclusive swap-in from 2.6.36) belongs to its own anon_vma; one that
 * relatives may map takes the oldest. From 2.6.36 a page that is still
 * anonymous (a swap cache hit) keeps its anon_vma; 2.6.34-2.6.35 set it
 * again at every first mapping (page_add_anon_rmap's "first").
 */
void avc_page_add_anon(struct page *page, struct vm_area_struct *vma,
		       unsigned long addr, pte_t *ptep, bool exclusive)
{
	bool set = avc_era->first_map_resets ? page_mapcount(page) == 1 :
					       !PageAnon(page);

	(void)ptep;
	if (set)
		page_set_anon(page, exclusive ? vma->anon_vma :
						oldest_anon_vma(vma),
			      linear_page_index(vma, addr));
}

/*
 * page_move_anon_rmap(): a COW fault reusing an exclusive page moves it to
 * the vma's own anon_vma, so walks skip the parent and the siblings.
 */
void avc_page_reuse(struct page *page, struct vm_area_struct *vma,
		    unsigned long addr)
{
	(void)addr;
	page_set_anon(page, vma->anon_vma, page->index);
}

/* --- validate ------------------------------------------------------- */

/* What the chains and vmas say about one live anon_vma. */
struct av_info {
	long avcs;		/* chain entries pointing at it */
	long pins;		/* non-root anon_vmas with it as root */
	long active;		/* vmas with it as vma->anon_vma */
	long children;		/* non-empty ones with it as parent */
	struct vm_area_struct *owner;	/* a vma with it as its anon_vma */
	struct anon_vma *oldest;	/* last entry of the chains through it */
};

struct av_check {
	struct slab_live live;
	struct av_info *info;	/* by slab_live_index() */
};

static struct av_info *info_of(struct av_check *c, struct anon_vma *av)
{
	long k = slab_live_index(&c->live, av);

	return k < 0 ? NULL : &c->info[k];
}

/*
 * Where a page that relatives may map goes must be on all their chains:
 * 2.6.36+ every anon_vma of a chain has the chain's last entry as its root;
 * 2.6.34-2.6.35 (no root) every chain through an anon_vma ends at the same
 * oldest one.
 */
static int check_oldest(struct anon_vma *av, struct av_info *i,
			struct anon_vma *last)
{
	if (avc_era->root)
		return av->root == last && last->root == last ? 0 : -1;
	if (i->oldest && i->oldest != last)
		return -1;
	i->oldest = last;
	return 0;
}

/* One vma's chain: live anon_vmas, its own on it, one oldest, last. */
static int check_chain(struct av_check *c, struct vm_area_struct *vma)
{
	struct anon_vma *own = vma->anon_vma, *last;
	struct anon_vma_chain *avc;
	struct av_info *i;
	bool has_own = false;

	if ((own == NULL) != list_empty(&vma->anon_vma_node))
		return rmap_invalid("avc", vma, "anon_vma and chain disagree");
	if (!own)
		return 0;
	last = list_last_entry(&vma->anon_vma_node, struct anon_vma_chain,
			       same_vma)->anon_vma;
	list_for_each_entry(avc, &vma->anon_vma_node, same_vma) {
		i = info_of(c, avc->anon_vma);
		if (avc->vma != vma || !i)
			return rmap_invalid("avc", vma, "avc of another vma, or "
					    "of a dead anon_vma");
		if (check_oldest(avc->anon_vma, i, last))
			return rmap_invalid("avc", vma, "the chain's anon_vmas "
					    "do not share its last entry as "
					    "their oldest");
		has_own |= avc->anon_vma == own;
		i->avcs++;
	}
	if (!has_own)
		return rmap_invalid("avc", vma, "chain lacks the vma's own "
				    "anon_vma");
	return 0;
}

/* Vmas sharing an anon_vma have the same chain, entry by entry. */
static bool same_chain(const struct vm_area_struct *a,
		       const struct vm_area_struct *b)
{
	const struct list_head *p = a->anon_vma_node.next;
	const struct list_head *q = b->anon_vma_node.next;

	for (; p != &a->anon_vma_node && q != &b->anon_vma_node;
	     p = p->next, q = q->next)
		if (list_entry(p, struct anon_vma_chain, same_vma)->anon_vma !=
		    list_entry(q, struct anon_vma_chain, same_vma)->anon_vma)
			return false;
	return p == &a->anon_vma_node && q == &b->anon_vma_node;
}

/*
 * Chains, users and the family links of every live anon_vma. Vmas sharing
 * an anon_vma share the chain (prepare takes only a singular neighbour's,
 * split and mremap copy it) except under 3.19's degree: reusing an
 * anon_vma of degree 1 that a vma still used gave two vmas one anon_vma
 * with different chains, the ambiguity 2555283eb40d fixed.
 */
static int tally(struct av_check *c)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	struct av_info *i;
	unsigned long k, avcs = 0;

	for_each_mm_vma(mm, vma) {
		if (check_chain(c, vma))
			return -1;
		if (!vma->anon_vma)
			continue;
		i = info_of(c, vma->anon_vma);
		i->active++;
		if (i->owner && avc_era->reuse != REUSE_DEGREE &&
		    !same_chain(i->owner, vma))
			return rmap_invalid("avc", vma, "vmas sharing an "
					    "anon_vma have different chains");
		i->owner = vma;
	}
	for (k = 0; k < c->live.n; k++) {
		struct anon_vma *av = c->live.obj[k];

		avcs += c->info[k].avcs;
		i = info_of(c, av->root);
		if (!i)
			return rmap_invalid("avc", NULL, "an anon_vma's root "
					    "is dead");
		if (av->root != av)
			i->pins++;
		if (avc_era->reuse == REUSE_NONE || avc_flavour->empty(av))
			continue;
		i = info_of(c, reuse_of(av)->parent);
		if (!i)
			return rmap_invalid("avc", NULL, "a parent anon_vma is "
					    "dead");
		i->children++;
	}
	if (avcs != kmem_cache_live(avc_cachep))
		return rmap_invalid("avc", NULL, "%lu avcs live, %lu on chains",
				    kmem_cache_live(avc_cachep), avcs);
	return 0;
}

/* The reuse counters of the era against the recount from scratch. */
static bool reuse_counts_hold(struct anon_vma *av, const struct av_info *i)
{
	struct anon_vma_reuse *r = reuse_of(av);

	switch (avc_era->reuse) {
	case REUSE_DEGREE:
		return r->degree == (unsigned long)(i->active + i->children);
	case REUSE_IDLE:
		return r->num_active_vmas == (unsigned long)i->active &&
		       r->num_children == (unsigned long)i->children;
	case REUSE_NONE:
		break;
	}
	return true;
}

/* What each anon_vma holds and counts against the recount from scratch. */
static int check_anon_vma(struct anon_vma *av, const struct av_info *i)
{
	if (avc_flavour->count(av) != i->avcs)
		return rmap_invalid("avc", NULL, "an anon_vma's avcs and the "
				    "chains disagree");
	if (av->refcount != (i->avcs ? 1 : 0) + i->pins)
		return rmap_invalid("avc", NULL, "refcount is not in-use + "
				    "pins");
	if (!i->avcs && !i->pins)
		return rmap_invalid("avc", NULL, "an unused anon_vma lives");
	if (!reuse_counts_hold(av, i))
		return rmap_invalid("avc", NULL, "degree, num_active_vmas or "
				    "num_children differs from a recount");
	return 0;
}

/*
 * vma_adjust's anon_vma lock. 2.6.34-2.6.35: none; 2.6.36-2.6.39: when
 * the vma has one and is split, gains pages or moves its start (an
 * end-only growth takes none); 3.0-3.6: a split no longer (Shaohua Li,
 * 2011, absent from 2.6.39.3 and present in 3.0.1); 3.7+: whenever it, or
 * a next whose start moves, has one (for the interval trees' pre/post
 * updates).
 */
static bool adjust_locks(const struct vma_adjust_info *ai)
{
	bool moves = ai->importer || ai->start_changed;

	switch (avc_era->adjust_lock) {
	case ADJUST_TREES:
		return ai->vma->anon_vma ||
		       (ai->adjust_next && ai->next->anon_vma);
	case ADJUST_INSERT:
		return ai->vma->anon_vma && (ai->insert || moves);
	case ADJUST_IMPORT:
		return ai->vma->anon_vma && moves;
	case ADJUST_NONE:
		break;
	}
	return false;
}

/* vma's anon_vma, or (3.7+) next's when vma has none: its root's lock */
union era_lock *avc_adjust_anon_lock(const struct vma_adjust_info *ai)
{
	struct vm_area_struct *v = ai->vma->anon_vma ? ai->vma : ai->next;

	return adjust_locks(ai) ? avc_anon_vma_lockp(v) : NULL;
}

union era_lock *avc_anon_vma_lockp(struct vm_area_struct *vma)
{
	return &((struct anon_vma *)vma->anon_vma)->root->lock;
}

/* Was the vma forked, so that its anon_vma is not its whole chain? */
static bool fork_child(const struct vm_area_struct *vma)
{
	return vma && vma->anon_vma && !list_is_singular(&vma->anon_vma_node);
}

/*
 * is_mergeable_anon_vma(): may a range whose anon_vma is anon_vma1 (from
 * src: mprotect's vma, or, copied, mremap's source) join vma, whose
 * anon_vma is anon_vma2? Prev and next joined (vma NULL) need one NULL or
 * both equal in every era. 2.6.34-2.6.39: the same for one neighbour.
 * 3.0 (965f55dea0e3): a NULL side only if the neighbour's chain is
 * singular, which vetoes every faulted range into an unfaulted neighbour.
 * 6.16 (879bca0a2c4f): the faulted side must not be a fork child, the
 * neighbour if it is the faulted one, else the range's vma; copy_vma
 * passed none, so a forked mremap source merged, until 6.19 checked it
 * (61f67c230a5e, 3b617fd3d317: vma_is_fork_child(copied_from)).
 */
bool avc_anon_vma_mergeable(void *anon_vma1, void *anon_vma2,
			    struct vm_area_struct *vma,
			    struct vm_area_struct *src, bool copied)
{
	if (!vma || avc_era->merge == MERGE_ANY)
		return !anon_vma1 || !anon_vma2 || anon_vma1 == anon_vma2;
	if (avc_era->merge == MERGE_SINGULAR)
		return ((!anon_vma1 || !anon_vma2) &&
			list_is_singular(&vma->anon_vma_node)) ||
		       anon_vma1 == anon_vma2;
	if (copied && avc_era->merge == MERGE_SOURCE)
		src = NULL;
	if (anon_vma1 && !anon_vma2)
		return !fork_child(src);
	if (!anon_vma1 && anon_vma2)
		return !fork_child(vma);
	return anon_vma1 == anon_vma2;
}

/*
 * vma_link(): 2.6.34-2.6.35 took the anon_vma lock of a vma that has one,
 * which a linked vma has only as mremap's copy; 2.6.36 dropped it. Its
 * region, __vma_link, is the model's before this hook and the file
 * scheme's after it: empty here.
 */
void avc_vma_link(struct vm_area_struct *vma)
{
	if (!avc_era->link_lock || !vma->anon_vma)
		return;
	anon_vma_lock_write(vma->anon_vma);
	anon_vma_unlock_write(vma->anon_vma);
}

/*
 * anon_vma_moveto_tail() (3.3-3.6, 948f017b093a): mremap's copy merged
 * into an existing vma; its avcs go to the tail of their anon_vmas' lists,
 * oldest first, under one hold of the root's lock, so that a walk meets
 * the source before the destination. 3.7's interval trees removed it.
 */
void avc_anon_vma_moveto_tail(struct vm_area_struct *vma)
{
	struct anon_vma *held = NULL;
	struct anon_vma_chain *avc;

	if (!avc_era->moveto_tail)
		return;
	list_for_each_entry_reverse(avc, &vma->anon_vma_node, same_vma) {
		lock_root(&held, avc->anon_vma);
		avc_flavour->remove(avc);
		avc_flavour->insert(avc, false);
	}
	unlock_root(&held);
}

/* The vma's side: an avc per anon_vma on its same_vma list. */
void avc_vma_anon_objects(struct vm_area_struct *vma,
			  void (*fn)(const void *obj,
				     struct vm_area_struct *vma, void *arg),
			  void *arg)
{
	struct anon_vma_chain *avc;

	list_for_each_entry(avc, &vma->anon_vma_node, same_vma)
		fn(avc->anon_vma, vma, arg);
}

int avc_validate(void)
{
	struct av_check c;
	unsigned long k;
	int ret;

	if (slab_live_snapshot(anon_vma_cachep, &c.live))
		return rmap_invalid("avc", NULL, "the anon_vma cache's counts "
				    "are corrupt");
	c.info = calloc(c.live.n + 1, sizeof(*c.info));
	ret = c.info ? tally(&c) : -1;
	for (k = 0; k < c.live.n && !ret; k++)
		ret = check_anon_vma(c.live.obj[k], &c.info[k]);
	free(c.info);
	slab_live_release(&c.live);
	return ret;
}
