/*
 * Page-table allocation, lookup and freeing. A lookup costs one dependent load
 * per level, as a hardware or software walk does; that is the cost of every
 * pte check an object-based walk makes.
 */
#include <string.h>

#include "common/lock.h"
#include "common/pgtable.h"
#include "common/rmap.h"

#ifdef RMAP_LOCKDEP
_Thread_local unsigned long pte_full_clears[2];
#endif

static const unsigned level_shift[] = { 0, PAGE_SHIFT, PMD_SHIFT, PUD_SHIFT,
					PGDIR_SHIFT };

static inline unsigned table_index(unsigned long addr, int level)
{
	return (addr >> level_shift[level]) & (PTRS_PER_TABLE - 1);
}

static struct page *pgtable_page_alloc(struct mm_struct *mm, unsigned long base)
{
	struct page *page = alloc_page();

	if (!page)
		return NULL;
	/* the model's own mark, on a page no other CPU reaches: __set_bit */
	__SetPagePgtable(page);
	page->mapping = (unsigned long)mm;
	page->index = base;
	/* pte_lock_init(): the split lock, used in pte tables only */
	page->ptl = (spinlock_t){ 0 };
	memset(page_table_entries(page), 0, PAGE_SIZE);
	if (++rmap_stats.pgtable_pages > rmap_stats.pgtable_peak)
		rmap_stats.pgtable_peak = rmap_stats.pgtable_pages;
	return page;
}

static void pgtable_page_free(struct mm_struct *mm, struct page *page)
{
	__ClearPagePgtable(page);
	page->mapping = 0;
	rmap_stats.pgtable_pages--;
	if (page != mm->pgd)
		mm->nr_ptes--;
	put_page(page);
}

int pgd_alloc(struct mm_struct *mm)
{
	mm->pgd = pgtable_page_alloc(mm, 0);
	return mm->pgd ? 0 : -1;
}

/*
 * An upper-level entry (pgd, pud or pmd alike), read where a walk on
 * another CPU may meet a table that its owner has just populated: an
 * acquire, so the table's zeroed words are seen after the entry, as the
 * walker's smp_read_barrier_depends() of 2.6.28 ordered them (362a61ad611
 * "fix SMP data race in pagetable setup vs walking"). x86 never needed
 * the barrier: a plain mov, as it is here.
 */
static inline pte_t pmdp_get(const pte_t *e)
{
	return __atomic_load_n(e, __ATOMIC_ACQUIRE);
}

/* pmd_populate() after that fix's smp_wmb(): a release, a plain mov */
static inline void pmd_populate(pte_t *e, const struct page *table)
{
	__atomic_store_n(e, (page_to_pfn(table) << PAGE_SHIFT) | _PAGE_PRESENT,
			 __ATOMIC_RELEASE);
}

static inline pte_t *entry_table(pte_t entry)
{
	return page_table_entries(pfn_to_page(entry >> PAGE_SHIFT));
}

pte_t *pte_offset(struct mm_struct *mm, unsigned long addr)
{
	pte_t *table = page_table_entries(mm->pgd);
	int level;

	for (level = 4; level > 1; level--) {
		pte_t e = pmdp_get(&table[table_index(addr, level)]);

		if (!(e & _PAGE_PRESENT))
			return NULL;
		table = entry_table(e);
	}
	return &table[table_index(addr, 1)];
}

pte_t *pte_offset_next(struct mm_struct *mm, unsigned long addr,
		       unsigned long *next)
{
	pte_t *table = page_table_entries(mm->pgd);
	unsigned long span;
	int level;

	for (level = 4; level > 1; level--) {
		pte_t e = pmdp_get(&table[table_index(addr, level)]);

		if (!(e & _PAGE_PRESENT))
			break;
		table = entry_table(e);
	}
	span = 1UL << level_shift[level > 1 ? level : 2];
	*next = (addr & ~(span - 1)) + span;
	return level > 1 ? NULL : &table[table_index(addr, 1)];
}

pte_t *pte_alloc(struct mm_struct *mm, unsigned long addr)
{
	pte_t *table = page_table_entries(mm->pgd);
	int level;

	for (level = 4; level > 1; level--) {
		pte_t *e = &table[table_index(addr, level)];

		if (!(pmdp_get(e) & _PAGE_PRESENT)) {
			unsigned long span = 1UL << level_shift[level];
			struct page *page;

			page = pgtable_page_alloc(mm, addr & ~(span - 1));
			if (!page)
				return NULL;
			/*
			 * populated under the mm's page_table_lock: 2.6.15's
			 * __pte_alloc and __pmd_alloc take it; 2.4 to 2.6.14
			 * held it over the fault, dropped it to allocate and
			 * took it again here (pte_alloc_map)
			 */
			spin_lock(LOCK_PTL, &mm->page_table_lock);
			mm->nr_ptes++;
			pmd_populate(e, page);
			spin_unlock(LOCK_PTL, &mm->page_table_lock);
		}
		table = entry_table(pmdp_get(e));
	}
	return &table[table_index(addr, 1)];
}

/* table covers [base, base + 512 * span(level)); level 1 holds ptes. */
static void free_level(struct mm_struct *mm, pte_t *table, int level,
		       unsigned long base, unsigned long start,
		       unsigned long end, unsigned long floor,
		       unsigned long ceiling)
{
	unsigned long span = 1UL << level_shift[level];
	unsigned i = table_index(start, level);

	for (; i < PTRS_PER_TABLE; i++) {
		unsigned long ebase = base + i * span, eend = ebase + span;
		pte_t e = pmdp_get(&table[i]);

		if (ebase >= end)
			break;
		if (!(e & _PAGE_PRESENT))
			continue;
		if (level > 2)
			free_level(mm, entry_table(e), level - 1, ebase,
				   start > ebase ? start : ebase,
				   end < eend ? end : eend, floor, ceiling);
		if (ebase >= floor && eend <= ceiling) {
			pgtable_page_free(mm, pfn_to_page(e >> PAGE_SHIFT));
			pte_clear(&table[i]);
		}
	}
}

void free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end,
		   unsigned long floor, unsigned long ceiling)
{
	free_level(mm, page_table_entries(mm->pgd), 4, 0, start, end, floor,
		   ceiling);
}

void pgd_free(struct mm_struct *mm)
{
	pgtable_page_free(mm, mm->pgd);
	mm->pgd = NULL;
}
