/*
 * The phase timers (common/phase.h): each of the model's entry points
 * charges its own phase, a nested one of another phase (direct reclaim in
 * a fault) charges its own and hands the clock back, and every guard
 * restores its caller's phase. What is asserted is where the clock was
 * charged, never how long anything took.
 */
#include <string.h>

#include "common/phase.h"
#include "tests/model_test.h"

static uint64_t before[NR_PHASES];

static void mark(void)
{
	phase_switch(PHASE_NONE);
	memcpy(before, phase_clock.ticks, sizeof(before));
}

/* Whether phase p was charged since mark(). */
static bool charged(enum phase p)
{
	phase_switch(PHASE_NONE);
	return phase_clock.ticks[p] != before[p];
}

static enum phase inner_seen;

static void inner(void)
{
	phase_guard(PHASE_RECLAIM);

	inner_seen = phase_clock.cur;
}

static void outer(enum phase p)
{
	phase_guard(p);

	inner();
	EXPECT_EQ(phase_clock.cur, p);
}

TEST(a_guard_restores_the_callers_phase)
{
	outer(PHASE_FAULT);
	EXPECT_EQ(inner_seen, PHASE_RECLAIM);
	EXPECT_EQ(phase_clock.cur, PHASE_NONE);
	outer(PHASE_RECLAIM);
	EXPECT_EQ(inner_seen, PHASE_RECLAIM);
	EXPECT_EQ(phase_clock.cur, PHASE_NONE);
}

TEST(fork_and_exit_charge_fork_and_zap)
{
	struct mm_struct *mm, *child;
	unsigned long a;

	start_model("pte_chain", 4096);
	mm = mm_new();
	a = do_mmap(mm, 0, 64 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 64 * P, true), 0);
	mark();
	child = dup_mm(mm);
	ASSERT_NONNULL(child);
	EXPECT_TRUE(charged(PHASE_FORK));
	EXPECT_FALSE(charged(PHASE_ZAP));
	EXPECT_FALSE(charged(PHASE_FAULT));
	mark();
	mmput(child);
	EXPECT_TRUE(charged(PHASE_ZAP));
	EXPECT_FALSE(charged(PHASE_FORK));
	EXPECT_FALSE(charged(PHASE_MMAP));
	mmput(mm);
	EXPECT_EQ(phase_clock.cur, PHASE_NONE);
	finish_model();
}

/* munmap is an mmap-phase call, the ptes it zaps included */
TEST(munmap_charges_mmap_only)
{
	struct mm_struct *mm;
	unsigned long a;

	start_model("interval", 4096);
	mm = mm_new();
	a = do_mmap(mm, 0, 16 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 16 * P, true), 0);
	mark();
	ASSERT_EQ(do_munmap(mm, a, 16 * P), 0);
	EXPECT_TRUE(charged(PHASE_MMAP));
	EXPECT_FALSE(charged(PHASE_ZAP));
	EXPECT_FALSE(charged(PHASE_FAULT));
	mmput(mm);
	finish_model();
}

/* More anonymous pages than mem_map: the faults reclaim as they go. */
TEST(direct_reclaim_inside_a_fault_charges_reclaim)
{
	struct mm_struct *mm;
	unsigned long a;

	start_model("anon_vma", 512);
	mm = mm_new();
	a = do_mmap(mm, 0, 700 * P, RW, ANON, NULL, 0);
	mark();
	ASSERT_EQ(touch_range(mm, a, 700 * P, true), 0);
	EXPECT_GT(rmap_stats.reclaimed, 0);
	EXPECT_TRUE(charged(PHASE_FAULT));
	EXPECT_TRUE(charged(PHASE_RECLAIM));
	EXPECT_EQ(phase_clock.cur, PHASE_NONE);
	mmput(mm);
	finish_model();
}

/* A harness samples PHASE_SAMPLES iterations of a trial: the others
 * read no clock, and a sampled one is timed whole. */
TEST(only_sampled_iterations_are_timed)
{
	struct phase_snapshot snap;
	struct phase_times t;
	struct mm_struct *mm;

	start_model("interval", 4096);
	mm = mm_new();
	phase_begin(&snap);
	mark();
	phase_iteration_begin(false);
	mmput(dup_mm(mm));
	phase_iteration_end();
	EXPECT_FALSE(charged(PHASE_FORK));
	EXPECT_FALSE(charged(PHASE_ZAP));
	phase_iteration_begin(true);
	mmput(dup_mm(mm));
	phase_iteration_end();
	phase_end(&snap, &t);
	EXPECT_EQ(t.samples, 1);
	EXPECT_GT(t.ns[PHASE_FORK], 0);
	EXPECT_GT(t.ns[PHASE_ZAP], 0);
	EXPECT_FALSE(phase_clock.paused);
	mmput(mm);
	finish_model();
}

/* Exactly PHASE_SAMPLES a trial (all of a shorter one), the first first. */
TEST(a_trial_samples_exactly_its_share)
{
	static const unsigned long trials[] = { 1, 63, 64, 65, 100, 128, 1000,
						123457 };
	unsigned long i, k, n, samples;

	for (k = 0; k < ARRAY_SIZE(trials); k++) {
		n = trials[k];
		for (i = 0, samples = 0; i < n; i++)
			samples += phase_sampled(i, n);
		EXPECT_EQ(samples, n < PHASE_SAMPLES ? n : PHASE_SAMPLES);
		EXPECT_TRUE(phase_sampled(0, n));
	}
}
