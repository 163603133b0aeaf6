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
#include "tests/model_test.h"

#define THREADS	2
#define JOBS	3

static void kernbench_checked(const char *gen)
{
	static const char *const assign[] = { "cpus=2", "jobs=3", NULL };
	struct model_counters c;
	struct quiesced q = scenario_checked("kernbench", gen, 11, assign,
					     &c);

	EXPECT_EQ(q.mismatches, 0);
	EXPECT_EQ(q.checks, JOBS);
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
