/*
 * test_rmapbench.c - runs the rmapbench binary (its path is argv[1]) as
 * make bench does: one tiny benchmark of the quick matrix writes JSON with
 * every model counter and the exact per-iteration counts; a budget far
 * below a trial's length skips the benchmark as over budget (and its
 * fixture is freed, or rmapbench would exit non-zero); a trace replay and a
 * component run and publish their counters; bad flags fail with one line.
 * No timing is asserted.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/stats.h"
#include "tests/harness.h"

static const char *bench_path;
static char out_path[64], err_path[64];

/* Runs rmapbench with args (NULL-terminated); returns its exit status. */
static int run(const char *const *args)
{
	const char *argv[24];
	int n = 0, status;
	pid_t pid;

	argv[n++] = bench_path;
	while (*args && n < 23)
		argv[n++] = *args++;
	argv[n] = NULL;
	unlink(out_path);	/* no stale JSON from the last run */
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen(err_path, "w", stderr))
			_exit(127);
		execv(bench_path, (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int lines(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* fork_exit at 64 pages on scan: every pte copied, one fork, one exit. */
static void test_counters(void)
{
	char out_flag[96];
	const char *args[] = { "--quick", "--events=page-faults",
		"--benchmark_filter=^fork_exit/scan/pages:64/file_pct:50$",
		"--benchmark_min_time=0.01", out_flag,
		"--benchmark_out_format=json", NULL };
	char *json;
	int k;

	snprintf(out_flag, sizeof(out_flag), "--benchmark_out=%s", out_path);
	CHECK_EQ(run(args), 0);
	json = test_slurp(out_path);
	CHECK(json != NULL);
	if (!json)
		return;
	CHECK(strstr(json,
		     "\"name\": \"fork_exit/scan/pages:64/file_pct:50\""));
	CHECK(strstr(json, "\"mode\": \"quick\""));
	CHECK(strstr(json, "\"generation.scan\": \"kernel "));
	CHECK(strstr(json, "\"pmu.page-faults\": "));
	CHECK(!strstr(json, "error_occurred"));
	for (k = 0; k < NR_MODEL_COUNTERS; k++) {
		if (isnan(test_json_number(json, model_counter_names[k])))
			fprintf(stderr, "missing counter %s\n",
				model_counter_names[k]);
		CHECK(test_json_number(json, model_counter_names[k]) >= 0);
	}
	CHECK(test_json_number(json, "confirmed_per_candidate") >= 0);
	CHECK(test_json_number(json, "nodes_per_walk") >= 0);
	/* per iteration, whatever the iteration count was */
	CHECK(test_json_number(json, "ptes_copied") == 64);
	CHECK(test_json_number(json, "forks") == 1);
	CHECK(test_json_number(json, "exits") == 1);
	/* a peak is the instance's, not divided by the iterations */
	CHECK(test_json_number(json, "vmas_peak") >= 4);
	free(json);
}

static void test_budget(void)
{
	char out_flag[96];
	const char *args[] = { "--quick", "--budget=0.001",
		"--benchmark_filter=^file_windows/scan/tasks:1/vmas:10/",
		"--benchmark_min_time=0.05", "--benchmark_repetitions=2",
		out_flag, "--benchmark_out_format=json", NULL };
	char *json;

	snprintf(out_flag, sizeof(out_flag), "--benchmark_out=%s", out_path);
	/* exit status 0: the skipped fixture left nothing behind */
	CHECK_EQ(run(args), 0);
	json = test_slurp(out_path);
	CHECK(json != NULL);
	if (!json)
		return;
	CHECK(strstr(json,
		     "\"error_message\": \"exceeded budget of 0.001 s\""));
	CHECK(!strstr(json, "\"walks\": "));
	free(json);
}

/* A strace log replayed on objrmap, and the prio tree's stabbing queries. */
static void test_trace_and_component(void)
{
	char out_flag[96];
	const char *args[] = { "--quick",
		"--benchmark_filter=^(trace/objrmap/program:nginx-workers|"
		"tree_micro/prio_tree/op:1/intervals:10/queries:100)$",
		"--benchmark_min_time=0.01", out_flag,
		"--benchmark_out_format=json", NULL };
	double hits, nodes;
	char *json;

	snprintf(out_flag, sizeof(out_flag), "--benchmark_out=%s", out_path);
	CHECK_EQ(run(args), 0);
	json = test_slurp(out_path);
	CHECK(json != NULL);
	if (!json)
		return;
	CHECK(strstr(json,
		     "\"name\": \"trace/objrmap/program:nginx-workers\""));
	CHECK(strstr(json, "\"name\": \"tree_micro/prio_tree/op:1/"
			   "intervals:10/queries:100\""));
	CHECK(!strstr(json, "error_occurred"));
	/* the replay forks and its periodic reclaim walks */
	CHECK(test_json_number(json, "forks") >= 1);
	CHECK(test_json_number(json, "walks") > 0);
	/* a query examines at least every node it reports */
	hits = test_json_number(json, "hits_per_query");
	nodes = test_json_number(json, "nodes_per_query");
	CHECK(hits > 0);
	CHECK(nodes >= hits);
	CHECK(nodes <= 10);
	free(json);
}

static void test_bad_flags(void)
{
	const char *bogus[] = { "--events=bogus", NULL };
	const char *unknown[] = { "--no_such_flag", NULL };
	const char *budget[] = { "--budget=soon", NULL };
	char *err;

	CHECK(run(bogus) != 0);
	err = test_slurp(err_path);
	CHECK(err && strstr(err, "bogus"));
	CHECK_EQ(err ? lines(err) : -1, 1);
	free(err);
	CHECK(run(unknown) != 0);
	err = test_slurp(err_path);
	/* one line that names the flag and the valid ones */
	CHECK(err && strstr(err, "no_such_flag") && strstr(err, "--events"));
	CHECK_EQ(err ? lines(err) : -1, 1);
	free(err);
	CHECK(run(budget) != 0);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_rmapbench PATH-TO-RMAPBENCH\n");
		return 2;
	}
	bench_path = argv[1];
	snprintf(out_path, sizeof(out_path), "test_rmapbench.%d.json",
		 (int)getpid());
	snprintf(err_path, sizeof(err_path), "test_rmapbench.%d.err",
		 (int)getpid());
	test_counters();
	test_budget();
	test_trace_and_component();
	test_bad_flags();
	unlink(out_path);
	unlink(err_path);
	return test_done("test_rmapbench");
}
