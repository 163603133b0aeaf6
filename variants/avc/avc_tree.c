/*
 * avc_itree, avc_degree and avc_reuse: anon_vma_chain with each anon_vma's
 * avcs in an interval tree keyed on their vma's pgoff range (3.7, Michel
 * Lespinasse, bf181b9f9d8d; mm/interval_tree.c's anon_vma_interval_tree);
 * from 3.19 fork reusing an anon_vma of degree below 2 (Konstantin
 * Khlebnikov, 7a3ef208e662), from 6.0 one that no vma uses and that has at
 * most one child (Jann Horn, 2555283eb40d, after CVE-2022-42703).
 *
 * A walk is a stabbing query at page->index: O(log n) avcs plus the vmas
 * that really cover the page, however many pieces mprotect cut the region
 * into. The price: a vma whose start, end or pgoff changes takes every one
 * of its avcs out of its tree and puts it back. Chains grow by one level
 * per fork generation up to 3.18; reuse adopts an existing level instead,
 * which bounds a forking chain to about 2 anon_vmas per vma, at the price
 * of pages put in an anon_vma whose tree holds vmas that never map them.
 *
 * Merges follow is_mergeable_anon_vma() of each era (avc_anon_vma_mergeable
 * and the merge switch of avc_reuse).
 */
#include "common/lib/interval_tree_generic.h"
#include "common/lib/slab.h"
#include "variants/avc/avc.h"

#define to_tree_av(p)	container_of(p, struct anon_vma_tree, av)
#define to_tree_avc(p)	container_of(p, struct avc_tree, avc)

_Static_assert(sizeof(struct anon_vma_tree) <= 56, "3.7 anon_vma");
_Static_assert(sizeof(struct anon_vma_reuse) <= 72, "3.19 anon_vma");
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

/* A tree keeps its avcs in pgoff order: there is no head to add at. */
static void tree_insert(struct anon_vma_chain *avc, bool head)
{
	(void)head;
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

static const struct avc_flavour tree_flavour = {
	/* vma, anon_vma, same_vma, rb, rb_subtree_last */
	.avc_size = 64,
	.anon_vma_init = tree_anon_vma_init,
	.insert = tree_insert,
	.remove = tree_remove,
	.empty = tree_empty,
	.count = tree_count,
};

/*
 * The anon_vma of each range of releases (x86-64, SMP, no lock debugging):
 * root, lock, refcount, then 3.19's degree and parent, 6.0's num_children,
 * num_active_vmas and parent, and the tree's root (rb_root_cached from
 * 4.14). The lock: 3.7's mutex (count, wait_lock, wait_list, owner: 32 B),
 * 3.8's rwsem (count, wait_lock, wait_list: 32 B), 3.16's with optimistic
 * spinning (osq, owner: 40 B).
 */
#define TREE_ERA_LOCK(size, reuse_rule, merge_rule, kind) {		\
	.anon_vma_size = (size), .root = true, .batch_lock = true,	\
	.adjust_lock = ADJUST_TREES, .merge = (merge_rule),		\
	.reuse = (reuse_rule), .lock_kind = (kind) }
#define TREE_ERA(size, reuse_rule, merge_rule)				\
	TREE_ERA_LOCK(size, reuse_rule, merge_rule, LOCK_KIND_RWSEM)

enum { SW_ERA };

/*
 * avc_itree: the anon_vma's lock, its size and whether walks share it,
 * 3.7-3.18. 3.7's mutex excluded walks from each other; 3.8's rwsem is
 * read-held by them (page_lock_anon_vma_read, 4fc3f1d66b1e).
 */
static const char *const rwsem_values[] = { "3.7", "3.8", "3.16", NULL };
static const char *const rwsem_releases[] = {
	"3.7: a mutex, which walks take exclusively: anon_vma 56 B",
	"3.8-3.15: an rwsem (5a505085f043), read-held by walks (4fc3f1d66b1e): "
	"anon_vma 56 B",
	"3.16-3.18: the rwsem spins on its owner (osq, owner; 4fc828e24cd9): "
	"anon_vma 64 B",
};

static const struct rmap_switch itree_switches[] = {
	[SW_ERA] = { "rwsem", "the anon_vma's lock, its size and its readers",
		     rwsem_values, rwsem_releases,
		     "include/linux/rwsem.h of 3.15.5 and 3.16, mutex.h of "
		     "3.7.2; 5a505085f043 and 4fc3f1d66b1e (3.8)" },
};

static const struct avc_era itree_eras[] = {
	TREE_ERA_LOCK(56, REUSE_NONE, MERGE_SINGULAR, LOCK_KIND_MUTEX),
	TREE_ERA(56, REUSE_NONE, MERGE_SINGULAR),
	TREE_ERA(64, REUSE_NONE, MERGE_SINGULAR),
};

/* avc_degree: the tree's root and so the anon_vma's size, 3.19-5.19 */
static const char *const rb_values[] = { "3.19", "4.14", NULL };
static const char *const rb_releases[] = {
	"3.19-4.13: an rb_root: anon_vma 72 B",
	"4.14-5.19: an rb_root_cached with the leftmost node (f808c13fd373): "
	"anon_vma 80 B",
};

static const struct rmap_switch degree_switches[] = {
	[SW_ERA] = { "rb", "the anon_vma's interval tree root and its size",
		     rb_values, rb_releases,
		     "include/linux/rmap.h of 4.13.9 and 4.14.177" },
};

static const struct avc_era degree_eras[] = {
	TREE_ERA(72, REUSE_DEGREE, MERGE_SINGULAR),
	TREE_ERA(80, REUSE_DEGREE, MERGE_SINGULAR),
};

/* avc_reuse: is_mergeable_anon_vma(), 6.0 to today */
static const char *const merge_values[] = { "6.0", "6.16", "6.19", NULL };
static const char *const merge_releases[] = {
	"6.0-6.15: a range with no anon_vma joins a neighbour with one only "
	"if the neighbour's chain is singular, and never the reverse",
	"6.16-6.18: the faulted side must not be a fork child; mremap's "
	"copy is not checked (879bca0a2c4f)",
	"6.19-today: mremap's copy is checked too (61f67c230a5e, "
	"3b617fd3d317; 6.18.8 stable)",
};

static const struct rmap_switch reuse_switches[] = {
	[SW_ERA] = { "merge", "which faulted and unfaulted neighbours merge",
		     merge_values, merge_releases,
		     "Lorenzo Stoakes, \"mm/vma: fix incorrectly disallowed "
		     "anonymous VMA merges\" (6.16) and \"mm/vma: fix "
		     "anon_vma UAF on mremap() faulted, unfaulted merge\" "
		     "(6.19-rc6, CVE-2026-23077)" },
};

static const struct avc_era reuse_eras[] = {
	TREE_ERA(96, REUSE_IDLE, MERGE_SINGULAR),
	TREE_ERA(96, REUSE_IDLE, MERGE_SOURCE),
	TREE_ERA(96, REUSE_IDLE, MERGE_COPIED),
};

extern const struct rmap_scheme avc_itree_scheme, avc_degree_scheme,
	avc_reuse_scheme;

static int avc_itree_init(void)
{
	return avc_init(&tree_flavour, &itree_eras[
		rmap_scheme_switch(&avc_itree_scheme, SW_ERA)]);
}

static int avc_degree_init(void)
{
	return avc_init(&tree_flavour, &degree_eras[
		rmap_scheme_switch(&avc_degree_scheme, SW_ERA)]);
}

static int avc_reuse_init(void)
{
	return avc_init(&tree_flavour, &reuse_eras[
		rmap_scheme_switch(&avc_reuse_scheme, SW_ERA)]);
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
		tree_insert(avc, false);
}

/* rmap_walk_anon(): the root read-locked, the avcs covering the page. */
static void avc_tree_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct anon_vma *av = page_anon_object(page);
	struct rb_root_cached *root = avc_root(av);
	unsigned long pgoff = page->index;
	struct avc_tree *t;

	anon_vma_lock_read(av);
	for (t = anon_vma_interval_tree_iter_first(root, pgoff, pgoff); t;
	     t = anon_vma_interval_tree_iter_next(t, pgoff, pgoff))
		if (rmap_candidate(page, t->avc.vma,
				   vma_address(page, t->avc.vma), rwc))
			break;
	anon_vma_unlock_read(av);
}

#define AVC_TREE_HOOKS							\
	AVC_CORE_HOOKS,							\
	.vma_adjust_begin = avc_tree_adjust_begin,			\
	.vma_adjust_end = avc_tree_adjust_end,				\
	.walk_shape = WALK_ITREE,					\
	.walk = avc_tree_walk

const struct rmap_scheme avc_itree_scheme = {
	.name = "avc_itree",
	.desc = "3.7-3.18: anon_vma_chain, each anon_vma an interval tree",
	AVC_TREE_HOOKS,
	.switches = itree_switches,
	.nswitches = ARRAY_SIZE(itree_switches),
	.init = avc_itree_init,
};

const struct rmap_scheme avc_degree_scheme = {
	.name = "avc_degree",
	.desc = "3.19-5.19: avc interval trees, fork reuses an anon_vma of "
		"degree below 2",
	AVC_TREE_HOOKS,
	.switches = degree_switches,
	.nswitches = ARRAY_SIZE(degree_switches),
	.init = avc_degree_init,
};

const struct rmap_scheme avc_reuse_scheme = {
	.name = "avc_reuse",
	.desc = "6.0+: avc interval trees, fork reuses idle anon_vmas",
	AVC_TREE_HOOKS,
	.switches = reuse_switches,
	.nswitches = ARRAY_SIZE(reuse_switches),
	.init = avc_reuse_init,
};
