/*
 * Every scenario on every generation at a tiny size: the differential check
 * holds after its set-up and after its run, it leaves nothing behind, and it
 * gives the same model counters twice (a scenario is a pure function of its
 * parameters and seed on one CPU; on several, which CPU gets to a shared
 * page first decides some counts, and test_sdet_mt runs those).
 */
#include <string.h>

#include "tests/model_test.h"

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
