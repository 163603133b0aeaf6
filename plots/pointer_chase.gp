# pointer_chase: the physical floor, a chain of dependent loads over each
# working set size, to hold a walk's cost per visited node against.
ftitle = "pointer_chase: dependent loads over a working set"
xlabel = ""
left = "time"
left_label = "time per iteration"
right = ""
right_label = ""
load "plots/figure.gp"
