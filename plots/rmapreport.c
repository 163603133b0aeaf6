/*
 * rmapreport: what people read of a benchmark run. From the Google Benchmark
 * JSON that `make bench` writes it makes the gnuplot data of every figure
 * (one block per generation, the median and min-max of the repetitions, the
 * model counters beside the time), RESULTS.md, and a comparison of two runs.
 *
 * Every number printed comes from the JSON: a ratio is printed only when both
 * of its operands were measured, runs that exceeded their budget are listed
 * as such and never drawn, and non-finite values stay visible as NaN.
 * Output files are written to a temporary name and renamed, so a failure
 * leaves the previous file in place, never half of a new one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/rmap.h"
#include "common/stats.h"

#define MAX_PARAMS	8
#define MAX_COUNTERS	64
#define MAX_PENDING	64

/* ---- errors and atomic output ---- */

static char *pending[MAX_PENDING];	/* temporary files not yet renamed */

static void drop_pending(void)
{
	unsigned i;

	for (i = 0; i < MAX_PENDING; i++) {
		if (pending[i]) {
			unlink(pending[i]);
			free(pending[i]);
			pending[i] = NULL;
		}
	}
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("rmapreport: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	drop_pending();
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die("out of memory");
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

struct outfile {
	FILE *f;
	const char *path;
	int slot;
};

static void out_open(struct outfile *o, const char *path)
{
	char *tmp;
	int fd, i;

	if (asprintf(&tmp, "%s.tmp.XXXXXX", path) < 0)
		die("out of memory");
	fd = mkstemp(tmp);
	if (fd < 0)
		die("cannot create %s: %s", tmp, strerror(errno));
	for (i = 0; i < MAX_PENDING && pending[i]; i++)
		;
	if (i == MAX_PENDING)
		die("too many output files open");
	pending[i] = tmp;
	o->slot = i;
	o->path = path;
	o->f = fdopen(fd, "w");
	if (!o->f)
		die("cannot write %s: %s", tmp, strerror(errno));
}

static void out_commit(struct outfile *o)
{
	char *tmp = pending[o->slot];

	if (fchmod(fileno(o->f), 0644) || fflush(o->f) || ferror(o->f) ||
	    fclose(o->f))
		die("cannot write %s: %s", tmp, strerror(errno));
	if (rename(tmp, o->path))
		die("cannot rename %s to %s: %s", tmp, o->path,
		    strerror(errno));
	free(tmp);
	pending[o->slot] = NULL;
}

/* ---- reading Google Benchmark JSON ---- */

struct rep {
	double t;			/* real time per iteration, ns */
	double c[MAX_COUNTERS];
};

struct run {
	char *name;		/* run_name without GB's own suffixes */
	char *scenario, *gen;
	unsigned np;
	char *pname[MAX_PARAMS], *pstr[MAX_PARAMS];
	double pval[MAX_PARAMS];
	struct rep *rep;
	unsigned nrep, cap;
	struct rep agg;		/* the "median" aggregate, if any */
	bool has_agg;
	const char *error;	/* over budget or failed: never drawn */
	/* filled by summarize() */
	bool spread_known;
	double median, min, max;
	double c[MAX_COUNTERS];	/* medians over the repetitions */
};

struct results {
	const char *path;
	json_t *root, *context;
	struct run *run;
	unsigned nrun;
	const char *counter[MAX_COUNTERS];
	unsigned ncounter;
};

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

/* Computed here from the model counters; the harness's own copies are
 * ignored so that a table's ratio is always the ratio of its columns. */
#define C_NODES_PER_WALK	"nodes_per_walk"
#define C_CONFIRMED_PER_CAND	"confirmed_per_candidate"

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

#define IN(s, list, prefix) \
	in_list(s, list, sizeof(list) / sizeof(list[0]), prefix)

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 1 << 16, n = 0;
	char *buf;

	if (!f)
		die("cannot read %s: %s", path, strerror(errno));
	buf = xmalloc(cap);
	for (;;) {
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
		buf = xrealloc(buf, cap);
	}
	if (ferror(f))
		die("cannot read %s: %s", path, strerror(errno));
	fclose(f);
	*len = n;
	return buf;
}

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

static const char *str_of(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void not_gb(const struct results *r, const char *why)
{
	die("%s is not Google Benchmark JSON (%s): write it with "
	    "--benchmark_out=FILE --benchmark_out_format=json", r->path, why);
}

static int counter_index(const struct results *r, const char *name)
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
 * The counter columns: the model counters in stats.h order, the two ratios
 * computed from them, then the rest (hardware events) by name.
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
	add_counter(r, C_NODES_PER_WALK);
	add_counter(r, C_CONFIRMED_PER_CAND);
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

/* "scenario/generation/param:value/...": a name without a generation
 * component (the host kernel's runs) gets the generation "host". */
static void parse_name(struct run *run, const char *full)
{
	char *buf = xstrdup(full), *save = NULL, *tok, *gen = NULL;
	size_t namelen = 0;

	run->name = xmalloc(strlen(full) + 1);
	run->name[0] = 0;
	for (tok = strtok_r(buf, "/", &save); tok;
	     tok = strtok_r(NULL, "/", &save)) {
		char *colon = strchr(tok, ':');

		if (IN(tok, gb_suffixes, true))
			continue;
		namelen += sprintf(run->name + namelen, "%s%s",
				   namelen ? "/" : "", tok);
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
	run->gen = xstrdup(gen ? gen : "host");
	free(buf);
}

static struct run *find_run(struct results *r, const char *name)
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

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n); NaN if any value is NaN, so it cannot hide. */
static double median(double *v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (isnan(v[i]))
			return NAN;
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double ratio(double num, double den)
{
	return isfinite(num) && isfinite(den) && den ? num / den : NAN;
}

static void summarize(struct results *r, struct run *run)
{
	int nw = counter_index(r, C_NODES_PER_WALK);
	int cc = counter_index(r, C_CONFIRMED_PER_CAND);
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
	run->c[nw] = ratio(run->c[MC_NODES], run->c[MC_WALKS]);
	run->c[cc] = ratio(run->c[MC_CONFIRMED], run->c[MC_CANDIDATES]);
}

/* ---- ordering ---- */

struct scenario_text {
	const char *name;
	const char *models;
	const char *question;
	const char *baseline;
	const char *extra;	/* counters shown beside the common ones */
	bool memory;		/* findings cite rmap bytes */
};

static const struct scenario_text texts[] = {
	{ "fork_exit",
	  "A process with P pages (file_pct of them file-backed, private, "
	  "read) forks and the child exits at once: akpm's fork/exit storm, "
	  "lmbench's fork+exit.",
	  "What did per-pte reverse mapping (pte_chain, 2.5) add to fork and "
	  "exit, and how much did object rmap for file pages (2.6.7) and lazy "
	  "fork of vmas without anon state (2.6.14) take back?",
	  "pte_chain", "rmap_adds ptes_copied", true },
	{ "fork_server",
	  "A parent with K anonymous pages forks N children that each write "
	  "their K pages; reclaim then walks every page.",
	  "Why anon_vma_chain (2.6.34): with one anon_vma per fork family a "
	  "walk of a child's private page visits the vmas of all N+1 "
	  "processes; with chains it visits about two.",
	  "anon_vma", "", true },
	{ "fork_chain",
	  "Fork, the parent exits, the child forks again, for G generations.",
	  "Why anon_vma reuse (3.19 degree, 6.0 num_children and "
	  "num_active_vmas): under anon_vma_chain the anon_vmas and chains "
	  "grow with every generation.",
	  "avc", "rmap_objects_peak", true },
	{ "fork_tree",
	  "A random fork tree, every process writing part of its private "
	  "memory and reading a shared file; every page is aged once, then "
	  "the tree exits: a shell session or a make -j.",
	  "How do the generations compare on an ordinary process lifetime "
	  "rather than a pathological one?",
	  "avc", "", true },
	{ "file_windows",
	  "akpm's rmap-test: T tasks map V windows of S pages of one shared "
	  "file, touch them, then every file page is walked.",
	  "What did the linear i_mmap lists cost a walk when a file has many "
	  "vmas, and what did the priority search tree (2.6.7) and the "
	  "interval tree (3.7) buy?",
	  "objrmap", "", false },
	{ "test_mmap3",
	  "Ingo Molnar's test (2004): a shared file mapped as one-page vmas in "
	  "reversed offset order, 2^R processes by fork, then memory pressure "
	  "ages every file page.",
	  "The case that brought the priority search tree into 2.6.7: does a "
	  "walk stay cheap when the file holds vmas times processes mappings?",
	  "objrmap", "", false },
	{ "shared_lib",
	  "Many processes map one library-like file whole: text and rodata "
	  "shared, data written (COWed), plus an anonymous bss.",
	  "What do identical ranges (prio tree vm_set lists against interval "
	  "tree duplicates) and COWed data pages cost a file walk?",
	  "anon_vma", "", false },
	{ "mmap_churn",
	  "A file already has V vmas; each iteration maps and unmaps C more "
	  "windows at random offsets.",
	  "What do the trees cost at mmap and munmap, the price of cheap "
	  "walks?",
	  "objrmap", "lock_i_mmap", false },
	{ "mprotect_split",
	  "One large anonymous vma split into pieces by mprotect, then walks.",
	  "Why interval trees for anon_vma (3.7): a walk of an anon_vma's list "
	  "of chains visits every piece, a tree only the pieces covering the "
	  "page.",
	  "avc", "", true },
	{ "reclaim",
	  "Processes forked from one parent share a file and COW part of their "
	  "anonymous memory; each iteration faults everything back in and "
	  "shrinks the LRU by a target.",
	  "What does each generation cost the whole system per reclaimed page "
	  "as kswapd drives page_referenced and try_to_unmap, against 2.4's "
	  "page-table scan?",
	  "scan", "reclaimed", false },
	{ "tree_micro",
	  "Michel Lespinasse's microbenchmark: random intervals inserted and "
	  "erased in loops, and stabbing queries.",
	  "What does each i_mmap structure (list, prio tree, interval tree) "
	  "cost per operation?",
	  "", "", false },
	{ "pointer_chase",
	  "A chain of dependent loads over a working set of each size used by "
	  "the walks.",
	  "What is the physical floor for a walk's cost per visited node?",
	  "", "", false },
	{ "native_fork_exit",
	  "fork_exit's shape on the host kernel: real fork and exit.",
	  "How far is the model's fork cost from a real kernel's?",
	  "", "", false },
	{ "native_file_windows",
	  "file_windows' shape on the host kernel: real mmap of a real file, "
	  "touches and munmap.",
	  "How far is the model's walk cost from a real kernel's?",
	  "", "", false },
};

#define NR_TEXTS (sizeof(texts) / sizeof(texts[0]))

static const struct scenario_text *text_of(const char *scenario)
{
	unsigned i;

	for (i = 0; i < NR_TEXTS; i++)
		if (!strcmp(texts[i].name, scenario))
			return &texts[i];
	return NULL;
}

static unsigned scenario_rank(const char *scenario)
{
	const struct scenario_text *t = text_of(scenario);

	return t ? (unsigned)(t - texts) : NR_TEXTS;
}

/* Generations in registry (historical) order; others by name; host last. */
static unsigned gen_rank(const char *gen)
{
	unsigned i;

	for (i = 0; i < rmap_nr_generations; i++)
		if (!strcmp(rmap_generations[i].name, gen))
			return i;
	return strcmp(gen, "host") ? rmap_nr_generations :
				     rmap_nr_generations + 1;
}

static int cmp_params(const struct run *a, const struct run *b, int skip)
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

static int cmp_gen(const char *a, const char *b)
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

static void load(struct results *r, const char *path)
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

static void unload(struct results *r)
{
	unsigned i;

	for (i = 0; i < r->nrun; i++)
		free_run(&r->run[i]);
	free(r->run);
	json_decref(r->root);
}

static int param_index(const struct run *run, const char *name)
{
	unsigned i;

	for (i = 0; i < run->np; i++)
		if (!strcmp(run->pname[i], name))
			return i;
	return -1;
}

static double param(const struct run *run, const char *name)
{
	int i = param_index(run, name);

	return i < 0 ? NAN : run->pval[i];
}

/* ---- number formatting, shared by tables and findings ---- */

static const char *fmt_nonfinite(double v)
{
	return isnan(v) ? "NaN" : v > 0 ? "inf" : "-inf";
}

static char *fmt_time(char *buf, double ns)
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

static char *fmt_count(char *buf, double v)
{
	if (!isfinite(v))
		strcpy(buf, isnan(v) ? "–" : fmt_nonfinite(v));
	else if (v == floor(v) && fabs(v) < 1e15)
		sprintf(buf, "%.0f", v);
	else
		sprintf(buf, "%.4g", v);
	return buf;
}

static char *fmt_ratio(char *buf, double v)
{
	if (!isfinite(v))
		strcpy(buf, "–");
	else
		sprintf(buf, v >= 100 ? "%.0f×" : "%.3g×", v);
	return buf;
}

/* "k=v, k=v" of every parameter but skip (-1: all). */
static char *fmt_params(char *buf, size_t len, const struct run *run,
			int skip, int skip2)
{
	size_t used = 0;
	unsigned i;

	buf[0] = 0;
	for (i = 0; i < run->np && used < len; i++)
		if ((int)i != skip && (int)i != skip2)
			used += snprintf(buf + used, len - used, "%s%s=%s",
					 used ? ", " : "", run->pname[i],
					 run->pstr[i]);
	return buf;
}

/* ---- figures ---- */

/* (children + 1) * pages: the ptes mapped at fork_server's peak. */
static double mapped_ptes(const struct run *run)
{
	return (param(run, "children") + 1) * param(run, "pages");
}

struct figure {
	const char *name;	/* plots/<name>.gp draws <data>/<name>.dat */
	const char *scenario;
	const char *with;	/* a second scenario on the same axes */
	const char *x;		/* the parameter on the x axis */
	double (*xval)(const struct run *run);	/* else its value */
	const char *x2;		/* a second parameter xval() uses */
	const char *xcol;	/* the x column's name when xval is set */
	const char *pin;	/* "param:value" the curves must have */
	bool categorical;	/* x is a name (trace's program): one tick
				 * per name, at 1, 2, ... in name order */
};

#define FIG(n, sc, xp)	{ .name = n, .scenario = sc, .x = xp }

static const struct figure figures[] = {
	FIG("fork_exit", "fork_exit", "pages"),
	FIG("fork_server", "fork_server", "children"),
	FIG("fork_chain", "fork_chain", "generations"),
	FIG("fork_tree", "fork_tree", "height"),
	FIG("file_windows", "file_windows", "vmas"),
	FIG("file_windows_tasks", "file_windows", "tasks"),
	FIG("test_mmap3", "test_mmap3", "vmas"),
	FIG("shared_lib", "shared_lib", "procs"),
	FIG("mmap_churn", "mmap_churn", "vmas"),
	FIG("mprotect_split", "mprotect_split", "pieces"),
	FIG("reclaim", "reclaim", "procs"),
	{ .name = "rmap_memory", .scenario = "fork_server", .x = "children",
	  .xval = mapped_ptes, .x2 = "pages", .xcol = "mapped_ptes" },
	{ .name = "tree_micro", .scenario = "tree_micro", .x = "intervals",
	  .pin = "op:0" },
	{ .name = "tree_micro_query", .scenario = "tree_micro",
	  .x = "intervals", .pin = "op:1" },
	FIG("pointer_chase", "pointer_chase", "bytes"),
	{ .name = "native_fork_exit", .scenario = "fork_exit",
	  .with = "native_fork_exit", .x = "pages" },
	{ .name = "native_file_windows", .scenario = "file_windows",
	  .with = "native_file_windows", .x = "vmas" },
	{ .name = "trace", .scenario = "trace", .x = "program",
	  .categorical = true },
};

#define NR_FIGURES (sizeof(figures) / sizeof(figures[0]))

struct series {
	const struct figure *fig;
	char xname[64];
	char fixed[2][256];	/* the other parameters, per scenario */
	struct run **pt;	/* by generation, then x */
	double *x;
	unsigned n;
};

static double x_of(const struct figure *fig, const struct run *run,
		   const char *xname)
{
	return fig->xval ? fig->xval(run) : param(run, xname);
}

/*
 * The x parameter: the figure's, or, when the harness named it otherwise,
 * the one taking the most distinct values.
 */
static void pick_x(const struct results *r, const struct figure *fig,
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

static bool same_rest(const struct run *a, const struct run *b,
		      const char *xname, const char *x2)
{
	unsigned i;
	int j;

	if (a->np != b->np)
		return false;
	for (i = 0; i < a->np; i++) {
		if (!strcmp(a->pname[i], xname) ||
		    (x2 && !strcmp(a->pname[i], x2)))
			continue;
		j = param_index(b, a->pname[i]);
		if (j < 0 || strcmp(a->pstr[i], b->pstr[j]))
			return false;
	}
	return true;
}

/* Whether run has the figure's pinned parameter value, if it pins one. */
static bool pinned(const struct figure *fig, const struct run *run)
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

/*
 * The runs of one curve family: the scenario's runs whose other parameters
 * equal those of the largest group (ties: the first in sort order) among
 * those with the figure's pin, or of like when like's values exist in this
 * scenario too.
 */
static const struct run *pick_group(const struct results *r,
				    const struct figure *fig,
				    const char *scenario, const char *xname,
				    const struct run *like)
{
	const struct run *best = NULL;
	unsigned i, j, n, bestn = 0;

	for (i = 0; i < r->nrun; i++) {
		const struct run *a = &r->run[i];

		if (strcmp(a->scenario, scenario) || !pinned(fig, a))
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
static const struct run *add_scenario(const struct results *r,
				      struct series *s, const char *scenario,
				      const struct run *like, unsigned which)
{
	const struct figure *fig = s->fig;
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
	fmt_params(s->fixed[which], sizeof(s->fixed[which]), rep,
		   param_index(rep, xname),
		   fig->x2 ? param_index(rep, fig->x2) : -1);
	for (i = 0; i < r->nrun; i++) {
		struct run *run = &r->run[i];
		double x = fig->categorical ?
			   category(r, scenario, xname, run) :
			   x_of(fig, run, xname);

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

/* False when the figure has no curve to draw: fewer than two sizes. */
static bool build_series(const struct results *r, const struct figure *fig,
			 struct series *s)
{
	const struct run *rep;
	unsigned i, *order, measured_with = 0;
	struct run **pt;
	double *x;

	memset(s, 0, sizeof(*s));
	s->fig = fig;
	s->pt = xmalloc(r->nrun * sizeof(*s->pt));
	s->x = xmalloc(r->nrun * sizeof(*s->x));
	rep = add_scenario(r, s, fig->scenario, NULL, 0);
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
	/* a curve needs two sizes; the host's points need model points */
	return distinct_x(s) > 1 && (!fig->with || measured_with);
}

static void free_series(struct series *s)
{
	free(s->pt);
	free(s->x);
}

/* gnuplot variable names: page-faults -> page_faults */
static const char *gp_ident(const char *name)
{
	static char buf[128];
	unsigned i;

	for (i = 0; name[i] && i + 1 < sizeof(buf); i++)
		buf[i] = (name[i] >= 'a' && name[i] <= 'z') ||
			 (name[i] >= 'A' && name[i] <= 'Z') ||
			 (name[i] >= '0' && name[i] <= '9') ? name[i] : '_';
	buf[i] = 0;
	return buf;
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
		s->fig->scenario, s->xname, r->path);
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

/*
 * Axis facts gnuplot cannot find without failing on empty data: per
 * quantity its column, whether it spans two decades (log axis), and which
 * generations have nothing to draw on it.
 */
static void write_quantity(FILE *f, const struct series *s, const char *q,
			   unsigned col, bool logx)
{
	double lo = INFINITY, hi = -INFINITY, v;
	unsigned i, j, end, ndrawn;
	bool any = false, logy;

	for (i = 0; i < s->n; i++) {
		const struct run *run = s->pt[i];

		if (run->error)
			continue;
		v = col == 2 ? run->median : run->c[col - 5];
		if (isfinite(v))
			any = true;
		if (isfinite(v) && v > 0) {
			lo = fmin(lo, v);
			hi = fmax(hi, v);
		}
	}
	logy = hi > 0 && hi / lo >= 100;
	fprintf(f, "c_%s = %u\nlog_%s = %d\nhave_%s = %d\nsmall_%s = %d\n"
		"none_%s = \" ", gp_ident(q), col, gp_ident(q), logy,
		gp_ident(q), any, gp_ident(q), lo < 1, gp_ident(q));
	for (i = 0; i < s->n; i = end) {
		end = next_gen(s, i);
		for (ndrawn = 0, j = i; j < end; j++) {
			const struct run *run = s->pt[j];

			v = col == 2 ? run->median : run->c[col - 5];
			ndrawn += !run->error && isfinite(v) &&
				  (!logy || v > 0) && (!logx || s->x[j] > 0);
		}
		if (!ndrawn && measured_in_gen(s, i))
			fprintf(f, "%s ", s->pt[i]->gen);
	}
	fputs("\"\n", f);
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

static void write_inc(const struct results *r, const struct series *s,
		      FILE *f)
{
	double lo = INFINITY, hi = -INFINITY;
	unsigned i, k, ngens = 0;
	bool logx, xint;

	for (i = 0; i < s->n; i++) {
		if (s->pt[i]->error || s->x[i] <= 0)
			continue;
		lo = fmin(lo, s->x[i]);
		hi = fmax(hi, s->x[i]);
	}
	logx = !s->fig->categorical && hi > 0 && hi / lo >= 5;
	for (i = 0, xint = true; i < s->n; i++)
		xint &= s->pt[i]->error || s->x[i] == floor(s->x[i]);
	fprintf(f, "# figure %s, written by rmapreport from %s\n",
		s->fig->name, r->path);
	fputs("gens = \"", f);
	for (i = 0; i < s->n; i = next_gen(s, i))
		if (measured_in_gen(s, i))
			fprintf(f, "%s%s", ngens++ ? " " : "", s->pt[i]->gen);
	fprintf(f, "\"\nxname = \"%s\"\nfixed = \"%s\"\nlogx = %d\n",
		s->xname, s->fixed[0], logx);
	write_time_unit(f, s);
	fprintf(f, "xstep = %.10g\n", logx ? 0 : tick_step(hi - lo, xint));
	write_categories(f, s);
	/* the measured range and a little room, not the next decade */
	if (s->fig->categorical)
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
	write_quantity(f, s, "time", 2, logx);
	for (k = 0; k < r->ncounter; k++)
		write_quantity(f, s, r->counter[k], k + 5, logx);
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

static void remove_stale(const char *dir, const char *name, const char *ext)
{
	char *path;

	if (asprintf(&path, "%s/%s%s", dir, name, ext) < 0)
		die("out of memory");
	if (unlink(path) && errno != ENOENT)
		die("cannot remove stale %s: %s", path, strerror(errno));
	free(path);
}

static int cmd_data(const char *json, const char *dir)
{
	struct results r;
	struct series s;
	struct stat st;
	unsigned f;

	load(&r, json);
	if (mkdir(dir, 0755) && errno != EEXIST)
		die("cannot create %s: %s", dir, strerror(errno));
	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		die("%s is not a directory: name an output directory", dir);
	for (f = 0; f < NR_FIGURES; f++) {
		if (build_series(&r, &figures[f], &s)) {
			write_file(dir, figures[f].name, ".dat", &r, &s,
				   write_dat);
			write_file(dir, figures[f].name, ".inc.gp", &r, &s,
				   write_inc);
		} else {
			remove_stale(dir, figures[f].name, ".dat");
			remove_stale(dir, figures[f].name, ".inc.gp");
		}
		free_series(&s);
	}
	unload(&r);
	return 0;
}

/* ---- RESULTS.md ---- */

static const char *baseline_of(const struct run *group, unsigned n)
{
	const struct scenario_text *t = text_of(group[0].scenario);
	unsigned i;

	for (i = 0; t && i < n; i++)
		if (!group[i].error && !strcmp(group[i].gen, t->baseline))
			return group[i].gen;
	for (i = 0; i < n; i++)
		if (!group[i].error)
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

/* Runs [i, end) with equal parameters: one table group. */
static unsigned group_end(const struct results *r, unsigned i)
{
	unsigned j = i + 1;

	while (j < r->nrun && !strcmp(r->run[j].scenario, r->run[i].scenario) &&
	       !cmp_params(&r->run[i], &r->run[j], -1))
		j++;
	return j;
}

static bool is_model(const struct results *r, unsigned k)
{
	return k < NR_MODEL_COUNTERS ||
	       !strcmp(r->counter[k], C_NODES_PER_WALK) ||
	       !strcmp(r->counter[k], C_CONFIRMED_PER_CAND);
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
	const struct scenario_text *t = text_of(r->run[from].scenario);
	static const char *const common[] = {
		"walks", C_NODES_PER_WALK, C_CONFIRMED_PER_CAND,
		"rmap_bytes_peak",
	};
	char extra[128], *tok, *save = NULL;
	unsigned i, n = 0;
	int k;

	for (i = 0; i < sizeof(common) / sizeof(common[0]); i++) {
		k = counter_index(r, common[i]);
		if (k >= 0)
			cols[n++] = k;
	}
	snprintf(extra, sizeof(extra), "%s", t ? t->extra : "");
	for (tok = strtok_r(extra, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		k = counter_index(r, tok);
		if (k >= 0)
			cols[n++] = k;
	}
	for (i = 0; i < r->ncounter && n < MAX_COUNTERS; i++)
		if (!is_model(r, i) && counter_measured(r, from, to, i))
			cols[n++] = i;
	return n;
}

static const char *col_title(const struct results *r, int k)
{
	if (!strcmp(r->counter[k], C_NODES_PER_WALK))
		return "nodes/walk";
	if (!strcmp(r->counter[k], C_CONFIRMED_PER_CAND))
		return "confirmed/candidates";
	return r->counter[k];
}

static void table_row(FILE *f, const struct run *run, const struct run *base,
		      const int *cols, unsigned ncol)
{
	char params[256], a[64], b[64];
	unsigned i;

	fmt_params(params, sizeof(params), run, -1, -1);
	fprintf(f, "| %s | %s | ", params[0] ? params : "-", run->gen);
	if (run->error) {
		fprintf(f, "over budget: %s | – | – |", run->error);
		for (i = 0; i < ncol; i++)
			fputs(" – |", f);
		fputc('\n', f);
		return;
	}
	fprintf(f, "%s | ", fmt_time(a, run->median));
	if (run->spread_known)
		fprintf(f, "%s – %s (%u) | ", fmt_time(a, run->min),
			fmt_time(b, run->max), run->nrep);
	else
		fputs("n/a (aggregates only) | ", f);
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

	fputs("| parameters | generation | median | min – max (reps) | "
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
	return cmp_gen(*(const char *const *)a + 11,
		       *(const char *const *)b + 11);
}

/* The context's "generation.NAME" descriptions, in historical order. */
static void report_generations(FILE *f, const struct results *r)
{
	const char **keys = xmalloc(json_object_size(r->context) *
				    sizeof(*keys) + 1);
	unsigned i, n = 0;
	const char *key;
	json_t *v;

	json_object_foreach(r->context, key, v)
		if (has_prefix(key, "generation."))
			keys[n++] = key;
	qsort(keys, n, sizeof(*keys), cmp_gen_key);
	if (n)
		fputs("## Generations\n\n| generation | what it ran |\n"
		      "|---|---|\n", f);
	for (i = 0; i < n; i++) {
		fprintf(f, "| %s | ", keys[i] + 11);
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
		if (has_prefix(key, "pmu.") || has_prefix(key, "generation."))
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
	report_generations(f, r);
}

static void report_budget(FILE *f, const struct results *r)
{
	unsigned i, n = 0;

	fputs("## Over budget\n\n", f);
	for (i = 0; i < r->nrun; i++) {
		if (!r->run[i].error)
			continue;
		fprintf(f, "- `%s`: %s\n", r->run[i].name, r->run[i].error);
		n++;
	}
	fprintf(f, "%s\n", n ? "\nThese runs are in the tables as over "
	       "budget and are not drawn." : "Every run finished within its "
	       "budget.");
	fputs("\n", f);
}

/* The run of the group with the largest (smallest) value of counter k, or
 * of the time for k < 0; a skipped run, and zero when positive, excluded. */
static const struct run *extreme(const struct run *g, unsigned n, int k,
				 const struct run *skip, bool max,
				 bool positive)
{
	const struct run *best = NULL;
	unsigned i;

	for (i = 0; i < n; i++) {
		double v = k < 0 ? g[i].median : g[i].c[k];

		if (g[i].error || &g[i] == skip || !isfinite(v) ||
		    (positive && v <= 0))
			continue;
		if (!best || (max ? v > (k < 0 ? best->median : best->c[k]) :
				    v < (k < 0 ? best->median : best->c[k])))
			best = &g[i];
	}
	return best;
}

/* Sentences about one table group; every number is in that group's rows. */
static void finding(FILE *f, const struct results *r, const struct run *g,
		    unsigned n)
{
	const struct scenario_text *t = text_of(g->scenario);
	const char *basegen = baseline_of(g, n);
	const struct run *base = basegen ? find_gen(g, n, basegen) : NULL;
	const struct run *slow = extreme(g, n, -1, base, true, false);
	const struct run *fast = extreme(g, n, -1, base, false, false);
	int nw = counter_index(r, C_NODES_PER_WALK);
	int mb = MC_RMAP_BYTES_PEAK;	/* model counters come first */
	char params[256], a[64], b[64], c[64];
	const struct run *hi, *lo;

	fmt_params(params, sizeof(params), g, -1, -1);
	fprintf(f, "- [%s](#%s) (%s):", g->scenario, g->scenario, params);
	if (base && slow) {
		fprintf(f, " %s took %s the time of %s (%s against %s)",
			slow->gen, fmt_ratio(a, ratio(slow->median,
						      base->median)),
			base->gen, fmt_time(b, slow->median),
			fmt_time(c, base->median));
		if (fast != slow)
			fprintf(f, ", %s %s (%s)", fast->gen,
				fmt_ratio(a, ratio(fast->median, base->median)),
				fmt_time(b, fast->median));
		fputs(".", f);
	}
	hi = extreme(g, n, nw, NULL, true, false);
	lo = extreme(g, n, nw, NULL, false, false);
	if (hi && lo && hi->c[nw] > lo->c[nw])
		fprintf(f, " Per walk, %s visited %s nodes and %s %s.", hi->gen,
			fmt_count(a, hi->c[nw]), lo->gen,
			fmt_count(b, lo->c[nw]));
	/* a generation without rmap metadata (scan) says nothing here */
	hi = extreme(g, n, mb, NULL, true, true);
	lo = extreme(g, n, mb, NULL, false, true);
	if (t && t->memory && hi && lo && hi->c[mb] > lo->c[mb])
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

static unsigned scenario_end(const struct results *r, unsigned i)
{
	unsigned j = i;

	while (j < r->nrun && !strcmp(r->run[j].scenario, r->run[i].scenario))
		j++;
	return j;
}

static const struct figure *main_figure(const char *scenario)
{
	unsigned f;

	for (f = 0; f < NR_FIGURES; f++)
		if (!strcmp(figures[f].scenario, scenario) &&
		    !figures[f].with && !figures[f].xval)
			return &figures[f];
	return NULL;
}

static void report_findings(FILE *f, const struct results *r)
{
	const struct figure *fig;
	struct series s;
	unsigned i, j, h;
	bool have;

	fputs("## Findings\n\nAt the largest size where at least two "
	      "generations finished, for each scenario; the numbers are those "
	      "of the tables below.\n\n", f);
	for (i = 0; i < r->nrun; i = j) {
		j = scenario_end(r, i);
		fig = main_figure(r->run[i].scenario);
		have = fig && build_series(r, fig, &s);
		h = headline(r, i, j, have ? &s : NULL);
		if (h == j && have)
			h = headline(r, i, j, NULL);
		if (h < j)
			finding(f, r, &r->run[h], group_end(r, h) - h);
		if (fig)
			free_series(&s);
	}
	fputs("\n", f);
}

static void report_scenario(FILE *f, const struct results *r, unsigned from,
			    unsigned to, const char *figdir)
{
	const char *sc = r->run[from].scenario;
	const struct scenario_text *t = text_of(sc);
	struct series s;
	unsigned k;

	fprintf(f, "## %s\n\n", sc);
	if (t)
		fprintf(f, "%s\n\n**Question.** %s\n\n", t->models,
			t->question);
	if (t && t->baseline[0])
		fprintf(f, "Baseline: %s; where it did not finish, the first "
			"generation measured in the group.\n\n", t->baseline);
	for (k = 0; k < NR_FIGURES; k++) {
		const struct figure *fig = &figures[k];

		if (strcmp(fig->scenario, sc) &&
		    (!fig->with || strcmp(fig->with, sc)))
			continue;
		if (build_series(r, fig, &s))
			fprintf(f, "![%s](%s/%s.svg)\n\n", fig->name, figdir,
				fig->name);
		free_series(&s);
	}
	scenario_table(f, r, from, to);
	fputs("\n", f);
}

static void write_report(FILE *f, const struct results *r, const char *figdir)
{
	unsigned i, j;

	fprintf(f, "# rmapbench results\n\nGenerated by `rmapreport report` "
		"from `%s`; `make plots` regenerates this file and the figures "
		"without rerunning the benchmarks. Every number comes from that "
		"file.\n\n", r->path);
	report_findings(f, r);
	fputs("## Reading the tables\n\nTimes are real time per iteration: the "
	      "median over the repetitions, their min – max and count. "
	      "× baseline is the median over the baseline generation's median "
	      "in the same row group, printed only when both were measured. "
	      "Counters are those the harness published: the model's exact "
	      "counts per iteration (walks, nodes visited), its peaks for the "
	      "whole instance (*_peak: rmap metadata bytes and objects), and "
	      "any hardware event that was counted, per iteration. "
	      "nodes/walk = nodes / walks; confirmed/candidates = confirmed "
	      "mappings / candidates, the walk's efficiency; – means not "
	      "measured or undefined (no walks).\n\n", f);
	report_context(f, r);
	report_budget(f, r);
	for (i = 0; i < r->nrun; i = j) {
		j = scenario_end(r, i);
		report_scenario(f, r, i, j, figdir);
	}
}

static int cmd_report(const char *json, const char *figdir, const char *out)
{
	struct results r;
	struct outfile o;

	load(&r, json);
	if (!out) {
		write_report(stdout, &r, figdir);
		if (fflush(stdout) || ferror(stdout))
			die("cannot write the report: %s", strerror(errno));
	} else {
		out_open(&o, out);
		write_report(o.f, &r, figdir);
		out_commit(&o);
	}
	unload(&r);
	return 0;
}

/* ---- comparing two runs ---- */

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

/*
 * The harness publishes model counts per iteration, averaged over a trial's
 * iterations, so equal behaviour can differ in the last digits; 0.1% more
 * is a change in what the model did.
 */
#define COUNTER_TOLERANCE	1e-3

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

static int cmd_compare(const char *pa, const char *pb)
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

static const char usage[] =
"usage: rmapreport data RESULTS.json OUTDIR | "
"report RESULTS.json FIGDIR [-o RESULTS.md] | compare A.json B.json";

int main(int argc, char **argv)
{
	const char *out = NULL, *arg[3];
	int i, n = 0;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (n < 3)
			arg[n++] = argv[i];
		else
			die("too many arguments; %s", usage);
	}
	if (argc < 2)
		die("%s", usage);
	if (!strcmp(argv[1], "data") && n == 2 && !out)
		return cmd_data(arg[0], arg[1]);
	if (!strcmp(argv[1], "report") && n == 2)
		return cmd_report(arg[0], arg[1], out);
	if (!strcmp(argv[1], "compare") && n == 2 && !out)
		return cmd_compare(arg[0], arg[1]);
	if (strcmp(argv[1], "data") && strcmp(argv[1], "report") &&
	    strcmp(argv[1], "compare"))
		die("unknown subcommand '%s'; %s", argv[1], usage);
	die("wrong arguments for %s; %s", argv[1], usage);
}
