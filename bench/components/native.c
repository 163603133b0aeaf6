/*
 * What the native components share: a file in the host's page cache
 * (a memfd, so nothing touches a disk), touching mapped pages, so the
 * host kernel faults them in and maps them as the model's touch_range
 * does, and memory their forked children may read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/components/component.h"

long native_page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

/* A memfd of pages pages, all allocated in the page cache; -1 on error. */
int native_file(long pages)
{
	int fd = memfd_create("rmapbench", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fallocate(fd, 0, 0, pages * native_page_size())) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One access per page: a read, or a write (which breaks COW). */
void native_touch(char *addr, long pages, bool write)
{
	long psz = native_page_size(), i;

	for (i = 0; i < pages; i++) {
		if (write)
			((volatile char *)addr)[i * psz] = 1;
		else
			(void)((volatile char *)addr)[i * psz];
	}
}

pid_t native_fork(void)
{
	return syscall(SYS_clone, SIGCHLD, 0, NULL, NULL, 0);
}

/* Reaps child pid: 0 when it exited with status 0. */
int native_reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

void *native_alloc(size_t size)
{
	void *p = mmap(NULL, size ? size : 1, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

void native_free(void *p, size_t size)
{
	if (p)
		munmap(p, size ? size : 1);
}
