/*
 * The anon_vma_chain family (avc, avc_itree, avc_reuse): chains through
 * fork, split, merge and mremap with their invariants checked, and shown to
 * be checkable (a broken one is caught); the root and its pins; 6.0's reuse
 * counters against the kernel's own numbers and the 2-per-vma bound on a
 * long fork chain, where the older schemes grow; page_move_anon_rmap on a
 * COW reuse; swap-in pointing a fresh page at the root; a child's private
 * page walked in its own anon_vma alone; and the merge rule of each era.
 */
#include <string.h>

#include "common/lib/slab.h"
#include "common/model.h"
#include "tests/harness.h"
#include "variants/avc/avc.h"

#define P PAGE_SIZE
#define RW (RM_PROT_READ | RM_PROT_WRITE)
#define ANON (RM_MAP_PRIVATE | RM_MAP_ANON)

static const char *const schemes[] = { "avc", "avc_itree", "avc_reuse" };

static void start(const char *anon)
{
	struct rmap_config cfg;
	char spec[64], err[256];

	snprintf(spec, sizeof(spec), "anon=%s,file=itree", anon);
	CHECK_EQ(rmap_config_parse(spec, &cfg, err, sizeof(err)), 0);
	CHECK_EQ(model_init(&cfg, 8192), 0);
}

static void finish(void)
{
	CHECK_EQ(model_exit(), 0);
}

static pte_t pte_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t *p = pte_offset(mm, addr);

	return p ? *p : 0;
}

static struct anon_vma *anon_vma_at(struct mm_struct *mm, unsigned long addr)
{
	return find_vma(mm, addr)->anon_vma;
}

static long chain_len(struct mm_struct *mm, unsigned long addr)
{
	struct list_head *p, *head = &find_vma(mm, addr)->anon_vma_node;
	long n = 0;

	for (p = head->next; p != head; p = p->next)
		n++;
	return n;
}

struct cache_live {
	const char *name;
	unsigned long live;
};

static void find_cache(const struct kmem_cache *c, void *arg)
{
	struct cache_live *l = arg;

	if (!strcmp(c->name, l->name))
		l->live = c->live;
}

static unsigned long live(const char *cache)
{
	struct cache_live l = { cache, 0 };

	slab_for_each(find_cache, &l);
	return l.live;
}

/* Fork, split, merge, mremap: chains as the kernel builds them. */
static void test_chains(const char *scheme)
{
	struct mm_struct *mm, *child, *grand;
	unsigned long a, to = 0x60000000UL;
	struct anon_vma *root;

	start(scheme);
	mm = mm_new();
	a = do_mmap(mm, 0, 8 * P, RW, ANON, NULL, 0);
	CHECK(!anon_vma_at(mm, a));
	CHECK_EQ(touch_range(mm, a, 8 * P, true), 0);
	root = anon_vma_at(mm, a);
	CHECK(root && root->root == root);
	CHECK_EQ(chain_len(mm, a), 1);

	child = dup_mm(mm);
	grand = dup_mm(child);
	CHECK_EQ(chain_len(child, a), 2);
	CHECK_EQ(chain_len(grand, a), 3);
	CHECK(anon_vma_at(child, a) != root);
	CHECK(anon_vma_at(child, a)->root == root);
	CHECK(anon_vma_at(grand, a)->root == root);
	/* two non-root anon_vmas pin the root, which is also in use */
	CHECK_EQ(root->refcount, 3);
	CHECK_EQ(live("anon_vma"), 3);
	CHECK_EQ(live("anon_vma_chain"), 6);
	CHECK_EQ(model_validate(), 0);

	/* split: both pieces keep the anon_vma and an identical chain */
	CHECK_EQ(do_mprotect(child, a + 2 * P, 2 * P, RM_PROT_READ), 0);
	CHECK_EQ(child->map_count, 3);
	CHECK(anon_vma_at(child, a + 2 * P) == anon_vma_at(child, a));
	CHECK_EQ(chain_len(child, a + 2 * P), 2);
	CHECK_EQ(chain_len(child, a + 4 * P), 2);
	CHECK_EQ(model_validate(), 0);
	/* merge back: the removed vma's avcs go */
	CHECK_EQ(do_mprotect(child, a + 2 * P, 2 * P, RW), 0);
	CHECK_EQ(child->map_count, 1);
	CHECK_EQ(live("anon_vma_chain"), 6);
	CHECK_EQ(model_validate(), 0);
	/* mremap: the moved vma takes the chain, pgoff and pages along */
	CHECK_EQ(do_mremap(grand, a, 8 * P, 8 * P, RM_MREMAP_MAYMOVE |
			   RM_MREMAP_FIXED, to), to);
	CHECK_EQ(chain_len(grand, to), 3);
	CHECK_EQ(live("anon_vma_chain"), 6);
	CHECK_EQ(model_validate(), 0);

	/* the root outlives its own vma: the children's chains hold it */
	mmput(mm);
	CHECK_EQ(live("anon_vma"), 3);
	CHECK_EQ(live("anon_vma_chain"), 5);
	CHECK_EQ(root->refcount, 3);
	CHECK_EQ(model_validate(), 0);
	mmput(child);
	mmput(grand);
	finish();
}

/* The checker is not vacuous: vmas sharing an anon_vma, different chains. */
static void test_validate_catches(const char *scheme)
{
	struct mm_struct *mm, *child;
	struct vm_area_struct *vma;
	unsigned long a;
	void *own;

	start(scheme);
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, a, 4 * P, true), 0);
	child = dup_mm(mm);
	vma = find_vma(child, a);
	own = vma->anon_vma;
	vma->anon_vma = anon_vma_at(mm, a);
	fprintf(stderr, "(a broken invariant is expected next)\n");
	CHECK(model_validate() != 0);
	vma->anon_vma = own;
	CHECK_EQ(model_validate(), 0);
	mmput(child);
	mmput(mm);
	finish();
}

/* 6.0's counters, by hand on a two-level family. */
static void test_reuse_counters(void)
{
	struct mm_struct *mm, *child;
	struct anon_vma_reuse *root, *own;
	unsigned long a;

	start("avc_reuse");
	mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, a, 4 * P, true), 0);
	root = reuse_of(anon_vma_at(mm, a));
	CHECK_EQ(root->num_children, 1);	/* its own parent */
	CHECK_EQ(root->num_active_vmas, 1);
	child = dup_mm(mm);
	own = reuse_of(anon_vma_at(child, a));
	CHECK(own->parent == &root->t.av);
	CHECK_EQ(root->num_children, 2);
	CHECK_EQ(own->num_children, 0);
	CHECK_EQ(own->num_active_vmas, 1);
	CHECK_EQ(do_mprotect(child, a, P, RM_PROT_READ), 0);
	CHECK_EQ(own->num_active_vmas, 2);
	CHECK_EQ(model_validate(), 0);
	mmput(child);
	CHECK_EQ(root->num_children, 1);
	CHECK_EQ(model_validate(), 0);
	mmput(mm);
	finish();
}

/*
 * fork, parent exits, child forks again, 200 deep from a long-lived first
 * process: every level stays under avc and avc_itree, while avc_reuse
 * adopts idle ones and stays within 2 anon_vmas per vma.
 */
static void test_fork_chain(const char *scheme)
{
	struct mm_struct *origin, *mm, *child;
	unsigned long a;
	int g;

	start(scheme);
	origin = mm = mm_new();
	a = do_mmap(mm, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, a, 4 * P, true), 0);
	for (g = 0; g < 200; g++) {
		CHECK_EQ(handle_mm_fault(mm, a + (g % 4) * P, true), 0);
		child = dup_mm(mm);
		if (mm != origin)
			mmput(mm);
		mm = child;
	}
	CHECK_EQ(model_validate(), 0);
	CHECK_EQ(rmap_stats.vmas, 2);
	if (!strcmp(scheme, "avc_reuse")) {
		CHECK(live("anon_vma") <= 2 * rmap_stats.vmas);
		CHECK(chain_len(mm, a) <= 3);
	} else {
		CHECK_EQ(live("anon_vma"), 201);
		CHECK_EQ(chain_len(mm, a), 201);
	}
	mmput(mm);
	mmput(origin);
	finish();
}

/* A COW fault reusing an exclusive page moves it to the vma's anon_vma. */
static void test_page_move_anon_rmap(const char *scheme)
{
	struct mm_struct *mm, *child;
	struct page *page;
	unsigned long a;

	start(scheme);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, a, 2 * P, true), 0);
	page = pte_page(pte_at(mm, a));
	child = dup_mm(mm);
	CHECK(page_anon_object(page) == anon_vma_at(mm, a));
	mmput(mm);
	CHECK_EQ(handle_mm_fault(child, a, true), 0);
	CHECK(pte_page(pte_at(child, a)) == page);
	CHECK_EQ(rmap_stats.cow_reuses, 1);
	CHECK(page_anon_object(page) == anon_vma_at(child, a));
	CHECK(page_anon_object(page) != anon_vma_at(child, a)->root);
	CHECK_EQ(page_referenced(page), 1);
	mmput(child);
	finish();
}

/* Swap-in cannot know who else maps the page: it takes the root. */
static void test_swapin_root(const char *scheme)
{
	struct mm_struct *mm, *child;
	struct page *page;
	unsigned long a;

	start(scheme);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, a, 2 * P, true), 0);
	child = dup_mm(mm);
	CHECK_EQ(handle_mm_fault(child, a + P, true), 0);
	page = pte_page(pte_at(child, a + P));
	CHECK(page_anon_object(page) == anon_vma_at(child, a));
	shrink(1000);
	CHECK(pte_is_swap(pte_at(child, a + P)));
	CHECK_EQ(handle_mm_fault(child, a + P, false), 0);
	page = pte_page(pte_at(child, a + P));
	CHECK(page_anon_object(page) == anon_vma_at(child, a)->root);
	CHECK(page_anon_object(page) == anon_vma_at(mm, a));
	CHECK_EQ(page->index, (a >> PAGE_SHIFT) + 1);
	CHECK_EQ(model_validate(), 0);
	mmput(child);
	mmput(mm);
	finish();
}

/*
 * 5beb49305251's point: a page a child COWed is found through that child's
 * anon_vma alone, not through every process forked from the region.
 */
static void test_child_private_walk(const char *scheme)
{
	struct mm_struct *mm, *kids[8];
	unsigned long a, nodes;
	struct page *page;
	int i;

	start(scheme);
	mm = mm_new();
	a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(mm, a, 2 * P, true), 0);
	for (i = 0; i < 8; i++) {
		kids[i] = dup_mm(mm);
		CHECK_EQ(handle_mm_fault(kids[i], a, true), 0);
	}
	page = pte_page(pte_at(kids[5], a));
	nodes = rmap_stats.nodes;
	CHECK_EQ(page_referenced(page), 1);
	CHECK(rmap_stats.nodes - nodes <= 2);
	/* a page still shared by all nine lives under the root: all of them */
	page = pte_page(pte_at(mm, a + P));
	CHECK_EQ(page_mapcount(page), 9);
	CHECK_EQ(page_referenced(page), 1);
	for (i = 0; i < 8; i++)
		mmput(kids[i]);
	mmput(mm);
	finish();
}

/*
 * 2.6.34-2.6.39 merge a never-written range into a forked neighbour; from
 * 3.0 (965f55dea0e3) only a neighbour with a singular chain takes it.
 */
static void test_merge_rule(void)
{
	static const char *const rule[] = { "avc", "avc_itree" };
	struct mm_struct *mm, *child;
	unsigned long a;
	int i;

	for (i = 0; i < 2; i++) {
		start(rule[i]);
		mm = mm_new();
		a = do_mmap(mm, 0, 2 * P, RW, ANON, NULL, 0);
		CHECK_EQ(touch_range(mm, a, 2 * P, true), 0);
		child = dup_mm(mm);
		CHECK_EQ(do_mmap(child, a + 2 * P, 2 * P, RW, ANON |
				 RM_MAP_FIXED, NULL, 0), a + 2 * P);
		CHECK_EQ(child->map_count, i ? 2 : 1);
		/* the parent's chain is singular: it merges in every era */
		CHECK_EQ(do_mmap(mm, a + 2 * P, 2 * P, RW, ANON |
				 RM_MAP_FIXED, NULL, 0), a + 2 * P);
		CHECK_EQ(mm->map_count, 1);
		CHECK_EQ(model_validate(), 0);
		mmput(child);
		mmput(mm);
		finish();
	}
}

int main(void)
{
	unsigned i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		test_chains(schemes[i]);
		test_validate_catches(schemes[i]);
		test_fork_chain(schemes[i]);
		test_page_move_anon_rmap(schemes[i]);
		test_swapin_root(schemes[i]);
		test_child_private_walk(schemes[i]);
	}
	test_reuse_counters();
	test_merge_rule();
	return test_done("test_avc");
}
