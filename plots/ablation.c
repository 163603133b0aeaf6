/*
 * Findings by ablation: the comparisons of runs that differ in one rule,
 * and what two generations differ in. A comparison is an ablation run
 * ("GEN+switch=value", which rmapbench runs beside the generations) against
 * GEN at the same point, or two generations whose configurations differ in
 * one scheme only (a generation one switch from another would be that
 * other's ablation, and is registered as one). Its ratio is of time per iteration, with a 95%
 * confidence interval from the repetitions: Welch's t-interval on the
 * difference of the mean log times, so the ratio is that of the geometric
 * means. The cost that matters is none: this reads a finished run.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/scenarios/scenario.h"
#include "common/stats.h"
#include "plots/results.h"

bool is_ablation(const char *gen)
{
	return strchr(gen, '+') != NULL;
}

/* Student's t, 97.5% quantile, by degrees of freedom 1..30. */
static const double t975_table[] = {
	12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
	2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101,
	2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
	2.048, 2.045, 2.042,
};

/*
 * Welch's degrees of freedom are fractional: rounded down, which widens
 * the interval. Past 30, the Cornish-Fisher expansion about the normal.
 */
static double t975(double df)
{
	const double z = 1.959964;
	unsigned k = df < 1 ? 1 : (unsigned)floor(df);

	if (k <= ARRAY_SIZE(t975_table))
		return t975_table[k - 1];
	return z + (z * z * z + z) / (4 * df) +
	       (5 * pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * df * df);
}

/*
 * a's time over b's, from the repetitions' log times (Welch); without an
 * interval, the ratio of the medians, as the tables give it.
 */
static void ratio_ci(const struct run *a, const struct run *b,
		     struct interval *ci)
{
	double diff, se, df, h;

	memset(ci, 0, sizeof(*ci));
	ci->r = ratio(a->median, b->median);
	if (!a->spread_known || !b->spread_known) {
		ci->why = "n/a (aggregates only)";
		return;
	}
	if (a->nrep < 2 || b->nrep < 2) {
		ci->why = "n/a (1 repetition)";
		return;
	}
	welch_log(a, b, &diff, &se, &df);
	h = t975(df) * se;
	ci->r = exp(diff);
	ci->lo = exp(diff - h);
	ci->hi = exp(diff + h);
	ci->known = isfinite(ci->lo) && isfinite(ci->hi);
	if (!ci->known)
		ci->why = "n/a (non-finite time)";
}

/* "2.6.14+" of "2.6.14+: vmas with no anon_vma are skipped": the releases */
static void releases_of(char *buf, size_t len, const char *text)
{
	const char *colon = strstr(text, ": ");

	snprintf(buf, len, "%.*s", (int)(colon ? colon - text : 0), text);
}

/* Appends one rule the two configurations differ in. */
static void diff_item(char *buf, size_t len, unsigned *n, const char *what,
		      const char *from, const char *to)
{
	size_t used = strlen(buf);

	if (used < len)
		snprintf(buf + used, len - used, "%s%s %s→%s", (*n)++ ? ", " :
			 "", what, from, to);
}

static void diff_switches(char *buf, size_t len, unsigned *n,
			  const struct rmap_scheme *s, const unsigned char *a,
			  const unsigned char *b)
{
	char what[64];
	unsigned i;

	for (i = 0; i < s->nswitches; i++) {
		if (a[i] == b[i])
			continue;
		snprintf(what, sizeof(what), "%s's %s", s->name,
			 s->switches[i].name);
		diff_item(buf, len, n, what, s->switches[i].values[a[i]],
			  s->switches[i].values[b[i]]);
	}
}

static void diff_side(char *buf, size_t len, unsigned *n, const char *side,
		      const struct rmap_scheme *sa,
		      const struct rmap_scheme *sb,
		      const unsigned char *a, const unsigned char *b)
{
	char what[32];

	if (sa == sb) {
		diff_switches(buf, len, n, sa, a, b);
		return;
	}
	snprintf(what, sizeof(what), "%s scheme", side);
	diff_item(buf, len, n, what, sa->name, sb->name);
}

int config_diff(const char *ga, const char *gb, char *buf, size_t len)
{
	struct rmap_config a, b;
	char err[512];
	unsigned i, n = 0;

	buf[0] = 0;
	if (rmap_config_parse(ga, &a, err, sizeof(err)) ||
	    rmap_config_parse(gb, &b, err, sizeof(err)))
		return -1;
	diff_side(buf, len, &n, "anon", a.anon, b.anon, a.anon_sw, b.anon_sw);
	/* one scheme on both sides has one set of switches, said once */
	if (a.file != a.anon || b.file != b.anon || a.file != b.file)
		diff_side(buf, len, &n, "file", a.file, b.file, a.file_sw,
			  b.file_sw);
	for (i = 0; i < NR_MODEL_SWITCHES; i++)
		if (a.model_sw[i] != b.model_sw[i])
			diff_item(buf, len, &n, rmap_model_switches[i].name,
				  rmap_model_switches[i].values[a.model_sw[i]],
				  rmap_model_switches[i].values[b.model_sw[i]]);
	return n;
}

static const struct run *find_in(const struct run *g, unsigned n,
				 const char *gen)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strcmp(g[i].gen, gen))
			return &g[i];
	return NULL;
}

/*
 * The rule of an ablation run: its switch and two values, from the
 * registry (false when this build does not know it).
 */
static bool ablation_rule(const struct run *run, struct comparison *c)
{
	struct rmap_ablation ab;
	struct rmap_config cfg;
	char err[512];

	if (rmap_ablation_parse(run->gen, &ab, &cfg, err, sizeof(err)))
		return false;
	releases_of(c->from_rel, sizeof(c->from_rel),
		    ab.sw->releases[ab.from]);
	releases_of(c->to_rel, sizeof(c->to_rel), ab.sw->releases[ab.to]);
	snprintf(c->rule, sizeof(c->rule), "%s", ab.sw->name);
	snprintf(c->from, sizeof(c->from), "%s=%s", ab.sw->name,
		 ab.sw->values[ab.from]);
	snprintf(c->to, sizeof(c->to), "%s=%s", ab.sw->name,
		 ab.sw->values[ab.to]);
	c->help = ab.sw->help;
	c->source = ab.sw->source;
	c->base_gen = ab.gen->name;
	return true;
}

/* Two generations one scheme apart: the scheme is the rule. */
static bool scheme_rule(const char *ga, const char *gb, struct comparison *c)
{
	struct rmap_config a, b;
	const struct rmap_scheme *sa, *sb;
	char err[512];

	if (rmap_config_parse(ga, &a, err, sizeof(err)) ||
	    rmap_config_parse(gb, &b, err, sizeof(err)))
		return false;
	sa = a.anon != b.anon ? a.anon : a.file;
	sb = a.anon != b.anon ? b.anon : b.file;
	if (sa == sb)
		return false;
	snprintf(c->rule, sizeof(c->rule), "%s scheme",
		 a.anon != b.anon ? "anon" : "file");
	snprintf(c->from, sizeof(c->from), "%s", sa->name);
	snprintf(c->to, sizeof(c->to), "%s", sb->name);
	releases_of(c->from_rel, sizeof(c->from_rel), sa->desc);
	releases_of(c->to_rel, sizeof(c->to_rel), sb->desc);
	c->help = NULL;
	c->source = NULL;
	c->base_gen = ga;
	return true;
}

/*
 * The comparisons one table group holds: each ablation run against its
 * generation, then each pair of generations one scheme apart.
 */
static unsigned group_comparisons(const struct run *g, unsigned n,
				  struct comparison *out, unsigned max)
{
	char diff[512];
	unsigned i, j, k = 0;

	for (i = 0; i < n && k < max; i++) {
		memset(&out[k], 0, sizeof(out[k]));
		if (!is_ablation(g[i].gen) || !ablation_rule(&g[i], &out[k]))
			continue;
		out[k].run = &g[i];
		out[k].base = find_in(g, n, out[k].base_gen);
		k += out[k].base != NULL;
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n && k < max; j++) {
			memset(&out[k], 0, sizeof(out[k]));
			if (config_diff(g[i].gen, g[j].gen, diff,
					sizeof(diff)) != 1 ||
			    !scheme_rule(g[i].gen, g[j].gen, &out[k]))
				continue;
			out[k].run = &g[j];
			out[k].base = &g[i];
			k++;
		}
	return k;
}

static bool compared(const struct comparison *c)
{
	return !c->run->error && !c->base->error;
}

static unsigned finished(const struct comparison *c, unsigned n)
{
	unsigned i, ok = 0;

	for (i = 0; i < n; i++)
		ok += compared(&c[i]);
	return ok;
}

bool any_compared(const struct comparison *c, unsigned n)
{
	return finished(c, n) > 0;
}

/*
 * A scenario's headline point: of the groups on its main figure (its x,
 * its pinned parameter: sdet's kswapd=0), the one where the most
 * comparisons finished, of those the largest on that x (else the last in
 * order), so every comparison of a finding is at one point.
 */
static unsigned headline_group(const struct results *r, unsigned from,
			       unsigned to)
{
	const struct scenario_figure *fig =
		main_figure(scenario_find(r->run[from].scenario));
	struct comparison c[MAX_COMPARISONS];
	unsigned i, j, n, ok, best = to, bestok = 0;
	double x, bestx = -INFINITY;

	for (i = from; i < to; i = j) {
		j = group_end(r, i);
		if (fig && !figure_pinned(fig, &r->run[i]))
			continue;
		n = group_comparisons(&r->run[i], j - i, c, MAX_COMPARISONS);
		ok = finished(c, n);
		x = fig ? param(&r->run[i], fig->x) : NAN;
		if (!ok || ok < bestok ||
		    (ok == bestok && isfinite(x) && x < bestx))
			continue;
		best = i;
		bestok = ok;
		bestx = isfinite(x) ? x : bestx;
	}
	return best;
}

unsigned comparisons(const struct results *r, struct comparison **out)
{
	struct comparison *c = NULL;
	unsigned i, j, h, k, n = 0, total = 0;

	for (i = 0; i < r->nrun; i = j) {
		j = scenario_end(r, i);
		h = headline_group(r, i, j);
		if (h == j)
			continue;
		c = xrealloc(c, (n + MAX_COMPARISONS) * sizeof(*c));
		total = group_comparisons(&r->run[h], group_end(r, h) - h,
					  c + n, MAX_COMPARISONS);
		for (k = 0; k < total; k++)
			if (compared(&c[n + k]))
				ratio_ci(c[n + k].run, c[n + k].base,
					 &c[n + k].ci);
		n += total;
	}
	*out = c;
	return n;
}

/* "1024 against 512 (2×)" of counter k; false when it did not change. */
static bool counter_change(char *buf, size_t len, const struct results *r,
			   const struct comparison *c, unsigned k)
{
	double a = c->run->c[k], b = c->base->c[k];
	char x[64], y[64], q[64];

	if (!isfinite(a) || !isfinite(b) ||
	    fabs(a - b) <= COUNTER_TOLERANCE * fmax(fabs(a), fabs(b)))
		return false;
	if (a > 0 && b > 0)
		snprintf(buf, len, "%s %s against %s (%s)", r->counter[k],
			 fmt_count(x, a), fmt_count(y, b),
			 fmt_ratio(q, a / b));
	else
		snprintf(buf, len, "%s %s against %s", r->counter[k],
			 fmt_count(x, a), fmt_count(y, b));
	return true;
}

/* How far counter k moved: |log ratio|, a change from or to 0 the most. */
static double change_size(const struct comparison *c, unsigned k)
{
	double a = c->run->c[k], b = c->base->c[k];

	return a > 0 && b > 0 ? fabs(log(a / b)) : INFINITY;
}

#define EXPLAIN_MAX	3

/* The model counters that moved the most, up to EXPLAIN_MAX of them. */
static void explain(FILE *f, const struct results *r,
		    const struct comparison *c)
{
	bool used[NR_MODEL_COUNTERS] = { false };
	char buf[256];
	unsigned i, k, best, shown = 0;

	for (i = 0; i < EXPLAIN_MAX; i++) {
		best = NR_MODEL_COUNTERS;
		for (k = 0; k < NR_MODEL_COUNTERS; k++)
			if (!used[k] && counter_change(buf, sizeof(buf), r, c,
						       k) &&
			    (best == NR_MODEL_COUNTERS ||
			     change_size(c, k) > change_size(c, best)))
				best = k;
		if (best == NR_MODEL_COUNTERS)
			break;
		used[best] = true;
		counter_change(buf, sizeof(buf), r, c, best);
		fprintf(f, "%s%s", shown++ ? ", " : " Counters: ", buf);
	}
	fputs(shown ? "." : " No model counter differs.", f);
}

/* Three significant digits, kept when zero (2.00×), so bounds line up. */
static char *fmt_ci_ratio(char *buf, double v)
{
	if (!isfinite(v))
		return fmt_ratio(buf, v);
	sprintf(buf, v >= 100 ? "%.0f×" : "%#.3g×", v);
	return buf;
}

static void ci_text(char *buf, size_t len, const struct interval *ci)
{
	char lo[32], hi[32];

	if (!ci->known)
		snprintf(buf, len, "95%% CI %s", ci->why);
	else
		snprintf(buf, len, "95%% CI %s – %s",
			 fmt_ci_ratio(lo, ci->lo), fmt_ci_ratio(hi, ci->hi));
}

void comparison_finding(FILE *f, const struct results *r,
			const struct comparison *c)
{
	char params[256], a[64], b[64], q[64], ci[96];

	fmt_params(params, sizeof(params), c->run);
	fprintf(f, "- **%s** in [%s](#%s) (%s): ", c->rule, c->run->scenario,
		c->run->scenario, params[0] ? params : "defaults");
	if (c->run->error || c->base->error) {
		fprintf(f, "%s against %s not compared: %s.\n", c->run->gen,
			c->base->gen, c->run->error ? c->run->error :
			c->base->error);
		return;
	}
	ci_text(ci, sizeof(ci), &c->ci);
	fprintf(f, "%s took %s (%s) the time of %s (medians %s against %s, "
		"%u and %u repetitions). The one rule they differ in: "
		"%s%s%s%s: %s (%s) against %s (%s)", c->run->gen,
		fmt_ci_ratio(q, c->ci.r),
		ci, c->base->gen, fmt_time(a, c->run->median),
		fmt_time(b, c->base->median), c->run->nrep, c->base->nrep,
		c->rule, c->help ? " (" : "", c->help ? c->help : "",
		c->help ? ")" : "", c->to, c->to_rel, c->from, c->from_rel);
	if (c->source)
		fprintf(f, "; source: %s", c->source);
	fputs(".", f);
	explain(f, r, c);
	fputs("\n", f);
}
