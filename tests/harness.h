/*
 * A tiny assertion harness for the ctest executables: every failed check
 * prints file:line and the expression, and the test exits non-zero.
 */
#ifndef RMAP_TESTS_HARNESS_H
#define RMAP_TESTS_HARNESS_H

#include <stdio.h>

extern int test_failures;

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: CHECK failed: %s\n",		\
			__FILE__, __LINE__, #cond);			\
		test_failures++;					\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b) {							\
		fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %lld, "	\
			"%s == %lld\n", __FILE__, __LINE__,		\
			#a, _a, #b, _b);				\
		test_failures++;					\
	}								\
} while (0)

/* A whole file, NUL-terminated (free it), or NULL when it cannot be read. */
char *test_slurp(const char *path);
/* The number after "key": in a JSON text, or NAN when the key is absent. */
double test_json_number(const char *json, const char *key);

/* Returns the exit status: 0 when no check failed. */
int test_done(const char *name);

#endif
