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

/* The free list's link in a free object. */
static inline void **free_link(const struct kmem_cache *c, void *obj)
{
	return (void **)((char *)obj + c->offset);
}
static unsigned long rmap_bytes, rmap_objects, rmap_peak_bytes, rmap_peak_objects;
static unsigned long rmap_allocs, rmap_frees;

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
	struct kmem_cache *c = calloc(1, sizeof(*c));

	if (!c)
		abort();
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
		rmap_bytes -= c->live * c->size;
		rmap_objects -= c->live;
	}
	list_del(&c->list);
	free(c);
}

#ifndef RMAP_SLAB_PASSTHROUGH
/* Carve a fresh chunk; the first object starts after the chunk header. */
static void cache_grow(struct kmem_cache *c)
{
	struct slab_chunk *s = xaligned_alloc(SLAB_CHUNK, SLAB_CHUNK);
	char *p;

	list_add(&s->list, &c->slabs);
	for (p = (char *)s + header_size(c);
	     p + c->size <= (char *)s + SLAB_CHUNK; p += c->size) {
		*free_link(c, p) = c->freelist;
		c->freelist = p;
	}
}
#endif

static void account(struct kmem_cache *c, long delta)
{
	if (!(c->flags & SLAB_RMAP))
		return;
	if (delta > 0) {
		rmap_bytes += c->size;
		rmap_objects++;
		rmap_allocs++;
		if (rmap_bytes > rmap_peak_bytes)
			rmap_peak_bytes = rmap_bytes;
		if (rmap_objects > rmap_peak_objects)
			rmap_peak_objects = rmap_objects;
	} else {
		rmap_bytes -= c->size;
		rmap_objects--;
		rmap_frees++;
	}
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	void *obj;

#ifdef RMAP_SLAB_PASSTHROUGH
	struct slab_chunk *s = xaligned_alloc(c->align,
					      header_size(c) + c->size);

	list_add(&s->list, &c->slabs);
	obj = (char *)s + header_size(c);
#else
	if (!c->freelist)
		cache_grow(c);
	obj = c->freelist;
	c->freelist = *free_link(c, obj);
#endif
	c->allocs++;
	if (++c->live > c->peak)
		c->peak = c->live;
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
	if (!obj)
		return;
#ifdef RMAP_SLAB_PASSTHROUGH
	struct slab_chunk *s = (void *)((char *)obj - header_size(c));

	list_del(&s->list);
	free(s);
#else
	*free_link(c, obj) = c->freelist;
	c->freelist = obj;
#endif
	c->frees++;
	c->live--;
	account(c, -1);
}

void slab_rmap_totals(struct slab_totals *t)
{
	t->objects = rmap_objects;
	t->bytes = rmap_bytes;
	t->peak_bytes = rmap_peak_bytes;
	t->peak_objects = rmap_peak_objects;
	t->allocs = rmap_allocs;
	t->frees = rmap_frees;
}

void slab_reset_peak(void)
{
	rmap_peak_bytes = rmap_bytes;
	rmap_peak_objects = rmap_objects;
	rmap_allocs = 0;
	rmap_frees = 0;
}

void slab_for_each(void (*fn)(const struct kmem_cache *c, void *arg), void *arg)
{
	struct kmem_cache *c;

	list_for_each_entry(c, &all_caches, list)
		fn(c, arg);
}

unsigned long slab_live_objects(void)
{
	struct kmem_cache *c;
	unsigned long n = 0;

	list_for_each_entry(c, &all_caches, list)
		n += c->live;
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
		if (n++ < c->live)
			out[n - 1] = (char *)s + header_size(c);
	return n;
}
#else
/* Every carved object is either on the free list or live. */
static unsigned long collect_live(const struct kmem_cache *c, void **out)
{
	unsigned long nfree = 0, n = 0;
	struct slab_chunk *s;
	void **freed, *p;
	char *o;

	for (p = c->freelist; p; p = *free_link(c, p))
		nfree++;
	freed = malloc((nfree + 1) * sizeof(*freed));
	if (!freed)
		abort();
	nfree = 0;
	for (p = c->freelist; p; p = *free_link(c, p))
		freed[nfree++] = p;
	qsort(freed, nfree, sizeof(*freed), cmp_ptr);
	list_for_each_entry(s, &c->slabs, list)
		for (o = (char *)s + header_size(c);
		     o + c->size <= (char *)s + SLAB_CHUNK; o += c->size)
			if (!bsearch(&o, freed, nfree, sizeof(*freed),
				     cmp_ptr) && n++ < c->live)
				out[n - 1] = o;
	free(freed);
	return n;
}
#endif

int slab_live_snapshot(const struct kmem_cache *c, struct slab_live *l)
{
	l->obj = malloc((c->live + 1) * sizeof(*l->obj));
	if (!l->obj)
		return -1;
	l->n = collect_live(c, l->obj);
	if (l->n != c->live) {
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
