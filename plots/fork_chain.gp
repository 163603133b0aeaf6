# fork_chain: fork, parent exits, child forks again, G times; left, the
# rmap objects (anon_vmas, chains) alive at the peak, which grow with G
# under anon_vma_chain and stay bounded with reuse; right, the time.
ftitle = "fork_chain: fork, the parent exits, the child forks again"
xlabel = "generations (G)"
left = "rmap_objects_peak"
left_label = "rmap objects at the peak"
right = "time"
right_label = "time per iteration"
load "plots/figure.gp"
