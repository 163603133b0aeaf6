/*
 * objrmap's i_mmap lists (rmap 7): private vmas on i_mmap, shared ones on
 * i_mmap_shared, a forked child right after its parent, split halves and
 * munmap kept in step; file pages hold no pte_chain; a walk visits every
 * vma of the file and probes only those whose range holds the page; an
 * mlocked vma ends page_referenced before its probe. McCracken's forms:
 * the -mjb walk (a lock per vma passed, no mapcount stop in
 * page_referenced, no rss skip) and 2.5.66-mm's lists sorted by vm_pgoff.
 */
#include "common/lib/tree_visit.h"
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

/*
 * The layout of walk_visits_every_vma: four tasks, four shared 2-page
 * windows each (pgoff 0, 2, 4, 6), the last task's never touched. Returns
 * the page at pgoff 0, mapped by the first window of tasks 0-2: the 1st,
 * 5th and 9th vma on i_mmap_shared, the 13th in range with no rss.
 */
static struct page *four_tasks(const char *spec, struct mm_struct **mm,
			       struct address_space **f)
{
	unsigned long addr;
	int t, win;

	start_model(spec, 4096);
	*f = file_create("f", 8, false);
	for (t = 0; t < 4; t++) {
		mm[t] = mm_new();
		for (win = 0; win < 4; win++) {
			addr = do_mmap(mm[t], 0, 2 * P, RM_PROT_READ,
				       RM_MAP_SHARED, *f, 2 * win);
			if (t < 3)
				ASSERT_EQ(touch_range(mm[t], addr, 2 * P,
						      false), 0);
		}
	}
	return (*f)->pages[0];
}

static void end_tasks(struct mm_struct **mm, struct address_space *f)
{
	int t;

	for (t = 0; t < 4; t++)
		mmput(mm[t]);
	file_put(f);
	finish_model();
}

struct walk_cost {
	unsigned long locks, nodes, candidates;
};

static struct walk_cost cost_since(const struct rmap_stats *before)
{
	struct walk_cost c = {
		rmap_stats.locks[LOCK_PAGE_TABLE] -
			before->locks[LOCK_PAGE_TABLE],
		rmap_stats.nodes - before->nodes,
		rmap_stats.candidates - before->candidates,
	};
	return c;
}

/*
 * McCracken's page_referenced_obj passes all 16 vmas, taking the
 * page_table trylock on each before find_pte's range check, probing the 4
 * in range (the rss-0 task's too); try_to_unmap_obj stops on the live
 * mapcount, at the 9th vma, a lock for each passed. rmap 7 locks only the
 * 3 probes, skipping the rss-0 task, and stops at mapcount in both walks.
 */
static void walk_costs(const char *spec, struct walk_cost *ref,
		       struct walk_cost *unmap)
{
	struct mm_struct *mm[4];
	struct address_space *f;
	struct rmap_stats before;
	struct page *page = four_tasks(spec, mm, &f);

	before = rmap_stats;
	page_referenced(page);
	*ref = cost_since(&before);
	before = rmap_stats;
	EXPECT_TRUE(try_to_unmap(page));
	*unmap = cost_since(&before);
	EXPECT_EQ(model_validate(), 0);
	end_tasks(mm, f);
}

TEST(mjb_walk_locks_every_vma_passed)
{
	struct walk_cost ref, unmap;

	walk_costs("anon=pte_chain,file=linear:walk=mjb", &ref, &unmap);
	EXPECT_EQ(ref.nodes, 16);
	EXPECT_EQ(ref.locks, 16);
	EXPECT_EQ(ref.candidates, 4);
	EXPECT_EQ(unmap.nodes, 9);
	EXPECT_EQ(unmap.locks, 9);
	EXPECT_EQ(unmap.candidates, 3);

	walk_costs("objrmap", &ref, &unmap);
	EXPECT_EQ(ref.nodes, 9);
	EXPECT_EQ(ref.locks, 3);
	EXPECT_EQ(ref.candidates, 3);
	EXPECT_EQ(unmap.nodes, 9);
	EXPECT_EQ(unmap.locks, 3);
	EXPECT_EQ(unmap.candidates, 3);
}

/*
 * rmap 7's page_referenced_file: an mlocked vma holding the page ends the
 * walk as referenced before any probe (the old model probed it first). On
 * i_mmap_shared VM_LOCKED is enough; on i_mmap it takes VM_MAYSHARE too (a
 * shared mapping of a read-only file), so a private mlocked vma is probed.
 */
static struct walk_cost locked_walk(int flags, unsigned long set,
				    int *referenced)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm[2];
	struct address_space *f;
	struct rmap_stats before;
	struct walk_cost c;
	unsigned long a;
	int i;

	start_model("objrmap", 4096);
	f = file_create("f", 2, false);
	for (i = 0; i < 2; i++) {
		mm[i] = mm_new();
		a = do_mmap(mm[i], 0, 2 * P, RM_PROT_READ, flags, f, 0);
		ASSERT_EQ(touch_range(mm[i], a, 2 * P, false), 0);
		if (!i) {
			vma = vma_at(mm[0], a);
			vma->vm_flags |= set;
		}
	}
	ClearPageReferenced(f->pages[0]);
	before = rmap_stats;
	*referenced = page_referenced(f->pages[0]);
	c = cost_since(&before);
	EXPECT_EQ(model_validate(), 0);
	for (i = 0; i < 2; i++)
		mmput(mm[i]);
	file_put(f);
	finish_model();
	return c;
}

TEST(rmap7_mlocked_vma_ends_page_referenced)
{
	struct walk_cost c;
	int referenced;

	c = locked_walk(RM_MAP_SHARED, VM_LOCKED, &referenced);
	EXPECT_EQ(referenced, 1);
	EXPECT_EQ(c.nodes, 1);
	EXPECT_EQ(c.candidates, 0);
	EXPECT_EQ(c.locks, 0);
	c = locked_walk(RM_MAP_PRIVATE, VM_LOCKED | VM_MAYSHARE, &referenced);
	EXPECT_EQ(referenced, 1);
	EXPECT_EQ(c.candidates, 0);
	/*
	 * a private mlocked vma is probed like any other: rmap 7 had no
	 * VM_LOCKED rule in page_referenced_one (2.6.25's is lru=2.6.25)
	 */
	c = locked_walk(RM_MAP_PRIVATE, VM_LOCKED, &referenced);
	EXPECT_EQ(referenced, 2);
	EXPECT_EQ(c.candidates, 2);
	EXPECT_EQ(c.locks, 2);
}

/* The real mlock: the same stop, from do_mlock's VM_LOCKED. */
TEST(rmap7_stops_at_an_mlocked_shared_mapping)
{
	struct mm_struct *mm[2];
	struct address_space *f;
	struct rmap_stats before;
	unsigned long a;
	int i;

	start_model("objrmap", 4096);
	f = file_create("f", 2, false);
	for (i = 0; i < 2; i++) {
		mm[i] = mm_new();
		a = do_mmap(mm[i], 0, 2 * P, RM_PROT_READ, RM_MAP_SHARED, f,
			    0);
		ASSERT_EQ(touch_range(mm[i], a, 2 * P, false), 0);
	}
	ASSERT_EQ(do_mlock(mm[0], mm[0]->mmap->vm_start, 2 * P, true), 0);
	before = rmap_stats;
	EXPECT_GE(page_referenced(f->pages[1]), 1);
	EXPECT_EQ(cost_since(&before).locks, 0);
	/* mm[1]'s pte was not reached: still young */
	EXPECT_TRUE(pte_at(mm[1], mm[1]->mmap->vm_start + P) &
		    _PAGE_ACCESSED);
	for (i = 0; i < 2; i++)
		mmput(mm[i]);
	file_put(f);
	finish_model();
}

/* The pgoffs of a list, in order; returns its length. */
static int list_pgoffs(struct list_head *head, unsigned long *pgoff)
{
	struct vm_area_struct *v[MAXV];
	int i, n = list_vmas(head, v);

	for (i = 0; i < n; i++)
		pgoff[i] = v[i]->vm_pgoff;
	return n;
}

/*
 * 2.5.66-mm's objsort: each vma goes in before the first of equal or
 * higher pgoff, the entries read counted as the insert's cost; a walk
 * stops at the first vma past the page's offset; a vma whose pgoff moves
 * (the lower part of a window unmapped) is relinked in order.
 */
TEST(objsort_lists_sorted_by_pgoff)
{
	static const unsigned long order[] = { 8, 2, 12, 0 };
	unsigned long pgoff[MAXV], updates, a[4];
	struct address_space *f;
	struct list_head *priv;
	struct mm_struct *mm;
	struct walk_result w;
	int i;

	start_model("anon=pte_chain,file=linear:i_mmap=objsort", 4096);
	mm = mm_new();
	f = file_create("f", 16, false);
	priv = &f->i_mmap.lists.i_mmap;
	updates = tree_nodes_updated;
	for (i = 0; i < 4; i++) {
		a[i] = do_mmap(mm, 0, 2 * P, RM_PROT_READ, RM_MAP_PRIVATE, f,
			       order[i]);
		ASSERT_EQ(touch_range(mm, a[i], 2 * P, false), 0);
	}
	/* 8: none read; 2: 8; 12: 2, 8; 0: 2 */
	EXPECT_EQ(tree_nodes_updated - updates, 4);
	ASSERT_EQ(list_pgoffs(priv, pgoff), 4);
	EXPECT_EQ(pgoff[0], 0);
	EXPECT_EQ(pgoff[1], 2);
	EXPECT_EQ(pgoff[2], 8);
	EXPECT_EQ(pgoff[3], 12);
	/* pgoff 3: vmas 0 and 2, then 8 ends it */
	w = walk_page(f->pages[3], true);
	EXPECT_EQ(w.nodes, 3);
	EXPECT_EQ(w.mappings, 1);
	/* the window at pgoff 2 loses its first page: now pgoff 3 */
	EXPECT_EQ(do_munmap(mm, a[1], P), 0);
	ASSERT_EQ(list_pgoffs(priv, pgoff), 4);
	EXPECT_EQ(pgoff[1], 3);
	EXPECT_EQ(model_validate(), 0);
	/* its pgoff moved under the list: the validator must see it */
	vma_at(mm, a[1] + P)->vm_pgoff = 9;
	EXPECT_NE(model_validate(), 0);
	vma_at(mm, a[1] + P)->vm_pgoff = 3;
	mmput(mm);
	file_put(f);
	finish_model();
}

/* 2.5.6-2.6.5's dup_mmap put the child just before its parent. */
TEST(fork_before_parent_until_2_6_6)
{
	struct vm_area_struct *v[MAXV];
	struct mm_struct *mm, *child;
	struct address_space *f;
	unsigned long a;

	start_model("anon=pte_chain,file=linear:i_mmap=2.5.6", 4096);
	mm = mm_new();
	f = file_create("f", 4, false);
	a = do_mmap(mm, 0, 4 * P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
	child = dup_mm(mm);
	ASSERT_EQ(list_vmas(&f->i_mmap.lists.i_mmap_shared, v), 2);
	EXPECT_TRUE(v[0] == vma_at(child, a));
	EXPECT_TRUE(v[1] == vma_at(mm, a));
	EXPECT_EQ(model_validate(), 0);
	mmput(child);
	mmput(mm);
	file_put(f);
	finish_model();
}
