/*
 * pte_chain in arrays (2.5.35-2.6.6) built for a 128-byte L1 line, x86-64's
 * GENERIC_CPU and MPSC, ppc64: 15 pte addresses a node, line=128. The form
 * itself is pte_chain_array.h.
 */
#define PTE_CHAIN_BYTES	128
#define ARRAY_OPS	chain_array_ops_128
#include "variants/pte_chain/pte_chain_array.h"
