/*
 * A model instance: mem_map, swap, the LRU and one generation's pair of rmap
 * schemes. One instance runs at a time; a workload builds its processes and
 * files on it, and model_exit() says what it left behind.
 */
#ifndef RMAP_MODEL_H
#define RMAP_MODEL_H

#include "common/filemap.h"
#include "common/memory.h"
#include "common/mm.h"
#include "common/page.h"
#include "common/pgtable.h"
#include "common/rmap.h"
#include "common/vmscan.h"

/* mem_map size (pages) when a workload does not ask for one */
#define MODEL_DEFAULT_PAGES	(1UL << 18)

int model_init(const struct rmap_config *cfg, unsigned long nr_pages);
/*
 * Tears the instance down. Returns how many objects were still live (pages,
 * swap slots, files, mms, slab objects); each kind is named on stderr.
 */
unsigned long model_exit(void);
/* Runs every scheme's validate(); 0 when all invariants hold. */
int model_validate(void);

#endif
