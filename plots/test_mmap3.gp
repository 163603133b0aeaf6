# test_mmap3: Ingo Molnar's test; walk cost against the one-page vmas on
# the file, and the nodes a walk visits.
ftitle = "test_mmap3: one-page vmas in reversed order, 2^R processes, pressure"
xlabel = "one-page vmas per process"
left = "time"
left_label = "time per iteration"
right = "nodes_per_walk"
right_label = "nodes visited per walk"
load "plots/figure.gp"
