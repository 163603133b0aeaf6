/*
 * The anon_vma scheme (2.6.7 - 2.6.33): find_mergeable_anon_vma shares a
 * neighbour's anon_vma, a fork family shares one anon_vma and its walk
 * visits every vma of the family, the anon_vma goes with the last vma on
 * its list, mremap keeps pgoff so page->index stays valid, and a vma that
 * never faulted takes its pgoff from the address it is moved to.
 */
#include "common/lib/slab.h"
#include "common/check.h"
#include "common/model.h"
#include "tests/harness.h"

#define P PAGE_SIZE
#define RW (RM_PROT_READ | RM_PROT_WRITE)
#define ANON (RM_MAP_PRIVATE | RM_MAP_ANON)

extern const struct rmap_scheme anon_vma_scheme;

static void start(void)
{
	struct rmap_config cfg;
	char err[256];

	CHECK_EQ(rmap_config_parse("anon_vma", &cfg, err, sizeof(err)), 0);
	CHECK(cfg.anon == &anon_vma_scheme);
	CHECK_EQ(model_init(&cfg, 4096), 0);
}

static void finish(void)
{
	CHECK_EQ(model_exit(), 0);
}

/* Live anon_vmas: the only rmap slab objects of this generation. */
static unsigned long anon_vmas(void)
{
	struct slab_totals t;

	slab_rmap_totals(&t);
	return t.objects;
}

/* vmas on the list vma is on: the ring, less the anon_vma's own head. */
static unsigned long list_len(struct vm_area_struct *vma)
{
	struct list_head *p;
	unsigned long n = 0;

	for (p = vma->anon_vma_node.next; p != &vma->anon_vma_node;
	     p = p->next)
		n++;
	return n;
}

static struct vm_area_struct *vma_at(struct mm_struct *mm, unsigned long a)
{
	struct vm_area_struct *vma = find_vma(mm, a);

	return vma && vma->vm_start <= a ? vma : NULL;
}

static struct page *page_at(struct mm_struct *mm, unsigned long a)
{
	pte_t *p = pte_offset(mm, a);

	return p && pte_present(*p) ? pte_page(*p) : NULL;
}

static void test_find_mergeable(void)
{
	struct vm_area_struct *lo, *hi;
	struct address_space *f;
	struct mm_struct *mm;
	unsigned long a, b;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 8 * P, RW, ANON, NULL, 0);
	/* differ in EXEC only: two vmas, neither faulted yet */
	CHECK_EQ(do_mprotect(mm, a + 4 * P, 4 * P, RW | RM_PROT_EXEC), 0);
	CHECK_EQ(mm->map_count, 2);
	CHECK_EQ(handle_mm_fault(mm, a, true), VM_FAULT_MINOR);
	lo = vma_at(mm, a);
	hi = vma_at(mm, a + 4 * P);
	CHECK(lo->anon_vma != NULL && hi->anon_vma == NULL);
	CHECK_EQ(anon_vmas(), 1);
	/* hi's first fault borrows lo's anon_vma instead of allocating */
	CHECK_EQ(handle_mm_fault(mm, a + 5 * P, true), VM_FAULT_MINOR);
	CHECK(hi->anon_vma == lo->anon_vma);
	CHECK_EQ(anon_vmas(), 1);
	CHECK_EQ(list_len(lo), 2);
	/* ...which is what lets mprotect merge them again */
	CHECK_EQ(do_mprotect(mm, a + 4 * P, 4 * P, RW), 0);
	CHECK_EQ(mm->map_count, 1);
	CHECK_EQ(list_len(vma_at(mm, a)), 1);
	CHECK_EQ(anon_vma_scheme.validate(), 0);

	/* private file vmas of one file, adjacent but not contiguous */
	f = file_create("f", 32, false);
	b = 0x50000000UL;
	CHECK_EQ(do_mmap(mm, b, 4 * P, RW, RM_MAP_PRIVATE | RM_MAP_FIXED, f,
			 0), b);
	CHECK_EQ(do_mmap(mm, b + 4 * P, 4 * P, RW, RM_MAP_PRIVATE |
			 RM_MAP_FIXED, f, 10), b + 4 * P);
	CHECK_EQ(handle_mm_fault(mm, b, true), VM_FAULT_MINOR);
	CHECK_EQ(handle_mm_fault(mm, b + 4 * P, true), VM_FAULT_MINOR);
	CHECK(vma_at(mm, b)->anon_vma != vma_at(mm, b + 4 * P)->anon_vma);
	CHECK_EQ(anon_vmas(), 3);
	/* contiguous, differing in EXEC: the next one shares, and merges */
	CHECK_EQ(do_mmap(mm, b + 8 * P, 4 * P, RW | RM_PROT_EXEC,
			 RM_MAP_PRIVATE | RM_MAP_FIXED, f, 14), b + 8 * P);
	CHECK_EQ(mm->map_count, 4);
	CHECK_EQ(handle_mm_fault(mm, b + 8 * P, true), VM_FAULT_MINOR);
	CHECK_EQ(anon_vmas(), 3);
	CHECK(vma_at(mm, b + 8 * P)->anon_vma ==
	      vma_at(mm, b + 4 * P)->anon_vma);
	CHECK_EQ(do_mprotect(mm, b + 8 * P, 4 * P, RW), 0);
	CHECK_EQ(mm->map_count, 3);
	CHECK_EQ(anon_vma_scheme.validate(), 0);
	mmput(mm);
	file_put(f);
	CHECK_EQ(anon_vmas(), 0);
	finish();
}

static void test_fork_family(void)
{
	struct mm_struct *mm, *c[3];
	struct vm_area_struct *v;
	struct page *page;
	unsigned long a, before;
	int i;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, a, 4 * P, true), 0);
	v = vma_at(mm, a);
	for (i = 0; i < 3; i++) {
		c[i] = dup_mm(mm);
		CHECK(vma_at(c[i], a)->anon_vma == v->anon_vma);
		/* each child COWs its own copy of page 1 */
		CHECK_EQ(handle_mm_fault(c[i], a + P, true), VM_FAULT_MINOR);
	}
	CHECK_EQ(anon_vmas(), 1);
	CHECK_EQ(list_len(v), 4);
	page = page_at(c[0], a + P);
	CHECK_EQ(page_mapcount(page), 1);
	CHECK(page_anon_object(page) == v->anon_vma);
	CHECK_EQ(page->index, (a >> PAGE_SHIFT) + 1);
	/* one mapping, four vmas probed: newest first, c[0] last but one */
	before = rmap_stats.nodes;
	page_referenced(page);
	CHECK_EQ(rmap_stats.nodes - before, 3);
	before = rmap_stats.nodes;
	page_referenced(page_at(mm, a + P));
	CHECK_EQ(rmap_stats.nodes - before, 4);
	CHECK_EQ(anon_vma_scheme.validate(), 0);
	CHECK_EQ(check_verify(stderr, "fork family"), 0);

	/* the anon_vma lives while any vma of the family does */
	mmput(mm);
	mmput(c[1]);
	CHECK_EQ(anon_vmas(), 1);
	CHECK_EQ(list_len(vma_at(c[0], a)), 2);
	mmput(c[0]);
	CHECK_EQ(anon_vmas(), 1);
	mmput(c[2]);
	CHECK_EQ(anon_vmas(), 0);
	finish();
}

static void test_mremap(void)
{
	struct vm_area_struct *v;
	struct mm_struct *mm;
	struct page *page;
	unsigned long a, b, to = 0x60000000UL, to2 = 0x70000000UL;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, a, 4 * P, true), 0);
	page = page_at(mm, a + 2 * P);
	CHECK_EQ(do_mremap(mm, a, 4 * P, 4 * P, RM_MREMAP_MAYMOVE |
			   RM_MREMAP_FIXED, to), to);
	v = vma_at(mm, to);
	CHECK_EQ(v->vm_pgoff, a >> PAGE_SHIFT);
	CHECK(page_at(mm, to + 2 * P) == page);
	CHECK_EQ(page->index, (a >> PAGE_SHIFT) + 2);
	CHECK_EQ(vma_address(page, v), to + 2 * P);
	CHECK_EQ(list_len(v), 1);
	CHECK_EQ(check_verify(stderr, "mremap"), 0);

	/* never faulted: no anon_vma, so pgoff follows the new address */
	b = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK(vma_at(mm, b)->anon_vma == NULL);
	CHECK_EQ(do_mremap(mm, b, 4 * P, 4 * P, RM_MREMAP_MAYMOVE |
			   RM_MREMAP_FIXED, to2), to2);
	v = vma_at(mm, to2);
	CHECK_EQ(v->vm_pgoff, to2 >> PAGE_SHIFT);
	CHECK_EQ(handle_mm_fault(mm, to2 + P, true), VM_FAULT_MINOR);
	CHECK_EQ(page_at(mm, to2 + P)->index, (to2 >> PAGE_SHIFT) + 1);
	CHECK_EQ(anon_vma_scheme.validate(), 0);
	mmput(mm);
	finish();
}

/* validate() must notice a vma that left its anon_vma's list. */
static void test_validate_catches(void)
{
	struct mm_struct *mm, *child;
	struct vm_area_struct *v;
	struct list_head saved;
	unsigned long a;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, a, P, true), 0);
	v = vma_at(mm, a);
	child = dup_mm(mm);
	CHECK_EQ(anon_vma_scheme.validate(), 0);
	saved = v->anon_vma_node;
	list_del(&v->anon_vma_node);
	fprintf(stderr, "(an error message is expected here)\n");
	CHECK(anon_vma_scheme.validate() != 0);
	saved.prev->next = &v->anon_vma_node;
	saved.next->prev = &v->anon_vma_node;
	v->anon_vma_node = saved;
	CHECK_EQ(anon_vma_scheme.validate(), 0);
	mmput(child);
	mmput(mm);
	finish();
}

int main(void)
{
	test_find_mergeable();
	test_fork_family();
	test_mremap();
	test_validate_catches();
	return test_done("test_anon_vma");
}
