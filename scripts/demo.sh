#!/usr/bin/env bash
# `make demo`: fbaflow's main job on its embedded defaults. Generates a realistic UK settlement that
# crosses a month end, then turns it into journals with the built-in rules, and shows the result.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release
out=build/demo
mkdir -p "$out"
file="$out/settlement-UK-20000.txt"

echo "== Generating a 20,000-row Amazon.co.uk settlement (14 days across a month end): $file"
"$bin/sim/fbaflow-gen" settlement --rows 20000 --marketplace UK --seed 42 --start 2024-11-22 -o "$file"

echo
echo "== fbaflow settlement inspect $file"
"$bin/cli/fbaflow" settlement inspect "$file" || true

echo "== fbaflow settlement journal $file --format text"
status=0
"$bin/cli/fbaflow" settlement journal "$file" --format text --audit "$out/audit.csv" || status=$?
"$bin/cli/fbaflow" settlement journal "$file" --format json -o "$out/journals.json" -q || true
"$bin/cli/fbaflow" settlement journal "$file" --format csv -o "$out/journals-xero.csv" -q || true
"$bin/cli/fbaflow" settlement journal "$file" --format hledger -o "$out/journals.hledger" -q || true

echo "== Written: $out/journals.json, $out/journals-xero.csv (Xero manual journal import),"
echo "   $out/journals.hledger, $out/audit.csv (every row -> its journal line)"
if command -v hledger >/dev/null 2>&1; then
  echo "== hledger's own check of the exported journal:"
  hledger -f "$out/journals.hledger" check && echo "   hledger check: ok"
fi
exit "$status"
