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

#include "tests/model_test.h"

#define THREADS	2
#define SCRIPTS	3
#define CMDS	4

/* sdet on two script CPUs (and kswapd's), checked between scripts */
static void sdet_checked(const char *gen, bool kswapd)
{
	const char *const assign[] = { "cpus=2",
				       kswapd ? "kswapd=1" : "kswapd=0",
				       "scripts=3", "cmds=4", NULL };
	struct model_counters c;
	struct quiesced q = scenario_checked("sdet", gen, 7, assign, &c);

	EXPECT_EQ(q.mismatches, 0);
	EXPECT_EQ(q.checks, SCRIPTS);
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
