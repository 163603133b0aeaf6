# pointer_chase: the physical floor, a chain of dependent loads over each
# working set size, to hold a walk's cost per visited node against.
ftitle = "pointer_chase: dependent loads over a working set"
xlabel = "working set (bytes)"
left = "ns_per_load"
left_label = "ns per dependent load"
right = ""
right_label = ""
load "plots/figure.gp"
