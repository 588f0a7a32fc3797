#!/usr/bin/env bash
# make fuzz: builds every libFuzzer target (the `fuzz` preset: clang, ASan, UBSan, coverage) and runs
# each for FUZZ_SECONDS (default 30) starting from its checked-in corpus in fuzz/corpus/<target>/.
# The seed is fixed (FUZZ_SEED, default 1) so that a run is a prefix of any longer run with the same
# seed: a campaign run here for longer than CI runs it has already covered what CI will try.
# New interesting inputs go to build/fuzz/corpus-new/<target>/ (emptied first, so every run starts
# from the checked-in corpus alone; never into the repository); a crash
# leaves its input in build/fuzz/crashes/ and fails the run: fix the bug, then copy the input into
# fuzz/corpus/<target>/ so the replay test (CTest <target>_corpus) keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target fuzz_all
mkdir -p build/fuzz/crashes
failed=()
for corpus in fuzz/corpus/*/; do
  target=$(basename "$corpus")
  binary="build/fuzz/$target"
  [[ -x "$binary" ]] || { echo "fuzz: no target built for corpus $corpus" >&2; exit 2; }
  fresh="build/fuzz/corpus-new/$target"
  rm -rf "$fresh"
  mkdir -p "$fresh"
  args=(-max_total_time="$seconds" -seed="${FUZZ_SEED:-1}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="build/fuzz/crashes/$target-")
  dict=$(find core adapters -name "$target.dict" | head -n 1)
  [[ -n "$dict" ]] && args+=(-dict="$dict")
  echo "fuzz: $target for ${seconds}s"
  if ! "$binary" "${args[@]}" "$fresh" "$corpus" >"build/fuzz/$target.log" 2>&1; then
    failed+=("$target")
    tail -n 40 "build/fuzz/$target.log" >&2
  else
    grep -E '^stat::(number_of_executed_units|new_units_added)' "build/fuzz/$target.log" | sed "s/^/  $target /" || true
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: ${#failed[@]} target(s) found a crash: ${failed[*]} (inputs in build/fuzz/crashes/)" >&2
  exit 1
fi
echo "fuzz: every target ran ${seconds}s without a crash"
echo "fuzz: $(ls -d fuzz/corpus/*/ | wc -l) passed, 0 failed"
