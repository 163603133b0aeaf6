/*
 * The corpus replayer: a fuzz target's LLVMFuzzerTestOneInput built with
 * gcc and this main, so the ordinary build and ctest rerun every stored
 * input (tests/fuzz/corpus/<target>/) and a crash found once stays fixed.
 * Arguments are files or directories (every regular file in it, by name).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/lib/slurp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	size_t len;
	uint8_t *buf = slurp(path, &len);

	if (!buf) {
		perror(path);
		return -1;
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the number of inputs run, or -1. */
static long run_dir(const char *dir)
{
	struct dirent *d;
	char **names = NULL, path[4096];
	size_t n = 0, i;
	long ret = 0;
	DIR *dp = opendir(dir);

	if (!dp) {
		perror(dir);
		return -1;
	}
	while ((d = readdir(dp))) {
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names || !(names[n] = strdup(path)))
			abort();
		n++;
	}
	closedir(dp);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		if (run_file(names[i]))
			ret = -1;
		else if (ret >= 0)
			ret++;
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	long total = 0, r;
	struct stat st;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR|FILE...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st)) {
			perror(argv[i]);
			return 1;
		}
		r = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : !run_file(argv[i]);
		if (r <= 0) {
			fprintf(stderr, "%s: no input could be run\n", argv[i]);
			return 1;
		}
		total += r;
	}
	printf("%s: %ld inputs, no crash\n", argv[0], total);
	return 0;
}
