#!/bin/sh
# make memcheck: every test executable of the Release build (BUILD), the
# fuzz corpora replays, a modest rmapsim check and a small rmapbench run
# (test_rmapbench itself only starts rmapbench), under valgrind memcheck
# with full leak checking. Clean means no error and no leak of any kind
# (definite, indirect or possible). Logs: BUILD/memcheck/<name>.log.
set -eu

BUILD=$(cd "${BUILD:-build}" && pwd)
SRC=$PWD
out=$BUILD/memcheck
mkdir -p "$out"
vg="valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1"

fails=0
runs=0
one() {
	name=$1
	shift
	runs=$((runs + 1))
	# shellcheck disable=SC2086
	if (cd "$BUILD/tests" && $vg --log-file="$out/$name.log" "$@") \
		>"$out/$name.out" 2>&1; then
		echo "memcheck: $name: clean"
	else
		echo "memcheck: $name: FAILED (see $out/$name.log)"
		fails=$((fails + 1))
	fi
}

for t in "$BUILD"/tests/test_* "$BUILD"/bench/shim/test_shim \
	"$BUILD"/bench/shim/test_pmu; do
	[ -x "$t" ] && one "$(basename "$t")" "$t"
done
for t in "$BUILD"/tests/fuzz/*_replay; do
	name=$(basename "$t" _replay)
	one "$name-corpus" "$t" "$SRC/tests/fuzz/corpus/$name"
done
one rmapsim-check "$BUILD/rmapsim" check --generation all --ops 300 --seed 3
# the harness itself: a model scenario, a trace replay and a component
one rmapbench "$BUILD/rmapbench" --quick --benchmark_min_time=0.01 \
	"--benchmark_filter=^(fork_exit/reuse/pages:64/file_pct:50|trace/avc/program:nginx-workers|tree_micro/prio_tree/op:1/intervals:10/queries:100)$"
echo "memcheck: $runs runs, $fails with errors or leaks"
[ $fails = 0 ]
