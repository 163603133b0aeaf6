/*
 * Out of memory in the model: when mem_map runs out, the allocator reclaims
 * (anonymous pages go to swap) before a fault reports VM_FAULT_OOM, and the
 * model stays consistent and leaves nothing behind after one. Every
 * scenario on every generation on a mem_map far too small for it must fail
 * cleanly with its message, or finish: never crash, hang or leak.
 */
#include "common/check.h"
#include "tests/model_test.h"

#define TINY_PAGES	48

/* Writes anonymous pages until a fault fails: reclaim must come first. */
static void fault_until_oom(const char *generation)
{
	struct mm_struct *mm;
	unsigned long addr, len = 4 * TINY_PAGES * PAGE_SIZE, faults = 0;
	int fault = VM_FAULT_MINOR;

	start_model(generation, TINY_PAGES);
	mm = mm_new();
	addr = do_mmap(mm, 0, len, RW, RM_MAP_PRIVATE, NULL, 0);
	ASSERT_FALSE(IS_ERR_VALUE(addr));
	for (; faults < len / PAGE_SIZE; faults++) {
		fault = handle_mm_fault(mm, addr + faults * PAGE_SIZE, true);
		if (fault == VM_FAULT_OOM)
			break;
		/* mem_map alone cannot hold this many: reclaim made room */
		if (faults >= TINY_PAGES)
			EXPECT_GT(rmap_stats.reclaimed, 0);
	}
	EXPECT_EQ(fault, VM_FAULT_OOM);
	/* reclaim ran and swapped out before the fault gave up */
	EXPECT_GT(faults, TINY_PAGES);
	EXPECT_GT(rmap_stats.swap_outs, 0);
	EXPECT_EQ(check_verify(stderr, "after an out-of-memory fault"), 0);
	mmput(mm);
	finish_model();
}

TEST(fault_reclaims_before_oom)
{
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++)
		fault_until_oom(rmap_generations[g].name);
}

/* Returns 1 when the scenario failed (with a reason), 0 when it finished. */
static int tiny_scenario(const struct scenario *sc,
			 const struct rmap_config *cfg)
{
	struct scenario_ctx ctx;

	scenario_defaults(sc, &ctx, 7);
	return scenario_once(sc, &ctx, cfg, TINY_PAGES, true, NULL) ? 1 : 0;
}

TEST(scenarios_fail_cleanly)
{
	struct rmap_config cfg;
	unsigned g, s, failed = 0;

	for (g = 0; g < rmap_nr_generations; g++) {
		parse_config(rmap_generations[g].name, &cfg);
		for (s = 0; s < nr_scenarios; s++)
			if (scenarios[s]->kind == SCENARIO_MODEL)
				failed += tiny_scenario(scenarios[s], &cfg);
	}
	/* most scenarios cannot fit: the failure path must have been taken */
	EXPECT_GT(failed, rmap_nr_generations);
}
