/*
 * Every scenario on every generation at a tiny size: the differential check
 * holds after its set-up and after its run, it leaves nothing behind, and it
 * gives the same model counters twice (a scenario is a pure function of its
 * parameters and seed on one CPU; on several, which CPU gets to a shared
 * page first decides some counts, and test_sdet_mt runs those). The
 * threaded ones publish each lock class's share of time held beside its
 * share waiting, where holds were timed.
 */
#include <string.h>
#include <unistd.h>

#include "tests/model_test.h"

/*
 * A curve over CPUs ends at its largest host word: sdet's main curve at
 * twice the host's CPUs ("2cpus", the oversubscribed point), its kswapd
 * curves at the host's ("cpus"), kswapd's thread being one more.
 */
TEST(cpu_curves_end_at_their_largest_host_word)
{
	const struct scenario *sc = scenario_find("sdet");
	struct scenario_ctx pts[SCENARIO_MAX_POINTS];
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned cpus, c;
	char err[256];
	int n;

	ASSERT_NONNULL(sc);
	cpus = scenario_param_index(sc, "cpus");
	for (c = 0; c < sc->ncurves; c++) {
		n = scenario_curve_points(sc, &sc->curves[c], false, 1, pts,
					  err, sizeof(err));
		ASSERT_TRUE(n > 0);
		EXPECT_EQ(pts[0].p[cpus], 1);
		EXPECT_EQ(pts[n - 1].p[cpus], c ? ncpu : 2 * ncpu);
	}
}

static int run_once(const struct scenario *sc, const struct rmap_config *cfg,
		    struct model_counters *c)
{
	struct scenario_ctx ctx;
	unsigned i;

	scenario_defaults(sc, &ctx, 42);
	/* shrink every size-like parameter to keep the run tiny */
	for (i = 0; i < sc->nparams; i++)
		if (ctx.p[i] > 16 && sc->params[i].min <= 16)
			ctx.p[i] = 16;
	i = scenario_param_index(sc, "cpus");
	if ((int)i >= 0)
		ctx.p[i] = 1;
	return scenario_once(sc, &ctx, cfg, sc->mem_pages(&ctx), true, c);
}

static void checked_and_repeatable(const struct scenario *sc)
{
	struct model_counters a, b;
	struct rmap_config cfg;
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++) {
		/* a failed run's counters compare equal, not uninitialised */
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		parse_config(rmap_generations[g].name, &cfg);
		EXPECT_EQ(run_once(sc, &cfg, &a), 0);
		EXPECT_EQ(run_once(sc, &cfg, &b), 0);
		if (memcmp(&a, &b, sizeof(a)))
			fprintf(stderr, "%s on %s: counters differ between "
				"two runs\n", sc->name, cfg.name);
		EXPECT_TRUE(!memcmp(&a, &b, sizeof(a)));
	}
}

TEST(every_scenario_every_generation)
{
	unsigned s;

	for (s = 0; s < nr_scenarios; s++)
		if (scenarios[s]->kind == SCENARIO_MODEL)
			checked_and_repeatable(scenarios[s]);
}

/* The share counter name's value in out, or -1 when not published. */
static double share(const struct scenario_counters *out, const char *name)
{
	unsigned i;

	for (i = 0; i < out->n; i++)
		if (!strcmp(out->c[i].name, name))
			return out->c[i].value;
	return -1;
}

/*
 * The threaded scenarios publish each class's share of the CPUs' time
 * held in the lockstat pass (1 s of i_mmap holds over its 2 s on cpus=2:
 * 0.25), beside the waits of the timed runs; without a pass that timed
 * holds, no hold share.
 */
TEST(threaded_scenarios_publish_hold_shares)
{
	static const char *const names[] = { "sdet", "kernbench" };
	struct scenario_counters out;
	const struct scenario *sc;
	struct scenario_ctx ctx;
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		sc = scenario_find(names[i]);
		ASSERT_NONNULL(sc);
		EXPECT_TRUE(sc->lock_holds);
		scenario_defaults(sc, &ctx, 42);
		ctx.p[scenario_param_index(sc, "cpus")] = 2;
		memset(&ctx.timed, 0, sizeof(ctx.timed));
		ctx.timed.ns = 1e9;
		ctx.timed.runs = 1;
		ctx.timed.locks.wait_ns[LOCK_I_MMAP] = 500000000u;
		/* the lockstat pass's own time: 2 s, of which 1 s held */
		memset(&ctx.lockstat, 0, sizeof(ctx.lockstat));
		ctx.lockstat.ns = 2e9;
		ctx.lockstat.runs = 1;
		ctx.lockstat.holds = true;
		ctx.lockstat.locks.hold_ns[LOCK_I_MMAP] = 1000000000u;
		out.n = 0;
		sc->publish(&ctx, &out);
		EXPECT_EQ(share(&out, "hold_i_mmap"), 0.25);
		EXPECT_EQ(share(&out, "wait_i_mmap"), 0.25);
		EXPECT_EQ(share(&out, "hold_zone"), 0);
		ctx.lockstat.holds = false;
		out.n = 0;
		sc->publish(&ctx, &out);
		EXPECT_EQ(share(&out, "hold_i_mmap"), -1);
		EXPECT_EQ(share(&out, "wait_i_mmap"), 0.25);
	}
}
