# mmap_churn: the cost of inserting into and removing from i_mmap against
# the vmas already on the file: O(1) for lists, O(log V) for trees.
ftitle = "mmap_churn: mmap + munmap of file windows beside V vmas"
xlabel = "vmas already on the file (V)"
left = "time"
left_label = "time per iteration (C mmap + munmap pairs)"
right = ""
right_label = ""
load "plots/figure.gp"
