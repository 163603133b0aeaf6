#include <string.h>

#include "common/check.h"
#include "tests/model_test.h"

static struct rmap_config config;

void parse_config(const char *spec, struct rmap_config *cfg)
{
	char err[256];
	int ret = rmap_config_parse(spec, cfg, err, sizeof(err));

	if (ret)
		fprintf(stderr, "%s: %s\n", spec, err);
	ASSERT_EQ(ret, 0);
}

const struct rmap_config *start_model(const char *spec,
				      unsigned long nr_pages)
{
	parse_config(spec, &config);
	ASSERT_EQ(model_init(&config, nr_pages), 0);
	return &config;
}

void finish_model(void)
{
	ASSERT_EQ(model_exit(), 0);
}

struct vm_area_struct *vma_at(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

pte_t pte_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t *p = pte_offset(mm, addr);

	return p ? ptep_get(p) : 0;
}

bool press_until_swapped(struct mm_struct *mm, unsigned long addr)
{
	int round;

	for (round = 0; round < 16 && !pte_is_swap(pte_at(mm, addr)); round++)
		shrink(lru_size());
	return pte_is_swap(pte_at(mm, addr));
}

struct page *page_at(struct mm_struct *mm, unsigned long addr)
{
	pte_t pte = pte_at(mm, addr);

	return pte_present(pte) ? pte_page(pte) : NULL;
}

static int count_one(struct page *page, struct vm_area_struct *vma,
		     unsigned long addr, pte_t *ptep, void *arg)
{
	struct walk_result *w = arg;

	(void)page;
	(void)vma;
	(void)ptep;
	w->mappings++;
	w->last_addr = addr;
	return RMAP_CONTINUE;
}

struct walk_result walk_page(struct page *page, bool all)
{
	struct walk_result w = { 0 };
	struct rmap_walk_control rwc = {
		.rmap_one = count_one, .arg = &w, .all = all,
	};
	unsigned long nodes = rmap_stats.nodes;
	unsigned long candidates = rmap_stats.candidates;

	rmap_walk(page, &rwc);
	w.nodes = rmap_stats.nodes - nodes;
	w.candidates = rmap_stats.candidates - candidates;
	return w;
}

unsigned long rmap_objects(void)
{
	struct slab_totals t;

	slab_rmap_totals(&t);
	return t.objects;
}

struct cache_search {
	const char *name;
	const struct kmem_cache *found;
};

static void match_cache(const struct kmem_cache *c, void *arg)
{
	struct cache_search *s = arg;

	if (!strcmp(c->name, s->name))
		s->found = c;
}

const struct kmem_cache *cache_named(const char *name)
{
	struct cache_search s = { name, NULL };

	slab_for_each(match_cache, &s);
	ASSERT_NONNULL(s.found);
	return s.found;
}

unsigned long ring_len(const struct list_head *head)
{
	const struct list_head *p;
	unsigned long n = 0;

	for (p = head->next; p != head; p = p->next)
		n++;
	return n;
}

int scenario_once(const struct scenario *sc, struct scenario_ctx *ctx,
		  const struct rmap_config *cfg, unsigned long nr_pages,
		  bool verify, struct model_counters *c)
{
	struct counters_snapshot snap;
	struct model_counters unused;
	char what[128];
	int ret;

	ASSERT_EQ(model_init(cfg, nr_pages), 0);
	/* hold times where rmapbench times them */
	lock_holds_set(sc->lock_holds);
	ret = sc->setup(ctx);
	/* also after a failed setup: the model must be whole after one */
	snprintf(what, sizeof(what), "%s on %s after setup", sc->name,
		 cfg->name);
	if (verify)
		EXPECT_EQ(check_verify(stderr, what), 0);
	if (!ret) {
		counters_begin(&snap);
		ret = sc->run(ctx);
		counters_end(&snap, c ? c : &unused);
		snprintf(what, sizeof(what), "%s on %s after run", sc->name,
			 cfg->name);
		if (verify)
			EXPECT_EQ(check_verify(stderr, what), 0);
	}
	scenario_teardown_run(sc, ctx);
	EXPECT_EQ(model_exit(), 0);
	lock_holds_set(false);
	return ret;
}

static struct quiesced quiesced;

static unsigned long quiescent_check(void)
{
	unsigned long bad = check_verify(stderr, "between rounds");

	quiesced.checks++;
	quiesced.mismatches += bad;
	return bad;
}

struct quiesced scenario_checked(const char *name, const char *gen,
				 uint64_t seed, const char *const *assign,
				 struct model_counters *c)
{
	const struct scenario *sc = scenario_find(name);
	struct scenario_ctx ctx;
	struct rmap_config cfg;
	char err[256];

	ASSERT_NONNULL(sc);
	parse_config(gen, &cfg);
	scenario_defaults(sc, &ctx, seed);
	for (; *assign; assign++)
		ASSERT_EQ(scenario_set_param(sc, &ctx, *assign, err,
					     sizeof(err)), 0);
	quiesced = (struct quiesced){ 0, 0 };
	scenario_quiesce_check = quiescent_check;
	ASSERT_EQ(scenario_once(sc, &ctx, &cfg, sc->mem_pages(&ctx), true,
				c), 0);
	scenario_quiesce_check = NULL;
	return quiesced;
}

#ifdef RMAP_LOCKDEP
const bool pte_clears_counted = true;

void pte_clears(unsigned long c[2])
{
	memcpy(c, pte_full_clears, 2 * sizeof(*c));
}
#else
const bool pte_clears_counted = false;

void pte_clears(unsigned long c[2])
{
	c[0] = c[1] = 0;
}
#endif

void pte_clears_since(unsigned long c[2], unsigned long mark[2])
{
	unsigned long now[2];

	pte_clears(now);
	c[0] = now[0] - mark[0];
	c[1] = now[1] - mark[1];
	memcpy(mark, now, sizeof(now));
}
