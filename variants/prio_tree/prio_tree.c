/*
 * prio_tree: the file side of rmap from 2.6.7 to 3.6 (mm/prio_tree.c of
 * 2.6.9 - 2.6.12, Rajesh Venkatasubramanian; the tree's layout is 2.6.10's,
 * see common/lib/prio_tree.h). Since "rmap 20" each file has
 * one i_mmap tree holding its shared and private vmas alike, keyed on the
 * closed interval [vm_pgoff, vm_pgoff + pages - 1]. vmas with identical
 * intervals share one tree node through a vm_set list, so fork adds a child
 * next to its parent in O(1).
 *
 * A walk is a stabbing query at page->index: it reads O(height) tree nodes
 * plus the vmas that really cover the page, where the i_mmap lists probed
 * every vma of the file. The price is paid at every split, merge and
 * mremap, each of which removes the vma from the tree and reinserts it.
 */
#include <string.h>

#include "common/lib/prio_tree.h"
#include "common/lock.h"
#include "common/mm.h"
#include "common/rmap.h"

#define node_vma(node)	prio_tree_entry(node, struct vm_area_struct,	\
					shared.prio_tree_node)
#define vm_set_entry(ptr)	list_entry(ptr, struct vm_area_struct,	\
					   shared.vm_set.list)

/*
 * The vm_set arm aliases the tree node: vm_set.parent is the node's parent
 * pointer, so it is non-NULL exactly on tree nodes. A tree node's
 * vm_set.head is the first vma of its list, which points back; the other
 * list members have neither.
 */
static bool is_tree_node(const struct vm_area_struct *vma)
{
	return vma->shared.vm_set.parent != NULL;
}

extern const struct rmap_scheme prio_tree_scheme;

/*
 * prio_tree_left/right keep the iterator's value only until 3.3; the walk
 * skips an mm without rss only until 2.6.13, and page_referenced's stops
 * at a shared mlocked vma only until 2.6.27.
 */
enum { SW_ITER, SW_RSS, SW_MLOCK };

static const char *const iter_values[] = { "2.6.9", "3.4", NULL };
static const char *const iter_releases[] = {
	"2.6.7-3.3: prio_tree_left/right set iter->value",
	"3.4-3.6: they no longer do (the right-pruning bound is looser)",
};

static const struct rmap_switch prio_switches[] = {
	[SW_ITER] = { "iter", "the stabbing query's iterator", iter_values,
		      iter_releases,
		      "Xiao Guangrong, \"[PATCH 2/4] prio_tree: cleanup "
		      "prio_tree_left/prio_tree_right\" (2012-02-14; 3.4 "
		      "by date)" },
	[SW_RSS] = RMAP_SWITCH_RSS("3.6"),
	[SW_MLOCK] = { "mlock", "whether page_referenced's walk stops at a "
		       "shared mlocked vma before probing it",
		       (const char *const[]){ "2.6.7", "2.6.28", NULL },
		       (const char *const[]){
			"2.6.7-2.6.27: page_referenced_file counts a "
			"VM_LOCKED|VM_MAYSHARE vma referenced unprobed, and "
			"stops",
			"2.6.28-3.6: no such test (mlocked pages are culled "
			"to the unevictable list, not modelled)" },
		       "b291f000393f \"mlock: mlocked pages are "
		       "unevictable\" (2.6.28)" },
};

static bool rss_tested, mlock_stops;

static int prio_init(void)
{
	prio_tree_iter_v34 = rmap_scheme_switch(&prio_tree_scheme, SW_ITER);
	rss_tested = !rmap_scheme_switch(&prio_tree_scheme, SW_RSS);
	mlock_stops = !rmap_scheme_switch(&prio_tree_scheme, SW_MLOCK);
	/*
	 * i_mmap_lock, a spinlock from 2.6.7-rc1 ("Convert i_shared_sem
	 * back to a spinlock", akpm's patch 15/57 of 2004-05-22) to 2.6.39;
	 * i_mmap_mutex from 3.0 (3d48ae45e72 "mm: Convert i_mmap_lock to a
	 * mutex"). The iterator's switch stands for the era: iter=3.4 is
	 * 3.4-3.6, a mutex; iter=2.6.9 runs 2.6.7-3.3 and takes the
	 * spinlock, exact to 2.6.39 (3.0-3.3 had the mutex, at the same
	 * uncontended cost as any sleeping lock here)
	 */
	lock_class_kind[LOCK_I_MMAP] = prio_tree_iter_v34 ? LOCK_KIND_MUTEX :
			 LOCK_KIND_SPINLOCK;
	return 0;
}

static void vma_get_index(const struct prio_tree_root *root,
			  const struct prio_tree_node *node,
			  unsigned long *radix, unsigned long *heap)
{
	const struct vm_area_struct *vma = node_vma(node);

	(void)root;
	*radix = vma->vm_pgoff;
	*heap = vma->vm_pgoff + vma_pages(vma) - 1;
}

static struct prio_tree_root *vma_root(const struct vm_area_struct *vma)
{
	return &vma->vm_file->i_mmap.prio;
}

static void prio_file_init(struct address_space *mapping)
{
	INIT_RAW_PRIO_TREE_ROOT(&mapping->i_mmap.prio, vma_get_index);
}

/* vma_prio_tree_init(): neither a tree node nor on any vm_set list */
static void vma_prio_tree_init(struct vm_area_struct *vma)
{
	memset(&vma->shared.vm_set, 0, sizeof(vma->shared.vm_set));
}

/* vma_prio_tree_add(): vma maps exactly old's range; join old's vm_set */
static void vma_prio_tree_add(struct vm_area_struct *vma,
			      struct vm_area_struct *old)
{
	struct vm_area_struct *head = old->shared.vm_set.head;

	if (!is_tree_node(old)) {
		list_add(&vma->shared.vm_set.list, &old->shared.vm_set.list);
	} else if (head) {
		list_add_tail(&vma->shared.vm_set.list,
			      &head->shared.vm_set.list);
	} else {
		INIT_LIST_HEAD(&vma->shared.vm_set.list);
		vma->shared.vm_set.head = old;
		old->shared.vm_set.head = vma;
	}
}

static void vma_prio_tree_insert(struct vm_area_struct *vma,
				 struct prio_tree_root *root)
{
	struct prio_tree_node *node =
		(struct prio_tree_node *)&vma->shared.prio_tree_node;
	struct prio_tree_node *ptr = prio_tree_insert(root, node);

	if (ptr != node)
		vma_prio_tree_add(vma, node_vma(ptr));
}

/* A departing tree node with a list hands its place to the list's head. */
static void vma_prio_tree_remove(struct vm_area_struct *vma,
				 struct prio_tree_root *root)
{
	struct vm_area_struct *head = vma->shared.vm_set.head, *new_head = NULL;

	if (!head) {
		if (is_tree_node(vma))
			raw_prio_tree_remove(root, &vma->shared.prio_tree_node);
		else
			list_del_init(&vma->shared.vm_set.list);
		return;
	}
	if (is_tree_node(vma)) {
		if (!list_empty(&head->shared.vm_set.list)) {
			new_head = vm_set_entry(head->shared.vm_set.list.next);
			list_del_init(&head->shared.vm_set.list);
		}
		raw_prio_tree_replace(root, &vma->shared.prio_tree_node,
				      &head->shared.prio_tree_node);
		head->shared.vm_set.head = new_head;
		if (new_head)
			new_head->shared.vm_set.head = head;
		return;
	}
	/* vma heads the list: its successor takes over, or the list ends */
	if (!list_empty(&vma->shared.vm_set.list)) {
		new_head = vm_set_entry(vma->shared.vm_set.list.next);
		list_del_init(&vma->shared.vm_set.list);
		new_head->shared.vm_set.head = head;
	}
	head->shared.vm_set.head = new_head;
}

/*
 * vma_prio_tree_next(): a tree node, then the vmas of its vm_set, then the
 * next tree node of the query. The iterator counts tree nodes; list
 * members are counted here.
 */
static struct vm_area_struct *vma_prio_tree_next(struct vm_area_struct *vma,
						 struct prio_tree_iter *iter)
{
	struct prio_tree_node *ptr;
	struct vm_area_struct *next;

	if (vma && is_tree_node(vma)) {
		if (vma->shared.vm_set.head) {
			rmap_stats.nodes++;
			return vma->shared.vm_set.head;
		}
	} else if (vma) {
		next = vm_set_entry(vma->shared.vm_set.list.next);
		if (!next->shared.vm_set.head) {
			rmap_stats.nodes++;
			return next;
		}
	}
	ptr = prio_tree_next(iter);
	return ptr ? node_vma(ptr) : NULL;
}

static void prio_vma_link(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		vma_prio_tree_insert(vma, vma_root(vma));
}

static void prio_vma_unlink(struct vm_area_struct *vma, bool merge)
{
	(void)merge;
	if (vma->vm_file)
		vma_prio_tree_remove(vma, vma_root(vma));
}

/* dup_mmap: the child maps the parent's range, so it joins its vm_set */
static void prio_vma_fork(struct vm_area_struct *child,
			  struct vm_area_struct *parent)
{
	if (child->vm_file)
		vma_prio_tree_add(child, parent);
}

/* vma_adjust(): out of the tree while start, end or pgoff change... */
static void prio_adjust_begin(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		vma_prio_tree_remove(vma, vma_root(vma));
}

/* ...and back in under the same i_mmap_lock hold, at its new interval */
static void prio_adjust_end(struct vm_area_struct *vma)
{
	if (!vma->vm_file)
		return;
	vma_prio_tree_init(vma);
	vma_prio_tree_insert(vma, vma_root(vma));
}

/*
 * page_referenced_file, try_to_unmap_file: a stabbing query at the index;
 * a vma whose mm has no rss is passed over until 2.6.13, and until 2.6.27
 * page_referenced_file counted a shared mlocked vma referenced unprobed
 * and stopped (rmap_one with no pte).
 */
static bool mlocked_shared(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & (VM_LOCKED | VM_MAYSHARE)) ==
	       (VM_LOCKED | VM_MAYSHARE);
}

static void prio_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct address_space *mapping = (struct address_space *)page->mapping;
	struct vm_area_struct *vma = NULL;
	struct prio_tree_iter iter;
	unsigned long addr;

	if (!rmap_i_mmap_lock(mapping))
		return;
	prio_tree_iter_init(&iter, &mapping->i_mmap.prio, page->index,
			    page->index);
	while ((vma = vma_prio_tree_next(vma, &iter))) {
		if (mlock_stops && rwc->referenced && mlocked_shared(vma)) {
			rmap_vma_locked(page, vma, vma_address(page, vma), rwc);
			break;
		}
		if (rss_tested && !get_mm_rss(vma->vm_mm))
			continue;
		addr = vma_address(page, vma);
		if (addr != -1UL && rmap_candidate(page, vma, addr, rwc))
			break;
	}
	i_mmap_unlock_read(mapping);
}

/* --- validate ------------------------------------------------------- */

static bool same_interval(const struct vm_area_struct *a,
			  const struct vm_area_struct *b)
{
	return a->vm_pgoff == b->vm_pgoff && vma_pages(a) == vma_pages(b);
}

/* The vmas of one tree node's vm_set, or -1 if its links are broken. */
static long vm_set_count(const struct vm_area_struct *node)
{
	const struct vm_area_struct *head = node->shared.vm_set.head, *m;
	const struct list_head *p;
	long n = 1;

	if (!head)
		return 0;
	if (is_tree_node(head) || head->shared.vm_set.head != node ||
	    !same_interval(head, node))
		return -1;
	for (p = head->shared.vm_set.list.next;
	     p != &head->shared.vm_set.list; p = p->next, n++) {
		m = vm_set_entry(p);
		if (p->next->prev != p || is_tree_node(m) ||
		    m->shared.vm_set.head || !same_interval(m, node))
			return -1;
	}
	return n;
}

/* Tree nodes and vm_set members under node, or -1. */
static long tree_count(const struct raw_prio_tree_node *node)
{
	long n = vm_set_count(node_vma(node)), sub;

	if (n < 0)
		return -1;
	n++;
	if (node->left != node) {
		sub = tree_count(node->left);
		if (sub < 0)
			return -1;
		n += sub;
	}
	if (node->right != node) {
		sub = tree_count(node->right);
		if (sub < 0)
			return -1;
		n += sub;
	}
	return n;
}

/* The tree node a vma hangs off (itself if it is one), or NULL. */
static const struct vm_area_struct *holding_node(
		const struct vm_area_struct *vma)
{
	const struct list_head *p = &vma->shared.vm_set.list;
	unsigned long guard = 0;

	if (is_tree_node(vma))
		return vma;
	while (!vm_set_entry(p)->shared.vm_set.head) {
		p = p->next;
		if (p == &vma->shared.vm_set.list || ++guard > rmap_stats.vmas)
			return NULL;
	}
	return vm_set_entry(p)->shared.vm_set.head;
}

/* Does the tree node reach its file's root through parent links? */
static bool in_tree(const struct vm_area_struct *node)
{
	const struct raw_prio_tree_node *n = &node->shared.prio_tree_node;
	unsigned depth = 0;

	while (n->parent != n) {
		n = n->parent;
		if (++depth > 2 * 64)
			return false;
	}
	return (const void *)n == (const void *)vma_root(node)->prio_tree_node;
}

/*
 * Every file vma hangs in its own file's tree, and each tree holds exactly
 * the vmas mapping its file: each tree is counted once, from the vma at its
 * root, and the counts must add up to the file vmas found in the mms.
 */
static int prio_validate(void)
{
	const struct vm_area_struct *node;
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	unsigned long held = 0;
	long n;

	for_each_mm_vma(mm, vma) {
		if (!vma->vm_file)
			continue;
		node = holding_node(vma);
		if (!node || !in_tree(node))
			return rmap_invalid("prio_tree", vma, "not in its "
					    "file's i_mmap");
		if ((void *)vma_root(vma)->prio_tree_node !=
		    (void *)&vma->shared.prio_tree_node)
			continue;
		if (prio_tree_validate(vma_root(vma)))
			return rmap_invalid("prio_tree", vma,
					    "prio_tree_validate");
		n = tree_count(&vma->shared.prio_tree_node);
		if (n < 0)
			return rmap_invalid("prio_tree", vma, "vm_set links "
					    "broken");
		held += n;
	}
	return rmap_check_file_vmas("prio_tree", held);
}

const struct rmap_scheme prio_tree_scheme = {
	.name = "prio_tree",
	.desc = "2.6.7-3.6: i_mmap radix priority search tree, vm_set lists",
	.sides = RMAP_SIDE_FILE,
	.walk_shape = WALK_PRIO_TREE,
	/*
	 * the shared union at its vm_set size (list, parent, head: 32 B)
	 * less the list_head it replaced, which predates rmap
	 */
	.vma_bytes = 16,
	.switches = prio_switches,
	.nswitches = ARRAY_SIZE(prio_switches),
	.init = prio_init,
	.file_init = prio_file_init,
	.vma_link = prio_vma_link,
	.vma_unlink = prio_vma_unlink,
	.vma_fork = prio_vma_fork,
	.vma_adjust_begin = prio_adjust_begin,
	.vma_adjust_end = prio_adjust_end,
	.walk = prio_walk,
	.validate = prio_validate,
};
