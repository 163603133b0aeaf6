/*
 * The programs of the fork/exec workloads (exec.h): the files and what
 * exec, and a run of a program, map and write.
 */
#include "bench/scenarios/exec.h"

static const char *const image_names[NR_EXEC_IMAGES] = {
	"libc.so", "bash", "cat", "wc", "expr", "make", "gcc", "cc1", "as",
};

/* i386's ELF layout: text at 0x08048000, libc at 0x40000000 */
#define BIN_BASE	0x08048000UL
#define LIBC_BASE	0x40000000UL
#define STACK_TOP	0xc0000000UL

static unsigned long text_pages(const struct exec_images *im, int img)
{
	return img == IMG_LIBC ? im->libc_pages :
	       img == IMG_SH ? im->sh_pages :
	       img == IMG_CC1 ? im->cc1_pages : im->bin_pages;
}

int exec_open(struct exec_images *im)
{
	int i;

	for (i = 0; i < im->nr; i++) {
		im->file[i] = file_create(image_names[i], text_pages(im, i) +
					  im->data_pages, false);
		if (!im->file[i])
			return -1;
	}
	return 0;
}

void exec_close(struct exec_images *im)
{
	int i;

	for (i = 0; i < im->nr; i++) {
		if (im->file[i])
			file_put(im->file[i]);
		im->file[i] = NULL;
	}
}

static unsigned long stack_len(const struct exec_images *im)
{
	return (im->anon_pages / 2) * PAGE_SIZE;
}

static unsigned long bss_len(const struct exec_images *im)
{
	return im->anon_pages * PAGE_SIZE - stack_len(im);
}

/* Maps text (read, exec) and data (written, private) of a file image. */
static int map_file_image(const struct exec_images *im, struct mm_struct *mm,
			  int img, unsigned long base)
{
	unsigned long text = text_pages(im, img) * PAGE_SIZE;
	unsigned long data = im->data_pages * PAGE_SIZE;
	unsigned long a, d;

	a = do_mmap(mm, base, text, RM_PROT_READ | RM_PROT_EXEC,
		    RM_MAP_PRIVATE | RM_MAP_FIXED, im->file[img], 0);
	d = do_mmap(mm, base + text, data, RM_PROT_READ | RM_PROT_WRITE,
		    RM_MAP_PRIVATE | RM_MAP_FIXED, im->file[img],
		    text_pages(im, img));
	if (IS_ERR_VALUE(a) || IS_ERR_VALUE(d))
		return -1;
	return touch_range(mm, a, text, false) ||
	       touch_range(mm, d, data, true) ? -1 : 0;
}

/* The bss+heap above the binary's data, and the stack. */
static unsigned long bss_base(const struct exec_images *im, int img)
{
	return BIN_BASE + (text_pages(im, img) + im->data_pages) * PAGE_SIZE;
}

int exec_write_anon(const struct exec_images *im, struct mm_struct *mm,
		    int img)
{
	return touch_range(mm, bss_base(im, img), bss_len(im), true) ||
	       touch_range(mm, STACK_TOP - stack_len(im), stack_len(im),
			   true) ? -1 : 0;
}

int exec_load(const struct exec_images *im, struct mm_struct *mm, int img)
{
	int prot = RM_PROT_READ | RM_PROT_WRITE;
	int flags = RM_MAP_PRIVATE | RM_MAP_ANON | RM_MAP_FIXED;

	if (IS_ERR_VALUE(do_mmap(mm, bss_base(im, img), bss_len(im), prot,
				 flags, NULL, 0)) ||
	    IS_ERR_VALUE(do_mmap(mm, STACK_TOP - stack_len(im),
				 stack_len(im), prot, flags, NULL, 0)))
		return -1;
	return map_file_image(im, mm, img, BIN_BASE) ||
	       map_file_image(im, mm, IMG_LIBC, LIBC_BASE) ||
	       exec_write_anon(im, mm, img) ? -1 : 0;
}

int exec_map_read(struct mm_struct *mm, struct address_space *file,
		  unsigned long pages)
{
	unsigned long len = pages * PAGE_SIZE;
	unsigned long a = do_mmap(mm, 0, len, RM_PROT_READ, RM_MAP_PRIVATE,
				  file, 0);

	if (IS_ERR_VALUE(a) || touch_range(mm, a, len, false))
		return -1;
	return do_munmap(mm, a, len);
}

/* exec of img: drops mm, and returns the running image or NULL */
static struct mm_struct *exec_into(const struct exec_images *im,
				   struct mm_struct *mm, int img)
{
	struct mm_struct *fresh = exec_mm(mm);

	if (!fresh)
		mmput(mm);
	else if (exec_load(im, fresh, img)) {
		mmput(fresh);
		fresh = NULL;
	}
	return fresh;
}

struct mm_struct *exec_spawn(const struct exec_images *im,
			     struct mm_struct *parent, int parent_img, int img)
{
	struct mm_struct *child = dup_mm(parent);

	if (!child)
		return NULL;
	if (exec_write_anon(im, parent, parent_img) ||
	    handle_mm_fault(child, STACK_TOP - PAGE_SIZE, true)) {
		mmput(child);
		return NULL;
	}
	return exec_into(im, child, img);
}

/*
 * vfork: the child borrows the parent's mm (copy_mm's CLONE_VM takes a
 * user) until its exec drops it (exec_mmap's mmput of a shared mm):
 * liexusong/linux-2.4.0 and sagsango/linux-2.6.20, kernel/fork.c copy_mm,
 * fs/exec.c exec_mmap.
 */
struct mm_struct *exec_vspawn(const struct exec_images *im,
			      struct mm_struct *parent, int img)
{
	mmget(parent);
	return exec_into(im, parent, img);
}
