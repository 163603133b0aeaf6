/*
 * test_rmapbench.c - runs the rmapbench binary (RMAPBENCH_PATH) as
 * make bench does: one tiny benchmark of the quick matrix writes JSON with
 * every model counter and the exact per-iteration counts; a budget far
 * below a trial's length skips the benchmark as over budget (and its
 * fixture is freed, or rmapbench would exit non-zero); a trace replay and a
 * component run and publish their counters; the host kernel's reclaim
 * through a memory cgroup runs or skips with its reason and leaves no
 * cgroup behind; repetitions count the same work; the run is pinned and
 * unrandomised as its context says; bad flags fail with one line, and so
 * does --cachesim outside callgrind, before anything runs. No timing is
 * asserted.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/stats.h"
#include "common/lib/slurp.h"
#include "tests/harness.h"

static char out_path[64], err_path[64];
static pid_t last_pid;		/* the last rmapbench run */
static uid_t run_as;		/* not 0: the user run() runs it as */

static void remove_outputs(void)
{
	unlink(out_path);
	unlink(err_path);
}

/* This process's JSON and stderr files, removed when it exits. */
static void name_outputs(void)
{
	if (*out_path)
		return;
	snprintf(out_path, sizeof(out_path), "test_rmapbench.%d.json",
		 (int)getpid());
	snprintf(err_path, sizeof(err_path), "test_rmapbench.%d.err",
		 (int)getpid());
	atexit(remove_outputs);
}

/* --benchmark_out= this process's JSON file. */
static void json_out_flag(char *buf, size_t len)
{
	name_outputs();
	snprintf(buf, len, "--benchmark_out=%s", out_path);
}

/* run()'s child: the JSON file made the user's own, then the user. */
static int as_user(uid_t uid)
{
	int fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	return fd < 0 || fchown(fd, uid, uid) || close(fd) || setgid(uid) ||
	       setuid(uid) ? -1 : 0;
}

/* Runs rmapbench with args (NULL-terminated); returns its exit status. */
static int run(const char *const *args)
{
	const char *argv[24];
	int n = 0, status;
	pid_t pid;

	name_outputs();
	argv[n++] = RMAPBENCH_PATH;
	while (*args && n < 23)
		argv[n++] = *args++;
	argv[n] = NULL;
	unlink(out_path);	/* no stale JSON from the last run */
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) ||
		    !freopen(err_path, "w", stderr) ||
		    (run_as && as_user(run_as)))
			_exit(127);
		execv(RMAPBENCH_PATH, (char *const *)argv);
		_exit(127);
	}
	last_pid = pid;
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs rmapbench with args: its JSON when it exited 0, else NULL. */
static char *run_json(const char *const *args)
{
	return run(args) ? NULL : slurp(out_path, NULL);
}

static int lines(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += *s == '\n';
	return n;
}

/* fork_exit at 64 pages on scan: every pte copied, one fork, one exit. */
TEST(counters_per_iteration)
{
	char out_flag[96];
	const char *args[] = { "--quick", "--events=page-faults",
		"--benchmark_filter=^fork_exit/scan/pages:64/file_pct:50$",
		"--benchmark_min_time=0.01", out_flag,
		"--benchmark_out_format=json", NULL };
	char *json;
	int k;

	json_out_flag(out_flag, sizeof(out_flag));
	json = run_json(args);
	ASSERT_NONNULL(json);
	EXPECT_NONNULL(strstr(json, "\"name\": "
			      "\"fork_exit/scan/pages:64/file_pct:50\""));
	EXPECT_NONNULL(strstr(json, "\"mode\": \"quick\""));
	EXPECT_NONNULL(strstr(json, "\"generation.scan\": \"kernel "));
	EXPECT_NONNULL(strstr(json, "\"pmu.page-faults\": "));
	EXPECT_NULL(strstr(json, "error_occurred"));
	for (k = 0; k < NR_MODEL_COUNTERS; k++) {
		if (isnan(test_json_number(json, model_counter_names[k])))
			fprintf(stderr, "missing counter %s\n",
				model_counter_names[k]);
		EXPECT_GE(test_json_number(json, model_counter_names[k]), 0);
	}
	EXPECT_GE(test_json_number(json, "confirmed_per_candidate"), 0);
	EXPECT_GE(test_json_number(json, "nodes_per_walk"), 0);
	/* per iteration, whatever the iteration count was */
	EXPECT_EQ(test_json_number(json, "ptes_copied"), 64);
	EXPECT_EQ(test_json_number(json, "forks"), 1);
	EXPECT_EQ(test_json_number(json, "exits"), 1);
	/* a peak is the instance's, not divided by the iterations */
	EXPECT_GE(test_json_number(json, "vmas_peak"), 4);
	free(json);
}

/*
 * An ablation runs as a family of its scenario: avc with 2.6.13's fork
 * copies the file half of fork_exit's ptes too, and the context says
 * which switch it changed.
 */
TEST(ablation_family)
{
	char out_flag[96];
	const char *args[] = { "--quick",
		"--benchmark_filter=^fork_exit/avc\\+fork=copy/pages:64/",
		"--benchmark_min_time=0.01", out_flag,
		"--benchmark_out_format=json", NULL };
	char *json;

	json_out_flag(out_flag, sizeof(out_flag));
	json = run_json(args);
	ASSERT_NONNULL(json);
	EXPECT_NONNULL(strstr(json, "\"name\": "
			      "\"fork_exit/avc+fork=copy/pages:64/"));
	EXPECT_NONNULL(strstr(json, "\"ablation.avc+fork=copy\": \"avc "
			      "(kernel 3.4-3.6) with fork=copy for lazy; "));
	EXPECT_EQ(test_json_number(json, "ptes_copied"), 64);
	free(json);
}

/*
 * reclaim changes the model it runs on (pages swapped out and faulted back,
 * their anon_vmas kept): each trial builds its fixture afresh, so three
 * repetitions, run back to back, repeat the same iterations from the same
 * state and count exactly the same work. A fixture kept from one trial to
 * the next gave every repetition different counts.
 */
TEST(repetitions_count_the_same_work)
{
	char out_flag[96];
	const char *args[] = { "--quick",
		"--benchmark_filter=^reclaim/interval/procs:4/",
		"--benchmark_min_time=0.01", "--benchmark_repetitions=3",
		out_flag, "--benchmark_out_format=json", NULL };
	static const char *const keys[] = { "candidates", "reclaimed",
		"faults", "walks", "nodes" };
	const char *rep[3], *p;
	char *json;
	unsigned k;
	int i;

	json_out_flag(out_flag, sizeof(out_flag));
	json = run_json(args);
	ASSERT_NONNULL(json);
	p = json;
	for (i = 0; i < 3; i++) {
		rep[i] = p = strstr(p, "\"run_type\": \"iteration\"");
		ASSERT_NONNULL(p);
		p++;
	}
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		EXPECT_GT(test_json_number(rep[0], keys[k]), 0);
		for (i = 1; i < 3; i++)
			EXPECT_EQ(test_json_number(rep[i], keys[k]),
				  test_json_number(rep[0], keys[k]));
	}
	free(json);
}

/*
 * The run is pinned to the CPU asked for, and the context says so, with
 * address-space randomisation off unless --aslr kept it (or the kernel
 * refused to turn it off: then the context says "on").
 */
TEST(pinned_and_unrandomised)
{
	char out_flag[96];
	const char *args[] = { "--quick", "--cpu=0",
		"--benchmark_filter=^fork_exit/scan/pages:64/",
		"--benchmark_min_time=0.01", out_flag,
		"--benchmark_out_format=json", NULL };
	const char *aslr[] = { "--quick", "--aslr", "--cpu=any",
		"--benchmark_filter=^fork_exit/scan/pages:64/",
		"--benchmark_min_time=0.01", out_flag,
		"--benchmark_out_format=json", NULL };
	char *json;

	json_out_flag(out_flag, sizeof(out_flag));
	json = run_json(args);
	ASSERT_NONNULL(json);
	EXPECT_NONNULL(strstr(json, "\"cpu\": \"0\""));
	if (personality(0xffffffff) != -1 &&
	    personality(personality(0xffffffff)) != -1)
		EXPECT_NONNULL(strstr(json, "\"aslr\": \"off\""));
	free(json);
	json = run_json(aslr);
	ASSERT_NONNULL(json);
	EXPECT_NONNULL(strstr(json, "\"cpu\": \"any\""));
	EXPECT_NONNULL(strstr(json, "\"aslr\": \"on\""));
	free(json);
}

TEST(over_budget_skipped)
{
	char out_flag[96];
	const char *args[] = { "--quick", "--budget=0.001",
		"--benchmark_filter=^file_windows/scan/tasks:1/vmas:10/",
		"--benchmark_min_time=0.05", "--benchmark_repetitions=2",
		out_flag, "--benchmark_out_format=json", NULL };
	char *json;

	json_out_flag(out_flag, sizeof(out_flag));
	/* exit status 0: the skipped fixture left nothing behind */
	json = run_json(args);
	ASSERT_NONNULL(json);
	EXPECT_NONNULL(strstr(json, "\"error_message\": "
			      "\"exceeded budget of 0.001 s\""));
	EXPECT_NULL(strstr(json, "\"walks\": "));
	free(json);
}

/* A strace log replayed on objrmap, and the prio tree's stabbing queries. */
TEST(trace_and_component)
{
	char out_flag[96];
	const char *args[] = { "--quick",
		"--benchmark_filter=^(trace/objrmap/program:nginx-workers|"
		"tree_micro/prio_tree/op:1/intervals:10/queries:100)$",
		"--benchmark_min_time=0.01", out_flag,
		"--benchmark_out_format=json", NULL };
	double hits, nodes;
	char *json;

	json_out_flag(out_flag, sizeof(out_flag));
	json = run_json(args);
	ASSERT_NONNULL(json);
	EXPECT_NONNULL(strstr(json, "\"name\": "
			      "\"trace/objrmap/program:nginx-workers\""));
	EXPECT_NONNULL(strstr(json, "\"name\": \"tree_micro/prio_tree/op:1/"
			      "intervals:10/queries:100\""));
	EXPECT_NULL(strstr(json, "error_occurred"));
	/* the replay forks and its periodic reclaim walks */
	EXPECT_GE(test_json_number(json, "forks"), 1);
	EXPECT_GT(test_json_number(json, "walks"), 0);
	/* a query examines at least every node it reports */
	hits = test_json_number(json, "hits_per_query");
	nodes = test_json_number(json, "nodes_per_query");
	EXPECT_GT(hits, 0);
	EXPECT_GE(nodes, hits);
	EXPECT_LE(nodes, 10);
	free(json);
}

static char cgroup_name[64];

static int is_cgroup_left(const char *path, const struct stat *st, int type,
			  struct FTW *ftw)
{
	(void)st;
	return type == FTW_D && !strcmp(path + ftw->base, cgroup_name);
}

/* Whether the last run's native_reclaim cgroup is anywhere in the tree. */
static bool cgroup_left(void)
{
	snprintf(cgroup_name, sizeof(cgroup_name),
		 "rmapbench-native_reclaim.%d", (int)last_pid);
	return nftw("/sys/fs/cgroup", is_cgroup_left, 16, FTW_PHYS) == 1;
}

/*
 * The host's reclaim of a file mapped by 4 processes: every page freed, or
 * skipped with a one-line reason (not root, no memory controller); either
 * way, and when over budget, the cgroup and its processes are gone after.
 */
TEST(native_reclaim_runs_or_skips)
{
	char out_flag[96];
	const char *args[] = { "--quick",
		"--benchmark_filter=^native_reclaim/host/procs:4/vmas:1/"
		"pages:64$", "--benchmark_min_time=0.01", out_flag,
		"--benchmark_out_format=json", NULL };
	const char *over[] = { "--quick", "--budget=0.001",
		"--benchmark_filter=^native_reclaim/host/procs:16/vmas:1/",
		NULL };
	char *json, reason[128];
	const char *skip;

	json_out_flag(out_flag, sizeof(out_flag));
	ASSERT_EQ(run(args), 0);
	EXPECT_FALSE(cgroup_left());
	json = slurp(out_path, NULL);
	ASSERT_NONNULL(json);
	EXPECT_NONNULL(strstr(json, "\"name\": \"native_reclaim/host/procs:4/"
			      "vmas:1/pages:64\""));
	skip = strstr(json, "\"error_message\": \"setup failed: ");
	if (skip) {
		/* a reason after the prefix, on one line */
		skip += strlen("\"error_message\": \"setup failed: ");
		snprintf(reason, sizeof(reason), "%.*s",
			 (int)strcspn(skip, "\"\n"), skip);
		free(json);
		EXPECT_GT(strlen(reason), 10);
		test_skip("native_reclaim skipped: %s", reason);
	}
	EXPECT_NULL(strstr(json, "error_occurred"));
	EXPECT_GT(test_json_number(json, "reclaimed"), 0);
	EXPECT_LE(test_json_number(json, "reclaimed"), 64);
	EXPECT_GT(test_json_number(json, "ns_per_reclaimed"), 0);
	free(json);
	/* set-up cut short by the budget: torn down all the same */
	EXPECT_EQ(run(over), 0);
	EXPECT_FALSE(cgroup_left());
}

/* Without root, no cgroup: skipped, saying so. */
TEST(native_reclaim_skips_without_root)
{
	char out_flag[96];
	const char *args[] = { "--quick",
		"--benchmark_filter=^native_reclaim/host/procs:1/vmas:1/",
		"--benchmark_min_time=0.01", out_flag,
		"--benchmark_out_format=json", NULL };
	char *json;
	int ret;

	SKIP_IF(geteuid(), "needs root to run rmapbench as nobody");
	json_out_flag(out_flag, sizeof(out_flag));
	run_as = 65534;
	ret = run(args);
	run_as = 0;
	ASSERT_EQ(ret, 0);
	EXPECT_FALSE(cgroup_left());
	json = slurp(out_path, NULL);
	ASSERT_NONNULL(json);
	EXPECT_NONNULL(strstr(json, "\"error_message\": \"setup failed: "
			      "needs root to create a memory cgroup\""));
	free(json);
}

/*
 * rmapbench with @args fails, saying why in one line that names @what (and
 * @also, unless NULL)
 */
static void expect_one_line_error(const char **args, const char *what,
				  const char *also)
{
	char *err;

	EXPECT_NE(run(args), 0);
	err = slurp(err_path, NULL);
	ASSERT_NONNULL(err);
	EXPECT_NONNULL(strstr(err, what));
	if (also)
		EXPECT_NONNULL(strstr(err, also));
	EXPECT_EQ(lines(err), 1);
	free(err);
}

TEST(bad_flags_fail_with_one_line)
{
	const char *bogus[] = { "--events=bogus", NULL };
	const char *unknown[] = { "--no_such_flag", NULL };
	const char *budget[] = { "--budget=soon", NULL };
	const char *cpu[] = { "--cpu=99999", NULL };

	expect_one_line_error(bogus, "bogus", NULL);
	/* the flag, and the valid ones */
	expect_one_line_error(unknown, "no_such_flag", "--events");
	EXPECT_NE(run(budget), 0);
	expect_one_line_error(cpu, "--cpu '99999'", NULL);
}

/* --cachesim counts nothing outside callgrind: it says how to run it. */
TEST(cachesim_needs_callgrind)
{
	char out_flag[96];
	const char *args[] = { "--quick", "--cachesim",
		"--benchmark_filter=^fork_exit/scan/pages:64/", out_flag,
		"--benchmark_out_format=json", NULL };

	json_out_flag(out_flag, sizeof(out_flag));
	expect_one_line_error(args, "make bench CACHESIM=1", NULL);
	EXPECT_EQ(access(out_path, F_OK), -1);
}
