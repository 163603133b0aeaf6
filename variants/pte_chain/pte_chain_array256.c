/*
 * pte_chain in arrays (2.5.35-2.6.6) built for a 256-byte L1 line, s390x:
 * 31 pte addresses a node, line=256. The form itself is pte_chain_array.h.
 */
#define PTE_CHAIN_BYTES	256
#define ARRAY_OPS	chain_array_ops_256
#include "variants/pte_chain/pte_chain_array.h"
