#!/bin/sh
# make fuzz: builds the libFuzzer targets with clang (FUZZ_BUILD, default
# build-fuzz, -DRMAP_FUZZ=ON) and runs each for FUZZ_TIME seconds (default
# 180) from its stored corpus (tests/fuzz/corpus/<target>); what it finds
# goes to a working corpus in the build folder. A crashing input is left in
# FUZZ_BUILD/artifacts/ and fails the run: fix the bug, then add the input
# to the stored corpus so `make test` replays it. FUZZ_MERGE=1 merges the
# new interesting inputs into the stored corpus (libFuzzer -merge=1, which
# keeps only inputs that add coverage). FUZZ_TARGETS picks targets.
# FUZZ_JOBS=N (default 1) runs N fuzzer processes per target side by side on
# one working corpus (libFuzzer reloads it, so each sees what the others
# found); the executions reported are their sum.
set -eu

FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_TIME=${FUZZ_TIME:-180}
FUZZ_TARGETS=${FUZZ_TARGETS:-fuzz_trees fuzz_strace fuzz_ops}
FUZZ_JOBS=${FUZZ_JOBS:-1}

case $FUZZ_TIME in
'' | *[!0-9]* | 0)
	echo "fuzz: FUZZ_TIME='$FUZZ_TIME': give whole seconds, 1 or more, e.g. FUZZ_TIME=180" >&2
	exit 2 ;;
esac
case $FUZZ_JOBS in
'' | *[!0-9]* | 0)
	echo "fuzz: FUZZ_JOBS='$FUZZ_JOBS': give a number of processes, 1 or more" >&2
	exit 2 ;;
esac
for t in $FUZZ_TARGETS; do
	case $t in
	fuzz_ops | fuzz_strace | fuzz_trees) ;;
	*)
		echo "fuzz: unknown target '$t' in FUZZ_TARGETS: fuzz_ops, fuzz_strace or fuzz_trees" >&2
		exit 2 ;;
	esac
done
if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz: needs clang and libclang-rt-14-dev (scripts/install-deps.sh)" >&2
	exit 1
fi

CC=clang CXX=clang++ cmake -S . -B "$FUZZ_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DRMAP_FUZZ=ON >/dev/null
# shellcheck disable=SC2086
cmake --build "$FUZZ_BUILD" -j"${JOBS:-2}" --target $FUZZ_TARGETS
mkdir -p "$FUZZ_BUILD/artifacts"

status=0
for t in $FUZZ_TARGETS; do
	# inputs long enough for many operations, short enough for speed
	case $t in
	fuzz_ops) maxlen=256 ;;
	*) maxlen=512 ;;
	esac
	work=$FUZZ_BUILD/corpus/$t
	mkdir -p "$work"
	rm -f "$FUZZ_BUILD/$t"-*.log
	echo "fuzz: $t for $FUZZ_TIME s, $FUZZ_JOBS process(es) (logs: $FUZZ_BUILD/$t-*.log)"
	pids=
	j=1
	while [ $j -le "$FUZZ_JOBS" ]; do
		"$FUZZ_BUILD/tests/fuzz/$t" -max_total_time="$FUZZ_TIME" \
			-max_len=$maxlen -print_final_stats=1 \
			-artifact_prefix="$FUZZ_BUILD/artifacts/$t-" \
			"$work" "tests/fuzz/corpus/$t" >"$FUZZ_BUILD/$t-$j.log" 2>&1 &
		pids="$pids $!"
		j=$((j + 1))
	done
	res=ok
	for p in $pids; do
		wait "$p" || res="CRASH: see $FUZZ_BUILD/$t-*.log and $FUZZ_BUILD/artifacts/"
	done
	[ "$res" = ok ] || status=1
	execs=$(cat "$FUZZ_BUILD/$t"-*.log |
		sed -n 's/^stat::number_of_executed_units: *//p' |
		awk '{ n += $1 } END { print n + 0 }')
	echo "fuzz: $t: $execs executions in $FUZZ_TIME s ($((execs / FUZZ_TIME))/s): $res"
	if [ "${FUZZ_MERGE:-0}" = 1 ] && [ "$res" = ok ]; then
		"$FUZZ_BUILD/tests/fuzz/$t" -merge=1 -max_len=$maxlen \
			"tests/fuzz/corpus/$t" "$work" >"$FUZZ_BUILD/$t.merge.log" 2>&1
		echo "fuzz: $t: merged into tests/fuzz/corpus/$t ($(find "tests/fuzz/corpus/$t" -type f | wc -l) files)"
	fi
done
exit $status
