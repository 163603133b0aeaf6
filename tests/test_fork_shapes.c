/*
 * The fork shapes' runs hold what they are cited for: fork_chain ages the
 * pages its live end kept, after the chain (walk length, not only object
 * counts); fork_server forks its workers, ages and lets them exit inside
 * the run; mass_exit forks and exits its children inside the run. Each on
 * every generation, under the differential check.
 */
#include <string.h>

#include "tests/model_test.h"

/* sc's run at "k=v" params on every generation: the run's counters each. */
static void each_generation(const char *name, const char *const *params,
			    void (*expect)(const char *gen, const double *v))
{
	const struct scenario *sc = scenario_find(name);
	struct model_counters c;
	struct scenario_ctx ctx;
	struct rmap_config cfg;
	char err[160];
	unsigned g, i;

	ASSERT_TRUE(sc != NULL);
	for (g = 0; g < rmap_nr_generations && !test_failed(); g++) {
		scenario_defaults(sc, &ctx, 42);
		for (i = 0; params[i]; i++)
			ASSERT_EQ(scenario_set_param(sc, &ctx, params[i], err,
						     sizeof(err)), 0);
		parse_config(rmap_generations[g].name, &cfg);
		memset(&c, 0, sizeof(c));
		EXPECT_EQ(scenario_once(sc, &ctx, &cfg, sc->mem_pages(&ctx),
					true, &c), 0);
		expect(cfg.name, c.v);
		if (test_failed())
			fprintf(stderr, "  %s on %s\n", name, cfg.name);
	}
}

static bool walks_pages(const char *gen)
{
	/* 2.4 has no rmap: its aging is swap_out's sweep, not walks */
	return strcmp(gen, "scan") != 0;
}

/* generations=8 pages=16: the chain's start and 8 forks, 8 parents gone */
static void chain_aged(const char *gen, const double *v)
{
	EXPECT_EQ(v[MC_FORKS], 9);
	EXPECT_EQ(v[MC_EXITS], 8);
	if (walks_pages(gen)) {
		EXPECT_EQ(v[MC_WALKS], 16);
		EXPECT_TRUE(v[MC_CANDIDATES] >= 16);
		EXPECT_TRUE(v[MC_NODES_PER_WALK] >= 1);
	} else {
		EXPECT_TRUE(v[MC_SWAP_OUT_PASSES] >= 1);
	}
}

TEST(fork_chain_ages_the_live_end)
{
	static const char *const params[] = {
		"generations=8", "pages=16", NULL
	};

	each_generation("fork_chain", params, chain_aged);
}

/*
 * children=6 pages=32 cow=50: every fork, COW and exit in the run, and a
 * walk of each anonymous page, the server's 32 and each worker's 16 copies.
 */
static void server_forks(const char *gen, const double *v)
{
	EXPECT_EQ(v[MC_FORKS], 6);
	EXPECT_EQ(v[MC_EXITS], 6);
	EXPECT_EQ(v[MC_COW_COPIES], 6 * 16);
	if (walks_pages(gen))
		EXPECT_EQ(v[MC_WALKS], 32 + 6 * 16);
}

TEST(fork_server_forks_in_the_run)
{
	static const char *const params[] = {
		"children=6", "pages=32", "cow=50", NULL
	};

	each_generation("fork_server", params, server_forks);
}

static void exits_timed(const char *gen, const double *v)
{
	(void)gen;
	EXPECT_EQ(v[MC_FORKS], 12);
	EXPECT_EQ(v[MC_EXITS], 12);
}

TEST(mass_exit_forks_and_exits_in_the_run)
{
	static const char *const params[] = { "children=12", "pages=16", NULL };

	each_generation("mass_exit", params, exits_timed);
}
