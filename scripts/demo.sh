#!/usr/bin/env bash
# `make demo`: fbaflow's main job on its embedded defaults, on one machine.
#  1. A generated 20,000-row Amazon.co.uk settlement that crosses a month end, turned into journals
#     with the built-in rules (the file path a finance team would take).
#  2. The same job the way it runs in production: fbaflow's Amazon emulator (fbaflow-sim) plays
#     Amazon; fbaflow logs in, reads orders and FBA stock, then fetches every settlement report
#     Amazon published, archives it and turns it into journals, and says what finance must look at.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/release
out=build/demo
rm -rf "$out"
mkdir -p "$out"
file="$out/settlement-UK-20000.txt"

echo "== 1. Generating a 20,000-row Amazon.co.uk settlement (14 days across a month end): $file"
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

echo
echo "== 2. Against Amazon's API, played by fbaflow's emulator (simulated time runs 60x faster)"
sim_log="$out/sim.log"
"$bin/sim/amazon/fbaflow-sim" amazon --port 0 --seed 7 --time-scale 60 --marketplace UK \
  --history-days 45 >"$sim_log" 2>&1 &
sim_pid=$!
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q '^port:' "$sim_log" && break
  kill -0 "$sim_pid" 2>/dev/null || { cat "$sim_log" >&2; exit 1; }
  sleep 0.1
done
field() { sed -n "s/^$1 *//p" "$sim_log" | head -1; }
port=$(field 'port:')
FBAFLOW_LWA_CLIENT_ID=$(field 'client id:')
FBAFLOW_LWA_CLIENT_SECRET=$(field 'client secret:')
FBAFLOW_LWA_REFRESH_TOKEN=$(sed -n 's/^seller .* refresh token: //p' "$sim_log" | head -1)
export FBAFLOW_LWA_CLIENT_ID FBAFLOW_LWA_CLIENT_SECRET FBAFLOW_LWA_REFRESH_TOKEN
echo "   emulator on http://127.0.0.1:$port (log: $sim_log); credentials passed in FBAFLOW_LWA_*"
amazon() {
  "$bin/cli/fbaflow" amazon --endpoint "http://127.0.0.1:$port" \
    --lwa-endpoint "http://127.0.0.1:$port/auth/o2/token" --marketplace UK --rate-scale 60 \
    --data-dir "$out/fbaflow-data" "$@"
}

echo
echo "== fbaflow amazon auth-check"
amazon auth-check
echo
echo "== fbaflow amazon orders --since 1d   (last lines)"
amazon orders --since 1d | tail -6
echo
echo "== fbaflow amazon inventory   (first lines)"
amazon inventory | head -6
echo
echo "== fbaflow amazon settlements fetch"
fetch_status=0
amazon settlements fetch || fetch_status=$?
echo
echo "== fbaflow amazon settlements fetch   (again: every report is processed once)"
amazon settlements fetch || true
echo
echo "== Published journals (one set per settlement report): $out/fbaflow-data/journals/"
ls "$out/fbaflow-data/journals/"
if command -v hledger >/dev/null 2>&1; then
  for j in "$out"/fbaflow-data/journals/*.hledger; do
    hledger -f "$j" check >/dev/null && echo "   hledger check $(basename "$j"): ok"
  done
fi
((fetch_status > status)) && status=$fetch_status
exit "$status"
