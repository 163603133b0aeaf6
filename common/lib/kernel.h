/*
 * The handful of kernel idioms the tree libraries and the model share:
 * container_of, ARRAY_SIZE, branch hints, and attribute shorthands.  Version-neutral;
 * nothing here has a runtime cost of its own.
 */
#ifndef RMAP_LIB_KERNEL_H
#define RMAP_LIB_KERNEL_H

#include <stddef.h>

#ifndef container_of
/* Recover the enclosing object from a pointer to an embedded member. */
#define container_of(ptr, type, member) ({				\
	const __typeof__(((type *)0)->member) *__mptr = (ptr);		\
	(type *)((char *)__mptr - offsetof(type, member)); })
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#ifndef likely
#define likely(x)	__builtin_expect(!!(x), 1)
#endif
#ifndef unlikely
#define unlikely(x)	__builtin_expect(!!(x), 0)
#endif

#ifndef max
#define max(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b);	\
		     _a > _b ? _a : _b; })
#endif

#ifndef __always_inline
#define __always_inline	inline __attribute__((__always_inline__))
#endif
#ifndef __maybe_unused
#define __maybe_unused	__attribute__((__unused__))
#endif

#endif
