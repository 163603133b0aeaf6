/*
 * The harness's main and checks (tests/harness.h says how to use them).
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

/* ctest's SKIP_RETURN_CODE, and a test's child saying it skipped */
#define SKIP_STATUS	77
#define SKIP_WHY_LEN	256

enum test_status { TEST_PASS, TEST_FAIL, TEST_SKIP };

static const char *prog;
static struct test_case *tests;
/* the current test's, in its child */
static enum test_status status;
/* why it skipped: shared with the parent, which prints it */
static char *skip_why;

static bool before(const struct test_case *a, const struct test_case *b)
{
	int c = strcmp(a->file, b->file);

	return c < 0 || (!c && a->order < b->order);
}

/* Kept in file order: constructors run in no promised order. */
void test_register(struct test_case *t)
{
	struct test_case **p = &tests;

	while (*p && before(*p, t))
		p = &(*p)->next;
	t->next = *p;
	*p = t;
}

/* Ends the current test's child with its status. */
__attribute__((noreturn)) static void test_end(void)
{
	if (status == TEST_FAIL)
		exit(1);
	exit(status == TEST_SKIP ? SKIP_STATUS : 0);
}

void test_fail(bool fatal, const char *file, int line, const char *what,
	       const char *left, const char *right)
{
	if (left)
		fprintf(stderr, "%s:%d: expected %s, got %s and %s\n", file,
			line, what, left, right);
	else
		fprintf(stderr, "%s:%d: expected %s\n", file, line, what);
	status = TEST_FAIL;
	if (fatal)
		test_end();
}

bool test_failed(void)
{
	return status == TEST_FAIL;
}

void test_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(skip_why, SKIP_WHY_LEN, fmt, ap);
	va_end(ap);
	/* a failure before the skip still counts */
	if (status == TEST_PASS)
		status = TEST_SKIP;
	test_end();
}

void test_fmt_signed(char *buf, long long v)
{
	snprintf(buf, TEST_VAL_LEN, "%lld", v);
}

/* Large values are addresses or masks more often than counts. */
void test_fmt_unsigned(char *buf, unsigned long long v)
{
	if (v > 0xffff)
		snprintf(buf, TEST_VAL_LEN, "%llu (%#llx)", v, v);
	else
		snprintf(buf, TEST_VAL_LEN, "%llu", v);
}

void test_fmt_double(char *buf, double v)
{
	snprintf(buf, TEST_VAL_LEN, "%.9g", v);
}

static void quote(char *buf, size_t len, const char *s)
{
	if (s)
		snprintf(buf, len, "\"%s\"", s);
	else
		snprintf(buf, len, "NULL");
}

void test_streq(const char *file, int line, const char *what,
		const char *a, const char *b)
{
	char qa[256], qb[256];

	if (a && b && !strcmp(a, b))
		return;
	quote(qa, sizeof(qa), a);
	quote(qb, sizeof(qb), b);
	test_fail(false, file, line, what, qa, qb);
}

void test_near(const char *file, int line, const char *what,
	       double a, double b, double tol)
{
	char sa[TEST_VAL_LEN], sb[TEST_VAL_LEN];

	if (fabs(a - b) <= tol)
		return;
	test_fmt_double(sa, a);
	test_fmt_double(sb, b);
	test_fail(false, file, line, what, sa, sb);
}

double test_json_number(const char *json, const char *key)
{
	char pat[128];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\": ", key);
	p = strstr(json, pat);
	return p ? strtod(p + strlen(pat), NULL) : NAN;
}

/* The -t or -x patterns: names containing any of them. */
struct filter {
	const char **pat;
	int n;
};

static bool filter_hits(const struct filter *f, const char *name)
{
	int i;

	for (i = 0; i < f->n; i++)
		if (strstr(name, f->pat[i]))
			return true;
	return false;
}

static bool any_name_contains(const char *pat)
{
	const struct test_case *t;

	for (t = tests; t; t = t->next)
		if (strstr(t->name, pat))
			return true;
	return false;
}

/* Every pattern must name a test: a typo is not an empty selection. */
static int filter_check(const struct filter *f, char opt)
{
	int i;

	for (i = 0; i < f->n; i++) {
		if (!any_name_contains(f->pat[i])) {
			fprintf(stderr, "%s: -%c %s: no test name contains "
				"it (-l lists them)\n", prog, opt, f->pat[i]);
			return -1;
		}
	}
	return 0;
}

static bool selected(const struct test_case *t, const struct filter *only,
		     const struct filter *out)
{
	return (!only->n || filter_hits(only, t->name)) &&
	       !filter_hits(out, t->name);
}

/* A child that exits 1 said why; any other end is said here. */
static enum test_status wait_test(pid_t pid, const char *name)
{
	int ws;

	if (waitpid(pid, &ws, 0) < 0) {
		perror("waitpid");
		return TEST_FAIL;
	}
	if (WIFEXITED(ws) && WEXITSTATUS(ws) == 0)
		return TEST_PASS;
	if (WIFEXITED(ws) && WEXITSTATUS(ws) == SKIP_STATUS)
		return TEST_SKIP;
	if (WIFSIGNALED(ws))
		fprintf(stderr, "%s: killed by signal %d (%s)\n", name,
			WTERMSIG(ws), strsignal(WTERMSIG(ws)));
	else if (WEXITSTATUS(ws) != 1)
		fprintf(stderr, "%s: exit status %d\n", name,
			WEXITSTATUS(ws));
	return TEST_FAIL;
}

/*
 * Each test in a child of its own: a failed ASSERT, a crash or a leak
 * (the sanitizers' check at exit) ends that test alone, and no test sees
 * what another left behind.
 */
static enum test_status run_one(const struct test_case *t)
{
	static const char *const word[] = { "pass", "FAIL", "skip" };
	enum test_status st = TEST_FAIL;
	pid_t pid;

	*skip_why = 0;
	fflush(NULL);
	pid = fork();
	if (!pid) {
		t->fn();
		test_end();
	}
	if (pid < 0)
		perror("fork");
	else
		st = wait_test(pid, t->name);
	if (st == TEST_SKIP)
		printf("[%s] %s: %s\n", word[st], t->name, skip_why);
	else
		printf("[%s] %s\n", word[st], t->name);
	return st;
}

static int usage(void)
{
	fprintf(stderr, "usage: %s [-l] [-t PATTERN]... [-x PATTERN]...\n",
		prog);
	return 2;
}

/* Runs (or, with list, names) the selected tests; returns the exit status. */
static int run_all(const struct filter *only, const struct filter *out,
		   bool list)
{
	const struct test_case *t;
	int n[3] = { 0 }, run = 0;

	for (t = tests; t; t = t->next) {
		if (!selected(t, only, out))
			continue;
		run++;
		if (list)
			printf("%s\n", t->name);
		else
			n[run_one(t)]++;
	}
	if (!run) {
		fprintf(stderr, "%s: no test selected\n", prog);
		return 2;
	}
	if (list)
		return 0;
	printf("%d tests run, %d passed, %d failed, %d skipped\n", run,
	       n[TEST_PASS], n[TEST_FAIL], n[TEST_SKIP]);
	if (n[TEST_FAIL])
		return 1;
	return n[TEST_SKIP] == run ? SKIP_STATUS : 0;
}

int main(int argc, char **argv)
{
	struct filter only = { calloc(argc, sizeof(char *)), 0 };
	struct filter out = { calloc(argc, sizeof(char *)), 0 };
	bool list = false;
	int opt, ret;

	prog = argv[0];
	/* the per-test lines and stderr's messages in the order they happen */
	setvbuf(stdout, NULL, _IOLBF, 0);
	skip_why = mmap(NULL, SKIP_WHY_LEN, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (!only.pat || !out.pat || skip_why == MAP_FAILED)
		return 2;
	while ((opt = getopt(argc, argv, "lt:x:")) != -1) {
		if (opt == 'l')
			list = true;
		else if (opt == 't')
			only.pat[only.n++] = optarg;
		else if (opt == 'x')
			out.pat[out.n++] = optarg;
		else
			break;
	}
	if (opt != -1 || optind != argc)
		ret = usage();
	else if (filter_check(&only, 't') || filter_check(&out, 'x'))
		ret = 2;
	else
		ret = run_all(&only, &out, list);
	free(only.pat);
	free(out.pat);
	munmap(skip_why, SKIP_WHY_LEN);
	return ret;
}
