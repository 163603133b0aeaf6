# style.gp: one line and point style per generation, the same in every
# figure, so that a colour means one generation everywhere: 2.4's scan in
# grey, the 2.5 pair in warm colours, 2.6.7 in green and brown, the
# anon_vma_chain family in blues and purple, the host kernel in black.
# Ablation pairs (anon=X,file=Y) and anything else take the generic styles
# 10 to 13, in the order they appear.
set linetype 1 lc rgb "#7f7f7f" lw 2 pt 1 ps 1.3 dt 1	# scan
set linetype 2 lc rgb "#d62728" lw 2 pt 2 ps 1.3 dt 1	# pte_chain
set linetype 3 lc rgb "#ff7f0e" lw 2 pt 4 ps 1.3 dt 1	# objrmap
set linetype 4 lc rgb "#8c564b" lw 2 pt 6 ps 1.3 dt 1	# anonmm
set linetype 5 lc rgb "#2ca02c" lw 2 pt 8 ps 1.3 dt 1	# anon_vma
set linetype 6 lc rgb "#1f77b4" lw 2 pt 10 ps 1.3 dt 1	# avc
set linetype 7 lc rgb "#9467bd" lw 2 pt 12 ps 1.3 dt 1	# interval
set linetype 8 lc rgb "#17becf" lw 2 pt 14 ps 1.3 dt 1	# reuse
set linetype 9 lc rgb "#000000" lw 2 pt 3 ps 1.3 dt 2	# host kernel
set linetype 10 lc rgb "#e377c2" lw 2 pt 5 ps 1.1 dt 4	# generic
set linetype 11 lc rgb "#bcbd22" lw 2 pt 7 ps 1.1 dt 4
set linetype 12 lc rgb "#e377c2" lw 2 pt 9 ps 1.1 dt 5
set linetype 13 lc rgb "#bcbd22" lw 2 pt 11 ps 1.1 dt 5

gen_lt(g, i) = g eq "scan" ? 1 : g eq "pte_chain" ? 2 : \
	g eq "objrmap" ? 3 : g eq "anonmm" ? 4 : g eq "anon_vma" ? 5 : \
	g eq "avc" ? 6 : g eq "interval" ? 7 : g eq "reuse" ? 8 : \
	g eq "host" ? 9 : 10 + i % 4

# Curves drawn earlier are wider and their points larger, so a generation
# whose values equal another's still shows around it.
gen_lw(i) = 4.5 - 0.4 * (i - 1)
gen_ps(i) = 2.0 - 0.12 * (i - 1)

set grid xtics ytics lc rgb "#e0e0e0" lw 1 dt 1
set border lw 1
set tics nomirror out
set encoding utf8
set micro
