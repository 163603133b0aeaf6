/*
 * The slab allocator behind every model and rmap object. The free list is the
 * kernel's: the first word of a free object links to the next one. With
 * RMAP_SLAB_PASSTHROUGH (the sanitizer build) each object is its own
 * allocation so AddressSanitizer sees every use after free.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lib/slab.h"

#define SLAB_CHUNK	(64 * 1024)

struct slab_chunk {
	struct list_head list;
};

static struct list_head all_caches = LIST_HEAD_INIT(all_caches);
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
	size_t off = (sizeof(*s) + c->align - 1) & ~(c->align - 1);
	char *p;

	list_add(&s->list, &c->slabs);
	for (p = (char *)s + off; p + c->size <= (char *)s + SLAB_CHUNK;
	     p += c->size) {
		*(void **)p = c->freelist;
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
	obj = xaligned_alloc(c->align, c->size);
#else
	if (!c->freelist)
		cache_grow(c);
	obj = c->freelist;
	c->freelist = *(void **)obj;
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
	free(obj);
#else
	*(void **)obj = c->freelist;
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
