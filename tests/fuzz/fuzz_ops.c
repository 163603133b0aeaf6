/*
 * Fuzz target: the first input byte is a generation's stable id (an input
 * naming no registered generation is not run, so adding a generation never
 * changes what a stored input means), the rest decide a sequence of model operations (the differential checker's
 * own operations, common/check.c, with its byte source instead of the PRNG).
 * After each operation the oracle and every scheme's invariants must agree.
 * A mismatch, a leak at teardown or a crash is a finding. mem_map is small
 * so reclaim, swap-in and out-of-memory faults happen within a short input.
 *
 * One generation per input, not all of them: the oracle after every
 * operation is the cost, and eight runs per input gave eight times fewer
 * inputs for the same coverage; the fuzzer now keeps an input for what it
 * reached in its own generation's code.
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
		.bytes = data + 1, .nbytes = size - 1,
	};
	const struct rmap_generation *g;
	struct check_result res;
	struct rmap_config cfg;
	char err[256];

	g = size < 2 ? NULL : rmap_generation_by_id(data[0]);
	if (!g)
		return 0;
	if (rmap_config_parse(g->name, &cfg, err, sizeof(err)))
		abort();
	if (check_run(&cfg, &opts, &res))
		abort();	/* mismatch or leak: described above */
	return 0;
}
