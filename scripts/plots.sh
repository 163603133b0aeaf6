#!/bin/sh
# Draws every figure and rewrites RESULTS.md from a benchmark JSON (default
# results/latest.json) without running a benchmark: rmapreport writes the
# plot data of every registered figure the run has (<name>.dat and
# <name>.inc.gp, which holds the figure's spec), gnuplot draws each with
# plots/figure.gp, or, for a figure of another kind (its .inc.gp says kind
# = "phases" or "ablations"), plots/<kind>.gp; rmapreport writes RESULTS.md.
# Figures no longer produced are removed, so the set of figures always
# matches the JSON. Where the simulated cache run of make bench CACHESIM=1
# exists (CACHESIM_JSON, default results/cachesim.json), its figures and
# its section of RESULTS.md are drawn from it too.
# Environment: BUILD (build dir with rmapreport), PLOT_DATA, PLOT_FIGURES,
# RESULTS_MD override where things go.
set -eu

json=${1:-results/latest.json}
build=${BUILD:-build}
datadir=${PLOT_DATA:-plots/data}
figdir=${PLOT_FIGURES:-plots/figures}
results=${RESULTS_MD:-RESULTS.md}
cachesim=${CACHESIM_JSON:-results/cachesim.json}

if [ ! -f "$json" ]; then
	echo "plots: $json not found: run 'make bench' (or 'make bench QUICK=1') first" >&2
	exit 1
fi
if ! command -v gnuplot >/dev/null 2>&1; then
	echo "plots: gnuplot not found: run scripts/install-deps.sh" >&2
	exit 1
fi
mkdir -p "$datadir" "$figdir"
set --
[ -f "$cachesim" ] && set -- --cachesim "$cachesim"
"$build/rmapreport" data "$json" "$datadir" "$@"

# gnuplot draws into a scratch folder; finished figures are renamed in
tmp=$(mktemp -d "$figdir/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
for inc in "$datadir"/*.inc.gp; do
	[ -f "$inc" ] || continue	# the run has no figure at all
	name=$(basename "$inc" .inc.gp)
	kind=$(sed -n 's/^kind = "\(.*\)"$/\1/p' "$inc")
	script=plots/${kind:-figure}.gp
	gnuplot -e "datadir='$datadir'; figdir='$tmp'; name='$name'" \
		"$script"
	mv -f "$tmp/$name.svg" "$figdir/$name.svg"
	mv -f "$tmp/$name.png" "$figdir/$name.png"
done
for fig in "$figdir"/*.svg "$figdir"/*.png; do
	name=$(basename "$fig")
	[ -f "$datadir/${name%.*}.inc.gp" ] || rm -f "$fig"
done
"$build/rmapreport" report "$json" "$figdir" -o "$results" "$@"
echo "plots: figures in $figdir, report in $results"
