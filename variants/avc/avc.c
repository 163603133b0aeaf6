/*
 * The anon_vma_chain core shared by avc, avc_itree and avc_reuse (mm/rmap.c
 * of 2.6.36, 3.7 and 6.x): anon_vma_prepare, anon_vma_clone, anon_vma_fork,
 * unlink_anon_vmas, the page hooks, and the invariant check. What the costs
 * are: one avc per (vma, ancestor anon_vma) pair, allocated and linked at
 * every fork, split and mremap of a vma with anonymous pages, each link
 * under the root anon_vma's lock.
 */
#include <stdio.h>
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

/* split, mremap's copy, and vma_adjust's importer: an identical chain */
void avc_vma_clone(struct vm_area_struct *dst, struct vm_area_struct *src)
{
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
 * unlink_anon_vmas(): munmap, exit and the vma a merge removes. Newest
 * first, so a child anon_vma goes before the root it pins; an anon_vma
 * left with no avcs is freed, and no longer counts as its parent's child.
 */
void avc_vma_unlink(struct vm_area_struct *vma)
{
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

/* A fresh page belongs to this vma alone: its own anon_vma. */
void avc_page_add_new_anon(struct page *page, struct vm_area_struct *vma,
			   unsigned long addr, pte_t *ptep)
{
	(void)ptep;
	page_set_anon(page, vma->anon_vma, linear_page_index(vma, addr));
}

/*
 * Swap-in: a page that may be mapped by relatives takes the oldest
 * anon_vma, the root; one still anonymous keeps its anon_vma.
 */
void avc_page_add_anon(struct page *page, struct vm_area_struct *vma,
		       unsigned long addr, pte_t *ptep)
{
	struct anon_vma *av = vma->anon_vma;

	(void)ptep;
	if (!PageAnon(page))
		page_set_anon(page, av->root, linear_page_index(vma, addr));
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

/* Everything the chains say about one live anon_vma. */
struct av_info {
	struct anon_vma *av;
	long avcs;		/* chain entries pointing at it */
	long pins;		/* non-root anon_vmas with it as root */
	long active;		/* vmas with it as vma->anon_vma */
	long children;		/* non-empty ones with it as parent */
	struct vm_area_struct *owner;	/* a vma with it as its anon_vma */
};

struct av_table {
	struct av_info *v;
	size_t n, cap;
};

static int cmp_info(const void *a, const void *b)
{
	const struct av_info *x = a, *y = b;

	return x->av < y->av ? -1 : x->av > y->av;
}

static struct av_info *av_find(struct av_table *t, struct anon_vma *av)
{
	struct av_info key = { .av = av };

	return bsearch(&key, t->v, t->n, sizeof(key), cmp_info);
}

static void av_add(struct av_table *t, struct anon_vma *av)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = realloc(t->v, t->cap * sizeof(*t->v));
		if (!t->v)
			abort();
	}
	t->v[t->n++] = (struct av_info){ .av = av };
}

/* Sorted and unique, so av_find works. */
static void av_sort(struct av_table *t)
{
	size_t i, k = 0;

	if (!t->n)
		return;
	qsort(t->v, t->n, sizeof(*t->v), cmp_info);
	for (i = 0; i < t->n; i++)
		if (!k || t->v[k - 1].av != t->v[i].av)
			t->v[k++] = t->v[i];
	t->n = k;
}

static int avc_fail(const char *what, const struct vm_area_struct *vma)
{
	if (vma)
		fprintf(stderr, "avc: mm%lu vma %#lx-%#lx: %s\n",
			vma->vm_mm->id, vma->vm_start, vma->vm_end, what);
	else
		fprintf(stderr, "avc: %s\n", what);
	return -1;
}

/* One vma's chain: its own anon_vma on it, one root, the root last. */
static int check_chain(struct vm_area_struct *vma, struct av_table *t,
		       unsigned long *avcs)
{
	struct anon_vma *own = vma->anon_vma, *root = NULL;
	struct anon_vma_chain *avc;
	bool has_own = false;

	if ((own == NULL) != list_empty(&vma->anon_vma_node))
		return avc_fail("anon_vma and chain disagree", vma);
	list_for_each_entry(avc, &vma->anon_vma_node, same_vma) {
		if (avc->vma != vma)
			return avc_fail("avc on another vma's chain", vma);
		if (root && avc->anon_vma->root != root)
			return avc_fail("chain spans two roots", vma);
		root = avc->anon_vma->root;
		has_own |= avc->anon_vma == own;
		av_add(t, avc->anon_vma);
		(*avcs)++;
	}
	if (own && !has_own)
		return avc_fail("chain lacks the vma's own anon_vma", vma);
	if (own && (root->root != root || list_last_entry(&vma->anon_vma_node,
			struct anon_vma_chain, same_vma)->anon_vma != root))
		return avc_fail("the root is not the chain's last entry", vma);
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

/* Count, per live anon_vma, what the chains and the vmas say about it. */
static int tally(struct av_table *t)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	struct anon_vma_chain *avc;
	struct av_info *i;
	size_t k;

	list_for_each_entry(mm, &mm_list, mmlist) {
		for (vma = mm->mmap; vma; vma = vma->vm_next) {
			list_for_each_entry(avc, &vma->anon_vma_node, same_vma)
				av_find(t, avc->anon_vma)->avcs++;
			if (!vma->anon_vma)
				continue;
			i = av_find(t, vma->anon_vma);
			i->active++;
			if (i->owner && !same_chain(i->owner, vma))
				return avc_fail("vmas sharing an anon_vma have "
						"different chains", vma);
			i->owner = vma;
		}
	}
	for (k = 0; k < t->n; k++) {
		struct anon_vma *av = t->v[k].av;

		if (av->root != av)
			av_find(t, av->root)->pins++;
		if (!avc_flavour->reuse || avc_flavour->empty(av))
			continue;
		i = av_find(t, reuse_of(av)->parent);
		if (!i)
			return avc_fail("a parent anon_vma is not live", NULL);
		i->children++;
	}
	return 0;
}

/* What each anon_vma holds and counts against the recount from scratch. */
static int check_anon_vma(struct av_info *i)
{
	struct anon_vma *av = i->av;
	struct anon_vma_reuse *r;

	if (avc_flavour->count(av) != i->avcs)
		return avc_fail("an anon_vma's avcs and the chains disagree",
				NULL);
	if (av->refcount != (i->avcs ? 1 : 0) + i->pins)
		return avc_fail("refcount is not in-use + pins", NULL);
	if (!avc_flavour->reuse)
		return 0;
	r = reuse_of(av);
	if (r->num_active_vmas != (unsigned long)i->active ||
	    r->num_children != (unsigned long)i->children)
		return avc_fail("num_active_vmas or num_children differs "
				"from a recount", NULL);
	return 0;
}

static int validate_tables(struct av_table *t)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	unsigned long avcs = 0;
	size_t k, n;

	list_for_each_entry(mm, &mm_list, mmlist)
		for (vma = mm->mmap; vma; vma = vma->vm_next)
			if (check_chain(vma, t, &avcs))
				return -1;
	/* a root whose avcs are gone lives on while children pin it */
	for (k = 0, n = t->n; k < n; k++)
		av_add(t, t->v[k].av->root);
	av_sort(t);
	if (avcs != avc_cachep->live || t->n != anon_vma_cachep->live)
		return avc_fail("live avcs or anon_vmas not all on chains",
				NULL);
	if (tally(t))
		return -1;
	for (k = 0; k < t->n; k++)
		if (check_anon_vma(&t->v[k]))
			return -1;
	return 0;
}

int avc_validate(void)
{
	struct av_table t = { NULL, 0, 0 };
	int ret = validate_tables(&t);

	free(t.v);
	return ret;
}
