/*
 * The checker must be able to fail: a scheme whose walk drops one candidate
 * in a hundred, and one that yields a mapping twice, are both caught, while
 * the exhaustive scheme passes the same sequence.
 */
#include <string.h>

#include "common/check.h"
#include "tests/harness.h"

extern const struct rmap_scheme exhaustive_scheme;

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

static unsigned long run(const struct rmap_scheme *s)
{
	struct rmap_config cfg = { .anon = s, .file = s,
				   .model_sw[SW_FORK] = FORK_COPY_ALL };
	struct check_opts opts = { .ops = 2000, .seed = 5, .nr_pages = 2048 };
	struct check_result res;

	snprintf(cfg.name, sizeof(cfg.name), "%s", s->name);
	check_run(&cfg, &opts, &res);
	EXPECT_EQ(res.leaks, 0);
	return res.mismatches;
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
