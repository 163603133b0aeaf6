# file_windows_tasks: akpm's historical setting (100 vmas x 600 pages a
# task) against the tasks mapping the file: every task adds 100 vmas to
# the file's i_mmap.
ftitle = "file_windows: T tasks map V windows of one file; every page walked"
xlabel = "tasks (T)"
left = "time"
left_label = "time per iteration (all pages walked)"
right = "nodes_per_walk"
right_label = "nodes visited per walk"
load "plots/figure.gp"
