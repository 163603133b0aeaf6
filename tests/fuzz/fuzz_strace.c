/*
 * Fuzz target: the strace log reader on arbitrary bytes, strict and lenient
 * (a malformed line must give an error message or be skipped, never a
 * crash), then what the lenient reading kept is replayed on the scan
 * generation with the differential check at every fork and at the end,
 * on a small mem_map so direct reclaim and out-of-memory touches happen.
 * Periodic reclaim rounds are off: each would run a check, and the scan
 * generation's walks make checks the cost of an execution.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bench/replay/replay.h"

/* below replay's own minimum (mem_pages): memory runs out within a log */
#define FUZZ_PAGES	256

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void replay_scan(const struct strace_log *log)
{
	static const char *const params[] = {
		"touch_max=16", "reclaim_every=0",
	};
	struct replay_input in = { .log = log, .check = stderr };
	struct scenario_ctx ctx;
	struct rmap_config cfg;
	char err[256];
	unsigned i;
	int ret;

	if (rmap_config_parse("scan", &cfg, err, sizeof(err)))
		abort();
	scenario_defaults(&trace_scenario, &ctx, 1);
	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++)
		if (scenario_set_param(&trace_scenario, &ctx, params[i], err,
				       sizeof(err)))
			abort();
	ctx.priv = &in;
	if (model_init(&cfg, FUZZ_PAGES))
		abort();
	ret = trace_scenario.setup(&ctx);
	if (!ret)
		ret = trace_scenario.run(&ctx);
	trace_scenario.teardown(&ctx);
	if (model_exit() || in.res.mismatches)
		abort();	/* leak or mismatch: described above */
	(void)ret;	/* out of memory is an answer, not a finding */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strace_log *log;
	char err[512] = "";

	log = strace_parse("fuzz", (const char *)data, size, false, err,
			   sizeof(err));
	if (log)
		strace_log_free(log);
	else if (!err[0])
		abort();	/* a refusal must say why */
	log = strace_parse("fuzz", (const char *)data, size, true, err,
			   sizeof(err));
	if (!log && strncmp(err, "fuzz: " STRACE_NO_EVENTS,
			    strlen("fuzz: " STRACE_NO_EVENTS)))
		abort();	/* lenient reading refuses only an empty log */
	if (!log)
		return 0;
	replay_scan(log);
	strace_log_free(log);
	return 0;
}
