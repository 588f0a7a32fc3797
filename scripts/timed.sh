#!/usr/bin/env bash
# Runs a command and adds its wall time to a named phase, so `make test` can end with the build and
# test times side by side: `timed.sh PHASE CMD...` runs CMD; `timed.sh --report PHASE...` prints
# each phase's total and forgets them. Times are kept in build/.timings (one "phase seconds" a line).
set -euo pipefail
store="${FBAFLOW_TIMINGS:-build/.timings}"
mkdir -p "$(dirname "$store")"
if [[ "${1:-}" == "--report" ]]; then
  shift
  line="make test:"
  total=0
  for phase in "$@"; do
    secs=$(awk -v p="$phase" '$1 == p { s += $2 } END { printf "%d", s }' "$store" 2>/dev/null || echo 0)
    total=$((total + secs))
    line+=" $phase $((secs / 60))m$(printf %02d $((secs % 60)))s,"
  done
  echo "$line total $((total / 60))m$(printf %02d $((total % 60)))s"
  rm -f "$store"
  exit 0
fi
phase="$1"
shift
start=$(date +%s)
status=0
"$@" || status=$?
echo "$phase $(($(date +%s) - start))" >>"$store"
exit "$status"
