# rmap_memory: the bytes and objects of rmap metadata against the ptes
# mapped, from fork_server ((children + 1) x pages ptes at the peak).
ftitle = "rmap metadata against mapped ptes (fork_server)"
xlabel = "mapped ptes at the peak ((N + 1) x K)"
left = "rmap_bytes_peak"
left_label = "rmap metadata at the peak (bytes)"
right = "rmap_objects_peak"
right_label = "rmap objects at the peak"
load "plots/figure.gp"
