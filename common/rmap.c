/*
 * The model's side of the rmap interface: the per-pte wrappers that keep
 * mapcount (as atomic _mapcount did from 2.6.9) and dispatch to the scheme
 * owning the page, and the walk, which confirms every candidate with a page
 * table probe. The probe is where object-based rmap pays for false aliasing:
 * each candidate costs a four-level lookup and a page_table_lock.
 */
#include <stdarg.h>
#include <stdio.h>

#include "common/lib/tree_visit.h"
#include "common/mm.h"
#include "common/pgtable.h"
#include "common/rmap.h"

struct rmap_stats rmap_stats;
struct rmap_config rmap_cfg;

void rmap_walk(struct page *page, struct rmap_walk_control *rwc)
{
	unsigned long visited = tree_nodes_visited;

	if (!page_mapped(page))
		return;
	rmap_stats.walks++;
	rwc->remaining = page_mapcount(page);
	page_scheme(page)->walk(page, rwc);
	rmap_stats.nodes += tree_nodes_visited - visited;
}

static int rmap_confirmed(struct page *page, struct vm_area_struct *vma,
			  unsigned long addr, pte_t *ptep,
			  struct rmap_walk_control *rwc)
{
	int ret;

	rmap_stats.confirmed++;
	ret = rwc->rmap_one(page, vma, addr, ptep, rwc->arg);
	if (ret & RMAP_UNMAPPED) {
		page->_mapcount--;
		rmap_stats.rmap_removes++;
	}
	if (--rwc->remaining <= 0 && !rwc->all)
		ret |= RMAP_STOP;
	return ret;
}

int rmap_candidate(struct page *page, struct vm_area_struct *vma,
		   unsigned long addr, struct rmap_walk_control *rwc)
{
	const struct rmap_scheme *s;
	pte_t *ptep;
	int ret;

	rmap_stats.candidates++;
	lock_count(LOCK_PAGE_TABLE);
	ptep = page_check_address(page, vma->vm_mm, addr);
	if (!ptep)
		return RMAP_CONTINUE;
	ret = rmap_confirmed(page, vma, addr, ptep, rwc);
	/* object-based rmap drops only its per-page state at unmap */
	s = page_scheme(page);
	if ((ret & RMAP_UNMAPPED) && s->page_remove)
		s->page_remove(page, vma, addr, ptep);
	return ret & RMAP_STOP;
}

int rmap_candidate_exact(struct page *page, struct vm_area_struct *vma,
			 unsigned long addr, pte_t *ptep,
			 struct rmap_walk_control *rwc)
{
	rmap_stats.candidates++;
	lock_count(LOCK_PAGE_TABLE);
	return rmap_confirmed(page, vma, addr, ptep, rwc);
}

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    unsigned long addr, pte_t *ptep)
{
	page->_mapcount = 0;
	rmap_stats.rmap_adds++;
	rmap_cfg.anon->page_add_new_anon(page, vma, addr, ptep);
}

void page_add_anon_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long addr, pte_t *ptep)
{
	page->_mapcount++;
	rmap_stats.rmap_adds++;
	rmap_cfg.anon->page_add_anon(page, vma, addr, ptep);
}

void page_add_file_rmap(struct page *page, struct vm_area_struct *vma,
			unsigned long addr, pte_t *ptep)
{
	page->_mapcount++;
	rmap_stats.rmap_adds++;
	if (rmap_cfg.file->page_add_file)
		rmap_cfg.file->page_add_file(page, vma, addr, ptep);
}

void page_dup_rmap(struct page *page, struct vm_area_struct *vma,
		   unsigned long addr, pte_t *ptep)
{
	const struct rmap_scheme *s = page_scheme(page);

	page->_mapcount++;
	rmap_stats.rmap_adds++;
	if (s->page_dup)
		s->page_dup(page, vma, addr, ptep);
}

void page_remove_rmap(struct page *page, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *ptep)
{
	const struct rmap_scheme *s = page_scheme(page);

	page->_mapcount--;
	rmap_stats.rmap_removes++;
	if (s->page_remove)
		s->page_remove(page, vma, addr, ptep);
}

int anon_vma_prepare(struct vm_area_struct *vma)
{
	if (rmap_cfg.anon->anon_vma_prepare &&
	    rmap_cfg.anon->anon_vma_prepare(vma))
		return -1;
	vma->anon_state = true;
	return 0;
}

void vma_import_anon(struct vm_area_struct *dst, struct vm_area_struct *src)
{
	if (!src->anon_state || dst->anon_state)
		return;
	dst->anon_state = true;
	rmap_call(vma_clone, dst, src);
}

int rmap_invalid(const char *scheme, const struct vm_area_struct *vma,
		 const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", scheme);
	if (vma)
		fprintf(stderr, "mm%lu vma %#lx-%#lx pgoff %#lx%s%s: ",
			vma->vm_mm->id, vma->vm_start, vma->vm_end,
			vma->vm_pgoff, vma->vm_file ? " of " : "",
			vma->vm_file ? vma->vm_file->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

int rmap_check_file_vmas(const char *scheme, unsigned long held)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	unsigned long vmas = 0;

	for_each_mm_vma(mm, vma)
		vmas += vma->vm_file != NULL;
	if (held == vmas)
		return 0;
	return rmap_invalid(scheme, NULL, "its structures hold %lu vmas, the "
			    "mms have %lu file vmas", held, vmas);
}
