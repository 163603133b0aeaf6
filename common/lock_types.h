/*
 * The lock words the model's structures carry (struct mm_struct,
 * address_space, the anon objects): their types alone, for mm_types.h;
 * common/lock.h takes and drops them.
 */
#ifndef RMAP_LOCK_TYPES_H
#define RMAP_LOCK_TYPES_H

typedef struct {
	int locked;
} spinlock_t;

/*
 * readers in the low bits, RWSEM_WRITER when a writer holds it; the
 * semaphore and mutex eras take it as a writer, whose fast path is the
 * same one atomic add
 */
struct rw_semaphore {
	int count;
};

#define RWSEM_WRITER	(1 << 16)

/*
 * A lock whose kind changed with the era (the i_mmap lock, the anon_vma
 * lock): one word, whose kind the scheme of the era sets in
 * lock_class_kind at init.
 */
enum lock_kind {
	LOCK_KIND_SPINLOCK,
	LOCK_KIND_SEMAPHORE,
	LOCK_KIND_MUTEX,
	LOCK_KIND_RWSEM,
	LOCK_KIND_RWLOCK,	/* rwlock_t: the rwsem's word, spun on */
};

union era_lock {
	spinlock_t spin;
	struct rw_semaphore rwsem;
};

#endif
