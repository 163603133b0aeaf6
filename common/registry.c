/*
 * The generation registry: the rmap schemes (variants/schemes.def), the
 * model's era switches, and the generations, each a named preset of a
 * scheme pair and switch values as a range of releases ran it. Adding a
 * scheme is one folder and one line in schemes.def; a generation is one row
 * below. Everything that names a configuration (--generation, --variant,
 * the benchmarks, the fuzzer) goes through rmap_config_parse().
 */
#include <stdio.h>
#include <string.h>

#include "common/lib/kernel.h"
#include "common/lib/prng.h"
#include "common/rmap.h"

#define SCHEME(id, x)	extern const struct rmap_scheme x##_scheme;
#include "variants/schemes.def"
#undef SCHEME

static const struct rmap_scheme *const rmap_scheme_table[] = {
#define SCHEME(id, x)	[id] = &x##_scheme,
#include "variants/schemes.def"
#undef SCHEME
};

#define VALUES(...)	(const char *const[]){ __VA_ARGS__, NULL }
#define RELEASES(...)	(const char *const[]){ __VA_ARGS__ }

const struct rmap_switch rmap_model_switches[NR_MODEL_SWITCHES] = {
	[SW_FORK] = { "fork", "which ptes fork copies",
		VALUES("copy", "lazy"),
		RELEASES("2.5.27-2.6.13: copy_page_range copies every pte of "
			 "every vma",
			 "2.6.14+: vmas with no anon_vma are skipped; their "
			 "pages refault"),
		"Nick Piggin's lazy fork, 2.6.14 (copy_page_range's "
		"anon_vma test)" },
	[SW_LRU] = { "lru", "how reclaim finds and ages mapped pages",
		VALUES("2.4", "2.6.0", "2.6.5", "2.6.25"),
		RELEASES("2.4: no rmap: shrink_cache counts mapped pages and "
			 "calls swap_out, a clock over every process's page "
			 "tables that unmaps what is not young",
			 "2.6.0-2.6.4: page_referenced on every mapped active "
			 "page, then reclaim_mapped",
			 "2.6.5-2.6.24: mapped pages stay active unless "
			 "reclaim_mapped, and only then are walked",
			 "2.6.25-2.6.27: as 2.6.5, and page_referenced counts a "
			 "mapping in an mlocked vma referenced and stops there; "
			 "the generations after 2.6.27 run this LRU too"),
		"82b02f8fd9 \"vmscan: preserve page referenced info in "
		"refill_inactive()\" (2.6.5); 5a9bbdcd29ad (2.6.25); the "
		"two-list LRU ended with 2.6.28's split LRU and unevictable "
		"list, which are not modelled" },
	[SW_SWAPCACHE] = { "swapcache",
		"when a swapped-in or reused page leaves the swap cache",
		VALUES("2.6.0", "2.6.29"),
		RELEASES("2.6.0-2.6.28: swap-in frees the slot only when swap "
			 "is half full; COW reuse keeps it",
			 "2.6.29+: also when the vma is mlocked, and a write "
			 "that reuses the page (swap-in or COW) frees it"),
		"7b1fe59793e \"mm: reuse_swap_page replaces "
		"can_share_swap_page\" and a2c43eed833 (2.6.29)" },
	[SW_SWAPIN] = { "swapin",
		"whether swap-in files a page under the vma's own anon_vma",
		VALUES("2.6.0", "2.6.36", "5.19"),
		RELEASES("2.6.0-2.6.35: a page read from swap is shared: the "
			 "oldest anon_vma",
			 "2.6.36-5.18: a write fault on a page no one else "
			 "maps or holds in swap is exclusive",
			 "5.19+: the swap pte's exclusive bit (set at unmap of "
			 "an exclusive page, cleared by fork), read faults "
			 "too"),
		"ad8c2ee801ad (2.6.36); 6c287605fd56 and 1493a1913e34 "
		"(PG_anon_exclusive and its swap pte bit, 5.19)" },
	[SW_PROBE] = { "probe", "when a walk's probe takes the pte lock",
		VALUES("2.6.7", "2.6.15"),
		RELEASES("2.6.7-2.6.14: page_table_lock before the page "
			 "table walk, for every vma in range",
			 "2.6.15+: only at a present pte (page_check_address's "
			 "quick check, later page_vma_mapped_walk)"),
		"c0718806cf9 \"mm: rmap with inner ptlock\" (2.6.15)" },
	[SW_MAPLOCK] = { "maplock",
		"whether rmap updates and reclaim's walks lock the page",
		VALUES("2.5.27", "2.6.9"),
		RELEASES("2.5.27-2.6.8: the page's rmap bit lock, PG_chainlock "
			 "(PG_maplock from 2.6.6), on every add, dup and remove "
			 "and around reclaim's walks",
			 "2.4, and 2.6.9+: none (2.4 had no rmap; 2.6.9 made "
			 "_mapcount atomic)"),
		"f7f5e03df0 \"rmaplock: kill page_map_lock\" (2.6.9)" },
	[SW_ZEROPAGE] = { "zeropage",
		"what an anonymous read fault maps",
		VALUES("map", "none"),
		RELEASES("2.4-2.6.23, 2.6.32+: the zero page, read-only, "
			 "outside rmap and rss (PageReserved to 2.6.14, a "
			 "special pte from 2.6.32; 2.6.15-2.6.23 refcounted it "
			 "and counted it in file_rss and _mapcount, which the "
			 "model does not)",
			 "2.6.24-2.6.31: no zero page: anon_vma_prepare and a "
			 "fresh page, mapped dirty (writable where the vma "
			 "is), as a write fault"),
		"557ed1fa2620 \"remove ZERO_PAGE\" (2.6.24), a13ea5b75964 "
		"\"mm: reinstate ZERO_PAGE\" (2.6.32)" },
	[SW_MREMAP] = { "mremap", "the rmap locks mremap takes moving ptes",
		VALUES("2.6.0", "2.6.7", "2.6.15", "3.7"),
		RELEASES("2.5-2.6.6: move_one_page takes the page_table_lock "
			 "only: no rmap lock",
			 "2.6.7-2.6.14: i_mmap_lock for every page of a file "
			 "vma (move_one_page)",
			 "2.6.15-3.6: i_mmap_lock per extent of a file vma "
			 "(move_ptes)",
			 "3.7+: i_mmap and anon_vma locks per extent, only when "
			 "copy_vma says the move could reorder a walk "
			 "(need_rmap_locks)"),
		"move_ptes in 2.6.15 and 3.7 (38a76013ad80)" },
	[SW_UNLINK] = { "unlink",
		"how freeing vmas (munmap, exit) takes the i_mmap lock",
		VALUES("2.6.0", "6.11"),
		RELEASES("to 6.10: once per file vma (unlink_file_vma)",
			 "6.11+: free_pgtables unlinks the vmas of one file "
			 "among nearby vmas (gaps up to PMD_SIZE) in batches "
			 "of up to 8 under one hold (unlink_file_vma_batch_*)"),
		"3577dbb19241 \"mm: batch unlink_file_vma calls in "
		"free_pgd_range\" (Mateusz Guzik, 6.11)" },
	[SW_PCP] = { "pcp", "whether order-0 pages pass through per-CPU lists",
		VALUES("2.4", "2.5.45", "2.6.15"),
		RELEASES("2.4-2.5.44: none: rmqueue and __free_pages_ok take "
			 "zone->lock for every page",
			 "2.5.45-2.6.14: a hot list per CPU (struct "
			 "per_cpu_pages): buffered_rmqueue refills it with "
			 "batch pages under one zone->lock (rmqueue_bulk) when "
			 "it holds low or fewer, free_hot_cold_page gives "
			 "batch pages from its cold tail back under one "
			 "zone->lock (free_pages_bulk) when it holds high; "
			 "batch = present_pages/1024 capped at 256 KiB, /4, at "
			 "least 1 (2.6.12-2.6.14 also clamped it, which is not "
			 "modelled); low = 2*batch, high = 6*batch",
			 "2.6.15+: refilled only when empty (low 0), drained "
			 "after the free that reaches high; batch capped at "
			 "512 KiB and clamped to 2^n-1 (zone_batchsize), high "
			 "= 6*batch; the generations after 2.6.15 run these "
			 "rules (docs/generations.md: what came after 4.19)"),
		"9fc06fdb0e \"hot-n-cold pages: page allocator core\" "
		"(Andrew Morton, 2.5.45); \"mm: set per-cpu-pages lower "
		"threshold to zero\" (Rohit Seth, 2.6.15)" },
	[SW_PAGECACHE] = { "pagecache",
		"the lock a page cache lookup and insert take",
		VALUES("2.4", "2.5.68", "2.6.12", "2.6.27"),
		RELEASES("2.4: pagecache_lock, one spinlock for every file's "
			 "lookups, inserts and removals",
			 "2.5.68-2.6.11: the file's own spinlock "
			 "(mapping->page_lock, tree_lock from 2.6.6)",
			 "2.5.8-2.5.67 and 2.6.12-2.6.26: the file's rwlock, "
			 "lookups read-holding it",
			 "2.6.27+: lookups take no lock (RCU, a speculative "
			 "reference and a recheck of the slot); inserts and "
			 "removals the file's spinlock"),
		"779576ad6e (2.5.8: an rwlock); 93f1a2df90 \"Replace the "
		"radix-tree rwlock with a spinlock\" (2.5.68); a5ce5ed894 "
		"\"make mapping->tree_lock an rwlock\" (2.6.12-rc1); "
		"a60637c85893 \"mm: lockless pagecache\" and 19fd6231279b "
		"\"mm: spinlock tree_lock\" (2.6.27)" },
	[SW_ZAP] = { "zap", "how zap clears a present pte",
		VALUES("2.4", "2.5.18", "2.6.14"),
		RELEASES("2.4-2.5.17: a plain read and clear where the mm "
			 "has one user (tlb_remove_page's fast mode: munmap, "
			 "madvise), else ptep_get_and_clear's xchg; exit, "
			 "at no user, pays the xchg",
			 "2.5.18-2.6.13: ptep_get_and_clear's xchg at every "
			 "zap",
			 "2.6.14+: a plain read and clear at exit's full-mm "
			 "zap (ptep_get_and_clear_full), the xchg elsewhere"),
		"c57287f1cf \"Make the pte unmapping atomic wrt other "
		"threads\" (history-token, 2.5.18); a600388d284 \"x86: "
		"ptep_clear optimization\" (Zachary Amsden, 2.6.14)" },
	[SW_PTLOCK] = { "ptlock", "whose spinlock guards a pte",
		VALUES("2.4", "2.6.15"),
		RELEASES("2.4-2.6.14: the mm's page_table_lock guards every "
			 "page table of the mm, and a fault takes it at its "
			 "start too; the rss counter is a plain word under it "
			 "(a 2.6.15+ kernel built for fewer than 4 CPUs kept "
			 "the mm's lock but not the fault's first hold: not "
			 "modelled)",
			 "2.6.15+ (NR_CPUS >= CONFIG_SPLIT_PTLOCK_CPUS, 4 by "
			 "default): the page-table page's own spinlock "
			 "(page->ptl, pte_lockptr) at fault, zap, fork's copy, "
			 "mprotect, mremap and a walk's probe; a fault reads "
			 "its pte under none; the rss counter an atomic_long_t"),
		"4c21e2f2441 \"mm: split page table lock\" (Hugh Dickins, "
		"2.6.15); 2.6.20 include/linux/mm.h (pte_lockptr) and "
		"include/linux/sched.h (mm_counter_t)" },
	[SW_RSS_STAT] = { "rss_stat", "where a fault counts its rss",
		VALUES("2.4", "2.6.34"),
		RELEASES("2.4-2.6.33: every change on the mm's counters, under "
			 "the pte lock or (ptlock=2.6.15) atomic",
			 "2.6.34-6.1, with split pte locks "
			 "(SPLIT_RSS_COUNTING): a fault adds to its task's own rss_stat, synced onto "
			 "the mm's atomic counters every 64 faults, at the "
			 "task's own zap, and when it leaves the mm; zap, fork "
			 "and reclaim add to the mm's as before"),
		"34e55232e59f \"mm: avoid false sharing of mm_counter\" "
		"(2.6.34; 2.6.34 mm/memory.c add_mm_counter_fast, "
		"check_sync_rss_stat; unchanged in 3.7.2, 5.19 and 6.0.1); "
		"6.2 made the counters percpu_counters, which the model does "
		"not run" },
};

/*
 * The model switches a generation's releases ran (see rmap_model_switches):
 * 2.6.0 for the kernels before rmap 7, 2.6.7-rc1's for rmap 7 to 37.
 */
#define MODEL_2_6_0	"lru=2.6.0,swapcache=2.6.0,swapin=2.6.0,probe=2.6.7," \
			"mremap=2.6.0,maplock=2.5.27,zeropage=map,unlink=2.6.0," \
			"pcp=2.5.45,pagecache=2.5.68,zap=2.5.18,ptlock=2.4," \
			"rss_stat=2.4"
#define MODEL_2_6_7	"lru=2.6.5,swapcache=2.6.0,swapin=2.6.0,probe=2.6.7," \
			"mremap=2.6.7,maplock=2.5.27,zeropage=map,unlink=2.6.0," \
			"pcp=2.5.45,pagecache=2.5.68,zap=2.5.18,ptlock=2.4," \
			"rss_stat=2.4"

const struct rmap_generation rmap_generations[] = {
	{ 0, "scan", "2.4.27", "anon=none,file=none,fork=copy,lru=2.4,"
	  "swapcache=2.6.0,swapin=2.6.0,probe=2.6.7,mremap=2.6.0,"
	  "maplock=2.6.9,zeropage=map,unlink=2.6.0,pcp=2.4,pagecache=2.4,"
	  "zap=2.4,ptlock=2.4,rss_stat=2.4",
	  "no rmap: swap_out's clock scans every process's page tables",
	  "#7f7f7f", 1 },
	{ 1, "pte_chain", "2.6.0-2.6.4",
	  "anon=pte_chain:chain=2.5.68:i_mmap=2.5.6,file=pte_chain,fork=copy,"
	  MODEL_2_6_0,
	  "a chain of pte addresses for every mapped page", "#d62728", 2 },
	{ 2, "objrmap", "2.6.7-rc1 rmap 7",
	  "anon=pte_chain:chain=2.5.68:i_mmap=2.6.6,"
	  "file=linear:walk=rmap7:i_mmap=2.6.6,fork=copy," MODEL_2_6_7,
	  "file pages by i_mmap lists, anonymous pages on pte_chains",
	  "#ff7f0e", 4 },
	{ 3, "anonmm", "2.6.7-rc1 rmap 36-37",
	  "anon=anonmm,file=prio_tree:rss=2.6.7:mlock=2.6.7,fork=copy,"
	  MODEL_2_6_7,
	  "anonymous pages by mm and address, file pages by prio tree",
	  "#8c564b", 6 },
	{ 4, "anon_vma", "2.6.18-2.6.23",
	  "anon=anon_vma:order=tail:adjust=2.6.7:rss=2.6.14,"
	  "file=prio_tree:rss=2.6.14:mlock=2.6.7,fork=lazy,lru=2.6.5,"
	  "swapcache=2.6.0,swapin=2.6.0,probe=2.6.15,mremap=2.6.15,"
	  "maplock=2.6.9,zeropage=map,unlink=2.6.0,pcp=2.6.15,"
	  "pagecache=2.6.12,zap=2.6.14,ptlock=2.6.15,rss_stat=2.4",
	  "anonymous pages by anon_vma list, file pages by prio tree",
	  "#2ca02c", 8 },
	{ 5, "avc", "3.4-3.6",
	  "anon=avc:form=3.3,file=prio_tree:iter=3.4:rss=2.6.14:mlock=2.6.28,"
	  "fork=lazy,lru=2.6.25,swapcache=2.6.29,swapin=2.6.36,probe=2.6.15,"
	  "mremap=2.6.15,maplock=2.6.9,zeropage=map,unlink=2.6.0,pcp=2.6.15,"
	  "pagecache=2.6.27,zap=2.6.14,ptlock=2.6.15,rss_stat=2.6.34",
	  "anon_vma_chain lists per anon_vma, file pages by prio tree",
	  "#1f77b4", 10 },
	{ 6, "interval", "3.8-3.15",
	  "anon=avc_itree:rwsem=3.8,file=itree:lock=3.7,fork=lazy,lru=2.6.25,"
	  "swapcache=2.6.29,swapin=2.6.36,probe=2.6.15,mremap=3.7,"
	  "maplock=2.6.9,zeropage=map,unlink=2.6.0,pcp=2.6.15,"
	  "pagecache=2.6.27,zap=2.6.14,ptlock=2.6.15,rss_stat=2.6.34",
	  "interval trees of avcs and of file vmas", "#9467bd", 12 },
	{ 7, "reuse", "6.19-today",
	  "anon=avc_reuse:merge=6.19,file=itree:lock=3.19,fork=lazy,"
	  "lru=2.6.25,swapcache=2.6.29,swapin=5.19,probe=2.6.15,mremap=3.7,"
	  "maplock=2.6.9,zeropage=map,unlink=6.11,pcp=2.6.15,"
	  "pagecache=2.6.27,zap=2.6.14,ptlock=2.6.15,rss_stat=2.4",
	  "interval trees, fork reuses idle anon_vmas", "#17becf", 14 },
	{ 8, "degree", "4.14-5.18",
	  "anon=avc_degree:rb=4.14,file=itree:lock=3.19,fork=lazy,"
	  "lru=2.6.25,swapcache=2.6.29,swapin=2.6.36,probe=2.6.15,mremap=3.7,"
	  "maplock=2.6.9,zeropage=map,unlink=2.6.0,pcp=2.6.15,"
	  "pagecache=2.6.27,zap=2.6.14,ptlock=2.6.15,rss_stat=2.6.34",
	  "interval trees, fork reuses anon_vmas of degree below 2",
	  "#bcbd22", 16 },
};

const unsigned rmap_nr_generations = ARRAY_SIZE(rmap_generations);

/*
 * degree with interval's i_mmap_mutex: one rule from interval, the anon
 * scheme (3.19's reuse of an anon_vma of degree below 2 and its size),
 * and one from degree, the lock, which only several CPUs tell apart.
 */
const char rmap_bridge_ablations[] = "degree+lock=3.7";

const struct rmap_scheme *const *rmap_schemes(unsigned *n)
{
	*n = ARRAY_SIZE(rmap_scheme_table);
	return rmap_scheme_table;
}

const struct rmap_scheme *rmap_find_scheme(const char *name)
{
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(rmap_scheme_table); i++)
		if (rmap_scheme_table[i] &&
		    !strcmp(rmap_scheme_table[i]->name, name))
			return rmap_scheme_table[i];
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

const struct rmap_generation *rmap_generation_by_id(unsigned id)
{
	unsigned i;

	for (i = 0; i < rmap_nr_generations; i++)
		if (rmap_generations[i].id == id)
			return &rmap_generations[i];
	return NULL;
}

unsigned rmap_scheme_switch(const struct rmap_scheme *s, unsigned idx)
{
	return s == rmap_cfg.anon ? rmap_cfg.anon_sw[idx] :
				    rmap_cfg.file_sw[idx];
}

/* "a, b or c": the names a message offers */
static void join(char *buf, unsigned len, const char *const *names,
		 unsigned n)
{
	unsigned i, used = 0;

	buf[0] = 0;
	for (i = 0; i < n && used < len; i++)
		used += snprintf(buf + used, len - used, "%s%s",
				 !i ? "" : i + 1 == n ? " or " : ", ",
				 names[i]);
}

static void scheme_names(char *buf, unsigned len, unsigned side)
{
	const char *names[ARRAY_SIZE(rmap_scheme_table)];
	unsigned i, n = 0;

	for (i = 0; i < ARRAY_SIZE(rmap_scheme_table); i++)
		if (rmap_scheme_table[i] && (rmap_scheme_table[i]->sides & side))
			names[n++] = rmap_scheme_table[i]->name;
	join(buf, len, names, n);
}

static unsigned count_values(const struct rmap_switch *sw)
{
	unsigned n = 0;

	while (sw->values[n])
		n++;
	return n;
}

/* "order=head|tail, ..." for a message */
static void switch_list(char *buf, unsigned len,
			const struct rmap_switch *sw, unsigned n)
{
	unsigned i, k, used = 0;

	buf[0] = 0;
	for (i = 0; i < n && used < len; i++) {
		used += snprintf(buf + used, len - used, "%s%s=", i ? ", " : "",
				 sw[i].name);
		for (k = 0; sw[i].values[k] && used < len; k++)
			used += snprintf(buf + used, len - used, "%s%s",
					 k ? "|" : "", sw[i].values[k]);
	}
}

/* The index of the switch named by name's first len bytes, or -1. */
static int switch_index(const struct rmap_switch *sw, unsigned n,
			const char *name, size_t len)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (!strncmp(sw[i].name, name, len) && !sw[i].name[len])
			return i;
	return -1;
}

/*
 * "name=value" against a switch table: sets the value and returns the
 * switch's index, or -1 with the message naming what @owner takes.
 */
static int set_switch(const char *owner, const struct rmap_switch *sw,
		      unsigned n, const char *tok, unsigned char *vals,
		      char *err, unsigned errlen)
{
	const char *eq = strchr(tok, '=');
	int i = eq ? switch_index(sw, n, tok, eq - tok) : -1;
	char list[256];
	unsigned k;

	if (i >= 0) {
		for (k = 0; sw[i].values[k]; k++)
			if (!strcmp(sw[i].values[k], eq + 1)) {
				vals[i] = k;
				return i;
			}
		join(list, sizeof(list), sw[i].values, count_values(&sw[i]));
		snprintf(err, errlen, "%s: switch %s takes %s, not '%s'",
			 owner, sw[i].name, list, eq + 1);
		return -1;
	}
	switch_list(list, sizeof(list), sw, n);
	if (n)
		snprintf(err, errlen, "%s has no switch '%.*s': its switches "
			 "are %s", owner,
			 (int)(eq ? (size_t)(eq - tok) : strlen(tok)), tok,
			 list);
	else
		snprintf(err, errlen, "%s has no switches, so not '%s'", owner,
			 tok);
	return -1;
}

/*
 * "X[:sw=v...]" for one side: the scheme and its switch values. Returns how
 * many switches it set, or -1.
 */
static int parse_side(char *tok, unsigned side,
		      const struct rmap_scheme **out, unsigned char *vals,
		      char *err, unsigned errlen)
{
	char *sw = strchr(tok, ':'), names[256], owner[64];
	const struct rmap_scheme *s;
	int n = 0;

	if (sw)
		*sw++ = 0;
	s = rmap_find_scheme(tok);
	if (!s || !(s->sides & side)) {
		scheme_names(names, sizeof(names), side);
		snprintf(err, errlen, "%s scheme '%s' is not one of: %s",
			 side == RMAP_SIDE_ANON ? "anon" : "file", tok, names);
		return -1;
	}
	*out = s;
	snprintf(owner, sizeof(owner), "scheme %s", s->name);
	for (tok = sw; tok; tok = sw) {
		sw = strchr(tok, ':');
		if (sw)
			*sw++ = 0;
		if (set_switch(owner, s->switches, s->nswitches, tok, vals,
			       err, errlen) < 0)
			return -1;
		n++;
	}
	return n;
}

/*
 * Parses a spec into cfg; *given gets a bit per model switch it names.
 */
static int parse_spec(const char *spec, struct rmap_config *cfg,
		      unsigned *given, char *err, unsigned errlen)
{
	char buf[512], list[128], *tok, *save = NULL;
	int file_switches = 0, k;

	memset(cfg, 0, sizeof(*cfg));
	*given = 0;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (!strncmp(tok, "anon=", 5)) {
			if (parse_side(tok + 5, RMAP_SIDE_ANON, &cfg->anon,
				       cfg->anon_sw, err, errlen) < 0)
				return -1;
		} else if (!strncmp(tok, "file=", 5)) {
			file_switches = parse_side(tok + 5, RMAP_SIDE_FILE,
						   &cfg->file, cfg->file_sw,
						   err, errlen);
			if (file_switches < 0)
				return -1;
		} else if (strchr(tok, '=')) {
			k = set_switch("the model", rmap_model_switches,
				       NR_MODEL_SWITCHES, tok, cfg->model_sw,
				       err, errlen);
			if (k < 0)
				return -1;
			*given |= 1u << k;
		} else {
			switch_list(list, sizeof(list), rmap_model_switches,
				    NR_MODEL_SWITCHES);
			snprintf(err, errlen, "variant '%s': '%s' is not "
				 "anon=SCHEME[:switch=value...], "
				 "file=SCHEME[:...] or a model switch (%s)",
				 spec, tok, list);
			return -1;
		}
	}
	if (!cfg->anon || !cfg->file) {
		snprintf(err, errlen, "variant '%s' needs both anon=SCHEME and "
			 "file=SCHEME", spec);
		return -1;
	}
	/* a scheme serving both sides has one set of switch values */
	if (cfg->file == cfg->anon) {
		if (file_switches) {
			snprintf(err, errlen, "variant '%s': %s serves both "
				 "sides: give its switches once, after anon=",
				 spec, cfg->anon->name);
			return -1;
		}
		memcpy(cfg->file_sw, cfg->anon_sw, sizeof(cfg->file_sw));
	}
	snprintf(cfg->name, sizeof(cfg->name), "%s", spec);
	return 0;
}

#define ALL_MODEL_SWITCHES	((1u << NR_MODEL_SWITCHES) - 1)

/*
 * The model switches a variant leaves out: those of the first generation
 * running its anon scheme, so that an ablation changes only what it names;
 * without one, each switch's first value.
 */
static void default_model_switches(struct rmap_config *cfg, unsigned given)
{
	struct rmap_config g;
	unsigned i, k, all;
	char err[512];

	for (i = 0; i < rmap_nr_generations; i++) {
		if (parse_spec(rmap_generations[i].spec, &g, &all, err,
			       sizeof(err)) || g.anon != cfg->anon)
			continue;
		for (k = 0; k < NR_MODEL_SWITCHES; k++)
			if (!(given & (1u << k)))
				cfg->model_sw[k] = g.model_sw[k];
		return;
	}
}

/* Whether cfg's file side runs the -mjb objrmap walk (linear walk=mjb). */
static bool walk_mjb(const struct rmap_config *cfg)
{
	const struct rmap_scheme *s = cfg->file;
	int k = switch_index(s->switches, s->nswitches, "walk", 4);

	return k >= 0 && !strcmp(s->switches[k].values[cfg->file_sw[k]],
				 "mjb");
}

/*
 * Why cfg cannot split the pte lock, or NULL: a split lock is found from
 * the pte (pte_lockptr), so a walk that locks before it has the pte can
 * only take the mm's, and no kernel ran such a walk with split locks.
 */
static const char *ptlock_conflict(const struct rmap_config *cfg)
{
	if (cfg->model_sw[SW_PTLOCK] != PTLOCK_SPLIT)
		return NULL;
	if (cfg->model_sw[SW_PROBE] == PROBE_LOCK_FIRST)
		return "probe=2.6.7 locks before it finds the pte: "
		       "ptlock=2.6.15 needs probe=2.6.15, which came with it "
		       "(c0718806cf9)";
	if (cfg->model_sw[SW_LRU] == LRU_24)
		return "2.4's swap_out holds the mm's page_table_lock over "
		       "its scan: lru=2.4 needs ptlock=2.4";
	if (walk_mjb(cfg))
		return "-mjb's objrmap walk trylocks the mm's page_table_lock "
		       "before its range check: walk=mjb needs ptlock=2.4";
	return NULL;
}

/* rss_stat=2.6.34 was SPLIT_RSS_COUNTING, defined with split pte locks */
static const char *rss_stat_conflict(const struct rmap_config *cfg)
{
	if (cfg->model_sw[SW_RSS_STAT] == RSS_STAT_TASK &&
	    cfg->model_sw[SW_PTLOCK] != PTLOCK_SPLIT)
		return "rss_stat=2.6.34 (SPLIT_RSS_COUNTING) came with split "
		       "pte locks only: it needs ptlock=2.6.15";
	return NULL;
}

/*
 * A scheme without a walk needs a reclaim that never asks for one; a
 * split pte lock, a walk that finds the pte before its lock.
 */
static int check_config(const struct rmap_config *cfg, char *err,
			unsigned errlen)
{
	const struct rmap_scheme *s = !cfg->anon->walk ? cfg->anon :
				      !cfg->file->walk ? cfg->file : NULL;
	const char *why = ptlock_conflict(cfg);

	if (!why)
		why = rss_stat_conflict(cfg);

	if (why) {
		snprintf(err, errlen, "'%s': %s", cfg->name, why);
		return -1;
	}
	if (!s || cfg->model_sw[SW_LRU] == LRU_24)
		return 0;
	snprintf(err, errlen, "'%s': scheme %s has no reverse map, so it "
		 "needs lru=2.4 (2.4's reclaim, which scans page tables)",
		 cfg->name, s->name);
	return -1;
}

static int unknown_generation(const char *name, char *err, unsigned errlen)
{
	const char *names[ARRAY_SIZE(rmap_generations)];
	char list[256];
	unsigned i;

	for (i = 0; i < rmap_nr_generations; i++)
		names[i] = rmap_generations[i].name;
	join(list, sizeof(list), names, rmap_nr_generations);
	snprintf(err, errlen, "unknown generation '%s': choose %s, or "
		 "anon=SCHEME,file=SCHEME", name, list);
	return -1;
}

/* A generation's switch tables: the model's, its anon scheme's, its file's. */
struct switch_owner {
	const struct rmap_switch *sw;
	unsigned n;
	unsigned char *vals;
	const char *name;
};

static unsigned switch_owners(struct rmap_config *cfg,
			      struct switch_owner *o)
{
	unsigned n = 0;

	o[n++] = (struct switch_owner){ rmap_model_switches,
		NR_MODEL_SWITCHES, cfg->model_sw, "the model" };
	o[n++] = (struct switch_owner){ cfg->anon->switches,
		cfg->anon->nswitches, cfg->anon_sw, cfg->anon->name };
	if (cfg->file != cfg->anon)
		o[n++] = (struct switch_owner){ cfg->file->switches,
			cfg->file->nswitches, cfg->file_sw, cfg->file->name };
	return n;
}

/* The scheme outside cfg that has switch name, for the message; or NULL. */
static const char *other_owner(const struct rmap_config *cfg,
			       const char *name, size_t len)
{
	const struct rmap_scheme *s;
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(rmap_scheme_table); i++) {
		s = rmap_scheme_table[i];
		if (s && s != cfg->anon && s != cfg->file &&
		    switch_index(s->switches, s->nswitches, name, len) >= 0)
			return s->name;
	}
	return NULL;
}

/* "GEN+name=...": the generation has no switch name. */
static int no_such_switch(const char *spec, struct rmap_config *cfg,
			  const char *name, size_t len, char *err,
			  unsigned errlen)
{
	struct switch_owner o[3];
	const char *other = other_owner(cfg, name, len);
	unsigned i, n = switch_owners(cfg, o);
	char list[768], part[256];
	size_t used;

	list[0] = 0;
	for (i = 0; i < n; i++) {
		if (!o[i].n)
			continue;
		switch_list(part, sizeof(part), o[i].sw, o[i].n);
		used = strlen(list);
		snprintf(list + used, sizeof(list) - used, "%s%s",
			 used ? ", " : "", part);
	}
	if (other)
		snprintf(err, errlen, "ablation '%s': switch '%.*s' is scheme "
			 "%s's, which generation %.*s does not run: its "
			 "switches are %s", spec, (int)len, name, other,
			 (int)(strchr(spec, '+') - spec), spec, list);
	else
		snprintf(err, errlen, "ablation '%s': no switch '%.*s': "
			 "generation %.*s's switches are %s", spec, (int)len,
			 name, (int)(strchr(spec, '+') - spec), spec, list);
	return -1;
}

/*
 * Sets switch tok ("name=value") wherever the configuration has it; a
 * switch both schemes have (rss, i_mmap) is one rule of code both sides
 * share, so it changes on both. Fills ab's switch and values.
 */
static int ablate(const char *spec, const char *tok, struct rmap_config *cfg,
		  struct rmap_ablation *ab, char *err, unsigned errlen)
{
	const char *eq = strchr(tok, '=');
	size_t len = eq - tok;
	struct switch_owner o[3];
	unsigned i, n = switch_owners(cfg, o), found = 0, same = 0;
	/* a copy of any one table: the model's or a scheme's */
	unsigned char vals[NR_MODEL_SWITCHES + RMAP_MAX_SWITCHES];
	char owner[96];
	int k;

	for (i = 0; i < n; i++) {
		k = switch_index(o[i].sw, o[i].n, tok, len);
		if (k < 0)
			continue;
		memcpy(vals, o[i].vals, o[i].n);
		snprintf(owner, sizeof(owner), "ablation '%s': %s", spec,
			 o[i].name);
		if (set_switch(owner, o[i].sw, o[i].n, tok, vals, err,
			       errlen) < 0)
			return -1;
		if (!found++) {
			ab->sw = &o[i].sw[k];
			ab->from = o[i].vals[k];
			ab->to = vals[k];
		}
		same += o[i].vals[k] == vals[k];
		o[i].vals[k] = vals[k];
	}
	if (!found)
		return no_such_switch(spec, cfg, tok, len, err, errlen);
	if (same == found) {
		snprintf(err, errlen, "ablation '%s': generation %s already "
			 "runs %s: an ablation names another value", spec,
			 ab->gen->name, tok);
		return -1;
	}
	if (cfg->file == cfg->anon)
		memcpy(cfg->file_sw, cfg->anon_sw, sizeof(cfg->file_sw));
	return 0;
}

int rmap_ablation_parse(const char *spec, struct rmap_ablation *ab,
			struct rmap_config *cfg, char *err, unsigned errlen)
{
	const char *plus = strchr(spec, '+'), *tok = plus ? plus + 1 : "";
	char gen[64];

	if (!plus || !strchr(tok, '=') || strchr(tok, '+') ||
	    strchr(tok, ',') || tok[0] == '=') {
		snprintf(err, errlen, "ablation '%s': give GENERATION+switch="
			 "value, one switch (e.g. avc+fork=copy)", spec);
		return -1;
	}
	snprintf(gen, sizeof(gen), "%.*s", (int)(plus - spec), spec);
	ab->gen = rmap_find_generation(gen);
	if (!ab->gen)
		return unknown_generation(gen, err, errlen);
	if (rmap_config_parse(gen, cfg, err, errlen))
		return -1;
	if (ablate(spec, tok, cfg, ab, err, errlen))
		return -1;
	snprintf(cfg->name, sizeof(cfg->name), "%s", spec);
	return check_config(cfg, err, errlen);
}

int rmap_config_parse(const char *spec, struct rmap_config *cfg,
		      char *err, unsigned errlen)
{
	const struct rmap_generation *g;
	struct rmap_ablation ab;
	unsigned given;

	if (strchr(spec, '+'))
		return rmap_ablation_parse(spec, &ab, cfg, err, errlen);
	if (strchr(spec, '=')) {
		if (parse_spec(spec, cfg, &given, err, errlen))
			return -1;
		default_model_switches(cfg, given);
		return check_config(cfg, err, errlen);
	}
	g = rmap_find_generation(spec);
	if (!g)
		return unknown_generation(spec, err, errlen);
	if (parse_spec(g->spec, cfg, &given, err, errlen))
		return -1;
	if (given != ALL_MODEL_SWITCHES) {
		snprintf(err, errlen, "generation '%s' leaves a model switch "
			 "out of its spec: a generation names them all",
			 g->name);
		return -1;
	}
	snprintf(cfg->name, sizeof(cfg->name), "%s", g->name);
	return check_config(cfg, err, errlen);
}

static void draw_switches(const struct rmap_switch *sw, unsigned n,
			  unsigned char *vals, struct prng *rng)
{
	unsigned i;

	for (i = 0; i < n; i++)
		vals[i] = prng_below(rng, count_values(&sw[i]));
}

void rmap_config_randomize(struct rmap_config *cfg, struct prng *rng)
{
	draw_switches(cfg->anon->switches, cfg->anon->nswitches, cfg->anon_sw,
		      rng);
	if (cfg->file == cfg->anon)
		memcpy(cfg->file_sw, cfg->anon_sw, sizeof(cfg->file_sw));
	else
		draw_switches(cfg->file->switches, cfg->file->nswitches,
			      cfg->file_sw, rng);
	draw_switches(rmap_model_switches, NR_MODEL_SWITCHES, cfg->model_sw,
		      rng);
	if (!cfg->anon->walk || !cfg->file->walk)
		cfg->model_sw[SW_LRU] = LRU_24;
	if (ptlock_conflict(cfg))
		cfg->model_sw[SW_PTLOCK] = PTLOCK_MM;
	if (rss_stat_conflict(cfg))
		cfg->model_sw[SW_RSS_STAT] = RSS_STAT_MM;
}

static unsigned describe_side(char *buf, unsigned len, const char *side,
			      const struct rmap_scheme *s,
			      const unsigned char *vals)
{
	unsigned i, used = snprintf(buf, len, "%s=%s", side, s->name);

	for (i = 0; i < s->nswitches && used < len; i++)
		used += snprintf(buf + used, len - used, ":%s=%s",
				 s->switches[i].name,
				 s->switches[i].values[vals[i]]);
	return used;
}

void rmap_config_describe(const struct rmap_config *cfg, char *buf,
			  unsigned len)
{
	unsigned i, used;

	used = describe_side(buf, len, "anon", cfg->anon, cfg->anon_sw);
	if (used < len)
		used += snprintf(buf + used, len - used, ",");
	if (used < len)
		used += describe_side(buf + used, len - used, "file",
				      cfg->file, cfg->file_sw);
	for (i = 0; i < NR_MODEL_SWITCHES && used < len; i++)
		used += snprintf(buf + used, len - used, ",%s=%s",
				 rmap_model_switches[i].name,
				 rmap_model_switches[i].values[cfg->model_sw[i]]);
}
