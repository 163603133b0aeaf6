/*
 * Four-level page tables with x86-64 geometry: pgd -> pud -> pmd -> pte, 512
 * entries a level. Every table is a model page that records its owner mm
 * (page->mapping) and the first address it covers (page->index), as 2.5's
 * pgtable_add_rmap did.
 */
#ifndef RMAP_PGTABLE_H
#define RMAP_PGTABLE_H

#include "common/page.h"

#define PMD_SIZE	(1UL << PMD_SHIFT)
#define PMD_MASK	(~(PMD_SIZE - 1))

static inline bool pte_present(pte_t pte)
{
	return pte & _PAGE_PRESENT;
}

static inline bool pte_none(pte_t pte)
{
	return pte == 0;
}

static inline bool pte_is_swap(pte_t pte)
{
	return !pte_present(pte) && (pte & _PAGE_SWP);
}

static inline unsigned long pte_pfn(pte_t pte)
{
	return pte >> PAGE_SHIFT;
}

static inline struct page *pte_page(pte_t pte)
{
	return pfn_to_page(pte_pfn(pte));
}

static inline pte_t mk_pte(const struct page *page, unsigned long bits)
{
	return (page_to_pfn(page) << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_USER |
	       bits;
}

/* ptep_test_and_clear_young(): whether the pte was young; it is not now. */
static inline bool ptep_test_and_clear_young(pte_t *ptep)
{
	bool young = *ptep & _PAGE_ACCESSED;

	*ptep &= ~_PAGE_ACCESSED;
	return young;
}

static inline pte_t swp_entry_to_pte(unsigned long slot)
{
	return (slot << PAGE_SHIFT) | _PAGE_SWP;
}

static inline unsigned long pte_to_swp_slot(pte_t pte)
{
	return pte >> PAGE_SHIFT;
}

static inline bool pte_swp_exclusive(pte_t pte)
{
	return pte & _PAGE_SWP_EXCLUSIVE;
}

/* The owner mm and user address a pte slot translates (pte_chain's walk). */
static inline struct mm_struct *ptep_to_mm(const pte_t *ptep)
{
	return (struct mm_struct *)pte_to_pgtable_page(ptep)->mapping;
}

static inline unsigned long ptep_to_address(const pte_t *ptep)
{
	struct page *pt = pte_to_pgtable_page(ptep);

	return pt->index + (((unsigned long)ptep & (PAGE_SIZE - 1)) /
			    sizeof(pte_t)) * PAGE_SIZE;
}

int pgd_alloc(struct mm_struct *mm);
void pgd_free(struct mm_struct *mm);
/* The pte for addr, or NULL if a table on the way is missing. */
pte_t *pte_offset(struct mm_struct *mm, unsigned long addr);
/*
 * For loops over a range: the pte for addr and, in *next, the end of its pte
 * table; or NULL when a table is missing, with *next the end of the missing
 * table's span, so sparse ranges skip empty pmds, puds and pgds as the
 * kernel's p?d_none() tests do.
 */
pte_t *pte_offset_next(struct mm_struct *mm, unsigned long addr,
		       unsigned long *next);
/* The pte for addr, allocating tables on the way; NULL when out of memory. */
pte_t *pte_alloc(struct mm_struct *mm, unsigned long addr);
/*
 * Frees the page tables below [start, end) that no vma can use any more: those
 * whose whole span lies inside [floor, ceiling) (free_pgtables).
 */
void free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end,
		   unsigned long floor, unsigned long ceiling);

#endif
