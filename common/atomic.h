/*
 * The kernel's atomic_t, as struct page's counts used it on the model's
 * CPUs (threads): page->count in every era, _mapcount from 2.6.9. A read
 * and a set are a plain load and store (atomic_read, atomic_set); the rest
 * are one locked read-modify-write each, x86's lock incl and xadd. Those
 * that return a result were full barriers in the kernel
 * (atomic_inc_and_test, atomic_dec_and_test, atomic_add_negative,
 * atomic_inc_not_zero), so they
 * are sequentially consistent here; a bare atomic_inc orders nothing.
 */
#ifndef RMAP_ATOMIC_H
#define RMAP_ATOMIC_H

#include <stdbool.h>

typedef struct {
	int counter;
} atomic_t;

static inline int atomic_read(const atomic_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic_set(atomic_t *v, int i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline void atomic_inc(atomic_t *v)
{
	__atomic_fetch_add(&v->counter, 1, __ATOMIC_RELAXED);
}

static inline bool atomic_inc_and_test(atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, 1, __ATOMIC_SEQ_CST) == 0;
}

static inline bool atomic_dec_and_test(atomic_t *v)
{
	return __atomic_sub_fetch(&v->counter, 1, __ATOMIC_SEQ_CST) == 0;
}

/* a cmpxchg loop, as the kernel's: no reference to a count at 0 */
static inline bool atomic_inc_not_zero(atomic_t *v)
{
	int c = atomic_read(v);

	do {
		if (!c)
			return false;
	} while (!__atomic_compare_exchange_n(&v->counter, &c, c + 1, true,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	return true;
}

/* atomic_cmpxchg(): the value found, the new one stored if it was old */
static inline int atomic_cmpxchg(atomic_t *v, int old, int new)
{
	__atomic_compare_exchange_n(&v->counter, &old, new, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
	return old;
}

static inline bool atomic_add_negative(int i, atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST) < 0;
}

#endif
