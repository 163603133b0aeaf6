# fork_exit: fork + exit of a process against the pages it maps; right,
# the per-pte rmap calls that pte_chain pays and object rmap avoids.
ftitle = "fork_exit: fork and exit of a process mapping P pages"
xlabel = "pages mapped by the parent"
left = "time"
left_label = "time per fork + exit"
right = "rmap_adds"
right_label = "per-pte rmap adds per fork"
load "plots/figure.gp"
