/*
 * The plot data: for each registered figure, the series of its runs (one
 * curve per generation, x ascending), written as <name>.dat, and
 * <name>.inc.gp: the figure's spec, each curve's line style, and the axis
 * facts gnuplot cannot find without failing on empty data. plots/figure.gp
 * draws any figure from these two files.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/scenarios/scenario.h"
#include "common/rmap.h"
#include "plots/results.h"

/*
 * A run's x: its x parameter, or xval() of the figure's scenario's
 * parameters, read by name from the run (NaN when it lacks one).
 */
static double x_of(const struct series *s, const struct run *run,
		   const char *xname)
{
	long p[SCENARIO_MAX_PARAMS];
	unsigned i;

	if (!s->fig->xval)
		return param(run, xname);
	for (i = 0; i < s->sc->nparams; i++) {
		double v = param(run, s->sc->params[i].name);

		if (!isfinite(v))
			return NAN;
		p[i] = v;
	}
	return s->fig->xval(p);
}

/*
 * The x parameter: the figure's, or, when the harness named it otherwise,
 * the one taking the most distinct values.
 */
static void pick_x(const struct results *r, const struct scenario_figure *fig,
		   const char *scenario, char *xname, size_t len)
{
	unsigned i, j, k, best = 0, count;
	const struct run *first = NULL;

	for (i = 0; i < r->nrun; i++) {
		if (strcmp(r->run[i].scenario, scenario))
			continue;
		if (param_index(&r->run[i], fig->x) >= 0) {
			snprintf(xname, len, "%s", fig->x);
			return;
		}
		if (!first)
			first = &r->run[i];
	}
	xname[0] = 0;
	for (k = 0; first && k < first->np; k++) {
		count = 0;
		for (i = 0; i < r->nrun; i++) {
			const struct run *a = &r->run[i];
			int ia = param_index(a, first->pname[k]);

			if (strcmp(a->scenario, scenario) || ia < 0)
				continue;
			for (j = 0; j < i; j++) {
				const struct run *b = &r->run[j];
				int ib = param_index(b, first->pname[k]);

				if (!strcmp(b->scenario, scenario) && ib >= 0 &&
				    !strcmp(a->pstr[ia], b->pstr[ib]))
					break;
			}
			count += j == i;
		}
		if (count > best) {
			best = count;
			snprintf(xname, len, "%s", first->pname[k]);
		}
	}
}

/* Whether name is x or one of the words of x2: free along the curve. */
static bool varies(const char *name, const char *xname, const char *x2)
{
	size_t n = strlen(name);
	const char *p = x2;

	if (!strcmp(name, xname))
		return true;
	while (p && (p = strstr(p, name))) {
		if ((p == x2 || p[-1] == ' ') && (!p[n] || p[n] == ' '))
			return true;
		p += n;
	}
	return false;
}

static bool same_rest(const struct run *a, const struct run *b,
		      const char *xname, const char *x2)
{
	unsigned i;
	int j;

	if (a->np != b->np)
		return false;
	for (i = 0; i < a->np; i++) {
		if (varies(a->pname[i], xname, x2))
			continue;
		j = param_index(b, a->pname[i]);
		if (j < 0 || strcmp(a->pstr[i], b->pstr[j]))
			return false;
	}
	return true;
}

/*
 * The runs of one curve family: the scenario's runs whose other parameters
 * equal those of the largest group (ties: the first in sort order) among
 * those with the figure's pin, or of like when like's values exist in this
 * scenario too.
 */
static const struct run *pick_group(const struct results *r,
				    const struct scenario_figure *fig,
				    const char *scenario, const char *xname,
				    const struct run *like)
{
	const struct run *best = NULL;
	unsigned i, j, n, bestn = 0;

	for (i = 0; i < r->nrun; i++) {
		const struct run *a = &r->run[i];

		if (strcmp(a->scenario, scenario) || !figure_pinned(fig, a))
			continue;
		if (like && same_rest(a, like, xname, fig->x2))
			return a;
		for (n = 0, j = 0; j < r->nrun; j++)
			n += !strcmp(r->run[j].scenario, scenario) &&
			     same_rest(a, &r->run[j], xname, fig->x2);
		if (n > bestn) {
			bestn = n;
			best = a;
		}
	}
	return best;
}

static int cmp_point(const void *pa, const void *pb, void *arg)
{
	const struct series *s = arg;
	unsigned a = *(const unsigned *)pa, b = *(const unsigned *)pb;
	int c = cmp_gen(s->pt[a]->gen, s->pt[b]->gen);

	return c ? c : cmp_double(&s->x[a], &s->x[b]);
}

/*
 * A categorical x: 1 + the number of distinct values of xname, among the
 * scenario's runs, that sort before run's. NaN when run lacks xname.
 */
static double category(const struct results *r, const char *scenario,
		       const char *xname, const struct run *run)
{
	int mine = param_index(run, xname), ia, ib;
	unsigned i, j, n = 1;

	if (mine < 0)
		return NAN;
	for (i = 0; i < r->nrun; i++) {
		const struct run *a = &r->run[i];

		ia = param_index(a, xname);
		if (strcmp(a->scenario, scenario) || ia < 0 ||
		    strcmp(a->pstr[ia], run->pstr[mine]) >= 0)
			continue;
		for (j = 0; j < i; j++) {
			ib = param_index(&r->run[j], xname);
			if (!strcmp(r->run[j].scenario, scenario) && ib >= 0 &&
			    !strcmp(r->run[j].pstr[ib], a->pstr[ia]))
				break;
		}
		n += j == i;
	}
	return n;
}

/* Adds the group's runs of one scenario; returns its representative. */
/* "k=v, k=v" of the parameters that stay fixed along the curve. */
static void fmt_fixed(char *buf, size_t len, const struct run *run,
		      const char *xname, const char *x2)
{
	size_t used = 0;
	unsigned i;

	buf[0] = 0;
	for (i = 0; i < run->np && used < len; i++)
		if (!varies(run->pname[i], xname, x2))
			used += snprintf(buf + used, len - used, "%s%s=%s",
					 used ? ", " : "", run->pname[i],
					 run->pstr[i]);
}

static const struct run *add_scenario(const struct results *r,
				      struct series *s, const char *scenario,
				      const struct run *like, unsigned which)
{
	const struct scenario_figure *fig = s->fig;
	const struct run *rep;
	char xname[64];
	unsigned i;

	pick_x(r, fig, scenario, xname, sizeof(xname));
	if (!xname[0])
		return NULL;
	rep = pick_group(r, fig, scenario, xname, like);
	if (!rep)
		return NULL;
	if (!which)
		snprintf(s->xname, sizeof(s->xname), "%s",
			 fig->xcol ? fig->xcol : xname);
	fmt_fixed(s->fixed[which], sizeof(s->fixed[which]), rep, xname,
		  fig->x2);
	for (i = 0; i < r->nrun; i++) {
		struct run *run = &r->run[i];
		double x = fig->categorical ?
			   category(r, scenario, xname, run) :
			   x_of(s, run, xname);

		if (strcmp(run->scenario, scenario) ||
		    !same_rest(run, rep, xname, fig->x2) || !isfinite(x))
			continue;
		s->pt[s->n] = run;
		s->x[s->n++] = x;
	}
	return rep;
}

/* Measured x values, counted once each. */
static unsigned distinct_x(const struct series *s)
{
	unsigned i, j, n = 0;

	for (i = 0; i < s->n; i++) {
		if (s->pt[i]->error)
			continue;
		for (j = 0; j < i; j++)
			if (!s->pt[j]->error && s->x[j] == s->x[i])
				break;
		n += j == i;
	}
	return n;
}

bool build_series(const struct results *r, const struct scenario *sc,
		  const struct scenario_figure *fig, struct series *s)
{
	const struct run *rep;
	unsigned i, *order, measured_with = 0;
	struct run **pt;
	double *x;

	memset(s, 0, sizeof(*s));
	s->sc = sc;
	s->fig = fig;
	s->pt = xmalloc(r->nrun * sizeof(*s->pt));
	s->x = xmalloc(r->nrun * sizeof(*s->x));
	rep = add_scenario(r, s, sc->name, NULL, 0);
	if (rep && fig->with)
		add_scenario(r, s, fig->with, rep, 1);
	order = xmalloc(s->n * sizeof(*order) + 1);
	for (i = 0; i < s->n; i++)
		order[i] = i;
	qsort_r(order, s->n, sizeof(*order), cmp_point, s);
	pt = xmalloc(s->n * sizeof(*pt) + 1);
	x = xmalloc(s->n * sizeof(*x) + 1);
	for (i = 0; i < s->n; i++) {
		pt[i] = s->pt[order[i]];
		x[i] = s->x[order[i]];
		measured_with += !pt[i]->error && fig->with &&
				 !strcmp(pt[i]->scenario, fig->with);
	}
	free(order);
	free(s->pt);
	free(s->x);
	s->pt = pt;
	s->x = x;
	if (fig->with && !s->fixed[1][0])
		snprintf(s->fixed[1], sizeof(s->fixed[1]), "-");
	/* a curve needs two sizes; with another scenario, its points too */
	return distinct_x(s) > 1 && (!fig->with || measured_with);
}

void free_series(struct series *s)
{
	free(s->pt);
	free(s->x);
}

/* name = "value" for gnuplot, whose double quotes read backslashes. */
static void gp_str(FILE *f, const char *name, const char *value)
{
	fprintf(f, "%s = \"", name);
	for (; *value; value++) {
		if (*value == '"' || *value == '\\')
			fputc('\\', f);
		fputc(*value, f);
	}
	fputs("\"\n", f);
}

static void put_num(FILE *f, double v)
{
	if (isnan(v))
		fputs(" NaN", f);
	else if (isinf(v))
		fputs(v > 0 ? " Inf" : " -Inf", f);
	else
		fprintf(f, " %.10g", v);
}

/* The first point of the next generation after the one at i. */
static unsigned next_gen(const struct series *s, unsigned i)
{
	unsigned j = i;

	while (j < s->n && !strcmp(s->pt[j]->gen, s->pt[i]->gen))
		j++;
	return j;
}

/* Whether the generation starting at point i has a point to draw. */
static bool measured_in_gen(const struct series *s, unsigned i)
{
	unsigned j, end = next_gen(s, i);

	for (j = i; j < end; j++)
		if (!s->pt[j]->error)
			return true;
	return false;
}

static void write_dat(const struct results *r, const struct series *s,
		      FILE *f)
{
	unsigned i, j, k, end, blocks = 0;

	fprintf(f, "# figure %s: %s against %s, from %s\n", s->fig->name,
		s->sc->name, s->xname, r->path);
	fprintf(f, "# fixed: %s\n", s->fixed[0][0] ? s->fixed[0] : "-");
	if (s->fig->with)
		fprintf(f, "# fixed (%s): %s\n", s->fig->with, s->fixed[1]);
	fprintf(f, "# columns: 1 %s, 2 median_ns, 3 min_ns, 4 max_ns",
		s->xname);
	for (k = 0; k < r->ncounter; k++)
		fprintf(f, ", %u %s", k + 5, r->counter[k]);
	fputs("\n# time: real time per iteration over the repetitions; "
	      "counters: medians\n", f);
	for (i = 0; i < s->n; i = end) {
		end = next_gen(s, i);
		if (measured_in_gen(s, i))
			fprintf(f, "%s# generation %s\n", blocks++ ? "\n\n" :
				"", s->pt[i]->gen);
		else
			fprintf(f, "# no measured point: %s\n",
				s->pt[i]->gen);
		for (j = i; j < end; j++) {
			const struct run *run = s->pt[j];

			if (run->error) {
				fprintf(f, "# not drawn: %s=%.10g: %s\n",
					s->xname, s->x[j], run->error);
				continue;
			}
			put_num(f, s->x[j]);
			put_num(f, run->median);
			put_num(f, run->min);
			put_num(f, run->max);
			for (k = 0; k < r->ncounter; k++)
				put_num(f, run->c[k]);
			fputc('\n', f);
		}
	}
}

/* Whether an axis is logarithmic: the figure's scale, else auto_log. */
static bool scale_log(enum figure_scale scale, bool auto_log)
{
	return scale == SCALE_AUTO ? auto_log : scale == SCALE_LOG;
}

/* Column col of the .dat (2: the time, 5 on: counters; 0: none). */
static double value_at(const struct run *run, unsigned col)
{
	return col == 2 ? run->median : col ? run->c[col - 5] : NAN;
}

/*
 * One panel: its quantity and label, then the axis facts gnuplot cannot
 * find without failing on empty data: the quantity's column (0: not in
 * this run), whether the axis is logarithmic (the panel's scale, else when
 * the values span two decades), and which generations have nothing to
 * draw on it.
 */
static void write_panel(FILE *f, const struct results *r,
			const struct series *s, const char *side,
			const struct figure_panel *p, bool logx)
{
	int k = counter_index(r, p->q);
	unsigned i, j, end, ndrawn;
	unsigned col = !strcmp(p->q, "time") ? 2 : k >= 0 ? (unsigned)k + 5 : 0;
	double lo = INFINITY, hi = -INFINITY, v;
	bool any = false, logy;
	char name[32];

	for (i = 0; i < s->n; i++) {
		v = value_at(s->pt[i], col);
		if (s->pt[i]->error || !isfinite(v))
			continue;
		any = true;
		if (v > 0) {
			lo = fmin(lo, v);
			hi = fmax(hi, v);
		}
	}
	logy = scale_log(p->scale, hi > 0 && hi / lo >= 100);
	gp_str(f, side, p->q);
	snprintf(name, sizeof(name), "%s_label", side);
	gp_str(f, name, p->label);
	fprintf(f, "%s_col = %u\n%s_log = %d\n%s_have = %d\n%s_small = %d\n"
		"%s_none = \" ", side, col, side, logy, side, any, side, lo < 1,
		side);
	for (i = 0; i < s->n; i = end) {
		end = next_gen(s, i);
		for (ndrawn = 0, j = i; j < end; j++) {
			v = value_at(s->pt[j], col);
			ndrawn += !s->pt[j]->error && isfinite(v) &&
				  (!logy || v > 0) && (!logx || s->x[j] > 0);
		}
		if (!ndrawn && measured_in_gen(s, i))
			fprintf(f, "%s ", s->pt[i]->gen);
	}
	fputs("\"\n", f);
}

/* Curves of no registered generation, in turn: dashed, apart from all. */
static const struct {
	const char *color;
	unsigned point, dash;
} generic_style[] = {
	{ "#e377c2", 5, 4 }, { "#bcbd22", 7, 4 },
	{ "#e377c2", 9, 5 }, { "#bcbd22", 11, 5 },
};

/* An ablation's generation ("avc" of "avc+fork=copy"), else NULL. */
static const struct rmap_generation *ablated(const char *gen)
{
	char base[64];

	if (!is_ablation(gen))
		return NULL;
	snprintf(base, sizeof(base), "%.*s", (int)strcspn(gen, "+"), gen);
	return rmap_find_generation(base);
}

/*
 * The curves, one per generation with a measured point (gens, the .dat's
 * blocks), and line type i for the i-th: a registered generation's colour
 * and point type, the same in every figure; an ablation its generation's,
 * dashed; anything else (a component's variant, a --variant spec) the
 * generic styles in order of appearance.
 */
static void write_curves(FILE *f, const struct series *s)
{
	const struct rmap_generation *g, *a;
	unsigned i, n = 0, other = 0, k;

	fputs("gens = \"", f);
	for (i = 0; i < s->n; i = next_gen(s, i))
		if (measured_in_gen(s, i))
			fprintf(f, "%s%s", n++ ? " " : "", s->pt[i]->gen);
	fputs("\"\n", f);
	for (i = 0, n = 0; i < s->n; i = next_gen(s, i)) {
		if (!measured_in_gen(s, i))
			continue;
		g = rmap_find_generation(s->pt[i]->gen);
		a = ablated(s->pt[i]->gen);
		k = other % ARRAY_SIZE(generic_style);
		other += !g && !a;
		if (a)
			fprintf(f, "set linetype %u lc rgb \"%s\" pt %u dt 2\n",
				++n, a->color, a->point + 1);
		else
			fprintf(f, "set linetype %u lc rgb \"%s\" pt %u dt %u\n",
				++n, g ? g->color : generic_style[k].color,
				g ? g->point : generic_style[k].point,
				g ? 1 : generic_style[k].dash);
	}
}

/*
 * A linear x axis gets at most about six ticks (1, 2 or 5 times a power of
 * ten apart), so their labels cannot run into each other; whole-number
 * parameters (a tree's height) never get fractional ticks.
 */
static double tick_step(double span, bool whole)
{
	static const double nice[] = { 1, 2, 5 };
	double decade = 1;
	unsigned i;

	if (!(span > 0) || !isfinite(span))
		return 1;
	while (decade * 10 <= span / 6)
		decade *= 10;
	while (decade > span / 6 && !(whole && decade <= 1))
		decade /= 10;
	for (i = 0; i < 3; i++)
		if (nice[i] * decade * 6 >= span)
			return nice[i] * decade;
	return 10 * decade;
}

/* A linear time axis reads best in one unit: the largest time's. */
static void write_time_unit(FILE *f, const struct series *s)
{
	static const char *const unit[] = { "ns", "µs", "ms", "s" };
	double hi = 0, scale = 1;
	unsigned i, u = 0;

	for (i = 0; i < s->n; i++)
		if (!s->pt[i]->error && isfinite(s->pt[i]->max))
			hi = fmax(hi, s->pt[i]->max);
	while (u < 3 && hi >= 1000 * scale) {
		scale *= 1000;
		u++;
	}
	fprintf(f, "tscale = %g\ntunit = \"%s\"\n", 1 / scale, unit[u]);
}

/* xcats: gnuplot xtics ("name" x, ...) of a categorical x, else "". */
static void write_categories(FILE *f, const struct series *s)
{
	unsigned i, j, k = 0;
	int pi;

	fputs("xcats = \"", f);
	for (i = 0; s->fig->categorical && i < s->n; i++) {
		pi = param_index(s->pt[i], s->xname);
		for (j = 0; j < i && s->x[j] != s->x[i]; j++)
			;
		if (pi >= 0 && j == i)
			fprintf(f, "%s'%s' %.10g", k++ ? ", " : "",
				s->pt[i]->pstr[pi], s->x[i]);
	}
	fputs("\"\n", f);
}

/*
 * What figure.gp needs to draw the figure: its spec (title, x label, the
 * panels), the curves and their styles, and the x axis: log or linear (the
 * figure's scale, else log when x spans a factor of five), the ticks, the
 * measured range.
 */
static void write_inc(const struct results *r, const struct series *s,
		      FILE *f)
{
	const struct scenario_figure *fig = s->fig;
	double lo = INFINITY, hi = -INFINITY;
	unsigned i, k;
	bool logx, xint;

	for (i = 0; i < s->n; i++) {
		if (s->pt[i]->error || s->x[i] <= 0)
			continue;
		lo = fmin(lo, s->x[i]);
		hi = fmax(hi, s->x[i]);
	}
	logx = !fig->categorical &&
	       scale_log(fig->xscale, hi > 0 && hi / lo >= 5);
	for (i = 0, xint = true; i < s->n; i++)
		xint &= s->pt[i]->error || s->x[i] == floor(s->x[i]);
	fprintf(f, "# figure %s, written by rmapreport from %s\n", fig->name,
		r->path);
	gp_str(f, "ftitle", fig->title);
	gp_str(f, "xlabel", fig->xlabel ? fig->xlabel : s->xname);
	write_curves(f, s);
	gp_str(f, "xname", s->xname);
	gp_str(f, "fixed", s->fixed[0]);
	fprintf(f, "logx = %d\n", logx);
	write_time_unit(f, s);
	fprintf(f, "xstep = %.10g\n", logx ? 0 : tick_step(hi - lo, xint));
	write_categories(f, s);
	/* the measured range and a little room, not the next decade */
	if (fig->categorical)
		fprintf(f, "xlo = %.10g\nxhi = %.10g\n", lo - 0.5, hi + 0.5);
	else if (logx)
		fprintf(f, "xlo = %.10g\nxhi = %.10g\n", lo / 1.25, hi * 1.25);
	else
		fprintf(f, "xlo = %.10g\nxhi = %.10g\n",
			lo - (hi - lo) / 20 - (hi == lo),
			hi + (hi - lo) / 20 + (hi == lo));
	/* named under the title: over budget or failed, so not drawn */
	fputs("notdrawn = \"", f);
	for (i = 0, k = 0; i < s->n; i++)
		if (s->pt[i]->error)
			fprintf(f, "%s%s at %s=%.10g", k++ ? ", " : "",
				s->pt[i]->gen, s->xname, s->x[i]);
	fputs("\"\n", f);
	write_panel(f, r, s, "left", &fig->left, logx);
	if (fig->right.q)
		write_panel(f, r, s, "right", &fig->right, logx);
	else
		fputs("right = \"\"\nright_label = \"\"\n", f);
}

static void write_file(const char *dir, const char *name, const char *ext,
		       const struct results *r, const struct series *s,
		       void (*fn)(const struct results *, const struct series *,
				  FILE *))
{
	struct outfile o;
	char *path;

	if (asprintf(&path, "%s/%s%s", dir, name, ext) < 0)
		die("out of memory");
	out_open(&o, path);
	fn(r, s, o.f);
	out_commit(&o);
	free(path);
}

/* Whether s ends in suffix; *base: the length before it. */
static bool ends_in(const char *s, const char *suffix, size_t *base)
{
	size_t n = strlen(s), m = strlen(suffix);

	*base = n - m;
	return n > m && !strcmp(s + n - m, suffix);
}

static bool written_now(const char *file, size_t len,
			const char *const *written, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strncmp(written[i], file, len) && !written[i][len])
			return true;
	return false;
}

/* Whether rmapreport wrote path: its files begin "# figure ". */
static bool ours(const char *path)
{
	static const char head[] = "# figure ";
	char buf[sizeof(head) - 1];
	FILE *f = fopen(path, "r");
	bool yes = f && fread(buf, 1, sizeof(buf), f) == sizeof(buf) &&
		   !memcmp(buf, head, sizeof(buf));

	if (f)
		fclose(f);
	return yes;
}

/*
 * scripts/plots.sh draws every .inc.gp of the directory, so it keeps the
 * figures written now and nothing else: rmapreport's .dat and .inc.gp of a
 * figure without a curve in this run, or no longer registered, go.
 */
static void remove_stale(const char *dir, const char *const *written,
			 unsigned n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t len;
	char *path;

	if (!d)
		die("cannot read %s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		if ((!ends_in(e->d_name, ".dat", &len) &&
		     !ends_in(e->d_name, ".inc.gp", &len)) ||
		    written_now(e->d_name, len, written, n))
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0)
			die("out of memory");
		if (ours(path) && unlink(path) && errno != ENOENT)
			die("cannot remove stale %s: %s", path,
			    strerror(errno));
		free(path);
	}
	closedir(d);
}

bool write_figure(const char *dir, const struct results *r,
		  const struct scenario *sc, const struct scenario_figure *fig)
{
	struct series s;
	bool drawn = build_series(r, sc, fig, &s);

	if (drawn) {
		write_file(dir, fig->name, ".dat", r, &s, write_dat);
		write_file(dir, fig->name, ".inc.gp", r, &s, write_inc);
	}
	free_series(&s);
	return drawn;
}

/*
 * ablations.dat: one row per comparison that finished (index, ratio, its
 * interval, label), the interval collapsed onto the ratio where it is
 * unknown; ablations.inc.gp: the title and the count. plots/ablations.gp
 * draws them.
 */
static void write_ablation_dat(const struct results *r,
			       const struct comparison *c, unsigned n, FILE *f)
{
	unsigned i, k = 0;

	fprintf(f, "# figure ablations: runs one rule apart, from %s\n"
		"# columns: 1 index, 2 time ratio (geometric means), 3 95%% "
		"CI low, 4 high, 5 label\n", r->path);
	for (i = 0; i < n; i++) {
		const struct interval *ci = &c[i].ci;

		if (c[i].run->error || c[i].base->error)
			continue;
		fprintf(f, "%u", ++k);
		put_num(f, ci->r);
		put_num(f, ci->known ? ci->lo : ci->r);
		put_num(f, ci->known ? ci->hi : ci->r);
		fprintf(f, " \"%s: %s / %s%s\"\n", c[i].run->scenario,
			c[i].run->gen, c[i].base->gen,
			ci->known ? "" : " (no CI)");
	}
}

static void write_ablation_inc(const struct results *r,
			       const struct comparison *c, unsigned n, FILE *f)
{
	unsigned i, k = 0;

	for (i = 0; i < n; i++)
		k += !c[i].run->error && !c[i].base->error;
	fprintf(f, "# figure ablations, written by rmapreport from %s\n"
		"kind = \"ablations\"\n", r->path);
	gp_str(f, "ftitle", "Runs one rule apart: time ratio at each "
	       "scenario's headline point, with its 95% CI");
	fprintf(f, "n = %u\n", k);
}

static void write_ablation_file(const char *dir, const char *ext,
				const struct results *r,
				const struct comparison *c, unsigned n,
				void (*fn)(const struct results *,
					   const struct comparison *, unsigned,
					   FILE *))
{
	struct outfile o;
	char *path;

	if (asprintf(&path, "%s/ablations%s", dir, ext) < 0)
		die("out of memory");
	out_open(&o, path);
	fn(r, c, n, o.f);
	out_commit(&o);
	free(path);
}

/* The ablations figure's files; false when no comparison finished. */
static bool write_ablations(const char *dir, const struct results *r)
{
	struct comparison *c;
	unsigned n = comparisons(r, &c);
	bool drawn = any_compared(c, n);

	if (drawn) {
		write_ablation_file(dir, ".dat", r, c, n, write_ablation_dat);
		write_ablation_file(dir, ".inc.gp", r, c, n,
				    write_ablation_inc);
	}
	free(c);
	return drawn;
}

int cmd_data(const char *json, const char *dir, const char *cachesim)
{
	char **phase_fig = xmalloc(nr_scenarios * sizeof(*phase_fig));
	const char **written;
	struct results r;
	struct stat st;
	unsigned i, k, n = 0;

	load(&r, json);
	if (mkdir(dir, 0755) && errno != EEXIST)
		die("cannot create %s: %s", dir, strerror(errno));
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		die("%s is not a directory: name an output directory", dir);
	for (i = 0; i < nr_scenarios; i++)
		n += scenarios[i]->nfigures + 1;
	written = xmalloc((n + 1 + CACHESIM_FIGURES) * sizeof(*written));
	for (i = 0, n = 0; i < nr_scenarios; i++)
		for (k = 0; k < scenarios[i]->nfigures; k++)
			if (write_figure(dir, &r, scenarios[i],
					 &scenarios[i]->figures[k]))
				written[n++] = scenarios[i]->figures[k].name;
	for (i = 0; i < nr_scenarios; i++) {
		phase_fig[i] = NULL;
		if (!write_phase_figure(dir, &r, scenarios[i]))
			continue;
		if (asprintf(&phase_fig[i], "%s_phases",
			     scenarios[i]->name) < 0)
			die("out of memory");
		written[n++] = phase_fig[i];
	}
	if (write_ablations(dir, &r))
		written[n++] = "ablations";
	if (cachesim)
		n += cachesim_figures(dir, cachesim, written + n);
	remove_stale(dir, written, n);
	for (i = 0; i < nr_scenarios; i++)
		free(phase_fig[i]);
	free(phase_fig);
	free(written);
	unload(&r);
	return 0;
}
