/*
 * The registry as markdown: the tables docs/generations.md carries between
 * its generated markers (scripts/docs.sh writes them, test_docs checks
 * them), so the document and `rmapsim list` cannot disagree.
 */
#include <stdio.h>
#include <string.h>

#include "common/rmap.h"

/* A table cell: no '|' may end it early. */
static void cell(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', f);
		fputc(*s, f);
	}
}

static void switch_tables(FILE *f, const struct rmap_switch *sw, unsigned n)
{
	unsigned i, k;

	for (i = 0; i < n; i++) {
		fprintf(f, "\n`%s`: %s. Source: ", sw[i].name, sw[i].help);
		cell(f, sw[i].source);
		fprintf(f, ".\n\n| value | releases and rule |\n|---|---|\n");
		for (k = 0; sw[i].values[k]; k++) {
			fprintf(f, "| `%s=%s` | ", sw[i].name, sw[i].values[k]);
			cell(f, sw[i].releases[k]);
			fprintf(f, " |\n");
		}
	}
}

static void generations_table(FILE *f)
{
	struct rmap_config cfg;
	char spec[384], err[256];
	unsigned i;

	fprintf(f, "| generation | id | releases | what | configuration |\n"
		"|---|---|---|---|---|\n");
	for (i = 0; i < rmap_nr_generations; i++) {
		const struct rmap_generation *g = &rmap_generations[i];

		if (rmap_config_parse(g->name, &cfg, err, sizeof(err)))
			snprintf(spec, sizeof(spec), "(%s)", err);
		else
			rmap_config_describe(&cfg, spec, sizeof(spec));
		fprintf(f, "| `%s` | %u | %s | ", g->name, g->id, g->kernel);
		cell(f, g->desc);
		fprintf(f, " | `%s` |\n", spec);
	}
}

static void scheme_sections(FILE *f)
{
	const struct rmap_scheme *const *s;
	unsigned i, n;

	s = rmap_schemes(&n);
	for (i = 0; i < n; i++) {
		if (!s[i])
			continue;
		fprintf(f, "%s### Scheme `%s` (%s)\n\n%s.\n", i ? "\n" : "",
			s[i]->name,
			s[i]->sides == (RMAP_SIDE_ANON | RMAP_SIDE_FILE) ?
			"anon and file" : s[i]->sides == RMAP_SIDE_ANON ?
			"anon" : "file", s[i]->desc);
		if (!s[i]->nswitches)
			fprintf(f, "\nNo switches.\n");
		switch_tables(f, s[i]->switches, s[i]->nswitches);
	}
}

int rmap_registry_markdown(FILE *f, const char *part)
{
	if (!strcmp(part, "model"))
		switch_tables(f, rmap_model_switches, NR_MODEL_SWITCHES);
	else if (!strcmp(part, "generations"))
		generations_table(f);
	else if (!strcmp(part, "schemes"))
		scheme_sections(f);
	else
		return -1;
	return 0;
}
