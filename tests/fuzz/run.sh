#!/usr/bin/env bash
# Runs every fuzz target for a bounded time on its seed corpus (issue 14).
# Usage: run.sh BUILD_DIR [SECONDS_PER_TARGET=20] [TARGET...]
# New inputs libFuzzer finds go to a scratch copy, not into tests/; a crash
# leaves its input in BUILD_DIR/fuzz-crashes/ (add it to corpus/TARGET/ once
# fixed). Exit 1 when any target found something.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$1
secs=${2:-20}
shift $(( $# >= 2 ? 2 : $# ))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in "$here"/corpus/*/; do targets+=("$(basename "$d")"); done
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/lw-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$build/fuzz-crashes"
# Huge allocations asked for by an input are bad input (exit 2 in the tools), not a crash.
export ASAN_OPTIONS=allocator_may_return_null=1:detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
failed=0
for t in "${targets[@]}"; do
  bin="$build/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz: $bin missing"; failed=1; continue; }
  mkdir -p "$scratch/$t"
  cp "$here/corpus/$t"/* "$scratch/$t/" 2>/dev/null || true
  log="$scratch/$t.log"
  if TMPDIR="$scratch" "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -artifact_prefix="$build/fuzz-crashes/$t-" -print_final_stats=1 "$scratch/$t" >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    echo "fuzz: $t: ok, ${runs:-?} inputs in ${secs} s"
  else
    grep -E "lw-fuzz:|ERROR: |runtime error|SUMMARY" "$log" | head -8
    known=$(awk -v t="$t" '$1 == t { $1 = ""; print }' "$here/known-open.txt")
    if [ -n "$known" ]; then
      echo "fuzz: $t: known finding (issue$known), not counted; input in $build/fuzz-crashes/"
    else
      echo "fuzz: $t: FOUND A PROBLEM (input in $build/fuzz-crashes/)"
      failed=1
    fi
  fi
done
exit $failed
