/*
 * The programs of the fork/exec workloads (fork_exec_storm, sdet): libc, a
 * shell and three small binaries (cat, wc, expr) as files, laid out as
 * i386 ELF images were, and what exec and a run of one does to a process:
 * map the binary and libc (text read, data written), its bss+heap and
 * stack, and write them.
 */
#ifndef RMAP_SCENARIO_EXEC_H
#define RMAP_SCENARIO_EXEC_H

#include "common/model.h"

enum exec_image { IMG_LIBC, IMG_SH, IMG_CAT, IMG_WC, IMG_EXPR,
		  NR_EXEC_IMAGES };

struct exec_images {
	/* pages present: the shell's text, libc's, each small binary's */
	long sh_pages, libc_pages, bin_pages;
	long data_pages;	/* each binary's and libc's data, written */
	long anon_pages;	/* bss, heap and stack a process writes */
	struct address_space *file[NR_EXEC_IMAGES];
};

/* The files of the images; -1 when out of memory (exec_close puts them). */
int exec_open(struct exec_images *im);
void exec_close(struct exec_images *im);
/* exec's binfmt_elf and ld.so: binary, libc, bss, stack; then it runs. */
int exec_load(const struct exec_images *im, struct mm_struct *mm, int img);
/* The bss, heap and stack written: after exec, and by a parent after fork. */
int exec_write_anon(const struct exec_images *im, struct mm_struct *mm,
		    int img);
/*
 * fork, the parent's writes, the child's stack write and exec of img:
 * the running child, or NULL (out of memory; nothing left held).
 */
struct mm_struct *exec_spawn(const struct exec_images *im,
			     struct mm_struct *parent, int parent_img, int img);

#endif
