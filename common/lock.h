/*
 * The kernel's locks as the model takes them, 2.5.27 to today: spinlock_t
 * (page_table_lock, 2.6.7-2.6.39's i_mmap_lock, anonmm's and 2.6.7-2.6.39's
 * anon_vma lock), the page-flag bit spinlock (PG_chainlock / PG_maplock),
 * the sleeping kinds (i_shared_sem, i_mmap_mutex, the anon_vma mutex,
 * i_mmap_rwsem and the anon_vma rwsem), and rwlock_t (2.5.8-2.5.67's and
 * 2.6.12-2.6.26's page cache lock). The cost that matters is the
 * uncontended fast path: a spinlock is one atomic read-modify-write with
 * acquire order and a store-release to drop (x86's spin_lock and
 * spin_unlock); a bit lock is test_and_set_bit_lock and an atomic
 * clear_bit (pte_chain_unlock's clear_bit, 2.5.27-2.6.8); a semaphore, a
 * mutex, an rwsem or an rwlock is one atomic RMW to take and one to drop (down/up's
 * lock decl/incl, mutex_lock/unlock's fast paths, rwsem's xadd). A held
 * word is spun on with cpu_relax() out of line, as the kernel's slow paths
 * (the model has no scheduler to sleep in: a sleeping kind yields the CPU
 * now and then instead).
 *
 * Every word reads 0 when free. Each acquisition counts its class in
 * rmap_stats.locks and in lock_held, which its release takes back; one that
 * had to wait counts in lock_stat, with the time it waited, as lockstat's
 * contentions and waittime; with lock_holds on, the time from acquisition
 * to release counts there too, as lockstat's holdtime. All three are the
 * CPU's own (per thread).
 */
#ifndef RMAP_LOCK_H
#define RMAP_LOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "common/lock_types.h"
#include "common/rmap.h"

extern enum lock_kind lock_class_kind[NR_LOCK_CLASSES];
/* acquisitions not yet released, per class: 0 between model operations */
extern _Thread_local long lock_held[NR_LOCK_CLASSES];

/*
 * lockstat's contentions, waittime and holdtime (total and longest), per
 * class; hold_max_ns folds across CPUs as a maximum (lock_stat_fold).
 */
struct lock_stat {
	unsigned long contended[NR_LOCK_CLASSES];
	uint64_t wait_ns[NR_LOCK_CLASSES];
	uint64_t hold_ns[NR_LOCK_CLASSES];
	uint64_t hold_max_ns[NR_LOCK_CLASSES];
};

extern _Thread_local struct lock_stat lock_stat;

/* dst gains src's counts and times, and the longer of their longest holds */
void lock_stat_fold(struct lock_stat *dst, const struct lock_stat *src);

/*
 * Hold times on (lock_holds_set): off by default, as CONFIG_LOCK_STAT was
 * a debug config, so the one-CPU scenarios pay one predicted branch per
 * acquisition and release. Each hold is then pushed on the CPU's stack of
 * held locks with the cycle counter's time and popped by its word at
 * release (matched by word: a class nests with itself). Set on the CPU
 * that starts the others, before it starts them, with nothing held.
 */
extern bool lock_holds;
void lock_holds_set(bool on);

/*
 * The CPUs (threads) running the model. With one, a held word can only be
 * a lock the model already holds: taken twice, a bug the slow path stops
 * at instead of spinning forever.
 */
extern int lock_cpus;

/*
 * Called at each spin on a held word, as lockstat's contention hook:
 * tests hold a word themselves and see the model wait on it.
 */
extern void (*lock_contended_hook)(enum lock_class c, void *word);

/* The slow paths: spin until the word is free, and count the wait. */
void spin_lock_slow(enum lock_class c, spinlock_t *lock);
void bit_spin_lock_slow(enum lock_class c, int bitnr, unsigned long *addr);
void count_lock_slow(enum lock_class c, int *count, int add, int busy,
		     bool sleeps);
/* model_init: every class a spinlock until a scheme's init sets its era */
void lock_init(void);
/* acquisitions of every class not yet released: model_exit's leak test */
unsigned long locks_held(void);

/*
 * The lock order check (RMAP_LOCKDEP: the sanitizer builds and Debug):
 * every hold goes on the CPU's stack of held locks, and each acquisition
 * is checked against the era's order (lock.c) before it may wait, an
 * inversion stopping the model. A trylock cannot deadlock: it is recorded
 * once taken, not checked, as lockdep does.
 */
#ifdef RMAP_LOCKDEP
void lockdep_check(enum lock_class c);

static inline bool lock_tracked(void)
{
	return true;
}
#else
static inline void lockdep_check(enum lock_class c)
{
	(void)c;
}

static inline bool lock_tracked(void)
{
	return __builtin_expect(lock_holds, 0);
}
#endif

/* the stack of held locks: a hold of c on word, and its release */
void lock_push(enum lock_class c, const void *word);
void lock_pop(enum lock_class c, const void *word);

static inline void lock_acquired(enum lock_class c, const void *word)
{
	rmap_stats.locks[c]++;
	lock_held[c]++;
	if (lock_tracked())
		lock_push(c, word);
}

static inline void lock_released(enum lock_class c, const void *word)
{
	if (lock_tracked())
		lock_pop(c, word);
	lock_held[c]--;
}

/* --- the primitives: acquire and release, no counting --------------- */

static inline bool bit_trylock_word(int bitnr, unsigned long *addr)
{
	return !(__atomic_fetch_or(addr, 1UL << bitnr, __ATOMIC_ACQUIRE) &
		 (1UL << bitnr));
}

static inline bool spin_trylock_word(spinlock_t *lock)
{
	return !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_unlock_word(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

/* a counting semaphore, mutex or write-held rwsem: add, or undo and wait */
static inline bool sleeping_trylock(int *count, int add, int busy)
{
	if (!(__atomic_fetch_add(count, add, __ATOMIC_ACQUIRE) & busy))
		return true;
	__atomic_fetch_sub(count, add, __ATOMIC_RELAXED);
	return false;
}

static inline void sleeping_unlock(int *count, int add)
{
	__atomic_fetch_sub(count, add, __ATOMIC_RELEASE);
}

/* --- counted locks of a class ---------------------------------------- */

static inline void spin_lock(enum lock_class c, spinlock_t *lock)
{
	lockdep_check(c);
	if (!spin_trylock_word(lock))
		spin_lock_slow(c, lock);
	lock_acquired(c, lock);
}

/* The lock if it is free, counted; false, counting nothing, if held. */
static inline bool spin_trylock(enum lock_class c, spinlock_t *lock)
{
	if (!spin_trylock_word(lock))
		return false;
	lock_acquired(c, lock);
	return true;
}

static inline void spin_unlock(enum lock_class c, spinlock_t *lock)
{
	lock_released(c, lock);
	spin_unlock_word(lock);
}

static inline void bit_spin_lock(enum lock_class c, int bitnr,
				 unsigned long *addr)
{
	lockdep_check(c);
	if (!bit_trylock_word(bitnr, addr))
		bit_spin_lock_slow(c, bitnr, addr);
	lock_acquired(c, addr);
}

static inline void bit_spin_unlock(enum lock_class c, int bitnr,
				   unsigned long *addr)
{
	lock_released(c, addr);
	__atomic_fetch_and(addr, ~(1UL << bitnr), __ATOMIC_RELEASE);
}

/*
 * A counted word of a class, taken as a writer (add RWSEM_WRITER, busy
 * while anyone holds it) or a reader (add 1, busy while a writer does);
 * its waiter sleeps (a semaphore, mutex or rwsem) or spins (an rwlock_t).
 */
static inline void count_lock(enum lock_class c, int *count, int add,
			      int busy, bool sleeps)
{
	lockdep_check(c);
	if (!sleeping_trylock(count, add, busy))
		count_lock_slow(c, count, add, busy, sleeps);
	lock_acquired(c, count);
}

/*
 * An rw_semaphore of a class: down_write (also down and mutex_lock, whose
 * fast path is the same add) and down_read, which shares it with readers.
 */
static inline void down_write(enum lock_class c, struct rw_semaphore *sem)
{
	count_lock(c, &sem->count, RWSEM_WRITER, ~0, true);
}

static inline void up_write(enum lock_class c, struct rw_semaphore *sem)
{
	lock_released(c, &sem->count);
	sleeping_unlock(&sem->count, RWSEM_WRITER);
}

static inline void down_read(enum lock_class c, struct rw_semaphore *sem)
{
	count_lock(c, &sem->count, 1, -RWSEM_WRITER, true);
}

static inline void up_read(enum lock_class c, struct rw_semaphore *sem)
{
	lock_released(c, &sem->count);
	sleeping_unlock(&sem->count, 1);
}

/*
 * An rwlock_t of a class (2.6.12-2.6.26's mapping->tree_lock): x86's
 * write_lock and read_lock are the rwsem's one atomic on its word, and
 * their unlocks up_write's and up_read's, but a waiter spins.
 */
static inline void write_lock(enum lock_class c, struct rw_semaphore *rw)
{
	count_lock(c, &rw->count, RWSEM_WRITER, ~0, false);
}

static inline void read_lock(enum lock_class c, struct rw_semaphore *rw)
{
	count_lock(c, &rw->count, 1, -RWSEM_WRITER, false);
}

/* down_trylock (and down_write_trylock), down_read_trylock */
static inline bool down_write_trylock(enum lock_class c,
				      struct rw_semaphore *sem)
{
	if (!sleeping_trylock(&sem->count, RWSEM_WRITER, ~0))
		return false;
	lock_acquired(c, &sem->count);
	return true;
}

static inline bool down_read_trylock(enum lock_class c,
				     struct rw_semaphore *sem)
{
	if (!sleeping_trylock(&sem->count, 1, -RWSEM_WRITER))
		return false;
	lock_acquired(c, &sem->count);
	return true;
}

/*
 * The era's lock, exclusive: spin_lock, down, mutex_lock or down_write.
 * Every sleeping kind's fast path is the same add; only the rwsem's
 * readers may share it (era_lock_read).
 */
static inline void era_lock(enum lock_class c, union era_lock *lock)
{
	if (lock_class_kind[c] == LOCK_KIND_SPINLOCK)
		spin_lock(c, &lock->spin);
	else if (lock_class_kind[c] == LOCK_KIND_RWLOCK)
		write_lock(c, &lock->rwsem);
	else
		down_write(c, &lock->rwsem);
}

static inline void era_unlock(enum lock_class c, union era_lock *lock)
{
	if (lock_class_kind[c] == LOCK_KIND_SPINLOCK)
		spin_unlock(c, &lock->spin);
	else
		up_write(c, &lock->rwsem);
}

static inline bool lock_kind_shared(enum lock_class c)
{
	return lock_class_kind[c] == LOCK_KIND_RWSEM ||
	       lock_class_kind[c] == LOCK_KIND_RWLOCK;
}

/* down_read or read_lock where readers share it, else the exclusive lock */
static inline void era_lock_read(enum lock_class c, union era_lock *lock)
{
	if (lock_class_kind[c] == LOCK_KIND_RWSEM)
		down_read(c, &lock->rwsem);
	else if (lock_class_kind[c] == LOCK_KIND_RWLOCK)
		read_lock(c, &lock->rwsem);
	else
		era_lock(c, lock);
}

/* up_read and read_unlock are the same release */
static inline void era_unlock_read(enum lock_class c, union era_lock *lock)
{
	if (lock_kind_shared(c))
		up_read(c, &lock->rwsem);
	else
		era_unlock(c, lock);
}

/* era_lock_read if the lock is free; false, counting nothing, if not */
static inline bool era_trylock_read(enum lock_class c, union era_lock *lock)
{
	switch (lock_class_kind[c]) {
	case LOCK_KIND_SPINLOCK:
		return spin_trylock(c, &lock->spin);
	case LOCK_KIND_RWSEM:
	case LOCK_KIND_RWLOCK:
		return down_read_trylock(c, &lock->rwsem);
	default:
		return down_write_trylock(c, &lock->rwsem);
	}
}

/*
 * The file's i_mmap lock, by 3.19's names (i_mmap_lock_write/read): the
 * exclusive lock in every era, shared by walks only where it was an rwsem.
 */
static inline void i_mmap_lock_write(struct address_space *mapping)
{
	era_lock(LOCK_I_MMAP, &mapping->i_mmap_lock);
}

static inline void i_mmap_unlock_write(struct address_space *mapping)
{
	era_unlock(LOCK_I_MMAP, &mapping->i_mmap_lock);
}

static inline void i_mmap_lock_read(struct address_space *mapping)
{
	era_lock_read(LOCK_I_MMAP, &mapping->i_mmap_lock);
}

static inline void i_mmap_unlock_read(struct address_space *mapping)
{
	era_unlock_read(LOCK_I_MMAP, &mapping->i_mmap_lock);
}

static inline bool i_mmap_trylock_read(struct address_space *mapping)
{
	return era_trylock_read(LOCK_I_MMAP, &mapping->i_mmap_lock);
}

/*
 * mm->mmap_sem, by 5.8's names (mmap_read_lock and mmap_write_lock): an
 * rw_semaphore in every era the model runs (2.4.27's mm_struct; 2.4.0's
 * was a plain semaphore). A page fault reads it; the syscalls that change
 * the vmas (mmap, munmap, brk, mprotect, mlock, mremap) and fork's
 * dup_mmap, on the parent, write it.
 */
static inline void mmap_read_lock(struct mm_struct *mm)
{
	down_read(LOCK_MMAP_SEM, &mm->mmap_sem);
}

static inline void mmap_read_unlock(struct mm_struct *mm)
{
	up_read(LOCK_MMAP_SEM, &mm->mmap_sem);
}

static inline void mmap_write_lock(struct mm_struct *mm)
{
	down_write(LOCK_MMAP_SEM, &mm->mmap_sem);
}

static inline void mmap_write_unlock(struct mm_struct *mm)
{
	up_write(LOCK_MMAP_SEM, &mm->mmap_sem);
}

/*
 * The spinlock that guards the pte at ptep (pte_lockptr): the mm's
 * page_table_lock until 2.6.15, and on kernels of 4+ CPUs from then the
 * page-table page's own, page->ptl (4c21e2f2441 "mm: split page table
 * lock"; the ptlock switch), so faults on one table and a walk's probe
 * of another no longer meet.
 */
static inline spinlock_t *pte_lockptr(struct mm_struct *mm, pte_t *ptep)
{
	if (model_switch(SW_PTLOCK) == PTLOCK_SPLIT)
		return &pte_to_pgtable_page(ptep)->ptl;
	return &mm->page_table_lock;
}

/*
 * pte_offset_map_lock()'s lock outside the rmap walks (class LOCK_PTL):
 * the word a walk's probe takes as LOCK_PAGE_TABLE, so a fault and a walk
 * of the same table wait for each other as in the kernel. Never held
 * across alloc_page, whose direct reclaim probes this mm too: the kernel
 * dropped it to allocate (do_wp_page, do_anonymous_page, pte_alloc_map).
 */
static inline spinlock_t *pte_lock(struct mm_struct *mm, pte_t *ptep)
{
	spinlock_t *ptl = pte_lockptr(mm, ptep);

	spin_lock(LOCK_PTL, ptl);
	return ptl;
}

static inline void pte_unlock(spinlock_t *ptl)
{
	spin_unlock(LOCK_PTL, ptl);
}

/*
 * anon_vma_prepare's page_table_lock ("page_table_lock to protect against
 * threads"), around its link of the vma: outside the anon_vma lock to
 * 2.6.8 (2.6.8 mm/rmap.c), inside it from 2.6.9 (2.6.20, 2.6.34, 6.0.1),
 * as each era's lock order has it. Called with outer true before the anon
 * lock is taken and after it is dropped, false inside its hold: the era's
 * pair takes the lock.
 */
static inline void prepare_ptl_lock(struct mm_struct *mm, bool outer)
{
	if (outer == rmap_order_2_6_8())
		spin_lock(LOCK_PTL, &mm->page_table_lock);
}

static inline void prepare_ptl_unlock(struct mm_struct *mm, bool outer)
{
	if (outer == rmap_order_2_6_8())
		spin_unlock(LOCK_PTL, &mm->page_table_lock);
}

/*
 * add_mm_counter() under the pte lock. With the mm's lock, a plain word
 * that lock serializes: a load and a store. With split locks two CPUs may
 * change it at once (a fault on one table, kswapd's unmap on another), so
 * from 2.6.15 the counters were atomic_long_t, a locked add each (2.6.20
 * include/linux/sched.h, "the mm counters are not protected by its
 * page_table_lock").
 */
static inline void add_mm_rss(struct mm_struct *mm, long n)
{
	if (model_switch(SW_PTLOCK) == PTLOCK_SPLIT)
		__atomic_fetch_add(&mm->rss, n, __ATOMIC_RELAXED);
	else
		__atomic_store_n(&mm->rss, get_mm_rss(mm) + n,
				 __ATOMIC_RELAXED);
}

/* mm_counter(): the counter a page's mapping changes */
static inline int mm_counter(const struct page *page)
{
	return PageAnon(page) ? MM_ANONPAGES : MM_FILEPAGES;
}

/*
 * A page table's worth of rss changes reaching the mm: one add for each
 * counter that changed, as zap_pte_range and copy_pte_range did once per
 * table (2.6.20's add_mm_rss(mm, file_rss, anon_rss), add_mm_rss_vec).
 */
static inline void add_mm_rss_vec(struct mm_struct *mm,
				  const struct rss_vec *rss)
{
	int i;

	for (i = 0; i < NR_MM_COUNTERS; i++)
		if (rss->count[i])
			add_mm_rss(mm, rss->count[i]);
}

/*
 * sync_mm_rss() (rss_stat=2.6.34): the task's cached changes onto the
 * mm's counters, as the 64th fault since the last sync, and its own zap
 * and exit, did.
 */
static inline void sync_mm_rss(struct mm_struct *mm)
{
	add_mm_rss_vec(mm, &mm->task_rss);
	mm->task_rss = (struct rss_vec){ { 0 } };
	mm->task_rss_events = 0;
}

/*
 * A fault's rss change (add_mm_counter_fast): from 2.6.34 to 6.1, with
 * split pte locks (SPLIT_RSS_COUNTING), a plain add to the faulting
 * task's own cache, its mm being the task's; before, the mm's counter.
 */
static inline void add_mm_counter_fast(struct mm_struct *mm, int member,
				       long n)
{
	if (model_switch(SW_RSS_STAT) == RSS_STAT_TASK)
		mm->task_rss.count[member] += n;
	else
		add_mm_rss(mm, n);
}

/* check_sync_rss_stat(): handle_mm_fault's, once a fault */
#define TASK_RSS_EVENTS_THRESH	64

static inline void check_sync_rss_stat(struct mm_struct *mm)
{
	if (model_switch(SW_RSS_STAT) == RSS_STAT_TASK &&
	    mm->task_rss_events++ > TASK_RSS_EVENTS_THRESH)
		sync_mm_rss(mm);
}

/* The mm's rss with its task's cache: what its ptes map. */
static inline long mm_rss_exact(const struct mm_struct *mm)
{
	long rss = get_mm_rss(mm);
	int i;

	for (i = 0; i < NR_MM_COUNTERS; i++)
		rss += mm->task_rss.count[i];
	return rss;
}

#endif
