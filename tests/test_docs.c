/*
 * docs/generations.md says what the code runs: every generated table in it
 * (between "<!-- generated: PART -->" and its end marker) is exactly what
 * the registry prints for that part today. Fails with the fix when not.
 */
#include <stdlib.h>
#include <string.h>

#include "common/lib/slurp.h"
#include "common/rmap.h"
#include "tests/harness.h"

static const char *const parts[] = { "model", "generations", "schemes" };

/* What lies between the part's markers in doc, or NULL. */
static char *generated(const char *doc, const char *part, size_t *len)
{
	char begin[64], end[64];
	const char *b, *e;

	snprintf(begin, sizeof(begin), "<!-- generated: %s -->\n", part);
	snprintf(end, sizeof(end), "<!-- end generated: %s -->", part);
	b = strstr(doc, begin);
	e = b ? strstr(b, end) : NULL;
	if (!e)
		return NULL;
	b += strlen(begin);
	*len = e - b;
	return (char *)b;
}

TEST(generated_tables_match_the_registry)
{
	size_t doclen, len, mlen;
	char *doc, *want, *have;
	FILE *f;
	unsigned i;

	doc = slurp(RMAP_SOURCE_DIR "/docs/generations.md", &doclen);
	ASSERT_NONNULL(doc);
	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		have = generated(doc, parts[i], &len);
		EXPECT_NONNULL(have);
		if (!have)
			continue;
		want = NULL;
		f = open_memstream(&want, &mlen);
		ASSERT_NONNULL(f);
		EXPECT_EQ(rmap_registry_markdown(f, parts[i]), 0);
		fclose(f);
		if (len != mlen || memcmp(have, want, len))
			fprintf(stderr, "docs/generations.md: the %s table is "
				"out of date: run make docs\n", parts[i]);
		EXPECT_EQ(len, mlen);
		EXPECT_TRUE(!memcmp(have, want, len < mlen ? len : mlen));
		free(want);
	}
	free(doc);
}
