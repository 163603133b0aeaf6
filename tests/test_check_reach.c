/*
 * What rmapsim check reaches on its defaults (direct reclaim, mlocked vmas
 * met by reclaim, mremap of COW-shared ptes), and the reclaim comparison:
 * it passes on interchangeable schemes and catches a page_referenced walk
 * that misses a mapping, which no other check sees (the check's own walks
 * and try_to_unmap's are not page_referenced's): reclaim just decides
 * differently.
 */
#include <string.h>

#include "common/check.h"
#include "tests/model_test.h"

extern const struct rmap_scheme exhaustive_scheme;

static struct rmap_scheme blind;
static unsigned long seen;

/* exhaustive's walk, finding nothing one page_referenced walk in ten */
static void blind_walk(struct page *page, struct rmap_walk_control *rwc)
{
	if (rwc->referenced && ++seen % 10 == 0)
		return;
	exhaustive_scheme.walk(page, rwc);
}

TEST(defaults_reach_pressure_mlock_and_shared_mremap)
{
	/* rmapsim check's defaults (bench/rmapsim.c cmd_check) */
	struct check_opts opts = { .ops = 10000, .seed = 1, .nr_pages = 4096 };
	struct check_result res;
	struct rmap_config cfg;

	parse_config("objrmap", &cfg);
	EXPECT_EQ(check_run(&cfg, &opts, &res), 0);
	EXPECT_GT(res.direct_reclaims, 0);
	EXPECT_GT(res.mlocked_met, 0);
	EXPECT_GT(res.unmap_left_mapped, 0);
	EXPECT_GT(res.cow_shared_moved, 0);
	EXPECT_GT(res.max_procs, 6);
}

static int compare(const struct rmap_config *cfgs, unsigned n)
{
	struct check_opts opts = { .ops = 1500, .seed = 2, .nr_pages = 1024 };

	return check_compare_reclaim(cfgs, n, &opts, stderr);
}

TEST(reclaim_alike_on_interchangeable_schemes)
{
	struct rmap_config base, group[16];
	unsigned n;

	parse_config("objrmap", &base);
	n = check_reclaim_group(&base, group, 16);
	EXPECT_GT(n, 3);
	EXPECT_EQ(compare(group, n), 0);
}

TEST(reclaim_difference_caught)
{
	struct rmap_config cfgs[2];

	parse_config("objrmap", &cfgs[0]);
	cfgs[0].anon = cfgs[0].file = &exhaustive_scheme;
	memset(cfgs[0].anon_sw, 0, sizeof(cfgs[0].anon_sw));
	memset(cfgs[0].file_sw, 0, sizeof(cfgs[0].file_sw));
	cfgs[1] = cfgs[0];
	blind = exhaustive_scheme;
	blind.walk = blind_walk;
	cfgs[1].anon = cfgs[1].file = &blind;
	snprintf(cfgs[1].name, sizeof(cfgs[1].name), "blind-referenced");
	seen = 0;
	EXPECT_EQ(compare(cfgs, 2), 1);
}
