/*
 * Statistics and the comparison of two runs: per benchmark the ratio of
 * medians and whether it is beyond the noise, by the exact Mann-Whitney U
 * test where the repetitions allow it, else by disjoint ranges; and the
 * model counters that changed.
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

#define ALPHA		0.05
#define MWU_MAX_REPS	40

/* P(U <= u) for sample sizes m and n without ties: the exact count. */
static double mwu_cdf(unsigned m, unsigned n, double u)
{
	unsigned i, j, k, mn = m * n;
	double *c, total = 0, below = 0;

	if (u < 0)
		return 0;
	c = xmalloc((size_t)(m + 1) * (n + 1) * (mn + 1) * sizeof(*c));
#define C(i, j, k) c[((size_t)(i) * (n + 1) + (j)) * (mn + 1) + (k)]
	for (i = 0; i <= m; i++) {
		for (j = 0; j <= n; j++) {
			for (k = 0; k <= mn; k++) {
				if (!i || !j) {
					C(i, j, k) = k == 0;
					continue;
				}
				/* the largest is A's (adds j to U) or B's */
				C(i, j, k) = (k >= j ? C(i - 1, j, k - j) : 0) +
					     C(i, j - 1, k);
			}
		}
	}
	for (k = 0; k <= mn; k++) {
		total += C(m, n, k);
		if (k <= u)
			below += C(m, n, k);
	}
#undef C
	free(c);
	return below / total;
}

static double binomial(unsigned n, unsigned k)
{
	double b = 1;
	unsigned i;

	for (i = 1; i <= k; i++)
		b = b * (n - k + i) / i;
	return b;
}

/* Can an exact two-sided test on m and n repetitions reach ALPHA at all? */
static bool mwu_usable(unsigned m, unsigned n)
{
	return m <= MWU_MAX_REPS && n <= MWU_MAX_REPS &&
	       2 / binomial(m + n, m) < ALPHA;
}

/* Two-sided p of the Mann-Whitney U test of A's times against B's. */
static double mwu_p(const struct run *a, const struct run *b)
{
	unsigned i, j, m = a->nrep, n = b->nrep;
	double u = 0, p;

	for (i = 0; i < m; i++)
		for (j = 0; j < n; j++)
			u += a->rep[i].t < b->rep[j].t ? 1 :
			     a->rep[i].t == b->rep[j].t ? 0.5 : 0;
	p = 2 * fmin(mwu_cdf(m, n, u), mwu_cdf(m, n, (double)m * n - u));
	return fmin(p, 1);
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
	unsigned both, slower, faster, same, changed, only_a, only_b, failed;
};

static void compare_one(const struct results *ra, const struct run *a,
			const struct run *b, int width, struct tally *t)
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
	if (a->spread_known && b->spread_known &&
	    mwu_usable(a->nrep, b->nrep)) {
		double p = mwu_p(a, b);

		beyond = p < ALPHA;
		snprintf(test, sizeof(test), "U p=%.3f", p);
	} else if (a->spread_known && b->spread_known) {
		beyond = a->max < b->min || b->max < a->min;
		snprintf(test, sizeof(test), "ranges %s",
			 beyond ? "apart" : "overlap");
	} else {
		beyond = false;
		snprintf(test, sizeof(test), "no spread (aggregates only)");
	}
	verdict = !beyond ? "noise" : b->median > a->median ? "slower" :
		  "faster";
	t->slower += beyond && b->median > a->median;
	t->faster += beyond && b->median <= a->median;
	t->same += !beyond;
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
	unsigned i;
	int width = 9;

	load(&ra, pa);
	load(&rb, pb);
	for (i = 0; i < ra.nrun; i++)
		width = (int)fmax(width, strlen(ra.run[i].name));
	printf("compare: A = %s, B = %s\nnoise: exact two-sided Mann-Whitney "
	       "U test, p < %.2f, where both runs have enough repetitions "
	       "for it (4 and 4, or 3 and 5); otherwise the [min, max] ranges "
	       "of the repetitions must not overlap\nmodel counters: listed "
	       "when they differ by more than %g%%\n\n", pa, pb, ALPHA,
	       COUNTER_TOLERANCE * 100);
	put_cell("benchmark", width, true);
	put_cell("A median", 10, false);
	put_cell("B median", 10, false);
	put_cell("B/A", 7, false);
	put_cell("B is", 6, true);
	printf("test\n");
	for (i = 0; i < ra.nrun; i++) {
		const struct run *b = find_run(&rb, ra.run[i].name);

		if (b)
			compare_one(&ra, &ra.run[i], b, width, &t);
		else
			t.only_a++;
	}
	for (i = 0; i < rb.nrun; i++)
		t.only_b += !find_run(&ra, rb.run[i].name);
	printf("\ncompare: %u in both: %u slower, %u faster, %u within noise, "
	       "%u not measured in one of them; %u with model counter changes; "
	       "%u only in A, %u only in B\n", t.both, t.slower, t.faster,
	       t.same, t.failed, t.changed, t.only_a, t.only_b);
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

