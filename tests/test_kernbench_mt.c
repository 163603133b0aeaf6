/*
 * kernbench on two CPUs (threads of the model) on every generation: the
 * differential check holds at every quiescent point (all CPUs parked,
 * one compile each between them) and after the run, nothing is left
 * behind, every CPU's compiles ran and its counts reached CPU 0's: a
 * compile is one fork (the shell's of gcc) and five exits (the shell, the
 * forked child gcc's exec drops, gcc, cc1 and as; make's vforked children
 * drop a borrowed mm, no exit), so a CPU whose counts were not folded
 * leaves forks and exits short. Under ThreadSanitizer (make test-tsan)
 * every access two CPUs make to one word is a locked or atomic one.
 */
#include "common/check.h"
#include "tests/model_test.h"

#define THREADS	2
#define JOBS	3

static unsigned long mismatches, checks;

static unsigned long quiescent_check(void)
{
	unsigned long bad = check_verify(stderr, "kernbench between jobs");

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

static void kernbench_checked(const char *gen)
{
	const struct scenario *sc = scenario_find("kernbench");
	struct model_counters c;
	struct scenario_ctx ctx;
	struct rmap_config cfg;

	ASSERT_NONNULL(sc);
	parse_config(gen, &cfg);
	scenario_defaults(sc, &ctx, 11);
	set(sc, &ctx, "cpus=2");
	set(sc, &ctx, "jobs=3");
	mismatches = checks = 0;
	scenario_quiesce_check = quiescent_check;
	EXPECT_EQ(scenario_once(sc, &ctx, &cfg, sc->mem_pages(&ctx), true,
				&c), 0);
	scenario_quiesce_check = NULL;
	EXPECT_EQ(mismatches, 0);
	EXPECT_EQ(checks, JOBS);
	EXPECT_EQ(c.v[MC_FORKS], THREADS * JOBS);
	EXPECT_EQ(c.v[MC_EXITS], 5 * THREADS * JOBS);
	EXPECT_GT(rmap_stats.locks[LOCK_I_MMAP], 0);
	EXPECT_GT(rmap_stats.locks[LOCK_PAGE_CACHE], 0);
	EXPECT_GT(rmap_stats.locks[LOCK_TASKLIST], 0);
	EXPECT_GT(lock_stat.hold_ns[LOCK_MMAP_SEM], 0);
}

TEST(kernbench_two_cpus_every_generation)
{
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++)
		kernbench_checked(rmap_generations[g].name);
}
