/*
 * RESULTS.md's scalability section: for each scenario that runs on T CPUs
 * (a "cpus" parameter), one table per setting of its other parameters:
 * its throughput (the first "*_per_s" counter it publishes) per
 * generation at each T, the ratio of the most CPUs to one, and the lock
 * class each generation waited on most there (the largest "wait_<class>"
 * share of its CPUs' time); then each class's wait share there, beside the
 * share of the time it was held ("hold_<class>") where the run timed holds.
 */
#include <math.h>
#include <string.h>

#include "plots/results.h"

#define MAX_T		16
#define MAX_GENS	64

/* The scenario's throughput: a "*_per_s" counter its first run measured */
static int throughput_counter(const struct results *r, const struct run *run)
{
	unsigned k;
	size_t n;

	for (k = 0; k < r->ncounter; k++) {
		n = strlen(r->counter[k]);
		if (n > 6 && !strcmp(r->counter[k] + n - 6, "_per_s") &&
		    isfinite(run->c[k]))
			return k;
	}
	return -1;
}

/* The wait_<class> counter with the largest share, or -1 when none waited. */
static int most_waited(const struct results *r, const struct run *run)
{
	int best = -1;
	unsigned k;

	for (k = 0; k < r->ncounter; k++)
		if (!strncmp(r->counter[k], "wait_", 5) &&
		    strcmp(r->counter[k], "wait_all") &&
		    isfinite(run->c[k]) && run->c[k] > 0 &&
		    (best < 0 || run->c[k] > run->c[best]))
			best = k;
	return best;
}

/* Runs of one table: the same parameters but cpus as rep's. */
static bool in_table(const struct run *run, const struct run *rep)
{
	return !cmp_params(run, rep, param_index(rep, "cpus"));
}

static const struct run *find_point(const struct results *r, unsigned from,
				    unsigned to, const struct run *rep,
				    const char *gen, double t)
{
	unsigned i;

	for (i = from; i < to; i++)
		if (!r->run[i].error && !strcmp(r->run[i].gen, gen) &&
		    param(&r->run[i], "cpus") == t &&
		    in_table(&r->run[i], rep))
			return &r->run[i];
	return NULL;
}

/* The table's distinct T, ascending, and its generations in run order. */
static void axes(const struct results *r, unsigned from, unsigned to,
		 const struct run *rep, double *t, unsigned *nt,
		 const char **gen, unsigned *ng)
{
	unsigned i, k;
	double v;

	*nt = *ng = 0;
	for (i = from; i < to; i++) {
		if (!in_table(&r->run[i], rep))
			continue;
		v = param(&r->run[i], "cpus");
		for (k = 0; k < *nt && t[k] != v; k++)
			;
		if (k == *nt && *nt < MAX_T) {
			for (k = (*nt)++; k > 0 && t[k - 1] > v; k--)
				t[k] = t[k - 1];
			t[k] = v;
		}
		for (k = 0; k < *ng && strcmp(gen[k], r->run[i].gen); k++)
			;
		if (k == *ng && *ng < MAX_GENS)
			gen[(*ng)++] = r->run[i].gen;
	}
}

static void scaling_row(FILE *f, const struct results *r, unsigned from,
			unsigned to, const struct run *rep, const char *gen,
			const double *t, unsigned nt, int tk)
{
	const struct run *one = find_point(r, from, to, rep, gen, t[0]);
	const struct run *top = find_point(r, from, to, rep, gen, t[nt - 1]);
	const struct run *p;
	char buf[64];
	unsigned k;
	int w;

	fprintf(f, "| %s |", gen);
	for (k = 0; k < nt; k++) {
		p = find_point(r, from, to, rep, gen, t[k]);
		fprintf(f, " %s |", p ? fmt_count(buf, p->c[tk]) : "–");
	}
	if (one && top && one->c[tk] > 0)
		fprintf(f, " %s |", fmt_ratio(buf, top->c[tk] / one->c[tk]));
	else
		fputs(" – |", f);
	w = top ? most_waited(r, top) : -1;
	if (w >= 0)
		fprintf(f, " %s (%.2f%%) |\n", r->counter[w] + 5,
			100 * top->c[w]);
	else
		fputs(" none |\n", f);
}

static void scaling_table(FILE *f, const struct results *r, unsigned from,
			  unsigned to, const struct run *rep, int tk)
{
	const char *gen[MAX_GENS], *sep = "";
	double t[MAX_T];
	unsigned nt, ng, k;

	axes(r, from, to, rep, t, &nt, gen, &ng);
	fprintf(f, "**%s** (", rep->scenario);
	for (k = 0; k < rep->np; k++)
		if (strcmp(rep->pname[k], "cpus")) {
			fprintf(f, "%s%s=%s", sep, rep->pname[k],
				rep->pstr[k]);
			sep = ", ";
		}
	fprintf(f, "), %s against CPUs:\n\n| generation |",
		r->counter[tk]);
	for (k = 0; k < nt; k++)
		fprintf(f, " %g CPU%s |", t[k], t[k] == 1 ? "" : "s");
	fprintf(f, " %g / %g | waited on most at %g (share of CPU time) |\n"
		"|---|", t[nt - 1], t[0], t[nt - 1]);
	for (k = 0; k < nt + 2; k++)
		fputs("---:|", f);
	fputs("\n", f);
	for (k = 0; k < ng; k++)
		scaling_row(f, r, from, to, rep, gen[k], t, nt, tk);
	fputs("\n", f);
}

/* Whether any generation at T waited on counter k at all. */
static bool class_waited(const struct results *r, unsigned from, unsigned to,
			 const struct run *rep, const char **gen, unsigned ng,
			 double t, unsigned k)
{
	const struct run *p;
	unsigned g;

	for (g = 0; g < ng; g++) {
		p = find_point(r, from, to, rep, gen[g], t);
		if (p && isfinite(p->c[k]) && p->c[k] > 0)
			return true;
	}
	return false;
}

/* The hold_<class> counter beside wait_<class> counter k, or -1. */
static int hold_of(const struct results *r, unsigned k)
{
	char name[64];

	snprintf(name, sizeof(name), "hold_%s", r->counter[k] + 5);
	return counter_index(r, name);
}

/* A cell: the wait share, and " / " the hold share where p has one. */
static void wait_cell(FILE *f, const struct run *p, unsigned w, int h)
{
	if (!p || !isfinite(p->c[w])) {
		fputs(" – |", f);
		return;
	}
	fprintf(f, " %.2f%%", 100 * p->c[w]);
	if (h >= 0 && isfinite(p->c[h]))
		fprintf(f, " / %.2f%%", 100 * p->c[h]);
	fputs(" |", f);
}

/*
 * Beside the throughput: each class's share of the CPUs' time spent
 * waiting for it at the most CPUs, for the classes any generation waited
 * on there, and the share of the time the class was held (lockstat's
 * holdtime), which the waits queue behind.
 */
static void wait_table(FILE *f, const struct results *r, unsigned from,
		       unsigned to, const struct run *rep)
{
	const char *gen[MAX_GENS];
	unsigned cls[MAX_COUNTERS], nc = 0, nt, ng, g, k;
	int hold[MAX_COUNTERS];
	bool holds = false;
	const struct run *p;
	double t[MAX_T];

	axes(r, from, to, rep, t, &nt, gen, &ng);
	for (k = 0; k < r->ncounter; k++)
		if (!strncmp(r->counter[k], "wait_", 5) &&
		    strcmp(r->counter[k], "wait_all") &&
		    class_waited(r, from, to, rep, gen, ng, t[nt - 1], k)) {
			hold[nc] = hold_of(r, k);
			holds |= hold[nc] >= 0;
			cls[nc++] = k;
		}
	if (!nc)
		return;
	fprintf(f, "Lock wait at %g CPUs, each class's share of the CPUs' "
		"time%s:\n\n| generation |", t[nt - 1],
		holds ? " (waiting / holding it)" : "");
	for (k = 0; k < nc; k++)
		fprintf(f, " %s |", r->counter[cls[k]] + 5);
	fputs("\n|---|", f);
	for (k = 0; k < nc; k++)
		fputs("---:|", f);
	fputs("\n", f);
	for (g = 0; g < ng; g++) {
		p = find_point(r, from, to, rep, gen[g], t[nt - 1]);
		fprintf(f, "| %s |", gen[g]);
		for (k = 0; k < nc; k++)
			wait_cell(f, p, cls[k], hold[k]);
		fputs("\n", f);
	}
	fputs("\n", f);
}

/* A table for each setting of the other parameters, in run order. */
static void scaling_tables(FILE *f, const struct results *r, unsigned from,
			   unsigned to, int tk)
{
	unsigned i, k;

	for (i = from; i < to; i++) {
		for (k = from; k < i && !in_table(&r->run[i], &r->run[k]); k++)
			;
		if (k == i) {
			scaling_table(f, r, from, to, &r->run[i], tk);
			wait_table(f, r, from, to, &r->run[i]);
		}
	}
}

void report_scaling(FILE *f, const struct results *r)
{
	json_t *cpus = json_object_get(r->context, "num_cpus");
	const struct scenario *sc;
	unsigned i, j;
	bool any = false;
	int tk;

	for (i = 0; i < r->nrun; i = j) {
		j = scenario_end(r, i);
		sc = scenario_find(r->run[i].scenario);
		tk = throughput_counter(r, &r->run[i]);
		if (!sc || scenario_param_index(sc, "cpus") < 0 || tk < 0)
			continue;
		if (!any)
			fprintf(f, "## Scalability\n\nThe threaded scenarios "
				"run the model on T threads at once, each a "
				"CPU, with each era's locks as real atomic "
				"operations; a lock's wait is time a CPU spun "
				"or yielded on it, as lockstat's waittime, "
				"and its hold the time from acquisition to "
				"release, as its holdtime. "
				"This machine has %lld CPUs: points past them "
				"are oversubscribed, and a curve flattens "
				"there whatever the model does.\n\n",
				(long long)json_integer_value(cpus));
		any = true;
		scaling_tables(f, r, i, j, tk);
	}
}
