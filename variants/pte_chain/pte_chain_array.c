/*
 * pte_chain in arrays (2.5.35-2.6.6) built for a 64-byte L1 line, x86-64's
 * MK8: 7 pte addresses a node, line=64, the default. The form itself is
 * pte_chain_array.h.
 */
#define PTE_CHAIN_BYTES	64
#define ARRAY_OPS	chain_array_ops
#include "variants/pte_chain/pte_chain_array.h"
