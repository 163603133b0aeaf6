/*
 * Where each generation's time went (common/phase.h): for a scenario whose
 * question is about a phase (struct scenario's .phases), one bar per
 * generation at the scenario's phase point, stacked by phase (fork, fault,
 * zap, mmap, reclaim, and the workload's own code), drawn by
 * plots/phases.gp as <scenario>_phases.svg, and the same numbers as a
 * table in RESULTS.md. pte_chain paid at fork, fault and exit; object
 * rmap at mmap and reclaim: a bar shows which.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/scenarios/scenario.h"
#include "common/phase.h"
#include "common/rmap.h"
#include "plots/results.h"

static const char *const phase_titles[NR_PHASES] = {
	[PHASE_NONE] = "other",
	[PHASE_FORK] = "fork",
	[PHASE_FAULT] = "fault",
	[PHASE_ZAP] = "zap",
	[PHASE_MMAP] = "mmap",
	[PHASE_RECLAIM] = "reclaim",
};

bool phase_counter(const char *name)
{
	unsigned k;

	for (k = 0; k < NR_PHASES; k++)
		if (!strcmp(name, phase_names[k]))
			return true;
	return !strcmp(name, "t_covered");
}

/* The bars' order: the phases first, the workload's own time last. */
static const enum phase bar_order[NR_PHASES] = {
	PHASE_FORK, PHASE_FAULT, PHASE_ZAP, PHASE_MMAP, PHASE_RECLAIM,
	PHASE_NONE,
};

/* A generation's run (not an ablation's) that finished with phase times. */
static bool phased(const struct results *r, const struct run *run)
{
	int k = counter_index(r, phase_names[PHASE_FORK]);

	return !run->error && rmap_find_generation(run->gen) && k >= 0 &&
	       isfinite(run->c[k]);
}

/*
 * The phase point of the scenario's runs [from, to) (sorted by parameters,
 * then generation): the parameter set where the most generations finished,
 * the longest-running among those. -1 when none has phase times.
 */
static int phase_point(const struct results *r, unsigned from, unsigned to)
{
	unsigned i, j, n, best_n = 0;
	double t, best_t = 0;
	int best = -1;

	for (i = from; i < to; i = j) {
		n = 0;
		t = 0;
		for (j = i; j < to && !cmp_params(&r->run[i], &r->run[j], -1);
		     j++) {
			if (!phased(r, &r->run[j]))
				continue;
			n++;
			t = fmax(t, r->run[j].median);
		}
		if (n > best_n || (n == best_n && n && t > best_t)) {
			best = i;
			best_n = n;
			best_t = t;
		}
	}
	return best_n >= 1 ? best : -1;
}

static unsigned point_end(const struct results *r, unsigned i, unsigned to)
{
	unsigned j = i + 1;

	while (j < to && !cmp_params(&r->run[i], &r->run[j], -1))
		j++;
	return j;
}

static double phase_ns(const struct results *r, const struct run *run,
		       enum phase p)
{
	return run->c[counter_index(r, phase_names[p])];
}

/* The scenario's runs: [*from, *to) of r. False when it has none. */
static bool scenario_runs(const struct results *r, const char *name,
			  unsigned *from, unsigned *to)
{
	unsigned i = 0;

	while (i < r->nrun && strcmp(r->run[i].scenario, name))
		i++;
	*from = i;
	while (i < r->nrun && !strcmp(r->run[i].scenario, name))
		i++;
	*to = i;
	return *to > *from;
}

static void write_phase_files(const char *dir, const struct results *r,
			      const struct scenario *sc, unsigned i,
			      unsigned end)
{
	static const char *const unit[] = { "ns", "µs", "ms", "s" };
	double top = 0, scale = 1;
	struct outfile o;
	char *path, params[256];
	unsigned j, k, u = 0;

	for (j = i; j < end; j++)
		if (phased(r, &r->run[j]))
			top = fmax(top, r->run[j].median);
	while (u < 3 && top / scale >= 1000) {
		scale *= 1000;
		u++;
	}
	if (asprintf(&path, "%s/%s_phases.dat", dir, sc->name) < 0)
		die("out of memory");
	out_open(&o, path);
	fprintf(o.f, "# figure %s_phases: time per iteration by phase (%s)\n"
		"generation", sc->name, unit[u]);
	for (k = 0; k < NR_PHASES; k++)
		fprintf(o.f, " %s", phase_titles[bar_order[k]]);
	fputc('\n', o.f);
	for (j = i; j < end; j++) {
		if (!phased(r, &r->run[j]))
			continue;
		fprintf(o.f, "%s", r->run[j].gen);
		for (k = 0; k < NR_PHASES; k++)
			fprintf(o.f, " %.6g",
				phase_ns(r, &r->run[j], bar_order[k]) / scale);
		fputc('\n', o.f);
	}
	out_commit(&o);
	free(path);
	if (asprintf(&path, "%s/%s_phases.inc.gp", dir, sc->name) < 0)
		die("out of memory");
	out_open(&o, path);
	fmt_params(params, sizeof(params), &r->run[i]);
	fprintf(o.f, "# figure %s_phases, written by rmapreport from %s\n"
		"kind = \"phases\"\nftitle = \"%s: where the time went\"\n"
		"fixed = \"%s\"\ntunit = \"%s\"\nnphases = %d\n", sc->name,
		r->path, sc->name, params, unit[u], NR_PHASES);
	out_commit(&o);
	free(path);
}

bool write_phase_figure(const char *dir, const struct results *r,
			const struct scenario *sc)
{
	unsigned from, to;
	int i;

	if (!sc->phases || !scenario_runs(r, sc->name, &from, &to))
		return false;
	i = phase_point(r, from, to);
	if (i < 0)
		return false;
	write_phase_files(dir, r, sc, i, point_end(r, i, to));
	return true;
}

void report_phases(FILE *f, const struct results *r, const char *name,
		   const char *figdir)
{
	const struct scenario *sc = scenario_find(name);
	char a[32], params[256];
	unsigned from, to, j, k;
	int i;

	if (!sc || !sc->phases || !scenario_runs(r, name, &from, &to))
		return;
	i = phase_point(r, from, to);
	if (i < 0)
		return;
	fmt_params(params, sizeof(params), &r->run[i]);
	fprintf(f, "Where the time went at %s (medians per iteration; "
		"t_covered: the share of the measured time the model's phases "
		"account for):\n\n![%s_phases](%s/%s_phases.svg)\n\n"
		"| generation |", params, name, figdir, name);
	for (k = 0; k < NR_PHASES; k++)
		fprintf(f, " %s |", phase_titles[bar_order[k]]);
	fputs(" t_covered |\n|---|", f);
	for (k = 0; k <= NR_PHASES; k++)
		fputs("---:|", f);
	fputc('\n', f);
	for (j = i; j < point_end(r, i, to); j++) {
		const struct run *run = &r->run[j];
		int cov = counter_index(r, "t_covered");

		if (!phased(r, run))
			continue;
		fprintf(f, "| %s |", run->gen);
		for (k = 0; k < NR_PHASES; k++)
			fprintf(f, " %s |", fmt_time(a, phase_ns(r, run,
							       bar_order[k])));
		if (cov < 0 || !isfinite(run->c[cov]))
			fputs(" – |\n", f);
		else
			fprintf(f, " %.0f%% |\n", 100 * run->c[cov]);
	}
	fputc('\n', f);
}
