/*
 * Statistics and the comparison of two runs: per benchmark the ratio of
 * medians and whether it is beyond the noise, by Welch's t-test on the log
 * times where both runs have the repetitions for it, corrected for testing
 * every benchmark at once (Benjamini-Hochberg); and the model counters
 * that changed. Without the repetitions it says so and calls nothing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/stats.h"
#include "plots/results.h"

int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n); NaN if any value is NaN, so it cannot hide. */
double median(double *v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (isnan(v[i]))
			return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double ratio(double num, double den)
{
	return isfinite(num) && isfinite(den) && den ? num / den : NAN;
}

/*
 * The false discovery rate over all the benchmarks a comparison tests
 * (Benjamini-Hochberg): hundreds are tested at once, so a per-benchmark
 * 5% would call a handful of an A/A comparison different.
 */
#define FDR		0.05
/* Welch's t on 2 repetitions has 1 degree of freedom: too few to trust */
#define MIN_REPS	3

static void log_moments(const struct run *run, double *mean, double *var)
{
	double s = 0, d;
	unsigned i;

	for (i = 0; i < run->nrep; i++)
		s += log(run->rep[i].t);
	*mean = s / run->nrep;
	for (s = 0, i = 0; i < run->nrep; i++) {
		d = log(run->rep[i].t) - *mean;
		s += d * d;
	}
	*var = s / (run->nrep - 1);
}

void welch_log(const struct run *a, const struct run *b, double *diff,
	       double *se, double *df)
{
	double ma, va, mb, vb, qa, qb;

	log_moments(a, &ma, &va);
	log_moments(b, &mb, &vb);
	qa = va / a->nrep;
	qb = vb / b->nrep;
	*diff = ma - mb;
	*se = sqrt(qa + qb);
	*df = *se > 0 ? pow(*se, 4) / (qa * qa / (a->nrep - 1) +
				       qb * qb / (b->nrep - 1)) : 1;
}

/* The continued fraction of the incomplete beta function (Lentz). */
static double beta_cf(double a, double b, double x)
{
	double c = 1, d = 1 - (a + b) * x / (a + 1), h, num;
	unsigned m;

	d = 1 / (fabs(d) < 1e-300 ? 1e-300 : d);
	h = d;
	for (m = 1; m <= 300; m++) {
		num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + num * d;
		c = 1 + num / c;
		d = 1 / (fabs(d) < 1e-300 ? 1e-300 : d);
		h *= d * (fabs(c) < 1e-300 ? 1e-300 : c);
		num = -(a + m) * (a + b + m) * x /
		      ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + num * d;
		c = 1 + num / c;
		d = 1 / (fabs(d) < 1e-300 ? 1e-300 : d);
		c = fabs(c) < 1e-300 ? 1e-300 : c;
		h *= d * c;
		if (fabs(d * c - 1) < 1e-12)
			break;
	}
	return h;
}

/* The regularized incomplete beta function I_x(a, b). */
static double beta_inc(double a, double b, double x)
{
	double front;

	if (x <= 0 || x >= 1)
		return x <= 0 ? 0 : 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) +
		    b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_cf(a, b, x) / a;
	return 1 - front * beta_cf(b, a, 1 - x) / b;
}

/* Two-sided p of Student's t with df degrees of freedom. */
double t_p(double t, double df)
{
	return beta_inc(df / 2, 0.5, df / (df + t * t));
}

/*
 * Welch's t-test on the log times of A's and B's repetitions: -1 when
 * either has fewer than MIN_REPS, or only aggregates.
 */
static double welch_p(const struct run *a, const struct run *b)
{
	double diff, se, df;

	if (!a->spread_known || !b->spread_known || a->nrep < MIN_REPS ||
	    b->nrep < MIN_REPS)
		return -1;
	welch_log(a, b, &diff, &se, &df);
	if (se == 0)
		return diff == 0 ? 1 : 0;
	return t_p(diff / se, df);
}

/* The largest p the Benjamini-Hochberg procedure calls significant. */
static double bh_threshold(const double *p, unsigned n)
{
	double *sorted = xmalloc((n + 1) * sizeof(*sorted)), cut = -1;
	unsigned i, m = 0;

	for (i = 0; i < n; i++)
		if (p[i] >= 0)
			sorted[m++] = p[i];
	qsort(sorted, m, sizeof(*sorted), cmp_double);
	for (i = m; i > 0; i--)
		if (sorted[i - 1] <= FDR * i / m) {
			cut = sorted[i - 1];
			break;
		}
	free(sorted);
	return cut;
}

static bool counter_differs(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) != isnan(b);
	return fabs(a - b) > COUNTER_TOLERANCE * fmax(fabs(a), fabs(b));
}

/* printf's widths count bytes; "µ" is two of them but one column. */
static void put_cell(const char *s, int width, bool left)
{
	int cols = 0, pad;
	const char *p;

	for (p = s; *p; p++)
		cols += ((unsigned char)*p & 0xc0) != 0x80;
	pad = width > cols ? width - cols : 0;
	if (left)
		printf("%s%*s  ", s, pad, "");
	else
		printf("%*s%s  ", pad, "", s);
}

struct tally {
	unsigned both, slower, faster, same, untested, changed, only_a, only_b,
		 failed;
};

static void compare_one(const struct results *ra, const struct run *a,
			const struct run *b, double p, double cut, int width,
			struct tally *t)
{
	char ta[64], tb[64], rr[64], test[64];
	const char *verdict;
	bool beyond, first = true;
	unsigned k;

	t->both++;
	if (a->error || b->error) {
		put_cell(a->name, width, true);
		printf("not compared: %s%s%s\n", a->error ? "A " : "B ",
		       a->error ? a->error : b->error,
		       a->error && b->error ? " (both)" : "");
		t->failed++;
		return;
	}
	beyond = p >= 0 && p <= cut;
	if (p >= 0)
		snprintf(test, sizeof(test), "t p=%.2g", p);
	else
		snprintf(test, sizeof(test), "cannot test: %u and %u "
			 "repetitions", a->spread_known ? a->nrep : 0,
			 b->spread_known ? b->nrep : 0);
	verdict = p < 0 ? "?" : !beyond ? "noise" :
		  b->median > a->median ? "slower" : "faster";
	t->slower += beyond && b->median > a->median;
	t->faster += beyond && b->median <= a->median;
	t->same += p >= 0 && !beyond;
	t->untested += p < 0;
	snprintf(rr, sizeof(rr), "%.3f", ratio(b->median, a->median));
	put_cell(a->name, width, true);
	put_cell(fmt_time(ta, a->median), 10, false);
	put_cell(fmt_time(tb, b->median), 10, false);
	put_cell(rr, 7, false);
	put_cell(verdict, 6, true);
	printf("%s\n", test);
	for (k = 0; k < NR_MODEL_COUNTERS; k++) {
		if (!counter_differs(a->c[k], b->c[k]))
			continue;
		printf("%s%s %s -> %s", first ? "    model counters differ: " :
		       ", ", ra->counter[k], fmt_count(ta, a->c[k]),
		       fmt_count(tb, b->c[k]));
		first = false;
	}
	if (!first) {
		printf("\n");
		t->changed++;
	}
}

int cmd_compare(const char *pa, const char *pb)
{
	struct results ra, rb;
	struct tally t = { 0 };
	const struct run *b;
	double *p, cut;
	unsigned i;
	int width = 9;

	load(&ra, pa);
	load(&rb, pb);
	p = xmalloc((ra.nrun + 1) * sizeof(*p));
	for (i = 0; i < ra.nrun; i++) {
		width = (int)fmax(width, strlen(ra.run[i].name));
		b = find_run(&rb, ra.run[i].name);
		p[i] = b && !ra.run[i].error && !b->error ?
		       welch_p(&ra.run[i], b) : -1;
	}
	cut = bh_threshold(p, ra.nrun);
	printf("compare: A = %s, B = %s\ndifferent: Welch's t-test on the log "
	       "times of the repetitions (%u or more on each side, else not "
	       "tested), Benjamini-Hochberg over every benchmark tested at a "
	       "false discovery rate of %g%%\nmodel counters: listed when "
	       "they differ by more than %g%%\n\n", pa, pb, MIN_REPS,
	       FDR * 100, COUNTER_TOLERANCE * 100);
	put_cell("benchmark", width, true);
	put_cell("A median", 10, false);
	put_cell("B median", 10, false);
	put_cell("B/A", 7, false);
	put_cell("B is", 6, true);
	printf("test\n");
	for (i = 0; i < ra.nrun; i++) {
		b = find_run(&rb, ra.run[i].name);
		if (b)
			compare_one(&ra, &ra.run[i], b, p[i], cut, width, &t);
		else
			t.only_a++;
	}
	free(p);
	for (i = 0; i < rb.nrun; i++)
		t.only_b += !find_run(&ra, rb.run[i].name);
	printf("\ncompare: %u in both: %u slower, %u faster, %u within noise, "
	       "%u not tested (too few repetitions), %u not measured in one of "
	       "them; %u with model counter changes; %u only in A, %u only in "
	       "B\n", t.both, t.slower, t.faster, t.same, t.untested, t.failed,
	       t.changed, t.only_a, t.only_b);
	if (t.untested && t.untested + t.failed == t.both)
		printf("compare: no benchmark could be tested: run both with "
		       "BENCH_REPS=%u or more\n", MIN_REPS);
	for (i = 0; i < ra.nrun; i++)
		if (!find_run(&rb, ra.run[i].name))
			printf("only in A: %s\n", ra.run[i].name);
	for (i = 0; i < rb.nrun; i++)
		if (!find_run(&ra, rb.run[i].name))
			printf("only in B: %s\n", rb.run[i].name);
	unload(&ra);
	unload(&rb);
	return 0;
}

