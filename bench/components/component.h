/*
 * Component benchmarks: what a walk is made of, measured apart from the
 * model and from the generations. A component is a scenario (parameters,
 * setup, one measured run, teardown; no model instance behind it) with
 * variants in place of generations, so its benchmarks read as
 * component/variant/param:value like every other: the i_mmap structures
 * of tree_micro, the pointer-chase floor, and the host kernel running the
 * model scenarios' shapes with real system calls.
 */
#ifndef RMAP_BENCH_COMPONENT_H
#define RMAP_BENCH_COMPONENT_H

#include <sys/types.h>

#include "bench/scenarios/scenario.h"
#include "bench/shim/shim.h"

struct component {
	struct scenario sc;		/* mem_pages unused */
	const char *const *variants;	/* ctx->variant indexes these */
	unsigned nvariants;
	/* after a trial's timed loop: the component's own counters */
	void (*publish)(gb_state *st, const struct scenario_ctx *ctx);
};

/* native.c: for the components that run on the host kernel */
long native_page_size(void);
int native_file(long pages);
void native_touch(char *addr, long pages, bool write);
int native_reap(pid_t pid);

extern const struct component tree_micro_component;
extern const struct component pointer_chase_component;
extern const struct component native_fork_exit_component;
extern const struct component native_file_windows_component;

#endif
