# fork_server: a parent's pages written by N children, then walked; right,
# the vmas (or mms) a walk visits: N+1 for one anon_vma per family, about
# two with anon_vma_chain.
ftitle = "fork_server: N children each write the parent's K pages; reclaim walks them"
xlabel = "children (N)"
left = "time"
left_label = "time per iteration"
right = "nodes_per_walk"
right_label = "nodes visited per walk"
load "plots/figure.gp"
