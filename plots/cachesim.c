/*
 * Simulated cache misses (make bench CACHESIM=1, bench/cachesim.h):
 * `rmapreport cachesim` merges the profiles callgrind dumped, one per
 * benchmark and named by it, into the run's JSON as counters per iteration
 * beside the model's, and records in its context the cache geometry
 * valgrind simulated (which is what it was asked for unless it had to
 * adjust it) and valgrind's version; `data` and `report` draw and
 * tabulate them from that JSON (results/cachesim.json) beside the timed
 * run's, so the question "is pte_chain's cost its cache misses or its
 * chain length" can be read off one table: misses against chain_scan.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/scenarios/scenario.h"
#include "plots/results.h"

/* callgrind's events, as its "events:" line names them */
enum { EV_IR, EV_DR, EV_DW, EV_I1MR, EV_D1MR, EV_D1MW, EV_DLMR, EV_DLMW,
       NR_EV };

static const char *const ev_name[NR_EV] = {
	"Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "DLmr", "DLmw",
};

/* One profile: the totals of one benchmark's timed loop. */
struct profile {
	char *bench;
	double ev[NR_EV];
	bool merged;
};

/* What the dumps say of the simulator: "size,assoc,line" per cache. */
struct simulator {
	char creator[64], cache[3][64];
};

static const char *const cache_name[3] = { "I1", "D1", "LL" };

/* "32768 B, 64 B, 8-way associative" as "32768,8,64" */
static void geometry(const char *desc, char *out, size_t len)
{
	long size, line, ways;

	if (sscanf(desc, "%ld B, %ld B, %ld-way", &size, &line, &ways) == 3)
		snprintf(out, len, "%ld,%ld,%ld", size, ways, line);
	else
		snprintf(out, len, "%.*s", (int)strcspn(desc, "\n"), desc);
}

/* Which of ev_name each column of an "events:" line is, or -1. */
static unsigned columns(char *line, int *col, unsigned max)
{
	char *save = NULL, *tok;
	unsigned n = 0, k;

	for (tok = strtok_r(line, " \n", &save); tok && n < max;
	     tok = strtok_r(NULL, " \n", &save)) {
		col[n] = -1;
		for (k = 0; k < NR_EV; k++)
			if (!strcmp(tok, ev_name[k]))
				col[n] = k;
		n++;
	}
	return n;
}

static void totals(const char *path, char *line, const int *col,
		   unsigned ncol, struct profile *p)
{
	char *end;
	unsigned i;
	int seen = 0;

	for (i = 0; i < ncol; i++) {
		double v = strtod(line, &end);

		/* callgrind leaves trailing zeros out */
		if (end == line)
			v = 0;
		line = end;
		if (col[i] >= 0) {
			p->ev[col[i]] = v;
			seen |= 1 << col[i];
		}
	}
	for (i = 0; i < NR_EV; i++)
		if (!(seen & 1 << i))
			die("%s has no %s events: run callgrind with "
			    "--cache-sim=yes (make bench CACHESIM=1)", path,
			    ev_name[i]);
}

/*
 * A dump file: its benchmark's profile (false for a dump that no client
 * request made: the one at exit), and the simulator it describes.
 */
static bool read_dump(const char *path, struct profile *p,
		      struct simulator *sim)
{
	static const char trigger[] = "desc: Trigger: Client Request: ";
	FILE *f = fopen(path, "r");
	int col[32];
	unsigned ncol = 0, k;
	char *line = NULL;
	size_t cap = 0;
	bool total = false;

	if (!f)
		die("cannot read %s: %s", path, strerror(errno));
	memset(p, 0, sizeof(*p));
	while (getline(&line, &cap, f) > 0) {
		if (!strncmp(line, trigger, sizeof(trigger) - 1)) {
			line[strcspn(line, "\n")] = 0;
			p->bench = xstrdup(line + sizeof(trigger) - 1);
		} else if (!strncmp(line, "creator: ", 9)) {
			snprintf(sim->creator, sizeof(sim->creator), "%.*s",
				 (int)strcspn(line + 9, "\n"), line + 9);
		} else if (!strncmp(line, "events: ", 8)) {
			ncol = columns(line + 8, col, 32);
		} else if (!strncmp(line, "totals: ", 8) && p->bench) {
			totals(path, line + 8, col, ncol, p);
			total = true;
		}
		for (k = 0; k < 3; k++)
			if (!strncmp(line, "desc: ", 6) &&
			    !strncmp(line + 6, cache_name[k], 2) &&
			    !strncmp(line + 8, " cache: ", 8))
				geometry(line + 16, sim->cache[k],
					 sizeof(sim->cache[k]));
	}
	free(line);
	fclose(f);
	if (p->bench && !total)
		die("%s has no totals: a truncated dump; rerun make bench "
		    "CACHESIM=1", path);
	return p->bench;
}

/* Every profile in dir (callgrind.out.N), into *out; how many. */
static unsigned read_dumps(const char *dir, struct profile **out,
			   struct simulator *sim)
{
	DIR *d = opendir(dir);
	struct profile *p = NULL;
	unsigned n = 0;
	struct dirent *e;
	char *path;

	if (!d)
		die("cannot read %s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "callgrind.out.", 14))
			continue;
		if (asprintf(&path, "%s/%s", dir, e->d_name) < 0)
			die("out of memory");
		p = xrealloc(p, (n + 1) * sizeof(*p));
		n += read_dump(path, &p[n], sim);
		free(path);
	}
	closedir(d);
	if (!n)
		die("%s holds no callgrind profile: run rmapbench --cachesim "
		    "under callgrind (make bench CACHESIM=1)", dir);
	*out = p;
	return n;
}

static struct profile *profile_of(struct profile *p, unsigned n,
				  const char *bench)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strcmp(p[i].bench, bench))
			return &p[i];
	return NULL;
}

static void set_number(json_t *obj, const char *key, double v)
{
	if (json_object_set_new(obj, key, json_real(v)))
		die("out of memory");
}

/* The counters of one benchmark entry, per iteration. */
static void merge_entry(json_t *b, const struct profile *p, double iters)
{
	const double *ev = p->ev;

	set_number(b, "sim_Ir", ev[EV_IR] / iters);
	set_number(b, "sim_D_refs", (ev[EV_DR] + ev[EV_DW]) / iters);
	set_number(b, "sim_I1_miss", ev[EV_I1MR] / iters);
	set_number(b, "sim_D1_miss", (ev[EV_D1MR] + ev[EV_D1MW]) / iters);
	set_number(b, "sim_LL_miss", (ev[EV_DLMR] + ev[EV_DLMW]) / iters);
}

/* Each measured benchmark gets its profile; *iters: their iterations. */
static void merge(struct results *r, struct profile *p, unsigned n,
		  json_int_t *iters)
{
	json_t *benches = json_object_get(r->root, "benchmarks"), *b;
	struct profile *mine;
	unsigned i;
	size_t bi;

	json_array_foreach(benches, bi, b) {
		const char *full = str_of(b, "run_name") ?
				   str_of(b, "run_name") : str_of(b, "name");
		char *name = plain_name(full);
		json_int_t it = json_integer_value(json_object_get(b,
							"iterations"));

		mine = profile_of(p, n, name);
		if (json_is_true(json_object_get(b, "error_occurred"))) {
			/* a run that failed mid-loop has a profile */
			if (mine)
				mine->merged = true;
			free(name);
			continue;
		}
		if (!mine)
			die("%s: no callgrind profile for %s: merge the JSON "
			    "and the dumps of one run", r->path, name);
		if (mine->merged || it <= 0)
			die("%s: %s ran more than once or not at all: run "
			    "--cachesim with one repetition", r->path, name);
		merge_entry(b, mine, it);
		mine->merged = true;
		*iters = it;
		free(name);
	}
	for (i = 0; i < n; i++)
		if (!p[i].merged)
			die("the profile of %s names no benchmark of %s: merge "
			    "the JSON and the dumps of one run", p[i].bench,
			    r->path);
}

static void add_context(struct results *r, const struct simulator *sim,
			json_int_t iters)
{
	char key[32], val[128];
	unsigned k;

	for (k = 0; k < 3; k++) {
		snprintf(key, sizeof(key), "cachesim_%s", cache_name[k]);
		json_object_set_new(r->context, key, json_string(
				    sim->cache[k][0] ? sim->cache[k] :
				    "not simulated"));
	}
	json_object_set_new(r->context, "cachesim_valgrind",
			    json_string(sim->creator));
	snprintf(val, sizeof(val), "%lld", (long long)iters);
	json_object_set_new(r->context, "cachesim_iterations",
			    json_string(val));
}

int cmd_cachesim(const char *json, const char *dumpdir, const char *out)
{
	struct simulator sim = { .creator = "unknown" };
	json_int_t iters = 0;
	struct profile *p;
	struct results r;
	struct outfile o;
	unsigned i, n;

	load(&r, json);
	n = read_dumps(dumpdir, &p, &sim);
	merge(&r, p, n, &iters);
	add_context(&r, &sim, iters);
	out_open(&o, out);
	if (json_dumpf(r.root, o.f, JSON_INDENT(2)))
		die("cannot write %s", out);
	fputc('\n', o.f);
	out_commit(&o);
	for (i = 0; i < n; i++)
		free(p[i].bench);
	free(p);
	unload(&r);
	return 0;
}

/*
 * The figures: D1 misses and instructions per iteration against each
 * curve's x, one curve per generation and ablation (pte_chain+line=128
 * and 256 dashed), from the cachesim JSON; figure.gp draws them like any
 * scenario's figure. Misses beside instructions, because the question is
 * which of the two pte_chain's time follows; LL misses are in the tables
 * (none at the quick sizes, whose data fit a host's LL once warm).
 */
static const struct {
	const char *scenario;
	struct scenario_figure fig;
} sim_figures[] = {
	{ "mass_exit", { .name = "cachesim_mass_exit", .x = "children",
	  .title = "mass_exit, simulated caches: N children fork, then exit "
		   "together",
	  .xlabel = "children (N)",
	  .left = { "sim_D1_miss", "D1 misses per iteration" },
	  .right = { "sim_Ir", "instructions per iteration" } } },
	{ "fork_exit", { .name = "cachesim_fork_exit", .x = "pages",
	  .title = "fork_exit, simulated caches: fork and exit of a P-page "
		   "process",
	  .xlabel = "pages mapped by the parent",
	  .left = { "sim_D1_miss", "D1 misses per fork + exit" },
	  .right = { "sim_Ir", "instructions per fork + exit" } } },
};

unsigned cachesim_figures(const char *dir, const char *json,
			  const char **written)
{
	struct results r;
	unsigned i, n = 0;

	load(&r, json);
	for (i = 0; i < ARRAY_SIZE(sim_figures); i++) {
		const struct scenario *sc = scenario_find(
						sim_figures[i].scenario);

		if (sc && write_figure(dir, &r, sc, &sim_figures[i].fig))
			written[n++] = sim_figures[i].fig.name;
	}
	unload(&r);
	return n;
}

/* The counters of the tables: the simulated ones, then structure work. */
static const char *const sim_cols[] = {
	"sim_Ir", "sim_D_refs", "sim_D1_miss", "sim_LL_miss", "sim_I1_miss",
	"chain_scan", "candidates", "nodes",
};

/* Whether counter k is non-zero in any measured run of [from, to). */
static bool nonzero(const struct results *r, unsigned from, unsigned to,
		    int k)
{
	unsigned i;

	for (i = from; k >= 0 && i < to; i++)
		if (!r->run[i].error && isfinite(r->run[i].c[k]) &&
		    r->run[i].c[k])
			return true;
	return false;
}

static void sim_table(FILE *f, const struct results *r, unsigned from,
		      unsigned to)
{
	int cols[ARRAY_SIZE(sim_cols)];
	unsigned i, k, n = 0;
	char buf[64];

	for (k = 0; k < ARRAY_SIZE(sim_cols); k++) {
		int c = counter_index(r, sim_cols[k]);

		if (c >= 0 && (k < 5 || nonzero(r, from, to, c)))
			cols[n++] = c;
	}
	fprintf(f, "### %s\n\n| parameters | generation |",
		r->run[from].scenario);
	for (k = 0; k < n; k++)
		fprintf(f, " %s |", r->counter[cols[k]]);
	fputs("\n|---|---|", f);
	for (k = 0; k < n; k++)
		fputs("---:|", f);
	fputc('\n', f);
	for (i = from; i < to; i++) {
		const struct run *run = &r->run[i];

		fmt_params(buf, sizeof(buf), run);
		fprintf(f, "| %s | %s |", buf[0] ? buf : "-", run->gen);
		for (k = 0; k < n; k++)
			fprintf(f, " %s |", run->error ? "–" :
				fmt_count(buf, round(run->c[cols[k]])));
		fputc('\n', f);
	}
	fputc('\n', f);
}

/* pte_chain, or an ablation of its chain's layout: +line=, +chain= */
static bool is_layout_run(const struct run *run)
{
	return !strcmp(run->gen, "pte_chain") ||
	       !strncmp(run->gen, "pte_chain+line=", 15) ||
	       !strncmp(run->gen, "pte_chain+chain=", 16);
}

/*
 * Chain length or layout: at a scenario's last point where pte_chain ran
 * beside an ablation of its chain's layout (the node's size, +line=, or
 * 2.5.30's one pte per node, +chain=), each one's chain entries searched,
 * instructions and misses per iteration. An ablation changes that one
 * rule, so about the same chain_scan and instructions with other misses
 * is the layout's doing.
 */
static void line_finding(FILE *f, const struct results *r, unsigned from,
			 unsigned to)
{
	int scan = counter_index(r, "chain_scan");
	int ir = counter_index(r, "sim_Ir");
	int d1 = counter_index(r, "sim_D1_miss");
	int ll = counter_index(r, "sim_LL_miss");
	unsigned i, j, g, n, last = to;
	char p[256], a[32], b[32], c[32], d[32];

	for (i = from; i < to; i = group_end(r, i))
		for (j = i, n = 0; j < group_end(r, i); j++)
			if (is_layout_run(&r->run[j]) && !r->run[j].error &&
			    ++n == 2)
				last = i;
	if (last == to || scan < 0 || ir < 0 || d1 < 0 || ll < 0)
		return;
	fmt_params(p, sizeof(p), &r->run[last]);
	fprintf(f, "Chain length or layout, at %s (per iteration):", p);
	for (g = last, n = 0; g < group_end(r, last); g++) {
		const struct run *run = &r->run[g];

		if (!is_layout_run(run) || run->error)
			continue;
		fprintf(f, "%s %s searched %s chain entries in %s instructions "
			"with %s D1 and %s LL misses", n++ ? ";" : "", run->gen,
			fmt_count(a, run->c[scan]),
			fmt_count(b, round(run->c[ir])),
			fmt_count(c, round(run->c[d1])),
			fmt_count(d, round(run->c[ll])));
	}
	fputs(".\n\n", f);
}

static const char *ctx_str(const struct results *r, const char *key)
{
	const char *v = str_of(r->context, key);

	return v ? v : "unknown";
}

void report_cachesim(FILE *f, const char *json, const char *figdir)
{
	struct results r;
	unsigned i, j;

	load(&r, json);
	fprintf(f, "## Simulated cache misses\n\nFrom `%s` (`make bench "
		"CACHESIM=1`: the quick matrix under valgrind's callgrind, "
		"%s, at git revision %s). Counts are per iteration of the "
		"timed loop (measured iterations: %s, after one uncounted "
		"warm-up), "
		"exact and deterministic: two runs of the same tree give the "
		"same numbers. They are simulated, not measured: callgrind "
		"models a first level (I1, D1) and a last level (LL) of "
		"caches, size,assoc,line in bytes: I1 %s, D1 %s, LL %s; it "
		"sees user space only and has no prefetcher. sim_Ir is "
		"instructions, sim_D_refs data reads and writes, sim_D1_miss "
		"and sim_LL_miss data misses (reads and writes) in D1 and LL, "
		"sim_I1_miss instruction fetch misses. Beside them the model's "
		"own counts of structure work: chain_scan (pte_chain entries "
		"searched), candidates and nodes (of rmap walks). A "
		"pte_chain+line=N row scans the same chain as pte_chain with "
		"nodes sized for an N-byte line: equal chain_scan, different "
		"misses (in the simulated line above; CACHESIM_D1 and "
		"CACHESIM_LL simulate another). LL misses are zero where a "
		"benchmark's data fit the LL once warm.\n\n", r.path,
		ctx_str(&r, "cachesim_valgrind"),
		ctx_str(&r, "git_revision"), ctx_str(&r, "cachesim_iterations"),
		ctx_str(&r, "cachesim_I1"), ctx_str(&r, "cachesim_D1"),
		ctx_str(&r, "cachesim_LL"));
	for (i = 0; i < ARRAY_SIZE(sim_figures); i++) {
		const struct scenario *sc = scenario_find(
						sim_figures[i].scenario);
		struct series s;

		if (sc && build_series(&r, sc, &sim_figures[i].fig, &s))
			fprintf(f, "![%s](%s/%s.svg)\n\n",
				sim_figures[i].fig.name, figdir,
				sim_figures[i].fig.name);
		if (sc)
			free_series(&s);
	}
	for (i = 0; i < r.nrun; i = j) {
		j = scenario_end(&r, i);
		sim_table(f, &r, i, j);
		line_finding(f, &r, i, j);
	}
	unload(&r);
}
