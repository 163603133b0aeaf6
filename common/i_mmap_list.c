/*
 * The i_mmap lists, one component for every scheme that keeps them (see
 * i_mmap_list.h): linear walks them, pte_chain and 2.4 only maintain them.
 */
#include "common/i_mmap_list.h"
#include "common/lib/tree_visit.h"
#include "common/mm.h"
#include "common/rmap.h"

const struct i_mmap_rules i_mmap_2_4 = { I_MMAP_LINK_HEAD, true };
const struct i_mmap_rules i_mmap_2_5_6 = { I_MMAP_LINK_TAIL, false };
const struct i_mmap_rules i_mmap_2_6_6 = { I_MMAP_LINK_TAIL, true };
const struct i_mmap_rules i_mmap_objsort = { I_MMAP_LINK_SORTED, false };

struct list_head *i_mmap_list(const struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file;

	return (vma->vm_flags & VM_SHARED) ?
	       &mapping->i_mmap.lists.i_mmap_shared :
	       &mapping->i_mmap.lists.i_mmap;
}

void i_mmap_list_init(struct address_space *mapping)
{
	INIT_LIST_HEAD(&mapping->i_mmap.lists.i_mmap);
	INIT_LIST_HEAD(&mapping->i_mmap.lists.i_mmap_shared);
}

/*
 * objsort's __vma_link_file(): the list is read from the head until a vma
 * of equal or higher pgoff, and the new one goes in before it. Each entry
 * read is the O(n) insert's cost (tree_updates, as a tree's descent).
 */
static void link_sorted(struct vm_area_struct *vma)
{
	struct list_head *head = i_mmap_list(vma), *pos;

	list_for_each(pos, head) {
		tree_update_visit();
		if (list_entry(pos, struct vm_area_struct,
			       shared.list)->vm_pgoff >= vma->vm_pgoff)
			break;
	}
	list_add_tail(&vma->shared.list, pos);
}

void i_mmap_list_link(const struct i_mmap_rules *rules,
		      struct vm_area_struct *vma)
{
	if (!vma->vm_file)
		return;
	switch (rules->link) {
	case I_MMAP_LINK_HEAD:
		list_add(&vma->shared.list, i_mmap_list(vma));
		break;
	case I_MMAP_LINK_TAIL:
		list_add_tail(&vma->shared.list, i_mmap_list(vma));
		break;
	case I_MMAP_LINK_SORTED:
		link_sorted(vma);
		break;
	}
}

/* remove_shared_vm_struct() */
void i_mmap_list_unlink(struct vm_area_struct *vma)
{
	if (vma->vm_file)
		list_del(&vma->shared.list);
}

void i_mmap_list_fork(const struct i_mmap_rules *rules,
		      struct vm_area_struct *child,
		      struct vm_area_struct *parent)
{
	if (!child->vm_file)
		return;
	if (rules->fork_after)
		list_add(&child->shared.list, &parent->shared.list);
	else
		list_add_tail(&child->shared.list, &parent->shared.list);
}

/*
 * vma_adjust brackets at most two vmas (vma and next); a sorted list keeps
 * their pgoffs from begin to end, to relink only a vma whose pgoff moved,
 * as move_vma_start did.
 */
static struct {
	struct vm_area_struct *vma;
	unsigned long pgoff;
} adjusting[2];

void i_mmap_list_adjust_begin(const struct i_mmap_rules *rules,
			      struct vm_area_struct *vma)
{
	unsigned i = adjusting[0].vma != NULL;

	if (rules->link != I_MMAP_LINK_SORTED || !vma->vm_file)
		return;
	adjusting[i].vma = vma;
	adjusting[i].pgoff = vma->vm_pgoff;
}

void i_mmap_list_adjust_end(const struct i_mmap_rules *rules,
			    struct vm_area_struct *vma)
{
	unsigned i = adjusting[1].vma == vma;

	if (rules->link != I_MMAP_LINK_SORTED || !vma->vm_file)
		return;
	adjusting[i].vma = NULL;
	if (vma->vm_pgoff == adjusting[i].pgoff)
		return;
	list_del(&vma->shared.list);
	link_sorted(vma);
}

/*
 * How often vma is on its list, and the list's length when vma is its
 * first entry (0 otherwise), so that each list is counted once.
 */
static unsigned long on_list(const struct vm_area_struct *vma,
			     unsigned long *len)
{
	const struct list_head *head = i_mmap_list(vma);
	const struct vm_area_struct *v;
	unsigned long found = 0, n = 0;

	list_for_each_entry(v, head, shared.list) {
		n++;
		found += v == vma;
	}
	*len = head->next == &vma->shared.list ? n : 0;
	return found;
}

/* objsort's order: no vma before one of lower pgoff. */
static bool list_sorted(const struct vm_area_struct *vma)
{
	const struct list_head *next = vma->shared.list.next;

	return next == i_mmap_list(vma) ||
	       list_entry(next, struct vm_area_struct,
			  shared.list)->vm_pgoff >= vma->vm_pgoff;
}

int i_mmap_list_validate(const char *scheme, const struct i_mmap_rules *rules)
{
	const struct mm_struct *mm;
	const struct vm_area_struct *vma;
	unsigned long len, held = 0;

	for_each_mm_vma(mm, vma) {
		if (!vma->vm_file)
			continue;
		if (on_list(vma, &len) != 1)
			return rmap_invalid(scheme, vma, "not on its i_mmap "
					    "list once");
		if (rules->link == I_MMAP_LINK_SORTED && !list_sorted(vma))
			return rmap_invalid(scheme, vma, "i_mmap list out of "
					    "vm_pgoff order");
		held += len;
	}
	return rmap_check_file_vmas(scheme, held);
}
