/*
 * The anon_vma_chain family (avc in its 3.3 form, avc_itree, avc_degree,
 * avc_reuse): chains through fork, split, merge and mremap with their
 * invariants checked, and shown to be checkable (a broken one is caught);
 * the root and its pins; the reuse counters against the kernel's own
 * numbers and the 2-per-vma bound on a long fork chain, where the older
 * schemes grow; page_move_anon_rmap on a COW reuse; swap-in pointing a
 * fresh page at the root; a child's private page walked in its own
 * anon_vma alone; and the merge rule of each era. The older avc forms and
 * the rules that changed between releases: test_avc_eras.c.
 */
#include <string.h>

#include "tests/model_test.h"
#include "variants/avc/avc.h"

/* The scheme with the model switches of its generation, and @more. */
static void start_with(const char *anon, const char *more)
{
	char spec[128];

	snprintf(spec, sizeof(spec), "anon=%s,file=itree%s", anon, more);
	start_model(spec, 8192);
}

static void start(const char *anon)
{
	start_with(anon, "");
}

static struct anon_vma *anon_vma_at(struct mm_struct *mm, unsigned long addr)
{
	return vma_at(mm, addr)->anon_vma;
}

/* The avcs of the vma at addr. */
static unsigned long chain_len(struct mm_struct *mm, unsigned long addr)
{
	return ring_len(&vma_at(mm, addr)->anon_vma_node);
}

static unsigned long live(const char *cache)
{
	return kmem_cache_live(cache_named(cache));
}

/* One test per scheme of the family: NAME_avc, NAME_avc_itree, ... */
#define EACH_SCHEME(name)						\
	TEST(name##_avc) { name("avc:form=3.3"); }			\
	TEST(name##_avc_itree) { name("avc_itree"); }			\
	TEST(name##_avc_degree) { name("avc_degree"); }			\
	TEST(name##_avc_reuse) { name("avc_reuse"); }

/* fork reuses anon_vmas: 3.19's degree, 6.0's counters */
static bool reuses(const char *scheme)
{
	return !strcmp(scheme, "avc_degree") || !strcmp(scheme, "avc_reuse");
}

/* Fork, split, merge, mremap: chains as the kernel builds them. */
static void chains(const char *scheme)
{
	struct mm_struct *mm, *child, *grand;
	unsigned long a, to = 0x60000000UL;
	struct anon_vma *root;

	start(scheme);
	mm = mm_new();
	a = do_mmap(mm, 0, 8 * P, RW, ANON, NULL, 0);
	EXPECT_NULL(anon_vma_at(mm, a));
	ASSERT_EQ(touch_range(mm, a, 8 * P, true), 0);
	root = anon_vma_at(mm, a);
	ASSERT_NONNULL(root);
	EXPECT_TRUE(root->root == root);
	EXPECT_EQ(chain_len(mm, a), 1);

	child = dup_mm(mm);
	grand = dup_mm(child);
	EXPECT_EQ(chain_len(child, a), 2);
	EXPECT_EQ(chain_len(grand, a), 3);
	EXPECT_TRUE(anon_vma_at(child, a) != root);
	EXPECT_TRUE(anon_vma_at(child, a)->root == root);
	EXPECT_TRUE(anon_vma_at(grand, a)->root == root);
	/* two non-root anon_vmas pin the root, which is also in use */
	EXPECT_EQ(root->refcount, 3);
	EXPECT_EQ(live("anon_vma"), 3);
	EXPECT_EQ(live("anon_vma_chain"), 6);
	EXPECT_EQ(model_validate(), 0);

	/* split: both pieces keep the anon_vma and an identical chain */
	EXPECT_EQ(do_mprotect(child, a + 2 * P, 2 * P, RM_PROT_READ), 0);
	EXPECT_EQ(child->map_count, 3);
	EXPECT_TRUE(anon_vma_at(child, a + 2 * P) == anon_vma_at(child, a));
	EXPECT_EQ(chain_len(child, a + 2 * P), 2);
	EXPECT_EQ(chain_len(child, a + 4 * P), 2);
	EXPECT_EQ(model_validate(), 0);
	/* merge back: the removed vma's avcs go */
	EXPECT_EQ(do_mprotect(child, a + 2 * P, 2 * P, RW), 0);
	EXPECT_EQ(child->map_count, 1);
	EXPECT_EQ(live("anon_vma_chain"), 6);
	EXPECT_EQ(model_validate(), 0);
	/* mremap: the moved vma takes the chain, pgoff and pages along */
	ASSERT_EQ(do_mremap(grand, a, 8 * P, 8 * P, RM_MREMAP_MAYMOVE |
			    RM_MREMAP_FIXED, to), to);
	EXPECT_EQ(chain_len(grand, to), 3);
	EXPECT_EQ(live("anon_vma_chain"), 6);
	EXPECT_EQ(model_validate(), 0);

	/* the root outlives its own vma: the children's chains hold it */
	mmput(mm);
	EXPECT_EQ(live("anon_vma"), 3);
	EXPECT_EQ(live("anon_vma_chain"), 5);
	EXPECT_EQ(root->refcount, 3);
	EXPECT_EQ(model_validate(), 0);
	mmput(child);
	mmput(grand);
	finish_model();
}
EACH_SCHEME(chains)

/* The checker is not vacuous: vmas sharing an anon_vma, different chains. */
static void validate_catches(const char *scheme)
{
	struct mm_struct *mm, *child;
	struct vm_area_struct *vma;
	unsigned long a;
	void *own;

	start(scheme);
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 4 * P, true), 0);
	child = dup_mm(mm);
	vma = find_vma(child, a);
	own = vma->anon_vma;
	vma->anon_vma = anon_vma_at(mm, a);
	fprintf(stderr, "(a broken invariant is expected next)\n");
	EXPECT_NE(model_validate(), 0);
	vma->anon_vma = own;
	EXPECT_EQ(model_validate(), 0);
	mmput(child);
	mmput(mm);
	finish_model();
}
EACH_SCHEME(validate_catches)

/* 6.0's counters, by hand on a two-level family. */
TEST(reuse_counters)
{
	struct mm_struct *mm, *child;
	struct anon_vma_reuse *root, *own;
	unsigned long a;

	start("avc_reuse");
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 4 * P, true), 0);
	root = reuse_of(anon_vma_at(mm, a));
	EXPECT_EQ(root->num_children, 1);	/* its own parent */
	EXPECT_EQ(root->num_active_vmas, 1);
	child = dup_mm(mm);
	own = reuse_of(anon_vma_at(child, a));
	EXPECT_TRUE(own->parent == &root->t.av);
	EXPECT_EQ(root->num_children, 2);
	EXPECT_EQ(own->num_children, 0);
	EXPECT_EQ(own->num_active_vmas, 1);
	EXPECT_EQ(do_mprotect(child, a, P, RM_PROT_READ), 0);
	EXPECT_EQ(own->num_active_vmas, 2);
	EXPECT_EQ(model_validate(), 0);
	mmput(child);
	EXPECT_EQ(root->num_children, 1);
	EXPECT_EQ(model_validate(), 0);
	mmput(mm);
	finish_model();
}

/*
 * fork, parent exits, child forks again, 200 deep from a long-lived first
 * process: every level stays under avc and avc_itree, while avc_reuse
 * adopts idle ones and stays within 2 anon_vmas per vma.
 */
static void fork_chain(const char *scheme)
{
	struct mm_struct *origin, *mm, *child;
	unsigned long a;
	int g;

	start(scheme);
	origin = mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 4 * P, true), 0);
	for (g = 0; g < 200; g++) {
		EXPECT_EQ(handle_mm_fault(mm, a + (g % 4) * P, true), 0);
		child = dup_mm(mm);
		if (mm != origin)
			mmput(mm);
		mm = child;
	}
	EXPECT_EQ(model_validate(), 0);
	EXPECT_EQ(rmap_stats.vmas, 2);
	if (reuses(scheme)) {
		EXPECT_LE(live("anon_vma"), 2 * rmap_stats.vmas);
		EXPECT_LE(chain_len(mm, a), 3);
	} else {
		EXPECT_EQ(live("anon_vma"), 201);
		EXPECT_EQ(chain_len(mm, a), 201);
	}
	mmput(mm);
	mmput(origin);
	finish_model();
}
EACH_SCHEME(fork_chain)

/* A COW fault reusing an exclusive page moves it to the vma's anon_vma. */
static void page_move_anon_rmap(const char *scheme)
{
	struct mm_struct *mm, *child;
	struct page *page;
	unsigned long a;

	start(scheme);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 2 * P, true), 0);
	page = page_at(mm, a);
	ASSERT_NONNULL(page);
	child = dup_mm(mm);
	EXPECT_TRUE(page_anon_object(page) == anon_vma_at(mm, a));
	mmput(mm);
	EXPECT_EQ(handle_mm_fault(child, a, true), 0);
	EXPECT_TRUE(page_at(child, a) == page);
	EXPECT_EQ(rmap_stats.cow_reuses, 1);
	EXPECT_TRUE(page_anon_object(page) == anon_vma_at(child, a));
	EXPECT_TRUE(page_anon_object(page) != anon_vma_at(child, a)->root);
	EXPECT_EQ(page_referenced(page), 1);
	mmput(child);
	finish_model();
}
EACH_SCHEME(page_move_anon_rmap)

/*
 * A read swap-in before 5.19 cannot know who else maps the page: it takes
 * the root (2.6.36's exclusive swap-in is for writes).
 */
static void swapin_root(const char *scheme)
{
	struct mm_struct *mm, *child;
	struct page *page;
	unsigned long a;

	start_with(scheme, ",swapin=2.6.36");
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 2 * P, true), 0);
	child = dup_mm(mm);
	EXPECT_EQ(handle_mm_fault(child, a + P, true), 0);
	page = page_at(child, a + P);
	ASSERT_NONNULL(page);
	EXPECT_TRUE(page_anon_object(page) == anon_vma_at(child, a));
	ASSERT_TRUE(press_until_swapped(child, a + P));
	EXPECT_EQ(handle_mm_fault(child, a + P, false), 0);
	page = page_at(child, a + P);
	ASSERT_NONNULL(page);
	EXPECT_TRUE(page_anon_object(page) == anon_vma_at(child, a)->root);
	EXPECT_TRUE(page_anon_object(page) == anon_vma_at(mm, a));
	EXPECT_EQ(page->index, (a >> PAGE_SHIFT) + 1);
	EXPECT_EQ(model_validate(), 0);
	mmput(child);
	mmput(mm);
	finish_model();
}
EACH_SCHEME(swapin_root)

/*
 * 5beb49305251's point: a page a child COWed is found through that child's
 * anon_vma alone, not through every process forked from the region.
 */
static void child_private_walk(const char *scheme)
{
	struct mm_struct *mm, *kids[8];
	unsigned long a, nodes;
	struct page *page;
	int i;

	start(scheme);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 2 * P, true), 0);
	for (i = 0; i < 8; i++) {
		kids[i] = dup_mm(mm);
		EXPECT_EQ(handle_mm_fault(kids[i], a, true), 0);
	}
	page = page_at(kids[5], a);
	ASSERT_NONNULL(page);
	nodes = rmap_stats.nodes;
	EXPECT_EQ(page_referenced(page), 1);
	EXPECT_LE(rmap_stats.nodes - nodes, 2);
	/* a page still shared by all nine lives under the root: all of them */
	page = page_at(mm, a + P);
	ASSERT_NONNULL(page);
	EXPECT_EQ(page_mapcount(page), 9);
	EXPECT_EQ(page_referenced(page), 1);
	for (i = 0; i < 8; i++)
		mmput(kids[i]);
	mmput(mm);
	finish_model();
}
EACH_SCHEME(child_private_walk)

/*
 * 2.6.34-2.6.39 merge a never-written range into a forked neighbour; from
 * 3.0 (965f55dea0e3) only a neighbour with a singular chain takes it.
 */
static void merge_rule(const char *scheme, int child_vmas)
{
	struct mm_struct *mm, *child;
	unsigned long a;

	start(scheme);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	ASSERT_EQ(touch_range(mm, a, 2 * P, true), 0);
	child = dup_mm(mm);
	/*
	 *   a        a+2P      a+4P
	 *   | forked | new     |	child: merged before 3.0, not from 3.0
	 */
	EXPECT_EQ(do_mmap(child, a + 2 * P, 2 * P, RW, ANON | RM_MAP_FIXED,
			  NULL, 0), a + 2 * P);
	EXPECT_EQ(child->map_count, child_vmas);
	/* the parent's chain is singular: it merges in every era */
	EXPECT_EQ(do_mmap(mm, a + 2 * P, 2 * P, RW, ANON | RM_MAP_FIXED, NULL,
			  0), a + 2 * P);
	EXPECT_EQ(mm->map_count, 1);
	EXPECT_EQ(model_validate(), 0);
	mmput(child);
	mmput(mm);
	finish_model();
}

TEST(merge_rule_2_6_39)
{
	merge_rule("avc:form=2.6.39", 1);
}

TEST(merge_rule_3_0)
{
	merge_rule("avc:form=3.0", 2);
}

TEST(merge_rule_3_7)
{
	merge_rule("avc_itree", 2);
}
