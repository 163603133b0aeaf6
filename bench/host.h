/*
 * The benchmark process's host set-up (host.c): one CPU, no address-space
 * randomisation, a heap that stays resident. Called from main before the
 * first benchmark.
 */
#ifndef RMAP_BENCH_HOST_H
#define RMAP_BENCH_HOST_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Re-executes the program with ADDR_NO_RANDOMIZE unless keep (--aslr) or
 * it already runs so; returns when randomisation stays on (kept, or the
 * kernel refused), and in the re-executed program.
 */
void host_exec_without_aslr(char **argv, bool keep);

/*
 * Pins the process to CPU spec ("3"), to the last CPU it may run on when
 * spec is NULL, or nowhere for "any". 0, or -1 with one line in err.
 */
int host_pin(const char *spec, char *err, size_t len);

/*
 * Keeps freed heap resident, faults HEAP_PREFAULT of it in and keeps that
 * out of forked children.
 */
void host_heap_setup(void);

/* For the JSON context: the CPU pinned to ("any"), ASLR "on" or "off". */
void host_describe(char *cpu, size_t cpu_len, char *aslr, size_t aslr_len);

#endif
