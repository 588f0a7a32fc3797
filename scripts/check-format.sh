#!/usr/bin/env bash
# Fails when a tracked C++ file differs from .clang-format's layout (run `make format` to fix).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || { echo "check-format: clang-format not installed"; exit 1; }
files=$(git ls-files '*.h' '*.cc' 2>/dev/null || find core ports adapters engine cli server sim -name '*.h' -o -name '*.cc')
clang-format --dry-run --Werror $files
