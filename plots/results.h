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
 * comparison of two runs, cachesim.c the simulated cache counts (merged
 * from callgrind's dumps, drawn and tabulated), main.c the commands,
 * errors and output files.
 */
#ifndef RMAPREPORT_RESULTS_H
#define RMAPREPORT_RESULTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bench/scenarios/scenario.h"

#define MAX_PARAMS	SCENARIO_MAX_PARAMS
/* the model's, the phases', a scenario's own and the hardware events */
#define MAX_COUNTERS	96

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
/* A benchmark's name less the components Google Benchmark appends. */
char *plain_name(const char *full);
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
char *fmt_params(char *buf, size_t len, const struct run *run);

/* ---- the report's groups (markdown.c) ---- */

/* Runs [i, end) of one scenario; with equal parameters: one table group. */
unsigned scenario_end(const struct results *r, unsigned i);
unsigned group_end(const struct results *r, unsigned i);
/* The figure of a scenario's finding: its first of its own x, alone. */
const struct scenario_figure *main_figure(const struct scenario *sc);
/* Whether run has the figure's pinned parameter value, if it pins one. */
bool figure_pinned(const struct scenario_figure *fig, const struct run *run);

/* ---- findings by ablation (ablation.c) ---- */

/* A ratio of times and its 95% interval; why: the text when unknown. */
struct interval {
	double r, lo, hi;
	bool known;
	const char *why;
};

#define MAX_COMPARISONS	32

/*
 * Two runs at one point that differ in one rule: an ablation run and its
 * generation, or two generations one scheme apart. from and to
 * are base's value and run's, each with the releases it held in.
 */
struct comparison {
	const struct run *run, *base;
	char rule[32], from[64], to[64], from_rel[64], to_rel[64];
	const char *help, *source, *base_gen;
	struct interval ci;
};

/* An ablation's name: "GEN+switch=value". */
bool is_ablation(const char *gen);
/*
 * The rules configurations a and b (generations, ablations or --variant
 * specs) differ in, "fork copy→lazy, ...", into buf: how many, or -1 when
 * either is none (a component's variant).
 */
int config_diff(const char *a, const char *b, char *buf, size_t len);
/* Every scenario's comparisons at its headline point (free *out). */
unsigned comparisons(const struct results *r, struct comparison **out);
/* Whether any of them has both runs measured (the figure has a point). */
bool any_compared(const struct comparison *c, unsigned n);
void comparison_finding(FILE *f, const struct results *r,
			const struct comparison *c);

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
/* A figure's .dat and .inc.gp in dir; false when it has nothing to draw. */
bool write_figure(const char *dir, const struct results *r,
		  const struct scenario *sc, const struct scenario_figure *fig);

/* ---- simulated cache misses (cachesim.c) ---- */

/*
 * The figures of a cachesim JSON into dir, their names into written (room
 * for CACHESIM_FIGURES); how many.
 */
#define CACHESIM_FIGURES	2
unsigned cachesim_figures(const char *dir, const char *json,
			  const char **written);
/* RESULTS.md's section "Simulated cache misses" from a cachesim JSON. */
void report_cachesim(FILE *f, const char *json, const char *figdir);

/* ---- phases (phases.c) ---- */

/*
 * <scenario>_phases.dat and .inc.gp for a scenario with .phases; false
 * when it has none (or no run with phase times).
 */
bool write_phase_figure(const char *dir, const struct results *r,
			const struct scenario *sc);
/* Whether a counter is one the phase table shows (t_fork, t_covered, ...). */
bool phase_counter(const char *name);
/* RESULTS.md: the phase figure and its table, under the scenario. */
/* RESULTS.md's scalability section: the threaded scenarios' throughput */
void report_scaling(FILE *f, const struct results *r);
void report_phases(FILE *f, const struct results *r, const char *name,
		   const char *figdir);

/* ---- statistics (compare.c) ---- */

/*
 * The harness publishes model counts per iteration, averaged over a trial's
 * iterations, so equal behaviour can differ in the last digits; 0.1% more
 * is a change in what the model did.
 */
#define COUNTER_TOLERANCE	1e-3

int cmp_double(const void *a, const void *b);
double median(double *v, unsigned n);
double ratio(double num, double den);
/*
 * Welch on the log times of a's and b's repetitions (2 or more each): the
 * difference of the means, its standard error and degrees of freedom.
 */
void welch_log(const struct run *a, const struct run *b, double *diff,
	       double *se, double *df);
/* Two-sided p of Student's t with df degrees of freedom. */
double t_p(double t, double df);

/* ---- the commands ---- */

/* cachesim: NULL, or a cachesim JSON drawn and reported beside json. */
int cmd_data(const char *json, const char *dir, const char *cachesim);
int cmd_report(const char *json, const char *figdir, const char *out,
	       const char *cachesim);
/* json with the callgrind profiles in dumpdir merged, written to out. */
int cmd_cachesim(const char *json, const char *dumpdir, const char *out);
int cmd_compare(const char *pa, const char *pb);

#endif
