/*
 * objrmap's i_mmap lists (rmap 7): private vmas on i_mmap, shared ones on
 * i_mmap_shared, a forked child right after its parent, split halves and
 * munmap kept in step; file pages hold no pte_chain; a walk visits every
 * vma of the file and probes only those whose range holds the page.
 */
#include "common/lib/slab.h"
#include "common/model.h"
#include "tests/harness.h"

#define P PAGE_SIZE
#define MAXV 16

static void start(void)
{
	struct rmap_config cfg;
	char err[256];

	CHECK_EQ(rmap_config_parse("objrmap", &cfg, err, sizeof(err)), 0);
	CHECK_EQ(model_init(&cfg, 4096), 0);
}

static void finish(void)
{
	CHECK_EQ(model_exit(), 0);
}

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

static void test_lists(void)
{
	struct vm_area_struct *v[MAXV], *pa, *ps, *ca, *cs;
	struct mm_struct *mm, *child;
	struct address_space *f;
	struct list_head *priv, *shared;
	unsigned long a, s;

	start();
	mm = mm_new();
	f = file_create("f", 16, false);
	priv = &f->i_mmap.lists.i_mmap;
	shared = &f->i_mmap.lists.i_mmap_shared;
	a = do_mmap(mm, 0, 8 * P, RM_PROT_READ | RM_PROT_WRITE,
		    RM_MAP_PRIVATE, f, 0);
	s = do_mmap(mm, 0, 4 * P, RM_PROT_READ, RM_MAP_SHARED, f, 8);
	pa = find_vma(mm, a);
	ps = find_vma(mm, s);
	CHECK_EQ(list_vmas(priv, v), 1);
	CHECK(v[0] == pa);
	CHECK_EQ(list_vmas(shared, v), 1);
	CHECK(v[0] == ps);

	/* a second private mapping is appended; fork puts each child next */
	CHECK(!IS_ERR_VALUE(do_mmap(mm, 0, 2 * P, RM_PROT_READ,
				    RM_MAP_PRIVATE, f, 12)));
	child = dup_mm(mm);
	ca = find_vma(child, a);
	cs = find_vma(child, s);
	CHECK_EQ(list_vmas(priv, v), 4);
	CHECK(v[0] == pa);
	CHECK(v[1] == ca);
	CHECK(v[2]->vm_mm == mm && v[3]->vm_mm == child);
	CHECK_EQ(list_vmas(shared, v), 2);
	CHECK(v[0] == ps);
	CHECK(v[1] == cs);
	CHECK_EQ(model_validate(), 0);

	/* mprotect splits the parent's private vma in three */
	CHECK_EQ(do_mprotect(mm, a + 2 * P, 2 * P, RM_PROT_READ), 0);
	CHECK_EQ(mm->map_count, 5);
	CHECK_EQ(list_vmas(priv, v), 6);
	CHECK_EQ(on_list(priv, find_vma(mm, a)), 1);
	CHECK_EQ(on_list(priv, find_vma(mm, a + 2 * P)), 1);
	CHECK_EQ(on_list(priv, find_vma(mm, a + 4 * P)), 1);
	CHECK_EQ(on_list(shared, find_vma(mm, a + 2 * P)), 0);
	CHECK_EQ(model_validate(), 0);

	/* and mprotect back merges them again */
	CHECK_EQ(do_mprotect(mm, a + 2 * P, 2 * P, RM_PROT_READ |
			     RM_PROT_WRITE), 0);
	CHECK_EQ(mm->map_count, 3);
	CHECK_EQ(list_vmas(priv, v), 4);
	CHECK_EQ(model_validate(), 0);

	/* munmap of the child's vma, part of the parent's, then exit */
	CHECK_EQ(do_munmap(child, a, 8 * P), 0);
	CHECK_EQ(on_list(priv, ca), 0);
	CHECK_EQ(do_munmap(mm, a, 3 * P), 0);
	CHECK_EQ(list_vmas(priv, v), 3);
	CHECK_EQ(on_list(priv, find_vma(mm, a + 3 * P)), 1);
	CHECK_EQ(find_vma(mm, a + 3 * P)->vm_pgoff, 3);
	CHECK_EQ(model_validate(), 0);
	mmput(child);
	CHECK_EQ(list_vmas(priv, v), 2);
	CHECK_EQ(list_vmas(shared, v), 1);
	CHECK(v[0] == ps);
	mmput(mm);
	CHECK_EQ(list_vmas(priv, v), 0);
	CHECK_EQ(list_vmas(shared, v), 0);
	file_put(f);
	finish();
}

static int count(struct page *page, struct vm_area_struct *vma,
		 unsigned long addr, pte_t *ptep, void *arg)
{
	(void)page;
	(void)vma;
	(void)addr;
	(void)ptep;
	(*(int *)arg)++;
	return RMAP_CONTINUE;
}

/*
 * Four tasks map the file in four 2-page windows; the fourth never touches
 * its windows. A walk of pgoff 0 visits all 16 vmas, probes the three
 * in-range windows of the tasks with pages, and finds three mappings.
 */
static void test_walk_visits_every_vma(void)
{
	struct mm_struct *mm[4];
	struct address_space *f;
	struct slab_totals t;
	struct page *page;
	unsigned long nodes, cand, addr;
	int t_, w, found = 0;
	struct rmap_walk_control rwc = { .rmap_one = count, .arg = &found,
					 .all = true };

	start();
	f = file_create("f", 8, false);
	for (t_ = 0; t_ < 4; t_++) {
		mm[t_] = mm_new();
		for (w = 0; w < 4; w++) {
			addr = do_mmap(mm[t_], 0, 2 * P, RM_PROT_READ,
				       RM_MAP_SHARED, f, 2 * w);
			if (t_ < 3)
				CHECK_EQ(touch_range(mm[t_], addr, 2 * P,
						     false), 0);
		}
	}
	page = f->pages[0];
	CHECK_EQ(page_mapcount(page), 3);
	CHECK_EQ(page->rmap, 0);
	CHECK(!test_bit_flag(page, PG_direct));
	slab_rmap_totals(&t);
	CHECK_EQ(t.objects, 0);		/* no pte_chain for file pages */
	nodes = rmap_stats.nodes;
	cand = rmap_stats.candidates;
	rmap_walk(page, &rwc);
	CHECK_EQ(rmap_stats.nodes - nodes, 16);
	CHECK_EQ(rmap_stats.candidates - cand, 3);
	CHECK_EQ(found, 3);
	/* reclaim's walk stops once mapcount is used up */
	nodes = rmap_stats.nodes;
	CHECK(try_to_unmap(page));
	CHECK(rmap_stats.nodes - nodes < 16);
	CHECK_EQ(page_mapcount(page), 0);
	CHECK_EQ(model_validate(), 0);
	for (t_ = 0; t_ < 4; t_++)
		mmput(mm[t_]);
	file_put(f);
	finish();
}

int main(void)
{
	test_lists();
	test_walk_visits_every_vma();
	return test_done("test_linear");
}
