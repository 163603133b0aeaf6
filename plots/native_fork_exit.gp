# native_fork_exit: the model's fork_exit curves beside the host kernel's
# real fork and exit of a process of the same shape.
ftitle = "fork_exit: the model beside the host kernel (native_fork_exit)"
xlabel = "pages mapped by the parent"
left = "time"
left_label = "time per fork + exit"
right = ""
right_label = ""
load "plots/figure.gp"
