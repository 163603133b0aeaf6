/*
 * shim.cc - forwards the C calls of shim.h to Google Benchmark 1.7.1.
 * The project's only C++ file; everything else stays C.
 *
 * The cost that matters is gb_keep_running(), once per timed iteration:
 * its fast path is a countdown in the shim's own state, and everything
 * that runs only at the loop's edges (claiming iterations from State, the
 * observer, GB's own start/finish) sits behind one predictable branch.
 */
#include "shim.h"

#include <benchmark/benchmark.h>

#include <string>
#include <type_traits>
#include <vector>

namespace {

enum loop_phase {
	PH_IDLE,	/* before the first gb_keep_running */
	PH_RUNNING,	/* timing, observer started */
	PH_PAUSED,	/* between gb_pause and gb_resume */
	PH_DONE,	/* a gb_keep_running returned false */
};

struct loop_observer {
	void (*start)(void *arg);
	void (*stop)(void *arg);
	void (*publish)(gb_state *st, void *arg);
	void *arg;
};

loop_observer observer;

void observer_start()
{
	if (observer.start)
		observer.start(observer.arg);
}

void observer_stop()
{
	if (observer.stop)
		observer.stop(observer.arg);
}

}	/* namespace */

/*
 * Like GB's own range-for loop, the shim claims iterations from State in
 * bulk (KeepRunningBatch) and counts them down itself in head.left, so
 * the per-iteration path (inline, in shim.h) is one compare and one
 * decrement.  Knowing when the claimed iterations run out also lets the
 * observer fire inside GB's timing edges: it starts right after the call
 * that starts GB's timer, and stops right before the call that stops it.
 *
 * One iteration stays unclaimed until the end: if the last batch
 * overshoots, claiming it through that reserve is how State learns the
 * overshoot (its batch_leftover_), so iterations() stays exact.
 */
struct gb_state {
	gb_state_head head;			/* first: shim.h reads it */
	benchmark::State *s;
	benchmark::IterationCount claimed;	/* from State, with overshoot */
	loop_phase phase;
};

static_assert(std::is_standard_layout<gb_state>::value,
	      "shim.h casts gb_state * to its first member");

/* The call that ends the loop: observer off first, then GB's timer. */
static bool loop_end(gb_state *st, long n)
{
	if (st->phase == PH_RUNNING)
		observer_stop();
	st->phase = PH_DONE;
	st->head.left = 0;
	/* ends the loop: nothing left to claim, or skipped with an error */
	if (!st->s->KeepRunningBatch(n))
		return false;
	/* cannot happen while "claimed" mirrors State; keep counting */
	st->claimed += n;
	st->phase = PH_RUNNING;
	observer_start();
	return true;
}

bool gb_keep_running_slow(gb_state *st, long n)
{
	benchmark::IterationCount need = n - st->head.left;
	benchmark::IterationCount rest = st->s->max_iterations - st->claimed;
	benchmark::IterationCount take = need;

	if (rest <= 0 || st->phase == PH_DONE)
		return loop_end(st, n);
	if (rest - 1 >= need)
		take = rest - 1;
	/* take > rest is a partial last batch: State records the overshoot */
	if (!st->s->KeepRunningBatch(take)) {
		/* skipped with an error before the loop */
		st->phase = PH_DONE;
		return false;
	}
	st->claimed += take;
	st->head.left += take - n;
	if (st->phase == PH_IDLE) {
		st->phase = PH_RUNNING;
		observer_start();
	}
	return true;
}

/*
 * Counters stop after GB's timer and start before it, so the ioctls they
 * cost stay out of the reported time: attaching counters must not move
 * it.  They count GB's own pause/resume work instead (user level only).
 */
void gb_pause(gb_state *st)
{
	st->s->PauseTiming();
	if (st->phase == PH_RUNNING) {
		observer_stop();
		st->phase = PH_PAUSED;
	}
}

void gb_resume(gb_state *st)
{
	if (st->phase == PH_PAUSED) {
		st->phase = PH_RUNNING;
		observer_start();
	}
	st->s->ResumeTiming();
}

long gb_range_arg(const gb_state *st, int i)
{
	return st->s->range(i);
}

long gb_max_iterations(const gb_state *st)
{
	return st->s->max_iterations;
}

long gb_iterations_done(const gb_state *st)
{
	return st->claimed - st->head.left;
}

#define SAME_FLAG(gb, cc) static_assert((gb) == \
	static_cast<unsigned>(benchmark::Counter::cc), #gb " is not " #cc)
SAME_FLAG(GB_COUNTER_RATE, kIsRate);
SAME_FLAG(GB_COUNTER_AVG_THREADS, kAvgThreads);
SAME_FLAG(GB_COUNTER_ITERATION_INVARIANT, kIsIterationInvariant);
SAME_FLAG(GB_COUNTER_AVG_ITERATIONS, kAvgIterations);
SAME_FLAG(GB_COUNTER_INVERT, kInvert);

void gb_set_counter(gb_state *st, const char *name, double value,
		    unsigned flags)
{
	benchmark::Counter::OneK k = (flags & GB_COUNTER_1024) ?
		benchmark::Counter::kIs1024 : benchmark::Counter::kIs1000;
	auto f = static_cast<benchmark::Counter::Flags>(flags &
							~GB_COUNTER_1024);

	st->s->counters[name] = benchmark::Counter(value, f, k);
}

void gb_set_label(gb_state *st, const char *label)
{
	st->s->SetLabel(label);
}

void gb_skip_with_error(gb_state *st, const char *msg)
{
	/* GB stops its timer now; the next gb_keep_running ends the loop */
	if (st->phase == PH_RUNNING)
		observer_stop();
	if (st->phase != PH_IDLE)
		st->phase = PH_DONE;
	st->head.left = 0;
	st->s->SkipWithError(msg);
}

void gb_add_context(const char *key, const char *value)
{
	benchmark::AddCustomContext(key, value);
}

void gb_set_loop_observer(void (*start)(void *arg), void (*stop)(void *arg),
			  void (*publish)(gb_state *st, void *arg), void *arg)
{
	observer = loop_observer{ start, stop, publish, arg };
}

/* One trial: wrap the State, run the C function, let the observer publish. */
static void run_trial(benchmark::State &s, gb_fn fn, void *ctx)
{
	gb_state st = { { 0 }, &s, 0, PH_IDLE };

	fn(&st, ctx);
	if (st.phase == PH_RUNNING)
		observer_stop();	/* returned from inside the loop */
	if (st.claimed && observer.publish)
		observer.publish(&st, observer.arg);
}

static benchmark::internal::Benchmark *bm(gb_bench *b)
{
	return reinterpret_cast<benchmark::internal::Benchmark *>(b);
}

gb_bench *gb_register(const char *name, gb_fn fn, void *ctx)
{
	auto *b = benchmark::RegisterBenchmark(name,
		[fn, ctx](benchmark::State &s) { run_trial(s, fn, ctx); });

	return reinterpret_cast<gb_bench *>(b);
}

gb_bench *gb_arg_names(gb_bench *b, const char *const *names, int n)
{
	bm(b)->ArgNames(std::vector<std::string>(names, names + n));
	return b;
}

gb_bench *gb_args(gb_bench *b, const long *vals, int n)
{
	bm(b)->Args(std::vector<int64_t>(vals, vals + n));
	return b;
}

gb_bench *gb_iterations(gb_bench *b, long n)
{
	bm(b)->Iterations(n);
	return b;
}

static benchmark::TimeUnit time_unit(enum gb_unit unit)
{
	switch (unit) {
	case GB_US:
		return benchmark::kMicrosecond;
	case GB_MS:
		return benchmark::kMillisecond;
	case GB_S:
		return benchmark::kSecond;
	default:
		return benchmark::kNanosecond;
	}
}

gb_bench *gb_unit(gb_bench *b, enum gb_unit unit)
{
	bm(b)->Unit(time_unit(unit));
	return b;
}

int gb_main(int argc, char **argv,
	    int (*own_flags)(int *argc, char **argv, void *arg), void *arg)
{
	size_t ran;

	if (own_flags && own_flags(&argc, argv, arg))
		return 1;
	benchmark::Initialize(&argc, argv);
	if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
		benchmark::Shutdown();
		return 1;
	}
	ran = benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	/* GB has already said the filter matched nothing */
	return ran ? 0 : 1;
}
