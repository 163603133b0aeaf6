/*
 * The lock layer's state (common/lock.h): the kind each era's i_mmap and
 * anon_vma locks were, the acquisitions not yet released (a model
 * instance's leak accounting), lockstat's counts and the slow paths.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/lock.h"

enum lock_kind lock_class_kind[NR_LOCK_CLASSES];
_Thread_local long lock_held[NR_LOCK_CLASSES];
_Thread_local struct lock_stat lock_stat;
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

void sleeping_lock_slow(enum lock_class c, int *count, int add, int busy)
{
	struct lock_waiter w = wait_begin(c, count, true);

	do
		wait_spin(&w);
	while ((__atomic_load_n(count, __ATOMIC_RELAXED) & busy) ||
	       !sleeping_trylock(count, add, busy));
	wait_end(&w);
}

/* page_table_lock and the bit lock never changed kind; the schemes set the rest */
void lock_init(void)
{
	unsigned c;

	for (c = 0; c < NR_LOCK_CLASSES; c++)
		lock_class_kind[c] = LOCK_KIND_SPINLOCK;
	memset(lock_held, 0, sizeof(lock_held));
	memset(&lock_stat, 0, sizeof(lock_stat));
}

unsigned long locks_held(void)
{
	unsigned long held = 0;
	unsigned c;

	for (c = 0; c < NR_LOCK_CLASSES; c++)
		held += (unsigned long)lock_held[c];
	return held;
}
