#!/bin/sh
# make bench CACHESIM=1: the quick matrix once under valgrind's callgrind
# with its cache simulator (rmapbench --cachesim, bench/cachesim.h), each
# benchmark's simulated counts per iteration merged into the results JSON
# by `rmapreport cachesim`, written as results/<date>-<host>-cachesim.json
# and results/cachesim.json; results/latest.json (the timed runs) is left
# alone. Each file appears only whole, by rename.
#
# The simulated caches are the host's (cpu0's in sysfs: L1d, L1i and the
# last level) unless CACHESIM_D1, CACHESIM_I1 or CACHESIM_LL give one as
# size,assoc,line in bytes (valgrind's --D1= ...). The JSON's context
# records what valgrind simulated, which differs from what was asked when
# valgrind had to adjust it (its warning is printed).
#
# The counts are deterministic: rmapbench runs in a fixed environment (env
# -i, a fixed working directory name and argv), so valgrind lays the
# process out at the same addresses each time; benchmarks run in
# registry order, not interleaved.
#
# Environment: BUILD (the build folder), BENCH_FILTER (a Google Benchmark
# filter regex; default: all but the host-kernel components native_*,
# whose work is in the kernel, which callgrind does not see).
set -eu

BUILD=${BUILD:-build}
SYSFS=${CACHESIM_SYSFS:-/sys/devices/system/cpu/cpu0/cache}

die() {
	echo "cachesim: $*" >&2
	exit 1
}

command -v valgrind >/dev/null 2>&1 ||
	die "valgrind not found: run scripts/install-deps.sh"
[ -x "$BUILD/rmapbench" ] && [ -x "$BUILD/rmapreport" ] ||
	die "$BUILD/rmapbench or rmapreport missing: run make build"

# "size,assoc,line" of cpu0's cache at level $1 of type $2, or nothing
host_cache() {
	for d in "$SYSFS"/index*; do
		[ -r "$d/size" ] || continue
		[ "$(cat "$d/level")" = "$1" ] && [ "$(cat "$d/type")" = "$2" ] ||
			continue
		size=$(cat "$d/size")
		case $size in
		*K) size=$((${size%K} * 1024)) ;;
		*M) size=$((${size%M} * 1024 * 1024)) ;;
		esac
		echo "$size,$(cat "$d/ways_of_associativity"),$(cat "$d/coherency_line_size")"
		return
	done
}

# the last level: the highest unified cache
host_ll() {
	for level in 4 3 2; do
		ll=$(host_cache $level Unified)
		[ -n "$ll" ] && echo "$ll" && return
	done
}

# --NAME=size,assoc,line from $value, checked; nothing when empty
cache_flag() {
	case $2 in
	'') ;;
	*[!0-9,]* | *,*,*,* | ,* | *,,* | *,) die "CACHESIM_$1=$2: give size,assoc,line in bytes (e.g. 32768,8,64)" ;;
	*,*,*) echo "--$1=$2" ;;
	*) die "CACHESIM_$1=$2: give size,assoc,line in bytes (e.g. 32768,8,64)" ;;
	esac
}

d1=$(cache_flag D1 "${CACHESIM_D1:-$(host_cache 1 Data)}")
i1=$(cache_flag I1 "${CACHESIM_I1:-$(host_cache 1 Instruction)}")
ll=$(cache_flag LL "${CACHESIM_LL:-$(host_ll)}")

mkdir -p results
results=$(cd results && pwd)
build=$(cd "$BUILD" && pwd)
out=$results/$(date -u +%Y-%m-%dT%H%M%SZ)-$(uname -n)-cachesim.json
latest_tmp=$results/cachesim.json.tmp
work=$(mktemp -d "${TMPDIR:-/tmp}/rmapbench-cachesim.XXXXXX")
trap 'rm -rf "$work"; rm -f "$latest_tmp"' EXIT
trap 'exit 130' INT TERM

# valgrind refuses a geometry it cannot simulate: say so in one line
set -- --tool=callgrind --cache-sim=yes $d1 $i1 $ll
if ! valgrind "$@" --callgrind-out-file=/dev/null --log-file="$work/check.log" \
	/bin/true 2>/dev/null; then
	die "valgrind cannot simulate ${d1:-D1 default} ${i1:-I1 default} ${ll:-LL default}: $(grep -m1 -i 'error\|invalid\|must' "$work/check.log" || echo see valgrind --help): give size,assoc,line with a power-of-two line and sets"
fi

filter=${BENCH_FILTER:--^native_}
start=$(date +%s)
# a fixed directory name and environment: the same addresses every run
mkdir "$work/run"
if ! (cd "$work/run" && env -i "$(command -v nice)" -n 10 \
	"$(command -v valgrind)" "$@" \
	--collect-atstart=no --instr-atstart=no \
	--callgrind-out-file=callgrind.out --log-file=valgrind.log \
	"$build/rmapbench" --cachesim --quick --budget=3600 \
	--benchmark_filter="$filter" --benchmark_out=bench.json \
	--benchmark_out_format=json); then
	tail -n 3 "$work/run/valgrind.log" >&2
	die "rmapbench under callgrind failed (above); nothing written"
fi
"$build/rmapreport" cachesim "$work/run/bench.json" "$work/run" -o "$out"
# what valgrind simulated (the dumps say), beside what was asked
jq -r '.context | "cachesim: simulated I1 \(.cachesim_I1), D1 \(.cachesim_D1), LL \(.cachesim_LL) (size,assoc,line)"' "$out"
[ -z "$d1$i1$ll" ] || echo "cachesim: asked for $d1 $i1 $ll"
cp "$out" "$latest_tmp"
mv "$latest_tmp" "$results/cachesim.json"
echo "cachesim: wrote $out and results/cachesim.json ($(($(date +%s) - start)) s)"
