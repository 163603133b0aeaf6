# figure.gp: draws any figure, <figdir>/<name>.svg (for RESULTS.md) and
# .png, from <datadir>/<name>.dat and what rmapreport wrote beside it,
# <name>.inc.gp: the figure's spec (ftitle, xlabel, left and right with
# their _label, right "" for a single panel), its curves (gens, one line
# type each), and the axis facts (xname, fixed, logx, notdrawn, and per
# panel its column, _log, _have, _small and _none). The caller sets
# datadir, figdir and name (scripts/plots.sh).
load "plots/style.gp"
load datadir."/".name.".inc.gp"
dat = datadir."/".name.".dat"
npanels = right eq "" ? 1 : 2
# the plot areas end at 78% of the width; the key sits to their right
do for [term in "svg png"] {
	if (term eq "svg") {
		set terminal svg size 1100,460 font "Helvetica,13" noenhanced \
			background rgb "white"
	} else {
		set terminal pngcairo size 1100,460 font "Helvetica,11" \
			noenhanced background rgb "white"
	}
	set termoption noenhanced
	set output figdir."/".name.".".term
	set multiplot layout 1, npanels \
		title ftitle."\n(".(fixed eq "" ? "" : fixed.", ")."x: ".xname.")". \
			(notdrawn eq "" ? "" : "\nover budget, not drawn: ".notdrawn) \
		margins 0.09, 0.78, 0.13, 0.82 spacing 0.11, 0.1
	do for [p=1:npanels] {
		side = p == 1 ? "left" : "right"
		if (p == npanels) {
			set key at screen 0.80, screen 0.82 left top \
				Left reverse samplen 3 spacing 1.2 box
		} else {
			unset key
		}
		load "plots/panel.gp"
	}
	unset multiplot
	set output
}
