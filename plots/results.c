/*
 * Reading Google Benchmark JSON: the NaN pre-lexer, the runs (one per
 * benchmark, its repetitions and aggregate), their summaries (median,
 * min-max, counter medians), the report's order, and the numbers as tables
 * print them.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/scenarios/scenario.h"
#include "common/lib/slurp.h"
#include "common/rmap.h"
#include "common/stats.h"
#include "plots/results.h"

/* Keys of a benchmark entry that Google Benchmark itself writes. */
static const char *const gb_keys[] = {
	"name", "family_index", "per_family_instance_index", "run_name",
	"run_type", "repetitions", "repetition_index", "threads", "iterations",
	"real_time", "cpu_time", "time_unit", "aggregate_name",
	"aggregate_unit", "error_occurred", "error_message", "label",
	"big_o", "rms", "cpu_coefficient", "real_coefficient", "complexity",
};

/* Name components Google Benchmark appends to a family's name. */
static const char *const gb_suffixes[] = {
	"repeats:", "iterations:", "min_time:", "min_warmup_time:", "threads:",
	"manual_time", "real_time", "process_time",
};

static bool in_list(const char *s, const char *const *list, unsigned n,
		    bool prefix)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (prefix ? !strncmp(s, list[i], strlen(list[i])) :
			     !strcmp(s, list[i]))
			return true;
	return false;
}

#define IN(s, list, prefix) in_list(s, list, ARRAY_SIZE(list), prefix)

/*
 * Google Benchmark writes non-finite counters as bare NaN, Infinity and
 * -Infinity, which JSON does not allow. Outside strings they become the
 * strings "NaN", "Infinity", "-Infinity", read back by number().
 */
static char *quote_nonfinite(const char *in, size_t len, size_t *outlen)
{
	static const char *const tok[] = { "-Infinity", "Infinity", "NaN" };
	char *out = xmalloc(len * 2 + 1);
	bool str = false;
	size_t i = 0, o = 0;
	unsigned k;

	while (i < len) {
		char ch = in[i];

		if (str) {
			out[o++] = in[i++];
			if (ch == '\\' && i < len)
				out[o++] = in[i++];
			else if (ch == '"')
				str = false;
			continue;
		}
		for (k = 0; k < 3; k++) {
			size_t tl = strlen(tok[k]);

			if (len - i >= tl && !memcmp(in + i, tok[k], tl)) {
				o += sprintf(out + o, "\"%s\"", tok[k]);
				i += tl;
				break;
			}
		}
		if (k < 3)
			continue;
		if (ch == '"')
			str = true;
		out[o++] = in[i++];
	}
	*outlen = o;
	return out;
}

static bool number(const json_t *v, double *out)
{
	const char *s;

	if (json_is_number(v)) {
		*out = json_number_value(v);
		return true;
	}
	if (!json_is_string(v))
		return false;
	s = json_string_value(v);
	if (!strcmp(s, "NaN"))
		*out = NAN;
	else if (!strcmp(s, "Infinity"))
		*out = INFINITY;
	else if (!strcmp(s, "-Infinity"))
		*out = -INFINITY;
	else
		return false;
	return true;
}

const char *str_of(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void not_gb(const struct results *r, const char *why)
{
	die("%s is not Google Benchmark JSON (%s): write it with "
	    "--benchmark_out=FILE --benchmark_out_format=json", r->path, why);
}

int counter_index(const struct results *r, const char *name)
{
	unsigned i;

	for (i = 0; i < r->ncounter; i++)
		if (!strcmp(r->counter[i], name))
			return i;
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void add_counter(struct results *r, const char *name)
{
	if (counter_index(r, name) >= 0)
		return;
	if (r->ncounter == MAX_COUNTERS)
		die("%s: more than %d counters", r->path, MAX_COUNTERS);
	r->counter[r->ncounter++] = name;
}

/*
 * The counter columns: the model counters in stats.h order, each at its
 * enum model_counter index, then the rest (a component's counters, hardware
 * events) by name.
 */
static void collect_counters(struct results *r, const json_t *benches)
{
	const char *other[MAX_COUNTERS], *key;
	unsigned i, j, nother = 0;
	const json_t *b, *v;
	size_t bi;
	double d;

	for (i = 0; i < NR_MODEL_COUNTERS; i++)
		add_counter(r, model_counter_names[i]);
	json_array_foreach(benches, bi, b) {
		json_object_foreach((json_t *)b, key, v) {
			if (IN(key, gb_keys, false) || !number(v, &d) ||
			    counter_index(r, key) >= 0)
				continue;
			for (j = 0; j < nother; j++)
				if (!strcmp(other[j], key))
					break;
			if (j < nother)
				continue;
			if (nother + r->ncounter == MAX_COUNTERS)
				die("%s: more than %d counters", r->path,
				    MAX_COUNTERS);
			other[nother++] = key;
		}
	}
	qsort(other, nother, sizeof(other[0]), cmp_str);
	for (j = 0; j < nother; j++)
		add_counter(r, other[j]);
}

char *plain_name(const char *full)
{
	char *buf = xstrdup(full), *name = xmalloc(strlen(full) + 1);
	char *save = NULL, *tok;
	size_t len = 0;

	name[0] = 0;
	for (tok = strtok_r(buf, "/", &save); tok;
	     tok = strtok_r(NULL, "/", &save))
		if (!IN(tok, gb_suffixes, true))
			len += sprintf(name + len, "%s%s", len ? "/" : "", tok);
	free(buf);
	return name;
}

/* "scenario/generation/param:value/...", as rmapbench names a benchmark;
 * a component's variant (the host kernel, a tree) stands for the
 * generation. */
static void parse_name(struct run *run, const char *full)
{
	char *buf = xstrdup(full), *save = NULL, *tok, *gen = NULL;

	run->name = plain_name(full);
	for (tok = strtok_r(buf, "/", &save); tok;
	     tok = strtok_r(NULL, "/", &save)) {
		char *colon = strchr(tok, ':');

		if (IN(tok, gb_suffixes, true))
			continue;
		if (!run->scenario) {
			run->scenario = xstrdup(tok);
		} else if (colon && run->np < MAX_PARAMS) {
			*colon = 0;
			run->pname[run->np] = xstrdup(tok);
			run->pstr[run->np] = xstrdup(colon + 1);
			run->pval[run->np] = strtod(colon + 1, &tok);
			if (*tok || tok == colon + 1)
				run->pval[run->np] = NAN;
			run->np++;
		} else if (!colon && !gen) {
			gen = tok;
		} else {
			die("benchmark '%s': cannot read component '%s' "
			    "(expected scenario/generation/param:value)",
			    full, tok);
		}
	}
	if (!gen)
		die("benchmark '%s' names no generation (expected "
		    "scenario/generation/param:value): rerun it with this "
		    "rmapbench", full);
	run->gen = xstrdup(gen);
	free(buf);
}

struct run *find_run(struct results *r, const char *name)
{
	unsigned i;

	for (i = 0; i < r->nrun; i++)
		if (!strcmp(r->run[i].name, name))
			return &r->run[i];
	return NULL;
}

static double time_ns(const struct results *r, const json_t *b, size_t bi)
{
	static const char *const unit[] = { "ns", "us", "ms", "s" };
	static const double scale[] = { 1, 1e3, 1e6, 1e9 };
	const char *u = str_of(b, "time_unit");
	char why[64];
	unsigned i;
	double t;

	if (!number(json_object_get(b, "real_time"), &t)) {
		snprintf(why, sizeof(why), "benchmark %zu has no real_time",
			 bi);
		not_gb(r, why);
	}
	for (i = 0; u && i < 4; i++)
		if (!strcmp(u, unit[i]))
			return t * scale[i];
	snprintf(why, sizeof(why), "benchmark %zu has time_unit %s", bi,
		 u ? u : "missing");
	not_gb(r, why);
	return 0;
}

static void read_rep(struct results *r, const json_t *b, size_t bi,
		     struct rep *rep)
{
	unsigned i;

	rep->t = time_ns(r, b, bi);
	for (i = 0; i < r->ncounter; i++)
		if (!number(json_object_get(b, r->counter[i]), &rep->c[i]))
			rep->c[i] = NAN;
}

static void free_run(struct run *run)
{
	unsigned i;

	for (i = 0; i < run->np; i++) {
		free(run->pname[i]);
		free(run->pstr[i]);
	}
	free(run->name);
	free(run->scenario);
	free(run->gen);
	free(run->rep);
}

static struct run *run_for(struct results *r, const char *name)
{
	struct run probe = { 0 }, *run;

	parse_name(&probe, name);
	run = find_run(r, probe.name);
	if (run) {
		free_run(&probe);
		return run;
	}
	r->run = xrealloc(r->run, (r->nrun + 1) * sizeof(*r->run));
	r->run[r->nrun] = probe;
	return &r->run[r->nrun++];
}

static void read_entry(struct results *r, const json_t *b, size_t bi)
{
	const char *name = str_of(b, "run_name"), *type, *agg;
	struct run *run;
	char why[64];

	if (!name)
		name = str_of(b, "name");
	type = str_of(b, "run_type");
	if (!json_is_object(b) || !name) {
		snprintf(why, sizeof(why), "benchmark %zu has no name", bi);
		not_gb(r, why);
	}
	run = run_for(r, name);
	if (json_is_true(json_object_get(b, "error_occurred"))) {
		const char *msg = str_of(b, "error_message");

		if (!run->error)
			run->error = msg ? msg : "error";
		return;
	}
	if (type && !strcmp(type, "aggregate")) {
		agg = str_of(b, "aggregate_name");
		if (agg && !strcmp(agg, "median")) {
			read_rep(r, b, bi, &run->agg);
			run->has_agg = true;
		}
		return;
	}
	if (run->nrep == run->cap) {
		run->cap = run->cap ? 2 * run->cap : 4;
		run->rep = xrealloc(run->rep, run->cap * sizeof(*run->rep));
	}
	read_rep(r, b, bi, &run->rep[run->nrep]);
	if (!isfinite(run->rep[run->nrep].t) && !run->error)
		run->error = "non-finite time";
	run->nrep++;
}

static void summarize(struct results *r, struct run *run)
{
	unsigned i, k, n = run->nrep;
	const struct rep *rep = run->rep;
	double *v;

	if (!n && run->has_agg) {
		rep = &run->agg;
		n = 1;
	} else if (!n && !run->error) {
		run->error = "no measurement";
	}
	run->spread_known = run->nrep > 0;
	run->median = run->min = run->max = NAN;
	for (k = 0; k < r->ncounter; k++)
		run->c[k] = NAN;
	if (!n || run->error)
		return;
	v = xmalloc(n * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = rep[i].t;
	run->median = median(v, n);
	run->min = v[0];
	run->max = v[n - 1];
	for (k = 0; k < r->ncounter; k++) {
		for (i = 0; i < n; i++)
			v[i] = rep[i].c[k];
		run->c[k] = median(v, n);
	}
	free(v);
}

/* ---- ordering ---- */

/* Scenarios in registry (report) order; unregistered ones after, by name. */
static unsigned scenario_rank(const char *scenario)
{
	unsigned i;

	for (i = 0; i < nr_scenarios; i++)
		if (!strcmp(scenarios[i]->name, scenario))
			return i;
	return nr_scenarios;
}

/*
 * Generations in registry (historical) order; anything else after, by
 * name: a component's variants, ablation specs.
 */
static unsigned gen_rank(const char *gen)
{
	const struct rmap_generation *g = rmap_find_generation(gen);

	return g ? (unsigned)(g - rmap_generations) : rmap_nr_generations;
}

int cmp_params(const struct run *a, const struct run *b, int skip)
{
	unsigned i;
	int c;

	for (i = 0; i < a->np && i < b->np; i++) {
		if ((int)i == skip)
			continue;
		c = strcmp(a->pname[i], b->pname[i]);
		if (c)
			return c;
		if (!isnan(a->pval[i]) && !isnan(b->pval[i]))
			c = cmp_double(&a->pval[i], &b->pval[i]);
		else
			c = strcmp(a->pstr[i], b->pstr[i]);
		if (c)
			return c;
	}
	return (a->np > b->np) - (a->np < b->np);
}

int cmp_gen(const char *a, const char *b)
{
	unsigned ra = gen_rank(a), rb = gen_rank(b);

	return ra != rb ? (ra > rb) - (ra < rb) : strcmp(a, b);
}

static int cmp_run(const void *pa, const void *pb)
{
	const struct run *a = pa, *b = pb;
	unsigned ra = scenario_rank(a->scenario);
	unsigned rb = scenario_rank(b->scenario);
	int c;

	if (ra != rb)
		return (ra > rb) - (ra < rb);
	c = strcmp(a->scenario, b->scenario);
	if (!c)
		c = cmp_params(a, b, -1);
	return c ? c : cmp_gen(a->gen, b->gen);
}

void load(struct results *r, const char *path)
{
	json_t *benches;
	json_error_t jerr;
	size_t len, qlen, bi;
	char *raw, *quoted;
	const json_t *b;
	unsigned i;

	memset(r, 0, sizeof(*r));
	r->path = path;
	raw = slurp(path, &len);
	if (!raw)
		die("cannot read %s: %s", path, strerror(errno));
	quoted = quote_nonfinite(raw, len, &qlen);
	free(raw);
	r->root = json_loadb(quoted, qlen, 0, &jerr);
	free(quoted);
	if (!r->root)
		die("%s is not JSON (line %d: %s): give the file "
		    "--benchmark_out wrote", path, jerr.line, jerr.text);
	r->context = json_object_get(r->root, "context");
	benches = json_object_get(r->root, "benchmarks");
	if (!json_is_object(r->context) || !json_is_array(benches))
		not_gb(r, "no \"context\" object and \"benchmarks\" array");
	collect_counters(r, benches);
	json_array_foreach(benches, bi, b)
		read_entry(r, b, bi);
	if (!r->nrun)
		not_gb(r, "no benchmarks");
	for (i = 0; i < r->nrun; i++)
		summarize(r, &r->run[i]);
	qsort(r->run, r->nrun, sizeof(*r->run), cmp_run);
}

void unload(struct results *r)
{
	unsigned i;

	for (i = 0; i < r->nrun; i++)
		free_run(&r->run[i]);
	free(r->run);
	json_decref(r->root);
}

int param_index(const struct run *run, const char *name)
{
	unsigned i;

	for (i = 0; i < run->np; i++)
		if (!strcmp(run->pname[i], name))
			return i;
	return -1;
}

double param(const struct run *run, const char *name)
{
	int i = param_index(run, name);

	return i < 0 ? NAN : run->pval[i];
}

/* ---- number formatting, shared by tables and findings ---- */

static const char *fmt_nonfinite(double v)
{
	return isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf";
}

char *fmt_time(char *buf, double ns)
{
	static const char *const unit[] = { "ns", "µs", "ms", "s" };
	unsigned u = 0;

	if (!isfinite(ns)) {
		strcpy(buf, fmt_nonfinite(ns));
		return buf;
	}
	while (u < 3 && fabs(ns) >= 1000) {
		ns /= 1000;
		u++;
	}
	sprintf(buf, "%.3g %s", ns, unit[u]);
	return buf;
}

char *fmt_count(char *buf, double v)
{
	if (!isfinite(v))
		strcpy(buf, isnan(v) ? "–" : fmt_nonfinite(v));
	else if (v == floor(v) && fabs(v) < 1e15)
		sprintf(buf, "%.0f", v);
	else
		sprintf(buf, "%.4g", v);
	return buf;
}

char *fmt_ratio(char *buf, double v)
{
	if (!isfinite(v))
		strcpy(buf, "–");
	else
		sprintf(buf, v >= 100 ? "%.0f×" : "%.3g×", v);
	return buf;
}

/* "k=v, k=v" of every parameter. */
char *fmt_params(char *buf, size_t len, const struct run *run)
{
	size_t used = 0;
	unsigned i;

	buf[0] = 0;
	for (i = 0; i < run->np && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s=%s",
				 used ? ", " : "", run->pname[i],
				 run->pstr[i]);
	return buf;
}

