#!/usr/bin/env bash
# `make bench`: the settlement benchmark (issue 2), then the API-sync benchmark (issue 3). Runs
# after the release build.
#
# On a generated 1,000,000-row settlement it measures, side by side: `wc -l` (the floor: reading
# the bytes once), `fbaflow settlement journal FILE --format json -o /dev/null`, and the same
# aggregation in pandas (bench/settlement_pandas.py); then fbaflow's peak memory on a 5,000,000-row
# file, to show memory does not grow with the file. Targets: fbaflow at most 3x `wc -l`, at least
# 20x faster than pandas, peak memory under 64 MB. How the numbers are taken: bench/README.md.
# Exit status: 0 when every target passes, 1 when one fails or a tool is missing.
#
# The API-sync benchmark (build/release/bench/fbaflow-bench-apisync) pulls orders and FBA inventory
# from the time-scaled emulator with fbaflow's connector and with a naive client, and prints the
# achieved request rate as a fraction of the rate limit's maximum and the 429s provoked. Targets:
# at least 0.95, no 429 beyond the first probe.
#
# The orders benchmark (build/release/bench/fbaflow-bench-orders) times mapping + routing alone,
# the orders flow end to end with an instant Amazon and an instant ERP on SQLite and on a
# throwaway PostgreSQL cluster (tests/postgres/server.sh), the emulator-through-connector pull,
# and the flow against a fresh real Tryton (scripts/tryton.sh): targets >= 1,000,000 orders/s
# alone, >= 5,000 orders/s end to end, < 5 % of the wall time inside fbaflow against Tryton.
# PostgreSQL or Tryton missing: their rows say so and are skipped, not failed.
#
# Settings (environment): BENCH_ROWS (1000000), BENCH_BIG_ROWS (5000000; 0 skips the large file),
# BENCH_MARKETPLACE (US), BENCH_SEED (42), BENCH_REPS (5), BENCH_PANDAS_REPS (3),
# FBAFLOW (the fbaflow binary, default build/release/cli/fbaflow); BENCH_APISYNC=0 skips the
# API-sync benchmark, BENCH_APISYNC_ARGS passes options to it (e.g. "--orders 5000");
# BENCH_ORDERS=0 skips the orders benchmark, BENCH_ORDERS_ARGS passes options to it (e.g.
# "--orders 40000"), BENCH_TRYTON=0 leaves Tryton out of it.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=build/release
gen="$bin/sim/fbaflow-gen"
fbaflow="${FBAFLOW:-$bin/cli/fbaflow}"
python=/usr/bin/python3
rows="${BENCH_ROWS:-1000000}"
big_rows="${BENCH_BIG_ROWS:-5000000}"
marketplace="${BENCH_MARKETPLACE:-US}"
seed="${BENCH_SEED:-42}"
reps="${BENCH_REPS:-5}"
pandas_reps="${BENCH_PANDAS_REPS:-3}"
out=build/bench
max_rss_kb=$((64 * 1024))

mkdir -p "$out"
scratch=$(mktemp -d)
# Servers the orders benchmark starts are stopped however the run ends.
# shellcheck disable=SC2317 # run by the trap
cleanup() {
  [[ -d "$scratch/tryton" ]] && scripts/tryton.sh down --dir "$scratch/tryton" >/dev/null 2>&1
  [[ -d "$scratch/postgres" ]] && tests/postgres/server.sh stop "$scratch/postgres" >/dev/null 2>&1
  rm -rf "$scratch"
}
trap cleanup EXIT

[[ -x "$gen" ]] || { echo "bench: $gen is missing: run 'make build' first" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time is missing (Debian package 'time')" >&2; exit 1; }

# ---- helpers --------------------------------------------------------------------------------

# A settlement file for (rows, marketplace, seed), generated once and reused while the generator
# binary is not newer than it. Prints its path; leaves a line about it in $scratch/note.
settlement_file() {
  local n=$1 file="$out/settlement-$marketplace-$1-seed$seed.tsv"
  if [[ ! -s "$file" || "$gen" -nt "$file" ]]; then
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -f '%U %S' -o "$scratch/gentime" \
      "$gen" settlement --rows "$n" --marketplace "$marketplace" --seed "$seed" -o "$file" -q
    t1=$(date +%s%N)
    local cpu
    cpu=$(awk '{print $1 + $2}' "$scratch/gentime")
    printf 'generated with fbaflow-gen in %s s wall, %s s cpu (%s rows/s of cpu)\n' \
      "$(calc "%.2f" "($t1 - $t0) / 1e9")" "$cpu" \
      "$(group "$(calc "%d" "$n / ($cpu > 0 ? $cpu : 0.01)")")" >"$scratch/note"
  else
    echo "reused (delete it to regenerate)" >"$scratch/note"
  fi
  echo "$file"
}

group() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
# calc FORMAT EXPRESSION: floating-point arithmetic (awk is always there, bc may not be).
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# measure REPS CMD...: runs CMD REPS times (output discarded); prints "median_ms cpu_ms max_rss_kb"
# where median_ms is the median wall time, cpu_ms the user+system time of that same run. Fails
# when CMD exits with a status above 1 (1 is fbaflow's "finished, something held").
measure() {
  local n=$1
  shift
  local i t0 t1 line status
  : >"$scratch/runs"
  for ((i = 0; i < n; i++)); do
    t0=$(date +%s%N)
    status=0
    /usr/bin/time -f '%U %S %M' -o "$scratch/time" "$@" >/dev/null 2>"$scratch/stderr" || status=$?
    t1=$(date +%s%N)
    if ((status > 1)); then
      echo "bench: '$*' failed with exit status $status:" >&2
      head -5 "$scratch/stderr" >&2
      return 1
    fi
    line=$(tail -1 "$scratch/time")
    # wall_ms cpu_ms rss_kb
    echo "$(((t1 - t0) / 1000000)) $(echo "$line" | awk '{printf "%d %d", ($1 + $2) * 1000, $3}')" \
      >>"$scratch/runs"
  done
  sort -n "$scratch/runs" | awk '{w[NR]=$1; c[NR]=$2; if ($3 > m) m = $3}
    END {k = int((NR + 1) / 2); print w[k], c[k], m}'
}

verdict() { if (($1)); then echo PASS; else echo FAIL; fi; }
mb() { calc "%.1f" "$1 / 1024"; }

# ---- the run --------------------------------------------------------------------------------

echo "== fbaflow settlement benchmark"
echo "machine: $(nproc) CPU(s), load average $(cut -d' ' -f1-3 /proc/loadavg)"
file=$(settlement_file "$rows")
size=$(stat -c %s "$file")
lines=$(wc -l <"$file")
echo "file: $file: $(group "$rows") detail rows ($(group "$lines") lines), $(calc "%.1f" "$size / 1e6") MB"
echo "      $(cat "$scratch/note")"
cat "$file" >/dev/null # warm the page cache: every tool reads from memory

failed=0
read -r wc_ms wc_cpu wc_kb < <(measure "$reps" wc -l "$file")

fbaflow_ok=1
if [[ -x "$fbaflow" ]]; then
  if ! read -r fb_ms fb_cpu fb_kb < <(measure "$reps" "$fbaflow" settlement journal "$file" \
    --format json -o /dev/null); then
    fbaflow_ok=0
  fi
else
  echo "bench: $fbaflow is missing" >&2
  fbaflow_ok=0
fi

pandas_ok=1
if ! read -r pd_ms pd_cpu pd_kb < <(measure "$pandas_reps" "$python" bench/settlement_pandas.py "$file"); then
  pandas_ok=0
fi
pandas_detail=$("$python" bench/settlement_pandas.py "$file" 2>/dev/null || true)

echo
printf '%-44s %12s %12s %12s\n' "" "wall (median)" "cpu" "peak RSS"
printf '%-44s %10s ms %9s ms %9s MB\n' "wc -l (the floor), $reps runs" "$wc_ms" "$wc_cpu" "$(mb "$wc_kb")"
if ((fbaflow_ok)); then
  printf '%-44s %10s ms %9s ms %9s MB\n' "fbaflow settlement journal, $reps runs" "$fb_ms" "$fb_cpu" "$(mb "$fb_kb")"
else
  printf '%-44s %12s\n' "fbaflow settlement journal" "not available"
fi
if ((pandas_ok)); then
  printf '%-44s %10s ms %9s ms %9s MB\n' "pandas read_csv + groupby, $pandas_reps runs" "$pd_ms" "$pd_cpu" "$(mb "$pd_kb")"
  echo "  pandas: $pandas_detail"
else
  printf '%-44s %12s\n' "pandas read_csv + groupby" "not available"
fi

echo
echo "== targets (wall-clock medians; cpu-time ratios in brackets)"
if ((fbaflow_ok)); then
  ratio_wc=$(calc "%.2f" "$fb_ms / ($wc_ms > 0 ? $wc_ms : 1)")
  ratio_wc_cpu=$(calc "%.2f" "$fb_cpu / ($wc_cpu > 0 ? $wc_cpu : 1)")
  pass=$((fb_ms <= 3 * wc_ms))
  printf '%-44s %8sx  [%sx]  %s\n' "fbaflow <= 3x wc -l" "$ratio_wc" "$ratio_wc_cpu" "$(verdict "$pass")"
  ((pass)) || failed=1
  if ((pandas_ok)); then
    speedup=$(calc "%.1f" "$pd_ms / ($fb_ms > 0 ? $fb_ms : 1)")
    speedup_cpu=$(calc "%.1f" "$pd_cpu / ($fb_cpu > 0 ? $fb_cpu : 1)")
    pass=$((pd_ms >= 20 * fb_ms))
    printf '%-44s %8sx  [%sx]  %s\n' "fbaflow >= 20x faster than pandas" "$speedup" "$speedup_cpu" "$(verdict "$pass")"
    ((pass)) || failed=1
  else
    failed=1
  fi
  pass=$((fb_kb < max_rss_kb))
  printf '%-44s %7s MB  %s\n' "fbaflow peak memory < 64 MB ($(group "$rows") rows)" "$(mb "$fb_kb")" "$(verdict "$pass")"
  ((pass)) || failed=1

  if ((big_rows > 0)); then
    big=$(settlement_file "$big_rows")
    cat "$big" >/dev/null
    if read -r big_ms big_cpu big_kb < <(measure 1 "$fbaflow" settlement journal "$big" \
      --format json -o /dev/null); then
      pass=$((big_kb < max_rss_kb))
      printf '%-44s %7s MB  %s  (%s MB file, %s ms; file %s)\n' \
        "fbaflow peak memory < 64 MB ($(group "$big_rows") rows)" "$(mb "$big_kb")" \
        "$(verdict "$pass")" "$(calc "%d" "$(stat -c %s "$big") / 1e6")" "$big_ms" \
        "$(cat "$scratch/note")"
      ((pass)) || failed=1
    else
      failed=1
    fi
  fi
else
  echo "fbaflow not measured: every fbaflow target FAILS"
  failed=1
fi
((pandas_ok)) || echo "pandas not measured (is python3-pandas installed for /usr/bin/python3?)"

# ---- the API-sync benchmark -------------------------------------------------------------------
if [[ "${BENCH_APISYNC:-1}" != 0 ]]; then
  echo
  apisync="$bin/bench/fbaflow-bench-apisync"
  if [[ -x "$apisync" ]]; then
    # shellcheck disable=SC2086 # BENCH_APISYNC_ARGS is a list of options
    "$apisync" ${BENCH_APISYNC_ARGS:-} || failed=1
  else
    echo "bench: $apisync is missing: run 'make build' first" >&2
    failed=1
  fi
fi

# ---- the orders benchmark ---------------------------------------------------------------------
if [[ "${BENCH_ORDERS:-1}" != 0 ]]; then
  echo
  orders_bench="$bin/bench/fbaflow-bench-orders"
  if [[ -x "$orders_bench" ]]; then
    orders_args=()
    # A throwaway PostgreSQL 15 cluster on a unix socket; without PostgreSQL the script says so
    # and writes no URL.
    pg_dir="$scratch/postgres"
    tests/postgres/server.sh start "$pg_dir" >"$scratch/postgres.log" 2>&1 || true
    if [[ -s "$pg_dir/url" ]]; then
      orders_args+=(--postgres "$(cat "$pg_dir/url")")
    else
      orders_args+=(--postgres-skip "no PostgreSQL 15 cluster: $(tail -1 "$scratch/postgres.log")")
    fi
    # A fresh Tryton in a scratch folder, from the template scripts/tryton.sh caches.
    tryton_dir="$scratch/tryton"
    if [[ "${BENCH_TRYTON:-1}" == 0 ]]; then
      orders_args+=(--tryton-skip "BENCH_TRYTON=0")
    elif ! command -v trytond >/dev/null; then
      orders_args+=(--tryton-skip "trytond is not installed (scripts/install-deps.sh test)")
    else
      port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
      if scripts/tryton.sh up --dir "$tryton_dir" --port "$port" --seed 7 --marketplace UK \
        --skus 40 --sim "$bin/sim/amazon/fbaflow-sim" >"$scratch/tryton.log" 2>&1; then
        orders_args+=(--tryton-url "$(sed -n 's/^url: //p' "$scratch/tryton.log")"
          --tryton-database "$(sed -n 's/^database: //p' "$scratch/tryton.log")"
          --tryton-user "$(sed -n 's/^user: //p' "$scratch/tryton.log")"
          --tryton-password "$(sed -n 's/^password: //p' "$scratch/tryton.log")"
          --tryton-orders "${BENCH_TRYTON_ORDERS:-200}")
      else
        orders_args+=(--tryton-skip "scripts/tryton.sh up failed: $(tail -1 "$scratch/tryton.log")")
      fi
    fi
    # shellcheck disable=SC2086 # BENCH_ORDERS_ARGS is a list of options
    "$orders_bench" "${orders_args[@]}" ${BENCH_ORDERS_ARGS:-} || failed=1
  else
    echo "bench: $orders_bench is missing: run 'make build' first" >&2
    failed=1
  fi
fi
exit "$failed"
