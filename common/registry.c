/*
 * The generation registry: which rmap scheme history shipped for anonymous
 * and for file pages, in which kernels, and with which fork behaviour. Adding
 * a scheme is one line in rmap_scheme_table; a generation is one line below.
 */
#include <stdio.h>
#include <string.h>

#include "common/rmap.h"

extern const struct rmap_scheme scan_scheme;
extern const struct rmap_scheme pte_chain_scheme;
extern const struct rmap_scheme linear_scheme;
extern const struct rmap_scheme prio_tree_scheme;
extern const struct rmap_scheme anon_vma_scheme;
extern const struct rmap_scheme anonmm_scheme;
extern const struct rmap_scheme itree_scheme;
extern const struct rmap_scheme avc_scheme;
extern const struct rmap_scheme avc_itree_scheme;
extern const struct rmap_scheme avc_reuse_scheme;

static const struct rmap_scheme *const rmap_scheme_table[] = {
	&scan_scheme,
	&pte_chain_scheme,
	&linear_scheme,
	&prio_tree_scheme,
	&anon_vma_scheme,
	&anonmm_scheme,
	&itree_scheme,
	&avc_scheme,
	&avc_itree_scheme,
	&avc_reuse_scheme,
};

const struct rmap_generation rmap_generations[] = {
	{ "scan", "2.4", "scan", "scan", FORK_COPY_ALL,
	  "no rmap: scan every page table of every mm" },
	{ "pte_chain", "2.5.27-2.6.6", "pte_chain", "pte_chain", FORK_COPY_ALL,
	  "a chain of pte addresses for every mapped page" },
	{ "objrmap", "2.5.62-mjb, 2.6.7-rc1 rmap 7", "pte_chain", "linear",
	  FORK_COPY_ALL,
	  "file pages by i_mmap lists, anonymous pages on pte_chains" },
	{ "anonmm", "2.6.7-rc1 rmap 10-37", "anonmm", "prio_tree",
	  FORK_COPY_ALL,
	  "anonymous pages by mm and address, file pages by prio tree" },
	{ "anon_vma", "2.6.7-2.6.33", "anon_vma", "prio_tree", FORK_COPY_ALL,
	  "anonymous pages by anon_vma list, file pages by prio tree" },
	{ "avc", "2.6.34-3.6", "avc", "prio_tree", FORK_SKIP_NO_ANON,
	  "anon_vma_chain lists per anon_vma, file pages by prio tree" },
	{ "interval", "3.7-3.18", "avc_itree", "itree", FORK_SKIP_NO_ANON,
	  "interval trees of avcs and of file vmas" },
	{ "reuse", "6.0-today", "avc_reuse", "itree", FORK_SKIP_NO_ANON,
	  "interval trees, fork reuses idle anon_vmas" },
};

const unsigned rmap_nr_generations =
	sizeof(rmap_generations) / sizeof(rmap_generations[0]);

const struct rmap_scheme *const *rmap_schemes(unsigned *n)
{
	*n = sizeof(rmap_scheme_table) / sizeof(rmap_scheme_table[0]);
	return rmap_scheme_table;
}

const struct rmap_scheme *rmap_find_scheme(const char *name)
{
	unsigned i, n;
	const struct rmap_scheme *const *t = rmap_schemes(&n);

	for (i = 0; i < n; i++)
		if (!strcmp(t[i]->name, name))
			return t[i];
	return NULL;
}

const struct rmap_generation *rmap_find_generation(const char *name)
{
	unsigned i;

	for (i = 0; i < rmap_nr_generations; i++)
		if (!strcmp(rmap_generations[i].name, name))
			return &rmap_generations[i];
	return NULL;
}

static void list_names(char *buf, unsigned len, bool generations,
		       unsigned side)
{
	unsigned i, n, used = 0;
	const struct rmap_scheme *const *t = rmap_schemes(&n);

	buf[0] = 0;
	if (generations)
		n = rmap_nr_generations;
	for (i = 0; i < n && used < len; i++) {
		const char *name;

		if (generations) {
			name = rmap_generations[i].name;
		} else {
			if (!(t[i]->sides & side))
				continue;
			name = t[i]->name;
		}
		used += snprintf(buf + used, len - used, "%s%s",
				 used ? ", " : "", name);
	}
}

static int pick_scheme(const char *name, unsigned side,
		       const struct rmap_scheme **out, char *err, unsigned errlen)
{
	char names[256];
	const struct rmap_scheme *s = rmap_find_scheme(name);

	if (s && (s->sides & side)) {
		*out = s;
		return 0;
	}
	list_names(names, sizeof(names), false, side);
	snprintf(err, errlen, "%s scheme '%s' is not one of: %s",
		 side == RMAP_SIDE_ANON ? "anon" : "file", name, names);
	return -1;
}

/* "anon=X,file=Y[,fork=copy|lazy]" */
static int parse_pair(const char *spec, struct rmap_config *cfg, char *err,
		      unsigned errlen)
{
	char buf[128], *tok, *save = NULL;
	bool fork_set = false;

	cfg->anon = cfg->file = NULL;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strncmp(tok, "anon=", 5)) {
			if (pick_scheme(tok + 5, RMAP_SIDE_ANON, &cfg->anon,
					err, errlen))
				return -1;
		} else if (!strncmp(tok, "file=", 5)) {
			if (pick_scheme(tok + 5, RMAP_SIDE_FILE, &cfg->file,
					err, errlen))
				return -1;
		} else if (!strcmp(tok, "fork=copy")) {
			cfg->fork_mode = FORK_COPY_ALL;
			fork_set = true;
		} else if (!strcmp(tok, "fork=lazy")) {
			cfg->fork_mode = FORK_SKIP_NO_ANON;
			fork_set = true;
		} else {
			snprintf(err, errlen, "variant '%s': '%s' is not "
				 "anon=SCHEME, file=SCHEME or fork=copy|lazy",
				 spec, tok);
			return -1;
		}
	}
	if (!cfg->anon || !cfg->file) {
		snprintf(err, errlen, "variant '%s' needs both anon=SCHEME and "
			 "file=SCHEME", spec);
		return -1;
	}
	if (!fork_set)
		cfg->fork_mode = (cfg->anon->flags & RMAP_USES_ANON_VMA) ?
				 FORK_SKIP_NO_ANON : FORK_COPY_ALL;
	snprintf(cfg->name, sizeof(cfg->name), "%s", spec);
	return 0;
}

int rmap_config_parse(const char *spec, struct rmap_config *cfg,
		      char *err, unsigned errlen)
{
	const struct rmap_generation *g;
	char names[256];

	if (strchr(spec, '='))
		return parse_pair(spec, cfg, err, errlen);
	g = rmap_find_generation(spec);
	if (!g) {
		list_names(names, sizeof(names), true, 0);
		snprintf(err, errlen, "unknown generation '%s': choose one of "
			 "%s, or anon=SCHEME,file=SCHEME", spec, names);
		return -1;
	}
	cfg->anon = rmap_find_scheme(g->anon);
	cfg->file = rmap_find_scheme(g->file);
	if (!cfg->anon || !cfg->file) {
		snprintf(err, errlen, "generation '%s' names a scheme that is "
			 "not registered", spec);
		return -1;
	}
	cfg->fork_mode = g->fork_mode;
	snprintf(cfg->name, sizeof(cfg->name), "%s", g->name);
	return 0;
}
