/*
 * kmem_cache: a slab allocator that counts live objects and bytes per type.
 * Every rmap scheme allocates its metadata (pte_chain nodes, anonmm, anon_vma,
 * anon_vma_chain) from its own cache, at the kernel's object size and
 * alignment, so "bytes of rmap metadata at the peak" is read off the caches.
 * Objects come from 64 KiB slabs through a LIFO free list per CPU, as a warm
 * SLAB/SLUB per-cpu free list would hand them out: no lock on the way, and
 * the cache's lock only to carve a fresh slab (SLAB's cache_alloc_refill
 * under the list lock). The counts are per CPU as well, summed where read.
 */
#ifndef RMAP_LIB_SLAB_H
#define RMAP_LIB_SLAB_H

#include <stddef.h>

#include "common/lib/list.h"
#include "common/lock_types.h"
#include "common/smp.h"

/* The cache holds rmap metadata: it counts toward rmap bytes. */
#define SLAB_RMAP	0x1u
/*
 * SLUB, the default allocator from 2.6.23 (a0acd820807), keeps its free
 * pointer after the object, a word more per object, in a cache whose
 * objects may be read after free or must keep their constructed state:
 * SLAB_DESTROY_BY_RCU (SLAB_TYPESAFE_BY_RCU from 4.12) or a constructor
 * (calculate_sizes()). Elsewhere it overwrites the object's first word.
 */
#define SLAB_FREEPTR_OUTSIDE	0x2u

/* A CPU's side of a cache: its free objects, its allocs less frees. */
struct kmem_cache_cpu {
	void *freelist;
	long live;
	unsigned long allocs;
} __attribute__((aligned(64)));

struct kmem_cache {
	const char *name;
	size_t size;		/* the stride: object, free pointer, alignment */
	size_t align;
	size_t offset;		/* of the free pointer in a free object */
	unsigned flags;
	spinlock_t lock;	/* slabs, as a fresh one is carved */
	/* chunks carved into objects; passthrough: every live object */
	struct list_head slabs;
	struct list_head list;	/* all caches */
	struct kmem_cache_cpu cpu[SMP_MAX_CPUS];
};

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned flags);
/* Frees the cache; live objects are a leak and are reported by the caller. */
void kmem_cache_destroy(struct kmem_cache *c);
void *kmem_cache_alloc(struct kmem_cache *c);
void *kmem_cache_zalloc(struct kmem_cache *c);
void kmem_cache_free(struct kmem_cache *c, void *obj);

/* The cache's live objects: every CPU's allocs less its frees. */
unsigned long kmem_cache_live(const struct kmem_cache *c);
/* Its allocations since it was made, on every CPU. */
unsigned long kmem_cache_allocs(const struct kmem_cache *c);

/*
 * Sum over SLAB_RMAP caches, counted per CPU like rmap_stats: a CPU's
 * live counts may go negative (it frees what another allocated), and the
 * peaks across CPUs are those seen when smp_run() folds the counts.
 */
struct slab_totals {
	unsigned long objects, bytes;		/* live now */
	unsigned long peak_bytes;		/* highest live bytes seen */
	unsigned long peak_objects;
	unsigned long allocs, frees;
};
void slab_rmap_totals(struct slab_totals *t);
/* A worker's totals move out at the end of a round; CPU 0 adds them in. */
void slab_cpu_flush(struct slab_totals *out);
void slab_cpu_fold(const struct slab_totals *in);
/* Forget the rmap peak: the next peak is measured from the live bytes now. */
void slab_reset_peak(void);

/* Calls fn for every cache, in creation order. */
void slab_for_each(void (*fn)(const struct kmem_cache *c, void *arg), void *arg);
/* Number of live objects in every cache together (0 after a clean teardown). */
unsigned long slab_live_objects(void);

/*
 * The live objects of a cache, sorted by address, as the allocator knows
 * them: validators look up what a structure points at (a dead or foreign
 * pointer is caught) and keep per-object tallies in arrays indexed by
 * slab_live_index(), so every live object is accounted for, reachable or
 * not. Test-time only: a snapshot costs a pass over the cache.
 */
struct slab_live {
	void **obj;
	unsigned long n;
};

/* 0, or -1 when the cache's counts are corrupt or the host is out of memory. */
int slab_live_snapshot(const struct kmem_cache *c, struct slab_live *l);
/* obj's index in the snapshot, or -1 when it is not a live object. */
long slab_live_index(const struct slab_live *l, const void *obj);
void slab_live_release(struct slab_live *l);

#endif
