/*
 * objrmap's i_mmap lists (rmap 7): private vmas on i_mmap, shared ones on
 * i_mmap_shared, a forked child right after its parent, split halves and
 * munmap kept in step; file pages hold no pte_chain; a walk visits every
 * vma of the file and probes only those whose range holds the page.
 */
#include "tests/model_test.h"

#define MAXV 16

/* The list in order; returns its length. */
static int list_vmas(struct list_head *head, struct vm_area_struct **v)
{
	struct vm_area_struct *vma;
	int n = 0;

	list_for_each_entry(vma, head, shared.list)
		if (n < MAXV)
			v[n++] = vma;
	return n;
}

static int on_list(struct list_head *head, struct vm_area_struct *vma)
{
	struct vm_area_struct *v[MAXV];
	int i, n = list_vmas(head, v), hits = 0;

	for (i = 0; i < n; i++)
		hits += v[i] == vma;
	return hits;
}

TEST(lists_follow_mmap_fork_split_munmap)
{
	struct vm_area_struct *v[MAXV], *pa, *ps, *ca, *cs;
	struct mm_struct *mm, *child;
	struct address_space *f;
	struct list_head *priv, *shared;
	unsigned long a, s;

	start_model("objrmap", 4096);
	mm = mm_new();
	f = file_create("f", 16, false);
	priv = &f->i_mmap.lists.i_mmap;
	shared = &f->i_mmap.lists.i_mmap_shared;
	a = do_mmap(mm, 0, 8 * P, RM_PROT_READ | RM_PROT_WRITE,
		    RM_MAP_PRIVATE, f, 0);
	s = do_mmap(mm, 0, 4 * P, RM_PROT_READ, RM_MAP_SHARED, f, 8);
	pa = find_vma(mm, a);
	ps = find_vma(mm, s);
	ASSERT_EQ(list_vmas(priv, v), 1);
	EXPECT_TRUE(v[0] == pa);
	ASSERT_EQ(list_vmas(shared, v), 1);
	EXPECT_TRUE(v[0] == ps);

	/* a second private mapping is appended; fork puts each child next */
	ASSERT_FALSE(IS_ERR_VALUE(do_mmap(mm, 0, 2 * P, RM_PROT_READ,
					  RM_MAP_PRIVATE, f, 12)));
	child = dup_mm(mm);
	ca = find_vma(child, a);
	cs = find_vma(child, s);
	ASSERT_EQ(list_vmas(priv, v), 4);
	EXPECT_TRUE(v[0] == pa);
	EXPECT_TRUE(v[1] == ca);
	EXPECT_TRUE(v[2]->vm_mm == mm);
	EXPECT_TRUE(v[3]->vm_mm == child);
	ASSERT_EQ(list_vmas(shared, v), 2);
	EXPECT_TRUE(v[0] == ps);
	EXPECT_TRUE(v[1] == cs);
	EXPECT_EQ(model_validate(), 0);

	/* mprotect splits the parent's private vma in three */
	EXPECT_EQ(do_mprotect(mm, a + 2 * P, 2 * P, RM_PROT_READ), 0);
	EXPECT_EQ(mm->map_count, 5);
	EXPECT_EQ(list_vmas(priv, v), 6);
	EXPECT_EQ(on_list(priv, find_vma(mm, a)), 1);
	EXPECT_EQ(on_list(priv, find_vma(mm, a + 2 * P)), 1);
	EXPECT_EQ(on_list(priv, find_vma(mm, a + 4 * P)), 1);
	EXPECT_EQ(on_list(shared, find_vma(mm, a + 2 * P)), 0);
	EXPECT_EQ(model_validate(), 0);

	/* and mprotect back merges them again */
	EXPECT_EQ(do_mprotect(mm, a + 2 * P, 2 * P, RM_PROT_READ |
			      RM_PROT_WRITE), 0);
	EXPECT_EQ(mm->map_count, 3);
	EXPECT_EQ(list_vmas(priv, v), 4);
	EXPECT_EQ(model_validate(), 0);

	/* munmap of the child's vma, part of the parent's, then exit */
	EXPECT_EQ(do_munmap(child, a, 8 * P), 0);
	EXPECT_EQ(on_list(priv, ca), 0);
	EXPECT_EQ(do_munmap(mm, a, 3 * P), 0);
	EXPECT_EQ(list_vmas(priv, v), 3);
	EXPECT_EQ(on_list(priv, find_vma(mm, a + 3 * P)), 1);
	EXPECT_EQ(find_vma(mm, a + 3 * P)->vm_pgoff, 3);
	EXPECT_EQ(model_validate(), 0);
	mmput(child);
	EXPECT_EQ(list_vmas(priv, v), 2);
	ASSERT_EQ(list_vmas(shared, v), 1);
	EXPECT_TRUE(v[0] == ps);
	mmput(mm);
	EXPECT_EQ(list_vmas(priv, v), 0);
	EXPECT_EQ(list_vmas(shared, v), 0);
	file_put(f);
	finish_model();
}

/*
 * Four tasks map the file in four 2-page windows; the fourth never touches
 * its windows. A walk of pgoff 0 visits all 16 vmas, probes the three
 * in-range windows of the tasks with pages, and finds three mappings.
 */
TEST(walk_visits_every_vma)
{
	struct mm_struct *mm[4];
	struct address_space *f;
	struct walk_result w;
	struct page *page;
	unsigned long nodes, addr;
	int t, win;

	start_model("objrmap", 4096);
	f = file_create("f", 8, false);
	for (t = 0; t < 4; t++) {
		mm[t] = mm_new();
		for (win = 0; win < 4; win++) {
			addr = do_mmap(mm[t], 0, 2 * P, RM_PROT_READ,
				       RM_MAP_SHARED, f, 2 * win);
			if (t < 3)
				ASSERT_EQ(touch_range(mm[t], addr, 2 * P,
						      false), 0);
		}
	}
	page = f->pages[0];
	EXPECT_EQ(page_mapcount(page), 3);
	EXPECT_EQ(page->rmap, 0);
	EXPECT_FALSE(test_bit_flag(page, PG_direct));
	EXPECT_EQ(rmap_objects(), 0);	/* no pte_chain for file pages */
	w = walk_page(page, true);
	EXPECT_EQ(w.nodes, 16);
	EXPECT_EQ(w.candidates, 3);
	EXPECT_EQ(w.mappings, 3);
	/* reclaim's walk stops once mapcount is used up */
	nodes = rmap_stats.nodes;
	EXPECT_TRUE(try_to_unmap(page));
	EXPECT_LT(rmap_stats.nodes - nodes, 16);
	EXPECT_EQ(page_mapcount(page), 0);
	EXPECT_EQ(model_validate(), 0);
	for (t = 0; t < 4; t++)
		mmput(mm[t]);
	file_put(f);
	finish_model();
}
