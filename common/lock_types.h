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

struct semaphore {
	int count;		/* holders: i_shared_sem is a mutex semaphore */
};

struct mutex {
	int count;
};

/* readers in the low bits, RWSEM_WRITER when a writer holds it */
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
};

union era_lock {
	spinlock_t spin;
	struct semaphore sem;
	struct mutex mutex;
	struct rw_semaphore rwsem;
};

#endif
