/*
 * Slab accounting: live objects, bytes and peaks per cache and for the
 * rmap caches together; alignment as asked.
 */
#include <stdint.h>

#include "common/lib/slab.h"
#include "tests/harness.h"

#define NOBJS	1000

TEST(rmap_totals_and_peaks)
{
	struct kmem_cache *rmap = kmem_cache_create("pte_chain", 60, 64,
						    SLAB_RMAP);
	struct kmem_cache *other = kmem_cache_create("vma", 100, 8, 0);
	struct slab_totals t;
	void *objs[NOBJS], *o;
	int i;

	slab_reset_peak();
	EXPECT_EQ(rmap->size, 64);
	for (i = 0; i < NOBJS; i++) {
		objs[i] = kmem_cache_alloc(rmap);
		EXPECT_EQ((uintptr_t)objs[i] % 64, 0);
	}
	o = kmem_cache_alloc(other);
	/* only the SLAB_RMAP cache counts toward the totals */
	slab_rmap_totals(&t);
	EXPECT_EQ(t.objects, 1000);
	EXPECT_EQ(t.bytes, 64000);
	EXPECT_EQ(t.peak_bytes, 64000);
	EXPECT_EQ(t.allocs, 1000);
	for (i = 0; i < 600; i++)
		kmem_cache_free(rmap, objs[i]);
	slab_rmap_totals(&t);
	EXPECT_EQ(t.objects, 400);
	EXPECT_EQ(t.bytes, 400 * 64);
	EXPECT_EQ(t.peak_bytes, 64000);
	EXPECT_EQ(t.peak_objects, 1000);
	EXPECT_EQ(t.frees, 600);
	EXPECT_EQ(rmap->live, 400);
	EXPECT_EQ(rmap->peak, 1000);
	EXPECT_EQ(slab_live_objects(), 401);
	for (i = 600; i < NOBJS; i++)
		kmem_cache_free(rmap, objs[i]);
	kmem_cache_free(other, o);
	EXPECT_EQ(slab_live_objects(), 0);
	kmem_cache_destroy(rmap);
	kmem_cache_destroy(other);
	slab_rmap_totals(&t);
	EXPECT_EQ(t.bytes, 0);
}
