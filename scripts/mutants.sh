#!/bin/sh
# make mutants: does the differential check catch planted bugs? Each
# tests/mutants/NN-name.patch plants one (its header says which bug
# class, and on a "# Generations: a,b" line which generations it
# affects). The working tree as it is, uncommitted work included, is
# copied (the files git lists: tracked, and untracked not ignored) into
# MUTANTS_DIR, a temporary directory unless given; rmapsim is built there
# once, then for each mutant the patch is applied, rmapsim rebuilt (only
# what the patch touches), `rmapsim check` run on the mutant's
# generations for MUTANTS_OPS operations and each of MUTANTS_SEEDS, and
# the patch taken out again. A mutant is caught on a seed when rmapsim
# exits non-zero (a mismatch, a leak, a broken invariant or a crash).
# Prints one line per mutant and `mutants: caught K of N`; fails if any
# mutant goes uncaught. MUTANTS=name... picks mutants; MUTANTS_STOP=1
# stops a mutant at its first catching seed; a given MUTANTS_DIR is kept
# and only files that differ are copied again, so a rerun rebuilds little
# (the ctest mutants_fast keeps build-mutants/ beside the build trees).
set -eu

MUTANTS_OPS=${MUTANTS_OPS:-20000}
MUTANTS_SEEDS=${MUTANTS_SEEDS:-1 2 3 4}
MUTANTS=${MUTANTS:-}
MUTANTS_DIR=${MUTANTS_DIR:-}
MUTANTS_STOP=${MUTANTS_STOP:-0}
MUTANTS_JOBS=${MUTANTS_JOBS:-$(nproc 2>/dev/null || echo 2)}
# A mutant that loops forever is caught, as "hang", after this long (a
# run of one seed takes under 30 s of CPU; raise it on a slow machine).
MUTANTS_TIMEOUT=${MUTANTS_TIMEOUT:-120}

die() {
	echo "mutants: $*" >&2
	exit 2
}

for v in $MUTANTS_OPS $MUTANTS_SEEDS $MUTANTS_JOBS $MUTANTS_TIMEOUT; do
	case $v in
	'' | *[!0-9]* | 0)
		die "'$v' is not a positive number: MUTANTS_OPS=N, MUTANTS_SEEDS='1 2', MUTANTS_JOBS=N, MUTANTS_TIMEOUT=S" ;;
	esac
done
[ -n "$(echo $MUTANTS_SEEDS)" ] || die "no seeds: give MUTANTS_SEEDS='1 2 3 4'"
cd "$(dirname "$0")/.."
top=$(pwd)
git rev-parse --git-dir >/dev/null 2>&1 ||
	die "$top is not a git checkout: run it from a clone of rmapbench (make mutants)"

if [ -z "$MUTANTS" ]; then
	for p in tests/mutants/*.patch; do
		MUTANTS="$MUTANTS $(basename "$p" .patch)"
	done
fi
for m in $MUTANTS; do
	[ -f "tests/mutants/$m.patch" ] ||
		die "no mutant '$m': name one of tests/mutants/*.patch without .patch"
done

if [ -z "$MUTANTS_DIR" ]; then
	MUTANTS_DIR=$(mktemp -d "${TMPDIR:-/tmp}/mutants.XXXXXX")
	trap 'rm -rf "$MUTANTS_DIR"' EXIT
else
	# a kept directory (the Release and ASan ctests share one): one run
	mkdir -p "$MUTANTS_DIR"
	mkdir "$MUTANTS_DIR/lock" 2>/dev/null ||
		die "$MUTANTS_DIR is in use by another run (or one was killed: rm -r $MUTANTS_DIR/lock)"
	trap 'rmdir "$MUTANTS_DIR/lock"' EXIT
fi
trap 'exit 130' INT TERM
src=$MUTANTS_DIR/src
bld=$MUTANTS_DIR/build
mkdir -p "$src"

# A file copied fresh gets a new mtime, so make rebuilds from it; one
# already identical keeps its own (which a reverted patch left newer than
# the objects built from the patched text). The fuzz corpora, nine in ten
# of the files, are only named to ctest: rmapsim is built without them.
git ls-files -z --cached --others --exclude-standard -- . \
	':!tests/fuzz/corpus' |
	xargs -0 sh -c 'for f; do
		[ -f "$f" ] || continue
		cmp -s "$f" "$0/$f" && continue
		mkdir -p "$0/$(dirname "$f")" && cp "$f" "$0/$f"
	done' "$src"
# its own repository, so git apply patches it and not the tree around it
[ -d "$src/.git" ] || git init -q "$src"

log=$MUTANTS_DIR/log
build() {
	cmake --build "$bld" --target rmapsim -j"$MUTANTS_JOBS" >"$log" 2>&1 || {
		cat "$log" >&2
		echo "mutants: $1 does not build (above): fix the patch or the tree" >&2
		exit 2
	}
}
cmake -S "$src" -B "$bld" -DCMAKE_BUILD_TYPE=Release >"$log" 2>&1 || {
	cat "$log" >&2
	die "cmake cannot configure the copy in $src (above)"
}
build "the unpatched tree"

# One seed's verdict: the first "op #N" reported, "crash", "hang",
# "leak" (non-zero with no operation named), or "-" when nothing failed.
verdict() {
	rc=0
	timeout "$MUTANTS_TIMEOUT" "$bld/rmapsim" check --generation "$1" \
		--ops "$MUTANTS_OPS" --seed "$2" >"$log" 2>&1 || rc=$?
	case $rc in
	0) echo - ;;
	124) echo hang ;;
	1) sed -n 's/.* op #\([0-9]*\).*/\1/p' "$log" | sort -n |
		sed -n '1{p;q}' | grep . || echo leak ;;
	*) echo crash ;;
	esac
}

n=0
caught=0
for m in $MUTANTS; do
	patch=$top/tests/mutants/$m.patch
	gens=$(sed -n '/^diff --git/q; s/^# Generations: *//p' "$patch")
	[ -n "$gens" ] || die "$m.patch has no '# Generations: a,b' line before its diff: add one (or 'all')"
	(cd "$src" && git apply "$patch") ||
		die "$m.patch does not apply to the tree: refresh it (git diff -U1 of the planted change)"
	build "$m"
	hits=0
	ops=
	for seed in $MUTANTS_SEEDS; do
		v=$(verdict "$gens" "$seed")
		ops=${ops:+$ops/}$v
		[ "$v" = - ] && continue
		hits=$((hits + 1))
		[ "$MUTANTS_STOP" = 1 ] && break
	done
	(cd "$src" && git apply -R "$patch")
	n=$((n + 1))
	if [ $hits = 0 ]; then
		echo "$m: NOT CAUGHT ($gens, $MUTANTS_OPS ops, seeds $(echo $MUTANTS_SEEDS))"
	else
		caught=$((caught + 1))
		echo "$m: caught $hits/$(echo "$ops" | tr / '\n' | wc -l) seeds, first at ops $ops"
	fi
done
echo "mutants: caught $caught of $n"
[ $caught = $n ]
