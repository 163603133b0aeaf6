/*
 * test_pmu.c - the counter layer on whatever machine runs it: software
 * events must count, hardware events must either count or say why not
 * (these VMs have no PMU), never read as a silent 0.  Also the pure
 * parts: name parsing, errno classification, multiplexing arithmetic,
 * and publishing through a real benchmark run into JSON.
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
#include "tests/harness.h"

#define TOUCH_PAGES 4096

static void test_scale(void)
{
	int ok;

	CHECK(pmu_scale(100, 100, 100, &ok) == 100 && ok);
	/* on the PMU half the time: twice the count */
	CHECK(pmu_scale(100, 200, 100, &ok) == 200 && ok);
	CHECK(pmu_scale(300, 400, 100, &ok) == 1200 && ok);
	CHECK(pmu_scale(0, 400, 100, &ok) == 0 && ok);
	/* never on the PMU: unknown, not 0 */
	CHECK(isnan(pmu_scale(5, 10, 0, &ok)) && !ok);
	CHECK(isnan(pmu_scale(0, 0, 0, &ok)) && !ok);
	/* large counts must not overflow the ratio */
	CHECK(pmu_scale(UINT64_C(1) << 62, 3, 1, &ok) ==
	      3.0 * (double)(UINT64_C(1) << 62) && ok);
}

static void test_classify(void)
{
	CHECK(!strcmp(pmu_classify_errno(ENOENT),
		      "no PMU, or no such event on this CPU"));
	CHECK(!strcmp(pmu_classify_errno(ENODEV), "no PMU"));
	CHECK(!strcmp(pmu_classify_errno(EOPNOTSUPP),
		      "not supported by this CPU"));
	CHECK(!strcmp(pmu_classify_errno(EACCES),
		      "no permission (perf_event_paranoid)"));
	CHECK(!strcmp(pmu_classify_errno(EPERM),
		      "no permission (perf_event_paranoid)"));
	CHECK(!strcmp(pmu_classify_errno(EINVAL), "invalid on this machine"));
	CHECK(!strcmp(pmu_classify_errno(ENOSYS),
		      "no perf_event_open in this kernel"));
	CHECK(!strcmp(pmu_classify_errno(EBUSY),
		      "PMU busy (used by another tool)"));
	CHECK(!strcmp(pmu_classify_errno(EMFILE), "too many open files"));
	CHECK(!strcmp(pmu_classify_errno(12345), "perf_event_open failed"));
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

static void test_parse(void)
{
	static const char *const dfl[] = { "cycles", "instructions",
		"LLC-load-misses", "dTLB-load-misses", "task-clock",
		"page-faults" };
	struct pmu_set set;
	char err[256];

	CHECK_EQ(pmu_parse_events(NULL, &set, err, sizeof(err)), 0);
	CHECK_EQ(set.n, 6);
	for (int i = 0; i < 6 && i < set.n; i++)
		CHECK(!strcmp(set.ev[i].name, dfl[i]));
	CHECK_EQ(pmu_parse_events("", &set, err, sizeof(err)), 0);
	CHECK_EQ(set.n, 6);

	CHECK_EQ(pmu_parse_events(" task-clock ,page-faults,LLC-load-misses,"
				  "L1-dcache-load-misses,branch-misses,"
				  "context-switches,cpu-clock,minor-faults,"
				  "major-faults,cache-misses,dTLB-load-misses",
				  &set, err, sizeof(err)), 0);
	CHECK_EQ(set.n, 11);
	CHECK(!strcmp(set.ev[0].name, "task-clock"));
	CHECK_EQ(set.ev[0].type, 1);			/* PERF_TYPE_SOFTWARE */
	CHECK_EQ(set.ev[0].config, 1);			/* TASK_CLOCK */
	CHECK_EQ(set.ev[2].type, 3);			/* PERF_TYPE_HW_CACHE */
	/* cache | op << 8 | result << 16: LL, L1D read misses */
	CHECK_EQ(set.ev[2].config, 2 | 0 << 8 | 1 << 16);
	CHECK_EQ(set.ev[3].config, 0 | 0 << 8 | 1 << 16);
	CHECK_EQ(set.ev[4].type, 0);			/* branch-misses: hw */
	CHECK_EQ(set.ev[4].config, 5);
	CHECK_EQ(set.ev[10].config, 3 | 0 << 8 | 1 << 16);	/* dTLB */

	/* libpfm4 strings: its perf PMU is there even without a CPU PMU */
	CHECK_EQ(pmu_parse_events("PERF_COUNT_SW_PAGE_FAULTS,"
				  "perf::PERF_COUNT_SW_CPU_CLOCK", &set, err,
				  sizeof(err)), 0);
	CHECK_EQ(set.n, 2);
	CHECK_EQ(set.ev[0].type, 1);
	CHECK_EQ(set.ev[0].config, 2);			/* PAGE_FAULTS */
	CHECK_EQ(set.ev[1].config, 0);			/* CPU_CLOCK */

	CHECK(parse_fails("bogus", "unknown event 'bogus': use a perf event "
			  "name (cycles, page-faults, ...) or a libpfm4 event "
			  "string (see showevtinfo)"));
	CHECK(parse_fails("cycles,bogus", "unknown event 'bogus'"));
	CHECK(parse_fails("cycles,,page-faults", "empty event name"));
	CHECK(parse_fails("cycles,", "empty event name"));
	CHECK(parse_fails("cycles,cycles", "listed twice"));
	CHECK(parse_fails("LLC-load-missez", "unknown event"));
}

static void touch_fresh(size_t pages)
{
	size_t len = pages * 4096;
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED);
	if (p == MAP_FAILED)
		return;
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

/* task-clock, page-faults, minor-faults: run only between start and stop. */
static void test_software(void)
{
	struct pmu_set set;
	char err[256];
	double faults;

	CHECK_EQ(pmu_parse_events("task-clock,page-faults,minor-faults", &set,
				  err, sizeof(err)), 0);
	if (pmu_open(&set) != 3) {
		const char *why = set.ev[0].reason;

		/* seccomp'd containers: say so rather than fail or pass */
		if (why && strstr(why, "permission")) {
			printf("test_pmu: SKIP software events: %s\n", why);
			pmu_close(&set);
			return;
		}
		CHECK(!"software events must open");
	}
	/* software events open alone: as group members they undercount */
	for (int i = 0; i < set.n; i++)
		CHECK_EQ(set.ev[i].leader, i);

	pmu_reset(&set);
	pmu_start(&set);
	touch_fresh(TOUCH_PAGES);
	pmu_stop(&set);
	pmu_read(&set);
	faults = value_of(&set, 1);
	printf("test_pmu: touching %d fresh pages: task-clock %.0f ns, "
	       "page-faults %.0f, minor-faults %.0f\n", TOUCH_PAGES,
	       value_of(&set, 0), faults, value_of(&set, 2));
	CHECK(value_of(&set, 0) > 0);
	CHECK(faults >= TOUCH_PAGES / 2);
	CHECK(value_of(&set, 2) >= TOUCH_PAGES / 2);

	/* stopped: faults now are not counted */
	touch_fresh(TOUCH_PAGES);
	pmu_read(&set);
	CHECK(value_of(&set, 1) == faults);

	/* counts accumulate over start/stop pairs until reset */
	pmu_start(&set);
	touch_fresh(TOUCH_PAGES);
	pmu_stop(&set);
	pmu_read(&set);
	CHECK(value_of(&set, 1) >= faults + TOUCH_PAGES / 2);

	/* after a reset the count is 0, and unknown until it runs again */
	pmu_reset(&set);
	pmu_read(&set);
	CHECK_EQ(set.ev[1].delta.raw, 0);
	CHECK(value_of(&set, 1) == -1);
	pmu_start(&set);
	pmu_stop(&set);
	pmu_read(&set);
	CHECK(value_of(&set, 1) >= 0 && value_of(&set, 1) < TOUCH_PAGES / 2);
	pmu_close(&set);
}

/* cycles counts (> 0) where there is a PMU, and says why not elsewhere. */
static void test_hardware(void)
{
	struct pmu_set set;
	char err[256];
	volatile unsigned long sink = 0;

	CHECK_EQ(pmu_parse_events("cycles,instructions,LLC-load-misses", &set,
				  err, sizeof(err)), 0);
	pmu_open(&set);
	pmu_reset(&set);
	pmu_start(&set);
	for (unsigned long i = 0; i < 1000000; i++)
		sink += i;
	pmu_stop(&set);
	(void)sink;		/* read back: the loop is the measured work */
	pmu_read(&set);
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
			CHECK(!ev->reason);
			/* LLC misses of a register loop may truly be 0 */
			if (i < 2)
				CHECK(v > 0);
		} else {
			printf("test_pmu: %s <not supported> (%s)\n",
			       ev->name, ev->reason);
			CHECK(ev->reason && *ev->reason);
			CHECK(!ok);
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

static void check_published(const char *json, const struct pmu_set *set)
{
	double faults = test_json_number(json, "page-faults");
	const char *p;

	printf("test_pmu: published per iteration: page-faults %.3f, "
	       "task-clock %.1f ns\n", faults, test_json_number(json, "task-clock"));
	p = strstr(json, "\"name\": \"BM_pmu_pause\"");
	printf("test_pmu: gb_pause+gb_resume with counters attached: "
	       "%.3f us/pair\n", p ? test_json_number(p, "real_time") : NAN);
	CHECK(faults > 0.5 && faults < 2.0);
	CHECK(test_json_number(json, "task-clock") > 0);
	CHECK(strstr(json, "\"pmu.page-faults\": \"counted\""));
	if (set->ev[2].fd >= 0) {
		CHECK(strstr(json, "\"pmu.cycles\": \"counted\""));
		CHECK(test_json_number(json, "cycles") > 0);
	} else {
		CHECK(strstr(json, "\"pmu.cycles\": \"<not supported> ("));
		/* no counter at all rather than a 0 */
		CHECK(!strstr(json, "\"cycles\": "));
	}
}

/* The observer wiring end to end: benchmark run -> JSON counters. */
static void test_publish(void)
{
	char out_path[] = "/tmp/test_pmu_json.XXXXXX";
	char a0[] = "test_pmu", mt[] = "--benchmark_min_time=0.01";
	char fmt[] = "--benchmark_out_format=json";
	char out[sizeof(out_path) + 32];
	char *argv[] = { a0, mt, out, fmt, NULL };
	struct pmu_set set;
	char err[256], *json;
	int fd = mkstemp(out_path);

	CHECK(fd >= 0);
	close(fd);
	snprintf(out, sizeof(out), "--benchmark_out=%s", out_path);
	CHECK_EQ(pmu_parse_events("task-clock,page-faults,cycles", &set, err,
				  sizeof(err)), 0);
	if (pmu_open(&set) < 2) {
		printf("test_pmu: SKIP publish: software events unavailable\n");
		pmu_close(&set);
		return;
	}
	pmu_attach(&set);
	gb_iterations(gb_register("BM_fault", bm_fault, NULL), 2000);
	gb_unit(gb_register("BM_pmu_pause", bm_pause, NULL), GB_US);
	CHECK_EQ(gb_main(4, argv, NULL, NULL), 0);
	gb_set_loop_observer(NULL, NULL, NULL, NULL);
	pmu_close(&set);

	json = test_slurp(out_path);
	CHECK(json);
	if (json)
		check_published(json, &set);
	free(json);
	unlink(out_path);
}

int main(void)
{
	test_scale();
	test_classify();
	test_parse();
	test_software();
	test_hardware();
	test_publish();
	return test_done("test_pmu");
}
