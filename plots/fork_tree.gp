# fork_tree: a random fork tree of processes; the time of its lifetime and
# the rmap metadata it needs, against the tree's height.
ftitle = "fork_tree: a random fork tree touching private and shared memory"
xlabel = "tree height"
left = "time"
left_label = "time per iteration"
right = "rmap_bytes_peak"
right_label = "rmap metadata at the peak (bytes)"
load "plots/figure.gp"
