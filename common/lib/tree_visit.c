#include "common/lib/tree_visit.h"

_Thread_local unsigned long tree_nodes_visited, tree_nodes_updated;
