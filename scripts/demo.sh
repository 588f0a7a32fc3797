#!/usr/bin/env bash
# `make demo`: fbaflow's main job on its embedded defaults, on one machine.
#  1. A generated 20,000-row Amazon.co.uk settlement that crosses a month end, turned into journals
#     with the built-in rules (the file path a finance team would take).
#  2. The same job the way it runs in production: fbaflow's Amazon emulator (fbaflow-sim) plays
#     Amazon; fbaflow logs in, reads orders and FBA stock, then fetches every settlement report
#     Amazon published, archives it and turns it into journals, and says what finance must look at.
#  3. Into a real ERP (Tryton): orders routed by fulfilment channel, SKUs mapped, what cannot move
#     kept as exceptions, the settlement journal posted into the books; then read back from Tryton.
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

echo
echo "== 3. Orders into a real ERP: Tryton (Debian's tryton-server), prepared for this seller"
erp_dir="$out/erp"
erp_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
scripts/tryton.sh up --dir "$erp_dir" --port "$erp_port" --seed 7 --marketplace UK --skus 40 \
  >"$out/erp.txt"
trap 'kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true;
      scripts/tryton.sh down --dir "$erp_dir" >/dev/null 2>&1 || true' EXIT
erp_field() { sed -n "s/^$1: //p" "$out/erp.txt"; }
FBAFLOW_ERP_URL=$(erp_field url) FBAFLOW_ERP_DATABASE=$(erp_field database)
FBAFLOW_ERP_USER=$(erp_field user) FBAFLOW_ERP_PASSWORD=$(erp_field password)
export FBAFLOW_ERP_URL FBAFLOW_ERP_DATABASE FBAFLOW_ERP_USER FBAFLOW_ERP_PASSWORD
echo "   Tryton on $FBAFLOW_ERP_URL (web client: open it in a browser, database $FBAFLOW_ERP_DATABASE,"
echo "   user $FBAFLOW_ERP_USER, password $FBAFLOW_ERP_PASSWORD); stopped when the demo ends"
seller=$(sed -n 's/^seller \([^ ]*\) refresh token: .*/\1/p' "$sim_log" | head -1)
fb() { "$bin/cli/fbaflow" "$@" --data-dir "$out/fbaflow-data" --seller-id "$seller"; }

echo
echo "== fbaflow mappings import: the seller's SKU aliases (SKUs whose ERP item has another code)"
"$bin/sim/amazon/fbaflow-sim" catalogue --seed 7 --marketplace UK --skus 40 | /usr/bin/python3 -c '
import json, sys
print("seller_sku,item_code,marketplace")
for s in json.load(sys.stdin)["skus"]:
    if s["reach"] == "alias":
        print(s["seller_sku"] + "," + s["erp_item_code"] + ",UK")' >"$out/aliases.csv"
fb mappings import "$out/aliases.csv"

echo
echo "== fbaflow orders sync --once --since 1d"
orders_status=0
fb orders sync --once --since 1d --endpoint "http://127.0.0.1:$port" \
  --lwa-endpoint "http://127.0.0.1:$port/auth/o2/token" --marketplace UK --rate-scale 60 \
  || orders_status=$?
echo
echo "== fbaflow exceptions list   (what people must fix; every other order went through)"
fb exceptions list | cut -c1-150 | head -8 || true
echo
recent="$out/settlement-UK-2026-11.txt"
"$bin/sim/fbaflow-gen" settlement --rows 2000 --marketplace UK --seed 43 --start 2026-11-10 -q -o "$recent"
echo "== fbaflow settlement journal $recent --post   (a November settlement into Tryton's books;"
echo "   posted twice: the second run finds it and posts nothing)"
for _ in 1 2; do
  "$bin/cli/fbaflow" settlement journal "$recent" -o /dev/null -q --post \
    --data-dir "$out/fbaflow-data" || true
done
echo
echo "== What Tryton now holds (read back from Tryton over its JSON-RPC)"
/usr/bin/python3 scripts/tryton_summary.py "$FBAFLOW_ERP_URL" "$FBAFLOW_ERP_DATABASE" \
  "$FBAFLOW_ERP_USER" "$FBAFLOW_ERP_PASSWORD"
((orders_status > 1)) && status=$orders_status
exit "$status"
