/*
 * Fuzz target: the input bytes decide a sequence of model operations (the
 * differential checker's own operations, common/check.c, with its byte
 * source instead of the PRNG), run on every registered generation; after
 * each operation the oracle and every scheme's invariants must agree. A
 * mismatch, a leak at teardown or a crash is a finding. mem_map is small so
 * reclaim, swap-in and out-of-memory faults happen within a short input.
 */
#include <stdint.h>
#include <stdlib.h>

#include "common/check.h"

#define FUZZ_PAGES	128

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct check_opts opts = {
		.ops = ~0UL, .nr_pages = FUZZ_PAGES, .log = stderr,
		.bytes = data, .nbytes = size,
	};
	struct check_result res;
	struct rmap_config cfg;
	char err[256];
	unsigned i;

	if (!size)
		return 0;
	for (i = 0; i < rmap_nr_generations; i++) {
		if (rmap_config_parse(rmap_generations[i].name, &cfg, err,
				      sizeof(err)))
			abort();
		if (check_run(&cfg, &opts, &res))
			abort();	/* mismatch or leak: described above */
	}
	return 0;
}
