/*
 * rmapbench: the Google Benchmark harness. Every registered scenario on
 * every generation at every point of its curves is one benchmark, named
 * scenario/generation/param:value/...; an iteration is one run() of the
 * scenario, and each benchmark publishes the model's exact counters and the
 * hardware events beside the time. A trace scenario replays every strace
 * log in bench/traces on every generation (trace/generation/program:name),
 * and a component (tree_micro, pointer_chase, the host kernel's native_*)
 * runs once per variant, not per generation.
 *
 * Google Benchmark calls a benchmark function once per trial (growing
 * iteration counts, then once per repetition), and every trial builds its
 * fixture afresh: model_init and the scenario's setup, untimed. A run()
 * leaves the model changed (pages swapped, anon_vmas kept, trees grown), so
 * a fixture kept from the trial before would start each trial from a state
 * that depends on how many iterations came before it, and the repetitions
 * of one benchmark would not measure the same work. Built afresh, every
 * trial of n iterations runs the same n runs from the same state. The model
 * is one global instance: a trial tears its fixture down when it ends. The
 * timed loop is run() and a flag test.
 *
 * Every trial runs under a wall-clock budget (--budget): a trial that
 * exceeds it, setup included, is skipped with "exceeded budget of N s",
 * its fixture is torn down, and the larger points of the same curve are
 * skipped the same way without running.
 */
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "bench/cachesim.h"
#include "bench/host.h"
#include "bench/pmu.h"
#include "bench/replay/replay.h"
#include "bench/shim/shim.h"
#include "common/phase.h"
#include "common/stats.h"

#ifndef RMAP_GIT_REV
#define RMAP_GIT_REV	"unknown"
#endif
#ifndef RMAP_TRACE_DIR
#define RMAP_TRACE_DIR	"bench/traces"
#endif
#ifndef RMAP_BUILD_TYPE
#define RMAP_BUILD_TYPE	"unknown"
#endif
#if defined(__clang__)
#define COMPILER	"clang " __clang_version__
#elif defined(__GNUC__)
#define COMPILER	"gcc " __VERSION__
#else
#define COMPILER	"unknown"
#endif

#define SEED		1
#define NAME_LEN	256
#define MSG_LEN		256

static const char usage[] =
"rmapbench: every rmap generation on every scenario, by Google Benchmark\n"
"  --quick          the quick matrix (small sizes, a smoke test)\n"
"  --budget=S       seconds a trial may take, setup included (default 30,\n"
"                   quick 20); past it the benchmark is skipped\n"
"  --events=LIST    hardware/software events, perf names or libpfm4 strings\n"
"                   (default " PMU_DEFAULT_EVENTS ")\n"
"  --cpu=N          run pinned to CPU N (default: the last CPU allowed);\n"
"                   --cpu=any runs unpinned\n"
"  --aslr           keep address-space randomisation (default: off, so\n"
"                   every run lays memory out the same)\n"
"  --cachesim       under callgrind: simulated cache misses, a fixed\n"
"                   iteration count (bench/cachesim.h; make bench CACHESIM=1)\n"
"  --benchmark_min_time defaults to 0.2 (quick 0.05); every other Google\n"
"  Benchmark flag passes through:\n";

static struct {
	bool quick;
	bool cachesim;			/* under callgrind: cachesim.h */
	double budget;			/* seconds per trial */
	const char *events;
	const char *cpu;		/* NULL: the last CPU allowed */
	/* Google Benchmark's, peeked at for the progress line */
	const char *filter;
	long repetitions;
	bool min_time_given;
} opt = { .repetitions = 1 };

/*
 * One curve: a curve of one scenario on one generation, or on one of a
 * component's variants, or one strace log on one generation.
 */
struct family {
	const struct scenario *sc;
	const struct scenario_curve *row;	/* NULL: the defaults */
	unsigned variant;		/* of a component */
	char name[NAME_LEN];		/* without the parameters */
	unsigned nargs;			/* parameters in the name */
	struct replay_input replay;	/* trace: replay.log */
	struct rmap_config cfg;
	int xi;				/* row->x in sc->params; -1: no row */
	long failed_x;			/* least x over budget; LONG_MAX */
	struct family *next;
};

static struct family *families;
static struct pmu_set pmu;
static struct strace_log *logs[64];	/* the traces, loaded once */
static unsigned nr_logs;

/* The model instance of the trial running. */
static struct {
	struct family *f;		/* NULL: none */
	struct scenario_ctx ctx;
} fix;

static unsigned long leaked;		/* objects fixtures left behind */

/*
 * Progress: a run is one repetition of one benchmark. Its first trial
 * starts it; a later trial of the same benchmark belongs to the same run
 * only while Google Benchmark is still growing the iteration count.
 */
static struct {
	const struct family *f;
	long args[SCENARIO_MAX_PARAMS];
	long iters;
	unsigned done, total;
	struct timespec t0;
} progress;

static void point_name(const struct family *f, const long *args, char *buf,
		       size_t len)
{
	size_t used = snprintf(buf, len, "%s", f->name);
	unsigned i;

	for (i = 0; i < f->nargs && used < len; i++)
		used += snprintf(buf + used, len - used, "/%s:%ld",
				 f->sc->params[i].name, args[i]);
}

static bool same_args(const struct family *f, const long *a, const long *b)
{
	return !memcmp(a, b, f->nargs * sizeof(*a));
}

static void progress_note(const struct family *f, const long *args,
			  long iters)
{
	char name[NAME_LEN];
	struct timespec now;
	long s;

	if (f == progress.f && same_args(f, args, progress.args) &&
	    iters > progress.iters) {
		progress.iters = iters;
		return;
	}
	progress.f = f;
	memcpy(progress.args, args, f->nargs * sizeof(*args));
	progress.iters = iters;
	progress.done++;
	clock_gettime(CLOCK_MONOTONIC, &now);
	s = now.tv_sec - progress.t0.tv_sec;
	point_name(f, args, name, sizeof(name));
	if (progress.total >= progress.done)
		fprintf(stderr, "[%u/%u %u%%] ", progress.done, progress.total,
			progress.done * 100 / progress.total);
	else
		fprintf(stderr, "[%u] ", progress.done);
	if (s >= 3600)
		fprintf(stderr, "%s (elapsed %ldh%02ldm%02lds)\n", name,
			s / 3600, s / 60 % 60, s % 60);
	else
		fprintf(stderr, "%s (elapsed %ldm%02lds)\n", name, s / 60,
			s % 60);
}

static bool is_component(const struct family *f)
{
	return f->sc->kind == SCENARIO_COMPONENT;
}

static void fixture_drop(void)
{
	unsigned long left;

	if (!fix.f)
		return;
	scenario_teardown_run(fix.f->sc, &fix.ctx);
	left = is_component(fix.f) ? 0 : model_exit();
	if (left) {
		fprintf(stderr, "rmapbench: %s left %lu objects behind\n",
			fix.f->name, left);
		leaked += left;
	}
	fix.f = NULL;
}

/* A fresh fixture for f at args. */
static int fixture_get(struct family *f, const long *args, char *msg)
{
	const struct scenario *sc = f->sc;

	scenario_defaults(sc, &fix.ctx, SEED);
	memcpy(fix.ctx.p, args, f->nargs * sizeof(*args));
	fix.ctx.variant = f->variant;
	if (f->replay.log)
		fix.ctx.priv = &f->replay;
	if (!is_component(f) && model_init(&f->cfg, sc->mem_pages(&fix.ctx))) {
		snprintf(msg, MSG_LEN, "cannot allocate a mem_map of %lu pages",
			 sc->mem_pages(&fix.ctx));
		return -1;
	}
	fix.f = f;
	if (sc->setup(&fix.ctx)) {
		snprintf(msg, MSG_LEN, "setup failed: %s", fix.ctx.error ?
			 fix.ctx.error : "out of memory");
		fixture_drop();
		return -1;
	}
	return 0;
}

/*
 * Counts are totals over the timed loop, reported per iteration; peaks are
 * the instance's, setup included, and stay as they are; ratios are of the
 * totals.
 */
static void publish(gb_state *st, const struct model_counters *c)
{
	int k;

	for (k = 0; k < NR_MODEL_COUNTERS; k++)
		gb_set_counter(st, model_counter_names[k], c->v[k],
			       model_counter_kind(k) == COUNTER_COUNT ?
			       GB_COUNTER_AVG_ITERATIONS : GB_COUNTER_DEFAULT);
}

/*
 * The phases' nanoseconds per iteration (of the sampled ones: phase.h),
 * t_covered: the share of their wall time the model's phases account for
 * (the rest, t_other, is the scenario's own code), and ns_per_reclaimed:
 * reclaim's time per page it freed, the quantity native_reclaim measures
 * on the host kernel.
 */
static void publish_phases(gb_state *st, const struct phase_times *t,
			   const struct model_counters *c)
{
	double covered = 0;
	int k;

	if (!t->samples)
		return;
	for (k = 0; k < NR_PHASES; k++) {
		gb_set_counter(st, phase_names[k], t->ns[k],
			       GB_COUNTER_DEFAULT);
		if (k != PHASE_NONE)
			covered += t->ns[k];
	}
	gb_set_counter(st, "t_covered", t->wall ? covered / t->wall : 0,
		       GB_COUNTER_DEFAULT);
	if (c->v[MC_RECLAIMED])
		gb_set_counter(st, "ns_per_reclaimed", t->ns[PHASE_RECLAIM] *
			       gb_iterations_done(st) / c->v[MC_RECLAIMED],
			       GB_COUNTER_DEFAULT);
}

/* A scenario's own counters; SC_COUNTER_NS_PER: ns per unit, by rate. */
static void publish_component(gb_state *st, const struct scenario *sc)
{
	struct scenario_counters out = { .n = 0 };
	unsigned i;

	sc->publish(&fix.ctx, &out);
	for (i = 0; i < out.n; i++) {
		if (out.c[i].kind == SC_COUNTER_NS_PER)
			gb_set_counter(st, out.c[i].name, 1e-9 * out.c[i].value *
				       gb_iterations_done(st),
				       GB_COUNTER_RATE | GB_COUNTER_INVERT);
		else
			gb_set_counter(st, out.c[i].name, out.c[i].value,
				       GB_COUNTER_DEFAULT);
	}
}

static void skip(gb_state *st, const char *msg)
{
	gb_skip_with_error(st, msg);
	while (gb_keep_running(st))
		;
}

/* "exceeded budget of N s", naming the smaller point that exceeded it */
static void budget_msg(char *msg, const struct family *f, long x)
{
	int n = snprintf(msg, MSG_LEN, "exceeded budget of %g s", opt.budget);

	if (x > f->failed_x)
		snprintf(msg + n, MSG_LEN - n, " (at %s:%ld)", f->row->x,
			 f->failed_x);
}

/*
 * A scenario that publishes lock holds runs again with holds timed, an
 * eighth as many runs as the timed loop made (at least one): lockstat's
 * shares from runs the instrument slowed, the timed runs left alone.
 */
static int lockstat_pass(struct family *f, unsigned long timed_runs)
{
	unsigned long i, n = timed_runs / 8 + 1;
	int ret = 0;

	lock_holds_set(true);
	scenario_timing_begin(&fix.ctx.lockstat);
	for (i = 0; i < n && !ret && !scenario_over_budget(); i++)
		ret = f->sc->run(&fix.ctx);
	scenario_timing_end(&fix.ctx.lockstat, i);
	lock_holds_set(false);
	return ret;
}

/* The fixture, then the timed loop: 0, or -1 with msg set. */
static int measure(gb_state *st, struct family *f, const long *args,
		   struct model_counters *c, struct phase_times *t, char *msg)
{
	struct counters_snapshot snap;
	struct phase_snapshot clock;
	int ret = fixture_get(f, args, msg);
	char name[NAME_LEN];
	unsigned long i, n;

	if (ret)
		return ret;
	if (opt.cachesim) {
		point_name(f, args, name, sizeof(name));
		if (cachesim_warm(name, f->sc, &fix.ctx)) {
			snprintf(msg, MSG_LEN, "warm-up run failed: %s",
				 fix.ctx.error ? fix.ctx.error : "out of memory");
			return -1;
		}
	}
	if (!is_component(f))
		counters_begin(&snap);
	n = gb_max_iterations(st);
	phase_begin(&clock);
	scenario_timing_begin(&fix.ctx.timed);
	for (i = 0; gb_keep_running(st); i++) {
		phase_iteration_begin(phase_sampled(i, n));
		ret = f->sc->run(&fix.ctx);
		phase_iteration_end();
		if (ret || scenario_over_budget())
			break;
	}
	scenario_timing_end(&fix.ctx.timed, i);
	phase_end(&clock, t);
	if (!is_component(f))
		counters_end(&snap, c);
	if (!ret && f->sc->lock_holds)
		ret = lockstat_pass(f, i);
	if (ret)
		snprintf(msg, MSG_LEN, "run failed: %s", fix.ctx.error ?
			 fix.ctx.error : "out of memory");
	return ret;
}

static void bm_scenario(gb_state *st, void *arg)
{
	struct family *f = arg;
	long args[SCENARIO_MAX_PARAMS], x;
	struct model_counters c;
	struct phase_times t;
	char msg[MSG_LEN];
	unsigned i;
	int ret;

	for (i = 0; i < f->nargs; i++)
		args[i] = gb_range_arg(st, i);
	progress_note(f, args, gb_max_iterations(st));
	/* which parameter the curve runs along, for the plots: "x=pages" */
	if (f->row) {
		snprintf(msg, sizeof(msg), "x=%s", f->row->x);
		gb_set_label(st, msg);
	}
	x = f->xi < 0 ? 0 : args[f->xi];
	if (x >= f->failed_x) {
		budget_msg(msg, f, x);
		skip(st, msg);
		return;
	}
	scenario_budget_arm(opt.budget);
	ret = measure(st, f, args, &c, &t, msg);
	scenario_budget_disarm();
	if (scenario_over_budget()) {
		f->failed_x = x;
		budget_msg(msg, f, x);
		ret = -1;
	}
	if (ret) {
		/* the model may be mid-run: teardown frees it all the same */
		fixture_drop();
		skip(st, msg);
		return;
	}
	if (!is_component(f)) {
		publish(st, &c);
		publish_phases(st, &t, &c);
	}
	if (f->sc->publish)
		publish_component(st, f->sc);
	fixture_drop();
}

/* Google Benchmark's filter, as it applies it, to count the runs ahead. */
struct filter {
	regex_t re;
	bool negative, valid;
};

static void filter_init(struct filter *flt)
{
	const char *spec = opt.filter;

	if (!spec || !*spec || !strcmp(spec, "all"))
		spec = ".";
	flt->negative = *spec == '-';
	flt->valid = !regcomp(&flt->re, spec + flt->negative,
			      REG_EXTENDED | REG_NOSUB);
}

static bool filter_match(const struct filter *flt, const struct family *f,
			 const long *args)
{
	char name[NAME_LEN];

	point_name(f, args, name, sizeof(name));
	return flt->valid &&
	       (regexec(&flt->re, name, 0, NULL, 0) == 0) != flt->negative;
}

/* A family of sc named name (nargs parameters of it follow in each
 * point's name), with the n points pts. */
static struct family *add_family(const struct scenario *sc,
				 const struct scenario_curve *row,
				 const char *name, unsigned nargs,
				 const struct scenario_ctx *pts, int n,
				 const struct filter *flt)
{
	const char *names[SCENARIO_MAX_PARAMS];
	struct family *f = calloc(1, sizeof(*f));
	gb_bench *b;
	unsigned k;
	int i;

	if (!f)
		return NULL;
	f->next = families;
	families = f;
	f->sc = sc;
	f->row = row;
	f->nargs = nargs;
	f->xi = row ? scenario_param_index(sc, row->x) : -1;
	f->failed_x = LONG_MAX;
	snprintf(f->name, sizeof(f->name), "%s", name);
	for (k = 0; k < nargs; k++)
		names[k] = sc->params[k].name;
	b = gb_register(name, bm_scenario, f);
	if (nargs)
		gb_arg_names(b, names, nargs);
	gb_unit(b, GB_US);
	if (opt.cachesim)
		gb_iterations(b, CACHESIM_ITERATIONS);
	for (i = 0; i < n; i++) {
		if (nargs)
			gb_args(b, pts[i].p, nargs);
		if (filter_match(flt, f, pts[i].p))
			progress.total += opt.repetitions;
	}
	return f;
}

/* The configuration of generation g, or -1 with the message printed. */
static int generation_config(unsigned g, struct rmap_config *cfg)
{
	char err[MSG_LEN];

	if (!rmap_config_parse(rmap_generations[g].name, cfg, err,
			       sizeof(err)))
		return 0;
	fprintf(stderr, "rmapbench: %s\n", err);
	return -1;
}

/* The i-th word of list into spec, or false with i less its words. */
static bool nth_word(const char *list, unsigned *i, char *spec, size_t len)
{
	const char *a = list + strspn(list, " ");

	for (; *i && *a; (*i)--) {
		a += strcspn(a, " ");
		a += strspn(a, " ");
	}
	if (!*a)
		return false;
	snprintf(spec, len, "%.*s", (int)strcspn(a, " "), a);
	return true;
}

/*
 * The i-th ablation ("GEN+switch=value") sc runs into spec: the bridges
 * every model scenario runs (rmap_bridge_ablations), then its own; false
 * past the last.
 */
static bool ablation_spec(const struct scenario *sc, unsigned i, char *spec,
			  size_t len)
{
	return nth_word(rmap_bridge_ablations, &i, spec, len) ||
	       nth_word(sc->ablations ? sc->ablations : "", &i, spec, len);
}

/*
 * The i-th configuration sc runs on: the generations, then its ablations,
 * each on the same curves. 0, 1 past the last, or -1 with the message
 * printed.
 */
static int scenario_config(const struct scenario *sc, unsigned i,
			   struct rmap_config *cfg)
{
	char err[MSG_LEN], spec[64];

	if (i < rmap_nr_generations)
		return generation_config(i, cfg);
	if (!ablation_spec(sc, i - rmap_nr_generations, spec, sizeof(spec)))
		return 1;
	if (!rmap_config_parse(spec, cfg, err, sizeof(err)))
		return 0;
	fprintf(stderr, "rmapbench: %s's ablations: %s\n", sc->name, err);
	return -1;
}

/*
 * One family per generation and ablation for a curve (NULL: defaults) of
 * sc, or, for a component, one per variant.
 */
static int register_curve(const struct scenario *sc,
			  const struct scenario_curve *row,
			  const struct filter *flt)
{
	struct scenario_ctx pts[SCENARIO_MAX_POINTS];
	bool comp = sc->kind == SCENARIO_COMPONENT;
	char err[MSG_LEN], name[NAME_LEN];
	struct rmap_config cfg = { .name = "" };
	struct family *f;
	int n, ret;
	unsigned g;

	n = scenario_curve_points(sc, row, opt.quick, SEED, pts, err,
				  sizeof(err));
	if (n < 0) {
		fprintf(stderr, "rmapbench: %s\n", err);
		return -1;
	}
	for (g = 0; comp ? g < sc->nvariants : true; g++) {
		ret = comp ? 0 : scenario_config(sc, g, &cfg);
		if (ret)
			return ret < 0 ? -1 : 0;
		snprintf(name, sizeof(name), "%s/%s", sc->name,
			 comp ? sc->variants[g] : cfg.name);
		f = add_family(sc, row, name, sc->nparams, pts, n, flt);
		if (!f)
			return -1;
		f->cfg = cfg;
		f->variant = g;
	}
	return 0;
}

/* Every curve of sc, or its defaults when it has none. */
static int register_curves(const struct scenario *sc,
			   const struct filter *flt)
{
	unsigned r;
	int ret = 0;

	for (r = 0; r < sc->ncurves && !ret; r++)
		ret = register_curve(sc, &sc->curves[r], flt);
	if (!sc->ncurves)
		ret = register_curve(sc, NULL, flt);
	return ret;
}

/*
 * sc/<generation>/program:<prog>: log replayed on every generation and
 * ablation of sc.
 */
static int register_trace(const struct scenario *sc, struct strace_log *log,
			  const char *prog, const struct filter *flt)
{
	char name[NAME_LEN];
	struct scenario_ctx pt;
	struct rmap_config cfg;
	struct family *f;
	unsigned g;
	int ret;

	scenario_defaults(sc, &pt, SEED);
	for (g = 0;; g++) {
		ret = scenario_config(sc, g, &cfg);
		if (ret)
			return ret < 0 ? -1 : 0;
		snprintf(name, sizeof(name), "%s/%s/program:%s", sc->name,
			 cfg.name, prog);
		f = add_family(sc, NULL, name, 0, &pt, 1, flt);
		if (!f)
			return -1;
		f->cfg = cfg;
		f->replay.log = log;
	}
	return 0;
}

/*
 * Every log in RMAP_TRACE_DIR, named by its file less .strace.xz, at the
 * replay's defaults (its touch policy and periodic reclaim). A log is
 * loaded once; every run replays it from an empty model.
 */
static int register_traces(const struct scenario *sc,
			   const struct filter *flt)
{
	char err[MSG_LEN], prog[NAME_LEN / 2];
	int ret = 0;
	size_t i;
	glob_t gl;

	if (glob(RMAP_TRACE_DIR "/*.strace.xz", 0, NULL, &gl))
		return 0;	/* no traces: nothing to register */
	for (i = 0; i < gl.gl_pathc && !ret; i++) {
		const char *base = strrchr(gl.gl_pathv[i], '/') + 1;
		struct strace_log *log;

		if (nr_logs == sizeof(logs) / sizeof(logs[0]))
			break;
		log = strace_load(gl.gl_pathv[i], false, err, sizeof(err));
		if (!log) {
			fprintf(stderr, "rmapbench: %s\n", err);
			ret = -1;
			break;
		}
		logs[nr_logs++] = log;
		snprintf(prog, sizeof(prog), "%.*s",
			 (int)(strlen(base) - strlen(".strace.xz")), base);
		ret = register_trace(sc, log, prog, flt);
	}
	globfree(&gl);
	return ret;
}

static int register_all(void)
{
	struct filter flt;
	unsigned s;
	int ret = 0;

	filter_init(&flt);
	for (s = 0; s < nr_scenarios && !ret; s++)
		ret = scenarios[s]->kind == SCENARIO_TRACE ?
		      register_traces(scenarios[s], &flt) :
		      register_curves(scenarios[s], &flt);
	if (flt.valid)
		regfree(&flt.re);
	return ret;
}

static void cpu_model(char *buf, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512], *colon;

	snprintf(buf, len, "unknown");
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10) ||
		    !(colon = strchr(line, ':')))
			continue;
		line[strcspn(line, "\n")] = '\0';
		snprintf(buf, len, "%s", colon + 2);
		break;
	}
	if (f)
		fclose(f);
}

/* Whether an earlier scenario than sc ran ablation spec too. */
static bool ablation_seen(unsigned sc, const char *spec)
{
	char other[64];
	unsigned s, i;

	for (s = 0; s < sc; s++)
		for (i = 0; ablation_spec(scenarios[s], i, other,
					  sizeof(other)); i++)
			if (!strcmp(other, spec))
				return true;
	return false;
}

/*
 * "ablation.GEN+switch=value": the generation, the switch's two values and
 * the full configuration, once per ablation any scenario runs.
 */
static void add_ablations_context(void)
{
	char key[128], val[512], spec[64], full[384], err[MSG_LEN];
	struct rmap_ablation ab;
	struct rmap_config cfg;
	unsigned s, i;

	for (s = 0; s < nr_scenarios; s++) {
		for (i = 0; ablation_spec(scenarios[s], i, spec,
					  sizeof(spec)); i++) {
			if (ablation_seen(s, spec) ||
			    rmap_ablation_parse(spec, &ab, &cfg, err,
						sizeof(err)))
				continue;
			rmap_config_describe(&cfg, full, sizeof(full));
			snprintf(key, sizeof(key), "ablation.%s", spec);
			snprintf(val, sizeof(val), "%s (kernel %s) with %s=%s "
				 "for %s; %s", ab.gen->name, ab.gen->kernel,
				 ab.sw->name, ab.sw->values[ab.to],
				 ab.sw->values[ab.from], full);
			gb_add_context(key, val);
		}
	}
}

static void add_context(void)
{
	char key[128], val[512];
	struct utsname u;
	unsigned g;

	gb_add_context("git_revision", RMAP_GIT_REV);
	gb_add_context("build_type", RMAP_BUILD_TYPE);
	gb_add_context("compiler", COMPILER);
	if (!uname(&u)) {
		snprintf(val, sizeof(val), "%s %s %s %s", u.sysname,
			 u.release, u.version, u.machine);
		gb_add_context("kernel", val);
	}
	cpu_model(val, sizeof(val));
	gb_add_context("cpu_model", val);
	gb_add_context("mode", opt.quick ? "quick" : "full");
	host_describe(val, sizeof(val), key, sizeof(key));
	gb_add_context("cpu", val);
	gb_add_context("aslr", key);
	snprintf(val, sizeof(val), "%g", opt.budget);
	gb_add_context("budget_s", val);
	snprintf(val, sizeof(val), "%d", SEED);
	gb_add_context("seed", val);
	for (g = 0; g < rmap_nr_generations; g++) {
		const struct rmap_generation *gen = &rmap_generations[g];
		struct rmap_config cfg;
		char spec[384];

		if (generation_config(g, &cfg))
			continue;
		rmap_config_describe(&cfg, spec, sizeof(spec));
		snprintf(key, sizeof(key), "generation.%s", gen->name);
		snprintf(val, sizeof(val), "kernel %s; %s; id %u",
			 gen->kernel, spec, gen->id);
		gb_add_context(key, val);
	}
	add_ablations_context();
}

static bool prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static int unknown_flag(const char *a)
{
	fprintf(stderr, "rmapbench: unknown flag '%s': use --quick, "
		"--budget=S, --events=LIST, --cpu=N, --aslr, --cachesim or a "
		"Google Benchmark --benchmark_* flag (--help lists them)\n", a);
	return -1;
}

/*
 * Takes the harness's own flags out of argv, and notes the Google
 * Benchmark flags the progress line and the defaults depend on.
 */
static int parse_flags(int *argc, char **argv)
{
	int i, n = 1;
	char *end;

	for (i = 1; i < *argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--quick")) {
			opt.quick = true;
		} else if (!strcmp(a, "--cachesim")) {
			opt.cachesim = true;
		} else if (prefix(a, "--budget=")) {
			errno = 0;
			opt.budget = strtod(a + 9, &end);
			if (errno || end == a + 9 || *end ||
			    !(opt.budget > 0 && opt.budget < 1e6)) {
				fprintf(stderr, "rmapbench: bad budget '%s': "
					"give seconds, more than 0\n", a + 9);
				return -1;
			}
		} else if (prefix(a, "--events=")) {
			opt.events = a + 9;
			if (!*opt.events) {
				fprintf(stderr, "rmapbench: --events= is empty: "
					"name events (cycles,page-faults,...) or "
					"leave the flag out for the default set\n");
				return -1;
			}
		} else if (prefix(a, "--cpu=")) {
			opt.cpu = a + 6;
		} else if (!strcmp(a, "--aslr")) {
			/* taken before the flags: main */
		} else if (!strcmp(a, "--budget") || !strcmp(a, "--events") ||
			   !strcmp(a, "--cpu")) {
			fprintf(stderr, "rmapbench: %s needs a value: %s=...\n",
				a, a);
			return -1;
		} else {
			if (prefix(a, "--benchmark_filter="))
				opt.filter = a + 19;
			else if (prefix(a, "--benchmark_repetitions="))
				opt.repetitions = atol(a + 24) > 0 ?
						  atol(a + 24) : 1;
			else if (prefix(a, "--benchmark_min_time="))
				opt.min_time_given = true;
			else if (!strcmp(a, "--help"))
				fputs(usage, stdout);
			else if (!prefix(a, "--benchmark_") && !prefix(a, "--v="))
				return unknown_flag(a);
			argv[n++] = argv[i];
		}
	}
	*argc = n;
	argv[n] = NULL;
	return 0;
}

int main(int argc, char **argv)
{
	char err[MSG_LEN], min_time[64];
	char **gb_argv;
	int gb_argc = 0, i, ret;

	/* under callgrind an exec would leave valgrind: it places memory
	 * the same in every run without this */
	for (i = 1; i < argc && strcmp(argv[i], "--aslr") &&
	     strcmp(argv[i], "--cachesim"); i++)
		;
	host_exec_without_aslr(argv, i < argc);
	clock_gettime(CLOCK_MONOTONIC, &progress.t0);
	if (parse_flags(&argc, argv))
		return 1;
	if (host_pin(opt.cpu, err, sizeof(err))) {
		fprintf(stderr, "rmapbench: %s\n", err);
		return 1;
	}
	host_heap_setup();
	if (!opt.budget)
		opt.budget = opt.quick ? 20 : 30;
	if (opt.cachesim && cachesim_check(err, sizeof(err))) {
		fprintf(stderr, "rmapbench: %s\n", err);
		return 1;
	}
	if (pmu_parse_events(opt.events, &pmu, err, sizeof(err))) {
		fprintf(stderr, "rmapbench: %s\n", err);
		return 1;
	}
	if (register_all())
		return 1;
	add_context();
	if (opt.cachesim) {
		cachesim_attach();
	} else {
		pmu_open(&pmu);
		pmu_attach(&pmu);
	}
	gb_argv = calloc(argc + 2, sizeof(*gb_argv));
	if (!gb_argv)
		return 1;
	for (i = 0; i < argc; i++)
		gb_argv[gb_argc++] = argv[i];
	if (!opt.min_time_given) {
		snprintf(min_time, sizeof(min_time),
			 "--benchmark_min_time=%g", opt.quick ? 0.05 : 0.2);
		gb_argv[gb_argc++] = min_time;
	}
	ret = gb_main(gb_argc, gb_argv, NULL, NULL);
	pmu_close(&pmu);
	free(gb_argv);
	while (families) {
		struct family *f = families;

		families = f->next;
		free(f);
	}
	while (nr_logs)
		strace_log_free(logs[--nr_logs]);
	return ret || leaked ? 1 : 0;
}
