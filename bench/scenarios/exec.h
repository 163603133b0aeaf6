/*
 * The programs of the fork/exec workloads (fork_exec_storm, sdet,
 * kernbench): libc, a shell and three small binaries (cat, wc, expr) as
 * files, and for kernbench the toolchain (make, the gcc driver, cc1, as),
 * laid out as i386 ELF images were, and what exec and a run of one does
 * to a process: map the binary and libc (text read, data written), its
 * bss+heap and stack, and write them.
 */
#ifndef RMAP_SCENARIO_EXEC_H
#define RMAP_SCENARIO_EXEC_H

#include "common/model.h"

/* The shell's images, then the toolchain's, opened only by kernbench */
enum exec_image { IMG_LIBC, IMG_SH, IMG_CAT, IMG_WC, IMG_EXPR,
		  NR_SHELL_IMAGES, IMG_MAKE = NR_SHELL_IMAGES, IMG_GCC,
		  IMG_CC1, IMG_AS, NR_EXEC_IMAGES };

struct exec_images {
	/*
	 * pages present: the shell's text, libc's, each small binary's (make,
	 * gcc and as are small ones too), cc1's
	 */
	long sh_pages, libc_pages, bin_pages, cc1_pages;
	long data_pages;	/* each binary's and libc's data, written */
	long anon_pages;	/* bss, heap and stack a process writes */
	int nr;			/* the images opened: the first nr */
	struct address_space *file[NR_EXEC_IMAGES];
};

/*
 * The five sizes as a scenario's parameters, at indices first to first + 4
 * of its params[], in this order, and the images they describe.
 */
#define EXEC_IMAGE_PARAMS(first)					\
	EXEC_IMAGE_PARAMS_BIN(first, "text pages of cat, wc and expr")

/* The same, where the small binaries are others (help names them) */
#define EXEC_IMAGE_PARAMS_BIN(first, help)				\
	[(first)] = { "sh_pages", 120, 1, 1L << 16,			\
		      "the shell's text pages present" },		\
	[(first) + 1] = { "libc_pages", 96, 1, 1L << 16,		\
			  "libc text pages a process faults in" },	\
	[(first) + 2] = { "bin_pages", 8, 1, 1L << 16, (help) },	\
	[(first) + 3] = { "data_pages", 4, 1, 1L << 16,			\
			  "data pages of each binary and of libc, "	\
			  "written" },					\
	[(first) + 4] = { "anon_pages", 8, 2, 1L << 16,			\
			  "bss, heap and stack pages a process writes" }

static inline struct exec_images exec_images_of(const long *sizes)
{
	return (struct exec_images){
		.sh_pages = sizes[0], .libc_pages = sizes[1],
		.bin_pages = sizes[2], .data_pages = sizes[3],
		.anon_pages = sizes[4], .nr = NR_SHELL_IMAGES,
	};
}

/*
 * The files of the first nr images; -1 when out of memory (exec_close puts
 * them).
 */
int exec_open(struct exec_images *im);
void exec_close(struct exec_images *im);
/* exec's binfmt_elf and ld.so: binary, libc, bss, stack; then it runs. */
int exec_load(const struct exec_images *im, struct mm_struct *mm, int img);
/* The bss, heap and stack written: after exec, and by a parent after fork. */
int exec_write_anon(const struct exec_images *im, struct mm_struct *mm,
		    int img);
/*
 * A run's read of @pages of @file through a private read-only mapping:
 * mapped, faulted in and unmapped. 0, or -1 when out of memory.
 */
int exec_map_read(struct mm_struct *mm, struct address_space *file,
		  unsigned long pages);
/*
 * fork, the parent's writes, the child's stack write and exec of img:
 * the running child, or NULL (out of memory; nothing left held).
 */
struct mm_struct *exec_spawn(const struct exec_images *im,
			     struct mm_struct *parent, int parent_img, int img);
/* vfork and exec of img: the running child, or NULL (nothing held) */
struct mm_struct *exec_vspawn(const struct exec_images *im,
			      struct mm_struct *parent, int img);

#endif
