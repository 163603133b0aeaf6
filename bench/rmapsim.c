/*
 * rmapsim: the deterministic front end. `list` shows the generations and
 * scenarios, `check` runs the differential check, `run` runs a scenario once
 * per generation and prints its model counters, `replay` does the same for
 * a real program's strace log. Nothing here is timed: these numbers are
 * exact and the same on every machine.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/replay/replay.h"
#include "bench/scenarios/scenario.h"
#include "common/check.h"
#include "common/phase.h"
#include "common/stats.h"

#define MAX_GENS	32
/* --pages: a mem_map too small for any workload still holds page tables */
#define MIN_PAGES	32
#define MAX_PAGES	(1UL << 26)

static const char usage[] =
"usage: rmapsim list [--format text|markdown PART]\n"
"                     (PART: model, generations or schemes: the tables of\n"
"                     docs/generations.md)\n"
"       rmapsim check [--generation NAME[,NAME...]|all] [--variant anon=X,file=Y]\n"
"                     [--ops N] [--seed S] [--pages N]\n"
"                     [--switches given|random|both] [--compare-reclaim]\n"
"                     (random: every switch drawn from the seed; both: each\n"
"                     configuration as given, then with random switches;\n"
"                     --compare-reclaim: each configuration and those that\n"
"                     differ from it only in interchangeable schemes, mlock\n"
"                     off, must reclaim the same pages in the same ops)\n"
"       rmapsim run SCENARIO [--generation ...] [--variant ...] [--param k=v ...]\n"
"                     [--seed S] [--format table|json] [--pages N] [--check]\n"
"                     (--check: the differential check after setup, at\n"
"                     each quiescent point of a threaded scenario (every\n"
"                     CPU parked) and after the run)\n"
"       rmapsim replay LOG [--generation ...] [--variant ...] [--param k=v ...]\n"
"                     [--seed S] [--format table|json] [--pages N] [--check]\n"
"                     [--lenient]\n"
"                     (--pages: mem_map size instead of the workload's own)\n"
"                     (LOG: strace -f -y -qq -e trace=memory,process, plain,\n"
"                     .xz or .gz; `rmapsim list` shows the parameters)\n";

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "rmapsim: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static unsigned long parse_ulong(const char *flag, const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	if (!s)
		die("%s needs a value", flag);
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end || *s == '-') {
		char msg[128];

		snprintf(msg, sizeof(msg), "%s: bad number '%%s': give a "
			 "non-negative integer", flag);
		die(msg, s);
	}
	return v;
}

/* --generation list (or all) and --variant pairs, into cfgs[]. */
struct selection {
	struct rmap_config cfgs[MAX_GENS];
	unsigned n;
};

static void add_config(struct selection *sel, const char *spec)
{
	char err[512];

	if (sel->n == MAX_GENS)
		die("too many generations (at most %s)", "32");
	if (rmap_config_parse(spec, &sel->cfgs[sel->n], err, sizeof(err)))
		die("%s", err);
	sel->n++;
}

static void add_generations(struct selection *sel, const char *list)
{
	char buf[512], *tok, *save = NULL;
	unsigned i;

	if (!strcmp(list, "all")) {
		for (i = 0; i < rmap_nr_generations; i++)
			add_config(sel, rmap_generations[i].name);
		return;
	}
	snprintf(buf, sizeof(buf), "%s", list);
	tok = strtok_r(buf, ",", &save);
	/* an empty list: the parser's message names the generations */
	if (!tok)
		add_config(sel, list);
	for (; tok; tok = strtok_r(NULL, ",", &save))
		add_config(sel, tok);
}

static void list_switches(const char *indent, const struct rmap_switch *sw,
			  unsigned n)
{
	unsigned i, k;

	for (i = 0; i < n; i++) {
		printf("%s%s: %s (%s)\n", indent, sw[i].name, sw[i].help,
		       sw[i].source);
		for (k = 0; sw[i].values[k]; k++)
			printf("%s    %s=%-8s %s\n", indent, sw[i].name,
			       sw[i].values[k], sw[i].releases[k]);
	}
}

static void list_generations(void)
{
	struct rmap_config cfg;
	char spec[384], err[256];
	unsigned i;

	printf("generations (--generation NAME):\n");
	for (i = 0; i < rmap_nr_generations; i++) {
		const struct rmap_generation *g = &rmap_generations[i];

		if (rmap_config_parse(g->name, &cfg, err, sizeof(err)))
			die("%s", err);
		rmap_config_describe(&cfg, spec, sizeof(spec));
		printf("  %-10s %-2u %-20s %s\n  %13s %s\n", g->name, g->id,
		       g->kernel, g->desc, "", spec);
	}
}

static void list_schemes(void)
{
	unsigned i, n;
	const struct rmap_scheme *const *s = rmap_schemes(&n);

	printf("schemes (--variant anon=X[:switch=value...],file=Y[:...]"
	       "[,switch=value...]):\n");
	for (i = 0; i < n; i++) {
		printf("  %-10s %-9s %s\n", s[i]->name,
		       s[i]->sides == (RMAP_SIDE_ANON | RMAP_SIDE_FILE) ?
		       "anon+file" : s[i]->sides == RMAP_SIDE_ANON ? "anon" :
		       "file", s[i]->desc);
		list_switches("      ", s[i]->switches, s[i]->nswitches);
	}
	printf("model switches (in --variant, after the schemes):\n");
	list_switches("  ", rmap_model_switches, NR_MODEL_SWITCHES);
}

static const char *const kind_names[] = {
	[SCENARIO_MODEL] = "", [SCENARIO_TRACE] = " (rmapsim replay LOG)",
	[SCENARIO_COMPONENT] = " (rmapbench only: no model)",
};

static int cmd_list(int argc, char **argv)
{
	unsigned i, j;

	if (argc == 3 && !strcmp(argv[0], "--format") &&
	    !strcmp(argv[1], "markdown")) {
		if (rmap_registry_markdown(stdout, argv[2]))
			die("list --format markdown: no part '%s': give model, "
			    "generations or schemes", argv[2]);
		return 0;
	}
	if (argc && !(argc == 2 && !strcmp(argv[0], "--format") &&
		      !strcmp(argv[1], "text")))
		die("list: give no arguments, --format text, or --format "
		    "markdown PART (model, generations or schemes)%s", "");

	list_generations();
	list_schemes();
	printf("scenarios (rmapsim run NAME; rmapbench runs every model "
	       "scenario on the generations, on %s and on its ablations):\n",
	       rmap_bridge_ablations);
	for (i = 0; i < nr_scenarios; i++) {
		const struct scenario *sc = scenarios[i];

		printf("  %s%s: %s\n", sc->name, kind_names[sc->kind],
		       sc->desc);
		for (j = 0; j < sc->nparams; j++)
			printf("      %s=%ld  (%ld..%ld) %s\n",
			       sc->params[j].name, sc->params[j].def,
			       sc->params[j].min, sc->params[j].max,
			       sc->params[j].help);
		if (sc->ablations)
			printf("      ablations (--generation "
			       "GEN+switch=value): %s\n", sc->ablations);
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

enum { SWITCHES_GIVEN = 1, SWITCHES_RANDOM = 2 };

static int parse_switches(const char *s)
{
	if (s && !strcmp(s, "given"))
		return SWITCHES_GIVEN;
	if (s && !strcmp(s, "random"))
		return SWITCHES_RANDOM;
	if (s && !strcmp(s, "both"))
		return SWITCHES_GIVEN | SWITCHES_RANDOM;
	die("check: --switches takes given, random or both, not '%s'",
	    s ? s : "");
}

/*
 * One check run; a configuration with random switches is printed as the
 * spec that reproduces it (--variant).
 */
static int check_one(const struct rmap_config *cfg, bool random,
		     const struct check_opts *opts, unsigned long *ops,
		     unsigned long *mis)
{
	struct check_result res;
	char spec[384];
	double t0 = now();
	int r = check_run(cfg, opts, &res);

	if (r < 0)
		die("check: cannot set up a model of %s pages", "the requested");
	printf("check: %-10s %lu ops, %lu walks compared, %lu mismatches, "
	       "%lu leaks (%.1f s)\n", cfg->name, res.ops, res.walks,
	       res.mismatches, res.leaks, now() - t0);
	printf("       reached: %lu forks, %lu COW copies, %lu reuses, %lu "
	       "swap-ins, %lu reclaimed, %lu direct reclaims, %lu mlocked "
	       "met, %lu unmaps left mapped, %lu COW-shared ptes moved, "
	       "%lu procs, mapcount %lu\n", res.forks, res.cow_copies,
	       res.cow_reuses, res.swap_ins, res.reclaimed,
	       res.direct_reclaims, res.mlocked_met, res.unmap_left_mapped,
	       res.cow_shared_moved, res.max_procs, res.max_mapcount);
	if (random) {
		rmap_config_describe(cfg, spec, sizeof(spec));
		printf("       switches %s\n", spec);
	}
	*ops += res.ops;
	*mis += res.mismatches + res.leaks;
	return r;
}

/*
 * --compare-reclaim on one configuration: its group (check_reclaim_group)
 * runs the same sequence and must reclaim alike.
 */
static int compare_one(const struct rmap_config *cfg,
		       const struct check_opts *opts, unsigned long *ops,
		       unsigned long *mis)
{
	struct rmap_config group[MAX_GENS];
	unsigned n = check_reclaim_group(cfg, group, MAX_GENS), i;
	int differ;

	if (n < 2) {
		printf("check: reclaim %-10s nothing to compare with\n",
		       cfg->name);
		return 0;
	}
	differ = check_compare_reclaim(group, n, opts, stderr);
	if (differ < 0)
		die("check: cannot set up a model of %s pages", "the requested");
	printf("check: reclaim %-10s %u configurations, %s:", cfg->name, n,
	       differ ? "DIFFER" : "alike");
	for (i = 0; i < n; i++)
		printf(" %s", strchr(group[i].name, '/') ?
		       strchr(group[i].name, '/') + 1 : group[i].name);
	printf("\n");
	*ops += opts->ops * n;
	*mis += differ;
	return differ ? 1 : 0;
}

static int cmd_check(int argc, char **argv)
{
	struct selection sel = { .n = 0 };
	struct check_opts opts = { .ops = 10000, .seed = 1, .nr_pages = 4096,
				   .log = stderr };
	unsigned long total_ops = 0, total_mis = 0;
	int i, ret = 0, runs = 0, switches = SWITCHES_GIVEN | SWITCHES_RANDOM;
	bool compare = false;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--generation"))
			add_generations(&sel, argv[++i] ? argv[i] : "");
		else if (!strcmp(argv[i], "--variant"))
			add_config(&sel, argv[++i] ? argv[i] : "");
		else if (!strcmp(argv[i], "--ops"))
			opts.ops = parse_ulong("--ops", argv[++i]);
		else if (!strcmp(argv[i], "--seed"))
			opts.seed = parse_ulong("--seed", argv[++i]);
		else if (!strcmp(argv[i], "--pages"))
			opts.nr_pages = parse_ulong("--pages", argv[++i]);
		else if (!strcmp(argv[i], "--switches"))
			switches = parse_switches(argv[++i]);
		else if (!strcmp(argv[i], "--compare-reclaim"))
			compare = true;
		else
			die("check: unknown option '%s': --generation, "
			    "--variant, --ops, --seed, --pages, --switches or "
			    "--compare-reclaim", argv[i]);
	}
	if (opts.nr_pages < 256 || opts.nr_pages > MAX_PAGES)
		die("check: --pages is out of range: give 256 to 67108864%s",
		    "");
	if (!sel.n)
		add_generations(&sel, "all");
	for (i = 0; i < (int)sel.n; i++) {
		struct rmap_config cfg = sel.cfgs[i];
		struct prng rng;

		if (compare) {
			ret |= compare_one(&cfg, &opts, &total_ops, &total_mis);
			runs++;
			continue;
		}
		if (switches & SWITCHES_GIVEN) {
			ret |= check_one(&cfg, false, &opts, &total_ops,
					 &total_mis);
			runs++;
		}
		if (switches & SWITCHES_RANDOM) {
			/* a combination per seed and configuration */
			prng_seed(&rng, opts.seed * 1000003 + i);
			rmap_config_randomize(&cfg, &rng);
			ret |= check_one(&cfg, true, &opts, &total_ops,
					 &total_mis);
			runs++;
		}
	}
	printf("check: %d runs of %u configurations, %lu ops, %lu "
	       "mismatches\n", runs, sel.n, total_ops, total_mis);
	return ret ? 1 : 0;
}

struct run_result {
	const char *name;
	struct model_counters c;
	struct phase_times t;
	struct scenario_timing timed;
};

/* run --check: mismatches the quiescent points' checks found */
static unsigned long quiesce_mismatches;

static unsigned long quiesce_check(void)
{
	unsigned long bad = check_verify(stderr, "run");

	quiesce_mismatches += bad;
	return bad;
}

/* @pages: the mem_map size, or 0 for the scenario's own. */
static int run_one(const struct scenario *sc, const struct scenario_ctx *proto,
		   const struct rmap_config *cfg, unsigned long pages,
		   struct run_result *out)
{
	struct scenario_ctx ctx = *proto;
	struct counters_snapshot snap;
	struct phase_snapshot clock;
	unsigned long leaks;
	int ret;

	prng_seed(&ctx.rng, ctx.seed);
	/* its lockstat has every scenario's holds, whatever they cost */
	lock_holds_set(true);
	if (!pages)
		pages = sc->mem_pages(&ctx);
	if (model_init(cfg, pages)) {
		fprintf(stderr, "rmapsim: %s: cannot allocate a mem_map of %lu "
			"pages\n", cfg->name, pages);
		return -1;
	}
	ret = sc->setup(&ctx);
	if (!ret)
		ret = scenario_quiescent(&ctx);
	if (!ret) {
		counters_begin(&snap);
		phase_begin(&clock);
		scenario_timing_begin(&ctx.timed);
		phase_iteration_begin(true);
		ret = sc->run(&ctx);
		phase_iteration_end();
		scenario_timing_end(&ctx.timed, 1);
		phase_end(&clock, &out->t);
		counters_end(&snap, &out->c);
		out->timed = ctx.timed;
	}
	if (!ret)
		ret = scenario_quiescent(&ctx);
	if (ret)
		fprintf(stderr, "rmapsim: %s on %s failed: %s (mem_map of "
			"%lu pages)\n", sc->name, cfg->name,
			ctx.error ? ctx.error : "out of memory", pages);
	scenario_teardown_run(sc, &ctx);
	leaks = model_exit();
	if (leaks) {
		fprintf(stderr, "rmapsim: %s on %s left %lu objects behind\n",
			sc->name, cfg->name, leaks);
		ret = -1;
	}
	out->name = cfg->name;
	return ret;
}

static void print_table(const struct scenario *sc,
			const struct scenario_ctx *ctx,
			const struct run_result *r, unsigned n)
{
	unsigned i, k;

	printf("%s", sc->name);
	for (k = 0; k < sc->nparams; k++)
		printf(" %s=%ld", sc->params[k].name, ctx->p[k]);
	printf(" seed=%" PRIu64 "\n%-24s", ctx->seed, "counter");
	for (i = 0; i < n; i++)
		printf(" %14s", r[i].name);
	printf("\n");
	for (k = 0; k < NR_MODEL_COUNTERS; k++) {
		printf("%-24s", model_counter_names[k]);
		for (i = 0; i < n; i++)
			printf(model_counter_kind(k) == COUNTER_RATIO ?
			       " %14.3f" : " %14.0f", r[i].c.v[k]);
		printf("\n");
	}
	printf("time of the run (ns; measured, not exact):\n");
	for (k = 0; k < NR_PHASES; k++) {
		printf("%-24s", phase_names[k]);
		for (i = 0; i < n; i++)
			printf(" %14.0f", r[i].t.ns[k]);
		printf("\n");
	}
	printf("%-24s", "t_wall");
	for (i = 0; i < n; i++)
		printf(" %14.0f", r[i].t.wall);
	printf("\nlockstat of the run (acquisitions / contentions / wait ns "
	       "/ hold ns / longest hold ns; every CPU):\n");
	for (k = 0; k < NR_LOCK_CLASSES; k++) {
		printf("%-24s", lock_class_name[k]);
		for (i = 0; i < n; i++)
			printf(" %lu/%lu/%" PRIu64 "/%" PRIu64 "/%" PRIu64,
			       r[i].timed.acquired[k],
			       r[i].timed.locks.contended[k],
			       r[i].timed.locks.wait_ns[k],
			       r[i].timed.locks.hold_ns[k],
			       r[i].timed.locks.hold_max_ns[k]);
		printf("\n");
	}
}

static void print_json(const struct scenario *sc,
		       const struct scenario_ctx *ctx,
		       const struct run_result *r, unsigned n)
{
	unsigned i, k;

	printf("{\n  \"scenario\": \"%s\",\n  \"seed\": %" PRIu64
	       ",\n  \"params\": {", sc->name, ctx->seed);
	for (k = 0; k < sc->nparams; k++)
		printf("%s\"%s\": %ld", k ? ", " : "", sc->params[k].name,
		       ctx->p[k]);
	printf("},\n  \"results\": [\n");
	for (i = 0; i < n; i++) {
		printf("    {\"generation\": \"%s\", \"counters\": {", r[i].name);
		for (k = 0; k < NR_MODEL_COUNTERS; k++)
			printf(model_counter_kind(k) == COUNTER_RATIO ?
			       "%s\"%s\": %.6g" : "%s\"%s\": %.0f",
			       k ? ", " : "", model_counter_names[k],
			       r[i].c.v[k]);
		printf("}, \"time_ns\": {");
		for (k = 0; k < NR_PHASES; k++)
			printf("\"%s\": %.0f, ", phase_names[k], r[i].t.ns[k]);
		printf("\"t_wall\": %.0f}, \"lockstat\": {", r[i].t.wall);
		for (k = 0; k < NR_LOCK_CLASSES; k++)
			printf("%s\"%s\": [%lu, %lu, %" PRIu64 ", %" PRIu64
			       ", %" PRIu64 "]", k ? ", " : "",
			       lock_class_name[k], r[i].timed.acquired[k],
			       r[i].timed.locks.contended[k],
			       r[i].timed.locks.wait_ns[k],
			       r[i].timed.locks.hold_ns[k],
			       r[i].timed.locks.hold_max_ns[k]);
		printf("}}%s\n", i + 1 < n ? "," : "");
	}
	printf("  ]\n}\n");
}

/* Nothing is printed for a selection where any generation failed. */
static int print_results(int ret, const char *format,
			 const struct scenario *sc,
			 const struct scenario_ctx *ctx,
			 const struct run_result *r, unsigned n)
{
	if (ret)
		return ret;
	if (!strcmp(format, "json"))
		print_json(sc, ctx, r, n);
	else
		print_table(sc, ctx, r, n);
	return 0;
}

/*
 * The options run and replay share (--seed is read first, for the
 * defaults). Returns how many argv entries it used: 0 if none of them.
 */
static int scenario_option(const struct scenario *sc,
			   struct scenario_ctx *ctx, struct selection *sel,
			   const char **format, unsigned long *pages,
			   char **argv)
{
	char err[512];

	if (!strcmp(argv[0], "--generation")) {
		add_generations(sel, argv[1] ? argv[1] : "");
	} else if (!strcmp(argv[0], "--variant")) {
		add_config(sel, argv[1] ? argv[1] : "");
	} else if (!strcmp(argv[0], "--param")) {
		if (!argv[1])
			die("%s: --param needs NAME=VALUE", sc->name);
		if (scenario_set_param(sc, ctx, argv[1], err, sizeof(err)))
			die("%s", err);
	} else if (!strcmp(argv[0], "--format")) {
		*format = argv[1] ? argv[1] : "";
		if (strcmp(*format, "table") && strcmp(*format, "json"))
			die("unknown format '%s': table or json", *format);
	} else if (!strcmp(argv[0], "--pages")) {
		*pages = parse_ulong("--pages", argv[1]);
		if (*pages < MIN_PAGES || *pages > MAX_PAGES)
			die("--pages is out of range: give 32 to 67108864");
	} else if (strcmp(argv[0], "--seed")) {
		return 0;
	}
	return 2;
}

static uint64_t seed_option(int argc, char **argv)
{
	uint64_t seed = 1;
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--seed"))
			seed = parse_ulong("--seed", argv[i + 1]);
	return seed;
}

static int cmd_run(int argc, char **argv)
{
	struct selection sel = { .n = 0 };
	struct run_result results[MAX_GENS];
	const struct scenario *sc;
	struct scenario_ctx ctx;
	const char *format = "table";
	unsigned long pages = 0;
	int i, n, ret = 0;

	sc = argc < 1 ? NULL : scenario_find(argv[0]);
	if (sc && sc->kind == SCENARIO_TRACE)
		die("run: %s replays a log: rmapsim replay LOG", sc->name);
	if (sc && sc->kind == SCENARIO_COMPONENT)
		die("run: %s is a component with no model: rmapbench "
		    "--benchmark_filter='^%s/' runs it", sc->name, sc->name);
	if (!sc) {
		char list[512];
		unsigned k;
		int len = 0;

		for (k = 0; k < nr_scenarios && len < (int)sizeof(list); k++)
			if (scenarios[k]->kind == SCENARIO_MODEL)
				len += snprintf(list + len, sizeof(list) - len,
						"%s %s", len ? "," : "",
						scenarios[k]->name);
		if (argc < 1)
			die("run: name a scenario, one of%s", list);
		die("run: unknown scenario '%s': choose one of%s", argv[0],
		    list);
	}
	scenario_defaults(sc, &ctx, seed_option(argc, argv));
	for (i = 1; i < argc; i += n) {
		n = scenario_option(sc, &ctx, &sel, &format, &pages,
				    argv + i);
		if (!n && !strcmp(argv[i], "--check"))
			scenario_quiesce_check = quiesce_check;
		else if (!n)
			die("run: unknown option '%s': --generation, "
			    "--variant, --param, --seed, --format, --pages "
			    "or --check", argv[i]);
		n = n ? n : 1;
	}
	scenario_resolve(sc, &ctx);
	if (!sel.n)
		add_generations(&sel, "all");
	for (i = 0; i < (int)sel.n; i++)
		if (run_one(sc, &ctx, &sel.cfgs[i], pages, &results[i]))
			ret = 1;
	return print_results(ret, format, sc, &ctx, results, sel.n);
}

static int cmd_replay(int argc, char **argv)
{
	struct selection sel = { .n = 0 };
	struct run_result results[MAX_GENS];
	const struct scenario *sc = &trace_scenario;
	struct replay_input in = { .log = NULL };
	struct strace_log *log;
	struct scenario_ctx ctx;
	const char *format = "table";
	bool lenient = false;
	unsigned long pages = 0;
	char err[512];
	int i, n, ret = 0;

	if (argc < 1 || argv[0][0] == '-')
		die("replay: name a strace log (strace -f -y -qq -e "
		    "trace=memory,process -o LOG CMD; plain, .xz or .gz)");
	scenario_defaults(sc, &ctx, seed_option(argc, argv));
	for (i = 1; i < argc; i += n) {
		n = scenario_option(sc, &ctx, &sel, &format, &pages,
				    argv + i);
		if (!n && !strcmp(argv[i], "--check"))
			in.check = stderr;
		else if (!n && !strcmp(argv[i], "--lenient"))
			lenient = true;
		else if (!n)
			die("replay: unknown option '%s': --generation, "
			    "--variant, --param, --seed, --format, --pages, "
			    "--check or --lenient", argv[i]);
		n = n ? n : 1;
	}
	log = strace_load(argv[0], lenient, err, sizeof(err));
	if (!log)
		die("%s", err);
	in.log = log;
	if (!sel.n)
		add_generations(&sel, "all");
	strace_log_summary(log, stderr);
	ctx.priv = &in;
	for (i = 0; i < (int)sel.n; i++) {
		if (run_one(sc, &ctx, &sel.cfgs[i], pages, &results[i]))
			ret = 1;
		fprintf(stderr, "replay on %s: ", sel.cfgs[i].name);
		replay_result_print(&in.res, stderr);
		/* counters of a replay that could not fault its pages mislead */
		if (in.res.oom) {
			fprintf(stderr, "rmapsim: replay on %s ran out of "
				"memory: %lu touches found no page even after "
				"reclaim (mem_map of %lu pages); give a larger "
				"--pages or --param mem_pages\n",
				sel.cfgs[i].name, in.res.oom,
				pages ? pages : sc->mem_pages(&ctx));
			ret = 1;
		}
	}
	strace_log_free(log);
	return print_results(ret, format, sc, &ctx, results, sel.n);
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 2, argv + 2);
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 2, argv + 2);
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 2, argv + 2);
	if (!strcmp(argv[1], "replay"))
		return cmd_replay(argc - 2, argv + 2);
	die("unknown command '%s': list, check, run or replay", argv[1]);
	return 2;
}
