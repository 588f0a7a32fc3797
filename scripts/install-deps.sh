#!/usr/bin/env bash
# Installs the Debian packages fbaflow needs, and only those that are missing.
# Usage: scripts/install-deps.sh [build|test|bench|fuzz|erp|all]...   (default: build)
# Idempotent: a second run installs nothing and takes well under a second.
set -euo pipefail

build_pkgs=(g++ cmake ninja-build pkg-config make
  libcli11-dev nlohmann-json3-dev libfmt-dev libspdlog-dev libtomlplusplus-dev
  libcurl4-openssl-dev libcpp-httplib-dev zlib1g-dev libssl-dev libsqlite3-dev libpqxx-dev)
# postgresql-15: tests/postgres starts a throwaway server of its own from its binaries.
test_pkgs=(libgtest-dev libgmock-dev hledger python3 python3-jsonschema clang-format git
  postgresql-15)
bench_pkgs=(python3 python3-pandas time)
fuzz_pkgs=(clang libclang-rt-14-dev)
# The real ERP the demo and the integration tests post into (scripts/tryton.sh): Tryton 6.0 with
# sales, stock and accounting, proteus to prepare its database, and sao, its web client.
erp_pkgs=(tryton-server tryton-proteus tryton-modules-sale tryton-modules-account-invoice
  tryton-modules-stock tryton-modules-account-product tryton-sao)

want=()
for group in "${@:-build}"; do
  case "$group" in
    build) want+=("${build_pkgs[@]}") ;;
    test) want+=("${build_pkgs[@]}" "${test_pkgs[@]}" "${erp_pkgs[@]}") ;;
    bench) want+=("${build_pkgs[@]}" "${bench_pkgs[@]}") ;;
    fuzz) want+=("${build_pkgs[@]}" "${fuzz_pkgs[@]}") ;;
    erp) want+=("${erp_pkgs[@]}") ;;
    all) want+=("${build_pkgs[@]}" "${test_pkgs[@]}" "${bench_pkgs[@]}" "${fuzz_pkgs[@]}"
           "${erp_pkgs[@]}") ;;
    *) echo "install-deps: unknown group '$group' (build, test, bench, fuzz, erp, all)" >&2; exit 2 ;;
  esac
done

missing=()
for pkg in $(printf '%s\n' "${want[@]}" | sort -u); do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: these Debian packages are missing: ${missing[*]}" >&2
  echo "install-deps: run as root (sudo make ...) or install them with:" >&2
  echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
  # A fresh machine may have stale or empty package lists.
  apt-get update
  apt-get install -y --no-install-recommends "${missing[@]}"
fi
