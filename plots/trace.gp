# trace: every generation replaying each real program's strace log
# (bench/traces): the time of a whole replay, periodic reclaim included,
# and the nodes a walk visits, per program.
ftitle = "trace: real programs' strace logs replayed on each generation"
xlabel = "program"
left = "time"
left_label = "time per replay"
right = "nodes_per_walk"
right_label = "nodes visited per walk"
load "plots/figure.gp"
