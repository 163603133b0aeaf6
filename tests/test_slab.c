/*
 * Slab accounting: live objects, bytes and peaks per cache and for the
 * rmap caches together; alignment as asked.
 */
#include <stdint.h>

#include "common/lib/slab.h"
#include "tests/harness.h"

int main(void)
{
	struct kmem_cache *rmap = kmem_cache_create("pte_chain", 60, 64,
						    SLAB_RMAP);
	struct kmem_cache *other = kmem_cache_create("vma", 100, 8, 0);
	struct slab_totals t;
	void *objs[1000], *o;
	int i;

	slab_reset_peak();
	CHECK_EQ(rmap->size, 64);
	for (i = 0; i < 1000; i++) {
		objs[i] = kmem_cache_alloc(rmap);
		CHECK_EQ((uintptr_t)objs[i] % 64, 0);
	}
	o = kmem_cache_alloc(other);
	slab_rmap_totals(&t);
	CHECK_EQ(t.objects, 1000);
	CHECK_EQ(t.bytes, 64000);
	CHECK_EQ(t.peak_bytes, 64000);
	CHECK_EQ(t.allocs, 1000);
	for (i = 0; i < 600; i++)
		kmem_cache_free(rmap, objs[i]);
	slab_rmap_totals(&t);
	CHECK_EQ(t.objects, 400);
	CHECK_EQ(t.bytes, 400 * 64);
	CHECK_EQ(t.peak_bytes, 64000);
	CHECK_EQ(t.peak_objects, 1000);
	CHECK_EQ(t.frees, 600);
	CHECK_EQ(rmap->live, 400);
	CHECK_EQ(rmap->peak, 1000);
	CHECK_EQ(slab_live_objects(), 401);
	for (i = 600; i < 1000; i++)
		kmem_cache_free(rmap, objs[i]);
	kmem_cache_free(other, o);
	CHECK_EQ(slab_live_objects(), 0);
	kmem_cache_destroy(rmap);
	kmem_cache_destroy(other);
	slab_rmap_totals(&t);
	CHECK_EQ(t.bytes, 0);
	return test_done("test_slab");
}
