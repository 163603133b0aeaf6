/*
 * The scenario table (scenarios.def), parameter handling, the processes and
 * files a scenario holds, and the harness's time budget.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "bench/scenarios/scenario.h"
#include "common/phase.h"

#define SCENARIO(x)	extern const struct scenario x##_scenario;
#include "bench/scenarios/scenarios.def"
#undef SCENARIO

const struct scenario *const scenarios[] = {
#define SCENARIO(x)	&x##_scenario,
#include "bench/scenarios/scenarios.def"
#undef SCENARIO
};

volatile sig_atomic_t scenario_budget_expired;

const unsigned nr_scenarios = ARRAY_SIZE(scenarios);

const struct scenario *scenario_find(const char *name)
{
	unsigned i;

	for (i = 0; i < nr_scenarios; i++)
		if (!strcmp(scenarios[i]->name, name))
			return scenarios[i];
	return NULL;
}

void scenario_defaults(const struct scenario *sc, struct scenario_ctx *ctx,
		       uint64_t seed)
{
	unsigned i;

	memset(ctx, 0, sizeof(*ctx));
	for (i = 0; i < sc->nparams; i++)
		ctx->p[i] = sc->params[i].def;
	ctx->seed = seed;
	prng_seed(&ctx->rng, seed);
}

int scenario_param_index(const struct scenario *sc, const char *name)
{
	unsigned i;

	for (i = 0; i < sc->nparams; i++)
		if (!strcmp(sc->params[i].name, name))
			return i;
	return -1;
}

int scenario_set_param(const struct scenario *sc, struct scenario_ctx *ctx,
		       const char *assignment, char *err, unsigned errlen)
{
	const char *eq = strchr(assignment, '=');
	unsigned i, used = 0;
	char *end;
	bool bad;
	long v;

	for (i = 0; eq && i < sc->nparams; i++) {
		const struct scenario_param *p = &sc->params[i];

		if (strlen(p->name) != (size_t)(eq - assignment) ||
		    strncmp(p->name, assignment, eq - assignment))
			continue;
		errno = 0;
		v = strtol(eq + 1, &end, 10);
		bad = errno || end == eq + 1 || *end ||
		      !(isdigit((unsigned char)eq[1]) || eq[1] == '-');
		if (bad || v < p->min || v > p->max) {
			snprintf(err, errlen, "%s: parameter %s=%s is %s: give "
				 "an integer from %ld to %ld", sc->name,
				 p->name, eq + 1, bad ? "not an integer" :
				 "out of range", p->min, p->max);
			return -1;
		}
		ctx->p[i] = v;
		return 0;
	}
	for (i = 0; !eq && i < sc->nparams; i++) {
		const struct scenario_param *p = &sc->params[i];

		if (!strcmp(p->name, assignment)) {
			snprintf(err, errlen, "%s: parameter %s needs a value: "
				 "%s=N, N from %ld to %ld", sc->name, p->name,
				 p->name, p->min, p->max);
			return -1;
		}
	}
	used = snprintf(err, errlen, "%s: unknown parameter '%s': use NAME=VALUE"
			" with NAME one of", sc->name, assignment);
	for (i = 0; i < sc->nparams && used < errlen; i++)
		used += snprintf(err + used, errlen - used, "%s %s",
				 i ? "," : "", sc->params[i].name);
	return -1;
}

void scenario_resolve(const struct scenario *sc, struct scenario_ctx *ctx)
{
	if (sc->resolve)
		sc->resolve(ctx->p);
}

/*
 * Copies the next space-separated word of *p into buf: 1, or 0 at the end.
 * A word too long for buf is the curve's bug: -1 with the message in err.
 */
static int next_word(const struct scenario *sc, const char **p, char *buf,
		     size_t len, char *err, unsigned errlen)
{
	size_t n;

	*p += strspn(*p, " ");
	n = strcspn(*p, " ");
	if (n >= len) {
		snprintf(err, errlen, "%s: word too long in '%s'", sc->name,
			 *p);
		return -1;
	}
	memcpy(buf, *p, n);
	buf[n] = '\0';
	*p += n;
	return n > 0;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

/*
 * A curve over CPUs scales with the machine that runs it: in its values,
 * "cpus" is this host's online CPUs and "Ncpus" N times that; values past
 * the largest such word go ("cpus": the host's CPUs, "2cpus": twice
 * them), and the rest are sorted without repeats. xs is rewritten into
 * buf; a curve without a cpus word is left as it is.
 */
static const char *cpu_curve(const char *xs, char *buf, unsigned len)
{
	long v[SCENARIO_MAX_POINTS * 2], ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	long most = 0;
	const char *p = xs;
	unsigned n = 0, i, at = 0;
	char *end;

	if (!strstr(xs, "cpus"))
		return xs;
	while (*p && n < ARRAY_SIZE(v)) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		v[n] = strtol(p, &end, 10);
		if (!strncmp(end, "cpus", 4)) {
			v[n] = (end == p ? 1 : v[n]) * ncpu;
			most = v[n] > most ? v[n] : most;
			end += 4;
		}
		if (end == p)
			return xs;	/* the parser names the bad word */
		p = end;
		n++;
	}
	qsort(v, n, sizeof(*v), cmp_long);
	buf[0] = 0;
	for (i = 0; i < n && at < len; i++)
		if (v[i] <= most && (!i || v[i] != v[i - 1]))
			at += snprintf(buf + at, len - at, "%ld ", v[i]);
	return buf;
}

int scenario_curve_points(const struct scenario *sc,
			  const struct scenario_curve *row, bool quick,
			  uint64_t seed, struct scenario_ctx *pts, char *err,
			  unsigned errlen)
{
	const char *fixed = row ? (quick ? row->fixed_quick : row->fixed_full)
				: "";
	const char *xs = row ? (quick ? row->quick : row->full) : "";
	char word[64], assign[128], cpus[256];
	struct scenario_ctx base;
	int n = 0, ret;

	scenario_defaults(sc, &base, seed);
	while ((ret = next_word(sc, &fixed, word, sizeof(word), err,
				errlen)) > 0)
		if (scenario_set_param(sc, &base, word, err, errlen))
			return -1;
	if (ret < 0)
		return -1;
	if (!row) {
		pts[0] = base;
		scenario_resolve(sc, &pts[0]);
		return 1;
	}
	xs = cpu_curve(xs, cpus, sizeof(cpus));
	while ((ret = next_word(sc, &xs, word, sizeof(word), err,
				errlen)) > 0) {
		if (n == SCENARIO_MAX_POINTS) {
			snprintf(err, errlen, "%s: a curve has more than %d "
				 "points", sc->name, SCENARIO_MAX_POINTS);
			return -1;
		}
		pts[n] = base;
		snprintf(assign, sizeof(assign), "%s=%s", row->x, word);
		if (scenario_set_param(sc, &pts[n], assign, err, errlen))
			return -1;
		scenario_resolve(sc, &pts[n++]);
	}
	if (ret < 0)
		return -1;
	if (!n)
		snprintf(err, errlen, "%s: a curve sweeps %s over no values",
			 sc->name, row->x);
	return n ? n : -1;
}

static struct mm_struct *hold(struct scenario_ctx *ctx, struct mm_struct *mm)
{
	struct procs *p = &ctx->procs;
	struct mm_struct **grown;

	if (!mm)
		return NULL;
	if (p->n == p->cap) {
		grown = realloc(p->mm, (p->cap ? 2 * p->cap : 16) *
				sizeof(*grown));
		if (!grown) {
			mmput(mm);
			return NULL;
		}
		p->mm = grown;
		p->cap = p->cap ? 2 * p->cap : 16;
	}
	p->mm[p->n++] = mm;
	return mm;
}

struct mm_struct *scenario_exec(struct scenario_ctx *ctx)
{
	return hold(ctx, mm_new());
}

struct mm_struct *scenario_fork(struct scenario_ctx *ctx,
				struct mm_struct *parent)
{
	return hold(ctx, dup_mm(parent));
}

struct address_space *scenario_file(struct scenario_ctx *ctx,
				    const char *name, unsigned long pages,
				    bool shmem)
{
	struct address_space *file;

	if (ctx->nfiles == SCENARIO_MAX_FILES)
		return NULL;
	file = file_create(name, pages, shmem);
	if (file)
		ctx->files[ctx->nfiles++] = file;
	return file;
}

struct mm_struct *scenario_process(struct scenario_ctx *ctx,
				   unsigned long pages, long file_pct)
{
	unsigned long file_pages = pages * file_pct / 100;
	unsigned long anon_pages = pages - file_pages, addr;
	struct mm_struct *mm = scenario_exec(ctx);
	struct address_space *file;

	if (!mm)
		return NULL;
	if (anon_pages) {
		addr = do_mmap(mm, 0, anon_pages * PAGE_SIZE,
			       RM_PROT_READ | RM_PROT_WRITE,
			       RM_MAP_PRIVATE | RM_MAP_ANON, NULL, 0);
		if (touch_range(mm, addr, anon_pages * PAGE_SIZE, true))
			return NULL;
	}
	if (file_pages) {
		file = scenario_file(ctx, "data", file_pages, false);
		addr = do_mmap(mm, 0, file_pages * PAGE_SIZE, RM_PROT_READ,
			       RM_MAP_PRIVATE, file, 0);
		if (touch_range(mm, addr, file_pages * PAGE_SIZE, false))
			return NULL;
	}
	return mm;
}

int scenario_age(struct scenario_ctx *ctx,
		 struct page *(*page_at)(void *arg, unsigned long i),
		 void *arg, unsigned long n)
{
	phase_guard(PHASE_RECLAIM);
	struct page *page;
	unsigned long i;

	if (model_switch(SW_LRU) == LRU_24) {
		swap_out_sweep();
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (!(i & 255) && scenario_over_budget())
			return scenario_fail(ctx, NULL);
		page = page_at(arg, i);
		if (page)
			page_referenced(page);
	}
	return 0;
}

static struct page *file_page(void *file, unsigned long pgoff)
{
	return ((struct address_space *)file)->pages[pgoff];
}

int scenario_age_file(struct scenario_ctx *ctx, struct address_space *file)
{
	return scenario_age(ctx, file_page, file, file->size);
}

void scenario_put_procs(struct scenario_ctx *ctx, long keep)
{
	while (ctx->procs.n > keep)
		mmput(ctx->procs.mm[--ctx->procs.n]);
}

void scenario_teardown(struct scenario_ctx *ctx)
{
	scenario_put_procs(ctx, 0);
	free(ctx->procs.mm);
	ctx->procs.mm = NULL;
	ctx->procs.cap = 0;
	while (ctx->nfiles)
		file_put(ctx->files[--ctx->nfiles]);
}

void scenario_teardown_run(const struct scenario *sc, struct scenario_ctx *ctx)
{
	if (sc->teardown)
		sc->teardown(ctx);
	else
		scenario_teardown(ctx);
}

static void budget_alarm(int sig)
{
	(void)sig;
	scenario_budget_expired = 1;
}

int scenario_fail(struct scenario_ctx *ctx, const char *why)
{
	ctx->error = scenario_over_budget() ?
		     "stopped: the time budget ran out" : why;
	return -1;
}

unsigned long (*scenario_quiesce_check)(void);

int scenario_quiescent(struct scenario_ctx *ctx)
{
	if (scenario_quiesce_check && scenario_quiesce_check())
		return scenario_fail(ctx, "the check found the model wrong "
				     "at a quiescent point");
	return 0;
}

static double mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

void scenario_timing_begin(struct scenario_timing *t)
{
	t->ns = mono_ns();
	t->runs = 0;
	memcpy(t->acquired, rmap_stats.locks, sizeof(t->acquired));
	memset(lock_stat.hold_max_ns, 0, sizeof(lock_stat.hold_max_ns));
	t->locks = lock_stat;
}

void scenario_timing_end(struct scenario_timing *t, unsigned long runs)
{
	unsigned c;

	t->ns = mono_ns() - t->ns;
	t->runs = runs;
	t->holds = lock_holds;
	for (c = 0; c < NR_LOCK_CLASSES; c++) {
		t->acquired[c] = rmap_stats.locks[c] - t->acquired[c];
		t->locks.contended[c] = lock_stat.contended[c] -
					t->locks.contended[c];
		t->locks.wait_ns[c] = lock_stat.wait_ns[c] -
				      t->locks.wait_ns[c];
		t->locks.hold_ns[c] = lock_stat.hold_ns[c] -
				      t->locks.hold_ns[c];
		t->locks.hold_max_ns[c] = lock_stat.hold_max_ns[c];
	}
}

/*
 * A one-shot ITIMER_REAL: the budget is wall time, what a hung suite costs.
 * SA_RESTART keeps the signal from failing the harness's own writes.
 */
void scenario_budget_arm(double seconds)
{
	struct sigaction sa = { .sa_handler = budget_alarm,
				.sa_flags = SA_RESTART };
	struct itimerval it = { { 0, 0 }, { 0, 0 } };
	long usec = seconds * 1e6;

	if (usec < 1)
		usec = 1;
	it.it_value.tv_sec = usec / 1000000;
	it.it_value.tv_usec = usec % 1000000;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	scenario_budget_expired = 0;
	setitimer(ITIMER_REAL, &it, NULL);
}

void scenario_budget_disarm(void)
{
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &off, NULL);
}
