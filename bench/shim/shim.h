/*
 * shim.h - a C face for Google Benchmark (1.7.1, Debian's), which has no
 * C API.  Benchmarks are written in C against these calls; shim.cc, the
 * project's one C++ file, forwards them to benchmark::State and friends.
 *
 * The cost that matters is gb_keep_running(): it runs once per timed
 * iteration, so its common path is an inline compare and decrement of
 * the shim's own countdown, as cheap as GB's C++ range-for (test_shim
 * measures and prints it); State is called only at the loop's edges.
 * Everything else runs outside the timed loop.
 *
 * Things Google Benchmark 1.7.1 does that shape how to use this:
 *  - The benchmark function runs once per trial: GB calls it again with
 *    growing iteration counts until the run lasts --benchmark_min_time,
 *    then once per repetition.  Code before the loop therefore runs once
 *    per trial, not once per benchmark; keep expensive setup cached in ctx.
 *  - --benchmark_min_time takes a plain number of seconds (0.1), no "s"
 *    suffix; that came with 1.8.
 *  - gb_pause()/gb_resume() add about 0.5 us per pair to the reported
 *    time (GB reads the wall and thread CPU clocks at each).  Counters
 *    attached add an ioctl per counter group at each edge, kept out of
 *    the reported time but not out of the run (3.3 us more per pair with
 *    two software events on a VM).  Never wrap a nanosecond operation in
 *    them: the pair swamps it.  Build the state outside the timed loop,
 *    or batch the work.
 *  - The CSV reporter aborts when families report different counters; write
 *    results as JSON (--benchmark_out=F --benchmark_out_format=json).
 *  - Custom context (gb_add_context) is printed before the first benchmark
 *    runs, so add it before gb_main() runs the benchmarks.
 *  - Benchmarks here are single-threaded: the loop observer (hardware
 *    counters) counts the calling thread only.
 *  - Debian builds the library without NDEBUG, so the console says
 *    "Library was built as DEBUG"; that is GB's bookkeeping between
 *    trials, not the timed loop, which never calls into the library.
 */
#ifndef RMAP_BENCH_SHIM_H
#define RMAP_BENCH_SHIM_H

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opaque: a benchmark::State for one trial of a benchmark function. */
typedef struct gb_state gb_state;
/* Opaque: a registered benchmark family (benchmark::internal::Benchmark). */
typedef struct gb_bench gb_bench;

typedef void (*gb_fn)(gb_state *st, void *ctx);

enum gb_unit {
	GB_NS,
	GB_US,
	GB_MS,
	GB_S,
};

/* The values of benchmark::Counter::Flags, so they pass through unchanged. */
#define GB_COUNTER_DEFAULT		0u
#define GB_COUNTER_RATE			(1u << 0)	/* per second */
#define GB_COUNTER_AVG_THREADS		(1u << 1)	/* per thread */
#define GB_COUNTER_ITERATION_INVARIANT	(1u << 2)	/* times iterations */
#define GB_COUNTER_AVG_ITERATIONS	(1u << 3)	/* per iteration */
#define GB_COUNTER_INVERT		(1u << 31)	/* 1 / value */
/* Shim only: thousands are 1024 (benchmark::Counter::kIs1024). */
#define GB_COUNTER_1024			(1u << 30)

/*
 * Registration.  name is copied; ctx is passed to fn on every trial and
 * must outlive gb_main().  The builders return b so calls can chain.
 */
gb_bench *gb_register(const char *name, gb_fn fn, void *ctx);
gb_bench *gb_arg_names(gb_bench *b, const char *const *names, int n);
/* One argument tuple; call repeatedly for more instances. */
gb_bench *gb_args(gb_bench *b, const long *vals, int n);
gb_bench *gb_iterations(gb_bench *b, long n);
gb_bench *gb_unit(gb_bench *b, enum gb_unit unit);

/*
 * The timed loop: while (gb_keep_running(st)) { ... }.  The first call
 * starts timing (and the loop observer), the call returning false stops
 * both.
 */
static inline bool gb_keep_running(gb_state *st);
/*
 * Stop/restart timing and the loop observer; see the cost note above.
 * The observer runs outside GB's timer here, so it adds no reported time.
 */
void gb_pause(gb_state *st);
void gb_resume(gb_state *st);

long gb_range_arg(const gb_state *st, int i);
/* Iterations GB asked for in this trial. */
long gb_max_iterations(const gb_state *st);
/* Iterations counted so far; after the loop, the ones that ran. */
long gb_iterations_done(const gb_state *st);

void gb_set_counter(gb_state *st, const char *name, double value,
		    unsigned flags);
void gb_set_label(gb_state *st, const char *label);
/* The loop exits after the current iteration; the run reports msg. */
void gb_skip_with_error(gb_state *st, const char *msg);

/*
 * Keep the compiler from deleting benchmarked work: gb_escape makes *p
 * (and what it points to) possibly read.  It costs no instruction.
 */
static inline void gb_escape(const void *p)
{
	__asm__ volatile("" : : "g"(p) : "memory");
}

/* A "key": "value" pair in the JSON context stanza; before gb_main(). */
void gb_add_context(const char *key, const char *value);

/*
 * Hooks at the loop boundary: start runs when timing starts (first
 * gb_keep_running, gb_resume), stop when it stops (before the last
 * gb_keep_running returns false, gb_pause), publish once per trial after
 * the benchmark function returns, if its loop ever started.  One observer
 * at a time; NULL functions unregister.
 */
void gb_set_loop_observer(void (*start)(void *arg), void (*stop)(void *arg),
			  void (*publish)(gb_state *st, void *arg), void *arg);

/*
 * The program's main.  own_flags (may be NULL) sees argv first and removes
 * the flags it handles, editing *argc; nonzero makes gb_main return 1.
 * Then Google Benchmark takes its --benchmark_* flags; anything left is
 * an error (one line per flag on stderr, return 1).  Returns 1 when the
 * filter matched no benchmark, else 0: a benchmark that skipped with an
 * error is reported in the output, not in the exit status.
 */
int gb_main(int argc, char **argv,
	    int (*own_flags)(int *argc, char **argv, void *arg), void *arg);

/*
 * The loop test, inline so that an iteration costs a compare and a
 * decrement of the iterations the shim has already claimed from State;
 * shim.cc does the rest when they run out.  gb_state starts with this.
 */
struct gb_state_head {
	long long left;
};

bool gb_keep_running_slow(gb_state *st, long n);

static inline bool gb_keep_running(gb_state *st)
{
	struct gb_state_head *h = (struct gb_state_head *)st;

	if (__builtin_expect(h->left > 0, 1)) {
		h->left--;
		return true;
	}
	return gb_keep_running_slow(st, 1);
}

#ifdef __cplusplus
}
#endif

#endif
