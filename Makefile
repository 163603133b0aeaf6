# Thin wrapper over CMake. `make test` and `make bench` install what is
# missing first (scripts/install-deps.sh), so a fresh Debian machine needs
# nothing beyond a compiler and make.
BUILD ?= build
ASAN_BUILD ?= build-asan
TSAN_BUILD ?= build-tsan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build test test-release test-asan test-tsan clean

all: build

deps:
	@sh scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release
	cmake --build $(BUILD) -j$(JOBS)

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRMAP_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j$(JOBS)

# The tests of the model on several threads (label tsan), under
# ThreadSanitizer.
test-tsan: deps
	cmake -S . -B $(TSAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRMAP_TSAN=ON
	cmake --build $(TSAN_BUILD) -j$(JOBS) --target tsan_tests
	cd $(TSAN_BUILD) && ctest --output-on-failure -j$(JOBS) -L tsan

# The same tests three times: Release, AddressSanitizer + UBSan, and the
# threaded ones under ThreadSanitizer.
test: test-release test-asan test-tsan

# Hardening (scripts/fuzz.sh, soak.sh, memcheck.sh). fuzz: each libFuzzer
# target (FUZZ_TARGETS) FUZZ_TIME seconds in FUZZ_JOBS processes (clang
# build in FUZZ_BUILD); FUZZ_MERGE=1 keeps new interesting inputs in
# tests/fuzz/corpus. soak: rmapsim check over 10^6 operations (SOAK_OPS
# per generation and seed, SOAK_SEEDS). memcheck: the tests under valgrind
# with leak checking.
FUZZ_BUILD ?= build-fuzz
FUZZ_TIME ?= 180
FUZZ_MERGE ?= 0
FUZZ_JOBS ?= 1

# docs: the generated tables of docs/generations.md, from the registry.
.PHONY: docs
docs: build
	@BUILD='$(BUILD)' sh scripts/docs.sh

# mutants: the planted bugs of tests/mutants, each built into a copy of the
# working tree and run through rmapsim check (scripts/mutants.sh);
# MUTANTS=name... picks some, MUTANTS_OPS and MUTANTS_SEEDS size the runs.
MUTANTS ?=
MUTANTS_OPS ?= 20000
MUTANTS_SEEDS ?= 1 2 3 4

.PHONY: fuzz soak memcheck mutants
fuzz: deps
	@FUZZ_BUILD='$(FUZZ_BUILD)' FUZZ_TIME='$(FUZZ_TIME)' \
		FUZZ_MERGE='$(FUZZ_MERGE)' FUZZ_JOBS='$(FUZZ_JOBS)' \
		FUZZ_TARGETS='$(FUZZ_TARGETS)' JOBS='$(JOBS)' sh scripts/fuzz.sh

soak: build
	@BUILD='$(BUILD)' sh scripts/soak.sh

memcheck: build
	@BUILD='$(BUILD)' sh scripts/memcheck.sh

mutants: deps
	@MUTANTS='$(MUTANTS)' MUTANTS_OPS='$(MUTANTS_OPS)' \
		MUTANTS_SEEDS='$(MUTANTS_SEEDS)' MUTANTS_JOBS='$(JOBS)' \
		sh scripts/mutants.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(TSAN_BUILD) $(FUZZ_BUILD) build-mutants

# The benchmark matrix: every scenario x generation, 3 repetitions
# interleaved at random, into results/<date>-<host>.json and
# results/latest.json (scripts/bench.sh), then the figures and RESULTS.md
# drawn from that run (scripts/plots.sh, as make plots). QUICK=1 runs the
# quick matrix once; BENCH_FILTER=regex and EVENTS=list pass through to
# rmapbench. CACHESIM=1 runs the quick matrix once under callgrind's cache
# simulator instead (scripts/cachesim.sh), into results/cachesim.json,
# with the host's caches unless CACHESIM_D1, CACHESIM_I1 or CACHESIM_LL
# (size,assoc,line) give others; results/latest.json stays as it was.
QUICK ?= 0
BENCH_FILTER ?=
EVENTS ?=
CACHESIM ?= 0
ifneq ($(filter-out 0 1,$(CACHESIM)),)
$(error CACHESIM=$(CACHESIM): give CACHESIM=1 for the simulated caches, or leave it out)
endif

.PHONY: bench
bench: build
ifeq ($(CACHESIM),1)
	@BUILD='$(BUILD)' BENCH_FILTER='$(BENCH_FILTER)' \
		CACHESIM_D1='$(CACHESIM_D1)' CACHESIM_I1='$(CACHESIM_I1)' \
		CACHESIM_LL='$(CACHESIM_LL)' sh scripts/cachesim.sh
	@if [ -f results/latest.json ]; then \
		BUILD='$(BUILD)' sh scripts/plots.sh results/latest.json; \
	else \
		echo "bench: RESULTS.md not redrawn: it needs a timed run too (make bench QUICK=1)"; \
	fi
else
	@BUILD='$(BUILD)' QUICK='$(QUICK)' BENCH_FILTER='$(BENCH_FILTER)' \
		EVENTS='$(EVENTS)' sh scripts/bench.sh
	@BUILD='$(BUILD)' sh scripts/plots.sh results/latest.json
endif

# The figures (plots/figures/) and RESULTS.md from a run's JSON, without
# running a benchmark (scripts/plots.sh). RESULTS_JSON picks another run.
RESULTS_JSON ?= results/latest.json

.PHONY: plots compare
plots: build
	@BUILD='$(BUILD)' sh scripts/plots.sh '$(RESULTS_JSON)'

# Two runs side by side: per benchmark B's median over A's, and whether
# the difference exceeds the run-to-run noise.
compare: build
	@if [ -z '$(A)' ] || [ -z '$(B)' ]; then \
		echo "compare: name two runs: make compare A=results/x.json B=results/y.json" >&2; \
		exit 1; \
	fi
	@'$(BUILD)/rmapreport' compare '$(A)' '$(B)'
