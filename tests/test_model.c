/*
 * The model's semantics outside rmap, on the scan generation: COW after
 * fork and the reuse of an exclusive page, split and merge boundaries and
 * pgoffs, mremap keeping pgoff, brk merging, swap-out and swap-in, and a
 * teardown that leaves nothing behind.
 */
#include <string.h>

#include "common/model.h"
#include "tests/harness.h"

#define P PAGE_SIZE
#define RW (RM_PROT_READ | RM_PROT_WRITE)
#define ANON (RM_MAP_PRIVATE | RM_MAP_ANON)

static void start(void)
{
	struct rmap_config cfg;
	char err[256];

	CHECK_EQ(rmap_config_parse("scan", &cfg, err, sizeof(err)), 0);
	CHECK_EQ(model_init(&cfg, 4096), 0);
}

static void finish(void)
{
	CHECK_EQ(model_exit(), 0);
}

static pte_t pte_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t *p = pte_offset(mm, addr);

	return p ? *p : 0;
}

static void test_cow_after_fork(void)
{
	struct mm_struct *mm, *child;
	unsigned long addr;
	struct page *page;

	start();
	mm = mm_new();
	addr = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, addr, 4 * P, true), 0);
	page = pte_page(pte_at(mm, addr));
	child = dup_mm(mm);
	CHECK(pte_page(pte_at(child, addr)) == page);
	CHECK_EQ(page_mapcount(page), 2);
	CHECK(!(pte_at(mm, addr) & _PAGE_RW));
	CHECK(!(pte_at(child, addr) & _PAGE_RW));
	CHECK_EQ(handle_mm_fault(child, addr, true), VM_FAULT_MINOR);
	CHECK(pte_page(pte_at(child, addr)) != page);
	CHECK(pte_at(child, addr) & _PAGE_RW);
	CHECK_EQ(page_mapcount(page), 1);
	CHECK_EQ(rmap_stats.cow_copies, 1);
	/* the parent's page is exclusive again: reused, not copied */
	CHECK_EQ(handle_mm_fault(mm, addr, true), VM_FAULT_MINOR);
	CHECK(pte_page(pte_at(mm, addr)) == page);
	CHECK_EQ(rmap_stats.cow_reuses, 1);
	CHECK_EQ(mm->rss, 4);
	CHECK_EQ(child->rss, 4);
	mmput(child);
	mmput(mm);
	finish();
}

static void test_split_merge(void)
{
	struct mm_struct *mm;
	struct address_space *f;
	struct vm_area_struct *vma;
	unsigned long a, x;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 10 * P, RW, ANON, NULL, 0);
	CHECK_EQ(do_mprotect(mm, a + 3 * P, 2 * P, RM_PROT_READ), 0);
	CHECK_EQ(mm->map_count, 3);
	vma = find_vma(mm, a + 3 * P);
	CHECK_EQ(vma->vm_start, a + 3 * P);
	CHECK_EQ(vma->vm_end, a + 5 * P);
	CHECK_EQ(vma->vm_pgoff, (a >> PAGE_SHIFT) + 3);
	CHECK_EQ(find_vma(mm, a + 5 * P)->vm_pgoff, (a >> PAGE_SHIFT) + 5);
	CHECK_EQ(do_mprotect(mm, a + 3 * P, 2 * P, RW), 0);
	CHECK_EQ(mm->map_count, 1);
	CHECK_EQ(find_vma(mm, a)->vm_pgoff, a >> PAGE_SHIFT);
	CHECK_EQ(find_vma(mm, a)->vm_end, a + 10 * P);

	f = file_create("f", 32, false);
	x = 0x50000000UL;
	CHECK_EQ(do_mmap(mm, x, 8 * P, RM_PROT_READ, RM_MAP_PRIVATE |
			 RM_MAP_FIXED, f, 4), x);
	CHECK_EQ(do_munmap(mm, x + 2 * P, 3 * P), 0);
	CHECK_EQ(find_vma(mm, x)->vm_pgoff, 4);
	CHECK_EQ(find_vma(mm, x)->vm_end, x + 2 * P);
	CHECK_EQ(find_vma(mm, x + 5 * P)->vm_start, x + 5 * P);
	CHECK_EQ(find_vma(mm, x + 5 * P)->vm_pgoff, 9);
	/* contiguous pgoff below: the new mapping merges into the vma */
	CHECK_EQ(do_mmap(mm, x - 4 * P, 4 * P, RM_PROT_READ, RM_MAP_PRIVATE |
			 RM_MAP_FIXED, f, 0), x - 4 * P);
	vma = find_vma(mm, x - 4 * P);
	CHECK_EQ(vma->vm_start, x - 4 * P);
	CHECK_EQ(vma->vm_end, x + 2 * P);
	CHECK_EQ(vma->vm_pgoff, 0);
	/* not contiguous: no merge */
	CHECK_EQ(do_mmap(mm, x + 2 * P, P, RM_PROT_READ, RM_MAP_PRIVATE |
			 RM_MAP_FIXED, f, 20), x + 2 * P);
	CHECK_EQ(find_vma(mm, x + 2 * P)->vm_start, x + 2 * P);
	CHECK_EQ(mm_validate(mm), 0);
	file_put(f);
	mmput(mm);
	finish();
}

static void test_mremap_keeps_pgoff(void)
{
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	unsigned long a, to = 0x60000000UL;
	struct page *page;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, a, 4 * P, true), 0);
	page = pte_page(pte_at(mm, a + P));
	CHECK_EQ(page->index, (a >> PAGE_SHIFT) + 1);
	CHECK_EQ(do_mremap(mm, a, 4 * P, 8 * P, RM_MREMAP_MAYMOVE |
			   RM_MREMAP_FIXED, to), to);
	vma = find_vma(mm, to);
	CHECK_EQ(vma->vm_pgoff, a >> PAGE_SHIFT);
	CHECK_EQ(vma->vm_end, to + 8 * P);
	CHECK(pte_page(pte_at(mm, to + P)) == page);
	CHECK_EQ(pte_at(mm, a + P), 0);
	CHECK_EQ(page->index, (a >> PAGE_SHIFT) + 1);
	CHECK_EQ(vma_address(page, vma), to + P);
	CHECK(!find_vma(mm, a) || find_vma(mm, a)->vm_start > a);
	/* shrink in place */
	CHECK_EQ(do_mremap(mm, to, 8 * P, 2 * P, 0, 0), to);
	CHECK_EQ(find_vma(mm, to)->vm_end, to + 2 * P);
	mmput(mm);
	finish();
}

static void test_brk(void)
{
	struct mm_struct *mm;
	unsigned long base;

	start();
	mm = mm_new();
	base = mm->brk;
	CHECK_EQ(do_brk(mm, base + 3 * P), base + 3 * P);
	CHECK_EQ(do_brk(mm, base + 8 * P), base + 8 * P);
	CHECK_EQ(mm->map_count, 1);
	CHECK_EQ(find_vma(mm, base)->vm_end, base + 8 * P);
	CHECK_EQ(find_vma(mm, base)->vm_pgoff, base >> PAGE_SHIFT);
	CHECK_EQ(touch_range(mm, base, 8 * P, true), 0);
	CHECK_EQ(do_brk(mm, base + 2 * P), base + 2 * P);
	CHECK_EQ(find_vma(mm, base)->vm_end, base + 2 * P);
	CHECK_EQ(mm->rss, 2);
	CHECK_EQ(do_brk(mm, base - P), base + 2 * P);	/* below start_brk */
	mmput(mm);
	finish();
}

static int count_mappings(struct page *page, struct vm_area_struct *vma,
			  unsigned long addr, pte_t *ptep, void *arg)
{
	(void)page;
	(void)vma;
	(void)addr;
	(void)ptep;
	(*(int *)arg)++;
	return RMAP_CONTINUE;
}

static void test_swap(void)
{
	struct mm_struct *mm, *child;
	unsigned long a;
	struct page *page;
	pte_t pte;
	int found = 0;
	struct rmap_walk_control rwc = { .rmap_one = count_mappings,
					 .arg = &found };

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, a, 2 * P, true), 0);
	child = dup_mm(mm);
	/* two passes: the first only clears the accessed bits */
	shrink(lru_size());
	shrink(lru_size());
	pte = pte_at(mm, a);
	CHECK(pte_is_swap(pte));
	CHECK_EQ(pte, pte_at(child, a));
	CHECK_EQ(swap_count(pte_to_swp_slot(pte)), 2);
	CHECK_EQ(mm->rss, 0);
	CHECK_EQ(handle_mm_fault(mm, a, false), VM_FAULT_MINOR);
	page = pte_page(pte_at(mm, a));
	CHECK(PageSwapCache(page));
	CHECK(PageAnon(page));
	CHECK_EQ(handle_mm_fault(child, a, false), VM_FAULT_MINOR);
	CHECK(pte_page(pte_at(child, a)) == page);
	CHECK_EQ(page_mapcount(page), 2);
	CHECK(!PageSwapCache(page));	/* no swap pte needs it any more */
	rmap_walk(page, &rwc);
	CHECK_EQ(found, 2);
	CHECK_EQ(rmap_stats.swap_ins, 2);
	mmput(child);
	mmput(mm);
	finish();
}

int main(void)
{
	test_cow_after_fork();
	test_split_merge();
	test_mremap_keeps_pgoff();
	test_brk();
	test_swap();
	return test_done("test_model");
}
