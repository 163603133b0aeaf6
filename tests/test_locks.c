/*
 * The lock layer (common/lock.h): each kind's fast path excludes and
 * shares as the kernel's did; the model's counted locks take the word in
 * the structure the kernel locked (a word the test holds makes the model
 * wait on exactly it); each era's i_mmap and anon_vma lock is the kind the
 * kernel had; and after fork, fault, COW, mprotect, mremap, munmap,
 * reclaim and exit, on every generation and on the switch values that
 * move locks, no lock is left held. With hold times on, each kind's hold
 * is timed from acquisition to release, a release ends its own word's
 * hold whatever the order, and with them off nothing is timed.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/lock.h"
#include "tests/model_test.h"
#include "variants/avc/avc.h"

/* The word the test holds, released by the model's first spin on it. */
struct held_word {
	void *word;
	int *release;		/* a lock word: set to 0 */
	unsigned long *bits;	/* or a bit lock's flags: bit cleared */
	int bitnr;
	enum lock_class class;
	unsigned waits, strays;
};

static struct held_word held;

static void release_on_wait(enum lock_class c, void *word)
{
	if (word != held.word) {
		held.strays++;
		return;
	}
	held.waits++;
	held.class = c;
	if (held.release)
		*held.release = 0;
	else
		__atomic_fetch_and(held.bits, ~(1UL << held.bitnr),
				   __ATOMIC_RELEASE);
}

static void hold_word(int *word, int value)
{
	held = (struct held_word){ .word = word, .release = word };
	*word = value;
	lock_contended_hook = release_on_wait;
}

static void hold_bit(unsigned long *flags, int bitnr)
{
	held = (struct held_word){ .word = flags, .bits = flags,
				   .bitnr = bitnr };
	*flags |= 1UL << bitnr;
	lock_contended_hook = release_on_wait;
}

/*
 * The word of the lock that guards addr's pte in mm (its table made if
 * need be): the mm's page_table_lock, or from 2.6.15 the table's own.
 */
static int *ptl_word(struct mm_struct *mm, unsigned long addr)
{
	return &pte_lockptr(mm, pte_alloc(mm, addr))->locked;
}

/* Whether the model waited once on the held word, as class c. */
static bool waited(enum lock_class c)
{
	lock_contended_hook = NULL;
	return held.waits == 1 && held.class == c && !held.strays;
}

TEST(spinlock_and_bit_lock_exclude)
{
	spinlock_t lock = { 0 };
	unsigned long flags = 0;

	lock_init();
	hold_word(&lock.locked, 1);
	spin_lock(LOCK_PAGE_TABLE, &lock);
	EXPECT_TRUE(waited(LOCK_PAGE_TABLE));
	EXPECT_EQ(lock.locked, 1);
	spin_unlock(LOCK_PAGE_TABLE, &lock);
	EXPECT_EQ(lock.locked, 0);

	hold_bit(&flags, PG_chainlock);
	bit_spin_lock(LOCK_PTE_CHAIN, PG_chainlock, &flags);
	EXPECT_TRUE(waited(LOCK_PTE_CHAIN));
	bit_spin_unlock(LOCK_PTE_CHAIN, PG_chainlock, &flags);
	EXPECT_EQ(flags, 0);
	EXPECT_EQ(locks_held(), 0);
}

/* An rwsem's readers share it; a mutex or a semaphore has no readers. */
TEST(rwsem_readers_share_other_kinds_exclude)
{
	union era_lock lock = { .rwsem = { 0 } };

	lock_init();
	lock_class_kind[LOCK_I_MMAP] = LOCK_KIND_RWSEM;
	era_lock_read(LOCK_I_MMAP, &lock);
	hold_word(&lock.rwsem.count, 1);
	era_lock_read(LOCK_I_MMAP, &lock);
	lock_contended_hook = NULL;
	EXPECT_EQ(held.waits, 0);
	era_unlock_read(LOCK_I_MMAP, &lock);
	era_unlock_read(LOCK_I_MMAP, &lock);

	hold_word(&lock.rwsem.count, 1);
	era_lock(LOCK_I_MMAP, &lock);
	EXPECT_TRUE(waited(LOCK_I_MMAP));
	era_unlock(LOCK_I_MMAP, &lock);
	EXPECT_EQ(lock.rwsem.count, 0);

	lock_class_kind[LOCK_I_MMAP] = LOCK_KIND_MUTEX;
	hold_word(&lock.rwsem.count, RWSEM_WRITER);
	era_lock_read(LOCK_I_MMAP, &lock);
	EXPECT_TRUE(waited(LOCK_I_MMAP));
	era_unlock_read(LOCK_I_MMAP, &lock);
	EXPECT_EQ(lock.rwsem.count, 0);
	EXPECT_EQ(locks_held(), 0);
}

static void kinds(const char *spec, enum lock_kind i_mmap,
		  enum lock_kind anon)
{
	start_model(spec, 256);
	EXPECT_EQ(lock_class_kind[LOCK_I_MMAP], i_mmap);
	EXPECT_EQ(lock_class_kind[LOCK_ANON], anon);
	EXPECT_EQ(lock_class_kind[LOCK_PAGE_TABLE], LOCK_KIND_SPINLOCK);
	finish_model();
}

TEST(each_era_has_its_lock_kinds)
{
	kinds("pte_chain", LOCK_KIND_SEMAPHORE, LOCK_KIND_SPINLOCK);
	kinds("objrmap", LOCK_KIND_SEMAPHORE, LOCK_KIND_SPINLOCK);
	kinds("anonmm", LOCK_KIND_SPINLOCK, LOCK_KIND_SPINLOCK);
	kinds("anon_vma", LOCK_KIND_SPINLOCK, LOCK_KIND_SPINLOCK);
	kinds("anon=avc:form=2.6.36,file=prio_tree", LOCK_KIND_SPINLOCK,
	      LOCK_KIND_SPINLOCK);
	kinds("avc", LOCK_KIND_MUTEX, LOCK_KIND_MUTEX);
	kinds("interval", LOCK_KIND_MUTEX, LOCK_KIND_RWSEM);
	kinds("anon=avc_itree:rwsem=3.7,file=itree", LOCK_KIND_MUTEX,
	      LOCK_KIND_MUTEX);
	kinds("anon=avc_itree:rwsem=3.16,file=itree:lock=3.19",
	      LOCK_KIND_RWSEM, LOCK_KIND_RWSEM);
	kinds("degree", LOCK_KIND_RWSEM, LOCK_KIND_RWSEM);
	kinds("reuse", LOCK_KIND_RWSEM, LOCK_KIND_RWSEM);
}

/*
 * A file page's walk probes under its pte lock, and a file
 * mapping links under the file's i_mmap lock: held by the test, the
 * model waits on exactly that word, on every generation (the walk from
 * 2.6.9, when it stopped only trying the lock).
 */
TEST(walk_and_link_wait_on_the_locked_words)
{
	struct address_space *f;
	struct mm_struct *mm;
	unsigned long a, g;

	for (g = 0; g < rmap_nr_generations; g++) {
		const char *name = rmap_generations[g].name;

		start_model(name, 1024);
		f = file_create("data", 8, false);
		mm = mm_new();
		hold_word(&f->i_mmap_lock.rwsem.count, RWSEM_WRITER);
		a = do_mmap(mm, 0, 8 * P, RM_PROT_READ, RM_MAP_SHARED, f, 0);
		EXPECT_TRUE(waited(LOCK_I_MMAP));
		ASSERT_EQ(touch_range(mm, a, 8 * P, false), 0);
		/* to 2.6.8 the walks only tried it (the trylock tests) */
		if (rmap_cfg.file->walk &&
		    model_switch(SW_MAPLOCK) != MAPLOCK_BIT) {
			hold_word(ptl_word(mm, a), 1);
			walk_page(page_at(mm, a), false);
			EXPECT_TRUE(waited(LOCK_PAGE_TABLE));
		}
		mmput(mm);
		file_put(f);
		finish_model();
	}
}

/*
 * A page cache lookup of a cached page in file f (held: how the test holds
 * f's own lock word): how often it waited on that word, and whether it
 * counted a page cache lock.
 */
static unsigned lookup_waits(struct address_space *f, int held_as,
			     unsigned long *locks)
{
	unsigned long before = rmap_stats.locks[LOCK_PAGE_CACHE];
	struct page *page;

	hold_word(&f->tree_lock.rwsem.count, held_as);
	page = find_get_page(f, 0);
	lock_contended_hook = NULL;
	f->tree_lock.rwsem.count = 0;
	EXPECT_TRUE(page != NULL);
	put_page(page);
	*locks = rmap_stats.locks[LOCK_PAGE_CACHE] - before;
	EXPECT_EQ(held.strays, 0);
	return held.waits;
}

/*
 * Each era's page cache lookup: 2.4's pagecache_lock is not the file's
 * own; the file's spinlock (2.5.68-2.6.11) is waited on by a lookup; its
 * rwlock (2.6.12-2.6.26) is shared with a reader and waited on under a
 * writer; from 2.6.27 a lookup takes no lock, while an insert still waits.
 */
TEST(page_cache_lookups_take_the_era_lock)
{
	static const struct {
		const char *spec;
		unsigned reader_waits, writer_waits, locks;
	} era[] = {
		{ "scan", 0, 0, 1 },
		{ "anonmm", 1, 1, 1 },
		{ "anon_vma", 0, 1, 1 },
		{ "avc", 0, 0, 0 },
	};
	struct address_space *f;
	unsigned long locks;
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(era); i++) {
		start_model(era[i].spec, 256);
		f = file_create("lib", 4, false);
		put_page(find_or_create_page(f, 0));
		EXPECT_EQ(lookup_waits(f, 1, &locks), era[i].reader_waits);
		EXPECT_EQ(locks, era[i].locks);
		EXPECT_EQ(lookup_waits(f, RWSEM_WRITER, &locks),
			  era[i].writer_waits);
		if (!era[i].locks) {
			hold_word(&f->tree_lock.rwsem.count, 1);
			put_page(find_or_create_page(f, 1));
			EXPECT_TRUE(waited(LOCK_PAGE_CACHE));
		}
		file_put(f);
		finish_model();
	}
}

/* 2.4's swap_out visits an mm under its page_table_lock. */
TEST(swap_out_waits_on_the_page_table_lock)
{
	struct mm_struct *mm;
	unsigned long a;

	start_model("scan", 512);
	mm = mm_new();
	a = do_mmap(mm, 0, 64 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 64 * P, true), 0);
	hold_word(&mm->page_table_lock.locked, 1);
	shrink(32);
	lock_contended_hook = NULL;
	EXPECT_GE(held.waits, 1);
	EXPECT_EQ(held.strays, 0);
	mmput(mm);
	finish_model();
}

/* fork's anon_vma_clone takes the family root's lock (2.6.36+). */
TEST(fork_waits_on_the_anon_vma_root)
{
	static const char *const specs[] = { "avc", "interval", "reuse" };
	struct anon_vma *root;
	struct mm_struct *mm, *child;
	unsigned long a, i;

	for (i = 0; i < ARRAY_SIZE(specs); i++) {
		start_model(specs[i], 1024);
		mm = mm_new();
		a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
		ASSERT_EQ(touch_range(mm, a, 4 * P, true), 0);
		root = ((struct anon_vma *)vma_at(mm, a)->anon_vma)->root;
		hold_word(&root->lock.rwsem.count, RWSEM_WRITER);
		child = dup_mm(mm);
		EXPECT_TRUE(waited(LOCK_ANON));
		mmput(child);
		mmput(mm);
		finish_model();
	}
}

/* Acquisitions of class c while fn runs. */
#define LOCKS_TAKEN(c, fn) ({						\
	unsigned long __before = rmap_stats.locks[c];			\
	fn;								\
	rmap_stats.locks[c] - __before;					\
})

/*
 * The page_table_lock (class ptl) a fault takes, by era. A write fault
 * in a fresh mm populates three tables (pud, pmd, pte), each under the
 * mm's lock, and installs under the pte lock; to 2.6.14 handle_mm_fault
 * also held the lock from its start, dropped to allocate (one more), and
 * from 2.6.9 anon_vma_prepare links the vma under it (one more where no
 * earlier fault did). A second write fault: the install, and to 2.6.14
 * the entry's. A read fault mapping the zero page kept the entry's hold
 * to install: one in every era.
 */
TEST(faults_take_the_page_table_lock_as_each_era)
{
	struct mm_struct *mm;
	unsigned long a, g, before;

	for (g = 0; g < rmap_nr_generations; g++) {
		start_model(rmap_generations[g].name, 1024);
		before = model_switch(SW_PTLOCK) == PTLOCK_MM;
		mm = mm_new();
		a = do_mmap(mm, 0, 16 * P, RW, ANON, NULL, 0);
		EXPECT_EQ(LOCKS_TAKEN(LOCK_PTL, handle_mm_fault(mm, a, true)),
			  3 + 1 + (before ? 1 : 0) +
			  (rmap_cfg.anon->anon_vma_prepare ? 1 : 0));
		EXPECT_EQ(LOCKS_TAKEN(LOCK_PTL,
				      handle_mm_fault(mm, a + P, true)),
			  1 + before);
		EXPECT_EQ(LOCKS_TAKEN(LOCK_PTL, handle_mm_fault(mm, a + 2 * P,
								false)), 1);
		mmput(mm);
		finish_model();
	}
}

/*
 * Each syscall that changes the vmas, and fork on the parent, writes
 * mmap_sem exactly once (its inner calls take nothing more), and a page
 * fault reads it once, on every generation.
 */
TEST(syscalls_take_mmap_sem_once)
{
	struct mm_struct *mm, *child = NULL;
	unsigned long a, g;

	for (g = 0; g < rmap_nr_generations; g++) {
		start_model(rmap_generations[g].name, 1024);
		mm = mm_new();
		EXPECT_EQ(LOCKS_TAKEN(LOCK_MMAP_SEM,
				      a = do_mmap(mm, 0, 16 * P, RW, ANON,
						  NULL, 0)), 1);
		EXPECT_EQ(LOCKS_TAKEN(LOCK_MMAP_SEM,
				      touch_range(mm, a, 4 * P, true)), 4);
		EXPECT_EQ(LOCKS_TAKEN(LOCK_MMAP_SEM,
				      do_mlock(mm, a, 8 * P, true)), 1);
		EXPECT_EQ(LOCKS_TAKEN(LOCK_MMAP_SEM,
				      do_mprotect(mm, a, 4 * P,
						  RM_PROT_READ)), 1);
		EXPECT_EQ(LOCKS_TAKEN(LOCK_MMAP_SEM,
				      do_mremap(mm, a + 8 * P, 8 * P, 4 * P,
						0, 0)), 1);
		EXPECT_EQ(LOCKS_TAKEN(LOCK_MMAP_SEM,
				      madvise_dontneed(mm, a, 4 * P)), 1);
		EXPECT_EQ(LOCKS_TAKEN(LOCK_MMAP_SEM,
				      do_brk(mm, mm->brk + 4 * P)), 1);
		EXPECT_EQ(LOCKS_TAKEN(LOCK_MMAP_SEM,
				      child = dup_mm(mm)), 1);
		EXPECT_EQ(LOCKS_TAKEN(LOCK_MMAP_SEM,
				      do_munmap(mm, a, 16 * P)), 1);
		mmput(child);
		mmput(mm);
		finish_model();
	}
}

/* A fault waits for a writer of mmap_sem, but shares it with a reader. */
TEST(fault_reads_mmap_sem)
{
	struct mm_struct *mm;
	unsigned long a;

	start_model("interval", 1024);
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	hold_word(&mm->mmap_sem.count, RWSEM_WRITER);
	ASSERT_EQ(handle_mm_fault(mm, a, true), 0);
	EXPECT_TRUE(waited(LOCK_MMAP_SEM));
	hold_word(&mm->mmap_sem.count, 1);
	ASSERT_EQ(handle_mm_fault(mm, a + P, true), 0);
	lock_contended_hook = NULL;
	EXPECT_EQ(held.waits, 0);
	mm->mmap_sem.count = 0;
	hold_word(&mm->mmap_sem.count, 1);
	do_munmap(mm, a, P);
	EXPECT_TRUE(waited(LOCK_MMAP_SEM));
	mmput(mm);
	finish_model();
}

/*
 * Fault, zap, fork's copy (on the parent's table), mprotect and mremap
 * each wait on the pte lock, the word the walks probe under: the mm's,
 * or the page table's from 2.6.15.
 */
TEST(pte_changes_wait_on_the_page_table_lock)
{
	struct mm_struct *mm, *child;
	unsigned long a, g;

	for (g = 0; g < rmap_nr_generations; g++) {
		start_model(rmap_generations[g].name, 1024);
		mm = mm_new();
		a = do_mmap(mm, 0, 16 * P, RW, ANON, NULL, 0);
		hold_word(ptl_word(mm, a), 1);
		ASSERT_EQ(handle_mm_fault(mm, a, true), 0);
		EXPECT_TRUE(waited(LOCK_PTL));
		ASSERT_EQ(touch_range(mm, a, 16 * P, true), 0);
		hold_word(ptl_word(mm, a), 1);
		child = dup_mm(mm);
		EXPECT_TRUE(waited(LOCK_PTL));
		hold_word(ptl_word(mm, a), 1);
		do_mprotect(mm, a, 4 * P, RM_PROT_READ);
		EXPECT_TRUE(waited(LOCK_PTL));
		hold_word(ptl_word(mm, a + 4 * P), 1);
		ASSERT_FALSE(IS_ERR_VALUE(do_mremap(mm, a + 4 * P, 4 * P,
						    4 * P, RM_MREMAP_MAYMOVE |
						    RM_MREMAP_FIXED,
						    0x500000000UL)));
		EXPECT_TRUE(waited(LOCK_PTL));
		hold_word(ptl_word(mm, a + 8 * P), 1);
		do_munmap(mm, a + 8 * P, 8 * P);
		EXPECT_TRUE(waited(LOCK_PTL));
		mmput(child);
		mmput(mm);
		finish_model();
	}
}

/*
 * From 2.6.15 (ptlock=2.6.15) each page table has its own lock: with one
 * table's held, a fault on the next table and a walk's probe of a page
 * there go on without waiting; with the mm's one lock (ptlock=2.4) both
 * wait for it.
 */
TEST(split_pte_locks_keep_tables_apart)
{
	static const struct {
		const char *spec;
		unsigned waits;
	} eras[] = {
		{ "anon_vma", 0 },
		{ "anon=anon_vma,file=prio_tree,ptlock=2.4", 1 },
	};
	struct mm_struct *mm;
	unsigned long a, b, i;
	int *ptl;

	for (i = 0; i < ARRAY_SIZE(eras); i++) {
		start_model(eras[i].spec, 1024);
		mm = mm_new();
		a = do_mmap(mm, 0, 1024 * P, RW, ANON, NULL, 0);
		b = (a + PMD_SIZE) & PMD_MASK;	/* the next table's first */
		ASSERT_EQ(touch_range(mm, a, P, true), 0);
		ptl = ptl_word(mm, a);
		hold_word(ptl, 1);
		ASSERT_EQ(handle_mm_fault(mm, b, true), 0);
		lock_contended_hook = NULL;
		EXPECT_EQ(held.waits, eras[i].waits);
		hold_word(ptl, 1);
		walk_page(page_at(mm, b), false);
		lock_contended_hook = NULL;
		EXPECT_EQ(held.waits, eras[i].waits);
		*ptl = 0;
		mmput(mm);
		finish_model();
	}
}

/* A file page mapped young and unreferenced: the walks' young bit alone. */
static struct page *young_file_page(struct mm_struct *mm,
				    struct address_space *f, int **ptl)
{
	unsigned long a = do_mmap(mm, 0, 4 * P, RM_PROT_READ, RM_MAP_PRIVATE,
				  f, 0);
	struct page *page;

	EXPECT_EQ(touch_range(mm, a, 4 * P, false), 0);
	page = page_at(mm, a);
	clear_page_flag(page, PG_referenced);
	*ptl = ptl_word(mm, a);
	return page;
}

/*
 * Reclaim's walks against a CPU holding the page_table_lock (held here
 * by the test): 2.5.27-2.6.8 only tried it, and a miss kept the page
 * (no reference from page_referenced_one, SWAP_AGAIN from
 * try_to_unmap_one); 2.6.0's page_referenced read the pte with no lock
 * at all; from 2.6.9 the walk waits for the lock.
 */
TEST(reclaim_trylocks_page_table_lock_to_2_6_8)
{
	static const struct {
		const char *gen;
		bool tries, referenced_locks;
	} eras[] = {
		{ "pte_chain", true, false },
		{ "objrmap", true, true },
		{ "anonmm", true, true },
		{ "anon_vma", false, true },
	};
	struct address_space *f;
	struct mm_struct *mm;
	struct page *page;
	unsigned long i;
	int *ptl;

	for (i = 0; i < ARRAY_SIZE(eras); i++) {
		start_model(eras[i].gen, 1024);
		f = file_create("data", 4, false);
		mm = mm_new();
		page = young_file_page(mm, f, &ptl);
		hold_word(ptl, 1);
		EXPECT_EQ(page_referenced(page),
			  eras[i].tries && eras[i].referenced_locks ? 0 : 1);
		if (!eras[i].tries || !eras[i].referenced_locks)
			hold_word(ptl, 1);
		EXPECT_EQ(try_to_unmap(page), !eras[i].tries);
		EXPECT_EQ(page_mapped(page), eras[i].tries);
		lock_contended_hook = NULL;
		EXPECT_EQ(held.waits, eras[i].tries ? 0 : 1);
		*ptl = 0;
		if (eras[i].tries) {
			EXPECT_EQ(page_referenced(page),
				  eras[i].referenced_locks);
			EXPECT_TRUE(try_to_unmap(page));
		}
		mmput(mm);
		file_put(f);
		finish_model();
	}
}

/*
 * The file walks' i_mmap lock, only tried to 2.6.8 (i_shared_sem's
 * down_trylock, then i_mmap_lock's spin_trylock): held by another CPU,
 * the walk finds nothing and the page stays mapped.
 */
TEST(reclaim_trylocks_i_mmap_lock_to_2_6_8)
{
	static const char *const gens[] = { "objrmap", "anonmm" };
	struct address_space *f;
	struct mm_struct *mm;
	struct page *page;
	unsigned long i;
	int *ptl;

	for (i = 0; i < ARRAY_SIZE(gens); i++) {
		start_model(gens[i], 1024);
		f = file_create("data", 4, false);
		mm = mm_new();
		page = young_file_page(mm, f, &ptl);
		f->i_mmap_lock.rwsem.count = RWSEM_WRITER;
		EXPECT_EQ(page_referenced(page), 0);
		EXPECT_FALSE(try_to_unmap(page));
		EXPECT_TRUE(page_mapped(page));
		f->i_mmap_lock.rwsem.count = 0;
		EXPECT_TRUE(try_to_unmap(page));
		mmput(mm);
		file_put(f);
		finish_model();
	}
}

/* Every lock word the test can reach is free, and nothing is held. */
static void expect_all_free(struct address_space *f)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	unsigned long pfn, busy = 0;

	EXPECT_EQ(locks_held(), 0);
	EXPECT_EQ(f->i_mmap_lock.rwsem.count, 0);
	list_for_each_entry(mm, &mm_list, mmlist) {
		busy += mm->page_table_lock.locked != 0;
		busy += mm->mmap_sem.count != 0;
		for (vma = mm->mmap; vma; vma = vma->vm_next)
			if (vma->anon_vma && rmap_cfg.anon->anon_vma_lockp)
				busy += rmap_cfg.anon->anon_vma_lockp(vma)->
					rwsem.count != 0;
	}
	for (pfn = 0; pfn < max_mapnr; pfn++) {
		busy += page_map_locked(&mem_map[pfn]);
		if (PagePgtable(&mem_map[pfn]))
			busy += mem_map[pfn].ptl.locked != 0;
	}
	EXPECT_EQ(busy, 0);
}

/*
 * Fork, faults and COW, mprotect's split, mremap of anonymous and file
 * ranges, munmap, reclaim into swap, and exit, on a memory small enough
 * that faults reclaim too.
 */
static void exercise(const char *spec)
{
	struct address_space *f;
	struct mm_struct *mm, *child;
	unsigned long a, b;

	start_model(spec, 640);
	f = file_create("data", 64, false);
	mm = mm_new();
	a = do_mmap(mm, 0, 64 * P, RW, ANON, NULL, 0);
	b = do_mmap(mm, 0, 64 * P, RM_PROT_READ, RM_MAP_PRIVATE, f, 0);
	ASSERT_EQ(touch_range(mm, a, 64 * P, true), 0);
	ASSERT_EQ(touch_range(mm, b, 64 * P, false), 0);
	expect_all_free(f);
	child = dup_mm(mm);
	ASSERT_NONNULL(child);
	expect_all_free(f);
	ASSERT_EQ(touch_range(child, a, 32 * P, true), 0);
	ASSERT_EQ(do_mprotect(child, a + 8 * P, 8 * P, RM_PROT_READ), 0);
	expect_all_free(f);
	ASSERT_FALSE(IS_ERR_VALUE(do_mremap(child, a + 16 * P, 48 * P, 48 * P,
					    RM_MREMAP_MAYMOVE |
					    RM_MREMAP_FIXED, 0x500000000UL)));
	ASSERT_FALSE(IS_ERR_VALUE(do_mremap(child, b, 64 * P, 64 * P,
					    RM_MREMAP_MAYMOVE |
					    RM_MREMAP_FIXED, 0x600000000UL)));
	expect_all_free(f);
	ASSERT_EQ(do_munmap(mm, b + 16 * P, 16 * P), 0);
	expect_all_free(f);
	shrink(256);
	expect_all_free(f);
	ASSERT_EQ(touch_range(child, 0x500000000UL, 48 * P, true), 0);
	expect_all_free(f);
	mmput(child);
	expect_all_free(f);
	mmput(mm);
	expect_all_free(f);
	file_put(f);
	finish_model();
}

TEST(no_lock_left_held_on_any_generation)
{
	unsigned long g;

	for (g = 0; g < rmap_nr_generations; g++)
		exercise(rmap_generations[g].name);
}

/* The switch values that move where locks are taken. */
TEST(no_lock_left_held_on_lock_switches)
{
	static const char *const specs[] = {
		"anon=anon_vma,file=prio_tree,maplock=2.5.27,mremap=2.6.7,"
		"ptlock=2.4",
		"anon=anonmm,file=prio_tree,probe=2.6.15,ptlock=2.6.15",
		"anon=anon_vma:adjust=2.6.32,file=prio_tree,mremap=3.7",
		"anon=anonmm,file=prio_tree,mremap=2.6.15,probe=2.6.15",
		"anon=avc:form=2.6.34,file=prio_tree",
		"anon=avc:form=2.6.36,file=prio_tree",
		"anon=avc:form=3.0,file=prio_tree,unlink=6.11",
		"anon=pte_chain,file=linear:walk=mjb",
		"anon=pte_chain:chain=2.5.27,file=pte_chain",
		"anon=exhaustive,file=exhaustive,lru=2.6.5",
	};
	unsigned long i;

	for (i = 0; i < ARRAY_SIZE(specs); i++)
		exercise(specs[i]);
}

#ifdef RMAP_LOCKDEP
static const bool lockdep_enabled = true;
#else
static const bool lockdep_enabled = false;
#endif

/* A word of each class the order tests take. */
static spinlock_t ptl, anon;
static struct rw_semaphore mmap_sem;

static void ptl_then_mmap_sem(void)
{
	spin_lock(LOCK_PTL, &ptl);
	down_write(LOCK_MMAP_SEM, &mmap_sem);
}

static void mmap_sem_then_ptl(void)
{
	down_read(LOCK_MMAP_SEM, &mmap_sem);
	spin_lock(LOCK_PTL, &ptl);
}

static void ptl_then_anon(void)
{
	spin_lock(LOCK_PTL, &ptl);
	spin_lock(LOCK_ANON, &anon);
}

static void ptl_then_trylock_mmap_sem(void)
{
	spin_lock(LOCK_PTL, &ptl);
	EXPECT_TRUE(down_read_trylock(LOCK_MMAP_SEM, &mmap_sem));
}

/*
 * take() in a child running generation gen: what it wrote on stderr if it
 * was stopped by abort, NULL if it returned.
 */
static char *order_stop(const char *gen, void (*take)(void))
{
	static char line[256];
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe(fds))
		return NULL;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		start_model(gen, 256);
		take();
		_exit(test_failed());
	}
	close(fds[1]);
	n = read(fds[0], line, sizeof(line) - 1);
	close(fds[0]);
	waitpid(pid, &status, 0);
	line[n > 0 ? n : 0] = 0;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT)
		return line;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return NULL;
}

/*
 * Lock order (debug builds): an acquisition against the era's order stops
 * the model with one line naming both classes; the order itself passes,
 * and so does a trylock; the anon lock nests inside page_table_lock to
 * 2.6.8 (2.6.8's mm/filemap.c) and outside it from 2.6.9 (mm/rmap.c).
 */
TEST(lock_order_inversion_stops_the_model)
{
	char *line;

	SKIP_IF(!lockdep_enabled, "the lock order check is a debug build's");
	line = order_stop("interval", ptl_then_mmap_sem);
	ASSERT_NONNULL(line);
	EXPECT_STREQ(line, "rmap model: lock order: mmap_sem taken while "
		     "holding ptl, the era's order inverted\n");
	EXPECT_NULL(order_stop("interval", mmap_sem_then_ptl));
	EXPECT_NULL(order_stop("interval", ptl_then_trylock_mmap_sem));
	EXPECT_NULL(order_stop("pte_chain", ptl_then_anon));
	line = order_stop("anon_vma", ptl_then_anon);
	ASSERT_NONNULL(line);
	EXPECT_NONNULL(strstr(line, "anon taken while holding ptl"));
}

#define MS	1000000u

static void nap(unsigned ms)
{
	struct timespec ts = { 0, (long)ms * MS };

	nanosleep(&ts, NULL);
}

/*
 * Each kind held around a nap of 1 ms, a class each: spin_lock,
 * spin_trylock, bit_spin_lock, down_write (a mutex), down_read,
 * down_write_trylock and down_read_trylock.
 */
static void hold_each_kind(void)
{
	static spinlock_t spin, tried;
	static unsigned long flags;
	static struct rw_semaphore mutex, rwsem, wtried, rtried;

	memset(&rmap_stats, 0, sizeof(rmap_stats));
	spin_lock(LOCK_PAGE_TABLE, &spin);
	nap(1);
	spin_unlock(LOCK_PAGE_TABLE, &spin);
	ASSERT_TRUE(spin_trylock(LOCK_PTL, &tried));
	nap(1);
	spin_unlock(LOCK_PTL, &tried);
	bit_spin_lock(LOCK_PTE_CHAIN, PG_chainlock, &flags);
	nap(1);
	bit_spin_unlock(LOCK_PTE_CHAIN, PG_chainlock, &flags);
	down_write(LOCK_I_MMAP, &mutex);
	nap(1);
	up_write(LOCK_I_MMAP, &mutex);
	down_read(LOCK_ANON, &rwsem);
	nap(1);
	up_read(LOCK_ANON, &rwsem);
	ASSERT_TRUE(down_write_trylock(LOCK_MMAP_SEM, &wtried));
	nap(1);
	up_write(LOCK_MMAP_SEM, &wtried);
	ASSERT_TRUE(down_read_trylock(LOCK_ZONE, &rtried));
	nap(1);
	up_read(LOCK_ZONE, &rtried);
	EXPECT_EQ(locks_held(), 0);
}

static const enum lock_class each_kind[] = {
	LOCK_PAGE_TABLE, LOCK_PTL, LOCK_PTE_CHAIN, LOCK_I_MMAP, LOCK_ANON,
	LOCK_MMAP_SEM, LOCK_ZONE,
};

TEST(hold_time_counted_for_each_kind)
{
	enum lock_class c;
	unsigned i;

	lock_init();
	lock_holds_set(true);
	hold_each_kind();
	lock_holds_set(false);
	for (i = 0; i < ARRAY_SIZE(each_kind); i++) {
		c = each_kind[i];
		EXPECT_EQ(rmap_stats.locks[c], 1);
		EXPECT_GE(lock_stat.hold_ns[c], MS);
		EXPECT_EQ(lock_stat.hold_max_ns[c], lock_stat.hold_ns[c]);
	}
	EXPECT_EQ(lock_stat.hold_ns[LOCK_LRU], 0);
}

TEST(hold_time_off_counts_nothing)
{
	unsigned i;

	lock_init();
	lock_holds_set(false);
	hold_each_kind();
	for (i = 0; i < ARRAY_SIZE(each_kind); i++) {
		EXPECT_EQ(rmap_stats.locks[each_kind[i]], 1);
		EXPECT_EQ(lock_stat.hold_ns[each_kind[i]], 0);
		EXPECT_EQ(lock_stat.hold_max_ns[each_kind[i]], 0);
	}
}

/*
 * Two page_table_locks (copy_pte_range's) released first-taken first: the
 * first's release ends its own hold of 20 ms and more, not the second's,
 * taken just before; and two read holds of one rwsem.
 */
TEST(nested_holds_of_a_class_end_by_word)
{
	static spinlock_t a, b;
	static struct rw_semaphore sem;

	lock_init();
	lock_holds_set(true);
	spin_lock(LOCK_PAGE_TABLE, &a);
	nap(20);
	spin_lock(LOCK_PAGE_TABLE, &b);
	spin_unlock(LOCK_PAGE_TABLE, &a);
	EXPECT_GE(lock_stat.hold_ns[LOCK_PAGE_TABLE], 20 * MS);
	EXPECT_GE(lock_stat.hold_max_ns[LOCK_PAGE_TABLE], 20 * MS);
	nap(1);
	spin_unlock(LOCK_PAGE_TABLE, &b);
	EXPECT_GE(lock_stat.hold_ns[LOCK_PAGE_TABLE], 21 * MS);

	down_read(LOCK_I_MMAP, &sem);
	down_read(LOCK_I_MMAP, &sem);
	nap(1);
	up_read(LOCK_I_MMAP, &sem);
	up_read(LOCK_I_MMAP, &sem);
	EXPECT_GE(lock_stat.hold_ns[LOCK_I_MMAP], 2 * MS);
	EXPECT_EQ(sem.count, 0);
	EXPECT_EQ(locks_held(), 0);
	lock_holds_set(false);
}

static void release_another_word(void)
{
	static spinlock_t a, b;

	lock_holds_set(true);
	spin_lock(LOCK_PTL, &a);
	spin_unlock(LOCK_PTL, &b);
}

/* A release of a word not held stops the model, whatever its class holds. */
TEST(release_of_a_word_not_held_stops_the_model)
{
	char *line = order_stop("anon_vma", release_another_word);

	ASSERT_NONNULL(line);
	EXPECT_STREQ(line, "rmap model: the ptl lock released, not held\n");
}
