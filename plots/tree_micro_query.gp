# tree_micro_query: Michel Lespinasse's stabbing queries on each i_mmap
# structure holding N random intervals: the time, and the nodes a query
# examines (the list: every element) against the hits it reports.
ftitle = "tree_micro: stabbing queries on N random intervals"
xlabel = "intervals (N)"
left = "time"
left_label = "time per run of queries"
right = "nodes_per_query"
right_label = "nodes examined per query"
load "plots/figure.gp"
