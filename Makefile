# fbaflow: the two commands a new user needs are `make demo` and `make test`.
# Every target installs the Debian packages it needs first (scripts/install-deps.sh).
.PHONY: all build demo test bench deps format lint clean

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
	@cmake --preset test >/dev/null
	@cmake --build --preset test -j $(JOBS)
	@ctest --preset test

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
