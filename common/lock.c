/*
 * The lock layer's state (common/lock.h): the kind each era's i_mmap and
 * anon_vma locks were, the acquisitions not yet released (a model
 * instance's leak accounting), lockstat's counts, the stack of held locks
 * that lockdep's check and lockstat's hold times share, and the slow paths.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

#include "common/lib/kernel.h"
#include "common/lock.h"

enum lock_kind lock_class_kind[NR_LOCK_CLASSES];
_Thread_local long lock_held[NR_LOCK_CLASSES];
_Thread_local struct lock_stat lock_stat;
bool lock_holds;
int lock_cpus = 1;
void (*lock_contended_hook)(enum lock_class c, void *word);

const char *const lock_class_name[NR_LOCK_CLASSES] = {
	[LOCK_PTE_CHAIN] = "pte_chain", [LOCK_I_MMAP] = "i_mmap",
	[LOCK_ANON] = "anon", [LOCK_PAGE_TABLE] = "page_table",
	[LOCK_MMAP_SEM] = "mmap_sem", [LOCK_PTL] = "ptl",
	[LOCK_ZONE] = "zone", [LOCK_LRU] = "lru",
	[LOCK_PAGE_CACHE] = "page_cache", [LOCK_SLAB] = "slab",
	[LOCK_TASKLIST] = "tasklist",
};

/* cpu_relax(): x86's pause, a compiler barrier elsewhere */
static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#else
	__asm__ __volatile__("" ::: "memory");
#endif
}

/*
 * One spin on a held word. With one CPU nobody else can release it: the
 * model took a lock it holds, a bug to stop at, not a wait.
 */
static void lock_contended(enum lock_class c, void *word)
{
	if (lock_contended_hook) {
		lock_contended_hook(c, word);
	} else if (lock_cpus <= 1) {
		fprintf(stderr, "rmap model: the %s lock at %p is already "
			"held by the model itself: a lock taken twice\n",
			lock_class_name[c], word);
		abort();
	}
	cpu_relax();
}

static uint64_t lock_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * A wait for a held word, read until it looks free before the atomic is
 * tried again (bit_spin_lock's test_bit loop, the spinlocks' read spin), so
 * waiters share the line instead of bouncing it. Between spins a sleeping
 * kind yields its CPU,
 * as down() and mutex_lock() would sleep; a spinlock keeps spinning and
 * yields only after many spins, in case its holder was preempted (the
 * model's CPUs are threads of a host that may run more of them than it
 * has cores).
 */
#define SPINS_BEFORE_YIELD	1024

struct lock_waiter {
	enum lock_class class;
	void *word;
	bool sleeps;
	unsigned spins;
	uint64_t start;
};

static struct lock_waiter wait_begin(enum lock_class c, void *word,
				     bool sleeps)
{
	return (struct lock_waiter){ .class = c, .word = word,
				     .sleeps = sleeps, .start = lock_clock() };
}

static void wait_spin(struct lock_waiter *w)
{
	lock_contended(w->class, w->word);
	if (w->sleeps || ++w->spins % SPINS_BEFORE_YIELD == 0)
		sched_yield();
}

static void wait_end(const struct lock_waiter *w)
{
	lock_stat.contended[w->class]++;
	lock_stat.wait_ns[w->class] += lock_clock() - w->start;
}

void spin_lock_slow(enum lock_class c, spinlock_t *lock)
{
	struct lock_waiter w = wait_begin(c, lock, false);

	do
		wait_spin(&w);
	while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED) ||
	       !spin_trylock_word(lock));
	wait_end(&w);
}

void bit_spin_lock_slow(enum lock_class c, int bitnr, unsigned long *addr)
{
	struct lock_waiter w = wait_begin(c, addr, false);

	do
		wait_spin(&w);
	while ((__atomic_load_n(addr, __ATOMIC_RELAXED) & (1UL << bitnr)) ||
	       !bit_trylock_word(bitnr, addr));
	wait_end(&w);
}

void count_lock_slow(enum lock_class c, int *count, int add, int busy,
		     bool sleeps)
{
	struct lock_waiter w = wait_begin(c, count, sleeps);

	do
		wait_spin(&w);
	while ((__atomic_load_n(count, __ATOMIC_RELAXED) & busy) ||
	       !sleeping_trylock(count, add, busy));
	wait_end(&w);
}

/*
 * The hold clock: the cycle counter on x86 (rdtsc, invariant on the hosts
 * that run the benchmarks: constant_tsc), converted to ns by a rate
 * measured against CLOCK_MONOTONIC once; CLOCK_MONOTONIC elsewhere. rdtsc
 * is about half the cost of a vDSO clock_gettime, paid twice per hold.
 */
#if defined(__x86_64__) || defined(__i386__)
static double ns_per_tick;

static inline uint64_t hold_clock(void)
{
	return __rdtsc();
}

static void hold_clock_calibrate(void)
{
	uint64_t t0, c0 = lock_clock(), c1;

	if (ns_per_tick)
		return;
	t0 = __rdtsc();
	do
		c1 = lock_clock();
	while (c1 - c0 < 2000000);
	ns_per_tick = (double)(c1 - c0) / (double)(__rdtsc() - t0);
}

static inline uint64_t hold_ns(uint64_t ticks)
{
	return (uint64_t)(ticks * ns_per_tick);
}
#else
static inline uint64_t hold_clock(void)
{
	return lock_clock();
}

static void hold_clock_calibrate(void)
{
}

static inline uint64_t hold_ns(uint64_t ns)
{
	return ns;
}
#endif

/*
 * Each CPU's held locks, oldest first: the class, the word and when it was
 * taken, after any wait (lockdep's held_locks and holdtime_stamp: 6.0.1's
 * kernel/locking/lockdep.c, __lock_acquire and __lock_acquired).
 * Releases need not nest, and a class nests with itself (copy_pte_range's
 * two page_table_locks, an rwsem's readers), so a release pops the latest
 * hold of its word, as find_held_lock matches the lock instance, and its
 * time goes to its class (lock_release_holdtime).
 */
#define HELD_DEPTH	48

struct held_lock {
	const void *word;
	enum lock_class class;
	uint64_t start;
};

static _Thread_local struct held_lock held_locks[HELD_DEPTH];
static _Thread_local unsigned held_depth;

static void lock_stop(const char *what, enum lock_class c,
		      enum lock_class held)
{
	fprintf(stderr, "rmap model: lock order: %s taken while holding %s%s\n",
		lock_class_name[c], lock_class_name[held], what);
	abort();
}

void lock_push(enum lock_class c, const void *word)
{
	if (held_depth == HELD_DEPTH)
		lock_stop(": too many locks held", c,
			  held_locks[held_depth - 1].class);
	held_locks[held_depth++] = (struct held_lock){
		.word = word, .class = c,
		.start = lock_holds ? hold_clock() : 0 };
}

static void hold_end(enum lock_class c, uint64_t start)
{
	uint64_t ns = hold_ns(hold_clock() - start);

	lock_stat.hold_ns[c] += ns;
	if (ns > lock_stat.hold_max_ns[c])
		lock_stat.hold_max_ns[c] = ns;
}

void lock_pop(enum lock_class c, const void *word)
{
	unsigned i = held_depth;

	while (i && (held_locks[i - 1].word != word ||
		     held_locks[i - 1].class != c))
		i--;
	if (!i) {
		fprintf(stderr, "rmap model: the %s lock released, not "
			"held\n", lock_class_name[c]);
		abort();
	}
	if (lock_holds)
		hold_end(c, held_locks[i - 1].start);
	if (i < held_depth)
		memmove(&held_locks[i - 1], &held_locks[i],
			(held_depth - i) * sizeof(held_locks[0]));
	held_depth--;
}

void lock_holds_set(bool on)
{
	if (locks_held()) {
		fprintf(stderr, "rmap model: lock hold times switched with "
			"locks held\n");
		abort();
	}
	hold_clock_calibrate();
	lock_holds = on;
}

/* lockdep.c's lock_time_add: totals summed, the longest kept */
void lock_stat_fold(struct lock_stat *dst, const struct lock_stat *src)
{
	unsigned c;

	for (c = 0; c < NR_LOCK_CLASSES; c++) {
		dst->contended[c] += src->contended[c];
		dst->wait_ns[c] += src->wait_ns[c];
		dst->hold_ns[c] += src->hold_ns[c];
		dst->hold_max_ns[c] = max(dst->hold_max_ns[c],
					  src->hold_max_ns[c]);
	}
}

#ifdef RMAP_LOCKDEP
/*
 * Each era's order, outermost first (rank 1), from its own summary; a
 * class of rank 0 is not checked. Classes of one rank nest
 * (copy_pte_range's two page_table_locks, spin_lock_nested). The locks of
 * what the CPUs share (zone, lru, page cache, tasklist, slab) are leaves,
 * innermost of all: 2.6.9's list puts zone->lru_lock, mapping->tree_lock
 * and mmlist_lock inside page_table_lock, and the model takes nothing
 * while it holds one of them.
 */
/*
 * 2.5.27-2.6.8 (rmap_order_2_6_8): 2.6.8's mm/filemap.c "Lock ordering":
 * mmap_sem, i_mmap_lock, page_table_lock, page_map_lock (which nests in
 * the page_table_lock, 2.6.0's mm/rmap.c), and anon_vma.lock inside both
 * (anon_vma_prepare under page_table_lock, page_referenced_anon under
 * page_map_lock).
 */
static const unsigned char order_to_2_6_8[NR_LOCK_CLASSES] = {
	[LOCK_MMAP_SEM] = 1, [LOCK_I_MMAP] = 2, [LOCK_PAGE_TABLE] = 3,
	[LOCK_PTL] = 3, [LOCK_PTE_CHAIN] = 4, [LOCK_ANON] = 5,
	[LOCK_ZONE] = 6, [LOCK_LRU] = 6, [LOCK_PAGE_CACHE] = 6,
	[LOCK_TASKLIST] = 6, [LOCK_SLAB] = 6,
};

/*
 * 2.6.9+: 2.6.9's mm/rmap.c "Lock ordering in mm": mm->mmap_sem,
 * mapping->i_mmap_lock, anon_vma->lock, mm->page_table_lock; today's
 * mm/rmap.c the same: mmap_lock, i_mmap_rwsem, anon_vma->rwsem,
 * page_table_lock or pte_lock.
 */
static const unsigned char order_from_2_6_9[NR_LOCK_CLASSES] = {
	[LOCK_MMAP_SEM] = 1, [LOCK_I_MMAP] = 2, [LOCK_ANON] = 3,
	[LOCK_PAGE_TABLE] = 4, [LOCK_PTL] = 4, [LOCK_ZONE] = 5, [LOCK_LRU] = 5,
	[LOCK_PAGE_CACHE] = 5, [LOCK_TASKLIST] = 5, [LOCK_SLAB] = 5,
};

static unsigned lock_rank(enum lock_class c)
{
	/* the lock layer's own tests take locks with no model running */
	if (!rmap_cfg.anon)
		return 0;
	if (rmap_order_2_6_8())
		return order_to_2_6_8[c];
	return order_from_2_6_9[c];
}

void lockdep_check(enum lock_class c)
{
	unsigned rank = lock_rank(c), i;

	for (i = 0; rank && i < held_depth; i++)
		if (lock_rank(held_locks[i].class) > rank)
			lock_stop(", the era's order inverted", c,
				  held_locks[i].class);
}
#endif

/* page_table_lock and the bit lock never changed kind; the schemes set the rest */
void lock_init(void)
{
	unsigned c;

	for (c = 0; c < NR_LOCK_CLASSES; c++)
		lock_class_kind[c] = LOCK_KIND_SPINLOCK;
	memset(lock_held, 0, sizeof(lock_held));
	memset(&lock_stat, 0, sizeof(lock_stat));
	held_depth = 0;
}

unsigned long locks_held(void)
{
	unsigned long held = 0;
	unsigned c;

	for (c = 0; c < NR_LOCK_CLASSES; c++)
		held += (unsigned long)lock_held[c];
	return held;
}
