# phases.gp: a phase figure, <figdir>/<name>.svg and .png, from
# <datadir>/<name>.dat (a header row, then per generation its time per
# iteration in each phase, in tunit) and <name>.inc.gp (ftitle, fixed,
# tunit, nphases), both written by rmapreport (plots/phases.c). One bar
# per generation, stacked by phase. The caller sets datadir, figdir and
# name (scripts/plots.sh).
load "plots/style.gp"
load datadir."/".name.".inc.gp"
dat = datadir."/".name.".dat"
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border rgb "#404040"
set boxwidth 0.7
set key outside right top reverse Left box
set xtics rotate by -30
set ylabel "time per iteration (".tunit.")"
set yrange [0:*]
set grid noxtics ytics
do for [term in "svg png"] {
	if (term eq "svg") {
		set terminal svg size 1100,460 font "Helvetica,13" noenhanced \
			background rgb "white"
	} else {
		set terminal pngcairo size 1100,460 font "Helvetica,11" \
			noenhanced background rgb "white"
	}
	set output figdir."/".name.".".term
	set title ftitle."\n(".fixed.")"
	plot for [k=2:nphases + 1] dat using k:xtic(1) title columnhead(k) \
		lt k - 1
	set output
}
