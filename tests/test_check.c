/*
 * The checker must be able to fail: a scheme whose walk drops one candidate
 * in a hundred, and one that yields a mapping twice, are both caught, while
 * the exhaustive scheme passes the same sequence. So are the bugs that
 * change published numbers without losing a mapping the full walk finds: a
 * reclaim walk that stops early, a miscounted candidate, and a try_to_unmap
 * that gives up after its first pte.
 */
#include <string.h>

#include "common/check.h"
#include "common/lock.h"
#include "common/memory.h"
#include "common/mm.h"
#include "common/model.h"
#include "common/pgtable.h"
#include "tests/harness.h"

extern const struct rmap_scheme exhaustive_scheme, itree_scheme;

static struct rmap_scheme broken;
static unsigned long seen;
static bool drop;		/* drop one candidate, or report one twice */

static int faulty_one(struct page *page, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *ptep, void *arg)
{
	struct rmap_walk_control *rwc = arg;

	if (++seen % 100 == 0) {
		if (drop)
			return RMAP_CONTINUE;
		rwc->rmap_one(page, vma, addr, ptep, rwc->arg);
	}
	return rwc->rmap_one(page, vma, addr, ptep, rwc->arg);
}

static void faulty_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct rmap_walk_control inner = *rwc;

	inner.rmap_one = faulty_one;
	inner.arg = rwc;
	exhaustive_scheme.walk(page, &inner);
}

static unsigned long run_config(const struct rmap_scheme *anon,
				const struct rmap_scheme *file)
{
	struct rmap_config cfg = { .anon = anon, .file = file,
				   .model_sw[SW_FORK] = FORK_COPY_ALL,
				   .model_sw[SW_LRU] = LRU_GATED };
	struct check_opts opts = { .ops = 2000, .seed = 5, .nr_pages = 2048 };
	struct check_result res;

	snprintf(cfg.name, sizeof(cfg.name), "%s", file->name);
	check_run(&cfg, &opts, &res);
	EXPECT_EQ(res.leaks, 0);
	return res.mismatches;
}

static unsigned long run(const struct rmap_scheme *s)
{
	return run_config(s, s);
}

/* exhaustive, with one candidate in a hundred dropped, or reported twice */
static const struct rmap_scheme *faulty_exhaustive(bool drop_one)
{
	broken = exhaustive_scheme;
	broken.name = "broken";
	broken.walk = faulty_walk;
	drop = drop_one;
	seen = 0;
	return &broken;
}

TEST(exhaustive_passes)
{
	EXPECT_EQ(run(&exhaustive_scheme), 0);
}

TEST(dropped_candidate_caught)
{
	EXPECT_GT(run(faulty_exhaustive(true)), 0);
}

TEST(duplicate_mapping_caught)
{
	EXPECT_GT(run(faulty_exhaustive(false)), 0);
}

/*
 * The interval tree's file walk with a bug of the kind the full walk
 * cannot see (the review's M3b and its kin): @bug picks which.
 */
enum itree_bug { STOP_EARLY, MISCOUNT, UNMAP_ONE };
static enum itree_bug bug;

/* try_to_unmap's callback, giving up once it has cleared one pte */
static int unmap_once(struct page *page, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *ptep, void *arg)
{
	struct rmap_walk_control *rwc = arg;
	int ret = rwc->rmap_one(page, vma, addr, ptep, rwc->arg);

	return ret & RMAP_UNMAPPED ? ret | RMAP_STOP : ret;
}

static int stop_at_first(struct page *page, struct vm_area_struct *vma,
			 unsigned long addr, pte_t *ptep, void *arg)
{
	struct rmap_walk_control *rwc = arg;

	return rwc->rmap_one(page, vma, addr, ptep, rwc->arg) | RMAP_STOP;
}

static void buggy_itree_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct rmap_walk_control inner = *rwc;

	inner.arg = rwc;
	if (bug == MISCOUNT) {
		itree_scheme.walk(page, rwc);
		if (rwc->all && ++seen % 50 == 0)
			rmap_stats.candidates++;
		return;
	}
	if (rwc->all) {
		itree_scheme.walk(page, rwc);
		return;
	}
	inner.rmap_one = bug == STOP_EARLY ? stop_at_first : unmap_once;
	itree_scheme.walk(page, &inner);
	rwc->remaining = inner.remaining;
}

static unsigned long run_buggy_itree(enum itree_bug which)
{
	broken = itree_scheme;
	broken.name = "buggy_itree";
	broken.walk = buggy_itree_walk;
	bug = which;
	seen = 0;
	return run_config(&exhaustive_scheme, &broken);
}

TEST(itree_passes)
{
	EXPECT_EQ(run_config(&exhaustive_scheme, &itree_scheme), 0);
}

/* a reclaim walk (!all) that gives up after its first mapping */
TEST(early_stop_caught)
{
	EXPECT_GT(run_buggy_itree(STOP_EARLY), 0);
}

/* a candidate counted that was never probed: the published count moves */
TEST(miscounted_candidates_caught)
{
	EXPECT_GT(run_buggy_itree(MISCOUNT), 0);
}

/*
 * try_to_unmap stopping after one pte: the page stays mapped and reclaim
 * keeps it, a state every later walk finds consistent.
 */
TEST(partial_unmap_caught)
{
	EXPECT_GT(run_buggy_itree(UNMAP_ONE), 0);
}

/*
 * A pte that outlived its page: the check's walks skip free pages, but the
 * oracle's table must hold no pte pointing at one.
 */
TEST(pte_to_free_page_caught)
{
	struct rmap_config cfg = { .anon = &exhaustive_scheme,
				   .file = &exhaustive_scheme };
	struct mm_struct *mm;
	unsigned long addr, pfn;
	pte_t *ptep;

	ASSERT_EQ(model_init(&cfg, 256), 0);
	mm = mm_new();
	addr = do_mmap(mm, 0, 2 * PAGE_SIZE, RM_PROT_READ | RM_PROT_WRITE,
		       RM_MAP_PRIVATE, NULL, 0);
	ASSERT_EQ(handle_mm_fault(mm, addr, true), 0);
	EXPECT_EQ(check_verify(NULL, "clean"), 0);
	for (pfn = 1; !PageBuddy(pfn_to_page(pfn)); pfn++)
		;
	ptep = pte_offset(mm, addr + PAGE_SIZE);
	ASSERT_NONNULL(ptep);
	set_pte(ptep, mk_pte(pfn_to_page(pfn), _PAGE_RW));
	add_mm_rss(mm, 1);
	EXPECT_EQ(check_verify(NULL, "stale pte"), 1);
	pte_clear(ptep);
	add_mm_rss(mm, -1);
	mmput(mm);
	EXPECT_EQ(model_exit(), 0);
}
