/*
 * rmapbench --cachesim (cachesim.h): callgrind's client requests around
 * the timed loop. Collection is switched on by the loop observer right
 * after Google Benchmark starts its timer and off right before it stops
 * it, so the counts hold the loop (run(), the phase sampling and the
 * shim's countdown) and none of the fixture's setup, the warm-up or GB's
 * bookkeeping between trials. The profile is then dumped under the
 * benchmark's name and instrumentation switched off until the next
 * benchmark's warm-up.
 */
#include <stdbool.h>
#include <stdio.h>

#include "bench/cachesim.h"
#include "bench/shim/shim.h"

#ifdef RMAP_HAVE_CALLGRIND
#include <valgrind/callgrind.h>
#define BUILT_WITH_CALLGRIND	true
#else
/* without valgrind's header cachesim_check refuses: nothing else runs */
#define BUILT_WITH_CALLGRIND	false
#define RUNNING_ON_VALGRIND	0
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(name)	((void)(name))
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

#define NAME_LEN	256

static char current[NAME_LEN];	/* the benchmark being measured */
static bool collecting;

int cachesim_check(char *err, size_t len)
{
	if (!BUILT_WITH_CALLGRIND)
		snprintf(err, len, "--cachesim: this rmapbench was built "
			 "without valgrind/callgrind.h: install valgrind "
			 "(scripts/install-deps.sh) and rebuild");
	else if (!RUNNING_ON_VALGRIND)
		snprintf(err, len, "--cachesim needs callgrind: run 'make "
			 "bench CACHESIM=1' (scripts/cachesim.sh starts "
			 "rmapbench under valgrind --tool=callgrind)");
	else
		return 0;
	return -1;
}

static void collect_start(void *arg)
{
	(void)arg;
	if (collecting)
		return;
	CALLGRIND_ZERO_STATS;
	CALLGRIND_TOGGLE_COLLECT;
	collecting = true;
}

static void collect_stop(void *arg)
{
	(void)arg;
	if (!collecting)
		return;
	CALLGRIND_TOGGLE_COLLECT;
	collecting = false;
	CALLGRIND_DUMP_STATS_AT(current);
	CALLGRIND_STOP_INSTRUMENTATION;
}

void cachesim_attach(void)
{
	gb_set_loop_observer(collect_start, collect_stop, NULL, NULL);
}

int cachesim_warm(const char *name, const struct scenario *sc,
		  struct scenario_ctx *ctx)
{
	snprintf(current, sizeof(current), "%s", name);
	CALLGRIND_START_INSTRUMENTATION;
	return sc->run(ctx);
}
