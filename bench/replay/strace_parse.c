/*
 * The strace log reader. strace -f prints one line per call, prefixed by
 * the pid ("1234  " when writing to a file, "[pid  1234] " to a terminal,
 * nothing while one process is traced) and optionally a timestamp; a call
 * interrupted by another task's output is split into "NAME(args
 * <unfinished ...>" and "<... NAME resumed>rest", which this stitches back
 * together per pid. Calls that create a task are placed where they started,
 * since the child's own lines may come before the parent's resumption.
 */
#define _GNU_SOURCE	/* memmem */
#include <ctype.h>
#include <errno.h>
#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "bench/replay/strace_parse.h"
#include "common/lib/slurp.h"

#define MAX_ARGS	8

const char *const strace_call_names[NR_STRACE_CALLS] = {
	[SC_MMAP] = "mmap", [SC_MUNMAP] = "munmap",
	[SC_MPROTECT] = "mprotect", [SC_MREMAP] = "mremap",
	[SC_BRK] = "brk", [SC_MADVISE] = "madvise(DONTNEED)",
	[SC_CLONE] = "clone", [SC_EXECVE] = "execve", [SC_EXIT] = "exit",
	[SC_EXIT_GROUP] = "exit_group", [SC_GONE] = "+++ exit",
};

struct pending {
	int pid;
	char *text;	/* the call up to " <unfinished ...>" */
	long slot;	/* the event reserved where the call started, or -1 */
	bool done;	/* a call that never returns: already emitted */
};

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

struct arg {
	const char *s;
	size_t n;
};

struct flag {
	const char *name;
	unsigned long v;
};

static const struct flag prot_flags[] = {
	{ "PROT_NONE", 0 }, { "PROT_READ", 0x1 }, { "PROT_WRITE", 0x2 },
	{ "PROT_EXEC", 0x4 }, { "PROT_SEM", 0x8 },
	{ "PROT_GROWSDOWN", 0x01000000 }, { "PROT_GROWSUP", 0x02000000 },
	{ NULL, 0 }
};

static const struct flag map_flags[] = {
	{ "MAP_FILE", 0 }, { "MAP_SHARED", 0x01 }, { "MAP_PRIVATE", 0x02 },
	{ "MAP_SHARED_VALIDATE", 0x03 }, { "MAP_FIXED", 0x10 },
	{ "MAP_ANONYMOUS", 0x20 }, { "MAP_ANON", 0x20 }, { "MAP_32BIT", 0x40 },
	{ "MAP_GROWSDOWN", 0x100 }, { "MAP_DENYWRITE", 0x800 },
	{ "MAP_EXECUTABLE", 0x1000 }, { "MAP_LOCKED", 0x2000 },
	{ "MAP_NORESERVE", 0x4000 }, { "MAP_POPULATE", 0x8000 },
	{ "MAP_NONBLOCK", 0x10000 }, { "MAP_STACK", 0x20000 },
	{ "MAP_HUGETLB", 0x40000 }, { "MAP_SYNC", 0x80000 },
	{ "MAP_FIXED_NOREPLACE", 0x100000 },
	{ "MAP_UNINITIALIZED", 0x4000000 },
	{ NULL, 0 }
};

static const struct flag mremap_flags[] = {
	{ "MREMAP_MAYMOVE", 0x1 }, { "MREMAP_FIXED", 0x2 },
	{ "MREMAP_DONTUNMAP", 0x4 },
	{ NULL, 0 }
};

/* Only these clone bits matter; other CLONE_* and the exit signal pass. */
static const struct flag clone_flags[] = {
	{ "CLONE_VM", SC_CLONE_VM }, { "CLONE_VFORK", SC_CLONE_VFORK },
	{ "CLONE_THREAD", SC_CLONE_THREAD },
	{ NULL, 0 }
};

static int fail(struct parser *p, const char *why)
{
	p->why = why;
	return -1;
}

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static bool arg_is(struct arg a, const char *word)
{
	return a.n == strlen(word) && !memcmp(a.s, word, a.n);
}

/*
 * Past the argument list that starts at s (just after the '('): the ')'
 * that closes it, skipping strings, nested brackets and "3</path>" fd
 * annotations. NULL if the line ends first.
 */
static const char *close_paren(const char *s)
{
	int depth = 0;

	for (; *s; s++) {
		if (*s == '"') {
			for (s++; *s && *s != '"'; s++)
				if (*s == '\\' && s[1])
					s++;
			if (!*s)
				return NULL;
		} else if (*s == '<' && s[-1] >= '0' && s[-1] <= '9') {
			s = strchr(s, '>');
			if (!s)
				return NULL;
		} else if (*s == '(' || *s == '[' || *s == '{') {
			depth++;
		} else if (*s == ']' || *s == '}') {
			depth--;
		} else if (*s == ')') {
			if (!depth--)
				return s;
		}
	}
	return NULL;
}

/* Splits [s, end) at top-level commas; returns the count, -1 if too many. */
static int split_args(const char *s, const char *end, struct arg *args)
{
	int n = 0, depth = 0;
	const char *start = s;

	if (skip_ws(s) == end)
		return 0;
	for (;; s++) {
		if (s == end || (*s == ',' && !depth)) {
			const char *b = skip_ws(start), *e = s;

			while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if (n == MAX_ARGS)
				return -1;
			args[n].s = b;
			args[n++].n = e - b;
			if (s == end)
				return n;
			start = s + 1;
		} else if (*s == '"') {
			for (s++; s < end && *s != '"'; s++)
				if (*s == '\\')
					s++;
		} else if (*s == '<' && s > start &&
			   isdigit((unsigned char)s[-1])) {
			while (s + 1 < end && *s != '>')
				s++;
		} else if (*s == '(' || *s == '[' || *s == '{') {
			depth++;
		} else if (*s == ')' || *s == ']' || *s == '}') {
			depth--;
		}
	}
}

/* A number as strace prints one: NULL, decimal, 0x hex or negative. */
static int parse_num(const char *s, size_t n, unsigned long *v)
{
	char buf[32], *end;

	if (n == 4 && !memcmp(s, "NULL", 4)) {
		*v = 0;
		return 0;
	}
	if (!n || n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	errno = 0;
	if (buf[0] == '-')
		*v = (unsigned long)strtol(buf, &end, 0);
	else
		*v = strtoul(buf, &end, 0);
	return errno || *end ? -1 : 0;
}

/*
 * FLAG|FLAG|0x40 against tab; with @lenient, names the table lacks count
 * as 0 (clone's other flags and exit signal, MAP_HUGE_* size encodings).
 */
static int parse_flags(struct arg a, const struct flag *tab, bool lenient,
		       unsigned long *v)
{
	const char *s = a.s, *end = a.s + a.n, *bar;
	unsigned long x;
	unsigned i;

	*v = 0;
	for (; s < end; s = bar + 1) {
		bar = memchr(s, '|', end - s);
		if (!bar)
			bar = end;
		for (i = 0; tab[i].name; i++)
			if (strlen(tab[i].name) == (size_t)(bar - s) &&
			    !memcmp(tab[i].name, s, bar - s))
				break;
		if (tab[i].name)
			*v |= tab[i].v;
		else if (!parse_num(s, bar - s, &x))
			*v |= x;
		else if (!lenient && !(bar - s > 9 &&
				       !memcmp(s, "MAP_HUGE_", 9)) &&
			 !memmem(s, bar - s, "<<", 2))
			return -1;
		if (bar == end)
			break;
	}
	return 0;
}

static int intern_path(struct strace_log *log, const char *s, size_t n)
{
	unsigned i;
	char **grown;

	for (i = 0; i < log->nr_paths; i++)
		if (strlen(log->paths[i]) == n && !memcmp(log->paths[i], s, n))
			return i;
	if (log->nr_paths == log->paths_cap) {
		log->paths_cap = log->paths_cap ? 2 * log->paths_cap : 64;
		grown = realloc(log->paths, log->paths_cap * sizeof(*grown));
		if (!grown)
			return -2;
		log->paths = grown;
	}
	log->paths[log->nr_paths] = strndup(s, n);
	if (!log->paths[log->nr_paths])
		return -2;
	return log->nr_paths++;
}

/* -1, "3</path>" (-y) or a bare "3": the file is named by its path. */
static int parse_fd(struct parser *p, struct arg a, int *path)
{
	const char *lt = memchr(a.s, '<', a.n);
	unsigned long fd;
	char name[32];

	if (arg_is(a, "-1")) {
		*path = -1;
		return 0;
	}
	if (lt && a.s[a.n - 1] == '>' && !parse_num(a.s, lt - a.s, &fd)) {
		*path = intern_path(p->log, lt + 1, a.s + a.n - lt - 2);
	} else if (!parse_num(a.s, a.n, &fd)) {
		snprintf(name, sizeof(name), "fd %lu", fd);
		*path = intern_path(p->log, name, strlen(name));
	} else {
		return fail(p, "expected a file descriptor: -1, 3 or "
			    "3</path> (strace -y)");
	}
	return *path == -2 ? fail(p, "out of memory") : 0;
}

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

static void count_ignored(struct strace_log *log, const char *name, size_t n)
{
	unsigned i;

	if (n >= sizeof(log->ignored[0].name))
		n = sizeof(log->ignored[0].name) - 1;
	for (i = 0; i < log->nr_ignored; i++)
		if (strlen(log->ignored[i].name) == n &&
		    !memcmp(log->ignored[i].name, name, n))
			break;
	if (i == log->nr_ignored) {
		if (i == STRACE_MAX_IGNORED) {
			log->ignored_other++;
			return;
		}
		memcpy(log->ignored[i].name, name, n);
		log->ignored[i].name[n] = 0;
		log->nr_ignored++;
	}
	log->ignored[i].n++;
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

/* Which call a name is; NR_STRACE_CALLS for the ones replay ignores. */
static enum strace_call call_of(const char *name, size_t n)
{
	static const struct {
		const char *name;
		enum strace_call call;
	} calls[] = {
		{ "mmap", SC_MMAP }, { "munmap", SC_MUNMAP },
		{ "mprotect", SC_MPROTECT }, { "mremap", SC_MREMAP },
		{ "brk", SC_BRK }, { "madvise", SC_MADVISE },
		{ "clone", SC_CLONE }, { "clone3", SC_CLONE },
		{ "fork", SC_CLONE }, { "vfork", SC_CLONE },
		{ "execve", SC_EXECVE }, { "execveat", SC_EXECVE },
		{ "exit", SC_EXIT }, { "exit_group", SC_EXIT_GROUP },
	};
	unsigned i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (strlen(calls[i].name) == n &&
		    !memcmp(calls[i].name, name, n))
			return calls[i].call;
	return NR_STRACE_CALLS;
}

/* The CLONE_* bits of a clone/clone3 "flags=" argument; fork and vfork. */
static int clone_bits(struct parser *p, const char *name, size_t n,
		      struct arg *args, int nargs, unsigned long *flags)
{
	const char *f = NULL, *end;
	int i;

	*flags = 0;
	if (n == 4 && !memcmp(name, "fork", 4))
		return 0;
	if (n == 5 && !memcmp(name, "vfork", 5)) {
		*flags = SC_CLONE_VM | SC_CLONE_VFORK;
		return 0;
	}
	for (i = 0; i < nargs && !f; i++)
		f = memmem(args[i].s, args[i].n, "flags=", 6);
	if (!f)
		return fail(p, "expected flags=... in the clone arguments");
	f += 6;
	for (end = f; *end && *end != ',' && *end != '}' && *end != ')';)
		end++;
	if (parse_flags((struct arg){ f, end - f }, clone_flags, true, flags))
		return fail(p, "expected CLONE_* flags");
	return 0;
}

static int want_args(struct parser *p, int nargs, int lo, int hi)
{
	if (nargs < lo || nargs > hi)
		return fail(p, "expected the call's arguments, "
			    "comma-separated");
	return 0;
}

/* The arguments of the calls the model replays, into ev. */
static int fill_args(struct parser *p, struct strace_event *ev,
		     const char *name, size_t n, struct arg *args, int nargs)
{
	unsigned long *a = ev->a;

	switch (ev->call) {
	case SC_MMAP:
		if (want_args(p, nargs, 6, 6) ||
		    parse_num(args[0].s, args[0].n, &a[0]) ||
		    parse_num(args[1].s, args[1].n, &a[1]))
			return fail(p, "expected mmap(ADDR, LENGTH, PROT, "
				    "FLAGS, FD, OFFSET)");
		if (parse_flags(args[2], prot_flags, false, &a[2]))
			return fail(p, "expected PROT_* flags");
		if (parse_flags(args[3], map_flags, false, &a[3]))
			return fail(p, "expected MAP_* flags");
		if (parse_fd(p, args[4], &ev->path))
			return -1;
		if (parse_num(args[5].s, args[5].n, &a[4]))
			return fail(p, "expected a file offset");
		return 0;
	case SC_MUNMAP:
	case SC_MPROTECT:
	case SC_MADVISE:
		if (want_args(p, nargs, ev->call == SC_MUNMAP ? 2 : 3,
			      ev->call == SC_MUNMAP ? 2 : 3) ||
		    parse_num(args[0].s, args[0].n, &a[0]) ||
		    parse_num(args[1].s, args[1].n, &a[1]))
			return fail(p, "expected an address and a length");
		if (ev->call == SC_MPROTECT &&
		    parse_flags(args[2], prot_flags, false, &a[2]))
			return fail(p, "expected PROT_* flags");
		if (ev->call == SC_MADVISE && !arg_is(args[2], "MADV_DONTNEED"))
			ev->call = NR_STRACE_CALLS;	/* no pte changes */
		return 0;
	case SC_MREMAP:
		if (want_args(p, nargs, 4, 5) ||
		    parse_num(args[0].s, args[0].n, &a[0]) ||
		    parse_num(args[1].s, args[1].n, &a[1]) ||
		    parse_num(args[2].s, args[2].n, &a[2]) ||
		    parse_flags(args[3], mremap_flags, false, &a[3]) ||
		    (nargs == 5 && parse_num(args[4].s, args[4].n, &a[4])))
			return fail(p, "expected mremap(ADDR, OLD_LEN, "
				    "NEW_LEN, MREMAP_* FLAGS[, NEW_ADDR])");
		return 0;
	case SC_BRK:
		if (want_args(p, nargs, 1, 1) ||
		    parse_num(args[0].s, args[0].n, &a[0]))
			return fail(p, "expected brk(ADDR)");
		return 0;
	case SC_CLONE:
		return clone_bits(p, name, n, args, nargs, &a[0]);
	default:
		return 0;
	}
}

/*
 * " = RESULT": sets *ret and returns 1 for a success, 0 for a failure
 * ("-1 ENOMEM (...)", "? ERESTARTSYS") or a call that never returned
 * ("?"), -1 when there is no result.
 */
static int parse_result(struct parser *p, const char *s, unsigned long *ret)
{
	const char *e;

	s = skip_ws(s);
	if (*s != '=')
		return fail(p, "expected ' = RESULT' after the arguments");
	s = skip_ws(s + 1);
	if (*s == '?')
		return 0;
	for (e = s; *e && *e != ' ' && *e != '<'; e++)
		;
	if (parse_num(s, e - s, ret))
		return fail(p, "expected a number, '?' or '-1 ERRNO' as "
			    "the result");
	return (long)*ret < 0 && *skip_ws(e) >= 'A' && *skip_ws(e) <= 'Z' ?
	       0 : 1;
}

/*
 * A whole call, "NAME(ARGS) = RESULT ...", for pid; into the reserved
 * event @slot if the call started earlier and made a task.
 */
static int parse_call(struct parser *p, int pid, const char *s, long slot)
{
	struct strace_log *log = p->log;
	struct arg args[MAX_ARGS];
	struct strace_event *ev, tmp = { .path = -1 };
	const char *name = s, *open, *close;
	unsigned long ret = 0;
	int nargs, ok;
	size_t n;

	while (isalnum((unsigned char)*s) || *s == '_')
		s++;
	n = s - name;
	if (!n || *s != '(')
		return fail(p, "expected a call 'NAME(ARGS) = RESULT', "
			    "'<... NAME resumed>', '--- SIG... ---' or "
			    "'+++ ... +++'");
	open = s + 1;
	close = close_paren(open);
	if (!close)
		return fail(p, "expected ')' closing the arguments");
	ok = parse_result(p, close + 1, &ret);
	if (ok < 0)
		return -1;
	tmp.call = call_of(name, n);
	tmp.pid = pid;
	tmp.ret = ret;
	if (!ok && tmp.call != SC_EXIT && tmp.call != SC_EXIT_GROUP) {
		log->failed++;
		return 0;
	}
	if (tmp.call == SC_EXECVE && ret)
		return fail(p, "expected execve to return 0 or fail");
	if (tmp.call == NR_STRACE_CALLS) {
		count_ignored(log, name, n);
		return 0;
	}
	nargs = split_args(open, close, args);
	if (nargs < 0)
		return fail(p, "expected at most 8 arguments");
	if (fill_args(p, &tmp, name, n, args, nargs))
		return -1;
	if (tmp.call == NR_STRACE_CALLS) {	/* madvise, other advice */
		count_ignored(log, name, n);
		return 0;
	}
	ev = slot >= 0 ? &log->ev[slot] : new_event(p);
	if (!ev)
		return fail(p, "out of memory");
	*ev = tmp;
	log->calls[ev->call]++;
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
	call = call_of(s, paren - s);
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
		if (parse_num(s + 32, e - (s + 32), &tid) || strcmp(e, " +++"))
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

/* Grows *out for a decompressor: doubles it, keeping what was written. */
static int grow(unsigned char **out, size_t *cap)
{
	unsigned char *grown = realloc(*out, *cap ? 2 * *cap : 1 << 20);

	if (!grown)
		return -1;
	*out = grown;
	*cap = *cap ? 2 * *cap : 1 << 20;
	return 0;
}

union stream {
	lzma_stream xz;
	z_stream gz;
};

enum unpack_step { UNPACK_MORE, UNPACK_END, UNPACK_BAD };

/* A compressed format: its magic, its library's calls and its messages. */
struct unpacker {
	const char *magic;
	size_t magic_len;
	int (*start)(union stream *z, const unsigned char *in, size_t len);
	/* decodes into [next, next + room); *wrote: the bytes it put there */
	enum unpack_step (*step)(union stream *z, unsigned char *next,
				 size_t room, size_t *wrote);
	void (*end)(union stream *z);
	const char *no_decoder, *corrupt;
};

static int xz_start(union stream *z, const unsigned char *in, size_t len)
{
	z->xz = (lzma_stream)LZMA_STREAM_INIT;
	if (lzma_stream_decoder(&z->xz, UINT64_MAX, LZMA_CONCATENATED) !=
	    LZMA_OK)
		return -1;
	z->xz.next_in = in;
	z->xz.avail_in = len;
	return 0;
}

static enum unpack_step xz_step(union stream *z, unsigned char *next,
				size_t room, size_t *wrote)
{
	lzma_ret r;

	z->xz.next_out = next;
	z->xz.avail_out = room;
	r = lzma_code(&z->xz, LZMA_FINISH);
	*wrote = z->xz.next_out - next;
	if (r == LZMA_OK)
		return UNPACK_MORE;
	return r == LZMA_STREAM_END ? UNPACK_END : UNPACK_BAD;
}

static void xz_end(union stream *z)
{
	lzma_end(&z->xz);
}

static int gz_start(union stream *z, const unsigned char *in, size_t len)
{
	z->gz = (z_stream){ 0 };
	/* 15: the largest window; +32: a gzip or zlib header, told apart */
	if (inflateInit2(&z->gz, 15 + 32) != Z_OK)
		return -1;
	z->gz.next_in = (unsigned char *)in;
	z->gz.avail_in = len;
	return 0;
}

static enum unpack_step gz_step(union stream *z, unsigned char *next,
				size_t room, size_t *wrote)
{
	int r;

	z->gz.next_out = next;
	z->gz.avail_out = room;
	r = inflate(&z->gz, Z_NO_FLUSH);
	*wrote = z->gz.next_out - next;
	if (r == Z_OK)
		return UNPACK_MORE;
	return r == Z_STREAM_END ? UNPACK_END : UNPACK_BAD;
}

static void gz_end(union stream *z)
{
	inflateEnd(&z->gz);
}

static const struct unpacker unpackers[] = {
	{
		.magic = "\xfd" "7zXZ", .magic_len = 6,	/* and its NUL */
		.start = xz_start, .step = xz_step, .end = xz_end,
		.no_decoder = "cannot start the xz decoder",
		.corrupt = "corrupt or truncated xz data",
	}, {
		.magic = "\x1f\x8b", .magic_len = 2,
		.start = gz_start, .step = gz_step, .end = gz_end,
		.no_decoder = "cannot start the gzip decoder",
		.corrupt = "corrupt or truncated gzip data",
	},
};

/* The format whose magic @raw starts with; NULL for a plain log. */
static const struct unpacker *unpacker_of(const unsigned char *raw,
					  size_t len)
{
	const struct unpacker *u;
	size_t i;

	for (i = 0; i < sizeof(unpackers) / sizeof(unpackers[0]); i++) {
		u = &unpackers[i];
		if (len >= u->magic_len &&
		    !memcmp(raw, u->magic, u->magic_len))
			return u;
	}
	return NULL;
}

/* Decompresses all of @in into *out (malloc'd); NULL, or what went wrong. */
static const char *unpack(const struct unpacker *u, const unsigned char *in,
			  size_t len, unsigned char **out, size_t *olen)
{
	size_t cap = 0, total = 0, wrote;
	enum unpack_step r;
	union stream z;

	*out = NULL;
	if (u->start(&z, in, len))
		return u->no_decoder;
	do {
		if (total == cap && grow(out, &cap)) {
			u->end(&z);
			return "out of memory";
		}
		r = u->step(&z, *out + total, cap - total, &wrote);
		total += wrote;
	} while (r == UNPACK_MORE);
	*olen = total;
	u->end(&z);
	return r == UNPACK_END ? NULL : u->corrupt;
}

struct strace_log *strace_load(const char *path, bool lenient, char *err,
			       size_t errlen)
{
	const struct unpacker *u;
	unsigned char *raw, *text = NULL;
	const char *why = NULL;
	struct strace_log *log;
	size_t len, tlen;

	raw = slurp(path, &len);
	if (!raw) {
		snprintf(err, errlen, "%s: cannot read: %s (give a strace log, "
			 "plain, .xz or .gz)", path, strerror(errno));
		return NULL;
	}
	u = unpacker_of(raw, len);
	if (u)
		why = unpack(u, raw, len, &text, &tlen);
	if (why) {
		snprintf(err, errlen, "%s: %s (recompress it, or give the "
			 "plain log)", path, why);
		free(raw);
		free(text);
		return NULL;
	}
	if (text) {
		free(raw);
		raw = text;
		len = tlen;
	}
	log = strace_parse(path, (const char *)raw, len, lenient, err, errlen);
	free(raw);
	return log;
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
