# mprotect_split: one anonymous vma split into pieces; walk cost and the
# chains a walk visits: every piece on a list, few in a tree.
ftitle = "mprotect_split: one anonymous vma split into pieces, then walked"
xlabel = "pieces"
left = "time"
left_label = "time per iteration"
right = "nodes_per_walk"
right_label = "nodes visited per walk"
load "plots/figure.gp"
