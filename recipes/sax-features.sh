#!/usr/bin/env bash
# Analyses a saxophone take and plots it: the explorer's ten features as a
# latentwalk.features JSON file, their statistics, the pitch track, the
# onsets, and an SVG (plus a PNG when rsvg-convert is installed).
#
# Usage: recipes/sax-features.sh [TAKE.wav] [OUTDIR]
#   defaults: testdata/sax/mixed.wav, ./sax-features
# Tools from PATH, or from ${LW_BIN:-build/bin}.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
take=${1:-$here/testdata/sax/mixed.wav}
out=${2:-sax-features}
bin=${LW_BIN:-$here/build/bin}
if command -v lw-features >/dev/null; then lwf=lw-features; else lwf=$bin/lw-features; fi
mkdir -p "$out"
name=$(basename "${take%.*}")

"$lwf" extract "$take" -o "$out/$name.features.json" --quiet
"$lwf" extract "$take" -o "$out/$name.all.csv" --all --unit midi --quiet
"$lwf" stats "$out/$name.features.json" | tee "$out/$name.stats.txt"
"$lwf" pitch "$take" --unit midi --min-confidence 0.7 -o "$out/$name.pitch.csv"
"$lwf" onsets "$take" -o "$out/$name.onsets.txt"
echo "$(wc -l <"$out/$name.onsets.txt") onsets in $name"
"$lwf" plot "$take" -o "$out/$name.svg" --select ambitus,density,loudness,pitch,centroid,spread,skewness,kurtosis,rolloff,flatness,crest --unit midi \
  --title "$name: the explorer's ten features (+ pitch), FluCoMa defaults" --quiet
if command -v rsvg-convert >/dev/null; then
  rsvg-convert "$out/$name.svg" -o "$out/$name.png"
fi
ls "$out"
