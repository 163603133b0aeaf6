/*
 * The prio_tree file scheme (2.6.7 - 3.6 i_mmap): a file vma is in its
 * file's tree exactly once through mmap, fork (the child joins its parent's
 * vm_set), split, merge, mremap and munmap; a departing tree node hands its
 * place to the first vma of its vm_set; the stabbing query yields exactly
 * the vmas whose range holds the page, and (until 2.6.13) skips those
 * whose mm has no rss; page_referenced's query (until 2.6.27) stops at a
 * shared mlocked vma without probing it.
 */
#include "common/check.h"
#include "tests/model_test.h"

extern const struct rmap_scheme prio_tree_scheme;

/* fork copies the file ptes too, so the children's vmas map the pages */
static void start(void)
{
	ASSERT_TRUE(start_model("anon=anon_vma,file=prio_tree,fork=copy",
				4096)->file == &prio_tree_scheme);
}

static struct raw_prio_tree_node *node_of(struct vm_area_struct *vma)
{
	return &vma->shared.prio_tree_node;
}

static bool tree_node(const struct vm_area_struct *vma)
{
	return vma->shared.vm_set.parent != NULL;
}

/* How many times vma is held under the subtree of node (tree or vm_set). */
static int held_under(struct raw_prio_tree_node *node,
		      struct vm_area_struct *vma)
{
	struct vm_area_struct *n = prio_tree_entry(node, struct vm_area_struct,
						   shared.prio_tree_node);
	struct vm_area_struct *head = n->shared.vm_set.head;
	struct list_head *p;
	int found = n == vma;

	if (head) {
		found += head == vma;
		for (p = head->shared.vm_set.list.next;
		     p != &head->shared.vm_set.list; p = p->next)
			found += list_entry(p, struct vm_area_struct,
					    shared.vm_set.list) == vma;
	}
	if (node->left != node)
		found += held_under(node->left, vma);
	if (node->right != node)
		found += held_under(node->right, vma);
	return found;
}

static int held(struct address_space *f, struct vm_area_struct *vma)
{
	struct prio_tree_root *root = &f->i_mmap.prio;

	if (prio_tree_empty(root))
		return 0;
	return held_under((struct raw_prio_tree_node *)root->prio_tree_node,
			  vma);
}

static unsigned long nodes(struct address_space *f)
{
	return prio_tree_node_count(&f->i_mmap.prio);
}

static bool is_root(struct address_space *f, struct vm_area_struct *vma)
{
	return (void *)f->i_mmap.prio.prio_tree_node == (void *)node_of(vma);
}

/* The vmas the stabbing query yields for the page at pgoff. */
static unsigned long candidates(struct address_space *f, unsigned long pgoff,
				unsigned long *addr)
{
	struct walk_result w = walk_page(f->pages[pgoff], true);

	*addr = w.last_addr;
	return w.candidates;
}

TEST(fork_joins_vm_set)
{
	struct mm_struct *mm, *c[3];
	struct vm_area_struct *v, *cv[3];
	struct address_space *f;
	unsigned long a, addr = 0;
	int i;

	start();
	f = file_create("f", 64, false);
	mm = mm_new();
	a = do_mmap(mm, 0, 8 * P, RM_PROT_READ, RM_MAP_SHARED, f, 4);
	ASSERT_EQ(touch_range(mm, a, 8 * P, false), 0);
	v = vma_at(mm, a);
	EXPECT_TRUE(tree_node(v) && is_root(f, v));
	for (i = 0; i < 3; i++) {
		c[i] = dup_mm(mm);
		cv[i] = vma_at(c[i], a);
		ASSERT_NONNULL(cv[i]);
	}
	/* one tree node; the children hang off its vm_set, in fork order */
	EXPECT_EQ(nodes(f), 1);
	EXPECT_TRUE(v->shared.vm_set.head == cv[0]);
	EXPECT_TRUE(cv[0]->shared.vm_set.head == v && !tree_node(cv[0]));
	for (i = 1; i < 3; i++)
		EXPECT_TRUE(!tree_node(cv[i]) && !cv[i]->shared.vm_set.head);
	EXPECT_EQ(held(f, v), 1);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(held(f, cv[i]), 1);
	EXPECT_EQ(prio_tree_scheme.validate(), 0);
	EXPECT_EQ(candidates(f, 6, &addr), 4);
	EXPECT_EQ(addr, a + 2 * P);
	EXPECT_EQ(check_verify(stderr, "after fork"), 0);

	/* the tree node goes: the list's first vma takes its place */
	mmput(mm);
	EXPECT_TRUE(tree_node(cv[0]) && is_root(f, cv[0]));
	EXPECT_TRUE(cv[0]->shared.vm_set.head == cv[1]);
	EXPECT_TRUE(cv[1]->shared.vm_set.head == cv[0]);
	EXPECT_EQ(nodes(f), 1);
	EXPECT_EQ(held(f, cv[2]), 1);
	EXPECT_EQ(candidates(f, 6, &addr), 3);
	EXPECT_EQ(prio_tree_scheme.validate(), 0);

	/* the list's head goes: its successor heads the list */
	mmput(c[1]);
	EXPECT_TRUE(cv[0]->shared.vm_set.head == cv[2]);
	EXPECT_TRUE(cv[2]->shared.vm_set.head == cv[0]);
	EXPECT_EQ(prio_tree_scheme.validate(), 0);
	mmput(c[2]);
	EXPECT_TRUE(cv[0]->shared.vm_set.head == NULL);
	EXPECT_EQ(candidates(f, 6, &addr), 1);
	mmput(c[0]);
	EXPECT_TRUE(prio_tree_empty(&f->i_mmap.prio));
	file_put(f);
	finish_model();
}

TEST(split_merge_mremap)
{
	struct mm_struct *mm, *child;
	struct vm_area_struct *v, *lo, *mid, *hi;
	struct address_space *f;
	unsigned long a, to = 0x60000000UL, addr = 0;

	start();
	f = file_create("f", 64, false);
	mm = mm_new();
	a = do_mmap(mm, 0, 16 * P, RM_PROT_READ | RM_PROT_WRITE, RM_MAP_SHARED,
		    f, 0);
	ASSERT_EQ(touch_range(mm, a, 16 * P, false), 0);

	/* split into three: each piece its own interval, its own node */
	EXPECT_EQ(do_mprotect(mm, a + 4 * P, 4 * P, RM_PROT_READ), 0);
	lo = vma_at(mm, a);
	mid = vma_at(mm, a + 4 * P);
	hi = vma_at(mm, a + 8 * P);
	ASSERT_TRUE(lo && mid && hi && lo != mid && mid != hi);
	EXPECT_EQ(mid->vm_pgoff, 4);
	EXPECT_EQ(hi->vm_pgoff, 8);
	EXPECT_EQ(nodes(f), 3);
	EXPECT_EQ(held(f, lo), 1);
	EXPECT_EQ(held(f, mid), 1);
	EXPECT_EQ(held(f, hi), 1);
	EXPECT_EQ(candidates(f, 5, &addr), 1);
	EXPECT_EQ(addr, a + 5 * P);
	EXPECT_EQ(prio_tree_scheme.validate(), 0);

	/* a forked copy of the middle sits on its vm_set, then splits off */
	child = dup_mm(mm);
	EXPECT_EQ(nodes(f), 3);
	EXPECT_EQ(candidates(f, 5, &addr), 2);
	EXPECT_EQ(do_mprotect(child, a + 6 * P, 2 * P, RM_PROT_READ |
			      RM_PROT_WRITE), 0);
	EXPECT_EQ(nodes(f), 5);
	EXPECT_EQ(held(f, vma_at(child, a + 4 * P)), 1);
	EXPECT_EQ(held(f, vma_at(child, a + 6 * P)), 1);
	EXPECT_EQ(prio_tree_scheme.validate(), 0);
	mmput(child);
	EXPECT_EQ(nodes(f), 3);

	/* merged back: one vma, one node, the whole interval */
	EXPECT_EQ(do_mprotect(mm, a + 4 * P, 4 * P, RM_PROT_READ |
			      RM_PROT_WRITE), 0);
	EXPECT_EQ(mm->map_count, 1);
	v = vma_at(mm, a);
	EXPECT_EQ(nodes(f), 1);
	EXPECT_TRUE(is_root(f, v));
	EXPECT_EQ(candidates(f, 12, &addr), 1);

	/* grown in place: reinserted with the new heap index */
	ASSERT_EQ(do_mremap(mm, a, 16 * P, 24 * P, 0, 0), a);
	EXPECT_EQ(vma_pages(v), 24);
	EXPECT_TRUE(is_root(f, v));
	EXPECT_EQ(held(f, v), 1);

	/* moved: the new vma keeps pgoff and replaces the old in the tree */
	ASSERT_EQ(do_mremap(mm, a, 24 * P, 24 * P, RM_MREMAP_MAYMOVE |
			    RM_MREMAP_FIXED, to), to);
	v = vma_at(mm, to);
	ASSERT_NONNULL(v);
	EXPECT_EQ(v->vm_pgoff, 0);
	EXPECT_EQ(nodes(f), 1);
	EXPECT_TRUE(is_root(f, v));
	EXPECT_EQ(candidates(f, 3, &addr), 1);
	EXPECT_EQ(addr, to + 3 * P);

	/* a hole punched: two vmas, pgoffs 0 and 12 */
	EXPECT_EQ(do_munmap(mm, to + 8 * P, 4 * P), 0);
	EXPECT_EQ(nodes(f), 2);
	EXPECT_EQ(vma_at(mm, to + 12 * P)->vm_pgoff, 12);
	EXPECT_EQ(prio_tree_scheme.validate(), 0);
	EXPECT_EQ(check_verify(stderr, "after munmap"), 0);
	EXPECT_EQ(do_munmap(mm, to, 24 * P), 0);
	EXPECT_TRUE(prio_tree_empty(&f->i_mmap.prio));
	mmput(mm);
	file_put(f);
	finish_model();
}

/*
 * A forked child of a file mapping zaps its copy, so its mm has no rss: a
 * full walk of the file page yields its vma as a candidate only from
 * 2.6.14.
 */
static unsigned long rss_zero_candidates(const char *spec)
{
	struct address_space *f;
	struct mm_struct *mm, *child;
	unsigned long a, n, last;

	start_model(spec, 4096);
	f = file_create("f", 8, false);
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
	ASSERT_EQ(touch_range(mm, a, 4 * P, false), 0);
	child = dup_mm(mm);
	EXPECT_EQ(madvise_dontneed(child, a, 4 * P), 0);
	EXPECT_EQ(mm_rss_exact(child), 0);
	n = candidates(f, 1, &last);
	EXPECT_EQ(last, a + P);
	mmput(child);
	mmput(mm);
	file_put(f);
	finish_model();
	return n;
}

TEST(walk_skips_an_mm_without_rss_to_2_6_13)
{
	EXPECT_EQ(rss_zero_candidates("anon=anon_vma,file=prio_tree:rss=2.6.7,"
				      "fork=copy"), 1);
}

TEST(walk_probes_an_mm_without_rss_from_2_6_14)
{
	EXPECT_EQ(rss_zero_candidates("anon=anon_vma,file=prio_tree:rss=2.6.14,"
				      "fork=copy"), 2);
}

/*
 * page_referenced of a page of a shared mlocked mapping: referenced either
 * way, but probed only from 2.6.28. Returns the candidates.
 */
static unsigned long mlocked_candidates(const char *spec)
{
	struct address_space *f;
	struct mm_struct *mm;
	unsigned long a, n;

	start_model(spec, 4096);
	f = file_create("f", 8, false);
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
	ASSERT_EQ(do_mlock(mm, a, 4 * P, true), 0);
	ASSERT_NONNULL(page_at(mm, a + P));
	n = rmap_stats.candidates;
	EXPECT_GT(page_referenced(f->pages[1]), 0);
	n = rmap_stats.candidates - n;
	mmput(mm);
	file_put(f);
	finish_model();
	return n;
}

TEST(page_referenced_stops_at_a_shared_mlocked_vma_to_2_6_27)
{
	EXPECT_EQ(mlocked_candidates("anon=anon_vma,file=prio_tree:mlock=2.6.7"),
		  0);
}

TEST(page_referenced_probes_a_shared_mlocked_vma_from_2_6_28)
{
	EXPECT_EQ(mlocked_candidates("anon=anon_vma,file=prio_tree:"
				     "mlock=2.6.28"), 1);
}

/* validate() must notice a vma missing from its tree. */
TEST(validate_catches)
{
	struct mm_struct *mm;
	struct vm_area_struct *v;
	struct address_space *f;
	struct prio_tree_node *saved;

	start();
	f = file_create("f", 16, false);
	mm = mm_new();
	v = vma_at(mm, do_mmap(mm, 0, 4 * P, RM_PROT_READ, RM_MAP_SHARED, f,
			       0));
	EXPECT_EQ(prio_tree_scheme.validate(), 0);
	saved = f->i_mmap.prio.prio_tree_node;
	f->i_mmap.prio.prio_tree_node = NULL;
	fprintf(stderr, "(an error message is expected here)\n");
	EXPECT_NE(prio_tree_scheme.validate(), 0);
	f->i_mmap.prio.prio_tree_node = saved;
	EXPECT_EQ(held(f, v), 1);
	mmput(mm);
	file_put(f);
	finish_model();
}
