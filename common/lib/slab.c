/*
 * The slab allocator behind every model and rmap object. The free list is the
 * kernel's: a word of a free object links to the next one (its first word,
 * or, SLAB_FREEPTR_OUTSIDE, the word after it, as SLUB places it). With
 * RMAP_SLAB_PASSTHROUGH (the sanitizer build) each object is its own
 * allocation, behind a list link of the cache's, so AddressSanitizer sees
 * every use after free and validators can still list the live objects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lib/slab.h"
#include "common/lock.h"

#define SLAB_CHUNK	(64 * 1024)

/* A chunk's header; in passthrough, each object's. */
struct slab_chunk {
	struct list_head list;
};

/* Where a chunk's (or a passthrough object's) first object starts. */
static size_t header_size(const struct kmem_cache *c)
{
	return (sizeof(struct slab_chunk) + c->align - 1) & ~(c->align - 1);
}

static struct list_head all_caches = LIST_HEAD_INIT(all_caches);

/*
 * Every cache: by the list links, for list_for_each_entry would form a
 * struct kmem_cache pointer from the head itself, which is not 64-byte
 * aligned as the type is.
 */
#define for_each_cache(c, p)						\
	for ((p) = all_caches.next;					\
	     (p) != &all_caches &&					\
	     ((c) = list_entry((p), struct kmem_cache, list), 1);	\
	     (p) = (p)->next)

/* The free list's link in a free object. */
static inline void **free_link(const struct kmem_cache *c, void *obj)
{
	return (void **)((char *)obj + c->offset);
}
static _Thread_local struct slab_totals totals;

static void *xaligned_alloc(size_t align, size_t size)
{
	void *p;

	if (posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align,
			   size)) {
		fprintf(stderr, "rmapbench: out of host memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned flags)
{
	/* the per-CPU sides are a cache line each */
	struct kmem_cache *c = aligned_alloc(64, sizeof(*c));

	if (!c)
		abort();
	memset(c, 0, sizeof(*c));
	if (align < sizeof(void *))
		align = sizeof(void *);
	c->name = name;
	c->align = align;
	if (flags & SLAB_FREEPTR_OUTSIDE) {
		c->offset = (size + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
		size = c->offset + sizeof(void *);
	}
	c->size = (size + align - 1) & ~(align - 1);
	c->flags = flags;
	INIT_LIST_HEAD(&c->slabs);
	list_add_tail(&c->list, &all_caches);
	return c;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	struct slab_chunk *s, *n;

	if (!c)
		return;
	list_for_each_entry_safe(s, n, &c->slabs, list) {
		list_del(&s->list);
		free(s);
	}
	if (c->flags & SLAB_RMAP) {
		totals.bytes -= kmem_cache_live(c) * c->size;
		totals.objects -= kmem_cache_live(c);
	}
	list_del(&c->list);
	free(c);
}

/* The slabs list is the cache's: several CPUs add to it. */
static void add_slab(struct kmem_cache *c, struct slab_chunk *s)
{
	spin_lock(LOCK_SLAB, &c->lock);
	list_add(&s->list, &c->slabs);
	spin_unlock(LOCK_SLAB, &c->lock);
}

#ifndef RMAP_SLAB_PASSTHROUGH
/*
 * Carve a fresh chunk onto this CPU's free list; the first object starts
 * after the chunk header.
 */
static void cache_grow(struct kmem_cache *c, struct kmem_cache_cpu *cpu)
{
	struct slab_chunk *s = xaligned_alloc(SLAB_CHUNK, SLAB_CHUNK);
	char *p;

	add_slab(c, s);
	for (p = (char *)s + header_size(c);
	     p + c->size <= (char *)s + SLAB_CHUNK; p += c->size) {
		*free_link(c, p) = cpu->freelist;
		cpu->freelist = p;
	}
}
#endif

static void account(struct kmem_cache *c, long delta)
{
	if (!(c->flags & SLAB_RMAP))
		return;
	if (delta > 0) {
		totals.bytes += c->size;
		totals.objects++;
		totals.allocs++;
		if (totals.bytes > totals.peak_bytes)
			totals.peak_bytes = totals.bytes;
		if (totals.objects > totals.peak_objects)
			totals.peak_objects = totals.objects;
	} else {
		totals.bytes -= c->size;
		totals.objects--;
		totals.frees++;
	}
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	struct kmem_cache_cpu *cpu = &c->cpu[smp_processor_id()];
	void *obj;

#ifdef RMAP_SLAB_PASSTHROUGH
	struct slab_chunk *s = xaligned_alloc(c->align,
					      header_size(c) + c->size);

	add_slab(c, s);
	obj = (char *)s + header_size(c);
#else
	if (!cpu->freelist)
		cache_grow(c, cpu);
	obj = cpu->freelist;
	cpu->freelist = *free_link(c, obj);
#endif
	cpu->live++;
	cpu->allocs++;
	account(c, 1);
	return obj;
}

void *kmem_cache_zalloc(struct kmem_cache *c)
{
	void *obj = kmem_cache_alloc(c);

	memset(obj, 0, c->size);
	return obj;
}

void kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct kmem_cache_cpu *cpu = &c->cpu[smp_processor_id()];

	if (!obj)
		return;
#ifdef RMAP_SLAB_PASSTHROUGH
	struct slab_chunk *s = (void *)((char *)obj - header_size(c));

	spin_lock(LOCK_SLAB, &c->lock);
	list_del(&s->list);
	spin_unlock(LOCK_SLAB, &c->lock);
	free(s);
#else
	*free_link(c, obj) = cpu->freelist;
	cpu->freelist = obj;
#endif
	cpu->live--;
	account(c, -1);
}

unsigned long kmem_cache_live(const struct kmem_cache *c)
{
	long live = 0;
	unsigned i;

	for (i = 0; i < SMP_MAX_CPUS; i++)
		live += c->cpu[i].live;
	return live;
}

unsigned long kmem_cache_allocs(const struct kmem_cache *c)
{
	unsigned long n = 0;
	unsigned i;

	for (i = 0; i < SMP_MAX_CPUS; i++)
		n += c->cpu[i].allocs;
	return n;
}

void slab_rmap_totals(struct slab_totals *t)
{
	*t = totals;
}

void slab_reset_peak(void)
{
	totals.peak_bytes = totals.bytes;
	totals.peak_objects = totals.objects;
	totals.allocs = 0;
	totals.frees = 0;
}

void slab_cpu_flush(struct slab_totals *out)
{
	*out = totals;
	memset(&totals, 0, sizeof(totals));
}

void slab_cpu_fold(const struct slab_totals *in)
{
	totals.objects += in->objects;
	totals.bytes += in->bytes;
	totals.allocs += in->allocs;
	totals.frees += in->frees;
	totals.peak_bytes = max(totals.peak_bytes, totals.bytes);
	totals.peak_objects = max(totals.peak_objects, totals.objects);
}

void slab_for_each(void (*fn)(const struct kmem_cache *c, void *arg), void *arg)
{
	struct kmem_cache *c;
	struct list_head *p;

	for_each_cache(c, p)
		fn(c, arg);
}

unsigned long slab_live_objects(void)
{
	struct kmem_cache *c;
	struct list_head *p;
	unsigned long n = 0;

	for_each_cache(c, p)
		n += kmem_cache_live(c);
	return n;
}

static int cmp_ptr(const void *a, const void *b)
{
	const void *x = *(const void *const *)a, *y = *(const void *const *)b;

	return x < y ? -1 : x > y;
}

/*
 * The cache's live objects into out (room for c->live of them); returns
 * how many there are, which is more than c->live if the cache is corrupt.
 */
#ifdef RMAP_SLAB_PASSTHROUGH
static unsigned long collect_live(const struct kmem_cache *c, void **out)
{
	struct slab_chunk *s;
	unsigned long n = 0;

	list_for_each_entry(s, &c->slabs, list)
		if (n++ < kmem_cache_live(c))
			out[n - 1] = (char *)s + header_size(c);
	return n;
}
#else
/* The free objects on every CPU's list; into freed when it is not NULL. */
static unsigned long collect_free(const struct kmem_cache *c, void **freed)
{
	unsigned long n = 0;
	unsigned i;
	void *p;

	for (i = 0; i < SMP_MAX_CPUS; i++)
		for (p = c->cpu[i].freelist; p; p = *free_link(c, p), n++)
			if (freed)
				freed[n] = p;
	return n;
}

/* Every carved object is either on a free list or live. */
static unsigned long collect_live(const struct kmem_cache *c, void **out)
{
	unsigned long nfree, n = 0, live = kmem_cache_live(c);
	struct slab_chunk *s;
	void **freed;
	char *o;

	freed = malloc((collect_free(c, NULL) + 1) * sizeof(*freed));
	if (!freed)
		abort();
	nfree = collect_free(c, freed);
	qsort(freed, nfree, sizeof(*freed), cmp_ptr);
	list_for_each_entry(s, &c->slabs, list)
		for (o = (char *)s + header_size(c);
		     o + c->size <= (char *)s + SLAB_CHUNK; o += c->size)
			if (!bsearch(&o, freed, nfree, sizeof(*freed),
				     cmp_ptr) && n++ < live)
				out[n - 1] = o;
	free(freed);
	return n;
}
#endif

int slab_live_snapshot(const struct kmem_cache *c, struct slab_live *l)
{
	unsigned long live = kmem_cache_live(c);

	l->obj = malloc((live + 1) * sizeof(*l->obj));
	if (!l->obj)
		return -1;
	l->n = collect_live(c, l->obj);
	if (l->n != live) {
		slab_live_release(l);
		return -1;
	}
	qsort(l->obj, l->n, sizeof(*l->obj), cmp_ptr);
	return 0;
}

long slab_live_index(const struct slab_live *l, const void *obj)
{
	void **hit = bsearch(&obj, l->obj, l->n, sizeof(*l->obj), cmp_ptr);

	return hit ? hit - l->obj : -1;
}

void slab_live_release(struct slab_live *l)
{
	free(l->obj);
	l->obj = NULL;
	l->n = 0;
}
