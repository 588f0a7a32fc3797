# fbaflow: the two commands a new user needs are `make demo` and `make test`.
# Every target installs the Debian packages it needs first (scripts/install-deps.sh).
.PHONY: all build demo test bench fuzz deps format lint clean

JOBS ?= $(shell nproc)

all: build

build:
	@scripts/install-deps.sh build
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

demo: build
	@scripts/install-deps.sh erp
	@scripts/demo.sh

test:
	@scripts/install-deps.sh test
	@rm -f build/.timings
	@scripts/timed.sh build cmake --preset test >/dev/null
	@scripts/timed.sh build cmake --build --preset test -j $(JOBS)
	@scripts/timed.sh tests ctest --preset test
	@scripts/timed.sh --report build tests

# libFuzzer over every fuzz target for FUZZ_SECONDS each (default 30), from the checked-in corpora.
fuzz:
	@scripts/install-deps.sh fuzz
	@scripts/fuzz.sh

bench: build
	@scripts/install-deps.sh bench
	@bench/run.sh

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

lint:
	@git ls-files '*.h' '*.cc' | xargs clang-format --dry-run --Werror
	@cmake --preset debug >/dev/null && cmake --build --preset debug -j $(JOBS)
	@git ls-files 'core/*.cc' | grep -v _test.cc | xargs clang-tidy -p build/debug --quiet

clean:
	@rm -rf build
