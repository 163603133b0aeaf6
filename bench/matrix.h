/*
 * The benchmark matrix: which points of each scenario rmapbench measures.
 * A row is one scalability curve: the parameter it sweeps (x), the values
 * of x in a full run and in a quick one, and the other parameters it pins
 * in each. A scenario may have several rows (file_windows: akpm's three
 * settings); one without a row runs once, at its defaults. The sizes are
 * what a 2-core machine measures within the budgets: a pair that is
 * pathological by design stops at its budget instead of shrinking the
 * curve for everyone.
 */
#ifndef RMAP_BENCH_MATRIX_H
#define RMAP_BENCH_MATRIX_H

#include <stdbool.h>

#include "bench/scenarios/scenario.h"

#define MATRIX_MAX_POINTS	16

struct matrix_row {
	const char *scenario;
	const char *x;			/* the swept parameter */
	const char *full, *quick;	/* x values, ascending, by spaces */
	/* "name=value ..." pinned for the run, full and quick */
	const char *fixed_full, *fixed_quick;
};

extern const struct matrix_row matrix[];
extern const unsigned matrix_rows;

/*
 * The points of row (NULL: the scenario's defaults) for sc, as parameter
 * sets with seed in pts[MATRIX_MAX_POINTS]. Returns how many, or -1 with a
 * one-line message in err when the row names a parameter or value the
 * scenario does not take.
 */
int matrix_points(const struct matrix_row *row, const struct scenario *sc,
		  bool quick, uint64_t seed, struct scenario_ctx *pts,
		  char *err, unsigned errlen);

#endif
