/*
 * sdet on two CPUs (threads of the model) on every generation: the
 * differential check holds at every quiescent point (all CPUs parked) and
 * after the run, nothing is left behind, every CPU's scripts ran and its
 * counts reached CPU 0's (forks are cpus x scripts x commands), and the
 * CPUs met on the locks of what they share, whose holds were timed. The
 * same with kswapd walking the shared files' pages on a third CPU, on
 * every generation that walks. Under ThreadSanitizer (make test-tsan)
 * every access two CPUs make to one word is a locked or atomic one.
 */
#include <string.h>

#include "common/check.h"
#include "tests/model_test.h"

#define THREADS	2
#define SCRIPTS	3
#define CMDS	4

static unsigned long mismatches, checks;

static unsigned long quiescent_check(void)
{
	unsigned long bad = check_verify(stderr, "sdet between scripts");

	checks++;
	mismatches += bad;
	return bad;
}

static void set(const struct scenario *sc, struct scenario_ctx *ctx,
		const char *assignment)
{
	char err[256];

	ASSERT_EQ(scenario_set_param(sc, ctx, assignment, err, sizeof(err)),
		  0);
}

/* sdet on two script CPUs (and kswapd's), checked between scripts */
static void sdet_checked(const char *gen, bool kswapd)
{
	const struct scenario *sc = scenario_find("sdet");
	struct model_counters c;
	struct scenario_ctx ctx;
	struct rmap_config cfg;

	ASSERT_NONNULL(sc);
	parse_config(gen, &cfg);
	scenario_defaults(sc, &ctx, 7);
	set(sc, &ctx, "cpus=2");
	set(sc, &ctx, kswapd ? "kswapd=1" : "kswapd=0");
	set(sc, &ctx, "scripts=3");
	set(sc, &ctx, "cmds=4");
	mismatches = checks = 0;
	scenario_quiesce_check = quiescent_check;
	EXPECT_EQ(scenario_once(sc, &ctx, &cfg, sc->mem_pages(&ctx), true,
				&c), 0);
	scenario_quiesce_check = NULL;
	EXPECT_EQ(mismatches, 0);
	EXPECT_EQ(checks, SCRIPTS);
	EXPECT_EQ(c.v[MC_FORKS], THREADS * SCRIPTS * CMDS);
	EXPECT_GT(rmap_stats.locks[LOCK_ZONE], 0);
	EXPECT_GT(rmap_stats.locks[LOCK_PAGE_CACHE], 0);
	EXPECT_GT(rmap_stats.locks[LOCK_TASKLIST], 0);
	EXPECT_GT(lock_stat.hold_ns[LOCK_MMAP_SEM], 0);
	/* kswapd's walks are folded in with the scripts' counts */
	if (kswapd)
		EXPECT_GT(c.v[MC_WALKS], 0);
}

TEST(sdet_two_cpus_every_generation)
{
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++)
		sdet_checked(rmap_generations[g].name, false);
}

/* 2.4 ages by swap_out's clock, not walks: kswapd=1 refuses it */
TEST(sdet_kswapd_every_generation_that_walks)
{
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++)
		if (strcmp(rmap_generations[g].name, "scan"))
			sdet_checked(rmap_generations[g].name, true);
}
