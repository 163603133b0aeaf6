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
# size,assoc,line in bytes (valgrind's --D1= ...). valgrind needs a
# power-of-two number of sets: a host cache without one (36 MiB 12-way
# has 49152) is simulated with the sets rounded down to a power of two
# and the associativity raised to keep the size (18-way), or, where no
# whole associativity does, the size shrunk; the script says so, and the
# JSON's context records the geometry valgrind simulated (from its dumps).
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
		pow2_sets "$size" "$(cat "$d/ways_of_associativity")" \
			"$(cat "$d/coherency_line_size")"
		return
	done
}

# size,assoc,line with a power-of-two number of sets (see above)
pow2_sets() {
	sets=$(($1 / ($2 * $3)))
	p=1
	while [ $((p * 2)) -le "$sets" ]; do
		p=$((p * 2))
	done
	geom=$1,$2,$3
	if [ "$p" -ne "$sets" ]; then
		if [ $(($1 % (p * $3))) -eq 0 ]; then
			geom=$1,$(($1 / (p * $3))),$3
		else
			geom=$((p * $2 * $3)),$2,$3
		fi
		echo "cachesim: host cache $1,$2,$3 has $sets sets, not a" \
			"power of two: simulating $geom" >&2
	fi
	echo "$geom"
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
if ! valgrind "$@" --callgrind-out-file=/dev/null /bin/true \
	>"$work/check.log" 2>&1; then
	die "valgrind refuses $d1 $i1 $ll ($(head -n 1 "$work/check.log" | sed 's/^valgrind: //')): give size,assoc,line with power-of-two sets and line"
fi

filter=${BENCH_FILTER:--^native_}
start=$(date +%s)
# a fixed directory name and environment: the same addresses every run;
# unpinned (--cpu=any): the counts do not depend on the CPU, and a timed
# run may be holding the one rmapbench pins to by default
mkdir "$work/run"
if ! (cd "$work/run" && env -i "$(command -v nice)" -n 10 \
	"$(command -v valgrind)" "$@" \
	--collect-atstart=no --instr-atstart=no \
	--callgrind-out-file=callgrind.out --log-file=valgrind.log \
	"$build/rmapbench" --cachesim --quick --budget=3600 --cpu=any \
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
