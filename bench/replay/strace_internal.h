/*
 * What the strace reader's two halves share: strace_parse.c reads lines,
 * follows the tasks and builds the log; strace_call.c turns one call's
 * text into an event. Private to bench/replay: strace_parse.h is the
 * interface.
 */
#ifndef RMAP_STRACE_INTERNAL_H
#define RMAP_STRACE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "bench/replay/strace_parse.h"

struct pending;

struct parser {
	struct strace_log *log;
	struct pending *pend;
	unsigned nr_pend, pend_cap;
	int *live;	/* pids seen, not gone: who an unprefixed line is */
	unsigned nr_live, live_cap;
	bool root_unnamed;	/* pid 0 stands for the first task */
	int root;		/* its pid, once a prefixed line told it */
	const char *why;	/* what was expected, when a line fails */
};

/* Notes what the line being read should have held; returns -1. */
static inline int fail(struct parser *p, const char *why)
{
	p->why = why;
	return -1;
}

static inline const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* A number as strace prints one: NULL, decimal, 0x hex or negative. */
int strace_parse_num(const char *s, size_t n, unsigned long *v);
/* Which call a name is; NR_STRACE_CALLS for the ones replay ignores. */
enum strace_call strace_call_of(const char *name, size_t n);
/*
 * "NAME(ARGS) = RESULT" into @ev (its pid already set): 1 for a call the
 * model replays, 0 for one it does not (a failed or an ignored call,
 * counted in the log), -1 with p->why if the text is no such call.
 */
int strace_decode_call(struct parser *p, const char *s,
		       struct strace_event *ev);

#endif
