/*
 * The scenario registry. A scenario is one file that says everything about
 * itself: its name, what it models and the historical question it answers,
 * its parameters and their ranges, the curves `make bench` draws from it and
 * the figures they go into; then a set-up that builds the processes and
 * files it needs (not measured), a run that is one measured iteration, and a
 * teardown. It is registered by one line in scenarios.def; rmapsim, rmapbench,
 * rmapreport and the tests read the registry and nothing else. A scenario is
 * a pure function of its parameters and seed on one CPU (on several, the
 * schedule decides which CPU meets a shared page first).
 */
#ifndef RMAP_SCENARIO_H
#define RMAP_SCENARIO_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/lib/kernel.h"
#include "common/lib/prng.h"
#include "common/lock.h"
#include "common/model.h"

#define SCENARIO_MAX_PARAMS	12
#define SCENARIO_MAX_FILES	4
#define SCENARIO_MAX_COUNTERS	32

struct scenario_param {
	const char *name;
	long def, min, max;
	const char *help;
};

/*
 * The processes a scenario holds (exec'd or forked), put at teardown in
 * reverse order of creation.
 */
struct procs {
	struct mm_struct **mm;
	long n, cap;
};

/*
 * What the harness measured over a scenario's timed runs, for its publish()
 * and rmapsim's lockstat: wall time and runs, whether holds were timed,
 * and per lock class the acquisitions (rmap_stats.locks), contentions,
 * wait and hold (lock_stat), summed over the CPUs, and the longest hold.
 */
struct scenario_timing {
	double ns;
	unsigned long runs;
	bool holds;
	unsigned long acquired[NR_LOCK_CLASSES];
	struct lock_stat locks;
};

struct scenario_ctx {
	long p[SCENARIO_MAX_PARAMS];	/* values, in the order of params */
	uint64_t seed;
	struct prng rng;
	void *priv;
	unsigned variant;		/* components: which of their variants */
	const char *error;		/* why setup or run failed */
	struct procs procs;
	struct address_space *files[SCENARIO_MAX_FILES];
	unsigned nfiles;
	struct scenario_timing timed;	/* the harness's, before publish() */
	/*
	 * rmapbench's lockstat pass: runs after the timed ones, holds timed
	 * (lock_holds), so the instrument never slows the timed runs
	 */
	struct scenario_timing lockstat;
};

/*
 * One curve of `make bench`: the parameter it sweeps (x), its values in a
 * full run and in a quick one (ascending, by spaces), and the other
 * parameters it pins ("name=value ...") in each. A scenario without a
 * curve runs once, at its defaults. A curve over CPUs names them by the
 * host's: "cpus" is its online CPUs, "2cpus" twice that, and values past
 * the largest such word are dropped, so the curve scales with the machine.
 */
struct scenario_curve {
	const char *x;
	const char *full, *quick;
	const char *fixed_full, *fixed_quick;
};

enum figure_scale { SCALE_AUTO, SCALE_LINEAR, SCALE_LOG };

/* One panel: a quantity ("time", a counter or ratio) against x. */
struct figure_panel {
	const char *q;
	const char *label;
	enum figure_scale scale;	/* AUTO: log when it spans decades */
};

/*
 * A figure: plots/figures/<name>.svg, one curve per generation. x is a
 * parameter of the scenario, or xval() of its parameters (in params
 * order), named xcol; x2 names, by spaces, the parameters that vary along
 * the curve with x (one xval() reads, or those a preset x resolves to);
 * with names a second scenario drawn on the same axes
 * (the host kernel's run of the same shape); pin "param:value" keeps only
 * the runs with that value; a categorical x is a name (one tick each).
 */
struct scenario_figure {
	const char *name;
	const char *title;
	const char *x, *xlabel;
	double (*xval)(const long *p);
	const char *x2, *xcol;
	const char *with;
	const char *pin;
	bool categorical;
	enum figure_scale xscale;
	struct figure_panel left, right;	/* right.q NULL: one panel */
};

enum scenario_kind {
	SCENARIO_MODEL,		/* on a model instance, once per generation */
	SCENARIO_TRACE,		/* each strace log, once per generation */
	SCENARIO_COMPONENT,	/* no model instance: once per variant */
};

/* Counters a scenario reports after its timed loop. */
#define SC_COUNTER_PER_RUN	0u	/* as given */
#define SC_COUNTER_NS_PER	1u	/* ns per this many units an iteration */

struct scenario_counters {
	unsigned n;
	struct {
		const char *name;
		double value;
		unsigned kind;
	} c[SCENARIO_MAX_COUNTERS];
};

struct scenario {
	const char *name;
	const char *desc;	/* one line: what it models */
	const char *question;	/* the historical question it answers */
	enum scenario_kind kind;
	const struct scenario_param *params;
	unsigned nparams;
	const struct scenario_curve *curves;
	unsigned ncurves;
	const struct scenario_figure *figures;
	unsigned nfigures;
	/*
	 * RESULTS.md: the generation (or variant) its tables compare against,
	 * the counters shown beside the common ones, and whether its finding
	 * cites rmap metadata bytes.
	 */
	const char *baseline;
	const char *extra;
	bool memory;
	/* its question is about a phase: the stacked phase figure */
	bool phases;
	/*
	 * Threaded: its locks' holds are timed (lock_holds_set), by the tests
	 * and by rmapbench in a lockstat pass after the timed runs (a hold's
	 * two clock reads would slow them by a third), which it may publish
	 * (jobs_publish's hold_<class>).
	 */
	bool lock_holds;
	/*
	 * The one-switch ablations that answer its question, by spaces:
	 * "GEN+switch=value" is generation GEN with one rule changed
	 * (rmap_ablation_parse). rmapbench runs each on the same curves as
	 * the generations; RESULTS.md's findings compare each with GEN alone.
	 */
	const char *ablations;
	/* components: the variants that stand in for generations */
	const char *const *variants;
	unsigned nvariants;
	/* its own counters beside the model's (ctx->timed is filled) */
	void (*publish)(const struct scenario_ctx *ctx,
			struct scenario_counters *out);
	/*
	 * A preset parameter's flags written into the parameters it sets,
	 * so a run's name and table show the values that run (NULL: none).
	 */
	void (*resolve)(long *p);
	/* mem_map pages the workload needs (model and trace kinds) */
	unsigned long (*mem_pages)(const struct scenario_ctx *ctx);
	int (*setup)(struct scenario_ctx *ctx);
	int (*run)(struct scenario_ctx *ctx);
	/* NULL: scenario_teardown(), which puts ctx->procs and ctx->files */
	void (*teardown)(struct scenario_ctx *ctx);
};

#define SCENARIO_PARAMS(a)	.params = (a), .nparams = ARRAY_SIZE(a)
#define SCENARIO_CURVES(a)	.curves = (a), .ncurves = ARRAY_SIZE(a)
#define SCENARIO_FIGURES(a)	.figures = (a), .nfigures = ARRAY_SIZE(a)
#define SCENARIO_VARIANTS(a)	.variants = (a), .nvariants = ARRAY_SIZE(a)

/*
 * Budgets, not hangs: the harness's timer sets scenario_budget_expired, and
 * long loops in setup() and run() poll scenario_over_budget() between units
 * of work (a walked page, a fork), then fail through scenario_fail(). The
 * model is consistent between units, so teardown still frees everything.
 * The poll is one load, no system call; without an armed budget (rmapsim,
 * the tests) it is always false.
 */
extern volatile sig_atomic_t scenario_budget_expired;

static inline bool scenario_over_budget(void)
{
	return scenario_budget_expired;
}

/*
 * Sets ctx->error (to the budget's message when it ran out, else to why)
 * and returns -1, for setup() or run() to return at once.
 */
int scenario_fail(struct scenario_ctx *ctx, const char *why);

/* scenarios.def, in report order */
extern const struct scenario *const scenarios[];
extern const unsigned nr_scenarios;

const struct scenario *scenario_find(const char *name);
/* Defaults for every parameter, and the seed. */
void scenario_defaults(const struct scenario *sc, struct scenario_ctx *ctx,
		       uint64_t seed);
/*
 * Sets "name=value". Returns 0, or -1 with a one-line message naming the
 * valid parameters or the allowed range.
 */
int scenario_set_param(const struct scenario *sc, struct scenario_ctx *ctx,
		       const char *assignment, char *err, unsigned errlen);
int scenario_param_index(const struct scenario *sc, const char *name);
/* sc->resolve on ctx's parameters, where the scenario has presets. */
void scenario_resolve(const struct scenario *sc, struct scenario_ctx *ctx);

#define SCENARIO_MAX_POINTS	16

/*
 * The points of a curve (NULL: the scenario's defaults), as parameter sets
 * with seed in pts[SCENARIO_MAX_POINTS]. Returns how many, or -1 with a
 * one-line message in err when the curve names a parameter or value the
 * scenario does not take.
 */
int scenario_curve_points(const struct scenario *sc,
			  const struct scenario_curve *curve, bool quick,
			  uint64_t seed, struct scenario_ctx *pts, char *err,
			  unsigned errlen);

/* The scenario's runs (sc->teardown, or scenario_teardown). */
void scenario_teardown_run(const struct scenario *sc, struct scenario_ctx *ctx);
/* Puts ctx->procs (newest first) and ctx->files; frees the table. */
void scenario_teardown(struct scenario_ctx *ctx);

/*
 * Processes and files the default teardown releases. Each returns NULL when
 * out of memory (the model's, or the process table's: the new mm is put).
 */
struct mm_struct *scenario_exec(struct scenario_ctx *ctx);
struct mm_struct *scenario_fork(struct scenario_ctx *ctx,
				struct mm_struct *parent);
struct address_space *scenario_file(struct scenario_ctx *ctx,
				    const char *name, unsigned long pages,
				    bool shmem);
/*
 * Memory pressure's aging pass over @n pages, as each era did it: from 2.5,
 * page_referenced on page_at(arg, i) for each i below n (NULL: no page
 * there); 2.4, which could not find a page's ptes, one turn of swap_out's
 * clock over every process (swap_out_sweep). 0, or scenario_fail() when
 * the budget ran out.
 */
int scenario_age(struct scenario_ctx *ctx,
		 struct page *(*page_at)(void *arg, unsigned long i),
		 void *arg, unsigned long n);
/* scenario_age() over a file's page cache, in offset order. */
int scenario_age_file(struct scenario_ctx *ctx, struct address_space *file);
/*
 * A process mapping @pages pages, @file_pct percent of them a private
 * read-only mapping of a file (read in), the rest anonymous and written:
 * the parent of the fork experiments. NULL when out of memory.
 */
struct mm_struct *scenario_process(struct scenario_ctx *ctx,
				   unsigned long pages, long file_pct);
/* Puts the newest held processes until @keep are left. */
void scenario_put_procs(struct scenario_ctx *ctx, long keep);

/*
 * A threaded scenario's quiescent point, every CPU parked: 0, or
 * scenario_fail() when scenario_quiesce_check (rmapsim run --check sets
 * it; NULL otherwise) finds the model wrong there.
 */
extern unsigned long (*scenario_quiesce_check)(void);
int scenario_quiescent(struct scenario_ctx *ctx);

/*
 * The harness's: ctx->timed over the timed runs, from begin to end (begin
 * clears the longest holds, as lockstat's clear).
 */
void scenario_timing_begin(struct scenario_timing *t);
void scenario_timing_end(struct scenario_timing *t, unsigned long runs);

/*
 * The harness's side: a wall-clock budget of seconds from now for one
 * trial (a signal sets the flag when it runs out), and its cancellation.
 */
void scenario_budget_arm(double seconds);
void scenario_budget_disarm(void);

#endif
