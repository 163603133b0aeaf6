#!/bin/sh
# make soak: the long differential run. rmapsim check on every generation,
# once as labelled and once with every switch drawn at random from the
# seed, for each of SOAK_SEEDS seeds, SOAK_OPS operations each (defaults 4
# seeds x 32000 ops x every generation x 2: over 10^6 operations on random
# switch combinations alone, each one verified against the oracle).
# Reports operations per second; any mismatch or leak fails it.
set -eu

BUILD=${BUILD:-build}
SOAK_OPS=${SOAK_OPS:-32000}
SOAK_SEEDS=${SOAK_SEEDS:-1 2 3 4}

if [ -z "$(echo $SOAK_SEEDS)" ] || [ "$SOAK_OPS" = 0 ]; then
	echo "soak: nothing to run (SOAK_OPS='$SOAK_OPS', SOAK_SEEDS='$SOAK_SEEDS'): give SOAK_OPS=N > 0 and SOAK_SEEDS='1 2 3'" >&2
	exit 2
fi
for v in $SOAK_OPS $SOAK_SEEDS; do
	case $v in
	'' | *[!0-9]*)
		echo "soak: '$v' is not a number: SOAK_OPS=N, SOAK_SEEDS='1 2 3'" >&2
		exit 2 ;;
	esac
done

log=$BUILD/soak.log
: >"$log"
start=$(date +%s.%N)
status=0
for seed in $SOAK_SEEDS; do
	echo "soak: seed $seed, $SOAK_OPS ops on every generation"
	"$BUILD/rmapsim" check --generation all --ops "$SOAK_OPS" \
		--seed "$seed" >>"$log" 2>&1 || status=1
	tail -n 1 "$log"
done
end=$(date +%s.%N)
awk -v t0="$start" -v t1="$end" -v st=$status '
/^check: [0-9]+ runs/ { ops += $7; mis += $9 }
END {
	s = t1 - t0
	printf "soak: %d operations, %d mismatches or leaks, %.0f s, %.0f ops/s%s\n",
	       ops, mis, s, ops / s, st ? " (FAILED: see the log)" : ""
}' "$log"
exit $status
