# shared_lib: many processes map one library; walk cost against the
# processes, and the nodes a walk visits.
ftitle = "shared_lib: P processes map one library-like file"
xlabel = "processes (P)"
left = "time"
left_label = "time per iteration"
right = "nodes_per_walk"
right_label = "nodes visited per walk"
load "plots/figure.gp"
