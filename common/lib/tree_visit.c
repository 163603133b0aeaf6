#include "common/lib/tree_visit.h"

unsigned long tree_nodes_visited, tree_nodes_updated;
