/*
 * The test harness every ctest executable links (tests/harness.c holds its
 * main), after tools/testing/vma and jemalloc's test/:
 *
 *	TEST(merge_new)
 *	{
 *		SKIP_IF(!have_thing(), "no thing here");
 *		ASSERT_NONNULL(p);		ends the test on failure
 *		EXPECT_EQ(vma->vm_pgoff, 3);	records, and goes on
 *	}
 *
 * defines and registers test_merge_new; main runs the registered tests in
 * the order they appear in the file, each in a child process of its own,
 * and prints one line per test, then "N tests run, P passed, F failed, S
 * skipped". A test starts from the program's initial state, whatever ran
 * before it, so -t runs any one of them as it runs among the others.
 *
 * Usage: test_x [-l] [-t PATTERN]... [-x PATTERN]...
 *	-l		list the selected tests, one name a line, and run none
 *	-t PATTERN	run only the tests whose name contains PATTERN
 *	-x PATTERN	leave out the tests whose name contains PATTERN
 * A PATTERN no test name contains is an error (exit 2): a typo must not
 * pass as an empty run. Exit status: 1 when a test failed, else 77 when
 * every selected test was skipped (ctest's SKIP_RETURN_CODE), else 0.
 *
 * ASSERT_* and SKIP_IF end the test's child at once, from the test body or
 * any helper it calls; a crash, or a sanitizer's error or leak report, is a
 * failure of that test alone. Code that runs inside a foreign frame (a
 * Google Benchmark callback) uses EXPECT_* only: the C++ frames above it
 * would not be unwound.
 */
#ifndef RMAP_TESTS_HARNESS_H
#define RMAP_TESTS_HARNESS_H

#include <stdbool.h>
#include <stdio.h>

struct test_case {
	const char *name;
	void (*fn)(void);
	const char *file;
	int order;		/* __COUNTER__: its place in the file */
	struct test_case *next;
};

void test_register(struct test_case *t);

#define TEST(name)							\
	static void test_##name(void);					\
	static struct test_case test_case_##name = {			\
		#name, test_##name, __FILE__, __COUNTER__, NULL		\
	};								\
	__attribute__((constructor)) static void test_add_##name(void)	\
	{								\
		test_register(&test_case_##name);			\
	}								\
	static void test_##name(void)

/*
 * A failed check: prints file:line, what was expected and, when given,
 * both values; fatal ends the current test.
 */
void test_fail(bool fatal, const char *file, int line, const char *what,
	       const char *left, const char *right);
/* Whether a check of the current test has failed so far. */
bool test_failed(void);
/* Ends the current test as skipped, saying why (printf format). */
__attribute__((noreturn, format(printf, 1, 2)))
void test_skip(const char *fmt, ...);

#define SKIP_IF(cond, ...) do {						\
	if (cond)							\
		test_skip(__VA_ARGS__);					\
} while (0)

/* what: the check as written, before its macros are expanded */
#define TEST_TRUE_(fatal, cond, what) do {				\
	if (!(cond))							\
		test_fail(fatal, __FILE__, __LINE__, what, NULL, NULL);	\
} while (0)

/* A value in a buffer of TEST_VAL_LEN, formatted by its type. */
#define TEST_VAL_LEN	48
void test_fmt_signed(char *buf, long long v);
void test_fmt_unsigned(char *buf, unsigned long long v);
void test_fmt_double(char *buf, double v);
#define TEST_FMT_(buf, v) _Generic((v),					\
	unsigned int: test_fmt_unsigned,				\
	unsigned long: test_fmt_unsigned,				\
	unsigned long long: test_fmt_unsigned,				\
	float: test_fmt_double,						\
	double: test_fmt_double,					\
	default: test_fmt_signed)(buf, v)

/*
 * Each side is evaluated once and compared in its own type, as a plain
 * "a op b" would be; so -Wsign-compare, which cannot tell a literal from
 * the copy it has become, is off here.
 */
#define TEST_CMP_(fatal, a, op, b, what) do {				\
	_Pragma("GCC diagnostic push")					\
	_Pragma("GCC diagnostic ignored \"-Wsign-compare\"")		\
	__typeof__((a) + 0) test_a_ = (a);				\
	__typeof__((b) + 0) test_b_ = (b);				\
	if (!(test_a_ op test_b_)) {					\
		char test_sa_[TEST_VAL_LEN], test_sb_[TEST_VAL_LEN];	\
									\
		TEST_FMT_(test_sa_, test_a_);				\
		TEST_FMT_(test_sb_, test_b_);				\
		test_fail(fatal, __FILE__, __LINE__, what, test_sa_,	\
			  test_sb_);					\
	}								\
	_Pragma("GCC diagnostic pop")					\
} while (0)

#define ASSERT_TRUE(c)		TEST_TRUE_(true, c, #c)
#define ASSERT_FALSE(c)		TEST_TRUE_(true, !(c), "!(" #c ")")
#define ASSERT_NULL(p)		TEST_TRUE_(true, (p) == NULL, #p " == NULL")
#define ASSERT_NONNULL(p)	TEST_TRUE_(true, (p) != NULL, #p " != NULL")
#define ASSERT_EQ(a, b)		TEST_CMP_(true, a, ==, b, #a " == " #b)

#define EXPECT_TRUE(c)		TEST_TRUE_(false, c, #c)
#define EXPECT_FALSE(c)		TEST_TRUE_(false, !(c), "!(" #c ")")
#define EXPECT_NULL(p)		TEST_TRUE_(false, (p) == NULL, #p " == NULL")
#define EXPECT_NONNULL(p)	TEST_TRUE_(false, (p) != NULL, #p " != NULL")
#define EXPECT_EQ(a, b)		TEST_CMP_(false, a, ==, b, #a " == " #b)
#define EXPECT_NE(a, b)		TEST_CMP_(false, a, !=, b, #a " != " #b)
#define EXPECT_LT(a, b)		TEST_CMP_(false, a, <, b, #a " < " #b)
#define EXPECT_LE(a, b)		TEST_CMP_(false, a, <=, b, #a " <= " #b)
#define EXPECT_GT(a, b)		TEST_CMP_(false, a, >, b, #a " > " #b)
#define EXPECT_GE(a, b)		TEST_CMP_(false, a, >=, b, #a " >= " #b)

/* Strings equal (NULL equals nothing): prints both. */
void test_streq(const char *file, int line, const char *what,
		const char *a, const char *b);
#define EXPECT_STREQ(a, b)						\
	test_streq(__FILE__, __LINE__, #a " == " #b, a, b)

/* |a - b| <= tol; a NaN on either side fails. */
void test_near(const char *file, int line, const char *what,
	       double a, double b, double tol);
#define EXPECT_NEAR(a, b, tol)						\
	test_near(__FILE__, __LINE__, #a " ~= " #b, a, b, tol)

/* The number after "key": in a JSON text, or NAN when the key is absent. */
double test_json_number(const char *json, const char *key);

#endif
