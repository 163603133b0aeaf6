/*
 * Whole-file reading, for the inputs read at once (strace logs, fuzz
 * corpora, benchmark JSON, test data). Not a kernel structure.
 */
#ifndef RMAP_LIB_SLURP_H
#define RMAP_LIB_SLURP_H

#include <stddef.h>

/*
 * Reads all of @path into a malloc'd buffer, its length in *@len unless
 * @len is NULL. A 0 byte follows the data, not counted in *@len, so a text
 * file is a C string too. NULL on failure with errno kept (ENOENT, EISDIR
 * for a directory, ENOMEM; EIO if the stream gave no reason), for the
 * caller's "PATH: strerror(errno)".
 */
void *slurp(const char *path, size_t *len);

#endif
