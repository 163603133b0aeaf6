/*
 * Files and their page cache. A file is an inode with one address_space; its
 * pages are indexed by pgoff. shmem objects (MAP_SHARED|MAP_ANONYMOUS) are
 * files too, so their pages are file pages on the file side of rmap, as in
 * the kernel.
 */
#ifndef RMAP_FILEMAP_H
#define RMAP_FILEMAP_H

#include <stdbool.h>

#include "common/mm_types.h"

/* model_init: the page cache lock's kind, by the pagecache switch */
void filemap_init(void);
struct address_space *file_create(const char *name, unsigned long size_pages,
				  bool shmem);
void file_get(struct address_space *mapping);
/* The last reference truncates the page cache and frees the file. */
void file_put(struct address_space *mapping);
/* Grows the file (replay: a library mapped past what was seen). */
int file_set_size(struct address_space *mapping, unsigned long size_pages);
/* The cached page at pgoff with a reference, or NULL. */
struct page *find_get_page(struct address_space *mapping, unsigned long pgoff);
/* The cached page at pgoff, created on a miss; NULL when out of memory. */
struct page *find_or_create_page(struct address_space *mapping,
				 unsigned long pgoff);
void remove_from_page_cache(struct page *page);
/*
 * Reclaim's removal of an unmapped page cache page it holds: only if the
 * cache's reference and reclaim's are all there are (else false, the page
 * kept), leaving reclaim's.
 */
bool remove_mapping(struct page *page);
unsigned long nr_files(void);

#endif
