/*
 * test_shim.c - C benchmarks registered through the shim run under
 * gb_main, write JSON, and the JSON is read back: counters, labels,
 * arguments, errors, the loop observer's edges, and flag
 * handling.  Also prints what gb_keep_running costs per iteration (no
 * assertion: timing depends on the machine).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/shim/shim.h"
#include "common/lib/slurp.h"
#include "tests/harness.h"

/* What the observer saw, and what the benchmarks saw of it. */
static struct {
	int starts, stops, publishes;
	bool running;
	int trials;		/* BM_observed calls */
	int stopped_before_end;	/* loops whose last call came after stop */
	int loops;
	int own_flag;
} seen;

static void obs_start(void *arg)
{
	(void)arg;
	seen.starts++;
	seen.running = true;
}

static void obs_stop(void *arg)
{
	(void)arg;
	seen.stops++;
	seen.running = false;
}

static void obs_publish(gb_state *st, void *arg)
{
	(void)arg;
	seen.publishes++;
	gb_set_counter(st, "observer_published", 1, GB_COUNTER_DEFAULT);
}

static void bm_counter(gb_state *st, void *ctx)
{
	(void)ctx;
	while (gb_keep_running(st))
		;
	gb_set_counter(st, "shim_counter", 42.5, GB_COUNTER_DEFAULT);
	/* three per iteration, reported per iteration */
	gb_set_counter(st, "per_iter", 3.0 * gb_iterations_done(st),
		       GB_COUNTER_AVG_ITERATIONS);
	gb_set_label(st, "shim label");
}

static void bm_args(gb_state *st, void *ctx)
{
	(void)ctx;
	while (gb_keep_running(st))
		;
	gb_set_counter(st, "arg_sum", gb_range_arg(st, 0) + gb_range_arg(st, 1),
		       GB_COUNTER_DEFAULT);
}

static void bm_error(gb_state *st, void *ctx)
{
	(void)ctx;
	gb_skip_with_error(st, "deliberate failure");
	while (gb_keep_running(st))
		;
}

static void bm_error_in_loop(gb_state *st, void *ctx)
{
	long n = 0;

	(void)ctx;
	while (gb_keep_running(st)) {
		if (++n == 3)
			gb_skip_with_error(st, "failed inside the loop");
	}
	/* GB's first trial runs one iteration, so n may stop short of 3 */
	EXPECT_LE(n, 3);
	EXPECT_FALSE(seen.running);
}

/* Two starts per trial (loop start, resume), stop before the loop ends. */
static void bm_observed(gb_state *st, void *ctx)
{
	int starts = seen.starts, stops = seen.stops;
	long n = 0;

	(void)ctx;
	seen.trials++;
	while (gb_keep_running(st)) {
		EXPECT_TRUE(seen.running);
		if (n++ == 0) {
			gb_pause(st);
			EXPECT_FALSE(seen.running);
			gb_resume(st);
		}
	}
	seen.loops++;
	seen.stopped_before_end += !seen.running;
	EXPECT_EQ(seen.starts - starts, 2);
	EXPECT_EQ(seen.stops - stops, 2);
	EXPECT_EQ(n, gb_max_iterations(st));
	EXPECT_EQ(gb_iterations_done(st), n);
}

static void bm_fixed(gb_state *st, void *ctx)
{
	(void)ctx;
	while (gb_keep_running(st))
		;
}

static void bm_not_run(gb_state *st, void *ctx)
{
	(void)st;
	(void)ctx;
	EXPECT_TRUE(!"filtered out, must not run");
}

/*
 * The overhead benchmarks: loops whose body only forbids the compiler to
 * fold the countdown (as any real body with a call does), so the time is
 * the shim's.
 */
static void bm_empty(gb_state *st, void *ctx)
{
	(void)ctx;
	while (gb_keep_running(st))
		gb_escape(st);
}

static void bm_pause_resume(gb_state *st, void *ctx)
{
	(void)ctx;
	while (gb_keep_running(st)) {
		gb_pause(st);
		gb_resume(st);
	}
}

static void register_all(void)
{
	static const char *const names[] = { "size", "ways" };
	static const long a1[] = { 8, 2 }, a2[] = { 16, 4 };
	gb_bench *b;

	gb_register("BM_counter", bm_counter, NULL);
	b = gb_register("BM_args", bm_args, NULL);
	gb_args(gb_args(gb_arg_names(b, names, 2), a1, 2), a2, 2);
	gb_register("BM_error", bm_error, NULL);
	gb_register("BM_error_in_loop", bm_error_in_loop, NULL);
	gb_register("BM_observed", bm_observed, NULL);
	gb_iterations(gb_register("BM_fixed", bm_fixed, NULL), 5);
	gb_register("NOT_RUN", bm_not_run, NULL);
	gb_register("BM_empty", bm_empty, NULL);
	gb_unit(gb_register("BM_pause_resume", bm_pause_resume, NULL), GB_US);
}

/* The number after "key": in the JSON entry of benchmark name. */
static double json_field(const char *json, const char *name, const char *key)
{
	char pat[128];
	const char *p, *end;

	snprintf(pat, sizeof(pat), "\"name\": \"%s\",", name);
	p = strstr(json, pat);
	if (!p)
		return NAN;
	end = strstr(p + 1, "\"name\": ");
	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(p, pat);
	if (!p || (end && p > end))
		return NAN;
	return strtod(p + strlen(pat), NULL);
}

/* A published value: equal up to the JSON's printed precision. */
#define EXPECT_FIELD(json, name, key, want)				\
	EXPECT_NEAR(json_field(json, name, key), want, 1e-6 * (want))

/* Strip --shim_test_flag=N before Google Benchmark sees argv. */
static int own_flags(int *argc, char **argv, void *arg)
{
	int out = 1;

	for (int i = 1; i < *argc; i++) {
		if (!strncmp(argv[i], "--shim_test_flag=", 17))
			seen.own_flag = atoi(argv[i] + 17);
		else
			argv[out++] = argv[i];
	}
	*argc = out;
	argv[out] = NULL;
	return arg != NULL;	/* a non-NULL arg asks for a flag error */
}

/* Runs gb_main in a child; returns its exit status, stderr in errbuf. */
static int run_child(char **argv, int argc, void *flag_arg, char *errbuf,
		     size_t errlen)
{
	char path[] = "/tmp/test_shim_err.XXXXXX";
	int fd = mkstemp(path), status;
	pid_t pid;
	FILE *f;
	size_t got;

	if (fd < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(fd, 2);
		_exit(gb_main(argc, argv, own_flags, flag_arg));
	}
	waitpid(pid, &status, 0);
	f = fdopen(fd, "r");
	rewind(f);
	got = fread(errbuf, 1, errlen - 1, f);
	errbuf[got] = '\0';
	fclose(f);
	unlink(path);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

TEST(bad_flags_fail_with_one_line)
{
	char a0[] = "test_shim", bogus[] = "--bogus_flag=1";
	char filt[] = "--benchmark_filter=NOT_RUN_EITHER";
	char *bad[] = { a0, bogus, NULL };
	char *nomatch[] = { a0, filt, NULL };
	char err[4096];

	/* registered, so that the filter is what matches nothing */
	register_all();
	EXPECT_EQ(run_child(bad, 2, NULL, err, sizeof(err)), 1);
	EXPECT_NONNULL(strstr(err, "--bogus_flag=1"));
	EXPECT_EQ(count_lines(err), 1);
	/* own_flags refusing its flags stops gb_main before GB runs */
	EXPECT_EQ(run_child(nomatch, 2, err, err, sizeof(err)), 1);
	/* a filter that matches nothing is a failure, not a silent 0 */
	EXPECT_EQ(run_child(nomatch, 2, NULL, err, sizeof(err)), 1);
}

/*
 * Every BM_ benchmark under gb_main, with the observer and a flag of our
 * own; returns gb_main's status, and its JSON output in *json (free it).
 */
static int run_benchmarks(char **json)
{
	char out_path[] = "/tmp/test_shim_json.XXXXXX";
	char a0[] = "test_shim", mt[] = "--benchmark_min_time=0.01";
	char filt[] = "--benchmark_filter=^BM_", fmt[] =
		"--benchmark_out_format=json", own[] = "--shim_test_flag=7";
	char out[sizeof(out_path) + 32];
	char *argv[] = { a0, mt, filt, out, fmt, own, NULL };
	int fd = mkstemp(out_path), ret;

	ASSERT_TRUE(fd >= 0);
	close(fd);
	snprintf(out, sizeof(out), "--benchmark_out=%s", out_path);
	register_all();
	gb_set_loop_observer(obs_start, obs_stop, obs_publish, NULL);
	gb_add_context("shim.test", "context value");
	ret = gb_main(6, argv, own_flags, NULL);
	*json = slurp(out_path, NULL);
	unlink(out_path);
	return ret;
}

TEST(own_flags_stripped_before_gb)
{
	char *json;

	EXPECT_EQ(run_benchmarks(&json), 0);
	EXPECT_EQ(seen.own_flag, 7);
	free(json);
}

TEST(observer_brackets_every_loop)
{
	char *json;

	EXPECT_EQ(run_benchmarks(&json), 0);
	free(json);
	EXPECT_EQ(seen.starts, seen.stops);
	EXPECT_GT(seen.trials, 0);
	EXPECT_EQ(seen.stopped_before_end, seen.loops);
	/* every trial that entered its loop published once */
	EXPECT_GE(seen.publishes, seen.trials);
}

TEST(json_counters_labels_args_errors)
{
	char *json;

	EXPECT_EQ(run_benchmarks(&json), 0);
	ASSERT_NONNULL(json);
	EXPECT_FIELD(json, "BM_counter", "shim_counter", 42.5);
	EXPECT_FIELD(json, "BM_counter", "per_iter", 3.0);
	EXPECT_NONNULL(strstr(json, "\"label\": \"shim label\""));
	EXPECT_FIELD(json, "BM_args/size:8/ways:2", "arg_sum", 10);
	EXPECT_FIELD(json, "BM_args/size:16/ways:4", "arg_sum", 20);
	EXPECT_NONNULL(strstr(json,
			      "\"error_message\": \"deliberate failure\""));
	EXPECT_NONNULL(strstr(json,
			      "\"error_message\": \"failed inside the loop\""));
	EXPECT_EQ(json_field(json, "BM_fixed/iterations:5", "iterations"), 5);
	EXPECT_FIELD(json, "BM_observed", "observer_published", 1);
	EXPECT_NONNULL(strstr(json, "\"shim.test\": \"context value\""));
	EXPECT_NULL(strstr(json, "NOT_RUN"));
	/* what the shim costs, printed: timing depends on the machine */
	printf("shim overhead: gb_keep_running %.2f ns/iteration, "
	       "gb_pause+gb_resume %.3f us/pair\n",
	       json_field(json, "BM_empty", "real_time"),
	       json_field(json, "BM_pause_resume", "real_time"));
	free(json);
}
