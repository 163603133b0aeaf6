/*
 * The checker's byte source (what fuzz_ops feeds it): the bytes alone
 * decide the operations, the run ends when they are used up, the same
 * bytes give the same run, and a run of fuzz-sized input does real work
 * (maps, faults, forks and walks) on every generation without a mismatch.
 */
#include <string.h>

#include "common/check.h"
#include "common/lib/prng.h"
#include "tests/harness.h"

#define NBYTES	2048

static struct check_result run(const struct rmap_config *cfg,
			       const uint8_t *bytes, size_t n, uint64_t seed)
{
	struct check_opts opts = { .ops = ~0UL, .seed = seed, .nr_pages = 128,
				   .log = stderr, .bytes = bytes, .nbytes = n };
	struct check_result res;

	CHECK_EQ(check_run(cfg, &opts, &res), 0);
	return res;
}

int main(void)
{
	static uint8_t bytes[NBYTES];
	struct prng rng;
	unsigned g, i;

	prng_seed(&rng, 11);
	for (i = 0; i < NBYTES; i++)
		bytes[i] = (uint8_t)prng_next(&rng);
	for (g = 0; g < rmap_nr_generations; g++) {
		struct check_result a, b;
		struct rmap_config cfg;
		char err[256];

		CHECK_EQ(rmap_config_parse(rmap_generations[g].name, &cfg, err,
					   sizeof(err)), 0);
		/* the seed is ignored: the bytes decide */
		a = run(&cfg, bytes, NBYTES, 1);
		b = run(&cfg, bytes, NBYTES, 2);
		CHECK(!memcmp(&a, &b, sizeof(a)));
		/* a few bytes per operation; it stops when they run out */
		CHECK(a.ops > NBYTES / 16 && a.ops < NBYTES);
		CHECK(a.walks > 0 && a.forks > 0 && a.reclaimed > 0);
		CHECK_EQ(run(&cfg, bytes, 0, 1).ops, 0);
	}
	return test_done("test_check_bytes");
}
