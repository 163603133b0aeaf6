/*
 * The oracle walks pgd -> pud -> pmd -> pte tables of every mm directly and
 * records each present pte. It is deliberately simple and shares nothing
 * with the walks it checks, so a bug in the model's helpers cannot hide a
 * bug in a scheme.
 */
#include <stdlib.h>

#include "common/mm.h"
#include "common/oracle.h"
#include "common/page.h"

static void record(struct oracle *o, struct mm_struct *mm, unsigned long addr,
		   unsigned long pte)
{
	if (o->nr == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 1024;
		o->maps = realloc(o->maps, o->cap * sizeof(*o->maps));
		if (!o->maps)
			abort();
	}
	o->maps[o->nr].pfn = pte >> 12;
	o->maps[o->nr].mm = mm;
	o->maps[o->nr].addr = addr;
	o->maps[o->nr].pte = pte;
	o->nr++;
}

static void scan_table(struct oracle *o, struct mm_struct *mm,
		       unsigned long pfn, int level, unsigned long base)
{
	unsigned long *table = (unsigned long *)(pgtable_base + pfn * 4096);
	int shift = 12 + 9 * (level - 1);
	int i;

	for (i = 0; i < 512; i++) {
		/* the model's ptep_get, written out: the oracle shares nothing */
		unsigned long e = __atomic_load_n(&table[i], __ATOMIC_RELAXED);
		unsigned long addr = base + ((unsigned long)i << shift);

		if (level == 1) {
			if ((e & 1) && (!o->only_pfn || e >> 12 == o->only_pfn))
				record(o, mm, addr, e);
			else if (e)
				o->swap_ptes++;
		} else if (e & 1) {
			scan_table(o, mm, e >> 12, level - 1, addr);
		}
	}
}

static int cmp_map(const void *a, const void *b)
{
	const struct oracle_map *x = a, *y = b;

	if (x->pfn != y->pfn)
		return x->pfn < y->pfn ? -1 : 1;
	if (x->mm->id != y->mm->id)
		return x->mm->id < y->mm->id ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

void oracle_scan(struct oracle *o)
{
	struct mm_struct *mm;

	o->nr = 0;
	o->swap_ptes = 0;
	list_for_each_entry(mm, &mm_list, mmlist)
		scan_table(o, mm, page_to_pfn(mm->pgd), 4, 0);
	if (o->nr)
		qsort(o->maps, o->nr, sizeof(*o->maps), cmp_map);
}

void oracle_scan_pfn(struct oracle *o, unsigned long pfn)
{
	o->only_pfn = pfn;
	oracle_scan(o);
	o->only_pfn = 0;
}

const struct oracle_map *oracle_lookup(const struct oracle *o,
				       unsigned long pfn, unsigned long *n)
{
	unsigned long lo = 0, hi = o->nr, end;

	while (lo < hi) {
		unsigned long mid = (lo + hi) / 2;

		if (o->maps[mid].pfn < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < o->nr && o->maps[end].pfn == pfn; end++)
		;
	*n = end - lo;
	/* no pte anywhere: maps is NULL, and NULL + 0 is undefined in C */
	return o->maps ? o->maps + lo : NULL;
}

void oracle_free(struct oracle *o)
{
	free(o->maps);
	o->maps = NULL;
	o->nr = o->cap = 0;
}
