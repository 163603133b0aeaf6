/*
 * Every scenario on every generation at a tiny size: the differential check
 * holds after its set-up and after its run, it leaves nothing behind, and it
 * gives the same model counters twice (a scenario is a pure function of its
 * parameters and seed).
 */
#include <string.h>

#include "bench/scenarios/scenario.h"
#include "common/check.h"
#include "common/stats.h"
#include "tests/harness.h"

static int run_once(const struct scenario *sc, const struct rmap_config *cfg,
		    struct model_counters *c)
{
	struct scenario_ctx ctx;
	struct counters_snapshot snap;
	unsigned i;
	int ret;

	scenario_defaults(sc, &ctx, 42);
	/* shrink every size-like parameter to keep the run tiny */
	for (i = 0; i < sc->nparams; i++)
		if (ctx.p[i] > 16 && sc->params[i].min <= 16)
			ctx.p[i] = 16;
	if (model_init(cfg, sc->mem_pages(&ctx)))
		return -1;
	ret = sc->setup(&ctx);
	if (!ret) {
		CHECK_EQ(check_verify(stderr, "after setup"), 0);
		counters_begin(&snap);
		ret = sc->run(&ctx);
		counters_end(&snap, c);
		CHECK_EQ(check_verify(stderr, "after run"), 0);
	}
	scenario_teardown_run(sc, &ctx);
	CHECK_EQ(model_exit(), 0);
	return ret;
}

int main(void)
{
	unsigned s, g;

	for (s = 0; s < nr_scenarios; s++) {
		if (scenarios[s]->kind != SCENARIO_MODEL)
			continue;
		for (g = 0; g < rmap_nr_generations; g++) {
			struct model_counters a, b;
			struct rmap_config cfg;
			char err[256];

			CHECK_EQ(rmap_config_parse(rmap_generations[g].name,
						   &cfg, err, sizeof(err)), 0);
			CHECK_EQ(run_once(scenarios[s], &cfg, &a), 0);
			CHECK_EQ(run_once(scenarios[s], &cfg, &b), 0);
			if (memcmp(&a, &b, sizeof(a)))
				fprintf(stderr, "%s on %s: counters differ "
					"between two runs\n",
					scenarios[s]->name, cfg.name);
			CHECK(!memcmp(&a, &b, sizeof(a)));
		}
	}
	return test_done("test_scenarios");
}
