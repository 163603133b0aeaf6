#!/bin/sh
# make fuzz: builds the libFuzzer targets with clang (FUZZ_BUILD, default
# build-fuzz, -DRMAP_FUZZ=ON) and runs each for FUZZ_TIME seconds (default
# 180) from its stored corpus (tests/fuzz/corpus/<target>); what it finds
# goes to a working corpus in the build folder. A crashing input is left in
# FUZZ_BUILD/artifacts/ and fails the run: fix the bug, then add the input
# to the stored corpus so `make test` replays it. FUZZ_MERGE=1 merges the
# new interesting inputs into the stored corpus (libFuzzer -merge=1, which
# keeps only inputs that add coverage). FUZZ_TARGETS picks targets.
set -eu

FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_TIME=${FUZZ_TIME:-180}
FUZZ_TARGETS=${FUZZ_TARGETS:-fuzz_trees fuzz_strace fuzz_ops}

case $FUZZ_TIME in
'' | *[!0-9]*)
	echo "fuzz: FUZZ_TIME='$FUZZ_TIME': give whole seconds, e.g. FUZZ_TIME=180" >&2
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
	log=$FUZZ_BUILD/$t.log
	mkdir -p "$work"
	echo "fuzz: $t for $FUZZ_TIME s (log: $log)"
	if "$FUZZ_BUILD/tests/fuzz/$t" -max_total_time="$FUZZ_TIME" \
		-max_len=$maxlen -print_final_stats=1 \
		-artifact_prefix="$FUZZ_BUILD/artifacts/$t-" \
		"$work" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
		res=ok
	else
		res="CRASH: see $log and $FUZZ_BUILD/artifacts/"
		status=1
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	echo "fuzz: $t: ${execs:-?} executions (${rate:-?}/s): $res"
	if [ "${FUZZ_MERGE:-0}" = 1 ] && [ "$res" = ok ]; then
		"$FUZZ_BUILD/tests/fuzz/$t" -merge=1 -max_len=$maxlen \
			"tests/fuzz/corpus/$t" "$work" >>"$log" 2>&1
		echo "fuzz: $t: merged into tests/fuzz/corpus/$t ($(find "tests/fuzz/corpus/$t" -type f | wc -l) files)"
	fi
done
exit $status
