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
#include "bench/scenarios/scenario.h"

enum { P_SHELLS, P_LOOPS, P_SH, P_LIBC, P_BIN, P_DATA, P_ANON };

static const struct scenario_param params[] = {
	[P_SHELLS] = { "shells", 10, 1, 1000, "shells running the loop" },
	[P_LOOPS] = { "loops", 500, 1, 100000, "loops of each shell" },
	[P_SH] = { "sh_pages", 120, 1, 1L << 16,
		   "the shell's text pages present" },
	[P_LIBC] = { "libc_pages", 96, 1, 1L << 16,
		     "libc text pages a process faults in" },
	[P_BIN] = { "bin_pages", 8, 1, 1L << 16,
		    "text pages of cat, wc and expr" },
	[P_DATA] = { "data_pages", 4, 1, 1L << 16,
		     "data pages of each binary and of libc, written" },
	[P_ANON] = { "anon_pages", 8, 2, 1L << 16,
		     "bss, heap and stack pages a process writes" },
};

enum { F_LIBC, F_SH, F_CAT, F_WC, F_EXPR, NR_IMAGES };

static const char *const image_names[NR_IMAGES] = {
	"libc.so", "bash", "cat", "wc", "expr",
};

static struct address_space *images[NR_IMAGES];

/* i386's ELF layout: text at 0x08048000, libc at 0x40000000 */
#define BIN_BASE	0x08048000UL
#define LIBC_BASE	0x40000000UL
#define STACK_TOP	0xc0000000UL

static unsigned long fork_exec_storm_pages(const struct scenario_ctx *ctx)
{
	const long *p = ctx->p;
	unsigned long image = p[P_SH] + p[P_LIBC] + 2 * p[P_DATA] +
			      p[P_ANON] + 16;

	/* the shells, a subshell, cat, wc or expr each, their page tables */
	return 5 * p[P_DATA] + p[P_SH] + p[P_LIBC] + 3 * p[P_BIN] +
	       (p[P_SHELLS] + 3) * 2 * image + 4096;
}

static unsigned long text_pages(const struct scenario_ctx *ctx, int img)
{
	return img == F_LIBC ? ctx->p[P_LIBC] :
	       img == F_SH ? ctx->p[P_SH] : ctx->p[P_BIN];
}

static unsigned long stack_len(const struct scenario_ctx *ctx)
{
	return (ctx->p[P_ANON] / 2) * PAGE_SIZE;
}

static unsigned long bss_len(const struct scenario_ctx *ctx)
{
	return ctx->p[P_ANON] * PAGE_SIZE - stack_len(ctx);
}

/* Maps text (read, exec) and data (written, private) of a file image. */
static int map_file_image(const struct scenario_ctx *ctx, struct mm_struct *mm,
			  int img, unsigned long base)
{
	unsigned long text = text_pages(ctx, img) * PAGE_SIZE;
	unsigned long data = ctx->p[P_DATA] * PAGE_SIZE;
	unsigned long a, d;

	a = do_mmap(mm, base, text, RM_PROT_READ | RM_PROT_EXEC,
		    RM_MAP_PRIVATE | RM_MAP_FIXED, images[img], 0);
	d = do_mmap(mm, base + text, data, RM_PROT_READ | RM_PROT_WRITE,
		    RM_MAP_PRIVATE | RM_MAP_FIXED, images[img],
		    text_pages(ctx, img));
	if (IS_ERR_VALUE(a) || IS_ERR_VALUE(d))
		return -1;
	return touch_range(mm, a, text, false) ||
	       touch_range(mm, d, data, true) ? -1 : 0;
}

/* The bss+heap above the binary's data, and the stack. */
static unsigned long bss_base(const struct scenario_ctx *ctx, int img)
{
	return BIN_BASE + (text_pages(ctx, img) + ctx->p[P_DATA]) * PAGE_SIZE;
}

/* The bss, heap and stack written: after exec, and by a parent after fork. */
static int write_anon(const struct scenario_ctx *ctx, struct mm_struct *mm,
		      int img)
{
	return touch_range(mm, bss_base(ctx, img), bss_len(ctx), true) ||
	       touch_range(mm, STACK_TOP - stack_len(ctx), stack_len(ctx),
			   true) ? -1 : 0;
}

/* exec's binfmt_elf and ld.so: binary, libc, bss, stack; then it runs. */
static int load_image(const struct scenario_ctx *ctx, struct mm_struct *mm,
		      int img)
{
	int prot = RM_PROT_READ | RM_PROT_WRITE;
	int flags = RM_MAP_PRIVATE | RM_MAP_ANON | RM_MAP_FIXED;

	if (IS_ERR_VALUE(do_mmap(mm, bss_base(ctx, img), bss_len(ctx), prot,
				 flags, NULL, 0)) ||
	    IS_ERR_VALUE(do_mmap(mm, STACK_TOP - stack_len(ctx),
				 stack_len(ctx), prot, flags, NULL, 0)))
		return -1;
	return map_file_image(ctx, mm, img, BIN_BASE) ||
	       map_file_image(ctx, mm, F_LIBC, LIBC_BASE) ||
	       write_anon(ctx, mm, img) ? -1 : 0;
}

/*
 * fork, the parent's writes, the child's stack write and exec of img:
 * the running child, or NULL (out of memory; nothing left held).
 */
static struct mm_struct *spawn(const struct scenario_ctx *ctx,
			       struct mm_struct *parent, int parent_img,
			       int img)
{
	struct mm_struct *child = dup_mm(parent), *fresh;

	if (!child)
		return NULL;
	if (write_anon(ctx, parent, parent_img) ||
	    handle_mm_fault(child, STACK_TOP - PAGE_SIZE, true)) {
		mmput(child);
		return NULL;
	}
	fresh = exec_mm(child);
	if (!fresh)
		mmput(child);
	else if (load_image(ctx, fresh, img)) {
		mmput(fresh);
		fresh = NULL;
	}
	return fresh;
}

/* `( cat foo | wc -l )`: the subshell, its two children. */
static int pipeline(const struct scenario_ctx *ctx, struct mm_struct *shell)
{
	struct mm_struct *sub = dup_mm(shell), *cat = NULL, *wc = NULL;
	int ret = -1;

	if (sub && !write_anon(ctx, shell, F_SH)) {
		cat = spawn(ctx, sub, F_SH, F_CAT);
		wc = cat ? spawn(ctx, sub, F_SH, F_WC) : NULL;
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
static int shell_loop(const struct scenario_ctx *ctx, struct mm_struct *shell)
{
	struct mm_struct *expr;

	if (pipeline(ctx, shell))
		return -1;
	expr = spawn(ctx, shell, F_SH, F_EXPR);
	if (!expr)
		return -1;
	mmput(expr);
	return 0;
}

static int fork_exec_storm_setup(struct scenario_ctx *ctx)
{
	struct mm_struct *mm;
	int i;

	for (i = 0; i < NR_IMAGES; i++) {
		images[i] = file_create(image_names[i], text_pages(ctx, i) +
					ctx->p[P_DATA], false);
		if (!images[i])
			return scenario_fail(ctx, "out of memory: lower the "
					     "page counts");
	}
	while (ctx->procs.n < ctx->p[P_SHELLS]) {
		mm = scenario_exec(ctx);
		if (!mm || load_image(ctx, mm, F_SH))
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
			if (shell_loop(ctx, ctx->procs.mm[s]))
				return scenario_fail(ctx, "out of memory in "
						     "a shell's loop: lower "
						     "shells");
		}
	return 0;
}

static void fork_exec_storm_teardown(struct scenario_ctx *ctx)
{
	int i;

	scenario_teardown(ctx);
	for (i = 0; i < NR_IMAGES; i++) {
		if (images[i])
			file_put(images[i]);
		images[i] = NULL;
	}
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
