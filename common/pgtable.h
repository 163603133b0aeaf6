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

/*
 * The accessors of a page-table word, named as the kernel's. Another CPU
 * may be at the same word: a walk's probe reads a pte before it takes the
 * lock, 2.5's pte_chain page_referenced took none, and the MMU sets the
 * accessed and dirty bits under no lock at all. So every entry, pte or
 * upper level, is read and written through these. A read is the kernel's
 * plain load of *ptep (READ_ONCE, ptep_get() today) and set_pte() a plain
 * store, one mov each; the read-modify-writes are the locked instructions
 * x86 used for them in every era the model runs ("Page-table entries" in
 * docs/generations.md has the rules and their sources).
 */
static inline pte_t ptep_get(const pte_t *ptep)
{
	return __atomic_load_n(ptep, __ATOMIC_RELAXED);
}

static inline void set_pte(pte_t *ptep, pte_t pte)
{
	__atomic_store_n(ptep, pte, __ATOMIC_RELAXED);
}

static inline void pte_clear(pte_t *ptep)
{
	set_pte(ptep, 0);
}

/*
 * xchg, a full barrier: an accessed or dirty bit the MMU sets between a
 * read and a clear would be lost, and with it the page's dirtiness.
 */
static inline pte_t ptep_get_and_clear(pte_t *ptep)
{
	return __atomic_exchange_n(ptep, 0, __ATOMIC_SEQ_CST);
}

/*
 * Debug builds (RMAP_LOCKDEP) count, per CPU, the ptes
 * ptep_get_and_clear_full took by xchg ([0]) and by a plain read and
 * clear ([1]), for the tests to see which zap paid which. The kernel kept
 * no such count, and Release, whose timings these are, keeps none.
 */
#ifdef RMAP_LOCKDEP
extern _Thread_local unsigned long pte_full_clears[2];

static inline void count_full_clear(bool full)
{
	pte_full_clears[full]++;
}
#else
static inline void count_full_clear(bool full)
{
	(void)full;
}
#endif

/*
 * Zap's clear of a present pte. full says no other CPU's MMU can set the
 * pte's bits behind the zap: x86's ptep_get_and_clear_full at
 * tlb->fullmm, exit's zap of an mm no CPU runs any more, from 2.6.14
 * (a600388d284 for i386; x86-64's by 2.6.15), and 2.4's tlb_remove_page
 * in fast mode, in an mm of one user. Then a plain load and store, no
 * locked cycle (native_local_ptep_get_and_clear today); the pte lock,
 * which zap holds, keeps every other writer of the word out.
 */
static inline pte_t ptep_get_and_clear_full(pte_t *ptep, bool full)
{
	pte_t pte;

	count_full_clear(full);
	if (!full)
		return ptep_get_and_clear(ptep);
	pte = ptep_get(ptep);
	pte_clear(ptep);
	return pte;
}

/*
 * Whether the pte was young; it is not now. test_and_clear_bit (lock btr,
 * a full barrier), tried only when the bit is seen set, as 2.6's i386
 * and today's x86 do: an old pte costs a load.
 */
static inline bool ptep_test_and_clear_young(pte_t *ptep)
{
	if (!(ptep_get(ptep) & _PAGE_ACCESSED))
		return false;
	return __atomic_fetch_and(ptep, ~_PAGE_ACCESSED, __ATOMIC_SEQ_CST) &
	       _PAGE_ACCESSED;
}

/* fork's COW: clear_bit(_PAGE_BIT_RW), a locked and that orders nothing */
static inline void ptep_set_wrprotect(pte_t *ptep)
{
	__atomic_fetch_and(ptep, ~_PAGE_RW, __ATOMIC_RELAXED);
}

/*
 * The MMU's access through a present pte that allows it: it sets the
 * accessed bit, and the dirty bit on a write, only when one is clear,
 * with a locked cycle (Intel SDM vol. 3A, "Automatic Locking"), so no
 * other CPU's atomic on the word loses them; and only in the entry it
 * walked, so a pte another CPU has just cleared gains no bits: a
 * compare-and-set. pte is what the caller read.
 */
static inline void ptep_mmu_access(pte_t *ptep, pte_t pte, pte_t bits)
{
	while (pte_present(pte) && (pte & bits) != bits &&
	       !__atomic_compare_exchange_n(ptep, &pte, pte | bits, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
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
