# reclaim: the whole system under memory pressure; cost against the
# processes, and the nodes each walk visits.
ftitle = "reclaim: N processes fault in, then the LRU shrinks by a target"
xlabel = "processes (N)"
left = "time"
left_label = "time per iteration"
right = "nodes_per_walk"
right_label = "nodes visited per walk"
load "plots/figure.gp"
