/*
 * The strace log reader. strace -f prints one line per call, prefixed by
 * the pid ("1234  " when writing to a file, "[pid  1234] " to a terminal,
 * nothing while one process is traced) and optionally a timestamp; a call
 * interrupted by another task's output is split into "NAME(args
 * <unfinished ...>" and "<... NAME resumed>rest", which this stitches back
 * together per pid. Calls that create a task are placed where they started,
 * since the child's own lines may come before the parent's resumption.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/replay/strace_internal.h"

const char *const strace_call_names[NR_STRACE_CALLS] = {
	[SC_MMAP] = "mmap", [SC_MUNMAP] = "munmap",
	[SC_MPROTECT] = "mprotect", [SC_MREMAP] = "mremap",
	[SC_BRK] = "brk", [SC_MADVISE] = "madvise(DONTNEED)",
	[SC_MLOCK] = "mlock", [SC_MUNLOCK] = "munlock",
	[SC_CLONE] = "clone", [SC_EXECVE] = "execve", [SC_EXIT] = "exit",
	[SC_EXIT_GROUP] = "exit_group", [SC_GONE] = "+++ exit",
};

struct pending {
	int pid;
	char *text;	/* the call up to " <unfinished ...>" */
	long slot;	/* the event reserved where the call started, or -1 */
	bool done;	/* a call that never returns: already emitted */
};

static struct strace_event *new_event(struct parser *p)
{
	struct strace_log *log = p->log;
	struct strace_event *grown;

	if (log->nr == log->cap) {
		log->cap = log->cap ? 2 * log->cap : 1024;
		grown = realloc(log->ev, log->cap * sizeof(*grown));
		if (!grown)
			return NULL;
		log->ev = grown;
	}
	memset(&log->ev[log->nr], 0, sizeof(log->ev[0]));
	log->ev[log->nr].call = NR_STRACE_CALLS;
	log->ev[log->nr].path = -1;
	return &log->ev[log->nr++];
}

static void live_add(struct parser *p, int pid)
{
	unsigned i;
	int *grown;

	for (i = 0; i < p->nr_live; i++)
		if (p->live[i] == pid)
			return;
	if (p->nr_live == p->live_cap) {
		p->live_cap = p->live_cap ? 2 * p->live_cap : 16;
		grown = realloc(p->live, p->live_cap * sizeof(*grown));
		if (!grown)
			return;	/* only unprefixed lines use it */
		p->live = grown;
	}
	p->live[p->nr_live++] = pid;
}

static void live_del(struct parser *p, int pid)
{
	unsigned i;

	for (i = 0; i < p->nr_live; i++)
		if (p->live[i] == pid) {
			p->live[i] = p->live[--p->nr_live];
			return;
		}
}

static bool live_has(struct parser *p, int pid)
{
	unsigned i;

	for (i = 0; i < p->nr_live; i++)
		if (p->live[i] == pid)
			return true;
	return false;
}

/*
 * strace prints no prefix while it traces one task, so the traced command's
 * first lines have none: pid 0 stands for it until a prefixed line shows
 * its pid (a task not born of a traced clone, or the one resuming pid 0's
 * unfinished call); its events are renamed at the end.
 */
static void learn_root(struct parser *p, int pid)
{
	unsigned i;

	p->root_unnamed = false;
	p->root = pid;
	if (live_has(p, pid))	/* taken for the root's child at first */
		live_del(p, 0);
	for (i = 0; i < p->nr_live; i++)
		if (p->live[i] == 0)
			p->live[i] = pid;
	for (i = 0; i < p->nr_pend; i++)
		if (p->pend[i].pid == 0)
			p->pend[i].pid = pid;
}

/*
 * A whole call, "NAME(ARGS) = RESULT ...", for pid; into the reserved
 * event @slot if the call started earlier and made a task.
 */
static int parse_call(struct parser *p, int pid, const char *s, long slot)
{
	struct strace_event *ev, tmp = { .pid = pid, .path = -1 };
	int ret = strace_decode_call(p, s, &tmp);

	if (ret <= 0)
		return ret;
	ev = slot >= 0 ? &p->log->ev[slot] : new_event(p);
	if (!ev)
		return fail(p, "out of memory");
	*ev = tmp;
	p->log->calls[ev->call]++;
	if (ev->call == SC_CLONE)
		live_add(p, (int)ev->ret);
	if (ev->call == SC_EXIT || ev->call == SC_EXIT_GROUP)
		live_del(p, pid);
	return 0;
}

static struct pending *find_pending(struct parser *p, int pid)
{
	unsigned i;

	for (i = 0; i < p->nr_pend; i++)
		if (p->pend[i].pid == pid)
			return &p->pend[i];
	return NULL;
}

static void drop_pending(struct parser *p, struct pending *pd)
{
	free(pd->text);
	*pd = p->pend[--p->nr_pend];
}

/* "NAME(args <unfinished ...>": kept until this pid's "<... NAME resumed>". */
static int start_unfinished(struct parser *p, int pid, const char *s,
			    size_t n)
{
	struct pending *pd = find_pending(p, pid);
	const char *paren = memchr(s, '(', n);
	struct strace_event *ev = NULL;
	enum strace_call call;

	if (!paren)
		return fail(p, "expected 'NAME(' before '<unfinished ...>'");
	if (pd) {	/* strace never nests them: the earlier one was lost */
		p->log->unfinished++;
		drop_pending(p, pd);
	}
	if (p->nr_pend == p->pend_cap) {
		p->pend_cap = p->pend_cap ? 2 * p->pend_cap : 16;
		pd = realloc(p->pend, p->pend_cap * sizeof(*pd));
		if (!pd)
			return fail(p, "out of memory");
		p->pend = pd;
	}
	pd = &p->pend[p->nr_pend];
	pd->pid = pid;
	pd->slot = -1;
	pd->done = false;
	pd->text = strndup(s, n);
	if (!pd->text)
		return fail(p, "out of memory");
	p->nr_pend++;
	call = strace_call_of(s, paren - s);
	if (call == SC_CLONE || call == SC_EXIT || call == SC_EXIT_GROUP) {
		ev = new_event(p);
		if (!ev)
			return fail(p, "out of memory");
		pd->slot = ev - p->log->ev;
	}
	if (call == SC_EXIT || call == SC_EXIT_GROUP) {
		/* it cannot fail and never returns: it happened here */
		ev->call = call;
		ev->pid = pid;
		p->log->calls[call]++;
		pd->done = true;
		live_del(p, pid);
	}
	return 0;
}

static int resume(struct parser *p, int pid, const char *s)
{
	const char *name = s + 5, *end = strstr(s, " resumed>");
	struct pending *pd = find_pending(p, pid);
	size_t n, tn;
	char *text;
	int ret;

	if (!end)
		return fail(p, "expected '<... NAME resumed>'");
	n = end - name;
	if (!pd && p->root_unnamed && find_pending(p, 0)) {
		learn_root(p, pid);
		pd = find_pending(p, pid);
	}
	if (!pd || strncmp(pd->text, name, n) || pd->text[n] != '(')
		return fail(p, "expected an earlier 'NAME(... <unfinished "
			    "...>' of the same call by this pid");
	if (pd->done) {
		drop_pending(p, pd);
		return 0;
	}
	end += 9;
	tn = strlen(pd->text);
	text = malloc(tn + strlen(end) + 1);
	if (!text)
		return fail(p, "out of memory");
	memcpy(text, pd->text, tn);
	strcpy(text + tn, end);
	ret = parse_call(p, pid, text, pd->slot);
	free(text);
	drop_pending(p, find_pending(p, pid));
	return ret;
}

/* "+++ exited with N +++", "+++ killed by SIG... +++", "+++ superseded..." */
static int task_line(struct parser *p, int pid, const char *s)
{
	struct pending *pd, *old;
	struct strace_event *ev;
	unsigned long tid;
	const char *e;

	if (!strncmp(s, "+++ superseded by execve in pid ", 32)) {
		/* thread tid's execve goes on, and resumes, as the leader */
		e = s + 32;
		while (isdigit((unsigned char)*e))
			e++;
		if (strace_parse_num(s + 32, e - (s + 32), &tid) ||
		    strcmp(e, " +++"))
			return fail(p, "expected '+++ superseded by execve in "
				    "pid N +++'");
		pd = find_pending(p, pid);
		if (pd)
			drop_pending(p, pd);
		old = find_pending(p, (int)tid);
		if (old)
			old->pid = pid;
		live_del(p, (int)tid);
		return 0;
	}
	if (strncmp(s, "+++ exited with ", 16) &&
	    strncmp(s, "+++ killed by ", 14))
		return fail(p, "expected '+++ exited with N +++' or "
			    "'+++ killed by SIG... +++'");
	if (strlen(s) < 8 || strcmp(s + strlen(s) - 4, " +++"))
		return fail(p, "expected ' +++' at the end of the line");
	pd = find_pending(p, pid);
	if (pd) {
		if (!pd->done)
			p->log->unfinished++;
		drop_pending(p, pd);
	}
	ev = new_event(p);
	if (!ev)
		return fail(p, "out of memory");
	ev->call = SC_GONE;
	ev->pid = pid;
	p->log->calls[SC_GONE]++;
	live_del(p, pid);
	return 0;
}

static void seen_pid(struct parser *p, int pid)
{
	struct pending *pd = find_pending(p, 0);

	if (live_has(p, pid))
		return;
	/* a new task while the root's clone is unfinished is its child */
	if (p->root_unnamed && !(pd && pd->slot >= 0 && !pd->done))
		learn_root(p, pid);
	else
		live_add(p, pid);
}

/* The pid of a line: its prefix, or the one task traced just then. */
static const char *line_pid(struct parser *p, const char *s, int *pid)
{
	const char *d = s;
	char *end;

	if (!strncmp(s, "[pid", 4)) {
		*pid = (int)strtol(s + 4, &end, 10);
		if (end == s + 4 || *end != ']' || *pid <= 0)
			return NULL;
		seen_pid(p, *pid);
		return end + 1;
	}
	while (isdigit((unsigned char)*d))
		d++;
	if (d > s && *d == ' ') {
		*pid = (int)strtol(s, NULL, 10);
		if (*pid <= 0)
			return NULL;
		seen_pid(p, *pid);
		return d;
	}
	if (!p->nr_live) {
		live_add(p, p->root);
		p->root_unnamed = !p->root;
	}
	*pid = p->nr_live == 1 || !live_has(p, p->root) ? p->live[0] : p->root;
	return s;
}

/* -t "10:20:30", -tt "10:20:30.123456", -ttt "1700000000.123456" */
static const char *skip_timestamp(const char *s)
{
	const char *t = s;
	bool stamp = false;

	while (isdigit((unsigned char)*t) || *t == ':' || *t == '.') {
		stamp |= *t == ':' || *t == '.';
		t++;
	}
	return stamp && *t == ' ' ? skip_ws(t) : s;
}

static int parse_line(struct parser *p, char *line)
{
	static const char unf[] = " <unfinished ...>";
	const char *s;
	size_t n;
	int pid;

	n = strlen(line);
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = 0;
	if (!n)
		return 0;
	s = line_pid(p, line, &pid);
	if (!s)
		return fail(p, "expected '[pid N] ' or 'N ' before the call");
	s = skip_timestamp(skip_ws(s));
	n = strlen(s);
	if (!strncmp(s, "--- ", 4)) {
		if (n < 8 || strcmp(s + n - 4, " ---"))
			return fail(p, "expected ' ---' at the end of the "
				    "signal line");
		p->log->signals++;
		return 0;
	}
	if (!strncmp(s, "+++ ", 4))
		return task_line(p, pid, s);
	if (!strncmp(s, "<... ", 5))
		return resume(p, pid, s);
	if (n > sizeof(unf) - 1 && !strcmp(s + n - (sizeof(unf) - 1), unf))
		return start_unfinished(p, pid, s, n - (sizeof(unf) - 1));
	return parse_call(p, pid, s, -1);
}

/*
 * Drops the events reserved for calls that never completed, and gives the
 * root's early events its pid.
 */
static void compact(struct strace_log *log, int root)
{
	unsigned long i, j = 0;

	for (i = 0; i < log->nr; i++) {
		if (log->ev[i].call == NR_STRACE_CALLS)
			continue;
		if (!log->ev[i].pid)
			log->ev[i].pid = root;
		log->ev[j++] = log->ev[i];
	}
	log->nr = j;
}

struct strace_log *strace_parse(const char *name, const char *text,
				size_t len, bool lenient, char *err,
				size_t errlen)
{
	struct parser p = { .log = calloc(1, sizeof(*p.log)) };
	const char *s = text, *end = text + len, *nl;
	char *line = NULL;
	size_t cap = 0, n;
	int failed = 0;

	if (!p.log || !(p.log->name = strdup(name))) {
		snprintf(err, errlen, "%s: out of memory", name);
		free(p.log);
		return NULL;
	}
	for (; s < end && !failed; s = nl + 1) {
		nl = memchr(s, '\n', end - s);
		if (!nl)
			nl = end;
		n = nl - s;
		if (n + 1 > cap) {
			char *grown = realloc(line, 2 * n + 64);

			if (!grown) {
				p.why = "out of memory";
				failed = 1;
				break;
			}
			line = grown;
			cap = 2 * n + 64;
		}
		memcpy(line, s, n);
		line[n] = 0;
		p.log->lines++;
		if (parse_line(&p, line)) {
			if (lenient && strcmp(p.why, "out of memory")) {
				p.log->skipped++;
				continue;
			}
			snprintf(err, errlen, "%s:%lu: %s%s", name,
				 p.log->lines, p.why,
				 strcmp(p.why, "out of memory") ?
				 " (fix the line; lenient mode skips such "
				 "lines)" : "");
			failed = 1;
		}
	}
	free(line);
	while (p.nr_pend) {
		if (!p.pend[0].done)
			p.log->unfinished++;
		drop_pending(&p, &p.pend[0]);
	}
	free(p.pend);
	free(p.live);
	if (!failed && !p.log->nr) {
		snprintf(err, errlen, "%s: " STRACE_NO_EVENTS " in %lu "
			 "line(s): record the log with strace -f -y -qq "
			 "-e trace=memory,process -o LOG CMD", name,
			 p.log->lines);
		failed = 1;
	}
	if (failed) {
		strace_log_free(p.log);
		return NULL;
	}
	compact(p.log, p.root);
	return p.log;
}


void strace_log_free(struct strace_log *log)
{
	unsigned i;

	if (!log)
		return;
	for (i = 0; i < log->nr_paths; i++)
		free(log->paths[i]);
	free(log->paths);
	free(log->ev);
	free(log->name);
	free(log);
}

void strace_log_summary(const struct strace_log *log, FILE *out)
{
	unsigned long ignored = log->ignored_other;
	unsigned i;

	for (i = 0; i < log->nr_ignored; i++)
		ignored += log->ignored[i].n;
	fprintf(out, "trace %s: %lu lines, %lu events (", log->name,
		log->lines, log->nr);
	for (i = 0; i < NR_STRACE_CALLS; i++)
		fprintf(out, "%s%s %lu", i ? ", " : "", strace_call_names[i],
			log->calls[i]);
	fprintf(out, "), %lu failed calls skipped, %lu signals, %lu never "
		"finished, %lu ignored", log->failed, log->signals,
		log->unfinished, ignored);
	for (i = 0; i < log->nr_ignored; i++)
		fprintf(out, "%s%s %lu", i ? ", " : " (", log->ignored[i].name,
			log->ignored[i].n);
	if (log->ignored_other)
		fprintf(out, "%sother %lu", i ? ", " : " (",
			log->ignored_other);
	if (ignored)
		fputc(')', out);
	if (log->skipped)
		fprintf(out, ", %lu unparsable lines skipped (--lenient)",
			log->skipped);
	fputc('\n', out);
}
