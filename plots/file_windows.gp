# file_windows: akpm's rmap-test; walk cost against the vmas on the file,
# and the nodes a walk visits: every vma for the linear lists, a few for
# the trees.
ftitle = "file_windows: T tasks map V windows of one file; every page walked"
xlabel = "windows per task (V)"
left = "time"
left_label = "time per iteration (all pages walked)"
right = "nodes_per_walk"
right_label = "nodes visited per walk"
load "plots/figure.gp"
