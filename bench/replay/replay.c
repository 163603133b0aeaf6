/*
 * The replayer: one task per traced pid, each holding a user of its mm
 * (CLONE_VM children share it through mmget, as threads and vfork children
 * do; other clones get dup_mm's copy; execve gets a fresh mm), and every
 * traced call done on the model at the traced address, so the vma layout,
 * the sharing and the fork tree are the program's. The walk costs that
 * matter are the ones real layouts give: many small file vmas per library,
 * heaps split by mprotect, wide fork trees over shared anonymous memory.
 *
 * strace shows no faults, so the touch policy below stands in for them:
 * a newly writable range (mmap, mprotect adding PROT_WRITE, mremap growth)
 * is written, a newly mapped read-only file range is read, brk growth is
 * written, and a fork child writes part of its writable memory (COW of
 * private pages, sharing of shared ones). Page choice is a seeded PRNG, so
 * a run is a pure function of the log, the parameters and the seed. Every
 * reclaim_every events, reclaim_pct of the LRU is shrunk, so the walks the
 * generations differ in actually run. With a check log, the differential
 * oracle runs at every clone, after every fork's child writes, after every
 * reclaim round and at the end.
 *
 * What the model refuses is counted, not fatal: strace does not show what
 * execve maps (the program, ld.so, the stack, the vdso), so calls on those
 * ranges find nothing, and the model answers as the kernel would (munmap of
 * nothing succeeds, mprotect and mremap of nothing fail).
 */
#include <stdlib.h>
#include <string.h>

#include "bench/replay/replay.h"
#include "common/check.h"
#include "common/phase.h"

enum {
	P_WRITE_PCT, P_FILE_READ_PCT, P_BRK_WRITE_PCT, P_COW_PCT,
	P_TOUCH_MAX, P_RECLAIM_EVERY, P_RECLAIM_PCT, P_MEM_PAGES
};

static const struct scenario_param params[] = {
	[P_WRITE_PCT] = { "write_pct", 100, 0, 100,
			  "percent of each newly writable range written" },
	[P_FILE_READ_PCT] = { "file_read_pct", 25, 0, 100,
			      "percent of each read-only file mapping read" },
	[P_BRK_WRITE_PCT] = { "brk_write_pct", 100, 0, 100,
			      "percent of brk growth written" },
	[P_COW_PCT] = { "cow_pct", 10, 0, 100,
			"percent of its writable memory a fork child writes" },
	[P_TOUCH_MAX] = { "touch_max", 256, 1, 1L << 20,
			  "most pages touched per vma per call" },
	[P_RECLAIM_EVERY] = { "reclaim_every", 50, 0, 1L << 30,
			      "events between reclaim rounds (0: none)" },
	[P_RECLAIM_PCT] = { "reclaim_pct", 10, 0, 100,
			    "percent of the LRU each round reclaims" },
	[P_MEM_PAGES] = { "mem_pages", 1L << 16, 1024, 1L << 24,
			  "mem_map pages (direct reclaim beyond)" },
};

/*
 * The page cache index of a model file is an array as long as the file:
 * mappings of files beyond 64 GiB (sparse databases) are refused instead.
 */
#define FILE_MAX_PAGES	(1UL << 24)

/* An mm and what replay knows of it, shared by the tasks using it. */
struct rmm {
	struct mm_struct *mm;
	unsigned tasks;
	bool brk_known;		/* the traced break has been seen */
};

struct task {
	int pid, tgid;
	struct rmm *rmm;
};

struct replay {
	const struct strace_log *log;
	const long *p;
	struct replay_result *res;
	FILE *check;
	struct prng rng;
	struct task *tasks;
	unsigned nr_tasks, tasks_cap;
	struct address_space **files;	/* by log path index */
	unsigned long since_reclaim;
};

static struct replay state;

static unsigned long replay_pages(const struct scenario_ctx *ctx)
{
	return ctx->p[P_MEM_PAGES];
}

static struct task *task_find(struct replay *r, int pid)
{
	unsigned i;

	for (i = 0; i < r->nr_tasks; i++)
		if (r->tasks[i].pid == pid)
			return &r->tasks[i];
	return NULL;
}

/* A task for pid on @rmm (a new one on @mm if rmm is NULL). */
static struct task *task_add(struct replay *r, int pid, int tgid,
			     struct rmm *rmm, struct mm_struct *mm)
{
	struct task *t;

	if (r->nr_tasks == r->tasks_cap) {
		unsigned cap = r->tasks_cap ? 2 * r->tasks_cap : 32;

		t = realloc(r->tasks, cap * sizeof(*t));
		if (!t)
			return NULL;
		r->tasks = t;
		r->tasks_cap = cap;
	}
	if (!rmm) {
		rmm = calloc(1, sizeof(*rmm));
		if (!rmm)
			return NULL;
		rmm->mm = mm;
	}
	rmm->tasks++;
	t = &r->tasks[r->nr_tasks++];
	t->pid = pid;
	t->tgid = tgid;
	t->rmm = rmm;
	if (r->nr_tasks > r->res->max_tasks)
		r->res->max_tasks = r->nr_tasks;
	return t;
}

static void rmm_put(struct rmm *rmm)
{
	mmput(rmm->mm);
	if (!--rmm->tasks)
		free(rmm);
}

static void task_exit(struct replay *r, struct task *t)
{
	rmm_put(t->rmm);
	*t = r->tasks[--r->nr_tasks];
}

/* The task of a pid first seen outside a clone (the traced command). */
static struct task *task_get(struct replay *r, int pid)
{
	struct task *t = task_find(r, pid);
	struct mm_struct *mm;

	if (t)
		return t;
	mm = mm_new();
	if (!mm)
		return NULL;
	t = task_add(r, pid, pid, NULL, mm);
	if (!t)
		mmput(mm);
	return t;
}

/* Faults pct percent of the pages of [start, end), at most touch_max. */
static void touch_some(struct replay *r, struct mm_struct *mm,
		       unsigned long start, unsigned long end, long pct,
		       bool write)
{
	unsigned long addr, n = 0;
	int fault;

	/* the touch policy stands in for faults: its draws are theirs */
	phase_guard(PHASE_FAULT);
	if (!pct)
		return;
	for (addr = start; addr < end && n < (unsigned long)r->p[P_TOUCH_MAX];
	     addr += PAGE_SIZE) {
		if (pct < 100 && !prng_pct(&r->rng, pct))
			continue;
		n++;
		fault = handle_mm_fault(mm, addr, write);
		if (fault == VM_FAULT_OOM) {
			r->res->oom++;
			return;
		}
		if (fault == VM_FAULT_MINOR)
			r->res->touched++;
	}
}

/* The touch policy for a range that was just mapped or made writable. */
static void touch_new(struct replay *r, struct mm_struct *mm,
		      unsigned long start, unsigned long end, long write_pct)
{
	struct vm_area_struct *vma;
	unsigned long s, e;

	for (vma = find_vma(mm, start); vma && vma->vm_start < end;
	     vma = vma->vm_next) {
		s = vma->vm_start > start ? vma->vm_start : start;
		e = vma->vm_end < end ? vma->vm_end : end;
		if (vma->vm_flags & VM_WRITE)
			touch_some(r, mm, s, e, write_pct, true);
		else if (vma->vm_file && (vma->vm_flags & VM_READ))
			touch_some(r, mm, s, e, r->p[P_FILE_READ_PCT], false);
	}
}

/* The file of a path, grown to cover @pages (the largest map seen). */
static struct address_space *replay_file(struct replay *r, int path,
					 unsigned long pages)
{
	struct address_space *f;

	if (path < 0 || pages > FILE_MAX_PAGES)
		return NULL;	/* no file named, or too big a one */
	f = r->files[path];
	if (!f) {
		f = file_create(r->log->paths[path], pages, false);
		r->files[path] = f;
		return f;
	}
	if (f->size < pages && file_set_size(f, pages))
		return NULL;
	return f;
}

static void replay_mmap(struct replay *r, struct mm_struct *mm,
			const struct strace_event *ev)
{
	unsigned long len = ev->a[1], fl = ev->a[3], pgoff = 0, addr;
	bool anon = fl & SC_MAP_ANON;
	struct address_space *file = NULL;
	int flags = RM_MAP_FIXED | (anon ? RM_MAP_ANON : 0);

	/* MAP_SHARED_VALIDATE is both bits: shared */
	flags |= fl & SC_MAP_SHARED ? RM_MAP_SHARED :
		 fl & SC_MAP_PRIVATE ? RM_MAP_PRIVATE : 0;
	if (!anon) {
		pgoff = ev->a[4] >> PAGE_SHIFT;
		file = replay_file(r, ev->path,
				   pgoff + (PAGE_ALIGN(len) >> PAGE_SHIFT));
		if (!file) {
			r->res->refused++;
			return;
		}
	}
	/* the traced address, fixed: the layout is the program's */
	addr = do_mmap(mm, ev->ret, len, ev->a[2] & 7, flags, file, pgoff);
	if (IS_ERR_VALUE(addr)) {
		r->res->refused++;
		return;
	}
	touch_new(r, mm, addr, addr + PAGE_ALIGN(len), r->p[P_WRITE_PCT]);
}

static void replay_mremap(struct replay *r, struct mm_struct *mm,
			  const struct strace_event *ev)
{
	unsigned long old = ev->a[0], olen = ev->a[1], nlen = ev->a[2], addr;

	/* where the kernel put it: in place, or moved to the traced address */
	if (ev->ret == old)
		addr = do_mremap(mm, old, olen, nlen, 0, 0);
	else
		addr = do_mremap(mm, old, olen, nlen,
				 RM_MREMAP_MAYMOVE | RM_MREMAP_FIXED, ev->ret);
	if (IS_ERR_VALUE(addr)) {
		r->res->refused++;
		return;
	}
	if (PAGE_ALIGN(nlen) > PAGE_ALIGN(olen))
		touch_new(r, mm, addr + PAGE_ALIGN(olen),
			  addr + PAGE_ALIGN(nlen), r->p[P_WRITE_PCT]);
}

static void replay_brk(struct replay *r, struct rmm *rmm,
		       const struct strace_event *ev)
{
	struct mm_struct *mm = rmm->mm;
	unsigned long old = mm->brk;

	if (!rmm->brk_known) {
		/* exec set the break where strace cannot see: take it */
		mm->start_brk = mm->brk = ev->ret;
		rmm->brk_known = true;
		return;
	}
	if (ev->ret == old)
		return;
	if (do_brk(mm, ev->ret) != ev->ret) {
		r->res->refused++;
		return;
	}
	if (ev->ret > old)
		touch_some(r, mm, PAGE_ALIGN(old), PAGE_ALIGN(ev->ret),
			   r->p[P_BRK_WRITE_PCT], true);
}

static void verify(struct replay *r, const char *what)
{
	if (!r->check)
		return;
	r->res->checks++;
	r->res->mismatches += check_verify(r->check, what);
}

static void replay_clone(struct replay *r, struct task *parent,
			 const struct strace_event *ev)
{
	unsigned long flags = ev->a[0];
	struct vm_area_struct *vma;
	struct task *old = task_find(r, (int)ev->ret), *child;
	struct mm_struct *mm;
	int tgid = flags & SC_CLONE_THREAD ? parent->tgid : (int)ev->ret;
	struct rmm *prmm = parent->rmm;

	if ((int)ev->ret <= 0 || old == parent) {
		r->res->refused++;	/* no such child */
		return;
	}
	if (old)	/* its exit was not traced (-qq hides kills) */
		task_exit(r, old);
	verify(r, "at a clone");
	if (flags & SC_CLONE_VM) {
		mmget(prmm->mm);
		if (!task_add(r, (int)ev->ret, tgid, prmm, NULL)) {
			mmput(prmm->mm);
			r->res->refused++;
		}
		return;
	}
	mm = dup_mm(prmm->mm);
	if (!mm) {
		r->res->refused++;
		return;
	}
	child = task_add(r, (int)ev->ret, tgid, NULL, mm);
	if (!child) {
		mmput(mm);
		r->res->refused++;
		return;
	}
	child->rmm->brk_known = prmm->brk_known;
	for (vma = mm->mmap; vma; vma = vma->vm_next)
		if (vma->vm_flags & VM_WRITE)
			touch_some(r, mm, vma->vm_start, vma->vm_end,
				   r->p[P_COW_PCT], true);
	verify(r, "after a fork and its child's writes");
}

/* exit_group, and execve's de_thread: the rest of the group goes. */
static void group_exit(struct replay *r, int tgid, int except)
{
	unsigned i = 0;

	while (i < r->nr_tasks)
		if (r->tasks[i].tgid == tgid && r->tasks[i].pid != except)
			task_exit(r, &r->tasks[i]);
		else
			i++;
}

static void replay_execve(struct replay *r, struct task *t)
{
	struct rmm *fresh = calloc(1, sizeof(*fresh));
	int pid = t->pid;

	group_exit(r, t->tgid, pid);
	t = task_find(r, pid);
	if (fresh)
		fresh->mm = exec_mm(t->rmm->mm);
	if (!fresh || !fresh->mm) {
		free(fresh);
		r->res->refused++;
		return;
	}
	if (!--t->rmm->tasks)
		free(t->rmm);
	fresh->tasks = 1;
	t->rmm = fresh;
}

/* The phase of each call: the replay's handler stands for the syscall. */
static const enum phase call_phase[NR_STRACE_CALLS] = {
	[SC_MMAP] = PHASE_MMAP, [SC_MUNMAP] = PHASE_MMAP,
	[SC_MPROTECT] = PHASE_MMAP, [SC_MREMAP] = PHASE_MMAP,
	[SC_BRK] = PHASE_MMAP, [SC_MLOCK] = PHASE_MMAP,
	[SC_MUNLOCK] = PHASE_MMAP, [SC_MADVISE] = PHASE_ZAP,
	[SC_CLONE] = PHASE_FORK, [SC_EXECVE] = PHASE_FORK,
	[SC_EXIT] = PHASE_ZAP, [SC_EXIT_GROUP] = PHASE_ZAP,
	[SC_GONE] = PHASE_ZAP,
};

static void replay_event(struct replay *r, const struct strace_event *ev)
{
	struct task *t;
	struct mm_struct *mm;

	phase_guard(call_phase[ev->call]);

	if (ev->call == SC_GONE || ev->call == SC_EXIT ||
	    ev->call == SC_EXIT_GROUP) {
		t = task_find(r, ev->pid);
		if (t && ev->call == SC_EXIT_GROUP)
			group_exit(r, t->tgid, -1);
		else if (t)
			task_exit(r, t);
		return;
	}
	t = task_get(r, ev->pid);
	if (!t) {
		r->res->refused++;
		return;
	}
	mm = t->rmm->mm;
	switch (ev->call) {
	case SC_MMAP:
		replay_mmap(r, mm, ev);
		break;
	case SC_MUNMAP:
		if (do_munmap(mm, ev->a[0], ev->a[1]))
			r->res->refused++;
		break;
	case SC_MLOCK:
	case SC_MUNLOCK:
		if (do_mlock(mm, ev->a[0], ev->a[1], ev->call == SC_MLOCK))
			r->res->refused++;
		break;
	case SC_MPROTECT:
		if (do_mprotect(mm, ev->a[0], ev->a[1], ev->a[2] & 7))
			r->res->refused++;
		else if (ev->a[2] & RM_PROT_WRITE)
			touch_new(r, mm, ev->a[0],
				  ev->a[0] + PAGE_ALIGN(ev->a[1]),
				  r->p[P_WRITE_PCT]);
		break;
	case SC_MREMAP:
		replay_mremap(r, mm, ev);
		break;
	case SC_BRK:
		replay_brk(r, t->rmm, ev);
		break;
	case SC_MADVISE:
		if (madvise_dontneed(mm, ev->a[0], ev->a[1]))
			r->res->refused++;
		break;
	case SC_CLONE:
		replay_clone(r, t, ev);
		break;
	case SC_EXECVE:
		replay_execve(r, t);
		break;
	}
}

static void periodic_reclaim(struct replay *r)
{
	if (!r->p[P_RECLAIM_EVERY] ||
	    ++r->since_reclaim < (unsigned long)r->p[P_RECLAIM_EVERY])
		return;
	r->since_reclaim = 0;
	r->res->reclaims++;
	shrink(lru_size() * r->p[P_RECLAIM_PCT] / 100);
	verify(r, "after a reclaim round");
}

/* Every task exits and every file is closed: the model is empty again. */
static void replay_release(struct replay *r)
{
	unsigned i;

	while (r->nr_tasks)
		task_exit(r, &r->tasks[r->nr_tasks - 1]);
	for (i = 0; r->files && i < r->log->nr_paths; i++) {
		if (r->files[i])
			file_put(r->files[i]);
		r->files[i] = NULL;
	}
}

static int replay_setup(struct scenario_ctx *ctx)
{
	struct replay_input *in = ctx->priv;
	struct replay *r = &state;

	if (!in || !in->log) {
		ctx->error = "replay: no log loaded (ctx->priv must be a "
			     "struct replay_input)";
		return -1;
	}
	r->log = in->log;
	r->p = ctx->p;
	r->res = &in->res;
	r->check = in->check;
	r->files = calloc(in->log->nr_paths + 1, sizeof(*r->files));
	if (!r->files) {
		ctx->error = "replay: out of memory";
		return -1;
	}
	return 0;
}

static int replay_run(struct scenario_ctx *ctx)
{
	static char msg[96];
	struct replay *r = &state;
	unsigned long i;

	memset(r->res, 0, sizeof(*r->res));
	prng_seed(&r->rng, ctx->seed);
	r->since_reclaim = 0;
	for (i = 0; i < r->log->nr; i++) {
		if (scenario_over_budget()) {
			replay_release(r);
			return scenario_fail(ctx, NULL);
		}
		replay_event(r, &r->log->ev[i]);
		r->res->events++;
		periodic_reclaim(r);
	}
	verify(r, "at the end of the replay");
	replay_release(r);
	if (r->res->mismatches) {
		snprintf(msg, sizeof(msg), "the check found %lu mismatches "
			 "(described above)", r->res->mismatches);
		ctx->error = msg;
		return -1;
	}
	return 0;
}

static void replay_teardown(struct scenario_ctx *ctx)
{
	struct replay *r = &state;

	(void)ctx;
	if (r->log)
		replay_release(r);
	free(r->files);
	free(r->tasks);
	memset(r, 0, sizeof(*r));
}

void replay_result_print(const struct replay_result *res, FILE *out)
{
	fprintf(out, "%lu events, %lu refused by the model, %lu pages "
		"touched, %lu touches out of memory, %lu reclaim rounds, "
		"%lu tasks at the peak, %lu checks, %lu mismatches\n",
		res->events, res->refused, res->touched, res->oom,
		res->reclaims, res->max_tasks, res->checks, res->mismatches);
}

/* Each log in bench/traces is one point, named program:<log>. */
static const struct scenario_figure figures[] = {
	{ .name = "trace", .x = "program", .categorical = true,
	  .title = "trace: real programs' strace logs replayed on each "
		   "generation",
	  .xlabel = "program",
	  .left = { "time", "time per replay" },
	  .right = { "nodes_per_walk", "nodes visited per walk" } },
};

const struct scenario trace_scenario = {
	.name = "trace",
	.desc = "A real program's strace log (bench/traces: a parallel build, "
		"nginx under load, a Python fork pool) replayed on the model, "
		"with a touch policy for the faults strace cannot show and "
		"periodic reclaim.",
	.question = "How do the generations compare on the vma layouts, "
		    "sharing and fork trees real programs build?",
	.kind = SCENARIO_TRACE,
	.phases = true,
	SCENARIO_PARAMS(params),
	SCENARIO_FIGURES(figures),
	.mem_pages = replay_pages,
	.setup = replay_setup,
	.run = replay_run,
	.teardown = replay_teardown,
};
