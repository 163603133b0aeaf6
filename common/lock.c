/*
 * The lock layer's state (common/lock.h): the kind each era's i_mmap and
 * anon_vma locks were, the acquisitions not yet released (a model
 * instance's leak accounting) and the contended path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lock.h"

enum lock_kind lock_class_kind[NR_LOCK_CLASSES];
long lock_held[NR_LOCK_CLASSES];
void (*lock_contended_hook)(enum lock_class c, void *word);

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
 * Out of line: the fast paths stay small, as the kernel's. One thread
 * runs the model, so a held word with no test holding it is the model
 * taking a lock it holds: a bug to stop at, not a wait.
 */
void lock_contended(enum lock_class c, void *word)
{
	static const char *const names[NR_LOCK_CLASSES] = {
		[LOCK_PTE_CHAIN] = "pte_chain", [LOCK_I_MMAP] = "i_mmap",
		[LOCK_ANON] = "anon", [LOCK_PAGE_TABLE] = "page_table",
	};

	if (!lock_contended_hook) {
		fprintf(stderr, "rmap model: the %s lock at %p is already "
			"held by the model itself: a lock taken twice\n",
			names[c], word);
		abort();
	}
	lock_contended_hook(c, word);
	cpu_relax();
}

/* page_table_lock and the bit lock never changed kind; the schemes set the rest */
void lock_init(void)
{
	unsigned c;

	for (c = 0; c < NR_LOCK_CLASSES; c++)
		lock_class_kind[c] = LOCK_KIND_SPINLOCK;
	memset(lock_held, 0, sizeof(lock_held));
}

unsigned long locks_held(void)
{
	unsigned long held = 0;
	unsigned c;

	for (c = 0; c < NR_LOCK_CLASSES; c++)
		held += (unsigned long)lock_held[c];
	return held;
}
