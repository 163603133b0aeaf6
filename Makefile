# Thin wrapper over CMake. `make test` and `make bench` install what is
# missing first (scripts/install-deps.sh), so a fresh Debian machine needs
# nothing beyond a compiler and make.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps build test test-release test-asan clean

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

# The same tests twice: Release, then AddressSanitizer + UBSan.
test: test-release test-asan

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
