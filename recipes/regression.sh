#!/usr/bin/env bash
# The regression loop on the recipes' own outputs, as CI runs it:
#   1. run the recipes into OUT (pipeline.mk: explorer, control path, drum MIDI
#      and WAV, the path rendered as a walk; sax-features.sh: features, stats,
#      pitch, onsets, plot of a take);
#   2. no references yet: OUT becomes the references (lw-features diff --update);
#   3. otherwise compare OUT with them (lw-features diff --dir): audio within
#      the tolerances, every other file byte for byte, missing or extra files
#      fail; a JUnit report and difference plots for the CI system to show;
#      exit 1 on a regression;
#   4. ACCEPT=1 takes intended changes: the references become OUT, and the
#      changed files are listed.
# Usage: recipes/regression.sh [REF] [OUT]   (defaults: out/regression-ref, out/regression;
#   keep REF where CI keeps files between runs, or commit it)
#   RUN=0 compares an OUT already there; ACCEPT=1 accepts it.
# The workflow does the same as its last rule: snakemake ... --config reference=REF
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ref=${1:-out/regression-ref}
out=${2:-out/regression}
bin=${LW_BIN:-$here/build/bin}
if command -v lw-features >/dev/null; then lwf=lw-features; else lwf=$bin/lw-features; fi

if [ "${RUN:-1}" != 0 ]; then
  rm -rf "$out/results"
  mkdir -p "$out/results"
  results=$(cd "$out/results" && pwd)
  (cd "$here" && make -s -f recipes/pipeline.mk OUT="$results/pipeline" BIN="$bin" -j2)
  LW_BIN=$bin bash "$here/recipes/sax-features.sh" "$here/testdata/sax/mixed.wav" "$out/results/sax" >/dev/null
fi

# Manifests name the tool version (a new commit changes them); PNGs are
# pictures of the SVGs, which are compared.
excl=(--exclude '*.manifest.json' --exclude '*.png')
if [ ! -d "$ref" ]; then
  "$lwf" diff --dir "$ref" "$out/results" --update
  echo "regression: first run, the references are now $ref"
elif [ "${ACCEPT:-0}" = 1 ]; then
  "$lwf" diff --dir "$ref" "$out/results" "${excl[@]}" --update
  echo "regression: accepted, $ref updated"
else
  status=0
  "$lwf" diff --dir "$ref" "$out/results" "${excl[@]}" --junit "$out/junit.xml" --report "$out/diffs" \
    >"$out/diff.txt" || status=$?
  grep -v '^ok ' "$out/diff.txt" || true
  if [ "$status" = 0 ]; then
    echo "regression: every output matches $ref (JUnit: $out/junit.xml)"
  else
    echo "regression: differences from $ref (exit $status); JUnit: $out/junit.xml, plots: $out/diffs/index.html;" \
      "ACCEPT=1 $0 $* takes them as the new references" >&2
    exit "$status"
  fi
fi
