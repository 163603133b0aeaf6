# ablations.gp: the figure of the one-rule findings, <figdir>/ablations.svg
# and .png, from <datadir>/ablations.dat (per comparison: index, time
# ratio, its 95% interval, label) and ablations.inc.gp (ftitle, n), which
# rmapreport wrote. One point per comparison at its ratio, the interval as
# a bar (none where it is unknown: the label says so); the dashed line at 1
# is no change. The caller sets datadir, figdir and name (scripts/plots.sh).
load "plots/style.gp"
load datadir."/".name.".inc.gp"
dat = datadir."/".name.".dat"
height = 140 + 24 * n
do for [term in "svg png"] {
	if (term eq "svg") {
		set terminal svg size 1100,height font "Helvetica,13" \
			noenhanced background rgb "white"
	} else {
		set terminal pngcairo size 1100,height font "Helvetica,11" \
			noenhanced background rgb "white"
	}
	set termoption noenhanced
	set output figdir."/".name.".".term
	set title ftitle
	set logscale x
	set format x "%g×"
	set xlabel "time with the rule changed / time of its base"
	set yrange [n + 0.5:0.5]
	set ytics scale 0
	set grid noytics
	set arrow 1 from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb "#7f7f7f"
	unset key
	plot dat using 2:1:3:4:ytic(5) with xerrorbars pt 7 ps 1.2 \
		lc rgb "#1f77b4" lw 2
	set output
}
