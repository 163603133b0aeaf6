#!/bin/sh
# Runs the benchmark matrix (make bench) and writes results/<date>-<host>.json,
# then results/latest.json. Each appears only whole: rmapbench writes a .tmp
# file that is renamed once it finished and jq has read it back, and
# latest.json is replaced by a rename too, so an interrupted run leaves the
# previous results as they were.
#
# Environment: BUILD (the build folder), QUICK=1 (the quick matrix, once),
# BENCH_FILTER (a Google Benchmark filter regex), EVENTS (rmapbench
# --events), BENCH_REPS (repetitions: 3, quick 1).
set -eu

BUILD=${BUILD:-build}
case ${QUICK:-0} in
0 | "") quick= reps=${BENCH_REPS:-3} ;;
1) quick=--quick reps=${BENCH_REPS:-1} ;;
*) echo "bench: QUICK=$QUICK: give QUICK=1 for the quick matrix, or leave it out" >&2
   exit 2 ;;
esac
case $reps in
'' | *[!0-9]* | 0) echo "bench: BENCH_REPS=$reps: give a positive number of repetitions" >&2
   exit 2 ;;
esac

mkdir -p results
out=results/$(date -u +%Y-%m-%dT%H%M%SZ)-$(uname -n).json
tmp=$out.tmp
latest_tmp=results/latest.json.tmp
trap 'rm -f "$tmp" "$latest_tmp"' EXIT
trap 'exit 130' INT TERM

set -- --benchmark_repetitions="$reps" \
	--benchmark_enable_random_interleaving=true \
	--benchmark_out="$tmp" --benchmark_out_format=json
[ -n "$quick" ] && set -- "$@" "$quick"
[ -n "${BENCH_FILTER:-}" ] && set -- "$@" --benchmark_filter="$BENCH_FILTER"
[ -n "${EVENTS:-}" ] && set -- "$@" --events="$EVENTS"

start=$(date +%s)
"$BUILD/rmapbench" "$@"
jq -e '.context and (.benchmarks | length > 0)' "$tmp" >/dev/null
mv "$tmp" "$out"
cp "$out" "$latest_tmp"
mv "$latest_tmp" results/latest.json
echo "bench: wrote $out and results/latest.json ($(($(date +%s) - start)) s)"
