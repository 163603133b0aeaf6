/*
 * avc_itree and avc_reuse: anon_vma_chain with each anon_vma's avcs in an
 * interval tree keyed on their vma's pgoff range (3.7, Michel Lespinasse,
 * bf181b9f9d8d; mm/interval_tree.c's anon_vma_interval_tree), and from 6.0
 * fork reusing an idle anon_vma (Jann Horn, 2555283eb40d).
 *
 * A walk is a stabbing query at page->index: O(log n) avcs plus the vmas
 * that really cover the page, however many pieces mprotect cut the region
 * into. The price: a vma whose start, end or pgoff changes takes every one
 * of its avcs out of its tree and puts it back. Chains still grow by one
 * level per fork generation until 6.0, whose fork adopts an anon_vma that
 * no vma uses and that has at most one child instead of adding a level,
 * which bounds a forking chain to about 2 anon_vmas per vma.
 *
 * Merges follow is_mergeable_anon_vma() of 3.0 on (965f55dea0e3): a range
 * with no anon_vma joins a neighbour that has one only if the neighbour's
 * chain is singular, i.e. it was never forked.
 */
#include "common/lib/interval_tree_generic.h"
#include "common/lib/slab.h"
#include "variants/avc/avc.h"

#define to_tree_av(p)	container_of(p, struct anon_vma_tree, av)
#define to_tree_avc(p)	container_of(p, struct avc_tree, avc)

_Static_assert(sizeof(struct anon_vma_tree) <= 56, "3.7 anon_vma");
_Static_assert(sizeof(struct anon_vma_reuse) <= 96, "6.0 anon_vma");
_Static_assert(sizeof(struct avc_tree) <= 64, "3.7 anon_vma_chain");

static unsigned long avc_start_pgoff(const struct avc_tree *t)
{
	return t->avc.vma->vm_pgoff;
}

static unsigned long avc_last_pgoff(const struct avc_tree *t)
{
	return t->avc.vma->vm_pgoff + vma_pages(t->avc.vma) - 1;
}

INTERVAL_TREE_DEFINE(struct avc_tree, rb, unsigned long, rb_subtree_last,
		     avc_start_pgoff, avc_last_pgoff, static,
		     anon_vma_interval_tree)

static struct rb_root_cached *avc_root(struct anon_vma *av)
{
	return &to_tree_av(av)->rb_root;
}

static void tree_anon_vma_init(struct anon_vma *av)
{
	*avc_root(av) = RB_ROOT_CACHED;
}

static void reuse_anon_vma_init(struct anon_vma *av)
{
	tree_anon_vma_init(av);
	reuse_of(av)->parent = av;
}

static void tree_insert(struct anon_vma_chain *avc)
{
	anon_vma_interval_tree_insert(to_tree_avc(avc),
				      avc_root(avc->anon_vma));
}

static void tree_remove(struct anon_vma_chain *avc)
{
	anon_vma_interval_tree_remove(to_tree_avc(avc),
				      avc_root(avc->anon_vma));
}

static bool tree_empty(struct anon_vma *av)
{
	return RB_EMPTY_ROOT(&avc_root(av)->rb_root);
}

static long tree_count(struct anon_vma *av)
{
	struct rb_node *rb;
	long n = 0;

	if (anon_vma_interval_tree_validate(avc_root(av)))
		return -1;
	for (rb = rb_first(&avc_root(av)->rb_root); rb; rb = rb_next(rb), n++)
		if (rb_entry(rb, struct avc_tree, rb)->avc.anon_vma != av)
			return -1;
	return n;
}

static const struct avc_flavour itree_flavour = {
	/* root, mutex (3.7) or rwsem (3.8), refcount, rb_root */
	.anon_vma_size = 56,
	/* vma, anon_vma, same_vma, rb, rb_subtree_last */
	.avc_size = 64,
	.batch_lock = true,
	.adjust_lock_always = true,
	.anon_vma_init = tree_anon_vma_init,
	.insert = tree_insert,
	.remove = tree_remove,
	.empty = tree_empty,
	.count = tree_count,
};

static const struct avc_flavour reuse_flavour = {
	/* root, rwsem, refcount, num_children, num_active_vmas, parent,
	 * rb_root_cached */
	.anon_vma_size = 96,
	.avc_size = 64,
	.batch_lock = true,
	.adjust_lock_always = true,
	.reuse = true,
	.anon_vma_init = reuse_anon_vma_init,
	.insert = tree_insert,
	.remove = tree_remove,
	.empty = tree_empty,
	.count = tree_count,
};

static int avc_itree_init(void)
{
	return avc_init(&itree_flavour);
}

static int avc_reuse_init(void)
{
	return avc_init(&reuse_flavour);
}

/*
 * anon_vma_interval_tree_pre_update_vma(): vma_adjust() takes the vma's
 * avcs out of their trees, under the root's lock, before its range moves...
 */
static void avc_tree_adjust_begin(struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc;

	list_for_each_entry(avc, &vma->anon_vma_node, same_vma)
		tree_remove(avc);
}

/* ...and post_update_vma() puts them back at the new range. */
static void avc_tree_adjust_end(struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc;

	list_for_each_entry(avc, &vma->anon_vma_node, same_vma)
		tree_insert(avc);
}

/* 965f55dea0e3: a forked vma takes no neighbour's anonymous pages. */
static bool avc_singular_mergeable(void *anon_vma1, void *anon_vma2,
				   struct vm_area_struct *vma)
{
	if ((!anon_vma1 || !anon_vma2) &&
	    (!vma || list_is_singular(&vma->anon_vma_node)))
		return true;
	return anon_vma1 == anon_vma2;
}

/* rmap_walk_anon(): the root read-locked, the avcs covering the page. */
static void avc_tree_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct rb_root_cached *root = avc_root(page_anon_object(page));
	unsigned long pgoff = page->index;
	struct avc_tree *t;

	lock_count(LOCK_ANON);
	for (t = anon_vma_interval_tree_iter_first(root, pgoff, pgoff); t;
	     t = anon_vma_interval_tree_iter_next(t, pgoff, pgoff))
		if (rmap_candidate(page, t->avc.vma,
				   vma_address(page, t->avc.vma), rwc))
			return;
}

#define AVC_TREE_HOOKS							\
	AVC_CORE_HOOKS,							\
	.vma_adjust_begin = avc_tree_adjust_begin,			\
	.vma_adjust_end = avc_tree_adjust_end,				\
	.anon_vma_mergeable = avc_singular_mergeable,			\
	.walk = avc_tree_walk

const struct rmap_scheme avc_itree_scheme = {
	.name = "avc_itree",
	.desc = "3.7-3.18: anon_vma_chain, each anon_vma an interval tree",
	AVC_TREE_HOOKS,
	.init = avc_itree_init,
};

const struct rmap_scheme avc_reuse_scheme = {
	.name = "avc_reuse",
	.desc = "6.0+: avc interval trees, fork reuses idle anon_vmas",
	AVC_TREE_HOOKS,
	.init = avc_reuse_init,
};
