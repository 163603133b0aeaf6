/*
 * Stable identities: stored fuzz inputs, results and plot styles key on a
 * generation's id, so ids are unique, fit the fuzz input's first byte, and
 * never move: the ids stored inputs use are pinned here, and every stored
 * fuzz_ops input must name a registered generation (an input naming none
 * would silently stop being run). Adding a generation takes a new id and
 * changes nothing below.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "common/lib/slurp.h"
#include "tests/model_test.h"

/* The ids the stored corpus was keyed with, and what each names. */
static const struct {
	unsigned id;
	const char *name;
} pinned[] = {
	{ 0, "scan" }, { 1, "pte_chain" }, { 2, "objrmap" }, { 3, "anonmm" },
	{ 4, "anon_vma" }, { 5, "avc" }, { 6, "interval" }, { 7, "reuse" },
};

TEST(ids_unique_and_byte_sized)
{
	unsigned i, j;

	for (i = 0; i < rmap_nr_generations; i++) {
		EXPECT_LT(rmap_generations[i].id, 256);
		for (j = 0; j < i; j++)
			EXPECT_NE(rmap_generations[i].id,
				  rmap_generations[j].id);
	}
}

TEST(pinned_ids_never_move)
{
	const struct rmap_generation *g;
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(pinned); i++) {
		g = rmap_generation_by_id(pinned[i].id);
		ASSERT_NONNULL(g);
		EXPECT_STREQ(g->name, pinned[i].name);
	}
}

TEST(stored_fuzz_inputs_name_a_generation)
{
	const char *dir = RMAP_SOURCE_DIR "/tests/fuzz/corpus/fuzz_ops";
	unsigned long inputs = 0;
	char path[4096];
	struct dirent *d;
	unsigned char *data;
	size_t len;
	DIR *dp;

	dp = opendir(dir);
	ASSERT_NONNULL(dp);
	while ((d = readdir(dp))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		data = slurp(path, &len);
		ASSERT_NONNULL(data);
		if (len >= 2 && !rmap_generation_by_id(data[0]))
			fprintf(stderr, "%s: its first byte, %u, names no "
				"generation\n", path, data[0]);
		EXPECT_TRUE(len < 2 || rmap_generation_by_id(data[0]));
		free(data);
		inputs++;
	}
	closedir(dp);
	EXPECT_GT(inputs, 100);
}
