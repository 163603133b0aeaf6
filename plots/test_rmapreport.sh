#!/bin/sh
# The rmapreport test (ctest): plot data and RESULTS.md from a fixture run,
# byte-for-byte reproducible; each figure's .inc.gp carries its spec and its
# curves' styles from the registries; stale data and figures removed;
# over-budget and non-finite entries shown as such; findings by ablation
# compare runs one rule apart, each with its rule and interval, and
# generation comparisons list every rule they differ in; bad input refused with
# one line and nothing written; the scalability section of a run on
# several CPUs; compare tells a difference beyond the noise
# from one within it, and tests nothing with one repetition a side; and,
# with gnuplot, the whole of scripts/plots.sh twice
# with identical figures (without gnuplot it exits 77, ctest's Skipped, once
# everything else has passed).
# Usage: test_rmapreport.sh path/to/rmapreport SOURCE_DIR
set -u

bin=$1
src=$2
data=$src/tests/data
run=$data/rmapreport_run.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$src/plots/test_lib.sh"

# -- data: one block per generation and ablation, rows sorted by x --
"$bin" data "$run" "$tmp/d1" || fail "data exited non-zero"
[ -f "$tmp/d1/fork_exit.dat" ] && [ -f "$tmp/d1/fork_exit.inc.gp" ] ||
	fail "fork_exit.dat or .inc.gp missing"
[ "$(grep -c '^# generation ' "$tmp/d1/fork_exit.dat")" -eq 6 ] ||
	fail "fork_exit.dat: not 6 blocks (5 generations, 1 ablation)"
has "$tmp/d1/fork_exit.inc.gp" 'gens = "'
awk '/^# generation/ { last = -1; next } /^ / { if ($1 <= last) bad = 1; last = $1 }
     END { exit bad }' "$tmp/d1/fork_exit.dat" ||
	fail "fork_exit.dat: rows not sorted by pages within a block"
# figures whose scenario the run lacks are not written
[ ! -e "$tmp/d1/test_mmap3.dat" ] || fail "test_mmap3.dat written without data"
[ ! -e "$tmp/d1/native_file_windows.dat" ] ||
	fail "native_file_windows.dat written without native data"
[ -f "$tmp/d1/native_fork_exit.dat" ] && has "$tmp/d1/native_fork_exit.dat" \
	'# generation host'

# -- .inc.gp: the figure's spec from the scenario registry --
inc=$tmp/d1/fork_exit.inc.gp
has "$inc" 'ftitle = "fork_exit: '
has "$inc" 'xlabel = "pages mapped by the parent"'
has "$inc" 'left = "time"'
has "$inc" 'right = "rmap_adds"'
grep -q '^right_label = "..*"$' "$inc" || fail "fork_exit: no right_label"
grep -q '^left_log = [01]$' "$inc" && grep -q '^logx = [01]$' "$inc" ||
	fail "fork_exit: no scales"
has "$tmp/d1/native_fork_exit.inc.gp" 'right = ""'
# one line type per curve; a generation's colour and point type are the
# registry's and the same in every figure; anything else a dashed generic
for f in "$tmp/d1"/*.inc.gp; do
	gens=$(sed -n 's/^gens = "\(.*\)"$/\1/p' "$f")
	[ "$(grep -c '^set linetype ' "$f")" -eq "$(echo $gens | wc -w)" ] ||
		fail "$f: not one line type per curve"
	i=0
	for g in $gens; do
		i=$((i + 1))
		st=$(sed -n "s/^set linetype $i \(.*\)\$/\1/p" "$f")
		echo "$g $st" >>"$tmp/styles"
		case $st in
		*' dt 1')
			col=$(echo "$st" | sed 's/^lc rgb "\([^"]*\)" pt \([0-9]*\) .*/"\1", \2 }/')
			grep -qF "$col" "$src/common/registry.c" ||
				fail "$f: $g's style $st is not the registry's" ;;
		*)	grep -qF "\"$g\", \"" "$src/common/registry.c" &&
				fail "$f: generation $g in a generic style" ;;
		esac
	done
done
has "$tmp/styles" 'host lc rgb "#e377c2" pt 5 dt 4'
grep -q '^anon=avc,file=linear .* dt 4$' "$tmp/styles" ||
	fail "an ablation's curve not in a generic style"
[ "$(sort -u "$tmp/styles" | cut -d' ' -f1 | uniq -d)" = "" ] ||
	fail "a generation styled differently in two figures"

# -- stale data: rmapreport's files of figures not written now go --
printf '# figure gone: x against y\n' >"$tmp/d1/gone.dat"
printf '# figure gone, written by rmapreport\n' >"$tmp/d1/gone.inc.gp"
printf 'not ours\n' >"$tmp/d1/mine.dat"
"$bin" data "$run" "$tmp/d1" || fail "data over old data failed"
[ ! -e "$tmp/d1/gone.dat" ] && [ ! -e "$tmp/d1/gone.inc.gp" ] ||
	fail "stale figure data kept"
[ -f "$tmp/d1/mine.dat" ] || fail "a file rmapreport did not write removed"
rm -f "$tmp/d1/mine.dat"

# -- reproducible --
"$bin" data "$run" "$tmp/d2" || fail "second data run failed"
diff -r "$tmp/d1" "$tmp/d2" >/dev/null || fail "data differs between runs"
"$bin" report "$run" figs -o "$tmp/R1.md" || fail "report exited non-zero"
"$bin" report "$run" figs -o "$tmp/R2.md" || fail "second report failed"
"$bin" report "$run" figs >"$tmp/R3.md" || fail "report to stdout failed"
cmp -s "$tmp/R1.md" "$tmp/R2.md" || fail "report differs between runs"
cmp -s "$tmp/R1.md" "$tmp/R3.md" || fail "report -o and stdout differ"
has "$tmp/R1.md" '## fork_exit'
! grep -q '^## Scalability' "$tmp/R1.md" ||
	fail "a scalability section from a run on one CPU"

# -- scalability: throughput per generation against CPUs, a table per
# setting of the other parameters, the class waited on most, and each
# class's share of the CPUs' time waiting / holding it (a fixture of sdet's
# quick curves); a run without hold times shows the waits alone --
sdet=$tmp/Rs.md
"$bin" report "$data/rmapreport_sdet.json" figs -o "$sdet" ||
	fail "report of the sdet fixture failed"
has "$sdet" '## Scalability'
has "$sdet" '**sdet** (kswapd=0, scripts=2,'
has "$sdet" '**sdet** (kswapd=1, scripts=2,'
has "$sdet" '| generation | 1 CPU | 2 CPUs | 2 / 1 | waited on most at 2'
has "$sdet" '| objrmap | 3950 | 2292 | 0.58× | i_mmap (3.77%) |'
has "$sdet" '| avc | 1202 | 1718 | 1.43× | i_mmap (29.42%) |'
has "$sdet" "each class's share of the CPUs' time (waiting / holding it):"
has "$sdet" '| generation | i_mmap | lru | page_cache | page_table | pte_chain | ptl | tasklist |'
has "$sdet" '| objrmap | 17.24% / 15.06% | 0.01% / 0.03% | 2.77% / 3.42% | 0.00% / 5.64% | 11.53% / 21.62% | 1.18% / 18.46% | 0.00% / 0.00% |'
# A finding sits on the main figure: sdet's comparisons finish at both
# kswapd values, and its headline point is the one the sdet figure pins,
# kswapd=0 (avc's runs again as the ablation avc+fork=copy).
jq '.benchmarks += [.benchmarks[] | select(.name | contains("/avc/"))
	| .name |= sub("/avc/"; "/avc+fork=copy/")
	| .run_name |= sub("/avc/"; "/avc+fork=copy/")]' \
	"$data/rmapreport_sdet.json" >"$tmp/abl.json"
"$bin" report "$tmp/abl.json" figs -o "$tmp/Ra.md" ||
	fail "report of the sdet fixture with an ablation failed"
has "$tmp/Ra.md" '- **fork** in [sdet](#sdet) (cpus=2, kswapd=0,'
grep -v '"hold_' "$data/rmapreport_sdet.json" >"$tmp/nohold.json"
"$bin" report "$tmp/nohold.json" figs -o "$tmp/Rn.md" ||
	fail "report of the sdet fixture without hold times failed"
has "$tmp/Rn.md" "each class's share of the CPUs' time:"
has "$tmp/Rn.md" '| objrmap | 17.24% | 0.01% | 2.77% | 0.00% | 11.53% | 1.18% | 0.00% |'
! grep -qF '% / ' "$tmp/Rn.md" || fail "a hold share from a run without holds"
has "$tmp/R1.md" '![fork_exit](figs/fork_exit.svg)'
has "$tmp/R1.md" '| cycles | <not supported> (no PMU: ENOENT) |'
has "$tmp/R1.md" '| page-faults | counted |'

# -- over budget: listed, in the table as not run, never drawn --
sc=file_windows/scan/tasks:1/vmas:10000/pages:7/random:0
has "$tmp/R1.md" "- \`$sc\`: exceeded budget of 60 s"
has "$tmp/R1.md" '| tasks=1, vmas=10000, pages=7, random=0 | scan | not run: exceeded budget of 60 s | – | – |'
has "$tmp/d1/file_windows.dat" '# not drawn: vmas=10000: exceeded budget of 60 s'
awk '/^# generation scan/ { s = 1; next } /^# generation/ { s = 0 }
     s && $1 == 10000 { found = 1 } END { exit found }' \
	"$tmp/d1/file_windows.dat" || fail "over-budget point drawn"

# -- non-finite values stay visible --
has "$tmp/R1.md" '| generations=8, pages=256 | reuse |'
grep -F '| generations=8, pages=256 | reuse |' "$tmp/R1.md" | grep -qF '| inf |' ||
	fail "an infinite counter is not shown as inf"
grep -q ' NaN ' "$tmp/d1/fork_chain.dat" || fail "NaN not kept in fork_chain.dat"

# -- findings cite only what the tables hold --
grep -F -- '- [fork_exit](#fork_exit) (pages=262144, file_pct=50):' "$tmp/R1.md" |
	grep -qF 'the time of pte_chain (' || fail "fork_exit finding missing"
grep -F '| pages=262144, file_pct=50 | objrmap |' "$tmp/R1.md" >"$tmp/row"
ratio=$(sed -n 's/.*objrmap took \([0-9.]*×\) the time of pte_chain.*/\1/p' "$tmp/R1.md")
[ -n "$ratio" ] && grep -qF "| $ratio |" "$tmp/row" ||
	fail "finding's ratio '$ratio' is not the table's"

# -- findings by ablation: runs one rule apart, the rule, its interval --
sed -n '/^### One rule at a time/,/^### Generations/p' "$tmp/R1.md" |
	grep '^- \*\*' >"$tmp/abl"
[ -s "$tmp/abl" ] || fail "no finding by ablation"
while IFS= read -r l; do
	pair=$(echo "$l" | sed -n 's/.*): \([^ ]*\) took .* the time of \([^ ]*\) (medians.*/\1 \2/p')
	abl=${pair% *}
	base=${pair#* }
	# an ablation and its generation, or generations one scheme apart
	case $abl in
	"$base"+*=*)
		sw=${abl#"$base"+}
		sw=${sw%%=*} ;;
	*)	sw=$(echo "$l" | sed -n 's/.*The one rule they differ in: \(anon\|file\) scheme: .*/\1 scheme/p')
		[ -n "$sw" ] ||
			fail "a finding compares $abl with $base: not one rule apart" ;;
	esac
	echo "$l" | grep -qE "The one rule they differ in: $sw[ :]" ||
		fail "the finding on $abl does not name its rule $sw"
	echo "$l" | grep -qE '\(95% CI ([0-9.]+× – [0-9.]+×|n/a \([^)]*\))\)' ||
		fail "the finding on $abl has no interval"
done <"$tmp/abl"
# Welch's interval on the log times of 3 and 3 repetitions
has "$tmp/abl" 'avc+fork=copy took 1.92× (95% CI 1.85× – 2.00×) the time of avc'
has "$tmp/abl" 'fork=copy (2.5.27-2.6.13) against fork=lazy (2.6.14+)'
has "$tmp/abl" 'ptes_copied 262144 against 131072 (2×)'
has "$tmp/abl" 'avc+form=2.6.39 took 1.12× (95% CI n/a (1 repetition))'
[ "$(grep -c '^[0-9]' "$tmp/d1/ablations.dat")" -eq 2 ] ||
	fail "ablations.dat: not one row per comparison"
has "$tmp/d1/ablations.dat" '"fork_server: avc+form=2.6.39 / avc (no CI)"'
# an ablation's curve: its generation's colour, dashed
has "$tmp/styles" 'avc+fork=copy lc rgb "#1f77b4" pt 11 dt 2'

# -- generations side by side: every rule two generations differ in --
sed -n '/^### Generations side by side/,/^## Reading/p' "$tmp/R1.md" |
	grep '^- \[' >"$tmp/gens"
[ -s "$tmp/gens" ] || fail "no generation finding"
while IFS= read -r l; do
	took=$(echo "$l" | grep -o ' took [0-9.e+-]*× the time of ' | wc -l)
	also=$(echo "$l" | grep -oE ', [a-z_]+ [0-9.e+-]+× \(' | wc -l)
	diffs=$(echo "$l" | grep -oE 'differs from [a-z_]+ in [0-9]+ rules?: ' |
		wc -l)
	[ "$diffs" -eq $((took + also)) ] ||
		fail "a generation comparison without its rules: $l"
	echo "$l" | grep -qE '[a-z_]+\+[a-z_]+=' &&
		fail "an ablation among the generations: $l"
done <"$tmp/gens"
has "$tmp/gens" 'objrmap differs from pte_chain in 4 rules: pte_chain'"'"'s i_mmap 2.5.6→2.6.6, file scheme pte_chain→linear, lru 2.6.0→2.6.5, mremap 2.6.0→2.6.7'

# -- bad input: one line, non-zero, nothing written --
printf 'not json\n' >"$tmp/bad.json"
printf '{"a": 1}\n' >"$tmp/notgb.json"
bad "not JSON" report "$tmp/bad.json" figs -o "$tmp/bad.md"
[ ! -e "$tmp/bad.md" ] || fail "report written from bad input"
bad "not Google Benchmark JSON" data "$tmp/notgb.json" "$tmp/d1"
bad "missing file" compare "$tmp/none.json" "$run"
bad "unknown subcommand" plot "$run"
bad "missing argument" data "$run"
sed 's#native_fork_exit/host/pages:#native_fork_exit/pages:#g' "$run" \
	>"$tmp/nogen.json"
bad "no generation in a name" data "$tmp/nogen.json" "$tmp/d3"
[ ! -e "$tmp/d3" ] || fail "data directory made from bad input"
cp "$tmp/d1/fork_exit.dat" "$tmp/keep"
bad "bad input over old data" data "$tmp/bad.json" "$tmp/d1"
cmp -s "$tmp/keep" "$tmp/d1/fork_exit.dat" || fail "old data touched"
ls -a "$tmp" "$tmp/d1" | grep -q '\.tmp\.' && fail "temporary file left behind"

# -- compare: beyond the noise, within it, and counter changes --
"$bin" compare "$data/rmapreport_compare_a.json" \
	"$data/rmapreport_compare_b.json" >"$tmp/cmp" ||
	fail "compare exited non-zero"
line() { grep -F "$1" "$tmp/cmp" | head -1; }
line 'fork_exit/pte_chain/pages:1024' | grep -q 'slower  t p=8.2e-15' ||
	fail "compare: pte_chain not slower by the t-test"
line 'fork_exit/avc/pages:1024' | grep -q 'noise   t p=0.77' ||
	fail "compare: avc within noise not reported as noise"
line 'fork_chain/avc/generations:4' | grep -q 'slower  t p=' ||
	fail "compare: 3 repetitions apart not slower"
line 'file_windows/objrmap' | grep -q 'noise   t p=0.15' ||
	fail "compare: overlapping repetitions not noise"
has "$tmp/cmp" '    model counters differ: walks 100 -> 120'
has "$tmp/cmp" 'only in A: mmap_churn/objrmap/vmas:10/churn:100/pages:4'
"$bin" compare "$run" "$run" >"$tmp/same" || fail "self-compare failed"
grep -q 'model counters differ' "$tmp/same" && fail "self-compare: counters differ"
grep -q '  slower  \|  faster  ' "$tmp/same" && fail "self-compare: a difference"
# each row's cv beside its range, bold above 5%
"$bin" report "$data/rmapreport_compare_a.json" figs -o "$tmp/Rc.md" ||
	fail "report of the compare fixture failed"
has "$tmp/Rc.md" '| 99 µs – 101 µs (5), cv 0.8% |'
has "$tmp/Rc.md" '| 10 µs – 12 µs (3), **cv 9.1%** |'
# one repetition a side: nothing tested, nothing called different, exit 0
for s in a b; do
	jq '.benchmarks |= map(select(.repetition_index == 0))' \
		"$data/rmapreport_compare_$s.json" >"$tmp/one_$s.json"
done
"$bin" compare "$tmp/one_a.json" "$tmp/one_b.json" >"$tmp/one" ||
	fail "compare of single repetitions exited non-zero"
grep -q '  slower  \|  faster  ' "$tmp/one" &&
	fail "compare called a single repetition different"
has "$tmp/one" 'compare: no benchmark could be tested: run both with BENCH_REPS=3 or more'

# -- the whole pipeline with gnuplot: identical figures twice --
if command -v gnuplot >/dev/null 2>&1; then
	mkdir -p "$tmp/pf1"
	touch "$tmp/pf1/gone.svg" "$tmp/pf1/gone.png"
	for n in 1 2; do
		(cd "$src" && BUILD=$(dirname "$bin") PLOT_DATA="$tmp/pd$n" \
		 PLOT_FIGURES="$tmp/pf$n" RESULTS_MD="$tmp/PR$n.md" \
		 sh scripts/plots.sh "$run" >/dev/null) ||
			fail "scripts/plots.sh failed"
	done
	for f in fork_exit file_windows fork_chain rmap_memory native_fork_exit \
		 ablations; do
		[ -s "$tmp/pf1/$f.svg" ] && [ -s "$tmp/pf1/$f.png" ] ||
			fail "figure $f missing"
	done
	[ ! -e "$tmp/pf1/test_mmap3.svg" ] || fail "figure drawn without data"
	[ ! -e "$tmp/pf1/gone.svg" ] && [ ! -e "$tmp/pf1/gone.png" ] ||
		fail "a figure no longer produced kept"
	[ "$(ls "$tmp/pf1" | grep -c '\.svg$')" -eq \
	  "$(ls "$tmp/pd1" | grep -c '\.inc\.gp$')" ] ||
		fail "not one figure per .inc.gp"
	diff -r "$tmp/pf1" "$tmp/pf2" >/dev/null || fail "figures differ between runs"
	grep -qiE '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-2][0-9]:[0-5][0-9]:[0-5][0-9]' \
		"$tmp/pf1"/*.svg && fail "an SVG holds a date or time"
else
	echo "gnuplot not installed: figures not checked (scripts/install-deps.sh)"
	# ctest's Skipped (SKIP_RETURN_CODE 77), not Passed, unless a check failed
	[ $failed -eq 0 ] && exit 77
fi

[ $failed -eq 0 ] && echo "rmapreport: all checks passed"
exit $failed
