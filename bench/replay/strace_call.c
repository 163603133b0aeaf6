/*
 * One system call's text, "NAME(ARGS) = RESULT", into an event: the
 * numbers, flag names and -y "3</path>" descriptors strace prints become
 * the values the kernel took, so replay sees the call as it was made.
 */
#define _GNU_SOURCE	/* memmem */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/replay/strace_internal.h"

#define MAX_ARGS	8

int strace_parse_num(const char *s, size_t n, unsigned long *v)
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

enum strace_call strace_call_of(const char *name, size_t n)
{
	static const struct {
		const char *name;
		enum strace_call call;
	} calls[] = {
		{ "mmap", SC_MMAP }, { "munmap", SC_MUNMAP },
		{ "mprotect", SC_MPROTECT }, { "mremap", SC_MREMAP },
		{ "brk", SC_BRK }, { "madvise", SC_MADVISE },
		{ "mlock", SC_MLOCK }, { "mlock2", SC_MLOCK },
		{ "munlock", SC_MUNLOCK },
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

/* The arguments a call with an address and a length takes, least or most. */
static int arg_count(enum strace_call call, bool most)
{
	switch (call) {
	case SC_MUNMAP:
	case SC_MUNLOCK:
		return 2;
	case SC_MLOCK:
		return most ? 3 : 2;	/* mlock2's flags */
	default:
		return 3;
	}
}

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
		else if (!strace_parse_num(s, bar - s, &x))
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
	if (lt && a.s[a.n - 1] == '>' &&
	    !strace_parse_num(a.s, lt - a.s, &fd)) {
		*path = intern_path(p->log, lt + 1, a.s + a.n - lt - 2);
	} else if (!strace_parse_num(a.s, a.n, &fd)) {
		snprintf(name, sizeof(name), "fd %lu", fd);
		*path = intern_path(p->log, name, strlen(name));
	} else {
		return fail(p, "expected a file descriptor: -1, 3 or "
			    "3</path> (strace -y)");
	}
	return *path == -2 ? fail(p, "out of memory") : 0;
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
		    strace_parse_num(args[0].s, args[0].n, &a[0]) ||
		    strace_parse_num(args[1].s, args[1].n, &a[1]))
			return fail(p, "expected mmap(ADDR, LENGTH, PROT, "
				    "FLAGS, FD, OFFSET)");
		if (parse_flags(args[2], prot_flags, false, &a[2]))
			return fail(p, "expected PROT_* flags");
		if (parse_flags(args[3], map_flags, false, &a[3]))
			return fail(p, "expected MAP_* flags");
		if (parse_fd(p, args[4], &ev->path))
			return -1;
		if (strace_parse_num(args[5].s, args[5].n, &a[4]))
			return fail(p, "expected a file offset");
		return 0;
	case SC_MUNMAP:
	case SC_MLOCK:
	case SC_MUNLOCK:
	case SC_MPROTECT:
	case SC_MADVISE:
		if (want_args(p, nargs, arg_count(ev->call, false),
			      arg_count(ev->call, true)) ||
		    strace_parse_num(args[0].s, args[0].n, &a[0]) ||
		    strace_parse_num(args[1].s, args[1].n, &a[1]))
			return fail(p, "expected an address and a length");
		if (ev->call == SC_MPROTECT &&
		    parse_flags(args[2], prot_flags, false, &a[2]))
			return fail(p, "expected PROT_* flags");
		if (ev->call == SC_MADVISE && !arg_is(args[2], "MADV_DONTNEED"))
			ev->call = NR_STRACE_CALLS;	/* no pte changes */
		return 0;
	case SC_MREMAP:
		if (want_args(p, nargs, 4, 5) ||
		    strace_parse_num(args[0].s, args[0].n, &a[0]) ||
		    strace_parse_num(args[1].s, args[1].n, &a[1]) ||
		    strace_parse_num(args[2].s, args[2].n, &a[2]) ||
		    parse_flags(args[3], mremap_flags, false, &a[3]) ||
		    (nargs == 5 &&
		     strace_parse_num(args[4].s, args[4].n, &a[4])))
			return fail(p, "expected mremap(ADDR, OLD_LEN, "
				    "NEW_LEN, MREMAP_* FLAGS[, NEW_ADDR])");
		return 0;
	case SC_BRK:
		if (want_args(p, nargs, 1, 1) ||
		    strace_parse_num(args[0].s, args[0].n, &a[0]))
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
	if (strace_parse_num(s, e - s, ret))
		return fail(p, "expected a number, '?' or '-1 ERRNO' as "
			    "the result");
	return (long)*ret < 0 && *skip_ws(e) >= 'A' && *skip_ws(e) <= 'Z' ?
	       0 : 1;
}

int strace_decode_call(struct parser *p, const char *s,
		       struct strace_event *ev)
{
	struct strace_log *log = p->log;
	struct arg args[MAX_ARGS];
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
	ev->call = strace_call_of(name, n);
	ev->ret = ret;
	if (!ok && ev->call != SC_EXIT && ev->call != SC_EXIT_GROUP) {
		log->failed++;
		return 0;
	}
	if (ev->call == SC_EXECVE && ret)
		return fail(p, "expected execve to return 0 or fail");
	if (ev->call == NR_STRACE_CALLS) {
		count_ignored(log, name, n);
		return 0;
	}
	nargs = split_args(open, close, args);
	if (nargs < 0)
		return fail(p, "expected at most 8 arguments");
	if (fill_args(p, ev, name, n, args, nargs))
		return -1;
	if (ev->call == NR_STRACE_CALLS) {	/* madvise, other advice */
		count_ignored(log, name, n);
		return 0;
	}
	return 1;
}
