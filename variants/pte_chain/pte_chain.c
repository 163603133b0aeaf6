/*
 * pte_chain: the first Linux rmap, mainline from 2.5.27 (3485c89197
 * "minimal rmap") to 2.6.6, and the anonymous side of objrmap (2.6.7-rc1
 * "rmap 7"). Every mapped page records the address of each pte that maps
 * it: one pte directly in struct page (PG_direct, 4250169826, also
 * 2.5.27), more in a chain whose form the chain switch picks
 * (pte_chain.h). A walk is exact: each recorded pte turns back into (mm,
 * address) through its page-table page. The cost is per pte, paid at every
 * fault, fork, exit and mremap: the page's bit lock (taken by the model's
 * rmap wrappers, the maplock switch), an O(k) removal, and the chain's
 * memory for each extra mapping of a shared page.
 *
 * The file's i_mmap lists predate rmap and were kept all along, linked,
 * unlinked and forked but never walked by pte_chain: when it serves the
 * file side it maintains them (common/i_mmap_list.c).
 */
#include "common/i_mmap_list.h"
#include "common/lib/kernel.h"
#include "common/lock.h"
#include "common/mm.h"
#include "common/pgtable.h"
#include "variants/pte_chain/pte_chain.h"

extern const struct rmap_scheme pte_chain_scheme;

enum { SW_CHAIN, SW_I_MMAP, SW_LINE };

static const char *const chain_values[] = {
	"2.5.68", "2.5.27", "2.5.30", "2.5.35", "2.5.55", NULL
};
static const char *const chain_releases[] = {
	"2.5.68-2.6.6: line-sized nodes of NRPTE pte addresses (7 in 64 "
	"bytes, the line switch), "
	"next_and_idx encoding the first used slot (7cb2b0f4b6); callers "
	"allocate first, with a per-cpu one-deep spare, copy_page_range one "
	"node held across its ptes",
	"2.5.27-2.5.29: a 16-byte {next, ptep} node per pte, pushed at the "
	"head, from whole pages carved into nodes and never given back; back "
	"to PG_direct once one node is left",
	"2.5.30-2.5.34: the same nodes from a slab cache (b9efd6106a)",
	"2.5.35-2.5.54: line-sized nodes of NRPTE pte addresses, free slots "
	"found by scanning, removal refilling the hole from the head; back to "
	"PG_direct only in page_referenced (d5c8293240); page_add_rmap "
	"allocates from the slab, frees go straight back",
	"2.5.55-2.5.67: the same arrays, the callers allocating first with a "
	"per-cpu one-deep spare, copy_page_range holding one node across its "
	"ptes and replacing it once consumed (7aebf77c59, 6ec7c80f93)",
};

static const char *const i_mmap_values[] = { "2.5.6", "2.6.6", NULL };
static const char *const i_mmap_releases[] = {
	"2.5.6-2.6.5: appended at link, a forked child right before its "
	"parent (kept, never walked)",
	"2.6.6: appended at link, a forked child right after its parent",
};

/*
 * L1_CACHE_BYTES sized the array node (d5c8293240: "There are 7, 15 or 31
 * pte pointers per structure"): the CPU the kernel was configured for, in
 * every array release alike. The values are the 64-bit configs' lines (an
 * 8-byte pte_addr_t); i386's 4-byte one fits twice the slots in a line.
 */
static const char *const line_values[] = { "64", "128", "256", NULL };
static const char *const line_releases[] = {
	"2.5.35-2.6.6 built for a 64-byte line, NRPTE 7: x86-64's MK8 "
	"(X86_L1_CACHE_SHIFT 6)",
	"2.5.35-2.6.6 built for a 128-byte line, NRPTE 15: x86-64's "
	"GENERIC_CPU and MPSC (X86_L1_CACHE_SHIFT 7), ppc64 (L1_CACHE_SHIFT "
	"7)",
	"2.5.35-2.6.6 built for a 256-byte line, NRPTE 31: s390x "
	"(L1_CACHE_SHIFT 8)",
};

static const struct rmap_switch pte_chain_switches[] = {
	[SW_CHAIN] = { "chain", "the pte_chain node layout and allocation",
		       chain_values, chain_releases,
		       "3485c89197 \"minimal rmap\" and 4250169826 (2.5.27), "
		       "b9efd6106a (2.5.30), d5c8293240 (2.5.35), 7aebf77c59 "
		       "(2.5.55), 7cb2b0f4b6 \"speed up rmap searching\" "
		       "(2.5.68)" },
	[SW_I_MMAP] = { "i_mmap", "where a vma goes on its i_mmap list",
			i_mmap_values, i_mmap_releases,
			"dup_mmap: 50e5b764cd (2.5.6), 4b5187562d \"fork vma "
			"ordering during fork\" (2.6.6-rc1)" },
	[SW_LINE] = { "line", "L1_CACHE_BYTES, the bytes of an array node "
		      "(chain=2.5.35 on): the CPU configured, not a release",
		      line_values, line_releases,
		      "mm/rmap.c NRPTE: d5c8293240 (2.5.35), fac08ae3c0 \"pad "
		      "pte_chains out to a cacheline\" (2002-12-14), "
		      "7cb2b0f4b6 (2.5.68): ((L1_CACHE_BYTES - sizeof(unsigned "
		      "long))/sizeof(pte_addr_t)); X86_L1_CACHE_SHIFT in "
		      "arch/i386 and arch/x86_64 Kconfig, asm-s390 and "
		      "asm-ppc64 cache.h (at 9ef3cc8a6b, 2004-03-11)" },
};

enum chain_form chain_form;
static const struct chain_ops *ops;
static const struct i_mmap_rules *rules;

static int pte_chain_init(void)
{
	static const struct i_mmap_rules *const by_value[] = {
		&i_mmap_2_5_6, &i_mmap_2_6_6,
	};
	static const struct chain_ops *const by_line[] = {
		&chain_array_ops, &chain_array_ops_128, &chain_array_ops_256,
	};

	chain_form = rmap_scheme_switch(&pte_chain_scheme, SW_CHAIN);
	ops = chain_form == CHAIN_2_5_27 || chain_form == CHAIN_2_5_30 ?
	      &chain_list_ops :
	      by_line[rmap_scheme_switch(&pte_chain_scheme, SW_LINE)];
	rules = by_value[rmap_scheme_switch(&pte_chain_scheme, SW_I_MMAP)];
	/*
	 * i_shared_sem, a semaphore from later in 2.5 until 2.6.7-rc1's
	 * i_mmap_lock (early 2.5's i_shared_lock spinlock is not modelled)
	 */
	lock_class_kind[LOCK_I_MMAP] = LOCK_KIND_SEMAPHORE;
	ops->init();
	return 0;
}

static void pte_chain_exit(void)
{
	ops->exit();
}

/*
 * 2.6.0 anonymous pages had no rmap object: the mapping word only says
 * "anonymous", and index is kept for the other schemes' sake.
 */
static void pte_chain_add_anon(struct page *page, struct vm_area_struct *vma,
			       unsigned long addr, pte_t *ptep, bool exclusive)
{
	(void)exclusive;
	if (!PageAnon(page))
		page_set_anon(page, NULL, linear_page_index(vma, addr));
	ops->add(page, ptep);
}

/* page_add_file, page_dup (copy_page_range): the child's or faulted pte */
static void pte_chain_add_pte(struct page *page, struct vm_area_struct *vma,
			      unsigned long addr, pte_t *ptep)
{
	(void)vma;
	(void)addr;
	ops->add(page, ptep);
}

/* copy_page_range() around its page_dup calls */
static void pte_chain_copy_begin(void)
{
	if (ops->copy_begin)
		ops->copy_begin();
}

static void pte_chain_copy_end(void)
{
	if (ops->copy_end)
		ops->copy_end();
}

/* page_remove_rmap() */
static void page_remove_rmap_pte(struct page *page, pte_t *ptep)
{
	if (!PageDirect(page)) {
		ops->remove(page, ptep);
	} else if ((pte_t *)page->rmap == ptep) {
		page->rmap = 0;
		ClearPageDirect(page);
	}
}

static void pte_chain_page_remove(struct page *page,
				  struct vm_area_struct *vma,
				  unsigned long addr, pte_t *ptep)
{
	(void)vma;
	(void)addr;
	page_remove_rmap_pte(page, ptep);
}

/*
 * move_one_page(): page_remove_rmap at the old pte, page_add_rmap at the
 * new one, each under the page's bit lock.
 */
static bool pte_chain_pte_move(struct page *page, pte_t *old_ptep,
			       pte_t *new_ptep, struct vm_area_struct *new_vma,
			       unsigned long new_addr)
{
	bool locked = page_map_lock(page);

	(void)new_vma;
	(void)new_addr;
	page_remove_rmap_pte(page, old_ptep);
	page_map_unlock(page, locked);
	locked = page_map_lock(page);
	ops->add(page, new_ptep);
	page_map_unlock(page, locked);
	return false;
}

/*
 * One recorded pte. page_referenced reads and clears its young bit and
 * nothing else: no page_table_lock, no vma (2.5.27 to 2.6.6, and rmap 7's
 * anonymous pages). try_to_unmap_one takes the page_table trylock and
 * under it turns the pte back into a vma: the page-table page gives the
 * mm and the address, find_vma the vma (2.6.0 mm/rmap.c).
 */
int pte_chain_one(struct page *page, pte_t *ptep,
		  struct rmap_walk_control *rwc)
{
	if (rwc->referenced)
		return rmap_pte_referenced(page, ptep, rwc);
	return rmap_candidate_exact(page, NULL, ptep_to_address(ptep), ptep,
				    rwc);
}

/* Under the page's bit lock, which reclaim holds. */
static void pte_chain_walk(struct page *page, struct rmap_walk_control *rwc)
{
	if (!PageDirect(page)) {
		ops->walk(page, rwc);
	} else if (pte_chain_one(page, (pte_t *)page->rmap, rwc) &
		   RMAP_UNMAPPED) {
		page->rmap = 0;
		ClearPageDirect(page);
	}
}

/*
 * The model gives back what the kernel kept for good (the spare, the
 * carved pages) when the last mm goes, so a finished run holds no rmap
 * object.
 */
static void pte_chain_last_mm(void)
{
	ops->last_mm();
}

static void pte_chain_cpu_down(void)
{
	if (ops->cpu_down)
		ops->cpu_down();
}

/* The i_mmap lists are the file side's: not when pte_chain is anon only. */
static bool keeps_i_mmap(void)
{
	return rmap_cfg.file == &pte_chain_scheme;
}

static void pte_chain_file_init(struct address_space *mapping)
{
	i_mmap_list_init(mapping);
}

static void pte_chain_vma_link(struct vm_area_struct *vma)
{
	if (keeps_i_mmap())
		i_mmap_list_link(rules, vma);
}

static void pte_chain_vma_unlink(struct vm_area_struct *vma, bool merge)
{
	(void)merge;
	if (keeps_i_mmap())
		i_mmap_list_unlink(vma);
}

static void pte_chain_vma_fork(struct vm_area_struct *child,
			       struct vm_area_struct *parent)
{
	if (keeps_i_mmap())
		i_mmap_list_fork(rules, child, parent);
}

bool pte_maps_page(const struct page *page, const pte_t *ptep)
{
	unsigned long pfn;
	pte_t pte;

	if ((const char *)ptep < pgtable_base)
		return false;
	pfn = ((const char *)ptep - pgtable_base) >> PAGE_SHIFT;
	if (pfn >= max_mapnr || !PagePgtable(pfn_to_page(pfn)))
		return false;
	pte = ptep_get(ptep);
	return pte_present(pte) && pte_pfn(pte) == page_to_pfn(page);
}

static int pte_chain_validate_page(const struct page *page)
{
	if (page_map_locked(page))
		return -1;
	if (page_scheme(page) != &pte_chain_scheme ||
	    !page_mapped(page))
		return page->rmap || PageDirect(page) ? -1 : 0;
	if (PageDirect(page))
		return page_mapcount(page) == 1 &&
		       pte_maps_page(page, (pte_t *)page->rmap) ? 0 : -1;
	return page->rmap && ops->check(page) == page_mapcount(page) ?
	       0 : -1;
}

static int pte_chain_validate(void)
{
	unsigned long pfn;

	if (ops->check_free())
		return rmap_invalid("pte_chain", NULL, "a free node is not "
				    "clean");
	for (pfn = 0; pfn < max_mapnr; pfn++) {
		const struct page *page = pfn_to_page(pfn);

		if (pte_chain_validate_page(page))
			return rmap_invalid("pte_chain", NULL, "pfn %lu "
					    "(mapcount %d, %s): chain broken",
					    pfn, page_mapcount(page),
					    PageDirect(page) ? "direct" :
					    "chain");
	}
	return keeps_i_mmap() ? i_mmap_list_validate("pte_chain", rules) : 0;
}

const struct rmap_scheme pte_chain_scheme = {
	.name = "pte_chain",
	.desc = "2.5.27-2.6.6: a chain of pte addresses per page",
	.sides = RMAP_SIDE_ANON | RMAP_SIDE_FILE,
	.walk_shape = WALK_PTES,
	.flags = RMAP_FINDS_VMA,
	.switches = pte_chain_switches,
	.nswitches = ARRAY_SIZE(pte_chain_switches),
	.init = pte_chain_init,
	.exit = pte_chain_exit,
	.cpu_down = pte_chain_cpu_down,
	.last_mm = pte_chain_last_mm,
	.file_init = pte_chain_file_init,
	.vma_link = pte_chain_vma_link,
	.vma_unlink = pte_chain_vma_unlink,
	.vma_fork = pte_chain_vma_fork,
	.page_add_anon = pte_chain_add_anon,
	.page_add_file = pte_chain_add_pte,
	.page_dup = pte_chain_add_pte,
	.copy_begin = pte_chain_copy_begin,
	.copy_end = pte_chain_copy_end,
	.page_remove = pte_chain_page_remove,
	.pte_move = pte_chain_pte_move,
	.walk = pte_chain_walk,
	.validate = pte_chain_validate,
};
