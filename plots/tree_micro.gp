# tree_micro: Michel Lespinasse's tree microbenchmark: one loop of
# inserting then erasing N random intervals in each i_mmap structure.
ftitle = "tree_micro: N random intervals inserted, then erased"
xlabel = "intervals (N)"
left = "time"
left_label = "time per insert-all + erase-all loop"
right = ""
right_label = ""
load "plots/figure.gp"
