/*
 * The model's semantics outside rmap, on the exhaustive scheme (the
 * simplest walk) with 2.6's reclaim: COW after
 * fork and the reuse of an exclusive page, split and merge boundaries and
 * pgoffs, mremap keeping pgoff, brk merging, swap-out and swap-in, a
 * teardown that leaves nothing behind, and host memory behind the model
 * that is resident before a run writes to it.
 */
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/model_test.h"

static void start(void)
{
	start_model("anon=exhaustive,file=exhaustive,lru=2.6.5", 4096);
}

TEST(cow_after_fork)
{
	struct mm_struct *mm, *child;
	unsigned long addr;
	struct page *page;

	start();
	mm = mm_new();
	addr = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, addr, 4 * P, true), 0);
	page = page_at(mm, addr);
	ASSERT_NONNULL(page);
	child = dup_mm(mm);
	EXPECT_TRUE(page_at(child, addr) == page);
	EXPECT_EQ(page_mapcount(page), 2);
	EXPECT_FALSE(pte_at(mm, addr) & _PAGE_RW);
	EXPECT_FALSE(pte_at(child, addr) & _PAGE_RW);
	EXPECT_EQ(handle_mm_fault(child, addr, true), VM_FAULT_MINOR);
	EXPECT_TRUE(page_at(child, addr) != page);
	EXPECT_TRUE(pte_at(child, addr) & _PAGE_RW);
	EXPECT_EQ(page_mapcount(page), 1);
	EXPECT_EQ(rmap_stats.cow_copies, 1);
	/* the parent's page is exclusive again: reused, not copied */
	EXPECT_EQ(handle_mm_fault(mm, addr, true), VM_FAULT_MINOR);
	EXPECT_TRUE(page_at(mm, addr) == page);
	EXPECT_EQ(rmap_stats.cow_reuses, 1);
	EXPECT_EQ(mm_rss_exact(mm), 4);
	EXPECT_EQ(mm_rss_exact(child), 4);
	mmput(child);
	mmput(mm);
	finish_model();
}

TEST(split_merge)
{
	struct mm_struct *mm;
	struct address_space *f;
	struct vm_area_struct *vma;
	unsigned long a, x;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 10 * P, RW, ANON, NULL, 0);
	EXPECT_EQ(do_mprotect(mm, a + 3 * P, 2 * P, RM_PROT_READ), 0);
	EXPECT_EQ(mm->map_count, 3);
	vma = find_vma(mm, a + 3 * P);
	EXPECT_EQ(vma->vm_start, a + 3 * P);
	EXPECT_EQ(vma->vm_end, a + 5 * P);
	EXPECT_EQ(vma->vm_pgoff, (a >> PAGE_SHIFT) + 3);
	EXPECT_EQ(find_vma(mm, a + 5 * P)->vm_pgoff, (a >> PAGE_SHIFT) + 5);
	EXPECT_EQ(do_mprotect(mm, a + 3 * P, 2 * P, RW), 0);
	EXPECT_EQ(mm->map_count, 1);
	EXPECT_EQ(find_vma(mm, a)->vm_pgoff, a >> PAGE_SHIFT);
	EXPECT_EQ(find_vma(mm, a)->vm_end, a + 10 * P);

	f = file_create("f", 32, false);
	x = 0x50000000UL;
	EXPECT_EQ(do_mmap(mm, x, 8 * P, RM_PROT_READ, RM_MAP_PRIVATE |
			  RM_MAP_FIXED, f, 4), x);
	EXPECT_EQ(do_munmap(mm, x + 2 * P, 3 * P), 0);
	EXPECT_EQ(find_vma(mm, x)->vm_pgoff, 4);
	EXPECT_EQ(find_vma(mm, x)->vm_end, x + 2 * P);
	EXPECT_EQ(find_vma(mm, x + 5 * P)->vm_start, x + 5 * P);
	EXPECT_EQ(find_vma(mm, x + 5 * P)->vm_pgoff, 9);
	/* contiguous pgoff below: the new mapping merges into the vma */
	EXPECT_EQ(do_mmap(mm, x - 4 * P, 4 * P, RM_PROT_READ, RM_MAP_PRIVATE |
			  RM_MAP_FIXED, f, 0), x - 4 * P);
	vma = find_vma(mm, x - 4 * P);
	EXPECT_EQ(vma->vm_start, x - 4 * P);
	EXPECT_EQ(vma->vm_end, x + 2 * P);
	EXPECT_EQ(vma->vm_pgoff, 0);
	/* not contiguous: no merge */
	EXPECT_EQ(do_mmap(mm, x + 2 * P, P, RM_PROT_READ, RM_MAP_PRIVATE |
			  RM_MAP_FIXED, f, 20), x + 2 * P);
	EXPECT_EQ(find_vma(mm, x + 2 * P)->vm_start, x + 2 * P);
	EXPECT_EQ(mm_validate(mm), 0);
	file_put(f);
	mmput(mm);
	finish_model();
}

TEST(mremap_keeps_pgoff)
{
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	unsigned long a, to = 0x60000000UL;
	struct page *page;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 4 * P, true), 0);
	page = page_at(mm, a + P);
	ASSERT_NONNULL(page);
	EXPECT_EQ(page->index, (a >> PAGE_SHIFT) + 1);
	ASSERT_EQ(do_mremap(mm, a, 4 * P, 8 * P, RM_MREMAP_MAYMOVE |
			    RM_MREMAP_FIXED, to), to);
	vma = find_vma(mm, to);
	EXPECT_EQ(vma->vm_pgoff, a >> PAGE_SHIFT);
	EXPECT_EQ(vma->vm_end, to + 8 * P);
	EXPECT_TRUE(page_at(mm, to + P) == page);
	EXPECT_EQ(pte_at(mm, a + P), 0);
	EXPECT_EQ(page->index, (a >> PAGE_SHIFT) + 1);
	EXPECT_EQ(vma_address(page, vma), to + P);
	EXPECT_NULL(vma_at(mm, a));
	/* shrink in place */
	EXPECT_EQ(do_mremap(mm, to, 8 * P, 2 * P, 0, 0), to);
	EXPECT_EQ(find_vma(mm, to)->vm_end, to + 2 * P);
	mmput(mm);
	finish_model();
}

TEST(brk)
{
	struct mm_struct *mm;
	unsigned long base;

	start();
	mm = mm_new();
	base = mm->brk;
	EXPECT_EQ(do_brk(mm, base + 3 * P), base + 3 * P);
	EXPECT_EQ(do_brk(mm, base + 8 * P), base + 8 * P);
	EXPECT_EQ(mm->map_count, 1);
	EXPECT_EQ(find_vma(mm, base)->vm_end, base + 8 * P);
	EXPECT_EQ(find_vma(mm, base)->vm_pgoff, base >> PAGE_SHIFT);
	ASSERT_EQ(touch_range(mm, base, 8 * P, true), 0);
	EXPECT_EQ(do_brk(mm, base + 2 * P), base + 2 * P);
	EXPECT_EQ(find_vma(mm, base)->vm_end, base + 2 * P);
	EXPECT_EQ(mm_rss_exact(mm), 2);
	EXPECT_EQ(do_brk(mm, base - P), base + 2 * P);	/* below start_brk */
	mmput(mm);
	finish_model();
}

TEST(swap_out_and_in)
{
	struct mm_struct *mm, *child;
	unsigned long a;
	struct page *page;
	pte_t pte;

	start();
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 2 * P, true), 0);
	child = dup_mm(mm);
	ASSERT_TRUE(press_until_swapped(mm, a));
	pte = pte_at(mm, a);
	EXPECT_EQ(pte, pte_at(child, a));
	EXPECT_EQ(swap_count(pte_to_swp_slot(pte)), 2);
	EXPECT_EQ(mm_rss_exact(mm), 0);
	EXPECT_EQ(handle_mm_fault(mm, a, false), VM_FAULT_MINOR);
	page = page_at(mm, a);
	ASSERT_NONNULL(page);
	EXPECT_TRUE(PageSwapCache(page));
	EXPECT_TRUE(PageAnon(page));
	EXPECT_EQ(handle_mm_fault(child, a, false), VM_FAULT_MINOR);
	EXPECT_TRUE(page_at(child, a) == page);
	EXPECT_EQ(page_mapcount(page), 2);
	/*
	 * no swap pte needs it any more, but it stays in the swap cache
	 * while swap is not half full: a clean page reclaimed again costs
	 * no new slot and no write
	 */
	EXPECT_TRUE(PageSwapCache(page));
	EXPECT_EQ(walk_page(page, false).mappings, 2);
	EXPECT_EQ(rmap_stats.swap_ins, 2);
	mmput(child);
	mmput(mm);
	finish_model();
}

#ifdef __SANITIZE_ADDRESS__
#define SANITIZED	true
#else
#define SANITIZED	false
#endif

/* Whether a forked child has addr mapped (mincore fails where it has not). */
static bool child_sees(const void *addr)
{
	unsigned char vec;
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0)
		_exit(mincore((void *)((uintptr_t)addr & ~(uintptr_t)4095),
			      4096, &vec) ? 1 : 0);
	return pid > 0 && waitpid(pid, &status, 0) == pid &&
	       WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/*
 * The host memory behind mem_map and every page's page-table slot is
 * resident from model_init on and kept for the next instance: a benchmark
 * writing page tables takes no host page fault inside its timed run, and a
 * fixture rebuilt at the same size lies at the same addresses. A forked
 * child (the host-kernel components fork) does not inherit it.
 */
TEST(host_memory_resident_and_kept)
{
	struct rusage before, after;
	struct page *map;
	unsigned long pfn;
	char *tables;

	SKIP_IF(SANITIZED, "AddressSanitizer's shadow faults in on first use");
	start();
	map = mem_map;
	tables = pgtable_base;
	getrusage(RUSAGE_SELF, &before);
	for (pfn = 1; pfn < max_mapnr; pfn++)
		((volatile char *)page_table_entries(pfn_to_page(pfn)))[pfn %
								    PAGE_SIZE] = 1;
	getrusage(RUSAGE_SELF, &after);
	EXPECT_EQ(after.ru_minflt - before.ru_minflt, 0);
	EXPECT_FALSE(child_sees(mem_map));
	EXPECT_FALSE(child_sees(pgtable_base));
	finish_model();
	start();
	EXPECT_TRUE(mem_map == map);
	EXPECT_TRUE(pgtable_base == tables);
	finish_model();
}
