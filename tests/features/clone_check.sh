#!/usr/bin/env bash
# clone_check.sh CLONED BASELINE TESTDATA OUTDIR: the two builds of
# clone_check (lib/features with AVX2/baseline function clones, and the
# baseline code alone) must print the same bytes for the saxophone takes.
set -euo pipefail
cloned=$1 baseline=$2 data=$3 out=$4
takes=("$data/sax/phrase.wav" "$data/sax/mixed.wav")
"$cloned" "${takes[@]}" >"$out/clones.csv"
"$baseline" "${takes[@]}" >"$out/baseline.csv"
lines=$(wc -l <"$out/clones.csv")
[ "$lines" -gt 1000 ] || { echo "only $lines lines of features" >&2; exit 1; }
cmp "$out/clones.csv" "$out/baseline.csv"
echo "$lines lines, identical"
