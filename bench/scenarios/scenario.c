/*
 * The scenario table, parameter handling and the harness's time budget.
 * Adding a scenario is one file in this folder and one line in the table.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "bench/scenarios/scenario.h"

extern const struct scenario fork_exit_scenario;
extern const struct scenario fork_server_scenario;
extern const struct scenario fork_chain_scenario;
extern const struct scenario mprotect_split_scenario;
extern const struct scenario file_windows_scenario;
extern const struct scenario test_mmap3_scenario;
extern const struct scenario shared_lib_scenario;
extern const struct scenario mmap_churn_scenario;
extern const struct scenario reclaim_scenario;
extern const struct scenario fork_tree_scenario;

const struct scenario *const scenarios[] = {
	&fork_exit_scenario,
	&fork_server_scenario,
	&fork_chain_scenario,
	&mprotect_split_scenario,
	&file_windows_scenario,
	&test_mmap3_scenario,
	&shared_lib_scenario,
	&mmap_churn_scenario,
	&reclaim_scenario,
	&fork_tree_scenario,
};

volatile sig_atomic_t scenario_budget_expired;

const unsigned nr_scenarios = sizeof(scenarios) / sizeof(scenarios[0]);

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

static void budget_alarm(int sig)
{
	(void)sig;
	scenario_budget_expired = 1;
}

int scenario_out_of_budget(struct scenario_ctx *ctx)
{
	ctx->error = "stopped: the time budget ran out";
	return -1;
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
