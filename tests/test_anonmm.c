/*
 * The anonmm scheme (2.6.7-rc1, rmap 10 - 37): a fork family's anonmms are
 * on its head's list and a walk probes each at page->index, the recorded
 * mm first; an exited mm's anonmm is skipped, and page_referenced moves its
 * pages to a live one so it can be freed; mremap rewrites the address of
 * an exclusive page and copies a shared one; a swap pte moved by mremap is
 * swapped in as a copy, since nobody would find it at its new address.
 */
#include "common/lib/slab.h"
#include "common/check.h"
#include "common/model.h"
#include "tests/harness.h"

#define P PAGE_SIZE
#define RW (RM_PROT_READ | RM_PROT_WRITE)
#define ANON (RM_MAP_PRIVATE | RM_MAP_ANON)

extern const struct rmap_scheme anonmm_scheme;

static void start(void)
{
	struct rmap_config cfg;
	char err[256];

	CHECK_EQ(rmap_config_parse("anonmm", &cfg, err, sizeof(err)), 0);
	CHECK(cfg.anon == &anonmm_scheme);
	CHECK_EQ(model_init(&cfg, 4096), 0);
}

static void finish(void)
{
	CHECK_EQ(model_exit(), 0);
}

/* Live anonmms: the only rmap slab objects of this generation. */
static unsigned long anonmms(void)
{
	struct slab_totals t;

	slab_rmap_totals(&t);
	return t.objects;
}

static struct page *page_at(struct mm_struct *mm, unsigned long a)
{
	pte_t *p = pte_offset(mm, a);

	return p && pte_present(*p) ? pte_page(*p) : NULL;
}

static int ignore(struct page *page, struct vm_area_struct *vma,
		  unsigned long addr, pte_t *ptep, void *arg)
{
	(void)page;
	(void)vma;
	(void)addr;
	(void)ptep;
	(void)arg;
	return RMAP_CONTINUE;
}

/* A full walk (the checker's): how many anonmms it looked at. */
static unsigned long walk_nodes(struct page *page)
{
	unsigned long before = rmap_stats.nodes;
	struct rmap_walk_control rwc = { .rmap_one = ignore, .all = true };

	rmap_walk(page, &rwc);
	return rmap_stats.nodes - before;
}

static void test_family(void)
{
	struct mm_struct *a, *b, *c, *d;
	unsigned long x, y, before;
	struct page *page;

	start();
	a = mm_new();
	x = do_mmap(a, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(a, x, 4 * P, true), 0);
	b = dup_mm(a);
	c = dup_mm(b);
	d = mm_new();		/* exec: a family of its own */
	y = do_mmap(d, x, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(d, y, 4 * P, true), 0);
	CHECK_EQ(anonmms(), 4);
	page = page_at(a, x + P);
	CHECK(page_anon_object(page) == a->rmap_mm);
	CHECK_EQ(page->index, x + P);
	CHECK_EQ(page_mapcount(page), 3);
	/* a, then b and c down the list; d is never looked at */
	before = rmap_stats.candidates;
	CHECK_EQ(walk_nodes(page), 3);
	CHECK_EQ(rmap_stats.candidates - before, 3);
	/* c's own copy: found at once, in the recorded mm */
	CHECK_EQ(handle_mm_fault(c, x + P, true), VM_FAULT_MINOR);
	page = page_at(c, x + P);
	CHECK(page_anon_object(page) == c->rmap_mm);
	before = rmap_stats.nodes;
	page_referenced(page);
	CHECK_EQ(rmap_stats.nodes - before, 1);
	CHECK_EQ(anonmm_scheme.validate(), 0);
	CHECK_EQ(check_verify(stderr, "family"), 0);
	mmput(a);		/* the head outlives its mm */
	CHECK_EQ(anonmms(), 4);
	mmput(b);
	mmput(c);
	CHECK_EQ(anonmms(), 1);
	mmput(d);
	CHECK_EQ(anonmms(), 0);
	finish();
}

static void test_extinct(void)
{
	struct mm_struct *a, *b, *c;
	unsigned long x, cand;
	struct page *page;

	start();
	a = mm_new();
	x = do_mmap(a, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(a, x, 4 * P, true), 0);
	b = dup_mm(a);
	CHECK_EQ(handle_mm_fault(b, x + P, true), VM_FAULT_MINOR);
	page = page_at(b, x + P);
	c = dup_mm(b);
	mmput(b);
	/* b's anonmm stays for the page it faulted, now c's alone */
	CHECK_EQ(anonmms(), 3);
	CHECK_EQ(page_mapcount(page), 1);
	CHECK(page_anon_object(page) != c->rmap_mm);
	CHECK_EQ(anonmm_scheme.validate(), 0);
	/* b is skipped without a probe; c, next on the list, has it */
	cand = rmap_stats.candidates;
	CHECK_EQ(walk_nodes(page), 3);
	CHECK_EQ(rmap_stats.candidates - cand, 2);
	/* aging moves the page to c, and b's anonmm is freed */
	page_referenced(page);
	CHECK(page_anon_object(page) == c->rmap_mm);
	CHECK_EQ(anonmms(), 2);
	CHECK_EQ(anonmm_scheme.validate(), 0);
	CHECK_EQ(check_verify(stderr, "extinct"), 0);
	mmput(c);
	mmput(a);
	finish();
}

static void test_mremap(void)
{
	unsigned long x, to = 0x60000000UL, to2 = 0x70000000UL, cows;
	struct mm_struct *a, *b;
	struct page *page;

	start();
	a = mm_new();
	x = do_mmap(a, 0, 4 * P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(a, x, 4 * P, true), 0);
	page = page_at(a, x + 2 * P);
	cows = rmap_stats.cow_copies;
	/* exclusive: the page keeps its frame and takes the new address */
	CHECK_EQ(do_mremap(a, x, 4 * P, 4 * P, RM_MREMAP_MAYMOVE |
			   RM_MREMAP_FIXED, to), to);
	CHECK(page_at(a, to + 2 * P) == page);
	CHECK_EQ(page->index, to + 2 * P);
	CHECK_EQ(rmap_stats.cow_copies, cows);
	/* shared with a child: each moved pte gets its own copy */
	b = dup_mm(a);
	CHECK_EQ(do_mremap(a, to, 4 * P, 4 * P, RM_MREMAP_MAYMOVE |
			   RM_MREMAP_FIXED, to2), to2);
	CHECK(page_at(a, to2 + 2 * P) != page);
	CHECK(page_at(b, to + 2 * P) == page);
	CHECK_EQ(page->index, to + 2 * P);
	CHECK_EQ(page_mapcount(page), 1);
	CHECK_EQ(page_at(a, to2 + 2 * P)->index, to2 + 2 * P);
	CHECK_EQ(rmap_stats.cow_copies, cows + 4);
	CHECK_EQ(anonmm_scheme.validate(), 0);
	CHECK_EQ(check_verify(stderr, "mremap"), 0);
	mmput(b);
	mmput(a);
	finish();
}

static void test_swapin_at_moved_address(void)
{
	unsigned long x, to = 0x60000000UL, cows;
	struct mm_struct *a, *b;
	struct page *page;
	int i;

	start();
	a = mm_new();
	x = do_mmap(a, 0, P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(a, x, P, true), 0);
	b = dup_mm(a);
	for (i = 0; i < 8 && page_at(a, x); i++)
		shrink(64);
	CHECK(!page_at(a, x) && !page_at(b, x));
	/* b's swap pte moves; a brings the page back in at x */
	CHECK_EQ(do_mremap(b, x, P, P, RM_MREMAP_MAYMOVE | RM_MREMAP_FIXED,
			   to), to);
	CHECK_EQ(handle_mm_fault(a, x, false), VM_FAULT_MINOR);
	page = page_at(a, x);
	CHECK(page && PageSwapCache(page));
	CHECK_EQ(page->index, x);
	cows = rmap_stats.cow_copies;
	/* at to, b could never be found: it gets a copy */
	CHECK_EQ(handle_mm_fault(b, to, false), VM_FAULT_MINOR);
	CHECK(page_at(b, to) && page_at(b, to) != page);
	CHECK_EQ(page_at(b, to)->index, to);
	CHECK_EQ(rmap_stats.cow_copies, cows + 1);
	CHECK_EQ(page_mapcount(page), 1);
	CHECK_EQ(anonmm_scheme.validate(), 0);
	CHECK_EQ(check_verify(stderr, "swap-in"), 0);
	mmput(b);
	mmput(a);
	finish();
}

/* validate() must notice a page whose reference was not counted. */
static void test_validate_catches(void)
{
	struct mm_struct *a, *b;
	struct page *page;
	unsigned long x;

	start();
	a = mm_new();
	x = do_mmap(a, 0, P, RW, ANON, NULL, 0);
	CHECK_EQ(touch_range(a, x, P, true), 0);
	b = dup_mm(a);
	page = page_at(a, x);
	CHECK_EQ(anonmm_scheme.validate(), 0);
	page_set_anon(page, b->rmap_mm, x);
	fprintf(stderr, "(an error message is expected here)\n");
	CHECK(anonmm_scheme.validate() != 0);
	page_set_anon(page, a->rmap_mm, x);
	CHECK_EQ(anonmm_scheme.validate(), 0);
	mmput(b);
	mmput(a);
	finish();
}

int main(void)
{
	test_family();
	test_extinct();
	test_mremap();
	test_swapin_at_moved_address();
	test_validate_catches();
	return test_done("test_anonmm");
}
