/*
 * test_pmu.c - the counter layer on whatever machine runs it: software
 * events must count, hardware events must either count or say why not
 * (these VMs have no PMU), never read as a silent 0.  Also the pure
 * parts: name parsing, errno classification, multiplexing arithmetic,
 * and publishing through a real benchmark run into JSON.
 *
 * The tests that need software events are named sw_*, those that need a
 * CPU PMU hw_*: ctest runs each group on its own (bench/shim/CMakeLists.txt)
 * so that a group this machine cannot run shows as Skipped.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/pmu.h"
#include "common/lib/slurp.h"
#include "tests/harness.h"

#define TOUCH_PAGES 4096

TEST(scale_multiplexed)
{
	int ok;

	EXPECT_EQ(pmu_scale(100, 100, 100, &ok), 100);
	EXPECT_TRUE(ok);
	/* on the PMU half the time: twice the count */
	EXPECT_EQ(pmu_scale(100, 200, 100, &ok), 200);
	EXPECT_TRUE(ok);
	EXPECT_EQ(pmu_scale(300, 400, 100, &ok), 1200);
	EXPECT_TRUE(ok);
	EXPECT_EQ(pmu_scale(0, 400, 100, &ok), 0);
	EXPECT_TRUE(ok);
	/* never on the PMU: unknown, not 0 */
	EXPECT_TRUE(isnan(pmu_scale(5, 10, 0, &ok)));
	EXPECT_FALSE(ok);
	EXPECT_TRUE(isnan(pmu_scale(0, 0, 0, &ok)));
	EXPECT_FALSE(ok);
	/* large counts must not overflow the ratio */
	EXPECT_EQ(pmu_scale(UINT64_C(1) << 62, 3, 1, &ok),
		  3.0 * (double)(UINT64_C(1) << 62));
	EXPECT_TRUE(ok);
}

TEST(classify_errno)
{
	EXPECT_STREQ(pmu_classify_errno(ENOENT),
		     "no PMU, or no such event on this CPU");
	EXPECT_STREQ(pmu_classify_errno(ENODEV), "no PMU");
	EXPECT_STREQ(pmu_classify_errno(EOPNOTSUPP),
		     "not supported by this CPU");
	EXPECT_STREQ(pmu_classify_errno(EACCES),
		     "no permission (perf_event_paranoid)");
	EXPECT_STREQ(pmu_classify_errno(EPERM),
		     "no permission (perf_event_paranoid)");
	EXPECT_STREQ(pmu_classify_errno(EINVAL), "invalid on this machine");
	EXPECT_STREQ(pmu_classify_errno(ENOSYS),
		     "no perf_event_open in this kernel");
	EXPECT_STREQ(pmu_classify_errno(EBUSY),
		     "PMU busy (used by another tool)");
	EXPECT_STREQ(pmu_classify_errno(EMFILE), "too many open files");
	EXPECT_STREQ(pmu_classify_errno(12345), "perf_event_open failed");
}

static bool parse_fails(const char *list, const char *want)
{
	struct pmu_set set;
	char err[256] = "";

	if (pmu_parse_events(list, &set, err, sizeof(err)) != -1)
		return false;
	if (strchr(err, '\n') || !strstr(err, want)) {
		fprintf(stderr, "list '%s': error '%s'\n", list, err);
		return false;
	}
	return set.n == 0;
}

TEST(parse_events)
{
	static const char *const dfl[] = { "cycles", "instructions",
		"LLC-load-misses", "dTLB-load-misses", "task-clock",
		"page-faults" };
	struct pmu_set set;
	char err[256];

	ASSERT_EQ(pmu_parse_events(NULL, &set, err, sizeof(err)), 0);
	EXPECT_EQ(set.n, 6);
	for (int i = 0; i < 6 && i < set.n; i++)
		EXPECT_STREQ(set.ev[i].name, dfl[i]);
	EXPECT_EQ(pmu_parse_events("", &set, err, sizeof(err)), 0);
	EXPECT_EQ(set.n, 6);

	ASSERT_EQ(pmu_parse_events(" task-clock ,page-faults,LLC-load-misses,"
				   "L1-dcache-load-misses,branch-misses,"
				   "context-switches,cpu-clock,minor-faults,"
				   "major-faults,cache-misses,dTLB-load-misses",
				   &set, err, sizeof(err)), 0);
	ASSERT_EQ(set.n, 11);
	EXPECT_STREQ(set.ev[0].name, "task-clock");
	EXPECT_EQ(set.ev[0].type, 1);			/* PERF_TYPE_SOFTWARE */
	EXPECT_EQ(set.ev[0].config, 1);			/* TASK_CLOCK */
	EXPECT_EQ(set.ev[2].type, 3);			/* PERF_TYPE_HW_CACHE */
	/* cache | op << 8 | result << 16: LL, L1D read misses */
	EXPECT_EQ(set.ev[2].config, 2 | 0 << 8 | 1 << 16);
	EXPECT_EQ(set.ev[3].config, 0 | 0 << 8 | 1 << 16);
	EXPECT_EQ(set.ev[4].type, 0);			/* branch-misses: hw */
	EXPECT_EQ(set.ev[4].config, 5);
	EXPECT_EQ(set.ev[10].config, 3 | 0 << 8 | 1 << 16);	/* dTLB */

	/* libpfm4 strings: its perf PMU is there even without a CPU PMU */
	ASSERT_EQ(pmu_parse_events("PERF_COUNT_SW_PAGE_FAULTS,"
				   "perf::PERF_COUNT_SW_CPU_CLOCK", &set, err,
				   sizeof(err)), 0);
	ASSERT_EQ(set.n, 2);
	EXPECT_EQ(set.ev[0].type, 1);
	EXPECT_EQ(set.ev[0].config, 2);			/* PAGE_FAULTS */
	EXPECT_EQ(set.ev[1].config, 0);			/* CPU_CLOCK */

	EXPECT_TRUE(parse_fails("bogus", "unknown event 'bogus': use a perf "
				"event name (cycles, page-faults, ...) or a "
				"libpfm4 event string (see showevtinfo)"));
	EXPECT_TRUE(parse_fails("cycles,bogus", "unknown event 'bogus'"));
	EXPECT_TRUE(parse_fails("cycles,,page-faults", "empty event name"));
	EXPECT_TRUE(parse_fails("cycles,", "empty event name"));
	EXPECT_TRUE(parse_fails("cycles,cycles", "listed twice"));
	EXPECT_TRUE(parse_fails("LLC-load-missez", "unknown event"));
}

static void touch_fresh(size_t pages)
{
	size_t len = pages * 4096;
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	ASSERT_TRUE(p != MAP_FAILED);
	/* one fault per 4 KiB page, not per 2 MiB huge page */
	madvise((void *)p, len, MADV_NOHUGEPAGE);
	for (size_t i = 0; i < len; i += 4096)
		p[i] = 1;
	munmap((void *)p, len);
}

static double value_of(struct pmu_set *set, int i)
{
	int ok;
	double v = pmu_value(set, i, &ok);

	return ok ? v : -1;
}

/*
 * Opens list, whose first nr_sw events are software ones: they must open,
 * except where perf_event_open is denied (seccomp'd containers), which
 * skips the test rather than failing or passing it.
 */
static void open_software(struct pmu_set *set, const char *list, int nr_sw)
{
	char err[256];
	int i;

	ASSERT_EQ(pmu_parse_events(list, set, err, sizeof(err)), 0);
	pmu_open(set);
	for (i = 0; i < nr_sw && set->ev[i].fd >= 0; i++)
		;
	if (i < nr_sw && set->ev[i].reason &&
	    strstr(set->ev[i].reason, "permission")) {
		pmu_close(set);
		test_skip("software events: %s", set->ev[i].reason);
	}
	if (i < nr_sw)
		fprintf(stderr, "%s: %s\n", set->ev[i].name, set->ev[i].reason);
	ASSERT_EQ(i, nr_sw);
}

/* task-clock, page-faults, minor-faults: run only between start and stop. */
TEST(sw_events_count_between_start_and_stop)
{
	struct pmu_set set;
	double faults;

	open_software(&set, "task-clock,page-faults,minor-faults", 3);
	/* software events open alone: as group members they undercount */
	for (int i = 0; i < set.n; i++)
		EXPECT_EQ(set.ev[i].leader, i);

	pmu_reset(&set);
	pmu_start(&set);
	touch_fresh(TOUCH_PAGES);
	pmu_stop(&set);
	pmu_read(&set);
	faults = value_of(&set, 1);
	printf("test_pmu: touching %d fresh pages: task-clock %.0f ns, "
	       "page-faults %.0f, minor-faults %.0f\n", TOUCH_PAGES,
	       value_of(&set, 0), faults, value_of(&set, 2));
	EXPECT_GT(value_of(&set, 0), 0);
	EXPECT_GE(faults, TOUCH_PAGES / 2);
	EXPECT_GE(value_of(&set, 2), TOUCH_PAGES / 2);

	/* stopped: faults now are not counted */
	touch_fresh(TOUCH_PAGES);
	pmu_read(&set);
	EXPECT_EQ(value_of(&set, 1), faults);

	/* counts accumulate over start/stop pairs until reset */
	pmu_start(&set);
	touch_fresh(TOUCH_PAGES);
	pmu_stop(&set);
	pmu_read(&set);
	EXPECT_GE(value_of(&set, 1), faults + TOUCH_PAGES / 2);

	/* after a reset the count is 0, and unknown until it runs again */
	pmu_reset(&set);
	pmu_read(&set);
	EXPECT_EQ(set.ev[1].delta.raw, 0);
	EXPECT_EQ(value_of(&set, 1), -1);
	pmu_start(&set);
	pmu_stop(&set);
	pmu_read(&set);
	EXPECT_GE(value_of(&set, 1), 0);
	EXPECT_LT(value_of(&set, 1), TOUCH_PAGES / 2);
	pmu_close(&set);
}

/* Hardware events over a register loop, opened, counted and read. */
static void count_loop(struct pmu_set *set)
{
	volatile unsigned long sink = 0;

	pmu_open(set);
	pmu_reset(set);
	pmu_start(set);
	for (unsigned long i = 0; i < 1000000; i++)
		sink += i;
	pmu_stop(set);
	(void)sink;		/* read back: the loop is the measured work */
	pmu_read(set);
}

/*
 * An event perf_event_open refuses is never a silent 0: it has a reason
 * and no value. No kernel knows this hardware event id, so it is refused
 * on every machine, PMU or none.
 */
TEST(refused_event_says_why)
{
	struct pmu_set set;
	char err[256];
	int ok;

	ASSERT_EQ(pmu_parse_events("cycles", &set, err, sizeof(err)), 0);
	set.ev[0].config = 0xffff;
	count_loop(&set);
	EXPECT_EQ(set.ev[0].fd, -1);
	ASSERT_NONNULL(set.ev[0].reason);
	EXPECT_NE(*set.ev[0].reason, 0);
	printf("test_pmu: an unknown hardware event: %s\n", set.ev[0].reason);
	pmu_value(&set, 0, &ok);
	EXPECT_FALSE(ok);
	pmu_close(&set);
}

/* cycles and instructions count (> 0) where there is a PMU. */
TEST(hw_events_count)
{
	struct pmu_set set;
	char err[256];

	ASSERT_EQ(pmu_parse_events("cycles,instructions,LLC-load-misses",
				   &set, err, sizeof(err)), 0);
	count_loop(&set);
	SKIP_IF(set.ev[0].fd < 0, "cycles: %s", set.ev[0].reason);
	for (int i = 0; i < set.n; i++) {
		struct pmu_event *ev = &set.ev[i];
		int ok;
		double v = pmu_value(&set, i, &ok);

		if (ev->fd >= 0 && !ok) {
			/* opened but never on the PMU: unknown, not 0 */
			printf("test_pmu: %s <not counted> (never scheduled)\n",
			       ev->name);
		} else if (ev->fd >= 0) {
			printf("test_pmu: %s counted: %.0f\n", ev->name, v);
			EXPECT_NULL(ev->reason);
			/* LLC misses of a register loop may truly be 0 */
			if (i < 2)
				EXPECT_GT(v, 0);
		} else {
			printf("test_pmu: %s <not supported> (%s)\n",
			       ev->name, ev->reason);
			EXPECT_TRUE(ev->reason && *ev->reason);
			EXPECT_FALSE(ok);
		}
	}
	pmu_close(&set);
}

/* One fresh page per iteration, so page-faults should read ~1. */
static void bm_fault(gb_state *st, void *ctx)
{
	long n = gb_max_iterations(st);
	size_t len = (size_t)n * 4096;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long i = 0;

	(void)ctx;
	if (p == MAP_FAILED) {
		gb_skip_with_error(st, "mmap failed");
		return;
	}
	madvise(p, len, MADV_NOHUGEPAGE);
	while (gb_keep_running(st))
		((volatile char *)p)[4096 * i++] = 1;
	munmap(p, len);
}

/* What gb_pause/gb_resume cost with the counters attached. */
static void bm_pause(gb_state *st, void *ctx)
{
	(void)ctx;
	while (gb_keep_running(st)) {
		gb_pause(st);
		gb_resume(st);
	}
}

/* cycles: whether it was counted, as the JSON must say. */
static void check_published(const char *json, bool cycles)
{
	double faults = test_json_number(json, "page-faults");
	const char *p;

	printf("test_pmu: published per iteration: page-faults %.3f, "
	       "task-clock %.1f ns\n", faults,
	       test_json_number(json, "task-clock"));
	p = strstr(json, "\"name\": \"BM_pmu_pause\"");
	printf("test_pmu: gb_pause+gb_resume with counters attached: "
	       "%.3f us/pair\n", p ? test_json_number(p, "real_time") : NAN);
	EXPECT_GT(faults, 0.5);
	EXPECT_LT(faults, 2.0);
	EXPECT_GT(test_json_number(json, "task-clock"), 0);
	EXPECT_NONNULL(strstr(json, "\"pmu.page-faults\": \"counted\""));
	if (cycles) {
		EXPECT_NONNULL(strstr(json, "\"pmu.cycles\": \"counted\""));
		EXPECT_GT(test_json_number(json, "cycles"), 0);
	} else {
		EXPECT_NONNULL(strstr(json,
				      "\"pmu.cycles\": \"<not supported> ("));
		/* no counter at all rather than a 0 */
		EXPECT_NULL(strstr(json, "\"cycles\": "));
	}
}

/* The observer wiring end to end: benchmark run -> JSON counters. */
TEST(sw_publish_to_json)
{
	char out_path[] = "/tmp/test_pmu_json.XXXXXX";
	char a0[] = "test_pmu", mt[] = "--benchmark_min_time=0.01";
	char fmt[] = "--benchmark_out_format=json";
	char out[sizeof(out_path) + 32];
	char *argv[] = { a0, mt, out, fmt, NULL };
	struct pmu_set set;
	bool cycles;
	char *json;
	int fd;

	open_software(&set, "task-clock,page-faults,cycles", 2);
	/* pmu_close forgets which events were open */
	cycles = set.ev[2].fd >= 0;
	fd = mkstemp(out_path);
	ASSERT_TRUE(fd >= 0);
	close(fd);
	snprintf(out, sizeof(out), "--benchmark_out=%s", out_path);
	pmu_attach(&set);
	gb_iterations(gb_register("BM_fault", bm_fault, NULL), 2000);
	gb_unit(gb_register("BM_pmu_pause", bm_pause, NULL), GB_US);
	EXPECT_EQ(gb_main(4, argv, NULL, NULL), 0);
	gb_set_loop_observer(NULL, NULL, NULL, NULL);
	pmu_close(&set);

	json = slurp(out_path, NULL);
	unlink(out_path);
	ASSERT_NONNULL(json);
	check_published(json, cycles);
	free(json);
}
