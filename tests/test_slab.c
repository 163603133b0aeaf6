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
	EXPECT_EQ(kmem_cache_live(rmap), 400);
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

/*
 * SLUB keeps the free pointer of a cache with a constructor or
 * SLAB_DESTROY_BY_RCU after the object: 2.6.36's 40-byte anon_vma costs
 * 48 bytes ("Under slub ... on v2.6.36 ... the size is 48 bytes",
 * 182fea8f483), 6.0's 96 costs 104.
 */
TEST(freeptr_outside_costs_a_word)
{
	struct kmem_cache *av = kmem_cache_create("anon_vma", 40, 8,
						  SLAB_RMAP |
						  SLAB_FREEPTR_OUTSIDE);
	struct kmem_cache *av6 = kmem_cache_create("anon_vma", 96, 8,
						   SLAB_RMAP |
						   SLAB_FREEPTR_OUTSIDE);
	struct kmem_cache *avc = kmem_cache_create("anon_vma_chain", 48, 8,
						   SLAB_RMAP);
	struct slab_totals t;
	void **a, **b;

	EXPECT_EQ(av->size, 48);
	EXPECT_EQ(av6->size, 104);
	EXPECT_EQ(avc->size, 48);
	slab_reset_peak();
	a = kmem_cache_alloc(av);
	b = kmem_cache_alloc(av);
	slab_rmap_totals(&t);
	EXPECT_EQ(t.bytes, 2 * 48);
	kmem_cache_free(av, a);
	kmem_cache_free(av, b);
	kmem_cache_destroy(av);
	kmem_cache_destroy(av6);
	kmem_cache_destroy(avc);
}
