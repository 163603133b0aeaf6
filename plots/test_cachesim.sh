#!/bin/sh
# The simulated cache counts (make bench CACHESIM=1), without timing:
# rmapreport cachesim merges fixed callgrind dumps into a fixture run as
# per-iteration counters (500 instructions from 1000 over 2 iterations,
# D1 misses reads plus writes, LL misses of data, the trailing zeros
# callgrind leaves out read as zeros) with the geometry valgrind
# simulated in the context; the report's section and figure data come
# from it; a dump missing for a benchmark, a dump of no benchmark, dumps
# without cache events, are each refused with one line and nothing
# written. Then, where valgrind is installed, scripts/cachesim.sh on two
# tiny benchmarks twice: the counts are there, non-zero and identical
# (without valgrind, or with a sanitized build, which valgrind cannot run,
# it exits 77, ctest's Skipped, once the rest passed).
# Usage: test_cachesim.sh BUILD_DIR SOURCE_DIR [plain|sanitized]
set -u

build=$1
src=$2
kind=${3:-plain}
bin=$build/rmapreport
data=$src/tests/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$src/plots/test_lib.sh"

# refused WHAT ARGS...: bad input, and neither bad.json nor its temporary
refused() {
	bad "$@"
	[ ! -e "$tmp/bad.json" ] || fail "$1: wrote its output"
	ls "$tmp" | grep -q '\.tmp\.' && fail "$1: left a temporary file"
}

# -- the merge --
"$bin" cachesim "$data/cachesim_run.json" "$data/cachesim" -o "$tmp/sim.json" ||
	fail "cachesim exited non-zero"
has "$tmp/sim.json" '"sim_Ir": 500.0'
has "$tmp/sim.json" '"sim_D1_miss": 20.0'
has "$tmp/sim.json" '"sim_LL_miss": 2.0'
has "$tmp/sim.json" '"sim_I1_miss": 1.0'
has "$tmp/sim.json" '"sim_D_refs": 200.0'
has "$tmp/sim.json" '"sim_LL_miss": 400.0'
has "$tmp/sim.json" '"cachesim_D1": "32768,8,64"'
has "$tmp/sim.json" '"cachesim_LL": "33554432,16,64"'
has "$tmp/sim.json" '"cachesim_valgrind": "callgrind-3.19.0"'
has "$tmp/sim.json" '"cachesim_iterations": "2"'
[ "$(grep -c '"sim_Ir"' "$tmp/sim.json")" -eq 3 ] ||
	fail "the run over budget got counts"
"$bin" cachesim "$data/cachesim_run.json" "$data/cachesim" -o "$tmp/sim2.json"
cmp -s "$tmp/sim.json" "$tmp/sim2.json" || fail "two merges differ"

# -- the report's section and figure data --
"$bin" report "$data/cachesim_run.json" figs --cachesim "$tmp/sim.json" \
	-o "$tmp/R.md" || fail "report --cachesim exited non-zero"
has "$tmp/R.md" '## Simulated cache misses'
has "$tmp/R.md" 'callgrind-3.19.0, at git revision abc1234'
has "$tmp/R.md" 'D1 32768,8,64, LL 33554432,16,64'
has "$tmp/R.md" '| children=100, pages=64, file_pct=50 | pte_chain | 45000 | 14000 | 2000 | 400 | 1 | 155328 |'
has "$tmp/R.md" '![cachesim_mass_exit](figs/cachesim_mass_exit.svg)'
has "$tmp/R.md" 'Chain length or layout, at children=100, pages=64, file_pct=50 (per iteration): pte_chain searched 155328 chain entries in 45000 instructions with 2000 D1 and 400 LL misses; pte_chain+line=128 searched 155328 chain entries in 44000 instructions with 1300 D1 and 200 LL misses.'
"$bin" data "$data/cachesim_run.json" "$tmp/d" --cachesim "$tmp/sim.json" ||
	fail "data --cachesim exited non-zero"
has "$tmp/d/cachesim_mass_exit.inc.gp" 'left = "sim_D1_miss"'
has "$tmp/d/cachesim_mass_exit.inc.gp" 'right = "sim_Ir"'
"$bin" report "$data/cachesim_run.json" figs -o "$tmp/R0.md"
grep -q 'Simulated cache misses' "$tmp/R0.md" &&
	fail "a report without --cachesim has the section"

# -- bad input --
mkdir "$tmp/one" "$tmp/stray" "$tmp/nocache"
cp "$data/cachesim/callgrind.out.1" "$tmp/one/"
refused "a benchmark without a dump" cachesim "$data/cachesim_run.json" \
	"$tmp/one" -o "$tmp/bad.json"
cp "$data/cachesim/"* "$tmp/stray/"
sed 's/children:10\//children:1000\//' "$data/cachesim/callgrind.out.1" \
	>"$tmp/stray/callgrind.out.9"
refused "a dump of no benchmark" cachesim "$data/cachesim_run.json" \
	"$tmp/stray" -o "$tmp/bad.json"
for f in "$data/cachesim/"*; do
	sed 's/^events: .*/events: Ir/' "$f" >"$tmp/nocache/$(basename "$f")"
done
refused "dumps without cache events" cachesim "$data/cachesim_run.json" \
	"$tmp/nocache" -o "$tmp/bad.json"
grep -q 'cache-sim=yes' "$tmp/err" || fail "no fix named: $(cat "$tmp/err")"
refused "no dump at all" cachesim "$data/cachesim_run.json" "$tmp/d" \
	-o "$tmp/bad.json"

# -- under callgrind, twice: the same counts --
why=
command -v valgrind >/dev/null 2>&1 && command -v jq >/dev/null 2>&1 ||
	why="valgrind or jq not installed (scripts/install-deps.sh)"
[ "$kind" = sanitized ] &&
	why="a sanitized rmapbench does not run under valgrind"
if [ -n "$why" ]; then
	echo "$why: cachesim.sh not run"
	[ $failed -eq 0 ] && exit 77
	exit $failed
fi
counts() {
	jq -S '[.benchmarks[] | {name, sim_Ir, sim_D_refs, sim_D1_miss,
	      sim_LL_miss, sim_I1_miss}]' "$1"
}
for n in 1 2; do
	mkdir "$tmp/r$n"
	(cd "$tmp/r$n" && BUILD=$build \
	 BENCH_FILTER='^fork_exit/(pte_chain|avc)/pages:64/' \
	 sh "$src/scripts/cachesim.sh" >out 2>&1) ||
		fail "cachesim.sh run $n failed: $(tail -n 2 "$tmp/r$n/out")"
	counts "$tmp/r$n/results/cachesim.json" >"$tmp/c$n"
done
[ "$(jq '[.[] | select(.sim_Ir > 0 and .sim_D_refs > 0)] | length' \
     "$tmp/c1")" -eq 2 ] || fail "counts missing or zero: $(cat "$tmp/c1")"
cmp -s "$tmp/c1" "$tmp/c2" || fail "two runs differ: $(diff "$tmp/c1" "$tmp/c2")"
[ ! -e "$tmp/r1/results/latest.json" ] || fail "cachesim.sh wrote latest.json"

[ $failed -eq 0 ] && echo "cachesim: all checks passed"
exit $failed
