/*
 * The checker must be able to fail: a scheme whose walk drops one candidate
 * in a hundred, and one that yields a mapping twice, are both caught, while
 * the scan generation passes the same sequence.
 */
#include <string.h>

#include "common/check.h"
#include "tests/harness.h"

extern const struct rmap_scheme scan_scheme;

static struct rmap_scheme broken;
static unsigned long seen;
static bool drop;		/* drop one candidate, or report one twice */

static int faulty_one(struct page *page, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *ptep, void *arg)
{
	struct rmap_walk_control *rwc = arg;

	if (++seen % 100 == 0) {
		if (drop)
			return RMAP_CONTINUE;
		rwc->rmap_one(page, vma, addr, ptep, rwc->arg);
	}
	return rwc->rmap_one(page, vma, addr, ptep, rwc->arg);
}

static void faulty_walk(struct page *page, struct rmap_walk_control *rwc)
{
	struct rmap_walk_control inner = *rwc;

	inner.rmap_one = faulty_one;
	inner.arg = rwc;
	scan_scheme.walk(page, &inner);
}

static unsigned long run(const struct rmap_scheme *s)
{
	struct rmap_config cfg = { .anon = s, .file = s,
				   .model_sw[SW_FORK] = FORK_COPY_ALL };
	struct check_opts opts = { .ops = 2000, .seed = 5, .nr_pages = 2048 };
	struct check_result res;

	snprintf(cfg.name, sizeof(cfg.name), "%s", s->name);
	check_run(&cfg, &opts, &res);
	CHECK_EQ(res.leaks, 0);
	return res.mismatches;
}

int main(void)
{
	broken = scan_scheme;
	broken.name = "broken";
	broken.walk = faulty_walk;

	CHECK_EQ(run(&scan_scheme), 0);
	drop = true;
	CHECK(run(&broken) > 0);
	drop = false;
	seen = 0;
	CHECK(run(&broken) > 0);
	return test_done("test_check");
}
