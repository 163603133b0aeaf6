/*
 * Model instance set-up and teardown, and the leak accounting the tests rely
 * on: after every mm has exited and every file is closed, no page, swap
 * slot, vma or rmap object may remain.
 */
#include <stdio.h>
#include <string.h>

#include "common/lib/slab.h"
#include "common/lock.h"
#include "common/model.h"

static void scheme_exit(const struct rmap_scheme *s)
{
	if (s->exit)
		s->exit();
}

int model_init(const struct rmap_config *cfg, unsigned long nr_pages)
{
	memset(&rmap_stats, 0, sizeof(rmap_stats));
	rmap_cfg = *cfg;
	if (page_alloc_init(nr_pages))
		return -1;
	if (swap_init(nr_pages)) {
		page_alloc_exit();
		return -1;
	}
	lru_init();
	lock_init();
	filemap_init();
	if (cfg->anon->init && cfg->anon->init())
		goto fail;
	if (cfg->file != cfg->anon && cfg->file->init && cfg->file->init()) {
		scheme_exit(cfg->anon);
		goto fail;
	}
	slab_reset_peak();
	return 0;
fail:
	swap_exit();
	page_alloc_exit();
	return -1;
}

static unsigned long leak(const char *what, unsigned long n)
{
	if (n)
		fprintf(stderr, "model: %lu %s still live at teardown\n", n,
			what);
	return n;
}

unsigned long model_exit(void)
{
	struct slab_totals t;
	struct list_head *p;
	unsigned long leaks = 0, mms = 0;

	list_for_each(p, &mm_list)
		mms++;
	leaks += leak("mm(s)", mms);
	leaks += leak("file(s)", nr_files());
	leaks += leak("page(s)", max_mapnr - 1 - nr_free_pages());
	leaks += leak("swap slot(s)", swap_used());
	slab_rmap_totals(&t);
	leaks += leak("rmap object(s)", t.objects);
	leaks += leak("held lock(s)", locks_held());
	scheme_exit(rmap_cfg.anon);
	if (rmap_cfg.file != rmap_cfg.anon)
		scheme_exit(rmap_cfg.file);
	swap_exit();
	page_alloc_exit();
	return leaks;
}

int model_validate(void)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	int ret = 0;

	list_for_each_entry(mm, &mm_list, mmlist)
		if (mm_validate(mm)) {
			fprintf(stderr, "model: mm %lu: vma list and tree "
				"disagree\n", mm->id);
			ret = -1;
		}
	if (rmap_cfg.anon->flags & RMAP_USES_ANON_VMA)
		for_each_mm_vma(mm, vma)
			if (vma->anon_state != (vma->anon_vma != NULL))
				ret = rmap_invalid("model", vma, "anon_state "
						   "and anon_vma disagree");
	if (rmap_cfg.anon->validate && rmap_cfg.anon->validate())
		ret = -1;
	if (rmap_cfg.file != rmap_cfg.anon && rmap_cfg.file->validate &&
	    rmap_cfg.file->validate())
		ret = -1;
	return ret;
}
