/*
 * The benchmark matrix (see matrix.h). Full sizes reach the historical
 * settings where a 2-core machine can hold them; quick sizes keep every
 * point well under a second so `make bench QUICK=1` is a smoke test of the
 * whole matrix. Rows whose scenario is not registered are never expanded.
 */
#include <stdio.h>
#include <string.h>

#include "bench/matrix.h"

const struct matrix_row matrix[] = {
	/* akpm's fork/exit storm: the per-pte cost of fork and exit */
	{ "fork_exit", "pages", "64 256 1024 4096 16384 65536",
	  "64 256 1024", "", "" },
	/* akpm's rmap-test: 100 tasks x 100 vmas x 600 pages, linear... */
	{ "file_windows", "tasks", "1 3 10 30 100", "1 4 16",
	  "vmas=100 pages=600 random=0", "vmas=10 pages=60 random=0" },
	/* ...the same touched in random order... */
	{ "file_windows", "tasks", "1 3 10 30 100", "1 4 16",
	  "vmas=100 pages=600 random=1", "vmas=10 pages=60 random=1" },
	/* ...and 1 task x 10000 vmas x 7 pages */
	{ "file_windows", "vmas", "10 100 1000 10000", "10 100 1000",
	  "tasks=1 pages=7", "tasks=1 pages=7" },
	/* the case anon_vma_chain was written for: N children x K pages */
	{ "fork_server", "children", "1 10 100 1000", "1 4 16",
	  "pages=1000", "pages=64" },
	/* the case anon_vma reuse was written for */
	{ "fork_chain", "generations", "1 4 16 64 256 1024", "1 4 16", "", "" },
	{ "fork_tree", "height", "1 2 3 4 5", "1 2 3", "",
	  "pages=16 shared=16" },
	/* Ingo Molnar's 20000-page file as 18000 one-page vmas, 32 processes */
	{ "test_mmap3", "vmas", "180 1800 18000", "18 180",
	  "file_pages=20000 rounds=5", "file_pages=200 rounds=2" },
	{ "shared_lib", "procs", "1 10 100 1000", "1 4 16", "", "pages=64" },
	{ "mmap_churn", "vmas", "10 100 1000 10000 100000", "10 100 1000",
	  "", "" },
	{ "mprotect_split", "pieces", "16 128 1024 8192", "16 128",
	  "pages=16384", "pages=1024" },
	{ "reclaim", "procs", "1 4 16 64 256", "1 4 16", "",
	  "anon=64 file=64" },
	/* components: Michel Lespinasse's loops, then his stabbing queries */
	{ "tree_micro", "intervals", "10 100 1000 10000 100000",
	  "10 100 1000", "op=0", "op=0" },
	{ "tree_micro", "intervals", "10 100 1000 10000 100000",
	  "10 100 1000", "op=1", "op=1" },
	/* 4 KiB (L1) to 256 MiB (DRAM, past any LLC) */
	{ "pointer_chase", "bytes", "4096 16384 65536 262144 1048576 4194304 "
	  "16777216 67108864 268435456", "4096 65536 1048576 16777216",
	  "", "" },
	/* the host kernel on the model rows' shapes */
	{ "native_fork_exit", "pages", "64 256 1024 4096 16384 65536",
	  "64 256 1024", "", "" },
	{ "native_file_windows", "vmas", "10 100 1000 10000", "10 100 1000",
	  "tasks=1 pages=7", "tasks=1 pages=7" },
};

const unsigned matrix_rows = sizeof(matrix) / sizeof(matrix[0]);

/*
 * Copies the next space-separated word of *p into buf: 1, or 0 at the end.
 * A word too long for buf is the table's bug: -1 with the message in err.
 */
static int next_word(const char **p, char *buf, size_t len, char *err,
		     unsigned errlen)
{
	size_t n;

	*p += strspn(*p, " ");
	n = strcspn(*p, " ");
	if (n >= len) {
		snprintf(err, errlen, "matrix: word too long in '%s'", *p);
		return -1;
	}
	memcpy(buf, *p, n);
	buf[n] = '\0';
	*p += n;
	return n > 0;
}

int matrix_points(const struct matrix_row *row, const struct scenario *sc,
		  bool quick, uint64_t seed, struct scenario_ctx *pts,
		  char *err, unsigned errlen)
{
	const char *fixed = row ? (quick ? row->fixed_quick : row->fixed_full)
				: "";
	const char *xs = row ? (quick ? row->quick : row->full) : "";
	char word[64], assign[128];
	struct scenario_ctx base;
	int n = 0, ret;

	scenario_defaults(sc, &base, seed);
	while ((ret = next_word(&fixed, word, sizeof(word), err, errlen)) > 0)
		if (scenario_set_param(sc, &base, word, err, errlen))
			return -1;
	if (ret < 0)
		return -1;
	if (!row) {
		pts[0] = base;
		return 1;
	}
	while ((ret = next_word(&xs, word, sizeof(word), err, errlen)) > 0) {
		if (n == MATRIX_MAX_POINTS) {
			snprintf(err, errlen, "matrix: %s has more than %d "
				 "points", sc->name, MATRIX_MAX_POINTS);
			return -1;
		}
		pts[n] = base;
		snprintf(assign, sizeof(assign), "%s=%s", row->x, word);
		if (scenario_set_param(sc, &pts[n++], assign, err, errlen))
			return -1;
	}
	if (ret < 0)
		return -1;
	if (!n)
		snprintf(err, errlen, "matrix: %s sweeps %s over no values",
			 sc->name, row->x);
	return n ? n : -1;
}
