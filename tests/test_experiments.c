/*
 * The historical experiments reproduce what their postings describe:
 * rmap_test's presets are the posted flags and its timed run reclaims and
 * refaults; test_mmap's pressure pushes the whole shm file out; and
 * fork_exec_storm's pte_chain run adds akpm's 329 rmaps a fork.
 */
#include <string.h>

#include "tests/model_test.h"

/* sc with "name=value" assignments, its run's counters on generation. */
static int run_with(const char *name, const char *generation,
		    const char *const *assign, unsigned n,
		    struct model_counters *c)
{
	const struct scenario *sc = scenario_find(name);
	struct scenario_ctx ctx;
	struct rmap_config cfg;
	char err[256];
	unsigned i;

	ASSERT_NONNULL(sc);
	scenario_defaults(sc, &ctx, 7);
	for (i = 0; i < n; i++)
		ASSERT_EQ(scenario_set_param(sc, &ctx, assign[i], err,
					     sizeof(err)), 0);
	parse_config(generation, &cfg);
	return scenario_once(sc, &ctx, &cfg, sc->mem_pages(&ctx), true, c);
}

/* T2 is -vv -V 2 -r -i 1 -n 100 -s 600 -t 100 */
TEST(rmap_test_preset_is_the_posted_flags)
{
	static const char *const t2[] = { "preset=2", "div=100" };
	static const char *const flags[] = {
		"pattern=1", "todo=2", "iters=1", "vmas=100", "pages=600",
		"tasks=100", "div=100",
	};
	struct model_counters a, b;

	ASSERT_EQ(run_with("rmap_test", "pte_chain", t2, 2, &a), 0);
	ASSERT_EQ(run_with("rmap_test", "pte_chain", flags, 7, &b), 0);
	EXPECT_TRUE(!memcmp(&a, &b, sizeof(a)));
}

static long param_of(const struct scenario *sc, const struct scenario_ctx *ctx,
		     const char *name)
{
	return ctx->p[scenario_param_index(sc, name)];
}

/* Names and tables show what ran: a preset's flags become the params. */
TEST(a_preset_resolves_into_its_flags)
{
	const struct scenario *sc = scenario_find("rmap_test");
	struct scenario_ctx ctx;
	char err[256];

	ASSERT_NONNULL(sc);
	scenario_defaults(sc, &ctx, 1);
	ASSERT_EQ(scenario_set_param(sc, &ctx, "preset=2", err, sizeof(err)),
		  0);
	scenario_resolve(sc, &ctx);
	EXPECT_EQ(param_of(sc, &ctx, "pattern"), 1);
	EXPECT_EQ(param_of(sc, &ctx, "iters"), 1);
	EXPECT_EQ(param_of(sc, &ctx, "todo"), 2);
	EXPECT_EQ(param_of(sc, &ctx, "vmas"), 100);
	EXPECT_EQ(param_of(sc, &ctx, "pages"), 600);
	EXPECT_EQ(param_of(sc, &ctx, "tasks"), 100);
}

/* The working set exceeds mem_map: the timed run reclaims and refaults. */
TEST(rmap_test_pressure_is_timed)
{
	static const char *const t1[] = { "preset=1", "div=100" };
	struct model_counters c;
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++) {
		ASSERT_EQ(run_with("rmap_test", rmap_generations[g].name, t1,
				   2, &c), 0);
		EXPECT_GT(c.v[MC_RECLAIMED], 0);
		/* the parent's 600 writes and 100 children's 10 passes each,
		 * minus what fork copied: more faults than pages */
		EXPECT_GT(c.v[MC_FAULTS], 600 * 10);
		EXPECT_EQ(c.v[MC_FORKS], 100);
	}
}

TEST(test_mmap_pressure_reclaims_the_shm_file)
{
	static const char *const small[] = { "vmas=180", "mem=2048" };
	struct model_counters c;
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++) {
		ASSERT_EQ(run_with("test_mmap", rmap_generations[g].name, small,
				   2, &c), 0);
		/* the 200-page file, written, all of it pushed out */
		EXPECT_GE(c.v[MC_RECLAIMED], 200);
	}
}

/* akpm, 2.5.27: 4106673 page_add_rmap calls in 12477 forks, 329 a fork */
TEST(fork_exec_storm_adds_akpms_rmaps_per_fork)
{
	static const char *const two[] = { "loops=2" };
	struct model_counters c;
	double per_fork;

	ASSERT_EQ(run_with("fork_exec_storm", "pte_chain", two, 1, &c), 0);
	EXPECT_EQ(c.v[MC_FORKS], 10 * 2 * 4);
	per_fork = c.v[MC_RMAP_ADDS] / c.v[MC_FORKS];
	EXPECT_GT(per_fork, 310);
	EXPECT_LT(per_fork, 350);
}
