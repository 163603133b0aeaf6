/*
 * linear: partial object-based rmap for file pages, Dave McCracken's objrmap
 * (2.5.62-mjb) as merged in "rmap 7" (2.6.7-rc1). A file page carries only a
 * mapcount; its mappings are found through the file's two vma lists, which
 * predate rmap: i_mmap (private vmas) and i_mmap_shared (VM_SHARED ones),
 * guarded by i_shared_sem. A walk visits every vma of the file whatever the
 * page's offset, and pays a page-table probe for each vma whose range holds
 * it: O(vmas of the file) per walk, the cost the prio tree later removed.
 * Fork, exit and mremap pay nothing per pte.
 */
#include "common/mm.h"
#include "common/rmap.h"

static struct list_head *linear_list(const struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file;

	return (vma->vm_flags & VM_SHARED) ?
	       &mapping->i_mmap.lists.i_mmap_shared :
	       &mapping->i_mmap.lists.i_mmap;
}

static void linear_file_init(struct address_space *mapping)
{
	INIT_LIST_HEAD(&mapping->i_mmap.lists.i_mmap);
	INIT_LIST_HEAD(&mapping->i_mmap.lists.i_mmap_shared);
}

/* __vma_link_file(): appended, under i_shared_sem */
static void linear_vma_link(struct vm_area_struct *vma)
{
	if (!vma->vm_file)
		return;
	list_add_tail(&vma->shared.list, linear_list(vma));
}

/*
 * dup_mmap(): the child goes right after its parent. 2.6.0 used
 * list_add_tail here, which put it before; Hugh's 2.6.6 mremap/truncate
 * race fix made it list_add, as rmap 7 has it.
 */
static void linear_vma_fork(struct vm_area_struct *child,
			    struct vm_area_struct *parent)
{
	if (!child->vm_file)
		return;
	list_add(&child->shared.list, &parent->shared.list);
}

/* remove_shared_vm_struct() */
static void linear_vma_unlink(struct vm_area_struct *vma, bool merge)
{
	(void)merge;
	if (!vma->vm_file)
		return;
	list_del(&vma->shared.list);
}

/*
 * Every vma on the list is a node visited. Those whose mm has no rss left
 * are skipped (rmap 7); the rest yield vma_address() when it is in range.
 */
static int linear_walk_list(struct page *page, struct list_head *head,
			    struct rmap_walk_control *rwc)
{
	struct vm_area_struct *vma;
	unsigned long addr;

	list_for_each_entry(vma, head, shared.list) {
		rmap_stats.nodes++;
		if (!vma->vm_mm->rss)
			continue;
		addr = vma_address(page, vma);
		if (addr == -1UL)
			continue;
		if (rmap_candidate(page, vma, addr, rwc) & RMAP_STOP)
			return RMAP_STOP;
	}
	return RMAP_CONTINUE;
}

/*
 * page_referenced_file() / try_to_unmap_file(): i_mmap, then
 * i_mmap_shared, under i_shared_sem (a trylock that never fails here),
 * inside the page's rmap lock reclaim holds.
 */
static void linear_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct address_space *mapping = (struct address_space *)page->mapping;

	lock_count(LOCK_I_MMAP);
	if (linear_walk_list(page, &mapping->i_mmap.lists.i_mmap, rwc) !=
	    RMAP_STOP)
		linear_walk_list(page, &mapping->i_mmap.lists.i_mmap_shared,
				 rwc);
}

/*
 * How often vma is on its list, and the list's length when vma is its
 * first entry (0 otherwise), so that each list is counted once.
 */
static unsigned long on_list(const struct vm_area_struct *vma,
			     unsigned long *len)
{
	const struct list_head *head = linear_list(vma);
	const struct vm_area_struct *v;
	unsigned long found = 0, n = 0;

	list_for_each_entry(v, head, shared.list) {
		n++;
		found += v == vma;
	}
	*len = head->next == &vma->shared.list ? n : 0;
	return found;
}

/*
 * Every file vma of every mm is on its file's right list exactly once, and
 * the lists hold nothing else.
 */
static int linear_validate(void)
{
	const struct mm_struct *mm;
	const struct vm_area_struct *vma;
	unsigned long len, held = 0;

	for_each_mm_vma(mm, vma) {
		if (!vma->vm_file)
			continue;
		if (on_list(vma, &len) != 1)
			return rmap_invalid("linear", vma, "not on its i_mmap "
					    "list once");
		held += len;
	}
	return rmap_check_file_vmas("linear", held);
}

const struct rmap_scheme linear_scheme = {
	.name = "linear",
	.desc = "2.5.62-mjb, 2.6.7-rc1: file pages by i_mmap and i_mmap_shared "
		"lists",
	.sides = RMAP_SIDE_FILE,
	.file_init = linear_file_init,
	.vma_link = linear_vma_link,
	.vma_unlink = linear_vma_unlink,
	.vma_fork = linear_vma_fork,
	.walk = linear_walk,
	.validate = linear_validate,
};
