/*
 * The lock layer on several CPUs at once (threads, as the model's CPUs
 * will be): each kind excludes, and an rwsem's readers share but never
 * with a writer, while four threads on this machine's two cores hammer
 * one word; every CPU counts its own acquisitions, none is left held, and
 * the waits lockstat counts are waits on the word the test contends; and
 * reclaim meets another CPU's page_table_lock as its era did. A
 * lock that failed to exclude loses increments of the plain counter it
 * guards (and ThreadSanitizer, in the tsan build, reports the race).
 * The page fields beside the locks: flags set and cleared by other CPUs
 * while one toggles the page's bit lock in the same word, and one page's
 * count taken and dropped by every CPU. And ptes zapped on one CPU while
 * another ages them and the MMU of a third dirties them. And lockstat's
 * hold times on every CPU, folded into CPU 0's: summed, the longest kept.
 */
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include "common/filemap.h"
#include "common/lock.h"
#include "common/mm.h"
#include "common/page.h"
#include "common/pgtable.h"
#include "common/smp.h"
#include "common/vmscan.h"
#include "tests/model_test.h"

#define CPUS	4
#define ROUNDS	20000

static spinlock_t spin;
static unsigned long flags;
static union era_lock era;
static unsigned long guarded;		/* written only under the lock */
static int readers, writers;		/* inside an rwsem, atomically */
static int overlaps;			/* a reader beside a writer, or two writers */

enum test_kind { SPIN, BIT, SLEEPING, RWSEM };

struct cpu {
	pthread_t thread;
	enum test_kind kind;
	unsigned long locks[NR_LOCK_CLASSES];
	long held[NR_LOCK_CLASSES];
	struct lock_stat stat;
};

static void write_side(void)
{
	if (__atomic_add_fetch(&writers, 1, __ATOMIC_RELAXED) != 1 ||
	    __atomic_load_n(&readers, __ATOMIC_RELAXED))
		__atomic_add_fetch(&overlaps, 1, __ATOMIC_RELAXED);
	guarded++;
	__atomic_sub_fetch(&writers, 1, __ATOMIC_RELAXED);
}

static void read_side(void)
{
	__atomic_add_fetch(&readers, 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&writers, __ATOMIC_RELAXED))
		__atomic_add_fetch(&overlaps, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&readers, 1, __ATOMIC_RELAXED);
}

static void one_round(enum test_kind kind, unsigned i)
{
	switch (kind) {
	case SPIN:
		spin_lock(LOCK_PAGE_TABLE, &spin);
		write_side();
		spin_unlock(LOCK_PAGE_TABLE, &spin);
		break;
	case BIT:
		bit_spin_lock(LOCK_PTE_CHAIN, PG_chainlock, &flags);
		write_side();
		bit_spin_unlock(LOCK_PTE_CHAIN, PG_chainlock, &flags);
		break;
	case SLEEPING:
		era_lock(LOCK_I_MMAP, &era);
		write_side();
		era_unlock(LOCK_I_MMAP, &era);
		break;
	case RWSEM:
		/* one round in four a writer, the rest readers */
		if (i % 4) {
			era_lock_read(LOCK_I_MMAP, &era);
			read_side();
			era_unlock_read(LOCK_I_MMAP, &era);
		} else {
			era_lock(LOCK_I_MMAP, &era);
			write_side();
			era_unlock(LOCK_I_MMAP, &era);
		}
		break;
	}
}

static void *cpu_run(void *arg)
{
	struct cpu *cpu = arg;
	unsigned i;

	for (i = 0; i < ROUNDS; i++)
		one_round(cpu->kind, i);
	memcpy(cpu->locks, rmap_stats.locks, sizeof(cpu->locks));
	memcpy(cpu->held, lock_held, sizeof(cpu->held));
	cpu->stat = lock_stat;
	return NULL;
}

/* CPUS threads of one kind on one word */
static void hammer(enum test_kind kind, enum lock_class c)
{
	struct cpu cpus[CPUS];
	unsigned i;

	guarded = 0;
	overlaps = 0;
	lock_cpus = CPUS;
	lock_class_kind[c] = kind == RWSEM ? LOCK_KIND_RWSEM :
			     kind == SLEEPING ? LOCK_KIND_MUTEX :
			     LOCK_KIND_SPINLOCK;
	for (i = 0; i < CPUS; i++) {
		cpus[i] = (struct cpu){ .kind = kind };
		ASSERT_EQ(pthread_create(&cpus[i].thread, NULL, cpu_run,
					 &cpus[i]), 0);
	}
	for (i = 0; i < CPUS; i++) {
		ASSERT_EQ(pthread_join(cpus[i].thread, NULL), 0);
		EXPECT_EQ(cpus[i].locks[c], ROUNDS);
		EXPECT_EQ(cpus[i].held[c], 0);
		EXPECT_LE(cpus[i].stat.contended[c], ROUNDS);
	}
	EXPECT_EQ(overlaps, 0);
	EXPECT_EQ(rmap_stats.locks[c], 0);
}

TEST(spinlock_excludes)
{
	hammer(SPIN, LOCK_PAGE_TABLE);
	EXPECT_EQ(guarded, CPUS * ROUNDS);
}

TEST(bit_lock_excludes)
{
	hammer(BIT, LOCK_PTE_CHAIN);
	EXPECT_EQ(guarded, CPUS * ROUNDS);
	EXPECT_EQ(flags, 0);
}

TEST(mutex_excludes)
{
	hammer(SLEEPING, LOCK_I_MMAP);
	EXPECT_EQ(guarded, CPUS * ROUNDS);
	EXPECT_EQ(era.rwsem.count, 0);
}

TEST(rwsem_readers_share_writers_exclude)
{
	hammer(RWSEM, LOCK_I_MMAP);
	EXPECT_EQ(guarded, CPUS * ROUNDS / 4);
	EXPECT_EQ(era.rwsem.count, 0);
}

/*
 * The other CPU's first spin on a held word, and the holder's wait for it
 * (at most a second: a CPU that never waits is what a test must catch, so
 * the holder goes on without it), then 20 ms more held.
 */
static int waiting;

static void note_waiting(enum lock_class c, void *word)
{
	(void)c;
	(void)word;
	__atomic_store_n(&waiting, 1, __ATOMIC_RELAXED);
}

static void hold_while_waited(void)
{
	struct timespec ms = { 0, 1000 * 1000 };
	struct timespec held = { 0, 20 * 1000 * 1000 };
	int i;

	for (i = 0; i < 1000 && !__atomic_load_n(&waiting, __ATOMIC_RELAXED);
	     i++)
		nanosleep(&ms, NULL);
	nanosleep(&held, NULL);
}

/*
 * A wait is counted where the word was held: a thread that finds the
 * spinlock taken by the test waits, and its lockstat says one contention
 * and the time until the test let go.
 */
static void *take_spin(void *arg)
{
	struct cpu *cpu = arg;

	spin_lock(LOCK_PAGE_TABLE, &spin);
	spin_unlock(LOCK_PAGE_TABLE, &spin);
	cpu->stat = lock_stat;
	return NULL;
}

TEST(wait_counted)
{
	struct cpu cpu = { .kind = SPIN };

	lock_cpus = 2;
	lock_contended_hook = note_waiting;
	spin.locked = 1;
	ASSERT_EQ(pthread_create(&cpu.thread, NULL, take_spin, &cpu), 0);
	hold_while_waited();
	__atomic_store_n(&spin.locked, 0, __ATOMIC_RELEASE);
	ASSERT_EQ(pthread_join(cpu.thread, NULL), 0);
	EXPECT_EQ(waiting, 1);
	EXPECT_EQ(cpu.stat.contended[LOCK_PAGE_TABLE], 1);
	EXPECT_GE(cpu.stat.wait_ns[LOCK_PAGE_TABLE], 20 * 1000 * 1000);
	EXPECT_EQ(lock_stat.contended[LOCK_PAGE_TABLE], 0);
}

/*
 * The page's rmap bit lock (2.5.27-2.6.8): a CPU nests inside its own hold
 * (reclaim's, around the hooks its walks run) but waits for another CPU's.
 * Taking the bit for "already held" whoever held it, as the sequential
 * model could, would let the second CPU into the page's rmap at once.
 */
static struct page page;
static int inside;		/* CPUs inside the page's lock */

static void *take_page_lock(void *arg)
{
	struct cpu *cpu = arg;
	bool taken = page_map_lock(&page);

	if (__atomic_add_fetch(&inside, 1, __ATOMIC_RELAXED) != 1)
		__atomic_add_fetch(&overlaps, 1, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&inside, 1, __ATOMIC_RELAXED);
	page_map_unlock(&page, taken);
	cpu->stat = lock_stat;
	return NULL;
}

TEST(page_lock_waits_for_another_cpu)
{
	struct cpu cpu = { .kind = BIT };
	bool outer, nested;

	rmap_cfg.model_sw[SW_MAPLOCK] = MAPLOCK_BIT;
	lock_cpus = 2;
	overlaps = 0;
	outer = page_map_lock(&page);
	nested = page_map_lock(&page);
	EXPECT_TRUE(outer);
	EXPECT_FALSE(nested);
	inside = 1;
	lock_contended_hook = note_waiting;
	ASSERT_EQ(pthread_create(&cpu.thread, NULL, take_page_lock, &cpu), 0);
	hold_while_waited();
	__atomic_store_n(&inside, 0, __ATOMIC_RELAXED);
	page_map_unlock(&page, nested);
	page_map_unlock(&page, outer);
	ASSERT_EQ(pthread_join(cpu.thread, NULL), 0);
	EXPECT_EQ(overlaps, 0);
	EXPECT_EQ(cpu.stat.contended[LOCK_PTE_CHAIN], 1);
	EXPECT_EQ(page.flags, 0);
}

/*
 * page->flags holds the rmap bit lock beside the flags other CPUs set and
 * clear unlocked (mark_page_accessed's SetPageReferenced, reclaim's
 * SetPageDirty): one CPU takes and drops the lock while two others each
 * flip flags of their own. A plain |= or &= ~ writes back a stale word: it
 * drops a lock the first CPU holds, or brings back one it let go, or
 * undoes the other flipper's flag. The lock taker only trylocks, so a lock
 * brought back shows as a failed trylock instead of a hang.
 */
static struct page flag_page;
static int lock_errors, flag_errors;
static int flippers_done;

static void *toggle_page_lock(void *arg)
{
	unsigned long *flags = &flag_page.flags;

	(void)arg;
	while (__atomic_load_n(&flippers_done, __ATOMIC_ACQUIRE) < 2) {
		if (!bit_trylock_word(PG_chainlock, flags)) {
			/* nobody else takes it: a stale write set it again */
			__atomic_add_fetch(&lock_errors, 1, __ATOMIC_RELAXED);
			__atomic_fetch_and(flags, ~(1UL << PG_chainlock),
					   __ATOMIC_RELEASE);
			continue;
		}
		if (!test_bit_flag(&flag_page, PG_chainlock))
			__atomic_add_fetch(&lock_errors, 1, __ATOMIC_RELAXED);
		__atomic_fetch_and(flags, ~(1UL << PG_chainlock),
				   __ATOMIC_RELEASE);
	}
	return NULL;
}

static void flip_referenced(void)
{
	SetPageReferenced(&flag_page);
	if (!PageReferenced(&flag_page))
		__atomic_add_fetch(&flag_errors, 1, __ATOMIC_RELAXED);
	if (!TestClearPageReferenced(&flag_page))
		__atomic_add_fetch(&flag_errors, 1, __ATOMIC_RELAXED);
	SetPageActive(&flag_page);
	ClearPageActive(&flag_page);
}

static void flip_dirty(void)
{
	SetPageDirty(&flag_page);
	if (!PageDirty(&flag_page))
		__atomic_add_fetch(&flag_errors, 1, __ATOMIC_RELAXED);
	ClearPageDirty(&flag_page);
	SetPageLRU(&flag_page);
	ClearPageLRU(&flag_page);
}

static void (*const flips[2])(void) = { flip_referenced, flip_dirty };

static void *flip_flags(void *arg)
{
	void (*const *flip)(void) = arg;
	unsigned i;

	for (i = 0; i < 10 * ROUNDS; i++)
		(*flip)();
	__atomic_add_fetch(&flippers_done, 1, __ATOMIC_RELEASE);
	return NULL;
}

TEST(page_flags_beside_the_bit_lock)
{
	pthread_t locker, flipper[2];
	unsigned i;

	ASSERT_EQ(pthread_create(&locker, NULL, toggle_page_lock, NULL), 0);
	for (i = 0; i < 2; i++)
		ASSERT_EQ(pthread_create(&flipper[i], NULL, flip_flags,
					 (void *)&flips[i]), 0);
	for (i = 0; i < 2; i++)
		ASSERT_EQ(pthread_join(flipper[i], NULL), 0);
	ASSERT_EQ(pthread_join(locker, NULL), 0);
	EXPECT_EQ(lock_errors, 0);
	EXPECT_EQ(flag_errors, 0);
	EXPECT_EQ(flag_page.flags, 0);
}

/*
 * A libc page's count, taken and dropped by a fault and an exit on every
 * CPU at once: get_page and put_page lose none. The test's own references
 * keep the count off zero whatever a broken put_page loses.
 */
static struct page shared_page;

static void *get_and_put(void *arg)
{
	unsigned i;

	(void)arg;
	for (i = 0; i < ROUNDS; i++) {
		get_page(&shared_page);
		put_page(&shared_page);
	}
	return NULL;
}

TEST(page_count_on_every_cpu)
{
	pthread_t cpus[CPUS];
	int base = CPUS * ROUNDS + 1;
	unsigned i;

	set_page_count(&shared_page, base);
	for (i = 0; i < CPUS; i++)
		ASSERT_EQ(pthread_create(&cpus[i], NULL, get_and_put, NULL), 0);
	for (i = 0; i < CPUS; i++)
		ASSERT_EQ(pthread_join(cpus[i], NULL), 0);
	EXPECT_EQ(page_count(&shared_page), base);
}

/*
 * Another CPU holds the pte lock (a fault installing a pte)
 * while this one reclaims a page it maps: to 2.6.8 try_to_unmap_one only
 * tried the lock, and the page stays mapped (SWAP_AGAIN) until a later
 * pass; from 2.6.9 reclaim waits for the lock and unmaps the page.
 */
static spinlock_t *fault_ptl;
static int fault_holds, fault_done;

static void *fault_holding_ptl(void *arg)
{
	struct timespec ms = { 0, 1000 * 1000 };

	(void)arg;
	spin_lock(LOCK_PTL, fault_ptl);
	__atomic_store_n(&fault_holds, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&fault_done, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&waiting, __ATOMIC_RELAXED))
		nanosleep(&ms, NULL);
	spin_unlock(LOCK_PTL, fault_ptl);
	return NULL;
}

static bool unmap_beside_a_fault(const char *gen)
{
	struct address_space *f;
	struct mm_struct *mm;
	struct page *page;
	pthread_t cpu;
	unsigned long a;
	bool unmapped;

	start_model(gen, 1024);
	f = file_create("data", 1, false);
	mm = mm_new();
	a = do_mmap(mm, 0, P, RM_PROT_READ, RM_MAP_PRIVATE, f, 0);
	EXPECT_EQ(touch_range(mm, a, P, false), 0);
	page = page_at(mm, a);
	fault_ptl = pte_lockptr(mm, pte_offset(mm, a));
	fault_holds = fault_done = waiting = 0;
	lock_cpus = 2;
	lock_contended_hook = note_waiting;
	EXPECT_EQ(pthread_create(&cpu, NULL, fault_holding_ptl, NULL), 0);
	while (!__atomic_load_n(&fault_holds, __ATOMIC_ACQUIRE))
		sched_yield();
	unmapped = try_to_unmap(page);
	EXPECT_EQ(page_mapped(page), !unmapped);
	__atomic_store_n(&fault_done, 1, __ATOMIC_RELEASE);
	EXPECT_EQ(pthread_join(cpu, NULL), 0);
	lock_contended_hook = NULL;
	if (!unmapped)
		EXPECT_TRUE(try_to_unmap(page));
	mmput(mm);
	file_put(f);
	finish_model();
	return unmapped;
}

TEST(reclaim_trylock_misses_another_cpus_page_table_lock)
{
	EXPECT_FALSE(unmap_beside_a_fault("objrmap"));
	EXPECT_EQ(waiting, 0);
	EXPECT_TRUE(unmap_beside_a_fault("anon_vma"));
	EXPECT_EQ(waiting, 1);
}

/*
 * One CPU zaps a table of ptes with ptep_get_and_clear while another ages
 * them with ptep_test_and_clear_young, as a walk on 2.5's pte_chain did
 * with no lock, and the MMU of a third dirties them. Every zap must take
 * its pte, none may come back, and the zap of a pte the MMU dirtied must
 * see the dirty bit, or the page's data is lost. A plain read-modify-
 * write of the young bit writes back a stale word: a pte zapped meanwhile
 * returns, or a dirty bit set meanwhile goes (and ThreadSanitizer reports
 * the race).
 */
#define NR_PTES	4096

static pte_t ptes[NR_PTES], zapped[NR_PTES];
static int dirtied[NR_PTES];
static int zaps_done;

static void *age_ptes(void *arg)
{
	unsigned i;

	(void)arg;
	while (!__atomic_load_n(&zaps_done, __ATOMIC_ACQUIRE))
		for (i = 0; i < NR_PTES; i++)
			ptep_test_and_clear_young(&ptes[i]);
	return NULL;
}

static void *dirty_ptes(void *arg)
{
	unsigned i;

	(void)arg;
	while (!__atomic_load_n(&zaps_done, __ATOMIC_ACQUIRE))
		for (i = 0; i < NR_PTES; i++) {
			pte_t pte = ptep_get(&ptes[i]);

			if (!pte_present(pte))
				continue;
			ptep_mmu_access(&ptes[i], pte,
					_PAGE_ACCESSED | _PAGE_DIRTY);
			/* dirty now unless zapped first: then the CAS failed */
			if (ptep_get(&ptes[i]) & _PAGE_DIRTY)
				__atomic_store_n(&dirtied[i], 1,
						 __ATOMIC_RELAXED);
		}
	return NULL;
}

TEST(zap_beside_aging_and_the_mmu)
{
	pthread_t ager, mmu;
	unsigned i, round, lost = 0, back = 0, clean = 0;

	for (round = 0; round < 8; round++) {
		for (i = 0; i < NR_PTES; i++) {
			set_pte(&ptes[i], ((pte_t)(i + 1) << PAGE_SHIFT) |
					  _PAGE_PRESENT | _PAGE_RW |
					  _PAGE_ACCESSED);
			dirtied[i] = 0;
		}
		zaps_done = 0;
		ASSERT_EQ(pthread_create(&ager, NULL, age_ptes, NULL), 0);
		ASSERT_EQ(pthread_create(&mmu, NULL, dirty_ptes, NULL), 0);
		for (i = 0; i < NR_PTES; i++) {
			if (i % 64 == 0)
				sched_yield();
			zapped[i] = ptep_get_and_clear(&ptes[i]);
		}
		__atomic_store_n(&zaps_done, 1, __ATOMIC_RELEASE);
		ASSERT_EQ(pthread_join(ager, NULL), 0);
		ASSERT_EQ(pthread_join(mmu, NULL), 0);
		for (i = 0; i < NR_PTES; i++) {
			lost += !pte_present(zapped[i]) ||
				pte_pfn(zapped[i]) != i + 1;
			back += !pte_none(ptes[i]);
			clean += dirtied[i] && !(zapped[i] & _PAGE_DIRTY);
		}
	}
	EXPECT_EQ(lost, 0);
	EXPECT_EQ(back, 0);
	EXPECT_EQ(clean, 0);
}

/*
 * Hold times on several CPUs: each of the model's CPUs holds one spinlock
 * around a nap, in turn, and at the quiescent point CPU 0's lockstat holds
 * the sum of every CPU's hold time and the longest of their longest.
 */
#define HOLD_ROUNDS	4

static struct lock_stat hold_seen[CPUS];

static void hold_in_turn(unsigned cpu, void *arg)
{
	struct timespec ms = { 0, 1000 * 1000 };
	unsigned i;

	(void)arg;
	for (i = 0; i < HOLD_ROUNDS; i++) {
		spin_lock(LOCK_PAGE_TABLE, &spin);
		nanosleep(&ms, NULL);
		spin_unlock(LOCK_PAGE_TABLE, &spin);
	}
	hold_seen[cpu] = lock_stat;
}

TEST(hold_times_folded_from_every_cpu)
{
	uint64_t sum = 0, longest = 0;
	const uint64_t *h;
	struct smp smp;
	unsigned i;

	start_model("anon_vma", 256);
	lock_holds_set(true);
	ASSERT_EQ(smp_start(&smp, CPUS), 0);
	smp_run(&smp, hold_in_turn, NULL);
	for (i = 0; i < CPUS; i++) {
		h = &hold_seen[i].hold_ns[LOCK_PAGE_TABLE];
		EXPECT_GE(*h, HOLD_ROUNDS * 1000 * 1000);
		EXPECT_LE(hold_seen[i].hold_max_ns[LOCK_PAGE_TABLE], *h);
		sum += *h;
		longest = max(longest,
			      hold_seen[i].hold_max_ns[LOCK_PAGE_TABLE]);
	}
	EXPECT_EQ(lock_stat.hold_ns[LOCK_PAGE_TABLE], sum);
	EXPECT_EQ(lock_stat.hold_max_ns[LOCK_PAGE_TABLE], longest);
	EXPECT_EQ(rmap_stats.locks[LOCK_PAGE_TABLE], CPUS * HOLD_ROUNDS);
	smp_stop(&smp);
	lock_holds_set(false);
	finish_model();
}
