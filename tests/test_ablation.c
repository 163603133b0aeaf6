/*
 * Ablations, "GEN+switch=value": a generation with exactly one rule
 * changed, which rmapbench runs beside the generations and RESULTS.md's
 * findings compare with it. The parse must change that one switch and
 * nothing else, refuse with one line whatever is not one change of one
 * switch the generation has, and every scenario's registered ablations
 * must parse.
 */
#include <string.h>

#include "tests/model_test.h"

/* How many switch values a and b differ in, over every table. */
static unsigned differences(const struct rmap_config *a,
			    const struct rmap_config *b)
{
	unsigned i, n = 0;

	for (i = 0; i < NR_MODEL_SWITCHES; i++)
		n += a->model_sw[i] != b->model_sw[i];
	for (i = 0; i < RMAP_MAX_SWITCHES; i++)
		n += (a->anon_sw[i] != b->anon_sw[i]) +
		     (a->file_sw[i] != b->file_sw[i]);
	return n + (a->anon != b->anon) + (a->file != b->file);
}

static int switch_of(const struct rmap_scheme *s, const char *name)
{
	unsigned i;

	for (i = 0; i < s->nswitches; i++)
		if (!strcmp(s->switches[i].name, name))
			return i;
	return -1;
}

TEST(model_switch_changes_that_switch_alone)
{
	struct rmap_config base, cfg;
	struct rmap_ablation ab;
	char err[512];

	parse_config("avc", &base);
	ASSERT_EQ(rmap_ablation_parse("avc+fork=copy", &ab, &cfg, err,
				      sizeof(err)), 0);
	EXPECT_STREQ(cfg.name, "avc+fork=copy");
	EXPECT_STREQ(ab.gen->name, "avc");
	EXPECT_STREQ(ab.sw->name, "fork");
	EXPECT_STREQ(ab.sw->values[ab.from], "lazy");
	EXPECT_STREQ(ab.sw->values[ab.to], "copy");
	EXPECT_EQ(cfg.model_sw[SW_FORK], FORK_COPY_ALL);
	EXPECT_EQ(differences(&base, &cfg), 1);
	/* rmapsim and rmapbench name configurations through the same parse */
	parse_config("avc+fork=copy", &base);
	EXPECT_EQ(differences(&base, &cfg), 0);
}

TEST(scheme_switch_changes_that_switch_alone)
{
	struct rmap_config base, cfg;
	struct rmap_ablation ab;
	char err[512];
	int k;

	parse_config("anon_vma", &base);
	ASSERT_EQ(rmap_ablation_parse("anon_vma+order=head", &ab, &cfg, err,
				      sizeof(err)), 0);
	k = switch_of(cfg.anon, "order");
	ASSERT_TRUE(k >= 0);
	EXPECT_STREQ(cfg.anon->switches[k].values[cfg.anon_sw[k]], "head");
	EXPECT_EQ(differences(&base, &cfg), 1);
}

/* rss is one rule of the walk code both sides share: both change. */
TEST(switch_of_both_schemes_changes_on_both)
{
	struct rmap_config base, cfg;
	struct rmap_ablation ab;
	char err[512];
	int a, f;

	parse_config("anon_vma", &base);
	ASSERT_EQ(rmap_ablation_parse("anon_vma+rss=2.6.7", &ab, &cfg, err,
				      sizeof(err)), 0);
	a = switch_of(cfg.anon, "rss");
	f = switch_of(cfg.file, "rss");
	ASSERT_TRUE(a >= 0 && f >= 0);
	EXPECT_EQ(cfg.anon_sw[a], 0);
	EXPECT_EQ(cfg.file_sw[f], 0);
	EXPECT_EQ(differences(&base, &cfg), 2);
}

/* One scheme serving both sides keeps one set of values. */
TEST(scheme_on_both_sides_keeps_one_set)
{
	struct rmap_config cfg;
	struct rmap_ablation ab;
	char err[512];

	ASSERT_EQ(rmap_ablation_parse("pte_chain+chain=2.5.27", &ab, &cfg,
				      err, sizeof(err)), 0);
	EXPECT_EQ(memcmp(cfg.anon_sw, cfg.file_sw, sizeof(cfg.anon_sw)), 0);
}

static void refused(const char *spec, const char *says)
{
	struct rmap_config cfg;
	char err[1024];

	err[0] = 0;
	EXPECT_EQ(rmap_config_parse(spec, &cfg, err, sizeof(err)), -1);
	EXPECT_TRUE(strstr(err, says) != NULL);
	EXPECT_TRUE(strchr(err, '\n') == NULL);
}

TEST(errors_are_one_line_and_name_the_fix)
{
	refused("avc+nosuch=1", "no switch 'nosuch'");
	refused("avc+nosuch=1", "fork=copy|lazy");
	/* a switch of a scheme the generation does not run */
	refused("avc+order=head", "scheme anon_vma's");
	refused("avc+fork=x", "takes copy or lazy, not 'x'");
	/* not an ablation: the generation's own value */
	refused("avc+fork=lazy", "already runs fork=lazy");
	refused("avc+fork=copy+lru=2.6.0", "one switch");
	refused("avc+", "GENERATION+switch=value");
	refused("avc+=copy", "GENERATION+switch=value");
	refused("nosuch+fork=copy", "unknown generation 'nosuch'");
	refused("anon=avc,file=itree+fork=copy", "unknown generation");
	/* the ablated configuration must still be one the model can run */
	refused("scan+lru=2.6.5", "needs lru=2.4");
}

/* Every scenario's registered ablations are ablations this build runs. */
TEST(registered_ablations_parse)
{
	struct rmap_config cfg, base;
	struct rmap_ablation ab;
	char buf[512], err[512], *tok, *save;
	unsigned s, n = 0;

	for (s = 0; s < nr_scenarios; s++) {
		if (!scenarios[s]->ablations)
			continue;
		snprintf(buf, sizeof(buf), "%s", scenarios[s]->ablations);
		for (tok = strtok_r(buf, " ", &save); tok;
		     tok = strtok_r(NULL, " ", &save), n++) {
			err[0] = 0;
			EXPECT_EQ(rmap_ablation_parse(tok, &ab, &cfg, err,
						      sizeof(err)), 0);
			EXPECT_STREQ(err, "");
			parse_config(ab.gen->name, &base);
			EXPECT_GE(differences(&base, &cfg), 1);
		}
	}
	EXPECT_GT(n, 0);
}

/*
 * Whether a and b differ in exactly one scheme and nothing else: the other
 * side's scheme and switches and every model switch the same.
 */
static bool one_scheme_apart(const struct rmap_config *a,
			     const struct rmap_config *b)
{
	unsigned i;

	for (i = 0; i < NR_MODEL_SWITCHES; i++)
		if (a->model_sw[i] != b->model_sw[i])
			return false;
	if (a->anon != b->anon && a->file == b->file)
		return !memcmp(a->file_sw, b->file_sw, sizeof(a->file_sw));
	if (a->file != b->file && a->anon == b->anon)
		return !memcmp(a->anon_sw, b->anon_sw, sizeof(a->anon_sw));
	return false;
}

/*
 * Each bridge ablation is one switch from its generation and one scheme
 * from another generation (degree+lock=3.7 from interval), which it is
 * not without the switch: the pair of generations it bridges.
 */
TEST(bridge_ablations_put_back_one_scheme_between_generations)
{
	struct rmap_config cfg, base, other;
	struct rmap_ablation ab;
	char buf[256], err[512], *tok, *save;
	unsigned g, n = 0, bridged;

	snprintf(buf, sizeof(buf), "%s", rmap_bridge_ablations);
	for (tok = strtok_r(buf, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save), n++) {
		EXPECT_EQ(rmap_ablation_parse(tok, &ab, &cfg, err,
					      sizeof(err)), 0);
		parse_config(ab.gen->name, &base);
		for (g = bridged = 0; g < rmap_nr_generations; g++) {
			parse_config(rmap_generations[g].name, &other);
			if (one_scheme_apart(&cfg, &other)) {
				EXPECT_FALSE(one_scheme_apart(&base, &other));
				bridged++;
			}
		}
		EXPECT_GT(bridged, 0);
	}
	EXPECT_GT(n, 0);
}
