/*
 * A reader for `strace -f -y -qq -e trace=memory,process` logs (with or
 * without -t/-tt/-ttt/-T), plain, .xz or .gz. It turns a real program's log
 * into an array of the address-space events the model replays: mmap,
 * munmap, mprotect, mremap, brk, madvise(MADV_DONTNEED), clone/fork/vfork/
 * clone3, execve, exit and exit_group. Not a kernel structure: it decides
 * what the model sees of a real workload, so what it drops is counted.
 */
#ifndef RMAP_STRACE_PARSE_H
#define RMAP_STRACE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum strace_call {
	SC_MMAP,	/* a: addr, len, prot, flags, offset; path; ret: addr */
	SC_MUNMAP,	/* a: addr, len */
	SC_MPROTECT,	/* a: addr, len, prot */
	SC_MREMAP,	/* a: addr, old_len, new_len, flags, new_addr; ret */
	SC_BRK,		/* a: requested break; ret: the break after */
	SC_MADVISE,	/* a: addr, len (MADV_DONTNEED only) */
	SC_MLOCK,	/* mlock, mlock2 -- a: addr, len */
	SC_MUNLOCK,	/* a: addr, len */
	SC_CLONE,	/* fork, vfork, clone, clone3 -- a: CLONE_*; ret */
	SC_EXECVE,	/* execve, execveat that succeeded */
	SC_EXIT,	/* exit: this task */
	SC_EXIT_GROUP,	/* exit_group: the whole thread group */
	SC_GONE,	/* "+++ exited with N +++" / "+++ killed by SIG +++" */
	NR_STRACE_CALLS
};

/* The clone flags the replay needs (the kernel's values) */
#define SC_CLONE_VM	0x00000100UL
#define SC_CLONE_VFORK	0x00004000UL
#define SC_CLONE_THREAD	0x00010000UL

/* mmap flags as the kernel takes them (x86-64), as far as replay cares */
#define SC_MAP_SHARED	0x01UL
#define SC_MAP_PRIVATE	0x02UL
#define SC_MAP_FIXED	0x10UL
#define SC_MAP_ANON	0x20UL
#define SC_MREMAP_MAYMOVE	1UL
#define SC_MREMAP_FIXED		2UL

struct strace_event {
	unsigned long a[5];
	unsigned long ret;
	int pid;
	int path;		/* index in strace_log.paths; -1: none */
	unsigned char call;	/* enum strace_call; NR_STRACE_CALLS: dropped */
};

#define STRACE_MAX_IGNORED	48

struct strace_ignored {
	char name[24];
	unsigned long n;
};

struct strace_log {
	char *name;			/* the file, as given */
	struct strace_event *ev;
	unsigned long nr, cap;
	char **paths;			/* every mapped file, once */
	unsigned nr_paths, paths_cap;
	/* what the log held besides the events */
	unsigned long lines, failed, signals, skipped, unfinished;
	unsigned long calls[NR_STRACE_CALLS];
	/* recognised calls the model does not need, by name */
	struct strace_ignored ignored[STRACE_MAX_IGNORED];
	unsigned nr_ignored;
	unsigned long ignored_other;	/* beyond the table */
};

/*
 * Parses @len bytes of log text named @name. A line that cannot be parsed
 * stops it with "NAME:LINE: expected ..." in @err and returns NULL, unless
 * @lenient, which skips the line and counts it in ->skipped. A log with no
 * event the replayer uses is an error too (nothing to replay). NULL with
 * "out of memory" otherwise.
 */
/* the refusal of a log with nothing to replay, after "NAME: " */
#define STRACE_NO_EVENTS	"no memory or process system calls"

struct strace_log *strace_parse(const char *name, const char *text,
				size_t len, bool lenient, char *err,
				size_t errlen);
/* Reads @path (plain, xz or gz, told by its magic) and parses it. */
struct strace_log *strace_load(const char *path, bool lenient, char *err,
			       size_t errlen);
void strace_log_free(struct strace_log *log);
/* One line: what was replayed, ignored, failed and skipped. */
void strace_log_summary(const struct strace_log *log, FILE *out);
extern const char *const strace_call_names[NR_STRACE_CALLS];

#endif
