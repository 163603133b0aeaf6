/*
 * The random operation driver behind `rmapsim check` (and behind the
 * fuzz_ops target, whose input bytes stand in for the PRNG, so the fuzzer
 * steers the same operations). Processes live in a small table and map
 * into a small arena, so vmas collide, split and merge often; mem_map is
 * small, so reclaim and swap-in run often. The arena spans two pte tables,
 * so vmas and moves cross a page table boundary; a process filling a
 * buffer larger than free memory drives the allocator into direct reclaim;
 * mremap right after a fork moves COW-shared anonymous ptes. The checks are
 * the oracle's: nothing here trusts a scheme's own view. Every page is
 * walked twice: to the end (all), which catches a mapping reported twice,
 * and as reclaim walks, stopping once mapcount is used up, which must have
 * found them all by then. The first walk's candidates and nodes, the
 * published counts, must match what the vmas linked to the page's object
 * say they are; every try_to_unmap must leave no pte unless an mlocked vma
 * kept one.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/check.h"
#include "common/lock.h"
#include "common/lib/prng.h"
#include "common/memory.h"
#include "common/model.h"
#include "common/oracle.h"
#include "common/vmscan.h"

#define MAX_PROCS	16
#define NR_FILES	3
#define FILE_PAGES	64
#define ARENA		0x40000000UL
#define ARENA_PAGES	1024	/* two pte tables */
#define MAX_VMA_PAGES	16
#define PRESSURE_SLACK	64	/* pages a pressure buffer exceeds free memory by */

struct check_state {
	struct prng rng;
	/* or, when bytes is set, every decision is read from these */
	const uint8_t *bytes;
	size_t nbytes, pos;
	struct mm_struct *procs[MAX_PROCS];
	int nprocs;
	struct address_space *files[NR_FILES];
	struct oracle oracle;
	const char *op;
	unsigned long opno;
	FILE *log;
	bool no_mlock;
	unsigned long mismatches, walks;
	/* what the run reached, beyond rmap_stats */
	unsigned long max_procs, max_mapcount;
	/* the reclaim outcome so far, and per operation when asked for */
	uint64_t reclaim_digest;
	uint64_t *reclaim_trace;
	/* the walk's answer for one page */
	struct oracle_map *found;
	unsigned long nfound, capfound;
	/* every (rmap object, vma) link, read from the vmas' side */
	struct vma_link *links;
	unsigned long nlinks, caplinks;
	unsigned long mms_with_rss;
	/* the ptes left on a page try_to_unmap has just walked */
	struct oracle unmapped;
};

struct vma_link {
	const void *obj;		/* the file's mapping, or an anon object */
	struct vm_area_struct *vma;
};

/*
 * Every decision of the driver: "a number below n", from the PRNG or, for
 * the fuzzer, from its input (one byte, or two when n needs them; 0 once the
 * input is used up, which also ends the run).
 */
static unsigned long pick_below(struct check_state *s, unsigned long n)
{
	unsigned long v;

	if (!s->bytes)
		return prng_below(&s->rng, n);
	if (n <= 1 || s->pos >= s->nbytes)
		return 0;
	v = s->bytes[s->pos++];
	if (n > 256 && s->pos < s->nbytes)
		v = v << 8 | s->bytes[s->pos++];
	return v % n;
}

static bool pick_pct(struct check_state *s, unsigned pct)
{
	return pick_below(s, 100) < pct;
}

static bool source_done(const struct check_state *s)
{
	return s->bytes && s->pos >= s->nbytes;
}

static struct vm_area_struct *pick_vma(struct check_state *s,
				       struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long k;

	if (!mm->map_count)
		return NULL;
	k = pick_below(s, mm->map_count);
	for (vma = mm->mmap; k--; vma = vma->vm_next)
		;
	return vma;
}

static struct mm_struct *pick_mm(struct check_state *s)
{
	return s->procs[pick_below(s, s->nprocs)];
}

static unsigned long pick_len(struct check_state *s)
{
	return (1 + pick_below(s, MAX_VMA_PAGES)) * PAGE_SIZE;
}

/* An address in the arena, or 0 for "let the kernel choose". */
static unsigned long pick_addr(struct check_state *s)
{
	if (pick_pct(s, 50))
		return 0;
	return ARENA + pick_below(s, ARENA_PAGES) * PAGE_SIZE;
}

static void op_touch(struct check_state *s, bool write, bool whole)
{
	struct mm_struct *mm = pick_mm(s);
	struct vm_area_struct *vma = pick_vma(s, mm);
	unsigned long addr, n = 1 + pick_below(s, 8);

	s->op = write ? (whole ? "touch vma" : "write") : "read";
	if (!vma)
		return;
	if (whole) {
		unsigned long start = vma->vm_start, end = vma->vm_end;

		for (addr = start; addr < end; addr += PAGE_SIZE)
			handle_mm_fault(mm, addr, write);
		return;
	}
	while (n--) {
		vma = pick_vma(s, mm);
		addr = vma->vm_start +
		       pick_below(s, vma_pages(vma)) * PAGE_SIZE;
		handle_mm_fault(mm, addr, write);
	}
}

static void op_mmap(struct check_state *s, int kind)
{
	static const char *const names[] = { "mmap anon", "mmap file private",
		"mmap file shared", "mmap shared anon" };
	struct mm_struct *mm = pick_mm(s);
	unsigned long addr = pick_addr(s), len = pick_len(s), pgoff = 0;
	struct address_space *file = NULL;
	int prot = RM_PROT_READ, flags;

	s->op = names[kind];
	if (pick_pct(s, 80))
		prot |= RM_PROT_WRITE;
	flags = (kind == 0 || kind == 1) ? RM_MAP_PRIVATE : RM_MAP_SHARED;
	if (addr)
		flags |= RM_MAP_FIXED;
	if (kind == 1 || kind == 2) {
		file = s->files[pick_below(s, NR_FILES)];
		/*
		 * a third at the file's head, as a library's or a data
		 * file's mappings start: many vmas of one start and of
		 * different lengths run a prio tree path past its radix
		 * bits into the overflow (size) levels
		 */
		pgoff = pick_pct(s, 30) ? 0 : pick_below(s, FILE_PAGES - 1);
		if (len > (FILE_PAGES - pgoff) * PAGE_SIZE)
			len = (FILE_PAGES - pgoff) * PAGE_SIZE;
	}
	do_mmap(mm, addr, len, prot, flags, file, pgoff);
}

/* A random range: inside one vma, or spanning from it across neighbours. */
static bool pick_range(struct check_state *s, struct mm_struct *mm,
		       unsigned long *start, unsigned long *len)
{
	struct vm_area_struct *vma = pick_vma(s, mm);
	unsigned long pages;

	if (!vma)
		return false;
	pages = vma_pages(vma);
	*start = vma->vm_start + pick_below(s, pages) * PAGE_SIZE;
	*len = (1 + pick_below(s, pick_pct(s, 70) ? pages :
				2 * MAX_VMA_PAGES)) * PAGE_SIZE;
	return true;
}

static void op_munmap(struct check_state *s)
{
	struct mm_struct *mm = pick_mm(s);
	unsigned long start, len;

	s->op = "munmap";
	if (pick_range(s, mm, &start, &len))
		do_munmap(mm, start, len);
}

static void op_mprotect(struct check_state *s)
{
	struct mm_struct *mm = pick_mm(s);
	unsigned long start, len;
	static const int prots[] = { RM_PROT_READ, RM_PROT_READ | RM_PROT_WRITE,
				     0, RM_PROT_READ | RM_PROT_EXEC };

	s->op = "mprotect";
	if (pick_range(s, mm, &start, &len))
		do_mprotect(mm, start, len, prots[pick_below(s, 4)]);
}

static void op_mlock(struct check_state *s)
{
	struct mm_struct *mm = pick_mm(s);
	unsigned long start, len;
	bool on = pick_pct(s, 60);

	s->op = on ? "mlock" : "munlock";
	if (pick_range(s, mm, &start, &len) && !s->no_mlock)
		do_mlock(mm, start, len, on);
}

static void op_madvise(struct check_state *s)
{
	struct mm_struct *mm = pick_mm(s);
	unsigned long start, len;

	s->op = "madvise dontneed";
	if (pick_range(s, mm, &start, &len))
		madvise_dontneed(mm, start, len);
}

static void op_mremap(struct check_state *s)
{
	struct mm_struct *mm = pick_mm(s);
	struct vm_area_struct *vma = pick_vma(s, mm);
	unsigned long addr, old_len, new_len;
	int flags = 0;

	s->op = "mremap";
	if (!vma)
		return;
	addr = vma->vm_start + pick_below(s, vma_pages(vma)) * PAGE_SIZE;
	old_len = vma->vm_end - addr;
	new_len = pick_len(s);
	if (pick_pct(s, 70))
		flags |= RM_MREMAP_MAYMOVE;
	if ((flags & RM_MREMAP_MAYMOVE) && pick_pct(s, 40)) {
		unsigned long to = ARENA + pick_below(s, ARENA_PAGES) *
				   PAGE_SIZE;

		do_mremap(mm, addr, old_len, new_len, flags | RM_MREMAP_FIXED,
			  to);
		return;
	}
	do_mremap(mm, addr, old_len, new_len, flags, 0);
}

/*
 * Memory pressure: a process allocates a buffer larger than free memory and
 * writes every page of it, so that the allocator runs out and reclaims
 * directly (try_to_free_pages), swapping out other processes' pages, and
 * frees it again (a buffer kept would leave thousands of pages for every
 * later operation's verification to walk).
 */
static void op_pressure(struct check_state *s)
{
	struct mm_struct *mm = pick_mm(s);
	unsigned long len, addr;

	s->op = "memory pressure";
	len = (nr_free_pages() + 1 + pick_below(s, PRESSURE_SLACK)) * PAGE_SIZE;
	addr = do_mmap(mm, 0, len, RM_PROT_READ | RM_PROT_WRITE,
		       RM_MAP_PRIVATE, NULL, 0);
	if (IS_ERR_VALUE(addr))
		return;
	touch_range(mm, addr, len, true);
	do_munmap(mm, addr, len);
}

/*
 * Fork must give the child every anonymous page the parent maps: a pte
 * (present, or swap if reclaim ran during the copy) wherever the parent
 * has one mapping an anonymous page. No rmap walk can see the loss of one,
 * since the child simply faults a page of its own; lazy fork (2.6.14+) may
 * skip only the vmas that have none.
 */
static void verify_fork(struct check_state *s, struct mm_struct *parent,
			struct mm_struct *child)
{
	struct vm_area_struct *vma;
	unsigned long addr;
	pte_t *p, *c, pte;

	for (vma = parent->mmap; vma; vma = vma->vm_next) {
		for (addr = vma->vm_start; addr < vma->vm_end;
		     addr += PAGE_SIZE) {
			p = pte_offset(parent, addr);
			pte = p ? ptep_get(p) : 0;
			if (!pte_present(pte) || !PageAnon(pte_page(pte)))
				continue;
			c = pte_offset(child, addr);
			if (c && !pte_none(ptep_get(c)))
				continue;
			s->mismatches++;
			if (s->log)
				fprintf(s->log, "check: %s: op #%lu (%s): mm%lu "
					"maps anonymous pfn %lu at %#lx, its "
					"child mm%lu nothing\n", rmap_cfg.name,
					s->opno, s->op, parent->id,
					pte_pfn(pte), addr, child->id);
			return;
		}
	}
}

/* fork() of mm into a new process of the table, checked */
static struct mm_struct *fork_proc(struct check_state *s,
				   struct mm_struct *mm)
{
	struct mm_struct *child = dup_mm(mm);

	if (!child)
		return NULL;
	s->procs[s->nprocs++] = child;
	verify_fork(s, mm, child);
	return child;
}

/*
 * A write to a range, a fork, and an mremap of the range in the parent or
 * the child: the moved ptes are COW-shared between the two (the realloc of
 * a buffer in a process that has just forked).
 */
static void op_fork_mremap(struct check_state *s)
{
	struct mm_struct *mm = pick_mm(s), *child;
	struct vm_area_struct *vma = pick_vma(s, mm);
	unsigned long start, len, to;

	s->op = "write, fork, mremap";
	if (!vma || s->nprocs == MAX_PROCS)
		return;
	start = vma->vm_start;
	len = vma->vm_end - start;
	touch_range(mm, start, len, true);
	child = fork_proc(s, mm);
	if (!child)
		return;
	if (pick_pct(s, 50))
		mm = child;
	to = ARENA + pick_below(s, ARENA_PAGES) * PAGE_SIZE;
	do_mremap(mm, start, len, len + pick_len(s),
		  RM_MREMAP_MAYMOVE | (pick_pct(s, 50) ? RM_MREMAP_FIXED : 0),
		  to);
}

static void op_brk(struct check_state *s)
{
	struct mm_struct *mm = pick_mm(s);
	long delta = ((long)pick_below(s, 2 * MAX_VMA_PAGES + 1) -
		      MAX_VMA_PAGES) * (long)PAGE_SIZE;
	unsigned long old = mm->brk, addr;

	s->op = "brk";
	do_brk(mm, mm->brk + delta);
	for (addr = old; addr < mm->brk; addr += PAGE_SIZE)
		if (pick_pct(s, 50))
			handle_mm_fault(mm, addr, true);
}

static void op_fork(struct check_state *s)
{
	s->op = "fork";
	if (s->nprocs < MAX_PROCS)
		fork_proc(s, pick_mm(s));
}

static void op_exit(struct check_state *s)
{
	int i = (int)pick_below(s, s->nprocs);

	s->op = "exit";
	if (s->nprocs == 1)
		return;
	mmput(s->procs[i]);
	s->procs[i] = s->procs[--s->nprocs];
}

static void op_exec(struct check_state *s)
{
	int i = (int)pick_below(s, s->nprocs);
	struct mm_struct *mm;

	s->op = "exec";
	mm = exec_mm(s->procs[i]);
	if (mm)
		s->procs[i] = mm;
}

static void op_shrink(struct check_state *s)
{
	s->op = "shrink";
	shrink(1 + pick_below(s, 32));
}

static void run_op(struct check_state *s)
{
	unsigned long r = pick_below(s, 100);

	if (r < 20)
		op_touch(s, true, false);
	else if (r < 30)
		op_touch(s, false, false);
	else if (r < 35)
		op_touch(s, true, true);
	else if (r < 43)
		op_mmap(s, 0);
	else if (r < 49)
		op_mmap(s, 1);
	else if (r < 53)
		op_mmap(s, 2);
	else if (r < 55)
		op_mmap(s, 3);
	else if (r < 60)
		op_fork(s);
	else if (r < 63)
		op_exit(s);
	else if (r < 64)
		op_exec(s);
	else if (r < 70)
		op_munmap(s);
	else if (r < 76)
		op_mprotect(s);
	else if (r < 81)
		op_mremap(s);
	else if (r < 85)
		op_brk(s);
	else if (r < 89)
		op_shrink(s);
	else if (r < 93)
		op_mlock(s);
	else if (r < 95)
		op_madvise(s);
	else if (r < 97)
		op_fork_mremap(s);
	else
		op_pressure(s);
}

/* Room for one more of an array of @n entries of @size, doubling @cap. */
static void *grow(void *array, unsigned long n, unsigned long *cap,
		  size_t size)
{
	if (n < *cap)
		return array;
	*cap = *cap ? 2 * *cap : 64;
	array = realloc(array, *cap * size);
	if (!array)
		abort();
	return array;
}

static int collect(struct page *page, struct vm_area_struct *vma,
		   unsigned long addr, pte_t *ptep, void *arg)
{
	struct check_state *s = arg;
	struct oracle_map *m;

	s->found = grow(s->found, s->nfound, &s->capfound, sizeof(*s->found));
	m = &s->found[s->nfound++];
	m->pfn = page_to_pfn(page);
	m->mm = vma->vm_mm;
	m->addr = addr;
	/* a yielded vma must be the one that holds addr, at that pte */
	m->pte = (find_vma(vma->vm_mm, addr) == vma &&
		  addr >= vma->vm_start &&
		  pte_offset(vma->vm_mm, addr) == ptep) ? 1 : 0;
	return RMAP_CONTINUE;
}

static int cmp_found(const void *a, const void *b)
{
	const struct oracle_map *x = a, *y = b;

	if (x->mm->id != y->mm->id)
		return x->mm->id < y->mm->id ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void print_maps(FILE *f, const char *who, const struct oracle_map *m,
		       unsigned long n)
{
	unsigned long i;

	fprintf(f, "  %s (%lu):", who, n);
	for (i = 0; i < n && i < 16; i++)
		fprintf(f, " mm%lu:%#lx", m[i].mm->id, m[i].addr);
	fprintf(f, "%s\n", n > 16 ? " ..." : "");
}

static void mismatch(struct check_state *s, struct page *page,
		     const char *what, const struct oracle_map *want,
		     unsigned long nwant)
{
	s->mismatches++;
	if (!s->log || s->mismatches > 5)
		return;
	fprintf(s->log, "check: %s: op #%lu (%s): pfn %lu (%s, index %#lx, "
		"mapcount %d): %s\n", rmap_cfg.name, s->opno, s->op,
		page_to_pfn(page), PageAnon(page) ? "anon" : "file",
		page->index, page_mapcount(page), what);
	print_maps(s->log, "walk  ", s->found, s->nfound);
	print_maps(s->log, "oracle", want, nwant);
}

/*
 * One walk of page, its answer compared with the oracle's: every mapping
 * once, each in the vma that holds it. @all: to the end of the object's
 * vmas, or stopping once mapcount is used up, as reclaim's walks do.
 */
static bool walk_matches(struct check_state *s, struct page *page, bool all,
			 const struct oracle_map *want, unsigned long nwant)
{
	struct rmap_walk_control rwc = {
		.rmap_one = collect, .arg = s, .all = all,
	};
	const char *differ = all ? "walk and oracle differ" :
			     "early-stopping walk and oracle differ";
	unsigned long i;

	s->nfound = 0;
	s->walks++;
	rmap_walk(page, &rwc);
	if (s->nfound)
		qsort(s->found, s->nfound, sizeof(*s->found), cmp_found);
	if (s->nfound != nwant) {
		mismatch(s, page, differ, want, nwant);
		return false;
	}
	for (i = 0; i < nwant; i++) {
		if (s->found[i].mm != want[i].mm ||
		    s->found[i].addr != want[i].addr) {
			mismatch(s, page, differ, want, nwant);
			return false;
		}
		if (!s->found[i].pte) {
			mismatch(s, page, "walk yielded a vma that does not "
				 "hold the address", want, nwant);
			return false;
		}
	}
	return true;
}

static int cmp_link(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct vma_link *)a)->obj;
	uintptr_t y = (uintptr_t)((const struct vma_link *)b)->obj;

	return x < y ? -1 : x > y;
}

static void add_link(const void *obj, struct vm_area_struct *vma, void *arg)
{
	struct check_state *s = arg;

	s->links = grow(s->links, s->nlinks, &s->caplinks, sizeof(*s->links));
	s->links[s->nlinks].obj = obj;
	s->links[s->nlinks++].vma = vma;
}

/*
 * Each vma's links as the vma sees them: its file, and the anonymous
 * objects the scheme says it is linked to (its anon_vma, its avcs). A walk
 * reads the other side, the object's list or tree, so the two must agree.
 */
static void collect_links(struct check_state *s)
{
	const struct rmap_scheme *anon = rmap_cfg.anon;
	struct vm_area_struct *vma;
	struct mm_struct *mm;

	s->nlinks = 0;
	s->mms_with_rss = 0;
	list_for_each_entry(mm, &mm_list, mmlist) {
		if (get_mm_rss(mm))
			s->mms_with_rss++;
		for (vma = mm->mmap; vma; vma = vma->vm_next) {
			if (vma->vm_file)
				add_link(vma->vm_file, vma, s);
			if (anon->vma_anon_objects)
				anon->vma_anon_objects(vma, add_link, s);
		}
	}
	if (s->nlinks)
		qsort(s->links, s->nlinks, sizeof(*s->links), cmp_link);
}

/*
 * What a walk of page must count, from the vmas' side: @lo..@hi
 * candidates (the vmas holding the page's offset; those of an mm with no
 * rss only where the era still probed them) and at most @linked vmas in
 * the list or tree. For a shape the links do not describe, the bounds come
 * from the oracle's mappings.
 */
struct walk_bounds {
	unsigned long lo, hi, linked;
};

static void linked_bounds(struct check_state *s, struct page *page,
			  struct walk_bounds *b)
{
	const void *obj = PageAnon(page) ? page_anon_object(page) :
			  (const void *)page->mapping;
	unsigned long first = 0, last = s->nlinks, i;

	while (first < last) {
		unsigned long mid = (first + last) / 2;

		if ((uintptr_t)s->links[mid].obj < (uintptr_t)obj)
			first = mid + 1;
		else
			last = mid;
	}
	for (i = first; i < s->nlinks && s->links[i].obj == obj; i++) {
		struct vm_area_struct *vma = s->links[i].vma;

		b->linked++;
		if (vma_address(page, vma) == -1UL)
			continue;
		b->hi++;
		if (get_mm_rss(vma->vm_mm))
			b->lo++;
	}
}

/* ceil(log2(n + 1)) */
static unsigned long order_of(unsigned long n)
{
	unsigned long bits = 0;

	while (n) {
		bits++;
		n >>= 1;
	}
	return bits;
}

/*
 * The most nodes a stab of a red-black interval tree of n nodes can read
 * while yielding hits: a path is at most 2 * log2(n + 1) nodes, and each
 * result costs at most a climb and a descent (iter_first, then iter_next
 * per result and once more to end).
 */
static unsigned long itree_stab_bound(unsigned long n, unsigned long hits)
{
	return 2 * (hits + 2) * 2 * order_of(n);
}

static const char *counts_wrong(struct check_state *s, struct page *page,
				const struct oracle_map *want,
				unsigned long nwant, unsigned long cand,
				unsigned long nodes)
{
	struct walk_bounds b = { 0, 0, 0 };
	unsigned long i;

	switch (page_scheme(page)->walk_shape) {
	case WALK_NONE:
		return "a scheme with a walk declares no walk shape";
	case WALK_PTES:
		return cand == nwant ? NULL :
		       "candidates differ from the mappings recorded";
	case WALK_MMS:
		for (i = 0; i < nwant; i++)
			if (!i || want[i].mm != want[i - 1].mm)
				b.lo++;
		if (cand < b.lo || cand > s->mms_with_rss)
			return "candidates outside the mms that may map it";
		return nodes < cand ? "fewer nodes than candidates" : NULL;
	case WALK_LIST:
	case WALK_PRIO_TREE:
	case WALK_ITREE:
		break;
	}
	linked_bounds(s, page, &b);
	if (cand < b.lo || cand > b.hi)
		return "candidates differ from the linked vmas holding it";
	if (nodes < b.hi)
		return "fewer nodes than linked vmas holding it";
	if (page_scheme(page)->walk_shape == WALK_ITREE)
		return nodes > itree_stab_bound(b.linked, b.hi) ?
		       "more nodes than an interval tree stab reads" : NULL;
	return nodes > b.linked ? "more nodes than vmas linked" : NULL;
}

static void verify_page(struct check_state *s, struct page *page)
{
	const struct oracle_map *want;
	unsigned long nwant, cand, nodes;
	const char *wrong;

	want = oracle_lookup(&s->oracle, page_to_pfn(page), &nwant);
	s->nfound = 0;
	if ((unsigned long)page_mapcount(page) != nwant) {
		mismatch(s, page, "mapcount differs from the ptes", want, nwant);
		return;
	}
	/* 2.4 (scheme none) has no walk to check, only the mapcount */
	if (!nwant || !page_scheme(page)->walk)
		return;
	cand = rmap_stats.candidates;
	nodes = rmap_stats.nodes;
	if (!walk_matches(s, page, true, want, nwant))
		return;
	cand = rmap_stats.candidates - cand;
	nodes = rmap_stats.nodes - nodes;
	wrong = counts_wrong(s, page, want, nwant, cand, nodes);
	if (wrong) {
		char what[160];

		snprintf(what, sizeof(what), "%s (%lu candidates, %lu nodes)",
			 wrong, cand, nodes);
		mismatch(s, page, what, want, nwant);
		return;
	}
	walk_matches(s, page, false, want, nwant);
}

/*
 * A free page or a page table: no pte may point at it (a pte that outlived
 * its page, which try_to_unmap or a zap forgot).
 */
static void verify_unmapped(struct check_state *s, struct page *page)
{
	const struct oracle_map *left;
	unsigned long n;

	left = oracle_lookup(&s->oracle, page_to_pfn(page), &n);
	s->nfound = 0;
	if (n)
		mismatch(s, page, PageBuddy(page) ? "ptes map a free page" :
			 "ptes map a page table", left, n);
}

/* rss and "every pte lies in a vma" from the oracle's table. */
static void verify_mms(struct check_state *s)
{
	struct mm_struct *mm;
	unsigned long i;

	list_for_each_entry(mm, &mm_list, mmlist) {
		long rss = 0;

		for (i = 0; i < s->oracle.nr; i++) {
			const struct oracle_map *m = &s->oracle.maps[i];
			struct vm_area_struct *vma;

			if (m->mm != mm)
				continue;
			vma = find_vma(mm, m->addr);
			if (!vma || vma->vm_start > m->addr) {
				s->mismatches++;
				if (s->log)
					fprintf(s->log, "check: %s: op #%lu (%s):"
						" mm%lu has a pte at %#lx "
						"outside every vma\n",
						rmap_cfg.name, s->opno, s->op,
						mm->id, m->addr);
			}
			if (m->pfn)
				rss++;
		}
		if (rss != mm_rss_exact(mm)) {
			s->mismatches++;
			if (s->log)
				fprintf(s->log, "check: %s: op #%lu (%s): mm%lu "
					"rss %ld but %ld ptes map pages\n",
					rmap_cfg.name, s->opno, s->op, mm->id,
					mm_rss_exact(mm), rss);
		}
	}
}

static void verify(struct check_state *s)
{
	unsigned long pfn;

	oracle_scan(&s->oracle);
	collect_links(s);
	for (pfn = 1; pfn < max_mapnr; pfn++) {
		struct page *page = pfn_to_page(pfn);

		if (PageBuddy(page) || PagePgtable(page))
			verify_unmapped(s, page);
		else
			verify_page(s, page);
	}
	verify_mms(s);
	if (model_validate()) {
		s->mismatches++;
		if (s->log)
			fprintf(s->log, "check: %s: op #%lu (%s): invariants "
				"broken (see above)\n", rmap_cfg.name, s->opno,
				s->op);
	}
}

/* The run being checked, for the hook reclaim calls. */
static struct check_state *checking;

/*
 * After every try_to_unmap: the page may stay mapped only if the walk met
 * an mlocked vma (SWAP_FAIL, which try_to_unmap_one alone returns, for the
 * vma it was handed; collect() checks that a walk hands the right one).
 * Otherwise a page left mapped (SWAP_AGAIN) is a mapping the walk missed:
 * reclaim's outcome changed while every later check passes. A success
 * that left a pte behind is caught at the next verify, where the pte maps
 * a page whose mapcount is 0, or a free page.
 */
static void check_try_to_unmap(struct page *page, int ret)
{
	struct check_state *s = checking;
	const struct oracle_map *left;
	unsigned long n;

	if (ret != SWAP_AGAIN)
		return;
	oracle_scan_pfn(&s->unmapped, page_to_pfn(page));
	left = oracle_lookup(&s->unmapped, page_to_pfn(page), &n);
	s->nfound = 0;
	mismatch(s, page, "try_to_unmap left ptes and met no mlocked vma",
		 left, n);
}

unsigned long check_verify(FILE *log, const char *what)
{
	struct check_state s;

	memset(&s, 0, sizeof(s));
	s.log = log;
	s.op = what;
	verify(&s);
	oracle_free(&s.oracle);
	free(s.found);
	free(s.links);
	return s.mismatches;
}

static struct check_state *reclaim_watch;

static uint64_t digest_mix(uint64_t d, uint64_t v)
{
	return (d ^ v) * 0x100000001b3ULL;
}

/* page_reclaimed_hook: which page, in which operation. */
static void note_reclaimed(struct page *page)
{
	struct check_state *s = reclaim_watch;

	s->reclaim_digest = digest_mix(s->reclaim_digest,
				       (uint64_t)s->opno << 32 |
				       page_to_pfn(page));
}

/* After each operation: what it reached, and the reclaim outcome so far. */
static void note_reach(struct check_state *s)
{
	unsigned long pfn;
	int mapcount;

	if ((unsigned long)s->nprocs > s->max_procs)
		s->max_procs = s->nprocs;
	for (pfn = 1; pfn < max_mapnr; pfn++) {
		mapcount = page_mapcount(pfn_to_page(pfn));
		if (mapcount > 0 && (unsigned long)mapcount > s->max_mapcount)
			s->max_mapcount = mapcount;
	}
	if (s->reclaim_trace)
		s->reclaim_trace[s->opno - 1] =
			digest_mix(s->reclaim_digest, rmap_stats.swap_outs);
}

static void fill_result(const struct check_state *s, struct check_result *res)
{
	res->mismatches = s->mismatches;
	res->walks = s->walks;
	res->forks = rmap_stats.forks;
	res->cow_copies = rmap_stats.cow_copies;
	res->cow_reuses = rmap_stats.cow_reuses;
	res->swap_ins = rmap_stats.swap_ins;
	res->reclaimed = rmap_stats.reclaimed;
	res->swap_outs = rmap_stats.swap_outs;
	res->direct_reclaims = rmap_stats.direct_reclaims;
	res->mlocked_met = rmap_stats.mlocked_met;
	res->unmap_left_mapped = rmap_stats.unmap_left_mapped;
	res->cow_shared_moved = rmap_stats.cow_shared_moved;
	res->max_procs = s->max_procs;
	res->max_mapcount = s->max_mapcount;
	res->reclaim_digest = digest_mix(s->reclaim_digest,
					 rmap_stats.swap_outs);
}

static void teardown(struct check_state *s)
{
	int i;

	for (i = 0; i < s->nprocs; i++)
		mmput(s->procs[i]);
	for (i = 0; i < NR_FILES; i++)
		file_put(s->files[i]);
	try_to_unmap_check = NULL;
	checking = NULL;
	oracle_free(&s->oracle);
	oracle_free(&s->unmapped);
	free(s->found);
	free(s->links);
}

int check_run(const struct rmap_config *cfg, const struct check_opts *opts,
	      struct check_result *res)
{
	struct check_state s;
	char name[16];
	int i;

	memset(&s, 0, sizeof(s));
	memset(res, 0, sizeof(*res));
	if (model_init(cfg, opts->nr_pages ? opts->nr_pages : 4096))
		return -1;
	prng_seed(&s.rng, opts->seed);
	s.bytes = opts->bytes;
	s.nbytes = opts->nbytes;
	s.log = opts->log;
	s.no_mlock = opts->no_mlock;
	s.reclaim_trace = opts->reclaim_trace;
	reclaim_watch = &s;
	page_reclaimed_hook = note_reclaimed;
	for (i = 0; i < NR_FILES; i++) {
		snprintf(name, sizeof(name), "file%d", i);
		s.files[i] = file_create(name, FILE_PAGES, false);
	}
	s.procs[0] = mm_new();
	s.nprocs = 1;
	checking = &s;
	try_to_unmap_check = check_try_to_unmap;
	for (s.opno = 1; s.opno <= opts->ops && !source_done(&s); s.opno++) {
		run_op(&s);
		verify(&s);
		note_reach(&s);
		res->ops++;
		if (s.mismatches)
			break;
	}
	fill_result(&s, res);
	page_reclaimed_hook = NULL;
	teardown(&s);
	res->leaks = model_exit();
	return res->mismatches || res->leaks ? 1 : 0;
}

#define MERGE_FLAGS	(RMAP_USES_ANON_VMA | RMAP_ANON_PGOFF_FREE)

/* Whether @s may stand in for @base's scheme on @side. */
static bool interchangeable(const struct rmap_scheme *s,
			    const struct rmap_scheme *base, unsigned side)
{
	if (s == base || !(s->sides & side) || !s->walk)
		return false;
	if (side == RMAP_SIDE_FILE)
		return true;
	/*
	 * anonmm's copies on mremap and swap-in change the pages themselves.
	 * Schemes with anon_vmas are not interchangeable even among
	 * themselves: measured, anon_vma, avc and the avc_itree family part
	 * within a few hundred operations (which anon_vma a vma gets decides
	 * what merges, so the vma lists the driver picks from part too).
	 */
	return (s->flags & MERGE_FLAGS) == (base->flags & MERGE_FLAGS) &&
	       !(s->flags & RMAP_USES_ANON_VMA) &&
	       !s->swapin_must_copy && !base->swapin_must_copy;
}

static unsigned add_side(const struct rmap_config *base, unsigned side,
			 struct rmap_config *out, unsigned n, unsigned max)
{
	const struct rmap_scheme *const *all;
	const struct rmap_scheme *s;
	struct rmap_config *c;
	unsigned nr, i;

	all = rmap_schemes(&nr);
	for (i = 0; i < nr && n < max; i++) {
		s = all[i];
		if (!interchangeable(s, side == RMAP_SIDE_ANON ? base->anon :
				     base->file, side))
			continue;
		c = &out[n++];
		*c = *base;
		if (side == RMAP_SIDE_ANON) {
			c->anon = s;
			memset(c->anon_sw, 0, sizeof(c->anon_sw));
		} else {
			c->file = s;
			memset(c->file_sw, 0, sizeof(c->file_sw));
		}
		snprintf(c->name, sizeof(c->name), "%.24s/%s=%s", base->name,
			 side == RMAP_SIDE_ANON ? "anon" : "file", s->name);
	}
	return n;
}

unsigned check_reclaim_group(const struct rmap_config *base,
			     struct rmap_config *out, unsigned max)
{
	unsigned n;

	if (!base->anon->walk || !base->file->walk || !max)
		return 0;
	out[0] = *base;
	n = add_side(base, RMAP_SIDE_ANON, out, 1, max);
	return add_side(base, RMAP_SIDE_FILE, out, n, max);
}

/* The first operation whose reclaim digest differs, or 0. */
static unsigned long first_difference(const uint64_t *a, const uint64_t *b,
				      unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return i + 1;
	return 0;
}

int check_compare_reclaim(const struct rmap_config *cfgs, unsigned n,
			  const struct check_opts *opts, FILE *log)
{
	struct check_opts o = *opts;
	struct check_result ref, res;
	uint64_t *trace[2];
	unsigned long op;
	unsigned i;
	int differ = 0, r;

	if (o.bytes || !o.ops)
		return -1;
	trace[0] = calloc(o.ops, sizeof(uint64_t));
	trace[1] = calloc(o.ops, sizeof(uint64_t));
	if (!trace[0] || !trace[1])
		abort();
	o.no_mlock = true;
	for (i = 0; i < n && differ >= 0; i++) {
		o.reclaim_trace = trace[i ? 1 : 0];
		r = check_run(&cfgs[i], &o, i ? &res : &ref);
		if (r < 0) {
			differ = -1;
		} else if (r > 0) {
			differ++;
		} else if (i && (op = first_difference(trace[0], trace[1],
						       ref.ops))) {
			differ++;
			if (log)
				fprintf(log, "check: reclaim: %s and %s differ "
					"from op #%lu (%lu and %lu reclaimed, "
					"%lu and %lu swap-outs in all)\n",
					cfgs[0].name, cfgs[i].name, op,
					ref.reclaimed, res.reclaimed,
					ref.swap_outs, res.swap_outs);
		}
	}
	free(trace[0]);
	free(trace[1]);
	return differ;
}
