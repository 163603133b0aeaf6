/*
 * Out of memory in the model: when mem_map runs out, the allocator reclaims
 * (anonymous pages go to swap) before a fault reports VM_FAULT_OOM, and the
 * model stays consistent and leaves nothing behind after one. Every
 * scenario on every generation on a mem_map far too small for it must fail
 * cleanly with its message, or finish: never crash, hang or leak.
 */
#include "bench/scenarios/scenario.h"
#include "common/check.h"
#include "tests/harness.h"

#define TINY_PAGES	48

static void config(unsigned g, struct rmap_config *cfg)
{
	char err[256];

	CHECK_EQ(rmap_config_parse(rmap_generations[g].name, cfg, err,
				   sizeof(err)), 0);
}

/* Writes anonymous pages until a fault fails: reclaim must come first. */
static void fault_until_oom(const struct rmap_config *cfg)
{
	struct mm_struct *mm;
	unsigned long addr, len = 4 * TINY_PAGES * PAGE_SIZE, faults = 0;
	int fault = VM_FAULT_MINOR;

	CHECK_EQ(model_init(cfg, TINY_PAGES), 0);
	mm = mm_new();
	addr = do_mmap(mm, 0, len, RM_PROT_READ | RM_PROT_WRITE,
		       RM_MAP_PRIVATE, NULL, 0);
	CHECK(!IS_ERR_VALUE(addr));
	for (; faults < len / PAGE_SIZE; faults++) {
		fault = handle_mm_fault(mm, addr + faults * PAGE_SIZE, true);
		if (fault == VM_FAULT_OOM)
			break;
		/* mem_map alone cannot hold this many: reclaim made room */
		if (faults >= TINY_PAGES)
			CHECK(rmap_stats.reclaimed > 0);
	}
	CHECK_EQ(fault, VM_FAULT_OOM);
	/* reclaim ran and swapped out before the fault gave up */
	CHECK(faults > TINY_PAGES);
	CHECK(rmap_stats.swap_outs > 0);
	CHECK_EQ(check_verify(stderr, "after an out-of-memory fault"), 0);
	mmput(mm);
	CHECK_EQ(model_exit(), 0);
}

/* Returns 0 when the scenario finished, -1 when it failed with a reason. */
static int tiny_scenario(const struct scenario *sc,
			 const struct rmap_config *cfg)
{
	struct scenario_ctx ctx;
	int ret;

	scenario_defaults(sc, &ctx, 7);
	prng_seed(&ctx.rng, ctx.seed);
	CHECK_EQ(model_init(cfg, TINY_PAGES), 0);
	ret = sc->setup(&ctx);
	if (!ret)
		ret = sc->run(&ctx);
	CHECK_EQ(check_verify(stderr, sc->name), 0);
	scenario_teardown_run(sc, &ctx);
	CHECK_EQ(model_exit(), 0);
	return ret ? -1 : 0;
}

int main(void)
{
	struct rmap_config cfg;
	unsigned g, s, failed = 0;

	for (g = 0; g < rmap_nr_generations; g++) {
		config(g, &cfg);
		fault_until_oom(&cfg);
		for (s = 0; s < nr_scenarios; s++)
			if (scenarios[s]->kind == SCENARIO_MODEL)
				failed += tiny_scenario(scenarios[s], &cfg) ?
					  1 : 0;
	}
	/* most scenarios cannot fit: the failure path must have been taken */
	CHECK(failed > rmap_nr_generations);
	return test_done("test_oom");
}
