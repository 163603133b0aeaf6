/*
 * The checker's byte source (what fuzz_ops feeds it): the bytes alone
 * decide the operations, the run ends when they are used up, the same
 * bytes give the same run, and a run of fuzz-sized input does real work
 * (maps, faults, forks and walks) on every generation without a mismatch.
 */
#include <string.h>

#include "common/check.h"
#include "common/lib/prng.h"
#include "tests/model_test.h"

#define NBYTES	2048

static struct check_result run(const struct rmap_config *cfg,
			       const uint8_t *bytes, size_t n, uint64_t seed)
{
	struct check_opts opts = { .ops = ~0UL, .seed = seed, .nr_pages = 128,
				   .log = stderr, .bytes = bytes, .nbytes = n };
	struct check_result res;

	EXPECT_EQ(check_run(cfg, &opts, &res), 0);
	return res;
}

static void random_bytes(uint8_t *bytes, size_t n)
{
	struct prng rng;
	size_t i;

	prng_seed(&rng, 11);
	for (i = 0; i < n; i++)
		bytes[i] = (uint8_t)prng_next(&rng);
}

TEST(bytes_decide_the_run)
{
	static uint8_t bytes[NBYTES];
	struct check_result a, b;
	struct rmap_config cfg;
	unsigned g;

	random_bytes(bytes, NBYTES);
	for (g = 0; g < rmap_nr_generations; g++) {
		parse_config(rmap_generations[g].name, &cfg);
		/* the seed is ignored: the bytes decide */
		a = run(&cfg, bytes, NBYTES, 1);
		b = run(&cfg, bytes, NBYTES, 2);
		EXPECT_TRUE(!memcmp(&a, &b, sizeof(a)));
		/* a few bytes per operation; it stops when they run out */
		EXPECT_GT(a.ops, NBYTES / 16);
		EXPECT_LT(a.ops, NBYTES);
		/* 2.4 has no walk: only the mapcounts are checked */
		if (cfg.anon->walk)
			EXPECT_GT(a.walks, 0);
		EXPECT_GT(a.forks, 0);
		EXPECT_GT(a.reclaimed, 0);
	}
}

/* An empty input (bytes set, none left) is an empty run, not a seeded one. */
TEST(no_bytes_no_ops)
{
	static const uint8_t none[1];
	struct rmap_config cfg;
	unsigned g;

	for (g = 0; g < rmap_nr_generations; g++) {
		parse_config(rmap_generations[g].name, &cfg);
		EXPECT_EQ(run(&cfg, none, 0, 1).ops, 0);
	}
}
