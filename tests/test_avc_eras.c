/*
 * The rules of anon_vma_chain that changed between releases, one test
 * each, each failing on the rule it replaced: 2.6.34's chain without a
 * root (its page mapping rule, list order, vma_link and vma_adjust locks),
 * 2.6.36-2.6.38's lock at the last pin, 3.0's batched root lock and split
 * without a lock, 3.3's anon_vma_moveto_tail, the anon_vma's size as each
 * release's SLUB paid it, 3.19's degree (and the double reuse that
 * CVE-2022-42703 came from), 6.16's merge of a faulted vma into an
 * unfaulted one and 6.19's check of mremap's copy.
 */
#include <string.h>

#include "tests/model_test.h"
#include "variants/avc/avc.h"

#define RWX	(RW | RM_PROT_EXEC)
#define MOVE	(RM_MREMAP_MAYMOVE | RM_MREMAP_FIXED)
#define FAR	0x60000000UL

static void start(const char *anon)
{
	char spec[128];

	snprintf(spec, sizeof(spec), "anon=%s,file=itree", anon);
	start_model(spec, 8192);
}

static struct anon_vma *anon_vma_at(struct mm_struct *mm, unsigned long addr)
{
	return vma_at(mm, addr)->anon_vma;
}

static unsigned long anon_locks(void)
{
	return rmap_stats.locks[LOCK_ANON];
}

/* A process with n written anonymous pages at *a. */
static struct mm_struct *written(unsigned long n, unsigned long *a)
{
	struct mm_struct *mm = mm_new();

	*a = do_mmap(mm, 0, n * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, *a, n * P, true), 0);
	return mm;
}

static void put_all(void)
{
	struct mm_struct *mm, *n;

	list_for_each_entry_safe(mm, n, &mm_list, mmlist)
		mmput(mm);
	finish_model();
}

/*
 * 2.6.34-2.6.35 had no root: a child's anon_vma locks and frees on its
 * own and pins nothing; relatives' pages go to the chain's last entry.
 */
TEST(form_2_6_34_has_no_root)
{
	struct mm_struct *mm, *child;
	struct anon_vma *own;
	unsigned long a;

	start("avc:form=2.6.34");
	mm = written(2, &a);
	child = dup_mm(mm);
	own = anon_vma_at(child, a);
	EXPECT_TRUE(own->root == own);
	EXPECT_EQ(anon_vma_at(mm, a)->refcount, 1);
	ASSERT_EQ(handle_mm_fault(child, a, true), 0);
	EXPECT_TRUE(page_anon_object(page_at(child, a)) == own);
	EXPECT_EQ(model_validate(), 0);
	put_all();
}

/*
 * A page whose last pte went and that is mapped again (a swap cache hit):
 * 2.6.34-2.6.35 set its anon_vma again, to the oldest; 2.6.36 keeps it.
 */
static void *remapped_object(const char *anon, struct anon_vma **oldest)
{
	struct mm_struct *mm, *child;
	struct page *page;
	unsigned long a;
	pte_t *ptep;
	void *obj;

	start(anon);
	mm = written(2, &a);
	child = dup_mm(mm);
	ASSERT_EQ(handle_mm_fault(child, a, true), 0);
	page = page_at(child, a);
	ASSERT_TRUE(page_anon_object(page) == anon_vma_at(child, a));
	ptep = pte_offset(child, a);
	page_remove_rmap(page, vma_at(child, a), a, ptep);
	page_add_anon_rmap(page, vma_at(child, a), a, ptep, false);
	obj = page_anon_object(page);
	*oldest = anon_vma_at(mm, a);
	EXPECT_EQ(model_validate(), 0);
	put_all();
	return obj;
}

TEST(form_2_6_34_first_mapping_takes_the_oldest)
{
	struct anon_vma *oldest;

	EXPECT_TRUE(remapped_object("avc:form=2.6.34", &oldest) == oldest);
}

TEST(form_2_6_36_keeps_a_mapped_again_page)
{
	struct anon_vma *oldest;

	EXPECT_TRUE(remapped_object("avc:form=2.6.36", &oldest) != oldest);
}

/*
 * anon_vma_prepare() adding at the list's head (2.6.34-2.6.35) or tail
 * (2.6.36, 26ba0cb63cb): a vma taking its neighbour's anon_vma is walked
 * first, or after the neighbour and its forked copy.
 */
static unsigned long prepare_order_nodes(const char *anon)
{
	struct mm_struct *mm, *child;
	unsigned long a, nodes;

	start(anon);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(do_mmap(mm, a + 2 * P, 2 * P, RWX, ANON | RM_MAP_FIXED,
			  NULL, 0), a + 2 * P);
	ASSERT_EQ(mm->map_count, 2);
	ASSERT_EQ(touch_range(mm, a, 2 * P, true), 0);
	child = dup_mm(mm);
	ASSERT_EQ(touch_range(mm, a + 2 * P, P, true), 0);
	EXPECT_TRUE(anon_vma_at(mm, a + 2 * P) == anon_vma_at(mm, a));
	nodes = walk_page(page_at(mm, a + 2 * P), false).nodes;
	EXPECT_EQ(model_validate(), 0);
	(void)child;
	put_all();
	return nodes;
}

TEST(form_2_6_34_prepare_adds_at_the_head)
{
	EXPECT_EQ(prepare_order_nodes("avc:form=2.6.34"), 1);
}

TEST(form_2_6_36_prepare_adds_at_the_tail)
{
	EXPECT_EQ(prepare_order_nodes("avc:form=2.6.36"), 3);
}

/*
 * Splitting a faulted vma (mprotect of its lower half): the clone's avc
 * lock, and vma_adjust's: none in 2.6.34-2.6.35 (287d97ac032), one for the
 * inserted vma in 2.6.36-2.6.39, none for it from 3.0.
 */
static unsigned long split_locks(const char *anon)
{
	struct mm_struct *mm;
	unsigned long a, locks;

	start(anon);
	mm = written(4, &a);
	locks = anon_locks();
	ASSERT_EQ(do_mprotect(mm, a, 2 * P, RM_PROT_READ), 0);
	ASSERT_EQ(mm->map_count, 2);
	locks = anon_locks() - locks;
	put_all();
	return locks;
}

TEST(split_locks_2_6_34)
{
	EXPECT_EQ(split_locks("avc:form=2.6.34"), 1);
}

TEST(split_locks_2_6_36)
{
	EXPECT_EQ(split_locks("avc:form=2.6.36"), 2);
}

TEST(split_locks_3_0)
{
	EXPECT_EQ(split_locks("avc:form=3.0"), 1);
}

/*
 * mremap of a faulted vma to a free range: the copy's clone, its unlink at
 * the old place, and in 2.6.34-2.6.35 vma_link's lock of its anon_vma.
 */
static unsigned long move_locks(const char *anon)
{
	struct mm_struct *mm;
	unsigned long a, locks;

	start(anon);
	mm = written(2, &a);
	locks = anon_locks();
	ASSERT_EQ(do_mremap(mm, a, 2 * P, 2 * P, MOVE, FAR), FAR);
	locks = anon_locks() - locks;
	EXPECT_EQ(model_validate(), 0);
	put_all();
	return locks;
}

TEST(form_2_6_34_vma_link_locks_the_copy)
{
	EXPECT_EQ(move_locks("avc:form=2.6.34"), 3);
	EXPECT_EQ(move_locks("avc:form=2.6.36"), 2);
}

/*
 * A child's exit: its anon_vma and the root's chain entry unlinked, each
 * under the root's lock until 3.0 batches them; 2.6.36-2.6.38 also took
 * it when the child's anon_vma dropped the root's last pin.
 */
static unsigned long exit_locks(const char *anon)
{
	struct mm_struct *mm, *child;
	unsigned long a, locks;

	start(anon);
	mm = written(2, &a);
	child = dup_mm(mm);
	locks = anon_locks();
	mmput(child);
	locks = anon_locks() - locks;
	EXPECT_EQ(model_validate(), 0);
	(void)mm;
	put_all();
	return locks;
}

TEST(drop_anon_vma_locks_at_the_last_pin)
{
	EXPECT_EQ(exit_locks("avc:form=2.6.36"), 3);
	EXPECT_EQ(exit_locks("avc:form=2.6.37"), 3);
	EXPECT_EQ(exit_locks("avc:form=2.6.39"), 2);
	EXPECT_EQ(exit_locks("avc:form=3.0"), 1);
}

/* 3.0's lock_anon_vma_root(): one lock for a fork's whole chain. */
static unsigned long grandchild_fork_locks(const char *anon)
{
	struct mm_struct *mm, *child;
	unsigned long a, locks;

	start(anon);
	mm = written(2, &a);
	child = dup_mm(mm);
	locks = anon_locks();
	ASSERT_NONNULL(dup_mm(child));
	locks = anon_locks() - locks;
	(void)mm;
	put_all();
	return locks;
}

TEST(form_3_0_locks_the_root_once_a_chain)
{
	EXPECT_EQ(grandchild_fork_locks("avc:form=2.6.39"), 3);
	EXPECT_EQ(grandchild_fork_locks("avc:form=3.0"), 2);
}

/*
 * 3.3-3.6's anon_vma_moveto_tail(): mremap's copy merged into the vma
 * below it puts that vma's avc last, behind the forked child's, under a
 * lock of its own; a walk of its own page then probes the child first.
 */
static void moveto_tail(const char *anon, unsigned long *locks,
			unsigned long *candidates)
{
	struct mm_struct *mm, *child;
	unsigned long a;

	start(anon);
	mm = written(2, &a);
	child = dup_mm(mm);
	ASSERT_EQ(do_mremap(mm, a + P, P, P, MOVE, FAR), FAR);
	*locks = anon_locks();
	ASSERT_EQ(do_mremap(mm, FAR, P, P, MOVE, a + P), a + P);
	*locks = anon_locks() - *locks;
	ASSERT_EQ(mm->map_count, 1);
	ASSERT_EQ(handle_mm_fault(mm, a, true), 0);
	*candidates = walk_page(page_at(mm, a), false).candidates;
	EXPECT_EQ(model_validate(), 0);
	(void)child;
	put_all();
}

TEST(form_3_3_moves_a_merged_copy_to_the_tail)
{
	unsigned long locks30, locks33, cand30, cand33;

	moveto_tail("avc:form=3.0", &locks30, &cand30);
	moveto_tail("avc:form=3.3", &locks33, &cand33);
	EXPECT_EQ(locks33, locks30 + 1);
	EXPECT_EQ(cand30, 1);
	EXPECT_EQ(cand33, 2);
}

/*
 * What an anon_vma costs under SLUB: the kernel's object and the free
 * pointer SLUB keeps after it (a constructor and SLAB_DESTROY_BY_RCU).
 */
static size_t anon_vma_stride(const char *anon)
{
	size_t size;

	start(anon);
	size = cache_named("anon_vma")->size;
	finish_model();
	return size;
}

TEST(anon_vma_sizes_by_release)
{
	EXPECT_EQ(anon_vma_stride("avc:form=2.6.34"), 32);
	EXPECT_EQ(anon_vma_stride("avc:form=2.6.36"), 48);
	EXPECT_EQ(anon_vma_stride("avc:form=2.6.37"), 40);
	EXPECT_EQ(anon_vma_stride("avc:form=2.6.39"), 40);
	EXPECT_EQ(anon_vma_stride("avc:form=3.0"), 72);
	EXPECT_EQ(anon_vma_stride("avc_itree:rwsem=3.7"), 64);
	EXPECT_EQ(anon_vma_stride("avc_itree:rwsem=3.8"), 64);
	EXPECT_EQ(anon_vma_stride("avc_itree:rwsem=3.16"), 72);
	EXPECT_EQ(anon_vma_stride("avc_degree:rb=3.19"), 80);
	EXPECT_EQ(anon_vma_stride("avc_degree:rb=4.14"), 88);
	EXPECT_EQ(anon_vma_stride("avc_reuse"), 104);
}

/*
 * A chain whose processes exit as they fork: the fourth fork adopts, under
 * 3.19's degree, the anon_vma of a process still alive (its degree is 1:
 * one vma, no child, since the fork before it adopted an older one), so
 * two live vmas share one anon_vma: the ambiguity of CVE-2022-42703. 6.0
 * counts vmas and children apart and gives the fourth a new anon_vma.
 */
static bool double_reuse(const char *anon)
{
	struct mm_struct *p0, *p1, *p2, *p3, *p4;
	unsigned long a;
	bool shared;

	start(anon);
	p0 = written(2, &a);
	p1 = dup_mm(p0);
	mmput(p0);
	p2 = dup_mm(p1);
	mmput(p1);
	p3 = dup_mm(p2);
	/* p3 adopts p2's parent's anon_vma, idle since p1 exited */
	EXPECT_TRUE(anon_vma_at(p3, a) ==
		    reuse_of(anon_vma_at(p2, a))->parent);
	p4 = dup_mm(p3);
	shared = anon_vma_at(p4, a) == anon_vma_at(p2, a);
	EXPECT_EQ(model_validate(), 0);
	put_all();
	return shared;
}

TEST(degree_reuses_an_anon_vma_a_vma_still_uses)
{
	EXPECT_TRUE(double_reuse("avc_degree"));
	EXPECT_FALSE(double_reuse("avc_reuse"));
}

/* degree counts the vmas using an anon_vma and its children, itself too. */
TEST(degree_counts_vmas_and_children)
{
	struct mm_struct *mm, *child;
	struct anon_vma_reuse *root, *own;
	unsigned long a;

	start("avc_degree");
	mm = written(4, &a);
	root = reuse_of(anon_vma_at(mm, a));
	EXPECT_EQ(root->degree, 2);
	child = dup_mm(mm);
	own = reuse_of(anon_vma_at(child, a));
	EXPECT_EQ(root->degree, 3);
	EXPECT_EQ(own->degree, 1);
	EXPECT_EQ(do_mprotect(child, a, P, RM_PROT_READ), 0);
	EXPECT_EQ(own->degree, 2);
	EXPECT_EQ(model_validate(), 0);
	mmput(child);
	EXPECT_EQ(root->degree, 2);
	put_all();
}

/*
 * mprotect making a faulted vma like its unfaulted neighbour below: 6.0
 * keeps them apart (the neighbour's chain is empty, not singular); 6.16
 * merges them unless the faulted one was forked.
 */
static int faulted_into_unfaulted(const char *anon, bool forked)
{
	struct mm_struct *mm, *child;
	unsigned long a;
	int vmas;

	start(anon);
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(do_mprotect(mm, a, 2 * P, RM_PROT_READ), 0);
	ASSERT_EQ(touch_range(mm, a + 2 * P, 2 * P, true), 0);
	child = dup_mm(mm);
	if (forked)
		mm = child;
	ASSERT_EQ(do_mprotect(mm, a + 2 * P, 2 * P, RM_PROT_READ), 0);
	vmas = mm->map_count;
	if (vmas == 1)
		EXPECT_TRUE(anon_vma_at(mm, a) != NULL);
	EXPECT_EQ(model_validate(), 0);
	put_all();
	return vmas;
}

TEST(merge_faulted_into_unfaulted_6_0)
{
	EXPECT_EQ(faulted_into_unfaulted("avc_reuse:merge=6.0", false), 2);
}

TEST(merge_faulted_into_unfaulted_6_16)
{
	EXPECT_EQ(faulted_into_unfaulted("avc_reuse:merge=6.16", false), 1);
	EXPECT_EQ(faulted_into_unfaulted("avc_reuse:merge=6.16", true), 2);
}

/*
 * mremap of a forked, faulted vma back next to an unfaulted one: 6.16-6.18
 * passed copy_vma no source to check and merged it (the model imports the
 * anon state the kernel then failed to: 61f67c230a5e); 6.19 checks it.
 */
static int forked_copy_merge(const char *anon)
{
	struct mm_struct *mm, *child;
	unsigned long a;
	int vmas;

	start(anon);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RWX, ANON, NULL, 0);
	ASSERT_EQ(do_mmap(mm, a + 2 * P, 2 * P, RW, ANON | RM_MAP_FIXED,
			  NULL, 0), a + 2 * P);
	ASSERT_EQ(touch_range(mm, a + 2 * P, 2 * P, true), 0);
	child = dup_mm(mm);
	ASSERT_EQ(do_mprotect(child, a, 2 * P, RW), 0);
	ASSERT_EQ(child->map_count, 2);
	ASSERT_EQ(do_mremap(child, a + 2 * P, 2 * P, 2 * P, MOVE, FAR), FAR);
	ASSERT_EQ(do_mremap(child, FAR, 2 * P, 2 * P, MOVE, a + 2 * P),
		  a + 2 * P);
	vmas = child->map_count;
	EXPECT_EQ(walk_page(page_at(child, a + 2 * P), true).mappings, 2);
	EXPECT_EQ(model_validate(), 0);
	put_all();
	return vmas;
}

TEST(merge_forked_copy_6_16)
{
	EXPECT_EQ(forked_copy_merge("avc_reuse:merge=6.16"), 1);
}

TEST(merge_forked_copy_6_19)
{
	EXPECT_EQ(forked_copy_merge("avc_reuse:merge=6.19"), 2);
}
