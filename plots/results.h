/*
 * rmapreport: what people read of a benchmark run. From the Google Benchmark
 * JSON that `make bench` writes it makes the gnuplot data of every figure
 * (one block per generation, the median and min-max of the repetitions, the
 * model counters beside the time), RESULTS.md, and a comparison of two runs.
 *
 * Every number printed comes from the JSON: a ratio is printed only when both
 * of its operands were measured, runs that exceeded their budget are listed
 * as such and never drawn, and non-finite values stay visible as NaN.
 * Output files are written to a temporary name and renamed, so a failure
 * leaves the previous file in place, never half of a new one.
 *
 * results.c reads the JSON into runs and their summaries, figures.c writes
 * the plot data, markdown.c RESULTS.md, compare.c the statistics and the
 * comparison of two runs, main.c the commands, errors and output files.
 */
#ifndef RMAPREPORT_RESULTS_H
#define RMAPREPORT_RESULTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct scenario;
struct scenario_figure;

#define MAX_PARAMS	8
#define MAX_COUNTERS	64

/* ---- errors, memory and atomic output (main.c) ---- */

void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...);
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

struct outfile {
	FILE *f;
	const char *path;
	int slot;
};

/* A temporary file beside path, renamed to it by out_commit(). */
void out_open(struct outfile *o, const char *path);
void out_commit(struct outfile *o);

/* ---- runs (results.c) ---- */

struct rep {
	double t;			/* real time per iteration, ns */
	double c[MAX_COUNTERS];
};

struct run {
	char *name;		/* run_name without GB's own suffixes */
	char *scenario, *gen;
	unsigned np;
	char *pname[MAX_PARAMS], *pstr[MAX_PARAMS];
	double pval[MAX_PARAMS];
	struct rep *rep;
	unsigned nrep, cap;
	struct rep agg;		/* the "median" aggregate, if any */
	bool has_agg;
	const char *error;	/* over budget or failed: never drawn */
	/* filled by summarize() */
	bool spread_known;
	double median, min, max;
	double c[MAX_COUNTERS];	/* medians over the repetitions */
};

struct results {
	const char *path;
	json_t *root, *context;
	struct run *run;
	unsigned nrun;
	/* the model counters first, at their enum model_counter index */
	const char *counter[MAX_COUNTERS];
	unsigned ncounter;
};

/*
 * Reads a run's JSON; the runs are sorted by scenario, parameters and
 * generation. Bad input dies with one line.
 */
void load(struct results *r, const char *path);
void unload(struct results *r);
struct run *find_run(struct results *r, const char *name);
int counter_index(const struct results *r, const char *name);
const char *str_of(const json_t *obj, const char *key);
int param_index(const struct run *run, const char *name);
double param(const struct run *run, const char *name);
/* Orders of the report: parameters (but skip, -1: none), generations. */
int cmp_params(const struct run *a, const struct run *b, int skip);
int cmp_gen(const char *a, const char *b);

/* Numbers as tables and findings print them; each returns buf. */
char *fmt_time(char *buf, double ns);
char *fmt_count(char *buf, double v);
char *fmt_ratio(char *buf, double v);
char *fmt_params(char *buf, size_t len, const struct run *run, int skip,
		 int skip2);

/* ---- figures (figures.c) ---- */

/* A registered figure's runs: sc's figure fig, and fig->with's runs. */
struct series {
	const struct scenario *sc;
	const struct scenario_figure *fig;
	char xname[64];
	char fixed[2][256];	/* the other parameters, per scenario */
	struct run **pt;	/* by generation, then x */
	double *x;
	unsigned n;
};

/* False when the figure has no curve to draw: fewer than two sizes. */
bool build_series(const struct results *r, const struct scenario *sc,
		  const struct scenario_figure *fig, struct series *s);
void free_series(struct series *s);

/* ---- phases (phases.c) ---- */

/*
 * <scenario>_phases.dat and .inc.gp for a scenario with .phases; false
 * when it has none (or no run with phase times).
 */
bool write_phase_figure(const char *dir, const struct results *r,
			const struct scenario *sc);
/* RESULTS.md: the phase figure and its table, under the scenario. */
void report_phases(FILE *f, const struct results *r, const char *name,
		   const char *figdir);

/* ---- statistics (compare.c) ---- */

int cmp_double(const void *a, const void *b);
double median(double *v, unsigned n);
double ratio(double num, double den);

/* ---- the commands ---- */

int cmd_data(const char *json, const char *dir);
int cmd_report(const char *json, const char *figdir, const char *out);
int cmd_compare(const char *pa, const char *pb);

#endif
