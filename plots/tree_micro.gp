# tree_micro: Michel Lespinasse's tree microbenchmark: cost per loop of
# each i_mmap structure.
ftitle = "tree_micro: random intervals inserted, erased and queried"
xlabel = ""
left = "time"
left_label = "time per iteration"
right = ""
right_label = ""
load "plots/figure.gp"
