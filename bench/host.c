/*
 * The benchmark process's hold on its host, set before the first benchmark
 * runs so that the time a run reports is the model's and not the host's:
 *  - one CPU: the scheduler does not migrate the run between caches
 *    (pinned to the last CPU the process may use, or the one asked for);
 *  - no address-space randomisation: the process re-executes itself with
 *    ADDR_NO_RANDOMIZE, so heap, mem_map and page tables lie at the same
 *    addresses in every run and two runs of a tree see the same cache-set
 *    conflicts instead of a new draw each;
 *  - a heap that keeps what it was given: glibc does not trim freed memory
 *    back to the kernel or serve the model's larger tables by mmap, and
 *    HEAP_PREFAULT of it is faulted in up front, so a fixture built after
 *    another reuses resident memory and the slab's growth inside a timed
 *    run takes no host page fault. The host-kernel components' children
 *    do not inherit it (MADV_DONTFORK): the host's fork would copy its
 *    page tables into the time they measure and write-protect it, so
 *    that the model's next writes to it fault. What such a child reads
 *    comes from native_alloc (bench/components/native.c).
 * The mem_map and page-table arenas are kept and faulted in by the page
 * allocator itself (common/page_alloc.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <unistd.h>

#include "bench/host.h"
#include "common/smp.h"

#define HEAP_PREFAULT	(256UL << 20)
#define HEAP_BLOCK	(16UL << 20)	/* below glibc's largest mmap threshold */
#define MMAP_THRESHOLD	(32 << 20)	/* glibc's largest: HEAP_MAX_SIZE / 2 */

static struct {
	int cpu;		/* -1: not pinned */
	bool aslr;
	cpu_set_t allowed;	/* the CPUs it could run on before pinning */
} host = { .cpu = -1 };

void host_exec_without_aslr(char **argv, bool keep)
{
	int pers = personality(0xffffffff);

	host.aslr = true;
	if (pers == -1 || keep)
		return;
	if (pers & ADDR_NO_RANDOMIZE) {
		host.aslr = false;
		return;
	}
	/* not permitted (some containers): run on with randomisation */
	if (personality(pers | ADDR_NO_RANDOMIZE) == -1)
		return;
	execv("/proc/self/exe", argv);
	personality(pers);
}

/* The last CPU in the process's affinity mask, or -1. */
static int last_allowed_cpu(const cpu_set_t *set)
{
	int cpu;

	for (cpu = CPU_SETSIZE - 1; cpu >= 0; cpu--)
		if (CPU_ISSET(cpu, set))
			return cpu;
	return -1;
}

/*
 * The model's CPU k (a thread of a threaded scenario) on its own host CPU:
 * the k-th after the pinned one among those the process was allowed, so
 * CPU 0 (the pinned thread) and its workers never share a core until
 * there are more of them than cores. Without it every thread would inherit
 * the single CPU the process is pinned to, and the CPUs would take turns.
 */
static void host_place_cpu(unsigned k)
{
	int list[CPU_SETSIZE], n = 0, at = 0, cpu;
	cpu_set_t one;

	for (cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &host.allowed)) {
			if (cpu == host.cpu)
				at = n;
			list[n++] = cpu;
		}
	if (!n)
		return;
	CPU_ZERO(&one);
	CPU_SET(list[(at + k) % n], &one);
	sched_setaffinity(0, sizeof(one), &one);
}

int host_pin(const char *spec, char *err, size_t len)
{
	cpu_set_t set;
	char *end;
	long cpu;

	if (spec && !strcmp(spec, "any"))
		return 0;
	if (sched_getaffinity(0, sizeof(set), &set)) {
		snprintf(err, len, "cannot read the CPU affinity: %s; give "
			 "--cpu=any to run unpinned", strerror(errno));
		return -1;
	}
	host.allowed = set;
	smp_place_cpu = host_place_cpu;
	if (!spec) {
		cpu = last_allowed_cpu(&set);
	} else {
		errno = 0;
		cpu = strtol(spec, &end, 10);
		if (errno || end == spec || *end || cpu < 0 ||
		    cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &set)) {
			snprintf(err, len, "bad --cpu '%s': give a CPU this "
				 "process may run on (0-%d) or any", spec,
				 last_allowed_cpu(&set));
			return -1;
		}
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		snprintf(err, len, "cannot pin to CPU %ld: %s; give --cpu=any "
			 "to run unpinned", cpu, strerror(errno));
		return -1;
	}
	host.cpu = cpu;
	return 0;
}

void host_heap_setup(void)
{
	void *blocks[HEAP_PREFAULT / HEAP_BLOCK];
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t start = ((uintptr_t)sbrk(0) + page - 1) & ~(page - 1);
	size_t i;

	mallopt(M_TRIM_THRESHOLD, INT_MAX);
	mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD);
	for (i = 0; i < HEAP_PREFAULT / HEAP_BLOCK; i++) {
		blocks[i] = malloc(HEAP_BLOCK);
		/* not 0: the compiler would make malloc and memset a calloc */
		if (blocks[i])
			memset(blocks[i], 0xa5, HEAP_BLOCK);
	}
	madvise((void *)start, ((uintptr_t)sbrk(0) & ~(page - 1)) - start,
		MADV_DONTFORK);
	while (i)
		free(blocks[--i]);
}

void host_describe(char *cpu, size_t cpu_len, char *aslr, size_t aslr_len)
{
	if (host.cpu < 0)
		snprintf(cpu, cpu_len, "any");
	else
		snprintf(cpu, cpu_len, "%d", host.cpu);
	snprintf(aslr, aslr_len, "%s", host.aslr ? "on" : "off");
}
