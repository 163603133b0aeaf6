/*
 * Component benchmarks: what a walk is made of, measured apart from the
 * model and from the generations. A component is a scenario of kind
 * SCENARIO_COMPONENT (no model instance behind it) with variants in place
 * of generations, so its benchmarks read as component/variant/param:value
 * like every other: the i_mmap structures of tree_micro, the pointer-chase
 * floor, and the host kernel running the model scenarios' shapes with real
 * system calls. This header is what the native ones share (native.c).
 */
#ifndef RMAP_BENCH_COMPONENT_H
#define RMAP_BENCH_COMPONENT_H

#include <sys/types.h>

#include "bench/scenarios/scenario.h"

long native_page_size(void);
int native_file(long pages);
void native_touch(char *addr, long pages, bool write);
int native_reap(pid_t pid);
/*
 * fork() as the host kernel's system call alone: glibc's fork also runs
 * code in the child (it resets the lock of every stdio FILE), which reads
 * heap memory the child does not inherit (bench/host.c), so a FILE opened
 * after the heap was set up (Google Benchmark's --benchmark_out) crashed
 * every child. The child may then only make system calls and read
 * native_alloc'd memory, which is all the components' children do.
 */
pid_t native_fork(void);
/*
 * Memory a forked child reads: mapped apart, not from the heap, which the
 * benchmark process keeps out of its children (bench/host.c). NULL on
 * failure; native_free takes the same size.
 */
void *native_alloc(size_t size);
void native_free(void *p, size_t size);

#endif
