# style.gp: what every figure shares: the grid, borders and tics, and the
# widths that tell curves apart. A curve's colour, point type and dashes
# are line type i for the i-th curve, set by the figure's <name>.inc.gp
# (rmapreport: a generation's style from the generation registry).

# Curves drawn earlier are wider and their points larger, so a generation
# whose values equal another's still shows around it; past the nine
# generations (ablations, dashed) no thinner than the floor, so they show.
gen_lw(i) = (i > 10) ? 1.5 : 4.5 - 0.4 * (i - 1)
gen_ps(i) = (i > 10) ? 0.9 : 2.0 - 0.12 * (i - 1)

set grid xtics ytics lc rgb "#e0e0e0" lw 1 dt 1
set border lw 1
set tics nomirror out
set encoding utf8
set micro
