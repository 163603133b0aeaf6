/*
 * The buffer doubles from 64 KiB rather than taking the size from stat, so
 * pipes and /proc files read whole too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/lib/slurp.h"

#define SLURP_FIRST	(64 * 1024)

/* Reads f to its end into *buf; 0, or the errno of the failure. */
static int read_all(FILE *f, char **buf, size_t *len)
{
	size_t cap = SLURP_FIRST, n = 0;
	char *grown;

	for (;;) {
		grown = realloc(*buf, cap);
		if (!grown)
			return ENOMEM;
		*buf = grown;
		errno = 0;
		n += fread(*buf + n, 1, cap - n, f);
		if (ferror(f))
			return errno ? errno : EIO;
		if (n < cap)
			break;
		cap *= 2;
	}
	(*buf)[n] = 0;	/* n < cap: the room is there */
	*len = n;
	return 0;
}

void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n;
	int err;

	if (!f)
		return NULL;
	err = read_all(f, &buf, &n);
	fclose(f);
	if (err) {
		free(buf);
		errno = err;
		return NULL;
	}
	if (len)
		*len = n;
	return buf;
}
