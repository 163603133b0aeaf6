# panel.gp: the panel side ("left" or "right") of a figure: its quantity q
# ("time" or a counter named in the data's columns) against x, one curve
# per generation of gens, the i-th in line type i. Time has min-max error
# bars over the repetitions. A generation with nothing to draw on this axis
# (no value, or zero on a log axis) is named in the panel's title rather
# than missing silently. The facts used here (per side its quantity, label,
# _col, _log, _have, _small and _none; logx, xstep, xcats, xlo, xhi, tscale
# and tunit) come from the <name>.inc.gp rmapreport wrote.
q = value(side)
ql = value(side."_label")
col = value(side."_col")
islog = value(side."_log")
none = value(side."_none")
unset logscale
unset label
set xlabel xlabel
set ylabel ql
if (logx) { set logscale x; set format x "%.0s%c" } else { set format x "%g" }
# xcats: one named tick per category (trace's programs)
if (strlen(xcats) > 0) {
	eval("set xtics (".xcats.")")
} else {
	if (xstep > 0) { set xtics xstep } else { set xtics autofreq }
}
set xrange [xlo:xhi]
if (islog) { set logscale y }
# SI prefixes read well on log axes of counts above 1 (10k, 1M), not below
# time: seconds with SI prefixes on a log axis, else one unit (tunit)
ts = islog ? 1e-9 : tscale
if (q eq "time") {
	set format y (islog ? "%.0s %cs" : "%g")
	if (!islog) { set ylabel ql." (".tunit.")" }
} else {
	set format y (islog && !value(side."_small") ? "%.0s%c" : "%g")
}
if (strlen(none) > 2) {
	set title "not drawn (zero or no value):".none font ",10"
} else {
	unset title
}
# Categories are not a scale: no line joins them, and each generation's
# point sits a little beside the others' so none hides another.
iscat = strlen(xcats) > 0
dx(i) = iscat ? (i - (words(gens) + 1) / 2.0) * 0.6 / words(gens) : 0
tstyle = iscat ? "yerrorbars" : "yerrorlines"
cstyle = iscat ? "points" : "linespoints"
if (!value(side."_have")) {
	set label 1 "not measured in this run" at graph 0.5, 0.5 center
	plot [] [0:1] 2 notitle
} else {
	if (q eq "time") {
		plot for [i=1:words(gens)] dat index (i - 1) \
			using ($1 + dx(i)):($2 * ts):($3 * ts):($4 * ts) \
			with @tstyle lt i \
			lw gen_lw(i) ps gen_ps(i) title word(gens, i)
	} else {
		plot for [i=1:words(gens)] dat index (i - 1) \
			using ($1 + dx(i)):(column(col)) with @cstyle \
			lt i lw gen_lw(i) ps gen_ps(i) \
			title word(gens, i)
	}
}
