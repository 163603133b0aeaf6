/*
 * mm lifetime: exec's fresh mm, fork's dup_mmap (each vma copied next to its
 * parent's place in i_mmap and its anon structure, then copy_page_range with
 * the era's switch), and exit_mmap. Fork and exit are where per-pte rmap
 * (pte_chain) and per-vma rmap (anon_vma_chain) pay.
 */
#include "common/lib/slab.h"
#include "common/lock.h"
#include "common/memory.h"
#include "common/mm.h"
#include "common/pgtable.h"
#include "common/phase.h"
#include "common/rmap.h"
#include "common/vmscan.h"

struct list_head mm_list = LIST_HEAD_INIT(mm_list);
static struct kmem_cache *mm_cachep;
static unsigned long next_mm_id;
/*
 * The model's list of every mm changes where the kernel's fork and exit
 * took tasklist_lock for writing (copy_process, release_task): each CPU's
 * fork and exit meet there. 2.4 also took mmlist_lock at both; the model
 * takes the one word.
 */
static spinlock_t tasklist_lock;

/*
 * A fresh mm: on mm_list after @parent (fork: swap_out's clock keeps
 * families together) or at its tail (exec).
 */
static struct mm_struct *mm_alloc(struct mm_struct *parent)
{
	struct mm_struct *mm;

	if (!mm_cachep)
		mm_cachep = kmem_cache_create("mm_struct", sizeof(*mm), 8, 0);
	mm = kmem_cache_zalloc(mm_cachep);
	mm->mm_rb = RB_ROOT;
	mm->mm_users = 1;
	mm->free_area_cache = MMAP_BASE;
	mm->start_brk = mm->brk = BRK_BASE;
	if (pgd_alloc(mm)) {
		kmem_cache_free(mm_cachep, mm);
		return NULL;
	}
	spin_lock(LOCK_TASKLIST, &tasklist_lock);
	mm->id = ++next_mm_id;
	list_add(&mm->mmlist, parent ? &parent->mmlist : mm_list.prev);
	spin_unlock(LOCK_TASKLIST, &tasklist_lock);
	return mm;
}

struct mm_struct *mm_new(void)
{
	phase_guard(PHASE_FORK);
	struct mm_struct *mm = mm_alloc(NULL);

	if (mm)
		rmap_call(mm_init, mm, NULL);
	return mm;
}

void mmget(struct mm_struct *mm)
{
	mm->mm_users++;
}

/*
 * The vmas leave the rmap before their page tables are freed, as from
 * 2.6.12 free_pgtables unlinked each vma first: a walk on another CPU that
 * still finds a vma must find its tables.
 *
 * No mmap_sem: the mm has no user left (2.4.27's and 2.6.34's exit_mmap
 * take none).
 */
static void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	for (vma = mm->mmap; vma; vma = vma->vm_next)
		zap_page_range(vma, vma->vm_start, vma->vm_end, true);
	remove_vma_list(mm->mmap);
	free_pgtables(mm, 0, TASK_SIZE, 0, TASK_SIZE);
	pgd_free(mm);
	mm->mmap = NULL;
	mm->mm_rb = RB_ROOT;
	mm->map_count = 0;
}

/*
 * A process leaving its mm (exit, exec, a vfork child done with its
 * parent's): with rss_stat=2.6.34 its task syncs its cache there
 * (2.6.34's do_exit and exec_mmap call sync_mm_rss).
 */
void mmput(struct mm_struct *mm)
{
	bool last;

	if (model_switch(SW_RSS_STAT) == RSS_STAT_TASK)
		sync_mm_rss(mm);
	if (--mm->mm_users)
		return;
	phase_guard(PHASE_ZAP);
	exit_mmap(mm);
	rmap_call(mm_exit, mm);
	swap_mm_exit(mm);
	spin_lock(LOCK_TASKLIST, &tasklist_lock);
	list_del(&mm->mmlist);
	last = list_empty(&mm_list);
	spin_unlock(LOCK_TASKLIST, &tasklist_lock);
	rmap_stats.exits++;
	if (last)
		rmap_call(last_mm);
	kmem_cache_free(mm_cachep, mm);
	if (last) {
		kmem_cache_destroy(mm_cachep);
		mm_cachep = NULL;
		vma_cache_destroy();
	}
}

struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	phase_guard(PHASE_FORK);
	struct mm_struct *mm = mm_alloc(oldmm);
	struct vm_area_struct *mpnt, *tmp, *prev = NULL;
	struct rb_node **rb_link, *rb_parent = NULL;

	if (!mm)
		return NULL;
	rmap_call(mm_init, mm, oldmm);
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->free_area_cache = oldmm->free_area_cache;
	rb_link = &mm->mm_rb.rb_node;
	/*
	 * dup_mmap writes the parent's mmap_sem (2.4.27, 2.6.12); the
	 * child's, which 2.6.34 also took (down_write_nested), no other CPU
	 * can reach yet: not taken
	 */
	mmap_write_lock(oldmm);
	for (mpnt = oldmm->mmap; mpnt; mpnt = mpnt->vm_next) {
		tmp = vm_area_dup(mpnt);
		tmp->vm_mm = mm;
		/*
		 * the child joins i_mmap next to its parent, under the lock;
		 * the one fork hook links its anon side there too, inside
		 * the i_mmap lock as the kernel's lock order allows
		 */
		if (tmp->vm_file) {
			i_mmap_lock_write(tmp->vm_file);
			vma_file_get(tmp);
		}
		rmap_call(vma_fork, tmp, mpnt);
		if (tmp->vm_file)
			i_mmap_unlock_write(tmp->vm_file);
		/*
		 * dup_mmap appends in address order; 2.6.0 linked each vma
		 * under the child's page_table_lock (and copied its ptes
		 * under it too, which the model's per-table locks do not)
		 */
		vma_tree_lock(mm);
		tmp->vm_prev = prev;
		if (prev)
			prev->vm_next = tmp;
		else
			mm->mmap = tmp;
		rb_link_node(&tmp->vm_rb, rb_parent, rb_link);
		rb_insert_color(&tmp->vm_rb, &mm->mm_rb);
		rb_link = &tmp->vm_rb.rb_right;
		rb_parent = &tmp->vm_rb;
		mm->map_count++;
		vma_tree_unlock(mm);
		prev = tmp;
		if (copy_page_range(mm, oldmm, tmp, mpnt)) {
			mmap_write_unlock(oldmm);
			mmput(mm);
			return NULL;
		}
	}
	mmap_write_unlock(oldmm);
	rmap_stats.forks++;
	return mm;
}

struct mm_struct *exec_mm(struct mm_struct *mm)
{
	struct mm_struct *fresh = mm_new();

	if (fresh)
		mmput(mm);
	return fresh;
}
