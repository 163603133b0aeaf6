/*
 * itree: the file side of rmap from 3.7 to today (mm/interval_tree.c,
 * Michel Lespinasse, 6b2dbba8b6ac). Each file's i_mmap is an augmented
 * rbtree of its vmas keyed on [vm_pgoff, vm_pgoff + pages - 1], replacing
 * the prio tree and its vm_set lists: one node per vma, duplicates allowed.
 *
 * A walk is a stabbing query at page->index: O(log n) nodes to the first vma
 * covering the page, then each further covering vma. Fork links the child as
 * its parent's in-order successor without a descent; split, merge and mremap
 * take the vma out around every change of its interval and put it back.
 * Every update and every walk holds the i_mmap lock (a mutex from 3.0, the
 * i_mmap_rwsem from 3.19, read-held by walks: switch `lock`).
 */
#include "common/lib/interval_tree_generic.h"
#include "common/lock.h"
#include "common/mm.h"
#include "common/rmap.h"

static unsigned long vma_start_pgoff(const struct vm_area_struct *vma)
{
	return vma->vm_pgoff;
}

static unsigned long vma_last_pgoff(const struct vm_area_struct *vma)
{
	return vma->vm_pgoff + vma_pages(vma) - 1;
}

INTERVAL_TREE_DEFINE(struct vm_area_struct, shared.itree.rb, unsigned long,
		     shared.itree.rb_subtree_last, vma_start_pgoff,
		     vma_last_pgoff, static, vma_interval_tree)

static struct rb_root_cached *i_mmap(const struct vm_area_struct *vma)
{
	return &vma->vm_file->i_mmap.itree;
}

enum { SW_LOCK };

/* the i_mmap lock, and whether walks share it */
static const struct rmap_switch itree_switches[] = {
	[SW_LOCK] = { "lock", "the file's i_mmap lock and its readers",
		(const char *const[]){ "3.7", "3.19", NULL },
		(const char *const[]){
			"3.7-3.18: i_mmap_mutex (3.0, 3d48ae45e72): walks "
			"exclude each other",
			"3.19+: i_mmap_rwsem, read-held by walks" },
		"c8c06efa8b55 \"mm: convert i_mmap_mutex to rwsem\" and "
		"3dec0ba0be6a \"mm/rmap: share the i_mmap_rwsem\" (3.19)" },
};

extern const struct rmap_scheme itree_scheme;

/* the same uncontended cost either way: only several CPUs tell them apart */
static int itree_init(void)
{
	lock_class_kind[LOCK_I_MMAP] =
		rmap_scheme_switch(&itree_scheme, SW_LOCK) ? LOCK_KIND_RWSEM :
							     LOCK_KIND_MUTEX;
	return 0;
}

static void itree_file_init(struct address_space *mapping)
{
	mapping->i_mmap.itree = RB_ROOT_CACHED;
}

/* __vma_link_file(): mmap, brk, and the new half of a split */
static void itree_vma_link(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		vma_interval_tree_insert(vma, i_mmap(vma));
}

/* __remove_shared_vm_struct(): munmap, exit, and the vma a merge removes */
static void itree_vma_unlink(struct vm_area_struct *vma, bool merge)
{
	(void)merge;
	if (vma->vm_file)
		vma_interval_tree_remove(vma, i_mmap(vma));
}

/* dup_mmap(): the child maps the parent's interval, right after it */
static void itree_vma_fork(struct vm_area_struct *child,
			   struct vm_area_struct *parent)
{
	if (child->vm_file)
		vma_interval_tree_insert_after(child, parent, i_mmap(parent));
}

/* vma_adjust(): out of the tree while start, end or pgoff change... */
static void itree_adjust_begin(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		vma_interval_tree_remove(vma, i_mmap(vma));
}

/* ...and back at the new interval under the same hold of the lock */
static void itree_adjust_end(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		vma_interval_tree_insert(vma, i_mmap(vma));
}

/* rmap_walk_file(): every vma whose interval holds the page's offset */
static void itree_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct address_space *mapping = (struct address_space *)page->mapping;
	unsigned long pgoff = page->index;
	struct vm_area_struct *vma;

	if (!rmap_i_mmap_lock(mapping))
		return;
	for (vma = vma_interval_tree_iter_first(&mapping->i_mmap.itree, pgoff,
						pgoff);
	     vma; vma = vma_interval_tree_iter_next(vma, pgoff, pgoff))
		if (rmap_candidate(page, vma, vma_address(page, vma), rwc))
			break;
	i_mmap_unlock_read(mapping);
}

/* Does the vma's node reach its file's tree root through parent links? */
static bool in_file_tree(const struct vm_area_struct *vma)
{
	const struct rb_node *rb = &vma->shared.itree.rb;
	unsigned depth = 0;

	while (rb_parent(rb)) {
		rb = rb_parent(rb);
		if (++depth > 2 * 64)
			return false;
	}
	return rb == i_mmap(vma)->rb_root.rb_node;
}

/*
 * Every file vma sits in its own file's tree, and the trees hold nothing
 * else: each tree is validated and counted once, from the vma at its root,
 * and the counts must add up to the file vmas of all mms.
 */
static int itree_validate(void)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	unsigned long held = 0;
	struct rb_node *rb;

	for_each_mm_vma(mm, vma) {
		if (!vma->vm_file)
			continue;
		if (!in_file_tree(vma))
			return rmap_invalid("itree", vma, "not in its file's "
					    "i_mmap");
		if (i_mmap(vma)->rb_root.rb_node != &vma->shared.itree.rb)
			continue;
		if (vma_interval_tree_validate(i_mmap(vma)))
			return rmap_invalid("itree", vma, "i_mmap tree is "
					    "corrupt");
		for (rb = rb_first(&i_mmap(vma)->rb_root); rb;
		     rb = rb_next(rb))
			held++;
	}
	return rmap_check_file_vmas("itree", held);
}

const struct rmap_scheme itree_scheme = {
	.name = "itree",
	.desc = "3.7+: i_mmap interval tree (vma_interval_tree)",
	.sides = RMAP_SIDE_FILE,
	.walk_shape = WALK_ITREE,
	.switches = itree_switches,
	.nswitches = ARRAY_SIZE(itree_switches),
	/*
	 * shared.rb and rb_subtree_last (32 B) less the list_head the i_mmap
	 * lists had before rmap
	 */
	.vma_bytes = 16,
	.init = itree_init,
	.file_init = itree_file_init,
	.vma_link = itree_vma_link,
	.vma_unlink = itree_vma_unlink,
	.vma_fork = itree_vma_fork,
	.vma_adjust_begin = itree_adjust_begin,
	.vma_adjust_end = itree_adjust_end,
	.walk = itree_walk,
	.validate = itree_validate,
};
