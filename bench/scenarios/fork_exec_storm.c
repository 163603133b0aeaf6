/*
 * fork_exec_storm: akpm's fork/exec/exit storm of the pte_chain debates,
 * ten shells each running, 500 times, `doit foo` with doit() being
 * `( cat $1 | wc -l )` and then `count=$(expr $count + 1)` ("page_add/
 * remove_rmap costs", linux-mm 2002-07-24, <3D3E4A30.8A108B45@zip.com.au>,
 * 2.5.27 on a quad PIII; the same script in Daniel Phillips' "[PATCH] Rmap
 * speedup", LKML 2002-08-02, <E17aiJv-0007cr-00@starship>). akpm counted,
 * with five shells: 12477 forks, 174521 copy_page_range calls (14 vmas a
 * fork), 4106673 page_add_rmap calls (329 a fork): 2774954 from
 * copy_page_range (222 a fork), 1029498 from do_no_page (83), 272151 from
 * do_wp_page (22), 93689 from do_anonymous_page (8). "The pte_chains are
 * doing precisely zilch but chew CPU cycles with this workload."
 *
 * Each loop of a shell: fork a subshell; it forks cat and wc, each of
 * which execs; cat and wc fault in their text and data, libc's, their bss
 * and stack, and exit; the subshell exits; the shell forks expr, which
 * execs, runs and exits. A parent writes its bss and stack after each
 * fork (bash's bookkeeping, the do_wp_page COW copies), a child writes a
 * stack page before exec. Every process maps its binary (text, data), a
 * bss+heap and a stack, and libc (text, data): six vmas, where bash on
 * 2.5.27 had fourteen (ld.so, more libraries). The defaults put the
 * model's rmap_adds per fork on pte_chain near akpm's 329: the shell has
 * 120 + 96 + 4 + 4 + 8 pages present, what fork copies. One CPU: the
 * shells take turns, a loop each. cat's read of foo goes through the page
 * cache, no mapping, and is left out; so is the fifth fork akpm's
 * counts show per loop (12477 / 2500), which we could not place.
 */
#include "bench/scenarios/exec.h"
#include "bench/scenarios/scenario.h"

enum { P_SHELLS, P_LOOPS, P_SH, P_LIBC, P_BIN, P_DATA, P_ANON };

static const struct scenario_param params[] = {
	[P_SHELLS] = { "shells", 10, 1, 1000, "shells running the loop" },
	[P_LOOPS] = { "loops", 500, 1, 100000, "loops of each shell" },
	EXEC_IMAGE_PARAMS(P_SH),
};

static struct exec_images images;

static unsigned long fork_exec_storm_pages(const struct scenario_ctx *ctx)
{
	const long *p = ctx->p;
	unsigned long image = p[P_SH] + p[P_LIBC] + 2 * p[P_DATA] +
			      p[P_ANON] + 16;

	/* the shells, a subshell, cat, wc or expr each, their page tables */
	return 5 * p[P_DATA] + p[P_SH] + p[P_LIBC] + 3 * p[P_BIN] +
	       (p[P_SHELLS] + 3) * 2 * image + 4096;
}

/* `( cat foo | wc -l )`: the subshell, its two children. */
static int pipeline(struct mm_struct *shell)
{
	struct mm_struct *sub = dup_mm(shell), *cat = NULL, *wc = NULL;
	int ret = -1;

	if (sub && !exec_write_anon(&images, shell, IMG_SH)) {
		cat = exec_spawn(&images, sub, IMG_SH, IMG_CAT);
		wc = cat ? exec_spawn(&images, sub, IMG_SH, IMG_WC) : NULL;
		ret = wc ? 0 : -1;
	}
	if (cat)
		mmput(cat);
	if (wc)
		mmput(wc);
	if (sub)
		mmput(sub);
	return ret;
}

/* One loop of a shell: the pipeline, then `$(expr $count + 1)`. */
static int shell_loop(struct mm_struct *shell)
{
	struct mm_struct *expr;

	if (pipeline(shell))
		return -1;
	expr = exec_spawn(&images, shell, IMG_SH, IMG_EXPR);
	if (!expr)
		return -1;
	mmput(expr);
	return 0;
}

static int fork_exec_storm_setup(struct scenario_ctx *ctx)
{
	struct mm_struct *mm;

	images = exec_images_of(&ctx->p[P_SH]);
	if (exec_open(&images))
		return scenario_fail(ctx, "out of memory: lower the page "
				     "counts");
	while (ctx->procs.n < ctx->p[P_SHELLS]) {
		mm = scenario_exec(ctx);
		if (!mm || exec_load(&images, mm, IMG_SH))
			return scenario_fail(ctx, "out of memory starting "
					     "the shells: lower shells");
	}
	return 0;
}

static int fork_exec_storm_run(struct scenario_ctx *ctx)
{
	long loop, s;

	for (loop = 0; loop < ctx->p[P_LOOPS]; loop++)
		for (s = 0; s < ctx->procs.n; s++) {
			if (scenario_over_budget())
				return scenario_fail(ctx, NULL);
			if (shell_loop(ctx->procs.mm[s]))
				return scenario_fail(ctx, "out of memory in "
						     "a shell's loop: lower "
						     "shells");
		}
	return 0;
}

static void fork_exec_storm_teardown(struct scenario_ctx *ctx)
{
	scenario_teardown(ctx);
	exec_close(&images);
}

/* akpm's ten shells of 500 loops, and fewer shells; quick: 10 loops */
static const struct scenario_curve curves[] = {
	{ "shells", "1 2 5 10", "1 4", "loops=500", "loops=10" },
};

static const struct scenario_figure figures[] = {
	{ .name = "fork_exec_storm", .x = "shells",
	  .title = "fork_exec_storm: shells each looping (cat foo | wc -l) "
		   "and expr: fork, exec, fault, exit",
	  .xlabel = "shells (each a loop of four forks, three execs, "
		    "loops times)",
	  .left = { "time", "time per storm" },
	  .right = { "rmap_adds", "rmap adds per storm" } },
};

const struct scenario fork_exec_storm_scenario = {
	.name = "fork_exec_storm",
	.desc = "akpm's 2002 storm: shells each run 500 loops of (cat foo | "
		"wc -l) and expr; every fork copies the shell, every exec "
		"maps libc and a small binary, faults them in and exits.",
	.question = "What did pte_chains add to fork, exec and exit when "
		    "nothing is ever reclaimed (akpm: 329 page_add_rmap calls "
		    "a fork), and what did object rmap and lazy fork save?",
	.baseline = "scan",
	.ablations = "anon_vma+fork=copy pte_chain+maplock=2.6.9",
	.phases = true,
	.extra = "rmap_adds forks",
	.memory = true,
	SCENARIO_PARAMS(params),
	SCENARIO_CURVES(curves),
	SCENARIO_FIGURES(figures),
	.mem_pages = fork_exec_storm_pages,
	.setup = fork_exec_storm_setup,
	.run = fork_exec_storm_run,
	.teardown = fork_exec_storm_teardown,
};
