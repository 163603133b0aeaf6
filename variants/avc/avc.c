/*
 * The anon_vma_chain core shared by avc, avc_itree and avc_reuse (mm/rmap.c
 * of 2.6.36, 3.7 and 6.x): anon_vma_prepare, anon_vma_clone, anon_vma_fork,
 * unlink_anon_vmas, the page hooks, and the invariant check. What the costs
 * are: one avc per (vma, ancestor anon_vma) pair, allocated and linked at
 * every fork, split and mremap of a vma with anonymous pages, each link
 * under the root anon_vma's lock.
 */
#include <stdlib.h>

#include "common/lib/slab.h"
#include "common/mm.h"
#include "variants/avc/avc.h"

const struct avc_flavour *avc_flavour;
static struct kmem_cache *anon_vma_cachep, *avc_cachep;

int avc_init(const struct avc_flavour *f)
{
	avc_flavour = f;
	anon_vma_cachep = kmem_cache_create("anon_vma", f->anon_vma_size, 8,
					    SLAB_RMAP);
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

/* 6.0's counters; the older anon_vmas have no such fields. */
static void count_active(struct anon_vma *av, long delta)
{
	if (avc_flavour->reuse)
		reuse_of(av)->num_active_vmas += delta;
}

static void count_child(struct anon_vma *parent, long delta)
{
	if (avc_flavour->reuse)
		reuse_of(parent)->num_children += delta;
}

static struct anon_vma *anon_vma_alloc(void)
{
	struct anon_vma *av = kmem_cache_zalloc(anon_vma_cachep);

	av->root = av;
	av->refcount = 1;
	avc_flavour->anon_vma_init(av);
	return av;
}

/* The last reference frees the anon_vma, then unpins its root. */
static void put_anon_vma(struct anon_vma *av)
{
	struct anon_vma *root = av->root;

	if (--av->refcount)
		return;
	kmem_cache_free(anon_vma_cachep, av);
	if (root != av)
		put_anon_vma(root);
}

/*
 * Every change to an anon_vma's avcs holds its root's lock. 2.6.36 took it
 * for each avc; from 3.0 lock_anon_vma_root() keeps it across a whole chain,
 * whose anon_vmas all share one root.
 */
static void lock_root(struct anon_vma **held, struct anon_vma *av)
{
	if (avc_flavour->batch_lock && *held == av->root)
		return;
	*held = av->root;
	lock_count(LOCK_ANON);
}

static void anon_vma_chain_link(struct vm_area_struct *vma,
				struct anon_vma_chain *avc,
				struct anon_vma *av)
{
	avc->vma = vma;
	avc->anon_vma = av;
	list_add(&avc->same_vma, &vma->anon_vma_node);
	avc_flavour->insert(avc);
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
	lock_root(&held, av);
	vma->anon_vma = av;
	anon_vma_chain_link(vma, avc, av);
	count_active(av, 1);
	return 0;
}

/*
 * dst joins every anon_vma on src's chain, oldest first so the order is
 * kept. In fork (dst has no anon_vma yet, src has one) 6.0 lets dst adopt
 * one of them that no vma uses and that has at most one child.
 */
static void anon_vma_clone(struct vm_area_struct *dst,
			   struct vm_area_struct *src)
{
	struct anon_vma *held = NULL;
	struct anon_vma_chain *pavc;

	list_for_each_entry_reverse(pavc, &src->anon_vma_node, same_vma) {
		struct anon_vma *av = pavc->anon_vma;

		lock_root(&held, av);
		anon_vma_chain_link(dst, kmem_cache_alloc(avc_cachep), av);
		if (avc_flavour->reuse && !dst->anon_vma && src->anon_vma &&
		    reuse_of(av)->num_children < 2 &&
		    !reuse_of(av)->num_active_vmas)
			dst->anon_vma = av;
	}
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
 * anon_vma of its own for the pages it will COW, pinning the family root.
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
	av->root = ((struct anon_vma *)pvma->anon_vma)->root;
	if (avc_flavour->reuse)
		reuse_of(av)->parent = pvma->anon_vma;
	av->root->refcount++;
	vma->anon_vma = av;
	lock_root(&held, av);
	anon_vma_chain_link(vma, kmem_cache_alloc(avc_cachep), av);
	count_child(pvma->anon_vma, 1);
}

/*
 * unlink_anon_vmas(): munmap, exit and the vma a merge removes
 * (anon_vma_merge, after vma_adjust's locks: the same locking). Newest
 * first, so a child anon_vma goes before the root it pins; an anon_vma
 * left with no avcs is freed, and no longer counts as its parent's child.
 */
void avc_vma_unlink(struct vm_area_struct *vma, bool merge)
{
	(void)merge;
	struct anon_vma_chain *avc, *next;
	struct anon_vma *held = NULL;

	if (vma->anon_vma)
		count_active(vma->anon_vma, -1);
	list_for_each_entry_safe(avc, next, &vma->anon_vma_node, same_vma) {
		struct anon_vma *av = avc->anon_vma;

		lock_root(&held, av);
		avc_flavour->remove(avc);
		list_del(&avc->same_vma);
		kmem_cache_free(avc_cachep, avc);
		if (!avc_flavour->empty(av))
			continue;
		if (avc_flavour->reuse)
			count_child(reuse_of(av)->parent, -1);
		put_anon_vma(av);
	}
	vma->anon_vma = NULL;
}

/*
 * __page_set_anon_rmap(): a page exclusive to this vma (a fresh one, or an
 * exclusive swap-in from 2.6.36) belongs to its own anon_vma; one that
 * relatives may map takes the oldest, the root. A page that is still
 * anonymous (a swap cache hit) keeps its anon_vma.
 */
void avc_page_add_anon(struct page *page, struct vm_area_struct *vma,
		       unsigned long addr, pte_t *ptep, bool exclusive)
{
	struct anon_vma *av = vma->anon_vma;

	(void)ptep;
	if (!PageAnon(page))
		page_set_anon(page, exclusive ? av : av->root,
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

/* One vma's chain: live anon_vmas, one root, the root last, its own on it. */
static int check_chain(struct av_check *c, struct vm_area_struct *vma)
{
	struct anon_vma *own = vma->anon_vma, *root = NULL;
	struct anon_vma_chain *avc;
	struct av_info *i;
	bool has_own = false;

	if ((own == NULL) != list_empty(&vma->anon_vma_node))
		return rmap_invalid("avc", vma, "anon_vma and chain disagree");
	list_for_each_entry(avc, &vma->anon_vma_node, same_vma) {
		i = info_of(c, avc->anon_vma);
		if (avc->vma != vma || !i)
			return rmap_invalid("avc", vma, "avc of another vma, or "
					    "of a dead anon_vma");
		if (root && avc->anon_vma->root != root)
			return rmap_invalid("avc", vma, "chain spans two roots");
		root = avc->anon_vma->root;
		has_own |= avc->anon_vma == own;
		i->avcs++;
	}
	if (own && !has_own)
		return rmap_invalid("avc", vma, "chain lacks the vma's own "
				    "anon_vma");
	if (own && (root->root != root || list_last_entry(&vma->anon_vma_node,
			struct anon_vma_chain, same_vma)->anon_vma != root))
		return rmap_invalid("avc", vma, "the root is not the chain's "
				    "last entry");
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

/* Chains, users and the family links of every live anon_vma. */
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
		if (i->owner && !same_chain(i->owner, vma))
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
		if (!avc_flavour->reuse || avc_flavour->empty(av))
			continue;
		i = info_of(c, reuse_of(av)->parent);
		if (!i)
			return rmap_invalid("avc", NULL, "a parent anon_vma is "
					    "dead");
		i->children++;
	}
	if (avcs != avc_cachep->live)
		return rmap_invalid("avc", NULL, "%lu avcs live, %lu on chains",
				    avc_cachep->live, avcs);
	return 0;
}

/* What each anon_vma holds and counts against the recount from scratch. */
static int check_anon_vma(struct anon_vma *av, const struct av_info *i)
{
	struct anon_vma_reuse *r;

	if (avc_flavour->count(av) != i->avcs)
		return rmap_invalid("avc", NULL, "an anon_vma's avcs and the "
				    "chains disagree");
	if (av->refcount != (i->avcs ? 1 : 0) + i->pins)
		return rmap_invalid("avc", NULL, "refcount is not in-use + "
				    "pins");
	if (!i->avcs && !i->pins)
		return rmap_invalid("avc", NULL, "an unused anon_vma lives");
	if (!avc_flavour->reuse)
		return 0;
	r = reuse_of(av);
	if (r->num_active_vmas != (unsigned long)i->active ||
	    r->num_children != (unsigned long)i->children)
		return rmap_invalid("avc", NULL, "num_active_vmas or "
				    "num_children differs from a recount");
	return 0;
}

/*
 * vma_adjust's anon_vma lock. 2.6.36-3.6: only when the vma has one and
 * gains pages or moves its start (an end-only growth takes none); 3.7+:
 * whenever it, or a next whose start moves, has one (for the interval
 * trees' pre/post updates).
 */
bool avc_adjust_anon_lock(const struct vma_adjust_info *ai)
{
	if (avc_flavour->adjust_lock_always)
		return ai->vma->anon_vma ||
		       (ai->adjust_next && ai->next->anon_vma);
	return ai->vma->anon_vma &&
	       (ai->insert || ai->importer || ai->start_changed);
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
