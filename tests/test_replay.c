/*
 * The strace replayer: the parser on crafted lines of every form strace
 * prints (pid prefixes, timestamps, unfinished/resumed pairs across pids,
 * failed calls, signals, exits, calls the model ignores), bad lines with
 * and without --lenient, compressed input, calls that make no sense to the
 * model, and every shipped log on every generation with the differential
 * check, twice, for the same counters.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "bench/replay/replay.h"
#include "tests/model_test.h"

static char err[512];

static struct strace_log *parse(const char *text, bool lenient)
{
	err[0] = 0;
	return strace_parse("crafted", text, strlen(text), lenient, err,
			    sizeof(err));
}

/* A log that must parse without --lenient. */
static struct strace_log *parse_ok(const char *text)
{
	struct strace_log *log = parse(text, false);

	if (!log)
		fprintf(stderr, "%s\n", err);
	ASSERT_NONNULL(log);
	return log;
}

static unsigned long ignored(const struct strace_log *log, const char *name)
{
	unsigned i;

	for (i = 0; i < log->nr_ignored; i++)
		if (!strcmp(log->ignored[i].name, name))
			return log->ignored[i].n;
	return 0;
}

TEST(parse_formats)
{
	struct strace_log *log = parse_ok(
		"1234  mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000001000\n"
		"[pid  1235] 10:20:30.123456 munmap(0x7f0000001000, 8192) = 0\n"
		"1236  1700000000.123456 mprotect(0x7f0000002000, 4096, PROT_READ) = 0 <0.000010>\n"
		"1234  mmap(0x7f0000010000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3</usr/lib/x86_64-linux-gnu/libc.so.6>, 0x26000) = 0x7f0000010000\n"
		"1234  mmap(NULL, 123, PROT_READ, MAP_SHARED, 4</usr/lib/x86_64-linux-gnu/libc.so.6>, 0) = 0x7f0000020000\n"
		"1234  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)\n"
		"1234  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1235} ---\n"
		"1234  arch_prctl(ARCH_SET_FS, 0x7f0000003740) = 0\n"
		"1234  set_tid_address(0x7f0000003a10) = 1234\n"
		"1234  wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 1235\n"
		"1234  pkey_mprotect(0x7f0000002000, 4096, PROT_READ, 1) = 0\n"
		"1234  mlock(0x7f0000002000, 4096) = 0\n"
		"1234  shmat(5, NULL, 0) = 0x7f0000030000\n"
		"1234  madvise(0x7f0000002000, 4096, MADV_WILLNEED) = 0\n"
		"1234  madvise(0x7f0000002000, 8192, MADV_DONTNEED) = 0\n"
		"1234  mremap(0x7f0000040000, 4096, 8192, MREMAP_MAYMOVE) = 0x7f0000050000\n"
		"1234  brk(NULL)                         = 0x5555deadb000\n"
		"1234  execve(\"/bin/sh\", [\"sh\", \"-c\", \"echo a), b\"], 0x7ffd /* 3 vars */) = 0\n"
		"1234  wait4(-1,  <unfinished ...>\n"
		"1234  <... wait4 resumed>0x7ffd, 0, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)\n"
		"1235  +++ exited with 0 +++\n"
		"1236  +++ killed by SIGKILL (core dumped) +++\n"
		"1234  exit_group(0)                     = ?\n");

	EXPECT_EQ(log->nr, 13);
	EXPECT_EQ(log->ev[0].call, SC_MMAP);
	EXPECT_EQ(log->ev[0].pid, 1234);
	EXPECT_EQ(log->ev[0].a[1], 8192);
	EXPECT_EQ(log->ev[0].a[2], 3);
	EXPECT_EQ(log->ev[0].a[3], SC_MAP_PRIVATE | SC_MAP_ANON);
	EXPECT_EQ(log->ev[0].ret, 0x7f0000001000UL);
	EXPECT_EQ(log->ev[0].path, -1);
	EXPECT_EQ(log->ev[1].call, SC_MUNMAP);
	EXPECT_EQ(log->ev[1].pid, 1235);
	EXPECT_EQ(log->ev[2].call, SC_MPROTECT);
	EXPECT_EQ(log->ev[2].pid, 1236);
	EXPECT_EQ(log->ev[2].a[2], 1);
	EXPECT_EQ(log->ev[3].a[4], 0x26000);
	EXPECT_EQ(log->ev[3].a[3], SC_MAP_PRIVATE | SC_MAP_FIXED | 0x800);
	ASSERT_TRUE(log->ev[3].path >= 0);
	EXPECT_STREQ(log->paths[log->ev[3].path],
		     "/usr/lib/x86_64-linux-gnu/libc.so.6");
	/* one file per path, whatever the fd */
	EXPECT_EQ(log->ev[4].path, log->ev[3].path);
	EXPECT_EQ(log->nr_paths, 1);
	EXPECT_EQ(log->ev[5].call, SC_MLOCK);
	EXPECT_EQ(log->ev[5].a[0], 0x7f0000002000UL);
	EXPECT_EQ(log->ev[5].a[1], 4096);
	EXPECT_EQ(log->ev[6].call, SC_MADVISE);
	EXPECT_EQ(log->ev[6].a[1], 8192);
	EXPECT_EQ(log->ev[7].call, SC_MREMAP);
	EXPECT_EQ(log->ev[7].a[2], 8192);
	EXPECT_EQ(log->ev[7].a[3], SC_MREMAP_MAYMOVE);
	EXPECT_EQ(log->ev[7].ret, 0x7f0000050000UL);
	EXPECT_EQ(log->ev[8].call, SC_BRK);
	EXPECT_EQ(log->ev[8].a[0], 0);
	EXPECT_EQ(log->ev[8].ret, 0x5555deadb000UL);
	EXPECT_EQ(log->ev[9].call, SC_EXECVE);
	EXPECT_EQ(log->ev[10].call, SC_GONE);
	EXPECT_EQ(log->ev[10].pid, 1235);
	EXPECT_EQ(log->ev[11].call, SC_GONE);
	EXPECT_EQ(log->ev[11].pid, 1236);
	EXPECT_EQ(log->ev[12].call, SC_EXIT_GROUP);
	EXPECT_EQ(log->failed, 2);	/* ENOMEM, and ERESTARTSYS */
	EXPECT_EQ(log->signals, 1);
	EXPECT_EQ(ignored(log, "arch_prctl"), 1);
	EXPECT_EQ(ignored(log, "set_tid_address"), 1);
	EXPECT_EQ(ignored(log, "wait4"), 1);
	EXPECT_EQ(ignored(log, "pkey_mprotect"), 1);
	EXPECT_EQ(ignored(log, "mlock"), 0);
	EXPECT_EQ(ignored(log, "shmat"), 1);
	EXPECT_EQ(ignored(log, "madvise"), 1);
	strace_log_free(log);
}

/*
 * Unfinished calls of several pids interleave; a clone is placed where it
 * started, before its child's first line; an exit_group that never resumes
 * still happens.
 */
TEST(parse_resumed)
{
	struct strace_log *log = parse_ok(
		"100   clone(child_stack=NULL, flags=CLONE_VM|CLONE_VFORK|SIGCHLD <unfinished ...>\n"
		"102   mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0 <unfinished ...>\n"
		"101   execve(\"/bin/true\", [\"true\"], 0x7ffd /* 1 var */) = 0\n"
		"100   <... clone resumed>, child_tidptr=0x7f00) = 101\n"
		"102   <... mmap resumed>)               = 0x7f0000005000\n"
		"102   clone3({flags=CLONE_VM|CLONE_FS|CLONE_THREAD|CLONE_SETTLS, child_tid=0x7f10, exit_signal=0, stack=0x7f20, stack_size=0x7fff80} <unfinished ...>\n"
		"103   munmap(0x7f0000005000, 4096)      = 0\n"
		"102   <... clone3 resumed> => {parent_tid=[103]}, 88) = 103\n"
		"104   exit_group(0 <unfinished ...>\n"
		"105   exit(0)                           = ?\n");

	EXPECT_EQ(log->nr, 7);
	EXPECT_EQ(log->ev[0].call, SC_CLONE);
	EXPECT_EQ(log->ev[0].pid, 100);
	EXPECT_EQ(log->ev[0].ret, 101);
	EXPECT_EQ(log->ev[0].a[0], SC_CLONE_VM | SC_CLONE_VFORK);
	EXPECT_EQ(log->ev[1].call, SC_EXECVE);
	EXPECT_EQ(log->ev[1].pid, 101);
	EXPECT_EQ(log->ev[2].call, SC_MMAP);
	EXPECT_EQ(log->ev[2].pid, 102);
	EXPECT_EQ(log->ev[2].ret, 0x7f0000005000UL);
	EXPECT_EQ(log->ev[3].call, SC_CLONE);
	EXPECT_EQ(log->ev[3].a[0], SC_CLONE_VM | SC_CLONE_THREAD);
	EXPECT_EQ(log->ev[3].ret, 103);
	EXPECT_EQ(log->ev[4].call, SC_MUNMAP);
	EXPECT_EQ(log->ev[4].pid, 103);
	EXPECT_EQ(log->ev[5].call, SC_EXIT_GROUP);
	EXPECT_EQ(log->ev[5].pid, 104);
	EXPECT_EQ(log->ev[6].call, SC_EXIT);
	EXPECT_EQ(log->unfinished, 0);
	strace_log_free(log);
}

/*
 * strace without -o: no prefix while one task is traced, "[pid N]" after;
 * the unprefixed first task is named when its pid shows. A thread's execve
 * resumes as the leader.
 */
TEST(parse_unprefixed)
{
	struct strace_log *log = parse_ok(
		"execve(\"/bin/sh\", [\"sh\"], 0x7ffd /* 1 var */) = 0\n"
		"clone(child_stack=NULL, flags=CLONE_CHILD_SETTID|SIGCHLD <unfinished ...>\n"
		"[pid    51] brk(NULL) = 0x5555aaaa0000\n"
		"[pid    50] <... clone resumed>, child_tidptr=0x7f00) = 51\n"
		"[pid    51] exit_group(0) = ?\n"
		"mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000006000\n"
		"60    execve(\"/bin/x\", [\"x\"], 0x7ffd /* 1 var */ <unfinished ...>\n"
		"59    +++ superseded by execve in pid 60 +++\n"
		"59    <... execve resumed>) = 0\n");

	EXPECT_EQ(log->nr, 6);
	EXPECT_EQ(log->ev[0].pid, 50);		/* named by the resume */
	EXPECT_EQ(log->ev[1].call, SC_CLONE);
	EXPECT_EQ(log->ev[1].pid, 50);
	EXPECT_EQ(log->ev[1].ret, 51);
	EXPECT_EQ(log->ev[2].pid, 51);
	EXPECT_EQ(log->ev[4].call, SC_MMAP);
	EXPECT_EQ(log->ev[4].pid, 50);		/* the one task left */
	EXPECT_EQ(log->ev[5].call, SC_EXECVE);
	EXPECT_EQ(log->ev[5].pid, 59);
	strace_log_free(log);
}

TEST(parse_bad_lines)
{
	static const char *const bad[] = {
		"1  mmap(NULL, 8192, PROT_READ\n",		/* no ')' */
		"1  mmap(NULL, 8192, PROT_BOGUS, MAP_PRIVATE, -1, 0) = 0x1000\n",
		"1  munmap(0x1000, 4096)\n",			/* no result */
		"1  munmap(0x1000, zz) = 0\n",
		"1  <... mmap resumed>) = 0x1000\n",		/* never started */
		"what is this\n",
		"1  +++ exited +++\n",
		"1  --- SIGCHLD\n",
	};
	static const char good[] = "1  brk(NULL) = 0x1000\n"
				   "1  munmap(0x1000, 4096) = 0\n";
	char text[256];
	struct strace_log *log;
	unsigned i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", good, bad[i]);
		log = parse(text, false);
		EXPECT_NULL(log);
		EXPECT_TRUE(!strncmp(err, "crafted:3: expected", 19));
		if (strncmp(err, "crafted:3: expected", 19))
			fprintf(stderr, "bad line %u: '%s'\n", i, err);
		strace_log_free(log);
		log = parse(text, true);
		EXPECT_NONNULL(log);
		if (!log)
			continue;
		EXPECT_EQ(log->skipped, 1);
		EXPECT_EQ(log->nr, 2);
		strace_log_free(log);
	}
}

/* A log with nothing to replay is refused, not replayed as an empty run. */
TEST(parse_empty)
{
	static const char *const empty[] = {
		"",
		"\n\n",
		"1  read(3, \"x\", 1) = 1\n",
		/* one line, split (clang's -Wstring-concatenation) */
		("1  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)"
		 " = -1 ENOMEM (Cannot allocate memory)\n"),
	};
	struct strace_log *log;
	unsigned i;

	for (i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
		log = parse(empty[i], true);
		EXPECT_NULL(log);
		EXPECT_TRUE(!strncmp(err, "crafted: " STRACE_NO_EVENTS,
				     strlen("crafted: " STRACE_NO_EVENTS)));
		strace_log_free(log);
	}
}

/* A .gz log reads as its text does. */
TEST(load_gzip)
{
	static const char text[] =
		"7  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f0000001000\n"
		"7  exit_group(0) = ?\n";
	char path[] = "/tmp/test_replay_XXXXXX";
	struct strace_log *log;
	gzFile gz;
	int fd = mkstemp(path);

	ASSERT_TRUE(fd >= 0);
	gz = gzdopen(fd, "wb");
	ASSERT_NONNULL(gz);
	EXPECT_EQ(gzwrite(gz, text, sizeof(text) - 1), sizeof(text) - 1);
	gzclose(gz);
	log = strace_load(path, false, err, sizeof(err));
	unlink(path);
	ASSERT_NONNULL(log);
	EXPECT_EQ(log->nr, 2);
	strace_log_free(log);
	EXPECT_NULL(strace_load("/nonexistent/log.xz", false, err,
				sizeof(err)));
	EXPECT_NONNULL(strstr(err, "cannot read"));
}

static int replay(const struct strace_log *log, const char *gen, FILE *check,
		  struct replay_input *in, struct model_counters *c)
{
	struct scenario_ctx ctx;
	struct rmap_config cfg;
	int ret;

	parse_config(gen, &cfg);
	memset(in, 0, sizeof(*in));
	in->log = log;
	in->check = check;
	scenario_defaults(&trace_scenario, &ctx, 7);
	/* fewer pages and checks than the defaults: a quick test */
	ASSERT_EQ(scenario_set_param(&trace_scenario, &ctx, "touch_max=64",
				     err, sizeof(err)), 0);
	ASSERT_EQ(scenario_set_param(&trace_scenario, &ctx,
				     "reclaim_every=100", err, sizeof(err)), 0);
	ctx.priv = in;
	ret = scenario_once(&trace_scenario, &ctx, &cfg,
			    trace_scenario.mem_pages(&ctx), false, c);
	if (ret)
		fprintf(stderr, "replay on %s: %s\n", gen, ctx.error);
	return ret;
}

/* The model answers nonsense as the kernel would, and never crashes. */
TEST(replay_nonsense)
{
	struct strace_log *log = parse_ok(
		"9  munmap(0x7f0000100000, 4096) = 0\n"		/* nothing there */
		"9  mremap(0x7f0000200000, 4096, 8192, MREMAP_MAYMOVE) = 0x7f0000300000\n"
		"9  mprotect(0x7f0000400000, 4096, PROT_READ) = 0\n"
		"9  madvise(0x7f0000500000, 4096, MADV_DONTNEED) = 0\n"
		"9  munmap(0x7f0000100001, 4096) = 0\n"		/* unaligned */
		"9  mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0) = 0x7f0000700000\n"
		"8  +++ exited with 0 +++\n"			/* never seen */
		"9  clone(child_stack=NULL, flags=SIGCHLD) = 10\n"
		"9  clone(child_stack=NULL, flags=SIGCHLD) = 10\n"	/* reused */
		"9  clone(child_stack=NULL, flags=SIGCHLD) = 9\n"	/* itself */
		"10 brk(NULL) = 0x5555aaaa0000\n"
		"10 brk(0x5555aaab0000) = 0x5555aaab0000\n"
		"10 mmap(0x7f0000600000, 8192, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS, -1, 0) = 0x7f0000600000\n");
	struct replay_input in;
	struct model_counters c;

	EXPECT_EQ(replay(log, "scan", stderr, &in, &c), 0);
	/*
	 * mremap, mprotect, madvise of nothing, the unaligned munmap, a
	 * file mapping with no file and a task cloning itself
	 */
	EXPECT_EQ(in.res.refused, 6);
	EXPECT_EQ(in.res.events, log->nr);
	EXPECT_EQ(in.res.mismatches, 0);
	EXPECT_EQ(in.res.touched, 16 + 2);	/* brk growth, shm written */
	strace_log_free(log);
}

/* Every shipped log on every generation: checked, and the same twice. */
TEST(replay_shipped_logs)
{
	static const char *const logs[] = {
		"make-j4", "nginx-workers", "python-pool",
	};
	struct model_counters a, b;
	struct replay_input in;
	struct strace_log *log;
	char path[1024];
	unsigned i, g;

	for (i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
		snprintf(path, sizeof(path), "%s/bench/traces/%s.strace.xz",
			 RMAP_SOURCE_DIR, logs[i]);
		log = strace_load(path, false, err, sizeof(err));
		EXPECT_NONNULL(log);
		if (!log) {
			fprintf(stderr, "%s\n", err);
			continue;
		}
		EXPECT_GT(log->nr, 100);
		EXPECT_EQ(log->skipped, 0);
		for (g = 0; g < rmap_nr_generations; g++) {
			const char *gen = rmap_generations[g].name;

			EXPECT_EQ(replay(log, gen, stderr, &in, &a), 0);
			EXPECT_EQ(in.res.mismatches, 0);
			EXPECT_GT(in.res.checks, 1);
			/* reclaim ran: by walks, or 2.4's page-table scan */
			EXPECT_GT(a.v[MC_WALKS] + a.v[MC_PTES_SCANNED], 0);
			EXPECT_GT(a.v[MC_EXITS], 0);
		}
		/* unchecked: the oracle's own walks would count */
		EXPECT_EQ(replay(log, "scan", NULL, &in, &a), 0);
		EXPECT_EQ(replay(log, "scan", NULL, &in, &b), 0);
		EXPECT_TRUE(!memcmp(&a, &b, sizeof(a)));
		strace_log_free(log);
	}
}
