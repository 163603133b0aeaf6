/*
 * RESULTS.md: the findings, how to read the tables, the machine and the
 * software, the runs over budget, then per scenario its text, figures and
 * table of every run.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/scenarios/scenario.h"
#include "common/stats.h"
#include "plots/results.h"

static const char *baseline_of(const struct run *group, unsigned n)
{
	const struct scenario *sc = scenario_find(group[0].scenario);
	unsigned i;

	for (i = 0; sc && sc->baseline && i < n; i++)
		if (!group[i].error && !strcmp(group[i].gen, sc->baseline))
			return group[i].gen;
	for (i = 0; i < n; i++)
		if (!group[i].error && !is_ablation(group[i].gen))
			return group[i].gen;
	return NULL;
}

static const struct run *find_gen(const struct run *group, unsigned n,
				  const char *gen)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strcmp(group[i].gen, gen))
			return &group[i];
	return NULL;
}

unsigned group_end(const struct results *r, unsigned i)
{
	unsigned j = i + 1;

	while (j < r->nrun && !strcmp(r->run[j].scenario, r->run[i].scenario) &&
	       !cmp_params(&r->run[i], &r->run[j], -1))
		j++;
	return j;
}

static bool counter_measured(const struct results *r, unsigned from,
			     unsigned to, unsigned k)
{
	unsigned i;

	for (i = from; i < to; i++)
		if (!r->run[i].error && isfinite(r->run[i].c[k]))
			return true;
	return false;
}

/* The counter columns of a scenario's table. */
static unsigned table_counters(const struct results *r, unsigned from,
			       unsigned to, int *cols)
{
	const struct scenario *sc = scenario_find(r->run[from].scenario);
	static const int common[] = {
		MC_WALKS, MC_NODES_PER_WALK, MC_CONFIRMED_PER_CANDIDATE,
		MC_RMAP_BYTES_PEAK,
	};
	char extra[128], *tok, *save = NULL;
	unsigned i, n = 0;
	int k;

	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		cols[n++] = common[i];
	snprintf(extra, sizeof(extra), "%s",
		 sc && sc->extra ? sc->extra : "");
	for (tok = strtok_r(extra, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		k = counter_index(r, tok);
		if (k >= 0)
			cols[n++] = k;
	}
	/* the phase times are the phase table's, where there is one */
	for (i = 0; i < r->ncounter && n < MAX_COUNTERS; i++)
		if (i >= NR_MODEL_COUNTERS && counter_measured(r, from, to, i) &&
		    !(sc && sc->phases && phase_counter(r->counter[i])))
			cols[n++] = i;
	return n;
}

static const char *col_title(const struct results *r, int k)
{
	if (k == MC_NODES_PER_WALK)
		return "nodes/walk";
	if (k == MC_CONFIRMED_PER_CANDIDATE)
		return "confirmed/candidates";
	return r->counter[k];
}

/* The repetitions' coefficient of variation: stddev over mean. */
static double rep_cv(const struct run *run)
{
	double mean = 0, var = 0;
	unsigned i;

	for (i = 0; i < run->nrep; i++)
		mean += run->rep[i].t / run->nrep;
	for (i = 0; i < run->nrep; i++)
		var += (run->rep[i].t - mean) * (run->rep[i].t - mean) /
		       (run->nrep - 1);
	return mean > 0 ? sqrt(var) / mean : NAN;
}

/* The spread cell: min - max (reps), and the cv, bold above CV_FLAG. */
#define CV_FLAG		0.05

static void spread_cell(FILE *f, const struct run *run)
{
	char a[64], b[64];
	double cv;

	if (!run->spread_known) {
		fputs("n/a (aggregates only) | ", f);
		return;
	}
	fprintf(f, "%s – %s (%u)", fmt_time(a, run->min),
		fmt_time(b, run->max), run->nrep);
	cv = run->nrep > 1 ? rep_cv(run) : NAN;
	if (isfinite(cv))
		fprintf(f, cv > CV_FLAG ? ", **cv %.1f%%**" : ", cv %.1f%%",
			100 * cv);
	fputs(" | ", f);
}

static void table_row(FILE *f, const struct run *run, const struct run *base,
		      const int *cols, unsigned ncol)
{
	char params[256], a[64];
	unsigned i;

	fmt_params(params, sizeof(params), run);
	fprintf(f, "| %s | %s | ", params[0] ? params : "-", run->gen);
	if (run->error) {
		fprintf(f, "not run: %s | – | – |", run->error);
		for (i = 0; i < ncol; i++)
			fputs(" – |", f);
		fputc('\n', f);
		return;
	}
	fprintf(f, "%s | ", fmt_time(a, run->median));
	spread_cell(f, run);
	if (base == run)
		fputs("1 (baseline) |", f);
	else
		fprintf(f, "%s |", fmt_ratio(a, base ?
			ratio(run->median, base->median) : NAN));
	for (i = 0; i < ncol; i++)
		fprintf(f, " %s |", fmt_count(a, run->c[cols[i]]));
	fputc('\n', f);
}

static void scenario_table(FILE *f, const struct results *r, unsigned from,
			   unsigned to)
{
	int cols[MAX_COUNTERS];
	unsigned i, j, k, ncol = table_counters(r, from, to, cols);

	fputs("| parameters | generation | median | min – max (reps), cv | "
	      "× baseline |", f);
	for (i = 0; i < ncol; i++)
		fprintf(f, " %s |", col_title(r, cols[i]));
	fputs("\n|---|---|---:|---:|---:|", f);
	for (i = 0; i < ncol; i++)
		fputs("---:|", f);
	fputc('\n', f);
	for (i = from; i < to; i = j) {
		const char *base;

		j = group_end(r, i);
		base = baseline_of(&r->run[i], j - i);
		for (k = i; k < j; k++)
			table_row(f, &r->run[k], base ?
				  find_gen(&r->run[i], j - i, base) : NULL,
				  cols, ncol);
	}
}

/* Markdown table cells: a '|' in a value would end the cell. */
static void md_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s == '\n' ? ' ' : *s, f);
	}
}

static void md_json(FILE *f, const json_t *v)
{
	const json_t *e;
	size_t i;

	if (json_is_string(v)) {
		md_text(f, json_string_value(v));
	} else if (json_is_integer(v)) {
		fprintf(f, "%lld", (long long)json_integer_value(v));
	} else if (json_is_real(v)) {
		fprintf(f, "%g", json_real_value(v));
	} else if (json_is_boolean(v)) {
		fputs(json_is_true(v) ? "yes" : "no", f);
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e) {
			if (i)
				fputs(", ", f);
			md_json(f, e);
		}
	} else {
		fputs("–", f);
	}
}

static void md_caches(FILE *f, const json_t *caches)
{
	const json_t *c;
	size_t i;

	json_array_foreach(caches, i, c) {
		double kib = json_number_value(json_object_get(c, "size")) /
			     1024;
		double shared = json_number_value(json_object_get(c,
							"num_sharing"));

		fprintf(f, "%sL%lld %s %g %s%s", i ? ", " : "",
			(long long)json_integer_value(json_object_get(c,
								      "level")),
			str_of(c, "type") ? str_of(c, "type") : "?",
			kib >= 1024 ? kib / 1024 : kib,
			kib >= 1024 ? "MiB" : "KiB",
			shared > 1 ? " (shared)" : "");
	}
}

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int cmp_gen_key(const void *a, const void *b)
{
	return cmp_gen(strchr(*(const char *const *)a, '.') + 1,
		       strchr(*(const char *const *)b, '.') + 1);
}

/*
 * The context's "PREFIX.NAME" descriptions as a table, in historical
 * order: the generations, then the ablations.
 */
static void report_configs(FILE *f, const struct results *r,
			   const char *prefix, const char *title)
{
	const char **keys = xmalloc(json_object_size(r->context) *
				    sizeof(*keys) + 1);
	size_t skip = strlen(prefix);
	unsigned i, n = 0;
	const char *key;
	json_t *v;

	json_object_foreach(r->context, key, v)
		if (has_prefix(key, prefix))
			keys[n++] = key;
	qsort(keys, n, sizeof(*keys), cmp_gen_key);
	if (n)
		fprintf(f, "## %s\n\n| %.*s | what it ran |\n|---|---|\n",
			title, (int)skip - 1, prefix);
	for (i = 0; i < n; i++) {
		fprintf(f, "| %s | ", keys[i] + skip);
		md_json(f, json_object_get(r->context, keys[i]));
		fputs(" |\n", f);
	}
	if (n)
		fputs("\n", f);
	free(keys);
}

static void report_context(FILE *f, const struct results *r)
{
	const char *key, *mode = str_of(r->context, "mode");
	const char *command = str_of(r->context, "command");
	bool any = false;
	json_t *v;

	fputs("## Machine and software\n\n| | |\n|---|---|\n", f);
	json_object_foreach(r->context, key, v) {
		if (has_prefix(key, "pmu.") || has_prefix(key, "generation.") ||
		    has_prefix(key, "ablation."))
			continue;
		fprintf(f, "| %s | ", key);
		if (!strcmp(key, "caches") && json_is_array(v))
			md_caches(f, v);
		else
			md_json(f, v);
		fputs(" |\n", f);
	}
	fputs("\n## Reproduce\n\n```\n", f);
	if (command)
		fprintf(f, "%s\n", command);
	else
		fprintf(f, "make bench%s\n", mode && !strcmp(mode, "quick") ?
			" QUICK=1" : "");
	fputs("make plots    # figures and this file from "
	      "results/latest.json, without rerunning\n```\n\n", f);
	fputs("## Hardware events\n\n", f);
	json_object_foreach(r->context, key, v) {
		if (!has_prefix(key, "pmu."))
			continue;
		if (!any)
			fputs("| event | status |\n|---|---|\n", f);
		any = true;
		fprintf(f, "| %s | ", key + 4);
		md_json(f, v);
		fputs(" |\n", f);
	}
	if (!any)
		fputs("The run recorded no hardware event status.\n", f);
	fputs("\n", f);
	report_configs(f, r, "generation.", "Generations");
	report_configs(f, r, "ablation.", "Ablations");
}

static void report_budget(FILE *f, const struct results *r)
{
	unsigned i, n = 0;

	fputs("## Not run\n\nOver budget, or skipped with the reason the "
	      "harness gave.\n\n", f);
	for (i = 0; i < r->nrun; i++) {
		if (!r->run[i].error)
			continue;
		fprintf(f, "- `%s`: %s\n", r->run[i].name, r->run[i].error);
		n++;
	}
	fprintf(f, "%s\n", n ? "\nThese runs are in the tables as not run "
	       "and are not drawn." : "Every run finished within its "
	       "budget.");
	fputs("\n", f);
}

/* The run of the group with the largest (smallest) value of counter k, or
 * of the time for k < 0; a skipped run, an ablation (its findings are its
 * own), and zero when positive, excluded, and for nodes per walk a run that
 * made no walk (2.4). */
static const struct run *extreme(const struct run *g, unsigned n, int k,
				 const struct run *skip, bool max,
				 bool positive)
{
	const struct run *best = NULL;
	unsigned i;

	for (i = 0; i < n; i++) {
		double v = k < 0 ? g[i].median : g[i].c[k];

		if (g[i].error || &g[i] == skip || !isfinite(v) ||
		    is_ablation(g[i].gen) ||
		    (positive && v <= 0) ||
		    (k == MC_NODES_PER_WALK && !g[i].c[MC_WALKS]))
			continue;
		if (!best || (max ? v > (k < 0 ? best->median : best->c[k]) :
				    v < (k < 0 ? best->median : best->c[k])))
			best = &g[i];
	}
	return best;
}

/*
 * " (they differ in N rules: ...)": two generations differ in several rules
 * at once, so a sentence comparing them names every one and credits none.
 */
static void differences(FILE *f, const struct run *a, const struct run *b)
{
	char diff[1024];
	int n = config_diff(b->gen, a->gen, diff, sizeof(diff));

	if (n > 0)
		fprintf(f, "; %s differs from %s in %d rule%s: %s", a->gen,
			b->gen, n, n > 1 ? "s" : "", diff);
}

/* Sentences about one table group; every number is in that group's rows. */
static void finding(FILE *f, const struct run *g, unsigned n)
{
	const struct scenario *sc = scenario_find(g->scenario);
	const char *basegen = baseline_of(g, n);
	const struct run *base = basegen ? find_gen(g, n, basegen) : NULL;
	const struct run *slow = extreme(g, n, -1, base, true, false);
	const struct run *fast = extreme(g, n, -1, base, false, false);
	int nw = MC_NODES_PER_WALK, mb = MC_RMAP_BYTES_PEAK;
	char params[256], a[64], b[64], c[64];
	const struct run *hi, *lo;

	fmt_params(params, sizeof(params), g);
	fprintf(f, "- [%s](#%s) (%s):", g->scenario, g->scenario, params);
	if (base && slow) {
		fprintf(f, " %s took %s the time of %s (%s against %s",
			slow->gen, fmt_ratio(a, ratio(slow->median,
						      base->median)),
			base->gen, fmt_time(b, slow->median),
			fmt_time(c, base->median));
		differences(f, slow, base);
		fputs(")", f);
		if (fast != slow) {
			fprintf(f, ", %s %s (%s", fast->gen,
				fmt_ratio(a, ratio(fast->median, base->median)),
				fmt_time(b, fast->median));
			differences(f, fast, base);
			fputs(")", f);
		}
		fputs(".", f);
	}
	hi = extreme(g, n, nw, NULL, true, false);
	lo = extreme(g, n, nw, NULL, false, false);
	if (hi && lo && hi->c[nw] > lo->c[nw])
		fprintf(f, " Per walk, %s visited %s nodes and %s %s.", hi->gen,
			fmt_count(a, hi->c[nw]), lo->gen,
			fmt_count(b, lo->c[nw]));
	/* 2.4 made no walk: what its page-table clock read instead */
	hi = extreme(g, n, MC_PTES_SCANNED, NULL, true, true);
	if (hi) {
		fprintf(f, " %s's swap_out read %s ptes", hi->gen,
			fmt_count(a, hi->c[MC_PTES_SCANNED]));
		if (hi->c[MC_RECLAIMED] > 0)
			fprintf(f, " (%s per page freed)",
				fmt_count(b, hi->c[MC_PTES_SCANNED_PER_FREED]));
		fputs(".", f);
	}
	/* a generation without rmap metadata (scan) says nothing here */
	hi = extreme(g, n, mb, NULL, true, true);
	lo = extreme(g, n, mb, NULL, false, true);
	if (sc && sc->memory && hi && lo && hi->c[mb] > lo->c[mb])
		fprintf(f, " rmap metadata peaked at %s bytes under %s against "
			"%s under %s.", fmt_count(a, hi->c[mb]), hi->gen,
			fmt_count(b, lo->c[mb]), lo->gen);
	fputs("\n", f);
}

/*
 * The group a scenario's finding is about: on its figure's curves, the
 * largest x where at least two generations were measured; without a
 * figure, the last such group.
 */
static unsigned headline(const struct results *r, unsigned from, unsigned to,
			 const struct series *s)
{
	unsigned i, j, k, measured, best = to;
	double bestx = -INFINITY;

	for (i = from; i < to; i = j) {
		j = group_end(r, i);
		for (measured = 0, k = i; k < j; k++)
			measured += !r->run[k].error;
		if (measured < 2)
			continue;
		if (!s) {
			best = i;
			continue;
		}
		for (k = 0; k < s->n; k++)
			if (s->pt[k] == &r->run[i] && s->x[k] > bestx) {
				bestx = s->x[k];
				best = i;
			}
	}
	return best;
}

unsigned scenario_end(const struct results *r, unsigned i)
{
	unsigned j = i;

	while (j < r->nrun && !strcmp(r->run[j].scenario, r->run[i].scenario))
		j++;
	return j;
}

bool figure_pinned(const struct scenario_figure *fig, const struct run *run)
{
	const char *colon = fig->pin ? strchr(fig->pin, ':') : NULL;
	unsigned i;

	if (!colon)
		return true;
	for (i = 0; i < run->np; i++)
		if (!strncmp(run->pname[i], fig->pin, colon - fig->pin) &&
		    !run->pname[i][colon - fig->pin])
			return !strcmp(run->pstr[i], colon + 1);
	return false;
}

const struct scenario_figure *main_figure(const struct scenario *sc)
{
	unsigned k;

	for (k = 0; sc && k < sc->nfigures; k++)
		if (!sc->figures[k].with && !sc->figures[k].xval)
			return &sc->figures[k];
	return NULL;
}

/*
 * The findings that attribute: runs one rule apart, each naming the rule,
 * its two values and their releases, the ratio and its interval.
 */
static void report_ablations(FILE *f, const struct results *r,
			     const char *figdir)
{
	struct comparison *c;
	unsigned i, n = comparisons(r, &c);

	fputs("### One rule at a time\n\nEach finding compares two runs at "
	      "one point that differ in exactly one rule: an ablation "
	      "(GEN+switch=value, generation GEN with that one switch "
	      "changed) against GEN, or two generations whose only "
	      "difference is one scheme. The point is the scenario's largest "
	      "where the "
	      "most of its comparisons finished. The ratio is of time per "
	      "iteration, the geometric means of the repetitions, with a 95% "
	      "confidence interval (Welch's t-interval on the log times); "
	      "the counters named are the model counters that moved the "
	      "most.\n\n", f);
	if (any_compared(c, n))
		fprintf(f, "![ablations](%s/ablations.svg)\n\n", figdir);
	for (i = 0; i < n; i++)
		comparison_finding(f, r, &c[i]);
	if (!n)
		fputs("This run has no ablation and no two generations one "
		      "scheme apart.\n", f);
	fputs("\n", f);
	free(c);
}

static void report_findings(FILE *f, const struct results *r,
			    const char *figdir)
{
	const struct scenario_figure *fig;
	const struct scenario *sc;
	struct series s;
	unsigned i, j, h;
	bool have;

	fputs("## Findings\n\n", f);
	report_ablations(f, r, figdir);
	fputs("### Generations side by side\n\nAt the largest size where at "
	      "least two generations finished, for each scenario; the numbers "
	      "are those of the tables below. Generations differ in many "
	      "rules at once: each comparison lists every rule in which the "
	      "two differ (from the registry) and credits none of them with "
	      "the difference; the findings above attribute.\n\n", f);
	for (i = 0; i < r->nrun; i = j) {
		j = scenario_end(r, i);
		sc = scenario_find(r->run[i].scenario);
		fig = main_figure(sc);
		have = fig && build_series(r, sc, fig, &s);
		h = headline(r, i, j, have ? &s : NULL);
		if (h == j && have)
			h = headline(r, i, j, NULL);
		if (h < j)
			finding(f, &r->run[h], group_end(r, h) - h);
		if (fig)
			free_series(&s);
	}
	fputs("\n", f);
}

/*
 * The figures of scenario name that have a curve: those it declares and
 * those of other scenarios drawn with it, in registry order.
 */
static void report_figures(FILE *f, const struct results *r,
			   const char *name, const char *figdir)
{
	const struct scenario_figure *fig;
	struct series s;
	unsigned i, k;

	for (i = 0; i < nr_scenarios; i++) {
		for (k = 0; k < scenarios[i]->nfigures; k++) {
			fig = &scenarios[i]->figures[k];
			if (strcmp(scenarios[i]->name, name) &&
			    (!fig->with || strcmp(fig->with, name)))
				continue;
			if (build_series(r, scenarios[i], fig, &s))
				fprintf(f, "![%s](%s/%s.svg)\n\n", fig->name,
					figdir, fig->name);
			free_series(&s);
		}
	}
}

static void report_scenario(FILE *f, const struct results *r, unsigned from,
			    unsigned to, const char *figdir)
{
	const char *name = r->run[from].scenario;
	const struct scenario *sc = scenario_find(name);

	fprintf(f, "## %s\n\n", name);
	if (sc && sc->desc)
		fprintf(f, "%s\n\n", sc->desc);
	if (sc && sc->question)
		fprintf(f, "**Question.** %s\n\n", sc->question);
	if (sc && sc->baseline)
		fprintf(f, "Baseline: %s; where it did not finish, the first "
			"generation measured in the group.\n\n", sc->baseline);
	report_figures(f, r, name, figdir);
	report_phases(f, r, name, figdir);
	scenario_table(f, r, from, to);
	fputs("\n", f);
}

static void write_report(FILE *f, const struct results *r, const char *figdir,
			 const char *cachesim)
{
	unsigned i, j;

	fprintf(f, "# rmapbench results\n\nGenerated by `rmapreport report` "
		"from `%s`; `make plots` regenerates this file and the figures "
		"without rerunning the benchmarks. Every number comes from that "
		"file.\n\n", r->path);
	report_findings(f, r, figdir);
	report_scaling(f, r);
	fputs("## Reading the tables\n\nTimes are real time per iteration: the "
	      "median over the repetitions, their min – max and count, and "
	      "their cv (standard deviation over mean; in bold above 5%: a "
	      "ratio from such a row needs its interval). "
	      "× baseline is the median over the baseline generation's median "
	      "in the same row group, printed only when both were measured. "
	      "Counters are those the harness published: the model's exact "
	      "counts per iteration (walks, nodes visited), its peaks for the "
	      "whole instance (*_peak: rmap metadata bytes and objects), and "
	      "any hardware event that was counted, per iteration. "
	      "nodes/walk = nodes / walks and confirmed/candidates = "
	      "confirmed mappings / candidates, the walk's efficiency, are "
	      "the harness's ratios per repetition (0 without a walk) and "
	      "their median; – means not measured. README.md defines every "
	      "counter. A row named GEN+switch=value is an ablation: "
	      "generation GEN with that one switch changed.\n\n"
	      "## What the model runs\n\nThe generations differ in their "
	      "rmap; the rest of the kernel is one model with the era's rules "
	      "where they changed (the model switches under Generations). "
	      "Reclaim is 2.6's classic two-list LRU (active and inactive "
	      "lists, refill_inactive_zone gated by reclaim_mapped, "
	      "shrink_list) for every generation from 2.5 on: 2.6.28's split "
	      "LRU and 6.1's multi-generational LRU are not modelled, so "
	      "reclaim counts compare rmap under one page-replacement policy. "
	      "2.4 (scan) runs 2.4.27's own reclaim: shrink_cache and "
	      "swap_out's clock over every process's page tables, which "
	      "never looks up a page's mappings, so its cost is ptes_scanned, "
	      "and each aging pass of a scenario is one turn of that clock. "
	      "Lazy fork is 2.6.14's (fork=lazy), not anon_vma_chain's. Pages "
	      "are order 0 (no huge pages or large folios). One CPU runs "
	      "every scenario but those with a cpus parameter, whose "
	      "CPUs are threads of the model (docs/threads.md).\n\n", f);
	report_context(f, r);
	report_budget(f, r);
	for (i = 0; i < r->nrun; i = j) {
		j = scenario_end(r, i);
		report_scenario(f, r, i, j, figdir);
	}
	if (cachesim)
		report_cachesim(f, cachesim, figdir);
}

int cmd_report(const char *json, const char *figdir, const char *out,
	       const char *cachesim)
{
	struct results r;
	struct outfile o;

	load(&r, json);
	if (!out) {
		write_report(stdout, &r, figdir, cachesim);
		if (fflush(stdout) || ferror(stdout))
			die("cannot write the report: %s", strerror(errno));
	} else {
		out_open(&o, out);
		write_report(o.f, &r, figdir, cachesim);
		out_commit(&o);
	}
	unload(&r);
	return 0;
}

