/*
 * native_reclaim: reclaim's and file_windows' shapes reclaimed by the host
 * kernel's own rmap walk. P processes each map V windows of S pages of one
 * file on a disk filesystem (window v at page v*S), MAP_SHARED and read, so
 * every page is clean page cache that reclaim frees without swap: procs=N
 * vmas=1 is reclaim's shape (each page mapped by N processes), procs=1
 * vmas=V file_windows' (one page per vma, V vmas in the file's i_mmap).
 * The processes live in a memory cgroup of their own, which their faults
 * charge the pages to. Each run has every process touch every page, then
 * asks the cgroup to give its memory back, and times that request alone:
 * ns_per_reclaimed is the reclaiming thread's CPU time (reclaim runs in
 * the writer's context; CPU time leaves out the other tenants of a shared
 * machine) over the pages freed (mincore() before and after), beside the
 * time of the whole iteration (touch + reclaim), which the model's
 * scenarios also publish.
 *
 * The kernel side (torvalds/linux): cgroup v2's memory.reclaim
 * (memory_reclaim, mm/memcontrol.c, 5.19: 94968384dde1 "memcg: introduce
 * per-memcg reclaim interface") and v1's memory.limit_in_bytes
 * (mem_cgroup_resize_max, mm/memcontrol-v1.c since 6.11, read at
 * 04fbe921d3b1, as is mem_cgroup_force_empty) both loop on
 * try_to_free_mem_cgroup_pages (mm/vmscan.c):
 * shrink_node -> shrink_lruvec -> shrink_active_list / shrink_inactive_list
 * -> shrink_folio_list, where folio_check_references calls folio_referenced
 * and a folio found unreferenced is unmapped by try_to_unmap, each an rmap
 * walk of the file's i_mmap interval tree (rmap_walk_file, mm/rmap.c).
 *
 * What the host does otherwise than the model's LRU (2.6.5-2.6.27): both
 * clear the young bits a walk finds and activate a referenced page, but
 * since 2.6.34 (645747462435, "vmscan: detect mapped file pages used only
 * once") a page young through one pte is only marked PG_referenced and
 * kept on the inactive list, activated on its next look, and one young
 * through more than one pte at once; and since 2.6.28's split LRU
 * (4f98a2fee8ac) no reclaim_mapped keeps mapped pages active, and
 * anonymous pages, unswappable here, are not scanned. So a page mapped
 * by N > 1 processes is walked on the inactive list, by
 * shrink_active_list, on the inactive list again, then by try_to_unmap,
 * each walk N ptes. The host also drains per-CPU LRU batches, takes 32
 * pages a batch at falling priorities, flushes TLBs and removes each
 * page from the page cache and the cgroup's charge. Where it runs the
 * multi-generational LRU (6.1+, /sys/kernel/mm/lru_gen; not this host's),
 * aging walks the processes' page tables instead of the active list.
 *
 * The file is sparse: its pages read as zeroes without disk I/O, so a
 * refault costs a page allocation and a fault, not a disk read; reclaim
 * treats them as any clean page cache. tmpfs would need swap.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/components/component.h"

enum { P_PROCS, P_VMAS, P_PAGES };

/* reclaim's procs and file_windows' vmas and pages, so the curves line up */
static const struct scenario_param params[] = {
	[P_PROCS] = { "procs", 16, 1, 1000,
		      "processes mapping the file, in the cgroup" },
	[P_VMAS] = { "vmas", 1, 1, 30000, "windows each process maps" },
	[P_PAGES] = { "pages", 256, 1, 1L << 20, "pages in each window" },
};

static const char *const variants[] = { "host" };

#define CGROUP_PREFIX	"rmapbench-native_reclaim."
#define TMPFS_MAGIC	0x01021994
#define RAMFS_MAGIC	0x858458f6

static struct {
	char cg[PATH_MAX + 64];	/* the cgroup made, "" when none */
	bool v2;
	int procs_fd;		/* its cgroup.procs */
	int reclaim_fd;		/* memory.reclaim (v2), memory.limit_in_bytes */
	int fd;			/* the file */
	int done[2];		/* the processes' replies */
	int *cmd;		/* per process: its command pipe */
	pid_t *pid;		/* per process; 0 once reaped */
	long n;			/* processes started */
	long pages;		/* the file's */
	unsigned char *vec;	/* mincore's */
	long runs, reclaimed;	/* since the last publish */
	double ns;
} nr = { .procs_fd = -1, .reclaim_fd = -1, .fd = -1, .done = { -1, -1 } };

/* Whether word is an item of list (items apart by ' ', ',' or '\n'). */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)); p += n)
		if ((p == list || strchr(" ,\n", p[-1])) &&
		    strchr(" ,\n", p[n]))
			return true;
	return false;
}

/* The start of a small file, NUL-terminated; "" when unreadable. */
static void read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, len - 1);

	buf[n > 0 ? n : 0] = 0;
	if (fd >= 0)
		close(fd);
}

/*
 * The memory controller's hierarchy, from mountinfo: cgroup2 where its
 * root delegates memory to children, else a v1 mount carrying memory.
 * mnt and root are its mount point and the cgroup mounted there.
 */
static bool find_memory_mount(char *mnt, char *root, bool *v2)
{
	char line[4096], m[PATH_MAX], r[PATH_MAX], type[64], opts[1024];
	char path[PATH_MAX + 32], ctl[1024];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	bool found = false;
	const char *dash;

	while (f && !found && fgets(line, sizeof(line), f)) {
		dash = strstr(line, " - ");
		if (!dash ||
		    sscanf(line, "%*d %*d %*s %4095s %4095s", r, m) != 2 ||
		    sscanf(dash, " - %63s %*s %1023s", type, opts) != 2)
			continue;
		if (!strcmp(type, "cgroup2")) {
			snprintf(path, sizeof(path),
				 "%s/cgroup.subtree_control", m);
			read_small(path, ctl, sizeof(ctl));
			found = *v2 = has_word(ctl, "memory");
		} else if (!strcmp(type, "cgroup")) {
			found = has_word(opts, "memory");
			*v2 = false;
		}
		if (found) {
			strcpy(mnt, m);
			strcpy(root, r);
		}
	}
	if (f)
		fclose(f);
	return found;
}

/*
 * Where the cgroup goes. v1 nests anywhere, so under our own memory cgroup
 * (its limits still hold); v2 forbids a controlled child of the leaf we
 * run in, so at the hierarchy's root, which delegates memory.
 */
static int cgroup_parent(char *dir, size_t len)
{
	char mnt[PATH_MAX], root[PATH_MAX], line[4096], *own = NULL;
	FILE *f;
	bool v2;

	if (!find_memory_mount(mnt, root, &v2))
		return -1;
	nr.v2 = v2;
	f = v2 ? NULL : fopen("/proc/self/cgroup", "re");
	while (f && !own && fgets(line, sizeof(line), f)) {
		char *ctl = strchr(line, ':'), *path = ctl ?
			    strchr(ctl + 1, ':') : NULL;

		if (!path)
			continue;
		*path++ = 0;
		path[strcspn(path, "\n")] = 0;
		if (has_word(ctl + 1, "memory"))
			own = path;
	}
	if (f)
		fclose(f);
	/* own is relative to the hierarchy; the mount shows root */
	if (own && !strncmp(own, root, strlen(root)) && strcmp(root, "/"))
		own += strlen(root);
	snprintf(dir, len, "%s%s", mnt, own ? own : "");
	return 0;
}

/* Removes the cgroups of earlier runs whose rmapbench died unreaped. */
static void sweep_stale(const char *dir)
{
	char path[PATH_MAX + 256];
	DIR *d = opendir(dir);
	struct dirent *e;
	long pid;

	while (d && (e = readdir(d))) {
		if (strncmp(e->d_name, CGROUP_PREFIX, strlen(CGROUP_PREFIX)))
			continue;
		pid = atol(e->d_name + strlen(CGROUP_PREFIX));
		if (pid > 0 && kill(pid, 0) && errno == ESRCH) {
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			rmdir(path);
		}
	}
	if (d)
		closedir(d);
}

static int open_in_cgroup(const char *name)
{
	char path[sizeof(nr.cg) + 32];

	snprintf(path, sizeof(path), "%s/%s", nr.cg, name);
	return open(path, O_WRONLY | O_CLOEXEC);
}

static int make_cgroup(struct scenario_ctx *ctx)
{
	char dir[PATH_MAX];

	if (geteuid())
		return scenario_fail(ctx, "needs root to create a memory "
				     "cgroup");
	if (cgroup_parent(dir, sizeof(dir)))
		return scenario_fail(ctx, "no memory controller mounted "
				     "(cgroup v1, or v2 with +memory in the "
				     "root's cgroup.subtree_control)");
	sweep_stale(dir);
	snprintf(nr.cg, sizeof(nr.cg), "%s/" CGROUP_PREFIX "%d", dir,
		 (int)getpid());
	if (mkdir(nr.cg, 0755)) {
		nr.cg[0] = 0;
		return scenario_fail(ctx, "cannot create a memory cgroup");
	}
	nr.procs_fd = open_in_cgroup("cgroup.procs");
	nr.reclaim_fd = open_in_cgroup(nr.v2 ? "memory.reclaim" :
				       "memory.limit_in_bytes");
	if (nr.procs_fd < 0 || nr.reclaim_fd < 0)
		return scenario_fail(ctx, nr.v2 ? "no memory.reclaim (5.19+)" :
				     "no memory.limit_in_bytes in the cgroup");
	return 0;
}

/* Writes a cgroup file; -1 with errno on error. */
static int write_knob(int fd, const char *val)
{
	return pwrite(fd, val, strlen(val), 0) < 0 ? -1 : 0;
}

/* A sparse file of pages pages on a disk filesystem, already unlinked. */
static int make_file(struct scenario_ctx *ctx)
{
	const char *dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/var/tmp";
	char path[PATH_MAX];
	struct statfs st;

	snprintf(path, sizeof(path), "%s/rmapbench.XXXXXX", dir);
	nr.fd = mkostemp(path, O_CLOEXEC);
	if (nr.fd < 0)
		return scenario_fail(ctx, "cannot create a file in $TMPDIR "
				     "(default /var/tmp)");
	unlink(path);
	if (fstatfs(nr.fd, &st) || st.f_type == TMPFS_MAGIC ||
	    st.f_type == RAMFS_MAGIC)
		return scenario_fail(ctx, "$TMPDIR (default /var/tmp) is in "
				     "memory, which reclaim cannot free "
				     "without swap: point TMPDIR at a disk");
	if (ftruncate(nr.fd, nr.pages * native_page_size()))
		return scenario_fail(ctx, "cannot size the file");
	return 0;
}

/*
 * Reads every page of a window, one order-0 folio a fault, as the model's
 * pages are: MADV_RANDOM stops readahead, which read in order built large
 * folios here (ext4 on this host: 655 compound folios over 7000 pages,
 * each walked once for all its pages). It is lifted before reclaim, since
 * folio_referenced skips a vma without recency (vma_has_recency,
 * 8788f6781486, 6.4), which would leave only try_to_unmap's walk.
 */
static void touch_window(char *addr, long pages)
{
	long len = pages * native_page_size();

	madvise(addr, len, MADV_RANDOM);
	native_touch(addr, pages, false);
	madvise(addr, len, MADV_NORMAL);
}

/*
 * One process: maps its windows, then touches every page for each byte
 * on cmd and answers 'd' on the shared reply pipe ('e': it could not map).
 */
static void mapper(const struct scenario_ctx *ctx, int cmd, pid_t parent)
{
	long v, nv = ctx->p[P_VMAS], s = ctx->p[P_PAGES];
	long len = s * native_page_size();
	char **win = native_alloc(nv * sizeof(*win)), c;

	/* gone with rmapbench, whatever kills it */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	for (v = 0; win && v < nv; v++) {
		win[v] = mmap(NULL, len, PROT_READ, MAP_SHARED, nr.fd, v * len);
		if (win[v] == MAP_FAILED)
			break;
	}
	while (read(cmd, &c, 1) == 1) {
		c = win && v == nv ? 'd' : 'e';
		for (v = 0; c == 'd' && v < nv; v++)
			touch_window(win[v], s);
		if (write(nr.done[1], &c, 1) != 1 || c == 'e')
			_exit(1);
	}
	_exit(0);
}

/* Starts a process and moves it into the cgroup, before it faults. */
static int start_mapper(struct scenario_ctx *ctx)
{
	int p[2];
	char id[32];
	pid_t parent = getpid(), pid;

	if (pipe2(p, O_CLOEXEC))
		return scenario_fail(ctx, "out of file descriptors for the "
				     "processes' pipes (ulimit -n)");
	pid = native_fork();
	if (pid == 0) {
		close(p[1]);
		mapper(ctx, p[0], parent);
	}
	close(p[0]);
	if (pid < 0) {
		close(p[1]);
		return scenario_fail(ctx, "fork failed");
	}
	nr.cmd[nr.n] = p[1];
	nr.pid[nr.n++] = pid;
	snprintf(id, sizeof(id), "%d\n", (int)pid);
	if (write(nr.procs_fd, id, strlen(id)) < 0)
		return scenario_fail(ctx, "cannot move a process into the "
				     "cgroup");
	return 0;
}

/* Whether a process has exited (it is reaped). */
static bool mapper_died(void)
{
	bool died = false;
	long i;

	for (i = 0; i < nr.n; i++)
		if (nr.pid[i] && waitpid(nr.pid[i], NULL, WNOHANG) > 0) {
			nr.pid[i] = 0;
			died = true;
		}
	return died;
}

/* Every process touches every page of its windows; 0 when all answered. */
static int touch_round(struct scenario_ctx *ctx)
{
	struct pollfd pfd = { .fd = nr.done[0], .events = POLLIN };
	char buf[256];
	long i, got = 0;
	ssize_t k;
	int ready;

	for (i = 0; i < nr.n; i++)
		if (write(nr.cmd[i], "t", 1) != 1)
			return scenario_fail(ctx, "a mapping process is gone");
	while (got < nr.n) {
		if (scenario_over_budget())
			return scenario_fail(ctx, "the processes did not "
					     "answer");
		ready = poll(&pfd, 1, 1000);
		if (ready < 0 && errno != EINTR)
			return scenario_fail(ctx, "poll failed");
		if (!ready && mapper_died())
			return scenario_fail(ctx, "a mapping process died");
		if (ready <= 0)
			continue;
		k = read(nr.done[0], buf, sizeof(buf));
		if (k <= 0 || memchr(buf, 'e', k))
			return scenario_fail(ctx, "a process could not map its "
					     "windows (vm.max_map_count?)");
		got += k;
	}
	return 0;
}

/* Pages of the file in the page cache: mincore() on a passing mapping. */
static long resident(void)
{
	long i, n = 0, len = nr.pages * native_page_size();
	void *addr = mmap(NULL, len, PROT_READ, MAP_SHARED, nr.fd, 0);

	if (addr == MAP_FAILED)
		return -1;
	if (mincore(addr, len, nr.vec))
		n = -1;
	for (i = 0; n >= 0 && i < nr.pages; i++)
		n += nr.vec[i] & 1;
	munmap(addr, len);
	return n;
}

/*
 * The cgroup gives the file's pages back. v2: memory.reclaim, asked for
 * the file's size. v1: memory.limit_in_bytes lowered to 0, which page
 * tables and stacks keep it above: mem_cgroup_resize_max drains the
 * per-CPU charge stock, reclaims, and fails with EBUSY (the limit
 * unchanged) at the first try_to_free_mem_cgroup_pages that frees
 * nothing. force_empty would retry that 16 times (MAX_RECLAIM_RETRIES),
 * about 0.6 ms a run here, which would swamp a small file's reclaim.
 * EAGAIN (v2), EBUSY (v1): less freed than asked, as mincore counts.
 */
static int cgroup_reclaim(struct scenario_ctx *ctx)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", nr.v2 ?
		 nr.pages * native_page_size() : 0);
	while (write_knob(nr.reclaim_fd, buf)) {
		if (errno == EAGAIN || errno == EBUSY)
			return 0;
		if (errno != EINTR || scenario_over_budget())
			return scenario_fail(ctx, "the cgroup's reclaim "
					     "failed");
	}
	return 0;
}

static int native_reclaim_setup(struct scenario_ctx *ctx)
{
	long np = ctx->p[P_PROCS];

	nr.pages = ctx->p[P_VMAS] * ctx->p[P_PAGES];
	if (nr.pages > sysconf(_SC_AVPHYS_PAGES) / 2)
		return scenario_fail(ctx, "the file (vmas x pages) needs more "
				     "than half the free memory: lower pages");
	nr.cmd = calloc(np, sizeof(*nr.cmd));
	nr.pid = calloc(np, sizeof(*nr.pid));
	nr.vec = malloc(nr.pages);
	if (!nr.cmd || !nr.pid || !nr.vec)
		return scenario_fail(ctx, "out of memory");
	if (make_cgroup(ctx) || make_file(ctx))
		return -1;
	if (pipe2(nr.done, O_CLOEXEC))
		return scenario_fail(ctx, "cannot make the reply pipe");
	while (nr.n < np) {
		if (scenario_over_budget())
			return scenario_fail(ctx, "too slow to start the "
					     "processes");
		if (start_mapper(ctx))
			return -1;
	}
	/* theirs only: EOF when every process is gone */
	close(nr.done[1]);
	nr.done[1] = -1;
	return touch_round(ctx);
}

static int native_reclaim_run(struct scenario_ctx *ctx)
{
	struct timespec t0, t1;
	long before, after;

	if (touch_round(ctx))
		return -1;
	before = resident();
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
	if (cgroup_reclaim(ctx))
		return -1;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
	/* v1: were it met, the next touch must still fault in freely */
	if (!nr.v2 && write_knob(nr.reclaim_fd, "-1"))
		return scenario_fail(ctx, "cannot lift the cgroup's limit");
	after = resident();
	if (before < 0 || after < 0)
		return scenario_fail(ctx, "mincore failed");
	if (after >= before)
		return scenario_fail(ctx, "the cgroup's reclaim freed none of "
				     "the file's pages");
	nr.ns += (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec);
	nr.reclaimed += before - after;
	nr.runs++;
	return 0;
}

/* The processes (killed, reaped), then the cgroup they left, then the rest. */
static void native_reclaim_teardown(struct scenario_ctx *ctx)
{
	int tries;
	long i;

	(void)ctx;
	for (i = 0; i < nr.n; i++) {
		close(nr.cmd[i]);
		if (nr.pid[i]) {
			kill(nr.pid[i], SIGKILL);
			native_reap(nr.pid[i]);
		}
	}
	if (nr.procs_fd >= 0)
		close(nr.procs_fd);
	if (nr.reclaim_fd >= 0)
		close(nr.reclaim_fd);
	/* v2 may show a reaped task as populated for a moment */
	for (tries = 0; nr.cg[0] && rmdir(nr.cg) && errno == EBUSY &&
	     tries < 100; tries++)
		usleep(10000);
	for (i = 0; i < 2; i++)
		if (nr.done[i] >= 0)
			close(nr.done[i]);
	if (nr.fd >= 0)
		close(nr.fd);
	free(nr.cmd);
	free(nr.pid);
	free(nr.vec);
	memset(&nr, 0, sizeof(nr));
	nr.procs_fd = nr.reclaim_fd = nr.fd = nr.done[0] = nr.done[1] = -1;
}

/*
 * Once per trial: the trial's means, and a fresh count for the next (the
 * fixture, and its processes, outlive a trial).
 */
static void native_reclaim_publish(const struct scenario_ctx *ctx,
				   struct scenario_counters *out)
{
	(void)ctx;
	*out = (struct scenario_counters){ 2, {
		{ "reclaimed", nr.runs ? (double)nr.reclaimed / nr.runs : 0,
		  SC_COUNTER_PER_RUN },
		{ "ns_per_reclaimed", nr.reclaimed ? nr.ns / nr.reclaimed : 0,
		  SC_COUNTER_PER_RUN },
	} };
	nr.runs = nr.reclaimed = 0;
	nr.ns = 0;
}

/* reclaim's procs curve (its file pages), file_windows' vmas curve */
static const struct scenario_curve curves[] = {
	{ "procs", "1 4 16 64 256", "1 4 16", "vmas=1 pages=256",
	  "vmas=1 pages=64" },
	{ "vmas", "10 100 1000 10000", "10 100 1000", "procs=1 pages=7",
	  "procs=1 pages=7" },
};

static const struct scenario_figure figures[] = {
	{ .name = "native_reclaim", .x = "procs", .with = "reclaim",
	  .title = "reclaim: the host kernel's memcg reclaim beside the model",
	  .xlabel = "processes mapping each page (N)",
	  .left = { "time", "time per iteration (fault in, then reclaim)" },
	  .right = { "ns_per_reclaimed",
		     "reclaim ns per page freed" } },
	{ .name = "native_reclaim_windows", .x = "vmas",
	  .with = "file_windows",
	  .title = "file_windows: the host kernel's memcg reclaim beside the "
		   "model's walks",
	  .xlabel = "windows per task (V)",
	  .left = { "time", "time per iteration" },
	  .right = { "ns_per_reclaimed",
		     "reclaim ns per page freed" } },
};

const struct scenario native_reclaim_scenario = {
	.name = "native_reclaim",
	.desc = "reclaim's and file_windows' shapes on the host kernel: a "
		"file's pages mapped by N processes or as V windows, reclaimed "
		"through a memory cgroup (v2 memory.reclaim, v1 "
		"memory.limit_in_bytes).",
	.question = "What does the host kernel's reclaim pay per page freed "
		    "as the mappings per page, or the vmas per file, grow?",
	.kind = SCENARIO_COMPONENT,
	.extra = "reclaimed",
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	SCENARIO_VARIANTS(variants),
	.publish = native_reclaim_publish,
	.setup = native_reclaim_setup,
	.run = native_reclaim_run,
	.teardown = native_reclaim_teardown,
};
